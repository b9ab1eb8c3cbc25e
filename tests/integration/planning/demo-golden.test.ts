/**
 * The demo tenant's plan (what `npm start` shows on first start): the demo Graph server (400 users,
 * seed 42) synced, its PBX export imported, examples/settings.json stored and the plan built on the
 * fixed "today" local mode uses (DEMO_PLAN_LEAD_DAYS before the settings' start date). Built twice, in
 * two stores, and compared byte for byte with tests/golden/plan-demo-tenant.json.
 * After a deliberate change: UPDATE_GOLDEN=1 npx jest tests/integration/planning/demo-golden, then review the diff.
 */
import fs from 'node:fs';
import path from 'node:path';
import { seedDemoPlan, demoPlanToday, DEMO_SETTINGS_FILE } from '../../../server/local-demo';
import { serializePlan } from '../../../shared/domain/planning/serialize-plan';
import { withSyncedDemoTenant } from '../../support/demo';

const GOLDEN = path.join(__dirname, '..', '..', 'golden', 'plan-demo-tenant.json');
const NOW = new Date('2026-03-01T09:00:00.000Z');

function buildDemoPlan(): Promise<{ text: string; recommendations: { siteId: string; path: string; ruleCodes: string[] }[] }> {
  return withSyncedDemoTenant(NOW, async (services, tenantId) => {
    // Exactly what local mode does on first start; a second call changes nothing.
    await seedDemoPlan(services, tenantId);
    await seedDemoPlan(services, tenantId);
    const stored = (await services.plan.get(tenantId))!;
    expect(stored.settingsVersion).toBe(1);
    const view = await services.decisions.getDecisions(tenantId);
    return { text: serializePlan(stored.plan), recommendations: view.recommendations.map((r) => ({ siteId: r.siteId, path: r.path, ruleCodes: r.ruleCodes ?? [] })) };
  });
}

describe('plan golden: the demo tenant', () => {
  it('is deterministic and matches the reviewed plan byte for byte', async () => {
    const first = await buildDemoPlan();
    const second = await buildDemoPlan();
    expect(second.text).toBe(first.text);
    if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(GOLDEN, first.text);
    expect(first.text).toBe(fs.readFileSync(GOLDEN, 'utf8'));

    // The story the demo tells: a hybrid, not Direct Routing everywhere.
    const settings = JSON.parse(fs.readFileSync(DEMO_SETTINGS_FILE, 'utf8'));
    const plan = JSON.parse(first.text);
    expect(plan.inputs.today).toBe(demoPlanToday(settings));
    const pathOf = Object.fromEntries(first.recommendations.map((r) => [r.siteId, `${r.path} ${r.ruleCodes[0]}`]));
    expect(pathOf).toEqual({
      amsterdam: 'OC operator-available',
      berlin: 'DR pbx-stays',
      'london-city': 'DR compliance',
      'london-docklands': 'OC operator-available',
      madrid: 'DR contact-centre',
      milan: 'DR no-operator',
      paris: 'OC operator-available',
      seattle: 'OC operator-available',
      stockholm: 'OC operator-available',
      toronto: 'CP no-operator-small-site',
    });
    expect(plan.waves.length).toBeGreaterThanOrEqual(3);
    const blockedCodes = new Set(plan.blocked.flatMap((b: { gates: { code: string }[] }) => b.gates.map((g) => g.code)));
    for (const code of ['no-teams-phone-licence', 'no-usage-location', 'number-synced-from-on-prem']) expect(blockedCodes).toContain(code);
  }, 240000);
});
