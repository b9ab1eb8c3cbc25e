/**
 * The common-area phones a wave moves to Teams, in its Plan panel (`GET /api/plan/waves/:n/common-area-phones`,
 * a page at a time): each phone with its number, the account the cutover runbook makes for it and where it
 * stands in Teams as the last sync found it. Nothing shows for a wave that moves none, or while the status
 * predates the phones being tracked.
 */
import { useState } from 'react';
import { Text, makeStyles } from '@fluentui/react-components';
import type { ApiClient } from '../../api-client';
import type { WaveCommonAreaPhonesPage } from '../../api-types';
import { ErrorBar } from '../../components/Feedback';
import { PageBar } from '../../components/PageBar';
import { count } from '../../format';
import { useAsync } from '../../hooks/use-async';
import { commonAreaPhoneText } from '../../../../../shared/domain/migration-group-labels';

const PHONES_PAGE = 20;

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: '4px' },
  list: { margin: 0, paddingInlineStart: '20px' },
});

export function WaveCommonAreaPhones({ api, wave }: { api: ApiClient; wave: number }) {
  const styles = useStyles();
  const [offset, setOffset] = useState(0);
  const state = useAsync<WaveCommonAreaPhonesPage>(() => api.waveCommonAreaPhones(wave, offset, PHONES_PAGE), [api, wave, offset]);
  if (state.error) return <ErrorBar error={state.error} onRetry={state.reload} />;
  const page = state.data;
  // Most waves move no common-area phone.
  if (!page || page.total === 0) return null;
  return (
    <div className={styles.section} data-testid="wave-common-area-phones">
      <Text weight="semibold">Common-area phones moving ({count(page.total)}): each signs in to an account of its own (Microsoft Teams Shared Devices)</Text>
      <ul className={styles.list}>
        {page.items.map((p) => (
          <li key={p.lineId} data-testid="wave-common-area-phone" data-line={p.lineId} data-state={p.state} {...(p.overdue && { 'data-overdue': 'true' })}>
            {commonAreaPhoneText(p)}
          </li>
        ))}
      </ul>
      {page.total > PHONES_PAGE && <PageBar offset={offset} shown={page.items.length} total={page.total} pageSize={PHONES_PAGE} empty="" onOffset={setOffset} />}
    </div>
  );
}
