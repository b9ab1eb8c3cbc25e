/**
 * `vmp decide --settings <file>`: validates the planning settings against the tenant, stores them
 * (audited, as the next version) and prints the decision picture: per site the recommendation with its
 * reasons and the decided path, effective-path counts, readiness gates by code and the cost comparison.
 * Invalid settings: exit 2 with every error and its JSON path, nothing stored.
 */
import type { DecisionsView } from '../../shared/services/decision-service';
import type { SettingsIssue } from '../../shared/domain/decisions/settings-validation';
import { readJsonFile, rethrowSettingsRejection } from '../input-files';
import { GlobalOptions, printResult } from '../cli-context';
import { withTenant } from '../services';
import { counted } from '../../shared/domain/counted';

function people(n: number): string {
  return `${n} ${n === 1 ? 'person' : 'people'}`;
}

function money(x: number): string {
  return x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

function pad(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd());
}

export function formatDecisions(view: DecisionsView, version: number, issues: SettingsIssue[], unchanged = false): string {
  const saved = unchanged ? `Settings unchanged: version ${version} already holds this content` : `Settings saved as version ${version}`;
  const out: string[] = [`${saved}${issues.length ? ` with ${counted(issues.length, 'warning')}` : ''}.`];
  for (const i of issues) out.push(`  warning ${i.path}: ${i.message}`);
  out.push('', `Sites (${view.recommendations.length}):`);
  for (const r of view.recommendations) {
    const rec = [r.path, r.operatorId ?? r.sbcId].filter(Boolean).join(' ');
    const dec = r.decided
      ? `decided ${[r.decided.path, r.decided.operatorId ?? r.decided.sbcId, r.decided.stayUntil && `until ${r.decided.stayUntil}`].filter(Boolean).join(' ')}`
      : 'no decision yet';
    out.push(`  ${r.siteName ?? r.siteId} [${r.siteId}] ${r.countryCode ?? '??'}, ${people(r.people ?? 0)}: recommended ${rec}; ${dec}${r.differsFromDecision ? ' (differs from the recommendation)' : ''}`);
    for (const reason of r.reasons) out.push(`      - ${reason}`);
  }
  out.push('', 'Effective paths (people):');
  out.push(...pad([['path', 'decided', 'recommended only'], ...view.pathCounts.map((c) => [c.path, String(c.decided), String(c.recommended)])]).map((l) => `  ${l}`));
  out.push(`  undecided (no site, no override): ${view.undecided.length}`);
  const s = view.readiness.summary;
  out.push('', `Readiness: ${s.peopleMoving} moving, ${s.peopleReady} ready, ${s.peopleBlocked} blocked; ${counted(s.sitesBlocked, 'site')} with blockers.`);
  if (s.byCode.length) out.push(...pad([['gate', 'severity', 'count'], ...s.byCode.map((g) => [g.code, g.severity, String(g.count)])]).map((l) => `  ${l}`));
  const c = view.costs;
  out.push('', `Cost per month (${c.currency}); change = option minus current:`);
  const rows = [['site', 'people', 'current', 'OC', 'DR', 'CP', 'PBX']];
  for (const site of c.sites) {
    const cell = (p: string) => {
      const o = site.options.find((x) => x.path === p);
      return o ? `${money(o.monthly)} (${o.deltaMonthly! >= 0 ? '+' : ''}${money(o.deltaMonthly!)})` : '-';
    };
    rows.push([site.siteId, String(site.users), money(site.current?.monthly ?? 0), cell('OC'), cell('DR'), cell('CP'), cell('PBX')]);
  }
  out.push(...pad(rows).map((l) => `  ${l}`));
  out.push(...c.byPath.map((p) => `  ${p.path}: ${people(p.people)}, ${money(p.monthly)}/month, ${money(p.yearly)}/year`));
  out.push(`  Total: ${money(c.total.monthly)}/month, ${money(c.total.yearly)}/year`);
  if (c.sbcs.length) {
    out.push('', 'SBC sizing (Erlang B; sessions = -MaxConcurrentSessions):');
    out.push(
      ...pad([
        ['sbc', 'users', 'erlangs', 'sessions', 'licensed', 'short'],
        ...c.sbcs.map((b) => [b.sbcId, String(b.users), String(b.erlangs), String(b.sessions), String(b.licensedSessions), String(b.shortfall ?? 0)]),
      ]).map((l) => `  ${l}`),
    );
  }
  for (const a of c.assumptions) out.push(`  note: ${a}`);
  return out.join('\n');
}

export interface DecideOptions {
  settings: string;
}

export async function runDecide(options: GlobalOptions, cmd: DecideOptions): Promise<void> {
  const input = readJsonFile(cmd.settings, 'settings file');
  await withTenant(options, async (services, tenantId) => {
    const current = await services.decisions.getSettings(tenantId);
    let saved;
    try {
      saved = await services.decisions.saveSettings(tenantId, 'cli', input, current.version);
    } catch (err) {
      rethrowSettingsRejection(err, cmd.settings);
      throw err;
    }
    const view = await services.decisions.getDecisions(tenantId);
    printResult(
      options,
      {
        tenantId,
        settingsVersion: saved.version,
        unchanged: saved.unchanged ?? false,
        issues: saved.issues,
        recommendations: view.recommendations,
        pathCounts: view.pathCounts,
        undecided: view.undecided.length,
        readiness: view.readiness.summary,
        costs: view.costs,
      },
      () => formatDecisions(view, saved.version, saved.issues, saved.unchanged),
    );
  });
}
