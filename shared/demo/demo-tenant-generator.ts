/**
 * The deterministic demo tenant: the same { users, seed } always gives the same tenant, byte for
 * byte. It feeds the Graph-compatible demo server (`npm start`, tests, benchmarks) and, through its
 * `pbx` section, the legacy PBX export of the same organisation.
 *
 * Shape returned by generateDemoTenant (all plain JSON):
 *   tenantId, tenantName, domain
 *   organization                 Graph organization object
 *   users[]                      Graph users with every field the reader `$select`s (resource accounts included)
 *   rooms[], roomLists[]         Graph v1.0 places; buildings[] Graph v1.0 buildings (sites with places only)
 *   numberAssignments[]          Graph Teams numbers: Operator Connect in GB, Direct Routing in DE
 *                                (some DR numbers synced from on-premises AD), voice-app numbers, spares
 *   userConfigurations[]         Graph Teams user configurations
 *   sites[]                      DemoSite: id (the slug site derivation produces), name, city, countryCode,
 *                                address, officeCode, carrier, teamsPath ('operatorConnect'|'directRouting'|'none'),
 *                                role ('hq'|'branch'|'legacy'|'contact-centre'|'small': decides the PBX estate below)
 *   siteMappingRules[]           the rules an admin would write (officeCode -> site), for site derivation
 *   people[]                     DemoPersonFacts per user/resource account: userId, upn, kind, siteId,
 *                                teamsPhone, extension, did, onTeams (number already assigned on Teams)
 *   pbx                          the PBX side of the same organisation (varied per site on purpose: analog, fax,
 *                                elevator, door and paging lines only at legacy offices; call-centre agents only
 *                                at contact-centre sites; reception and small hunt groups elsewhere):
 *     lines[]      DemoPbxLine { lineId, siteId, extension, did?, deviceType ('ip-phone'|'softphone'|'analog'|
 *                  'fax'|'elevator'|'door'|'paging'|'common-area'), label, ownerUpn? (person lines only),
 *                  huntGroups[] (hunt group ids), pickupGroup?, bossUpn? (this line's owner is a delegate of),
 *                  callCentre? (agent of that call centre), onTeams (number already moved to Teams) }
 *     didBlocks[]  DemoDidBlock { blockId, siteId, carrier, trunk, firstNumber, lastNumber, size (100), btn,
 *                  containsBtn, portConstraint ('none'|'full-port-only'|'carrier-freeze'), freezeUntil? }
 *     huntGroups[] { id, siteId, name, extension, pilotDid?, kind ('hunt'|'call-centre'|'reception'), memberExtensions[] }
 *     delegations[] { bossUpn, delegateUpn, siteId }
 *
 * Realism on purpose: messy businessPhones formats, non-ASCII names, users without Teams Phone,
 * without usage location or disabled, two sites in one city, sites without places, and hostile
 * strings (a display name starting with "=", one with HTML). The 400-user demo shows each data problem
 * several times; a large tenant has them at the few-percent shares of a real one (PROBLEM_RATES).
 */
import type { SiteMappingRule } from '../domain/site-derivation';
import { canonicalCityName, slugify } from '../domain/site-derivation';
import { DOMESTIC_CALLING_PLAN_SERVICE_PLAN, SERVICE_PLANS } from '../domain/microsoft-ids';
import type {
  GraphAssignedPlan,
  GraphNumberAssignment,
  GraphOrganization,
  GraphPhysicalAddress,
  GraphPlace,
  GraphSubscribedSku,
  GraphUser,
  GraphUserConfiguration,
} from '../graph/graph-types';
import {
  CATALOGUE,
  CatalogueSite,
  DEPARTMENTS,
  DIRECT_ROUTING_COUNTRY,
  JOB_TITLES,
  NAMES,
  OPERATOR_CONNECT_COUNTRY,
  OPERATOR_ID_BY_COUNTRY,
} from './demo-catalogue';
import { demoResourceAccountLicences, demoSubscribedSkus, demoUserLicences } from './demo-licences';
import { SeededRandom } from './seeded-random';

export interface DemoTenantOptions {
  users: number;
  seed: number;
  tenantId?: string;
  tenantName?: string;
  domain?: string;
  /**
   * Sites, the first ones of the catalogue (default: 10, one more per 3,300 users, at most the catalogue's
   * 40). Lets a test build a mid-sized tenant that spreads over as many sites as a large one.
   */
  sites?: number;
  /** Rooms across all sites with places (default: 4-12 per site). */
  rooms?: number;
  /** Pad the Teams number inventory with spare Operator Connect / Direct Routing numbers up to this count. */
  teamsNumbers?: number;
}

/** See CatalogueSite.role: what kind of office a site is decides its PBX estate. */
export type DemoSiteRole = 'hq' | 'branch' | 'legacy' | 'contact-centre' | 'small';

export type DemoDeviceType = 'ip-phone' | 'softphone' | 'analog' | 'fax' | 'elevator' | 'door' | 'paging' | 'common-area';

export interface DemoSite {
  id: string;
  name: string;
  city: string;
  countryCode: string;
  address: GraphPhysicalAddress;
  officeCode: string;
  carrier: string;
  hasPlaces: boolean;
  teamsPath: 'operatorConnect' | 'directRouting' | 'none';
  /** hq/branch: modern (no analog-type lines); legacy: fax, elevator, door, paging, analog; contact-centre: call-centre agents; small: a handful of people. */
  role: DemoSiteRole;
  /** Emergency location id on Teams, where numbers already live there. */
  locationId?: string;
}

export interface DemoPersonFacts {
  userId: string;
  upn: string;
  kind: 'user' | 'resourceAccount';
  siteId: string;
  teamsPhone: 'enabled' | 'grace' | 'none';
  accountEnabled: boolean;
  extension?: string;
  did?: string;
  onTeams: boolean;
}

export interface DemoPbxLine {
  lineId: string;
  siteId: string;
  extension: string;
  did?: string;
  deviceType: DemoDeviceType;
  label: string;
  ownerUpn?: string;
  huntGroups: string[];
  pickupGroup?: string;
  bossUpn?: string;
  callCentre?: string;
  onTeams: boolean;
}

export interface DemoDidBlock {
  blockId: string;
  siteId: string;
  carrier: string;
  trunk: string;
  firstNumber: string;
  lastNumber: string;
  size: number;
  btn: string;
  containsBtn: boolean;
  portConstraint: 'none' | 'full-port-only' | 'carrier-freeze';
  freezeUntil?: string;
}

export interface DemoHuntGroup {
  id: string;
  siteId: string;
  name: string;
  extension: string;
  pilotDid?: string;
  /**
   * The pilot is a line of the PBX export of its own (a department hunt group); a group behind a
   * resource account has its number on the account instead.
   */
  pilotLine?: boolean;
  /**
   * A reception group's number is the site's main number, answered by the PBX's auto attendant: at a
   * site still on the PBX the export lists that auto attendant as a line of its own.
   */
  autoAttendantLine?: boolean;
  kind: 'hunt' | 'call-centre' | 'reception';
  memberExtensions: string[];
}

export interface DemoPbx {
  lines: DemoPbxLine[];
  didBlocks: DemoDidBlock[];
  huntGroups: DemoHuntGroup[];
  delegations: { bossUpn: string; delegateUpn: string; siteId: string }[];
}

export interface DemoTenant {
  seed: number;
  tenantId: string;
  tenantName: string;
  domain: string;
  organization: GraphOrganization;
  users: GraphUser[];
  /** What `/subscribedSkus` answers: the SKUs behind the users' assignedLicenses. */
  subscribedSkus: GraphSubscribedSku[];
  rooms: GraphPlace[];
  roomLists: GraphPlace[];
  buildings: GraphPlace[];
  numberAssignments: GraphNumberAssignment[];
  userConfigurations: GraphUserConfiguration[];
  sites: DemoSite[];
  siteMappingRules: SiteMappingRule[];
  people: DemoPersonFacts[];
  pbx: DemoPbx;
}

const BLOCK_SIZE = 100;
/** Line numbers start here inside each site's prefix so numbers look like real allocations. */
const FIRST_SLOT = 12_000;
/** Spare Teams-only numbers (operator uploads) come from here, outside the PBX blocks. */
const SPARE_SLOT = 60_000;
const ASSIGNED_DATE = '2024-03-01T00:00:00Z';
/** People (users) at a 'small' site, whatever the tenant size: small enough for a Calling Plan. */
const SMALL_SITE_USERS = 6;
/** Beyond the catalogue's first ten sites (which carry their role), the share of older offices with analog-type lines. */
const LEGACY_SHARE = 0.3;
/**
 * How often each data problem that holds a person back happens. A demo of DEMO_PROBLEMS_AT users (the
 * default) exaggerates them (`demo`) so that every kind shows several times; a larger tenant keeps that
 * many people affected until the share reaches what a real tenant of that size has (`large`), so a
 * 100,000-user tenant has a few percent of its people blocked, for real reasons, and not a sixth of them.
 */
const DEMO_PROBLEMS_AT = 400;
const PROBLEM_RATES = {
  /** Disabled accounts (leavers not removed yet). */
  accountDisabled: { demo: 0.02, large: 0.005 },
  /** No Teams Phone licence at all; and a licence only in its grace period (a warning, not a blocker). */
  noTeamsPhone: { demo: 0.07, large: 0.01 },
  teamsPhoneGrace: { demo: 0.03, large: 0.01 },
  noUsageLocation: { demo: 0.03, large: 0.005 },
  /** No DID on the PBX (an extension only). */
  noDid: { demo: 0.05, large: 0.01 },
  /** Of the numbers already on Direct Routing whose owner is synced from AD: set in on-premises AD. */
  numberOnPremises: { demo: 0.4, large: 0.1 },
} as const;

function problemRate(rate: { demo: number; large: number }, size: number): number {
  return Math.min(rate.demo, Math.max(rate.large, (rate.demo * DEMO_PROBLEMS_AT) / size));
}

/** Departments that run a hunt group (with a pickup group) at a site; the others ring people directly. */
const HUNT_DEPARTMENTS = new Set(['Sales', 'Customer Service', 'IT', 'Finance', 'Facilities']);

interface SiteState {
  site: DemoSite;
  cat: CatalogueSite;
  nextSlot: number;
  slotsUsed: number[];
  extDigits: number;
}

export function generateDemoTenant(options: DemoTenantOptions): DemoTenant {
  const size = Math.max(1, Math.floor(options.users));
  const seed = options.seed >>> 0;
  const tenantId = options.tenantId ?? new SeededRandom(seed, 'tenant-id').guid();
  const tenantName = options.tenantName ?? 'Contoso Holdings (demo)';
  const domain = options.domain ?? 'contoso.example';

  // Sites: 10 for small tenants, growing to 40 at 100k users; the catalogue order guarantees 8+ countries.
  const siteCount =
    options.sites !== undefined
      ? Math.min(CATALOGUE.length, Math.max(1, Math.floor(options.sites)))
      : Math.min(CATALOGUE.length, Math.max(10, 10 + Math.floor(size / 3300)));
  const roleRng = new SeededRandom(seed, 'site-roles');
  const states: SiteState[] = CATALOGUE.slice(0, siteCount).map((cat, index) => {
    // A site without places is named after its people's city, as site derivation names it ("Warszawa" is Warsaw).
    const name = cat.hasPlaces ? cat.name : (canonicalCityName(cat.city, cat.countryCode) ?? cat.city);
    const teamsPath = cat.countryCode === OPERATOR_CONNECT_COUNTRY ? 'operatorConnect' : cat.countryCode === DIRECT_ROUTING_COUNTRY ? 'directRouting' : 'none';
    const site: DemoSite = {
      id: slugify(name),
      name,
      city: cat.city,
      countryCode: cat.countryCode,
      address: { street: cat.street, city: cat.city, state: cat.state ?? null, postalCode: cat.postalCode, countryOrRegion: cat.countryCode },
      officeCode: cat.officeCode,
      carrier: cat.carrier,
      hasPlaces: cat.hasPlaces,
      teamsPath,
      role: cat.role ?? (index >= 10 && roleRng.chance(LEGACY_SHARE) ? 'legacy' : 'branch'),
    };
    if (teamsPath !== 'none') site.locationId = new SeededRandom(seed, `location:${site.id}`).guid();
    return { site, cat, nextSlot: FIRST_SLOT, slotsUsed: [], extDigits: 4 };
  });
  // Small sites get a fixed handful of people (their first, then SMALL_SITE_USERS - 1 more right after), no share.
  const weights = states.map((s, i): number => (s.site.role === 'small' ? 0 : i === 0 ? 4 : i < 4 ? 2 : 1));
  const smallQueue = states.flatMap((s, i) => (s.site.role === 'small' ? Array.from({ length: SMALL_SITE_USERS - 1 }, () => i) : []));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const expectedMax = Math.ceil((size * weights[0]) / totalWeight) + 200;
  for (const s of states) s.extDigits = expectedMax > 9000 ? 5 : 4;

  const allocate = (st: SiteState): { slot: number; number: string; extension: string } => {
    const slot = st.nextSlot++;
    st.slotsUsed.push(slot);
    const number = `${st.cat.didPrefix}${String(slot).padStart(5, '0')}`;
    return { slot, number, extension: number.slice(-st.extDigits) };
  };

  const users: GraphUser[] = [];
  const people: DemoPersonFacts[] = [];
  const lines: DemoPbxLine[] = [];
  const numbers: GraphNumberAssignment[] = [];
  const configs: GraphUserConfiguration[] = [];
  const usedUpns = new Map<string, number>();
  const numRng = new SeededRandom(seed, 'numbers');
  const userRng = new SeededRandom(seed, 'users');
  const pbxRng = new SeededRandom(seed, 'pbx');

  const uniqueUpn = (local: string): string => {
    const n = (usedUpns.get(local) ?? 0) + 1;
    usedUpns.set(local, n);
    return `${n === 1 ? local : `${local}${n}`}@${domain}`;
  };

  const addTeamsNumber = (st: SiteState, number: string, targetId: string | undefined, status: string, source: 'online' | 'onPremises') => {
    const oc = st.site.teamsPath === 'operatorConnect';
    numbers.push({
      id: numRng.guid(),
      telephoneNumber: number,
      operatorId: oc ? OPERATOR_ID_BY_COUNTRY[st.site.countryCode] ?? null : null,
      numberType: oc ? 'operatorConnect' : 'directRouting',
      activationState: 'activated',
      capabilities: status === 'voiceApplicationAssigned' ? ['voiceApplicationAssignment'] : ['userAssignment'],
      locationId: oc ? st.site.locationId ?? null : null,
      civicAddressId: oc ? st.site.locationId ?? null : null,
      assignmentTargetId: targetId ?? null,
      assignmentCategory: targetId ? 'primary' : null,
      assignmentStatus: status,
      isoCountryCode: st.site.countryCode,
      city: st.cat.city,
      numberSource: source,
      portInStatus: 'completed',
    });
  };

  // People.
  const rates = {
    accountDisabled: problemRate(PROBLEM_RATES.accountDisabled, size),
    noTeamsPhone: problemRate(PROBLEM_RATES.noTeamsPhone, size),
    teamsPhoneGrace: problemRate(PROBLEM_RATES.teamsPhoneGrace, size),
    noUsageLocation: problemRate(PROBLEM_RATES.noUsageLocation, size),
    noDid: problemRate(PROBLEM_RATES.noDid, size),
    numberOnPremises: problemRate(PROBLEM_RATES.numberOnPremises, size),
  };
  const licensedBelow = 1 - rates.noTeamsPhone - rates.teamsPhoneGrace;
  const graceBelow = 1 - rates.noTeamsPhone;
  let cumulative = 0;
  const cumulativeWeights = weights.map((w) => (cumulative += w));
  for (let i = 0; i < size; i++) {
    const r = userRng.next() * totalWeight;
    let siteIndex = cumulativeWeights.findIndex((c) => r < c);
    if (i < states.length) siteIndex = i; // every site has people, even in a 50-user tenant
    else if (i - states.length < smallQueue.length) siteIndex = smallQueue[i - states.length];
    const st = states[siteIndex];
    const pool = NAMES[st.cat.countryCode] ?? NAMES.default;
    const mixed = userRng.chance(0.25) ? NAMES.default : pool;
    const given = userRng.pick(mixed.given);
    const surname = userRng.pick(mixed.surname);
    let upnLocal = `${transliterate(given)}.${transliterate(surname)}`;
    if (i === 4) upnLocal = '_svc.scanner';
    if (i === 6) upnLocal = '0800.helpdesk';
    const upn = uniqueUpn(upnLocal);
    const id = userRng.guid();
    const department = userRng.pick(DEPARTMENTS);
    let displayName = `${given} ${surname}`;
    if (i === 1) displayName = '=HYPERLINK("https://evil.example/payroll","Payroll update")';
    if (i === 2) displayName = '<img src=x onerror=alert(1)>Mallory <b>Admin</b>';
    const accountEnabled = !userRng.chance(rates.accountDisabled);
    const licenceRoll = userRng.next();
    const teamsPhone: DemoPersonFacts['teamsPhone'] = licenceRoll < licensedBelow ? 'enabled' : licenceRoll < graceBelow ? 'grace' : 'none';
    const usageLocation = userRng.chance(rates.noUsageLocation) ? null : st.site.countryCode;
    const hasDid = !userRng.chance(rates.noDid);
    const slot = allocate(st);
    const did = hasDid ? slot.number : undefined;
    const plans: GraphAssignedPlan[] = [{ assignedDateTime: ASSIGNED_DATE, capabilityStatus: 'Enabled', service: 'TeamspaceAPI', servicePlanId: SERVICE_PLANS.teams }];
    if (teamsPhone !== 'none') {
      plans.push({ assignedDateTime: ASSIGNED_DATE, capabilityStatus: teamsPhone === 'enabled' ? 'Enabled' : 'Warning', service: 'MicrosoftCommunicationsOnline', servicePlanId: SERVICE_PLANS.teamsPhone });
    }
    // Ireland and the small offices already buy Microsoft Calling Plans.
    const callingPlan = st.site.teamsPath === 'none' && (st.site.countryCode === 'IE' || st.site.role === 'small') && teamsPhone !== 'none';
    if (callingPlan) plans.push({ assignedDateTime: ASSIGNED_DATE, capabilityStatus: 'Enabled', service: 'MicrosoftCommunicationsOnline', servicePlanId: DOMESTIC_CALLING_PLAN_SERVICE_PLAN });
    const syncedOnPrem = userRng.chance(0.6);
    const officeRoll = userRng.next();
    const officeLocation =
      officeRoll < 0.45 ? st.site.name : officeRoll < 0.65 ? st.cat.officeCode : officeRoll < 0.8 ? `${st.site.name}, Floor ${userRng.int(1, 12)}` : officeRoll < 0.9 ? st.cat.city : null;
    const city = userRng.chance(0.9) ? st.cat.city : null;
    const user: GraphUser = {
      id,
      userPrincipalName: upn,
      displayName,
      givenName: given,
      surname,
      mail: userRng.chance(0.9) ? upn : null,
      department: i === 3 ? '+SUM(1,2)' : department,
      jobTitle: userRng.pick(JOB_TITLES[department] ?? ['Specialist']),
      accountEnabled,
      usageLocation,
      officeLocation,
      city,
      country: userRng.chance(0.95) ? userRng.pick(st.cat.countryTexts) : null,
      businessPhones: did ? [messyFormat(did, slot.extension, st.cat, userRng)] : userRng.chance(0.3) ? [userRng.pick(['n/a', `ext ${slot.extension}`, 'see Teams'])] : [],
      onPremisesSyncEnabled: syncedOnPrem ? true : null,
      // Derived from the UPN, not drawn: adding it left every other generated value as it was.
      onPremisesSamAccountName: syncedOnPrem ? samAccountNameOf(upn) : null,
      assignedPlans: plans,
      assignedLicenses: demoUserLicences(teamsPhone, callingPlan, users.length),
    };
    users.push(user);
    const onTeams = !!did && st.site.teamsPath !== 'none' && teamsPhone !== 'none' && accountEnabled && userRng.chance(0.7);
    if (onTeams) {
      const source = st.site.teamsPath === 'directRouting' && syncedOnPrem && userRng.chance(rates.numberOnPremises) ? 'onPremises' : 'online';
      addTeamsNumber(st, did!, id, 'userAssigned', source);
    }
    people.push({ userId: id, upn, kind: 'user', siteId: st.site.id, teamsPhone, accountEnabled, extension: slot.extension, did, onTeams });
    configs.push({
      id,
      userPrincipalName: upn,
      accountType: 'user',
      isEnterpriseVoiceEnabled: onTeams,
      featureTypes: ['Teams', 'AudioConferencing', ...(teamsPhone !== 'none' ? ['PhoneSystem'] : []), ...(callingPlan ? ['CallingPlan'] : [])],
      telephoneNumbers: onTeams ? [{ telephoneNumber: did!, assignmentCategory: 'primary' }] : [],
    });
    const roll = pbxRng.next();
    lines.push({
      lineId: `L-${st.site.id}-${slot.extension}`,
      siteId: st.site.id,
      extension: slot.extension,
      did,
      // Analog desk lines only survive in older offices; modern ones run IP phones and softphones.
      deviceType: roll < 0.8 ? 'ip-phone' : roll < 0.94 || st.site.role !== 'legacy' ? 'softphone' : 'analog',
      label: displayName,
      ownerUpn: upn,
      huntGroups: [],
      onTeams,
    });
  }

  // Lines whose owner could cut over today (enabled, licensed, usage location, a number): receptionists,
  // contact-centre agents and hunt-group members are picked from them, as a real PBX team would be staffed.
  const usageByUpn = new Map(users.map((u) => [u.userPrincipalName!, u.usageLocation]));
  const ready = new Set(people.filter((p) => p.accountEnabled && p.teamsPhone === 'enabled' && p.did && usageByUpn.get(p.upn)).map((p) => p.upn));
  const readyLines = (siteId: string, exclude: Set<string> = new Set()) => lines.filter((l) => l.siteId === siteId && l.ownerUpn && ready.has(l.ownerUpn) && !exclude.has(l.ownerUpn));

  // Resource accounts: an auto attendant per site (reception hunt group behind it) and a call queue per
  // larger site. Only a contact-centre site's queue is a call centre with agents; elsewhere it is a
  // service-desk hunt group of a few people.
  const pbxHunts: DemoHuntGroup[] = [];
  for (const st of states) {
    const count = people.filter((p) => p.siteId === st.site.id).length;
    const contactCentre = st.site.role === 'contact-centre';
    const ras: { kind: 'aa' | 'cq'; label: string }[] = [{ kind: 'aa', label: `${st.site.name} Main Line` }];
    if (count >= 20 || (contactCentre && count >= 5)) ras.push({ kind: 'cq', label: contactCentre ? `${st.site.name} Customer Care` : `${st.site.name} Service Desk` });
    const taken = new Set<string>();
    for (const ra of ras) {
      const id = userRng.guid();
      const upn = uniqueUpn(`ra-${ra.kind}-${st.site.id}`);
      const slot = allocate(st);
      const onTeams = st.site.teamsPath !== 'none';
      users.push({
        id,
        userPrincipalName: upn,
        displayName: `${ra.label} (${ra.kind === 'aa' ? 'Auto attendant' : 'Call queue'})`,
        givenName: null,
        surname: null,
        mail: null,
        department: null,
        jobTitle: null,
        accountEnabled: false,
        usageLocation: st.site.countryCode,
        officeLocation: st.site.name,
        city: st.cat.city,
        country: st.site.countryCode,
        businessPhones: [],
        onPremisesSyncEnabled: null,
        assignedPlans: [{ assignedDateTime: ASSIGNED_DATE, capabilityStatus: 'Enabled', service: 'MicrosoftCommunicationsOnline', servicePlanId: SERVICE_PLANS.teamsPhoneResourceAccount }],
        assignedLicenses: demoResourceAccountLicences(),
      });
      if (onTeams) addTeamsNumber(st, slot.number, id, 'voiceApplicationAssigned', 'online');
      people.push({ userId: id, upn, kind: 'resourceAccount', siteId: st.site.id, teamsPhone: 'none', accountEnabled: false, extension: slot.extension, did: slot.number, onTeams });
      configs.push({ id, userPrincipalName: upn, accountType: 'resourceAccount', isEnterpriseVoiceEnabled: onTeams, featureTypes: ['Teams', 'PhoneSystemVirtualUser'], telephoneNumbers: onTeams ? [{ telephoneNumber: slot.number, assignmentCategory: 'primary' }] : [] });
      const candidates = readyLines(st.site.id, taken);
      const agents = ra.kind === 'cq' && contactCentre;
      const size = ra.kind === 'aa' ? pbxRng.int(2, 3) : agents ? Math.min(40, Math.max(4, Math.floor(count * 0.5))) : pbxRng.int(4, 6);
      const members = candidates.slice(0, size);
      for (const m of members) taken.add(m.ownerUpn!);
      const hunt: DemoHuntGroup = {
        id: `HG-${st.site.id}-${ra.kind}`,
        siteId: st.site.id,
        name: ra.label,
        extension: slot.extension,
        pilotDid: slot.number,
        kind: ra.kind === 'aa' ? 'reception' : agents ? 'call-centre' : 'hunt',
        memberExtensions: members.map((m) => m.extension),
      };
      if (ra.kind === 'aa' && !onTeams) hunt.autoAttendantLine = true;
      pbxHunts.push(hunt);
      for (const m of members) {
        m.huntGroups.push(hunt.id);
        if (agents) m.callCentre = hunt.name;
      }
    }
  }

  // Department hunt and pickup groups, boss/delegate pairs.
  const delegations: DemoPbx['delegations'] = [];
  const byUpn = new Map(users.map((u) => [u.userPrincipalName!, u]));
  const bySiteDept = new Map<string, DemoPbxLine[]>();
  for (const l of lines) {
    if (!l.ownerUpn) continue;
    const dept = byUpn.get(l.ownerUpn)?.department ?? '';
    const key = `${l.siteId}|${dept}`;
    const list = bySiteDept.get(key);
    if (list) list.push(l);
    else bySiteDept.set(key, [l]);
  }
  for (const [key, members] of [...bySiteDept.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const [siteId, dept] = key.split('|');
    const staffed = members.filter((m) => ready.has(m.ownerUpn!));
    if (HUNT_DEPARTMENTS.has(dept) && staffed.length >= 3) {
      const group = staffed.slice(0, Math.min(staffed.length, pbxRng.int(3, 6)));
      const st = states.find((s) => s.site.id === siteId)!;
      const slot = allocate(st);
      // The group's own number rings its members on the PBX: its pilot, exported as a line of its own.
      const hunt: DemoHuntGroup = { id: `HG-${siteId}-${slugify(dept)}`, siteId, name: `${dept} ${st.site.name}`, extension: slot.extension, pilotDid: slot.number, pilotLine: true, kind: 'hunt', memberExtensions: group.map((g) => g.extension) };
      pbxHunts.push(hunt);
      for (const g of group) {
        g.huntGroups.push(hunt.id);
        g.pickupGroup = `PG-${siteId}-${slugify(dept)}`;
      }
    }
    if (dept === 'Executive Office' && members.length >= 2) {
      const bosses = members.filter((m) => !/Assistant/.test(byUpn.get(m.ownerUpn!)?.jobTitle ?? ''));
      const assistants = members.filter((m) => /Assistant/.test(byUpn.get(m.ownerUpn!)?.jobTitle ?? ''));
      const delegatePool = assistants.length > 0 ? assistants : members.slice(-1);
      for (const [n, boss] of bosses.entries()) {
        const delegate = delegatePool[n % delegatePool.length];
        if (delegate === boss) continue;
        delegations.push({ bossUpn: boss.ownerUpn!, delegateUpn: delegate.ownerUpn!, siteId });
        delegate.bossUpn = boss.ownerUpn!;
      }
    }
  }

  // Devices that are not people: they stay on an ATA or the PBX and must not be forgotten. Only older
  // offices still have fax, elevator, door and paging lines (the contact centre keeps one fax); modern
  // offices have common-area phones only.
  for (const st of states) {
    const devices: [DemoDeviceType, string, boolean][] = [];
    const role = st.site.role;
    if (role === 'legacy') {
      for (let n = 1, c = pbxRng.int(1, 3); n <= c; n++) devices.push(['fax', `Fax ${n} ${st.site.name}`, true]);
      for (let n = 1, c = pbxRng.int(1, 2); n <= c; n++) devices.push(['elevator', `Elevator ${n} emergency phone`, true]);
      devices.push(['door', `Front door intercom ${st.site.name}`, false]);
      devices.push(['paging', `Overhead paging ${st.site.name}`, false]);
    } else if (role === 'contact-centre') {
      devices.push(['fax', `Fax 1 ${st.site.name}`, true]);
    }
    const commonArea = role === 'small' ? 1 : role === 'hq' || role === 'legacy' ? pbxRng.int(2, 5) : pbxRng.int(1, 3);
    for (let n = 1; n <= commonArea; n++) devices.push(['common-area', n === 1 ? `Lobby phone ${st.site.name}` : `Kitchen phone ${n - 1}`, n === 1]);
    for (const [deviceType, label, hasDid] of devices) {
      const slot = allocate(st);
      lines.push({ lineId: `L-${st.site.id}-${slot.extension}`, siteId: st.site.id, extension: slot.extension, did: hasDid ? slot.number : undefined, deviceType, label, huntGroups: [], onTeams: false });
    }
  }

  // A few spare numbers the operator already uploaded, then padding up to the requested inventory size.
  const teamsSites = states.filter((s) => s.site.teamsPath !== 'none');
  for (const st of teamsSites) {
    for (let n = 0; n < 5; n++) addTeamsNumber(st, allocate(st).number, undefined, 'unassigned', 'online');
  }
  if (options.teamsNumbers && teamsSites.length > 0) {
    const spareSlots = new Map<SiteState, number>();
    for (let k = 0; numbers.length < options.teamsNumbers; k++) {
      const st = teamsSites[k % teamsSites.length];
      const slot = spareSlots.get(st) ?? SPARE_SLOT;
      if (slot > 99_999) break;
      spareSlots.set(st, slot + 1);
      addTeamsNumber(st, `${st.cat.didPrefix}${String(slot).padStart(5, '0')}`, undefined, 'unassigned', 'online');
    }
  }

  // DID blocks of 100 over every used slot; BTN = the first number of the site's first block per carrier.
  const didBlocks: DemoDidBlock[] = [];
  const blockRng = new SeededRandom(seed, 'blocks');
  for (const st of states) {
    const blockStarts = [...new Set(st.slotsUsed.map((s) => Math.floor(s / BLOCK_SIZE) * BLOCK_SIZE))].sort((a, b) => a - b);
    const secondCarrier = blockStarts.length > 3 && blockRng.chance(0.3) ? 'Colt' : undefined;
    const btnByCarrier = new Map<string, string>();
    const freeze = blockRng.chance(0.1);
    blockStarts.forEach((start, index) => {
      const carrier = secondCarrier && index === blockStarts.length - 1 ? secondCarrier : st.cat.carrier;
      const first = `${st.cat.didPrefix}${String(start).padStart(5, '0')}`;
      const last = `${st.cat.didPrefix}${String(start + BLOCK_SIZE - 1).padStart(5, '0')}`;
      if (!btnByCarrier.has(carrier)) btnByCarrier.set(carrier, first);
      const btn = btnByCarrier.get(carrier)!;
      const block: DemoDidBlock = {
        blockId: `B-${st.site.id}-${index + 1}`,
        siteId: st.site.id,
        carrier,
        trunk: `${carrier} ${index % 2 === 0 ? 'SIP' : 'PRI'} ${st.cat.officeCode}`,
        firstNumber: first,
        lastNumber: last,
        size: BLOCK_SIZE,
        btn,
        containsBtn: btn === first,
        portConstraint: freeze ? 'carrier-freeze' : btn === first && blockStarts.length === 1 ? 'full-port-only' : 'none',
      };
      if (freeze) block.freezeUntil = '2027-02-01';
      didBlocks.push(block);
    });
  }

  // Places: buildings (beta), room lists and rooms for sites that have them.
  const placeRng = new SeededRandom(seed, 'places');
  const rooms: GraphPlace[] = [];
  const roomLists: GraphPlace[] = [];
  const buildings: GraphPlace[] = [];
  const placeSites = states.filter((s) => s.site.hasPlaces);
  const roomsPerSite = options.rooms !== undefined ? Math.ceil(options.rooms / Math.max(1, placeSites.length)) : undefined;
  let roomsLeft = options.rooms ?? Number.POSITIVE_INFINITY;
  const roomNames = ['Rainier', 'Baker', 'Olympus', 'Harbour', 'Summit', 'Atlas', 'Lakeside', 'Aurora', 'Cedar', 'Beacon', 'Meridian', 'Horizon'];
  for (const st of placeSites) {
    const slug = st.site.id;
    buildings.push({ id: placeRng.guid(), displayName: st.site.name, address: st.site.address, '@odata.type': '#microsoft.graph.building' });
    const listEmail = `rooms-${slug}@${domain}`;
    roomLists.push({ id: placeRng.guid(), displayName: `${st.site.name} Rooms`, emailAddress: listEmail, address: st.site.address, phone: null, '@odata.type': '#microsoft.graph.roomList' });
    const n = Math.min(roomsLeft, roomsPerSite ?? placeRng.int(4, 12));
    roomsLeft -= n;
    for (let k = 0; k < n; k++) {
      const floor = 1 + (k % 12);
      rooms.push({
        id: placeRng.guid(),
        displayName: `${st.site.name} ${floor}.${String(k + 1).padStart(2, '0')} ${roomNames[k % roomNames.length]}`,
        emailAddress: `room-${slug}-${k + 1}@${domain}`,
        address: st.site.address,
        phone: null,
        building: st.site.name,
        floorNumber: floor,
        capacity: placeRng.pick([4, 6, 8, 12, 20]),
        '@odata.type': '#microsoft.graph.room',
      });
    }
  }

  return {
    seed,
    tenantId,
    tenantName,
    domain,
    organization: { id: tenantId, displayName: tenantName },
    users,
    rooms,
    roomLists,
    buildings,
    numberAssignments: numbers,
    userConfigurations: configs,
    subscribedSkus: demoSubscribedSkus(tenantId, users.map((u) => u.assignedLicenses)),
    sites: states.map((s) => s.site),
    siteMappingRules: states.map((s) => ({ officeLocation: s.cat.officeCode, siteName: s.site.name, countryCode: s.site.countryCode })),
    people,
    pbx: { lines, didBlocks, huntGroups: pbxHunts, delegations },
  };
}

/** An AD account name as admins make them: the UPN's local part without dots, at most 20 characters ("megan.bowen" -> "meganbowen"). */
function samAccountNameOf(upn: string): string {
  return upn.split('@')[0].replace(/[^a-zA-Z0-9_-]/g, '').slice(0, 20).toLowerCase();
}

function transliterate(name: string): string {
  return name
    .replace(/ß/g, 'ss')
    .replace(/[øØ]/g, 'o')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[łŁ]/g, 'l')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/[^a-z0-9'.-]/g, '');
}

/** The formats people really type into Active Directory. */
function messyFormat(e164: string, extension: string, cat: CatalogueSite, rng: SeededRandom): string {
  const cc = countryCallingCode(e164, cat);
  const nsn = e164.slice(1 + cc.length);
  const roll = rng.next();
  const nanp = cc === '1';
  if (roll < 0.3) return e164;
  if (roll < 0.5) return nanp ? `+1 (${nsn.slice(0, 3)}) ${nsn.slice(3, 6)}-${nsn.slice(6)}` : `+${cc} ${group(nsn)}`;
  if (roll < 0.65) {
    if (nanp) return `${nsn.slice(0, 3)}-${nsn.slice(3, 6)}-${nsn.slice(6)} x${extension}`;
    return cat.trunkPrefix === '0' ? `0${group(nsn)}` : group(nsn);
  }
  if (roll < 0.75) return nanp ? `1-${nsn.slice(0, 3)}-${nsn.slice(3, 6)}-${nsn.slice(6)}` : `00${cc} ${group(nsn)}`;
  if (roll < 0.85) return cat.trunkPrefix === '0' ? `+${cc} (0)${group(nsn)}` : `+${cc}-${nsn}`;
  if (roll < 0.93) return `${e164} ext. ${extension}`;
  return `tel:${e164}`;
}

function countryCallingCode(e164: string, cat: CatalogueSite): string {
  if (cat.trunkPrefix === '1') return '1';
  for (const len of [1, 2, 3]) {
    const cc = e164.slice(1, 1 + len);
    if (KNOWN_CC.has(cc)) return cc;
  }
  return e164.slice(1, 3);
}

const KNOWN_CC = new Set(['1', '7', '20', '27', '30', '31', '32', '33', '34', '36', '39', '40', '41', '43', '44', '45', '46', '47', '48', '49', '51', '52', '54', '55', '56', '57', '60', '61', '62', '63', '64', '65', '66', '81', '82', '86', '90', '91', '92', '351', '352', '353', '354', '358', '420', '852', '971', '972']);

function group(nsn: string): string {
  return nsn.replace(/(\d{2,4})(?=(\d{3,4})+$)/g, '$1 ').trim();
}
