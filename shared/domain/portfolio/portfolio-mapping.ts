/**
 * The MSP portfolio: which customer tenants an MSP tenant plans for, and which of the MSP's users or
 * Entra groups may act for each customer, as admin or viewer. One versioned document per MSP tenant;
 * the pure rules here validate changes and answer "may this caller act for that customer" from an
 * index built once per document version.
 */

export const PORTFOLIO_ROLES = ['admin', 'viewer'] as const;
export type PortfolioRole = (typeof PORTFOLIO_ROLES)[number];

/**
 * Who a grant names: an Entra user by object id or by UPN, or an Entra group by object id (matched
 * against the token's `groups` claim). Ids and UPNs are kept lower-case.
 */
export type PrincipalKind = 'user' | 'upn' | 'group';
export interface Principal {
  kind: PrincipalKind;
  id: string;
}

export interface PortfolioGrant {
  principal: Principal;
  role: PortfolioRole;
  grantedAt: string;
  grantedBy: string;
}

export interface PortfolioCustomer {
  tenantId: string;
  displayName: string;
  linkedAt: string;
  linkedBy: string;
  grants: PortfolioGrant[];
  /** How Graph reaches the customer; absent = app-only (see GraphAccessMode). */
  graphAccess?: GraphAccessMode;
}

/**
 * app-only: client credentials in the customer tenant, after its admin consented (scheduled syncs run).
 * delegated: the MSP's granted users are guest admins there; a sync acts on behalf of the user who
 * starts it, exchanged at the customer tenant's authority; nothing runs on a schedule.
 */
export const GRAPH_ACCESS_MODES = ['app-only', 'delegated'] as const;
export type GraphAccessMode = (typeof GRAPH_ACCESS_MODES)[number];

export function graphAccessOf(customer: Pick<PortfolioCustomer, 'graphAccess'>): GraphAccessMode {
  return customer.graphAccess ?? 'app-only';
}

/** Says how Graph reaches the customer; app-only is stored as absent, so older documents read the same. */
export function setGraphAccess(doc: PortfolioDocument, tenantId: string, mode: GraphAccessMode): PortfolioDocument {
  const id = tenantId.toLowerCase();
  if (!(GRAPH_ACCESS_MODES as readonly string[]).includes(mode)) {
    throw new PortfolioRuleError(`graphAccess must be ${GRAPH_ACCESS_MODES.join(' or ')}; got "${String(mode)}".`, [{ path: '$.graphAccess', message: `expected ${GRAPH_ACCESS_MODES.join(' | ')}` }]);
  }
  if (!doc.customers.some((c) => c.tenantId === id)) throw new PortfolioNotFoundError(`Tenant ${tenantId} is not a customer of this portfolio: link it first.`);
  return {
    ...doc,
    customers: doc.customers.map((c) => {
      if (c.tenantId !== id) return c;
      const { graphAccess: _previous, ...rest } = c;
      return mode === 'app-only' ? rest : { ...rest, graphAccess: mode };
    }),
  };
}

/** The `portfolio` document of an MSP tenant. Customers in tenant id order. */
export interface PortfolioDocument {
  customers: PortfolioCustomer[];
  /** Multi-tenant SBCs the MSP declares once (shared/domain/portfolio/shared-sbc.ts sizes them). */
  sharedSbcs?: SharedSbcDeclaration[];
}

/**
 * A shared SBC as the MSP declares it: the SBC's limits and prices and the traffic assumption it is
 * sized with. A customer uses it when an SBC of the customer's own settings has a gateway FQDN under
 * this one's (e.g. contoso.sbc.msp.example under sbc.msp.example).
 */
export interface SharedSbcDeclaration {
  id: string;
  fqdn: string;
  sessionCapacity: number;
  licensedSessions: number;
  pricePerSessionPerYear: number;
  teamsAddOnPerSessionPerYear?: number;
  trunkGroupLimit?: number;
  trunkGroupsPerCustomer?: number;
  erlangPerUser?: number;
  gradeOfService?: number;
}

export const EMPTY_PORTFOLIO: PortfolioDocument = { customers: [] };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UPN = /^[^\s@]{1,200}@[^\s@]{1,200}$/;

export function isTenantId(value: string): boolean {
  return GUID.test(value);
}

/** A user is named by object id (a GUID) or UPN (contains @); a group by object id. */
export function parsePrincipal(kind: 'user' | 'group', value: string): Principal | undefined {
  const v = value.trim().toLowerCase();
  if (kind === 'group') return GUID.test(v) ? { kind: 'group', id: v } : undefined;
  if (GUID.test(v)) return { kind: 'user', id: v };
  if (UPN.test(v)) return { kind: 'upn', id: v };
  return undefined;
}

export function principalKey(p: Principal): string {
  return `${p.kind}:${p.id}`;
}

export function describePrincipal(p: Principal): string {
  return p.kind === 'group' ? `group ${p.id}` : p.kind === 'upn' ? p.id : `user ${p.id}`;
}

/** Who is signed in, as far as grants are concerned (from the verified token). */
export interface GrantSubject {
  userId: string;
  upn?: string;
  groupIds?: readonly string[];
}

/** Customer tenant id -> principal key -> role: every request's check is a few map lookups. */
export type PortfolioIndex = ReadonlyMap<string, { customer: PortfolioCustomer; roles: ReadonlyMap<string, PortfolioRole> }>;

export function indexPortfolio(doc: PortfolioDocument): PortfolioIndex {
  const index = new Map<string, { customer: PortfolioCustomer; roles: Map<string, PortfolioRole> }>();
  for (const customer of doc.customers) {
    index.set(customer.tenantId, { customer, roles: new Map(customer.grants.map((g) => [principalKey(g.principal), g.role])) });
  }
  return index;
}

/** The strongest role any of the subject's principals holds on the customer; undefined = none. */
export function roleFor(index: PortfolioIndex, subject: GrantSubject, customerTenantId: string): PortfolioRole | undefined {
  const entry = index.get(customerTenantId.toLowerCase());
  if (!entry) return undefined;
  const keys = [`user:${subject.userId.toLowerCase()}`];
  if (subject.upn) keys.push(`upn:${subject.upn.toLowerCase()}`);
  for (const g of subject.groupIds ?? []) keys.push(`group:${g.toLowerCase()}`);
  let best: PortfolioRole | undefined;
  for (const k of keys) {
    const role = entry.roles.get(k);
    if (role === 'admin') return 'admin';
    if (role) best = role;
  }
  return best;
}

export class PortfolioRuleError extends Error {
  readonly code = 'bad-input';
  constructor(
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'PortfolioRuleError';
  }
}

export class PortfolioNotFoundError extends Error {
  readonly code = 'not-found';
  constructor(message: string) {
    super(message);
    this.name = 'PortfolioNotFoundError';
  }
}

/** The most customers one MSP tenant links: a portfolio overview stays a bounded read. */
export const MAX_CUSTOMERS = 5000;
/** The most grants on one customer: name groups rather than hundreds of users. */
export const MAX_GRANTS_PER_CUSTOMER = 500;

export interface Stamp {
  at: string;
  by: string;
}

const sortCustomers = (cs: PortfolioCustomer[]) => cs.sort((a, b) => (a.tenantId < b.tenantId ? -1 : a.tenantId > b.tenantId ? 1 : 0));

export function linkCustomer(doc: PortfolioDocument, mspTenantId: string, tenantId: string, displayName: string, stamp: Stamp): PortfolioDocument {
  const id = tenantId.trim().toLowerCase();
  if (!isTenantId(id)) throw new PortfolioRuleError(`tenantId must be a tenant id (a GUID); got "${tenantId}".`, [{ path: '$.tenantId', message: 'expected a GUID' }]);
  if (id === mspTenantId.toLowerCase()) throw new PortfolioRuleError('An MSP tenant cannot be its own customer.', [{ path: '$.tenantId', message: 'the MSP tenant itself' }]);
  const name = displayName.trim();
  if (!name || name.length > 200) throw new PortfolioRuleError('displayName must be 1 to 200 characters.', [{ path: '$.displayName', message: 'expected 1-200 characters' }]);
  if (doc.customers.some((c) => c.tenantId === id)) throw new PortfolioRuleError(`Tenant ${id} is already a customer.`, [{ path: '$.tenantId', message: 'already linked' }]);
  if (doc.customers.length >= MAX_CUSTOMERS) throw new PortfolioRuleError(`A portfolio holds at most ${MAX_CUSTOMERS} customers.`, [{ path: '$.tenantId', message: 'portfolio full' }]);
  return { ...doc, customers: sortCustomers([...doc.customers, { tenantId: id, displayName: name, linkedAt: stamp.at, linkedBy: stamp.by, grants: [] }]) };
}

export function unlinkCustomer(doc: PortfolioDocument, tenantId: string): PortfolioDocument {
  const id = tenantId.toLowerCase();
  if (!doc.customers.some((c) => c.tenantId === id)) throw new PortfolioNotFoundError(`Tenant ${tenantId} is not a customer of this portfolio.`);
  return { ...doc, customers: doc.customers.filter((c) => c.tenantId !== id) };
}

/** Adds a grant, or changes the role of the principal's existing one. */
export function grantAccess(doc: PortfolioDocument, tenantId: string, principal: Principal, role: PortfolioRole, stamp: Stamp): PortfolioDocument {
  const id = tenantId.toLowerCase();
  const customer = doc.customers.find((c) => c.tenantId === id);
  if (!customer) throw new PortfolioNotFoundError(`Tenant ${tenantId} is not a customer of this portfolio: link it first.`);
  const key = principalKey(principal);
  const others = customer.grants.filter((g) => principalKey(g.principal) !== key);
  if (others.length >= MAX_GRANTS_PER_CUSTOMER) {
    throw new PortfolioRuleError(`A customer holds at most ${MAX_GRANTS_PER_CUSTOMER} grants: grant a group instead.`, [{ path: '$.principal', message: 'too many grants' }]);
  }
  const grants = [...others, { principal, role, grantedAt: stamp.at, grantedBy: stamp.by }].sort((a, b) => (principalKey(a.principal) < principalKey(b.principal) ? -1 : 1));
  return { ...doc, customers: doc.customers.map((c) => (c.tenantId === id ? { ...c, grants } : c)) };
}

export function revokeAccess(doc: PortfolioDocument, tenantId: string, principal: Principal): PortfolioDocument {
  const id = tenantId.toLowerCase();
  const customer = doc.customers.find((c) => c.tenantId === id);
  if (!customer) throw new PortfolioNotFoundError(`Tenant ${tenantId} is not a customer of this portfolio.`);
  const key = principalKey(principal);
  if (!customer.grants.some((g) => principalKey(g.principal) === key)) {
    throw new PortfolioNotFoundError(`${describePrincipal(principal)} holds no grant on tenant ${id}.`);
  }
  return { ...doc, customers: doc.customers.map((c) => (c.tenantId === id ? { ...c, grants: c.grants.filter((g) => principalKey(g.principal) !== key) } : c)) };
}
