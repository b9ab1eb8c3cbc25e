/**
 * The job runner on a real SQLite file with real worker threads: two runners sharing the file run each
 * job exactly once; a tenant's second job waits while its first runs; the main event loop stays
 * responsive while a 20,000-user sync runs on a worker; a job whose instance stopped is re-queued once,
 * then failed with the reason.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { staticToken } from '../../../shared/graph/graph-http';
import { syncTenant } from '../../../shared/services/sync-service';
import { DemoGraphServer } from '../../../shared/demo/demo-graph-server';
import { generateDemoTenant } from '../../../shared/demo/demo-tenant-generator';
import { loadDecisionsHeader } from '../../../shared/services/decisions-read-model';
import { currentDecisionInputs } from '../../../shared/services/decisions-refresher';
import type { Job } from '../../../shared/jobs/job-types';
import { startChild } from './child-processes';
import { until } from '../../support/until';
import { finished, largeLinesCsv, servicesWithRunner, SMALL_LINES_CSV, tempDb, waitForJob } from './job-test-kit';

const TENANTS = ['aaaaaaaa-0000-4000-8000-00000000000a', 'bbbbbbbb-0000-4000-8000-00000000000b', 'cccccccc-0000-4000-8000-00000000000c'];

test('two runners sharing one SQLite file run every job exactly once', async () => {
  const db = tempDb('vmp-jobs-two-');
  // Jobs are queued by a third party with no runner: both runners find them by polling, at the same pace.
  const queue = servicesWithRunner(db.file, false);
  const a = servicesWithRunner(db.file, { pollMs: 50 });
  const b = servicesWithRunner(db.file, { pollMs: 50 });
  try {
    const jobs: Job[] = [];
    for (let i = 0; i < 6; i++) {
      const tenantId = TENANTS[i % TENANTS.length];
      jobs.push(await queue.services.jobs.enqueue(tenantId, { type: 'pbx-import', createdBy: `admin-${i}`, largeInput: { linesCsv: SMALL_LINES_CSV } }));
    }
    const done = await Promise.all(jobs.map((j) => waitForJob(queue.services, j.tenantId, j.id, finished)));
    expect(done.map((j) => [j.state, j.attempts])).toEqual(jobs.map(() => ['succeeded', 1]));
    // Each import commits one audit entry: as many per tenant as jobs, no more.
    for (const tenantId of TENANTS) {
      const imports = (await queue.services.store.listAudit(tenantId)).filter((e) => e.action === 'import-pbx');
      expect(imports).toHaveLength(jobs.filter((j) => j.tenantId === tenantId).length);
    }
  } finally {
    await a.stop();
    await b.stop();
    await queue.stop();
    db.remove();
  }
});

test("a tenant's second job waits queued while its first runs; another tenant's runs meanwhile", async () => {
  const db = tempDb('vmp-jobs-limit-');
  const s = servicesWithRunner(db.file, { workers: 2, progressMs: 100 });
  const [t1, t2] = TENANTS;
  const states: Array<Record<string, string>> = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const row: Record<string, string> = {};
      for (const t of [t1, t2]) for (const j of await s.services.jobs.list(t)) row[j.id] = j.state;
      states.push(row);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  try {
    const big = largeLinesCsv(20_000);
    const first = await s.services.jobs.enqueue(t1, { type: 'pbx-import', createdBy: 'admin', largeInput: { linesCsv: big } });
    const second = await s.services.jobs.enqueue(t1, { type: 'pbx-import', createdBy: 'admin', largeInput: { linesCsv: SMALL_LINES_CSV } });
    const other = await s.services.jobs.enqueue(t2, { type: 'pbx-import', createdBy: 'admin', largeInput: { linesCsv: SMALL_LINES_CSV } });
    const [f, sec, o] = await Promise.all([first, second, other].map((j) => waitForJob(s.services, j.tenantId, j.id, finished)));
    sampling = false;
    await sampler;
    expect([f.state, sec.state, o.state]).toEqual(['succeeded', 'succeeded', 'succeeded']);
    // Never two running jobs of one tenant; the second started after the first finished.
    expect(states.some((row) => row[first.id] === 'running' && row[second.id] === 'running')).toBe(false);
    expect(states.some((row) => row[first.id] === 'running' && row[second.id] === 'queued')).toBe(true);
    expect(sec.startedAt! >= f.finishedAt!).toBe(true);
    // The other tenant did not wait for tenant 1's large import.
    expect(o.finishedAt! <= f.finishedAt!).toBe(true);
  } finally {
    sampling = false;
    await sampler;
    await s.stop();
    db.remove();
  }
});

test("a finished sync brings the tenant's people view up to date before anyone reads it", async () => {
  const db = tempDb('vmp-jobs-view-');
  const demo = generateDemoTenant({ users: 300, seed: 3 });
  const graph = new DemoGraphServer({ tenant: demo, token: 'view-token' });
  const s = servicesWithRunner(db.file);
  const { store } = s.services;
  try {
    s.services.sync.configure({ baseUrl: await graph.start(), tokenProvider: staticToken('view-token') });
    const job = await s.services.jobs.enqueue(demo.tenantId, { type: 'sync', createdBy: 'admin', input: { mode: 'full' } });
    expect(await waitForJob(s.services, demo.tenantId, job.id, finished)).toMatchObject({ state: 'succeeded' });
    // Read straight from the store: no People request, which would start the refresh itself.
    const inputs = await currentDecisionInputs(store, demo.tenantId);
    const view = await until(() => loadDecisionsHeader(store, demo.tenantId), (h) => JSON.stringify(h?.inputs) === JSON.stringify(inputs), 30_000);
    expect(view?.inputs).toEqual(inputs);
    expect(await s.services.people.page(demo.tenantId, { offset: 0, limit: 5 })).toMatchObject({ annotated: true, refreshing: false, totalAll: demo.users.length });
  } finally {
    await s.stop();
    await graph.stop();
    db.remove();
  }
});

test('the main event loop stays responsive while a 20,000-user sync runs on a worker', async () => {
  const db = tempDb('vmp-jobs-loop-');
  const tenantId = TENANTS[0];
  // The Graph tenant is served by another process, so that serving its pages does not load this event loop.
  const graph = await startChild('demo-graph', ['20000', tenantId, 'loop-token']);
  const s = servicesWithRunner(db.file);
  try {
    s.services.sync.configure({ baseUrl: String(graph.ready.url), tokenProvider: staticToken('loop-token') });
    const histogram = monitorEventLoopDelay({ resolution: 10 });
    histogram.enable();
    const job = await s.services.jobs.enqueue(tenantId, { type: 'sync', createdBy: 'admin', input: { mode: 'full' } });
    const done = await waitForJob(s.services, tenantId, job.id, finished, 120_000);
    histogram.disable();
    expect(done).toMatchObject({ state: 'succeeded', result: { counts: { users: 20_000 } } });
    const workerMaxMs = histogram.max / 1e6;

    // The same sync on the main thread, for comparison: what POST /api/sync did before.
    const inline = monitorEventLoopDelay({ resolution: 10 });
    inline.enable();
    await syncTenant({ store: s.services.store, graph: s.services.sync.graphConnection()!, tenantId, mode: 'full', actor: 'admin' });
    await new Promise((r) => setTimeout(r, 20));
    inline.disable();
    console.log(`max event-loop delay during a 20,000-user full sync: on a worker ${workerMaxMs.toFixed(1)} ms, inline ${(inline.max / 1e6).toFixed(1)} ms`);
    // Generous: the machine is shared.
    expect(workerMaxMs).toBeLessThan(200);
  } finally {
    await s.stop();
    await graph.kill();
    db.remove();
  }
}, 180_000);

test('a job left running by a stopped instance is re-queued once, then failed saying it was interrupted', async () => {
  const db = tempDb('vmp-jobs-recover-');
  const tenantId = TENANTS[0];
  const queue = servicesWithRunner(db.file, false);
  try {
    // As a dead instance leaves them: running, an expired lease, one attempt used (then two).
    const leftRunning = async (attempts: number) => {
      const job = await queue.services.jobs.enqueue(tenantId, { type: 'pbx-import', createdBy: 'admin', largeInput: { linesCsv: SMALL_LINES_CSV } });
      await queue.services.jobs.repository.update(tenantId, 'test', (jobs) => {
        Object.assign(jobs.find((j) => j.id === job.id)!, { state: 'running', attempts, lease: { owner: 'gone/00000000', until: new Date(Date.now() - 1000).toISOString() } });
        return true;
      });
      return job;
    };
    const once = await leftRunning(1);
    const runner = servicesWithRunner(db.file);
    try {
      const retried = await waitForJob(runner.services, tenantId, once.id, finished);
      expect(retried).toMatchObject({ state: 'succeeded', attempts: 2 });
      const twice = await leftRunning(2);
      const failed = await waitForJob(runner.services, tenantId, twice.id, finished);
      expect(failed).toMatchObject({ state: 'failed', attempts: 2, error: { code: 'interrupted' } });
      expect(failed.error!.message).toMatch(/Interrupted by a restart.*Nothing of it was stored; start it again/);
    } finally {
      await runner.stop();
    }
  } finally {
    await queue.stop();
    db.remove();
  }
});
