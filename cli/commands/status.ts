/**
 * `vmp status [--today yyyy-mm-dd]`: the tenant, its counts and the last sync, then how far the migration
 * is: the PBX import, the plan (stale when settings were saved since), plan versus tenant on `today` and
 * the next cutover. Reads small stored documents directly (status-service), not through the app
 * services, so that it loads SQLite and nothing of planning, export or Graph.
 */
import { counted } from '../../shared/domain/counted';
import { MEMBER_STATE_LABELS, MEMBER_STATES_SHOWN } from '../../shared/domain/planning/migration-status';
import { isIsoDate } from '../../shared/domain/planning/plan-dates';
import { getTenantProgress, getTenantStatus, type TenantProgress } from '../../shared/services/status-service';
import { CliError, EXIT, GlobalOptions, printResult } from '../cli-context';
import { withTenantStore } from '../open-store';

export interface StatusOptions {
  /** The day progress is counted on (overdue moves); default: the clock's UTC date. */
  today?: string;
}

export async function runStatus(options: GlobalOptions, cmd: StatusOptions = {}): Promise<void> {
  const today = cmd.today ?? new Date().toISOString().slice(0, 10);
  if (!isIsoDate(today)) throw new CliError(`--today "${today}" is not a date: write it as yyyy-mm-dd.`, EXIT.badInput);
  await withTenantStore(options, async (store, tenantId) => {
    const [status, progress] = await Promise.all([getTenantStatus(store, tenantId), getTenantProgress(store, tenantId, today)]);
    printResult(options, { ...status, ...progress }, () => {
      const c = status.counts;
      const lines = [`Tenant: ${status.tenant.name} (${status.tenant.id})`];
      lines.push(status.lastSync ? `Last sync: ${status.lastSync.at} (${status.lastSync.warnings} warnings)` : 'Last sync: never');
      for (const w of status.lastSync?.warningDetails ?? []) lines.push(`  ! ${w.message}`);
      if (c) {
        lines.push(`Users: ${n(c.users)}  resource accounts: ${n(c.resourceAccounts)}  Teams Phone: ${n(c.teamsPhoneEnabled)}`);
        lines.push(`Sites: ${n(c.sites)}  numbers: ${n(c.numbers)}  unmapped people: ${n(c.unmappedPeople)}`);
      }
      lines.push(...progressLines(progress, today));
      return lines.join('\n');
    });
  });
}

/** Digits grouped the en-US way, as the rest of the CLI's and the bot's text. */
const n = (x: number) => x.toLocaleString('en-US');

/** The states after "done" (which the line before counts), in the Overview's order. */
const LEFT_STATES = MEMBER_STATES_SHOWN.filter((s) => s !== 'done');

function progressLines(p: TenantProgress, today: string): string[] {
  const out = [p.pbx ? `PBX: ${n(p.pbx.lines)} lines (${n(p.pbx.matched)} matched to users), ${n(p.pbx.blocks)} DID blocks, imported ${p.pbx.importedAt}` : 'PBX: not imported yet (`vmp import-pbx`)'];
  if (!p.plan) {
    out.push(p.planFromEarlierVersion ? 'Plan: stored by an earlier version; open it in the tab or run `vmp plan` to read it here' : 'Plan: none yet (`vmp plan`)');
    return out;
  }
  const t = p.plan.totals;
  const dates = p.plan.firstCutover ? `, ${p.plan.firstCutover} to ${p.plan.lastCutover}` : '';
  out.push(`Plan: ${n(p.plan.waves)} waves${dates}, made for ${p.plan.today} from settings version ${p.plan.settingsVersion}${p.plan.stale ? ' (settings changed since: run `vmp plan`)' : ''}`);
  out.push(`  in waves: ${n(t.inWaves)}  blocked: ${n(t.blocked)}  staying on the PBX: ${n(t.stayingOnPbx)}  constraints not met: ${n(t.unmet)}`);
  if (p.migration) {
    const m = p.migration.tenant;
    out.push(`Progress on ${today}: ${n(m.done)} of ${n(m.total)} moved (${m.percentDone}%)`);
    out.push(`  ${LEFT_STATES.map((s) => `${MEMBER_STATE_LABELS[s].toLowerCase()}: ${n(m[s])}`).join('  ')}`);
  }
  out.push(
    p.nextWave
      ? `Next cutover: ${p.nextWave.name} on ${p.nextWave.date} ${p.nextWave.time}, ${counted(p.nextWave.people, 'person', 'people')} at ${counted(p.nextWave.sites, 'site')}`
      : 'Next cutover: none (every wave is past)',
  );
  return out;
}
