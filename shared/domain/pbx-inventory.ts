/**
 * What the legacy PBX and the carrier hold today: lines (extensions, DIDs, devices), DID blocks and
 * the groups of lines that must move together. Produced by the PBX import, read by planning.
 */
import type { HuntMethod, NoAnswerDestination, QueueLimit } from './hunt-methods';
import type { OutboundCallerId } from './caller-id';
import type { LineForwarding } from './line-forwarding';

export const DEVICE_TYPES = [
  'ip-phone',
  'softphone',
  'analog',
  'fax',
  'common-area',
  'elevator',
  'door',
  'paging',
  'modem',
  // A number the PBX answers with a menu (call handler, VDN, IVR, digital receptionist): a site's main number.
  'auto-attendant',
  'other',
] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

/** Lines that are not a person: never matched to a user; they stay on an ATA/SBC or the PBX. */
export const NON_PERSON_DEVICE_TYPES: ReadonlySet<DeviceType> = new Set<DeviceType>([
  'analog',
  'fax',
  'common-area',
  'elevator',
  'door',
  'paging',
  'modem',
]);

/** Where an imported value came from, so every message can point at the cell. */
export interface SourceLocation {
  file: string;
  /** 1-based row in the file as a spreadsheet shows it (the header is row 1). */
  row: number;
}

export type LineMatchRule = 'upn' | 'mail' | 'business-phone' | 'name-in-site';

/**
 * One device a line appears on. A directory number shared by several devices (a desk phone and a Jabber
 * client, or a boss's line on an assistant's phone) is ONE line with several devices.
 */
export interface PbxDevice {
  /** The device as the PBX names it (CUCM SEP..., CSF..., an Avaya port). */
  name: string;
  deviceType: DeviceType;
  /** The device model or type as the export writes it. */
  model?: string;
  /** 1-based position of the line on the device (CUCM "DIRECTORY NUMBER n"); absent when the export has no line index. */
  lineIndex?: number;
  /** The device's owner, when the export names one. */
  ownerUpn?: string;
  ownerName?: string;
  /** Site (device pool) as written. */
  siteName?: string;
  /** The row of the export the appearance came from. */
  row: number;
}

export interface LineMatch {
  status: 'matched' | 'unmatched' | 'ambiguous' | 'non-person';
  /** The Entra object id of the matched person. */
  personId?: string;
  rule?: LineMatchRule;
  /** 0..1: how sure the rule is. */
  confidence?: number;
  /** For ambiguous matches: the candidate person ids. */
  candidateIds?: string[];
  /** A sentence for the admin: why this line matched, or why not. */
  explanation: string;
}

export interface PbxLine {
  /** Stable id: `<site id>/<extension>` or, without extension, `<site id>/<did>`. */
  id: string;
  /** Extension digits as the PBX shows them (leading zeros and length kept). */
  extension?: string;
  /** E.164 when the DID parsed. */
  did?: string;
  /** The DID as written in the file. */
  didRaw?: string;
  ownerUpn?: string;
  ownerName?: string;
  /** Site name as written in the file. */
  siteName?: string;
  /** Site id (slug) used across the planner. */
  siteId?: string;
  deviceType: DeviceType;
  /** The device as the PBX names it (CUCM SEP..., Avaya port): tells the appearances of a shared line apart. */
  deviceName?: string;
  huntGroups: string[];
  pickupGroup?: string;
  /** Extension of the boss this line is a delegate (admin) of. */
  delegateOf?: string;
  callCentreAgent: boolean;
  /** The call-centre team (queue) when the export names one; agents without one are grouped by hunt group or site. */
  callCentreTeam?: string;
  voicemail: boolean;
  notes?: string;
  /** The block that holds the DID, when any. */
  blockId?: string;
  source: SourceLocation;
  match: LineMatch;
  /**
   * Owner id in sAMAccountName style ("jdoe", CUCM OWNER USER ID, SfB SamAccountName) when the export gives
   * one besides the UPN/mail: matched against the people's onPremisesSamAccountName and UPN prefixes.
   */
  ownerId?: string;
  /** Every device the line appears on, when it appears on more than one (a shared line or a line on a second phone). */
  devices?: PbxDevice[];
  /** 1-based position of the line on its device (CUCM DIRECTORY NUMBER n), when the export tells. */
  lineIndex?: number;
  /** Route partition (CUCM) or other namespace the extension lives in. */
  partition?: string;
  /**
   * E.164 main number the extension rings through, for a line without a DID of its own ("(206) 555-2000
   * x2010", a CUCM mask without X shared by several lines, a SfB LineURI ;ext= on a shared number).
   */
  mainNumber?: string;
  /** How the DID was derived when the export gave none (e.g. "extension 0xxx in block +44 20 7946 0xxx"). */
  didRule?: string;
  /** A spare or unnamed station: no owner, but its extension and number must still be ported or released. */
  unassigned?: boolean;
  /** The device model as written when it was not recognised (imported as `other`). */
  deviceModel?: string;
  /** How the line's hunt or call-centre groups offer a call, when the export says (hunt-methods.ts). */
  huntMethod?: HuntMethod;
  /**
   * The line's place in its groups' hunt (CUCM line selection order, Avaya group member number), when
   * the export says: one position for every group of the line, or one per group of `huntGroups`.
   */
  huntOrder?: number[];
  /** How long the line's groups ring a member before the hunt moves on, in seconds, when the export says. */
  huntRingSeconds?: number;
  /** Where the line's groups send a call nobody answered, when the export says. */
  huntNoAnswer?: NoAnswerDestination;
  /** How long the line's groups hunt before sending the call there, in seconds, when the export says. */
  huntMaxSeconds?: number;
  /** How many callers the line's groups let wait before their queue is full, when the export says. */
  huntQueueLimit?: QueueLimit;
  /** Where the line's groups send a new call while their queue is full, when the export says. */
  huntQueueFull?: NoAnswerDestination;
  /** The owner's own call forwarding, when the export says (line-forwarding.ts). */
  forwarding?: LineForwarding;
  /** What the line's outbound calls showed, when the export says it was not the line's own number (caller-id.ts). */
  callerId?: OutboundCallerId;
}

export type PortConstraint = 'whole-block' | 'partial-allowed';

/** A consecutive range of DIDs held from one carrier account. */
export interface NumberBlock {
  /** Stable id: `<first E.164>-<last E.164>`. */
  id: string;
  /** E.164 of the first and last number (inclusive). */
  first: string;
  last: string;
  count: number;
  carrier: string;
  trunk?: string;
  /** Carrier account number. */
  accountNumber?: string;
  /** Billing telephone number of the account, E.164, when it lies in this block or is known. */
  btn?: string;
  /** True when the BTN is one of this block's numbers: a partial port of this block must leave it for last. */
  btnInBlock?: boolean;
  /**
   * The block row declares a partial port of its carrier account (Port Type = partial): the account's
   * BTN stays with the carrier, so it may lie outside every block of the inventory.
   */
  partialPort?: boolean;
  /**
   * The customer placed a freeze on the block's carrier account (a local service freeze, port-out
   * protection): the carrier rejects port requests until the customer has it lifted, which takes up to
   * three weeks. A freeze on one block of an account holds the whole account.
   */
  portFreeze?: boolean;
  siteName?: string;
  siteId?: string;
  portConstraint: PortConstraint;
  /** Where the numbers ring today (PBX name). */
  currentDestination?: string;
  source: SourceLocation;
  /**
   * How the PBX's extensions map onto the block, as written ("0xxx", "2000-2099", or the block written
   * as "+44 20 7946 0xxx"): lines without a DID get theirs through it.
   */
  extensions?: string;
}

export type MigrationGroupKind = 'hunt-group' | 'pickup-group' | 'boss-delegate' | 'shared-line' | 'call-centre';

/** Lines (and the people behind them) that must cut over in the same wave. */
export interface MigrationGroup {
  /** Stable id: `<kind>:<name>`. */
  id: string;
  kind: MigrationGroupKind;
  name: string;
  lineIds: string[];
  personIds: string[];
  /** Hunt and call-centre groups: how the group offers a call, as the first of its lines that says tells. */
  huntMethod?: HuntMethod;
  /**
   * Hunt and call-centre groups whose lines gave their place in the hunt: the line ids in hunting order
   * (lines that gave none follow, by id). A Serial call queue offers calls to its agents in this order.
   */
  huntOrder?: string[];
  /** Hunt and call-centre groups: how long the group rang each member, as the first of its lines that says tells. */
  huntRingSeconds?: number;
  /** Hunt and call-centre groups: where a call nobody answered goes, and after how long, the same way. */
  huntNoAnswer?: NoAnswerDestination;
  huntMaxSeconds?: number;
  /** Hunt and call-centre groups: how many callers may wait, and where a call goes while that many do, the same way. */
  huntQueueLimit?: QueueLimit;
  huntQueueFull?: NoAnswerDestination;
}

/** What a hunt or call-centre group's export said about how it hunted (its call queue's set-up). */
export type GroupHuntingRecord = Pick<MigrationGroup, GroupHuntingField>;

/** The fields of a group's hunting record, in the order they are stored. */
export const GROUP_HUNTING_FIELDS = ['huntMethod', 'huntOrder', 'huntRingSeconds', 'huntNoAnswer', 'huntMaxSeconds', 'huntQueueLimit', 'huntQueueFull'] as const;
export type GroupHuntingField = (typeof GROUP_HUNTING_FIELDS)[number];

export interface ImportIssue {
  severity: 'error' | 'warning';
  file: string;
  /** 1-based spreadsheet row; 0 for a problem with the whole file (e.g. its header). */
  row: number;
  column?: string;
  reason: string;
}

export interface PbxInventory {
  importedAt: string;
  lines: PbxLine[];
  blocks: NumberBlock[];
  groups: MigrationGroup[];
  /** Warnings that did not block the import (errors reject the whole import instead). */
  warnings: ImportIssue[];
}
