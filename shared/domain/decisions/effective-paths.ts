/**
 * The path each person actually takes: their own override, else their site's decision, else the site's
 * recommendation (marked not yet decided). People with none of these (no site, no override) are listed
 * as undecided instead, so every person appears exactly once.
 */
import type { EffectivePath, PlannedNumberSource, SiteRecommendation, UndecidedPerson } from '../decision-types';
import type { Person } from '../tenant-snapshot';
import type { DecisionIndex } from './decision-index';

export interface PlannedNumber {
  number: string;
  source: PlannedNumberSource;
  lineId?: string;
}

/**
 * The number a person would get in Teams: the DID of their matched PBX line, else the Teams number they
 * already hold, else the first business phone that parsed to E.164. Shared with the planner.
 */
export function plannedNumberFor(person: Person, index: Pick<DecisionIndex, 'lineByPerson' | 'teamsNumberByPerson'>): PlannedNumber | undefined {
  const line = index.lineByPerson.get(person.id);
  if (line?.did) return { number: line.did, source: 'pbx-did', lineId: line.id };
  const teams = index.teamsNumberByPerson.get(person.id);
  if (teams) return { number: teams, source: 'teams-number', ...(line && { lineId: line.id }) };
  for (const phone of person.businessPhones) {
    if (phone.valid && phone.e164) return { number: phone.e164, source: 'business-phone', ...(line && { lineId: line.id }) };
  }
  return undefined;
}

export interface EffectivePathsResult {
  paths: EffectivePath[];
  undecided: UndecidedPerson[];
  /** The person behind each path, same order: later passes walk both arrays instead of looking people up. */
  people: Person[];
}

/** Sets the optional fields one by one (no object spreads): this runs once per person. */
function withNumber(ep: EffectivePath, number: string | undefined, source: PlannedNumberSource | undefined, lineId: string | undefined): EffectivePath {
  if (number !== undefined && source !== undefined) {
    ep.plannedNumber = number;
    ep.plannedNumberSource = source;
  }
  if (lineId !== undefined) ep.lineId = lineId;
  return ep;
}

export function computeEffectivePaths(index: DecisionIndex, recommendations: Map<string, SiteRecommendation>): EffectivePathsResult {
  const paths: EffectivePath[] = [];
  const people: Person[] = [];
  const undecided: UndecidedPerson[] = [];
  // Per site, what a person without an override inherits, built once.
  const inherited = new Map<string, Omit<EffectivePath, 'personId'>>();
  for (const site of index.snapshot.sites) {
    const decision = index.decisionBySite.get(site.id);
    if (decision) {
      const sbc = decision.sbcId !== undefined ? index.sbcsById.get(decision.sbcId) : undefined;
      inherited.set(site.id, choice(site.id, decision, sbc?.voiceRoutingPolicy, 'site-decision', decision.note));
    } else {
      const rec = recommendations.get(site.id)!;
      const sbc = rec.sbcId !== undefined ? index.sbcsById.get(rec.sbcId) : undefined;
      inherited.set(site.id, choice(site.id, rec, sbc?.voiceRoutingPolicy, 'recommendation', `Recommended, not yet decided: ${rec.reasons[0]}`));
    }
  }
  for (const person of index.snapshot.people) {
    // A common area phone's account is a device: the plan moves its PBX line (common-area-phones.ts), not it.
    if (person.sharedDevice) continue;
    const siteId = person.siteId !== undefined && index.sitesById.has(person.siteId) ? person.siteId : undefined;
    // plannedNumberFor, inlined: this loop runs once per person and should not allocate a result object.
    const line = index.lineByPerson.get(person.id);
    let number: string | undefined;
    let source: PlannedNumberSource | undefined;
    if (line?.did) {
      number = line.did;
      source = 'pbx-did';
    } else {
      number = index.teamsNumberByPerson.get(person.id);
      if (number !== undefined) source = 'teams-number';
      else {
        for (const phone of person.businessPhones) {
          if (phone.valid && phone.e164) {
            number = phone.e164;
            source = 'business-phone';
            break;
          }
        }
      }
    }
    const lineId = line?.id;
    const override = index.overrideByPerson.get(person.id);
    if (override) {
      const sbc = override.sbcId !== undefined ? index.sbcsById.get(override.sbcId) : undefined;
      const c = choice(siteId, override, sbc?.voiceRoutingPolicy, 'override', override.reason);
      paths.push(withNumber(copy(person.id, c), number, source, lineId));
      people.push(person);
      continue;
    }
    if (siteId === undefined) {
      undecided.push({
        personId: person.id,
        reason:
          person.siteId === undefined
            ? 'Not mapped to a site and no user override: map the person to a site or add an override.'
            : `Mapped to site "${person.siteId}", which is not in the tenant snapshot: fix the site mapping or add an override.`,
      });
      continue;
    }
    paths.push(withNumber(copy(person.id, inherited.get(siteId)!), number, source, lineId));
    people.push(person);
  }
  return { paths, undecided, people };
}

/** One person's copy of a path choice, fields in a fixed order (one hidden class, no spread per person). */
function copy(personId: string, c: Omit<EffectivePath, 'personId'>): EffectivePath {
  const ep: EffectivePath = { personId, path: c.path, source: c.source, decided: c.decided };
  if (c.siteId !== undefined) ep.siteId = c.siteId;
  if (c.operatorId !== undefined) ep.operatorId = c.operatorId;
  if (c.sbcId !== undefined) ep.sbcId = c.sbcId;
  if (c.voiceRoutingPolicy !== undefined) ep.voiceRoutingPolicy = c.voiceRoutingPolicy;
  if (c.stayUntil !== undefined) ep.stayUntil = c.stayUntil;
  if (c.reason !== undefined) ep.reason = c.reason;
  return ep;
}

/** The path fields of a decision, override or recommendation, keeping only what belongs to its path. */
function choice(
  siteId: string | undefined,
  c: { path: EffectivePath['path']; operatorId?: string; sbcId?: string; voiceRoutingPolicy?: string; stayUntil?: string },
  sbcPolicy: string | undefined,
  source: EffectivePath['source'],
  reason: string | undefined,
): Omit<EffectivePath, 'personId'> {
  const out: Omit<EffectivePath, 'personId'> = { path: c.path, source, decided: source !== 'recommendation' };
  if (siteId !== undefined) out.siteId = siteId;
  if (c.path === 'OC' && c.operatorId !== undefined) out.operatorId = c.operatorId;
  if (c.path === 'DR') {
    if (c.sbcId !== undefined) out.sbcId = c.sbcId;
    const policy = c.voiceRoutingPolicy ?? sbcPolicy;
    if (policy !== undefined) out.voiceRoutingPolicy = policy;
  }
  if (c.path === 'PBX' && c.stayUntil !== undefined) out.stayUntil = c.stayUntil;
  if (reason !== undefined) out.reason = reason;
  return out;
}
