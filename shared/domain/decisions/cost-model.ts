/**
 * Cost of each path, per site and in total, monthly and yearly, from the prices in the settings:
 * OC = operator price per user; CP = Calling Plan price per user in the country; DR = Erlang B sessions
 * x (session licence + Teams add-on per session) + carrier estimate per user; PBX = the configured
 * per-user cost of keeping it (0 when not modelled). Per site, each option is compared with the site's
 * current cost so an admin sees what changing the decision does. DR totals are sized per SBC on the
 * pooled traffic of all its users: Erlang B is not additive, so pooling needs fewer sessions than the
 * sum of the sites. A site's common-area phones (lobby, kitchen, warehouse) move with its people and cost
 * what one of them costs on the site's decided or recommended path.
 */
import type { CostReport, EffectivePath, PathCost, SbcSizing, SiteCost, SiteRecommendation } from '../decision-types';
import type { Operator, PstnPath, Sbc } from '../planning-settings';
import type { Person } from '../tenant-snapshot';
import type { DecisionIndex } from './decision-index';
import { counted } from '../counted';
import { ComboKeys } from './combo-keys';
import { channelsFor } from './erlang-b';
import { pickOperator, pickSbc } from './recommend-site-path';

const PATH_ORDER: readonly PstnPath[] = ['OC', 'DR', 'CP', 'PBX'];

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function money(monthly: number): { monthly: number; yearly: number } {
  return { monthly: round2(monthly), yearly: round2(monthly * 12) };
}

/** Monthly cost and sessions of `users` people on one SBC. */
export function drMonthly(sbc: Sbc, users: number, erlangPerUser: number, gradeOfService: number): { monthly: number; sessions: number } {
  const sessions = channelsFor(users * erlangPerUser, gradeOfService);
  const perSessionYear = sbc.pricePerSessionPerYear + sbc.teamsAddOnPerSessionPerYear;
  return { monthly: (sessions * perSessionYear) / 12 + users * sbc.carrierCostPerUserPerMonth, sessions };
}

/** `people[i]` is the person of `paths[i]` (looked up by id when not given). */
export function computeCosts(
  index: DecisionIndex,
  recommendations: Map<string, SiteRecommendation>,
  paths: readonly EffectivePath[],
  people?: readonly Person[],
): CostReport {
  const { settings } = index;
  const { erlangPerUser, gradeOfService } = settings.traffic;
  const pbxPrice = settings.costs.pbxPerUserPerMonth;
  const cpPrice = new Map(settings.callingPlan.map((c) => [c.country, c.pricePerUserPerMonth] as const));
  const assumptions: string[] = [
    `Prices in ${settings.costs.currency}; yearly = 12 x monthly.`,
    `Direct Routing sessions sized with Erlang B at ${erlangPerUser} E per user and a ${(gradeOfService * 100).toFixed(2).replace(/\.?0+$/, '')}% grade of service; site options size each site alone, totals pool traffic per SBC.`,
    'Disabled accounts are not costed.',
  ];
  if (pbxPrice === 0) assumptions.push('Staying on the PBX is costed at 0 (costs.pbxPerUserPerMonth not set).');

  // One pass: people per site per path combination, and per SBC.
  const groupsBySite = new Map<string, Map<string, { path: PstnPath; operatorId?: string; sbcId?: string; n: number }>>();
  const byPath = new Map<PstnPath, { people: number; commonAreaPhones: number; monthly: number }>(PATH_ORDER.map((p) => [p, { people: 0, commonAreaPhones: 0, monthly: 0 }]));
  const drBySbc = new Map<string, number>();
  const comboKeys = new ComboKeys();
  let drWithoutSbc = 0;
  for (let i = 0; i < paths.length; i++) {
    const ep = paths[i];
    const person = people ? people[i] : index.peopleById.get(ep.personId);
    if (!person?.accountEnabled) continue;
    const total = byPath.get(ep.path)!;
    total.people++;
    const country = ep.siteId !== undefined ? index.sitesById.get(ep.siteId)?.countryCode : person.usageLocation;
    if (ep.path === 'OC') total.monthly += (ep.operatorId ? index.operatorsById.get(ep.operatorId)?.pricePerUserPerMonth : undefined) ?? 0;
    else if (ep.path === 'CP') total.monthly += (country ? cpPrice.get(country) : undefined) ?? 0;
    else if (ep.path === 'PBX') total.monthly += pbxPrice;
    else if (ep.sbcId && index.sbcsById.has(ep.sbcId)) drBySbc.set(ep.sbcId, (drBySbc.get(ep.sbcId) ?? 0) + 1);
    else drWithoutSbc++;
    if (ep.siteId === undefined) continue;
    let groups = groupsBySite.get(ep.siteId);
    if (!groups) groupsBySite.set(ep.siteId, (groups = new Map()));
    const key = comboKeys.key(ep);
    const g = groups.get(key);
    if (g) g.n++;
    else groups.set(key, { path: ep.path, ...(ep.operatorId && { operatorId: ep.operatorId }), ...(ep.sbcId && { sbcId: ep.sbcId }), n: 1 });
  }
  if (drWithoutSbc > 0) assumptions.push(`${drWithoutSbc} Direct Routing people have no (known) SBC and are not costed.`);

  // Where each site would go and with whom: its decision's operator or SBC, else the recommendation's,
  // else the first that serves it (what the site's options below are priced with).
  const targets = new Map<string, { operator?: Operator; sbc?: Sbc }>();
  const targetsOf = (siteId: string, country: string | undefined) => {
    let t = targets.get(siteId);
    if (!t) {
      const rec = recommendations.get(siteId)!;
      const decision = index.decisionBySite.get(siteId);
      const operator =
        (decision?.path === 'OC' && decision.operatorId ? index.operatorsById.get(decision.operatorId) : undefined) ??
        (rec.operatorId ? index.operatorsById.get(rec.operatorId) : undefined) ??
        pickOperator(settings.operators, country);
      const sbc =
        (decision?.path === 'DR' && decision.sbcId ? index.sbcsById.get(decision.sbcId) : undefined) ??
        (rec.sbcId ? index.sbcsById.get(rec.sbcId) : undefined) ??
        pickSbc(settings.sbcs, siteId, country);
      targets.set(siteId, (t = { ...(operator && country && operator.countries.includes(country) && { operator }), ...(sbc && { sbc }) }));
    }
    return t;
  };

  // Common-area phones follow their site's path (the plan moves them in its last wave, the way its people
  // went). A site nobody there moves from keeps them on the PBX, as the plan does, and is not a cost row.
  const phonesBySite = new Map<string, number>();
  let phonesCosted = 0;
  let phonesOnCallingPlan = 0;
  for (const [siteId, groups] of groupsBySite) {
    const phones = index.siteFacts.get(siteId)?.commonAreaPhones ?? 0;
    if (phones === 0) continue;
    const country = index.sitesById.get(siteId)?.countryCode;
    const path = index.decisionBySite.get(siteId)?.path ?? recommendations.get(siteId)!.path;
    const { operator, sbc } = targetsOf(siteId, country);
    // Per phone and month; Direct Routing's is its share of the SBC's sessions, sized below with the people's.
    const price = path === 'OC' ? operator?.pricePerUserPerMonth : path === 'CP' ? (country ? cpPrice.get(country) : undefined) : path === 'PBX' ? pbxPrice : sbc ? 0 : undefined;
    if (price === undefined) continue;
    phonesBySite.set(siteId, phones);
    phonesCosted += phones;
    if (path === 'CP') phonesOnCallingPlan += phones;
    const total = byPath.get(path)!;
    total.commonAreaPhones += phones;
    total.monthly += phones * price;
    if (path === 'DR') drBySbc.set(sbc!.id, (drBySbc.get(sbc!.id) ?? 0) + phones);
    const combo = { path, ...(path === 'OC' && { operatorId: operator!.id }), ...(path === 'DR' && { sbcId: sbc!.id }) };
    const key = comboKeys.key(combo);
    const g = groups.get(key);
    if (g) g.n += phones;
    else groups.set(key, { ...combo, n: phones });
  }
  if (phonesCosted > 0) {
    const licences = `Microsoft Teams Shared Devices ${phonesCosted === 1 ? 'licence' : 'licences'}${phonesOnCallingPlan > 0 ? ' (and on Calling Plan a Calling Plan licence each)' : ''}`;
    const are = phonesCosted === 1 ? 'is' : 'are';
    assumptions.push(`${counted(phonesCosted, 'common-area phone')} ${are} costed on ${phonesCosted === 1 ? 'its' : 'their'} site's decided or recommended path as a person there is; the ${licences} ${are} not costed, as Teams Phone licences are not.`);
  }

  const sbcs: SbcSizing[] = [];
  for (const sbc of settings.sbcs) {
    const users = drBySbc.get(sbc.id) ?? 0;
    if (users === 0 && sbc.licensedSessions === 0) continue;
    const { monthly, sessions } = drMonthly(sbc, users, erlangPerUser, gradeOfService);
    byPath.get('DR')!.monthly += monthly;
    sbcs.push({
      sbcId: sbc.id,
      users,
      erlangs: round2(users * erlangPerUser),
      sessions,
      licensedSessions: sbc.licensedSessions,
      shortfall: Math.max(0, sessions - sbc.licensedSessions),
      ...money(monthly),
    });
  }

  const sites: SiteCost[] = [];
  for (const site of index.snapshot.sites) {
    const groups = groupsBySite.get(site.id);
    if (!groups) continue;
    const rec = recommendations.get(site.id)!;
    const decision = index.decisionBySite.get(site.id);
    const country = site.countryCode;
    const phones = phonesBySite.get(site.id) ?? 0;
    // n counts the site's people and its costed common-area phones: every option moves both.
    let n = 0;
    let current = 0;
    for (const g of groups.values()) {
      n += g.n;
      if (g.path === 'OC') current += g.n * ((g.operatorId ? index.operatorsById.get(g.operatorId)?.pricePerUserPerMonth : undefined) ?? 0);
      else if (g.path === 'CP') current += g.n * ((country ? cpPrice.get(country) : undefined) ?? 0);
      else if (g.path === 'PBX') current += g.n * pbxPrice;
      else {
        const sbc = g.sbcId ? index.sbcsById.get(g.sbcId) : undefined;
        if (sbc) current += drMonthly(sbc, g.n, erlangPerUser, gradeOfService).monthly;
      }
    }
    const options: PathCost[] = [];
    const unavailable: { path: PstnPath; reason: string }[] = [];
    const { operator, sbc } = targetsOf(site.id, country);
    if (operator) {
      options.push({ path: 'OC', operatorId: operator.id, ...money(n * operator.pricePerUserPerMonth) });
    } else unavailable.push({ path: 'OC', reason: country ? `No operator serves ${country}.` : 'The site has no country.' });
    if (sbc) {
      const dr = drMonthly(sbc, n, erlangPerUser, gradeOfService);
      options.push({ path: 'DR', sbcId: sbc.id, sessions: dr.sessions, ...money(dr.monthly) });
    } else unavailable.push({ path: 'DR', reason: 'No SBC serves the site.' });
    const cp = country ? cpPrice.get(country) : undefined;
    if (cp !== undefined) options.push({ path: 'CP', ...money(n * cp) });
    else unavailable.push({ path: 'CP', reason: country ? `No Calling Plan configured for ${country}.` : 'The site has no country.' });
    options.push({ path: 'PBX', ...money(n * pbxPrice) });
    const cur = money(current);
    for (const o of options) o.deltaMonthly = round2(o.monthly - cur.monthly);
    sites.push({
      siteId: site.id,
      users: n - phones,
      ...(phones > 0 && { commonAreaPhones: phones }),
      decidedPath: decision?.path ?? rec.path,
      decided: decision !== undefined,
      options,
      current: cur,
      ...(unavailable.length > 0 && { unavailable }),
    });
  }

  let totalMonthly = 0;
  const byPathOut = PATH_ORDER.map((path) => {
    const t = byPath.get(path)!;
    totalMonthly += t.monthly;
    return { path, people: t.people, ...(t.commonAreaPhones > 0 && { commonAreaPhones: t.commonAreaPhones }), ...money(t.monthly) };
  });
  return { currency: settings.costs.currency, sites, byPath: byPathOut, total: money(totalMonthly), sbcs, assumptions };
}
