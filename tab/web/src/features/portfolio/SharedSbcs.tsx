/**
 * The MSP's shared SBCs sized over its customers: pooled sessions against capacity and licences, trunk
 * groups against the limit, the first wave that passes a limit, and the licence cost per year. The
 * declarations themselves are made through the API (PUT /api/portfolio/sbcs).
 */
import { Badge, Spinner, Subtitle1, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text } from '@fluentui/react-components';
import type { ApiClient } from '../../api-client';
import { ErrorBar } from '../../components/Feedback';
import { count } from '../../format';
import { useAsync } from '../../hooks/use-async';
import { sharedSbcSizing, sharedSbcs, type SharedSbcReport } from './portfolio-api';

function firstOver(r: SharedSbcReport): string {
  const names = new Map(r.shares.map((s) => [s.tenantId, s.displayName]));
  const parts: string[] = [];
  const at = (what: string, step?: { date: string; tenantId: string; wave: number }) =>
    step && parts.push(`${what} on ${step.date} (${names.get(step.tenantId) ?? step.tenantId}, wave ${step.wave})`);
  at('capacity', r.firstOver.capacity);
  at('licences', r.firstOver.licences);
  at('trunk groups', r.firstOver.trunkGroups);
  return parts.join('; ');
}

export function SharedSbcs({ api }: { api: ApiClient }) {
  const data = useAsync(async () => {
    const { sbcs } = await sharedSbcs(api);
    return Promise.all(sbcs.map((s) => sharedSbcSizing(api, s.id)));
  }, [api]);
  if (data.error !== undefined) return <ErrorBar error={data.error} onRetry={data.reload} />;
  if (!data.data) return data.loading ? <Spinner size="tiny" /> : null;
  if (data.data.length === 0) return null;
  return (
    <section aria-labelledby="shared-sbcs-title" data-testid="shared-sbcs">
      <Subtitle1 id="shared-sbcs-title">Shared SBCs</Subtitle1>
      <Table aria-label="Shared SBCs sized over the customers" size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>SBC</TableHeaderCell>
            <TableHeaderCell>Customers</TableHeaderCell>
            <TableHeaderCell>People on it</TableHeaderCell>
            <TableHeaderCell>Sessions (pooled) / capacity / licensed</TableHeaderCell>
            <TableHeaderCell>Trunk groups</TableHeaderCell>
            <TableHeaderCell>Over a limit</TableHeaderCell>
            <TableHeaderCell>Licences a year</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {data.data.map((r) => {
            const over = firstOver(r);
            return (
              <TableRow key={r.sbcId} data-testid="shared-sbc-row">
                <TableCell>{r.sbcId}</TableCell>
                <TableCell>{count(r.customers)}</TableCell>
                <TableCell>{count(r.users)}</TableCell>
                <TableCell>
                  {count(r.sessions)} / {count(r.sessionCapacity)} / {count(r.licensedSessions)}
                  <Text size={200}> (alone: {count(r.sessions + r.poolingSaves)})</Text>
                </TableCell>
                <TableCell>
                  {count(r.trunkGroups)} / {count(r.trunkGroupLimit)}
                </TableCell>
                <TableCell data-testid="shared-sbc-over">{over ? <Badge color="danger">{over}</Badge> : 'none'}</TableCell>
                <TableCell>{r.yearlyLicenceCost.toFixed(2)}</TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </section>
  );
}
