/** `vmp site-rules` end to end: the real binary, a real SQLite file holding a derived snapshot, exit codes and output. */
import fs from 'node:fs';
import path from 'node:path';
import { deriveSites, type PlaceForSites } from '../../../shared/domain/site-derivation';
import type { Person } from '../../../shared/domain/tenant-snapshot';
import { loadSnapshot, saveSnapshot } from '../../../shared/services/snapshot-repository';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { person } from '../../unit/decisions/fixtures';
import { makeTempDb, vmp, writeInputFile } from '../../support/cli';

const TENANT = 'eeeeeeee-5555-4555-8555-555555555555';
let dir: string;
let db: string;
const write = (name: string, value: unknown) => writeInputFile(dir, name, value);

const RULES = { rules: [{ officeLocation: 'SEA-*', siteName: 'Seattle' }, { officeLocation: 'Remote', siteName: 'Home workers', countryCode: 'us' }] };

beforeAll(async () => {
  ({ dir, db } = makeTempDb('vmp-site-rules-'));
  const places: PlaceForSites[] = [{ kind: 'building', id: 'b1', displayName: 'Seattle', address: { street: '1 Main St', city: 'Seattle', countryCode: 'US' } }];
  const directory: Person[] = [
    person('a', { officeLocation: 'Seattle', siteId: undefined }),
    person('b', { officeLocation: 'SEA-B2', siteId: undefined }),
    person('c', { officeLocation: 'SEA-B7', siteId: undefined }),
    person('d', { officeLocation: 'Remote', siteId: undefined }),
  ];
  // Stored the way a sync stores it, with no rules yet: b, c and d map to no site.
  const d = deriveSites({ places, people: directory });
  const store = new SqliteStore(db);
  await saveSnapshot(
    store,
    {
      tenantId: TENANT,
      tenantName: 'Fabrikam',
      takenAt: '2026-04-01T08:00:00.000Z',
      people: directory.map((p) => ({ ...p, siteId: d.siteOf.get(p.id) })),
      sites: d.sites,
      numbers: [],
      unmappedPeople: d.unmapped,
      warnings: [],
    },
    'test',
  );
  await store.close();
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('vmp site-rules', () => {
  it('shows that no rules are saved and how many people map to no site', () => {
    const r = vmp('site-rules', '--db', db);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Site mapping rules: none saved yet.');
    expect(r.stdout).toMatch(/3 people map to no site/);
    const json = JSON.parse(vmp('site-rules', '--json', '--db', db, '--tenant', TENANT).stdout);
    expect(json).toMatchObject({ tenantId: TENANT, rules: [], version: null, snapshot: { unmappedPeople: 3, canApply: true } });
  });

  it('invalid rules, a broken file, or contradictory options: exit 2, every error by JSON path, nothing saved', () => {
    const bad = write('bad.json', { rules: [{ officeLocation: 'SEA-*' }, { city: 'Oslo', siteName: 'Oslo', countryCode: 'NOR' }] });
    const r = vmp('site-rules', '--set', bad, '--json', '--db', db);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}: error $.rules[0].siteName: required`);
    expect(r.stderr).toContain(`${bad}: error $.rules[1].countryCode: expected a two-letter ISO country code`);
    expect(JSON.parse(r.stdout).error.details.issues.map((i: { path: string }) => i.path)).toEqual(['$.rules[0].siteName', '$.rules[1].countryCode']);
    expect(vmp('site-rules', '--preview', bad, '--db', db).code).toBe(2);
    expect(vmp('site-rules', '--set', write('broken.json', '{"rules": ['), '--db', db).code).toBe(2);
    expect(vmp('site-rules', '--set', path.join(dir, 'missing.json'), '--db', db).code).toBe(2);
    expect(vmp('site-rules', '--apply', '--db', db).code).toBe(2);
    expect(JSON.parse(vmp('site-rules', '--json', '--db', db).stdout).version).toBeNull();
  });

  it('--preview shows people per rule and unmapped before/after without saving', () => {
    const file = write('rules.json', RULES);
    const r = vmp('site-rules', '--preview', file, '--db', db);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1. -> Seattle [seattle]: 2 people');
    expect(r.stdout).toContain('2. -> Home workers [home-workers, new site]: 1 person');
    expect(r.stdout).toContain('Unmapped: 3 -> 0; 3 people change site.');
    const json = JSON.parse(vmp('site-rules', '--preview', file, '--json', '--db', db).stdout);
    expect(json.preview.unmapped).toEqual({ before: 3, after: 0, sample: [] });
    expect(JSON.parse(vmp('site-rules', '--json', '--db', db).stdout).version).toBeNull();
  });

  it('--set saves the next version and shows what the next sync changes; --apply re-derives the snapshot now', async () => {
    const file = write('rules.json', { rules: [RULES.rules[0]] });
    const r = vmp('site-rules', '--set', file, '--db', db);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Site mapping rules saved as version 1.');
    expect(r.stdout).toContain('The next sync applies them');
    expect(r.stdout).toContain('Unmapped: 3 -> 1');
    expect(r.stdout).toMatch(/Person d <d@contoso\.example>: officeLocation "Remote" matches no site/);

    const applied = vmp('site-rules', '--set', write('all.json', RULES), '--apply', '--json', '--db', db);
    expect(applied.code).toBe(0);
    expect(JSON.parse(applied.stdout)).toMatchObject({ version: 2, applied: { peopleMoving: 3, unmappedBefore: 3, unmappedAfter: 0 } });
    const store = new SqliteStore(db);
    const snapshot = (await loadSnapshot(store, TENANT))!;
    await store.close();
    expect(Object.fromEntries(snapshot.people.map((p) => [p.id, p.siteId]))).toEqual({ a: 'seattle', b: 'seattle', c: 'seattle', d: 'home-workers' });
    const shown = vmp('site-rules', '--db', db);
    expect(shown.stdout).toContain('version 2, saved by cli');
    expect(shown.stdout).toContain('2. officeLocation "Remote" -> Home workers (US)');
    expect(shown.stdout).toContain('0 people map to no site; rules version 2 applied to it.');
  });
});
