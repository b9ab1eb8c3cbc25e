/**
 * Graph wire objects -> the planner's TenantSnapshot records. Nulls become absent fields; a record
 * without the identity the planner keys on (id, userPrincipalName, telephoneNumber) is an error that
 * names its JSON path, because silently dropping a person would under-count a migration.
 */
import { licenceFacts, LicencesBySku } from '../domain/licence-mapping';
import { parseBusinessPhones } from '../domain/phone-parsing';
import type { PlaceForSites } from '../domain/site-derivation';
import type { NumberAssignmentStatus, Person, PostalAddress, TeamsNumberType, TenantNumber } from '../domain/tenant-snapshot';
import { countryCodeFromText } from '../domain/country-names';
import type { BusinessPhoneParser } from './business-phone-parser';
import { GraphRequestError } from './graph-errors';
import type { GraphNumberAssignment, GraphPhysicalAddress, GraphPlace, GraphUser } from './graph-types';

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

/**
 * @param skus the tenant's SKUs, when the user was read with `assignedLicenses`; without them the
 *   licences come from `assignedPlans`.
 * @param phones parses the business phones beside a large read (they are set once it has settled);
 *   without it they are parsed here.
 */
export function toPerson(u: GraphUser, path: string, skus?: LicencesBySku, phones?: BusinessPhoneParser): Person {
  const id = str(u.id);
  const upn = str(u.userPrincipalName);
  if (!id) throw new GraphRequestError('invalid-record', `${path}.id is missing or empty`);
  if (!upn) throw new GraphRequestError('invalid-record', `${path}.userPrincipalName is missing or empty (user ${id})`);
  const licences = skus && u.assignedLicenses !== undefined ? skus.factsOf(u.assignedLicenses) : licenceFacts(u.assignedPlans);
  const usageLocation = str(u.usageLocation)?.toUpperCase();
  const p: Person = {
    id,
    userPrincipalName: upn,
    displayName: str(u.displayName) ?? upn,
    accountEnabled: u.accountEnabled !== false,
    kind: licences.resourceAccountLicence ? 'resourceAccount' : 'user',
    teamsPhone: licences.teamsPhone,
    callingPlan: licences.callingPlan,
    resourceAccountLicence: licences.resourceAccountLicence,
    businessPhones: [],
  };
  const countryHint = usageLocation ?? countryCodeFromText(u.country);
  if (phones) phones.parseInto(p, u.businessPhones, countryHint);
  else p.businessPhones = parseBusinessPhones(u.businessPhones, countryHint);
  if (licences.teamsPhoneTurnedOff) p.teamsPhoneTurnedOff = true;
  if (licences.sharedDevice) p.sharedDevice = true;
  // Optional text fields, in this order (the stored JSON keeps it); empty or non-text values stay absent.
  let s: string | undefined;
  if ((s = str(u.mail)) !== undefined) p.mail = s;
  if ((s = str(u.givenName)) !== undefined) p.givenName = s;
  if ((s = str(u.surname)) !== undefined) p.surname = s;
  if ((s = str(u.department)) !== undefined) p.department = s;
  if ((s = str(u.jobTitle)) !== undefined) p.jobTitle = s;
  if ((s = str(usageLocation)) !== undefined) p.usageLocation = s;
  if ((s = str(u.officeLocation)) !== undefined) p.officeLocation = s;
  if ((s = str(u.city)) !== undefined) p.city = s;
  if ((s = str(u.country)) !== undefined) p.country = s;
  if (typeof u.onPremisesSyncEnabled === 'boolean') p.onPremisesSyncEnabled = u.onPremisesSyncEnabled;
  if ((s = str(u.onPremisesSamAccountName)) !== undefined) p.onPremisesSamAccountName = s;
  return p;
}

/** Back to the wire shape, for merging a delta item that carries only the changed properties. */
function personToGraph(p: Person): GraphUser {
  return {
    id: p.id,
    userPrincipalName: p.userPrincipalName,
    displayName: p.displayName,
    givenName: p.givenName,
    surname: p.surname,
    mail: p.mail,
    department: p.department,
    jobTitle: p.jobTitle,
    accountEnabled: p.accountEnabled,
    usageLocation: p.usageLocation,
    officeLocation: p.officeLocation,
    city: p.city,
    country: p.country,
    businessPhones: p.businessPhones.map((b) => b.raw),
    onPremisesSyncEnabled: p.onPremisesSyncEnabled,
    onPremisesSamAccountName: p.onPremisesSamAccountName,
  };
}

/**
 * Applies one delta item (changed properties only, or a full object) to the person it names. Its
 * licences change only when the item carries them in a form that can be read (`assignedLicenses` needs
 * the tenant's SKUs).
 */
export function mergeDeltaUser(existing: Person | undefined, item: GraphUser, path: string, skus?: LicencesBySku): Person {
  if (!existing) return toPerson(item, path, skus);
  const merged: GraphUser = { ...personToGraph(existing) };
  for (const [k, v] of Object.entries(item)) if (k !== '@removed' && !k.startsWith('@odata')) (merged as Record<string, unknown>)[k] = v;
  const person = toPerson(merged, path, skus);
  if (!('assignedPlans' in item) && !(skus && 'assignedLicenses' in item)) {
    person.teamsPhone = existing.teamsPhone;
    person.callingPlan = existing.callingPlan;
    person.resourceAccountLicence = existing.resourceAccountLicence;
    if (existing.teamsPhoneTurnedOff) person.teamsPhoneTurnedOff = true;
    if (existing.sharedDevice) person.sharedDevice = true;
    person.kind = existing.kind;
  }
  if (existing.teamsUpgradeMode) person.teamsUpgradeMode = existing.teamsUpgradeMode;
  return person;
}

const NUMBER_TYPES: Record<string, TeamsNumberType> = {
  operatorconnect: 'operatorConnect',
  directrouting: 'directRouting',
  callingplan: 'callingPlan',
};
const STATUSES = new Set<NumberAssignmentStatus>([
  'unassigned',
  'userAssigned',
  'conferenceAssigned',
  'voiceApplicationAssigned',
  'thirdPartyAppAssigned',
  'policyAssigned',
]);

const NUMBER_TEXT_FIELDS = ['assignmentTargetId', 'activationState', 'operatorId', 'city', 'locationId', 'civicAddressId'] as const;

export function toTenantNumber(n: GraphNumberAssignment, path: string): TenantNumber {
  const telephoneNumber = str(n.telephoneNumber);
  if (!telephoneNumber) throw new GraphRequestError('invalid-record', `${path}.telephoneNumber is missing`);
  const e164 = telephoneNumber.startsWith('+') ? telephoneNumber : `+${telephoneNumber.replace(/^tel:/i, '')}`;
  const status = str(n.assignmentStatus) as NumberAssignmentStatus | undefined;
  const out: TenantNumber = {
    telephoneNumber: e164,
    numberType: NUMBER_TYPES[(n.numberType ?? '').toLowerCase()] ?? 'unknown',
    assignmentStatus: status && STATUSES.has(status) ? status : status ? 'unknown' : 'unassigned',
    numberSource: (n.numberSource ?? '').toLowerCase() === 'onpremises' ? 'onPremises' : 'online',
  };
  const category = str(n.assignmentCategory);
  if (category === 'primary' || category === 'private' || category === 'alternate') out.assignmentCategory = category;
  for (const k of NUMBER_TEXT_FIELDS) {
    const s = str(n[k]);
    if (s !== undefined) out[k] = s;
  }
  const iso = str(n.isoCountryCode);
  if (iso) out.isoCountryCode = iso.toUpperCase();
  return out;
}

export function toAddress(a: GraphPhysicalAddress | null | undefined): PostalAddress | undefined {
  if (!a) return undefined;
  const out: PostalAddress = {};
  if (str(a.street)) out.street = a.street!;
  if (str(a.city)) out.city = a.city!;
  if (str(a.state)) out.state = a.state!;
  if (str(a.postalCode)) out.postalCode = a.postalCode!;
  const cc = countryCodeFromText(a.countryOrRegion);
  if (cc) out.countryCode = cc;
  return Object.keys(out).length ? out : undefined;
}

export function toPlaces(read: { rooms: GraphPlace[]; roomLists: GraphPlace[]; buildings: GraphPlace[] }): PlaceForSites[] {
  const out: PlaceForSites[] = [];
  const add = (kind: PlaceForSites['kind'], list: GraphPlace[]) => {
    for (const p of list) {
      const id = str(p?.id);
      if (!id) continue;
      const place: PlaceForSites = { kind, id, displayName: str(p.displayName) ?? id };
      const address = toAddress(p.address);
      if (address) place.address = address;
      if (str(p.building)) place.building = p.building!;
      out.push(place);
    }
  };
  add('building', read.buildings);
  add('roomList', read.roomLists);
  add('room', read.rooms);
  return out;
}
