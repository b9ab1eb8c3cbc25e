import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { ROLLOUT_SHEETS, writeRolloutWorkbook } from '../../../shared/export/rollout-workbook';
import { WAVE_SHEETS, writeWaveWorkbook } from '../../../shared/export/wave-workbook';
import { ASSIGNMENT_HEADERS } from '../../../shared/export/export-model';
import { cellText, excelDate, TableSheet } from '../../../shared/export/sheet-writer';
import { openWorkbook } from '../../../shared/export/workbook-writer';
import type { ExportInput } from '../../../shared/export/export-input';
import { GROUP_COLUMNS } from '../../../shared/export/group-rows';
import { MAX_CALL_QUEUE_USERS } from '../../../shared/export/group-set-ups';
import { RESOURCE_ACCOUNT_COLUMNS } from '../../../shared/export/resource-account-rows';
import { GROUP_TEAMS_SET_UP } from '../../../shared/domain/migration-group-labels';
import { WAVE_GROUP_MEMBERS_LISTED } from '../../../shared/domain/planning/plan-groups';
import { buildFixtureInput, buildFixturePlan, HOSTILE_GROUP, HOSTILE_NAMES } from './support/fixture-plan';

async function toBuffer(write: (out: PassThrough) => Promise<void>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await write(out);
  return Buffer.concat(chunks);
}

async function read(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  return wb;
}

function rows(sheet: ExcelJS.Worksheet): ExcelJS.CellValue[][] {
  const out: ExcelJS.CellValue[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const values: ExcelJS.CellValue[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) values.push(row.getCell(c).value);
    out.push(values);
  });
  return out;
}

function expectNoFormula(wb: ExcelJS.Workbook): void {
  wb.eachSheet((sheet) => {
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
        expect(cell.formula).toBeUndefined();
        expect(cell.type).not.toBe(ExcelJS.ValueType.Hyperlink);
      }),
    );
  });
}

/** The raw XML, independent of exceljs's reader: no <f> (formula) element anywhere. */
async function sheetXml(buffer: Buffer): Promise<string[]> {
  const zip = await JSZip.loadAsync(buffer);
  const names = Object.keys(zip.files).filter((n) => /xl\/worksheets\/sheet\d+\.xml$/.test(n));
  return Promise.all(names.map((n) => zip.file(n)!.async('string')));
}

describe('rollout workbook', () => {
  let input: ExportInput;
  let buffer: Buffer;
  let wb: ExcelJS.Workbook;

  beforeAll(async () => {
    input = buildFixtureInput();
    buffer = await toBuffer((out) => writeRolloutWorkbook(input, out));
    wb = await read(buffer);
  });

  it('has the sheets in order, each with a frozen bold header and an autofilter', () => {
    expect(wb.worksheets.map((s) => s.name)).toEqual([...ROLLOUT_SHEETS]);
    for (const sheet of wb.worksheets) {
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.autoFilter).toBeTruthy();
      expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
      expect(sheet.getColumn(1).width).toBeGreaterThan(5);
    }
  });

  it('has one Number assignments row per user, with the headers the admin expects', () => {
    const sheet = wb.getWorksheet('Number assignments')!;
    const r = rows(sheet);
    expect(r[0]).toEqual([...ASSIGNMENT_HEADERS]);
    const members = input.plan.waves.reduce((n, w) => n + w.members.length, 0);
    // wave members + 1 blocked person in no wave + 1 person staying on the PBX
    expect(r.length - 1).toBe(members + 2);
    expect(r[r.length - 2][15]).toBe('Blocked: no-teams-phone-licence');
    expect(r[r.length - 1][15]).toBe('Stays on PBX until 2027-06-30');
  });

  it('keeps numbers as text with + and leading zeros, dates as real dates, wave as a number', () => {
    const sheet = wb.getWorksheet('Number assignments')!;
    const london = rows(sheet).find((row) => row[0] === 'user50@contoso.com')!;
    expect(london[4]).toBe('0050');
    expect(london[5]).toBe('+442071234050');
    expect(london[6]).toBe('+442071234050');
    expect(london[8]).toBe('OperatorConnect');
    expect(london[9]).toBe('Operator UK');
    expect(london[13]).toBe(1);
    expect(london[14]).toBeInstanceOf(Date);
    expect((london[14] as Date).toISOString()).toBe('2027-01-12T00:00:00.000Z');
    const cell = sheet.getRow(2).getCell(6);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.numFmt).toBe('@');
    expect(sheet.getRow(2).getCell(15).numFmt).toBe('yyyy-mm-dd');
    const waves = rows(wb.getWorksheet('Waves')!);
    expect(waves[1][2]).toBeInstanceOf(Date);
    expect(waves[1][10]).toBeInstanceOf(Date); // DR upload deadline
    expect(waves[2][8]).toBeInstanceOf(Date); // port order submit-by
  });

  it('writes hostile strings as plain text, never as a formula', async () => {
    expectNoFormula(wb);
    const names = rows(wb.getWorksheet('Number assignments')!).map((r) => r[1]);
    for (const name of HOSTILE_NAMES) expect(names).toContain(cellText(name));
    expect(wb.getWorksheet('Summary')!.getRow(2).getCell(3).value).toBe("Contoso 'Test' =Tenant");
    for (const xml of await sheetXml(buffer)) expect(xml).not.toMatch(/<f[ >]/);
  });

  it("says on the Summary how many licences to buy, a subscription's name from the tenant kept as text", async () => {
    const seats = [{ skuId: 'x', skuPartNumber: '=HYPERLINK("http://x")', kinds: ['teamsPhone' as const], capabilityStatus: 'Enabled', enabled: 2, warning: 0, consumed: 1 }];
    const withSeats = await read(await toBuffer((out) => writeRolloutWorkbook({ ...buildFixtureInput(), licenceSeats: seats }, out)));
    expectNoFormula(withSeats);
    const row = rows(withSeats.getWorksheet('Summary')!).find((r) => r[1] === 'Teams Phone to buy')!;
    expect(row).toEqual(['Licences', 'Teams Phone to buy', 0, 'Teams Phone: 1 person needs a licence; 1 seat free (=HYPERLINK("http://x") 1): enough.']);
  });

  it("counts on the Summary the users whose PBX forwarding and caller ID the cutovers keep, only where there are some", async () => {
    expect(rows(wb.getWorksheet('Summary')!).map((r) => r[1])).not.toContain('Users keeping their PBX caller ID');
    const plan = buildFixturePlan();
    const [first, second, third] = plan.waves[0].members;
    first.forwarding = { noAnswer: { kind: 'voicemail' }, noAnswerSeconds: 30 };
    second.callerId = { kind: 'withheld' };
    third.callerId = { kind: 'number', number: '+14255551000' };
    const summary = rows((await read(await toBuffer((out) => writeRolloutWorkbook(buildFixtureInput(plan), out)))).getWorksheet('Summary')!);
    expect(summary.find((r) => r[1] === 'Users whose PBX forwarding moves')!.slice(2, 3)).toEqual([1]);
    expect(summary.find((r) => r[1] === 'Users keeping their PBX caller ID')!.slice(2)).toEqual([
      2,
      "their calls showed another number (or none): a caller ID policy, or a step for a person; see each wave workbook's Caller ID sheet",
    ]);
  });

  it('fills the Summary, Sites, orders, routing, dial plans, issues and runbook index', () => {
    const summary = rows(wb.getWorksheet('Summary')!);
    const find = (item: string) => summary.find((r) => r[1] === item)!;
    expect(find('Plan settings version')[2]).toBe(7);
    expect(find('Direct Routing')[2]).toBe(13);
    expect(find('Operator Connect')[2]).toBe(2);
    expect(find('Calling Plan')[2]).toBe(1);
    // Money says its currency (the settings'): a bare 136.5 could be any.
    expect(find('Monthly (decided paths, USD)')[2]).toBe(136.5);
    expect(find('Yearly (decided paths, USD)')[2]).toBe(1638);
    expect(find('Blocked users')[2]).toBe(1);
    // The numbers that go to resource accounts: the hunt group's pilot, Seattle's and Denver's main numbers.
    expect(find('Group pilot numbers to call queues')[2]).toBe(1);
    expect(find('Main numbers to auto attendants')[2]).toBe(2);
    // The fixture's seats were never read: the licence the blocked person lacks is counted, its purchase unknown.
    expect(find('Teams Phone to buy')[3]).toBe("Teams Phone: 1 person needs a licence (free seats unknown: the tenant's subscriptions could not be read).");
    expect(find('Teams Phone to buy')[2] ?? null).toBeNull();
    expect(summary.some((r) => r[3] === '-Numbers stay in their blocks')).toBe(true);
    // A guide to the sheets, each named as its tab is.
    expect(summary.filter((r) => r[0] === 'Sheets').map((r) => r[1])).toEqual([...ROLLOUT_SHEETS]);
    expect(summary.find((r) => r[0] === 'Sheets' && r[1] === 'Blocks and orders')![3]).toMatch(/^Port orders/);
    const sites = rows(wb.getWorksheet('Sites')!);
    expect(sites[0].slice(12, 14)).toEqual(['Monthly cost (USD)', 'Yearly cost (USD)']);
    expect(sites.find((r) => r[0] === 'seattle')!.slice(3, 6)).toEqual(['Direct Routing', 'sbc1.contoso.com', 'Yes']);
    const orders = rows(wb.getWorksheet('Blocks and orders')!);
    expect(orders.find((r) => r[1] === 'po-1')![8]).toBeInstanceOf(Date);
    // A block in one wave with a number left on the PBX is "partial", not "whole".
    expect(orders.filter((r) => r[0] === 'Block split').map((r) => [r[1], r[5], r[10]])).toEqual([
      ['+14255551000-+14255551099', 'partial', 'wave 0: 13\n1 stay on the PBX'],
      ['+442071234000-+442071234099', 'whole', 'wave 1: 2\nPartial port: the BTN +442071234000 moves last'],
    ]);
    const routing = rows(wb.getWorksheet('Coexistence routing')!);
    expect(routing.length).toBeGreaterThan(4);
    // The stage is a number (sorts and filters as one); before any wave it says "today".
    expect(new Set(routing.slice(1).map((r) => r[0]))).toEqual(new Set(['today', 0]));
    expect(rows(wb.getWorksheet('Dial plans')!)[1].slice(0, 5)).toEqual(['DP-Seattle', 'Seattle', 'Ext4', '^(1\\d{3})$', '+1425555$1']);
    // What the tenant setup and the cutovers set up per site for emergency calls and the network.
    const emergency = rows(wb.getWorksheet('Emergency and network')!);
    expect(emergency.find((r) => r[0] === 'seattle')).toEqual([
      'seattle',
      'Seattle',
      'US',
      '10.20.0.0/16\n2001:db8:20::/48',
      'On',
      '9bd1a5b0-6a2d-4f1e-8c3a-0e5d1f2a3b4c',
      "security@contoso.com\no'brien@contoso.com",
      'Joins muted',
      'VMP-ECP-seattle',
      'VMP-ECRP-US-sbc1',
      '911, 933',
      'sba1.seattle.contoso.com',
      'VMP-SC-seattle',
      '+14255551090\n+14255551091',
    ]);
    expect(emergency.find((r) => r[0] === 'london')!.slice(3, 12)).toEqual([null, 'Off', null, null, null, null, null, '999, 112', null]);
    const issues = rows(wb.getWorksheet('Blocked and readiness')!);
    expect(issues.map((r) => r[0])).toEqual(['Severity', 'Blocker', 'Warning', 'Unmet constraint', 'Unmet constraint', 'Collision']);
    expect(issues[1][5]).toBe('=Assign Teams Phone Standard');
    // An unmet constraint's fix is its own (the catalogue's), not general advice.
    expect(issues[3].slice(1, 2)).toEqual(['lead-time-beyond-horizon']);
    expect(issues[3][5]).toMatch(/^Extend the planning horizon/);
    // The people an unmet constraint holds back, counted in words that read right for one.
    expect(issues.find((r) => r[1] === 'main-number-before-blocked-people')![2]).toBe('1 person');
    const index = rows(wb.getWorksheet('Runbook index')!);
    expect(index.map((r) => r[1])).toEqual([
      'File',
      'runbooks/tenant-setup.ps1',
      'runbooks/wave-00-cutover.ps1',
      'runbooks/wave-00-rollback.ps1',
      'runbooks/wave-01-cutover.ps1',
      'runbooks/wave-01-rollback.ps1',
    ]);
    // Wave 0 leaves its boss and delegate to a person (the boss is not in the plan); wave 1 builds the
    // split hunt group's queue and the pickup group's call groups. Each answers its site's main number.
    expect(index[2][4]).toMatch(/users, then log 1 PBX group for a person to set up, and answer 1 main number with an auto attendant\. Run with -WhatIf first\.$/);
    expect(index[4][4]).toMatch(/users, then set up 2 PBX groups in Teams, and answer 1 main number with an auto attendant\. Run with -WhatIf first\.$/);
  });

  it("lists the numbers that go to resource accounts on a sheet of their own: a group's pilot to its call queue's, a site's main number to its auto attendant's", () => {
    const accounts = rows(wb.getWorksheet('Resource accounts')!);
    expect(accounts[0]).toEqual(RESOURCE_ACCOUNT_COLUMNS.map((c) => c.header));
    // UPN, kind and name, site, number, number type, operator or SBC, wave: each wave's pilots, then its main numbers.
    expect(accounts.slice(1).map((r) => r.slice(0, 7))).toEqual([
      ['aa-seattle@contoso.com', 'Auto attendant Seattle main number', 'Seattle', '+14255551000', 'DirectRouting', 'sbc1.contoso.com', 0],
      ['cq-sum-1-2-sales-desk@contoso.com', 'Call queue =SUM(1,2) Sales: desk', '+Denver', '+13035550199', 'CallingPlan', 'Microsoft Calling Plan', 1],
      ['aa-denver@contoso.com', 'Auto attendant +Denver main number', '+Denver', '+13035550100', 'CallingPlan', 'Microsoft Calling Plan', 1],
    ]);
    expect(accounts[1][7]).toBeInstanceOf(Date);
    // Who sets each up: the cutover script, and what it leaves to a person before the cutover.
    expect(accounts[2][8]).toBe('The cutover script');
    const denver = String(accounts[3][8]).split('\n');
    expect(denver[0]).toBe('The cutover script');
    expect(denver.slice(1)).toEqual([
      expect.stringMatching(/^A person: before the cutover, make it answer as the PBX's auto attendant does: record its greetings/),
      expect.stringMatching(/^A person: after hours: the site's settings give no business hours/),
      expect.stringMatching(/^A person: holidays: the runbook gives it the public holidays of US to \d{4}-12-31/),
      expect.stringMatching(/^A person: time zone: the site's country \(US\) has several/),
      expect.stringMatching(/^A person: 1 person at the site is blocked and stays on the PBX/),
    ]);
    // Numbers stay text with their +; the Number assignments sheet keeps one row per person.
    const sheet = wb.getWorksheet('Resource accounts')!;
    expect(sheet.getRow(2).getCell(4).type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getRow(2).getCell(4).numFmt).toBe('@');
    expect(rows(wb.getWorksheet('Number assignments')!).some((r) => String(r[0]).startsWith('aa-') || String(r[0]).startsWith('cq-'))).toBe(false);
  });

  it("says who sets up a pilot's queue when the runbook leaves it to a person", async () => {
    const big = buildFixtureInput();
    const wave1 = big.plan.waves[1];
    const agents = Array.from({ length: MAX_CALL_QUEUE_USERS + 1 }, (_, i) => ({ ...wave1.members[2], personId: `agent-${i}`, userPrincipalName: `agent${i}@contoso.com`, groupIds: [HOSTILE_GROUP] }));
    big.plan.waves[1] = { ...wave1, members: [...wave1.members, ...agents] };
    const accounts = rows((await read(await toBuffer((out) => writeRolloutWorkbook(big, out)))).getWorksheet('Resource accounts')!);
    const pilot = accounts.find((r) => r[3] === '+13035550199')!;
    expect(pilot[0] ?? null).toBeNull();
    expect(pilot[1]).toBe('Call queue =SUM(1,2) Sales: desk');
    expect(pilot[8]).toMatch(/^A person: \d+ agents: a call queue takes 20 by name; .*give its resource account the pilot number \+13035550199$/);
  });

  it('lists the PBX groups each wave moves, split groups in each of their waves, with what each becomes in Teams', () => {
    const groups = rows(wb.getWorksheet('Groups')!);
    expect(groups[0]).toEqual(GROUP_COLUMNS.map((c) => c.header));
    const hostileName = HOSTILE_GROUP.slice('hunt-group:'.length);
    // Wave, kind, group, pilot number, sites, members, their UPNs, members elsewhere (an empty cell reads
    // back as null): hunt groups first, then by kind and name; the split hunt group's pilot moves with its
    // last member.
    expect(groups.slice(1).map((r) => [r[0], r[2], r[3], r[4], r[5], r[6], r[7], r[8]])).toEqual([
      [0, 'Hunt group', hostileName, null, 'Seattle', 3, 'user1@contoso.com\nuser2@contoso.com\nuser3@contoso.com', 'Wave 1: 1'],
      [0, 'Boss and delegate', 'User 1', null, 'Seattle', 2, 'user1@contoso.com\nuser2@contoso.com', null],
      [1, 'Hunt group', hostileName, '+13035550199', '+Denver', 1, 'user52@contoso.com', 'Wave 0: 3'],
      [1, 'Pickup group', 'London desk', null, '+Denver\nLondon', 2, 'user51@contoso.com\nuser52@contoso.com', null],
    ]);
    expect(groups[1][1]).toBeInstanceOf(Date);
    expect(groups[1][9]).toBe(GROUP_TEAMS_SET_UP['hunt-group']);
    expect(groups[1][9]).toMatch(/New-CsCallQueue/);
    expect(groups[2][9]).toMatch(/New-CsUserCallingDelegate/);
    expect(groups[4][9]).toMatch(/-CallGroupTargets/);
    const summary = rows(wb.getWorksheet('Summary')!);
    expect(summary.find((r) => r[1] === 'PBX groups moving')![2]).toBe(3);
  });

  it('names at most WAVE_GROUP_MEMBERS_LISTED members of a group in its cell and counts the rest', async () => {
    const big = buildFixtureInput();
    const pilot = big.plan.waves[0];
    const agents = Array.from({ length: WAVE_GROUP_MEMBERS_LISTED + 12 }, (_, i) => ({
      ...pilot.members[5],
      personId: `agent-${i}`,
      userPrincipalName: `agent${String(i).padStart(3, '0')}@contoso.com`,
      groupIds: ['call-centre:Support'],
    }));
    big.plan.waves[0] = { ...pilot, members: [...pilot.members, ...agents] };
    const groups = rows((await read(await toBuffer((out) => writeRolloutWorkbook(big, out)))).getWorksheet('Groups')!);
    const support = groups.find((r) => r[3] === 'Support')!;
    expect(support[2]).toBe('Call centre');
    expect(support[6]).toBe(WAVE_GROUP_MEMBERS_LISTED + 12);
    const listed = String(support[7]).split('\n');
    expect(listed).toHaveLength(WAVE_GROUP_MEMBERS_LISTED + 1);
    expect(listed[0]).toBe('agent000@contoso.com');
    expect(listed[WAVE_GROUP_MEMBERS_LISTED]).toBe('and 12 more');
    // Call centres come right after hunt groups: both need resource accounts and numbers.
    expect(groups.slice(1).map((r) => `${r[0]} ${r[2]}`)).toEqual(['0 Hunt group', '0 Call centre', '0 Boss and delegate', '1 Hunt group', '1 Pickup group']);
  });

  it('prints every sheet landscape, one page wide, the header row on each page', async () => {
    const zip = await JSZip.loadAsync(buffer);
    const book = await zip.file('xl/workbook.xml')!.async('string');
    ROLLOUT_SHEETS.forEach((name, i) => expect(book).toContain(`<definedName name="_xlnm.Print_Titles" localSheetId="${i}">&apos;${name}&apos;!$1:$1</definedName>`));
    for (const xml of await sheetXml(buffer)) {
      expect(xml).toContain('<pageSetUpPr fitToPage="1"/>');
      expect(xml).toMatch(/<pageSetup orientation="landscape"[^>]* fitToWidth="1" fitToHeight="0"\/>/);
    }
    for (const sheet of wb.worksheets) expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' });
  });

  it('is deterministic: the same plan and generatedAt give the same XML', async () => {
    const again = await toBuffer((out) => writeRolloutWorkbook(buildFixtureInput(), out));
    const a = await JSZip.loadAsync(buffer);
    const b = await JSZip.loadAsync(again);
    expect(Object.keys(b.files).sort()).toEqual(Object.keys(a.files).sort());
    for (const name of Object.keys(a.files)) {
      if (a.files[name].dir) continue;
      expect(await b.file(name)!.async('string')).toBe(await a.file(name)!.async('string'));
    }
    expect(await a.file('docProps/core.xml')!.async('string')).toContain('2026-11-25T01:00:00Z');
  });
});

describe('wave workbook', () => {
  it('has the cutover facts and one row per wave member', async () => {
    const input = buildFixtureInput();
    const wave = input.plan.waves[1];
    const buffer = await toBuffer((out) => writeWaveWorkbook(input, wave, out));
    const wb = await read(buffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual([...WAVE_SHEETS]);
    expectNoFormula(wb);
    const info = rows(wb.getWorksheet('Cutover')!);
    expect(info.find((r) => r[0] === 'Cutover date')![1]).toBeInstanceOf(Date);
    // The Cutover sheet says what each other sheet holds, and which this wave leaves empty.
    const guide = info.filter((r) => String(r[0]).startsWith('Sheet: '));
    expect(guide.map((r) => r[0])).toEqual(WAVE_SHEETS.slice(1).map((name) => `Sheet: ${name}`));
    expect(guide.filter((r) => String(r[1]).endsWith(' None in this wave.')).map((r) => r[0])).toEqual(['Sheet: Call forwarding', 'Sheet: Caller ID']);
    expect((await sheetXml(buffer)).every((xml) => xml.includes('<pageSetUpPr fitToPage="1"/>'))).toBe(true);
    expect(info.find((r) => r[0] === 'Name')![1]).toBe("Wave 1 - London & Denver ('UK')");
    const assignments = rows(wb.getWorksheet('Number assignments')!);
    expect(assignments[0].slice(-2)).toEqual(['Done', 'Notes']);
    expect(assignments.length - 1).toBe(wave.members.length);
    expect(assignments[3][6]).toBe('+13035550152');
    expect(assignments[3][8]).toBe('CallingPlan');
    // The pilot and the main number this wave moves go to resource accounts, on a sheet of their own to tick off too.
    const accounts = rows(wb.getWorksheet('Resource accounts')!);
    expect(accounts[0]).toEqual([...RESOURCE_ACCOUNT_COLUMNS.map((c) => c.header), 'Done', 'Notes']);
    expect(accounts.slice(1).map((r) => [r[0], r[1], r[3], r[6]])).toEqual([
      ['cq-sum-1-2-sales-desk@contoso.com', 'Call queue =SUM(1,2) Sales: desk', '+13035550199', 1],
      ['aa-denver@contoso.com', 'Auto attendant +Denver main number', '+13035550100', 1],
    ]);
    // Only this wave's groups; the hunt group split with the pilot says where its other members go.
    const groups = rows(wb.getWorksheet('Groups')!);
    expect(groups.slice(1).map((r) => [r[0], r[2], r[4], r[6], r[8]])).toEqual([
      [1, 'Hunt group', '+13035550199', 1, 'Wave 0: 3'],
      [1, 'Pickup group', null, 2, null],
    ]);
  });
});

describe('text with whitespace at its edges', () => {
  it('keeps a leading tab or space (an inline string with xml:space="preserve"), other text stays a plain value', async () => {
    const values = ['\t=1+1 tab', ' lead', 'trail\n', '=HYPERLINK("http://x","y")'];
    const buffer = await toBuffer(async (out) => {
      const workbook = openWorkbook(out, '2026-01-01T00:00:00Z');
      const sheet = new TableSheet(workbook, 'S', [{ header: 'A', width: 10 }, { header: 'B', width: 10 }, { header: 'C', width: 10 }, { header: 'D', width: 10 }]);
      sheet.addRow(values);
      sheet.commit();
      await workbook.commit();
    });
    const [xml] = await sheetXml(buffer);
    expect(xml).toContain('<c r="A2" t="inlineStr"><is><t xml:space="preserve">\t=1+1 tab</t></is></c>');
    expect(xml).toContain('t="str"><v>=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)</v>');
    expect(xml).not.toMatch(/<f[ >]/);
    const wb = await read(buffer);
    expectNoFormula(wb);
    expect(rows(wb.getWorksheet('S')!)[1]).toEqual(values);
  });
});

describe('cell helpers', () => {
  it('replaces characters XML cannot carry and keeps everything else', () => {
    expect(cellText('a\u0001b\u0000c')).toBe('a\uFFFDb\uFFFDc');
    expect(cellText('Line\nTab\tok \u65e5')).toBe('Line\nTab\tok \u65e5');
    expect(cellText('x'.repeat(40000))).toHaveLength(32767);
  });
  it('turns only real yyyy-mm-dd dates into Dates', () => {
    expect(excelDate('2026-02-28')?.toISOString()).toBe('2026-02-28T00:00:00.000Z');
    expect(excelDate('2026-02-30')).toBeUndefined();
    expect(excelDate('=NOW()')).toBeUndefined();
  });
});
