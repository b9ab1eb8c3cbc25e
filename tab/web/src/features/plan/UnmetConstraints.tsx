import { useState } from 'react';
import { Accordion, AccordionHeader, AccordionItem, AccordionPanel, Badge, Button, makeStyles, Text, Title3, tokens } from '@fluentui/react-components';
import type { PlanSummaryView } from '../../api-types';
import { count } from '../../format';
import { groupConstraints } from '../../../../../shared/domain/planning/constraint-catalogue';

/** Constraints listed when a kind is opened; "Show all" lists the rest (a kind can have a hundred). */
const FIRST_SHOWN = 20;

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: '8px' },
  header: { display: 'flex', gap: '8px', alignItems: 'center' },
  fix: { color: tokens.colorNeutralForeground2 },
  list: { margin: 0, paddingLeft: '20px' },
});

type Unmet = PlanSummaryView['unmet'][number];

/**
 * The plan's unmet constraints by kind: one closed item per kind, named by its label with how many
 * there are, and opened to what to do and each constraint's own message. The code stays in the
 * header's tooltip (what the workbook's Blocked and readiness sheet and the JSON carry).
 */
export function UnmetConstraints({ unmet }: { unmet: readonly Unmet[] }) {
  const styles = useStyles();
  const groups = groupConstraints(unmet);
  return (
    <section className={styles.section} aria-labelledby="unmet-title">
      <Title3 as="h2" id="unmet-title">
        Constraints not met ({count(unmet.length)})
      </Title3>
      <Accordion collapsible multiple data-testid="unmet-kinds">
        {groups.map((g) => (
          <AccordionItem key={g.code} value={g.code} data-testid="unmet-kind" data-code={g.code}>
            <AccordionHeader>
              <span className={styles.header} title={g.code}>
                <span>{g.label}</span>
                <Badge appearance="tint" color="informative">
                  {count(g.items.length)}
                </Badge>
              </span>
            </AccordionHeader>
            <AccordionPanel>
              <KindDetail fix={g.fix} items={g.items} />
            </AccordionPanel>
          </AccordionItem>
        ))}
      </Accordion>
    </section>
  );
}

function KindDetail({ fix, items }: { fix: string; items: Unmet[] }) {
  const styles = useStyles();
  const [all, setAll] = useState(false);
  const shown = all ? items : items.slice(0, FIRST_SHOWN);
  return (
    <div className={styles.section}>
      <Text className={styles.fix} data-testid="unmet-fix">
        Fix: {fix}
      </Text>
      <ul className={styles.list}>
        {shown.map((u, i) => (
          <li key={i} data-testid="unmet-item">
            {u.message}
            {u.waveNumber !== undefined ? ` (wave ${u.waveNumber})` : ''}
          </li>
        ))}
      </ul>
      {shown.length < items.length && (
        <div>
          <Button appearance="subtle" size="small" onClick={() => setAll(true)} data-testid="unmet-show-all">
            Show all {count(items.length)}
          </Button>
        </div>
      )}
    </div>
  );
}
