/**
 * The bot as a migration assistant at 100,000 users (issue 16): the server (`server/main.ts --local`,
 * its own process) over the stored tenant the serving bench prepares and caches (bench/serving/tenant.ts:
 * 100,000 users, 40 sites, PBX inventory, settings, plan), asked over HTTP the way Teams asks
 * (POST /api/messages, `deliveryMode: expectReplies`, the answer in the response body): 200 questions
 * at 10 concurrent for each of overall status, a site's status (by name), a wave ("what happens in
 * wave N?") and a routing question ("where does <number> ring tomorrow?"). Starting the server, finding
 * a site, a wave and a number to ask about, and 5 warm-up questions of the same kind are setup.
 *
 * Targets: p95 < 200 ms and 0 errors for each (an answer without a card counts as an error). The
 * "help" case is the floor: the same path answering without reading anything.
 */
import fs from 'node:fs';
import { defineBench } from './harness';
import { copyTenantDb, ensureTenant } from './serving/tenant';
import { cpuSecondsOf, peakRssMb, startServer, stop, type ServerProc } from './serving/processes';
import { Recorder, closedLoop, postJson, round1, timed } from './serving/load';

const REQUESTS = 200;
const CONCURRENCY = 10;
const WARMUP = 5;
const TARGET_P95_MS = 200;

interface Prepared {
  server: ServerProc;
  workDir: string;
  question: string;
  cpuAtStart?: number;
}

/** A message as Teams sends it to the bot; the replies come back in the HTTP answer. */
function message(text: string, i: number): Record<string, unknown> {
  return {
    type: 'message',
    id: `bench-bot-${i}`,
    text,
    locale: 'en-US',
    localTimezone: 'Europe/Berlin',
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/', // never called: expectReplies returns the replies in the body
    deliveryMode: 'expectReplies',
    from: { id: 'user-1', name: 'Local developer' },
    recipient: { id: 'bot-1', name: 'Voice Migration Planner' },
    conversation: { id: 'conversation-1', conversationType: 'personal' },
  };
}

async function getJson<T>(base: string, route: string): Promise<T> {
  const r = await timed(`${base}${route}`);
  if (r.status !== 200) throw new Error(`${route} answered ${r.status}: ${r.text.slice(0, 300)}`);
  return JSON.parse(r.text) as T;
}

interface Subjects {
  site: string;
  wave: number;
  number: string;
  /** A site whose main number the plan moves, and the wave that moves it. */
  mainSite: string;
  mainWave: number;
}

/** What to ask about: a real site name, the middle wave and a number that wave moves, a site's main number. */
async function subjects(base: string): Promise<Subjects> {
  const decisions = await getJson<{ sites?: { name: string; people: number }[] }>(base, '/api/people?limit=1&facets=sites');
  const site = [...(decisions.sites ?? [])].sort((a, b) => b.people - a.people)[0]?.name;
  const waves = await getJson<{ waves: { number: number; members: number }[] }>(base, '/api/plan/waves');
  const withPeople = waves.waves.filter((w) => w.members > 0);
  const wave = withPeople[Math.floor(withPeople.length / 2)].number;
  const members = await getJson<{ items: { numberToAssign?: string; currentDid?: string }[] }>(base, `/api/plan/waves/${wave}/members?limit=100`);
  const number = members.items.map((m) => m.numberToAssign ?? m.currentDid).find(Boolean);
  if (!site || !number) throw new Error('the stored tenant has no site or no planned number to ask about');
  for (const w of waves.waves) {
    const mains = await getJson<{ items: { siteId: string }[] }>(base, `/api/plan/waves/${w.number}/main-numbers?limit=1`);
    if (!mains.items.length) continue;
    const detail = await getJson<{ site: { name: string } }>(base, `/api/sites/${encodeURIComponent(mains.items[0].siteId)}`);
    return { site, wave, number, mainSite: detail.site.name, mainWave: w.number };
  }
  throw new Error('the stored tenant has no main number the plan moves');
}

async function ask(p: Prepared, i: number): Promise<{ ms: number; status: number | string }> {
  const r = await postJson(`${p.server.base}/api/messages`, message(p.question, i));
  if (r.status !== 200) return { ms: r.ms, status: r.status };
  const activities = (JSON.parse(r.text) as { activities?: { attachments?: { contentType: string }[] }[] }).activities ?? [];
  // The answer must be a card (a sentence here means the question was not understood or failed).
  const card = activities.some((a) => a.attachments?.some((x) => x.contentType === 'application/vnd.microsoft.card.adaptive'));
  return { ms: r.ms, status: card ? 200 : 'no-card' };
}

function setupFor(question: (s: Subjects) => string) {
  return async (): Promise<Prepared> => {
    const { dir } = ensureTenant();
    const { dbFile, workDir } = copyTenantDb(dir);
    const server = await startServer(dbFile);
    const p: Prepared = { server, workDir, question: question(await subjects(server.base)) };
    for (let i = 0; i < WARMUP; i++) {
      const r = await ask(p, -1 - i);
      if (r.status !== 200) throw new Error(`"${p.question}" was answered ${r.status}`);
    }
    return p;
  };
}

async function load(p: Prepared): Promise<Record<string, number | string>> {
  const rec = new Recorder();
  p.cpuAtStart = cpuSecondsOf(p.server.pid);
  const seconds = await closedLoop({ concurrency: CONCURRENCY, count: REQUESTS }, async (i) => {
    const r = await ask(p, i);
    rec.add(r.ms, r.status);
  });
  const p95 = rec.percentile(95);
  const cpu = cpuSecondsOf(p.server.pid);
  return {
    question: p.question,
    ...rec.notes('bot'),
    loadS: round1(seconds),
    errors: rec.errors,
    targetP95Ms: TARGET_P95_MS,
    met: p95 < TARGET_P95_MS && rec.errors === 0 ? 'yes' : 'no',
    serverPeakRssMb: peakRssMb(p.server.pid) ?? 'n/a',
    ...(cpu !== undefined && p.cpuAtStart !== undefined && { serverCpuS: round1(cpu - p.cpuAtStart) }),
  };
}

async function teardown(p: Prepared): Promise<void> {
  await stop(p.server);
  fs.rmSync(p.workDir, { recursive: true, force: true });
}

const label = (what: string) => `bot ${what} over HTTP, ${REQUESTS} at ${CONCURRENCY} concurrent`;

export default defineBench({
  name: 'bot',
  cases: [
    // The floor: the same HTTP and Bot Framework path with an answer that reads nothing (the help card),
    // so a busy machine's share of the latency shows beside each question's.
    { id: 'help', label: label('"help" (floor: reads no data)'), size: '100k users', setup: setupFor(() => 'help'), run: load, teardown },
    { id: 'status', floor: 'help', label: label('"how is the migration going?"'), size: '100k users', setup: setupFor(() => 'how is the migration going?'), run: load, teardown },
    { id: 'site-status', floor: 'help', label: label('"status of <site>"'), size: '100k users', setup: setupFor((s) => `status of ${s.site}`), run: load, teardown },
    { id: 'wave', floor: 'help', label: label('"what happens in wave N?"'), size: '100k users', setup: setupFor((s) => `what happens in wave ${s.wave}?`), run: load, teardown },
    { id: 'route', floor: 'help', label: label('"where does <number> ring tomorrow?"'), size: '100k users', setup: setupFor((s) => `where does ${s.number} ring tomorrow?`), run: load, teardown },
    // The number found by the site's name (its main number's record by site key), the day by the wave.
    { id: 'main-number-route', floor: 'help', label: label('"where does the main number of <site> ring after wave N?"'), size: '100k users', setup: setupFor((s) => `where does the main number of ${s.mainSite} ring after wave ${s.mainWave}?`), run: load, teardown },
    // Lists built from every site's counts and paths, the decisions header, and every port and upload order.
    { id: 'sites-blocked', floor: 'help', label: label('"which sites are blocked?"'), size: '100k users', setup: setupFor(() => 'which sites are blocked?'), run: load, teardown },
    { id: 'sites-path', floor: 'help', label: label('"which sites use Direct Routing?"'), size: '100k users', setup: setupFor(() => 'which sites use Direct Routing?'), run: load, teardown },
    { id: 'cost', floor: 'help', label: label('"what will it cost?"'), size: '100k users', setup: setupFor(() => 'what will it cost?'), run: load, teardown },
    { id: 'porting', floor: 'help', label: label('"porting status"'), size: '100k users', setup: setupFor(() => 'porting status'), run: load, teardown },
    { id: 'people-state', floor: 'help', label: label('"who is scheduled in <site>?"'), size: '100k users', setup: setupFor((s) => `who is scheduled in ${s.site}?`), run: load, teardown },
    { id: 'sbcs', floor: 'help', label: label('"which SBCs do we use?"'), size: '100k users', setup: setupFor(() => 'which SBCs do we use?'), run: load, teardown },
    { id: 'numbers', floor: 'help', label: label('"how many numbers are free?"'), size: '100k users', setup: setupFor(() => 'how many numbers are free?'), run: load, teardown },
    // The plan and snapshot headers only (licence-seats.ts against the stored counts).
    { id: 'licences', floor: 'help', label: label('"how many licences do we need?"'), size: '100k users', setup: setupFor(() => 'how many licences do we need?'), run: load, teardown },
    // The decisions header, the settings and one site's decision record.
    { id: 'emergency-site', floor: 'help', label: label('"how are emergency calls set up in <site>?"'), size: '100k users', setup: setupFor((s) => `how are emergency calls set up in ${s.site}?`), run: load, teardown },
  ],
});
