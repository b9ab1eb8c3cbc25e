/**
 * Readiness gates: what must be true before a person or a site can cut over to their path, each with a
 * stable code, a severity (a blocker holds the person back; a warning does not), what is wrong and the
 * fix. Person gates are about the account, licences and the number; site gates are about the path at the
 * site (emergency address or routing, operator enablement, national cloud) and hold everyone at the site
 * on that path. People staying on the PBX are not gated: they do not move.
 */
import type { EffectivePath, ReadinessGate, ReadinessSeverity, ReadinessSummary } from '../decision-types';
import { READINESS_GATES, type GateCode, type GateDefinition } from './gate-catalogue';
import type { PstnPath } from '../planning-settings';
import type { Person } from '../tenant-snapshot';
import type { DecisionIndex } from './decision-index';
import { ComboKeys } from './combo-keys';
import { NumberCountryResolver } from './number-country';
import { counted } from '../counted';
import { gatewaySiteOf, TOLL_BYPASS_RESTRICTED_COUNTRIES, usesLocationBasedRouting } from '../location-based-routing';

const GATE_BY_CODE = new Map<string, GateDefinition>(READINESS_GATES.map((g) => [g.code, g]));

/** A person gate; built only when it fires, so ready people allocate nothing here. */
function pgate(code: GateCode, message: string, personId: string, siteId: string | undefined): ReadinessGate {
  const def = GATE_BY_CODE.get(code)!;
  const g: ReadinessGate = { code, severity: def.severity, message, fix: def.fix, personId };
  if (siteId !== undefined) g.siteId = siteId;
  return g;
}

function gate(code: GateCode, message: string, where: { personId?: string; siteId?: string; path?: PstnPath; operatorId?: string; sbcId?: string }): ReadinessGate {
  const def = GATE_BY_CODE.get(code)!;
  return { code, severity: def.severity, message, fix: def.fix, ...where };
}

const NO_OC_CLOUDS = new Set(['gcc-high', 'dod', 'china']);

export interface ReadinessResult {
  /** Person gates first (snapshot order), then site gates (site order, path order). */
  gates: ReadinessGate[];
  summary: ReadinessSummary;
  /** People on OC/DR/CP held by a blocker of their own or of their site for their path, in snapshot order. */
  blockedPersonIds: string[];
}

export function personGates(
  person: Person,
  ep: EffectivePath,
  index: DecisionIndex,
  resolver: NumberCountryResolver,
  plannedCount: Map<string, number>,
  out: ReadinessGate[] = [],
): ReadinessGate[] {
  const pid = person.id;
  const sid = ep.siteId;
  const who = person.userPrincipalName;
  const isResource = person.kind === 'resourceAccount';
  // A resource account is a disabled user object by design (Teams creates it with sign-in blocked), so
  // only a person's disabled account holds them back.
  if (!person.accountEnabled && !isResource) out.push(pgate('account-disabled', `${who} is disabled in Entra ID.`, pid, sid));
  if (isResource) {
    if (!person.resourceAccountLicence && person.teamsPhone === 'none') {
      out.push(pgate('resource-account-no-licence', `Resource account ${who} has no Teams Phone Resource Account licence.`, pid, sid));
    }
  } else if (person.teamsPhone === 'none' && person.teamsPhoneTurnedOff) {
    out.push(pgate('teams-phone-turned-off', `${who} holds a licence that includes Teams Phone, with Teams Phone turned off.`, pid, sid));
  } else if (person.teamsPhone === 'none') {
    out.push(pgate('no-teams-phone-licence', `${who} has no Teams Phone licence.`, pid, sid));
  } else if (person.teamsPhone === 'grace') {
    out.push(pgate('teams-phone-licence-grace', `${who}'s Teams Phone licence is in its grace period and will stop working when it ends.`, pid, sid));
  }
  if (!person.usageLocation) out.push(pgate('no-usage-location', `${who} has no usage location; Teams refuses to assign a number without one.`, pid, sid));
  // No number of their own at a Shared Calling site: they call out as the site's main number, on the
  // resource account's plan (no Calling Plan licence of their own).
  const sharing = !ep.plannedNumber && !isResource && sid !== undefined && !!index.attributesBySite.get(sid)?.sharedCalling;
  if (ep.path === 'CP' && !person.callingPlan && !sharing) out.push(pgate('cp-without-licence', `${who} is on the Calling Plan path but has no Calling Plan licence.`, pid, sid));
  if (person.teamsUpgradeMode !== undefined && person.teamsUpgradeMode !== 'TeamsOnly') {
    out.push(pgate('not-teams-only', `${who} is in ${person.teamsUpgradeMode} mode, not TeamsOnly; PSTN calling in Teams needs TeamsOnly.`, pid, sid));
  }
  if (ep.path === 'OC' && !ep.operatorId) out.push(pgate('oc-without-operator', `${who} is on Operator Connect but no operator is named.`, pid, sid));
  if (ep.path === 'DR') {
    if (!ep.sbcId) out.push(pgate('dr-without-sbc', `${who} is on Direct Routing but no SBC is named or serves the site.`, pid, sid));
    else if (!ep.voiceRoutingPolicy) out.push(pgate('dr-without-voice-routing-policy', `${who} is on Direct Routing through ${ep.sbcId} but no voice routing policy is set.`, pid, sid));
  }
  if (ep.siteId === undefined) out.push(pgate('no-site', `${who} is not mapped to a site, so the emergency address or routing for their path cannot be checked.`, pid, sid));

  const number = ep.plannedNumber;
  if (!number) {
    if (isResource) out.push(pgate('resource-account-no-number', `Resource account ${who} has no number planned.`, pid, sid));
    else if (!sharing) {
      out.push(pgate('no-number', `${who} has no number to assign: no matched PBX line with a DID, no Teams number and no valid business phone.`, pid, sid));
    } else if (!index.sitesWithMainNumber?.has(sid!)) {
      // Shared Calling: the person calls out as the site's main number, which needs to exist.
      out.push(
        pgate(
          'shared-calling-no-main-number',
          `${who} has no number of their own and site ${sid} has Shared Calling, but the PBX export gives the site no main number to share (an auto attendant line, or a number its lines ring through).`,
          pid,
          sid,
        ),
      );
    }
    return out;
  }
  const tn = index.numberByE164.get(number);
  if (tn?.numberSource === 'onPremises') {
    out.push(pgate('number-synced-from-on-prem', `${number} (planned for ${who}) is set in on-premises AD and synced; Teams cannot assign it until it is cleared there.`, pid, sid));
  }
  if (tn?.assignmentTargetId && tn.assignmentTargetId !== person.id && tn.assignmentStatus !== 'unassigned') {
    const holder = (index.numberHolders ?? index.peopleById).get(tn.assignmentTargetId)?.userPrincipalName ?? tn.assignmentTargetId;
    out.push(pgate('number-assigned-to-other', `${number} (planned for ${who}) is already assigned in Teams to ${holder}.`, pid, sid));
  }
  if ((plannedCount.get(number) ?? 0) > 1) {
    out.push(pgate('number-planned-twice', `${number} is planned for ${who} and ${counted(plannedCount.get(number)! - 1, 'other person', 'other people')}.`, pid, sid));
  }
  if (person.usageLocation) {
    const known = tn?.isoCountryCode;
    const mismatch = known ? known.toUpperCase() !== person.usageLocation.toUpperCase() : resolver.differs(number, person.usageLocation);
    if (mismatch) {
      const nc = known ?? resolver.resolve(number)?.country ?? `calling code +${resolver.resolve(number)?.callingCode}`;
      out.push(pgate('usage-location-mismatch', `${who}'s usage location is ${person.usageLocation} but the planned number ${number} is from ${nc}.`, pid, sid));
    }
  }
  return out;
}

export function siteGates(siteId: string, combo: Pick<EffectivePath, 'path' | 'operatorId' | 'sbcId'>, index: DecisionIndex): ReadinessGate[] {
  const out: ReadinessGate[] = [];
  const site = index.sitesById.get(siteId);
  const name = site?.name ?? siteId;
  const country = site?.countryCode;
  const attrs = index.attributesBySite.get(siteId);
  const where = {
    siteId,
    path: combo.path,
    ...(combo.operatorId !== undefined && { operatorId: combo.operatorId }),
    ...(combo.sbcId !== undefined && { sbcId: combo.sbcId }),
  };
  if (combo.path === 'OC' || combo.path === 'CP') {
    const status = attrs?.emergencyAddress ?? 'missing';
    const managedBy = combo.operatorId && index.operatorsById.get(combo.operatorId)?.emergencyAddressModel === 'operator' ? ` (managed by ${index.operatorsById.get(combo.operatorId)!.name})` : '';
    if (status === 'missing') out.push(gate('site-no-emergency-address', `${name} has no emergency address${managedBy}; ${combo.path} users there cannot cut over.`, where));
    else if (status === 'pending') out.push(gate('site-emergency-address-pending', `${name}'s emergency address${managedBy} is not validated yet.`, where));
  }
  if (combo.path === 'DR' && !attrs?.emergencyRouting) {
    out.push(gate('site-no-emergency-routing', `${name} has no emergency call routing for Direct Routing.`, where));
  }
  if (country === 'US' && !attrs?.securityDesk) {
    out.push(gate('site-no-security-desk', `${name} has no security desk: Kari's Law asks that someone on site is told of an emergency call from a US site.`, where));
  }
  if (combo.path === 'DR' && usesLocationBasedRouting(country, attrs)) {
    const sbc = combo.sbcId ? index.sbcsById.get(combo.sbcId) : undefined;
    const sbcSite = sbc && gatewaySiteOf(sbc);
    if (!attrs?.subnets?.length) {
      out.push(gate('site-lbr-no-subnets', `${name} uses Location-Based Routing${country && TOLL_BYPASS_RESTRICTED_COUNTRIES.has(country) ? ` (required in ${country})` : ''} but lists no subnets: Teams cannot tell that a client is at the site.`, where));
    }
    if (sbc && sbcSite !== siteId) {
      const at = sbcSite ? `stands at ${index.sitesById.get(sbcSite)?.name ?? sbcSite}` : 'stands at no network site';
      out.push(gate('site-lbr-sbc-elsewhere', `${name} uses Location-Based Routing, but its SBC ${sbc.id} ${at}: its clients could not reach the PSTN through it.`, where));
    }
  }
  if (!country) {
    out.push(gate('site-no-country', `The country of ${name} is unknown.`, where));
  }
  if (combo.path === 'OC') {
    if (NO_OC_CLOUDS.has(index.settings.tenant.cloud)) {
      out.push(gate('oc-national-cloud', `${name} is planned on Operator Connect, which is not offered in the ${index.settings.tenant.cloud} cloud.`, where));
    }
    const op = combo.operatorId ? index.operatorsById.get(combo.operatorId) : undefined;
    if (op && country) {
      if (!op.countries.includes(country)) out.push(gate('oc-operator-not-in-country', `${op.name} does not offer Operator Connect in ${country} (${name}).`, where));
      else if (!op.enabledCountries.includes(country)) out.push(gate('oc-operator-not-enabled', `${op.name} is not enabled for ${country} in the Teams admin center (${name}).`, where));
    }
  }
  if (combo.path === 'CP' && country && !index.settings.callingPlan.some((c) => c.country === country)) {
    out.push(gate('cp-not-offered', `${name} is planned on Calling Plan, but no Calling Plan is configured for ${country}.`, where));
  }
  return out;
}

/** `people[i]` is the person of `paths[i]` (looked up by id when not given). */
export function computeReadiness(index: DecisionIndex, paths: readonly EffectivePath[], people?: readonly Person[]): ReadinessResult {
  const resolver = new NumberCountryResolver();
  const plannedCount = new Map<string, number>();
  for (const ep of paths) {
    if (ep.path !== 'PBX' && ep.plannedNumber) plannedCount.set(ep.plannedNumber, (plannedCount.get(ep.plannedNumber) ?? 0) + 1);
  }
  const personGateList: ReadinessGate[] = [];
  const personBlocked = new Uint8Array(paths.length);
  // Per site: the distinct path/operator/SBC combinations in use, each gated once.
  const combosBySite = new Map<string, Map<string, EffectivePath>>();
  const keys: string[] = new Array(paths.length);
  const comboKeys = new ComboKeys();
  for (let i = 0; i < paths.length; i++) {
    const ep = paths[i];
    if (ep.path === 'PBX') continue;
    const person = people ? people[i] : index.peopleById.get(ep.personId)!;
    const before = personGateList.length;
    personGates(person, ep, index, resolver, plannedCount, personGateList);
    for (let g = before; g < personGateList.length; g++) {
      if (personGateList[g].severity === 'blocker') {
        personBlocked[i] = 1;
        break;
      }
    }
    if (ep.siteId !== undefined) {
      let combos = combosBySite.get(ep.siteId);
      if (!combos) combosBySite.set(ep.siteId, (combos = new Map()));
      const key = comboKeys.key(ep);
      keys[i] = key;
      if (!combos.has(key)) combos.set(key, ep);
    }
  }
  const siteGateList: ReadinessGate[] = [];
  /** Per site, the combinations held by a site blocker. */
  const blockedCombos = new Map<string, Set<string>>();
  const siteBlockers = new Map<string, Set<string>>();
  for (const site of index.snapshot.sites) {
    const combos = combosBySite.get(site.id);
    if (!combos) continue;
    for (const key of [...combos.keys()].sort()) {
      for (const g of siteGates(site.id, combos.get(key)!, index)) {
        siteGateList.push(g);
        if (g.severity === 'blocker') {
          let b = blockedCombos.get(site.id);
          if (!b) blockedCombos.set(site.id, (b = new Set()));
          b.add(key);
          let s = siteBlockers.get(site.id);
          if (!s) siteBlockers.set(site.id, (s = new Set()));
          s.add(g.code);
        }
      }
    }
  }

  const perSite = new Map<string, { moving: number; ready: number; blocked: number }>();
  const blockedPersonIds: string[] = [];
  let moving = 0;
  for (let i = 0; i < paths.length; i++) {
    const ep = paths[i];
    if (ep.path === 'PBX') continue;
    moving++;
    const blocked = personBlocked[i] === 1 || (ep.siteId !== undefined && blockedCombos.get(ep.siteId)?.has(keys[i]) === true);
    if (blocked) blockedPersonIds.push(ep.personId);
    if (ep.siteId !== undefined) {
      let s = perSite.get(ep.siteId);
      if (!s) perSite.set(ep.siteId, (s = { moving: 0, ready: 0, blocked: 0 }));
      s.moving++;
      if (blocked) s.blocked++;
      else s.ready++;
    }
  }
  const gates = personGateList.concat(siteGateList);
  const counts = new Map<string, { severity: ReadinessSeverity; count: number }>();
  for (const g of gates) {
    const c = counts.get(g.code);
    if (c) c.count++;
    else counts.set(g.code, { severity: g.severity, count: 1 });
  }
  const order = new Map<string, number>(READINESS_GATES.map((g, i) => [g.code, i]));
  const byCode = [...counts]
    .map(([code, c]) => ({ code, severity: c.severity, count: c.count }))
    .sort((a, b) => order.get(a.code)! - order.get(b.code)!);
  return {
    gates,
    blockedPersonIds,
    summary: {
      byCode,
      peopleMoving: moving,
      peopleReady: moving - blockedPersonIds.length,
      peopleBlocked: blockedPersonIds.length,
      sitesBlocked: siteBlockers.size,
      perSite: index.snapshot.sites
        .filter((s) => perSite.has(s.id) || siteBlockers.has(s.id))
        .map((s) => ({
          siteId: s.id,
          ...(perSite.get(s.id) ?? { moving: 0, ready: 0, blocked: 0 }),
          siteBlockers: [...(siteBlockers.get(s.id) ?? [])].sort((a, b) => order.get(a)! - order.get(b)!),
        })),
    },
  };
}
