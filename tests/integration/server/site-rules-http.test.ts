/**
 * The site mapping rules routes over real HTTP, on the local server with its demo tenant synced from
 * the demo Graph server: read, preview (a job), save (400 by JSON path, 409 on a stale version) and re-apply,
 * with the People list showing the unmapped people and their reasons afterwards.
 */
import { generateDemoTenant } from '../../../shared/demo/demo-tenant-generator';
import type { SiteMappingRule } from '../../../shared/domain/site-derivation';
import { startLocalServer, type LocalServer } from '../../support/http';

let local: LocalServer;
let base: string;
let demoRules: SiteMappingRule[];

beforeAll(async () => {
  local = await startLocalServer('vmp-site-rules-http-');
  base = local.base;
  // The rules an admin of the demo organisation would write (office codes -> sites).
  demoRules = generateDemoTenant({ users: local.config.demo.users, seed: local.config.demo.seed, tenantId: local.config.demo.tenantId }).siteMappingRules;
});

afterAll(() => local?.stop());

const send = (method: string, urlPath: string, body: unknown) =>
  fetch(`${base}/api${urlPath}`, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('site mapping rules API', () => {
  let unmappedBefore: number;

  it('GET /api/site-rules: no rules saved yet, and the snapshot they act on', async () => {
    const res = await fetch(`${base}/api/site-rules`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ rules: [], version: null, snapshot: { canApply: true } });
    unmappedBefore = body.snapshot.unmappedPeople;
    expect(unmappedBefore).toBeGreaterThan(0);
  });

  it('POST /api/site-rules/preview: a job whose detail gives people per rule and unmapped before/after, nothing saved', async () => {
    const queued = await send('POST', '/site-rules/preview', { rules: demoRules });
    expect(queued.status).toBe(202);
    expect((await queued.json()).job).toMatchObject({ type: 'site-rules-preview' });
    // ?wait=1: answered when the job has ended, with the preview as its detail.
    const res = await send('POST', '/site-rules/preview?wait=1', { rules: demoRules });
    expect(res.status).toBe(200);
    const answer = await res.json();
    expect(answer.job).toMatchObject({ type: 'site-rules-preview', state: 'succeeded' });
    const preview = answer.detail;
    expect(preview.rules).toHaveLength(demoRules.length);
    expect(preview.rules[0]).toEqual({ index: 0, siteName: demoRules[0].siteName, siteId: expect.any(String), people: expect.any(Number), newSite: false });
    expect(preview.rules.some((r: { people: number }) => r.people > 0)).toBe(true);
    expect(preview.unmapped.before).toBe(unmappedBefore);
    expect(preview.unmapped.after).toBeLessThan(unmappedBefore);
    expect(preview.exact).toBe(true);
    for (const u of preview.unmapped.sample) expect(u).toEqual(expect.objectContaining({ displayName: expect.any(String), reason: expect.any(String) }));
    expect((await (await fetch(`${base}/api/site-rules`)).json()).version).toBeNull();
  });

  it('bad input is a 400 naming the field', async () => {
    const bad = await send('POST', '/site-rules/preview', { rules: [{ officeLocation: 'SEA-B2' }, { siteName: 'X', countryCode: 'USA' }] });
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.error.code).toBe('bad-input');
    expect(body.error.issues.map((i: { path: string }) => i.path)).toEqual(['$.rules[0].siteName', '$.rules[1].countryCode', '$.rules[1]']);
    const noVersion = await send('PUT', '/site-rules', { rules: [] });
    expect(noVersion.status).toBe(400);
    expect((await noVersion.json()).error.issues).toEqual([{ path: '$.expectedVersion', message: expect.any(String) }]);
    const badApply = await send('PUT', '/site-rules', { rules: [], expectedVersion: null, apply: 'yes' });
    expect((await badApply.json()).error.issues).toEqual([{ path: '$.apply', message: 'expected true or false' }]);
    expect((await send('PUT', '/site-rules', ['x'])).status).toBe(400);
    expect((await (await fetch(`${base}/api/site-rules`)).json()).version).toBeNull();
  });

  it('PUT saves from the version read; a stale version is a 409 naming who saved', async () => {
    const first = await send('PUT', '/site-rules', { rules: demoRules.slice(0, 2), expectedVersion: null });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ version: 1 });
    const stale = await send('PUT', '/site-rules', { rules: demoRules, expectedVersion: null });
    expect(stale.status).toBe(409);
    const err = (await stale.json()).error;
    expect(err.code).toBe('conflict');
    expect(err.message).toMatch(/changed by Local developer \(local-developer\) at .*now version 1/);
    expect((await (await fetch(`${base}/api/site-rules`)).json()).rules).toEqual(demoRules.slice(0, 2));
  });

  it('PUT with apply re-derives the stored snapshot: the People list shows the new unmapped people with reasons', async () => {
    // Warm the decision cache on the old assignments: it must notice the re-applied snapshot.
    const undecidedBefore = (await (await fetch(`${base}/api/decisions`)).json()).undecided.count;
    const res = await send('PUT', '/site-rules', { rules: demoRules, expectedVersion: 1, apply: true });
    expect(res.status).toBe(200);
    const saved = await res.json();
    expect(saved).toMatchObject({ version: 2, applied: { unmappedBefore } });
    expect(saved.applied.unmappedAfter).toBeLessThan(unmappedBefore);
    const got = await (await fetch(`${base}/api/site-rules`)).json();
    expect(got.snapshot).toMatchObject({ appliedRulesVersion: 2, unmappedPeople: saved.applied.unmappedAfter });
    const unmapped = await (await fetch(`${base}/api/people?siteId=none&limit=500`)).json();
    expect(unmapped.total).toBe(saved.applied.unmappedAfter);
    for (const row of unmapped.items) expect(row.unmappedReason).toEqual(expect.any(String));
    expect((await (await fetch(`${base}/api/decisions`)).json()).undecided.count).toBeLessThan(undecidedBefore);
    const status = await (await fetch(`${base}/api/status`)).json();
    expect(status.counts.unmappedPeople).toBe(saved.applied.unmappedAfter);
    // The derivation over every person ran as a job, off the event loop; its result is the answer.
    const [job] = (await (await fetch(`${base}/api/jobs?type=site-rules-apply`)).json()).jobs;
    expect(job).toMatchObject({ state: 'succeeded', result: saved });
  });

  it('PUT with apply from a stale version is refused with 409 saying which rules differ, through its job', async () => {
    const res = await send('PUT', '/site-rules', { rules: demoRules.slice(0, 1), expectedVersion: 1, apply: true });
    expect(res.status).toBe(409);
    const { error } = await res.json();
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(/now version 2/);
    const [job] = (await (await fetch(`${base}/api/jobs?type=site-rules-apply`)).json()).jobs;
    expect(job).toMatchObject({ state: 'failed', error: { code: 'conflict' } });
    expect((await (await fetch(`${base}/api/site-rules`)).json()).version).toBe(2);
  });
});
