/**
 * Answers one understood question: calls the shared services and queries (nothing here computes a
 * plan or reads a tenant whole) and returns what to say - cards and sentences - for the bot to send
 * as messages or, from a card's button, as the card's replacement.
 */
import { resolveDatePhrase, resolvePeriod } from '../../shared/domain/date-phrases';
import { RouteQuestionError } from '../../shared/domain/planning/routing-simulator';
import { mainNumberSiteRef } from '../../shared/domain/planning/route-phrases';
import type { AppServices } from '../../shared/services/app-services';
import type { AssistantQueries } from '../../shared/services/assistant-queries';
import type { PersonRow } from '../../shared/services/decisions-read-model';
import type { BlockersView } from '../../shared/domain/planning/plan-summary';
import type { SitesFilter } from '../../shared/domain/planning/migration-status';
import { readSiteCounts } from '../../shared/services/migration-status-read-model';
import {
  assistantBlockersCard,
  assistantHelpCard,
  changesCard,
  historyCard,
  cutoverCard,
  cutoversCard,
  didYouMeanCard,
  ordersCard,
  orderTrackedCard,
  overallStatusCard,
  personStatusCard,
  routeAnswerCard,
  siteStatusCard,
  sitesCard,
  pathsCard,
  peopleInStateCard,
  PEOPLE_PER_CARD,
  peopleStateQuestion,
  numbersCard,
  licencesCard,
  portingCard,
  sbcsCard,
  emergencyCard,
  type PeopleScope,
  wavesCard,
  SITES_PER_CARD,
  waveCard,
  waveName,
} from '../cards/assistant-cards';
import { BOT_COMMANDS } from '../cards';
import { mdMessage as md, type CardElement, type CardView } from '../cards/card-kit';
import type { Intent, PeopleState } from './intents';
import type { OrderUpdate } from './order-update';
import { OrderNotFoundError, orderTrackingSummary, parseTrackOrderInput, trackOrder } from '../../shared/services/order-tracking';
import { ConcurrencyConflictError } from '../../shared/store/store';
import { gatesNamedBy, resolveSubject, type Subject, type Suggestion } from './resolve';
import { READINESS_GATES } from '../../shared/domain/decisions/gate-catalogue';

export type Reply = { card: CardElement } | { text: string; suggestions?: string[] };

export interface AnswerContext {
  services: AppServices;
  queries: AssistantQueries;
  tenantId: string;
  /** The reader's day (yyyy-mm-dd in their time zone): what "today" and "next Friday" mean. */
  today: string;
  view: CardView;
  /** Admins may ask about named people anywhere; viewers only in a personal chat. */
  mayNamePeople: boolean;
  /** Who asks, for the changes the chat can make (an order's state); absent or `mayChange` false: answers only. */
  actor?: { name: string; mayChange: boolean };
}

const ERROR_SUGGESTIONS = ['help', 'status', 'blockers'];

/** The answer to a portfolio question where there is none to tell: said the same whatever the reason, so it reveals nothing. */
export const NO_PORTFOLIO =
  'I answer questions about customers only in an MSP tenant, to people granted on its customers in the portfolio settings. Here I can tell you about this organisation: ask me **status** or **help**.';

function say(text: string, suggestions?: string[]): Reply {
  return { text, ...(suggestions ? { suggestions } : {}) };
}

function show(card: CardElement): Reply {
  return { card };
}

/** Errors the services raise for questions that cannot be answered yet (no sync, no plan, no such wave). */
function expected(err: unknown): string | undefined {
  const code = (err as { code?: string })?.code;
  if (err instanceof RouteQuestionError || code === 'not-found' || code === 'bad-input') return (err as Error).message;
  return undefined;
}

export async function answer(ctx: AnswerContext, intent: Intent): Promise<Reply[]> {
  try {
    return await answerIntent(ctx, intent);
  } catch (err) {
    const message = expected(err);
    if (message !== undefined) return [say(md(message), ERROR_SUGGESTIONS)];
    throw err;
  }
}

async function answerIntent(ctx: AnswerContext, intent: Intent): Promise<Reply[]> {
  switch (intent.kind) {
    case 'help':
      return [show(assistantHelpCard(BOT_COMMANDS, ctx.view))];
    case 'status':
      return [await overallStatus(ctx)];
    case 'status-of':
      return statusOf(ctx, intent.subject);
    case 'blockers':
      return blockers(ctx, intent.subject);
    case 'wave':
      return statusOf(ctx, 'number' in intent.wave ? `wave ${intent.wave.number}` : `${intent.wave.relative} wave`);
    case 'cutover-when':
      return cutoverWhen(ctx, intent.subject);
    case 'orders-due':
      return ordersDue(ctx, intent.period, intent.which);
    case 'track-order':
      return trackOrderFromChat(ctx, intent.update);
    case 'sites':
      return sitesList(ctx, intent.filter, intent.page);
    case 'waves':
      return wavesList(ctx, intent.page);
    case 'porting': {
      const porting = await ctx.queries.porting(ctx.tenantId, ctx.today);
      return porting ? [show(portingCard(porting, ctx.view))] : [noPlan()];
    }
    case 'emergency':
      return emergency(ctx, intent.subject);
    case 'cost': {
      const paths = await ctx.queries.pathsAndCost(ctx.tenantId);
      if (!paths) return [say('There are no recommendations yet: sync the tenant first (the Overview page of the tab or `vmp sync`).', ['status', 'help'])];
      return [show(pathsCard(paths, ctx.view))];
    }
    case 'sbcs': {
      const sbcs = await ctx.queries.sbcs(ctx.tenantId);
      if (!sbcs) return [say('There are no recommendations yet: sync the tenant first (the Overview page of the tab or `vmp sync`).', ['status', 'help'])];
      return [show(sbcsCard(sbcs, ctx.view))];
    }
    case 'people':
      return peopleInState(ctx, intent.state, intent.subject, intent.page);
    case 'numbers':
      return [show(numbersCard(await ctx.services.status(ctx.tenantId), ctx.view))];
    case 'licences':
      return [show(licencesCard(await ctx.services.plan.licences(ctx.tenantId), ctx.view))];
    case 'changes':
      return [show(changesCard(await ctx.queries.changesSinceSync(ctx.tenantId), ctx.view, !ctx.mayNamePeople))];
    case 'history':
      // Each entry names who made it.
      if (!ctx.mayNamePeople) return [peopleRefused()];
      return [show(historyCard(await ctx.queries.recentHistory(ctx.tenantId, intent.about), ctx.view, intent.about))];
    case 'route':
      return route(ctx, intent.number, intent.date);
    case 'cutovers':
      return cutovers(ctx, intent.period);
    case 'portfolio':
      // Reached only when the bot found no portfolio for this sender (portfolio-respond.ts answers otherwise).
      // "Cutovers this week" without naming customers is about this organisation's own waves.
      if (intent.question.about === 'cutovers' && !intent.question.customersNamed) return cutovers(ctx, intent.question.period ?? 'in the next 30 days');
      return [say(NO_PORTFOLIO, ['status', 'help'])];
    case 'plan':
    case 'subscription':
      // Sent by the bot itself (file consent, the Proactive module): they talk to Teams directly.
      return [];
    case 'unknown': {
      // A command word alone (picked from the menu): how to ask it.
      const command = BOT_COMMANDS.find((c) => c.name === intent.text);
      if (command) return [say(`${command.description} Ask me like this: **${md(command.example)}**`, [command.example, 'help'])];
      return [
        say(`I did not understand "${md(intent.text)}". Ask me in a few words, for example **status of Berlin** or **blockers wave 2**.`, ERROR_SUGGESTIONS),
      ];
    }
  }
}

async function overallStatus(ctx: AnswerContext): Promise<Reply> {
  const [status, progress] = await Promise.all([
    ctx.services.status(ctx.tenantId),
    // Wave progress once a plan exists; no plan (or no snapshot) yet is not an error here.
    ctx.services.plan.migrationSummary(ctx.tenantId, ctx.today).catch((err: { code?: string }) => {
      if (err?.code === 'not-found') return undefined;
      throw err;
    }),
  ]);
  // The plan exists when its progress does: its waves, and whether settings saved since make it stale (read together).
  const [waves, stale] = progress
    ? await Promise.all([ctx.queries.waves(ctx.tenantId), ctx.services.plan.summary(ctx.tenantId).then((s) => s.stale)])
    : [undefined, false];
  return show(overallStatusCard(status, progress, waves, ctx.today, ctx.view, stale));
}

function noPlan(): Reply {
  return say('There is no plan yet: build one on the Plan page of the tab or with `vmp plan`.', ['status', 'help']);
}

function noWave(s: Extract<Subject, { type: 'no-wave' }>): Reply {
  const numbers = s.waves.map((w) => w.number);
  const range = numbers.length ? `waves ${numbers[0] === 0 ? '0 (the pilot)' : numbers[0]} to ${numbers[numbers.length - 1]}` : 'no waves';
  return say(`There is no ${md(s.asked)}: the plan has ${range}.`, numbers.length ? [`wave ${numbers[0]}`, 'next wave', 'status'] : ['status']);
}

function unknownSubject(ctx: AnswerContext, s: Extract<Subject, { type: 'unknown' }>, question: (name: string) => string): Reply {
  return show(didYouMeanCard(s.asked, s.suggestions.map((x: Suggestion) => ({ label: x.label, text: question(x.name) })), ctx.view));
}

function peopleRefused(): Reply {
  return say('In a channel or group chat I answer about named people only to admins. Ask me in a personal chat.', ['status', 'help']);
}

async function waveDetails(ctx: AnswerContext, s: Extract<Subject, { type: 'wave' }>): Promise<Reply> {
  const w = s.wave;
  const [sites, progress, siteProgress, blockers] = await Promise.all([
    ctx.queries.sites(ctx.tenantId),
    ctx.services.plan.migrationSummary(ctx.tenantId, ctx.today).catch(() => undefined),
    // Each of the wave's sites with the counts of its people in this wave (a few dozen sites: one page).
    readSiteCounts(ctx.services.store, ctx.tenantId, w.number).catch(() => undefined),
    ctx.services.plan.blockers(ctx.tenantId, w.number),
  ]);
  const names = new Map(sites.map((x) => [x.id, x.name]));
  const i = s.waves.indexOf(w);
  const counted = progress?.waves.find((x) => x.number === w.number);
  return show(
    waveCard(
      {
        wave: w,
        sites: w.siteIds.map((id) => ({ name: names.get(id) ?? id, counts: siteProgress?.get(id) })),
        counts: counted?.counts,
        pilots: counted?.pilots,
        mainNumbers: counted?.mainNumbers,
        commonAreaPhones: counted?.commonAreaPhones,
        blocked: blockers.total,
        ...(i > 0 ? { previous: s.waves[i - 1].number } : {}),
        ...(i >= 0 && i < s.waves.length - 1 ? { next: s.waves[i + 1].number } : {}),
      },
      ctx.view,
    ),
  );
}

async function personStatus(ctx: AnswerContext, person: PersonRow, note?: string): Promise<Reply> {
  if (!ctx.mayNamePeople) return peopleRefused();
  return show(personStatusCard(await ctx.queries.personStatus(ctx.tenantId, person, ctx.today), ctx.view, note));
}

async function statusOf(ctx: AnswerContext, subjectText: string): Promise<Reply[]> {
  const s = await resolveSubject({ queries: ctx.queries, tenantId: ctx.tenantId, today: ctx.today }, subjectText);
  switch (s.type) {
    case 'no-plan':
      return [noPlan()];
    case 'no-wave':
      return [noWave(s)];
    case 'wave':
      return [await waveDetails(ctx, s)];
    case 'site':
      return [show(siteStatusCard(await ctx.queries.siteStatus(ctx.tenantId, s.site), ctx.today, ctx.view, s.note))];
    case 'person':
    case 'number':
    case 'gate':
      return aboutNamed(ctx, s);
    case 'unknown':
      return [unknownSubject(ctx, s, (name) => `status of ${name}`)];
  }
}

/** A person, a number or a gate, named where a site or a wave could be: the answer about it. */
async function aboutNamed(ctx: AnswerContext, s: Extract<Subject, { type: 'person' | 'number' | 'gate' }>): Promise<Reply[]> {
  switch (s.type) {
    case 'person':
      return [await personStatus(ctx, s.person, s.note)];
    case 'number':
      // A person's number is a question about that person.
      if (s.person) return [await personStatus(ctx, s.person)];
      return route(ctx, s.e164, 'today');
    case 'gate':
      return blockers(ctx, s.code);
  }
}

async function blockers(ctx: AnswerContext, subjectText?: string): Promise<Reply[]> {
  const hideNames = !ctx.mayNamePeople;
  if (!subjectText) {
    const view = await ctx.services.plan.blockers(ctx.tenantId);
    return [show(assistantBlockersCard(view, { again: 'blockers', hideNames }, ctx.view))];
  }
  const waves = await ctx.queries.waves(ctx.tenantId);
  if (!waves) return [noPlan()];
  const summary = await ctx.services.plan.blockers(ctx.tenantId);
  const s = await resolveSubject({ queries: ctx.queries, tenantId: ctx.tenantId, today: ctx.today, gates: summary.byCode }, subjectText);
  switch (s.type) {
    case 'no-plan':
      return [noPlan()];
    case 'no-wave':
      return [noWave(s)];
    case 'wave': {
      const view = await ctx.services.plan.blockers(ctx.tenantId, s.wave.number);
      return [show(assistantBlockersCard(view, { label: waveName(s.wave), again: `blockers wave ${s.wave.number}`, hideNames }, ctx.view))];
    }
    case 'gate': {
      const page = await ctx.services.plan.blocked(ctx.tenantId, { code: s.code, limit: 10 });
      const view: BlockersView = { total: page.total, byCode: [{ code: s.code, count: page.total, fix: s.fix }], top: page.items, unmet: [] };
      return [show(assistantBlockersCard(view, { gate: s.code, again: `blockers ${s.code}`, hideNames }, ctx.view))];
    }
    case 'site': {
      // Blocked people at the site as the People view has them now (site and blocked keys, one page).
      const page = await ctx.services.people.page(ctx.tenantId, { siteId: s.site.id, blocked: true, limit: 200 });
      const fixes = new Map(summary.byCode.map((c) => [c.code, c.fix]));
      const byCode = new Map<string, number>();
      for (const p of page.items) for (const code of p.blockers) byCode.set(code, (byCode.get(code) ?? 0) + 1);
      const view: BlockersView = {
        total: page.total,
        byCode: [...byCode].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([code, count]) => ({ code, count, fix: fixes.get(code) ?? 'see the People page' })),
        top: page.items.slice(0, 10).map((p) => ({ personId: p.id, userPrincipalName: p.userPrincipalName, siteId: p.siteId, gates: [] })),
        unmet: [],
      };
      const replies: Reply[] = [show(assistantBlockersCard(view, { label: s.site.name, again: `blockers ${s.site.name}`, hideNames }, ctx.view))];
      if (s.note) replies.unshift(say(md(s.note)));
      return replies;
    }
    case 'person':
      return [await personStatus(ctx, s.person, s.note)];
    case 'number':
      if (s.person) return [await personStatus(ctx, s.person)];
      return [say(`${md(s.e164)} belongs to nobody in the plan, so nothing blocks it.`, ['blockers'])];
    case 'unknown':
      // A gate code that holds nobody is an answer, not a typo: say so and list the ones that do.
      if (!s.suggestions.length) {
        const holding = summary.byCode.map((c) => c.code).slice(0, 5).join(', ');
        const now = holding ? ` Blockers now: ${md(holding)}.` : '';
        if (/^[a-z0-9]+(?:-[a-z0-9]+)+$/.test(subjectText)) return [say(`Nobody in the plan is blocked by "${md(subjectText)}".${now}`, ['blockers'])];
        // Words of gates that hold nobody ("emergency address" when every site has one): that is the answer.
        const named = gatesNamedBy(subjectText, READINESS_GATES);
        if (named.length) return [say(`Nobody in the plan is blocked by ${named.map((g) => `"${md(g.summary)}"`).join(' or ')}.${now}`, ['blockers'])];
      }
      return [unknownSubject(ctx, s, (name) => `blockers ${name}`)];
  }
}

const NO_DECISIONS = 'There are no recommendations yet: sync the tenant first (the Overview page of the tab or `vmp sync`).';

/** Emergency calling across the tenant, or at the site named (anything else named is answered as itself). */
async function emergency(ctx: AnswerContext, subjectText: string | undefined): Promise<Reply[]> {
  if (!subjectText) {
    const e = await ctx.queries.emergency(ctx.tenantId);
    return e ? [show(emergencyCard(e, ctx.view))] : [say(NO_DECISIONS, ['status', 'help'])];
  }
  const s = await resolveSubject({ queries: ctx.queries, tenantId: ctx.tenantId, today: ctx.today }, subjectText);
  if (s.type === 'site') {
    const e = await ctx.queries.emergency(ctx.tenantId, s.site);
    return e ? [show(emergencyCard(e, ctx.view))] : [say(NO_DECISIONS, ['status', 'help'])];
  }
  if (s.type === 'unknown') return [unknownSubject(ctx, s, (name) => `emergency calling at ${name}`)];
  return statusOf(ctx, subjectText);
}

async function cutoverWhen(ctx: AnswerContext, subjectText: string): Promise<Reply[]> {
  const s = await resolveSubject({ queries: ctx.queries, tenantId: ctx.tenantId, today: ctx.today }, subjectText);
  switch (s.type) {
    case 'no-plan':
      return [noPlan()];
    case 'no-wave':
      return [noWave(s)];
    case 'wave':
      return [show(cutoverCard(waveName(s.wave), [s.wave], ctx.today, ctx.view, { wave: s.wave.number }))];
    case 'site': {
      const status = await ctx.queries.siteStatus(ctx.tenantId, s.site);
      return [show(cutoverCard(s.site.name, status.waves, ctx.today, ctx.view, { site: s.site.id }))];
    }
    case 'person':
    case 'number': {
      // A number nobody in the plan holds: where it rings today is the useful answer.
      if (s.type === 'number' && !s.person) return route(ctx, s.e164, 'today');
      const person = s.person!;
      if (!ctx.mayNamePeople) return [peopleRefused()];
      const p = await ctx.queries.personStatus(ctx.tenantId, person, ctx.today);
      return [show(cutoverCard(person.displayName, p.wave ? [p.wave] : [], ctx.today, ctx.view, { person: person.userPrincipalName }))];
    }
    case 'gate':
      return blockers(ctx, s.code);
    case 'unknown':
      return [unknownSubject(ctx, s, (name) => `when is ${name} cutting over`)];
  }
}

/** The plan's waves, a page of them, with each wave's progress where the plan has a status. */
async function wavesList(ctx: AnswerContext, page: number): Promise<Reply[]> {
  const waves = await ctx.queries.waves(ctx.tenantId);
  if (!waves) return [noPlan()];
  const progress = await ctx.services.plan.migrationSummary(ctx.tenantId, ctx.today).catch(() => undefined);
  return [show(wavesCard(waves, page, new Map((progress?.waves ?? []).map((w) => [w.number, w.counts])), ctx.today, ctx.view))];
}

/**
 * People of one state against the plan, in the site or wave named, ten at a time (a page past the end
 * is the last one): the status read model's members by their state, wave and site keys together.
 */
async function peopleInState(ctx: AnswerContext, state: PeopleState, subjectText: string | undefined, page: number): Promise<Reply[]> {
  if (!(await ctx.queries.waves(ctx.tenantId))) return [noPlan()];
  let scope: PeopleScope = {};
  const replies: Reply[] = [];
  if (subjectText) {
    const s = await resolveSubject({ queries: ctx.queries, tenantId: ctx.tenantId, today: ctx.today }, subjectText);
    switch (s.type) {
      case 'no-plan':
        return [noPlan()];
      case 'no-wave':
        return [noWave(s)];
      case 'wave':
        scope = { label: waveName(s.wave), asked: `wave ${s.wave.number}`, wave: s.wave.number };
        break;
      case 'site':
        scope = { label: s.site.name, asked: s.site.name, siteId: s.site.id };
        if (s.note) replies.push(say(md(s.note)));
        break;
      case 'person':
      case 'number':
      case 'gate':
        return aboutNamed(ctx, s);
      case 'unknown':
        return [unknownSubject(ctx, s, (name) => peopleStateQuestion(state, { asked: name }))];
    }
  }
  const query = { state, wave: scope.wave, siteId: scope.siteId, limit: PEOPLE_PER_CARD };
  let list = await ctx.services.plan.migrationStatus(ctx.tenantId, ctx.today, { ...query, offset: (page - 1) * PEOPLE_PER_CARD });
  if (!list.members.length && list.membersTotal > 0) {
    list = await ctx.services.plan.migrationStatus(ctx.tenantId, ctx.today, { ...query, offset: Math.floor((list.membersTotal - 1) / PEOPLE_PER_CARD) * PEOPLE_PER_CARD });
  }
  const members = { total: list.membersTotal, offset: list.offset, items: list.members };
  return [...replies, show(peopleInStateCard(state, scope, members, ctx.view, !ctx.mayNamePeople))];
}

/** A page of sites by progress or path (a page past the end is the last one). */
async function sitesList(ctx: AnswerContext, filter: SitesFilter, page: number): Promise<Reply[]> {
  const list = await ctx.queries.listSites(ctx.tenantId, filter, (page - 1) * SITES_PER_CARD, SITES_PER_CARD);
  return list ? [show(sitesCard(list, filter, ctx.view))] : [noPlan()];
}

async function ordersDue(ctx: AnswerContext, periodText: string, which: 'port' | 'upload' | 'all'): Promise<Reply[]> {
  const period = resolvePeriod(periodText, ctx.today);
  if (!period) {
    return [say(`I can't read "${md(periodText)}" as a period. Try **this month**, **next week** or **by 3 March**.`, ['orders due this month', 'orders due next week'])];
  }
  if (!(await ctx.queries.waves(ctx.tenantId))) return [noPlan()];
  const due = await ctx.queries.ordersDue(ctx.tenantId, period.from, period.to, which);
  return [show(ordersCard(due, period.label, ctx.view, ctx.actor?.mayChange === true))];
}

/**
 * "mark PO-W1-... submitted ref TEL-4471": written against the tracking version just read (again once
 * if another admin wrote in between), as the tab's and the CLI's updates are. Admins only.
 */
async function trackOrderFromChat(ctx: AnswerContext, update: OrderUpdate): Promise<Reply[]> {
  if (!ctx.actor?.mayChange) return [say("Only the tenant's Teams admins can record where an order stands; ask me **porting status** to see it.", ['porting status'])];
  const input = parseTrackOrderInput(update.input);
  const waves = new Map(((await ctx.queries.waves(ctx.tenantId)) ?? []).map((w) => [w.number, w.date]));
  for (let attempt = 0; ; attempt++) {
    const { version } = await orderTrackingSummary(ctx.services.store, ctx.tenantId);
    try {
      const after = await trackOrder(ctx.services.store, ctx.tenantId, update.orderId, input, version, ctx.actor.name, ctx.services.now(), (n) => waves.get(n));
      return [show(orderTrackedCard(after.order.row, after.version === version, ctx.view))];
    } catch (err) {
      if (err instanceof OrderNotFoundError) return [say(`The plan has no order ${md(update.orderId)}. Ask me **orders due this month** for the current ones.`, ['orders due this month', 'porting status'])];
      if (!(err instanceof ConcurrencyConflictError) || attempt >= 1) throw err;
    }
  }
}

/** This tenant's waves cutting over in a period, from the plan header's waves. */
async function cutovers(ctx: AnswerContext, periodText: string): Promise<Reply[]> {
  const period = resolvePeriod(periodText, ctx.today);
  if (!period) {
    return [say(`I can't read "${md(periodText)}" as a period. Try **this week**, **tomorrow** or **by 3 March**.`, ['cutovers this week', 'cutovers next month'])];
  }
  const waves = await ctx.queries.waves(ctx.tenantId);
  if (!waves) return [noPlan()];
  return [show(cutoversCard(waves.filter((w) => w.date >= period.from && w.date <= period.to), period, ctx.view))];
}

async function route(ctx: AnswerContext, numberText: string, dateText: string): Promise<Reply[]> {
  // "after wave 2" and the like are the plan's to read: the service knows the waves' dates.
  const date = resolveDatePhrase(dateText, ctx.today) ?? (/\bwave\b/.test(dateText) ? dateText : undefined);
  if (!date) {
    return [say(`I can't read "${md(dateText)}" as a date. Try **today**, **tomorrow**, **next Friday**, **3 March**, **2026-03-03** or **after wave 2**.`, ERROR_SUGGESTIONS)];
  }
  // A site's main number is the service's to find (the site's name is no number or extension); the
  // card then says which number that is.
  if (mainNumberSiteRef(numberText)) {
    const result = await ctx.services.plan.route(ctx.tenantId, numberText, date);
    return [show(routeAnswerCard(result, result.voiceApp ? `${result.voiceApp.label} (${result.number})` : numberText, ctx.view, !ctx.mayNamePeople))];
  }
  let number = numberText;
  let asked = numberText;
  const s = await resolveSubject({ queries: ctx.queries, tenantId: ctx.tenantId, today: ctx.today, numberOnly: true }, numberText);
  if (s.type === 'number') {
    number = s.e164;
    asked = s.asked === s.e164 ? s.e164 : `${s.asked} (${s.e164})`;
  } else if (s.type === 'unknown' && /\d/.test(numberText)) {
    if (s.suggestions.length) return [unknownSubject(ctx, s, (name) => `where does ${name} ring ${dateText}`)];
    return [say(`I found no number or extension "${md(numberText)}" in the plan. Write a number as +14255550100 or (425) 555-0100.`, ERROR_SUGGESTIONS)];
  } else if (s.type !== 'unknown') {
    return [say('Ask me with a phone number or an extension, like **where does +1 425 555 0100 ring tomorrow?**', ERROR_SUGGESTIONS)];
  }
  const result = await ctx.services.plan.route(ctx.tenantId, number, date);
  return [show(routeAnswerCard(result, asked, ctx.view, !ctx.mayNamePeople))];
}

