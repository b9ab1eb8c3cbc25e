/**
 * The per-site recommendation, from the decision framework (see the product brief): Direct Routing
 * wherever the organisation needs control of the SBC or the carrier, Calling Plan for very small sites
 * without an operator, Operator Connect otherwise. Every rule that fires adds a sentence an admin can
 * read; the most decisive comes first. The recommendation is advice only: an admin's decision is
 * reported next to it and never replaced by it.
 */
import type { Operator, PlanningSettings, PstnPath, Sbc, SiteDecision } from '../planning-settings';
import type { SiteRecommendation } from '../decision-types';
import type { SiteFacts } from './decision-index';

export type RecommendationSettings = Pick<PlanningSettings, 'operators' | 'sbcs' | 'callingPlan' | 'tenant'>;

/** Every rule, in the order it is tried; the first that decides the path also leads the reasons. */
export const RECOMMENDATION_RULES = [
  { code: 'compliance', path: 'DR', summary: 'Compliance recording, lawful intercept or data residency required' },
  { code: 'contact-centre', path: 'DR', summary: 'Contact centre or call-centre agents at the site' },
  { code: 'pbx-stays', path: 'DR', summary: 'The PBX stays in service (coexistence through the SBC)' },
  { code: 'ata-devices', path: 'DR', summary: 'Analog, fax, elevator, door or paging lines: ATAs behind the SBC keep them, fax included' },
  { code: 'keep-carrier-contract', path: 'DR', summary: 'An existing carrier contract is kept' },
  { code: 'msp-multi-tenant-sbc', path: 'DR', summary: 'MSP-delivered tenant with a multi-tenant SBC serving the site' },
  { code: 'national-cloud', path: 'DR', summary: 'Operator Connect is not offered in the tenant’s national cloud' },
  { code: 'unknown-country', path: 'DR', summary: 'The site’s country is unknown, so no operator can be checked' },
  { code: 'no-operator-small-site', path: 'CP', summary: 'No operator in the country; small site where Calling Plan is offered' },
  { code: 'no-operator', path: 'DR', summary: 'No Operator Connect operator in the country' },
  { code: 'operator-available', path: 'OC', summary: 'An Operator Connect operator serves the country' },
] as const satisfies readonly { code: string; path: PstnPath; summary: string }[];

export type RecommendationRuleCode = (typeof RECOMMENDATION_RULES)[number]['code'];

const NO_OC_CLOUDS = new Set(['gcc-high', 'dod', 'china']);

/** Whether an SBC is meant for this site: named it, names its country, or names nothing (serves all). */
export function sbcServes(sbc: Sbc, siteId: string, country: string | undefined): boolean {
  if (sbc.siteIds.length === 0 && sbc.countries.length === 0) return true;
  return sbc.siteIds.includes(siteId) || (country !== undefined && sbc.countries.includes(country));
}

/** The SBC for a DR site: one naming the site, else one naming its country, else one serving all. */
export function pickSbc(sbcs: readonly Sbc[], siteId: string, country: string | undefined, multiTenantOnly = false): Sbc | undefined {
  let best: Sbc | undefined;
  let bestRank = 0;
  for (const s of sbcs) {
    if (multiTenantOnly && !s.multiTenant) continue;
    const rank = s.siteIds.includes(siteId) ? 3 : country !== undefined && s.countries.includes(country) ? 2 : sbcServes(s, siteId, country) ? 1 : 0;
    if (rank > bestRank || (rank === bestRank && rank > 0 && best && s.id < best.id)) {
      best = s;
      bestRank = rank;
    }
  }
  return best;
}

/** The operator for an OC site: enabled for the country first, then the cheapest, then by id. */
export function pickOperator(operators: readonly Operator[], country: string | undefined): Operator | undefined {
  if (!country) return undefined;
  let best: Operator | undefined;
  for (const o of operators) {
    if (!o.countries.includes(country)) continue;
    if (!best) {
      best = o;
      continue;
    }
    const e = Number(o.enabledCountries.includes(country)) - Number(best.enabledCountries.includes(country));
    if (e > 0 || (e === 0 && (o.pricePerUserPerMonth < best.pricePerUserPerMonth || (o.pricePerUserPerMonth === best.pricePerUserPerMonth && o.id < best.id)))) {
      best = o;
    }
  }
  return best;
}

function plural(n: number, word: string): string {
  if (n === 1) return `${n} ${word}`;
  // "faxes", "pagings" reads oddly: English plurals for the device words the reasons use.
  const irregular: Record<string, string> = { fax: 'faxes', paging: 'paging systems', 'common-area': 'common-area phones' };
  return `${n} ${irregular[word] ?? `${word}s`}`;
}

export function recommendSitePath(facts: SiteFacts, settings: RecommendationSettings, decision?: SiteDecision): SiteRecommendation {
  const a = facts.attributes;
  const country = facts.countryCode;
  const where = facts.siteName ?? facts.siteId;
  const drReasons: { code: RecommendationRuleCode; text: string }[] = [];

  const regulated = [
    a?.complianceRecording && 'compliance recording',
    a?.lawfulIntercept && 'lawful intercept',
    a?.dataResidency && 'data residency',
  ].filter((x): x is string => typeof x === 'string');
  if (regulated.length) {
    drReasons.push({ code: 'compliance', text: `${where} requires ${regulated.join(', ')}: Direct Routing keeps the SBC and the media path under your control.` });
  }
  if (a?.contactCentre || facts.callCentreAgents > 0) {
    const who = facts.callCentreAgents > 0 ? ` (${plural(facts.callCentreAgents, 'call-centre agent line')} in the PBX inventory)` : '';
    drReasons.push({ code: 'contact-centre', text: `${where} runs a contact centre${who}: Direct Routing lets the SBC integrate the contact-centre platform.` });
  }
  if (a?.pbxStays) {
    drReasons.push({ code: 'pbx-stays', text: `The PBX at ${where} stays in service: Direct Routing lets the SBC route each number to Teams or the PBX during coexistence.` });
  }
  if (facts.ataDevices.length > 0) {
    const list = facts.ataDevices.map((d) => plural(d.count, d.type)).join(', ');
    // SIP Gateway also signs analog phones in through compatible ATAs on any path, one Teams account per
    // port; Teams has no fax service, so faxes and site-wide device fleets are the SBC's job.
    drReasons.push({
      code: 'ata-devices',
      text: `${where} has lines with no Teams client (${list}): Direct Routing keeps them on ATAs behind the SBC, fax included (Teams has no fax service); on Operator Connect or Calling Plan each analog line needs a SIP Gateway-compatible ATA and a Teams account, and faxes another home.`,
    });
  }
  if (a?.keepCarrierContract) {
    drReasons.push({ code: 'keep-carrier-contract', text: `The existing carrier contract at ${where} is kept: Direct Routing works with any SIP carrier.` });
  }
  const mspSbc = settings.tenant.mspDelivered ? pickSbc(settings.sbcs, facts.siteId, country, true) : undefined;
  if (mspSbc) {
    drReasons.push({ code: 'msp-multi-tenant-sbc', text: `The tenant is MSP-delivered and the multi-tenant SBC ${mspSbc.fqdn} serves ${where}.` });
  }

  const reasons: string[] = [];
  const ruleCodes: string[] = [];
  let path: PstnPath;
  let operatorId: string | undefined;
  let sbcId: string | undefined;
  const noOcCloud = NO_OC_CLOUDS.has(settings.tenant.cloud);
  const operator = noOcCloud ? undefined : pickOperator(settings.operators, country);

  if (drReasons.length > 0) {
    path = 'DR';
    for (const r of drReasons) {
      reasons.push(r.text);
      ruleCodes.push(r.code);
    }
  } else if (noOcCloud) {
    path = 'DR';
    reasons.push(`Operator Connect is not offered in the ${settings.tenant.cloud} cloud: Direct Routing is the path for ${where}.`);
    ruleCodes.push('national-cloud');
  } else if (!country) {
    path = 'DR';
    reasons.push(`The country of ${where} is unknown, so no operator can be checked: Direct Routing works anywhere. Set the site's country to refine this.`);
    ruleCodes.push('unknown-country');
  } else if (!operator) {
    const cp = settings.callingPlan.find((c) => c.country === country);
    if (cp && facts.people <= settings.tenant.smallSiteMaxUsers) {
      path = 'CP';
      reasons.push(
        `No Operator Connect operator is configured for ${country}; ${where} is small (${facts.people} ${facts.people === 1 ? 'person' : 'people'}, at most ${settings.tenant.smallSiteMaxUsers}) and Microsoft Calling Plan is offered there.`,
      );
      ruleCodes.push('no-operator-small-site');
    } else {
      path = 'DR';
      reasons.push(`No Operator Connect operator is configured for ${country}: Direct Routing with a local SIP carrier covers it.`);
      ruleCodes.push('no-operator');
    }
  } else {
    path = 'OC';
    operatorId = operator.id;
    const enabled = operator.enabledCountries.includes(country);
    reasons.push(
      enabled
        ? `Operator Connect with ${operator.name} is enabled for ${country} and nothing at ${where} needs Direct Routing: one bill, no SBC to run.`
        : `${operator.name} offers Operator Connect in ${country} and nothing at ${where} needs Direct Routing; enable the operator for ${country} in the Teams admin center before cutover.`,
    );
    ruleCodes.push('operator-available');
  }
  if (path === 'DR') {
    const sbc = mspSbc ?? pickSbc(settings.sbcs, facts.siteId, country);
    sbcId = sbc?.id;
    if (!sbc) reasons.push(`No SBC in the settings serves ${where} yet: add one (or a country it serves) before deciding.`);
    // Say what was given up, so a reader sees the trade-off, not just the verdict.
    if (operator) reasons.push(`${operator.name} offers Operator Connect in ${country}, but the reasons above need Direct Routing.`);
  }

  const decided = decision
    ? {
        path: decision.path,
        ...(decision.operatorId !== undefined && { operatorId: decision.operatorId }),
        ...(decision.sbcId !== undefined && { sbcId: decision.sbcId }),
        ...(decision.voiceRoutingPolicy !== undefined && { voiceRoutingPolicy: decision.voiceRoutingPolicy }),
        ...(decision.stayUntil !== undefined && { stayUntil: decision.stayUntil }),
      }
    : undefined;
  return {
    siteId: facts.siteId,
    ...(facts.siteName !== undefined && { siteName: facts.siteName }),
    ...(country !== undefined && { countryCode: country }),
    people: facts.people,
    path,
    ...(operatorId !== undefined && { operatorId }),
    ...(sbcId !== undefined && { sbcId }),
    reasons,
    ruleCodes,
    ...(decided && { decided }),
    differsFromDecision: decided !== undefined && decided.path !== path,
  };
}
