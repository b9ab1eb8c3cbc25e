/**
 * Lookups built once per computation so every rule is a Map read, never a scan: 100,000 people and
 * 2,000 sites must be decided, routed and gated in well under a second.
 */
import { NON_PERSON_DEVICE_TYPES, type DeviceType, type PbxInventory, type PbxLine } from '../pbx-inventory';
import type { Operator, PlanningSettings, Sbc, SiteAttributes, SiteDecision, UserOverride } from '../planning-settings';
import type { Person, Site, TenantNumber, TenantSnapshot } from '../tenant-snapshot';
import { isCommonAreaLine } from '../planning/common-area-phones';
import { mainNumberOfLine } from '../planning/main-numbers';

/** Devices that have no Teams client: ATAs behind an SBC or SIP Gateway-compatible ATAs, or they stay on the PBX. */
export const ATA_DEVICE_TYPES: ReadonlySet<DeviceType> = new Set<DeviceType>(
  [...NON_PERSON_DEVICE_TYPES].filter((t) => t !== 'common-area'),
);

/** What the rules know about a site beyond the snapshot: counts from the PBX inventory. */
export interface SiteFacts {
  siteId: string;
  siteName?: string;
  countryCode?: string;
  people: number;
  attributes?: SiteAttributes;
  callCentreAgents: number;
  /** Non-person lines needing an ATA (analog, fax, elevator, door, paging, modem), by type, sorted. */
  ataDevices: { type: DeviceType; count: number }[];
  /** Lobby, kitchen and warehouse phones nobody owns: each becomes a Teams common area phone with its site. */
  commonAreaPhones: number;
}

export interface DecisionIndex {
  snapshot: TenantSnapshot;
  inventory?: PbxInventory;
  settings: PlanningSettings;
  sitesById: Map<string, Site>;
  /** Built on first use: the per-person passes walk arrays instead of looking people up. */
  readonly peopleById: Map<string, Person>;
  /**
   * The people some Teams number is assigned to, by id (a readiness gate names the holder): a small map
   * filled in the one pass over people, so the gates never need the full `peopleById`. Optional for
   * hand-built indexes; absent means "use peopleById".
   */
  numberHolders?: Map<string, Person>;
  /** Lower-cased UPN -> person id (built on first use: only overrides naming a UPN need it). */
  readonly personIdByUpn: Map<string, string>;
  siteFacts: Map<string, SiteFacts>;
  /** The matched PBX line of each person (the first by id that has a DID, else the first). */
  lineByPerson: Map<string, PbxLine>;
  numberByE164: Map<string, TenantNumber>;
  /** The Teams number each person holds now (primary first). */
  teamsNumberByPerson: Map<string, string>;
  operatorsById: Map<string, Operator>;
  sbcsById: Map<string, Sbc>;
  attributesBySite: Map<string, SiteAttributes>;
  decisionBySite: Map<string, SiteDecision>;
  /** Resolved overrides by person id (the first one wins; duplicates are a validation error). */
  overrideByPerson: Map<string, UserOverride>;
  /**
   * Sites whose PBX lines give them a main number (an auto attendant's line with a DID, or a number lines
   * ring through): what their Shared Calling people call out as. Absent in hand-built indexes: none.
   */
  sitesWithMainNumber?: ReadonlySet<string>;
}

/** Resolves an override's `user` (object id or UPN, any case) to a person id. */
export function resolveUser(user: string, peopleById: Map<string, unknown>, personIdByUpn: Map<string, string>): string | undefined {
  if (peopleById.has(user)) return user;
  return personIdByUpn.get(user.toLowerCase());
}

export function buildDecisionIndex(snapshot: TenantSnapshot, inventory: PbxInventory | undefined, settings: PlanningSettings): DecisionIndex {
  const sitesById = new Map<string, Site>();
  for (const s of snapshot.sites) sitesById.set(s.id, s);
  // Overrides name a person by object id or UPN: resolve them in the one pass over people.
  const overridesByKey = new Map<string, UserOverride[]>();
  // Lengths of the override keys: a UPN of another length cannot match, so most people skip the lower-casing.
  const keyLengths = new Set<number>();
  for (const o of settings.decisions.users) {
    for (const key of new Set([o.user, o.user.toLowerCase()])) {
      const list = overridesByKey.get(key);
      if (list) list.push(o);
      else overridesByKey.set(key, [o]);
    }
    keyLengths.add(o.user.length);
  }
  const documentOrder = new Map(settings.decisions.users.map((o, i) => [o, i] as const));
  const overrideByPerson = new Map<string, UserOverride>();
  const peopleBySite = new Map<string, number>();
  const holderIds = new Set<string>();
  for (const n of snapshot.numbers) if (n.assignmentTargetId) holderIds.add(n.assignmentTargetId);
  const numberHolders = new Map<string, Person>();
  for (const p of snapshot.people) {
    if (p.siteId) peopleBySite.set(p.siteId, (peopleBySite.get(p.siteId) ?? 0) + 1);
    // Same rule as peopleById (a later person with the same id replaces an earlier one).
    if (holderIds.has(p.id)) numberHolders.set(p.id, p);
    if (overridesByKey.size === 0) continue;
    const byId = overridesByKey.get(p.id);
    const byUpn = keyLengths.has(p.userPrincipalName.length) ? overridesByKey.get(p.userPrincipalName.toLowerCase()) : undefined;
    if (!byId && !byUpn) continue;
    // The first override in document order wins; a second one is a validation error.
    let first: UserOverride | undefined;
    for (const o of [...(byId ?? []), ...(byUpn ?? [])]) if (!first || documentOrder.get(o)! < documentOrder.get(first)!) first = o;
    overrideByPerson.set(p.id, first!);
  }
  let peopleMap: Map<string, Person> | undefined;
  const peopleById = (): Map<string, Person> => {
    if (!peopleMap) {
      peopleMap = new Map();
      for (const p of snapshot.people) peopleMap.set(p.id, p);
    }
    return peopleMap;
  };
  let upnMap: Map<string, string> | undefined;
  const upns = (): Map<string, string> => {
    if (!upnMap) {
      upnMap = new Map();
      for (const p of snapshot.people) upnMap.set(p.userPrincipalName.toLowerCase(), p.id);
    }
    return upnMap;
  };
  const attributesBySite = new Map<string, SiteAttributes>();
  for (const a of settings.sites) if (!attributesBySite.has(a.siteId)) attributesBySite.set(a.siteId, a);

  const agents = new Map<string, number>();
  const commonAreaPhones = new Map<string, number>();
  const devices = new Map<string, Map<DeviceType, number>>();
  const lineByPerson = new Map<string, PbxLine>();
  const sitesWithMainNumber = new Set<string>();
  for (const line of inventory?.lines ?? []) {
    if (line.siteId) {
      if (mainNumberOfLine(line)) sitesWithMainNumber.add(line.siteId);
      if (line.callCentreAgent) agents.set(line.siteId, (agents.get(line.siteId) ?? 0) + 1);
      if (isCommonAreaLine(line)) commonAreaPhones.set(line.siteId, (commonAreaPhones.get(line.siteId) ?? 0) + 1);
      if (ATA_DEVICE_TYPES.has(line.deviceType)) {
        let m = devices.get(line.siteId);
        if (!m) devices.set(line.siteId, (m = new Map()));
        m.set(line.deviceType, (m.get(line.deviceType) ?? 0) + 1);
      }
    }
    const pid = line.match.status === 'matched' ? line.match.personId : undefined;
    if (pid) {
      const prev = lineByPerson.get(pid);
      // Deterministic whatever the file order: a line with a DID beats one without, then the lower id.
      if (!prev || (!prev.did && line.did) || (!prev.did === !line.did && line.id < prev.id)) lineByPerson.set(pid, line);
    }
  }
  const siteFacts = new Map<string, SiteFacts>();
  for (const s of snapshot.sites) {
    const dev = devices.get(s.id);
    siteFacts.set(s.id, {
      siteId: s.id,
      siteName: s.name,
      countryCode: s.countryCode,
      people: peopleBySite.get(s.id) ?? 0,
      attributes: attributesBySite.get(s.id),
      callCentreAgents: agents.get(s.id) ?? 0,
      ataDevices: dev ? [...dev].map(([type, count]) => ({ type, count })).sort((a, b) => (a.type < b.type ? -1 : 1)) : [],
      commonAreaPhones: commonAreaPhones.get(s.id) ?? 0,
    });
  }

  const numberByE164 = new Map<string, TenantNumber>();
  const teamsNumberByPerson = new Map<string, string>();
  for (const n of snapshot.numbers) {
    numberByE164.set(n.telephoneNumber, n);
    const assigned = n.assignmentStatus === 'userAssigned' || n.assignmentStatus === 'voiceApplicationAssigned';
    if (!assigned || !n.assignmentTargetId) continue;
    const prevNumber = teamsNumberByPerson.get(n.assignmentTargetId);
    const prev = prevNumber === undefined ? undefined : numberByE164.get(prevNumber);
    const primary = (x: TenantNumber) => x.assignmentCategory === 'primary' || x.assignmentCategory === undefined;
    // Primary beats private/alternate; among equals the lower number, so file order never matters.
    if (!prev || (primary(n) && !primary(prev)) || (primary(n) === primary(prev) && n.telephoneNumber < prev.telephoneNumber)) {
      teamsNumberByPerson.set(n.assignmentTargetId, n.telephoneNumber);
    }
  }

  const operatorsById = new Map<string, Operator>();
  for (const o of settings.operators) if (!operatorsById.has(o.id)) operatorsById.set(o.id, o);
  const sbcsById = new Map<string, Sbc>();
  for (const s of settings.sbcs) if (!sbcsById.has(s.id)) sbcsById.set(s.id, s);
  const decisionBySite = new Map<string, SiteDecision>();
  for (const d of settings.decisions.sites) if (!decisionBySite.has(d.siteId)) decisionBySite.set(d.siteId, d);
  return {
    snapshot,
    inventory,
    settings,
    sitesById,
    sitesWithMainNumber,
    get peopleById() {
      return peopleById();
    },
    get personIdByUpn() {
      return upns();
    },
    numberHolders,
    siteFacts,
    lineByPerson,
    numberByE164,
    teamsNumberByPerson,
    operatorsById,
    sbcsById,
    attributesBySite,
    decisionBySite,
    overrideByPerson,
  };
}
