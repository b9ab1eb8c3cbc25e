/**
 * Licences to buy, above the Blockers grid: for each kind of licence the blocked people (of the plan, or
 * of the wave chosen) need, how many, the seats the tenant's subscriptions have free and where, and how
 * many to buy and before which wave (licence-seats.ts, worked out by the server). Each kind's count filters the grid to its
 * gate. Nothing shows when nobody is blocked for a licence.
 */
import { Link, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { LicenceNeed } from '../../../../../shared/domain/decisions/licence-seats';
import { gateNeedingSeat, SEAT_KIND_LABELS, TURNED_OFF_GATE } from '../../../../../shared/domain/decisions/licence-seats';
import { count } from '../../format';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: '4px', maxWidth: '960px' },
  muted: { color: tokens.colorNeutralForeground3 },
});

export function LicenceNeeds({ needs, onGate }: { needs: readonly LicenceNeed[]; onGate: (gate: string) => void }) {
  const styles = useStyles();
  if (!needs.length) return null;
  const gateLink = (gate: string, n: number, testId: string) => (
    <Link as="button" onClick={() => onGate(gate)} data-testid={testId}>
      {count(n)}
    </Link>
  );
  return (
    <section className={styles.section} aria-labelledby="licence-needs-title" data-testid="licence-needs">
      <Text weight="semibold" id="licence-needs-title">
        Licences the blocked people need
      </Text>
      <Table size="extra-small" aria-labelledby="licence-needs-title">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Licence</TableHeaderCell>
            <TableHeaderCell>People blocked</TableHeaderCell>
            <TableHeaderCell>Seats free</TableHeaderCell>
            <TableHeaderCell>To buy</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {needs.map((need) => (
            <TableRow key={need.kind} data-testid="licence-need" data-kind={need.kind}>
              <TableCell>{SEAT_KIND_LABELS[need.kind]}</TableCell>
              <TableCell>
                {need.needed > 0 && gateLink(gateNeedingSeat(need.kind), need.needed, 'licence-need-people')}
                {need.turnedOff ? (
                  <Text size={200} className={styles.muted}>
                    {need.needed > 0 ? ' + ' : ''}
                    {gateLink(TURNED_OFF_GATE, need.turnedOff, 'licence-need-turned-off')} with it turned off (turn it on: no seat needed)
                  </Text>
                ) : null}
              </TableCell>
              <TableCell data-testid="licence-need-free" title={need.skus.map((s) => `${s.skuPartNumber}: ${count(s.free)} free${s.inGrace ? ' (in its grace period)' : ''}`).join('\n')}>
                {need.free === undefined ? (
                  <span className={styles.muted}>unknown (the subscriptions could not be read)</span>
                ) : (
                  <>
                    {count(need.free)}
                    {need.skus.length > 0 && (
                      <Text size={200} className={styles.muted}>
                        {' '}
                        ({need.skus.map((s) => `${s.skuPartNumber} ${count(s.free)}${s.inGrace ? ', in grace' : ''}`).join('; ')})
                      </Text>
                    )}
                    {need.takenByOthers ? (
                      <Text size={200} className={styles.muted} data-testid="licence-need-shared">
                        {' '}
                        {count(need.takenByOthers)} of them needed for {(need.sharedWith ?? []).map((k) => SEAT_KIND_LABELS[k]).join(' and ')}
                      </Text>
                    ) : null}
                  </>
                )}
              </TableCell>
              <TableCell data-testid="licence-need-to-buy">
                {need.toBuy === undefined ? '–' : need.needed === 0 ? '0' : count(need.toBuy)}
                {need.buyBy && (
                  <Text size={200} className={styles.muted} data-testid="licence-need-buy-by">
                    {' '}
                    before {need.buyBy.date} (wave {need.buyBy.wave})
                  </Text>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </section>
  );
}
