/**
 * LibreOffice as a second, independent reader of the generated workbooks: headless conversion of
 * every sheet to CSV, then a known row is checked (text stays text, numbers keep `+` and leading
 * zeros, dates are dates, hostile strings are shown, never evaluated). LibreOffice is required:
 * without it this test fails and says how to install it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportFiles } from '../../../shared/export/export-files';
import { buildFixtureInput } from '../../unit/export/support/fixture-plan';
import { convertToCsv, readCsv } from '../../support/libreoffice';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-lo-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('LibreOffice reads the workbooks', () => {
  it('converts every sheet and shows the values as written', async () => {
    const out = path.join(dir, 'export');
    await exportFiles(buildFixtureInput(), out);
    const csvDir = path.join(dir, 'csv');
    await convertToCsv([path.join(out, 'rollout-plan.xlsx'), path.join(out, 'wave-01-number-assignments.xlsx')], csvDir, { profileDir: path.join(dir, 'profile'), everySheet: true });
    const read = (name: string): string[][] => readCsv(path.join(csvDir, name));

    const assignments = read('rollout-plan-Number assignments.csv');
    expect(assignments[0][0]).toBe('UPN');
    const first = assignments.find((row) => row[0] === 'user1@contoso.com')!;
    // A formula-looking name is shown as text, not evaluated (LibreOffice would print a result or an error).
    expect(first[1]).toBe("=cmd|' /C calc'!A0");
    expect(first[3]).toBe('=HYPERLINK("http://x","y")');
    expect(first[5]).toBe('+14255551001');
    expect(first[14]).toBe('2026-12-08');
    expect(assignments.find((row) => row[0] === 'user2@contoso.com')![1]).toBe('+SUM(1,2)');
    expect(assignments.find((row) => row[0] === 'user4@contoso.com')![1]).toBe('-2+3');
    const london = assignments.find((row) => row[0] === 'user50@contoso.com')!;
    expect(london[4]).toBe('0050');
    expect(london[6]).toBe('+442071234050');
    expect(london[13]).toBe('1');

    const waves = read('rollout-plan-Waves.csv');
    expect(waves[1].slice(0, 3)).toEqual(['0', 'Pilot', '2026-12-08']);
    const summary = read('rollout-plan-Summary.csv');
    expect(summary.find((row) => row[1] === 'Name')![2]).toBe("Contoso 'Test' =Tenant");

    const wave = read('wave-01-number-assignments-Number assignments.csv');
    expect(wave).toHaveLength(4);
    expect(wave[3][6]).toBe('+13035550152');

    // A group named like a formula is shown as its name; the member lists keep their lines.
    const groups = read('rollout-plan-Groups.csv');
    expect(groups[1].slice(0, 7)).toEqual(['0', '2026-12-08', 'Hunt group', '=SUM(1,2) Sales: desk', '', 'Seattle', '3']);
    expect(groups[1][7].split('\n')).toEqual(['user1@contoso.com', 'user2@contoso.com', 'user3@contoso.com']);
    // The hunt group's pilot number is text where its last member moves, not a number LibreOffice reformats.
    expect(read('wave-01-number-assignments-Groups.csv').map((row) => row.slice(3, 5))).toEqual([
      ['Group', 'Pilot number'],
      ['=SUM(1,2) Sales: desk', '+13035550199'],
      ['London desk', ''],
    ]);

    // Resource accounts: the numbers a call queue or an auto attendant takes, as text; a formula-looking
    // group name in "Kind and name" shown as written.
    const accounts = read('rollout-plan-Resource accounts.csv');
    expect(accounts[0].slice(0, 4)).toEqual(['Account (UPN)', 'Kind and name', 'Site', 'Number to assign']);
    const byNumber = (n: string) => accounts.find((row) => row[3] === n)!;
    expect(byNumber('+14255551000').slice(1, 3)).toEqual(['Auto attendant Seattle main number', 'Seattle']);
    expect(byNumber('+13035550100')[1]).toMatch(/^Auto attendant .*Denver main number$/);
    expect(byNumber('+13035550199')[1]).toBe('Call queue =SUM(1,2) Sales: desk');
    expect(byNumber('+13035550199')[7]).toBe('2027-01-12');
    expect(read('wave-01-number-assignments-Resource accounts.csv').slice(1).map((row) => row[3]).sort()).toEqual(['+13035550100', '+13035550199']);
  }, 240000);
});
