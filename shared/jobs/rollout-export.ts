/**
 * The rollout workbook as a stored artefact, made by an `export` job. The workbook depends on the
 * stored plan, the snapshot (names of people and sites), the settings (costs, recommendations) and the
 * PBX inventory (recommendations, readiness): the artefact's name carries the versions of those four
 * documents, so one that exists for the current versions is the workbook an export would write now,
 * and any change (a new plan above all) makes it stale. Reading the versions costs four small reads;
 * the download route and the bot do that, stream what is stored, and otherwise queue the job.
 */
import type { Store } from '../store/store';
import { PLAN_DOCUMENT } from '../services/plan-read-model';
import { SNAPSHOT_DOCUMENT } from '../services/snapshot-repository';
import { NoPlanError } from '../services/plan-service';
import { NoSnapshotError, SETTINGS_DOCUMENT } from '../services/decision-service';
import { TenantNotFoundError } from '../services/status-service';
import { PBX_INVENTORY_DOCUMENT } from '../services/pbx-import-service';
import type { JobService } from './job-service';
import { isFinished, type Job } from './job-types';

/** Every export artefact of a tenant starts with this; the export job removes all but the newest. */
export const EXPORT_ARTEFACT_PREFIX = 'exports/';

export interface RolloutExportKey {
  planVersion: number;
  snapshotVersion: number;
  settingsVersion: number;
  inventoryVersion: number;
  /** `exports/rollout-<plan>-s<snapshot>-c<settings>-i<inventory>.xlsx` */
  artefact: string;
}

/**
 * The versions the current workbook is made from, and the artefact name for them. Throws the usual
 * not-found errors (no tenant, no plan, no snapshot) so that a route answers 404 before queueing.
 */
export async function rolloutExportKey(store: Store, tenantId: string): Promise<RolloutExportKey> {
  const [plan, snapshot, settings, inventory] = await Promise.all([
    store.getDocumentVersion(tenantId, PLAN_DOCUMENT),
    store.getDocumentVersion(tenantId, SNAPSHOT_DOCUMENT),
    store.getDocumentVersion(tenantId, SETTINGS_DOCUMENT),
    store.getDocumentVersion(tenantId, PBX_INVENTORY_DOCUMENT),
  ]);
  if (!plan) {
    if (!(await store.getTenant(tenantId))) throw new TenantNotFoundError(tenantId);
    throw new NoPlanError(tenantId);
  }
  if (!snapshot) throw new NoSnapshotError(tenantId);
  const key = { planVersion: plan.version, snapshotVersion: snapshot.version, settingsVersion: settings?.version ?? 0, inventoryVersion: inventory?.version ?? 0 };
  return { ...key, artefact: `${EXPORT_ARTEFACT_PREFIX}rollout-${key.planVersion}-s${key.snapshotVersion}-c${key.settingsVersion}-i${key.inventoryVersion}.xlsx` };
}

/** The current workbook's bytes when an export job has stored them; otherwise only the key. */
export async function storedRolloutExport(store: Store, tenantId: string): Promise<{ key: RolloutExportKey; bytes?: Buffer }> {
  const key = await rolloutExportKey(store, tenantId);
  const bytes = await store.artefacts.get(tenantId, key.artefact);
  return { key, ...(bytes && { bytes }) };
}

/**
 * The export job that will produce the current workbook: a queued export (it reads the versions when
 * it starts) or a running one for the same versions is reused, so repeated downloads queue one job.
 */
export async function requestRolloutExport(jobs: JobService, tenantId: string, key: RolloutExportKey, createdBy: string): Promise<Job> {
  const pending = (await jobs.list(tenantId, { type: 'export', limit: 10 })).find(
    (j) => !isFinished(j) && j.input?.kind !== 'files' && (j.state === 'queued' || j.input?.artefact === key.artefact),
  );
  if (pending) return pending;
  return jobs.enqueue(tenantId, { type: 'export', createdBy, input: { artefact: key.artefact } });
}
