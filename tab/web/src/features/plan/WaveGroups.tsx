/**
 * The PBX groups a wave moves, in its Plan panel (`GET /api/plan/waves/:n/groups`, a page at a time):
 * each group with its members and sites, what it becomes in Teams (the cmdlets on hover, as the
 * workbook's Groups sheet gives them), and, for a group the plan had to split, where its other members
 * go; where each moving pilot number stands in Teams as the last sync found it; and, for a group that
 * becomes a call queue, what its queue takes from how the PBX hunted (routing, agent order, ring time)
 * and the resource account it answers on (QueueAccount.tsx). Nothing shows for
 * a wave that moves no group; a plan stored before groups were kept says to re-plan.
 */
import { useState } from 'react';
import { Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { SidewaysScroll } from '../../components/SidewaysScroll';
import type { ApiClient } from '../../api-client';
import type { WaveGroupsPage } from '../../api-types';
import { ErrorBar } from '../../components/Feedback';
import { PageBar } from '../../components/PageBar';
import { count } from '../../format';
import { useAsync } from '../../hooks/use-async';
import { becomesCallQueue, byGroupKind, groupKindLabel, pilotNumbersText, GROUP_BECOMES, GROUP_TEAMS_SET_UP } from '../../../../../shared/domain/migration-group-labels';
import { queueHuntingNotes, queueHuntingSummary } from '../../../../../shared/domain/hunt-methods';
import { QueueAccount } from './QueueAccount';

const GROUPS_PAGE = 20;

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: '8px' },
  muted: { color: tokens.colorNeutralForeground3 },
});

export function WaveGroups({
  api,
  wave,
  siteName,
  onSettingsSaved,
}: {
  api: ApiClient;
  wave: number;
  siteName: (id: string) => string;
  /** A queue's account was saved: the settings changed, so the plan is stale. */
  onSettingsSaved: () => void;
}) {
  const styles = useStyles();
  const [offset, setOffset] = useState(0);
  const state = useAsync<WaveGroupsPage>(() => api.waveGroups(wave, offset, GROUPS_PAGE), [api, wave, offset]);
  if (state.error) return <ErrorBar error={state.error} onRetry={state.reload} />;
  const page = state.data;
  if (!page) return <Spinner size="tiny" label="Loading PBX groups…" />;
  if (!page.stored) return <Text data-testid="wave-groups-outdated">Make the plan again to list the PBX groups this wave moves.</Text>;
  if (page.total === 0) return null;
  return (
    <div className={styles.section} data-testid="wave-groups">
      <Text weight="semibold">
        PBX groups moving ({count(page.total)}): rebuild them in Teams on the night
      </Text>
      <SidewaysScroll minWidth={640}>
        <Table size="extra-small" aria-label={`PBX groups of wave ${wave}`}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Group</TableHeaderCell>
              <TableHeaderCell>Members</TableHeaderCell>
              <TableHeaderCell>Sites</TableHeaderCell>
              <TableHeaderCell>In Teams</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {page.items.map((g) => (
              <TableRow key={g.id} data-testid="wave-group" data-group={g.id}>
                <TableCell>
                  {g.name}
                  <br />
                  <Text size={200} className={styles.muted}>
                    {groupKindLabel(g.kind)}
                    {g.pilotNumbers?.length ? (
                      <span data-testid="wave-group-pilot" data-states={(g.pilots ?? []).map((p) => p.state).join(' ')}>
                        , pilot {pilotNumbersText(g.pilotNumbers, g.pilots)}
                      </span>
                    ) : null}
                  </Text>
                </TableCell>
                <TableCell title={g.upns.join('\n')}>
                  {count(g.members)}
                  {g.elsewhere.length > 0 && (
                    <Text size={200} className={styles.muted} data-testid="wave-group-split">
                      {' '}
                      (split: {g.elsewhere.map((e) => `${count(e.members)} in wave ${e.wave}`).join(', ')})
                    </Text>
                  )}
                </TableCell>
                <TableCell>{g.siteIds.map(siteName).join(', ') || '–'}</TableCell>
                <TableCell>
                  <span title={byGroupKind(GROUP_TEAMS_SET_UP, g.kind)} data-testid="wave-group-becomes">
                    {byGroupKind(GROUP_BECOMES, g.kind) || '–'}
                  </span>
                  {g.hunting && (
                    <Text block size={200} className={styles.muted} title={queueHuntingNotes(g.hunting).join('\n')} data-testid="wave-group-hunting">
                      {queueHuntingSummary(g.hunting)}
                    </Text>
                  )}
                  {becomesCallQueue(g.kind) && (
                    <QueueAccount
                      api={api}
                      groupId={g.id}
                      groupName={g.name}
                      entry={g.queueAccount}
                      onChanged={() => {
                        state.reload();
                        onSettingsSaved();
                      }}
                    />
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </SidewaysScroll>
      {page.total > GROUPS_PAGE && <PageBar offset={offset} shown={page.items.length} total={page.total} pageSize={GROUPS_PAGE} empty="" onOffset={setOffset} />}
    </div>
  );
}
