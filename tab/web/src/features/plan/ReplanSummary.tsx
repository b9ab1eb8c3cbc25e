/** What a re-plan moved: sites whose waves changed (by name) and waves whose date or size changed. */
import { MessageBar, MessageBarBody, MessageBarTitle, makeStyles } from '@fluentui/react-components';
import type { PlanChanges } from '../../../../../shared/domain/planning/plan-changes';
import type { PlanMoves } from '../../../../../shared/services/plan-moves';
import { count } from '../../format';

const useStyles = makeStyles({ list: { margin: '4px 0', paddingLeft: '20px' } });
const MAX = 20;

const waves = (ns: number[]) => (ns.length === 0 ? 'no wave' : `${ns.length === 1 ? 'wave' : 'waves'} ${ns.join(', ')}`);

const wave = (n: number | undefined) => (n === undefined ? 'no wave' : n === 0 ? 'the pilot' : `wave ${n}`);

/** `people`: who changed wave, from the plan job (a count and the first few), when the server said. */
export function ReplanSummary({ changes, people, siteName }: { changes: PlanChanges; people?: PlanMoves; siteName: (id: string) => string }) {
  const styles = useStyles();
  const nothing = changes.sites.length === 0 && changes.waves.length === 0 && !people?.count;
  return (
    <MessageBar intent={nothing ? 'info' : 'success'} layout="multiline" data-testid="replan-summary" aria-live="polite">
      <MessageBarBody>
        <MessageBarTitle>{nothing ? 'Re-planned: nothing moved' : 'Re-planned: what moved'}</MessageBarTitle>
        {changes.membersBefore !== changes.membersAfter && (
          <div>
            People in waves: {count(changes.membersBefore)} → {count(changes.membersAfter)}
          </div>
        )}
        {people && people.count > 0 && (
          <>
            <div data-testid="replan-people-count">
              {count(people.count)} {people.count === 1 ? 'person changes' : 'people change'} wave
            </div>
            <ul className={styles.list} aria-label="People whose wave changed" data-testid="replan-people">
              {people.first.map((p) => (
                <li key={p.personId} title={p.userPrincipalName}>
                  {p.displayName}
                  {p.siteId ? ` (${siteName(p.siteId)})` : ''}: {wave(p.from)} → {wave(p.to)}
                </li>
              ))}
              {people.count > people.first.length && <li>…and {count(people.count - people.first.length)} more</li>}
            </ul>
          </>
        )}
        {changes.sites.length > 0 && (
          <ul className={styles.list} aria-label="Sites whose wave changed" data-testid="replan-sites">
            {changes.sites.slice(0, MAX).map((s) => (
              <li key={s.siteId}>
                {siteName(s.siteId)}: {waves(s.before)} → {waves(s.after)}
              </li>
            ))}
            {changes.sites.length > MAX && <li>…and {count(changes.sites.length - MAX)} more sites</li>}
          </ul>
        )}
        {changes.waves.length > 0 && (
          <ul className={styles.list} aria-label="Waves that changed" data-testid="replan-waves">
            {changes.waves.slice(0, MAX).map((w) => (
              <li key={w.number}>
                Wave {w.number}: {w.before ? `${w.before.date}, ${count(w.before.members)} people` : 'new'} →{' '}
                {w.after ? `${w.after.date}, ${count(w.after.members)} people` : 'gone'}
              </li>
            ))}
          </ul>
        )}
      </MessageBarBody>
    </MessageBar>
  );
}
