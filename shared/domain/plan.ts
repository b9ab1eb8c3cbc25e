/**
 * The rollout plan as data: waves and their members, number-block splits with port and upload orders,
 * coexistence routing per wave, dial plans, the blocked list and every constraint that could not be met.
 * Serialised deterministically (see serializePlan): the same inputs give byte-identical output.
 */
import type { OutboundCallerId } from './caller-id';
import type { LineForwarding } from './line-forwarding';
import type { PstnPath } from './planning-settings';
import type { TeamsNumberType } from './tenant-snapshot';
import type { ConstraintCode } from './planning/constraint-catalogue';

export interface WaveMember {
  personId: string;
  userPrincipalName: string;
  displayName: string;
  siteId?: string;
  department?: string;
  /** The PBX line this person moves off, when there is one. */
  lineId?: string;
  extension?: string;
  /** Current DID (E.164) on the PBX, when any. */
  currentDid?: string;
  /** The number to assign in Teams (E.164), when known. */
  numberToAssign?: string;
  /**
   * The number of a second PBX line of theirs, assigned in Teams as their private line (incoming calls
   * only; -AssignmentCategory Private), of the same number type, moving with them.
   */
  privateNumber?: string;
  path: PstnPath;
  numberType?: TeamsNumberType;
  operatorId?: string;
  sbcId?: string;
  voiceRoutingPolicy?: string;
  dialPlan?: string;
  emergencyLocation?: string;
  /** Migration groups (ids) this member belongs to. */
  groupIds: string[];
  /**
   * A resource account (of an auto attendant or call queue) already in the tenant, not a person: it
   * takes its number like a person, but has no dial plan, no TeamsOnly upgrade and its own licence.
   */
  resourceAccount?: true;
  /**
   * Moves by Shared Calling (the site's settings): no number of their own; calls out as the site's main
   * number, which moves in the same wave, and is reached through its auto attendant.
   */
  sharedCalling?: true;
  /** With `sharedCalling`: the site's main number they call out as, when the plan moves it (or it is in Teams already). */
  sharedNumber?: string;
  /** With `sharedNumber`: the UPN of the resource account that holds it in Teams already, when one does. */
  sharedAccount?: string;
  /** How the PBX forwarded the person's calls, when its export said: the cutover sets Teams' forwarding to match. */
  forwarding?: LineForwarding;
  /** What the person's outbound calls showed on the PBX instead of their own number: the cutover grants a caller ID policy to match where Teams can show that number, else the wave gives a step (caller-id.ts). */
  callerId?: OutboundCallerId;
  /** With a `callerId` number: the resource account that answers it in Teams already, when one does. */
  callerIdAccount?: string;
}

/**
 * A hunt group's or call-centre team's own number (its pilot, on a line no person owns), moving with the
 * group's last members to the resource account of the call queue that replaces it (group-numbers.ts).
 */
export interface GroupNumber {
  /** `<kind>:<name>`, as members carry it. */
  groupId: string;
  /** The PBX line that holds the number. */
  lineId: string;
  /** E.164. */
  number: string;
  /** The pilot's extension on the PBX, when it has one: what the PBX's other groups forward to. */
  extension?: string;
  /** The way the group's members go: the number goes the same way. */
  path: PstnPath;
  numberType?: TeamsNumberType;
  operatorId?: string;
  sbcId?: string;
  siteId?: string;
}

/**
 * A site's main number, answered on the PBX by an auto attendant: it moves with the site's last people to
 * the resource account of a Teams auto attendant (main-numbers.ts).
 */
export interface MainNumber {
  siteId: string;
  /** E.164. */
  number: string;
  /** The PBX line that holds it; absent for a number other lines only ring through with an extension. */
  lineId?: string;
  /** The auto attendant's own extension on the PBX, when it has one. */
  extension?: string;
  /** Lines the PBX reaches through it by extension (dial by extension in Teams); absent when none. */
  linesRingingThrough?: number;
  /** The way the site's people go: the number goes the same way. */
  path: PstnPath;
  numberType?: TeamsNumberType;
  operatorId?: string;
  sbcId?: string;
}

/**
 * A site's common-area phone on the PBX (a lobby, kitchen or warehouse phone nobody owns): it becomes a
 * Teams common area phone - an account licensed with Microsoft Teams Shared Devices, keeping the line's
 * number - with the site's last people (common-area-phones.ts).
 */
export interface CommonAreaPhone {
  siteId: string;
  /** The PBX line it replaces. */
  lineId: string;
  /** What the site calls it (the line's display name or label). */
  name: string;
  /**
   * The account's display name, which Teams shows on the phone and to whom it calls: `name`, after its
   * site's name where `name` does not say it ("Stockholm Kitchen phone 1").
   */
  displayName: string;
  /**
   * The UPN of the phone's account the cutover runbook makes: `cap-<display name>` in the domain of the
   * site's people, unique across the plan; absent when no person of the wave has a plain UPN to take it from.
   */
  account?: string;
  /** E.164; absent for an extension-only phone (it calls inside the tenant only). */
  number?: string;
  extension?: string;
  /** The way the site's people go, with their routing policy, dial plan and emergency location: the phone goes the same way. */
  path: PstnPath;
  numberType?: TeamsNumberType;
  operatorId?: string;
  sbcId?: string;
  voiceRoutingPolicy?: string;
  dialPlan?: string;
  emergencyLocation?: string;
}

export interface Wave {
  /** 0 = pilot, then 1, 2, ... */
  number: number;
  name: string;
  /** Cutover date yyyy-mm-dd and local time hh:mm. */
  date: string;
  time: string;
  siteIds: string[];
  members: WaveMember[];
  /** Things that must be true before the wave (sentences). */
  prerequisites: string[];
  portOrderIds: string[];
  uploadOrderIds: string[];
  /** Pilot numbers of the PBX groups whose last members move in this wave; absent from older plans. */
  groupNumbers?: GroupNumber[];
  /** Main numbers of the sites whose last people move in this wave; absent when none and from older plans. */
  mainNumbers?: MainNumber[];
  /** Common-area phones of the sites whose last people move in this wave; absent when none and from older plans. */
  commonAreaPhones?: CommonAreaPhone[];
  /** Capacity figures of the wave (users, distinct sites, numbers that move). */
  counts?: { users: number; sites: number; numbers: number };
}

export interface PortOrder {
  id: string;
  waveNumber: number;
  /** The DID blocks of the carrier account whose numbers the order ports (an account often holds several). */
  blockIds: string[];
  carrier: string;
  accountNumber?: string;
  /**
   * Who gains the numbers: an Operator Connect operator (OC), or Microsoft, as Calling Plan numbers (CP).
   * Absent from plans stored before Calling Plan ports were ordered: OC.
   */
  path?: 'OC' | 'CP';
  /** The operator of an OC order ('' when the numbers' operator is unknown, and for a CP order). */
  operatorId: string;
  /** Full port: the whole account including the BTN; partial: never the BTN. */
  kind: 'partial' | 'full';
  numbers: string[];
  includesBtn: boolean;
  /** Latest date to submit the order so the port lands before the wave. */
  submitBy: string;
  /**
   * The account has a port freeze with its carrier: the latest date to ask the carrier to lift it, so
   * that it is lifted by `submitBy` (the carrier rejects a port request on a frozen account).
   */
  liftFreezeBy?: string;
}

/** Who a Calling Plan number's calls reach and a Calling Plan port order moves it to, as routes, lists and workbooks name it. */
export const CALLING_PLAN_PORT_GAINER = 'Microsoft Calling Plan';

/** Who gains a port order's numbers, named: Microsoft for a Calling Plan port, else the operator. */
export function portOrderGainer(order: Pick<PortOrder, 'path' | 'operatorId'>, operatorName: (operatorId: string) => string): string {
  return order.path === 'CP' ? CALLING_PLAN_PORT_GAINER : operatorName(order.operatorId);
}

export interface UploadOrder {
  id: string;
  waveNumber: number;
  sbcId: string;
  numbers: string[];
  /** Latest date to upload the numbers to the tenant. */
  uploadBy: string;
}

export type RouteTarget = 'teams' | 'pbx' | 'ata';

/** One SBC/carrier routing rule in force after a given wave. */
export interface RoutingRule {
  /** A number or a regex pattern of numbers. */
  pattern: string;
  kind: 'number' | 'range';
  target: RouteTarget;
  /** OC: the operator carries the number straight to Teams, no SBC. */
  via: 'operator' | 'sbc' | 'carrier';
  blockId?: string;
  sbcId?: string;
  operatorId?: string;
  description: string;
}

export interface WaveRouting {
  /** The routing after this wave has cut over (-1 = today, before any wave). */
  afterWave: number;
  effectiveFrom: string;
  /**
   * Blocks whose rules changed with this wave. sbcRules holds the complete rule set of each of these
   * blocks (first match wins, in order); blocks not listed keep the rules of the previous entry.
   * The first entry (afterWave -1) lists every block.
   */
  changedBlockIds?: string[];
  sbcRules: RoutingRule[];
  /** Teams voice routes to PBX extensions/ranges through the SBC. */
  teamsToPbxRoutes: { name: string; numberPattern: string; sbcId: string }[];
  /** PBX route patterns for extensions that moved to Teams. */
  pbxToTeamsRoutes: { siteId: string; extensionPattern: string; description: string }[];
}

export interface NormalizationRule {
  name: string;
  pattern: string;
  translation: string;
  isInternalExtension: boolean;
  description: string;
}

export interface DialPlan {
  name: string;
  siteId: string;
  rules: NormalizationRule[];
}

export interface ExtensionCollision {
  extensionRange: string;
  siteIds: string[];
  proposal: string;
}

export interface BlockedMember {
  personId: string;
  userPrincipalName: string;
  siteId?: string;
  gates: { code: string; message: string; fix: string }[];
}

/** A constraint that could not be met, and for whom: never a silent gap in the plan. */
export interface UnmetConstraint {
  /** One of the catalogue's codes (constraint-catalogue.ts), which gives its label and fix. */
  code: ConstraintCode;
  message: string;
  /** The wave concerned, when there is one. */
  waveNumber?: number;
  siteIds?: string[];
  personIds?: string[];
  blockIds?: string[];
}

export interface BlockSplit {
  blockId: string;
  /** The block's range, carrier and site, so routing questions can be answered from the plan alone. */
  first?: string;
  last?: string;
  carrier?: string;
  siteId?: string;
  /** Per wave number: the numbers of this block that move in that wave. */
  moves: { waveNumber: number; numbers: string[] }[];
  /** Numbers that stay on the PBX (not planned to move). */
  staying: string[];
  /** A choice the admin must make (e.g. whole-block carrier but members in several waves). */
  flag?: string;
  /** Numbers of the block that no PBX line uses (spares): they move with the final full port only. */
  spareCount?: number;
}

export interface Plan {
  tenantId: string;
  /** Inputs that determine the plan, so a reader can reproduce it. */
  inputs: { today: string; settingsVersion: number; snapshotTakenAt: string; inventoryImportedAt?: string };
  waves: Wave[];
  blockSplits: BlockSplit[];
  portOrders: PortOrder[];
  uploadOrders: UploadOrder[];
  routing: WaveRouting[];
  dialPlans: DialPlan[];
  extensionCollisions: ExtensionCollision[];
  blocked: BlockedMember[];
  /** People whose effective path is PBX (staying for now), with the date they stay until when set. */
  stayingOnPbx: { personId: string; siteId?: string; until?: string; reason?: string }[];
  unmet: UnmetConstraint[];
  assumptions: string[];
}
