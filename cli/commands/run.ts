/**
 * `vmp run`: the whole job in one scripted command, with no database kept: sync the tenant through
 * Graph (placing people at sites with the --site-rules mapping rules, if given), import the PBX export,
 * store the settings and build the plan, then export everything -
 * the data handed from step to step in memory, through a temporary SQLite store that keeps the
 * documents only and is deleted afterwards. For MSPs running many tenants.
 *
 * Exit codes scripts rely on: 0 ok; 2 bad input (arguments, files, settings, PBX rows - each error on
 * stderr with file, row and column or JSON path); 3 the plan has blocked people or unmet constraints
 * (only with --fail-on-blockers; the files are still written); 1 anything else (Graph failed, ...).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ExportInputError, type ExportResult } from '../../shared/export/export-files';
import type { ExportInput } from '../../shared/export/export-input';
import type { PbxImportReport } from '../../shared/pbx/import-report';
import { GraphRequestError } from '../../shared/graph/graph-errors';
import { parseColumnMapping, type ColumnMapping } from '../../shared/pbx/column-mapping';
import { openTableFile } from '../../shared/pbx/open-table';
import { isCountryCode } from '../../shared/pbx/phone-number';
import { TableReadError } from '../../shared/pbx/table-source';
import { createAppServices, type AppServices } from '../../shared/services/app-services';
import { importAndKeepPbxInventory } from '../../shared/services/pbx-import-service';
import type { TenantSnapshot } from '../../shared/domain/tenant-snapshot';
import { PlanInputError, type BuildPlanResult } from '../../shared/services/plan-service';
import { validateSiteRules } from '../../shared/domain/site-rules-validation';
import type { SiteMappingRule } from '../../shared/domain/site-derivation';
import { syncTenant } from '../../shared/services/sync-service';
import { SqliteStore } from '../../shared/store/sqlite-store';
import { DocumentsOnlyStore } from '../../shared/store/documents-only-store';
import { assertOutputFolder, readJsonFile, refuseInput, rethrowSettingsRejection } from '../input-files';
import { isIsoDate } from '../../shared/domain/planning/plan-dates';
import { CliError, EXIT, forTerminal, GlobalOptions, printResult } from '../cli-context';
import { exitCodeOf } from '../graph-failure';
import { graphSignIn, type GraphSignInOptions } from '../graph-sign-in';
import { progressReporter } from './export-progress';
import { collectStepGarbage } from './step-garbage';
import { counted } from '../../shared/domain/counted';

export interface RunOptions extends GraphSignInOptions {
  lines: string;
  blocks?: string;
  mapping?: string;
  defaultCountry?: string;
  siteRules?: string;
  settings: string;
  today?: string;
  out: string;
  failOnBlockers: boolean;
}

/** Everything that can be checked before touching the network, so bad input fails fast with exit 2. */
function validate(opts: RunOptions) {
  const { graphUrl, tokenProvider } = graphSignIn(opts);
  if (opts.today !== undefined && !isIsoDate(opts.today)) {
    throw new CliError(`--today must be a date as yyyy-mm-dd; got "${opts.today}".`, EXIT.badInput);
  }
  assertOutputFolder(opts.out);
  // Checked before Graph is read, as every other argument: the import would refuse it only after the sync.
  if (opts.defaultCountry !== undefined && !isCountryCode(opts.defaultCountry.trim().toUpperCase())) {
    throw new CliError(`--default-country "${opts.defaultCountry}" is no country: use a two-letter ISO code such as US or GB.`, EXIT.badInput);
  }
  const settings = readJsonFile(opts.settings, 'planning settings');
  let siteRules: SiteMappingRule[] | undefined;
  if (opts.siteRules) {
    const checked = validateSiteRules(readJsonFile(opts.siteRules, 'site rules file'));
    if (!checked.ok) refuseInput(opts.siteRules, checked.issues, 'site mapping rules');
    siteRules = checked.document.rules;
  }
  let mapping: ColumnMapping | undefined;
  if (opts.mapping) {
    try {
      mapping = parseColumnMapping(readJsonFile(opts.mapping, 'column mapping'), `column mapping ${opts.mapping}`);
    } catch (err) {
      if (err instanceof CliError) throw err;
      throw new CliError((err as Error).message, EXIT.badInput);
    }
  }
  try {
    const lines = openTableFile(opts.lines);
    const blocks = opts.blocks ? openTableFile(opts.blocks) : undefined;
    return { graphUrl, tokenProvider, settings, siteRules, mapping, lines, blocks };
  } catch (err) {
    if (err instanceof TableReadError) throw new CliError(err.message, EXIT.badInput);
    throw err;
  }
}

/**
 * Steps 2 and 3 (import, plan) and the reading of what the export needs. The snapshot and the PBX
 * inventory (~140 MB at 100,000 users) are read once and handed from step to step, and live only in
 * here: what comes back is the plan and the export's input, so they are garbage before the export's
 * workbooks and scripts are written.
 */
async function importAndPlan(
  services: AppServices,
  tenantId: string,
  snapshot: TenantSnapshot | undefined,
  input: ReturnType<typeof validate>,
  opts: RunOptions,
  progress: { step: (n: number, text: string) => void; lap: (name: string) => void },
): Promise<{ report: PbxImportReport; built: BuildPlanResult; exportInput: ExportInput }> {
  // The snapshot the sync stored: the import matches against it and the plan is built from it.
  if (!snapshot) throw new CliError(`The sync of tenant ${tenantId} stored no snapshot.`, EXIT.failure);
  // The sync's garbage: gone before the import's files are read.
  collectStepGarbage();
  const { report, inventory } = await importAndKeepPbxInventory(
    services.store,
    tenantId,
    { lines: input.lines, blocks: input.blocks, mapping: input.mapping, defaultCountry: opts.defaultCountry },
    { actor: 'cli-run', now: services.now(), snapshot },
  );
  if (!report.accepted) {
    for (const e of report.errors) process.stderr.write(forTerminal(`${e.file}${e.row ? ` row ${e.row}` : ''}${e.column ? ` [${e.column}]` : ''}: ${e.reason}\n`));
    throw new CliError(`The PBX import was rejected: ${counted(report.counts.errors, 'error')}.`, EXIT.badInput, { errors: report.errors });
  }
  progress.lap('import');
  // The import's parse and matching structures are garbage now: collect them before the plan piles up.
  collectStepGarbage();

  progress.step(3, 'plan');
  let built: BuildPlanResult;
  try {
    // A fresh store: the run's settings file is the first version.
    // The run's store keeps documents only: the plan's paged read models would be built for nobody.
    built = await services.plan.build(tenantId, 'cli-run', {
      today: opts.today,
      settings: input.settings,
      expectedSettingsVersion: await services.decisions.getSettingsVersion(tenantId),
      readModels: false,
      inputs: { snapshot, inventory },
      // The computation's garbage goes before the plan is stored.
      onComputed: collectStepGarbage,
    });
  } catch (err) {
    if (err instanceof PlanInputError) throw new CliError(err.message, EXIT.badInput);
    rethrowSettingsRejection(err, opts.settings);
  }
  progress.lap('plan');
  // The export goes on from the plan and snapshot in hand instead of reading them back.
  const { plan, settingsVersion, builtAt } = built;
  const exportInput = await services.exports.loadInput(tenantId, { plan: { plan, settingsVersion, builtAt }, snapshot, inventory });
  return { report, built, exportInput };
}

export async function runRun(options: GlobalOptions, opts: RunOptions): Promise<void> {
  const input = validate(opts);
  const tty = !options.json && process.stderr.isTTY;
  const step = (n: number, text: string) => {
    if (tty) process.stderr.write(`[${n}/4] ${text}\n`);
  };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-run-'));
  // The steps hand their data to each other in memory and check each other's versions in a store
  // deleted at the end: it keeps the documents, not the records and artefacts nobody would read back.
  const services = createAppServices(new DocumentsOnlyStore(new SqliteStore(path.join(tmp, 'vmp.sqlite'))));
  // Milliseconds per step, in the JSON summary (the vmp-run benchmark reads them).
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - mark);
    mark = now;
  };
  try {
    step(1, `sync ${input.graphUrl}`);
    let sync;
    try {
      sync = await syncTenant({
        store: services.store,
        graph: { baseUrl: input.graphUrl, tokenProvider: input.tokenProvider },
        mode: 'full',
        // --tenant: the tenant the endpoint must belong to (the sync refuses another), as `vmp sync` checks it.
        tenantId: options.tenant?.trim().toLowerCase() || undefined,
        actor: 'cli-run',
        now: services.now,
        siteRules: input.siteRules,
        // The import and the plan go on from the snapshot stored, not from 100,000 people read back.
        keepSnapshot: true,
      });
    } catch (err) {
      if (err instanceof GraphRequestError) throw new CliError(`Sync failed: ${err.message}`, exitCodeOf(err), { code: err.code, status: err.status, request: err.request });
      throw err;
    }
    const tenantId = sync.tenantId;
    lap('sync');

    step(2, `import ${opts.lines}${opts.blocks ? ` and ${opts.blocks}` : ''}`);
    const kept = sync.snapshot;
    sync.snapshot = undefined;
    const { report, built, exportInput } = await importAndPlan(services, tenantId, kept, input, opts, { step, lap });
    // The snapshot and inventory the plan was built from are garbage now (see importAndPlan).
    collectStepGarbage();

    step(4, `export to ${opts.out}`);
    const progress = progressReporter('export', !tty);
    let exported: ExportResult;
    try {
      exported = await services.exports.writeToDirectory(exportInput, path.resolve(opts.out), { onProgress: progress.update });
    } catch (err) {
      if (err instanceof ExportInputError) throw new CliError(err.message, EXIT.badInput);
      throw err;
    } finally {
      progress.stop();
    }

    lap('export');
    const blockers = { blocked: built.plan.blocked.length, unmet: built.plan.unmet.length };
    const summary = {
      tenant: { id: tenantId, name: sync.tenantName },
      sync: { users: sync.counts.users, sites: sync.counts.sites, unmappedPeople: sync.counts.unmappedPeople, numbers: sync.counts.numbers, warnings: sync.warnings.length },
      pbx: { lines: report.counts.lines, blocks: report.counts.blocks, matched: report.counts.matched, unmatched: report.counts.unmatched, warnings: report.counts.warnings },
      plan: { settingsVersion: built.settingsVersion, waves: built.plan.waves.length, ...blockers },
      outDir: exported.outDir,
      files: exported.files,
      skipped: exported.skipped,
      timings,
    };
    printResult(options, summary, () =>
      [
        `${sync.tenantName} (${tenantId}): ${summary.sync.users} users, ${summary.sync.sites} sites (${summary.sync.unmappedPeople} people at none); PBX ${summary.pbx.lines} lines (${summary.pbx.matched} matched).`,
        `Plan: ${summary.plan.waves} waves; ${blockers.blocked} blocked people; ${blockers.unmet} unmet constraints.`,
        `Wrote ${exported.files.length} files to ${exported.outDir}.`,
        ...(exported.skipped.length ? [`Left out of the scripts: ${exported.skipped.length} (see --json).`] : []),
      ].join('\n'),
    );
    if (opts.failOnBlockers && (blockers.blocked > 0 || blockers.unmet > 0)) {
      process.stderr.write(`vmp: the plan has ${blockers.blocked} blocked people and ${blockers.unmet} unmet constraints\n`);
      process.exitCode = EXIT.blockers;
    }
  } finally {
    await services.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
