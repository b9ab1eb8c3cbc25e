/**
 * Recommendations + effective paths + readiness (+ cost) for 100,000 people and 2,000 sites, against
 * the floor of one plain pass over the same arrays building a Map by id. Synthetic data, shaped like a
 * large multi-country tenant: every site in one of 12 countries, PBX lines matched for most people,
 * a Teams number inventory, decisions for half the sites and 2,000 user overrides.
 */
import { defineBench } from './harness';
import { computeDecisions } from '../shared/domain/decisions/compute-decisions';
import type { PbxInventory, PbxLine, DeviceType } from '../shared/domain/pbx-inventory';
import { PlanningSettingsSchema, type PlanningSettingsInput } from '../shared/domain/planning-settings';
import type { Person, Site, TenantNumber, TenantSnapshot } from '../shared/domain/tenant-snapshot';

const USERS = 100_000;
const SITES = 2_000;
const COUNTRIES: [string, string][] = [
  ['US', '+1425'], ['GB', '+4420'], ['DE', '+4930'], ['FR', '+331'], ['NL', '+3120'], ['ES', '+3491'],
  ['IT', '+3902'], ['SE', '+468'], ['AU', '+612'], ['JP', '+813'], ['BR', '+5511'], ['IN', '+9122'],
];

function cpuMs(start: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(start);
  return Math.round((u.user + u.system) / 1000);
}

function build() {
  const sites: Site[] = [];
  for (let s = 0; s < SITES; s++) {
    sites.push({ id: `site-${String(s).padStart(4, '0')}`, name: `Site ${s}`, countryCode: COUNTRIES[s % COUNTRIES.length][0], source: 'places' });
  }
  const people: Person[] = [];
  const lines: PbxLine[] = [];
  const numbers: TenantNumber[] = [];
  const devices: DeviceType[] = ['analog', 'fax', 'elevator', 'door', 'paging'];
  for (let i = 0; i < USERS; i++) {
    const s = i % SITES;
    const [country, prefix] = COUNTRIES[s % COUNTRIES.length];
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const did = `${prefix}${String(1_000_000 + i).slice(-7)}`;
    people.push({
      id,
      userPrincipalName: `user${i}@contoso.example`,
      displayName: `User ${i}`,
      accountEnabled: i % 97 !== 0,
      kind: i % 211 === 0 ? 'resourceAccount' : 'user',
      teamsPhone: i % 13 === 0 ? 'none' : i % 101 === 0 ? 'grace' : 'enabled',
      callingPlan: i % 3 === 0,
      resourceAccountLicence: i % 2 === 0,
      usageLocation: i % 53 === 0 ? undefined : i % 89 === 0 ? 'US' : country,
      businessPhones: [{ raw: did, e164: did, valid: true }],
      teamsUpgradeMode: i % 41 === 0 ? 'Islands' : 'TeamsOnly',
      siteId: i % 499 === 0 ? undefined : sites[s].id,
    });
    if (i % 5 !== 0) {
      lines.push({
        id: `${sites[s].id}/${i}`,
        extension: String(i),
        did,
        siteId: sites[s].id,
        deviceType: 'ip-phone',
        huntGroups: [],
        callCentreAgent: s % 50 === 0,
        voicemail: true,
        source: { file: 'lines.csv', row: i + 2 },
        match: { status: 'matched', personId: id, rule: 'upn', confidence: 1, explanation: 'UPN' },
      });
    }
    if (i % 2 === 0) {
      numbers.push({
        telephoneNumber: did,
        numberType: 'directRouting',
        assignmentStatus: i % 4 === 0 ? 'userAssigned' : 'unassigned',
        ...(i % 4 === 0 && { assignmentTargetId: i % 400 === 0 ? people[Math.max(0, i - 1)].id : id }),
        numberSource: i % 301 === 0 ? 'onPremises' : 'online',
      });
    }
  }
  for (let s = 0; s < SITES; s += 7) {
    lines.push({ id: `${sites[s].id}/dev`, siteId: sites[s].id, deviceType: devices[s % devices.length], huntGroups: [], callCentreAgent: false, voicemail: false, source: { file: 'lines.csv', row: 0 }, match: { status: 'non-person', explanation: 'device' } });
  }
  const snapshot: TenantSnapshot = { tenantId: 'bench', tenantName: 'Bench', takenAt: '2026-01-05T00:00:00Z', people, sites, numbers, unmappedPeople: [], warnings: [] };
  const inventory: PbxInventory = { importedAt: '2026-01-04T00:00:00Z', lines, blocks: [], groups: [], warnings: [] };
  const input: PlanningSettingsInput = {
    operators: COUNTRIES.slice(0, 8).map(([c], k) => ({ id: `op-${c.toLowerCase()}`, name: `Operator ${c}`, countries: [c], enabledCountries: k % 3 ? [c] : [], portLeadTimeDays: 14, pricePerUserPerMonth: 6 + k })),
    sbcs: [
      { id: 'sbc-eu', fqdn: 'sbc-eu.contoso.example', countries: ['GB', 'DE', 'FR', 'NL', 'ES', 'IT', 'SE'], pricePerSessionPerYear: 1.25, teamsAddOnPerSessionPerYear: 12, licensedSessions: 500, voiceRoutingPolicy: 'VRP-EU' },
      { id: 'sbc-world', fqdn: 'sbc-world.contoso.example', pricePerSessionPerYear: 1.5, teamsAddOnPerSessionPerYear: 12, carrierCostPerUserPerMonth: 3, voiceRoutingPolicy: 'VRP-World' },
    ],
    callingPlan: [{ country: 'US', pricePerUserPerMonth: 12 }, { country: 'GB', pricePerUserPerMonth: 10 }, { country: 'AU', pricePerUserPerMonth: 11 }],
    sites: sites.map((s, k) => ({ siteId: s.id, emergencyAddress: k % 9 === 0 ? 'missing' : k % 11 === 0 ? 'pending' : 'validated', emergencyRouting: k % 6 !== 0, pbxStays: k % 40 === 0, complianceRecording: k % 97 === 0 })),
    decisions: {
      sites: sites.filter((_, k) => k % 2 === 0).map((s, k) => (k % 3 === 0 ? { siteId: s.id, path: 'DR' as const, sbcId: 'sbc-world' } : k % 3 === 1 ? { siteId: s.id, path: 'PBX' as const, stayUntil: '2027-06-30' } : { siteId: s.id, path: 'CP' as const })),
      users: Array.from({ length: 2000 }, (_, k) => ({ user: people[k * 50 + 1].id, path: 'DR' as const, sbcId: 'sbc-eu', reason: 'compliance unit' })),
    },
  };
  return { snapshot, inventory, settings: PlanningSettingsSchema.parse(input) };
}

export default defineBench({
  name: 'decisions',
  cases: [
    {
      id: 'floor',
      label: 'floor: one pass, Map by id',
      size: '100k users / 2k sites',
      setup: build,
      run: ({ snapshot, inventory }: ReturnType<typeof build>) => {
        const cpu = process.cpuUsage();
        const m = new Map<string, unknown>();
        for (const p of snapshot.people) m.set(p.id, p);
        for (const s of snapshot.sites) m.set(s.id, s);
        for (const n of snapshot.numbers) m.set(n.telephoneNumber, n);
        for (const l of inventory.lines) m.set(l.id, l);
        return { entries: m.size, cpuMs: cpuMs(cpu) };
      },
    },
    {
      id: 'decide',
      label: 'recommend + paths + readiness + cost',
      size: '100k users / 2k sites',
      setup: build,
      run: ({ snapshot, inventory, settings }: ReturnType<typeof build>) => {
        const cpu = process.cpuUsage();
        const r = computeDecisions(snapshot, inventory, settings);
        return {
          // CPU time of this process (all threads, GC included): readable when the machine is shared and wall time is not.
          cpuMs: cpuMs(cpu), paths: r.paths.length, undecided: r.undecided.length, gates: r.readiness.gates.length, blocked: r.readiness.summary.peopleBlocked };
      },
      floor: 'floor',
      targets: { maxSeconds: 1, maxRssMb: 500 },
    },
  ],
});
