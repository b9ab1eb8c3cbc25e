/** `vmp decide` end to end: the real binary, a real SQLite file, exit codes and output. */
import fs from 'node:fs';
import path from 'node:path';
import { saveSnapshot } from '../../../shared/services/snapshot-repository';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { BASE, person, site, snapshot } from '../../unit/decisions/fixtures';
import { makeTempDb, vmp, writeInputFile } from '../../support/cli';

let dir: string;
let db: string;
const write = (name: string, value: unknown) => writeInputFile(dir, name, value);

beforeAll(async () => {
  ({ dir, db } = makeTempDb('vmp-decide-'));
  const store = new SqliteStore(db);
  const people = Array.from({ length: 12 }, (_, i) => person(`p${i}`, { siteId: i < 8 ? 'sea' : 'lon', usageLocation: i < 8 ? 'US' : 'GB', businessPhones: [{ raw: 'x', e164: i < 8 ? `+1425555${1000 + i}` : `+44207946${1000 + i}`, valid: true }] }));
  await saveSnapshot(store, snapshot(people, [site('sea', 'US'), site('lon', 'GB')]), 'test');
  await store.close();
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('vmp decide', () => {
  it('invalid settings: exit 2, every error with its JSON path on stderr and in --json, nothing stored', () => {
    const bad = write('bad.json', { ...BASE, decisions: { sites: [{ siteId: 'sea', path: 'OC', operatorId: 'nope' }], users: [{ user: 'ghost', path: 'XX', reason: 'x' }] } });
    const r = vmp('decide', '--settings', bad, '--json', '--db', db);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error $.decisions.users[0].path:');
    const out = JSON.parse(r.stdout);
    expect(out.error.exitCode).toBe(2);
    expect(out.error.details.issues).toEqual([expect.objectContaining({ path: '$.decisions.users[0].path', severity: 'error' })]);
    // Schema is clean now; the references are checked next.
    const bad2 = write('bad2.json', { ...BASE, decisions: { sites: [{ siteId: 'sea', path: 'OC', operatorId: 'nope' }], users: [{ user: 'ghost', path: 'CP', reason: 'x' }] } });
    const r2 = vmp('decide', '--settings', bad2, '--json', '--db', db);
    expect(r2.code).toBe(2);
    expect(JSON.parse(r2.stdout).error.details.issues.map((i: { path: string }) => i.path)).toEqual(['$.decisions.sites[0].operatorId', '$.decisions.users[0].user']);
    expect(r2.stderr).toMatch(/error \$\.decisions\.sites\[0\]\.operatorId: .*"nope"/);
    expect(r2.stderr).toMatch(/error \$\.decisions\.users\[0\]\.user: .*ghost/);
  });

  it('a file that is not JSON, or missing, is bad input (exit 2)', () => {
    expect(vmp('decide', '--settings', write('broken.json', '{"operators": ['), '--db', db).code).toBe(2);
    expect(vmp('decide', '--settings', path.join(dir, 'missing.json'), '--db', db).code).toBe(2);
  });

  it('valid settings: exit 0, stored as the next version, and the decision picture printed', () => {
    const good = write('good.json', { ...BASE, decisions: { sites: [{ siteId: 'lon', path: 'DR', sbcId: 'sbc-1', note: 'contact centre' }] } });
    const r = vmp('decide', '--settings', good, '--json', '--db', db);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.settingsVersion).toBe(1);
    expect(out.recommendations.map((x: { siteId: string; path: string }) => [x.siteId, x.path])).toEqual([['lon', 'OC'], ['sea', 'OC']]);
    expect(out.recommendations[0]).toMatchObject({ decided: { path: 'DR', sbcId: 'sbc-1' }, differsFromDecision: true });
    expect(out.pathCounts).toEqual(expect.arrayContaining([{ path: 'DR', decided: 4, recommended: 0 }, { path: 'OC', decided: 0, recommended: 8 }]));
    expect(out.readiness).toMatchObject({ peopleMoving: 12 });
    expect(out.costs.total.monthly).toBeGreaterThan(0);

    // The same file again changes nothing: no new version (identical inputs give identical plans).
    const human = vmp('decide', '--settings', good, '--db', db);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('Settings unchanged: version 1 already holds this content');
    expect(human.stdout).toMatch(/LON \[lon\] GB, 4 people: recommended OC op-a; decided DR sbc-1 \(differs from the recommendation\)/);
    expect(human.stdout).toContain('Effective paths (people):');
    expect(human.stdout).toContain('Cost per month (USD)');
    expect(human.stdout).toContain('SBC sizing');
  });
});
