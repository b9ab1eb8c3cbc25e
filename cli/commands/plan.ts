/**
 * `vmp plan [--settings <file>] [--today yyyy-mm-dd] [--summary] [--fail-on-blockers]`: stores new
 * settings when given (validated by the decision service; errors exit 2, nothing saved), builds the
 * rollout plan from the stored snapshot, PBX inventory and settings, stores it and prints it.
 * `--json` prints the whole plan (canonical JSON) or, with `--summary`, the summary.
 */
import { serializePlan } from '../../shared/domain/planning/serialize-plan';
import type { PlanSummary } from '../../shared/domain/planning/plan-summary';
import { PlanInputError } from '../../shared/services/plan-service';
import { readJsonFile, rethrowSettingsRejection } from '../input-files';
import { CliError, EXIT, GlobalOptions } from '../cli-context';
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
    out.push(`Constraints not met (${s.unmet.length}):`);
    for (const u of s.unmet.slice(0, 25)) out.push(`  - [${u.code}] ${u.message}${u.people ? ` (${u.people} people)` : ''}`);
    if (s.unmet.length > 25) out.push(`  ... and ${s.unmet.length - 25} more (--json for all).`);
  }
  return out.join('\n');
}

export interface PlanOptions {
  settings?: string;
  today?: string;
  summary: boolean;
  failOnBlockers: boolean;
}

export async function runPlan(options: GlobalOptions, cmd: PlanOptions): Promise<void> {
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
    else process.stdout.write(`${formatPlanSummary(result.summary)}\nStored as plan version ${result.version}.\n`);
    if (cmd.failOnBlockers && (result.plan.blocked.length > 0 || result.plan.unmet.length > 0)) {
      process.stderr.write(`vmp: ${result.plan.blocked.length} blocked people, ${result.plan.unmet.length} unmet constraints\n`);
      process.exitCode = EXIT.blockers;
    }
  });
}
