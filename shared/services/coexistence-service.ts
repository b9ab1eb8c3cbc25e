/**
 * Coexistence as a use case: the plan's block splits, SBC routing table per wave, unassigned-number
 * treatments and voice routes, dial plans and extension collisions - each one page of a keyed read
 * model (coexistence-read-model.ts) - and the routing question with an extension dialled at a site,
 * turned into the number it reaches by that site's dial plan before the plan answers.
 */
import type { DialPlan, ExtensionCollision } from '../domain/plan';
import type { RouteAnswer } from '../domain/planning/routing-simulator';
import { createDocumentCache } from '../store/document-cache';
import type { CollectionPage, Store } from '../store/store';
import {
  afterKey,
  COEX_BLOCKS,
  COEX_COLLISIONS,
  COEX_DIAL_PLANS,
  COEX_ROUTES,
  COEX_SBC_RULES,
  type BlockSplitRow,
  type CoexistenceRoute,
  type CoexistenceRouteKind,
  type CoexistenceSummary,
  type SbcRuleSet,
} from './coexistence-read-model';
import { PLAN_DOCUMENT, type PlanHeader } from './plan-read-model';
import { NoPlanError, PlanInputError, type PlanService } from './plan-service';

export interface CoexistencePageQuery {
  offset?: number;
  limit?: number;
  /** Words the record's search text must contain (block id, site, carrier, numbers, patterns). */
  q?: string;
}

export interface CoexistenceOverview {
  builtAt: string;
  settingsVersion: number;
  waves: { number: number; name: string; date: string; time: string }[];
  /** null: the stored plan predates the coexistence read models; building the plan again adds them. */
  summary: CoexistenceSummary | null;
}

/** The routing question's answer; `dialled` says how an extension was read. */
export type CoexistenceRouteAnswer = RouteAnswer & {
  dialled?: { extension: string; siteId: string; dialPlan: string; rule: string; translated: string; pbxOnly: boolean };
};

export interface CoexistenceService {
  overview(tenantId: string): Promise<CoexistenceOverview>;
  blocks(tenantId: string, query: CoexistencePageQuery & { wave?: number; siteId?: string; flagged?: boolean; split?: boolean }): Promise<CollectionPage<BlockSplitRow>>;
  /** The complete SBC table in force after a stage (-1 = today), optionally one block's or one SBC's rules. */
  sbcRules(tenantId: string, query: CoexistencePageQuery & { afterWave: number; blockId?: string; sbcId?: string }): Promise<CollectionPage<SbcRuleSet>>;
  routes(tenantId: string, query: CoexistencePageQuery & { kind?: CoexistenceRouteKind; afterWave?: number }): Promise<CollectionPage<CoexistenceRoute>>;
  dialPlans(tenantId: string, query: CoexistencePageQuery & { siteId?: string }): Promise<CollectionPage<DialPlan>>;
  collisions(tenantId: string, query: CoexistencePageQuery & { siteId?: string }): Promise<CollectionPage<ExtensionCollision>>;
  /** Where a number - or an extension dialled at a site - rings on a date. */
  route(tenantId: string, question: { number: string; date: string; siteId?: string }): Promise<CoexistenceRouteAnswer>;
}

export const COEXISTENCE_ROUTE_KINDS: readonly CoexistenceRouteKind[] = ['teams-to-pbx', 'pbx-to-teams'];

/** Short digit strings are extensions (E.164 numbers have at least 7 digits after the country code). */
const EXTENSION = /^\d{2,7}$/;

export class ExtensionNotDialableError extends Error {
  readonly code = 'bad-input';
  constructor(message: string) {
    super(message);
    this.name = 'ExtensionNotDialableError';
  }
}

function searchTerms(q: string | undefined): string | undefined {
  const s = q?.trim().toLowerCase().replace(/\s+/g, ' ');
  return s ? s : undefined;
}

export function createCoexistenceService(store: Store, plans: PlanService): CoexistenceService {
  const documents = createDocumentCache(store);

  async function header(tenantId: string): Promise<PlanHeader> {
    const doc = await documents.get<PlanHeader>(tenantId, PLAN_DOCUMENT);
    // A plan document without its header (stored before read models) is upgraded by the plan service.
    if (!doc || !('artefact' in (doc.data as object))) {
      await plans.waves(tenantId);
      const again = await documents.get<PlanHeader>(tenantId, PLAN_DOCUMENT);
      if (!again) throw new NoPlanError(tenantId);
      return again.data;
    }
    return doc.data;
  }

  function page<T>(tenantId: string, collection: string, query: CoexistencePageQuery, keys: (string | undefined)[]): Promise<CollectionPage<T>> {
    const allKeys = keys.filter((k): k is string => !!k);
    return store.pageCollection<T>(tenantId, collection, {
      ...(allKeys.length ? { allKeys } : {}),
      search: searchTerms(query.q),
      offset: query.offset ?? 0,
      limit: query.limit ?? 100,
    });
  }

  function checkWave(h: PlanHeader, wave: number | undefined, allowToday: boolean): void {
    if (wave === undefined) return;
    if (allowToday && wave === -1) return;
    if (!h.waves.some((w) => w.number === wave)) {
      throw new PlanInputError(`The plan has no wave ${wave} (waves: ${h.waves.map((w) => w.number).join(', ') || 'none'}${allowToday ? '; -1 is today, before any wave' : ''}).`);
    }
  }

  /** The number an extension dialled at a site reaches, by the first rule of the site's dial plan that matches. */
  async function dialExtension(tenantId: string, extension: string, siteId: string): Promise<NonNullable<CoexistenceRouteAnswer['dialled']>> {
    const found = await store.pageCollection<DialPlan>(tenantId, COEX_DIAL_PLANS, { key: `site:${siteId}`, limit: 1 });
    const dialPlan = found.items[0];
    if (!dialPlan) throw new ExtensionNotDialableError(`Site ${siteId} has no dial plan in the plan (no extensions known there): ask with the full number.`);
    for (const rule of dialPlan.rules) {
      // Patterns come from the planner (digit classes and alternations over the site's own extensions).
      const re = new RegExp(rule.pattern);
      if (!re.test(extension)) continue;
      const translated = extension.replace(re, rule.translation);
      return { extension, siteId, dialPlan: dialPlan.name, rule: rule.name, translated, pbxOnly: translated.includes(';ext=') };
    }
    throw new ExtensionNotDialableError(`Extension ${extension} is not one of ${siteId}'s extensions in ${dialPlan.name}: no rule of its dial plan matches it.`);
  }

  return {
    async overview(tenantId) {
      const h = await header(tenantId);
      return {
        builtAt: h.builtAt,
        settingsVersion: h.settingsVersion,
        waves: h.waves.map((w) => ({ number: w.number, name: w.name, date: w.date, time: w.time })),
        summary: h.coexistence ?? null,
      };
    },

    async blocks(tenantId, query) {
      checkWave(await header(tenantId), query.wave, false);
      const keys = [query.siteId && `site:${query.siteId}`, query.wave !== undefined ? `wave:${query.wave}` : undefined, query.flagged ? 'flagged' : undefined, query.split ? 'split' : undefined];
      return page<BlockSplitRow>(tenantId, COEX_BLOCKS, query, keys);
    },

    async sbcRules(tenantId, query) {
      checkWave(await header(tenantId), query.afterWave, true);
      return page<SbcRuleSet>(tenantId, COEX_SBC_RULES, query, [afterKey(query.afterWave), query.blockId && `block:${query.blockId}`, query.sbcId && `sbc:${query.sbcId}`]);
    },

    async routes(tenantId, query) {
      checkWave(await header(tenantId), query.afterWave, true);
      return page<CoexistenceRoute>(tenantId, COEX_ROUTES, query, [query.kind && `kind:${query.kind}`, query.afterWave !== undefined ? afterKey(query.afterWave) : undefined]);
    },

    async dialPlans(tenantId, query) {
      await header(tenantId);
      return page<DialPlan>(tenantId, COEX_DIAL_PLANS, query, [query.siteId && `site:${query.siteId}`]);
    },

    async collisions(tenantId, query) {
      await header(tenantId);
      return page<ExtensionCollision>(tenantId, COEX_COLLISIONS, query, [query.siteId && `site:${query.siteId}`]);
    },

    async route(tenantId, question) {
      const text = question.number.trim();
      const digits = text.replace(/[\s-]/g, '');
      if (!EXTENSION.test(digits)) return plans.route(tenantId, text, question.date);
      if (!question.siteId) throw new ExtensionNotDialableError(`"${text}" looks like an extension: choose the site it is dialled at, or ask with the full number.`);
      await header(tenantId);
      const dialled = await dialExtension(tenantId, digits, question.siteId);
      if (dialled.pbxOnly) {
        // A PBX-only extension has no number of its own: the call goes to the site's main number with ;ext=.
        const [main] = dialled.translated.split(';');
        const answer = await plans.route(tenantId, main, question.date);
        return {
          ...answer,
          number: dialled.translated,
          target: 'pbx',
          hops: ['caller (Teams)', ...answer.hops.filter((h) => h.startsWith('SBC')), 'PBX', `extension ${digits}`],
          explanation: `Extension ${digits} at ${question.siteId} lives only on the PBX (no DID): ${dialled.dialPlan} sends it as ${dialled.translated} through the SBC to the PBX.`,
          dialled,
        };
      }
      return { ...(await plans.route(tenantId, dialled.translated, question.date)), dialled };
    },
  };
}
