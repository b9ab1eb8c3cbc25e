/**
 * The stored 100,000-user tenant the serving benchmark's server runs over: synced from the demo
 * tenant through the real Graph client, its PBX export imported, examples/settings.json saved and the
 * plan built - the sequence local mode runs on first start (server/local-demo.ts). Made once into a
 * cache directory in the OS temp dir, keyed by users, seed, places, the SQLite schema version and
 * PREPARE_STAMP, by a separate process (its memory is not the load client's), and reused by every
 * case of every run until one of those changes. Each case works on its own copy (some cases write).
 *
 * The preparation itself is bench/serving/prepare-tenant.ts.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_TENANT_ID } from '../../shared/config/app-config';
import { SqliteStore } from '../../shared/store/sqlite-store';

export const USERS = 100_000;
export const SEED = 42;
/** Rooms such that, with one room list and one building per site with places, the tenant has 2,000 places (as graph-sync). */
export const ROOMS = 2_000 - 2 * 34;
export const TENANT_ID = DEMO_TENANT_ID;
/**
 * Bump when what the preparation stores changes in a way the other parts of the key do not show
 * (2: the plan's commit writes the person indexes and the blocked people's site keys; 3: the migration
 * status keys each site by the waves it has people in; 4: the plan header counts unmet constraints by
 * kind and wave; 5: the header lists the first five of each kind, the records are keyed by kind; 6: the
 * routing question's number index and route blocks; 7: orders stored as rows, their numbers in chunks; 8: port
 * order rows count their blocks; 9: the snapshot header counts the numbers per type, status sites keyed by id; 10: status sites count their
 * people per wave; 11: the plan keeps the PBX groups each wave moves; 12: the demo exports its main
 * numbers' auto attendants, the plan moves them and the status tracks them; 13: the tenant's resource
 * accounts move instead of being blocked, and blocker counts count the people lacking both voice licences;
 * 14: the plan keeps its main numbers and group pilots by number and by site for the routing question;
 * 15: the demo exports its contact centres' queue limits, the plan moves common-area phones and the status
 * tracks them; 16: the demo exports people's own call forwarding and bosses' private lines, which the plan's
 * members carry; 17: the demo exports outbound caller IDs, which the plan's members carry).
 */
const PREPARE_STAMP = 17;

export const DB_NAME = 'vmp.sqlite';
export const LINES_NAME = 'pbx-lines.csv';
export const BLOCKS_NAME = 'pbx-blocks.csv';

/** What the preparation found, kept next to the database. */
export interface TenantInfo {
  users: number;
  seed: number;
  places: number;
  sites: number;
  siteIds: string[];
  numbers: number;
  pbxLines: number;
  settingsVersion: number | null;
  planVersion: number | null;
  prepareSeconds: number;
}

/** The SQLite schema version this checkout migrates to (the number of migrations). */
function schemaVersion(): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-bench-schema-'));
  try {
    const store = new SqliteStore(path.join(dir, 'probe.sqlite'));
    const v = store.schemaVersion;
    void store.close();
    return v;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function cacheDir(): string {
  return path.join(os.tmpdir(), `vmp-bench-serving-u${USERS}-s${SEED}-r${ROOMS}-schema${schemaVersion()}-p${PREPARE_STAMP}`);
}

/** The cached tenant, prepared (in a child process) when missing. */
export function ensureTenant(): { dir: string; info: TenantInfo; prepared: boolean } {
  const dir = cacheDir();
  const infoFile = path.join(dir, 'tenant.json');
  if (fs.existsSync(infoFile) && fs.existsSync(path.join(dir, DB_NAME))) {
    return { dir, info: JSON.parse(fs.readFileSync(infoFile, 'utf8')) as TenantInfo, prepared: false };
  }
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  process.stderr.write(`  preparing the ${USERS}-user tenant (once; cached for later runs) ...\n`);
  execFileSync(process.execPath, ['--max-old-space-size=4096', '--import', 'tsx', path.join(__dirname, 'prepare-tenant.ts'), tmp], { stdio: ['ignore', 'inherit', 'inherit'] });
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(tmp, dir);
  return { dir, info: JSON.parse(fs.readFileSync(infoFile, 'utf8')) as TenantInfo, prepared: true };
}

/** A private copy of the cached database for one case. */
export function copyTenantDb(dir: string): { dbFile: string; workDir: string } {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-bench-serving-case-'));
  const dbFile = path.join(workDir, DB_NAME);
  // Closing the last connection folds the write-ahead log into the file; copy a left-over log all the same.
  for (const suffix of ['', '-wal']) if (fs.existsSync(path.join(dir, DB_NAME + suffix))) fs.copyFileSync(path.join(dir, DB_NAME + suffix), dbFile + suffix);
  // Large documents (the plan JSON, job inputs) live in the artefact directory next to the file.
  for (const entry of fs.readdirSync(dir)) {
    if (entry.startsWith(`${DB_NAME}.`) && fs.statSync(path.join(dir, entry)).isDirectory()) fs.cpSync(path.join(dir, entry), path.join(workDir, entry), { recursive: true });
  }
  return { dbFile, workDir };
}
