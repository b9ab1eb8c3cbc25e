/**
 * A site's common-area phones: the PBX lines of a lobby, a kitchen, a warehouse or a lift lobby that
 * nobody owns (device type `common-area`). Teams answers them with a common area phone: a Teams-certified
 * phone signed in to an account of its own, licensed with Microsoft Teams Shared Devices (which includes
 * Teams Phone), keeping the line's number.
 *
 * Like the site's main number (main-numbers.ts), each moves in the wave of its site's last people: the
 * people it calls are in Teams by then, and after it the PBX has nothing left at the site. It goes the way
 * of those people (path, operator or SBC, routing policy, dial plan, emergency location). While anybody
 * at the site stays on the PBX by decision, or nobody there moves, it stays too, with the reason; before
 * this, every common-area phone stayed on the PBX, and at the site's decommission it was listed for an
 * analogue adapter it does not need.
 */
import type { PbxLine } from '../pbx-inventory';
import type { CommonAreaPhone, Wave } from '../plan';
import { ResourceAccountNames, servedUpn } from './account-names';
import { lastWaveBySite } from './main-numbers';

export interface CommonAreaPhonesInput {
  lines: readonly PbxLine[];
  waves: readonly Wave[];
  /** Numbers that move already (a person's DID, a group's pilot, a main number): a phone sharing one keeps no number of its own. */
  taken: (number: string) => boolean;
  /** Sites some of whose people stay on the PBX by decision, or are not scheduled in any wave. */
  sitesWithPeopleLeft: ReadonlySet<string>;
  /** A site's name, for the phones' display names. */
  siteName: (siteId: string) => string | undefined;
}

export interface CommonAreaPhones {
  /** The phones that move, by wave number, in site then line order. */
  byWave: Map<number, CommonAreaPhone[]>;
  /** The numbers of the phones that stay on the PBX, with why (the plan's block split keeps them). */
  staying: { number: string; siteId: string; reason: string }[];
}

/** What a phone takes from the site's people (and gives the per-user steps): how its number goes, its policies and its emergency location. */
const ROUTE_FIELDS = ['numberType', 'operatorId', 'sbcId', 'voiceRoutingPolicy', 'dialPlan', 'emergencyLocation'] as const;
type RouteFields = Partial<Pick<CommonAreaPhone, (typeof ROUTE_FIELDS)[number]>>;

/** Copies the route fields `from` has onto `to` (absent ones stay absent, so the stored JSON holds no undefined keys). */
export function copyRoute(from: RouteFields, to: RouteFields): void {
  for (const field of ROUTE_FIELDS) {
    const value = from[field];
    if (value) (to as Record<string, unknown>)[field] = value;
  }
}

/** A line the PBX rings as a common-area phone: of that device type and nobody's. */
export function isCommonAreaLine(line: PbxLine): boolean {
  return line.deviceType === 'common-area' && line.match.status !== 'matched';
}

export function siteCommonAreaPhones({ lines, waves, taken, sitesWithPeopleLeft, siteName }: CommonAreaPhonesInput): CommonAreaPhones {
  const lastWave = lastWaveBySite(waves);
  const byWave = new Map<number, CommonAreaPhone[]>();
  const staying: CommonAreaPhones['staying'] = [];
  const seenNumbers = new Set<string>();
  for (const line of [...lines].filter(isCommonAreaLine).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    if (!line.siteId) continue;
    // Two phones on one number (a shared line appearance): the first by line id keeps it, the other rings without one.
    const number = line.did && !taken(line.did) && !seenNumbers.has(line.did) ? line.did : undefined;
    if (number) seenNumbers.add(number);
    const last = lastWave.get(line.siteId);
    if (!last || sitesWithPeopleLeft.has(line.siteId)) {
      if (number) staying.push({ number, siteId: line.siteId, reason: last ? 'common-area phone: people stay on the PBX at its site' : 'common-area phone: nobody at its site moves' });
      continue;
    }
    const { like } = last;
    const name = phoneName(line);
    const site = siteName(line.siteId);
    const displayName = site && !name.toLowerCase().includes(site.toLowerCase()) ? `${site} ${name}` : name;
    const phone: CommonAreaPhone = { siteId: line.siteId, lineId: line.id, name, displayName, path: like.path };
    if (number) phone.number = number;
    if (line.extension) phone.extension = line.extension;
    copyRoute(like, phone);
    const list = byWave.get(last.wave);
    if (list) list.push(phone);
    else byWave.set(last.wave, [phone]);
  }
  // Accounts in plan order (wave, site, line), so a name repeated across sites is numbered the same way every time.
  const accounts = new ResourceAccountNames();
  for (const wave of [...byWave.keys()].sort((a, b) => a - b)) {
    const list = byWave.get(wave)!;
    list.sort((a, b) => (a.siteId < b.siteId ? -1 : a.siteId > b.siteId ? 1 : a.lineId < b.lineId ? -1 : 1));
    const planned = waves.find((w) => w.number === wave)!;
    for (const phone of list) {
      // In the domain of the people it serves: its site's first person in the wave by UPN, else the wave's.
      const served = servedUpn(planned, phone.siteId);
      if (served) phone.account = accounts.next('cap', phone.displayName, 'phone', served);
    }
  }
  return { byWave, staying };
}

/** The name the site knows the phone by: the line's display name, its label, its device name, else its extension. */
function phoneName(line: PbxLine): string {
  const name = line.ownerName ?? line.notes ?? line.deviceName;
  return name?.trim() || `Common area phone ${line.extension ?? line.id}`;
}
