/**
 * Synthetic planning inputs (tenant snapshot, PBX inventory, settings, effective paths, readiness)
 * from a seed and a few sizes: used by the property tests and the planning benchmark.
 */
import type { EffectivePath, ReadinessGate } from '../../../../shared/domain/decision-types';
import type { MigrationGroup, NumberBlock, PbxInventory, PbxLine } from '../../../../shared/domain/pbx-inventory';
import { PlanningSettingsSchema, type PlanningSettingsInput, type PstnPath } from '../../../../shared/domain/planning-settings';
import type { Person, Site, TenantSnapshot } from '../../../../shared/domain/tenant-snapshot';
import type { BuildPlanInput } from '../../../../shared/domain/planning/build-plan';

export interface SyntheticSpec {
  seed: number;
  sites: number;
  usersPerSite: number;
  blocksPerSite: number;
  /** Share of people blocked by a readiness gate (0..1). */
  blockedShare?: number;
  /** Share of people in two-person groups (0..1). */
  groupShare?: number;
  /**
   * Give about half the hunt groups a pilot number: a line nobody owns, of device type 'other' (as a
   * response group's LineUri is imported), on a spare number of the block.
   */
  huntPilots?: boolean;
  /** Each site's main number on an auto attendant line of its own (the fifth spare of its first block). */
  mainNumbers?: boolean;
  today?: string;
  scheduling?: PlanningSettingsInput['scheduling'];
  /** Lead time of the operator in days. */
  leadDays?: number;
  wholeBlockShare?: number;
  decommission?: string;
}

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COUNTRIES = [
  { code: 'US', cc: '1', region: 'WA' },
  { code: 'DE', cc: '49', region: 'BY' },
  { code: 'GB', cc: '44', region: undefined },
];

export function syntheticInputs(spec: SyntheticSpec): BuildPlanInput {
  const r = rng(spec.seed);
  const today = spec.today ?? '2026-01-05';
  const people: Person[] = [];
  const sites: Site[] = [];
  const lines: PbxLine[] = [];
  const blocks: NumberBlock[] = [];
  const groups: MigrationGroup[] = [];
  const paths: EffectivePath[] = [];
  const gates: ReadinessGate[] = [];
  const siteAttrs: NonNullable<PlanningSettingsInput['sites']> = [];
  for (let s = 0; s < spec.sites; s++) {
    const country = COUNTRIES[s % COUNTRIES.length];
    const siteId = `site-${String(s).padStart(4, '0')}`;
    sites.push({ id: siteId, name: `Site ${s}`, countryCode: country.code, source: 'places' });
    siteAttrs.push({ siteId, region: country.region, ...(spec.decommission && s % 3 === 0 ? { pbxDecommissionDate: spec.decommission } : {}) });
    const sitePath: PstnPath = (['OC', 'DR', 'CP', 'OC', 'DR'] as const)[s % 5];
    // Numbers: +<cc> 55 <site:4> <block:1> <n:3>; extension = block digit + n (4 digits).
    const perBlock = Math.ceil(spec.usersPerSite / spec.blocksPerSite) + 5;
    const blockSize = perBlock <= 100 ? 100 : 1000;
    for (let b = 0; b < spec.blocksPerSite; b++) {
      const base = `+${country.cc}55${String(s).padStart(4, '0')}${b}`;
      const pad = blockSize === 100 ? 2 : 3;
      const first = `${base}${'0'.repeat(pad)}`;
      const last = `${base}${'9'.repeat(pad)}`;
      blocks.push({
        id: `${first}-${last}`,
        first,
        last,
        count: blockSize,
        carrier: `carrier-${s % 4}`,
        accountNumber: `ACC-${s}`,
        btn: `${base}${'0'.repeat(pad - 1)}1`,
        siteId,
        portConstraint: r() < (spec.wholeBlockShare ?? 0.1) ? 'whole-block' : 'partial-allowed',
        source: { file: 'blocks.csv', row: blocks.length + 2 },
      });
    }
    const sparesUsed = new Map<string, number>();
    for (let u = 0; u < spec.usersPerSite; u++) {
      const id = `p-${String(s).padStart(4, '0')}-${String(u).padStart(5, '0')}`;
      const b = u % spec.blocksPerSite;
      const n = Math.floor(u / spec.blocksPerSite) + 1;
      const block = blocks[blocks.length - spec.blocksPerSite + b];
      const pad = block.count === 100 ? 2 : 3;
      const did = `${block.first.slice(0, block.first.length - pad)}${String(n).padStart(pad, '0')}`;
      const extension = did.slice(-4);
      people.push({
        id,
        userPrincipalName: `${id}@contoso.test`,
        displayName: `Person ${s}-${u}`,
        department: u % 7 === 0 ? 'Finance' : 'Sales',
        accountEnabled: true,
        kind: 'user',
        teamsPhone: 'enabled',
        callingPlan: false,
        resourceAccountLicence: false,
        usageLocation: country.code,
        businessPhones: [],
        siteId,
      });
      lines.push({
        id: `${siteId}/${extension}`,
        extension,
        did,
        siteId,
        deviceType: u % 50 === 49 ? 'fax' : 'ip-phone',
        huntGroups: [],
        callCentreAgent: false,
        voicemail: true,
        blockId: block.id,
        source: { file: 'lines.csv', row: lines.length + 2 },
        match: u % 50 === 49 ? { status: 'non-person', explanation: 'fax' } : { status: 'matched', personId: id, rule: 'upn', explanation: 'upn' },
      });
      if (u % 50 === 49) continue;
      const roll = r();
      const path: PstnPath = roll < 0.05 ? 'PBX' : sitePath;
      paths.push({
        personId: id,
        siteId,
        path,
        operatorId: path === 'OC' ? 'op-1' : undefined,
        sbcId: path === 'DR' ? 'sbc-1' : undefined,
        source: 'site-decision',
        decided: true,
      });
      if (r() < (spec.blockedShare ?? 0.05)) {
        gates.push({ code: 'no-teams-phone-licence', severity: 'blocker', message: 'no Teams Phone licence', fix: 'assign a Teams Phone licence', personId: id, siteId });
      }
      if (u > 0 && u % 50 !== 0 && r() < (spec.groupShare ?? 0.1)) {
        const prev = people[people.length - 2];
        const group: MigrationGroup = { id: `hunt-group:${id}`, kind: 'hunt-group', name: id, lineIds: [], personIds: [prev.id, id] };
        groups.push(group);
        // The block keeps 5 spare numbers above its people's (perBlock): up to 4 become pilots.
        const spare = sparesUsed.get(block.id) ?? 0;
        if (spec.huntPilots && spare < 4 && r() < 0.5) {
          sparesUsed.set(block.id, spare + 1);
          const pilotDid = `${block.first.slice(0, block.first.length - pad)}${String(Math.ceil(spec.usersPerSite / spec.blocksPerSite) + 1 + spare).padStart(pad, '0')}`;
          const pilot: PbxLine = {
            id: `${siteId}/${pilotDid.slice(-4)}`,
            extension: pilotDid.slice(-4),
            did: pilotDid,
            siteId,
            deviceType: 'other',
            huntGroups: [id],
            callCentreAgent: false,
            voicemail: false,
            blockId: block.id,
            source: { file: 'lines.csv', row: lines.length + 2 },
            match: { status: 'unmatched', explanation: 'the line has no owner' },
          };
          lines.push(pilot);
          group.lineIds.push(pilot.id);
        }
      }
    }
    if (spec.mainNumbers) {
      const block = blocks[blocks.length - spec.blocksPerSite];
      const pad = block.count === 100 ? 2 : 3;
      const did = `${block.first.slice(0, block.first.length - pad)}${String(Math.ceil(spec.usersPerSite / spec.blocksPerSite) + 5).padStart(pad, '0')}`;
      lines.push({
        id: `${siteId}/${did.slice(-4)}`,
        extension: did.slice(-4),
        did,
        siteId,
        deviceType: 'auto-attendant',
        huntGroups: [],
        callCentreAgent: false,
        voicemail: false,
        blockId: block.id,
        source: { file: 'lines.csv', row: lines.length + 2 },
        match: { status: 'non-person', explanation: 'auto attendant line' },
      });
    }
  }
  const settings = PlanningSettingsSchema.parse({
    operators: [{ id: 'op-1', name: 'Operator One', countries: ['US', 'DE', 'GB'], portLeadTimeDays: spec.leadDays ?? 14, pricePerUserPerMonth: 10 }],
    sbcs: [{ id: 'sbc-1', fqdn: 'sbc1.contoso.test', pricePerSessionPerYear: 1.25, countries: ['US', 'DE', 'GB'], readyDate: '2026-01-20' }],
    sites: siteAttrs,
    scheduling: spec.scheduling ?? { startDate: today },
  });
  const snapshot: TenantSnapshot = { tenantId: 't-synth', tenantName: 'Synthetic', takenAt: `${today}T00:00:00.000Z`, people, sites, numbers: [], unmappedPeople: [], warnings: [] };
  const inventory: PbxInventory = { importedAt: `${today}T00:00:00.000Z`, lines, blocks, groups, warnings: [] };
  return { tenantId: 't-synth', snapshot, inventory, settings, effectivePaths: paths, readiness: gates, today, settingsVersion: 1 };
}
