/**
 * What each job type does: the same service functions the routes called in the request before
 * (syncTenant, importPbxInventory, the plan service's build, the rollout workbook writer, the site
 * rules preview and the save that re-applies them). Runs in a worker thread (job-worker.ts)
 * or, for an in-memory store, inline. Input comes from the job record and its input artefact; a result
 * too large for the jobs document is written to the job's result artefact.
 */
import type { GraphConnection } from '../services/sync-service';
import type { Store } from '../store/store';
import { Job, jobResultArtefact, type JobProgress } from './job-types';
import { counted } from '../domain/counted';

export interface JobContext {
  store: Store;
  job: Job;
  now: () => Date;
  /** Reports progress; the runner writes it to the job record at most about once a second. */
  progress(progress: JobProgress): void;
  /** The Graph connection for a sync (its token provider asks the main thread for tokens). */
  graph?: GraphConnection;
}

export interface JobOutcome {
  /** Small: kept in the jobs document. */
  result?: Record<string, unknown>;
  /** Set when the handler wrote a large result (a report with every issue) to the job's result artefact. */
  resultArtefact?: string;
}

/** A job that ended with an answer for the admin (bad input, a stale version): not a crash. */
export class JobFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly resultArtefact?: string,
  ) {
    super(message);
    this.name = 'JobFailure';
  }
}

/** The PBX import's input artefact: the tab's request body. */
export interface PbxImportInput {
  linesCsv: string;
  /** The chosen file's name, for the report and the errors (default lines.csv / blocks.csv). */
  linesName?: string;
  blocksCsv?: string;
  blocksName?: string;
  mapping?: unknown;
  defaultCountry?: string;
  /** The inventory version the admin read (null = none yet): a newer import is not overwritten. */
  expectedVersion?: number | null;
}

/** The plan build's input artefact (settings can be tens of kilobytes). */
export interface PlanInput {
  today?: string;
  settings?: unknown;
  expectedSettingsVersion?: number | null;
}

/** Warnings kept in a sync job's result; the snapshot keeps them all. */
const SYNC_WARNINGS_KEPT = 50;

export async function runJobHandler(ctx: JobContext): Promise<JobOutcome> {
  const { job, store } = ctx;
  switch (job.type) {
    case 'sync': {
      // Each job type loads only its own modules: a worker starts per job, and loading them all takes seconds from sources.
      const { syncTenant } = require('../services/sync-service') as typeof import('../services/sync-service');
      if (!ctx.graph) throw new JobFailure('bad-input', 'Graph is not configured for this deployment, so the tenant cannot be synced from here.');
      const result = await syncTenant({
        store,
        graph: ctx.graph,
        tenantId: job.tenantId,
        mode: (job.input?.mode as 'auto' | 'full' | undefined) ?? 'auto',
        actor: job.createdBy,
        now: ctx.now,
        onProgress: (p) =>
          ctx.progress({ phase: p.phase, done: p.users, message: `${p.users} users read in ${p.pages} pages`, counters: { pages: p.pages, users: p.users, elapsedMs: p.elapsedMs } }),
      });
      const { warnings, ...rest } = result;
      return { result: { ...rest, warnings: warnings.slice(0, SYNC_WARNINGS_KEPT), warningsTotal: warnings.length } };
    }
    case 'pbx-import': {
      const { runPbxImportPreviewJob, pbxImportRequestOf } = require('./pbx-import-preview-job') as typeof import('./pbx-import-preview-job');
      // A preview (input.preview) reads and checks the same way and stores nothing.
      if (job.input?.preview === true) return runPbxImportPreviewJob(ctx);
      const { importPbxInventory } = require('../services/pbx-import-service') as typeof import('../services/pbx-import-service');
      const input = await readInput<PbxImportInput>(ctx);
      ctx.progress({ phase: 'importing', message: 'Reading, checking and matching the export' });
      const report = await importPbxInventory(
        store,
        job.tenantId,
        pbxImportRequestOf(input),
        { actor: job.createdBy, now: ctx.now(), ...(input.expectedVersion !== undefined && { expectedVersion: input.expectedVersion }) },
      );
      // Every error, warning and unmatched line, however many: the tab pages them from the artefact.
      const resultArtefact = jobResultArtefact(job.id);
      await store.artefacts.put(job.tenantId, resultArtefact, JSON.stringify(report));
      if (!report.accepted) {
        const first = report.errors[0];
        const where = first ? `${first.file}${first.row ? ` row ${first.row}` : ''}${first.column ? ` column "${first.column}"` : ''}: ${first.reason}` : 'unknown error';
        throw new JobFailure('bad-input', `The PBX import was rejected with ${counted(report.counts.errors, 'error')}; nothing was stored. First: ${where}`, resultArtefact);
      }
      return { result: { accepted: true, files: report.files, counts: report.counts, dids: report.dids }, resultArtefact };
    }
    case 'plan': {
      const { createAppServices } = require('../services/app-services') as typeof import('../services/app-services');
      const input = job.inputArtefact ? await readInput<PlanInput>(ctx) : ((job.input ?? {}) as PlanInput);
      ctx.progress({ phase: 'planning', message: 'Building the plan' });
      // Already off the event loop: the decisions read models the build needs are computed right here.
      const services = createAppServices(store, ctx.now, { workerStore: null });
      const built = await services.plan.build(job.tenantId, job.createdBy, {
        today: input.today,
        settings: input.settings,
        expectedSettingsVersion: input.expectedSettingsVersion,
      });
      const resultArtefact = jobResultArtefact(job.id);
      await store.artefacts.put(job.tenantId, resultArtefact, JSON.stringify({ summary: built.summary }));
      return {
        result: {
          version: built.version,
          settingsVersion: built.settingsVersion,
          waves: built.summary.waves.length,
          totals: built.summary.totals,
          // Who changed wave (a count and the first few): the tab's "what moved" after a re-plan.
          ...(built.moves && { moved: built.moves }),
        },
        resultArtefact,
      };
    }
    case 'export': {
      const { runExportJob } = require('./export-job') as typeof import('./export-job');
      return runExportJob(ctx);
    }
    case 'site-rules-preview': {
      const { runSiteRulesPreviewJob } = require('./site-rules-preview-job') as typeof import('./site-rules-preview-job');
      return runSiteRulesPreviewJob(ctx);
    }
    case 'site-rules-apply': {
      const { runSiteRulesApplyJob } = require('./site-rules-apply-job') as typeof import('./site-rules-apply-job');
      return runSiteRulesApplyJob(ctx);
    }
    default:
      throw new JobFailure('bad-input', `This server cannot run ${job.type} jobs yet.`);
  }
}

/** The job's input artefact, parsed (a job queued with `largeInput`). */
export async function readInput<T>(ctx: JobContext): Promise<T> {
  const { job, store } = ctx;
  const raw = job.inputArtefact ? await store.artefacts.get(job.tenantId, job.inputArtefact) : undefined;
  if (!raw) throw new JobFailure('internal', `The input of job ${job.id} is missing from the store.`);
  return JSON.parse(raw.toString('utf8')) as T;
}

/** The code and message a failed job records: the error's own code and words when it has them. */
export function jobErrorOf(err: unknown): { code: string; message: string; resultArtefact?: string; issues?: unknown[] } {
  const e = err as { code?: unknown; message?: unknown; issues?: unknown; resultArtefact?: string };
  const code = typeof e?.code === 'string' ? e.code : 'internal';
  const message = typeof e?.message === 'string' && e.message ? e.message : String(err);
  return { code, message, ...(e?.resultArtefact && { resultArtefact: e.resultArtefact }), ...(Array.isArray(e?.issues) && { issues: e.issues }) };
}
