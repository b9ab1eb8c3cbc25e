/**
 * The `export` job: writes the tenant's rollout workbook (the same writer as `vmp export` and the
 * bot) to the artefact named after the versions it was made from (rollout-export.ts), then removes the
 * tenant's older export artefacts. Loaded only by a worker running an export: it builds just the
 * services the export needs, not the whole app.
 */
import { PassThrough } from 'node:stream';
import { createDecisionService } from '../services/decision-service';
import { createExportService } from '../services/export-service';
import { loadInventory } from '../services/pbx-import-service';
import { createPlanService } from '../services/plan-service';
import type { JobContext, JobOutcome } from './job-handlers';
import { EXPORT_ARTEFACT_PREFIX, rolloutExportKey } from './rollout-export';
import { FILES_PREFIX, planFilesPrefix, storePlanFiles } from './plan-files-export';

/** Writes again when the plan, snapshot, settings or inventory changed while the workbook was written. */
const EXPORT_ATTEMPTS = 3;

export async function runExportJob(ctx: JobContext): Promise<JobOutcome> {
  const { store, job } = ctx;
  const tenantId = job.tenantId;
  const decisions = createDecisionService(store, { loadInventory });
  const exports = createExportService(store, decisions, createPlanService(store, decisions, ctx.now));
  if (job.input?.kind === 'files') return runPlanFilesExport(ctx, exports);
  for (let attempt = 1; ; attempt++) {
    const key = await rolloutExportKey(store, tenantId);
    ctx.progress({ phase: 'loading', message: 'Reading the plan, the snapshot and the decisions' });
    const prepared = await exports.prepareRolloutWorkbook(tenantId);
    ctx.progress({ phase: 'writing', message: 'Writing the rollout workbook' });
    const bytes = await collect((out) => prepared.write(out));
    // The inputs changed meanwhile: the workbook may mix versions, so it is written again.
    if ((await rolloutExportKey(store, tenantId)).artefact !== key.artefact && attempt < EXPORT_ATTEMPTS) continue;
    ctx.progress({ phase: 'saving', message: `Storing the workbook (${bytes.length} bytes)` });
    await store.artefacts.put(tenantId, key.artefact, bytes);
    // After the new one is stored, so a download always finds one of them.
    // Older workbooks only: the per-wave files (plan-files-export.ts) are kept by their own job.
    for (const name of await store.artefacts.list(tenantId, EXPORT_ARTEFACT_PREFIX)) {
      if (name !== key.artefact && !name.startsWith(FILES_PREFIX)) await store.artefacts.delete(tenantId, name);
    }
    return {
      result: {
        artefact: key.artefact,
        bytes: bytes.length,
        fileName: prepared.fileName,
        planVersion: key.planVersion,
        snapshotVersion: key.snapshotVersion,
        settingsVersion: key.settingsVersion,
        inventoryVersion: key.inventoryVersion,
      },
    };
  }
}

/** Every file of the export (workbooks per wave, runbooks, CSVs) and their zip, stored for the download routes. */
async function runPlanFilesExport(ctx: JobContext, exports: ReturnType<typeof createExportService>): Promise<JobOutcome> {
  const { store, job } = ctx;
  const tenantId = job.tenantId;
  for (let attempt = 1; ; attempt++) {
    const prefix = await planFilesPrefix(store, tenantId);
    ctx.progress({ phase: 'writing', message: 'Writing the workbooks, runbooks and CSVs' });
    const write = async (dir: string) => (await exports.exportToDirectory(tenantId, dir)).files;
    // The inputs changed while the files were written: they may mix versions, so they are written again.
    const manifest = await storePlanFiles(store, tenantId, prefix, write, (message) => ctx.progress({ phase: 'saving', message }));
    if ((await planFilesPrefix(store, tenantId)) !== prefix && attempt < EXPORT_ATTEMPTS) continue;
    return { result: { prefix, files: manifest.files.length, zipBytes: manifest.zipBytes } };
  }
}

async function collect(write: (out: PassThrough) => Promise<void>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (c: Buffer) => chunks.push(c));
  await write(sink);
  return Buffer.concat(chunks);
}
