import { useState } from 'react';
import { Accordion, AccordionHeader, AccordionItem, AccordionPanel, Badge, Button, makeStyles, Text, Title3, tokens } from '@fluentui/react-components';
import type { ApiClient } from '../../api-client';
import type { PlanSummaryView } from '../../api-types';
import { ErrorBar } from '../../components/Feedback';
import { count } from '../../format';
import { constraintKinds } from '../../../../../shared/domain/planning/constraint-catalogue';

/** Constraints read per "Show more": a kind can have hundreds, and the summary lists the first few. */
const PAGE = 100;

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: '8px' },
  header: { display: 'flex', gap: '8px', alignItems: 'center' },
  fix: { color: tokens.colorNeutralForeground2 },
  list: { margin: 0, paddingLeft: '20px' },
});

type Unmet = PlanSummaryView['unmet'][number];

/**
 * The plan's unmet constraints by kind: one closed item per kind, named by its label with how many
 * there are, and opened to what to do and each constraint's own message. The summary counts every kind
 * and lists its first few; the rest are read a page at a time (`GET /api/plan/unmet?code=`). The code
 * stays in the header's tooltip (what the workbook's Blocked and readiness sheet and the JSON carry).
 */
export function UnmetConstraints({ api, summary }: { api: ApiClient; summary: Pick<PlanSummaryView, 'unmet' | 'unmetByCode' | 'totals'> }) {
  const styles = useStyles();
  const kinds = constraintKinds(summary.unmetByCode, summary.unmet);
  return (
    <section className={styles.section} aria-labelledby="unmet-title">
      <Title3 as="h2" id="unmet-title">
        Constraints not met ({count(summary.totals.unmet)})
      </Title3>
      <Accordion collapsible multiple data-testid="unmet-kinds">
        {kinds.map((k) => (
          <AccordionItem key={k.code} value={k.code} data-testid="unmet-kind" data-code={k.code}>
            <AccordionHeader>
              <span className={styles.header} title={k.code}>
                <span>{k.label}</span>
                <Badge appearance="tint" color="informative">
                  {count(k.count)}
                </Badge>
              </span>
            </AccordionHeader>
            <AccordionPanel>
              <KindDetail api={api} code={k.code} fix={k.fix} total={k.count} listed={k.items} />
            </AccordionPanel>
          </AccordionItem>
        ))}
      </Accordion>
    </section>
  );
}

function KindDetail({ api, code, fix, total, listed }: { api: ApiClient; code: string; fix: string; total: number; listed: Unmet[] }) {
  const styles = useStyles();
  const [items, setItems] = useState<Unmet[]>(listed);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>();
  const showMore = async () => {
    setLoading(true);
    setError(undefined);
    try {
      // From where the list ends: the pages hold the kind's constraints in the plan's order, as the summary does.
      const page = await api.planUnmet(code, items.length, PAGE);
      setItems((shown) => [...shown, ...page.items]);
    } catch (err) {
      setError(err);
    } finally {
      setLoading(false);
    }
  };
  const next = Math.min(PAGE, total - items.length);
  return (
    <div className={styles.section}>
      <Text className={styles.fix} data-testid="unmet-fix">
        Fix: {fix}
      </Text>
      <ul className={styles.list}>
        {items.map((u, i) => (
          <li key={i} data-testid="unmet-item">
            {u.message}
            {u.waveNumber !== undefined ? ` (wave ${u.waveNumber})` : ''}
          </li>
        ))}
      </ul>
      {error !== undefined && <ErrorBar error={error} onRetry={showMore} />}
      {next > 0 && (
        <div>
          <Button appearance="subtle" size="small" disabled={loading} onClick={showMore} data-testid="unmet-show-more">
            Show {count(next)} more ({count(items.length)} of {count(total)} shown)
          </Button>
        </div>
      )}
    </div>
  );
}
