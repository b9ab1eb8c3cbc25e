/**
 * Derived views of the plan that several writers share (labels, lookups, the number-assignment rows,
 * the runbook list), so the workbook, the per-wave workbooks and the scripts always agree.
 */
import { CALLING_PLAN_PORT_GAINER, type Wave, type WaveMember } from '../domain/plan';
import type { PstnPath } from '../domain/planning-settings';
import type { TeamsNumberType } from '../domain/tenant-snapshot';
import { ExportInput, FILE_NAMES } from './export-input';
import { groupSetUpSummary, exportGroupSetUps } from './group-set-ups';
import { mainNumberSetUpSummary, waveMainNumberSetUps } from './main-number-set-ups';
import { SHARED_CALLING_VOICE_ROUTING_POLICY } from './shared-calling-script';

/** The -PhoneNumberType value Set-CsPhoneNumberAssignment takes for each path. */
export type PowerShellNumberType = 'DirectRouting' | 'OperatorConnect' | 'CallingPlan';

export function powerShellNumberType(path: PstnPath, numberType?: TeamsNumberType): PowerShellNumberType | undefined {
  if (numberType === 'directRouting') return 'DirectRouting';
  if (numberType === 'operatorConnect') return 'OperatorConnect';
  if (numberType === 'callingPlan') return 'CallingPlan';
  if (path === 'DR') return 'DirectRouting';
  if (path === 'OC') return 'OperatorConnect';
  if (path === 'CP') return 'CallingPlan';
  return undefined;
}

import { PATH_LABELS } from '../domain/path-labels';

export { PATH_LABELS };

export interface Lookups {
  siteName(siteId: string | undefined): string;
  operatorName(operatorId: string | undefined): string;
  sbcFqdn(sbcId: string | undefined): string;
  /** Operator name for OC, SBC FQDN for DR, "Microsoft" for CP. */
  carrierOf(member: Pick<WaveMember, 'path' | 'operatorId' | 'sbcId'>): string;
}

export function buildLookups(input: ExportInput): Lookups {
  const sites = new Map(input.sites.map((s) => [s.id, s.name]));
  const operators = new Map(input.settings.operators.map((o) => [o.id, o.name]));
  const sbcs = new Map(input.settings.sbcs.map((s) => [s.id, s.fqdn]));
  const lookups: Lookups = {
    siteName: (id) => (id ? (sites.get(id) ?? id) : ''),
    operatorName: (id) => (id ? (operators.get(id) ?? id) : ''),
    sbcFqdn: (id) => (id ? (sbcs.get(id) ?? id) : ''),
    carrierOf: (m) =>
      m.path === 'OC'
        ? lookups.operatorName(m.operatorId)
        : m.path === 'DR'
          ? lookups.sbcFqdn(m.sbcId)
          : m.path === 'CP'
            ? CALLING_PLAN_PORT_GAINER
            : '',
  };
  return lookups;
}

export const ASSIGNMENT_HEADERS = [
  'UPN',
  'Name',
  'Site',
  'Department',
  'Current extension',
  'Current DID',
  'Number to assign',
  'Private line',
  'Number type',
  'Operator or SBC',
  'Voice routing policy',
  'Dial plan',
  'Emergency location',
  'Wave',
  'Cutover date',
  'Status',
] as const;

export type AssignmentRow = [
  string, string, string, string, string, string, string, string, string, string, string, string, string,
  number | undefined, string, string,
];

/** Person ids that the plan lists as blocked, for the status column. */
export function blockedIds(input: ExportInput): Set<string> {
  return new Set(input.plan.blocked.map((b) => b.personId));
}

export function memberRow(member: WaveMember, wave: Wave, lookups: Lookups, blocked: Set<string>): AssignmentRow {
  return [
    member.userPrincipalName,
    member.displayName,
    lookups.siteName(member.siteId),
    member.department ?? '',
    member.extension ?? '',
    member.currentDid ?? '',
    member.numberToAssign ?? '',
    member.privateNumber ?? '',
    // Shared Calling: no number of their own, and the voice routing policy the runbook grants them.
    member.sharedCalling ? 'Shared Calling' : (powerShellNumberType(member.path, member.numberType) ?? PATH_LABELS[member.path]),
    lookups.carrierOf(member),
    (member.sharedCalling ? SHARED_CALLING_VOICE_ROUTING_POLICY : member.voiceRoutingPolicy) ?? '',
    member.dialPlan ?? '',
    member.emergencyLocation ?? '',
    wave.number,
    wave.date,
    blocked.has(member.personId) ? 'Blocked' : 'Planned',
  ];
}

/**
 * Every number-assignment row: wave members in wave order, then blocked people who are in no wave,
 * then people who stay on the PBX. A generator, so 100,000 rows are never held as one array.
 */
export function* assignmentRows(input: ExportInput, lookups: Lookups): Generator<AssignmentRow> {
  const blocked = blockedIds(input);
  const inWave = new Set<string>();
  for (const wave of input.plan.waves) {
    for (const member of wave.members) {
      inWave.add(member.personId);
      yield memberRow(member, wave, lookups, blocked);
    }
  }
  for (const b of input.plan.blocked) {
    if (inWave.has(b.personId)) continue;
    const p = input.person?.(b.personId);
    yield [
      b.userPrincipalName,
      p?.displayName ?? '',
      lookups.siteName(b.siteId ?? p?.siteId),
      p?.department ?? '',
      '', '', '', '', '', '', '', '', '',
      undefined,
      '',
      `Blocked: ${b.gates.map((g) => g.code).join(', ')}`,
    ];
  }
  for (const s of input.plan.stayingOnPbx) {
    const p = input.person?.(s.personId);
    yield [
      p?.userPrincipalName ?? s.personId,
      p?.displayName ?? '',
      lookups.siteName(s.siteId ?? p?.siteId),
      p?.department ?? '',
      '', '', '', '', PATH_LABELS.PBX, '', '', '', '',
      undefined,
      '',
      s.until ? `Stays on PBX until ${s.until}` : 'Stays on PBX',
    ];
  }
}

export interface RunbookEntry {
  file: string;
  kind: 'tenant-setup' | 'wave-cutover' | 'wave-rollback';
  wave?: number;
  order: number;
  description: string;
}

/** What the wave's cutover does for PBX groups and main numbers, as the end of its description. */
function setUpsPart(input: ExportInput, wave: Wave): string {
  const parts = [groupSetUpSummary(exportGroupSetUps(input, wave.number)), mainNumberSetUpSummary(waveMainNumberSetUps(input, wave.number))].filter(Boolean);
  return parts.length ? `, then ${parts.join(', and ')}` : '';
}

/** The scripts an export writes, in the order an admin runs them. */
export function runbookIndex(input: ExportInput, waves: readonly Wave[] = input.plan.waves): RunbookEntry[] {
  const entries: RunbookEntry[] = [
    {
      file: FILE_NAMES.tenantSetup,
      kind: 'tenant-setup',
      order: 1,
      description: 'Once, before the first wave: PSTN gateways, PSTN usages, voice routes, voice routing policies, dial plans.',
    },
  ];
  let order = 2;
  for (const wave of waves) {
    entries.push({
      file: FILE_NAMES.waveRunbook(wave.number),
      kind: 'wave-cutover',
      wave: wave.number,
      order: order++,
      description: `${wave.name} on ${wave.date} ${wave.time}: assign numbers, voice routing policies and dial plans to ${wave.members.length} users${setUpsPart(input, wave)}. Run with -WhatIf first.`,
    });
    entries.push({
      file: FILE_NAMES.waveRollback(wave.number),
      kind: 'wave-rollback',
      wave: wave.number,
      order: order++,
      description: `Only if ${wave.name} must be undone: removes the numbers and policies the cutover script assigned, and puts back the call forwarding, delegates and call groups it changed (pass it the cutover's action logs).`,
    });
  }
  return entries;
}
