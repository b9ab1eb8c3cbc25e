/**
 * Export as a use case: gathers the stored plan, the snapshot, the settings and the decisions
 * (recommendations, costs, SBC sizing, readiness) into one ExportInput, then calls the writers. The
 * CLI, the tab API and the bot all come through here. `generatedAt` is the time the plan was built,
 * so exporting the same stored plan twice gives the same files.
 */
import type { Writable } from 'node:stream';
import { ExportInput, FILE_NAMES, PersonSummary } from '../export/export-input';
import { exportFiles, ExportOptions, ExportResult } from '../export/export-files';
import { writeRolloutWorkbook } from '../export/rollout-workbook';
import type { Store } from '../store/store';
import type { DecisionService } from './decision-service';
import type { TenantSnapshot } from '../domain/tenant-snapshot';
import type { PbxInventory } from '../domain/pbx-inventory';
import { NoPlanError, PLAN_DOCUMENT, PlanService, type StoredPlan } from './plan-service';
import { huntingOf, readGroupHunting } from './pbx-record-reader';
import { loadSnapshot } from './snapshot-repository';
import { TenantNotFoundError } from './status-service';
import { NoSnapshotError } from './decision-service';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface ExportService {
  /**
   * Everything the writers need, from the store. Throws not-found errors when a step is missing.
   * `built`: the plan just built and the snapshot it was built from, so they are not read again.
   */
  loadInput(tenantId: string, built?: BuiltInputs): Promise<ExportInput>;
  /** Writes the whole export (or one wave's files) into a directory. */
  exportToDirectory(tenantId: string, outDir: string, options?: ExportOptions): Promise<ExportResult>;
  /**
   * The same from an input read beforehand (loadInput): a caller that built the plan from a snapshot
   * it holds (`vmp run`) lets go of the snapshot before the files are written.
   */
  writeToDirectory(input: ExportInput, outDir: string, options?: ExportOptions): Promise<ExportResult>;
  /** Streams the rollout workbook. */
  streamRolloutWorkbook(tenantId: string, output: Writable): Promise<void>;
  /**
   * Loads everything first (so a missing plan fails before any byte or header is sent), then hands
   * back the file name and a writer (the export job stores what it writes for the API and the bot).
   */
  prepareRolloutWorkbook(tenantId: string): Promise<PreparedWorkbook>;
  /** An ASCII-safe download name built from the tenant's name, e.g. `contoso-rollout-plan-2026-11-25.xlsx`. */
  rolloutFileName(tenantId: string): Promise<string>;
}

/** Letters, digits and dashes only: safe in a Content-Disposition header and on every file system. */
export function asciiFileStem(name: string): string {
  const stem = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 60);
  return stem || 'tenant';
}

/** What a caller that has just built the plan already holds (`vmp run`: the plan and the snapshot it was built from). */
export interface BuiltInputs {
  plan: StoredPlan;
  snapshot: TenantSnapshot;
  /** The PBX inventory in hand (a store that keeps documents only has no groups to read). */
  inventory?: PbxInventory;
}

export interface PreparedWorkbook {
  fileName: string;
  contentType: string;
  write(output: Writable): Promise<void>;
}

export function createExportService(store: Store, decisions: DecisionService, plans: PlanService): ExportService {
  async function loadInput(tenantId: string, built?: BuiltInputs): Promise<ExportInput> {
    const tenant = await store.getTenant(tenantId);
    if (!tenant) throw new TenantNotFoundError(tenantId);
    const stored = built?.plan ?? (await plans.get(tenantId));
    if (!stored) throw new NoPlanError(tenantId);
    const snapshot = built?.snapshot ?? (await loadSnapshot(store, tenantId));
    if (!snapshot) throw new NoSnapshotError(tenantId);
    // The snapshot just read is handed on, so the decisions (when not cached) do not read it again.
    const [settingsDoc, view, hunting] = await Promise.all([
      decisions.getSettings(tenantId),
      decisions.getDecisions(tenantId, { snapshot }),
      built?.inventory ? huntingOf(built.inventory.groups) : readGroupHunting(store, tenantId),
    ]);

    const wanted = new Set<string>([...stored.plan.blocked.map((b) => b.personId), ...stored.plan.stayingOnPbx.map((s) => s.personId)]);
    for (const g of view.readiness.gates) if (g.personId) wanted.add(g.personId);
    const people = new Map<string, PersonSummary>();
    for (const p of snapshot.people) {
      if (wanted.has(p.id)) {
        people.set(p.id, { userPrincipalName: p.userPrincipalName, displayName: p.displayName, department: p.department, siteId: p.siteId });
      }
    }
    let plan = stored.plan;
    const currentVersion = settingsDoc.version ?? 0;
    if (currentVersion !== stored.settingsVersion) {
      // The costs and recommendations below come from the current settings; say so rather than mislead.
      plan = {
        ...plan,
        assumptions: [
          `The plan was built from settings version ${stored.settingsVersion}; the settings are now version ${currentVersion}. Rebuild the plan to bring them together.`,
          ...plan.assumptions,
        ],
      };
    }
    return {
      tenant: { id: tenant.tenantId, name: tenant.displayName },
      generatedAt: stored.builtAt,
      plan,
      sites: snapshot.sites,
      person: (id) => people.get(id),
      settings: settingsDoc.settings,
      recommendations: view.recommendations,
      siteCosts: view.costs.sites,
      sbcSizing: view.costs.sbcs,
      readiness: view.readiness.gates,
      ...(snapshot.licenceSeats && { licenceSeats: snapshot.licenceSeats }),
      ...(hunting.size && { hunting }),
    };
  }

  return {
    loadInput,
    async exportToDirectory(tenantId, outDir, options) {
      return exportFiles(await loadInput(tenantId), outDir, options);
    },
    writeToDirectory: (input, outDir, options) => exportFiles(input, outDir, options),
    async streamRolloutWorkbook(tenantId, output) {
      await writeRolloutWorkbook(await loadInput(tenantId), output);
    },
    async prepareRolloutWorkbook(tenantId) {
      const input = await loadInput(tenantId);
      const fileName = await rolloutFileName(tenantId);
      return { fileName, contentType: XLSX_CONTENT_TYPE, write: (output) => writeRolloutWorkbook(input, output) };
    },
    rolloutFileName,
  };

  async function rolloutFileName(tenantId: string): Promise<string> {
    const tenant = await store.getTenant(tenantId);
    if (!tenant) throw new TenantNotFoundError(tenantId);
    // The plan header's build time, not the whole plan: the download route asks for every download.
    const header = await store.getDocument<{ builtAt?: string }>(tenantId, PLAN_DOCUMENT);
    const date = (header?.data.builtAt ?? '').slice(0, 10);
    const base = FILE_NAMES.rolloutWorkbook.replace(/\.xlsx$/, '');
    return `${asciiFileStem(tenant.displayName)}-${base}${/^\d{4}-\d{2}-\d{2}$/.test(date) ? `-${date}` : ''}.xlsx`;
  }
}
