/**
 * Extension dialing in Teams: one tenant dial plan per site whose normalisation rules turn the short
 * extensions people dial into E.164 (ranges merged into regexes: at most 50 rules a plan), detection of
 * the same extension at two sites (with site-code prefix proposals), and rules that reach extensions
 * living only on the PBX (no DID) through the SBC with the `;ext=` form. An extension that is an
 * emergency number of its site's country (112 at a German site, 911 at a US one) is left out of short
 * dialing: Teams normalises what is dialed before it looks for an emergency number, so a rule for it
 * would turn an emergency call into a call to the extension. A national service short code (711, 988
 * in the US; service-numbers.ts) is left out the same way.
 */
import type { DialPlan, ExtensionCollision, NormalizationRule, UnmetConstraint } from '../plan';
import { chunkedPatterns, extensionRangesToRegex, MAX_TEAMS_PATTERN_LENGTH } from './number-ranges';
import { extensionRuns } from './coexistence-routing';
import { fitName, MAX_DIAL_PLAN_NAME_LENGTH, MAX_TEAMS_NAME_LENGTH } from './teams-names';
import { counted } from '../counted';

/** Microsoft's limit on normalisation rules in one tenant dial plan. */
export const MAX_RULES_PER_DIAL_PLAN = 50;

export interface ExtensionLine {
  siteId: string;
  extension: string;
  did?: string;
}

export interface DialPlanInput {
  lines: readonly ExtensionLine[];
  /** A number of the site that reaches its PBX through the SBC (main number), for `;ext=` rules. */
  siteMainNumber: (siteId: string) => string | undefined;
  /** The emergency numbers dialed at the site (its country's, emergency-numbers.ts); none when absent. */
  siteEmergencyNumbers?: (siteId: string) => readonly string[];
  /** The national service short codes dialed at the site (service-numbers.ts); none when absent. */
  siteServiceNumbers?: (siteId: string) => readonly string[];
}

export interface DialPlanResult {
  dialPlans: DialPlan[];
  collisions: ExtensionCollision[];
  siteCodes: Map<string, string>;
  unmet: UnmetConstraint[];
}

export function dialPlanName(siteId: string): string {
  return fitName(`DP-${siteId}`, MAX_DIAL_PLAN_NAME_LENGTH);
}

interface Group {
  length: number;
  /** E.164 prefix the extension is appended to, or `<main>;ext=` for PBX-only extensions. */
  translationPrefix: string;
  pbxOnly: boolean;
  extensions: string[];
  /** The group's extension regexes, built once: site-code rules of many sites reuse them. */
  patterns?: GroupPattern[];
}

/** One rule's share of a group: its regex and how many extensions it matches. */
interface GroupPattern {
  pattern: string;
  extensions: number;
}

/** Room left in each pattern for a site code (`8` and up to 7 digits) put in front by site-code rules. */
const SITE_CODE_ROOM = 8;

/**
 * The group's extensions as regexes of at most MAX_TEAMS_PATTERN_LENGTH (less room for a site code):
 * usually one; several when a large site's extensions are scattered, each then a rule of its own.
 */
function groupPatterns(g: Group): GroupPattern[] {
  if (g.patterns === undefined) {
    const chunks = chunkedPatterns(extensionRuns(g.extensions), extensionRangesToRegex, MAX_TEAMS_PATTERN_LENGTH - SITE_CODE_ROOM);
    g.patterns =
      chunks.length === 1
        ? [{ pattern: chunks[0].pattern, extensions: g.extensions.length }]
        : chunks.map((c) => ({ pattern: c.pattern, extensions: c.ranges.reduce((n, r) => n + Number(r.last) - Number(r.first) + 1, 0) }));
  }
  return g.patterns;
}

/** "3 of 7" after a rule's description when its group takes several rules. */
function partOf(index: number, count: number): string {
  return count > 1 ? ` (part ${index + 1} of ${count})` : '';
}

function siteGroups(lines: readonly ExtensionLine[], main: string | undefined): { groups: Group[]; unreachable: string[] } {
  const groups = new Map<string, Group>();
  const unreachable: string[] = [];
  for (const l of lines) {
    const ext = l.extension;
    let prefix: string | undefined;
    let pbxOnly = false;
    if (l.did && l.did.endsWith(ext) && l.did.length > ext.length + 1) prefix = l.did.slice(0, l.did.length - ext.length);
    else if (main) {
      prefix = `${main};ext=`;
      pbxOnly = true;
    }
    if (!prefix) {
      unreachable.push(ext);
      continue;
    }
    const k = `${ext.length}|${prefix}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { length: ext.length, translationPrefix: prefix, pbxOnly, extensions: [] }));
    g.extensions.push(ext);
  }
  // Bigger groups first: when the 50-rule limit bites, the fewest people lose short dialing.
  const list = [...groups.values()].sort(
    (a, b) => Number(a.pbxOnly) - Number(b.pbxOnly) || b.extensions.length - a.extensions.length || a.length - b.length || (a.translationPrefix < b.translationPrefix ? -1 : 1),
  );
  return { groups: list, unreachable: unreachable.sort() };
}

export function buildDialPlans(input: DialPlanInput): DialPlanResult {
  const bySite = new Map<string, ExtensionLine[]>();
  const emergencyBySite = new Map<string, ReadonlySet<string>>();
  const emergencyExtensions = new Map<string, Set<string>>();
  const serviceBySite = new Map<string, ReadonlySet<string>>();
  const serviceExtensions = new Map<string, Set<string>>();
  /** Notes `l`'s extension as one of `numbers` (the site's, made once) and says whether it was. */
  const leftOut = (l: ExtensionLine, bySiteNumbers: Map<string, ReadonlySet<string>>, numbersOf: ((siteId: string) => readonly string[]) | undefined, found: Map<string, Set<string>>): boolean => {
    let numbers = bySiteNumbers.get(l.siteId);
    if (!numbers) bySiteNumbers.set(l.siteId, (numbers = new Set(numbersOf?.(l.siteId) ?? [])));
    if (!numbers.has(l.extension)) return false;
    let at = found.get(l.siteId);
    if (!at) found.set(l.siteId, (at = new Set()));
    at.add(l.extension);
    return true;
  };
  for (const l of input.lines) {
    if (!l.extension || !/^\d+$/.test(l.extension)) continue;
    if (leftOut(l, emergencyBySite, input.siteEmergencyNumbers, emergencyExtensions)) continue;
    if (leftOut(l, serviceBySite, input.siteServiceNumbers, serviceExtensions)) continue;
    let list = bySite.get(l.siteId);
    if (!list) bySite.set(l.siteId, (list = []));
    list.push(l);
  }
  const siteIds = [...bySite.keys()].sort();
  const unmet: UnmetConstraint[] = [];
  for (const siteId of [...emergencyExtensions.keys()].sort()) {
    const found = [...emergencyExtensions.get(siteId)!].sort();
    unmet.push({
      code: 'extension-is-emergency-number',
      message: `${found.length === 1 ? `Extension ${found[0]}` : `Extensions ${found.join(', ')}`} at ${siteId} ${found.length === 1 ? 'is an emergency number' : 'are emergency numbers'} there: left out of short dialing, so that dialing ${found.length === 1 ? 'it' : 'them'} from Teams reaches emergency services`,
      siteIds: [siteId],
    });
  }
  for (const siteId of [...serviceExtensions.keys()].sort()) {
    const found = [...serviceExtensions.get(siteId)!].sort();
    const one = found.length === 1;
    unmet.push({
      code: 'extension-is-service-number',
      message: `${one ? `Extension ${found[0]}` : `Extensions ${found.join(', ')}`} at ${siteId} ${one ? 'is a national service number' : 'are national service numbers'} there: left out of short dialing, so that dialing ${one ? 'it' : 'them'} from Teams reaches the service`,
      siteIds: [siteId],
    });
  }

  // Collisions: the same extension string at two or more sites.
  const sitesByExt = new Map<string, string[]>();
  for (const siteId of siteIds) {
    for (const ext of new Set(bySite.get(siteId)!.map((l) => l.extension))) {
      let s = sitesByExt.get(ext);
      if (!s) sitesByExt.set(ext, (s = []));
      s.push(siteId);
    }
  }
  const collidingBySites = new Map<string, string[]>();
  for (const [ext, sites] of sitesByExt) {
    if (sites.length < 2) continue;
    const k = sites.join(',');
    let l = collidingBySites.get(k);
    if (!l) collidingBySites.set(k, (l = []));
    l.push(ext);
  }
  const collidingSites = [...new Set([...collidingBySites.keys()].flatMap((k) => k.split(',')))].sort();
  // Site codes 8 + a running number, padded so that all codes have the same length.
  const width = String(collidingSites.length).length + 1;
  const siteCodes = new Map<string, string>();
  collidingSites.forEach((s, i) => siteCodes.set(s, `8${String(i + 1).padStart(width, '0')}`));
  const collisions: ExtensionCollision[] = [];
  for (const k of [...collidingBySites.keys()].sort()) {
    const sites = k.split(',');
    const runs = extensionRuns(collidingBySites.get(k)!);
    for (const r of runs) {
      // Name at most 5 sites in the sentence: 2,000 sites sharing 1000-1999 is common.
      const named = sites.slice(0, 5).map((s) => `${siteCodes.get(s)} for ${s}`).join(', ');
      collisions.push({
        extensionRange: r.first === r.last ? r.first : `${r.first}-${r.last}`,
        siteIds: sites,
        proposal: `${r.first === r.last ? 'the same extension exists' : 'the same extensions exist'} at ${sites.length} sites (${sites.slice(0, 5).join(', ')}${sites.length > 5 ? ', ...' : ''}): keep short dialing inside each site and dial across sites with a site code (${named}${sites.length > 5 ? `, ... one per site` : ''}), e.g. ${siteCodes.get(sites[1])}${r.first} reaches ${r.first} at ${sites[1]}`,
      });
    }
  }

  const groupsBySite = new Map<string, Group[]>();
  for (const siteId of siteIds) {
    const { groups, unreachable } = siteGroups(bySite.get(siteId)!, input.siteMainNumber(siteId));
    groupsBySite.set(siteId, groups);
    if (unreachable.length) {
      unmet.push({
        code: 'extension-without-number',
        message: `${counted(unreachable.length, 'extension')} at ${siteId} ${unreachable.length === 1 ? 'has' : 'have'} no DID and the site has no main number to reach the PBX with ;ext=: short dialing from Teams cannot reach ${unreachable.length === 1 ? 'it' : 'them'}`,
        siteIds: [siteId],
      });
    }
  }

  /** The rules a site's own extensions take (a group may take several, see groupPatterns). */
  const ownRules = (siteId: string) => (groupsBySite.get(siteId) ?? []).reduce((n, g) => n + groupPatterns(g).length, 0);
  let collidingRuleTotal = 0;
  for (const s of collidingSites) collidingRuleTotal += ownRules(s);
  const dialPlans: DialPlan[] = [];
  const tooManyForSiteCodes: string[] = [];
  for (const siteId of siteIds) {
    const rules: NormalizationRule[] = [];
    let n = 0;
    for (const g of groupsBySite.get(siteId)!) {
      const parts = groupPatterns(g);
      parts.forEach((part, i) => {
        n++;
        rules.push({
          name: fitName(`${siteId}-ext${g.length}-${n}`, MAX_TEAMS_NAME_LENGTH),
          pattern: part.pattern,
          translation: `${g.translationPrefix}$1`,
          isInternalExtension: true,
          description:
            (g.pbxOnly
              ? `${counted(part.extensions, 'PBX-only extension')} of ${g.length} digits: through the SBC to the PBX`
              : `${counted(part.extensions, 'extension')} of ${g.length} digits to their DIDs`) + partOf(i, parts.length),
        });
      });
    }
    const own = siteCodes.get(siteId);
    const dropped: string[] = [];
    if (rules.length > MAX_RULES_PER_DIAL_PLAN) dropped.push(...rules.splice(MAX_RULES_PER_DIAL_PLAN).map((r) => r.name));
    if (dropped.length) {
      unmet.push({
        code: 'dial-plan-rule-limit',
        message: `${dialPlanName(siteId)} needs ${rules.length + dropped.length} normalisation rules for its own extensions, more than the ${MAX_RULES_PER_DIAL_PLAN} allowed; left out: ${dropped.join(', ')} (renumber extensions into fewer ranges)`,
        siteIds: [siteId],
      });
    }
    // Site-code rules only when every colliding site fits: an arbitrary subset of sites would be a trap.
    const siteCodeRules = own ? collidingRuleTotal - ownRules(siteId) : 0;
    if (own && rules.length + siteCodeRules <= MAX_RULES_PER_DIAL_PLAN) {
      for (const other of collidingSites) {
        if (other === siteId) continue;
        const code = siteCodes.get(other)!;
        for (const g of groupsBySite.get(other)!) {
          for (const part of groupPatterns(g)) {
            n++;
            rules.push({
              name: fitName(`${siteId}-to-${other}-${n}`, MAX_TEAMS_NAME_LENGTH),
              pattern: `^${code}${part.pattern.slice(1)}`,
              translation: `${g.translationPrefix}$1`,
              isInternalExtension: true,
              description: `site code ${code} + extension reaches ${other}`,
            });
          }
        }
      }
    } else if (own) tooManyForSiteCodes.push(siteId);
    dialPlans.push({ name: dialPlanName(siteId), siteId, rules });
  }
  if (tooManyForSiteCodes.length) {
    unmet.push({
      code: 'dial-plan-rule-limit',
      message: `site-code dialing across ${collidingSites.length} sites with colliding extensions needs ${collidingRuleTotal} rules in each dial plan, more than the ${MAX_RULES_PER_DIAL_PLAN} allowed: ${counted(tooManyForSiteCodes.length, 'dial plan')} keep${tooManyForSiteCodes.length === 1 ? 's' : ''} short dialing inside ${tooManyForSiteCodes.length === 1 ? 'its' : 'their'} own site only; dial the full number across sites, or renumber into unique ranges`,
      siteIds: tooManyForSiteCodes,
    });
  }
  return { dialPlans, collisions, siteCodes, unmet };
}
