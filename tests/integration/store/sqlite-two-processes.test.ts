/**
 * The server and `vmp` share one SQLite file. Two processes saving settings at once, each from the
 * version it read, must see every save either stored or refused as a conflict (409 through the API):
 * never "database is locked", and never an update lost.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDecisionService } from '../../../shared/services/decision-service';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { storeSmallTenant, smallTenantSettingsFile } from '../../support/small-tenant-store';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SAVES_PER_PROCESS = 120;

/** A child process that saves the settings SAVES_PER_PROCESS times, each from the version it just read. */
const WRITER = `
const { SqliteStore } = require('./shared/store/sqlite-store');
const { createDecisionService } = require('./shared/services/decision-service');
const [file, name, count, settingsJson, startAt] = process.argv.slice(1);
(async () => {
  const store = new SqliteStore(file);
  // Both writers begin at the same moment (after their start-up), so their saves interleave.
  while (Date.now() < Number(startAt)) await new Promise((r) => setTimeout(r, 5));
  const decisions = createDecisionService(store);
  const settings = JSON.parse(settingsJson);
  const outcome = { saved: 0, conflicts: 0, other: [] };
  for (let i = 0; i < Number(count); i++) {
    const current = await decisions.getSettings('contoso');
    // Each save changes content, so none of them is a no-op.
    const next = { ...settings, tenant: { smallSiteMaxUsers: 1 + ((i * 7 + name.length) % 40) }, scheduling: { ...settings.scheduling, startDate: '2026-02-' + String(2 + (i % 20)).padStart(2, '0') } };
    try {
      const r = await decisions.saveSettings('contoso', name, next, current.version);
      if (!r.unchanged) outcome.saved++;
    } catch (err) {
      if (err && err.code === 'conflict') outcome.conflicts++;
      else outcome.other.push(String(err && (err.code || err.message)));
    }
  }
  await store.close();
  process.stdout.write(JSON.stringify(outcome));
})();
`;

function runWriter(file: string, name: string, startAt: number): Promise<{ saved: number; conflicts: number; other: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'tsx/cjs', '-e', WRITER, file, name, String(SAVES_PER_PROCESS), JSON.stringify(smallTenantSettingsFile()), String(startAt)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`writer ${name} exited ${code}: ${err}`))));
  });
}

describe('two processes on one SQLite file', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-two-procs-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('every concurrent save is stored or refused as a conflict; none fails and none is lost', async () => {
    const file = path.join(dir, 'vmp.sqlite');
    const setup = new SqliteStore(file);
    await storeSmallTenant(setup);
    await setup.close();

    const startAt = Date.now() + 4_000;
    const results = await Promise.all([runWriter(file, 'server', startAt), runWriter(file, 'cli', startAt)]);
    // The writers really raced: some saves were refused because the other writer got there first.
    expect(results.reduce((n, r) => n + r.conflicts, 0)).toBeGreaterThan(0);
    for (const r of results) expect(r.other).toEqual([]);
    const saved = results.reduce((n, r) => n + r.saved, 0);
    const conflicts = results.reduce((n, r) => n + r.conflicts, 0);
    expect(saved + conflicts).toBe(2 * SAVES_PER_PROCESS);
    expect(saved).toBeGreaterThan(0);

    const store = new SqliteStore(file);
    const settings = await createDecisionService(store).getSettings('contoso');
    // Every stored save made exactly one version: nothing was overwritten without a version.
    expect(settings.version).toBe(saved);
    const audit = (await store.listAudit('contoso', 1000)).filter((a) => a.action === 'settings.save');
    expect(audit).toHaveLength(saved);
    expect((store as unknown as { db: { pragma(s: string, o: object): unknown } }).db.pragma('integrity_check', { simple: true })).toBe('ok');
    await store.close();
  }, 120_000);
});
