/**
 * The hand-built two-site tenant of tests/unit/planning/support/small-tenant.ts in a real store, for the
 * tests that plan or export it through the CLI, the services or the bot rather than calling buildPlan.
 */
import type { BuildPlanInput } from '../../shared/domain/planning/build-plan';
import { inventoryChanges, type PbxInventoryHeader } from '../../shared/services/pbx-import-service';
import { saveSnapshot } from '../../shared/services/snapshot-repository';
import type { Store } from '../../shared/store/store';
import { smallTenantInputs } from '../unit/planning/support/small-tenant';

/** Stores the tenant's snapshot and PBX inventory, as a sync and a PBX import would leave them. */
export async function storeSmallTenant(store: Store, input: BuildPlanInput = smallTenantInputs()): Promise<void> {
  await saveSnapshot(store, input.snapshot, 'test');
  const inventory = input.inventory!;
  const header = { importedAt: inventory.importedAt, importedBy: 'test', files: [], counts: {}, dids: {}, warnings: [] } as unknown as PbxInventoryHeader;
  await store.commit(input.tenantId, 'test', inventoryChanges(inventory, header, undefined, null));
}

/**
 * The settings file the CLI tests give `vmp plan` for this tenant: Seattle on Operator Connect, Berlin
 * on Direct Routing, Hans staying on the PBX.
 */
export function smallTenantSettingsFile() {
  return {
    operators: [{ id: 'contoso-oc', name: 'Contoso Telecom', countries: ['US'], portLeadTimeDays: 10, pricePerUserPerMonth: 8, enabledCountries: ['US'] }],
    sbcs: [{ id: 'sbc-eu', fqdn: 'sbc-eu.contoso.test', siteIds: ['berlin'], pricePerSessionPerYear: 1.25, readyDate: '2026-02-20', voiceRoutingPolicy: 'VRP-EU' }],
    sites: [
      { siteId: 'seattle', region: 'WA', emergencyAddress: 'validated' },
      { siteId: 'berlin', region: 'BE', emergencyAddress: 'validated', emergencyRouting: true },
    ],
    decisions: {
      sites: [
        { siteId: 'seattle', path: 'OC', operatorId: 'contoso-oc' },
        { siteId: 'berlin', path: 'DR', sbcId: 'sbc-eu', voiceRoutingPolicy: 'VRP-EU' },
      ],
      users: [{ user: 'hans@contoso.test', path: 'PBX', reason: 'lab phone' }],
    },
    scheduling: { startDate: '2026-02-02', waveCapacity: { users: 3, sites: 2, numbers: 3 }, cutoverWeekdays: [2, 3, 4] },
  };
}
