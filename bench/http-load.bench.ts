/**
 * A bounded load script (issue 13), not a test: 50 clients for 60 s (LOAD_SECONDS, LOAD_CLIENTS) against
 * the server (`server/main.ts --local`, its own process) over the cached 100,000-user tenant of the
 * serving bench (bench/serving/tenant.ts). Each client repeats the mix an admin's tab and the bot make -
 * the Overview, a People page with a site filter and a search, the waves, migration status, readiness,
 * decisions, the bot's status and /healthz - and every 25th request is a settings save against the
 * version read. Reported: requests, errors (anything but 2xx, and 409 on saves is not an error), 5xx, p50,
 * p95 and p99 over all requests and p95 per kind, requests per second, the server's peak RSS.
 *
 * The rate limits are off for this process (bench/serving/processes.ts): fifty clients on the one local
 * identity measure the server, not one admin's allowance.
 */
import fs from 'node:fs';
import { defineBench } from './harness';
import { copyTenantDb, ensureTenant } from './serving/tenant';
import { cpuSecondsOf, peakRssMb, startServer, stop, type ServerProc } from './serving/processes';
import { Recorder, closedLoop, postJson, round1, timed } from './serving/load';

const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const CLIENTS = Number(process.env.LOAD_CLIENTS ?? 50);
const SAVE_EVERY = 25;

interface Prepared {
  server: ServerProc;
  workDir: string;
  siteId: string;
  word: string;
}

type Kind = 'overview' | 'people' | 'waves' | 'status' | 'readiness' | 'decisions' | 'bot' | 'healthz' | 'save';
const MIX: Exclude<Kind, 'save'>[] = ['people', 'people', 'overview', 'waves', 'status', 'readiness', 'decisions', 'bot', 'healthz'];

function botStatus(i: number): Record<string, unknown> {
  return {
    type: 'message',
    id: `load-${i}`,
    text: 'status',
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/', // never called: expectReplies returns the replies in the body
    deliveryMode: 'expectReplies',
    from: { id: 'load-user', name: 'Local developer' },
    recipient: { id: 'bot', name: 'Voice Migration Planner' },
    conversation: { id: 'load-conversation', conversationType: 'personal' },
  };
}

async function setup(): Promise<Prepared> {
  if (!Number.isFinite(SECONDS) || SECONDS <= 0 || !Number.isInteger(CLIENTS) || CLIENTS < 1) throw new Error('LOAD_SECONDS must be > 0 and LOAD_CLIENTS a whole number >= 1');
  const { dir } = ensureTenant();
  const { dbFile, workDir } = copyTenantDb(dir);
  const server = await startServer(dbFile);
  const first = await timed(`${server.base}/api/people?limit=100&facets=sites`);
  if (first.status !== 200) throw new Error(`GET /api/people answered ${first.status}: ${first.text.slice(0, 300)}`);
  const page = JSON.parse(first.text) as { sites: { siteId?: string; id?: string; count?: number; people?: number }[]; items: { displayName: string }[] };
  const site = [...page.sites].sort((a, b) => (b.count ?? b.people ?? 0) - (a.count ?? a.people ?? 0))[0];
  const word = page.items.map((i) => i.displayName.split(/\s+/).pop()!.replace(/[^\p{L}]/gu, '')).find((w) => w.length >= 4) ?? 'Smith';
  return { server, workDir, siteId: site.siteId ?? site.id!, word };
}

async function one(p: Prepared, kind: Kind, i: number): Promise<{ ms: number; status: number | string }> {
  const base = p.server.base;
  switch (kind) {
    case 'overview':
      return timed(`${base}/api/overview`);
    case 'people':
      return timed(`${base}/api/people?siteId=${encodeURIComponent(p.siteId)}&q=${encodeURIComponent(p.word)}&limit=100`);
    case 'waves':
      return timed(`${base}/api/plan/waves`);
    case 'status':
      return timed(`${base}/api/migration-status?limit=100`);
    case 'readiness':
      return timed(`${base}/api/readiness?limit=100`);
    case 'decisions':
      return timed(`${base}/api/decisions`);
    case 'healthz':
      return timed(`${base}/healthz`);
    case 'bot':
      return postJson(`${base}/api/messages`, botStatus(i));
    case 'save': {
      // Read the settings and save them unchanged against the version read: the write path without
      // changing the plan's inputs. Another client's save in between is a 409, the expected refusal.
      const g = await timed(`${base}/api/settings`);
      if (g.status !== 200) return g;
      const current = JSON.parse(g.text) as { settings: unknown; version: number };
      const r = await postJson(`${base}/api/settings`, { settings: current.settings, expectedVersion: current.version }, 'PUT');
      return { ms: g.ms + r.ms, status: r.status === 409 ? 'conflict' : r.status };
    }
  }
}

async function load(p: Prepared): Promise<Record<string, number | string>> {
  const all = new Recorder();
  const byKind = new Map<Kind, Recorder>();
  const cpu0 = cpuSecondsOf(p.server.pid);
  const seconds = await closedLoop({ concurrency: CLIENTS, deadline: performance.now() + SECONDS * 1000 }, async (i) => {
    const kind: Kind = i % SAVE_EVERY === SAVE_EVERY - 1 ? 'save' : MIX[i % MIX.length];
    const r = await one(p, kind, i);
    // A save refused as a conflict answered correctly: recorded as 200 for the error count.
    const status = r.status === 'conflict' ? 200 : r.status;
    all.add(r.ms, status);
    let rec = byKind.get(kind);
    if (!rec) byKind.set(kind, (rec = new Recorder()));
    rec.add(r.ms, r.status);
  });
  const perKind: Record<string, number | string> = {};
  for (const [kind, rec] of byKind) perKind[`${kind}P95Ms`] = round1(rec.percentile(95));
  const cpu = cpuSecondsOf(p.server.pid);
  return {
    clients: CLIENTS,
    loadS: round1(seconds),
    ...all.notes('all'),
    errors: all.errors,
    errors5xx: all.count5xx(),
    requestsPerSecond: Math.round(all.count / seconds),
    ...perKind,
    saveStatuses: [...(byKind.get('save')?.statuses ?? [])].map(([k, v]) => `${k}:${v}`).join(' '),
    serverPeakRssMb: peakRssMb(p.server.pid) ?? 'n/a',
    ...(cpu !== undefined && cpu0 !== undefined && { serverCpuS: round1(cpu - cpu0) }),
  };
}

async function teardown(p: Prepared): Promise<void> {
  await stop(p.server);
  fs.rmSync(p.workDir, { recursive: true, force: true });
}

export default defineBench({
  name: 'http-load',
  cases: [
    {
      id: 'load-mix',
      label: `${CLIENTS} clients ${SECONDS} s: tab reads, bot status, settings saves`,
      size: '100k users',
      setup,
      run: load,
      teardown,
    },
  ],
});
