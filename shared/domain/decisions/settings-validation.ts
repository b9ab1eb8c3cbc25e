/**
 * Validation of a planning-settings document: the schema first (every problem located by JSON path),
 * then the references between its parts and to the tenant: decisions naming unknown operators, SBCs or
 * sites, fields that contradict the chosen path, and overrides that contradict each other. Errors
 * refuse the document (nothing is saved); warnings are shown and saved with it.
 */
import type { z } from 'zod';
import type { PlanningSettings, PstnPath } from '../planning-settings';
import { PlanningSettingsSchema } from '../planning-settings';
import type { TenantSnapshot } from '../tenant-snapshot';
import { isPolicyName } from '../planning/teams-names';
import { resolveUser } from './decision-index';
import { becomesCallQueue, splitGroupId } from '../migration-group-labels';
import { overlappingHours } from '../business-hours';
import { parseSubnet } from '../network-subnets';
import { gatewaySiteOf } from '../location-based-routing';

export interface SettingsIssue {
  severity: 'error' | 'warning';
  /** JSON path of the offending value, e.g. `$.decisions.sites[2].operatorId`. */
  path: string;
  /** Stable machine code (`schema`, `unknown-operator`, `contradictory-override` ...). */
  code: string;
  message: string;
}

export type SettingsValidation =
  | { ok: true; settings: PlanningSettings; issues: SettingsIssue[] }
  | { ok: false; settings?: undefined; issues: SettingsIssue[] };

/** `['decisions', 'sites', 2, 'operatorId']` -> `$.decisions.sites[2].operatorId`. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '$';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (typeof p === 'string' && /^[A-Za-z_$][\w$]*$/.test(p)) out += `.${p}`;
    else out += `[${JSON.stringify(String(p))}]`;
  }
  return out;
}

interface PathChoice {
  path: PstnPath;
  operatorId?: string;
  sbcId?: string;
  voiceRoutingPolicy?: string;
  stayUntil?: string;
}

/** A schema's refusal as issues by JSON path (a single unknown key is located at the key itself). */
export function schemaIssues(error: z.ZodError): SettingsIssue[] {
  return error.issues.map((i) => {
    const keys = i.code === 'unrecognized_keys' ? (i as { keys?: string[] }).keys : undefined;
    return {
      severity: 'error' as const,
      path: jsonPath(keys && keys.length === 1 ? [...i.path, keys[0]] : i.path),
      code: 'schema',
      message: i.message,
    };
  });
}

/**
 * What validation needs of the tenant: its sites, and the people the settings name (a whole
 * TenantSnapshot will do; a service may pass only the people the input refers to).
 */
export interface SettingsContext {
  sites: readonly Pick<TenantSnapshot['sites'][number], 'id' | 'countryCode'>[];
  people: readonly (Pick<TenantSnapshot['people'][number], 'id' | 'userPrincipalName'> & Partial<Pick<TenantSnapshot['people'][number], 'kind'>>)[];
  /**
   * The PBX migration groups the settings name that exist (see `groupReferences`); absent = groups are
   * not checked (a caller without the inventory at hand).
   */
  groupIds?: ReadonlySet<string>;
}

/**
 * Every migration group the input names (pinned to a wave, or given a call queue account), as written:
 * what a context's `groupIds` must resolve.
 */
export function groupReferences(input: unknown): string[] {
  const obj = (v: unknown) => (v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined);
  const ids = (list: unknown) => (Array.isArray(list) ? list.flatMap((p) => (typeof obj(p)?.groupId === 'string' ? [obj(p)!.groupId as string] : [])) : []);
  return [...ids(obj(obj(input)?.scheduling)?.pins), ...ids(obj(input)?.callQueueAccounts)];
}

/**
 * Every user the input names (overrides, pilot users, the resource accounts of sites' auto attendants
 * and of call queues, sites' operators), as written: what a context must resolve.
 */
export function userReferences(input: unknown): string[] {
  const out: string[] = [];
  const obj = (v: unknown) => (v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined);
  const users = obj(obj(input)?.decisions)?.users;
  if (Array.isArray(users)) for (const u of users) if (typeof obj(u)?.user === 'string') out.push(obj(u)!.user as string);
  const sites = obj(input)?.sites;
  if (Array.isArray(sites)) {
    for (const a of sites) for (const field of ['autoAttendantAccount', 'operator']) if (typeof obj(a)?.[field] === 'string') out.push(obj(a)![field] as string);
  }
  const queues = obj(input)?.callQueueAccounts;
  if (Array.isArray(queues)) for (const q of queues) if (typeof obj(q)?.account === 'string') out.push(obj(q)!.account as string);
  const pilot = obj(obj(obj(input)?.scheduling)?.pilot)?.users;
  if (Array.isArray(pilot)) for (const u of pilot) if (typeof u === 'string') out.push(u);
  return out;
}

/** Codes of references to the tenant itself: a site, person or PBX group it does not have. */
const TENANT_REFERENCE_CODES = new Set(['unknown-site', 'unknown-user', 'unknown-group']);
/** Codes of values checked only since settings could be saved without the check: a policy name Teams would refuse. */
const NEWLY_CHECKED_CODES = new Set(['invalid-policy-name']);
/** What saved settings may keep, as a warning, when a later save finds it (see staleReferences). */
const KEPT_WHEN_SAVED_CODES = new Set([...TENANT_REFERENCE_CODES, ...NEWLY_CHECKED_CODES]);

/**
 * What `saved` settings hold that a save would now refuse without being the saver's doing: references
 * to the tenant it no longer has (a sync dropped a site, someone left, a re-import renamed a group) and
 * values saved before they were checked. Each as the message that names it: what `validateSettings` lets
 * a later save keep.
 */
export function staleReferences(saved: unknown, snapshot: SettingsContext): Set<string> {
  const parsed = PlanningSettingsSchema.safeParse(saved);
  if (!parsed.success) return new Set();
  return new Set(
    checkReferences(parsed.data, snapshot)
      .filter((i) => i.severity === 'error' && KEPT_WHEN_SAVED_CODES.has(i.code))
      .map((i) => i.message),
  );
}

/** Why a kept stale issue is only a warning, said after its message. */
function keptBecause(code: string): string {
  return NEWLY_CHECKED_CODES.has(code)
    ? 'It was saved before names were checked: the runbooks skip the people it applies to until it is renamed.'
    : 'It was saved before the tenant changed and is ignored until it is removed (or the tenant has it again).';
}

/**
 * `stale`: references the saved settings already made that the tenant no longer has (staleReferences).
 * They are warnings, not errors: the tenant changed under them, and refusing them would refuse every
 * save (of any section, by anyone) until someone cleaned them up. A reference a save adds is refused.
 */
export function validateSettings(input: unknown, snapshot?: SettingsContext, stale: ReadonlySet<string> = new Set()): SettingsValidation {
  const parsed = PlanningSettingsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: sortIssues(schemaIssues(parsed.error)) };
  const settings = parsed.data;
  const issues = sortIssues(
    checkReferences(settings, snapshot).map((i) =>
      i.severity === 'error' && KEPT_WHEN_SAVED_CODES.has(i.code) && stale.has(i.message)
        ? { ...i, severity: 'warning' as const, message: `${i.message} ${keptBecause(i.code)}` }
        : i,
    ),
  );
  return issues.some((i) => i.severity === 'error') ? { ok: false, issues } : { ok: true, settings, issues };
}

function sortIssues(issues: SettingsIssue[]): SettingsIssue[] {
  // Errors first, then document order of the path (stable, so output is reproducible).
  return issues
    .map((issue, i) => ({ issue, i }))
    .sort((a, b) => Number(a.issue.severity !== 'error') - Number(b.issue.severity !== 'error') || a.i - b.i)
    .map((x) => x.issue);
}

function checkReferences(settings: PlanningSettings, snapshot?: SettingsContext): SettingsIssue[] {
  const issues: SettingsIssue[] = [];
  const err = (path: PropertyKey[], code: string, message: string) => issues.push({ severity: 'error', path: jsonPath(path), code, message });
  const warn = (path: PropertyKey[], code: string, message: string) => issues.push({ severity: 'warning', path: jsonPath(path), code, message });

  const siteCountry = new Map<string, string | undefined>();
  const peopleById = new Map<string, { upn: string; kind?: string }>();
  const personIdByUpn = new Map<string, string>();
  if (snapshot) {
    for (const s of snapshot.sites) siteCountry.set(s.id, s.countryCode);
    for (const p of snapshot.people) {
      peopleById.set(p.id, { upn: p.userPrincipalName, kind: p.kind });
      personIdByUpn.set(p.userPrincipalName.toLowerCase(), p.id);
    }
  }
  const knownSite = (id: string) => !snapshot || siteCountry.has(id);

  const unique = <T>(list: readonly T[], key: (x: T) => string, section: string, field: string, what: string) => {
    const first = new Map<string, number>();
    list.forEach((x, i) => {
      const k = key(x);
      const prev = first.get(k);
      if (prev === undefined) first.set(k, i);
      else err([section, i, field], 'duplicate', `${what} "${k}" is already defined at ${jsonPath([section, prev])}.`);
    });
  };
  unique(settings.operators, (o) => o.id, 'operators', 'id', 'Operator');
  unique(settings.sbcs, (s) => s.id, 'sbcs', 'id', 'SBC');
  unique(settings.callingPlan, (c) => c.country, 'callingPlan', 'country', 'Calling Plan country');
  unique(settings.sites, (s) => s.siteId, 'sites', 'siteId', 'Site attributes for');
  {
    const first = new Map<string, number>();
    settings.decisions.sites.forEach((d, i) => {
      const prev = first.get(d.siteId);
      if (prev === undefined) first.set(d.siteId, i);
      else err(['decisions', 'sites', i, 'siteId'], 'duplicate', `Site "${d.siteId}" already has a decision at ${jsonPath(['decisions', 'sites', prev])}.`);
    });
  }
  const fqdns = new Map<string, number>();
  settings.sbcs.forEach((s, i) => {
    const k = s.fqdn.toLowerCase();
    if (fqdns.has(k)) err(['sbcs', i, 'fqdn'], 'duplicate', `FQDN ${s.fqdn} is already used by ${jsonPath(['sbcs', fqdns.get(k)!])}.`);
    else fqdns.set(k, i);
  });

  const operators = new Map(settings.operators.map((o) => [o.id, o] as const));
  const sbcs = new Map(settings.sbcs.map((s) => [s.id, s] as const));
  const cpCountries = new Set(settings.callingPlan.map((c) => c.country));

  settings.operators.forEach((o, i) => {
    o.enabledCountries.forEach((c, j) => {
      if (!o.countries.includes(c)) err(['operators', i, 'enabledCountries', j], 'enabled-not-offered', `${o.name} is enabled for ${c} but does not list ${c} in countries.`);
    });
  });
  /** A voice routing policy the runbooks will grant must be a name Teams takes, or its people are skipped. */
  const checkPolicyName = (path: PropertyKey[], name: string | undefined, what: string) => {
    if (name !== undefined && !isPolicyName(name)) {
      err(path, 'invalid-policy-name', `${what}: "${name}" is not a voice routing policy name Teams takes (letters, digits, spaces, '.', '_' and '-', starting with a letter or digit, at most 64 characters).`);
    }
  };
  settings.sbcs.forEach((s, i) => {
    checkPolicyName(['sbcs', i, 'voiceRoutingPolicy'], s.voiceRoutingPolicy, `SBC ${s.id}`);
    if (s.networkSite !== undefined && !knownSite(s.networkSite)) warn(['sbcs', i, 'networkSite'], 'unknown-site', `SBC ${s.id} stands at site "${s.networkSite}", which is not in the tenant (ignored).`);
    s.siteIds.forEach((id, j) => {
      if (!knownSite(id)) err(['sbcs', i, 'siteIds', j], 'unknown-site', `SBC ${s.id} serves site "${id}", which is not in the tenant.`);
    });
  });
  // Local Media Optimization: one proxy SBC in front of its downstream SBCs, each telling local users from
  // remote ones by the network site it stands at (which its site's subnets make).
  const networkSiteIds = new Set(settings.sites.filter((a) => a.subnets?.length).map((a) => a.siteId));
  settings.sbcs.forEach((s, i) => {
    if (s.proxySbc !== undefined) {
      const proxy = sbcs.get(s.proxySbc);
      if (!proxy || proxy === s) {
        err(['sbcs', i, 'proxySbc'], 'unknown-sbc', `SBC ${s.id} names "${s.proxySbc}" as its proxy SBC, which is ${proxy ? 'itself' : 'not an SBC of the settings'}.`);
      } else if (proxy.proxySbc !== undefined) {
        err(['sbcs', i, 'proxySbc'], 'proxy-chain', `SBC ${s.id}'s proxy ${proxy.id} has a proxy of its own: Local Media Optimization puts one proxy SBC in front of its downstream SBCs.`);
      } else if (!proxy.bypassMode) {
        err(['sbcs', i, 'proxySbc'], 'proxy-without-bypass-mode', `SBC ${s.id}'s proxy ${proxy.id} gives no bypass mode: a proxy SBC uses Local Media Optimization too (Always or OnlyForLocalUsers).`);
      }
      if (!s.bypassMode) err(['sbcs', i, 'bypassMode'], 'downstream-without-bypass-mode', `SBC ${s.id} is downstream of ${s.proxySbc}: give it its bypass mode (Local Media Optimization: Always or OnlyForLocalUsers).`);
    }
    if (s.bypassMode !== undefined) {
      const at = gatewaySiteOf(s);
      if (at === undefined || !networkSiteIds.has(at)) {
        err(['sbcs', i, 'bypassMode'], 'bypass-without-network-site', `SBC ${s.id} uses Local Media Optimization, which tells local users from remote ones by network site: ${at === undefined ? 'say which site it stands at (networkSite)' : `give site ${at} its subnets`}.`);
      }
    }
  });
  settings.sites.forEach((a, i) => {
    if (!knownSite(a.siteId)) warn(['sites', i, 'siteId'], 'unknown-site', `Attributes for site "${a.siteId}", which is not in the tenant (ignored).`);
    // A weekly schedule's ranges of one day must not overlap (New-CsOnlineSchedule refuses them).
    const overlap = a.businessHours && overlappingHours(a.businessHours);
    if (overlap) err(['sites', i, 'businessHours'], 'overlapping-hours', `The business hours of site ${a.siteId} overlap on ${overlap}: give each day ranges that do not overlap.`);
  });
  // A Survivable Branch Appliance registers at one network site: its site's, which its subnets make.
  const applianceAt = new Map<string, string>();
  settings.sites.forEach((a, i) => {
    if (!a.survivableBranchAppliances) return;
    if (!a.subnets?.length) {
      err(['sites', i, 'survivableBranchAppliances'], 'sba-without-subnets', `Site ${a.siteId} lists Survivable Branch Appliances but no subnets: an appliance registers at the site's network site, which its subnets make.`);
    }
    a.survivableBranchAppliances.forEach((fqdn, j) => {
      const prev = applianceAt.get(fqdn.toLowerCase());
      if (prev) err(['sites', i, 'survivableBranchAppliances', j], 'duplicate', `${fqdn} is already a Survivable Branch Appliance of site ${prev}: an appliance registers at one site.`);
      else applianceAt.set(fqdn.toLowerCase(), a.siteId);
    });
  });
  // A Shared Calling callback number is held for an hour after an emergency call: one site's callers at a time.
  const callbackAt = new Map<string, string>();
  settings.sites.forEach((a, i) => {
    a.sharedCalling?.emergencyCallbackNumbers.forEach((n, j) => {
      const prev = callbackAt.get(n);
      if (prev) err(['sites', i, 'sharedCalling', 'emergencyCallbackNumbers', j], 'duplicate', `${n} is already an emergency callback number of site ${prev}: give each site numbers of its own.`);
      else callbackAt.set(n, a.siteId);
    });
  });
  // Network sites are looked for only from trusted IP addresses.
  const networkSiteIndex = settings.sites.findIndex((a) => a.subnets?.length);
  if (networkSiteIndex >= 0 && !settings.tenant.trustedIps?.length) {
    warn(['tenant', 'trustedIps'], 'no-trusted-ips', `Site ${settings.sites[networkSiteIndex].siteId} lists subnets, but the tenant lists no trusted IP addresses: Teams looks for a client's network site only when it comes from one of them.`);
  }
  // Teams ties a subnet to one network site (New-CsTenantNetworkSubnet -NetworkSiteID).
  const subnetAt = new Map<string, { path: PropertyKey[]; siteId: string }>();
  settings.sites.forEach((a, i) => {
    a.subnets?.forEach((text, j) => {
      const subnet = parseSubnet(text).subnet;
      if (!subnet) return;
      const prev = subnetAt.get(subnet.text);
      if (prev) err(['sites', i, 'subnets', j], 'duplicate', `${subnet.text} is already a subnet of site ${prev.siteId} (${jsonPath(prev.path)}): Teams ties a subnet to one network site.`);
      else subnetAt.set(subnet.text, { path: ['sites', i, 'subnets', j], siteId: a.siteId });
    });
  });
  // A resource account answers for one voice app and holds one number: one site's main number, or one
  // PBX group's call queue.
  const accountAt = new Map<string, { path: PropertyKey[]; what: string }>();
  const checkAccount = (path: PropertyKey[], account: string, what: string, app: 'auto attendant' | 'call queue', known: boolean) => {
    const key = account.toLowerCase();
    const prev = accountAt.get(key);
    if (prev) {
      err(path, 'duplicate', `${account} is named for ${prev.what} (${jsonPath(prev.path)}) and for ${what}, but a resource account holds one number: it can answer for one of them.`);
      return;
    }
    accountAt.set(key, { path, what });
    // A site or group the tenant does not have is reported (or ignored) on its own: so is its account.
    if (!snapshot || !known) return;
    const id = resolveUser(account, peopleById, personIdByUpn);
    if (!id) err(path, 'unknown-user', `The account "${account}" of ${what} is not in the tenant snapshot (the UPN of a resource account expected).`);
    else if (peopleById.get(id)?.kind === 'user') {
      err(path, 'not-a-resource-account', `${account} (${what}) is a user, not a resource account: name the resource account of its ${app}, or leave it out for a new one.`);
    }
  };
  settings.sites.forEach((a, i) => {
    if (a.autoAttendantAccount !== undefined) checkAccount(['sites', i, 'autoAttendantAccount'], a.autoAttendantAccount, `site ${a.siteId}`, 'auto attendant', knownSite(a.siteId));
    // The operator may be a person or a resource account: it must be one the tenant has.
    if (a.operator !== undefined && snapshot && knownSite(a.siteId) && !resolveUser(a.operator, peopleById, personIdByUpn)) {
      err(['sites', i, 'operator'], 'unknown-user', `The operator "${a.operator}" of site ${a.siteId} is not in the tenant snapshot (the UPN of a person or a resource account expected).`);
    }
  });
  const queueAt = new Map<string, number>();
  (settings.callQueueAccounts ?? []).forEach((q, i) => {
    const base = ['callQueueAccounts', i];
    const { kind, name } = splitGroupId(q.groupId);
    // A hunt group and a call-centre team of one name become one queue (group-set-ups.ts): one account.
    const queue = becomesCallQueue(kind) ? `queue:${name.toLowerCase()}` : q.groupId;
    const prev = queueAt.get(queue);
    if (prev !== undefined) {
      const first = settings.callQueueAccounts![prev].groupId;
      err(
        [...base, 'groupId'],
        'duplicate',
        first === q.groupId
          ? `Group "${q.groupId}" already has an account at ${jsonPath(['callQueueAccounts', prev])}.`
          : `"${q.groupId}" and "${first}" (${jsonPath(['callQueueAccounts', prev])}) become one call queue: name its account once.`,
      );
      return;
    }
    queueAt.set(queue, i);
    if (!becomesCallQueue(kind)) {
      err([...base, 'groupId'], 'not-a-queue-group', `"${q.groupId}" is not a hunt group or call-centre team (hunt-group:<name> or call-centre:<name>): only those become call queues.`);
      return;
    }
    const known = !snapshot?.groupIds || snapshot.groupIds.has(q.groupId);
    if (!known) err([...base, 'groupId'], 'unknown-group', `The group "${q.groupId}" is not a migration group of the imported PBX inventory.`);
    checkAccount([...base, 'account'], q.account, `group ${q.groupId}`, 'call queue', known);
  });

  /** Checks one decision or override: references exist and no field contradicts the path. */
  const checkChoice = (base: PropertyKey[], c: PathChoice, country: string | undefined, what: string) => {
    if (c.path === 'OC') {
      if (!c.operatorId) err([...base, 'operatorId'], 'oc-without-operator', `${what} is Operator Connect but names no operator.`);
      else if (!operators.has(c.operatorId)) err([...base, 'operatorId'], 'unknown-operator', `${what} names operator "${c.operatorId}", which is not in operators.`);
      else if (country && !operators.get(c.operatorId)!.countries.includes(country)) {
        warn([...base, 'operatorId'], 'operator-not-in-country', `${what}: ${operators.get(c.operatorId)!.name} does not serve ${country}.`);
      }
    } else if (c.operatorId !== undefined) {
      err([...base, 'operatorId'], 'contradictory', `${what} is ${c.path} but names an operator (only Operator Connect has one).`);
    }
    if (c.path === 'DR') {
      checkPolicyName([...base, 'voiceRoutingPolicy'], c.voiceRoutingPolicy, what);
      if (!c.sbcId) err([...base, 'sbcId'], 'dr-without-sbc', `${what} is Direct Routing but names no SBC.`);
      else if (!sbcs.has(c.sbcId)) err([...base, 'sbcId'], 'unknown-sbc', `${what} names SBC "${c.sbcId}", which is not in sbcs.`);
      else if (!c.voiceRoutingPolicy && !sbcs.get(c.sbcId)!.voiceRoutingPolicy) {
        warn([...base, 'voiceRoutingPolicy'], 'no-voice-routing-policy', `${what} is Direct Routing with no voice routing policy (neither here nor on SBC ${c.sbcId}).`);
      }
    } else {
      if (c.sbcId !== undefined) err([...base, 'sbcId'], 'contradictory', `${what} is ${c.path} but names an SBC (only Direct Routing has one).`);
      if (c.voiceRoutingPolicy !== undefined) err([...base, 'voiceRoutingPolicy'], 'contradictory', `${what} is ${c.path} but sets a voice routing policy (only Direct Routing has one).`);
    }
    if (c.path !== 'PBX' && c.stayUntil !== undefined) err([...base, 'stayUntil'], 'contradictory', `${what} is ${c.path} but sets stayUntil (only a PBX stay has an end date).`);
    if (c.path === 'CP' && country && !cpCountries.has(country)) warn([...base, 'path'], 'cp-not-offered', `${what} is Calling Plan but no Calling Plan is configured for ${country}.`);
  };

  settings.decisions.sites.forEach((d, i) => {
    const base = ['decisions', 'sites', i];
    if (!knownSite(d.siteId)) err([...base, 'siteId'], 'unknown-site', `Decision for site "${d.siteId}", which is not in the tenant.`);
    checkChoice(base, d, siteCountry.get(d.siteId), `The decision for site ${d.siteId}`);
    // Local Media Optimization: a branch whose own downstream SBC stands behind the proxy it is decided
    // onto would send its media through the proxy's site, which is what the downstream SBC is there to avoid.
    const downstream = d.sbcId === undefined ? undefined : settings.sbcs.find((x) => x.proxySbc === d.sbcId && x.siteIds.includes(d.siteId));
    if (downstream) {
      warn(
        [...base, 'sbcId'],
        'proxy-instead-of-downstream',
        `Site ${d.siteId} is decided onto proxy SBC ${d.sbcId}, but its downstream SBC ${downstream.id} serves it: decide it onto ${downstream.id}, so its calls keep their media on the branch (Local Media Optimization).`,
      );
    }
  });

  const overrideAt = new Map<string, number>();
  settings.decisions.users.forEach((o, i) => {
    const base = ['decisions', 'users', i];
    let personId: string | undefined = o.user;
    if (snapshot) {
      personId = resolveUser(o.user, peopleById, personIdByUpn);
      if (!personId) err([...base, 'user'], 'unknown-user', `Override for "${o.user}", who is not in the tenant snapshot (object id or UPN expected).`);
    }
    checkChoice(base, o, undefined, `The override for ${o.user}`);
    if (!personId) return;
    const key = snapshot ? personId : personId.toLowerCase();
    const prev = overrideAt.get(key);
    if (prev === undefined) {
      overrideAt.set(key, i);
      return;
    }
    const p = settings.decisions.users[prev];
    const same = p.path === o.path && p.operatorId === o.operatorId && p.sbcId === o.sbcId && p.voiceRoutingPolicy === o.voiceRoutingPolicy && p.stayUntil === o.stayUntil;
    if (same) warn([...base, 'user'], 'duplicate-override', `${o.user} already has the same override at ${jsonPath(['decisions', 'users', prev])}.`);
    else {
      err(
        [...base, 'user'],
        'contradictory-override',
        `${o.user} has two different overrides: ${describe(p)} at ${jsonPath(['decisions', 'users', prev])} and ${describe(o)} here.`,
      );
    }
  });

  const sched = settings.scheduling;
  if (sched) {
    sched.changeFreezes.forEach((f, i) => {
      if (f.from > f.to) err(['scheduling', 'changeFreezes', i, 'to'], 'date-order', `The freeze ends (${f.to}) before it starts (${f.from}).`);
    });
    if (sched.pilot.siteId !== undefined && !knownSite(sched.pilot.siteId)) {
      err(['scheduling', 'pilot', 'siteId'], 'unknown-site', `The pilot site "${sched.pilot.siteId}" is not in the tenant.`);
    }
    (sched.pins ?? []).forEach((p, i) => {
      if (p.siteId !== undefined && !knownSite(p.siteId)) err(['scheduling', 'pins', i, 'siteId'], 'unknown-site', `The pinned site "${p.siteId}" is not in the tenant.`);
      if (p.groupId !== undefined && snapshot?.groupIds && !snapshot.groupIds.has(p.groupId)) {
        err(['scheduling', 'pins', i, 'groupId'], 'unknown-group', `The pinned group "${p.groupId}" is not a migration group of the imported PBX inventory.`);
      }
    });
    (sched.blackouts ?? []).forEach((b, i) => {
      if (!knownSite(b.siteId)) err(['scheduling', 'blackouts', i, 'siteId'], 'unknown-site', `The blacked-out site "${b.siteId}" is not in the tenant.`);
    });
    if (snapshot) {
      sched.pilot.users.forEach((u, i) => {
        if (!resolveUser(u, peopleById, personIdByUpn)) err(['scheduling', 'pilot', 'users', i], 'unknown-user', `Pilot user "${u}" is not in the tenant snapshot.`);
      });
    }
  }
  return sortIssues(issues);
}

function describe(c: PathChoice): string {
  return [c.path, c.operatorId && `operator ${c.operatorId}`, c.sbcId && `SBC ${c.sbcId}`, c.stayUntil && `until ${c.stayUntil}`].filter(Boolean).join(' ');
}
