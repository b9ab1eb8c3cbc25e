/**
 * One site as the tab's site panel shows it: recommendation with reasons, the decision and the site's
 * attributes as stored (the values a change sends as `expected`), the operators and SBCs that serve the
 * site's country (nothing else is offered), cost per path, site gates by path (so the panel can say what
 * a different path would do to readiness before saving), emergency address state, DID blocks and how the
 * plan splits them, and the waves the site is in. Read by key: the site's records, never the tenant.
 */
import type { ReadinessGate, SiteCost, SiteRecommendation } from '../domain/decision-types';
import type { NumberBlock } from '../domain/pbx-inventory';
import type { PlanningSettings, SiteAttributes, SiteDecision } from '../domain/planning-settings';
import type { Site } from '../domain/tenant-snapshot';
import { siteCountsInWave } from '../domain/planning/migration-status';
import { createDocumentCache } from '../store/document-cache';
import type { Store } from '../store/store';
import { DECISION_SITES, DECISIONS_DOCUMENT, READINESS_GATES, type DecisionSiteRecord, type DecisionsHeader } from './decisions-read-model';
import { SETTINGS_DOCUMENT } from './decision-service';
import { readSiteBlocks } from './pbx-record-reader';
import type { BlockSplitSummary, PlanPersonIndex } from './plan-person-index';
import { PLAN_DOCUMENT, type PlanHeader } from './plan-read-model';
import { pageMigrationSites } from './migration-status-read-model';
import { SNAPSHOT_SITES } from './snapshot-repository';


export class SiteNotFoundError extends Error {
  readonly code = 'not-found';
  constructor(readonly siteId: string) {
    super(`No site "${siteId}" in the synced tenant.`);
    this.name = 'SiteNotFoundError';
  }
}

export interface SiteOperatorOption {
  id: string;
  name: string;
  /** Enabled in the Teams admin center for the site's country. */
  enabled: boolean;
  pricePerUserPerMonth: number;
}

export interface SiteSbcOption {
  id: string;
  fqdn: string;
  /** Why it is offered: it names the site, or it serves the site's country. */
  serves: 'site' | 'country';
  voiceRoutingPolicy?: string;
}

export interface SiteDetail {
  site: Pick<Site, 'id' | 'name' | 'countryCode' | 'address' | 'source'>;
  people: number;
  recommendation?: SiteRecommendation;
  cost?: SiteCost;
  currency: string;
  readiness?: DecisionSiteRecord['readiness'];
  /** Site-level gates, each with the path it is about (none: every path). */
  siteGates: ReadinessGate[];
  decision: SiteDecision | null;
  attributes: SiteAttributes | null;
  operators: SiteOperatorOption[];
  sbcs: SiteSbcOption[];
  blocks: (Pick<NumberBlock, 'id' | 'first' | 'last' | 'count' | 'carrier' | 'accountNumber' | 'btn' | 'btnInBlock' | 'portConstraint' | 'currentDestination'> & {
    split?: BlockSplitSummary;
  })[];
  /** Each wave the site is in, with its people in that wave and how many have moved or drifted (once a plan status counts them). */
  waves: { number: number; name: string; date: string; people?: number; moved?: number; drifted?: number }[];
  settingsVersion: number | null;
}

export interface SiteDetailService {
  detail(tenantId: string, siteId: string): Promise<SiteDetail>;
}

/** Operators and SBCs that serve the site: by country (and, for SBCs, sites they name). */
export function siteOptions(settings: Partial<PlanningSettings> | undefined, siteId: string, countryCode: string | undefined): { operators: SiteOperatorOption[]; sbcs: SiteSbcOption[] } {
  const operators = (settings?.operators ?? [])
    .filter((o) => countryCode !== undefined && o.countries.includes(countryCode))
    .map((o) => ({ id: o.id, name: o.name, enabled: countryCode !== undefined && (o.enabledCountries ?? []).includes(countryCode), pricePerUserPerMonth: o.pricePerUserPerMonth }));
  const sbcs: SiteSbcOption[] = [];
  for (const s of settings?.sbcs ?? []) {
    const serves = (s.siteIds ?? []).includes(siteId) ? 'site' : countryCode !== undefined && (s.countries ?? []).includes(countryCode) ? 'country' : undefined;
    if (serves) sbcs.push({ id: s.id, fqdn: s.fqdn, serves, ...(s.voiceRoutingPolicy && { voiceRoutingPolicy: s.voiceRoutingPolicy }) });
  }
  return { operators, sbcs };
}

export function createSiteDetailService(store: Store, index: PlanPersonIndex): SiteDetailService {
  const documents = createDocumentCache(store);
  return {
    async detail(tenantId, siteId) {
      const site = await store.getRecord<Site>(tenantId, SNAPSHOT_SITES, siteId);
      if (!site) throw new SiteNotFoundError(siteId);
      const [record, settingsDoc, header, planHeader, blocks, splits] = await Promise.all([
        store.getRecord<DecisionSiteRecord>(tenantId, DECISION_SITES, siteId),
        documents.get<PlanningSettings>(tenantId, SETTINGS_DOCUMENT),
        documents.get<DecisionsHeader>(tenantId, DECISIONS_DOCUMENT),
        documents.get<PlanHeader>(tenantId, PLAN_DOCUMENT),
        readSiteBlocks(store, tenantId, siteId),
        index.siteSplits(tenantId, siteId),
      ]);
      const settings = settingsDoc?.data;
      const codes = [...new Set(record?.readiness?.siteBlockers ?? [])];
      const siteGates: ReadinessGate[] = [];
      for (const code of codes) {
        const page = await store.pageCollection<ReadinessGate>(tenantId, READINESS_GATES, { allKeys: [`site:${siteId}`, `code:${code}`], limit: 20 });
        siteGates.push(...page.items.filter((g) => !g.personId));
      }
      const warnings = await store.pageCollection<ReadinessGate>(tenantId, READINESS_GATES, { allKeys: [`site:${siteId}`, 'severity:warning'], limit: 50 });
      siteGates.push(...warnings.items.filter((g) => !g.personId));

      const waves = (planHeader?.data.waves ?? []).filter((w) => w.siteIds.includes(siteId));
      // The site's status record counts its people in each wave (one read; none before a plan status).
      const status = waves.length ? (await pageMigrationSites(store, tenantId, { siteId, limit: 1 })).items[0] : undefined;
      const splitByBlock = new Map(splits.map((s) => [s.blockId, s]));
      return {
        site: { id: site.id, name: site.name, countryCode: site.countryCode, address: site.address, source: site.source },
        people: header?.data.sites.find((s) => s.id === siteId)?.people ?? site.peopleCount ?? 0,
        ...(record?.recommendation && { recommendation: record.recommendation }),
        ...(record?.cost && { cost: record.cost }),
        currency: settings?.costs?.currency ?? header?.data.costs.currency ?? 'USD',
        ...(record?.readiness && { readiness: record.readiness }),
        siteGates,
        decision: settings?.decisions?.sites?.find((d) => d.siteId === siteId) ?? null,
        attributes: settings?.sites?.find((a) => a.siteId === siteId) ?? null,
        ...siteOptions(settings, siteId, site.countryCode),
        blocks: blocks.map((b) => ({
          id: b.id,
          first: b.first,
          last: b.last,
          count: b.count,
          carrier: b.carrier,
          accountNumber: b.accountNumber,
          btn: b.btn,
          btnInBlock: b.btnInBlock,
          portConstraint: b.portConstraint,
          currentDestination: b.currentDestination,
          ...(splitByBlock.get(b.id) && { split: splitByBlock.get(b.id) }),
        })),
        waves: waves.map((w) => {
          const counts = status && siteCountsInWave(status, w.number);
          return { number: w.number, name: w.name, date: w.date, ...(counts && { people: counts.total, moved: counts.done, drifted: counts.drifted }) };
        }),
        settingsVersion: settingsDoc?.version ?? null,
      };
    },
  };
}
