/**
 * Tenant discovery at scale: sync 10k and 100k users (2,000 places, as many Teams numbers as users)
 * from the Graph-compatible demo server running in a separate process (`vmp demo-tenant`), through
 * the real Graph client, into a real SQLite file. Floor: plain fetches of the SAME requests the sync
 * makes (organization, the `$deltatoken=latest` link, users in the same UPN shards with the same `$select`,
 * `/users/$count`, places, numbers in the same `$skip` windows), with the same concurrency and overlap,
 * each body read as text and dropped. The server runs in its own process on the same cores, so a floor
 * that asked for other pages, one at a time, would give the server a different amount of work and the
 * client/server pair a different share of the CPU than the sync has. The plain sequential loop over
 * unsharded pages is still measured (`plain-*`, no target) to show what sharding costs or gains here.
 * Targets: sync <= 1.5x the floor, peak RSS <= 600 MB, linear growth 10k -> 100k.
 *
 * Every case also reports the server's CPU seconds (Linux /proc) next to its own: client and server
 * share the machine's cores, so no case can finish sooner than (client CPU + server CPU) / cores
 * (`cpuBoundS`), however well its work is spread over threads.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineBench } from './harness';
import { cpuSecondsOf, startDemoTenantProcess } from './support/processes';
import { staticToken } from '../shared/graph/graph-http';
import { USER_SELECT_WITH_LICENCES, NUMBER_ASSIGNMENTS_PATH } from '../shared/graph/graph-types';
import { UPN_FIRST_CHARACTERS } from '../shared/graph/tenant-graph-reader';
import { syncTenant } from '../shared/services/sync-service';
import { SqliteStore } from '../shared/store/sqlite-store';

const TOKEN = 'bench-token';
const PLACES = 2_000;

interface Prepared {
  child: ChildProcess;
  url: string;
  users: number;
  dir: string;
}

async function startServer(users: number): Promise<Prepared> {
  // Rooms + one room list and one building per site with places make 2,000 places.
  const rooms = PLACES - 2 * 34;
  const { child, info } = await startDemoTenantProcess(['--users', String(users), '--seed', '42', '--port', '0', '--token', TOKEN, '--rooms', String(rooms), '--teams-numbers', String(users)]);
  return { child, url: info.graphUrl, users, dir: fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-bench-sync-')) };
}

async function stopServer(p: Prepared): Promise<void> {
  p.child.kill('SIGINT');
  await new Promise((r) => p.child.once('exit', r));
  fs.rmSync(p.dir, { recursive: true, force: true });
}

/** The sync reader's default parallelism (TenantGraphReader `concurrency`). */
const CONCURRENCY = 8;

/**
 * The floor: the requests the sync makes, in the same shape (same pages, same parallelism, same
 * overlap of users, places and numbers), each body read as text and dropped.
 */
async function fetchSameRequests(p: Prepared): Promise<Record<string, number>> {
  const cpu = process.cpuUsage();
  const headers = { Authorization: `Bearer ${TOKEN}` };
  let pages = 0;
  let bytes = 0;
  const get = async (url: string, extra: Record<string, string> = {}) => {
    const text = await (await fetch(url, { headers: { ...headers, ...extra } })).text();
    pages++;
    bytes += text.length;
    return text;
  };
  const follow = async (first: string) => {
    for (let next: string | undefined = first; next; ) next = /"@odata\.nextLink":"([^"]+)"/.exec(await get(next))?.[1];
  };
  const users = async () => {
    await follow(`${p.url}/v1.0/users/delta?$select=${USER_SELECT_WITH_LICENCES.join(',')}&$deltatoken=latest`);
    let nextShard = 0;
    const worker = async () => {
      while (nextShard < UPN_FIRST_CHARACTERS.length) {
        const prefix = UPN_FIRST_CHARACTERS[nextShard++];
        const filter = encodeURIComponent(`startswith(userPrincipalName,'${prefix.replace(/'/g, "''")}')`);
        await follow(`${p.url}/v1.0/users?$select=${USER_SELECT_WITH_LICENCES.join(',')}&$top=999&$filter=${filter}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await get(`${p.url}/v1.0/users/$count`, { ConsistencyLevel: 'eventual' });
  };
  const places = async () => {
    await follow(`${p.url}/v1.0/places/microsoft.graph.room?$top=100`);
    await follow(`${p.url}/v1.0/places/microsoft.graph.roomlist?$top=100`);
    await follow(`${p.url}/v1.0/places/microsoft.graph.building?$top=1000`);
  };
  const full = (text: string) => (text.match(/"telephoneNumber"/g) ?? []).length >= 1000;
  const numbers = async () => {
    const page = (n: number) => get(`${p.url}/v1.0${NUMBER_ASSIGNMENTS_PATH}?$top=1000&$skip=${(n - 1) * 1000}`);
    let done = !full(await page(1));
    for (let next = 2; !done; next += CONCURRENCY) {
      const texts = await Promise.all(Array.from({ length: CONCURRENCY }, (_, k) => page(next + k)));
      done = texts.some((t) => !full(t));
    }
  };
  await get(`${p.url}/v1.0/organization?$select=id,displayName`);
  await get(`${p.url}/v1.0/subscribedSkus`);
  await Promise.all([places(), numbers(), users()]);
  return { pages, mb: Math.round(bytes / 1e5) / 10, cpuSeconds: cpuSeconds(cpu) };
}

/** Plain paging, one request after another (informational: what the unsharded sequential read costs). */
async function fetchLoop(p: Prepared): Promise<Record<string, number>> {
  const cpu = process.cpuUsage();
  const headers = { Authorization: `Bearer ${TOKEN}` };
  let pages = 0;
  let bytes = 0;
  const follow = async (first: string) => {
    for (let next: string | undefined = first; next; ) {
      const text = await (await fetch(next, { headers })).text();
      pages++;
      bytes += text.length;
      next = /"@odata\.nextLink":"([^"]+)"/.exec(text)?.[1];
    }
  };
  await follow(`${p.url}/v1.0/organization?$select=id,displayName`);
  await follow(`${p.url}/v1.0/subscribedSkus`);
  await follow(`${p.url}/v1.0/users?$select=${USER_SELECT_WITH_LICENCES.join(',')}&$top=999`);
  await follow(`${p.url}/v1.0/places/microsoft.graph.room?$top=100`);
  await follow(`${p.url}/v1.0/places/microsoft.graph.roomlist?$top=100`);
  await follow(`${p.url}/v1.0/places/microsoft.graph.building?$top=1000`);
  for (let skip = 0; ; skip += 1000) {
    const text = await (await fetch(`${p.url}/v1.0${NUMBER_ASSIGNMENTS_PATH}?$top=1000&$skip=${skip}`, { headers })).text();
    pages++;
    bytes += text.length;
    if (!text.includes('"telephoneNumber"') || (text.match(/"telephoneNumber"/g) ?? []).length < 1000) break;
  }
  return { pages, mb: Math.round(bytes / 1e5) / 10, cpuSeconds: cpuSeconds(cpu) };
}

async function sync(p: Prepared): Promise<Record<string, number | string>> {
  const cpu = process.cpuUsage();
  const store = new SqliteStore(path.join(p.dir, 'vmp.sqlite'));
  try {
    const result = await syncTenant({ store, graph: { baseUrl: p.url, tokenProvider: staticToken(TOKEN) }, actor: 'bench', mode: 'full' });
    if (result.counts.users !== p.users) throw new Error(`synced ${result.counts.users} users, expected ${p.users}`);
    return {
      cpuSeconds: cpuSeconds(cpu),
      usersPerSecond: Math.round(p.users / (result.elapsedMs / 1000)),
      pages: result.pages,
      numbers: result.counts.numbers,
      sites: result.counts.sites,
      readMode: result.usersRead,
      readS: result.timings.readMs / 1000,
      buildS: result.timings.buildMs / 1000,
      saveS: result.timings.saveMs / 1000,
    };
  } finally {
    await store.close();
  }
}

/**
 * Runs a measured case and adds the demo server's CPU seconds over the same span, and the shortest wall
 * time the two processes' CPU allows on this machine's cores.
 */
function withServerCpu(run: (p: Prepared) => Promise<Record<string, number | string>>): (p: Prepared) => Promise<Record<string, number | string>> {
  return async (p) => {
    const before = cpuSecondsOf(p.child.pid);
    const notes = await run(p);
    const after = cpuSecondsOf(p.child.pid);
    if (before === undefined || after === undefined || typeof notes.cpuSeconds !== 'number') return notes;
    const serverCpuS = round2(after - before);
    return { ...notes, serverCpuS, cpuBoundS: round2((notes.cpuSeconds + serverCpuS) / os.availableParallelism()) };
  };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** CPU seconds of this (client) process since `since`; the server's CPU is not in it. */
function cpuSeconds(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return Math.round((u.user + u.system) / 1e4) / 100;
}

const sizes: [string, number][] = [
  ['10k', 10_000],
  ['100k', 100_000],
];

export default defineBench({
  name: 'graph-sync',
  cases: sizes.flatMap(([label, users]) => [
    { id: `plain-${label}`, label: 'plain sequential fetch loop', size: `${label} users`, setup: () => startServer(users), run: withServerCpu(fetchLoop), teardown: stopServer },
    { id: `floor-${label}`, label: 'fetch the sync\'s requests (floor)', size: `${label} users`, setup: () => startServer(users), run: withServerCpu(fetchSameRequests), teardown: stopServer },
    {
      id: `sync-${label}`,
      label: 'sync tenant',
      size: `${label} users`,
      setup: () => startServer(users),
      run: withServerCpu(sync),
      teardown: stopServer,
      floor: `floor-${label}`,
      targets: { maxRatio: 1.5, maxRssMb: 600 },
    },
  ]),
});
