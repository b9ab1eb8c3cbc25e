/**
 * Rate limiting: token buckets per user and per tenant (a fake clock), the API's 429 with Retry-After and
 * a JSON error, the bot's 429 keyed on the authenticated turn, and the per-tenant limit on queued and
 * running jobs - refused with 429, leaving no input artefact behind.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RateLimiter, TokenBuckets } from '../../../tab/api/rate-limit';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { JobService } from '../../../shared/jobs/job-service';
import { TooManyJobsError } from '../../../shared/jobs/job-repository';
import { startLocalServer, type LocalServer } from '../../support/http';

describe('token buckets', () => {
  it('allow a burst, then refill at the rate; a refused take names the seconds to wait', () => {
    let now = 0;
    const buckets = new TokenBuckets(2, 3, () => now);
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([undefined, undefined, undefined]);
    expect(buckets.take('a')).toBe(1);
    expect(buckets.take('b')).toBeUndefined(); // another key has its own bucket
    now += 500; // half a second at 2/s: one token back
    expect(buckets.take('a')).toBeUndefined();
    expect(buckets.take('a')).toBe(1);
    now += 60_000; // never more than the burst
    for (let i = 0; i < 3; i++) expect(buckets.take('a')).toBeUndefined();
    expect(buckets.take('a')).toBe(1);
  });

  it('a rate of 0 never refuses', () => {
    const buckets = new TokenBuckets(0, 1, () => 0);
    for (let i = 0; i < 1000; i++) expect(buckets.take('a')).toBeUndefined();
    expect(buckets.size).toBe(0);
  });

  it('forgets idle keys once many are held, so presented keys cannot grow memory without bound', () => {
    let now = 0;
    const buckets = new TokenBuckets(1000, 1, () => now);
    for (let i = 0; i < 50_000; i++) buckets.take(`k${i}`);
    now += 10; // every bucket refilled
    buckets.take('new');
    expect(buckets.size).toBe(1);
  });
});

describe('the per-user and per-tenant limiter', () => {
  it('refuses a user past their burst without spending their tenant, and a tenant past its own', () => {
    let now = 0;
    const limiter = new RateLimiter({ userPerSecond: 1, userBurst: 2, tenantPerSecond: 1, tenantBurst: 3 }, () => now);
    expect(limiter.take('t1', 'ann')).toBeUndefined();
    expect(limiter.take('t1', 'ann')).toBeUndefined();
    expect(limiter.take('t1', 'ann')).toEqual({ retryAfterSeconds: 1, scope: 'user' });
    expect(limiter.take('t1', 'bob')).toBeUndefined(); // the tenant's third token: Ann's refusal took none
    expect(limiter.take('t1', 'cy')).toEqual({ retryAfterSeconds: 1, scope: 'tenant' });
    expect(limiter.take('t2', 'ann')).toBeUndefined(); // another tenant, another bucket (and another Ann)
    now += 1000;
    // Cy's refused request gave back the user token it took: Cy still has a full burst once the tenant refills.
    expect(limiter.take('t1', 'cy')).toBeUndefined();
  });

  it("an MSP user acting for several customers has one allowance, counted against each customer's tenant", () => {
    const limiter = new RateLimiter({ userPerSecond: 1, userBurst: 2, tenantPerSecond: 1, tenantBurst: 5 }, () => 0);
    expect(limiter.take('customer-1', 'msp-ann', 'msp')).toBeUndefined();
    expect(limiter.take('customer-2', 'msp-ann', 'msp')).toBeUndefined();
    expect(limiter.take('customer-3', 'msp-ann', 'msp')).toEqual({ retryAfterSeconds: 1, scope: 'user' });
  });
});

describe('over HTTP (local mode)', () => {
  let local: LocalServer;
  beforeAll(async () => {
    local = await startLocalServer('vmp-rate-limit-', { RATE_LIMIT_USER_PER_SECOND: '1', RATE_LIMIT_USER_BURST: '5' });
  });
  afterAll(() => local?.stop());

  it('the API answers 429 with Retry-After and a JSON error once the burst is spent; /healthz is not limited', async () => {
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let i = 0; i < 8; i++) {
      const res = await fetch(`${local.base}/api/me`);
      statuses.push(res.status);
      if (res.status === 429) refused = res;
      else await res.arrayBuffer();
    }
    // Five from the burst, at most one refilled while they ran, the rest refused.
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(5);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(6);
    expect(statuses.slice(6)).toEqual([429, 429]);
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused!.json()).toEqual({ error: { code: 'rate-limited', message: expect.stringMatching(/Too many requests from you/) } });
    // The body of a refused request is not even read: a 6 MB body is refused with 429, not 413.
    const big = await fetch(`${local.base}/api/pbx/import`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: 'x'.repeat(6 * 1024 * 1024) });
    expect(big.status).toBe(429);
    for (let i = 0; i < 10; i++) expect((await fetch(`${local.base}/healthz`)).status).toBe(200);
  });

  it('the bot is limited per user too: a turn past the burst is answered 429 without running', async () => {
    const activity = {
      type: 'message',
      text: 'help',
      channelId: 'msteams',
      serviceUrl: 'http://127.0.0.1:9/',
      deliveryMode: 'expectReplies',
      from: { id: 'bot-user', aadObjectId: 'bot-user-oid', name: 'Bo' },
      recipient: { id: 'bot' },
      conversation: { id: 'c1', conversationType: 'personal' },
    };
    const post = () => fetch(`${local.base}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(activity) });
    const statuses: number[] = [];
    let refused: { headers: Headers; body: unknown } | undefined;
    for (let i = 0; i < 8; i++) {
      const res = await post();
      statuses.push(res.status);
      const body = await res.text();
      if (res.status === 429) refused = { headers: res.headers, body: JSON.parse(body) };
      else expect(JSON.parse(body).activities.length).toBeGreaterThan(0);
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(6)).toEqual([429, 429]);
    expect(refused!.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(refused!.body).toMatchObject({ error: { code: 'rate-limited' } });
  });
});

describe('heavy jobs per tenant', () => {
  it('a tenant past its queued-and-running limit is refused (429 code), its input not stored; other tenants go on', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-job-limit-'));
    const store = new SqliteStore(path.join(dir, 'vmp.sqlite'));
    try {
      const jobs = new JobService(store, () => new Date('2027-01-11T09:00:00Z'));
      jobs.limitPerTenant(2);
      // No runner: the jobs stay queued.
      await jobs.enqueue('t1', { type: 'plan', createdBy: 'ann', input: {} });
      await jobs.enqueue('t1', { type: 'pbx-import', createdBy: 'ann', largeInput: { linesCsv: 'a' } });
      const refused = jobs.enqueue('t1', { type: 'pbx-import', createdBy: 'ann', largeInput: { linesCsv: 'b' } });
      await expect(refused).rejects.toThrow(TooManyJobsError);
      await expect(refused).rejects.toMatchObject({ code: 'rate-limited', message: expect.stringMatching(/already has 2 background jobs/) });
      expect(await store.artefacts.list('t1', 'jobs/')).toHaveLength(1);
      await expect(jobs.enqueue('t2', { type: 'plan', createdBy: 'bob', input: {} })).resolves.toMatchObject({ state: 'queued' });
      // Racing enqueues cannot both take the last place: the count is checked in the commit that adds.
      jobs.limitPerTenant(3);
      const race = await Promise.allSettled([1, 2, 3].map(() => jobs.enqueue('t1', { type: 'plan', createdBy: 'ann', input: {} })));
      expect(race.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect((await jobs.list('t1')).length).toBe(3);
    } finally {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
