/**
 * PBX import at scale: 100,000 lines and 1,000 DID blocks imported from CSV, validated, normalised to
 * E.164, matched against a 100,000-user snapshot read from SQLite, grouped and committed in one
 * transaction. A 10,000-line case shows the growth is linear. Floor: csv-parse streaming the same two
 * files without doing anything with the rows.
 *
 * The inputs (CSV files and a SQLite file holding the snapshot) are written by a separate process in
 * setup, so the measured process's peak RSS is the import's own.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineBench } from './harness';
import type { Person, TenantSnapshot } from '../shared/domain/tenant-snapshot';
import { openTableFile } from '../shared/pbx/open-table';
import { importPbxInventory } from '../shared/services/pbx-import-service';
import { saveSnapshot } from '../shared/services/snapshot-repository';
import { SqliteStore } from '../shared/store/sqlite-store';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parse } = require('csv-parse') as typeof import('csv-parse');

const TENANT = 'bench-tenant';
const SITES = 50;
const FIRST = ['Anna', 'Jörg', 'Zoë', 'Liam', 'Maya', 'Omar', 'Chen', 'Sofia', 'Noah', 'Aiko', 'Mateo', 'Priya'];
const LAST = ['Müller', 'Smith', "O'Brien", 'García', 'Nakamura', 'Kowalski', 'Dubois', 'Rossi', 'Haddad', 'Okafor'];

/** DIDs +1 425 200 0000 upwards: one per person, blocks of 100 over the same range. */
const did = (i: number) => `+1425${String(2_000_000 + i)}`;

function prepare(dir: string, users: number): void {
  const blocks = users / 100;
  const people: Person[] = [];
  for (let i = 0; i < users; i++) {
    people.push({
      id: `p-${i}`,
      userPrincipalName: `user.${i}@bench.example`,
      displayName: `${FIRST[i % FIRST.length]} ${LAST[(i >> 3) % LAST.length]} ${i}`,
      mail: `user.${i}@bench.example`,
      accountEnabled: true,
      kind: 'user',
      teamsPhone: 'enabled',
      callingPlan: false,
      resourceAccountLicence: false,
      businessPhones: i % 4 === 0 ? [{ raw: did(i), e164: did(i), valid: true }] : [],
      siteId: `site-${i % SITES}`,
    });
  }
  const snapshot: TenantSnapshot = {
    tenantId: TENANT,
    tenantName: 'Bench',
    takenAt: '2026-11-24T00:00:00.000Z',
    people,
    sites: Array.from({ length: SITES }, (_, s) => ({ id: `site-${s}`, name: `Site ${s}`, countryCode: 'US', source: 'places' as const })),
    numbers: [],
    unmappedPeople: [],
    warnings: [],
  };
  const store = new SqliteStore(path.join(dir, 'bench.sqlite'));
  void saveSnapshot(store, snapshot, 'bench').then(() => store.close());

  const out = fs.createWriteStream(path.join(dir, 'lines.csv'));
  let text = 'extension,did,owner_upn,owner_name,site,device_type,device_name,hunt_groups,pickup_group,delegate_of,call_centre_agent,voicemail,notes\n';
  for (let i = 0; i < users; i++) {
    const site = `Site ${i % SITES}`;
    const ext = String(10_000 + i);
    const kind = i % 100;
    // 90% by UPN, 4% by business phone (stale name), 3% by name in site, 2% fax/common area, 1% unknown owner.
    const upn = kind < 90 ? `user.${i}@bench.example` : kind === 99 ? `gone.${i}@bench.example` : '';
    // The business-phone rows carry a name the directory no longer has (a renamed user).
    const name = kind >= 94 && kind < 97 ? `${LAST[(i >> 3) % LAST.length]}, ${FIRST[i % FIRST.length]} ${i}` : kind >= 90 && kind < 94 ? `Former Name ${i}` : '';
    const type = kind === 97 ? 'fax' : kind === 98 ? 'common-area' : i % 7 === 0 ? 'softphone' : 'Cisco 8845';
    const hunt = i % 20 < 5 ? `Hunt ${Math.floor(i / 20)}` : '';
    const boss = i % 100 === 1 ? String(10_000 + i - 1) : '';
    const agent = i % 50 < 2 ? `Queue ${i % SITES}` : 'no';
    const number = `(${did(i).slice(2, 5)}) ${did(i).slice(5, 8)}-${did(i).slice(8)}`;
    text += `${ext},${number},${upn},"${name}",${site},${type},SEP${String(i).padStart(12, '0')},${hunt},PG-${Math.floor(i / 10)},${boss},${agent},yes,\n`;
    if (text.length > 1 << 20) {
      out.write(text);
      text = '';
    }
  }
  out.end(text);
  let blocksText = 'first,last,count,carrier,trunk,account,btn,site,port_constraint,current_destination\n';
  for (let b = 0; b < blocks; b++) {
    blocksText += `${did(b * 100)},,100,Carrier ${b % 7},TRUNK-${b % 20},ACC-${b % 40},${did((b % 40) * 100)},Site ${b % SITES},${b % 5 ? 'partial-allowed' : 'whole-block'},CUCM\n`;
  }
  fs.writeFileSync(path.join(dir, 'blocks.csv'), blocksText);
}

function prepareInChild(users: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `vmp-bench-pbx-${users}-`));
  execFileSync(process.execPath, ['--import', 'tsx', __filename, '--prepare', dir, String(users)], { stdio: 'inherit' });
  return dir;
}

async function countRecords(file: string): Promise<number> {
  let n = 0;
  for await (const _record of fs.createReadStream(file).pipe(parse({ bom: true, relax_column_count: true }))) n++;
  return n;
}

/** CPU seconds (user + system) since `since`: on a shared, busy machine this moves less than wall time. */
function cpuSeconds(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return Math.round((u.user + u.system) / 1e4) / 100;
}

function importCase(users: number) {
  return {
    setup: () => prepareInChild(users),
    run: async (dir: string) => {
      const cpu = process.cpuUsage();
      const store = new SqliteStore(path.join(dir, 'bench.sqlite'));
      const report = await importPbxInventory(
        store,
        TENANT,
        { lines: openTableFile(path.join(dir, 'lines.csv')), blocks: openTableFile(path.join(dir, 'blocks.csv')) },
        { actor: 'bench', now: new Date('2026-11-24T12:00:00Z') },
      );
      await store.close();
      if (!report.accepted) throw new Error(`bench import rejected: ${JSON.stringify(report.errors.slice(0, 3))}`);
      const c = report.counts;
      return { cpuSeconds: cpuSeconds(cpu), lines: c.lines, blocks: c.blocks, matched: c.matched, unmatched: c.unmatched, ambiguous: c.ambiguous, nonPerson: c.nonPerson, groups: c.groups, warnings: c.warnings };
    },
    teardown: (dir: string) => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

function floorCase(users: number) {
  return {
    setup: () => prepareInChild(users),
    run: async (dir: string) => {
      const cpu = process.cpuUsage();
      const records = (await countRecords(path.join(dir, 'lines.csv'))) + (await countRecords(path.join(dir, 'blocks.csv')));
      return { cpuSeconds: cpuSeconds(cpu), records };
    },
    teardown: (dir: string) => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

export default defineBench({
  name: 'pbx-import',
  cases: [
    { id: 'csv-floor-100k', label: 'csv-parse the same files (floor)', size: '100k lines', ...floorCase(100_000) },
    {
      id: 'import-100k',
      label: 'import + match + commit',
      size: '100k lines, 1k blocks, 100k users',
      floor: 'csv-floor-100k',
      targets: { maxSeconds: 5, maxRssMb: 500 },
      ...importCase(100_000),
    },
    { id: 'import-10k', label: 'import + match + commit', size: '10k lines, 100 blocks, 10k users', ...importCase(10_000) },
  ],
});

if (require.main === module && process.argv[2] === '--prepare') {
  prepare(process.argv[3], Number(process.argv[4]));
}
