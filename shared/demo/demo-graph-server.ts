/**
 * A Graph-compatible server for a generated demo tenant: the demo behind `npm start`, a sandbox for
 * `vmp sync`, and the far end of tests and benchmarks. It speaks Graph's wire format for what the
 * planner reads: /organization, /users (+ $select, $top 1..999, $filter=startswith(userPrincipalName,'x'),
 * $skiptoken paging, /users/$count with ConsistencyLevel), /users/delta (delta links, $deltatoken=latest,
 * @removed, expired tokens -> 400 syncStateNotFound), /subscribedSkus, places (rooms, room lists and
 * buildings, v1.0 or beta), Teams numberAssignments ($top <= 1000, $skip) and userConfigurations. Requests need
 * `Authorization: Bearer <token>` (401 otherwise).
 *
 * Fault injection, for resilience tests and demos: 429 with Retry-After (seconds or HTTP date) every
 * Nth request, 503 bursts, slow pages, a connection dropped mid-body, national-cloud mode (no Teams
 * number or user configuration API), /subscribedSkus refused (403), and bad pages (malformed JSON, no `value`, a foreign or looping
 * nextLink, ids repeated from an earlier page, null fields).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphUser } from '../graph/graph-types';
import { NUMBER_ASSIGNMENTS_PATH, USER_CONFIGURATIONS_PATH } from '../graph/graph-types';
import type { DemoTenant } from './demo-tenant-generator';

export type UsersPageFaultKind = 'malformed-json' | 'missing-value' | 'foreign-next-link' | 'loop-next-link' | 'duplicate-ids' | 'null-fields' | 'null-id';

export interface DemoGraphFaults {
  /** Every Nth request answers 429. */
  throttleEveryNth?: number;
  /** How the 429 says when to come back. */
  retryAfter?: 'seconds' | 'http-date' | 'none';
  retryAfterSeconds?: number;
  /** Requests n with n % every < length answer 503. */
  burst503?: { every: number; length: number };
  /** Delay before every collection page. */
  slowPageMs?: number;
  /** Every Nth request: headers and half the body, then the socket is destroyed. */
  dropEveryNth?: number;
  /** National cloud: no Teams telephone number or user configuration API. */
  nationalCloud?: boolean;
  /** The Nth /users page served (1-based, counted over all shards) is bad in the given way. */
  usersPageFault?: { page: number; kind: UsersPageFaultKind };
  /** Origin used by the foreign-next-link fault. */
  foreignOrigin?: string;
  /** Refuse $filter on /users (400), as some Graph-compatible proxies do. */
  refuseFilter?: boolean;
  /** Refuse /subscribedSkus (403), as Graph does without LicenseAssignment.Read.All or a directory reader role. */
  refuseSubscribedSkus?: boolean;
}

export interface DemoGraphServerOptions {
  tenant: DemoTenant;
  token: string;
  host?: string;
  port?: number;
  faults?: DemoGraphFaults;
  /** Directory roles (Entra role template ids) per user id, for /users/{id}/transitiveMemberOf/microsoft.graph.directoryRole. */
  directoryRoles?: Record<string, string[]>;
}

const DEFAULT_USER_FIELDS = ['businessPhones', 'displayName', 'givenName', 'id', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName'];
const MAX_USERS_TOP = 999;
const MAX_NUMBERS_TOP = 1000;

interface Change {
  version: number;
  id: string;
  removed: boolean;
  /** Changed property names; undefined = the whole object is new. */
  keys?: string[];
}

class GraphHttpError extends Error {
  constructor(
    readonly status: number,
    readonly graphCode: string,
    message: string,
  ) {
    super(message);
  }
}

export class DemoGraphServer {
  private server?: http.Server;
  private baseUrl = '';
  private faults: DemoGraphFaults;
  private requestCount = 0;
  private usersPagesServed = 0;
  private lastServedUser?: GraphUser;
  private users: GraphUser[];
  private byId = new Map<string, GraphUser>();
  private shards?: Map<string, GraphUser[]>;
  private version = 1;
  private oldestValidVersion = 1;
  private changes: Change[] = [];
  /** Every request's method and path, for tests and the demo console. */
  readonly requestLog: { method: string; path: string; query: string; status: number }[] = [];
  logRequests = false;

  constructor(private readonly options: DemoGraphServerOptions) {
    this.faults = { ...options.faults };
    this.users = [...options.tenant.users];
    for (const u of this.users) this.byId.set(u.id!, u);
  }

  get url(): string {
    return this.baseUrl;
  }

  get tenant(): DemoTenant {
    return this.options.tenant;
  }

  setFaults(faults: DemoGraphFaults): void {
    this.faults = { ...faults };
    this.requestCount = 0;
    this.usersPagesServed = 0;
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err) => {
        if (!res.headersSent) this.sendError(res, 500, 'InternalServerError', String(err?.message ?? err));
      });
    });
    this.server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    const host = address.address.includes(':') ? `[${address.address}]` : address.address;
    this.baseUrl = `http://${host}:${address.port}`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  // ---- tenant changes (for delta sync) --------------------------------------------------------

  /**
   * Adds, changes and removes users; the next delta read reports exactly these. `addAt`: where the new
   * users go in the directory's order (default the end) - before a pager's position, they shift every user
   * after them onto the next page, as a directory changing under a read does.
   */
  applyUserChanges(changes: { add?: GraphUser[]; addAt?: number; update?: { id: string; set: Partial<GraphUser> }[]; remove?: string[] }): void {
    this.version++;
    const at = Math.min(Math.max(0, changes.addAt ?? this.users.length), this.users.length);
    this.users.splice(at, 0, ...(changes.add ?? []));
    for (const u of changes.add ?? []) {
      this.byId.set(u.id!, u);
      this.changes.push({ version: this.version, id: u.id!, removed: false });
    }
    for (const { id, set } of changes.update ?? []) {
      const u = this.byId.get(id);
      if (!u) throw new Error(`no user ${id}`);
      Object.assign(u, set);
      this.changes.push({ version: this.version, id, removed: false, keys: Object.keys(set) });
    }
    const removed = new Set(changes.remove ?? []);
    if (removed.size > 0) {
      this.users = this.users.filter((u) => !removed.has(u.id!));
      for (const id of removed) {
        this.byId.delete(id);
        this.changes.push({ version: this.version, id, removed: true });
      }
    }
    this.shards = undefined;
  }

  /** Makes every delta link issued so far invalid, as Graph does after 7 days. */
  expireDeltaLinks(): void {
    this.version++;
    this.oldestValidVersion = this.version;
  }

  // ---- request handling -----------------------------------------------------------------------

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    res.on('finish', () => {
      this.requestLog.push({ method: req.method ?? 'GET', path: url.pathname, query: url.search, status: res.statusCode });
      if (this.requestLog.length > 10_000) this.requestLog.splice(0, 5_000);
      if (this.logRequests) process.stderr.write(`${req.method} ${url.pathname}${url.search} -> ${res.statusCode}\n`);
    });
    if (req.headers.authorization !== `Bearer ${this.options.token}`) {
      return this.sendError(res, 401, 'InvalidAuthenticationToken', req.headers.authorization ? 'Access token validation failure.' : 'Access token is empty.');
    }
    if (req.method !== 'GET') return this.sendError(res, 405, 'Request_BadRequest', 'The demo tenant is read-only.');
    const n = ++this.requestCount;
    const f = this.faults;
    if (f.throttleEveryNth && n % f.throttleEveryNth === 0) {
      const headers: Record<string, string> = {};
      const seconds = f.retryAfterSeconds ?? 1;
      if (f.retryAfter !== 'none') {
        headers['Retry-After'] = f.retryAfter === 'http-date' ? new Date(Date.now() + seconds * 1000).toUTCString() : String(seconds);
      }
      return this.sendError(res, 429, 'TooManyRequests', 'Too many requests; retry later.', headers);
    }
    if (f.burst503 && n % f.burst503.every < f.burst503.length) {
      return this.sendError(res, 503, 'ServiceUnavailable', 'The service is temporarily unavailable.');
    }
    const match = /^\/(v1\.0|beta)(\/.*)$/.exec(url.pathname);
    if (!match) return this.sendError(res, 400, 'BadRequest', `Invalid version: ${url.pathname}`);
    const [, version, path] = match;
    try {
      const body = await this.route(version, decodeURIComponent(path), url.searchParams, req);
      if (f.slowPageMs) await new Promise((r) => setTimeout(r, f.slowPageMs));
      if (typeof body === 'string') return this.send(res, 200, body, 'application/json', n);
      if (typeof body === 'number') return this.send(res, 200, String(body), 'text/plain', n);
      return this.send(res, 200, JSON.stringify(body), 'application/json', n);
    } catch (err) {
      if (err instanceof GraphHttpError) return this.sendError(res, err.status, err.graphCode, err.message);
      throw err;
    }
  }

  private async route(version: string, path: string, q: URLSearchParams, req: http.IncomingMessage): Promise<unknown> {
    const t = this.options.tenant;
    const self = (extra: Record<string, string>) => this.link(version, path, q, extra);
    if (path === '/organization') return { '@odata.context': `${this.baseUrl}/${version}/$metadata#organization`, value: [t.organization] };
    if (path === '/users') return this.usersPage(version, path, q);
    if (path === '/users/$count') {
      if (String(req.headers.consistencylevel ?? '').toLowerCase() !== 'eventual') {
        throw new GraphHttpError(400, 'Request_BadRequest', 'Count is not currently supported without ConsistencyLevel: eventual.');
      }
      return this.users.length;
    }
    if (path === '/users/delta' || path === '/users/microsoft.graph.delta') return this.deltaPage(version, path, q);
    if (path === '/subscribedSkus') {
      if (this.faults.refuseSubscribedSkus) throw new GraphHttpError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
      return { '@odata.context': `${this.baseUrl}/${version}/$metadata#subscribedSkus`, value: t.subscribedSkus };
    }
    if (path === '/places/microsoft.graph.room') return this.skipPage(t.rooms, q, 100, self);
    if (path === '/places/microsoft.graph.roomlist') return this.skipPage(t.roomLists, q, 100, self);
    // Buildings are served in v1.0 as in beta, 1,000 a page by default, as Graph does.
    if (path === '/places/microsoft.graph.building') return this.skipPage(t.buildings, q, 1000, self, 1000);
    if (path === NUMBER_ASSIGNMENTS_PATH) {
      this.requireTeamsApis();
      let items = t.numberAssignments;
      const filter = q.get('$filter');
      if (filter) {
        const m = /^numberType eq '(\w+)'$/.exec(filter.trim());
        if (!m) throw new GraphHttpError(400, 'BadRequest', `Unsupported filter: ${filter}`);
        items = items.filter((x) => x.numberType === m[1]);
      }
      return this.skipPage(items, q, 500, self, MAX_NUMBERS_TOP);
    }
    if (path === USER_CONFIGURATIONS_PATH) {
      this.requireTeamsApis();
      return this.skipPage(t.userConfigurations, q, 100, self, 999);
    }
    const roles = /^\/users\/([^/]+)\/transitiveMemberOf\/microsoft\.graph\.directoryRole$/.exec(path);
    if (roles) {
      if (!this.byId.has(roles[1])) throw new GraphHttpError(404, 'Request_ResourceNotFound', `Resource '${roles[1]}' does not exist or one of its queried reference-property objects are not present.`);
      const select = parseSelect(q.get('$select'));
      const value = (this.options.directoryRoles?.[roles[1]] ?? []).map((roleTemplateId, i) => {
        const role: Record<string, unknown> = { id: `${roles[1].slice(0, 8)}-role-${i}`, roleTemplateId, displayName: `Directory role ${roleTemplateId.slice(0, 8)}` };
        return select ? Object.fromEntries([['id', role.id], ...select.map((k) => [k, role[k] ?? null])]) : role;
      });
      return { '@odata.context': `${this.baseUrl}/${version}/$metadata#directoryRoles`, value };
    }
    throw new GraphHttpError(404, 'Request_ResourceNotFound', `Resource not found for the segment '${path.split('/').pop()}'.`);
  }

  private requireTeamsApis(): void {
    if (this.faults.nationalCloud) throw new GraphHttpError(400, 'BadRequest', "Resource not found for the segment 'teams'.");
  }

  private usersPage(version: string, path: string, q: URLSearchParams): unknown {
    const top = parseTop(q.get('$top'), 100, MAX_USERS_TOP);
    const select = parseSelect(q.get('$select'));
    let list = this.users;
    const filter = q.get('$filter');
    if (filter) {
      if (this.faults.refuseFilter) throw new GraphHttpError(400, 'Request_UnsupportedQuery', 'Unsupported query.');
      const m = /^startswith\(userPrincipalName,\s*'((?:[^']|'')*)'\)$/i.exec(filter.trim());
      if (!m) throw new GraphHttpError(400, 'Request_UnsupportedQuery', `Unsupported or invalid query filter clause specified for property 'userPrincipalName' of resource 'User'.`);
      list = this.usersWithPrefix(m[1].replace(/''/g, "'").toLowerCase());
    }
    const offset = decodeSkipToken(q.get('$skiptoken'));
    const slice = list.slice(offset, offset + top);
    const page: Record<string, unknown> = {
      '@odata.context': `${this.baseUrl}/${version}/$metadata#users`,
      value: slice.map((u) => project(u, select)),
    };
    if (offset + top < list.length) page['@odata.nextLink'] = this.link(version, path, q, { $skiptoken: encodeToken({ o: offset + top }) });
    const pageNo = ++this.usersPagesServed;
    const fault = this.faults.usersPageFault;
    const previous = this.lastServedUser;
    if (slice.length > 0) this.lastServedUser = slice[0];
    if (fault && fault.page === pageNo) return this.corruptUsersPage(page, fault.kind, version, path, q, previous);
    return page;
  }

  private corruptUsersPage(page: Record<string, unknown>, kind: UsersPageFaultKind, version: string, path: string, q: URLSearchParams, previous?: GraphUser): unknown {
    const value = page.value as Record<string, unknown>[];
    switch (kind) {
      case 'malformed-json':
        return JSON.stringify(page).slice(0, 200) + '<<truncated by proxy';
      case 'missing-value':
        delete page.value;
        return page;
      case 'foreign-next-link': {
        const origin = this.faults.foreignOrigin ?? 'https://graph.evil.example';
        page['@odata.nextLink'] = `${origin}/${version}${path}?$skiptoken=${encodeToken({ o: 0 })}`;
        return page;
      }
      case 'loop-next-link':
        page['@odata.nextLink'] = this.link(version, path, q, {});
        return page;
      case 'duplicate-ids':
        if (previous) value.push(project(previous, parseSelect(q.get('$select'))));
        return page;
      case 'null-fields':
        for (const u of value) for (const k of Object.keys(u)) if (k !== 'id' && k !== 'userPrincipalName') u[k] = null;
        return page;
      case 'null-id':
        if (value.length > 0) value[Math.min(1, value.length - 1)].id = null;
        return page;
    }
  }

  private deltaPage(version: string, path: string, q: URLSearchParams): unknown {
    const deltaToken = q.get('$deltatoken');
    const skipToken = q.get('$skiptoken');
    const context = `${this.baseUrl}/${version}/$metadata#users`;
    if (deltaToken === 'latest') {
      const select = q.get('$select') ?? '';
      return { '@odata.context': context, value: [], '@odata.deltaLink': this.deltaLink(version, path, this.version, select) };
    }
    if (deltaToken) {
      const token = decodeToken<{ v: number; s: string }>(deltaToken);
      if (!token || token.v < this.oldestValidVersion) {
        throw new GraphHttpError(400, 'syncStateNotFound', 'The sync state generation is not found. The delta token is expired and data must be synchronized again.');
      }
      const select = parseSelect(token.s);
      const latest = new Map<string, Change>();
      for (const c of this.changes) {
        if (c.version <= token.v) continue;
        const prev = latest.get(c.id);
        // Collapse several changes to one per object; a new object stays "whole".
        latest.set(c.id, prev && !c.removed && !prev.removed ? { ...c, keys: prev.keys && c.keys ? [...new Set([...prev.keys, ...c.keys])] : undefined } : c);
      }
      const value = [...latest.values()].map((c) => {
        if (c.removed) return { id: c.id, '@removed': { reason: 'changed' } };
        const u = this.byId.get(c.id)!;
        if (!c.keys) return project(u, select);
        const out: Record<string, unknown> = { id: c.id };
        for (const k of c.keys) if (!select || select.includes(k)) out[k] = (u as Record<string, unknown>)[k] ?? null;
        return out;
      });
      return { '@odata.context': context, value, '@odata.deltaLink': this.deltaLink(version, path, this.version, token.s) };
    }
    // Initial round: every user, then a delta link for the version the round started at.
    const state = skipToken ? decodeToken<{ o: number; v: number; s: string }>(skipToken) : { o: 0, v: this.version, s: q.get('$select') ?? '' };
    if (!state) throw new GraphHttpError(400, 'BadRequest', 'Invalid $skiptoken.');
    const select = parseSelect(state.s);
    const top = 200;
    const slice = this.users.slice(state.o, state.o + top);
    const page: Record<string, unknown> = { '@odata.context': context, value: slice.map((u) => project(u, select)) };
    if (state.o + top < this.users.length) {
      page['@odata.nextLink'] = `${this.baseUrl}/${version}${path}?$skiptoken=${encodeToken({ o: state.o + top, v: state.v, s: state.s })}`;
    } else {
      page['@odata.deltaLink'] = this.deltaLink(version, path, state.v, state.s);
    }
    return page;
  }

  private deltaLink(version: string, path: string, atVersion: number, select: string): string {
    return `${this.baseUrl}/${version}${path}?$deltatoken=${encodeToken({ v: atVersion, s: select })}`;
  }

  private usersWithPrefix(prefix: string): GraphUser[] {
    if (prefix.length !== 1) return this.users.filter((u) => (u.userPrincipalName ?? '').toLowerCase().startsWith(prefix));
    if (!this.shards) {
      this.shards = new Map();
      for (const u of this.users) {
        const c = (u.userPrincipalName ?? '').charAt(0).toLowerCase();
        const list = this.shards.get(c);
        if (list) list.push(u);
        else this.shards.set(c, [u]);
      }
    }
    return this.shards.get(prefix) ?? [];
  }

  private skipPage<T>(items: readonly T[], q: URLSearchParams, defaultTop: number, link: (extra: Record<string, string>) => string, maxTop = 999): unknown {
    const top = parseTop(q.get('$top'), defaultTop, maxTop);
    const skip = Number(q.get('$skip') ?? '0');
    if (!Number.isInteger(skip) || skip < 0) throw new GraphHttpError(400, 'BadRequest', `Invalid $skip: ${q.get('$skip')}`);
    const page: Record<string, unknown> = { value: items.slice(skip, skip + top) };
    if (skip + top < items.length && !q.has('$skip')) page['@odata.nextLink'] = link({ $skip: String(skip + top), $top: String(top) });
    else if (skip + top < items.length) page['@odata.nextLink'] = link({ $skip: String(skip + top) });
    return page;
  }

  private link(version: string, path: string, q: URLSearchParams, extra: Record<string, string>): string {
    const params = new URLSearchParams(q);
    for (const [k, v] of Object.entries(extra)) params.set(k, v);
    const query = [...params.entries()].map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%2C/g, ',').replace(/%24/g, '$')}`).join('&');
    return `${this.baseUrl}/${version}${path}?${query}`;
  }

  private send(res: http.ServerResponse, status: number, body: string, type: string, requestNo: number): void {
    const buf = Buffer.from(body, 'utf8');
    res.writeHead(status, { 'Content-Type': `${type}; charset=utf-8`, 'Content-Length': buf.length, 'request-id': `demo-${requestNo}` });
    if (this.faults.dropEveryNth && requestNo % this.faults.dropEveryNth === 0 && buf.length > 1) {
      res.write(buf.subarray(0, Math.floor(buf.length / 2)), () => res.destroy());
      return;
    }
    res.end(buf);
  }

  private sendError(res: http.ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
    const body = JSON.stringify({ error: { code, message, innerError: { date: new Date().toISOString() } } });
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), ...headers });
    res.end(body);
  }
}

function parseTop(raw: string | null, fallback: number, max: number): number {
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new GraphHttpError(400, 'Request_BadRequest', `Invalid page size specified: '${raw}'. Must be between 1 and ${max} inclusive.`);
  }
  return n;
}

function parseSelect(raw: string | null | undefined): string[] | undefined {
  if (!raw) return undefined;
  return raw.split(',').map((s) => s.trim()).filter(Boolean);
}

function project(u: GraphUser, select: string[] | undefined): Record<string, unknown> {
  const keys = select ?? DEFAULT_USER_FIELDS;
  const out: Record<string, unknown> = {};
  const src = u as Record<string, unknown>;
  for (const k of keys) out[k] = src[k] ?? (k === 'businessPhones' ? [] : null);
  return out;
}

function encodeToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodeToken<T>(token: string): T | undefined {
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as T;
  } catch {
    return undefined;
  }
}

function decodeSkipToken(token: string | null): number {
  if (!token) return 0;
  const t = decodeToken<{ o: number }>(token);
  if (!t || !Number.isInteger(t.o) || t.o < 0) throw new GraphHttpError(400, 'Request_BadRequest', 'Invalid $skiptoken.');
  return t.o;
}
