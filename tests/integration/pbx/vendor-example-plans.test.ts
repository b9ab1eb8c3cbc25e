/**
 * Plans built from each vendor example keep the export's groups (shared lines, boss-delegate pairs,
 * pickup and hunt groups) in one wave: a real SQLite store, the import and plan services as the tab
 * uses them, and wave capacities small enough that a careless planner would split the groups.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Plan } from '../../../shared/domain/plan';
import { openTableFile } from '../../../shared/pbx/open-table';
import { createAppServices, type AppServices } from '../../../shared/services/app-services';
import { loadInventory } from '../../../shared/services/pbx-import-service';
import { saveSnapshot } from '../../../shared/services/snapshot-repository';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { contosoSnapshot } from '../../unit/pbx/contoso-snapshot';

const EXAMPLES = path.join(__dirname, '..', '..', '..', 'examples');
const NOW = new Date('2026-02-02T08:00:00Z');

const settings = {
  operators: [{ id: 'contoso-oc', name: 'Contoso Telecom', countries: ['US', 'GB'], portLeadTimeDays: 10, pricePerUserPerMonth: 8, enabledCountries: ['US', 'GB'] }],
  sbcs: [],
  sites: [
    { siteId: 'seattle', region: 'WA', emergencyAddress: 'validated' },
    { siteId: 'london', region: 'LDN', emergencyAddress: 'validated' },
  ],
  decisions: {
    sites: [
      { siteId: 'seattle', path: 'OC', operatorId: 'contoso-oc' },
      { siteId: 'london', path: 'OC', operatorId: 'contoso-oc' },
    ],
  },
  // Two people a wave: every group of two or more people would be split by a planner that ignored it.
  scheduling: { startDate: '2026-02-02', waveCapacity: { users: 2, sites: 2, numbers: 50 } },
};

let dir: string;
let services: AppServices;
let settingsVersion: number | null = null;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-vendor-plans-'));
  const store = new SqliteStore(path.join(dir, 'vmp.sqlite'));
  const snapshot = contosoSnapshot();
  // Ready to move: a usage location in the site's country.
  for (const p of snapshot.people) p.usageLocation = p.siteId === 'london' ? 'GB' : 'US';
  await saveSnapshot(store, snapshot, 'test');
  services = createAppServices(store, () => NOW);
});

afterAll(async () => {
  await services.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function waveOf(plan: Plan): Map<string, number> {
  const waves = new Map<string, number>();
  for (const w of plan.waves) for (const m of w.members) waves.set(m.personId, w.number);
  return waves;
}

test.each([
  ['pbx/cisco-cucm-phones.csv', 'pbx-blocks.csv'],
  ['pbx/cisco-cucm-users.csv', 'pbx-blocks.csv'],
  ['pbx/avaya-cm-list-station.csv', 'pbx/avaya-did-blocks.csv'],
  ['pbx/sfb-users.csv,pbx/sfb-common-area-phones.csv,pbx/sfb-analog-devices.csv,pbx/sfb-response-groups.csv', 'pbx-blocks.csv'],
  ['pbx/mitel-mivb-users.csv', 'pbx-blocks.csv'],
  ['pbx/unify-openscape-stations.csv', 'pbx-blocks.csv'],
  ['pbx/3cx-extensions.csv', 'pbx-blocks.csv'],
  ['pbx/freepbx-extensions.csv', 'pbx-blocks.csv'],
])('%s: every group of the export lands in one wave', async (lines, blocks) => {
  // Several lines files of one PBX (comma-separated here) are one inventory.
  const [first, ...more] = lines.split(',').map((f) => openTableFile(path.join(EXAMPLES, f)));
  const report = await services.pbx.importInventory('contoso', { lines: first, moreLines: more, blocks: openTableFile(path.join(EXAMPLES, blocks)) }, 'admin@contoso.example');
  expect(report.accepted).toBe(true);
  const built = await services.plan.build('contoso', 'admin@contoso.example', { settings, expectedSettingsVersion: settingsVersion });
  settingsVersion = built.settingsVersion;
  const inventory = (await loadInventory(services.store, 'contoso'))!;
  const waves = waveOf(built.plan);
  expect(waves.size).toBeGreaterThan(0);
  let together = 0;
  for (const g of inventory.groups) {
    const inWaves = new Set(g.personIds.filter((p) => waves.has(p)).map((p) => waves.get(p)));
    expect({ group: g.id, waves: [...inWaves] }).toEqual({ group: g.id, waves: inWaves.size > 1 ? ['one wave'] : [...inWaves] });
    if (g.personIds.filter((p) => waves.has(p)).length > 1) together++;
  }
  // Each lines file with groups of people shows them kept together in at least one wave.
  if (inventory.groups.some((g) => g.personIds.length > 1)) expect(together).toBeGreaterThan(0);
  // Every DID lands on at most one line; every line on at most one person.
  const dids = inventory.lines.flatMap((l) => (l.did ? [l.did] : []));
  expect(new Set(dids).size).toBe(dids.length);
});
