/**
 * The real server (production mode, a SQLite file) killed with SIGKILL while it writes: large settings
 * saves (PUT and PATCH /api/settings, 200 site decisions and 1,000 user overrides each) run back to back
 * while a large PBX import (20,000+ lines, a job on the server's runner) is under way. Round 1 lets the
 * import finish, timing it, and kills during the saves; later rounds kill at a seeded moment of 50-150% of
 * that time after the import job has started. Then the file is opened: `PRAGMA
 * integrity_check` is ok, and each document is exactly as one write left it - the settings version holds
 * the content of the write that made it (one marker across every override, no half-applied change),
 * every version has its audit entry and none more, and the PBX inventory is the one before the import or
 * the whole new one, its lines collection and audit entries agreeing. Several rounds, each restarting the
 * server on the same file and starting from what the last kill left.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { ADMIN_ROLES } from '../../../shared/domain/microsoft-ids';
import type { PlanningSettings } from '../../../shared/domain/planning-settings';
import { SETTINGS_DOCUMENT } from '../../../shared/services/decision-service';
import { csvTextSource } from '../../../shared/pbx/csv-table-reader';
import { importPbxInventory, loadInventoryHeader, PBX_INVENTORY_DOCUMENT, PBX_LINES_COLLECTION } from '../../../shared/services/pbx-import-service';
import { saveSnapshot } from '../../../shared/services/snapshot-repository';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { urlOf } from '../../support/http';
import { CLIENT_ID, productionEnv } from '../../support/production';
import { usersOnlySnapshot } from '../../support/snapshots';
import { largeLinesCsv } from './job-test-kit';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const TENANT = 'cccccccc-2222-4222-8222-22222222222c';
/**
 * Each round imports into a tenant of its own: the import a kill cut stays `running` under the dead
 * server's lease (a minute; job-killed.test.ts covers its recovery), and a tenant runs one job at a time.
 */
const IMPORT_TENANTS = ['cccccccc-2222-4222-8222-000000000001', 'cccccccc-2222-4222-8222-000000000002', 'cccccccc-2222-4222-8222-000000000003'];
const PREVIOUS_LINES = 100;
const KID = 'kill-writes-key';
const SITES = 200;
const USERS = 1_000;
const ROUNDS = IMPORT_TENANTS.length;

let dir: string;
let dbFile: string;
let jwks: http.Server;
let issuerBase: string;
let key: KeyLike;
const tokens = new Map<string, string>();

/** A fixed-seed generator (LCG): the same kill moments on every run. */
function seeded(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

const sites = Array.from({ length: SITES }, (_, i) => ({ id: `site-${i}`, name: `Site ${i}`, countryCode: 'US', source: 'places' as const }));
const upn = (i: number) => `u${i}@killwrites.example`;

/** The settings of write `marker`: every site decision and user override carries the marker. */
function settingsFor(marker: string): Record<string, unknown> {
  return {
    sites: sites.map((s) => ({ siteId: s.id, emergencyAddress: 'validated', region: 'WA' })),
    decisions: {
      sites: sites.map((s) => ({ siteId: s.id, path: 'PBX', stayUntil: '2027-12-31', note: marker })),
      users: Array.from({ length: USERS }, (_, i) => overrideFor(i, marker)),
    },
  };
}

function overrideFor(i: number, marker: string) {
  return { user: upn(i), path: 'PBX' as const, stayUntil: '2027-12-31', reason: marker };
}

function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(APP_MODE|PORT|HOST|DB_FILE|BOT_|AAD_|ALLOWED_TENANT_IDS|AUTH_|STORE|AZURE_|NODE_ENV|REQUEST_LOG|RATE_LIMIT_|JEST_WORKER_ID|JOB_|NOTIFY_)/.test(k)) env[k] = v;
  }
  return env;
}

interface Server {
  child: ChildProcess;
  base: string;
  /** What it wrote on stdout and stderr, for a failure's message. */
  output(): string;
  kill(): Promise<void>;
}

/** The server as `start:production` runs it, from the TypeScript sources, over the test's SQLite file. */
function startServer(): Promise<Server> {
  const loader = pathToFileURL(path.join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  const child = spawn(process.execPath, ['--import', loader, path.join(ROOT, 'server', 'main.ts')], {
    cwd: ROOT, // job workers load tsx from here, as `npm run start` does
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...cleanEnv(),
      ...productionEnv([TENANT, ...IMPORT_TENANTS].join(','), {
        NODE_ENV: 'production',
        PORT: '0',
        HOST: '127.0.0.1',
        DB_FILE: dbFile,
        AUTH_JWKS_URL: `${issuerBase}/discovery/keys`,
        AUTH_ISSUER_TEMPLATES: `${issuerBase}/{tid}/v2.0`,
        REQUEST_LOG: 'off',
      }),
    },
  });
  let output = '';
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise<Server>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output}`)), 40_000);
    child.stdout!.on('data', (d) => {
      output += d;
      const m = /Health:\s+(http:\/\/[^\s/]+)\/healthz/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve({
          child,
          base: m[1]!,
          output: () => output,
          async kill() {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
            await exited;
          },
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}):\n${output}`)));
  });
}

async function api(server: Server, tenant: string, method: string, route: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.base}/api${route}`, {
    method,
    headers: { Authorization: `Bearer ${tokens.get(tenant)}`, ...(body !== undefined && { 'Content-Type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** What the file holds, read with the server dead: the settings tenant's, and the round's import tenant's inventory. */
async function storedState(importTenant: string) {
  const check = new Database(dbFile, { readonly: true });
  try {
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    check.close();
  }
  const store = new SqliteStore(dbFile);
  try {
    const settings = await store.getDocument<PlanningSettings>(TENANT, SETTINGS_DOCUMENT);
    const audit = await store.listAudit(TENANT, 10_000);
    const inventory = await store.getDocument<unknown>(importTenant, PBX_INVENTORY_DOCUMENT);
    const header = await loadInventoryHeader(store, importTenant);
    const lines = await store.pageCollection<unknown>(importTenant, PBX_LINES_COLLECTION, { limit: 1 });
    const importAudit = (await store.listAudit(importTenant, 100)).filter((e) => e.action === 'import-pbx');
    return { settings, audit, inventoryVersion: inventory?.version ?? 0, header, storedLines: lines.total, imports: importAudit.length };
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-kill-writes-'));
  dbFile = path.join(dir, 'vmp.sqlite');
  const store = new SqliteStore(dbFile);
  const snapshot = usersOnlySnapshot(TENANT, 'KillWrites', USERS, sites);
  await saveSnapshot(store, { ...snapshot, people: snapshot.people.map((p, i) => ({ ...p, siteId: sites[i % SITES]!.id })) }, 'test');
  // The inventory each import replaces.
  for (const tenant of IMPORT_TENANTS) {
    await saveSnapshot(store, usersOnlySnapshot(tenant, 'KillImports', 1), 'test');
    await importPbxInventory(store, tenant, { lines: csvTextSource(largeLinesCsv(PREVIOUS_LINES), 'previous.csv') }, { actor: 'before', now: new Date() });
  }
  await store.close();
  ({ privateKey: key } = await generateKeyPair('RS256').then(async (pair) => {
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
    jwks = http.createServer((_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    return pair;
  }));
  issuerBase = urlOf(jwks);
  const now = Math.floor(Date.now() / 1000);
  for (const tenant of [TENANT, ...IMPORT_TENANTS]) {
    const token = await new SignJWT({ tid: tenant, oid: 'kill-admin', name: 'Kim Kill', scp: 'access_as_user', wids: [ADMIN_ROLES.teamsAdministrator] })
      .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
      .setIssuer(`${issuerBase}/${tenant}/v2.0`)
      .setAudience(CLIENT_ID)
      .setIssuedAt(now - 60)
      .setExpirationTime(now + 3600)
      .sign(key);
    tokens.set(tenant, token);
  }
});

afterAll(async () => {
  await new Promise<void>((resolve) => (jwks ? jwks.close(() => resolve()) : resolve()));
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('SIGKILL during settings saves and a PBX import: every document is exactly before or after a write, with its audit entries', async () => {
  const random = seeded(13);
  /** The marker of the write that made each settings version. */
  const markerOfVersion = new Map<number, string>();
  const outcomes: string[] = [];
  /** How long round 1's import took from start to end, on this machine now. */
  let importMs = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    const importTenant = IMPORT_TENANTS[round - 1]!;
    const before = await storedState(importTenant);
    expect(before).toMatchObject({ inventoryVersion: 1, imports: 1, storedLines: PREVIOUS_LINES });
    const server = await startServer();
    let stopWriting = false;
    let settingsWrites = 0;
    try {
      // The PBX import: a different size each round, so the stored inventory says which import it is.
      const lines = 20_000 + round * 100;
      const queued = await api(server, importTenant, 'POST', '/pbx/import', { linesCsv: largeLinesCsv(lines, round * 100_000), expectedVersion: before.inventoryVersion });
      expect(queued.status).toBe(202);
      const jobId = queued.body.job.id as string;

      // Settings saves back to back, PUT and PATCH in turn, each on the version the last one made. In round 1
      // they start once the import has finished, so that its time is the import's own.
      let startWriting!: () => void;
      const writing = new Promise<void>((resolve) => (startWriting = resolve));
      if (round > 1) startWriting();
      const writer = (async () => {
        await writing;
        let version = before.settings?.version ?? null;
        let current = before.settings?.data.decisions.users ?? [];
        for (let k = 1; !stopWriting; k++) {
          const marker = `round ${round} write ${k}`;
          markerOfVersion.set((version ?? 0) + 1, marker);
          const saved =
            k % 2 === 1 || current.length !== USERS
              ? await api(server, TENANT, 'PUT', '/settings', { settings: settingsFor(marker), expectedVersion: version })
              : await api(server, TENANT, 'PATCH', '/settings', {
                  changes: current.map((o, i) => ({ target: { kind: 'user-override', user: o.user }, expected: o, value: overrideFor(i, marker) })),
                });
          expect({ marker, status: saved.status, error: saved.body?.error }).toMatchObject({ marker, status: 200 });
          version = saved.body.version as number;
          current = Array.from({ length: USERS }, (_, i) => overrideFor(i, marker));
          settingsWrites++;
        }
      })().catch((err: unknown) => {
        // The kill cuts the write in flight: its request fails, which is expected once the kill is under way.
        if (!stopWriting) throw err;
      });

      // Round 1 lets the import finish (the kill then cuts only settings saves) and times it; later rounds
      // kill at a seeded moment between 50% and 150% of that time after the job starts - while it reads and
      // matches, or while it commits - however busy the machine is.
      const jobState = async () => (await api(server, importTenant, 'GET', `/jobs/${jobId}`)).body.job as { state: string };
      const until = async (done: (state: string) => boolean, what: string) => {
        const deadline = Date.now() + 40_000;
        for (let job = await jobState(); !done(job.state); job = await jobState()) {
          if (Date.now() > deadline) throw new Error(`round ${round}: the import job never ${what}: ${JSON.stringify(job)}`);
          await new Promise((r) => setTimeout(r, 25));
        }
      };
      await until((state) => state !== 'queued', 'started');
      const started = Date.now();
      if (round === 1) {
        await until((state) => state === 'succeeded' || state === 'failed', 'finished');
        importMs = Date.now() - started;
        startWriting();
        while (settingsWrites < 2) await new Promise((r) => setTimeout(r, 25));
        await new Promise((r) => setTimeout(r, Math.floor(random() * 1000)));
      } else {
        // The settings saves beside it slow the import down: the kill lands while it reads or commits.
        await new Promise((r) => setTimeout(r, Math.floor(importMs * (0.5 + random()))));
      }
      stopWriting = true;
      await server.kill();
      await writer;
    } finally {
      stopWriting = true;
      await server.kill();
    }

    const after = await storedState(importTenant);
    // Settings: the version holds the content of the write that made it - every override and every site
    // decision carries that write's marker (or the last PUT's, for sites after a PATCH).
    const version = after.settings?.version ?? 0;
    expect(version).toBeGreaterThanOrEqual((before.settings?.version ?? 0) + settingsWrites);
    expect(version).toBeLessThanOrEqual((before.settings?.version ?? 0) + settingsWrites + 1);
    const markers = new Set(after.settings!.data.decisions.users.map((o) => o.reason));
    expect([...markers]).toEqual([markerOfVersion.get(version)]);
    expect(after.settings!.data.decisions.users).toHaveLength(USERS);
    expect(new Set(after.settings!.data.decisions.sites.map((s) => s.note)).size).toBe(1);
    // Every settings version has its audit entry, and the newest is the stored content.
    const settingsAudit = after.audit.filter((e) => e.kind === SETTINGS_DOCUMENT);
    expect(settingsAudit).toHaveLength(version);
    const newest = settingsAudit.find((e) => (e.after as { version?: number } | null)?.version === version)!;
    expect(new Set((newest.after as { settings: PlanningSettings }).settings.decisions.users.map((o) => o.reason))).toEqual(markers);

    // PBX inventory: the one before, or the whole new one; its lines and audit entries agree.
    if (after.inventoryVersion === before.inventoryVersion) {
      expect(after.header).toEqual(before.header);
      expect(after.imports).toBe(1);
      outcomes.push(`round ${round}: settings v${version} (${settingsWrites} acknowledged), import not stored`);
    } else {
      expect(after.inventoryVersion).toBe(2);
      expect(after.header!.counts.lines).toBe(20_000 + round * 100);
      expect(after.imports).toBe(2);
      outcomes.push(`round ${round}: settings v${version} (${settingsWrites} acknowledged), import stored (round 1's took ${importMs} ms)`);
    }
    expect(after.storedLines).toBe(after.header!.counts.lines);
  }
  // What each kill left (printed, for the run's log).
  console.log(outcomes.join('\n'));
  expect(outcomes).toHaveLength(ROUNDS);
}, 150_000);
