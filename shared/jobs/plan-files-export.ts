/**
 * The plan's files for download - per-wave workbooks, cutover and rollback runbooks, the tenant setup
 * script, order and routing CSVs, and all of them as one zip - made by an `export` job
 * (`input.kind = 'files'`) with the same writers as `vmp export`, stored as artefacts under a prefix
 * named after the versions they were made from (like the rollout workbook, rollout-export.ts), with a
 * manifest the download routes read. A download streams one stored file; a wave's zip is packed from
 * that wave's stored files only.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import type { ExportedFile } from '../export/export-files';
import type { Store } from '../store/store';
import type { JobService } from './job-service';
import { isFinished, type Job } from './job-types';
import { EXPORT_ARTEFACT_PREFIX, rolloutExportKey } from './rollout-export';

/** Artefact names of the files exports: `exports/files-<plan>-s<snapshot>-c<settings>-i<inventory>/...`. */
export const FILES_PREFIX = `${EXPORT_ARTEFACT_PREFIX}files-`;
export const MANIFEST = 'manifest.json';
export const ALL_ZIP = 'all.zip';

export interface PlanFilesManifest {
  /** The versions' prefix the files are stored under. */
  prefix: string;
  files: ExportedFile[];
  zipBytes: number;
}

export async function planFilesPrefix(store: Store, tenantId: string): Promise<string> {
  const key = await rolloutExportKey(store, tenantId);
  return `${FILES_PREFIX}${key.planVersion}-s${key.snapshotVersion}-c${key.settingsVersion}-i${key.inventoryVersion}/`;
}

/** The manifest of the files for the current versions, when an export job has stored them. */
export async function storedPlanFiles(store: Store, tenantId: string): Promise<{ prefix: string; manifest?: PlanFilesManifest }> {
  const prefix = await planFilesPrefix(store, tenantId);
  const raw = await store.artefacts.get(tenantId, `${prefix}${MANIFEST}`);
  return { prefix, ...(raw && { manifest: JSON.parse(raw.toString('utf8')) as PlanFilesManifest }) };
}

/** A queued files export, or a running one for the same versions, is reused; otherwise one is queued. */
export async function requestPlanFilesExport(jobs: JobService, tenantId: string, prefix: string, createdBy: string): Promise<Job> {
  const pending = (await jobs.list(tenantId, { type: 'export', limit: 10 })).find(
    (j) => !isFinished(j) && j.input?.kind === 'files' && (j.state === 'queued' || j.input?.prefix === prefix),
  );
  if (pending) return pending;
  return jobs.enqueue(tenantId, { type: 'export', createdBy, input: { kind: 'files', prefix } });
}

/**
 * Writes every file into a temporary directory through `write`, stores each as an artefact and the zip
 * of all, then the manifest (last: a reader that finds it finds every file), and removes older files exports.
 */
export async function storePlanFiles(
  store: Store,
  tenantId: string,
  prefix: string,
  write: (dir: string) => Promise<ExportedFile[]>,
  progress: (message: string) => void,
): Promise<PlanFilesManifest> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-files-'));
  try {
    const files = await write(dir);
    progress(`Storing ${files.length} files`);
    const zip = new JSZip();
    for (const f of files) {
      const bytes = await fs.promises.readFile(path.join(dir, f.path));
      await store.artefacts.put(tenantId, `${prefix}${f.path}`, bytes);
      zip.file(f.path, bytes);
    }
    const zipped = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
    await store.artefacts.put(tenantId, `${prefix}${ALL_ZIP}`, zipped);
    const manifest: PlanFilesManifest = { prefix, files, zipBytes: zipped.length };
    await store.artefacts.put(tenantId, `${prefix}${MANIFEST}`, JSON.stringify(manifest));
    for (const name of await store.artefacts.list(tenantId, FILES_PREFIX)) {
      if (!name.startsWith(prefix)) await store.artefacts.delete(tenantId, name);
    }
    return manifest;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** One wave's stored files as a zip (the wave's workbook, runbooks and CSVs). */
export async function zipOfWave(store: Store, tenantId: string, manifest: PlanFilesManifest, wave: number): Promise<Buffer | undefined> {
  const files = manifest.files.filter((f) => f.wave === wave);
  if (!files.length) return undefined;
  const zip = new JSZip();
  for (const f of files) {
    const bytes = await store.artefacts.get(tenantId, `${manifest.prefix}${f.path}`);
    if (bytes) zip.file(f.path, bytes);
  }
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}
