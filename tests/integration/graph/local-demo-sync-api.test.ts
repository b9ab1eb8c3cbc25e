/**
 * `npm start` in local mode: the demo Graph server runs in-process, the demo tenant is read through
 * the real Graph client on first start, and the tab can start another sync and watch its progress.
 */
import { loadConfig } from '../../../shared/config/app-config';
import { loadSnapshot } from '../../../shared/services/snapshot-repository';
import { createApiRouter } from '../../../tab/api/router';
import express from 'express';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { createAppServices } from '../../../shared/services/app-services';
import { startLocalServer, urlOf, type LocalServer } from '../../support/http';

let local: LocalServer;
let base: string;

beforeAll(async () => {
  const t0 = Date.now();
  local = await startLocalServer('vmp-demo-sync-', { DEMO_USERS: '400', DEMO_SEED: '42' });
  expect(Date.now() - t0).toBeLessThan(10_000);
  base = local.base;
});

afterAll(() => local?.stop());

describe('local demo tenant through Graph', () => {
  it('holds the demo tenant synced on first start', async () => {
    const status = await (await fetch(`${base}/api/status`)).json();
    expect(status.counts.users).toBe(400);
    expect(status.counts.sites).toBeGreaterThanOrEqual(10);
    expect(status.counts.numbers).toBeGreaterThan(0);
    const me = await (await fetch(`${base}/api/me`)).json();
    const snap = await loadSnapshot(local.running.services.store, me.tenantId);
    expect(snap?.source).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('POST /api/sync queues a sync job and GET /api/sync/progress reports it to the end', async () => {
    const res = await fetch(`${base}/api/sync`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(202);
    expect((await res.json()).job).toMatchObject({ type: 'sync', state: 'queued' });
    let progress: { state: string; users: number; pages: number; result?: { mode: string } } | undefined;
    for (let i = 0; i < 100; i++) {
      progress = await (await fetch(`${base}/api/sync/progress`)).json();
      if (progress!.state !== 'running') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(progress?.state).toBe('succeeded');
    expect(progress?.pages).toBeGreaterThan(0);
    expect(progress?.result?.mode).toMatch(/full|delta/);
  });

  it('in production without Graph credentials, POST /api/sync says so (400)', async () => {
    const services = createAppServices(new SqliteStore(':memory:'));
    const config = loadConfig({ APP_MODE: 'local', PORT: '0' });
    const app = express();
    app.use('/api', createApiRouter(services, { ...config }));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const res = await fetch(`${urlOf(server)}/api/sync`, { method: 'POST' });
      expect(res.status).toBe(400);
      expect((await res.json()).error.message).toMatch(/not running|not configured/);
    } finally {
      server.close();
      await services.close();
    }
  });
});
