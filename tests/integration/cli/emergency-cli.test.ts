/**
 * `vmp emergency` as a script reads it: the real binary on a real SQLite file holding the small two-site
 * tenant (Seattle in the US without a security desk, Berlin on Direct Routing with its routing in place).
 */
import fs from 'node:fs';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { makeTempDb, vmp, writeInputFile } from '../../support/cli';
import { smallTenantSettingsFile, storeSmallTenant } from '../../support/small-tenant-store';

let dir: string;
let db: string;

beforeAll(async () => {
  ({ dir, db } = makeTempDb('vmp-emergency-'));
  const store = new SqliteStore(db);
  await storeSmallTenant(store);
  await store.close();
  expect(vmp('decide', '--settings', writeInputFile(dir, 'settings.json', smallTenantSettingsFile()), '--db', db).code).toBe(0);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('vmp emergency', () => {
  it("counts the emergency gates across the tenant: Seattle has Kari's Law's warning", () => {
    const r = vmp('emergency', '--db', db);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('warning site-no-security-desk: 1 (US site without a security desk for emergency calls)');
    expect(r.stdout).toContain('addresses validated: 2 of 2 sites in the settings');
    const json = JSON.parse(vmp('emergency', '--json', '--db', db).stdout);
    expect(json.gates).toEqual([{ code: 'site-no-security-desk', severity: 'warning', count: 1 }]);
    expect(json.site).toBeUndefined();
  });

  it('gives one site by id or name, with its country\'s emergency numbers', () => {
    const byName = vmp('emergency', '--site', 'berlin', '--db', db);
    expect(byName.code).toBe(0);
    expect(byName.stdout).toContain('Emergency calls at Berlin (DE)');
    expect(byName.stdout).toContain('Direct Routing emergency routing: in place');
    expect(byName.stdout).toContain('emergency numbers: 112, 110');
    expect(byName.stdout).toContain('no emergency blocker holds the site');
    expect(byName.stdout).toContain('Shared Calling callback numbers: none (no Shared Calling)');
    const seattle = JSON.parse(vmp('emergency', '--site', 'Seattle', '--json', '--db', db).stdout).site;
    expect(seattle).toMatchObject({ site: { id: 'seattle' }, emergencyNumbers: ['911', '933'] });
    expect(seattle).not.toHaveProperty('securityDesk');
    expect(seattle.emergencyCallbackNumbers).toEqual([]);
  });

  it('refuses a site the tenant does not have with exit 2', () => {
    const r = vmp('emergency', '--site', 'Atlantis', '--db', db);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('No site "Atlantis" in the tenant (by id or name).');
  });
});
