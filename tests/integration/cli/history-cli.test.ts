/**
 * `vmp history` as a script reads it: the real binary on a real SQLite file after real writes (a plan
 * built from settings), each entry in words, one entry with its facts or its settings, paging, and
 * bad input answered with exit 2.
 */
import fs from 'node:fs';
import { makeTempDb, vmp, writeInputFile } from '../../support/cli';
import { smallTenantSettingsFile, storeSmallTenant } from '../../support/small-tenant-store';
import { SqliteStore } from '../../../shared/store/sqlite-store';

let dir: string;
let db: string;
let waves: number;

beforeAll(async () => {
  ({ dir, db } = makeTempDb('vmp-history-'));
  const store = new SqliteStore(db);
  await storeSmallTenant(store);
  await store.close();
  const built = vmp('plan', '--settings', writeInputFile(dir, 'settings.json', smallTenantSettingsFile()), '--today', '2026-02-02', '--json', '--summary', '--db', db);
  expect(built.code).toBe(0);
  waves = (JSON.parse(built.stdout) as { waves: unknown[] }).waves.length;
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Item {
  id: number;
  action: string;
  title: string;
}
const page = (...args: string[]) => {
  const r = vmp('history', '--json', '--db', db, ...args);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as { items: Item[]; hasMore: boolean };
};

describe('vmp history', () => {
  it('lists the entries newest first in words, and pages', () => {
    const all = page();
    const plan = all.items.find((i) => i.action === 'plan.build')!;
    const saved = all.items.find((i) => i.action === 'settings.save')!;
    expect(plan.title).toBe(`Rollout plan built: ${waves} waves from settings version 1`);
    expect(saved.title).toBe('Planning settings saved as version 1');
    expect(plan.id).toBeGreaterThan(saved.id);
    expect(all.items.map((i) => i.id)).toEqual([...all.items.map((i) => i.id)].sort((a, b) => b - a));

    const human = vmp('history', '--db', db);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(new RegExp(`^  #${plan.id}  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC  \\S+  Rollout plan built: ${waves} waves from settings version 1$`, 'm'));

    const first = vmp('history', '--limit', '1', '--db', db);
    expect(first.stdout).toContain('entries 1-1 (next page: --offset 1)');
    expect(page('--limit', '1', '--offset', '1').items[0].id).toBe(all.items[1].id);
    expect(page('--kind', 'planning-settings').items.map((i) => i.action)).toEqual(['settings.save']);
    expect(page('--kind', 'settings')).toEqual(page('--kind', 'planning-settings'));
    expect(page('--kind', 'plan').items.map((i) => i.action)).toEqual(['plan.build']);
    // A kind the app records that this tenant has no entries of yet is an empty page, not an error.
    expect(page('--kind', 'msp-consent').items).toEqual([]);
  });

  it('shows one entry: a plan with what it recorded, a settings save with the settings to put back', () => {
    const all = page();
    const plan = vmp('history', String(all.items.find((i) => i.action === 'plan.build')!.id), '--db', db);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(`  Planned on: 2026-02-02\n  Waves: ${waves}\n`);

    const id = all.items.find((i) => i.action === 'settings.save')!.id;
    const saved = JSON.parse(vmp('history', String(id), '--json', '--db', db).stdout);
    // As stored: the file with the defaults the schema fills in.
    expect(saved.settings).toMatchObject({ operators: smallTenantSettingsFile().operators });
    expect(vmp('history', String(id), '--db', db).stdout).toMatch(/^  settings version none -> 1: \d+ changes$/m);
  });

  it('bad input is exit 2 naming it; nothing else is printed', () => {
    for (const [args, message] of [
      [['0'], 'The entry id "0" is not a whole number >= 1.'],
      [['abc'], 'The entry id "abc" is not a whole number >= 1.'],
      [['99999'], 'No history entry 99999 in this tenant'],
      [['--limit', '500'], '--limit "500" is not a whole number from 1 to 100.'],
      [['--offset', '-1'], '--offset "-1" is not a whole number >= 0.'],
      [['--kind', 'a b'], '--kind "a b" is neither a topic (settings, plan, site-rules, pbx, sync) nor a document name'],
      [['--kind', 'setings'], '--kind "setings" matches no history: the topics are settings, plan, site-rules, pbx, sync; the documents recorded are planning-settings,'],
    ] as const) {
      const r = vmp('history', ...args, '--db', db);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(message);
    }
  });
});
