/**
 * LibreOffice as a second, independent reader of the generated workbooks: headless conversion of
 * every sheet to CSV, then a known row is checked (text stays text, numbers keep `+` and leading
 * zeros, dates are dates, hostile strings are shown, never evaluated). LibreOffice is required:
 * without it this test fails and says how to install it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { exportFiles } from '../../../shared/export/export-files';
import { buildFixtureInput } from '../../unit/export/support/fixture-plan';

function findSoffice(): string | undefined {
  for (const candidate of ['soffice', 'libreoffice']) {
    const r = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
    if (r.status === 0) return candidate;
  }
  return undefined;
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-lo-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('LibreOffice reads the workbooks', () => {
  it('converts every sheet and shows the values as written', async () => {
    const soffice = findSoffice();
    if (!soffice) {
      throw new Error('LibreOffice is needed for this test: install it (Debian/Ubuntu: apt-get install -y libreoffice-calc-nogui) so that `soffice` is on PATH.');
    }
    const out = path.join(dir, 'export');
    await exportFiles(buildFixtureInput(), out);
    const csvDir = path.join(dir, 'csv');
    // A private profile per run, so parallel runs and a desktop LibreOffice never collide.
    const profile = `file://${path.join(dir, 'profile')}`;
    // Filter options: comma, double quote, UTF-8, from line 1, ..., last token -1 = every sheet to its own file.
    const filter = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1';
    const r = spawnSync(
      soffice,
      [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--convert-to', filter, '--outdir', csvDir, path.join(out, 'rollout-plan.xlsx'), path.join(out, 'wave-01-number-assignments.xlsx')],
      { encoding: 'utf8', timeout: 180000 },
    );
    expect(r.status).toBe(0);
    const read = (name: string): string[][] => parse(fs.readFileSync(path.join(csvDir, name), 'utf8'), { relax_column_count: true });

    const assignments = read('rollout-plan-Number assignments.csv');
    expect(assignments[0][0]).toBe('UPN');
    const first = assignments.find((row) => row[0] === 'user1@contoso.com')!;
    // A formula-looking name is shown as text, not evaluated (LibreOffice would print a result or an error).
    expect(first[1]).toBe("=cmd|' /C calc'!A0");
    expect(first[3]).toBe('=HYPERLINK("http://x","y")');
    expect(first[5]).toBe('+14255551001');
    expect(first[13]).toBe('2026-12-08');
    expect(assignments.find((row) => row[0] === 'user2@contoso.com')![1]).toBe('+SUM(1,2)');
    expect(assignments.find((row) => row[0] === 'user4@contoso.com')![1]).toBe('-2+3');
    const london = assignments.find((row) => row[0] === 'user50@contoso.com')!;
    expect(london[4]).toBe('0050');
    expect(london[6]).toBe('+442071234050');
    expect(london[12]).toBe('1');

    const waves = read('rollout-plan-Waves.csv');
    expect(waves[1].slice(0, 3)).toEqual(['0', 'Pilot', '2026-12-08']);
    const summary = read('rollout-plan-Summary.csv');
    expect(summary.find((row) => row[1] === 'Name')![2]).toBe("Contoso 'Test' =Tenant");

    const wave = read('wave-01-number-assignments-Number assignments.csv');
    expect(wave).toHaveLength(4);
    expect(wave[3][6]).toBe('+13035550152');
  }, 240000);
});
