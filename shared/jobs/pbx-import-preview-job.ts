/**
 * A `pbx-import` job in preview mode (`input.preview`): the tab's files read, checked and matched the
 * way the import does, compared with the stored inventory, and nothing stored. It runs as a job for the
 * same reason the import does - a 100,000-line export takes seconds to read and match, which must not
 * hold up the API for other requests. The preview is the job's detail (result artefact); files with
 * errors fail the job as bad input with the preview (every error located) as its detail.
 */
import type { PbxImportRequest } from '../services/pbx-import-service';
import { previewPbxImport } from '../services/pbx-import-preview';
import { parseColumnMapping } from '../pbx/column-mapping';
import { csvTextSource } from '../pbx/csv-table-reader';
import { JobFailure, readInput, type JobContext, type JobOutcome, type PbxImportInput } from './job-handlers';
import { jobResultArtefact } from './job-types';
import { counted } from '../domain/counted';

/** The import request for the tab's CSV text: the import job and its preview read the body alike. */
export function pbxImportRequestOf(input: PbxImportInput): PbxImportRequest {
  return {
    lines: csvTextSource(input.linesCsv, input.linesName ?? 'lines.csv'),
    blocks: input.blocksCsv?.trim() ? csvTextSource(input.blocksCsv, input.blocksName ?? 'blocks.csv') : undefined,
    mapping: input.mapping === undefined || input.mapping === null ? undefined : parseColumnMapping(input.mapping),
    defaultCountry: input.defaultCountry,
  };
}

export async function runPbxImportPreviewJob(ctx: JobContext): Promise<JobOutcome> {
  const { store, job } = ctx;
  const input = await readInput<PbxImportInput>(ctx);
  ctx.progress({ phase: 'previewing', message: 'Reading, checking and matching the export; nothing is stored' });
  const preview = await previewPbxImport(store, job.tenantId, pbxImportRequestOf(input), { now: ctx.now() });
  const resultArtefact = jobResultArtefact(job.id);
  await store.artefacts.put(job.tenantId, resultArtefact, JSON.stringify(preview));
  if (!preview.accepted) {
    const first = preview.errors[0];
    const where = first ? `${first.file}${first.row ? ` row ${first.row}` : ''}${first.column ? ` column "${first.column}"` : ''}: ${first.reason}` : 'unknown error';
    throw new JobFailure('bad-input', `These files cannot be imported: ${counted(preview.counts.errors, 'error')}. First: ${where}`, resultArtefact);
  }
  const { replaces } = preview;
  return {
    result: {
      preview: true,
      accepted: true,
      counts: preview.counts,
      replaces: replaces.imported ? { version: replaces.version, lines: replaces.lines } : { version: null },
    },
    resultArtefact,
  };
}
