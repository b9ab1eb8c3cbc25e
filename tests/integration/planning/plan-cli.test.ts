/**
 * `vmp plan` and `vmp route` end to end: the real binary, a real SQLite file holding the small
 * two-site tenant (snapshot + PBX inventory); paths and readiness come from the decision service.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { constraintFix, constraintLabel } from '../../../shared/domain/planning/constraint-catalogue';
import { smallTenantInputs } from '../../unit/planning/support/small-tenant';
import { makeTempDb, vmp, writeInputFile } from '../../support/cli';
import { smallTenantSettingsFile, storeSmallTenant } from '../../support/small-tenant-store';

let dir: string;
let db: string;
const write = (name: string, value: unknown) => writeInputFile(dir, name, value);

const input = smallTenantInputs();
const settings = smallTenantSettingsFile();

beforeAll(async () => {
  ({ dir, db } = makeTempDb('vmp-plan-'));
  const store = new SqliteStore(db);
  await storeSmallTenant(store, input);
  await store.close();
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('vmp plan', () => {
  it('builds, stores and prints the plan as canonical JSON', () => {
    const r = vmp('plan', '--settings', write('settings.json', settings), '--today', '2026-02-02', '--json', '--db', db);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.tenantId).toBe('contoso');
    expect(plan.inputs).toMatchObject({ today: '2026-02-02', settingsVersion: 1 });
    const moved = plan.waves.flatMap((w: { members: { personId: string }[] }) => w.members.map((m) => m.personId));
    expect(moved).toEqual(expect.arrayContaining(['alice', 'bob', 'frank', 'gina']));
    // Hans stays on the PBX by override; every person is somewhere.
    expect(plan.stayingOnPbx.map((s: { personId: string }) => s.personId)).toContain('hans');
    expect(moved.length + plan.blocked.length + plan.stayingOnPbx.length).toBe(input.snapshot.people.length);
    // Same stored inputs, same bytes.
    const again = vmp('plan', '--today', '2026-02-02', '--json', '--db', db);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(r.stdout);
  });

  it('--summary prints the summary; the human output lists the waves', () => {
    const r = vmp('plan', '--today', '2026-02-02', '--json', '--summary', '--db', db);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.waves.length).toBeGreaterThan(0);
    expect(s.totals.inWaves).toBeGreaterThan(0);
    const human = vmp('plan', '--today', '2026-02-02', '--db', db);
    expect(human.stdout).toMatch(/Wave 1 +2026-0\d-\d\d 19:00/);
    // Unmet constraints by kind: the label, how many, the code, the fix, then each one.
    expect(s.unmet.length).toBeGreaterThan(0);
    const first = s.unmet[0];
    expect(human.stdout).toContain(`Constraints not met (${s.unmet.length}):\n  ${constraintLabel(first.code)} (`);
    expect(human.stdout).toContain(`[${first.code}]\n    fix: ${constraintFix(first.code)}\n    - ${first.message}`);
  });

  it('bad input exits 2: invalid settings (nothing stored), an impossible date', () => {
    const bad = vmp('plan', '--settings', write('bad.json', { ...settings, scheduling: { startDate: 'soon' } }), '--db', db);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/scheduling/);
    expect(vmp('plan', '--today', '2026-02-30', '--db', db).code).toBe(2);
    expect(vmp('plan', '--settings', path.join(dir, 'missing.json'), '--db', db).code).toBe(2);
  });

  it('--fail-on-blockers exits 3 when constraints are not met', () => {
    const r = vmp('plan', '--today', '2026-02-02', '--fail-on-blockers', '--db', db);
    const summary = JSON.parse(vmp('plan', '--today', '2026-02-02', '--json', '--summary', '--db', db).stdout);
    expect(r.code).toBe(summary.totals.blocked + summary.totals.unmet > 0 ? 3 : 0);
  });
});

describe('vmp route', () => {
  it('answers before and after the wave, with the path and the rule', () => {
    const plan = JSON.parse(vmp('plan', '--today', '2026-02-02', '--json', '--db', db).stdout);
    const wave = plan.waves.find((w: { members: { personId: string }[] }) => w.members.some((m) => m.personId === 'frank'));
    const before = JSON.parse(vmp('route', '+49 30 12345601', '--date', '2026-02-03', '--json', '--db', db).stdout);
    expect(before.target).toBe('pbx');
    const after = vmp('route', '+49 30 12345601', '--date', '2027-01-01', '--db', db);
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/TEAMS/);
    expect(after.stdout).toMatch(/SBC sbc-eu -> Teams \(Direct Routing\)/);
    expect(wave.date > '2026-02-03').toBe(true);
  });

  it('an unreadable number or date exits 2', () => {
    expect(vmp('route', 'not-a-number', '--date', '2026-03-01', '--db', db).code).toBe(2);
    expect(vmp('route', '+14255550101', '--date', 'someday', '--db', db).code).toBe(2);
  });
});
