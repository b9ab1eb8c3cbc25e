import { syncTenant } from '../../../shared/services/sync-service';
import { loadSnapshot } from '../../../shared/services/snapshot-repository';
import { connection, memoryStore, startDemo, tenant } from './graph-test-kit';
import { SERVICE_PLANS, SKUS } from '../../../shared/domain/microsoft-ids';

describe('incremental sync with the stored delta link', () => {
  it('applies adds, changes and removals; an expired link triggers a full resync', async () => {
    const demo = tenant(800, 21);
    const server = await startDemo(demo);
    try {
      const store = memoryStore();
      const first = await syncTenant({ store, graph: connection(server), actor: 'test' });
      expect(first.mode).toBe('full');
      const [changed, removed, licensed] = [demo.users[10], demo.users[20], demo.users.find((u) => !(u.assignedPlans ?? []).some((p) => p?.servicePlanId === SERVICE_PLANS.teamsPhone))!];
      const added = { ...demo.users[30], id: '11111111-2222-4333-8444-555555555555', userPrincipalName: 'new.hire@contoso.example', displayName: 'Zoë Newhire' };
      server.applyUserChanges({
        add: [added],
        update: [
          { id: changed.id!, set: { department: 'Moved Department', city: 'Nowhere-Town', officeLocation: null } },
          {
            id: licensed.id!,
            // Licensed in both of Graph's views: the sync reads assignedLicenses where it can read the tenant's SKUs.
            set: { assignedPlans: [{ capabilityStatus: 'Enabled', servicePlanId: SERVICE_PLANS.teamsPhone }], assignedLicenses: [{ skuId: SKUS.microsoft365E5, disabledPlans: [] }] },
          },
        ],
        remove: [removed.id!],
      });
      const second = await syncTenant({ store, graph: connection(server), actor: 'test' });
      expect(second.mode).toBe('delta');
      expect(second.deltaChanges).toEqual({ upserted: 3, removed: 1 });
      const snap = (await loadSnapshot(store, demo.tenantId))!;
      const byId = new Map(snap.people.map((p) => [p.id, p]));
      expect(snap.people).toHaveLength(demo.users.length); // +1 -1
      expect(byId.has(removed.id!)).toBe(false);
      expect(byId.get(added.id)?.displayName).toBe('Zoë Newhire');
      const c = byId.get(changed.id!)!;
      expect(c.department).toBe('Moved Department');
      expect(c.officeLocation).toBeUndefined();
      expect(c.displayName).toBe(changed.displayName); // untouched properties survive a partial delta item
      expect(c.siteId).toBe('nowhere-town'); // sites are derived again from the new city
      expect(byId.get(licensed.id!)?.teamsPhone).toBe('enabled');

      // Nothing changed: an empty delta keeps everything.
      const third = await syncTenant({ store, graph: connection(server), actor: 'test' });
      expect(third.deltaChanges).toEqual({ upserted: 0, removed: 0 });

      server.expireDeltaLinks();
      const fourth = await syncTenant({ store, graph: connection(server), actor: 'test' });
      expect(fourth.mode).toBe('full');
      expect(fourth.fellBackToFull).toBe(true);
      expect(fourth.warnings.map((w) => w.code)).toContain('delta-expired');
      expect(fourth.counts.people).toBe(demo.users.length);
      // And the next one is incremental again.
      expect((await syncTenant({ store, graph: connection(server), actor: 'test' })).mode).toBe('delta');
    } finally {
      await server.stop();
    }
  });
});

describe('national cloud without the Teams number API', () => {
  it('builds the snapshot from users and places with a warning instead of failing', async () => {
    const demo = tenant(300, 3);
    const server = await startDemo(demo, { nationalCloud: true });
    try {
      const store = memoryStore();
      const result = await syncTenant({ store, graph: connection(server), actor: 'test', readUserConfigurations: true });
      expect(result.counts.people).toBe(demo.users.length);
      expect(result.counts.numbers).toBe(0);
      const codes = result.warnings.map((w) => w.code);
      expect(codes).toEqual(expect.arrayContaining(['numbers-api-unavailable', 'user-configurations-unavailable']));
      const w = result.warnings.find((x) => x.code === 'numbers-api-unavailable')!;
      expect(w.request).toMatch(/numberAssignments/);
      expect((await loadSnapshot(store, demo.tenantId))!.warnings).toEqual(result.warnings);
    } finally {
      await server.stop();
    }
  });
});
