/** What a re-plan moved: sites whose waves changed (by name) and waves whose date or size changed. */
import { MessageBar, MessageBarBody, MessageBarTitle, makeStyles } from '@fluentui/react-components';
import type { PlanChanges } from '../../../../../shared/domain/planning/plan-changes';
import { count } from '../../format';

const useStyles = makeStyles({ list: { margin: '4px 0', paddingLeft: '20px' } });
const MAX = 20;

const waves = (ns: number[]) => (ns.length === 0 ? 'no wave' : `${ns.length === 1 ? 'wave' : 'waves'} ${ns.join(', ')}`);

export function ReplanSummary({ changes, siteName }: { changes: PlanChanges; siteName: (id: string) => string }) {
  const styles = useStyles();
  const nothing = changes.sites.length === 0 && changes.waves.length === 0;
  return (
    <MessageBar intent={nothing ? 'info' : 'success'} layout="multiline" data-testid="replan-summary" aria-live="polite">
      <MessageBarBody>
        <MessageBarTitle>{nothing ? 'Re-planned: nothing moved' : 'Re-planned: what moved'}</MessageBarTitle>
        {changes.membersBefore !== changes.membersAfter && (
          <div>
            People in waves: {count(changes.membersBefore)} → {count(changes.membersAfter)}
          </div>
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
