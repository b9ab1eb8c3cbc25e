/**
 * Writes the demo tenant's legacy PBX as the two canonical import files (lines and DID blocks), so the
 * demo goes through the same import an admin's real export does. Same seed, same bytes.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DemoDidBlock, DemoHuntGroup, DemoTenant } from './demo-tenant-generator';

export const DEMO_LINES_FILE = 'pbx-lines.csv';
export const DEMO_BLOCKS_FILE = 'pbx-blocks.csv';

const LINE_COLUMNS = [
  'extension',
  'did',
  'owner_upn',
  'owner_name',
  'site',
  'country',
  'device_type',
  'device_name',
  'hunt_groups',
  'hunt_method',
  'line_selection_order',
  'rna_reversion_timeout',
  'forward_hunt_no_answer',
  'maximum_hunt_timer',
  'max_callers_in_queue',
  'queue_full_destination',
  'forward_all_destination',
  'forward_no_answer_destination',
  'no_answer_ring_duration',
  'pickup_group',
  'delegate_of',
  'call_centre_agent',
  'voicemail',
  'notes',
  'outbound_caller_id',
];
const BLOCK_COLUMNS = ['first', 'last', 'count', 'carrier', 'trunk', 'account', 'btn', 'site', 'country', 'port_constraint', 'current_destination'];

/** RFC 4180 quoting; values are written as they are (the importer treats every cell as data). */
function csvCell(value: string | number | undefined): string {
  const text = value === undefined ? '' : String(value);
  return /[",\r\n;|\t]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvLine(values: Array<string | number | undefined>): string {
  return `${values.map(csvCell).join(',')}\n`;
}

function portConstraint(b: DemoDidBlock): string {
  return b.portConstraint === 'full-port-only' ? 'whole-block' : 'partial-allowed';
}

/**
 * How each kind of demo group hunts, in Cisco UCM's words (a line group's distribution algorithm): the
 * reception rings everyone, a department's desk hunts top down, a contact centre offers the agent idle longest.
 */
const HUNTING: Record<DemoHuntGroup['kind'], string> = { reception: 'Broadcast', hunt: 'Top Down', 'call-centre': 'Longest Idle Time' };
/** How long each kind rings a member before the hunt moves on (CUCM's RNA reversion timeout, seconds; its default is 10). */
const RING_SECONDS: Record<DemoHuntGroup['kind'], number> = { reception: 20, hunt: 10, 'call-centre': 20 };
/** How long a contact centre hunts before its calls go to its voicemail (CUCM's maximum hunt timer); the others hunt each member once. */
const MAX_HUNT_SECONDS: Partial<Record<DemoHuntGroup['kind'], number>> = { 'call-centre': 120 };
/** How many callers a contact centre lets wait (CUCM's maximum number of callers allowed in queue); the others do not queue. */
const QUEUE_LIMIT: Partial<Record<DemoHuntGroup['kind'], number>> = { 'call-centre': 25 };

export function demoPbxExport(tenant: DemoTenant): { linesCsv: string; blocksCsv: string } {
  const sites = new Map(tenant.sites.map((s) => [s.id, s]));
  const huntNames = new Map(tenant.pbx.huntGroups.map((h) => [h.id, h.name]));
  const huntKinds = new Map(tenant.pbx.huntGroups.map((h) => [h.id, h.kind]));
  const names = new Map(tenant.users.map((u) => [u.userPrincipalName ?? '', u.displayName ?? '']));
  const extensionOf = new Map<string, string>();
  for (const l of tenant.pbx.lines) if (l.ownerUpn && !extensionOf.has(l.ownerUpn)) extensionOf.set(l.ownerUpn, l.extension);

  // Each member line's place in each of its groups (CUCM's line selection order): the order lines were added.
  const membersSoFar = new Map<string, number>();
  const placeIn = (groupId: string) => {
    const place = (membersSoFar.get(groupId) ?? 0) + 1;
    membersSoFar.set(groupId, place);
    return place;
  };

  // Where each group sends a call nobody answered (a hunt pilot's Forward Hunt No Answer): a contact centre
  // to voicemail; every other department desk at a site whose main number a PBX auto attendant answers to
  // that attendant's extension (the operator), the rest to their first member's line (the team lead's);
  // reception is not set.
  const noAnswerOf = new Map<string, string>();
  const attendantAt = new Map<string, string>();
  for (const h of tenant.pbx.huntGroups) if (h.autoAttendantLine && h.pilotDid) attendantAt.set(h.siteId, h.extension);
  let desks = 0;
  for (const h of tenant.pbx.huntGroups) {
    if (h.kind === 'call-centre') noAnswerOf.set(h.id, 'Voicemail');
    else if (h.kind === 'hunt' && h.pilotLine && attendantAt.has(h.siteId) && desks++ % 2 === 0) noAnswerOf.set(h.id, attendantAt.get(h.siteId)!);
  }
  for (const l of tenant.pbx.lines) {
    for (const id of l.huntGroups) if (huntKinds.get(id) === 'hunt' && !noAnswerOf.has(id)) noAnswerOf.set(id, l.extension);
  }
  // Where a contact centre sends a new call while its queue is full (CUCM's destination when queue is full):
  // the site's auto attendant (the operator) where there is one, else the caller hears busy.
  const queueFullOf = new Map<string, string>();
  for (const h of tenant.pbx.huntGroups) if (h.kind === 'call-centre') queueFullOf.set(h.id, attendantAt.get(h.siteId) ?? 'Busy');
  const firstGroupSays = <T>(l: { huntGroups: string[] }, of: (id: string) => T | undefined): T | undefined => (l.huntGroups.length ? of(l.huntGroups[0]) : undefined);

  // People's own forwarding (CUCM's Forward All and Forward No Answer with No Answer Ring Duration): a boss's
  // unanswered calls go to their first delegate after 15 s; every 20th other person sends theirs to
  // voicemail after 30 s; every 60th forwards all calls to their site's operator (its auto attendant).
  const delegateOf = new Map<string, string>();
  for (const l of tenant.pbx.lines) if (l.bossUpn && !delegateOf.has(l.bossUpn)) delegateOf.set(l.bossUpn, l.extension);
  let people = 0;
  const forwardingOf = (l: (typeof tenant.pbx.lines)[number]): [string | undefined, string | undefined, number | undefined] => {
    if (l.ownerUpn === undefined) return [undefined, undefined, undefined];
    const delegate = delegateOf.get(l.ownerUpn);
    if (delegate) return [undefined, delegate, 15];
    const n = people++;
    if (n % 60 === 59 && attendantAt.has(l.siteId)) return [attendantAt.get(l.siteId), undefined, undefined];
    return n % 20 === 19 ? [undefined, 'Voicemail', 30] : [undefined, undefined, undefined];
  };

  // What people's calls show (3CX's OutboundCallerID, FreePBX's outboundcid): a contact centre's agents and a
  // reception's members show their group's number (the centre's queue, the site's main number); every 150th
  // other person withholds theirs.
  const groupNumber = new Map(tenant.pbx.huntGroups.filter((h) => h.pilotDid && (h.kind === 'call-centre' || h.kind === 'reception')).map((h) => [h.id, h.pilotDid!]));
  let shown = 0;
  const callerIdOf = (l: (typeof tenant.pbx.lines)[number]): string | undefined => {
    if (l.ownerUpn === undefined) return undefined;
    const group = l.huntGroups.map((id) => groupNumber.get(id)).find((n) => n !== undefined);
    if (group) return group;
    return shown++ % 150 === 149 ? 'Anonymous' : undefined;
  };

  // Bosses' private lines: a second line of their own with a number nobody else has, the highest free one of
  // their own number's block (not its BTN), as an executive's unlisted number is set up on a PBX.
  const privateLines = demoPrivateLines(tenant);

  let linesCsv = csvLine(LINE_COLUMNS);
  for (const l of tenant.pbx.lines) {
    const site = sites.get(l.siteId);
    const person = l.ownerUpn !== undefined;
    linesCsv += csvLine([
      l.extension,
      l.did,
      l.ownerUpn,
      person ? names.get(l.ownerUpn!) : undefined,
      site?.name ?? l.siteId,
      site?.countryCode,
      l.deviceType,
      l.lineId,
      l.huntGroups.map((id) => huntNames.get(id) ?? id).join(';'),
      // The row's groups hunt one way (the first group's): a line in groups of two kinds is rare.
      l.huntGroups.length ? HUNTING[huntKinds.get(l.huntGroups[0]) ?? 'hunt'] : undefined,
      l.huntGroups.map(placeIn).join(';') || undefined,
      l.huntGroups.length ? RING_SECONDS[huntKinds.get(l.huntGroups[0]) ?? 'hunt'] : undefined,
      firstGroupSays(l, (id) => noAnswerOf.get(id)),
      firstGroupSays(l, (id) => MAX_HUNT_SECONDS[huntKinds.get(id) ?? 'hunt']),
      firstGroupSays(l, (id) => QUEUE_LIMIT[huntKinds.get(id) ?? 'hunt']),
      firstGroupSays(l, (id) => queueFullOf.get(id)),
      ...forwardingOf(l),
      l.pickupGroup,
      l.bossUpn ? extensionOf.get(l.bossUpn) : undefined,
      l.callCentre ?? 'no',
      person ? 'yes' : 'no',
      person ? undefined : l.label,
      callerIdOf(l),
    ]);
  }

  for (const p of privateLines) {
    const site = sites.get(p.siteId);
    linesCsv += csvLine([p.extension, p.did, p.ownerUpn, names.get(p.ownerUpn), site?.name ?? p.siteId, site?.countryCode, 'ip-phone', p.deviceName, ...Array<undefined>(13).fill(undefined), 'no', 'yes', 'private line', undefined]);
  }

  // Hunt group pilots: the group's number on a line nobody owns, as a CUCM hunt pilot or a Skype for
  // Business response group's LineUri is exported; the planner moves it with the group's last members.
  for (const h of tenant.pbx.huntGroups) {
    if (!h.pilotLine || !h.pilotDid) continue;
    const site = sites.get(h.siteId);
    linesCsv += csvLine([h.extension, h.pilotDid, undefined, undefined, site?.name ?? h.siteId, site?.countryCode, 'other', `HP-${h.id}`, h.name, HUNTING[h.kind], undefined, RING_SECONDS[h.kind], noAnswerOf.get(h.id), MAX_HUNT_SECONDS[h.kind], QUEUE_LIMIT[h.kind], queueFullOf.get(h.id), undefined, undefined, undefined, undefined, undefined, 'no', 'no', 'hunt pilot', undefined]);
  }

  // Main numbers: the auto attendant that answers a site's main number, as a Unity Connection call
  // handler or an Avaya VDN is exported; the planner moves it with the site's last people.
  for (const h of tenant.pbx.huntGroups) {
    if (!h.autoAttendantLine || !h.pilotDid) continue;
    const site = sites.get(h.siteId);
    linesCsv += csvLine([h.extension, h.pilotDid, undefined, undefined, site?.name ?? h.siteId, site?.countryCode, 'auto attendant', `AA-${h.id}`, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, 'no', 'no', 'auto attendant', undefined]);
  }

  let blocksCsv = csvLine(BLOCK_COLUMNS);
  for (const b of tenant.pbx.didBlocks) {
    const site = sites.get(b.siteId);
    blocksCsv += csvLine([
      b.firstNumber,
      b.lastNumber,
      b.size,
      b.carrier,
      b.trunk,
      // One carrier account per BTN: the BTN ties the blocks of an account together.
      `ACC-${b.btn.replace(/\D/g, '')}`,
      b.btn,
      site?.name ?? b.siteId,
      site?.countryCode,
      portConstraint(b),
      `PBX ${site?.name ?? b.siteId}`,
    ]);
  }
  return { linesCsv, blocksCsv };
}

export interface DemoPrivateLine {
  siteId: string;
  extension: string;
  did: string;
  ownerUpn: string;
  deviceName: string;
}

/** Each boss's private line (see demoPbxExport), where their block has a number and extension to spare. */
export function demoPrivateLines(tenant: DemoTenant): DemoPrivateLine[] {
  const bosses = new Set(tenant.pbx.lines.flatMap((l) => (l.bossUpn ? [l.bossUpn] : [])));
  const usedNumbers = new Set<string>();
  const usedExtensions = new Set<string>();
  for (const l of tenant.pbx.lines) {
    if (l.did) usedNumbers.add(l.did);
    usedExtensions.add(`${l.siteId}/${l.extension}`);
  }
  for (const h of tenant.pbx.huntGroups) {
    if (h.pilotDid) usedNumbers.add(h.pilotDid);
    usedExtensions.add(`${h.siteId}/${h.extension}`);
  }
  const out: DemoPrivateLine[] = [];
  for (const l of tenant.pbx.lines) {
    if (!l.ownerUpn || !l.did || !bosses.has(l.ownerUpn)) continue;
    const block = tenant.pbx.didBlocks.find((b) => b.siteId === l.siteId && b.firstNumber.length === l.did!.length && b.firstNumber <= l.did! && l.did! <= b.lastNumber);
    if (!block) continue;
    const width = block.lastNumber.length - 1;
    for (let n = BigInt(block.lastNumber.slice(1)), first = BigInt(block.firstNumber.slice(1)); n >= first; n--) {
      const did = `+${n.toString().padStart(width, '0')}`;
      const extension = did.slice(-l.extension.length);
      if (did === block.btn || usedNumbers.has(did) || usedExtensions.has(`${l.siteId}/${extension}`)) continue;
      usedNumbers.add(did);
      usedExtensions.add(`${l.siteId}/${extension}`);
      out.push({ siteId: l.siteId, extension, did, ownerUpn: l.ownerUpn, deviceName: `${l.lineId}-private` });
      break;
    }
  }
  return out;
}

/** Writes pbx-lines.csv and pbx-blocks.csv into dir; returns their paths. */
export function writeDemoPbxExport(tenant: DemoTenant, dir: string): { lines: string; blocks: string } {
  fs.mkdirSync(dir, { recursive: true });
  const { linesCsv, blocksCsv } = demoPbxExport(tenant);
  const lines = path.join(dir, DEMO_LINES_FILE);
  const blocks = path.join(dir, DEMO_BLOCKS_FILE);
  fs.writeFileSync(lines, linesCsv);
  fs.writeFileSync(blocks, blocksCsv);
  return { lines, blocks };
}
