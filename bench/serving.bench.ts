/**
 * Serving a 100,000-user tenant (issue 12): the server (`server/main.ts --local`, in its own process)
 * over a stored tenant of 100,000 users (2,000 places, 40 sites - the demo generator's most; PBX
 * inventory imported, examples/settings.json saved, plan built), loaded by a client in the case's
 * process with plain fetch and keep-alive. The tenant is prepared once into a cache in the OS temp dir
 * (bench/serving/tenant.ts) and copied for each case; starting the server and warming it up is setup.
 *
 * A case's time is the wall time of its load. Latency targets are checked in the notes (`...P95Ms`,
 * `target...`, `met`); the harness's RSS column is the load client's, the server's peak RSS (VmHWM) is
 * `serverPeakRssMb` in each case's notes and the last case gathers them for the run.
 *
 * Targets: bot `status` (POST /api/messages, expectReplies), 200 at 10 concurrent: p95 < 200 ms, 0 errors;
 * GET /api/status p95 < 100 ms; the People page with a site filter and a search, 50 clients for 60 s with
 * a settings save every 4 s: p95 < 150 ms, 0 5xx, no lost write; /healthz p99 < 50 ms while a 100k sync,
 * a 100k PBX import and a plan build run; server peak RSS < 1 GB; the Overview's requests < 100 KB.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineBench } from './harness';
import { BLOCKS_NAME, LINES_NAME, TenantInfo, copyTenantDb, ensureTenant } from './serving/tenant';
import { Proc, ServerProc, cpuSecondsOf, peakRssMb, startDemoGraph, startServer, stop } from './serving/processes';
import { BROWSER_HEADERS, Recorder, closedLoop, postJson, round1, timed, wireBytes } from './serving/load';

const TARGET_RSS_MB = 1024;

interface Prepared {
  server: ServerProc;
  graph?: Proc & { url: string; token: string };
  workDir: string;
  tenantDir: string;
  info: TenantInfo;
  prepared: boolean;
  serverCpuAtStart?: number;
  extra?: Record<string, unknown>;
}

/** Each case's server peak RSS, gathered by the last case of the same run (the runner is the parent of every case). */
const RUN_RSS_FILE = path.join(os.tmpdir(), `vmp-bench-serving-rss-${process.ppid}.json`);

async function setupServer(options: { withGraph?: boolean } = {}): Promise<Prepared> {
  const { dir, info, prepared } = ensureTenant();
  const { dbFile, workDir } = copyTenantDb(dir);
  const graph = options.withGraph ? await startDemoGraph() : undefined;
  const server = await startServer(dbFile, graph && { url: graph.url, token: graph.token });
  return { server, graph, workDir, tenantDir: dir, info, prepared };
}

async function teardown(p: Prepared): Promise<void> {
  await stop(p.server);
  await stop(p.graph);
  fs.rmSync(p.workDir, { recursive: true, force: true });
}

/** Server-side figures every case reports, read before the server stops. */
function serverNotes(p: Prepared, caseId: string): Record<string, number | string> {
  const rss = peakRssMb(p.server.pid);
  if (rss !== undefined) {
    const all = fs.existsSync(RUN_RSS_FILE) ? (JSON.parse(fs.readFileSync(RUN_RSS_FILE, 'utf8')) as Record<string, number>) : {};
    all[caseId] = rss;
    fs.writeFileSync(RUN_RSS_FILE, JSON.stringify(all));
  }
  const cpu = cpuSecondsOf(p.server.pid);
  return {
    serverPeakRssMb: rss ?? 'n/a',
    serverRssMet: rss === undefined ? 'n/a' : rss < TARGET_RSS_MB ? 'yes' : 'no',
    ...(cpu !== undefined && p.serverCpuAtStart !== undefined && { serverCpuS: round1(cpu - p.serverCpuAtStart) }),
    serverStartS: round1(p.server.startSeconds),
    ...(p.prepared && { tenantPreparedS: p.info.prepareSeconds }),
  };
}

const met = (ok: boolean): string => (ok ? 'yes' : 'no');

/** The bot's status command as Teams sends it, answered in the response body (local mode: no token). */
function statusActivity(i: number): Record<string, unknown> {
  return {
    type: 'message',
    id: `bench-activity-${i}`,
    text: 'status',
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/', // never called: expectReplies returns the replies in the body
    deliveryMode: 'expectReplies',
    from: { id: 'user-1', name: 'Local developer' },
    recipient: { id: 'bot-1', name: 'Voice Migration Planner' },
    conversation: { id: 'conversation-1', conversationType: 'personal' },
  };
}

const WARMUP = 5;

async function botStatus(p: Prepared): Promise<Record<string, number | string>> {
  const url = `${p.server.base}/api/messages`;
  const rec = new Recorder();
  p.serverCpuAtStart = cpuSecondsOf(p.server.pid);
  const seconds = await closedLoop({ concurrency: 10, count: 200 }, async (i) => {
    const r = await postJson(url, statusActivity(i));
    // A 200 without a reply is an error too.
    const replied = r.status === 200 && ((JSON.parse(r.text) as { activities?: unknown[] }).activities?.length ?? 0) > 0;
    rec.add(r.ms, r.status === 200 && !replied ? 'no-reply' : r.status);
  });
  const p95 = rec.percentile(95);
  return { ...rec.notes('bot'), loadS: round1(seconds), warmup: WARMUP, targetP95Ms: 200, errors: rec.errors, met: met(p95 < 200 && rec.errors === 0), ...serverNotes(p, 'bot-status') };
}

async function apiStatus(p: Prepared): Promise<Record<string, number | string>> {
  const url = `${p.server.base}/api/status`;
  const rec = new Recorder();
  let bytes = 0;
  p.serverCpuAtStart = cpuSecondsOf(p.server.pid);
  const seconds = await closedLoop({ concurrency: 10, count: 200 }, async () => {
    const r = await timed(url);
    bytes = r.text.length;
    rec.add(r.ms, r.status);
  });
  const p95 = rec.percentile(95);
  return { ...rec.notes('status'), loadS: round1(seconds), warmup: WARMUP, jsonBytes: bytes, targetP95Ms: 100, errors: rec.errors, met: met(p95 < 100 && rec.errors === 0), ...serverNotes(p, 'api-status') };
}

async function warmUp(p: Prepared, url: string, init?: RequestInit): Promise<void> {
  for (let i = 0; i < WARMUP; i++) {
    const r = await timed(url, init);
    if (r.status !== 200) throw new Error(`warm-up ${url} answered ${r.status}: ${r.text.slice(0, 300)}`);
  }
}

// --- People page under load, with settings saves -------------------------------------------------------

interface PeopleSetup extends Prepared {
  siteId: string;
  words: string[];
  siteTotal: number;
}

/** The site with the most people and a few words of its people's names, from the API itself. */
async function setupPeople(): Promise<PeopleSetup> {
  const p = await setupServer();
  const first = await timed(`${p.server.base}/api/people?limit=1&facets=sites`);
  if (first.status !== 200) throw new Error(`GET /api/people answered ${first.status}: ${first.text.slice(0, 300)}`);
  const facets = (JSON.parse(first.text) as { sites: { siteId?: string; id?: string; count?: number; people?: number }[] }).sites;
  const biggest = [...facets].sort((a, b) => (b.count ?? b.people ?? 0) - (a.count ?? a.people ?? 0))[0];
  const siteId = biggest.siteId ?? biggest.id!;
  const page = JSON.parse((await timed(`${p.server.base}/api/people?siteId=${encodeURIComponent(siteId)}&limit=100`)).text) as { total: number; items: { displayName: string }[] };
  // Surnames of the site's first people: searches that match a few dozen of its people each.
  const words = [...new Set(page.items.map((i) => i.displayName.split(/\s+/).pop()!.replace(/[^\p{L}]/gu, '')).filter((w) => w.length >= 4))].slice(0, 8);
  if (words.length === 0) throw new Error('no search words found in the site');
  for (const w of words) await warmUp(p, peopleUrl(p.server.base, siteId, w));
  await warmUp(p, `${p.server.base}/api/settings`);
  return { ...p, siteId, words, siteTotal: page.total };
}

function peopleUrl(base: string, siteId: string, word: string): string {
  return `${base}/api/people?siteId=${encodeURIComponent(siteId)}&q=${encodeURIComponent(word)}&limit=100`;
}

/** The decision flipped by each save: a London site between Operator Connect and Direct Routing. */
const TOGGLED_SITE = 'london-docklands';
function toggled(settings: { decisions?: { sites?: Record<string, unknown>[] } }): unknown {
  const copy = structuredClone(settings) as { decisions: { sites: Record<string, unknown>[] } };
  const sites = copy.decisions.sites;
  const i = sites.findIndex((s) => s.siteId === TOGGLED_SITE);
  const oc = { siteId: TOGGLED_SITE, path: 'OC', operatorId: 'op-unity-uk' };
  const dr = { siteId: TOGGLED_SITE, path: 'DR', sbcId: 'sbc-lon', note: 'bench: moved to Direct Routing' };
  if (i < 0) sites.push(dr);
  else sites[i] = sites[i].path === 'OC' ? dr : oc;
  return copy;
}

/** The same page requests without saves, for comparison (informational, no target of its own). */
async function peopleOnly(p: PeopleSetup): Promise<Record<string, number | string>> {
  const people = new Recorder();
  p.serverCpuAtStart = cpuSecondsOf(p.server.pid);
  const seconds = await closedLoop({ concurrency: 50, deadline: performance.now() + PEOPLE_ONLY_S * 1000 }, async (i) => {
    const r = await timed(peopleUrl(p.server.base, p.siteId, p.words[i % p.words.length]));
    people.add(r.ms, r.status);
  });
  return { ...people.notes('people'), loadS: round1(seconds), peoplePerSecond: Math.round(people.count / seconds), site: p.siteId, sitePeople: p.siteTotal, ...serverNotes(p, 'people-only') };
}

const PEOPLE_ONLY_S = 15;

async function peopleUnderSaves(p: PeopleSetup): Promise<Record<string, number | string>> {
  const base = p.server.base;
  const people = new Recorder();
  const saves = new Recorder();
  const reads = new Recorder();
  let refreshingPages = 0;
  let wrongPages = 0;
  let saved200 = 0;
  let changed200 = 0;
  let conflicts = 0;
  const otherSaves: string[] = [];
  const initial = JSON.parse((await timed(`${base}/api/settings`)).text) as { version: number };
  p.serverCpuAtStart = cpuSecondsOf(p.server.pid);
  const t0 = performance.now();
  const deadline = t0 + 60_000;
  const clients = closedLoop({ concurrency: 50, deadline }, async (i) => {
    const r = await timed(peopleUrl(base, p.siteId, p.words[i % p.words.length]));
    people.add(r.ms, r.status);
    if (r.status === 200) {
      const page = JSON.parse(r.text) as { refreshing: boolean; items: { siteId?: string }[] };
      if (page.refreshing) refreshingPages++;
      if (page.items.some((x) => x.siteId !== p.siteId)) wrongPages++;
    }
  });
  // A save every 4 s whether or not the one before has answered (admins do not wait for each other): read
  // the settings, flip one site decision, save against the version read. Overlapping saves may conflict (409).
  const save = async () => {
    const g = await timed(`${base}/api/settings`);
    reads.add(g.ms, g.status);
    if (g.status !== 200) return;
    const current = JSON.parse(g.text) as { settings: { decisions?: { sites?: Record<string, unknown>[] } }; version: number };
    const r = await postJson(`${base}/api/settings`, { settings: toggled(current.settings), expectedVersion: current.version }, 'PUT');
    saves.add(r.ms, r.status);
    if (r.status === 200) {
      saved200++;
      if (!(JSON.parse(r.text) as { unchanged?: boolean }).unchanged) changed200++;
    } else if (r.status === 409) conflicts++;
    else otherSaves.push(`${r.status}: ${r.text.slice(0, 200)}`);
  };
  const pending: Promise<void>[] = [];
  const saver = (async () => {
    for (let k = 0; t0 + k * 4_000 < deadline; k++) {
      await new Promise((r) => setTimeout(r, Math.max(0, t0 + k * 4_000 - performance.now())));
      pending.push(save());
    }
  })();
  const [seconds] = await Promise.all([clients, saver]);
  // Saves still running when the clients stop are waited for (the case's time includes them: drainS).
  const drain0 = performance.now();
  await Promise.all(pending);
  const drainS = round1((performance.now() - drain0) / 1000);
  const final = JSON.parse((await timed(`${base}/api/settings`)).text) as { version: number };
  const p95 = people.percentile(95);
  // No lost write: the final version is the first plus every 200 that changed content; and every save got an answer (200 or 409).
  const versionsAddUp = final.version === initial.version + changed200;
  const allAnswered = otherSaves.length === 0;
  return {
    ...people.notes('people'),
    loadS: round1(seconds),
    drainS,
    peoplePerSecond: Math.round(people.count / seconds),
    site: p.siteId,
    sitePeople: p.siteTotal,
    searchWords: p.words.length,
    refreshingPages,
    wrongSitePages: wrongPages,
    ...saves.notes('save'),
    settingsGetP95Ms: round1(reads.percentile(95)),
    saves200: saved200,
    savesChanged: changed200,
    saves409: conflicts,
    ...(otherSaves.length > 0 && { savesOther: otherSaves.join(' | ') }),
    settingsVersionBefore: initial.version,
    settingsVersionAfter: final.version,
    versionsAddUp: met(versionsAddUp),
    savesAllAnswered200or409: met(allAnswered),
    targetP95Ms: 150,
    people5xx: people.count5xx(),
    peopleNoAnswer: people.countNetwork(),
    met: met(p95 < 150 && people.count5xx() === 0 && people.countNetwork() === 0 && versionsAddUp && allAnswered),
    ...serverNotes(p, 'people-settings'),
  };
}

// --- /healthz while the heavy work runs ------------------------------------------------------------------

interface JobRun {
  status: number | `network:${string}`;
  state: string;
  seconds: number;
  how: string;
}

/** Sends one piece of heavy work (POST, or PUT) and follows it to its end: a job (202 {job}), the older sync (202 + /sync/progress) or the request itself. */
async function runToEnd(base: string, pathName: string, body: unknown, timeoutS = 150, method: 'POST' | 'PUT' = 'POST'): Promise<JobRun> {
  const t0 = performance.now();
  const seconds = () => round1((performance.now() - t0) / 1000);
  const r = await postJson(`${base}${pathName}`, body, method);
  if (r.status !== 202) {
    // 200: done in the request, or a job whose end the answer waited for (the site rules' apply).
    if (r.status === 200) return { status: 200, state: 'succeeded', seconds: seconds(), how: 'answered when done' };
    return { status: r.status, state: `refused (${r.text.slice(0, 120).replace(/\s+/g, ' ')})`, seconds: seconds(), how: 'request' };
  }
  const answer = JSON.parse(r.text) as { job?: { id: string } };
  const deadline = t0 + timeoutS * 1000;
  while (performance.now() < deadline) {
    await new Promise((res) => setTimeout(res, 250));
    if (answer.job) {
      const j = JSON.parse((await timed(`${base}/api/jobs/${encodeURIComponent(answer.job.id)}`)).text) as { job: { state: string; error?: { message?: string } } };
      if (j.job.state === 'succeeded' || j.job.state === 'failed') {
        return { status: 202, state: j.job.state + (j.job.error?.message ? ` (${j.job.error.message.slice(0, 120)})` : ''), seconds: seconds(), how: 'job' };
      }
    } else {
      const s = JSON.parse((await timed(`${base}/api/sync/progress`)).text) as { state: string; error?: string };
      if (s.state !== 'running') return { status: 202, state: s.state + (s.error ? ` (${s.error.slice(0, 120)})` : ''), seconds: seconds(), how: 'background (sync progress)' };
    }
  }
  return { status: 202, state: 'timed out', seconds: seconds(), how: answer.job ? 'job' : 'background' };
}

/** The API router's JSON body limit (express.json({ limit: '5mb' }) in tab/api/router.ts). */
const API_BODY_LIMIT = 5 * 1024 * 1024;

/** The largest head of the lines CSV whose JSON body stays under the API's 5 MB body limit. */
function linesUnderLimit(csv: string, limitBytes: number): { text: string; lines: number } {
  const all = csv.split('\n');
  let lo = 1;
  let hi = all.length;
  const size = (n: number) => Buffer.byteLength(JSON.stringify({ linesCsv: all.slice(0, n).join('\n') }));
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (size(mid) <= limitBytes) lo = mid;
    else hi = mid - 1;
  }
  return { text: `${all.slice(0, lo).join('\n')}\n`, lines: lo - 1 };
}

async function healthzDuringJobs(p: Prepared): Promise<Record<string, number | string>> {
  const base = p.server.base;
  const linesCsv = fs.readFileSync(path.join(p.tenantDir, LINES_NAME), 'utf8');
  const blocksCsv = fs.readFileSync(path.join(p.tenantDir, BLOCKS_NAME), 'utf8');
  const health = new Recorder();
  let working = true;
  p.serverCpuAtStart = cpuSecondsOf(p.server.pid);
  const graphCpu0 = p.graph && cpuSecondsOf(p.graph.pid);
  // Two probes, each about every 50 ms, for as long as the work runs.
  const probes = closedLoop({ concurrency: 2, pauseMs: 50, stop: () => !working }, async () => {
    const r = await timed(`${base}/healthz`);
    health.add(r.ms, r.status);
  });
  // An admin's small versioned write every 250 ms while the jobs commit 100,000-record collections: the
  // PBX column mapping (read by the tab's mapping form only, so the jobs do not see it). It waits for
  // whatever holds SQLite's write lock.
  const writes = new Recorder();
  const writer = closedLoop({ concurrency: 1, pauseMs: 250, stop: () => !working }, async (i) => {
    const current = JSON.parse((await timed(`${base}/api/pbx/mapping`)).text) as { version: number | null };
    const r = await postJson(`${base}/api/pbx/mapping`, { mapping: { lines: { ignore: [`bench-${i}`] } }, expectedVersion: current.version }, 'PUT');
    writes.add(r.ms, r.status);
  });
  const t0 = performance.now();
  const notes: Record<string, number | string> = {};
  try {
    const sync = await runToEnd(base, '/api/sync', { full: true });
    Object.assign(notes, { syncStatus: sync.status, syncState: sync.state, syncS: sync.seconds, syncHow: sync.how });
    // An import replaces the inventory the caller read: send its version, as the tab does.
    const inventoryVersion = async () => ((await (await fetch(`${base}/api/pbx/summary`)).json()) as { version?: number }).version ?? null;
    const full = await runToEnd(base, '/api/pbx/import', { linesCsv, blocksCsv, expectedVersion: await inventoryVersion() });
    Object.assign(notes, { pbxFullStatus: full.status, pbxFullState: full.state, pbxFullMb: round1(Buffer.byteLength(linesCsv) / 1e6) });
    if (full.status !== 200 && full.status !== 202 && Buffer.byteLength(JSON.stringify({ linesCsv, blocksCsv })) > API_BODY_LIMIT) {
      // The whole 100k export does not fit the API's body limit (the answer should be a 413): import the largest part that does.
      const part = linesUnderLimit(linesCsv, API_BODY_LIMIT - Buffer.byteLength(JSON.stringify({ blocksCsv })) - 1024);
      const imp = await runToEnd(base, '/api/pbx/import', { linesCsv: part.text, blocksCsv, expectedVersion: await inventoryVersion() });
      Object.assign(notes, { pbxLines: part.lines, pbxStatus: imp.status, pbxState: imp.state, pbxS: imp.seconds, pbxHow: imp.how });
    } else Object.assign(notes, { pbxLines: p.info.pbxLines, pbxS: full.seconds, pbxHow: full.how });
    const plan = await runToEnd(base, '/api/plan', {});
    Object.assign(notes, { planStatus: plan.status, planState: plan.state, planS: plan.seconds, planHow: plan.how });
    // Site rules saved and re-applied (a job the answer waits for): the example rules but their last three,
    // so that people really move; then the whole People list as a workbook, streamed a page at a time.
    const { rules } = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'examples', 'site-rules.json'), 'utf8')) as { rules: unknown[] };
    const rulesVersion = (JSON.parse((await timed(`${base}/api/site-rules`)).text) as { version: number | null }).version;
    // 200 when the job ended within the route's wait, else 202 {job}: followed to its end.
    const applied = await runToEnd(base, '/api/site-rules', { rules: rules.slice(0, -3), expectedVersion: rulesVersion, apply: true }, 150, 'PUT');
    Object.assign(notes, { rulesApplyStatus: applied.status, rulesApplyState: applied.state, rulesApplyS: applied.seconds, rulesApplyHow: applied.how });
    const exported = await timed(`${base}/api/people/export.xlsx`);
    Object.assign(notes, { peopleExportStatus: exported.status, peopleExportS: round1(exported.ms / 1000) });
  } finally {
    working = false;
    await Promise.all([probes, writer]);
  }
  const seconds = (performance.now() - t0) / 1000;
  const p99 = health.percentile(99);
  const graphRss = p.graph && peakRssMb(p.graph.pid);
  const graphCpu = p.graph && cpuSecondsOf(p.graph.pid);
  return {
    ...health.notes('healthz'),
    ...writes.notes('write'),
    loadS: round1(seconds),
    ...notes,
    targetP99Ms: 50,
    met: met(p99 < 50 && health.errors === 0),
    ...serverNotes(p, 'healthz-jobs'),
    ...(graphRss !== undefined && { demoGraphPeakRssMb: graphRss }),
    ...(graphCpu !== undefined && graphCpu0 !== undefined && { demoGraphCpuS: round1(graphCpu - graphCpu0) }),
  };
}

// --- The Overview's bytes ----------------------------------------------------------------------------------

const OVERVIEW_REQUESTS = ['/api/me', '/api/overview', '/api/sync/progress'];

async function overviewBytes(p: Prepared): Promise<Record<string, number | string>> {
  const notes: Record<string, number | string> = {};
  p.serverCpuAtStart = cpuSecondsOf(p.server.pid);
  let compressed = 0;
  let plain = 0;
  let latency = 0;
  for (const r of OVERVIEW_REQUESTS) {
    const name = r.split('/').pop()!.replace(/[^a-z]/gi, '');
    const t0 = performance.now();
    const c = await wireBytes(`${p.server.base}${r}`, { ...BROWSER_HEADERS });
    latency += performance.now() - t0;
    const u = await wireBytes(`${p.server.base}${r}`, { Accept: 'application/json', 'Accept-Encoding': 'identity' });
    if (c.status !== 200 || u.status !== 200) throw new Error(`${r} answered ${c.status}/${u.status}`);
    compressed += c.headerBytes + c.bodyBytes;
    plain += u.headerBytes + u.bodyBytes;
    notes[`${name}Body`] = `${c.bodyBytes} ${c.encoding} / ${u.bodyBytes} plain`;
  }
  return {
    ...notes,
    overviewKb: round1(compressed / 1024),
    overviewPlainKb: round1(plain / 1024),
    overviewMs: round1(latency),
    targetKb: 100,
    met: met(compressed < 100 * 1024),
    plainMet: met(plain < 100 * 1024),
    ...serverNotes(p, 'overview-bytes'),
  };
}

// --- Every read route once over -------------------------------------------------------------------------

/**
 * Each route the tab and the bot read, asked one at a time: none may cost with the tenant beyond the page
 * it returns. `first` is the first request after start (a cold cache: the plan header parsed, the routing
 * question's plan artefact read); the median is of the requests after it.
 */
const LARGEST_ORDER = '{largest upload order}';
const MAIN_NUMBERS_WAVE = '{main numbers wave}';
const READ_ROUTES = [
  '/api/overview',
  '/api/plan/summary',
  '/api/plan/waves',
  '/api/plan/blockers',
  '/api/plan/blockers?wave=1',
  '/api/plan/blocked?limit=100',
  '/api/plan/waves/1/members?limit=100',
  '/api/plan/port-orders?limit=100',
  '/api/plan/upload-orders?limit=100',
  // The order rows carry their first numbers; the largest upload order's second 1,000 numbers (see LARGEST_ORDER).
  `/api/plan/orders/${LARGEST_ORDER}/numbers?offset=1000`,
  '/api/migration-status?limit=100',
  '/api/migration-status?state=blocked&limit=100',
  '/api/migration-status/sites?limit=100',
  '/api/migration-status/fixups?limit=100',
  '/api/decisions',
  '/api/readiness?limit=100',
  '/api/readiness?severity=blocker&limit=100',
  '/api/people?limit=100&facets=sites',
  '/api/pbx/summary',
  '/api/pbx/groups?limit=100',
  '/api/settings',
  '/api/site-rules',
  '/api/jobs',
  '/api/route?number=%2B12064312005&date=2027-06-01',
  // The wave timeline's holidays, stored with the plan (evaluated per request before, 313 ms first).
  '/api/plan/holidays',
  // Added with the tab's workspace: select all matching, the blockers grid, the pin picker's group search,
  // and the list exports (capped at 10,000 rows).
  '/api/people/matching?siteId=toronto',
  '/api/people/matching?siteId=seattle',
  '/api/plan/blocked?site=seattle&limit=100',
  '/api/pbx/groups?q=sales&limit=20',
  '/api/plan/blocked/export.xlsx?gate=no-usage-location',
  '/api/coexistence/export.xlsx?list=port-orders',
  // The site list the Sites, Blockers, Coexistence, Plan and Settings pages name sites from.
  '/api/sites',
  // The Progress page (a state's page, the last page of the drifted) and the Sites page's Moved column
  // (every site's counts, a page of 1,000); every drift fix-up as one script, which grows with the drift.
  '/api/migration-status?state=drifted&limit=200',
  '/api/migration-status?state=drifted&offset=9000&limit=200',
  '/api/migration-status/sites?limit=1000',
  '/api/migration-status/fixups.ps1',
  // The Progress page's filters together: a state within a site and a wave; a state at a large site.
  '/api/migration-status?state=scheduled&wave=2&site=seattle&limit=200',
  '/api/migration-status?state=scheduled&site=seattle&offset=1000&limit=200',
  // The Progress page's Show list counts for one site (its status counts by key).
  '/api/migration-status/sites?site=seattle&limit=1',
  // The Progress page's export of the drifted (9,780 rows at 100k, under the 10,000-row cap).
  '/api/migration-status/export.xlsx?state=drifted',
  // A Plan wave's panel (and the bot's wave card): the wave's sites, each with its counts per wave; the
  // site panel, whose waves read the site's status record.
  '/api/migration-status/sites?wave=2&limit=1000',
  '/api/sites/seattle',
  // A Plan wave's panel: the PBX groups the wave moves (its first page, and the whole wave as `vmp status --groups` reads it).
  '/api/plan/waves/2/groups?limit=20',
  '/api/plan/waves/2/groups?limit=1000',
  // ... and the sites' main numbers a wave moves to auto attendants, with where each stands in Teams (the
  // last wave that moves some: see MAIN_NUMBERS_WAVE).
  '/api/plan/waves/{main numbers wave}/main-numbers?limit=20',
  // ... and its common-area phones, with where each stands in Teams (one keyed page of status.common-area-phones).
  '/api/plan/waves/{main numbers wave}/common-area-phones?limit=20',
  // The Blockers page's script for the people with Teams Phone turned off (it grows with that gate's people, streamed).
  '/api/plan/blocked/teams-phone-on.ps1',
];
const READ_REPEATS = 10;

async function readRoutes(p: Prepared): Promise<Record<string, number | string>> {
  const notes: Record<string, number | string> = {};
  let slowest = 0;
  const uploads = JSON.parse((await timed(`${p.server.base}/api/plan/upload-orders?limit=1000`)).text) as { items: { id: string; numberCount: number }[] };
  const largest = uploads.items.reduce((a, b) => (b.numberCount > a.numberCount ? b : a)).id;
  const { waves } = JSON.parse((await timed(`${p.server.base}/api/plan/waves`)).text) as { waves: { number: number }[] };
  let mainWave: number | undefined;
  for (const w of [...waves].reverse()) {
    const page = JSON.parse((await timed(`${p.server.base}/api/plan/waves/${w.number}/main-numbers?limit=1`)).text) as { total: number };
    if (page.total > 0) {
      mainWave = w.number;
      break;
    }
  }
  if (mainWave === undefined) throw new Error('no wave of the plan moves a main number');
  notes.mainNumbersWave = mainWave;
  for (const route of READ_ROUTES) {
    const url = `${p.server.base}${route.replace(LARGEST_ORDER, encodeURIComponent(largest)).replace(MAIN_NUMBERS_WAVE, String(mainWave))}`;
    const first = await timed(url);
    if (first.status !== 200) throw new Error(`${route} answered ${first.status}: ${first.text.slice(0, 300)}`);
    const rec = new Recorder();
    for (let i = 0; i < READ_REPEATS; i++) {
      const r = await timed(url);
      rec.add(r.ms, r.status);
    }
    const p50 = rec.percentile(50);
    slowest = Math.max(slowest, p50);
    notes[route.replace(/^\/api/, '')] = `first ${round1(first.ms)} ms, p50 ${round1(p50)} ms, ${round1(Buffer.byteLength(first.text) / 1024)} KB`;
  }
  return { routes: READ_ROUTES.length, slowestP50Ms: round1(slowest), ...notes, ...serverNotes(p, 'read-routes') };
}

export default defineBench({
  name: 'serving',
  cases: [
    {
      id: 'bot-status',
      label: 'bot status over HTTP, 200 at 10 concurrent',
      size: '100k users',
      setup: async () => {
        const p = await setupServer();
        for (let i = 0; i < WARMUP; i++) {
          const r = await postJson(`${p.server.base}/api/messages`, statusActivity(-1 - i));
          if (r.status !== 200) throw new Error(`the bot answered ${r.status}: ${r.text.slice(0, 300)}`);
        }
        return p;
      },
      run: botStatus,
      teardown,
    },
    {
      id: 'api-status',
      label: 'GET /api/status, 200 at 10 concurrent',
      size: '100k users',
      setup: async () => {
        const p = await setupServer();
        await warmUp(p, `${p.server.base}/api/status`);
        return p;
      },
      run: apiStatus,
      teardown,
    },
    {
      id: 'people-only',
      label: `People page (site + search), 50 clients ${PEOPLE_ONLY_S} s, no saves`,
      size: '100k users',
      setup: setupPeople,
      run: peopleOnly,
      teardown,
    },
    {
      id: 'people-settings',
      label: 'People page (site + search), 50 clients 60 s, a settings save every 4 s',
      size: '100k users',
      setup: setupPeople,
      run: peopleUnderSaves,
      teardown,
    },
    {
      id: 'healthz-jobs',
      label: '/healthz during a 100k sync, PBX import, plan build, site rules re-applied and the People workbook',
      size: '100k users',
      setup: () => setupServer({ withGraph: true }),
      run: healthzDuringJobs,
      teardown,
    },
    {
      id: 'read-routes',
      label: 'every read route of the tab and the bot, one request at a time',
      size: '100k users',
      setup: () => setupServer(),
      run: readRoutes,
      teardown,
    },
    {
      id: 'overview-bytes',
      label: "the Overview's requests (me, overview, sync progress)",
      size: '100k users',
      setup: async () => {
        const p = await setupServer();
        for (const r of OVERVIEW_REQUESTS) await warmUp(p, `${p.server.base}${r}`);
        return p;
      },
      run: overviewBytes,
      teardown,
    },
    {
      id: 'server-rss',
      label: "server peak RSS over this run's cases",
      size: '100k users',
      run: (): Record<string, number | string> => {
        if (!fs.existsSync(RUN_RSS_FILE)) return { serverPeakRssMb: 'n/a (no case recorded one)' };
        const all = JSON.parse(fs.readFileSync(RUN_RSS_FILE, 'utf8')) as Record<string, number>;
        fs.rmSync(RUN_RSS_FILE, { force: true });
        const peak = Math.max(...Object.values(all));
        return { serverPeakRssMb: peak, byCase: Object.entries(all).map(([k, v]) => `${k}:${v}`).join(' '), targetMb: TARGET_RSS_MB, met: met(peak < TARGET_RSS_MB) };
      },
    },
  ],
});
