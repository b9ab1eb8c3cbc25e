import { loadSnapshot, loadSnapshotHeader } from '../../../shared/services/snapshot-repository';
import { syncTenant } from '../../../shared/services/sync-service';
import { generateDemoTenant } from '../../../shared/demo/demo-tenant-generator';
import { connection, memoryStore, startDemo, tenant } from './graph-test-kit';
import type { DemoGraphServer } from '../../../shared/demo/demo-graph-server';
import type { DemoTenant } from '../../../shared/demo/demo-tenant-generator';
import { licenceFacts } from '../../../shared/domain/licence-mapping';

describe('full sync from the demo Graph server through the real Graph client', () => {
  let demo: DemoTenant;
  let server: DemoGraphServer;
  beforeAll(async () => {
    demo = tenant(2500, 11);
    server = await startDemo(demo);
  });
  afterAll(() => server.stop());

  it('reads every user, number and site of the generated tenant', async () => {
    const store = memoryStore();
    const pages: number[] = [];
    const result = await syncTenant({ store, graph: connection(server), actor: 'test', onProgress: (p) => pages.push(p.pages) });
    expect(result.usersRead).toBe('sharded');
    expect(result.mode).toBe('full');
    const snap = (await loadSnapshot(store, demo.tenantId))!;
    expect(snap.tenantId).toBe(demo.tenantId);
    expect(snap.people).toHaveLength(demo.users.length);
    expect(new Set(snap.people.map((p) => p.id))).toEqual(new Set(demo.users.map((u) => u.id)));
    expect(snap.numbers).toHaveLength(demo.numberAssignments.length);
    expect(snap.warnings).toEqual([]);
    expect(pages.at(-1)).toBeGreaterThan(10);
    // Every read is v1.0, buildings included: beta is not supported for production use.
    expect(server.requestLog.filter((r) => !r.path.startsWith('/v1.0/'))).toEqual([]);
    expect(server.requestLog.some((r) => r.path === '/v1.0/places/microsoft.graph.building' && r.status === 200)).toBe(true);

    // A sample of fields, checked against the generator's own facts rather than re-mapping its users.
    const byId = new Map(snap.people.map((p) => [p.id, p]));
    for (const fact of demo.people.filter((_, i) => i % 97 === 0)) {
      const p = byId.get(fact.userId)!;
      expect(p.userPrincipalName).toBe(fact.upn);
      expect(p.kind).toBe(fact.kind);
      expect(p.accountEnabled).toBe(fact.accountEnabled);
      if (fact.kind === 'user') expect(p.teamsPhone).toBe(fact.teamsPhone);
      if (fact.did && p.businessPhones.length > 0 && p.usageLocation) expect(p.businessPhones[0].e164).toBe(fact.did);
    }
    const raw = demo.users[0];
    const p0 = byId.get(raw.id!)!;
    expect(p0).toMatchObject({ displayName: raw.displayName, department: raw.department, jobTitle: raw.jobTitle });
    expect(p0.teamsPhone).toBe(licenceFacts(raw.assignedPlans).teamsPhone);
    // Hostile strings arrive unchanged: escaping is the job of whoever renders them.
    expect(snap.people.some((p) => p.displayName.startsWith('='))).toBe(true);
    expect(snap.people.some((p) => p.displayName.includes('<img'))).toBe(true);

    // Numbers: OC in GB, DR in DE, some DR numbers synced from on-premises.
    expect(new Set(snap.numbers.filter((n) => n.numberType === 'operatorConnect').map((n) => n.isoCountryCode))).toEqual(new Set(['GB']));
    expect(new Set(snap.numbers.filter((n) => n.numberType === 'directRouting').map((n) => n.isoCountryCode))).toEqual(new Set(['DE']));
    expect(snap.numbers.some((n) => n.numberSource === 'onPremises')).toBe(true);
    // The header counts them per type, free or held, as the generator assigned them (the status, the bot's "free numbers").
    const header = (await loadSnapshotHeader(store, demo.tenantId))!;
    for (const type of ['operatorConnect', 'directRouting'] as const) {
      const generated = demo.numberAssignments.filter((n) => n.numberType === type);
      const held = (status: string) => generated.filter((n) => n.assignmentStatus === status).length;
      expect(header.numberCounts!.find((c) => c.numberType === type)).toEqual({
        numberType: type,
        total: generated.length,
        free: held('unassigned'),
        users: held('userAssigned'),
        services: generated.length - held('unassigned') - held('userAssigned'),
      });
    }
    expect(header.numberCounts!.reduce((sum, c) => sum + c.total, 0)).toBe(demo.numberAssignments.length);

    // Sites: every generated site is found with the same id; people land where the generator put them.
    expect(snap.sites.map((s) => s.id).sort()).toEqual(demo.sites.map((s) => s.id).sort());
    const expectedSite = new Map(demo.people.map((f) => [f.userId, f.siteId]));
    const wrong = snap.people.filter((p) => p.siteId && p.siteId !== expectedSite.get(p.id));
    expect(wrong).toEqual([]);
    expect(snap.people.filter((p) => !p.siteId).length).toBe(snap.unmappedPeople.length);
    for (const u of snap.unmappedPeople) expect(u.reason).toMatch(/officeLocation|city/);
  });

  it('maps everyone the admin rules cover when the generator\'s mapping rules are applied', async () => {
    const store = memoryStore();
    const withoutRules = await syncTenant({ store, graph: connection(server), actor: 'test', mode: 'full' });
    const withRules = await syncTenant({ store, graph: connection(server), actor: 'test', mode: 'full', siteRules: demo.siteMappingRules });
    expect(withRules.counts.unmappedPeople).toBeLessThan(withoutRules.counts.unmappedPeople);
    const snap = (await loadSnapshot(store, demo.tenantId))!;
    const expectedSite = new Map(demo.people.map((f) => [f.userId, f.siteId]));
    expect(snap.people.filter((p) => p.siteId && p.siteId !== expectedSite.get(p.id))).toEqual([]);
  });

  it('reads everyone by plain paging when the shards miss users the tenant counts (a UPN outside the shard characters)', async () => {
    // A directory can hold a UPN that no startswith() shard asks for; /users/$count still counts it.
    const odd = generateDemoTenant({ users: 120, seed: 9 });
    const inShards = odd.users.length;
    odd.users.push({ ...odd.users[5], id: '99999999-0000-4000-8000-00000000abcd', userPrincipalName: '&odd.one@contoso.example', displayName: 'Odd One' });
    const oddServer = await startDemo(odd);
    try {
      const store = memoryStore();
      const result = await syncTenant({ store, graph: connection(oddServer), actor: 'test', mode: 'full' });
      expect(result.usersRead).toBe('paged');
      expect(result.warnings).toEqual([expect.objectContaining({ code: 'users-shards-incomplete', message: `Sharded read returned ${inShards} users but the tenant counts ${inShards + 1}; read again by plain paging.` })]);
      const snap = (await loadSnapshot(store, odd.tenantId))!;
      expect(snap.people).toHaveLength(inShards + 1);
      expect(snap.people.some((p) => p.userPrincipalName === '&odd.one@contoso.example')).toBe(true);
    } finally {
      await oddServer.stop();
    }
  });

  it('falls back to plain paging when the endpoint refuses $filter, with the same result', async () => {
    server.setFaults({ refuseFilter: true });
    try {
      const store = memoryStore();
      const result = await syncTenant({ store, graph: connection(server), actor: 'test' });
      expect(result.usersRead).toBe('paged');
      expect(result.counts.people).toBe(demo.users.length);
      expect(result.warnings.map((w) => w.code)).toContain('users-shards-unsupported');
    } finally {
      server.setFaults({});
    }
  });

  it('refuses a request without the bearer token (401)', async () => {
    const res = await fetch(`${server.url}/v1.0/users`);
    expect(res.status).toBe(401);
    const tooBig = await fetch(`${server.url}/v1.0/users?$top=1000`, { headers: { Authorization: 'Bearer test-token-0123456789' } });
    expect(tooBig.status).toBe(400);
  });
});

describe('Teams user configurations (optional read)', () => {
  it('marks accounts the configuration API calls resource accounts, even without the resource licence', async () => {
    const demo = tenant(200, 4);
    const ra = demo.users.find((u) => u.userPrincipalName!.startsWith('ra-'))!;
    // Licence removed (in both of Graph's views of it): only the configuration API still knows.
    ra.assignedPlans = [];
    ra.assignedLicenses = [];
    const server = await startDemo(demo);
    try {
      const store = memoryStore();
      await syncTenant({ store, graph: connection(server), actor: 'test', readUserConfigurations: true });
      const snap = (await loadSnapshot(store, demo.tenantId))!;
      expect(snap.people.find((p) => p.id === ra.id)?.kind).toBe('resourceAccount');
      await syncTenant({ store, graph: connection(server), actor: 'test', mode: 'full' });
      expect((await loadSnapshot(store, demo.tenantId))!.people.find((p) => p.id === ra.id)?.kind).toBe('user');
    } finally {
      await server.stop();
    }
  });
});
