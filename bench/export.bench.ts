/**
 * Export at scale: the full export (rollout workbook, per-wave workbooks, runbooks, CSVs) for 100,000
 * users from a synthetic plan built in setup, and the rollout workbook alone against its floor:
 * exceljs streaming a bare sheet with as many cells as the Number assignments sheet, no styles.
 * Each case runs in three rounds alternated with the floor (floor, workbook, full export, floor, ...)
 * and reports its median run; the notes give every round and the CPU-time ratio to the floor.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { defineBench } from './harness';
import type { Plan, Wave, WaveMember } from '../shared/domain/plan';
import { PlanningSettingsSchema } from '../shared/domain/planning-settings';
import type { ExportInput } from '../shared/export/export-input';
import { exportFiles } from '../shared/export/export-files';
import { ASSIGNMENT_HEADERS, assignmentRows, buildLookups } from '../shared/export/export-model';
import { writeRolloutWorkbook } from '../shared/export/rollout-workbook';

const USERS = 100_000;
const PER_WAVE = 500;
const SITES = 50;

/**
 * PBX groups for the Groups sheets: a hunt group and a pickup group of ten people at 20 of the 50 sites in
 * each wave, and a boss with a delegate every 50 users: 10,000 groups at 100k users.
 */
function syntheticGroups(i: number, site: number, wave: number): string[] {
  const groups: string[] = [];
  if (i % 10 < 4) groups.push(`hunt-group:Site ${site} desk ${wave}`, `pickup-group:PG site ${site} wave ${wave}`);
  if (i % 50 < 2) groups.push(`boss-delegate:Boss ${i - (i % 50)}`);
  return groups;
}

function syntheticInput(): ExportInput {
  const waves: Wave[] = [];
  const uploadOrders: Plan['uploadOrders'] = [];
  for (let w = 0; w * PER_WAVE < USERS; w++) {
    const members: WaveMember[] = [];
    for (let i = w * PER_WAVE; i < Math.min(USERS, (w + 1) * PER_WAVE); i++) {
      const site = i % SITES;
      const dr = i % 3 !== 0;
      const did = `+1${String(2000000000 + i * 7).slice(0, 10)}`;
      members.push({
        personId: `p-${i}`,
        userPrincipalName: `user.${i}@contoso.com`,
        displayName: `User Number ${i} O'Brien`,
        siteId: `site-${site}`,
        department: `Department ${i % 40}`,
        extension: String(1000 + (i % 9000)),
        currentDid: did,
        numberToAssign: did,
        path: dr ? 'DR' : 'OC',
        numberType: dr ? 'directRouting' : 'operatorConnect',
        sbcId: dr ? `sbc-${site % 5}` : undefined,
        operatorId: dr ? undefined : 'op-1',
        voiceRoutingPolicy: dr ? `VRP-${site % 5}` : undefined,
        dialPlan: `DP-site-${site}`,
        groupIds: syntheticGroups(i, site, w),
      });
    }
    const date = new Date(Date.UTC(2027, 0, 5 + w * 2)).toISOString().slice(0, 10);
    uploadOrders.push({ id: `up-${w}`, waveNumber: w, sbcId: 'sbc-0', numbers: members.filter((m) => m.path === 'DR').map((m) => m.numberToAssign!), uploadBy: date });
    waves.push({ number: w, name: `Wave ${w}`, date, time: '19:00', siteIds: [`site-${w % SITES}`], members, prerequisites: ['Numbers uploaded'], portOrderIds: [], uploadOrderIds: [`up-${w}`] });
  }
  const plan: Plan = {
    tenantId: 'bench-tenant',
    inputs: { today: '2026-11-24', settingsVersion: 1, snapshotTakenAt: '2026-11-24T00:00:00Z' },
    waves,
    blockSplits: [],
    portOrders: [],
    uploadOrders,
    routing: waves.map((w) => ({
      afterWave: w.number,
      effectiveFrom: w.date,
      sbcRules: w.members.filter((m) => m.path === 'DR').slice(0, 50).map((m) => ({ pattern: m.numberToAssign!, kind: 'number' as const, target: 'teams' as const, via: 'sbc' as const, sbcId: m.sbcId, description: 'moved' })),
      teamsToPbxRoutes: [],
      pbxToTeamsRoutes: [],
    })),
    dialPlans: Array.from({ length: SITES }, (_, s) => ({ name: `DP-site-${s}`, siteId: `site-${s}`, rules: [{ name: 'Ext4', pattern: '^(\\d{4})$', translation: '+1206555$1', isInternalExtension: true, description: 'ext' }] })),
    extensionCollisions: [],
    blocked: [],
    stayingOnPbx: [],
    unmet: [],
    assumptions: [],
  };
  return {
    tenant: { id: 'bench-tenant', name: 'Bench' },
    generatedAt: '2026-11-25T00:00:00.000Z',
    plan,
    sites: Array.from({ length: SITES }, (_, s) => ({ id: `site-${s}`, name: `Site ${s}`, source: 'places' as const })),
    settings: PlanningSettingsSchema.parse({
      operators: [{ id: 'op-1', name: 'Operator', countries: ['US'], portLeadTimeDays: 14, pricePerUserPerMonth: 8 }],
      sbcs: Array.from({ length: 5 }, (_, i) => ({ id: `sbc-${i}`, fqdn: `sbc${i}.contoso.com`, pricePerSessionPerYear: 15, voiceRoutingPolicy: `VRP-${i}` })),
    }),
  };
}

/** CPU seconds (user + system) of this process: steadier than wall time on a busy shared machine. */
function cpuSeconds(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return +((u.user + u.system) / 1e6).toFixed(2);
}

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-export-bench-'));
}

interface Prepared {
  input: ExportInput;
  dir: string;
}

const setup = (): Prepared => ({ input: syntheticInput(), dir: tmpDir() });
const teardown = (p: Prepared) => fs.rmSync(p.dir, { recursive: true, force: true });

export default defineBench({
  name: 'export',
  cases: [
    {
      id: 'floor-bare-sheet',
      label: 'floor: exceljs bare sheet, same cells',
      size: '100k rows x 15',
      rounds: 3,
      setup,
      teardown,
      run: async ({ input, dir }: Prepared) => {
        // Same cell values as the Number assignments sheet, as plain strings, no styles: the cheapest
        // way to stream that many cells.
        const cpu = process.cpuUsage();
        const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path.join(dir, 'floor.xlsx'), useStyles: false, useSharedStrings: false });
        const sheet = wb.addWorksheet('Sheet1');
        sheet.addRow([...ASSIGNMENT_HEADERS]).commit();
        let cells = 0;
        for (const row of assignmentRows(input, buildLookups(input))) {
          sheet.addRow(row.map((v) => (v === undefined ? '' : String(v)))).commit();
          cells += row.length;
        }
        sheet.commit();
        await wb.commit();
        return { cells, mb: +(fs.statSync(path.join(dir, 'floor.xlsx')).size / 1e6).toFixed(1), cpuSeconds: cpuSeconds(cpu) };
      },
    },
    {
      id: 'rollout-workbook',
      label: 'rollout workbook (10 sheets)',
      size: '100k users',
      setup,
      teardown,
      floor: 'floor-bare-sheet',
      targets: { maxRatio: 1.5 },
      rounds: 3,
      run: async ({ input, dir }: Prepared) => {
        const cpu = process.cpuUsage();
        const file = path.join(dir, 'rollout-plan.xlsx');
        const out = fs.createWriteStream(file);
        await writeRolloutWorkbook(input, out);
        return { mb: +(fs.statSync(file).size / 1e6).toFixed(1), cpuSeconds: cpuSeconds(cpu) };
      },
    },
    {
      id: 'full-export',
      label: 'full export (workbooks, runbooks, CSVs)',
      size: '100k users, 200 waves',
      setup,
      teardown,
      targets: { maxSeconds: 20, maxRssMb: 500 },
      rounds: 3,
      run: async ({ input, dir }: Prepared) => {
        const cpu = process.cpuUsage();
        const result = await exportFiles(input, path.join(dir, 'out'));
        const bytes = result.files.reduce((n, f) => n + f.bytes, 0);
        return { files: result.files.length, mb: +(bytes / 1e6).toFixed(1), cpuSeconds: cpuSeconds(cpu) };
      },
    },
  ],
});
