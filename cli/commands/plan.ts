/**
 * `vmp plan [--settings <file>] [--today yyyy-mm-dd] [--summary] [--fail-on-blockers]`: stores new
 * settings when given (validated by the decision service; errors exit 2, nothing saved), builds the
 * rollout plan from the stored snapshot, PBX inventory and settings, stores it and prints it.
 * `--json` prints the whole plan (canonical JSON) or, with `--summary`, the summary.
 */
import { serializePlan } from '../../shared/domain/planning/serialize-plan';
import type { PlanSummary } from '../../shared/domain/planning/plan-summary';
import { groupConstraints } from '../../shared/domain/planning/constraint-catalogue';
import { counted } from '../../shared/domain/counted';
import { PlanInputError } from '../../shared/services/plan-service';
import { readJsonFile, rethrowSettingsRejection } from '../input-files';
import { assertTodayOption, CliError, EXIT, forTerminal, GlobalOptions } from '../cli-context';
import { withTenant } from '../services';

export function formatPlanSummary(s: PlanSummary): string {
  const out = [`Plan for ${s.tenantId}, made ${s.today} from settings version ${s.settingsVersion}.`];
  if (!s.waves.length) out.push('No waves could be scheduled (see the constraints below).');
  for (const w of s.waves) {
    out.push(
      `  ${w.name.padEnd(8)} ${w.date} ${w.time}  ${String(w.users).padStart(6)} users  ${String(w.sites).padStart(4)} sites  ${String(w.numbers).padStart(6)} numbers  ${w.portOrders} port / ${w.uploadOrders} upload orders`,
    );
  }
  const t = s.totals;
  out.push(
    `In waves: ${t.inWaves}; blocked: ${t.blocked}; staying on the PBX: ${t.stayingOnPbx}.`,
    `Port orders: ${t.portOrders}; DR upload orders: ${t.uploadOrders}; dial plans: ${t.dialPlans}; extension collisions: ${t.extensionCollisions}.`,
  );
  if (s.unmet.length) {
    // By kind, as the Plan page shows them: a 100,000-user plan has hundreds, most of one or two kinds.
    out.push(`Constraints not met (${s.unmet.length}):`);
    for (const g of groupConstraints(s.unmet)) {
      out.push(`  ${g.label} (${g.items.length}) [${g.code}]`, `    fix: ${g.fix}`);
      for (const u of g.items.slice(0, UNMET_SHOWN_PER_KIND)) out.push(`    - ${u.message}${u.people ? ` (${counted(u.people, 'person', 'people')})` : ''}`);
      if (g.items.length > UNMET_SHOWN_PER_KIND) out.push(`    ... and ${g.items.length - UNMET_SHOWN_PER_KIND} more (--json for all).`);
    }
  }
  return out.join('\n');
}

/** Constraints printed per kind; `--json` has them all. */
const UNMET_SHOWN_PER_KIND = 5;

export interface PlanOptions {
  settings?: string;
  today?: string;
  summary: boolean;
  failOnBlockers: boolean;
}

export async function runPlan(options: GlobalOptions, cmd: PlanOptions): Promise<void> {
  assertTodayOption(cmd.today);
  const settings = cmd.settings !== undefined ? readJsonFile(cmd.settings, 'settings file') : undefined;
  await withTenant(options, async (services, tenantId) => {
    let result;
    try {
      // A settings file given on the command line replaces whatever version is saved (the file is the intent).
      const expectedSettingsVersion = settings !== undefined ? await services.decisions.getSettingsVersion(tenantId) : undefined;
      result = await services.plan.build(tenantId, 'cli', { today: cmd.today, settings, expectedSettingsVersion });
    } catch (err) {
      if (err instanceof PlanInputError) throw new CliError(err.message, EXIT.badInput);
      rethrowSettingsRejection(err, cmd.settings ?? 'settings');
    }
    if (options.json) process.stdout.write(cmd.summary ? `${JSON.stringify(result.summary, null, 2)}\n` : serializePlan(result.plan));
    else process.stdout.write(forTerminal(`${formatPlanSummary(result.summary)}\nStored as plan version ${result.version}.\n`));
    if (cmd.failOnBlockers && (result.plan.blocked.length > 0 || result.plan.unmet.length > 0)) {
      process.stderr.write(`vmp: ${result.plan.blocked.length} blocked people, ${result.plan.unmet.length} unmet constraints\n`);
      process.exitCode = EXIT.blockers;
    }
  });
}
