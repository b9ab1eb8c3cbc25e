/**
 * The plan as a use case: build it from the stored snapshot, PBX inventory and settings (through the
 * decision service, so the planner and every other surface agree on paths and readiness), store it as
 * one versioned document with its settings version, and answer questions from the stored plan:
 * summary, wave members, routing on a date, blockers, status against the latest snapshot.
 */
import type { Plan, WaveMember } from '../domain/plan';
import { buildPlan } from '../domain/planning/build-plan';
import { createHolidayLookup } from '../domain/planning/cutover-calendar';
import { computeMigrationStatus, type MigrationStatus } from '../domain/planning/migration-status';
import { isIsoDate } from '../domain/planning/plan-dates';
import { listBlockers, summarizePlan, type BlockersView, type PlanSummary } from '../domain/planning/plan-summary';
import { simulateRoute, type RouteAnswer } from '../domain/planning/routing-simulator';
import type { Store } from '../store/store';
import type { DecisionService } from './decision-service';
import { NoSnapshotError } from './decision-service';
import { loadInventory } from './pbx-import-service';
import { loadSnapshot } from './snapshot-repository';
import { TenantNotFoundError } from './status-service';

export const PLAN_DOCUMENT = 'plan';

export interface StoredPlan {
  /** The settings version the plan was built from: a newer settings version makes the plan stale. */
  settingsVersion: number;
  builtAt: string;
  plan: Plan;
}

export class NoPlanError extends Error {
  readonly code = 'not-found';
  constructor(readonly tenantId: string) {
    super(`Tenant ${tenantId} has no plan yet: build one with \`vmp plan --settings <file>\` or the Plan page in the tab.`);
    this.name = 'NoPlanError';
  }
}

export class PlanInputError extends Error {
  readonly code = 'bad-input';
  constructor(message: string) {
    super(message);
    this.name = 'PlanInputError';
  }
}

export interface BuildPlanOptions {
  /** yyyy-mm-dd; default: the service clock's UTC date. */
  today?: string;
  /** New planning settings to validate and save first (through the decision service). */
  settings?: unknown;
}

export interface BuildPlanResult {
  plan: Plan;
  summary: PlanSummary;
  /** The version of the stored plan document. */
  version: number;
  settingsVersion: number;
}

export interface WaveMembersPage {
  waveNumber: number;
  date: string;
  total: number;
  offset: number;
  limit: number;
  items: WaveMember[];
}

export interface PlanService {
  build(tenantId: string, actor: string, options?: BuildPlanOptions): Promise<BuildPlanResult>;
  get(tenantId: string): Promise<StoredPlan | undefined>;
  summary(tenantId: string): Promise<PlanSummary & { stale: boolean }>;
  waveMembers(tenantId: string, waveNumber: number, offset?: number, limit?: number): Promise<WaveMembersPage>;
  route(tenantId: string, number: string, date: string): Promise<RouteAnswer>;
  blockers(tenantId: string, waveNumber?: number): Promise<BlockersView>;
  migrationStatus(tenantId: string, today?: string): Promise<MigrationStatus>;
}

export function createPlanService(store: Store, decisions: DecisionService, now: () => Date): PlanService {
  // date-holidays is slow to evaluate: one cache for the process, shared by every build.
  const holidays = createHolidayLookup();
  const todayOf = (today?: string): string => {
    if (today === undefined) return now().toISOString().slice(0, 10);
    if (!isIsoDate(today)) throw new PlanInputError(`"${today}" is not a date: write it as yyyy-mm-dd.`);
    return today;
  };

  async function requirePlan(tenantId: string): Promise<StoredPlan> {
    const doc = await store.getDocument<StoredPlan>(tenantId, PLAN_DOCUMENT);
    if (!doc) {
      if (!(await store.getTenant(tenantId))) throw new TenantNotFoundError(tenantId);
      throw new NoPlanError(tenantId);
    }
    return doc.data;
  }

  return {
    async build(tenantId, actor, options = {}) {
      const today = todayOf(options.today);
      if (!(await store.getTenant(tenantId))) throw new TenantNotFoundError(tenantId);
      if (options.settings !== undefined) {
        const current = await decisions.getSettings(tenantId);
        await decisions.saveSettings(tenantId, actor, options.settings, current.version);
      }
      const snapshot = await loadSnapshot(store, tenantId);
      if (!snapshot) throw new NoSnapshotError(tenantId);
      const [inventory, settingsDoc, view] = await Promise.all([loadInventory(store, tenantId), decisions.getSettings(tenantId), decisions.getDecisions(tenantId)]);
      const settingsVersion = settingsDoc.version ?? 0;
      const plan = buildPlan({
        tenantId,
        snapshot,
        inventory,
        settings: settingsDoc.settings,
        effectivePaths: view.paths,
        readiness: view.readiness.gates,
        today,
        settingsVersion,
        holidays,
      });
      const previous = await store.getDocument<StoredPlan>(tenantId, PLAN_DOCUMENT);
      const stored: StoredPlan = { settingsVersion, builtAt: now().toISOString(), plan };
      await store.commit(tenantId, actor, [
        { type: 'put-document', kind: PLAN_DOCUMENT, data: stored, expectedVersion: previous?.version ?? null },
        {
          type: 'audit',
          action: 'plan.build',
          kind: PLAN_DOCUMENT,
          before: previous ? { version: previous.version, settingsVersion: previous.data.settingsVersion, waves: previous.data.plan.waves.length } : null,
          after: { settingsVersion, today, waves: plan.waves.length, unmet: plan.unmet.length },
        },
      ]);
      return { plan, summary: summarizePlan(plan), version: (previous?.version ?? 0) + 1, settingsVersion };
    },

    async get(tenantId) {
      return (await store.getDocument<StoredPlan>(tenantId, PLAN_DOCUMENT))?.data;
    },

    async summary(tenantId) {
      const stored = await requirePlan(tenantId);
      const settings = await decisions.getSettings(tenantId);
      return { ...summarizePlan(stored.plan), stale: (settings.version ?? 0) !== stored.settingsVersion };
    },

    async waveMembers(tenantId, waveNumber, offset = 0, limit = 100) {
      const { plan } = await requirePlan(tenantId);
      const wave = plan.waves.find((w) => w.number === waveNumber);
      if (!wave) throw new PlanInputError(`The plan has no wave ${waveNumber} (waves: ${plan.waves.map((w) => w.number).join(', ') || 'none'}).`);
      const o = Math.max(0, Math.floor(offset));
      const l = Math.min(1000, Math.max(1, Math.floor(limit)));
      return { waveNumber, date: wave.date, total: wave.members.length, offset: o, limit: l, items: wave.members.slice(o, o + l) };
    },

    async route(tenantId, number, date) {
      const { plan } = await requirePlan(tenantId);
      const snapshot = await loadSnapshot(store, tenantId);
      // National numbers are read in the tenant's main country (the first site's), else the US.
      const country = snapshot?.sites.find((s) => s.countryCode)?.countryCode ?? 'US';
      return simulateRoute(plan, number, date, { defaultCountry: country });
    },

    async blockers(tenantId, waveNumber) {
      const { plan } = await requirePlan(tenantId);
      return listBlockers(plan, waveNumber);
    },

    async migrationStatus(tenantId, today) {
      const { plan } = await requirePlan(tenantId);
      const snapshot = await loadSnapshot(store, tenantId);
      if (!snapshot) throw new NoSnapshotError(tenantId);
      return computeMigrationStatus(plan, snapshot, todayOf(today));
    },
  };
}
