/**
 * The "day N" routing simulator: where does a number ring on a date, and through which rule. Works
 * from the plan alone (block ranges, routing per wave, wave members), or from the few facts about the
 * number its read models keep (route-facts.ts), so the tab, the bot and the CLI can answer without
 * rebuilding anything. Accepts loose input: "+1 (425) 555-0100", "425 555 0100",
 * "3 March", "March 3rd 2026", "2026-03-03".
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { CALLING_PLAN_PORT_GAINER, type Plan, type RouteTarget, type RoutingRule, type WaveMember } from '../plan';
import { addDays, isIsoDate } from './plan-dates';
import { groupIdLabel, type AttendantAnswering } from '../migration-group-labels';
import { routeFactsOf, type BlockRoutingStage, type RouteFacts, type VoiceAppNumber } from './route-facts';

export interface RouteAnswer {
  number: string;
  date: string;
  target: RouteTarget | 'not-in-service' | 'unknown';
  /** The hops a call takes, caller first. */
  hops: string[];
  rule?: { pattern: string; description: string; afterWave: number; effectiveFrom: string };
  /** The wave that moves (or moved) this number. */
  wave?: { number: number; date: string; time: string; moved: boolean };
  owner?: { personId: string; userPrincipalName: string };
  /** The voice app the plan moves the number to (a site's main number, a group's pilot), in words. */
  voiceApp?: { kind: VoiceAppNumber['kind']; label: string };
  blockId?: string;
  explanation: string;
  /** Set when the answer changes later that same day (cutover in the evening). */
  laterThatDay?: string;
  /**
   * A main number's: how its auto attendant will answer, from the site's settings now
   * (main-number-answering.ts; the service adds it, the plan alone does not know it).
   */
  answering?: AttendantAnswering;
}

export class RouteQuestionError extends Error {
  readonly code = 'bad-input';
  constructor(message: string) {
    super(message);
    this.name = 'RouteQuestionError';
  }
}

export function parseNumberLoose(text: string, defaultCountry: string = 'US'): string | undefined {
  const cleaned = text.trim().replace(/^tel:/i, '');
  if (!/\d/.test(cleaned)) return undefined;
  try {
    const parsed = parsePhoneNumberFromString(cleaned, { defaultCountry: defaultCountry as CountryCode });
    if (parsed?.number && parsed.isPossible()) return parsed.number;
  } catch {
    // fall through to the digits-only reading
  }
  const digits = cleaned.replace(/[^\d+]/g, '');
  return /^\+\d{7,15}$/.test(digits) ? digits : undefined;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function monthIndex(word: string): number {
  return MONTHS.indexOf(word.slice(0, 3).toLowerCase());
}

function ymd(y: number, m: number, d: number): string | undefined {
  const s = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return isIsoDate(s) ? s : undefined;
}

/** Without a year: the next such day on or after today. */
function nextOccurrence(m: number, d: number, today: string): string | undefined {
  const y = Number(today.slice(0, 4));
  const thisYear = ymd(y, m, d);
  if (thisYear && thisYear >= today) return thisYear;
  return ymd(y + 1, m, d);
}

export function parseDateLoose(text: string, today: string): string | undefined {
  const t = text.trim().toLowerCase().replace(/,/g, ' ').replace(/\s+/g, ' ');
  if (t === 'today') return today;
  if (t === 'tomorrow') return addDays(today, 1);
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(t);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(?:on )?(\d{1,2})(?:st|nd|rd|th)?(?: of)? ([a-z]+)\.?(?: (\d{4}))?$/.exec(t);
  if (m && monthIndex(m[2]) >= 0) {
    const mi = monthIndex(m[2]) + 1;
    return m[3] ? ymd(Number(m[3]), mi, Number(m[1])) : nextOccurrence(mi, Number(m[1]), today);
  }
  m = /^(?:on )?([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?(?: (\d{4}))?$/.exec(t);
  if (m && monthIndex(m[1]) >= 0) {
    const mi = monthIndex(m[1]) + 1;
    return m[3] ? ymd(Number(m[3]), mi, Number(m[2])) : nextOccurrence(mi, Number(m[2]), today);
  }
  return undefined;
}

/** The voice app in words ("the main number of Amsterdam"): its site by name where the caller knows it, else by its id. */
function voiceAppOf(facts: RouteFacts, names: RouteNames): RouteAnswer['voiceApp'] {
  const app = facts.voiceApp;
  if (!app) return undefined;
  const site = app.siteId === undefined ? 'its site' : (names.site?.(app.siteId) ?? app.siteId);
  return { kind: app.kind, label: LABEL[app.kind](app, site) };
}

const LABEL: Readonly<Record<VoiceAppNumber['kind'], (app: VoiceAppNumber, site: string) => string>> = {
  'auto-attendant': (_, site) => `the main number of ${site}`,
  'call-queue': (app) => `the pilot number of ${groupIdLabel(app.groupId ?? '')}`,
  'common-area-phone': (app, site) => `the common-area phone${app.name ? ` ${app.name}` : ''} at ${site}`,
};

const VOICE_APP_HOP: Readonly<Record<VoiceAppNumber['kind'], string>> = { 'auto-attendant': 'auto attendant', 'call-queue': 'call queue', 'common-area-phone': 'common area phone' };

/** Names an answer shows instead of ids, where the caller knows them (the settings' operators, the snapshot's sites). */
export interface RouteNames {
  operator?: (operatorId: string) => string | undefined;
  site?: (siteId: string) => string | undefined;
}

/** "operator EuroLink": by name where known, else by its settings id. */
function operatorHop(operatorId: string | undefined, names: RouteNames): string {
  return operatorId ? `operator ${names.operator?.(operatorId) ?? operatorId}` : 'operator';
}

function hopsFor(rule: RoutingRule | undefined, carrier: string | undefined, owner: WaveMember | undefined, app: RouteAnswer['voiceApp'] | undefined, names: RouteNames): string[] {
  const caller = 'caller (PSTN)';
  const who = owner ? [`${owner.userPrincipalName}`] : app ? [VOICE_APP_HOP[app.kind]] : [];
  if (!rule) return [caller, carrier ? `carrier ${carrier}` : 'carrier'];
  if (rule.target === 'teams') {
    if (rule.via === 'operator') return [caller, operatorHop(rule.operatorId, names), 'Teams (Operator Connect)', ...who];
    if (rule.via === 'carrier') return [caller, CALLING_PLAN_PORT_GAINER, 'Teams', ...who];
    return [caller, carrier ? `carrier ${carrier}` : 'carrier', `SBC ${rule.sbcId ?? ''}`.trim(), 'Teams (Direct Routing)', ...who];
  }
  const viaSbc = rule.sbcId ? [`SBC ${rule.sbcId}`] : [];
  return [caller, carrier ? `carrier ${carrier}` : 'carrier', ...viaSbc, rule.target === 'ata' ? 'ATA' : 'PBX'];
}

/** The number as E.164, or the error an admin can act on. */
export function routeNumber(numberText: string, defaultCountry?: string): string {
  const number = parseNumberLoose(numberText, defaultCountry);
  if (!number) throw new RouteQuestionError(`"${numberText}" is not a phone number I can read; write it as +14255550100 or (425) 555-0100.`);
  return number;
}

/** The routing answer for a number at the start of a date (before that day's cutover). */
export function simulateRoute(plan: Plan, numberText: string, dateText: string, options: { defaultCountry?: string; names?: RouteNames } = {}): RouteAnswer {
  const number = routeNumber(numberText, options.defaultCountry);
  const date = parseDateLoose(dateText, plan.inputs.today);
  if (!date) throw new RouteQuestionError(`"${dateText}" is not a date I can read; write it as yyyy-mm-dd (e.g. 2026-03-03) or "3 March".`);
  return answerRoute(routeFactsOf(plan, number), number, date, options.names);
}

/** The answer for an E.164 number on a yyyy-mm-dd date, from the facts about it; operators by name where `names` knows them. */
export function answerRoute(facts: RouteFacts, number: string, date: string, names: RouteNames = {}): RouteAnswer {
  const answer = routeAt(facts, number, date, false, names);
  const after = routeAt(facts, number, date, true, names);
  if (after.target !== answer.target || after.rule?.pattern !== answer.rule?.pattern) {
    answer.laterThatDay = `after the ${after.wave ? `wave ${after.wave.number} ` : ''}cutover at ${after.wave?.time ?? 'the cutover time'}: ${after.explanation}`;
  }
  return answer;
}

function routeAt(facts: RouteFacts, number: string, date: string, endOfDay: boolean, names: RouteNames): RouteAnswer {
  const cutOver = (waveDate: string) => (endOfDay ? waveDate <= date : waveDate < date);
  const waveDates = new Map(facts.waves.map((w) => [w.number, w]));
  const owner = facts.owner?.member;
  const app = voiceAppOf(facts, names);
  const ownerWave = facts.owner ? waveDates.get(facts.owner.waveNumber) : facts.voiceApp && waveDates.get(facts.voiceApp.waveNumber);
  const wave = ownerWave ? { number: ownerWave.number, date: ownerWave.date, time: ownerWave.time, moved: cutOver(ownerWave.date) } : undefined;
  const ownerRef = owner ? { personId: owner.personId, userPrincipalName: owner.userPrincipalName } : undefined;
  // Whose number it is, after the number in the explanation: a person's UPN, or the voice app it moves to.
  const whose = owner
    ? ` (${owner.userPrincipalName})`
    : app && wave
      ? ` (${app.label}, ${wave.moved ? `on its ${VOICE_APP_HOP[app.kind]} since` : `moving to its ${VOICE_APP_HOP[app.kind]} in`} wave ${wave.number})`
      : app
        ? ` (${app.label})`
        : '';
  const withApp = <A extends RouteAnswer>(a: A): A => (app ? { ...a, voiceApp: app } : a);
  const block = facts.block;
  if (block) {
    let entry: BlockRoutingStage | undefined;
    for (const r of facts.stages) {
      const active = r.afterWave === -1 || cutOver(waveDates.get(r.afterWave)?.date ?? r.effectiveFrom);
      if (active) entry = r;
    }
    const rule = entry?.rules.find((x) => new RegExp(x.pattern.startsWith('^') ? x.pattern : `^${x.pattern.replace('+', '\\+')}$`).test(number));
    if (!rule || !entry) {
      return withApp({
        number,
        date,
        target: 'not-in-service',
        hops: hopsFor(undefined, block.carrier, undefined, undefined, names),
        blockId: block.blockId,
        wave,
        owner: ownerRef,
        explanation: `${number}${whose} is in block ${block.blockId} but no rule routes it on ${date}: a spare number (Teams unassigned-number treatment, or the carrier's not-in-service message)`,
      });
    }
    const where = rule.target === 'teams' ? 'Teams' : rule.target === 'ata' ? 'an ATA behind the SBC' : 'the PBX';
    return withApp({
      number,
      date,
      target: rule.target,
      hops: hopsFor(rule, block.carrier, owner, app, names),
      rule: { pattern: rule.pattern, description: rule.description, afterWave: entry.afterWave, effectiveFrom: entry.effectiveFrom },
      wave,
      owner: ownerRef,
      blockId: block.blockId,
      explanation: `${number} rings on ${where} on ${date}${whose}: ${rule.description}${entry.afterWave >= 0 ? `, since wave ${entry.afterWave} (${entry.effectiveFrom})` : ', as today'}.`,
    });
  }
  if (app && wave) {
    // A voice app's number in no imported DID block: it moves with its wave, as a person's does.
    const hop = VOICE_APP_HOP[app.kind];
    return {
      number,
      date,
      target: wave.moved ? 'teams' : 'pbx',
      hops: wave.moved ? ['caller (PSTN)', 'Teams', hop] : ['caller (PSTN)', 'carrier', 'PBX'],
      wave,
      voiceApp: app,
      explanation: wave.moved
        ? `${number} (${app.label}) moved to its ${hop} in Teams in wave ${wave.number} on ${wave.date}; it is in no imported DID block, so no SBC rule is involved.`
        : `${number} (${app.label}) still rings where it does today (the PBX) until wave ${wave.number} on ${wave.date} at ${wave.time}, which moves it to its ${hop}.`,
    };
  }
  if (owner && wave) {
    const moved = wave.moved;
    const via = owner.path === 'OC' ? operatorHop(owner.operatorId, names) : owner.path === 'DR' ? `SBC ${owner.sbcId ?? ''}`.trim() : CALLING_PLAN_PORT_GAINER;
    return {
      number,
      date,
      target: moved ? 'teams' : 'pbx',
      hops: moved ? ['caller (PSTN)', via, 'Teams', owner.userPrincipalName] : ['caller (PSTN)', 'carrier', 'PBX'],
      wave,
      owner: ownerRef,
      explanation: moved
        ? `${number} (${owner.userPrincipalName}) moved to Teams in wave ${wave.number} on ${wave.date}; it is in no imported DID block, so no SBC rule is involved.`
        : `${number} (${owner.userPrincipalName}) still rings where it does today (the PBX) until wave ${wave.number} on ${wave.date} at ${wave.time}.`,
    };
  }
  return {
    number,
    date,
    target: 'unknown',
    hops: ['caller (PSTN)', 'carrier'],
    explanation: `${number} is in no imported DID block and no wave moves it: the plan does not change where it rings.`,
  };
}

/**
 * "wave 2", "after wave 2", "before wave 2" -> the day of a wave's cutover (its answer changes that
 * evening), the day after it, or the day before it; undefined when the text names no wave.
 */
export function waveDatePhrase(text: string, waves: readonly { number: number; date: string }[]): string | undefined {
  const m = /^(?:on |at )?(after|before|the day after|the day before|day of|the day of)? ?(?:the )?(?:cutover of )?wave (\d{1,3})(?:'s cutover| cutover)?$/i.exec(text.trim().replace(/[?!.]+$/, '').replace(/\s+/g, ' '));
  if (!m) return undefined;
  const wave = waves.find((w) => w.number === Number(m[2]));
  if (!wave) throw new RouteQuestionError(`The plan has no wave ${m[2]} (waves: ${waves.map((w) => w.number).join(', ') || 'none'}).`);
  const when = (m[1] ?? '').toLowerCase();
  return when.endsWith('after') ? addDays(wave.date, 1) : when.endsWith('before') ? addDays(wave.date, -1) : wave.date;
}

/** "where does +1 425 555 0100 ring on 3 March?" -> number and date text; undefined when it is not that question. */
export function parseRouteQuestion(text: string): { number: string; date: string } | undefined {
  const m = /^\s*where\s+(?:does|will)\s+(.+?)\s+ring(?:\s+(?:on|at)\s+(.+?))?\s*\??\s*$/i.exec(text);
  if (!m) return undefined;
  return { number: m[1].trim(), date: (m[2] ?? 'today').trim() };
}
