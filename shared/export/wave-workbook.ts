/**
 * One workbook per wave for the people doing the cutover: the wave's facts and prerequisites, and one
 * row per user with the number to assign, plus empty "Done" / "Notes" columns to tick off on the night,
 * the numbers that go to resource accounts (call queues' pilots, sites' main numbers) likewise, and the
 * PBX groups the wave moves with what each becomes in Teams.
 */
import type { Writable } from 'node:stream';
import type { Wave } from '../domain/plan';
import { ExportInput, FILE_NAMES } from './export-input';
import { blockedIds, buildLookups, memberRow } from './export-model';
import { ASSIGNMENT_COLUMNS } from './rollout-workbook';
import { ColumnKind, ColumnSpec, TableSheet } from './sheet-writer';
import { openWorkbook } from './workbook-writer';
import { GROUP_COLUMNS, groupRows } from './group-rows';
import { RESOURCE_ACCOUNT_COLUMNS, resourceAccountRows } from './resource-account-rows';
import { teamsCallerIdText, waveCallerIdSetUps } from './caller-id-set-ups';
import { teamsForwardingText, waveForwardingSetUps } from './personal-forwarding';

/** Empty columns to tick a row off on the night. */
const TICK_OFF_COLUMNS: ColumnSpec[] = [
  { header: 'Done', width: 7 },
  { header: 'Notes', width: 30, kind: 'wrap' },
];

export const WAVE_SHEETS = ['Cutover', 'Number assignments', 'Resource accounts', 'Groups', 'Call forwarding', 'Caller ID'] as const;

/** What each sheet after Cutover holds, said on the Cutover sheet. */
const WAVE_SHEET_PURPOSES: Record<Exclude<(typeof WAVE_SHEETS)[number], 'Cutover'>, string> = {
  'Number assignments': 'One row per user of the wave: the number the cutover script assigns, its type, voice routing policy and dial plan. Tick Done as each is checked.',
  'Resource accounts': "The numbers that go to call queues' and auto attendants' resource accounts, and the common-area phones, with who sets each up.",
  Groups: 'The PBX hunt, pickup and call-centre groups, boss-delegate pairs and shared lines the wave moves, and what each becomes in Teams.',
  'Call forwarding': 'The users whose PBX line forwarded their calls: what the cutover script sets in Teams, and what a person does.',
  'Caller ID': 'The users whose PBX calls showed another number (or none): the caller ID policy the cutover script grants, and what a person does.',
};

/** A sheet of people and something the PBX did for them: what it did, what the cutover does in Teams, what a person does. */
function personSettingColumns(pbx: ColumnSpec, teams: ColumnSpec): ColumnSpec[] {
  return [{ header: 'User (UPN)', width: 34 }, { header: 'Display name', width: 26 }, { ...pbx, kind: 'wrap' }, { ...teams, kind: 'wrap' }, { header: 'For a person', width: 60, kind: 'wrap' }, ...TICK_OFF_COLUMNS];
}

/** The people whose PBX line forwarded their calls. */
const FORWARDING_COLUMNS = personSettingColumns({ header: 'On the PBX', width: 40 }, { header: 'Set in Teams by the cutover script', width: 40 });
/** The people whose PBX calls showed another number than their own (or none). */
const CALLER_ID_COLUMNS = personSettingColumns({ header: 'Shown on the PBX', width: 24 }, { header: 'Granted by the cutover script', width: 48 });

export async function writeWaveWorkbook(input: ExportInput, wave: Wave, output: Writable): Promise<void> {
  const workbook = openWorkbook(output, input.generatedAt);
  const lookups = buildLookups(input);

  const info = new TableSheet(workbook, 'Cutover', [
    { header: 'Item', width: 28 },
    { header: 'Value', width: 70, kind: 'wrap' },
  ]);
  const text: ColumnKind[] = ['text', 'wrap'];
  info.addRow(['Tenant', input.tenant.name], text);
  info.addRow(['Wave', wave.number], ['text', 'integer']);
  info.addRow(['Name', wave.name], text);
  info.addRow(['Cutover date', wave.date], ['text', 'date']);
  info.addRow(['Cutover time (local)', wave.time], text);
  info.addRow(['Sites', wave.siteIds.map((id) => lookups.siteName(id)).join('\n')], text);
  info.addRow(['Users', wave.members.length], ['text', 'integer']);
  info.addRow(['Cutover script', FILE_NAMES.waveRunbook(wave.number)], text);
  info.addRow(['Rollback script', FILE_NAMES.waveRollback(wave.number)], text);
  info.addRow(['Port orders', wave.portOrderIds.join('\n')], text);
  info.addRow(['DR upload orders', wave.uploadOrderIds.join('\n')], text);
  wave.prerequisites.forEach((p, i) => info.addRow([i === 0 ? 'Prerequisites' : '', `- ${p}`], text));
  // What each sheet is for, and which are empty for this wave: a sheet of headers alone reads as data lost.
  const accountRows = resourceAccountRows(input, lookups, wave);
  const groupList = groupRows(input, lookups, wave);
  const forwardingSetUps = waveForwardingSetUps(input, wave);
  const callerIdSetUps = waveCallerIdSetUps(input, wave);
  const rowCounts: Record<Exclude<(typeof WAVE_SHEETS)[number], 'Cutover'>, number> = {
    'Number assignments': wave.members.length,
    'Resource accounts': accountRows.length,
    Groups: groupList.length,
    'Call forwarding': forwardingSetUps.length,
    'Caller ID': callerIdSetUps.length,
  };
  for (const [name, count] of Object.entries(rowCounts) as [keyof typeof rowCounts, number][]) {
    info.addRow([`Sheet: ${name}`, `${WAVE_SHEET_PURPOSES[name]}${count ? '' : ' None in this wave.'}`], text);
  }
  info.addRow(['Generated at (UTC)', input.generatedAt], text);
  info.commit();

  const sheet = new TableSheet(workbook, 'Number assignments', [...ASSIGNMENT_COLUMNS, ...TICK_OFF_COLUMNS]);
  const blocked = blockedIds(input);
  for (const member of wave.members) sheet.addRow(memberRow(member, wave, lookups, blocked));
  sheet.commit();

  const accounts = new TableSheet(workbook, 'Resource accounts', [...RESOURCE_ACCOUNT_COLUMNS, ...TICK_OFF_COLUMNS]);
  for (const row of accountRows) accounts.addRow(row);
  accounts.commit();

  const groups = new TableSheet(workbook, 'Groups', GROUP_COLUMNS);
  for (const row of groupList) groups.addRow(row);
  groups.commit();

  const forwarding = new TableSheet(workbook, 'Call forwarding', FORWARDING_COLUMNS);
  for (const f of forwardingSetUps) forwarding.addRow([f.upn, f.displayName, f.pbx, teamsForwardingText(f.teams) || (f.covered ? `nothing: ${f.covered}` : f.steps.length ? 'nothing: see For a person' : 'nothing (Teams does the same by default)'), f.steps.join('\n')]);
  forwarding.commit();

  const callerIds = new TableSheet(workbook, 'Caller ID', CALLER_ID_COLUMNS);
  for (const c of callerIdSetUps) callerIds.addRow([c.upn, c.displayName, c.pbx, teamsCallerIdText(c) || 'nothing: see For a person', c.steps.join('\n')]);
  callerIds.commit();
  await workbook.commit();
}
