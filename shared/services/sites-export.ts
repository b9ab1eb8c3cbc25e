/**
 * The Sites grid's current view as a workbook: the sites the admin sees, in the order they see them
 * (the grid filters and sorts a few thousand sites in the browser and sends their ids). Each site is
 * read by key - its decisions record and the stored settings - and written through the table sheet
 * writer, so no site name or note can become a formula.
 */
import type { Writable } from 'node:stream';
import { TableSheet } from '../export/sheet-writer';
import { openWorkbook } from '../export/workbook-writer';
import type { PlanningSettings } from '../domain/planning-settings';
import type { Site } from '../domain/tenant-snapshot';
import type { Store } from '../store/store';
import type { StateCounts } from '../domain/planning/migration-status';
import { readSiteCounts } from './migration-status-read-model';
import { DECISION_SITES, type DecisionSiteRecord } from './decisions-read-model';
import { SETTINGS_DOCUMENT } from './decision-service';
import { SNAPSHOT_SITES } from './snapshot-repository';

/** A large tenant has about 2,000 sites; the grid never shows more than this. */
export const SITES_EXPORT_MAX = 10_000;

export class SitesExportError extends Error {
  readonly code = 'bad-input';
}

/** Checks the request body: `{ siteIds: string[] }`, 1..10,000 ids of at most 200 characters. */
export function parseSiteIds(body: unknown): string[] {
  const ids = (body as { siteIds?: unknown } | undefined)?.siteIds;
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string' || id.length === 0 || id.length > 200)) {
    throw new SitesExportError('siteIds must be a list of site ids (text of 1 to 200 characters).');
  }
  if (ids.length === 0 || ids.length > SITES_EXPORT_MAX) throw new SitesExportError(`siteIds must hold 1 to ${SITES_EXPORT_MAX} sites; got ${ids.length}.`);
  return ids as string[];
}

export async function writeSitesWorkbook(store: Store, tenantId: string, siteIds: readonly string[], output: Writable, generatedAt: string): Promise<{ rows: number }> {
  const settings = (await store.getDocument<PlanningSettings>(tenantId, SETTINGS_DOCUMENT))?.data;
  const operatorName = new Map((settings?.operators ?? []).map((o) => [o.id, o.name]));
  const sbcName = new Map((settings?.sbcs ?? []).map((s) => [s.id, s.fqdn]));
  const decisions = new Map((settings?.decisions?.sites ?? []).map((d) => [d.siteId, d]));
  const attributes = new Map((settings?.sites ?? []).map((a) => [a.siteId, a]));
  const currency = settings?.costs?.currency ?? 'USD';

  const workbook = openWorkbook(output, generatedAt);
  const sheet = new TableSheet(workbook, 'Sites', [
    { header: 'Site', width: 28 },
    { header: 'Site id', width: 20 },
    { header: 'Country', width: 8 },
    { header: 'Users', width: 8, kind: 'integer' },
    { header: 'Recommended path', width: 10 },
    { header: 'Recommended with', width: 30 },
    { header: 'Why', width: 60, kind: 'wrap' },
    { header: 'Decided path', width: 10 },
    { header: 'Decided with', width: 30 },
    { header: 'Note', width: 30, kind: 'wrap' },
    { header: 'People blocked', width: 10, kind: 'integer' },
    { header: 'Site gates', width: 30 },
    { header: 'Emergency address', width: 12 },
    { header: `Monthly cost now (${currency})`, width: 12, kind: 'money' },
    { header: `OC monthly (${currency})`, width: 12, kind: 'money' },
    { header: `DR monthly (${currency})`, width: 12, kind: 'money' },
    { header: `CP monthly (${currency})`, width: 12, kind: 'money' },
    { header: `PBX monthly (${currency})`, width: 12, kind: 'money' },
    { header: 'People in the plan', width: 10, kind: 'integer' },
    { header: 'People moved', width: 10, kind: 'integer' },
  ]);
  // The grid's Moved column: each site's people against the plan (none before a plan).
  const progress = (await readSiteCounts(store, tenantId)) ?? new Map<string, StateCounts>();
  let rows = 0;
  for (const id of siteIds) {
    const [site, record] = await Promise.all([store.getRecord<Site>(tenantId, SNAPSHOT_SITES, id), store.getRecord<DecisionSiteRecord>(tenantId, DECISION_SITES, id)]);
    if (!site && !record) continue;
    const rec = record?.recommendation;
    const decision = decisions.get(id);
    const cheapest = (path: string) => {
      const options = (record?.cost?.options ?? []).filter((o) => o.path === path);
      return options.length ? Math.min(...options.map((o) => o.monthly)) : undefined;
    };
    const withWhom = (c: { operatorId?: string; sbcId?: string } | undefined) =>
      c?.operatorId ? operatorName.get(c.operatorId) ?? c.operatorId : c?.sbcId ? sbcName.get(c.sbcId) ?? c.sbcId : '';
    sheet.addRow([
      site?.name ?? rec?.siteName ?? id,
      id,
      site?.countryCode ?? rec?.countryCode,
      rec?.people ?? site?.peopleCount,
      rec?.path,
      withWhom(rec),
      rec?.reasons.join('\n'),
      decision?.path ?? 'not decided',
      withWhom(decision),
      decision?.note,
      record?.readiness?.blocked,
      record?.readiness?.siteBlockers.join(', '),
      attributes.get(id)?.emergencyAddress ?? 'missing',
      record?.cost?.current?.monthly,
      cheapest('OC'),
      cheapest('DR'),
      cheapest('CP'),
      cheapest('PBX'),
      progress.get(id)?.total,
      progress.get(id)?.done,
    ]);
    rows++;
  }
  sheet.commit();
  await workbook.commit();
  return { rows };
}

