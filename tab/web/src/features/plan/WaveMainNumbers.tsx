/**
 * The main numbers a wave moves to Teams auto attendants, in its Plan panel (`GET /api/plan/waves/:n/main-numbers`,
 * a page at a time): each site's number with where it stands in Teams as the last sync found it, and how
 * its auto attendant will answer (the account, language and time zone, business hours and public holidays
 * the cutover runbook gives it, from the site's settings now: the site panel edits them). Nothing shows
 * for a wave that moves none, or while the status predates main numbers being tracked (as before).
 */
import { useState } from 'react';
import { Text, makeStyles, tokens } from '@fluentui/react-components';
import type { ApiClient } from '../../api-client';
import type { WaveMainNumbersPage } from '../../api-types';
import { ErrorBar } from '../../components/Feedback';
import { PageBar } from '../../components/PageBar';
import { count } from '../../format';
import { useAsync } from '../../hooks/use-async';
import { answeringText, mainNumberText } from '../../../../../shared/domain/migration-group-labels';

const MAIN_NUMBERS_PAGE = 20;

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: '4px' },
  list: { margin: 0, paddingInlineStart: '20px' },
  muted: { color: tokens.colorNeutralForeground3, display: 'block' },
});

export function WaveMainNumbers({ api, wave, siteName }: { api: ApiClient; wave: number; siteName: (id: string) => string }) {
  const styles = useStyles();
  const [offset, setOffset] = useState(0);
  const state = useAsync<WaveMainNumbersPage>(() => api.waveMainNumbers(wave, offset, MAIN_NUMBERS_PAGE), [api, wave, offset]);
  if (state.error) return <ErrorBar error={state.error} onRetry={state.reload} />;
  const page = state.data;
  // The groups above show the panel is loading; most waves move no main number.
  if (!page || page.total === 0) return null;
  return (
    <div className={styles.section} data-testid="wave-main-numbers">
      <Text weight="semibold">Main numbers moving ({count(page.total)}): answered by auto attendants in Teams after the night</Text>
      <ul className={styles.list}>
        {page.items.map((m) => (
          <li key={m.number} data-testid="wave-main-number" data-number={m.number} data-state={m.state} {...(m.overdue && { 'data-overdue': 'true' })}>
            <span data-testid="wave-main-number-text">{mainNumberText(siteName(m.siteId), m)}</span>
            {m.answering && (
              <Text size={200} className={styles.muted} data-testid="wave-main-number-answering">
                {answeringText(m.answering)}
              </Text>
            )}
          </li>
        ))}
      </ul>
      {page.total > MAIN_NUMBERS_PAGE && (
        <PageBar offset={offset} shown={page.items.length} total={page.total} pageSize={MAIN_NUMBERS_PAGE} empty="" onOffset={setOffset} />
      )}
    </div>
  );
}
