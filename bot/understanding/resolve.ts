/**
 * Turns the words of a question into the thing it is about - a wave, a site, a person, a phone number
 * or extension, a blocker gate - against the tenant's read models: the plan header's waves, the site
 * list of the decisions view, a page of the People view (search), a wave member by extension. Close
 * misses come back as "did you mean" suggestions, never as a silent guess or a dropped filter.
 */
import { gateLabel } from '../../shared/domain/decisions/gate-catalogue';
import { parseNumberLoose } from '../../shared/domain/planning/routing-simulator';
import type { AssistantQueries, SiteName } from '../../shared/services/assistant-queries';
import type { PersonRow } from '../../shared/services/decisions-read-model';
import type { PlanWaveRow } from '../../shared/services/plan-read-model';
import { editDistance, foldName, fuzzyFind } from './fuzzy-match';
import { findWaveRef, type WaveRef } from './intents';

export type Subject =
  | { type: 'wave'; wave: PlanWaveRow; waves: PlanWaveRow[] }
  | { type: 'no-wave'; asked: string; waves: PlanWaveRow[] }
  | { type: 'no-plan' }
  | { type: 'site'; site: SiteName; note?: string }
  | { type: 'person'; person: PersonRow; note?: string }
  | { type: 'number'; e164: string; asked: string; person?: PersonRow }
  | { type: 'gate'; code: string; fix: string }
  | { type: 'unknown'; asked: string; suggestions: Suggestion[] };

/** A candidate for "did you mean": the button's label and the name to ask with. */
export interface Suggestion {
  label: string;
  /** What to put in the question instead of the typed words (a site's name, a person's UPN). */
  name: string;
}

export interface ResolveContext {
  queries: AssistantQueries;
  tenantId: string;
  today: string;
  /** Blocker gate codes of the plan (for "blockers <gate>"), with their fixes. */
  gates?: { code: string; fix: string }[];
  /** Only the number matters (a routing question): whose it is is not looked up. */
  numberOnly?: boolean;
}

/** The wave a reference names: a number, or next/current/last/previous relative to today. */
export function pickWave(ref: WaveRef, waves: PlanWaveRow[], today: string): PlanWaveRow | undefined {
  if ('number' in ref) return waves.find((w) => w.number === ref.number);
  const upcoming = waves.filter((w) => w.date >= today);
  const past = waves.filter((w) => w.date < today);
  if (ref.relative === 'next' || ref.relative === 'current') return upcoming[0] ?? undefined;
  if (ref.relative === 'previous') return past[past.length - 1];
  return waves[waves.length - 1];
}

const EXTENSION = /^(?:ext(?:ension)?\.?|x)\s*(\d{2,7})$/;

/** Whether the words are a phone number (7+ digits) or an extension ("ext 5601", "x5601", "5601"). */
export function numberShape(text: string): 'number' | 'extension' | undefined {
  const t = text.trim().toLowerCase();
  if (EXTENSION.test(t)) return 'extension';
  const digits = t.replace(/[^\d]/g, '');
  if (/^[+\d\s().\-/]+$/.test(t) && digits.length >= 7) return 'number';
  if (/^\d{2,6}$/.test(t)) return 'extension';
  return undefined;
}

/** The people a typo'd name may mean: a search on the name's first letters, ranked by spelling. */
async function nearPeople(ctx: ResolveContext, text: string): Promise<PersonRow[]> {
  const folded = foldName(text);
  const longest = folded.split(' ').sort((a, b) => b.length - a.length)[0] ?? '';
  if (longest.length < 4) return [];
  const page = await ctx.queries.searchPeople(ctx.tenantId, longest.slice(0, 3), 50);
  const scored = page.items
    .map((p) => {
      const name = foldName(p.displayName);
      const local = foldName(p.userPrincipalName.split('@')[0]);
      const d = Math.min(editDistance(folded, name, 3), editDistance(folded, local, 3), ...name.split(' ').map((part) => editDistance(folded, part, 3)));
      return { p, d };
    })
    .filter((x) => x.d <= (folded.length <= 5 ? 1 : 2))
    .sort((a, b) => a.d - b.d || (a.p.displayName < b.p.displayName ? -1 : 1));
  return scored.slice(0, 3).map((x) => x.p);
}

function personSuggestion(p: PersonRow): Suggestion {
  return { label: `${p.displayName}${p.siteName ? ` (${p.siteName})` : ''}`.slice(0, 40), name: p.userPrincipalName };
}

/** National numbers are read in the country where most people work (else the US). */
function mainCountry(sites: SiteName[]): string {
  const people = new Map<string, number>();
  for (const s of sites) if (s.countryCode) people.set(s.countryCode, (people.get(s.countryCode) ?? 0) + s.people);
  return [...people].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? 'US';
}

/** A button's label: Teams cuts long titles, so at most 48 characters, cut at a word with "…". */
function shortLabel(text: string): string {
  return text.length <= 48 ? text : `${text.slice(0, 47).replace(/\s+\S*$/, '')}…`;
}

/** Words that say nothing about which gate ("no", "without", "missing"). */
const GATE_FILLERS = new Set(['no', 'not', 'without', 'missing', 'a', 'an', 'the', 'of', 'with', 'by', 'any', 'has', 'have', 'got', 'is', 'are']);

/** A word as gates spell it: "license"/"licenses" is "licence", plurals singular ("addresses"). */
function gateWord(w: string): string {
  const word = w.replace(/^licens/, 'licenc');
  return word.length > 4 ? word.replace(/(?:ses|es)$/, (e) => (e === 'ses' ? 's' : 'e')).replace(/(?<=[^s])s$/, '') : word;
}

/** The gates whose label and code hold every word typed (each a word of the gate, or the start of one). */
export function gatesNamedBy<G extends { code: string }>(text: string, gates: readonly G[]): G[] {
  const typed = foldName(text).split(' ').filter((w) => w && !GATE_FILLERS.has(w)).map(gateWord);
  if (!typed.length) return [];
  return gates.filter((g) => {
    const words = new Set(foldName(`${g.code.replace(/-/g, ' ')} ${gateLabel(g.code)}`).split(' ').map(gateWord));
    return typed.every((t) => [...words].some((w) => w === t || (t.length >= 4 && w.startsWith(t))));
  });
}

export async function resolveSubject(ctx: ResolveContext, asked: string): Promise<Subject> {
  const text = asked.trim();
  // A wave: "wave 2", "wave two", "the pilot", "next wave".
  const waveRef = findWaveRef(text);
  if (waveRef && text.replace(/\s+/g, ' ').length <= waveRef.length + 4) {
    const waves = await ctx.queries.waves(ctx.tenantId);
    if (!waves) return { type: 'no-plan' };
    const wave = pickWave(waveRef.ref, waves, ctx.today);
    return wave ? { type: 'wave', wave, waves } : { type: 'no-wave', asked: text, waves };
  }

  const shape = numberShape(text);
  if (shape === 'number') {
    const sites = await ctx.queries.sites(ctx.tenantId);
    // "00" is the international prefix in most of the world: 0049 ... is +49 ...
    const e164 = parseNumberLoose(text.trim().replace(/^00(?=[1-9])/, '+'), mainCountry(sites));
    if (e164 && ctx.numberOnly) return { type: 'number', e164, asked: text };
    if (e164) {
      // Whose number it is: the directory's (People view search on digits), else the plan's (current or planned).
      const found = await ctx.queries.searchPeople(ctx.tenantId, e164, 2);
      let person = found.total === 1 ? found.items[0] : undefined;
      if (!person) {
        const members = await ctx.queries.membersByNumber(ctx.tenantId, { e164 });
        if (members.length === 1) person = await ctx.queries.personByIdOrUpn(ctx.tenantId, members[0].personId);
      }
      return { type: 'number', e164, asked: text, ...(person ? { person } : {}) };
    }
  }
  if (shape === 'extension') {
    const ext = EXTENSION.exec(text.toLowerCase())?.[1] ?? text.trim();
    const members = await ctx.queries.membersByNumber(ctx.tenantId, { extension: ext });
    const withNumber = members.filter((m) => m.numberToAssign ?? m.currentDid);
    if (withNumber.length === 1) {
      const m = withNumber[0];
      const person = ctx.numberOnly ? undefined : await ctx.queries.personByIdOrUpn(ctx.tenantId, m.personId);
      return { type: 'number', e164: (m.numberToAssign ?? m.currentDid)!, asked: `extension ${ext}`, ...(person ? { person } : {}) };
    }
    if (withNumber.length > 1) {
      return { type: 'unknown', asked: `extension ${ext}`, suggestions: withNumber.slice(0, 5).map((m) => ({ label: `${m.displayName} (${m.siteId ?? 'no site'})`.slice(0, 40), name: (m.numberToAssign ?? m.currentDid)! })) };
    }
    return { type: 'unknown', asked: `extension ${ext}`, suggestions: [] };
  }

  if (text.includes('@')) {
    // A UPN is one keyed read; else people whose UPN starts the same (the search holds the local part).
    const exact = await ctx.queries.personByIdOrUpn(ctx.tenantId, text);
    if (exact) return { type: 'person', person: exact };
    const found = await ctx.queries.searchPeople(ctx.tenantId, text.split('@')[0], 5);
    return { type: 'unknown', asked: text, suggestions: found.items.map(personSuggestion) };
  }

  if (ctx.gates?.length) {
    const gate = fuzzyFind(text, ctx.gates.map((g) => ({ id: g.code, name: g.code.replace(/-/g, ' '), fix: g.fix })));
    if (gate.match) return { type: 'gate', code: gate.match.id, fix: gate.match.fix };
    // Words of a gate's label or code ("licence", "emergency address"): one gate, or a choice between
    // those; a site of exactly that name ("Grace") stays the site.
    const named = gatesNamedBy(text, ctx.gates);
    const siteOfThatName = named.length > 0 && (await ctx.queries.sites(ctx.tenantId)).some((x) => foldName(x.name) === foldName(text));
    if (!siteOfThatName && named.length === 1) return { type: 'gate', code: named[0].code, fix: named[0].fix };
    if (!siteOfThatName && named.length > 1) return { type: 'unknown', asked: text, suggestions: named.slice(0, 5).map((g) => ({ label: shortLabel(gateLabel(g.code)), name: g.code })) };
  }

  const sites = await ctx.queries.sites(ctx.tenantId);
  const site = fuzzyFind(text, sites);
  const folded = foldName(text);
  if (site.match) {
    const exact = foldName(site.match.name) === folded || foldName(site.match.id) === folded;
    return { type: 'site', site: site.match, ...(exact ? {} : { note: `I took "${text}" as ${site.match.name}.` }) };
  }

  // People whose name or address contains every word typed.
  const people = await ctx.queries.searchPeople(ctx.tenantId, text, 5);
  const exactName = people.items.filter((p) => foldName(p.displayName) === folded);
  if (exactName.length === 1) return { type: 'person', person: exactName[0] };
  if (people.total === 1) return { type: 'person', person: people.items[0] };
  const siteSuggestions: Suggestion[] = site.suggestions.map((s) => ({ label: s.name, name: s.name }));
  if (people.total > 1) {
    return { type: 'unknown', asked: text, suggestions: [...siteSuggestions, ...(exactName.length ? exactName : people.items).map(personSuggestion)].slice(0, 5) };
  }
  const near = await nearPeople(ctx, text);
  if (!siteSuggestions.length && near.length === 1) {
    return { type: 'person', person: near[0], note: `I took "${text}" as ${near[0].displayName}.` };
  }
  return { type: 'unknown', asked: text, suggestions: [...siteSuggestions, ...near.map(personSuggestion)].slice(0, 5) };
}
