/**
 * Validates one row of a lines export on its own (what needs no other row): extension, DID (to E.164 in
 * the line's country), owner, device type, flags. Cross-row rules (duplicates, shared lines, delegate
 * loops, blocks) run later in build-inventory.ts.
 */
import type { NoAnswerDestination } from '../domain/hunt-methods';
import type { OutboundCallerId } from '../domain/caller-id';
import type { LineForwarding } from '../domain/line-forwarding';
import type { DeviceType, GroupHuntingField, LineMatch, PbxLine } from '../domain/pbx-inventory';
import type { LineField } from './column-aliases';
import { parseHuntMethod, parseNoAnswerDestination } from './hunt-method';
import { LINE_FIELDS } from './column-aliases';
import type { ResolvedColumns } from './column-mapping';
import { parseCountry, parseFlag, parsePositions, parseQueueLimit, parseSeconds, splitList } from './cell-values';
import { needsOwner, parseDeviceType } from './device-type';
import type { IssueLog } from './issue-log';
import { applyNumberMask, normaliseDid } from './phone-number';
import type { SiteResolver } from './site-resolver';
import type { TableRow } from './table-source';
import type { VendorLayout } from './vendor-layouts';
import type { BlockDraft } from './block-row-parser';
import type { ExtensionDidRules } from './extension-did-rules';
import { deviceWordKey } from './vendor-layouts';

/**
 * A line as its own row tells it, before the cross-row rules give it an id, a block and a match.
 * It is the PbxLine object itself, created with every field (undefined where the row gives none), so the
 * cross-row pass completes it in place: a 100,000-line import makes no second copy of each line, and
 * all lines share one object shape. JSON leaves undefined fields out, so what is stored is unchanged.
 */
export type LineDraft = Omit<PbxLine, 'id' | 'match'> & { id: string | undefined; match: LineMatch | undefined };

/** Column index of each line field in a row; -1 when the export has no such column. */
export type LineFieldIndexes = Readonly<Record<LineField, number>>;

/**
 * Resolved once per file, so that each row reads its cells with plain property loads (`at.did`)
 * rather than looking every field up by name in the header's sparse index, 17 times a row.
 */
export function lineFieldIndexes(columns: ResolvedColumns<LineField>): LineFieldIndexes {
  const at = {} as Record<LineField, number>;
  for (const f of LINE_FIELDS) at[f] = columns.index[f] ?? -1;
  return at;
}

export interface LineParseContext {
  file: string;
  columns: ResolvedColumns<LineField>;
  /** lineFieldIndexes(columns). */
  at: LineFieldIndexes;
  sites: SiteResolver;
  defaultCountry?: string;
  issues: IssueLog;
  /** True for a number inside one of the import's DID blocks (see normaliseDid). */
  inKnownBlock?: (e164: string) => boolean;
  /** The vendor layout of the file (device words, default device type, shared DIDs). */
  layout?: VendorLayout;
  /** CUCM: the position of the line this context reads on the device (DIRECTORY NUMBER n). */
  lineIndex?: number;
  /** Device models no rule knows, with how many lines and the first row: one warning each, not one per row. */
  unknownModels: Map<string, { count: number; row: number }>;
  /**
   * Cells of the groups' hunting columns (method, order, ring time, no-answer destination, maximum time)
   * the import cannot read, the same way: one warning per field and text, with the first row.
   */
  unreadHunting?: UnreadCells;
  /** The DID column is a CUCM external phone number mask. */
  didIsMask?: boolean;
  /** The blocks' extension mapping: lines without a DID get theirs through it (Avaya station lists). */
  deriveDid?: ExtensionDidRules;
  /** The block draft holding a number: a line without a site takes its block's site. */
  blockOf?: (e164: string) => BlockDraft | undefined;
}

/** The forwarding fields read from a destination or a ring time (the voicemail flags are yes/no). */
export type ForwardingField = 'forwardAll' | 'forwardNoAnswer' | 'forwardNoAnswerSeconds';
/** The fields whose unreadable cells are tallied, not refused (lines-file-reader.ts words the warnings). */
export type TalliedField = GroupHuntingField | ForwardingField | 'callerId';
export type UnreadCells = Map<string, { field: TalliedField; text: string; count: number; row: number }>;

/** Counts a cell the import could not read: `field` and `text` make one warning, the first row kept. */
function tallyUnread(ctx: LineParseContext, field: TalliedField, text: string, row: number): void {
  if (!ctx.unreadHunting) return;
  const key = `${field}\u0000${text}`;
  const seen = ctx.unreadHunting.get(key);
  if (seen) seen.count++;
  else ctx.unreadHunting.set(key, { field, text, count: 1, row });
}

const EXTENSION_PATTERN = /^[0-9*#]{1,15}$/;

export function lineRowIsEmpty(cells: string[]): boolean {
  return cells.every((c) => c === '');
}

export interface ParsedLineRow {
  /** Undefined when the row has errors (each one logged with its column). */
  draft?: LineDraft;
  /** The tenant snapshot knows the line's site (name matching is then restricted to it). */
  siteKnown: boolean;
  /** The row's DID as E.164 when it parsed, else as written: how the import report accounts for every DID. */
  didKey?: string;
  /**
   * Whether the DID may be a number several lines share: 0 = a DID of its own (two lines with it are a
   * duplicate); 1 = a number the export writes for a line that may be a main number (a CUCM mask without
   * X, a SfB LineURI); 2 = a number with an extension (LineURI ;ext=). Among lines with one number, the
   * line of the lowest level keeps it when it is alone there; the others ring through it as a main number.
   */
  didShareLevel: DidShareLevel;
}

export type DidShareLevel = 0 | 1 | 2;

/** Names PBX admins give stations nobody owns ("SPARE", "Vacant 12", "Not used"). */
const SPARE_NAME = /^\s*(spare|vacant|unassigned|unused|not used|available|free|empty)\b/i;

/** CUCM end-user export: "2000 in PT_Internal" is extension 2000 in partition PT_Internal. */
const IN_PARTITION = /^(\S+)\s+in\s+(.+)$/i;

/** "sip:jdoe@contoso.com" (SfB SipAddress) -> "jdoe@contoso.com"; anything else as it is, without a regex per row. */
function withoutSipScheme(text: string): string {
  return text.length > 4 && text.charCodeAt(3) === 58 /* : */ && /^sip:/i.test(text) ? text.slice(4) : text;
}

/** The device type of a cell: the layout's vendor words first, then the generic rules. */
function deviceTypeOf(ctx: LineParseContext, text: string): DeviceType | undefined {
  const vendor = ctx.layout?.deviceTypes?.[deviceWordKey(text)];
  return vendor ?? parseDeviceType(text);
}

/** The cell at a field's index, trimmed ('' when the column is absent). Module-level: no closure per row. */
function cellAt(cells: readonly string[], i: number): string {
  return i < 0 ? '' : (cells[i] ?? '').trim();
}

/** Logs an error of the row against the field's column; returns false for `ok = fail(...)`. */
function fail(ctx: LineParseContext, row: number, f: LineField, reason: string): false {
  ctx.issues.error(ctx.file, row, ctx.columns.header[f] ?? f, reason);
  return false;
}

// The per-row helpers are module functions, not closures: a closure per row is measurable at 100,000 rows.
export function parseLineRow(ctx: LineParseContext, { row, cells }: TableRow): ParsedLineRow {
  const { at } = ctx;
  let ok = true;

  let extension: string | undefined = cellAt(cells, at.extension).replace(/^\\/, '') || undefined;
  let partition = cellAt(cells, at.partition) || undefined;
  if (extension && extension.includes(' ')) {
    const inPartition = IN_PARTITION.exec(extension);
    if (inPartition) {
      extension = inPartition[1];
      partition ??= inPartition[2].trim();
    }
  }
  let didText = cellAt(cells, at.did);
  if (extension?.startsWith('+')) {
    // CUCM "+E.164 directory numbers" (\+14255550100): the number is the DID, there is no short extension.
    if (!didText) didText = extension;
    extension = undefined;
  } else if (extension !== undefined && !EXTENSION_PATTERN.test(extension)) {
    ok = fail(ctx, row, 'extension', `invalid extension "${extension}": expected up to 15 digits (* and # allowed)`);
  }

  let siteName = cellAt(cells, at.site) || undefined;
  let site = siteName ? ctx.sites.resolve(siteName) : undefined;
  let country = site?.countryCode;
  const countryText = cellAt(cells, at.country);
  if (countryText) {
    const parsed = parseCountry(countryText);
    if (!parsed) ok = fail(ctx, row, 'country', `unknown country "${countryText}": use a two-letter ISO code such as US, GB, DE`);
    else if (!country) country = parsed;
  }
  country ??= ctx.defaultCountry;

  let did: string | undefined;
  let didRaw: string | undefined;
  let mainNumber: string | undefined;
  let didShareLevel: DidShareLevel = 0;
  if (didText) {
    didRaw = didText;
    // A trailing run of X is a CUCM mask ("425555XXXX"); "x123" after a number is an extension instead.
    const isMask = /[xX]+$/.test(didText);
    const text = isMask ? applyNumberMask(didText, extension) : didText;
    if (text === undefined) {
      ok = fail(ctx, row, 'did', `"${didText}" is a number mask (each X takes a digit of the extension) but the line has no extension long enough to fill it`);
    } else {
      const result = normaliseDid(text, country, ctx.inKnownBlock);
      if (result.ok) {
        did = result.e164;
        // A CUCM mask without X is a literal number: shared by several lines it is their main number.
        if (ctx.didIsMask && !isMask) didShareLevel = 1;
        if (result.extension) {
          if (!extension) extension = result.extension;
          if (/;ext=/i.test(text)) {
            // SfB LineURI tel:+1...;ext=101: the user's own DID, unless several users share the number.
            didShareLevel = 2;
          } else {
            // "(206) 555-2000 x2010": an extension reached through the main number, not a DID of its own.
            mainNumber = did;
            did = undefined;
          }
        } else if (ctx.layout?.didMayBeShared && !ctx.didIsMask) didShareLevel = 1;
      } else ok = fail(ctx, row, 'did', `invalid number: ${result.reason}`);
    }
  }
  let didRule: string | undefined;
  if (!didText && extension && ctx.deriveDid) {
    const derived = ctx.deriveDid.derive(extension, site?.siteId);
    if (derived) {
      did = derived.e164;
      didRule = derived.rule;
    }
  }
  // No site in the row: the site of the block that holds the number (name matching is then restricted to it).
  if (!siteName && did && ctx.blockOf) {
    const block = ctx.blockOf(did);
    if (block?.siteName) {
      siteName = block.siteName;
      site = ctx.sites.resolve(siteName);
    }
  }
  if (!extension && !didText) ok = fail(ctx, row, 'extension', 'the line has neither an extension nor a DID');

  let ownerUpn = withoutSipScheme(cellAt(cells, at.ownerUpn)) || undefined;
  let ownerName = cellAt(cells, at.ownerName) || undefined;
  const ownerId = cellAt(cells, at.ownerId) || undefined;
  const owner = cellAt(cells, at.owner);
  if (owner) {
    if (owner.includes('@')) ownerUpn ??= owner;
    else ownerName ??= owner;
  }
  if (!ownerName && (at.ownerFirstName >= 0 || at.ownerLastName >= 0)) {
    const full = [cellAt(cells, at.ownerFirstName), cellAt(cells, at.ownerLastName)].filter(Boolean).join(' ');
    if (full) ownerName = full;
  }

  const typeText = cellAt(cells, at.deviceType);
  let deviceType: DeviceType = ctx.layout?.defaultDeviceType ?? 'ip-phone';
  let deviceModel: string | undefined;
  if (typeText) {
    const parsed = deviceTypeOf(ctx, typeText);
    if (parsed) deviceType = parsed;
    else {
      // An unknown model is no reason to refuse the export: the line is kept as `other` (not a
      // person's phone) and one warning per model names it, so the admin can say what it is.
      deviceType = 'other';
      deviceModel = typeText;
      const seen = ctx.unknownModels.get(typeText);
      if (seen) seen.count++;
      else ctx.unknownModels.set(typeText, { count: 1, row });
    }
  }
  // A phone without an owner is a spare or unnamed station: kept (its number still has to be ported or
  // released) and listed as unassigned, never matched to a person by name.
  const noOwner = !ownerUpn && !ownerId && (!ownerName || SPARE_NAME.test(ownerName));
  const unassigned = needsOwner(deviceType) && noOwner ? true : undefined;

  const huntGroups = splitList(cellAt(cells, at.huntGroups));
  /** A hunting or forwarding cell read by `parse`; one it cannot read is tallied for a warning and left out. */
  const hunting = <T>(field: TalliedField, parse: (text: string) => T | undefined): T | undefined => {
    const text = cellAt(cells, at[field]);
    if (!text) return undefined;
    const value = parse(text);
    if (value === undefined) tallyUnread(ctx, field, text, row);
    return value;
  };
  const huntMethod = hunting('huntMethod', parseHuntMethod);
  const huntOrder = hunting('huntOrder', (text) => {
    const positions = parsePositions(text);
    return positions && (positions.length === 1 || positions.length === huntGroups.length) ? positions : undefined;
  });
  const huntRingSeconds = hunting('huntRingSeconds', parseSeconds);
  // A destination or caller ID written as a national number is read in the line's country.
  const numberCountry = country ?? ctx.defaultCountry;
  const huntNoAnswer = hunting('huntNoAnswer', (text) => parseNoAnswerDestination(text, numberCountry));
  const huntMaxSeconds = hunting('huntMaxSeconds', parseSeconds);
  const huntQueueLimit = hunting('huntQueueLimit', parseQueueLimit);
  const huntQueueFull = hunting('huntQueueFull', (text) => parseNoAnswerDestination(text, numberCountry));
  const forwarding = lineForwarding(
    hunting('forwardAll', (text) => parseNoAnswerDestination(text, numberCountry)),
    parseFlag(cellAt(cells, at.forwardAllVoicemail)),
    hunting('forwardNoAnswer', (text) => parseNoAnswerDestination(text, numberCountry)),
    parseFlag(cellAt(cells, at.forwardNoAnswerVoicemail)),
    // FreePBX's ring timer of 0, and "Default", are the system's own ring time: no value, not an unreadable one.
    /^(?:0|default)$/i.test(cellAt(cells, at.forwardNoAnswerSeconds)) ? undefined : hunting('forwardNoAnswerSeconds', parseSeconds),
  );
  const callerId = hunting('callerId', (text) => parseOutboundCallerId(text, numberCountry));
  const agentText = cellAt(cells, at.callCentreAgent);
  const agentFlag = parseFlag(agentText);
  const voicemailText = cellAt(cells, at.voicemail);
  const delegateOf = cellAt(cells, at.delegateOf).replace(/^\\/, '') || undefined;
  if (delegateOf !== undefined && !EXTENSION_PATTERN.test(delegateOf)) {
    ok = fail(ctx, row, 'delegateOf', `invalid boss extension "${delegateOf}": expected the extension of the boss's line`);
  }
  const didKey = did ?? mainNumber ?? (didText || undefined);
  const siteKnown = site?.known ?? false;
  if (!ok) return { siteKnown, didKey, didShareLevel };

  // One literal with every field, in PbxLine's order (see LineDraft).
  const draft: LineDraft = {
    id: undefined,
    extension: extension || undefined,
    did,
    didRaw,
    ownerUpn,
    ownerName,
    siteName,
    siteId: site?.siteId,
    deviceType,
    deviceName: cellAt(cells, at.deviceName) || undefined,
    huntGroups,
    pickupGroup: cellAt(cells, at.pickupGroup) || undefined,
    delegateOf,
    callCentreAgent: agentFlag ?? agentText !== '',
    callCentreTeam: agentFlag === undefined && agentText ? agentText : undefined,
    // A mailbox or voicemail profile name says yes; FreePBX writes "novm" for an extension without one.
    voicemail: parseFlag(voicemailText) ?? (voicemailText !== '' && !/^novm$/i.test(voicemailText)),
    notes: cellAt(cells, at.notes) || undefined,
    blockId: undefined,
    source: { file: ctx.file, row },
    match: undefined,
    ownerId,
    devices: undefined,
    lineIndex: ctx.lineIndex,
    partition,
    mainNumber,
    didRule,
    unassigned,
    deviceModel,
    huntMethod,
    huntOrder,
    huntRingSeconds,
    huntNoAnswer,
    huntMaxSeconds,
    huntQueueLimit,
    huntQueueFull,
    forwarding,
    // The line's own number shown is no caller ID to keep: Teams shows the user's own number too.
    callerId: callerId?.kind === 'number' && callerId.number === did ? undefined : callerId,
  };
  return { draft, siteKnown, didKey, didShareLevel };
}

/**
 * The owner's forwarding from its cells: a destination, or voicemail where the export flags it instead
 * (CUCM writes an empty destination and VOICE MAIL = t); a ring time without a destination forwards
 * nothing. Undefined when the line does not forward.
 */
function lineForwarding(
  all: NoAnswerDestination | undefined,
  allToVoicemail: boolean | undefined,
  noAnswer: NoAnswerDestination | undefined,
  noAnswerToVoicemail: boolean | undefined,
  noAnswerSeconds: number | undefined,
): LineForwarding | undefined {
  const voicemail = { kind: 'voicemail' } as const;
  const forwarding: LineForwarding = {};
  const allTo = all ?? (allToVoicemail ? voicemail : undefined);
  if (allTo) forwarding.all = allTo;
  const noAnswerTo = noAnswer ?? (noAnswerToVoicemail ? voicemail : undefined);
  if (noAnswerTo) {
    forwarding.noAnswer = noAnswerTo;
    if (noAnswerSeconds !== undefined) forwarding.noAnswerSeconds = noAnswerSeconds;
  }
  return forwarding.all || forwarding.noAnswer ? forwarding : undefined;
}

/**
 * A line's outbound caller ID as exports write it: a number in any form the DIDs take, FreePBX's
 * `"Name" <number>`, or a withheld one ("Anonymous", "Private", "Restricted", "Withheld", "Hidden",
 * "Blocked"). Undefined for anything else (a name alone, a SIP address).
 */
export function parseOutboundCallerId(text: string, country: string | undefined): OutboundCallerId | undefined {
  const inBrackets = /<([^<>]*)>\s*$/.exec(text);
  const value = (inBrackets ? inBrackets[1] : text).trim();
  if (/^(anonymous|private|restricted|withheld|hidden|blocked|unavailable)$/i.test(value)) return { kind: 'withheld' };
  const did = normaliseDid(value, country);
  return did.ok && !did.extension ? { kind: 'number', number: did.e164 } : undefined;
}
