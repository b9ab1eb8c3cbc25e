/**
 * Matches PBX lines to Entra people from the tenant snapshot. Rules in order of strength:
 *   1. owner UPN (or, failing that, mail) equals the person's - or a bare user id (CUCM OWNER USER ID,
 *      sAMAccountName) equals the person's on-premises account name, a UPN's local part or a mail's;
 *   2. the line's DID (E.164) is one of the person's business phones;
 *   3. the owner's normalised name equals the person's, within the line's site.
 * A rule that finds several people makes the line ambiguous unless a later rule settles it; a line no rule
 * matches is unmatched with the reasons. Non-person devices are never matched.
 * Indexes are Maps built once, so matching n lines against m people is O(n + m).
 */
import type { LineMatch, LineMatchRule, PbxLine } from '../domain/pbx-inventory';
import { NON_PERSON_DEVICE_TYPES } from '../domain/pbx-inventory';
import type { Person, TenantSnapshot } from '../domain/tenant-snapshot';
import { nameKey } from './name-key';

export const CONFIDENCE = {
  upn: 1,
  mail: 0.95,
  userId: 0.8,
  businessPhone: 0.85,
  nameInSite: 0.7,
  nameNoSite: 0.5,
} as const;

/** One person per key is the rule: a list is made only when a second person shares the key. */
type Bucket = Person | Person[];

function push<K>(map: Map<K, Bucket>, key: K, person: Person): void {
  const found = map.get(key);
  if (found === undefined) map.set(key, person);
  else if (Array.isArray(found)) {
    if (!found.includes(person)) found.push(person);
  } else if (found !== person) map.set(key, [found, person]);
}

function list(found: Bucket | undefined): Person[] {
  return found === undefined ? [] : Array.isArray(found) ? found : [found];
}

function inIdOrder(people: readonly Person[]): boolean {
  for (let i = 1; i < people.length; i++) if (people[i - 1].id > people[i].id) return false;
  return true;
}

/**
 * Lookup maps over the tenant's people. Only the UPN map is built up front; the others are built on
 * first use, since most exports match by UPN and never need them.
 */
export class PersonIndex {
  private readonly people: Person[];
  private readonly byUpn = new Map<string, Bucket>();
  private lazy: {
    mail?: Map<string, Bucket>;
    local?: Map<string, Bucket>;
    sam?: Map<string, Bucket>;
    mailLocal?: Map<string, Bucket>;
    phone?: Map<string, Bucket>;
    name?: Map<string, Bucket>;
  } = {};

  constructor(snapshot: Pick<TenantSnapshot, 'people'> | undefined) {
    // Snapshots list people by id already: copy and sort only when they do not.
    const people = snapshot?.people ?? [];
    this.people = inIdOrder(people) ? people : [...people].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const p of this.people) push(this.byUpn, p.userPrincipalName.toLowerCase(), p);
  }

  private build(keys: (p: Person) => Array<string | undefined>): Map<string, Bucket> {
    const map = new Map<string, Bucket>();
    for (const p of this.people) for (const k of keys(p)) if (k) push(map, k, p);
    return map;
  }

  upn(value: string): Person[] {
    return list(this.byUpn.get(value.toLowerCase()));
  }
  mail(value: string): Person[] {
    // Most people's mail is their UPN, which the UPN map already holds: the mail map keeps only the
    // others, so a tenant's worth of keys is not indexed twice.
    this.lazy.mail ??= this.build((p) => {
      const mail = p.mail?.toLowerCase();
      return [mail !== p.userPrincipalName.toLowerCase() ? mail : undefined];
    });
    const key = value.toLowerCase();
    const others = list(this.lazy.mail.get(key));
    const mailIsUpn = list(this.byUpn.get(key)).filter((p) => p.mail?.toLowerCase() === key);
    if (mailIsUpn.length === 0) return others;
    // Both lists follow the people's order; so does their union.
    return [...others, ...mailIsUpn].sort((a, b) => this.people.indexOf(a) - this.people.indexOf(b));
  }
  userId(value: string): Person[] {
    this.lazy.local ??= this.build((p) => [p.userPrincipalName.toLowerCase().split('@')[0]]);
    return list(this.lazy.local.get(value.toLowerCase()));
  }
  samAccount(value: string): Person[] {
    this.lazy.sam ??= this.build((p) => [p.onPremisesSamAccountName?.toLowerCase()]);
    return list(this.lazy.sam.get(value.toLowerCase()));
  }
  mailLocalPart(value: string): Person[] {
    this.lazy.mailLocal ??= this.build((p) => {
      const mail = p.mail?.toLowerCase();
      return [mail && mail !== p.userPrincipalName.toLowerCase() ? mail.split('@')[0] : undefined];
    });
    return list(this.lazy.mailLocal.get(value.toLowerCase()));
  }
  phone(e164: string): Person[] {
    this.lazy.phone ??= this.build((p) => p.businessPhones.map((b) => b.e164));
    return list(this.lazy.phone.get(e164));
  }
  name(value: string): Person[] {
    const key = nameKey(value);
    if (!key) return [];
    this.lazy.name ??= this.nameIndex();
    return list(this.lazy.name.get(key));
  }

  /** Each person under the key of their display name and of "given name surname" (built in one loop, no array per person). */
  private nameIndex(): Map<string, Bucket> {
    const map = new Map<string, Bucket>();
    for (const p of this.people) {
      const display = nameKey(p.displayName);
      if (display) push(map, display, p);
      if (p.givenName || p.surname) {
        const full = nameKey([p.givenName, p.surname].filter(Boolean).join(' '));
        if (full) push(map, full, p);
      }
    }
    return map;
  }
}

type Outcome = { person: Person; rule: LineMatchRule; confidence: number; why: string } | { candidates: Person[]; why: string } | { why: string };

const ids = (people: Person[]) => people.map((p) => p.id);
const names = (people: Person[]) => people.map((p) => `${p.displayName} <${p.userPrincipalName}>`).join(', ');

function byOwnerId(index: PersonIndex, owner: string): Outcome | undefined {
  if (owner.includes('@')) {
    const u = index.upn(owner);
    if (u.length === 1) return { person: u[0], rule: 'upn', confidence: CONFIDENCE.upn, why: `owner ${owner} is the UPN of ${u[0].displayName}` };
    const m = index.mail(owner);
    if (m.length === 1) return { person: m[0], rule: 'mail', confidence: CONFIDENCE.mail, why: `owner ${owner} is the mail address of ${m[0].displayName}` };
    if (m.length > 1) return { candidates: m, why: `owner ${owner} is the mail address of ${m.length} people (${names(m)})` };
    return { why: `no person has UPN or mail ${owner}` };
  }
  // The AD account name is what CUCM and SfB call the user id: the strongest reading of a bare id.
  const sam = index.samAccount(owner);
  if (sam.length === 1) {
    return { person: sam[0], rule: 'upn', confidence: CONFIDENCE.userId, why: `owner user id ${owner} is the on-premises account name (sAMAccountName) of ${sam[0].displayName}` };
  }
  if (sam.length > 1) return { candidates: sam, why: `user id ${owner} is the on-premises account name of ${sam.length} people (${names(sam)})` };
  const local = index.userId(owner);
  if (local.length === 1) {
    return { person: local[0], rule: 'upn', confidence: CONFIDENCE.userId, why: `owner user id ${owner} is the start of ${local[0].userPrincipalName}` };
  }
  if (local.length > 1) return { candidates: local, why: `user id ${owner} starts ${local.length} UPNs (${names(local)})` };
  const mailLocal = index.mailLocalPart(owner);
  if (mailLocal.length === 1) {
    return { person: mailLocal[0], rule: 'mail', confidence: CONFIDENCE.userId, why: `owner user id ${owner} is the start of the mail address of ${mailLocal[0].displayName}` };
  }
  if (mailLocal.length > 1) return { candidates: mailLocal, why: `user id ${owner} starts ${mailLocal.length} mail addresses (${names(mailLocal)})` };
  return { why: `no on-premises account name, UPN or mail address is user id ${owner}` };
}

function byPhone(index: PersonIndex, did: string): Outcome {
  const found = index.phone(did);
  if (found.length === 1) {
    return { person: found[0], rule: 'business-phone', confidence: CONFIDENCE.businessPhone, why: `DID ${did} is the business phone of ${found[0].displayName}` };
  }
  if (found.length > 1) return { candidates: found, why: `DID ${did} is the business phone of ${found.length} people (${names(found)})` };
  return { why: `no person has business phone ${did}` };
}

function byName(index: PersonIndex, line: LineToMatch, siteKnown: boolean, ownerName: string): Outcome {
  const all = index.name(ownerName);
  if (siteKnown && line.siteId) {
    const inSite = all.filter((p) => p.siteId === line.siteId);
    if (inSite.length === 1) {
      return { person: inSite[0], rule: 'name-in-site', confidence: CONFIDENCE.nameInSite, why: `name "${ownerName}" is ${inSite[0].displayName} at site ${line.siteId}` };
    }
    if (inSite.length > 1) return { candidates: inSite, why: `${inSite.length} people named "${ownerName}" at site ${line.siteId} (${names(inSite)})` };
    return {
      why:
        all.length > 0
          ? `nobody named "${ownerName}" at site ${line.siteId} (same name elsewhere: ${names(all)})`
          : `nobody named "${ownerName}" in the tenant`,
    };
  }
  // No site the tenant knows: a unique name across the tenant is a weak match, flagged as such.
  if (all.length === 1) {
    return {
      person: all[0],
      rule: 'name-in-site',
      confidence: CONFIDENCE.nameNoSite,
      why: `name "${ownerName}" is ${all[0].displayName}, the only person of that name (the line's site ${line.siteName ? `"${line.siteName}" is unknown to the tenant` : 'is not given'})`,
    };
  }
  if (all.length > 1) return { candidates: all, why: `${all.length} people named "${ownerName}" and no known site to choose (${names(all)})` };
  return { why: `nobody named "${ownerName}" in the tenant` };
}

/** What matching reads of a line. */
export type LineToMatch = Pick<PbxLine, 'deviceType' | 'ownerUpn' | 'ownerName' | 'did' | 'siteId' | 'siteName'> & Partial<Pick<PbxLine, 'ownerId'>>;

/** `siteKnown`: the tenant snapshot knows the line's site, so a name is matched within that site only. */
export function matchLine(index: PersonIndex, line: LineToMatch, siteKnown: boolean): LineMatch {
  if (NON_PERSON_DEVICE_TYPES.has(line.deviceType)) {
    return { status: 'non-person', explanation: `${line.deviceType} line: not a person; it stays on an ATA/SBC or the PBX and is never matched to a user` };
  }
  // An export's name on an auto attendant line is the menu's display name ("Main Line"), not its owner.
  if (line.deviceType === 'auto-attendant') {
    return { status: 'non-person', explanation: 'auto attendant line: the site\'s main number; it moves to a Teams auto attendant, never to a user' };
  }
  const tried: string[] = [];
  let ambiguous: Person[] | undefined;
  for (let step = 0; step < 4; step++) {
    let outcome: Outcome | undefined;
    if (step === 0 && line.ownerUpn) outcome = byOwnerId(index, line.ownerUpn);
    else if (step === 1 && line.ownerId && line.ownerId !== line.ownerUpn) outcome = byOwnerId(index, line.ownerId);
    else if (step === 2 && line.did) outcome = byPhone(index, line.did);
    else if (step === 3 && line.ownerName) outcome = byName(index, line, siteKnown, line.ownerName);
    if (!outcome) continue;
    if ('person' in outcome) {
      const before = tried.length ? ` (${tried.join('; ')})` : '';
      return { status: 'matched', personId: outcome.person.id, rule: outcome.rule, confidence: outcome.confidence, explanation: `${outcome.why}${before}` };
    }
    if ('candidates' in outcome) ambiguous ??= outcome.candidates;
    tried.push(outcome.why);
  }
  if (ambiguous) {
    return { status: 'ambiguous', candidateIds: ids(ambiguous), explanation: `${tried.join('; ')}: pick the right person` };
  }
  if (tried.length === 0) return { status: 'unmatched', explanation: 'the line has no owner, no DID and no name to match on' };
  return { status: 'unmatched', explanation: tried.join('; ') };
}
