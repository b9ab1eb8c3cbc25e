/**
 * A multi-tenant SBC declared once by the MSP and used by several customer tenants: its sessions are
 * sized on the customers' pooled busy-hour traffic (Erlang B at the grade of service - pooling needs
 * fewer sessions than sizing each customer alone), checked against the SBC's session capacity and
 * licence count as each customer's waves move people onto it, and its trunk groups (one per customer
 * tenant unless said otherwise) against the SBC's limit. The licence cost is spread over the customers
 * by their share of the traffic. Pure and deterministic: the same inputs give the same report.
 */
import { z } from 'zod';
import { channelsFor } from '../decisions/erlang-b';

/** Trunk groups (SIP interfaces / tenant configurations) a typical multi-tenant SBC holds per server. */
export const DEFAULT_TRUNK_GROUP_LIMIT = 1024;

export interface SharedSbc {
  id: string;
  /** The MSP's base FQDN (e.g. sbc.msp.example); each customer pairs its own subdomain of it. */
  fqdn: string;
  /** Concurrent sessions the SBC (hardware or instance size) can carry. */
  sessionCapacity: number;
  /** Concurrent sessions licensed. */
  licensedSessions: number;
  pricePerSessionPerYear: number;
  teamsAddOnPerSessionPerYear?: number;
  /** Trunk groups the SBC holds; default 1,024. */
  trunkGroupLimit?: number;
  /** Trunk groups each customer tenant takes; default 1 (a customer may need one per region). */
  trunkGroupsPerCustomer?: number;
}

export interface SharedSbcCustomer {
  tenantId: string;
  displayName: string;
  /** The customer's own gateway FQDN on the shared SBC (its runbooks pair this one). */
  gatewayFqdn: string;
  /** Overrides the SBC's trunkGroupsPerCustomer for this customer. */
  trunkGroups?: number;
  /** Direct Routing people already on the SBC before any wave. */
  usersAlready?: number;
  /** Direct Routing people each wave moves onto the SBC. */
  waves: { number: number; date: string; users: number }[];
}

export interface Traffic {
  erlangPerUser: number;
  gradeOfService: number;
}

/** The SBC after one wave (waves of all customers in date order; ties by customer, then wave). */
export interface SharedSbcStep {
  date: string;
  tenantId: string;
  wave: number;
  usersAdded: number;
  users: number;
  erlangs: number;
  sessions: number;
  trunkGroups: number;
  /** What this step exceeds first reached: sessions over capacity, over licences, trunk groups over the limit. */
  over: ('capacity' | 'licences' | 'trunk-groups')[];
}

export interface CustomerShare {
  tenantId: string;
  displayName: string;
  gatewayFqdn: string;
  users: number;
  erlangs: number;
  /** Sessions this customer would need on an SBC of its own. */
  sessionsAlone: number;
  /** Share of the pooled traffic (0..1): the share of the licence cost it carries. */
  share: number;
  yearly: number;
  monthly: number;
}

export interface SharedSbcReport {
  sbcId: string;
  customers: number;
  users: number;
  erlangs: number;
  /** Erlang B sessions for the pooled traffic once every wave has moved. */
  sessions: number;
  sessionCapacity: number;
  licensedSessions: number;
  capacityShortfall: number;
  licenceShortfall: number;
  trunkGroups: number;
  trunkGroupLimit: number;
  /** Sessions saved by pooling: the sum of sessions sized alone minus the pooled figure. */
  poolingSaves: number;
  steps: SharedSbcStep[];
  /** The first wave that pushes the SBC over a limit, per limit. */
  firstOver: { capacity?: SharedSbcStep; licences?: SharedSbcStep; trunkGroups?: SharedSbcStep };
  /** Licensed sessions x (licence + Teams add-on) a year, spread by traffic share. */
  yearlyLicenceCost: number;
  shares: CustomerShare[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function sizeSharedSbc(sbc: SharedSbc, customers: readonly SharedSbcCustomer[], traffic: Traffic): SharedSbcReport {
  const limit = sbc.trunkGroupLimit ?? DEFAULT_TRUNK_GROUP_LIMIT;
  const perCustomer = sbc.trunkGroupsPerCustomer ?? 1;
  const groupsOf = (c: SharedSbcCustomer) => c.trunkGroups ?? perCustomer;
  const sessionsFor = (users: number) => channelsFor(users * traffic.erlangPerUser, traffic.gradeOfService);

  // Customers with people on the SBC before any wave hold their trunk groups from the start.
  let users = 0;
  let trunkGroups = 0;
  const joined = new Set<string>();
  for (const c of customers) {
    if ((c.usersAlready ?? 0) > 0) {
      users += c.usersAlready!;
      trunkGroups += groupsOf(c);
      joined.add(c.tenantId);
    }
  }
  const moves = customers
    .flatMap((c) => c.waves.filter((w) => w.users > 0).map((w) => ({ c, w })))
    .sort((a, b) => (a.w.date < b.w.date ? -1 : a.w.date > b.w.date ? 1 : a.c.tenantId < b.c.tenantId ? -1 : a.c.tenantId > b.c.tenantId ? 1 : a.w.number - b.w.number));

  const steps: SharedSbcStep[] = [];
  const firstOver: SharedSbcReport['firstOver'] = {};
  for (const { c, w } of moves) {
    users += w.users;
    if (!joined.has(c.tenantId)) {
      joined.add(c.tenantId);
      trunkGroups += groupsOf(c);
    }
    const sessions = sessionsFor(users);
    const over: SharedSbcStep['over'] = [];
    if (sessions > sbc.sessionCapacity) over.push('capacity');
    if (sessions > sbc.licensedSessions) over.push('licences');
    if (trunkGroups > limit) over.push('trunk-groups');
    const step: SharedSbcStep = { date: w.date, tenantId: c.tenantId, wave: w.number, usersAdded: w.users, users, erlangs: round2(users * traffic.erlangPerUser), sessions, trunkGroups, over };
    steps.push(step);
    if (over.includes('capacity')) firstOver.capacity ??= step;
    if (over.includes('licences')) firstOver.licences ??= step;
    if (over.includes('trunk-groups')) firstOver.trunkGroups ??= step;
  }

  const sessions = sessionsFor(users);
  const perSessionYear = sbc.pricePerSessionPerYear + (sbc.teamsAddOnPerSessionPerYear ?? 0);
  // The licences the SBC needs: what is licensed, or more when the pooled traffic needs more.
  const yearlyLicenceCost = Math.max(sessions, sbc.licensedSessions) * perSessionYear;
  const totalsOf = (c: SharedSbcCustomer) => (c.usersAlready ?? 0) + c.waves.reduce((n, w) => n + Math.max(0, w.users), 0);
  let sumAlone = 0;
  const shares = customers.map((c): CustomerShare => {
    const u = totalsOf(c);
    const alone = sessionsFor(u);
    sumAlone += alone;
    const share = users > 0 ? u / users : 0;
    const yearly = round2(yearlyLicenceCost * share);
    return { tenantId: c.tenantId, displayName: c.displayName, gatewayFqdn: c.gatewayFqdn, users: u, erlangs: round2(u * traffic.erlangPerUser), sessionsAlone: alone, share, yearly, monthly: round2(yearly / 12) };
  });
  return {
    sbcId: sbc.id,
    customers: customers.length,
    users,
    erlangs: round2(users * traffic.erlangPerUser),
    sessions,
    sessionCapacity: sbc.sessionCapacity,
    licensedSessions: sbc.licensedSessions,
    capacityShortfall: Math.max(0, sessions - sbc.sessionCapacity),
    licenceShortfall: Math.max(0, sessions - sbc.licensedSessions),
    trunkGroups,
    trunkGroupLimit: limit,
    poolingSaves: sumAlone - sessions,
    steps,
    firstOver,
    yearlyLicenceCost: round2(yearlyLicenceCost),
    shares,
  };
}

/**
 * Each customer's own gateway on the shared SBC: `<customer label>.<sbc fqdn>`, the domain the customer
 * verifies in its tenant and pairs with Set-CsOnlinePSTNGateway. The label is the customer's given FQDN
 * when it already ends in the SBC's domain; otherwise it is refused (a runbook must never pair another
 * customer's or an unrelated host).
 */
export function customerGatewayFqdn(sbc: Pick<SharedSbc, 'fqdn'>, gatewayFqdn: string): string {
  const g = gatewayFqdn.trim().toLowerCase();
  const base = sbc.fqdn.trim().toLowerCase();
  if (!g.endsWith(`.${base}`) || !/^([a-z0-9-]+\.)+[a-z]{2,}$/.test(g)) {
    throw new RangeError(`The customer gateway ${gatewayFqdn} must be a subdomain of the shared SBC's ${sbc.fqdn}.`);
  }
  return g;
}

/** A declaration as the API and the CLI accept it (the MSP's portfolio document keeps it). */
export const SharedSbcDeclarationSchema = z.strictObject({
  id: z.string().min(1).max(100).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "-" and "_"'),
  fqdn: z.string().regex(/^(?=.{1,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/i, 'expected a fully qualified domain name'),
  sessionCapacity: z.number().int().min(0),
  licensedSessions: z.number().int().min(0),
  pricePerSessionPerYear: z.number().min(0),
  teamsAddOnPerSessionPerYear: z.number().min(0).optional(),
  trunkGroupLimit: z.number().int().min(1).optional(),
  trunkGroupsPerCustomer: z.number().int().min(1).optional(),
  erlangPerUser: z.number().min(0).max(1).optional(),
  gradeOfService: z.number().gt(0).lt(1).optional(),
});
export const SharedSbcListSchema = z.array(SharedSbcDeclarationSchema).max(100).refine((l) => new Set(l.map((s) => s.id)).size === l.length, 'SBC ids must be unique');

/** The settings' traffic defaults, used when a declaration gives none. */
export const DEFAULT_TRAFFIC: Traffic = { erlangPerUser: 0.05, gradeOfService: 0.01 };

/** Whether a customer's own SBC (its gateway FQDN) sits on the shared SBC. */
export function isOnSharedSbc(sharedFqdn: string, gatewayFqdn: string): boolean {
  return gatewayFqdn.trim().toLowerCase().endsWith(`.${sharedFqdn.trim().toLowerCase()}`);
}
