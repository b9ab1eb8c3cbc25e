/**
 * The rollout plan workbook an admin hands to the project team and the change board. Written with the
 * streaming writer one sheet at a time (each sheet is committed before the next starts, so only one
 * sheet's rows are ever buffered); the Number assignments sheet is the big one (one row per user), and
 * the numbers that go to resource accounts (call queues, auto attendants) have a sheet of their own.
 */
import type { Writable } from 'node:stream';
import type { PstnPath, SecurityDesk } from '../domain/planning-settings';
import { emergencyNumbersOf } from '../domain/emergency-numbers';
import { usesLocationBasedRouting } from '../domain/location-based-routing';
import { networkSetUps } from './network-set-ups';
import { emergencyRoutingSetUps } from './emergency-routing-set-ups';
import { portOrderGainer, type PortOrder } from '../domain/plan';
import type { ExportInput } from './export-input';
import {
  ASSIGNMENT_HEADERS,
  assignmentRows,
  buildLookups,
  Lookups,
  PATH_LABELS,
  runbookIndex,
} from './export-model';
import { CellInput, ColumnKind, ColumnSpec, TableSheet } from './sheet-writer';
import { letOthersRun, openWorkbook } from './workbook-writer';
import { constraintFix } from '../domain/planning/constraint-catalogue';
import { counted } from '../domain/counted';
import { GROUP_COLUMNS, groupCount, groupRows } from './group-rows';
import { RESOURCE_ACCOUNT_COLUMNS, resourceAccountRows } from './resource-account-rows';
import { licenceNeeds, licenceNeedText, SEAT_KIND_LABELS } from '../domain/decisions/licence-seats';
import { blockersByFirstWave, countBlockers, memberNumbers, waveMemberNumbers } from '../domain/planning/plan-summary';

export const ROLLOUT_SHEETS = [
  'Summary',
  'Waves',
  'Sites',
  'Number assignments',
  'Resource accounts',
  'Groups',
  'Blocks and orders',
  'Coexistence routing',
  'Dial plans',
  'Emergency and network',
  'Blocked and readiness',
  'Runbook index',
] as const;

export const ASSIGNMENT_COLUMNS: ColumnSpec[] = [
  { header: ASSIGNMENT_HEADERS[0], width: 34 },
  { header: ASSIGNMENT_HEADERS[1], width: 26 },
  { header: ASSIGNMENT_HEADERS[2], width: 20 },
  { header: ASSIGNMENT_HEADERS[3], width: 18 },
  { header: ASSIGNMENT_HEADERS[4], width: 12, kind: 'phone' },
  { header: ASSIGNMENT_HEADERS[5], width: 17, kind: 'phone' },
  { header: ASSIGNMENT_HEADERS[6], width: 17, kind: 'phone' },
  { header: ASSIGNMENT_HEADERS[7], width: 17, kind: 'phone' },
  { header: ASSIGNMENT_HEADERS[8], width: 16 },
  { header: ASSIGNMENT_HEADERS[9], width: 24 },
  { header: ASSIGNMENT_HEADERS[10], width: 20 },
  { header: ASSIGNMENT_HEADERS[11], width: 18 },
  { header: ASSIGNMENT_HEADERS[12], width: 20 },
  { header: ASSIGNMENT_HEADERS[13], width: 7, kind: 'integer' },
  { header: ASSIGNMENT_HEADERS[14], width: 12, kind: 'date' },
  { header: ASSIGNMENT_HEADERS[15], width: 22 },
];

export async function writeRolloutWorkbook(input: ExportInput, output: Writable): Promise<void> {
  const workbook = openWorkbook(output, input.generatedAt);
  const lookups = buildLookups(input);
  const sheets: [string, (sheet: (columns: ColumnSpec[]) => TableSheet) => void | Promise<void>][] = [
    ['Summary', (s) => writeSummary(input, lookups, s)],
    ['Waves', (s) => writeWaves(input, lookups, s)],
    ['Sites', (s) => writeSites(input, lookups, s)],
    ['Number assignments', (s) => writeAssignments(input, lookups, s)],
    ['Resource accounts', (s) => writeResourceAccounts(input, lookups, s)],
    ['Groups', (s) => writeGroups(input, lookups, s)],
    ['Blocks and orders', (s) => writeBlocksAndOrders(input, lookups, s)],
    ['Coexistence routing', (s) => writeRouting(input, lookups, s)],
    ['Dial plans', (s) => writeDialPlans(input, lookups, s)],
    ['Emergency and network', (s) => writeEmergencyAndNetwork(input, s)],
    ['Blocked and readiness', (s) => writeIssues(input, lookups, s)],
    ['Runbook index', (s) => writeRunbookIndex(input, s)],
  ];
  for (const [name, write] of sheets) {
    let table: TableSheet | undefined;
    await write((columns) => (table = new TableSheet(workbook, name, columns)));
    table!.commit();
  }
  await workbook.commit();
}

function writeSummary(input: ExportInput, _lookups: Lookups, open: (c: ColumnSpec[]) => TableSheet): void {
  const t = open([
    { header: 'Section', width: 18 },
    { header: 'Item', width: 34 },
    { header: 'Value', width: 40 },
    { header: 'Detail', width: 60, kind: 'wrap' },
  ]);
  const plan = input.plan;
  const text: ColumnKind[] = ['text', 'text', 'text', 'wrap'];
  const int: ColumnKind[] = ['text', 'text', 'integer', 'wrap'];
  const date: ColumnKind[] = ['text', 'text', 'date', 'wrap'];
  const money: ColumnKind[] = ['text', 'text', 'money', 'wrap'];
  const row = (values: CellInput[], kinds: ColumnKind[]) => t.addRow(values, kinds);

  row(['Tenant', 'Name', input.tenant.name, ''], text);
  row(['Tenant', 'Tenant id', input.tenant.id, ''], text);
  row(['Plan', 'Generated at (UTC)', input.generatedAt, ''], text);
  row(['Plan', 'Planned as of', plan.inputs.today, ''], date);
  row(['Plan', 'Plan settings version', plan.inputs.settingsVersion, ''], int);
  row(['Plan', 'Tenant snapshot taken at', plan.inputs.snapshotTakenAt, ''], text);
  if (plan.inputs.inventoryImportedAt) row(['Plan', 'PBX inventory imported at', plan.inputs.inventoryImportedAt, ''], text);

  const byPath = new Map<PstnPath, number>();
  let members = 0;
  let numbers = 0;
  let forwarding = 0;
  let callerIds = 0;
  for (const wave of plan.waves) {
    for (const m of wave.members) {
      byPath.set(m.path, (byPath.get(m.path) ?? 0) + 1);
      members++;
      numbers += memberNumbers(m);
      if (m.forwarding) forwarding++;
      if (m.callerId) callerIds++;
    }
  }
  const staying = plan.stayingOnPbx.length;
  for (const path of ['OC', 'DR', 'CP'] as const) {
    row(['Totals by path', PATH_LABELS[path], byPath.get(path) ?? 0, 'users planned in a wave'], int);
  }
  row(['Totals by path', PATH_LABELS.PBX, staying + (byPath.get('PBX') ?? 0), 'users staying on the PBX for now'], int);
  row(['Totals', 'Users in waves', members, ''], int);
  row(['Totals', 'Numbers to assign', numbers, ''], int);
  // The numbers that go to a resource account rather than a person (the Resource accounts sheet).
  const pilots = plan.waves.reduce((acc, w) => acc + (w.groupNumbers?.length ?? 0), 0);
  const mains = plan.waves.reduce((acc, w) => acc + (w.mainNumbers?.length ?? 0), 0);
  if (pilots) row(['Totals', 'Group pilot numbers to call queues', pilots, 'hunt groups\' and call centres\' own numbers; see Resource accounts'], int);
  if (mains) row(['Totals', 'Main numbers to auto attendants', mains, 'sites\' main numbers; see Resource accounts'], int);
  const phones = plan.waves.reduce((acc, w) => acc + (w.commonAreaPhones?.length ?? 0), 0);
  if (phones) row(['Totals', 'Common-area phones to Teams', phones, 'each an account with a Microsoft Teams Shared Devices licence; see Resource accounts'], int);
  // What each person had set up on the PBX that the cutovers keep: the work a project team checks per wave.
  if (forwarding) row(['Totals', 'Users whose PBX forwarding moves', forwarding, "set in Teams by each wave's cutover, or a step for a person; see each wave workbook's Call forwarding sheet"], int);
  if (callerIds) row(['Totals', 'Users keeping their PBX caller ID', callerIds, "their calls showed another number (or none): a caller ID policy, or a step for a person; see each wave workbook's Caller ID sheet"], int);
  row(['Totals', 'Waves', plan.waves.length, ''], int);
  row(['Totals', 'PBX groups moving', groupCount(input), 'hunt, pickup and call-centre groups, boss-delegate pairs and shared lines in the waves; see Groups'], int);
  for (const wave of plan.waves) {
    const n = waveMemberNumbers(wave);
    row(['Totals by wave', `${wave.number}: ${wave.name}`, wave.members.length, `${n} numbers; cutover ${wave.date} ${wave.time}`], int);
  }

  // What procurement needs: seats the blocked people lack, against the subscriptions' free seats.
  for (const need of licenceNeeds(countBlockers(plan.blocked), input.licenceSeats, { waves: plan.waves, byFirstWave: blockersByFirstWave(plan) })) {
    row(['Licences', `${SEAT_KIND_LABELS[need.kind]} to buy`, need.toBuy ?? null, licenceNeedText(need)], int);
  }

  if (input.siteCosts?.length) {
    let monthly = 0;
    let yearly = 0;
    for (const c of input.siteCosts) {
      const chosen = c.options.find((o) => o.path === c.decidedPath);
      if (chosen) {
        monthly += chosen.monthly;
        yearly += chosen.yearly;
      }
    }
    row(['Cost', `Monthly (decided paths, ${currencyOf(input)})`, round2(monthly), 'sum over sites of the decided path, common-area phones included; see Sites'], money);
    row(['Cost', `Yearly (decided paths, ${currencyOf(input)})`, round2(yearly), ''], money);
  } else {
    row(['Cost', 'Monthly (decided paths)', 'not computed', 'no cost model in the plan inputs'], text);
  }

  const readinessBlockers = (input.readiness ?? []).filter((g) => g.severity === 'blocker').length;
  row(['Open blockers', 'Blocked users', plan.blocked.length, 'see Blocked and readiness'], int);
  row(['Open blockers', 'Unmet constraints', plan.unmet.length, ''], int);
  row(['Open blockers', 'Readiness blockers', readinessBlockers, ''], int);
  row(['Open blockers', 'Extension collisions', plan.extensionCollisions.length, ''], int);
  plan.assumptions.forEach((a, i) => row(['Assumptions', `${i + 1}`, '', a], text));
  for (const name of ROLLOUT_SHEETS) row(['Sheets', name, '', ROLLOUT_SHEET_PURPOSES[name]], text);
}

/** What each sheet is for, listed on the Summary for whoever the workbook is handed to. */
const ROLLOUT_SHEET_PURPOSES: Record<(typeof ROLLOUT_SHEETS)[number], string> = {
  Summary: 'This sheet: totals by path and by wave, licences to buy, cost, open blockers, the assumptions the plan was made on.',
  Waves: 'One row per wave: cutover date and time, sites, users, numbers, port and upload orders with their deadlines, prerequisites.',
  Sites: 'One row per site: its path (Operator Connect, Direct Routing, Calling Plan or staying on the PBX), operator or SBC, whether decided, readiness, users and cost.',
  'Number assignments': 'One row per user: the number to assign in Teams, its type, voice routing policy, dial plan, wave and cutover date; users blocked or staying on the PBX too.',
  'Resource accounts': "The numbers that go to call queues' and auto attendants' resource accounts, and the common-area phones, by wave.",
  Groups: 'The PBX hunt, pickup and call-centre groups, boss-delegate pairs and shared lines each wave moves, and what each becomes in Teams.',
  'Blocks and orders': 'Port orders (submit by the deadline), Direct Routing upload orders, and how each number block moves over the waves.',
  'Coexistence routing': 'While the PBX and Teams share the number blocks: SBC and carrier routing and voice routes from each wave on.',
  'Dial plans': "Each site's tenant dial plan and its normalisation rules.",
  'Emergency and network': 'Per site: subnets, Location-Based Routing, emergency location, security desk, emergency calling policies and numbers, branch appliances, Shared Calling.',
  'Blocked and readiness': 'What to fix before a cutover: blocked users, readiness blockers and warnings, unmet constraints, extension collisions, each with its fix.',
  'Runbook index': 'The PowerShell runbooks in the order to run them, and what each does.',
};

function writeWaves(input: ExportInput, lookups: Lookups, open: (c: ColumnSpec[]) => TableSheet): void {
  const t = open([
    { header: 'Wave', width: 7, kind: 'integer' },
    { header: 'Name', width: 18 },
    { header: 'Cutover date', width: 12, kind: 'date' },
    { header: 'Time', width: 7 },
    { header: 'Sites', width: 30, kind: 'wrap' },
    { header: 'Users', width: 8, kind: 'integer' },
    { header: 'Numbers', width: 9, kind: 'integer' },
    { header: 'Port orders', width: 24, kind: 'wrap' },
    { header: 'Port orders submit by', width: 14, kind: 'date' },
    { header: 'Upload orders', width: 24, kind: 'wrap' },
    { header: 'Numbers uploaded by', width: 14, kind: 'date' },
    { header: 'Prerequisites', width: 60, kind: 'wrap' },
  ]);
  const ports = new Map(input.plan.portOrders.map((o) => [o.id, o]));
  const uploads = new Map(input.plan.uploadOrders.map((o) => [o.id, o]));
  for (const wave of input.plan.waves) {
    const submitBy = earliest(wave.portOrderIds.map((id) => ports.get(id)?.submitBy));
    const uploadBy = earliest(wave.uploadOrderIds.map((id) => uploads.get(id)?.uploadBy));
    t.addRow([
      wave.number,
      wave.name,
      wave.date,
      wave.time,
      wave.siteIds.map((id) => lookups.siteName(id)).join('\n'),
      wave.members.length,
      waveMemberNumbers(wave),
      wave.portOrderIds.join('\n'),
      submitBy,
      wave.uploadOrderIds.join('\n'),
      uploadBy,
      wave.prerequisites.map((p) => `- ${p}`).join('\n'),
    ]);
  }
}

function writeSites(input: ExportInput, lookups: Lookups, open: (c: ColumnSpec[]) => TableSheet): void {
  const t = open([
    { header: 'Site id', width: 18 },
    { header: 'Site', width: 24 },
    { header: 'Country', width: 8 },
    { header: 'Path', width: 16 },
    { header: 'Operator or SBC', width: 24 },
    { header: 'Decided', width: 9 },
    { header: 'Recommended path', width: 16 },
    { header: 'Recommendation reasons', width: 60, kind: 'wrap' },
    { header: 'Readiness blockers', width: 10, kind: 'integer' },
    { header: 'Readiness warnings', width: 10, kind: 'integer' },
    { header: 'Users', width: 8, kind: 'integer' },
    { header: 'Common-area phones', width: 10, kind: 'integer' },
    { header: `Monthly cost (${currencyOf(input)})`, width: 12, kind: 'money' },
    { header: `Yearly cost (${currencyOf(input)})`, width: 12, kind: 'money' },
    { header: 'SBC sessions', width: 10, kind: 'integer' },
  ]);
  const recs = new Map((input.recommendations ?? []).map((r) => [r.siteId, r]));
  const decisions = new Map(input.settings.decisions.sites.map((d) => [d.siteId, d]));
  const costs = new Map((input.siteCosts ?? []).map((c) => [c.siteId, c]));
  const gates = new Map<string, { blockers: number; warnings: number }>();
  for (const g of input.readiness ?? []) {
    if (!g.siteId) continue;
    const entry = gates.get(g.siteId) ?? { blockers: 0, warnings: 0 };
    if (g.severity === 'blocker') entry.blockers++;
    else entry.warnings++;
    gates.set(g.siteId, entry);
  }
  const sites = [...input.sites].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const site of sites) {
    const rec = recs.get(site.id);
    const decided = rec?.decided ?? decisions.get(site.id);
    const effective = decided ?? rec;
    const cost = costs.get(site.id);
    const option = cost?.options.find((o) => o.path === (cost.decidedPath ?? effective?.path));
    const g = gates.get(site.id);
    t.addRow([
      site.id,
      site.name,
      site.countryCode ?? '',
      effective ? PATH_LABELS[effective.path] : '',
      effective ? lookups.carrierOf({ path: effective.path, operatorId: effective.operatorId, sbcId: effective.sbcId }) : '',
      decided ? 'Yes' : 'No',
      rec ? PATH_LABELS[rec.path] : '',
      rec ? rec.reasons.map((r) => `- ${r}`).join('\n') : '',
      g?.blockers ?? 0,
      g?.warnings ?? 0,
      cost?.users ?? site.peopleCount,
      cost?.commonAreaPhones ?? 0,
      option ? round2(option.monthly) : undefined,
      option ? round2(option.yearly) : undefined,
      option?.sessions,
    ]);
  }
}

async function writeAssignments(input: ExportInput, lookups: Lookups, open: (c: ColumnSpec[]) => TableSheet): Promise<void> {
  const t = open(ASSIGNMENT_COLUMNS);
  let n = 0;
  for (const row of assignmentRows(input, lookups)) {
    t.addRow(row);
    if (++n % YIELD_EVERY_ROWS === 0) await letOthersRun();
  }
}

const YIELD_EVERY_ROWS = 2000;

/** The numbers that go to call queues' and auto attendants' resource accounts (resource-account-rows.ts). */
function writeResourceAccounts(input: ExportInput, lookups: Lookups, open: (c: ColumnSpec[]) => TableSheet): void {
  const t = open(RESOURCE_ACCOUNT_COLUMNS);
  for (const row of resourceAccountRows(input, lookups)) t.addRow(row);
}

/** The PBX groups each wave moves and what each becomes in Teams (group-rows.ts). */
function writeGroups(input: ExportInput, lookups: Lookups, open: (c: ColumnSpec[]) => TableSheet): void {
  const t = open(GROUP_COLUMNS);
  for (const row of groupRows(input, lookups)) t.addRow(row);
}

function writeBlocksAndOrders(input: ExportInput, lookups: Lookups, open: (c: ColumnSpec[]) => TableSheet): void {
  const t = open([
    { header: 'Record', width: 14 },
    { header: 'Id', width: 30 },
    { header: 'Wave', width: 7, kind: 'integer' },
    { header: 'Block', width: 30 },
    { header: 'Carrier, operator or SBC', width: 26 },
    { header: 'Kind', width: 10 },
    { header: 'Includes BTN', width: 8 },
    { header: 'Numbers', width: 9, kind: 'integer' },
    { header: 'Deadline', width: 12, kind: 'date' },
    { header: 'Numbers (first to last)', width: 34, kind: 'phone' },
    { header: 'Note', width: 50, kind: 'wrap' },
  ]);
  for (const o of input.plan.portOrders) {
    t.addRow([
      'Port order', o.id, o.waveNumber, orderBlocks(o), `${o.carrier} -> ${portOrderGainer(o, lookups.operatorName)}`, o.kind,
      o.includesBtn ? 'Yes' : 'No', o.numbers.length, o.submitBy, span(o.numbers),
      `${o.liftFreezeBy ? `The account has a port freeze: ask ${o.carrier} to lift it by ${o.liftFreezeBy}. ` : ''}Submit by the deadline${o.accountNumber ? `; carrier account ${o.accountNumber}` : ''}. CSV: port order list.`,
    ]);
  }
  for (const o of input.plan.uploadOrders) {
    t.addRow([
      'DR upload', o.id, o.waveNumber, '', lookups.sbcFqdn(o.sbcId), 'upload', '', o.numbers.length, o.uploadBy, span(o.numbers),
      'New-CsOnlineDirectRoutingTelephoneNumberUploadOrder (at most 10,000 numbers per order). CSV: DR upload list.',
    ]);
  }
  for (const b of input.plan.blockSplits) {
    // Kind: "split" over several waves; "partial" when some of its numbers stay on the PBX (a block in
    // one wave with numbers left behind is not "whole"); "whole" when every planned number moves at once.
    const moves = b.moves.map((m) => `wave ${m.waveNumber}: ${m.numbers.length}`).join('; ');
    t.addRow([
      'Block split', b.blockId, undefined, b.blockId, '', b.moves.length > 1 ? 'split' : b.staying.length ? 'partial' : 'whole', '',
      b.moves.reduce((acc, m) => acc + m.numbers.length, 0), undefined, '',
      [moves, b.staying.length ? `${b.staying.length} stay on the PBX` : '', b.flag ?? ''].filter(Boolean).join('\n'),
    ]);
  }
}

function writeRouting(input: ExportInput, lookups: Lookups, open: (c: ColumnSpec[]) => TableSheet): void {
  const t = open([
    { header: 'After wave', width: 8, kind: 'integer' },
    { header: 'Effective from', width: 12, kind: 'date' },
    { header: 'Rule', width: 26 },
    { header: 'Number or pattern', width: 30, kind: 'phone' },
    { header: 'Kind', width: 8 },
    { header: 'Target', width: 8 },
    { header: 'Via', width: 9 },
    { header: 'Block', width: 28 },
    { header: 'SBC or operator', width: 24 },
    { header: 'Description', width: 50, kind: 'wrap' },
  ]);
  for (const r of input.plan.routing) {
    // A wave number stays a number (sorts and filters as one, no "number stored as text"); before any wave, "today".
    const after = r.afterWave < 0 ? 'today' : r.afterWave;
    for (const rule of r.sbcRules) {
      t.addRow([
        after, r.effectiveFrom, 'SBC / carrier routing', rule.pattern, rule.kind, rule.target, rule.via, rule.blockId ?? '',
        rule.sbcId ? lookups.sbcFqdn(rule.sbcId) : lookups.operatorName(rule.operatorId), rule.description,
      ]);
    }
    for (const v of r.teamsToPbxRoutes) {
      t.addRow([after, r.effectiveFrom, 'Teams voice route to PBX', v.numberPattern, 'range', 'pbx', 'sbc', '', lookups.sbcFqdn(v.sbcId), v.name]);
    }
    for (const p of r.pbxToTeamsRoutes) {
      t.addRow([after, r.effectiveFrom, 'PBX route pattern to Teams', p.extensionPattern, 'range', 'teams', 'sbc', '', lookups.siteName(p.siteId), p.description]);
    }
  }
}

function writeDialPlans(input: ExportInput, lookups: Lookups, open: (c: ColumnSpec[]) => TableSheet): void {
  const t = open([
    { header: 'Dial plan', width: 24 },
    { header: 'Site', width: 22 },
    { header: 'Rule', width: 24 },
    { header: 'Pattern', width: 24, kind: 'phone' },
    { header: 'Translation', width: 22, kind: 'phone' },
    { header: 'Internal extension', width: 10 },
    { header: 'Description', width: 50, kind: 'wrap' },
  ]);
  for (const d of input.plan.dialPlans) {
    for (const r of d.rules) {
      t.addRow([d.name, lookups.siteName(d.siteId), r.name, r.pattern, r.translation, r.isInternalExtension ? 'Yes' : 'No', r.description]);
    }
  }
}

/** Per site, what the tenant setup and the cutovers set up for emergency calls and the network (network-set-ups.ts). */
function writeEmergencyAndNetwork(input: ExportInput, open: (c: ColumnSpec[]) => TableSheet): void {
  const t = open([
    { header: 'Site id', width: 18 },
    { header: 'Site', width: 24 },
    { header: 'Country', width: 8 },
    { header: 'Subnets', width: 30, kind: 'wrap' },
    { header: 'Location-Based Routing', width: 12 },
    { header: 'Emergency location', width: 38 },
    { header: 'Security desk', width: 34, kind: 'wrap' },
    { header: 'Security desk hears', width: 18 },
    { header: 'Emergency calling policy', width: 24 },
    { header: 'Emergency call routing (Direct Routing)', width: 30, kind: 'wrap' },
    { header: 'Emergency numbers', width: 18 },
    { header: 'Survivable Branch Appliances', width: 30, kind: 'wrap' },
    { header: 'Shared Calling policy', width: 22 },
    { header: 'Shared Calling emergency callback numbers', width: 22, kind: 'phone' },
  ]);
  const network = networkSetUps(input);
  const branches = new Map(network.survivableBranches.map((b) => [b.siteId, b.fqdns]));
  const networkSites = new Map(network.sites.map((s) => [s.siteId, s]));
  const attributes = new Map(input.settings.sites.map((a) => [a.siteId, a]));
  const routingBySite = new Map<string, string[]>();
  for (const p of emergencyRoutingSetUps(input).policies) for (const s of p.sites) routingBySite.set(s, [...(routingBySite.get(s) ?? []), p.name]);
  const sites = [...input.sites].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const site of sites) {
    const attrs = attributes.get(site.id);
    const desk = attrs?.securityDesk;
    const { numbers, known } = emergencyNumbersOf(site.countryCode);
    t.addRow([
      site.id,
      site.name,
      site.countryCode ?? '',
      (networkSites.get(site.id)?.subnets ?? []).map((n) => n.text).join('\n'),
      usesLocationBasedRouting(site.countryCode, attrs) ? 'On' : 'Off',
      attrs?.emergencyLocationId ?? '',
      desk ? desk.notify.join('\n') : '',
      desk ? SECURITY_DESK_HEARS[desk.mode] : '',
      network.emergencyCallingPolicyBySite.get(site.id) ?? '',
      (routingBySite.get(site.id) ?? []).join('\n'),
      known ? numbers.join(', ') : `${numbers.join(', ')} (country not known)`,
      (branches.get(site.id) ?? []).join('\n'),
      network.sharedCallingPolicyBySite.get(site.id) ?? '',
      (attrs?.sharedCalling?.emergencyCallbackNumbers ?? []).join('\n'),
    ]);
  }
}

const SECURITY_DESK_HEARS: Record<SecurityDesk['mode'], string> = {
  NotificationOnly: 'Notified',
  ConferenceMuted: 'Joins muted',
  ConferenceUnMuted: 'Joins unmuted',
};

function writeIssues(input: ExportInput, lookups: Lookups, open: (c: ColumnSpec[]) => TableSheet): void {
  const t = open([
    { header: 'Severity', width: 12 },
    { header: 'Code', width: 26 },
    { header: 'User', width: 32 },
    { header: 'Site', width: 20 },
    { header: 'Problem', width: 50, kind: 'wrap' },
    { header: 'Fix', width: 50, kind: 'wrap' },
  ]);
  const seen = new Set<string>();
  const upnOf = new Map<string, string>();
  for (const b of input.plan.blocked) {
    upnOf.set(b.personId, b.userPrincipalName);
    for (const g of b.gates) {
      seen.add(`${b.personId}\u0000${g.code}`);
      t.addRow(['Blocker', g.code, b.userPrincipalName, lookups.siteName(b.siteId), g.message, g.fix]);
    }
  }
  for (const g of input.readiness ?? []) {
    if (g.personId && seen.has(`${g.personId}\u0000${g.code}`)) continue;
    const upn = g.personId ? (upnOf.get(g.personId) ?? input.person?.(g.personId)?.userPrincipalName ?? g.personId) : '';
    t.addRow([g.severity === 'blocker' ? 'Blocker' : 'Warning', g.code, upn, lookups.siteName(g.siteId), g.message, g.fix]);
  }
  for (const u of input.plan.unmet) {
    const sites = (u.siteIds ?? []).map((id) => lookups.siteName(id)).join(', ');
    const who = u.personIds?.length ? counted(u.personIds.length, 'person', 'people') : '';
    const blocks = u.blockIds?.length ? ` (blocks ${u.blockIds.join(', ')})` : '';
    t.addRow(['Unmet constraint', u.code, who, sites, `${u.message}${blocks}`, constraintFix(u.code)]);
  }
  for (const c of input.plan.extensionCollisions) {
    t.addRow(['Collision', 'extension-collision', '', c.siteIds.map((id) => lookups.siteName(id)).join(', '), `Extensions ${c.extensionRange} exist at more than one site.`, c.proposal]);
  }
}

function writeRunbookIndex(input: ExportInput, open: (c: ColumnSpec[]) => TableSheet): void {
  const t = open([
    { header: 'Order', width: 7, kind: 'integer' },
    { header: 'File', width: 40 },
    { header: 'Kind', width: 14 },
    { header: 'Wave', width: 7, kind: 'integer' },
    { header: 'What it does', width: 80, kind: 'wrap' },
  ]);
  for (const e of runbookIndex(input)) t.addRow([e.order, e.file, e.kind, e.wave, e.description]);
}

function earliest(dates: (string | undefined)[]): string | undefined {
  let min: string | undefined;
  for (const d of dates) if (d && (!min || d < min)) min = d;
  return min;
}

/**
 * The blocks an order ports: listed up to a few, counted beyond (an account can hold hundreds). A plan
 * stored before orders spanned an account names one block (`blockId`).
 */
function orderBlocks(o: PortOrder & { blockId?: string }): string {
  const ids = o.blockIds ?? (o.blockId ? [o.blockId] : []);
  return ids.length <= 3 ? ids.join(', ') : `${ids.length} blocks: ${ids[0]} .. ${ids[ids.length - 1]}`;
}

function span(numbers: string[]): string {
  if (numbers.length === 0) return '';
  if (numbers.length === 1) return numbers[0];
  return `${numbers[0]} .. ${numbers[numbers.length - 1]}`;
}

/** The settings' currency: every price in the plan is in it, and a bare amount says nothing of which. */
function currencyOf(input: ExportInput): string {
  return input.settings.costs?.currency ?? 'USD';
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
