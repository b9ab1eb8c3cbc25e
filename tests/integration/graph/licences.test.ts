/**
 * Licences come from each user's assignedLicenses read against the tenant's /subscribedSkus (a few SKU
 * ids per user) where the SKUs can be read, and from assignedPlans (every service plan of every
 * licence) where they cannot: the planner's facts are the same either way.
 */
import { syncTenant } from '../../../shared/services/sync-service';
import { loadSnapshot } from '../../../shared/services/snapshot-repository';
import { SERVICE_PLANS, SKUS } from '../../../shared/domain/microsoft-ids';
import type { DemoGraphServer } from '../../../shared/demo/demo-graph-server';
import type { DemoTenant } from '../../../shared/demo/demo-tenant-generator';
import type { TenantSnapshot } from '../../../shared/domain/tenant-snapshot';
import { connection, memoryStore, startDemo, tenant } from './graph-test-kit';

const licensing = (s: TenantSnapshot) => s.people.map((p) => ({ id: p.id, kind: p.kind, teamsPhone: p.teamsPhone, callingPlan: p.callingPlan, ra: p.resourceAccountLicence }));

describe('licences', () => {
  let demo: DemoTenant;
  let server: DemoGraphServer;
  beforeAll(async () => {
    demo = tenant(900, 31);
    server = await startDemo(demo);
  });
  afterAll(() => server.stop());
  afterEach(() => server.setFaults({}));

  const userSelects = (from: number) =>
    server.requestLog
      .slice(from)
      .filter((r) => r.path === '/v1.0/users' || r.path === '/v1.0/users/delta')
      .map((r) => new URLSearchParams(r.query).get('$select') ?? '');

  it('are read as SKU ids against /subscribedSkus: no user page carries assignedPlans, and the facts match the directory', async () => {
    const from = server.requestLog.length;
    const store = memoryStore();
    const result = await syncTenant({ store, graph: connection(server), actor: 'test', mode: 'full' });
    expect(result.warnings).toEqual([]);
    const selects = userSelects(from);
    expect(selects.length).toBeGreaterThan(1);
    for (const select of selects) {
      expect(select.split(',')).toContain('assignedLicenses');
      expect(select.split(',')).not.toContain('assignedPlans');
    }
    const snap = (await loadSnapshot(store, demo.tenantId))!;
    const facts = new Map(demo.people.map((p) => [p.userId, p]));
    for (const p of snap.people) expect({ id: p.id, kind: p.kind, teamsPhone: p.teamsPhone }).toEqual({ id: p.id, kind: facts.get(p.id)!.kind, teamsPhone: facts.get(p.id)!.teamsPhone });
    expect(new Set(snap.people.map((p) => p.teamsPhone))).toEqual(new Set(['enabled', 'grace', 'none']));
    expect(snap.people.some((p) => p.callingPlan)).toBe(true);
    expect(snap.licenceSkuStates).toEqual({
      [SKUS.microsoft365E5]: 'Enabled',
      [SKUS.teamsPhoneStandard]: 'Warning',
      [SKUS.domesticCallingPlan]: 'Enabled',
      [SKUS.teamsPhoneResourceAccount]: 'Enabled',
    });
  });

  it('come from assignedPlans, with a warning that says what to grant, where /subscribedSkus is refused; the facts are the same', async () => {
    const bySkus = memoryStore();
    await syncTenant({ store: bySkus, graph: connection(server), actor: 'test', mode: 'full' });
    server.setFaults({ refuseSubscribedSkus: true });
    const from = server.requestLog.length;
    const byPlans = memoryStore();
    const result = await syncTenant({ store: byPlans, graph: connection(server), actor: 'test', mode: 'full' });
    expect(result.warnings).toEqual([
      expect.objectContaining({ code: 'subscribed-skus-unavailable', message: expect.stringMatching(/HTTP 403 Authorization_RequestDenied.*assignedPlans.*LicenseAssignment\.Read\.All/) }),
    ]);
    for (const select of userSelects(from)) expect(select.split(',')).toContain('assignedPlans');
    const plans = (await loadSnapshot(byPlans, demo.tenantId))!;
    expect(licensing(plans)).toEqual(licensing((await loadSnapshot(bySkus, demo.tenantId))!));
    expect(plans.licenceSkuStates).toBeUndefined();
  });

  it('make an incremental sync read everyone when its delta link reports SKU ids that can no longer be read', async () => {
    const store = memoryStore();
    await syncTenant({ store, graph: connection(server), actor: 'test' });
    const someone = demo.users.find((u) => u.assignedLicenses?.some((l) => l?.skuId === SKUS.microsoft365E3))!;
    server.applyUserChanges({ update: [{ id: someone.id!, set: { assignedLicenses: [{ skuId: SKUS.microsoft365E5, disabledPlans: [] }] } }] });
    server.setFaults({ refuseSubscribedSkus: true });
    // The change above is also in assignedPlans, which the full read falls back to.
    const plans = someone.assignedPlans;
    someone.assignedPlans = [{ capabilityStatus: 'Enabled', servicePlanId: SERVICE_PLANS.teamsPhone }];
    try {
      const next = await syncTenant({ store, graph: connection(server), actor: 'test' });
      expect(next).toMatchObject({ mode: 'full', fellBackToFull: true });
      expect(next.warnings.map((w) => w.code)).toEqual(['subscribed-skus-unavailable', 'licences-unreadable']);
      expect((await loadSnapshot(store, demo.tenantId))!.people.find((p) => p.id === someone.id)?.teamsPhone).toBe('enabled');
      // The new delta link carries assignedPlans: the next sync is incremental again.
      expect((await syncTenant({ store, graph: connection(server), actor: 'test' })).mode).toBe('delta');
    } finally {
      someone.assignedPlans = plans;
    }
  });

  it('make an incremental sync read everyone when a subscription enters its grace period (no user object changes)', async () => {
    const store = memoryStore();
    await syncTenant({ store, graph: connection(server), actor: 'test' });
    const e5 = demo.subscribedSkus.find((s) => s.skuId === SKUS.microsoft365E5)!;
    e5.capabilityStatus = 'Warning';
    try {
      const next = await syncTenant({ store, graph: connection(server), actor: 'test' });
      expect(next).toMatchObject({ mode: 'full', fellBackToFull: true });
      expect(next.warnings.map((w) => w.code)).toContain('licence-states-changed');
      const snap = (await loadSnapshot(store, demo.tenantId))!;
      const onE5 = new Set(demo.users.filter((u) => u.assignedLicenses?.some((l) => l?.skuId === SKUS.microsoft365E5 && !l.disabledPlans?.length)).map((u) => u.id));
      expect(onE5.size).toBeGreaterThan(100);
      for (const p of snap.people) if (onE5.has(p.id)) expect(p.teamsPhone).toBe('grace');
      // Unchanged since: the next sync is incremental again.
      expect((await syncTenant({ store, graph: connection(server), actor: 'test' })).mode).toBe('delta');
    } finally {
      e5.capabilityStatus = 'Enabled';
    }
  });
});
