/**
 * Cost of each path, per site and in total, monthly and yearly, from the prices in the settings:
 * OC = operator price per user; CP = Calling Plan price per user in the country; DR = Erlang B sessions
 * x (session licence + Teams add-on per session) + carrier estimate per user; PBX = the configured
 * per-user cost of keeping it (0 when not modelled). Per site, each option is compared with the site's
 * current cost so an admin sees what changing the decision does. DR totals are sized per SBC on the
 * pooled traffic of all its users: Erlang B is not additive, so pooling needs fewer sessions than the
 * sum of the sites.
 */
import type { CostReport, EffectivePath, PathCost, SbcSizing, SiteCost, SiteRecommendation } from '../decision-types';
import type { PstnPath, Sbc } from '../planning-settings';
import type { Person } from '../tenant-snapshot';
import type { DecisionIndex } from './decision-index';
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
  const byPath = new Map<PstnPath, { people: number; monthly: number }>(PATH_ORDER.map((p) => [p, { people: 0, monthly: 0 }]));
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
    const operator =
      (decision?.path === 'OC' && decision.operatorId ? index.operatorsById.get(decision.operatorId) : undefined) ??
      (rec.operatorId ? index.operatorsById.get(rec.operatorId) : undefined) ??
      pickOperator(settings.operators, country);
    if (operator && country && operator.countries.includes(country)) {
      options.push({ path: 'OC', operatorId: operator.id, ...money(n * operator.pricePerUserPerMonth) });
    } else unavailable.push({ path: 'OC', reason: country ? `No operator serves ${country}.` : 'The site has no country.' });
    const sbc =
      (decision?.path === 'DR' && decision.sbcId ? index.sbcsById.get(decision.sbcId) : undefined) ??
      (rec.sbcId ? index.sbcsById.get(rec.sbcId) : undefined) ??
      pickSbc(settings.sbcs, site.id, country);
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
      users: n,
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
    return { path, people: t.people, ...money(t.monthly) };
  });
  return { currency: settings.costs.currency, sites, byPath: byPathOut, total: money(totalMonthly), sbcs, assumptions };
}
