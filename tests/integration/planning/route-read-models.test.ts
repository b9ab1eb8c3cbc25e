/**
 * The routing question answered from the stored plan's read models (plan-route-facts.ts) gives the
 * answer the whole plan gives, for every number the plan knows and the numbers around its blocks, on
 * the days around every wave; the bot finds the members with a number or an extension through the same
 * number index as through the plan artefact; and a plan stored before the index is answered from its
 * artefact.
 */
import { seedDemoPlan } from '../../../server/local-demo';
import type { Plan } from '../../../shared/domain/plan';
import { e164ToNumber, numberToE164 } from '../../../shared/domain/planning/number-ranges';
import { addDays } from '../../../shared/domain/planning/plan-dates';
import { routeFactsOf } from '../../../shared/domain/planning/route-facts';
import { answerRoute, type RouteAnswer } from '../../../shared/domain/planning/routing-simulator';
import type { AppServices } from '../../../shared/services/app-services';
import { PLAN_DOCUMENT, planReadModels, type PlanHeader } from '../../../shared/services/plan-read-model';
import { storedRouteFacts } from '../../../shared/services/plan-route-facts';
import { loadSnapshotSites } from '../../../shared/services/snapshot-repository';
import { PLAN_NUMBER_INDEX } from '../../../shared/services/record-indexes';
import { createAssistantQueries } from '../../../shared/services/assistant-queries';
import { withSyncedDemoTenant } from '../../support/demo';

const NOW = new Date('2026-03-01T09:00:00.000Z');

/** The numbers worth asking about: every member's, and each block's edges, middle and neighbours. */
function numbersOf(plan: Plan): string[] {
  const numbers = new Set<string>(['+12065550100', '+442079460000']);
  for (const w of plan.waves) for (const m of w.members) if (m.numberToAssign) numbers.add(m.numberToAssign);
  for (const w of plan.waves) for (const n of [...(w.mainNumbers ?? []), ...(w.groupNumbers ?? [])]) numbers.add(n.number);
  for (const b of plan.blockSplits) {
    if (!b.first || !b.last) continue;
    const [low, high] = [e164ToNumber(b.first), e164ToNumber(b.last)];
    for (const v of [low - 1, low, Math.floor((low + high) / 2), high, high + 1]) numbers.add(numberToE164(v));
  }
  return [...numbers];
}

function datesOf(plan: Plan): string[] {
  return [plan.inputs.today, ...plan.waves.flatMap((w) => [addDays(w.date, -1), w.date, addDays(w.date, 1)])];
}

/** Stores `plan`'s read models as a tenant of their own and compares every answer; returns what the answers were. */
async function compareAnswers(services: AppServices, tenantId: string, plan: Plan): Promise<{ targets: Set<RouteAnswer['target']>; byRule: number; withOwner: number; withVoiceApp: number }> {
  const { header, changes } = planReadModels(plan, { settingsVersion: 1, builtAt: NOW.toISOString(), artefact: 'plan/none.json' });
  await services.store.upsertTenant(tenantId, tenantId);
  await services.store.commit(tenantId, 'test', changes);
  const targets = new Set<RouteAnswer['target']>();
  let byRule = 0;
  let withOwner = 0;
  let withVoiceApp = 0;
  for (const number of numbersOf(plan)) {
    const stored = await storedRouteFacts(services.store, tenantId, header, number);
    expect(stored).toBeDefined();
    const whole = routeFactsOf(plan, number);
    for (const date of datesOf(plan)) {
      const answer = answerRoute(stored!, number, date);
      expect(answer).toEqual(answerRoute(whole, number, date));
      targets.add(answer.target);
      if (answer.rule) byRule++;
      if (answer.owner) withOwner++;
      if (answer.voiceApp) withVoiceApp++;
    }
  }
  return { targets, byRule, withOwner, withVoiceApp };
}

describe('routing questions from the read models', () => {
  it('answer as the whole plan does, and a plan stored before them is answered from its artefact', async () => {
    await withSyncedDemoTenant(NOW, async (services, tenantId) => {
      await seedDemoPlan(services, tenantId);
      const { plan } = (await services.plan.get(tenantId))!;
      expect(plan.blockSplits.some((b) => b.moves.length > 1)).toBe(true);
      // The plan as stored, then as the service answers.
      const asBuilt = await compareAnswers(services, 'as-built', plan);
      expect([...asBuilt.targets]).toEqual(expect.arrayContaining(['pbx', 'teams', 'unknown']));
      expect(asBuilt.byRule).toBeGreaterThan(100);
      expect(asBuilt.withOwner).toBeGreaterThan(100);
      // The demo's main numbers and group pilots: whose they are, from their own records.
      expect(asBuilt.withVoiceApp).toBeGreaterThan(10);
      const member = plan.waves.flatMap((w) => w.members).find((m) => m.numberToAssign)!;
      const viaService = await services.plan.route(tenantId, member.numberToAssign!, plan.waves.at(-1)!.date);
      // The service names operators as the settings do.
      const { settings } = await services.decisions.getSettings(tenantId);
      const names = { operator: (id: string) => settings.operators.find((o) => o.id === id)?.name };
      expect(viaService).toEqual(answerRoute(routeFactsOf(plan, member.numberToAssign!), member.numberToAssign!, plan.waves.at(-1)!.date, names));
      const onOperator = plan.waves.flatMap((w) => w.members).find((m) => m.numberToAssign && m.path === 'OC' && m.operatorId)!;
      const ported = await services.plan.route(tenantId, onOperator.numberToAssign!, addDays(plan.waves.at(-1)!.date, 1));
      expect(ported.hops).toContain(`operator ${names.operator(onOperator.operatorId!)}`);
      // A main number is named by its site's name, the bot's and the tab's answer alike.
      const mainWave = plan.waves.find((w) => w.mainNumbers?.length)!;
      const main = mainWave.mainNumbers![0];
      const siteName = (await loadSnapshotSites(services.store, tenantId)).find((x) => x.id === main.siteId)!.name;
      const mainAnswer = await services.plan.route(tenantId, main.number, addDays(mainWave.date, 1));
      expect(mainAnswer).toMatchObject({ target: 'teams', voiceApp: { kind: 'auto-attendant', label: `the main number of ${siteName}` }, wave: { number: mainWave.number, moved: true } });
      expect(mainAnswer.explanation).toContain(`(the main number of ${siteName}, on its auto attendant since wave ${mainWave.number})`);
      // Asked by the site's name and a wave instead of the number and a date: the same answer.
      expect(await services.plan.route(tenantId, `${siteName.toUpperCase()}'s main number`, `after wave ${mainWave.number}`)).toEqual(mainAnswer);
      await expect(services.plan.route(tenantId, 'the main number of Atlantis', 'today')).rejects.toThrow('No site is called "Atlantis".');
      const withMain = new Set(plan.waves.flatMap((w) => (w.mainNumbers ?? []).map((m) => m.siteId)));
      const without = (await loadSnapshotSites(services.store, tenantId)).find((x) => !withMain.has(x.id))!;
      await expect(services.plan.route(tenantId, `main number of ${without.name}`, 'today')).rejects.toThrow(`The plan moves no main number of ${without.name} to an auto attendant`);
      await expect(services.plan.route(tenantId, main.number, 'after wave 99')).rejects.toThrow(/^The plan has no wave 99/);

      // Blocks an export can hold: one of two million numbers (keyed as wide) in front of the others, which
      // then holds their numbers first; and a number given to two people (the first member wins).
      const [first] = plan.blockSplits.filter((b) => b.first);
      const wide = { ...first, blockId: 'wide-block', first: numberToE164(e164ToNumber(first.first!) - 1_000_000), last: numberToE164(e164ToNumber(first.first!) + 1_000_000) };
      const members = plan.waves.flatMap((w) => w.members).filter((m) => m.numberToAssign);
      const twice = { ...plan, blockSplits: [wide, ...plan.blockSplits], waves: plan.waves.map((w, i) => (i === plan.waves.length - 1 ? { ...w, members: [...w.members, { ...members[0], personId: 'someone-else' }] } : w)) };
      await compareAnswers(services, 'odd-blocks', twice);
      expect(routeFactsOf(twice, first.first!).block?.blockId).toBe('wide-block');

      // Stored before the number index: the artefact answers, the same.
      const header = (await services.store.getDocument<PlanHeader>(tenantId, PLAN_DOCUMENT))!.data;
      await services.store.commit(tenantId, 'test', [{ type: 'replace-collection', collection: PLAN_NUMBER_INDEX, items: [] }]);
      expect(await storedRouteFacts(services.store, tenantId, header, member.numberToAssign!)).toBeUndefined();
      expect(await services.plan.route(tenantId, member.numberToAssign!, plan.waves.at(-1)!.date)).toEqual(viaService);
    });
  });

  it("find a number's or an extension's members as the plan artefact does, for the bot", async () => {
    await withSyncedDemoTenant(NOW, async (services, demoTenantId) => {
      await seedDemoPlan(services, demoTenantId);
      const built = (await services.plan.get(demoTenantId))!.plan;
      // Members whose number today is not the one they are given (ported elsewhere, or given none).
      let k = 0;
      const plan: Plan = {
        ...built,
        waves: built.waves.map((w) => ({
          ...w,
          members: w.members.map((m) => (k++ % 7 === 0 ? { ...m, currentDid: numberToE164(900_000_000_000 + k), ...(k % 2 === 0 && { numberToAssign: undefined }) } : m)),
        })),
      };
      // Stored as a plan of its own: its artefact, its header and its read models.
      const tenantId = 'numbers-moved';
      const { header, changes } = planReadModels(plan, { settingsVersion: 1, builtAt: NOW.toISOString(), artefact: 'plan/moved.json' });
      await services.store.upsertTenant(tenantId, tenantId);
      await services.store.artefacts.put(tenantId, 'plan/moved.json', JSON.stringify(plan));
      await services.store.commit(tenantId, 'test', [{ type: 'put-document', kind: PLAN_DOCUMENT, data: header }, ...changes]);
      const members = plan.waves.flatMap((w) => w.members);
      const questions = [
        ...new Set(members.flatMap((m) => [m.extension !== undefined && `ext:${m.extension}`, m.numberToAssign, m.currentDid].filter((q): q is string => !!q))),
        'ext:0000',
        '+12065550100',
      ].map((q) => (q.startsWith('ext:') ? { extension: q.slice(4) } : { e164: q }));
      expect(questions.length).toBeGreaterThan(300);
      const ask = (queries: ReturnType<typeof createAssistantQueries>) => Promise.all(questions.map((q) => queries.membersByNumber(tenantId, q)));
      const viaIndex = await ask(createAssistantQueries(services));
      expect(viaIndex.filter((found) => found.length > 1).length).toBeGreaterThan(0); // extensions used at several sites
      expect(viaIndex.filter((found, i) => found.length && questions[i].e164 && found.every((m) => m.numberToAssign !== questions[i].e164)).length).toBeGreaterThan(10);
      await services.store.commit(tenantId, 'test', [{ type: 'replace-collection', collection: PLAN_NUMBER_INDEX, items: [] }]);
      expect(await ask(createAssistantQueries(services))).toEqual(viaIndex);
    });
  });
});
