/** Small builders for decision tests: plain data, defaults a real tenant would have, overridable per case. */
import type { PbxInventory, PbxLine } from '../../../shared/domain/pbx-inventory';
import { PlanningSettingsSchema, type PlanningSettings, type PlanningSettingsInput } from '../../../shared/domain/planning-settings';
import type { Person, Site, TenantNumber, TenantSnapshot } from '../../../shared/domain/tenant-snapshot';

export function person(id: string, over: Partial<Person> = {}): Person {
  return {
    id,
    userPrincipalName: `${id}@contoso.example`,
    displayName: `Person ${id}`,
    accountEnabled: true,
    kind: 'user',
    teamsPhone: 'enabled',
    callingPlan: false,
    resourceAccountLicence: false,
    usageLocation: 'US',
    businessPhones: [],
    siteId: 'sea',
    teamsUpgradeMode: 'TeamsOnly',
    ...over,
  };
}

export function site(id: string, countryCode: string | undefined, over: Partial<Site> = {}): Site {
  return { id, name: id.toUpperCase(), ...(countryCode && { countryCode }), source: 'places', ...over };
}

export function tenantNumber(telephoneNumber: string, over: Partial<TenantNumber> = {}): TenantNumber {
  return { telephoneNumber, numberType: 'directRouting', assignmentStatus: 'unassigned', numberSource: 'online', ...over };
}

export function snapshot(people: Person[], sites: Site[], numbers: TenantNumber[] = []): TenantSnapshot {
  return { tenantId: 't1', tenantName: 'Contoso', takenAt: '2026-01-05T00:00:00.000Z', people, sites, numbers, unmappedPeople: [], warnings: [] };
}

let row = 1;
export function line(siteId: string, ext: string, over: Partial<PbxLine> = {}): PbxLine {
  return {
    id: `${siteId}/${ext}`,
    extension: ext,
    siteId,
    deviceType: 'ip-phone',
    huntGroups: [],
    callCentreAgent: false,
    voicemail: false,
    source: { file: 'lines.csv', row: ++row },
    match: { status: 'unmatched', explanation: 'no owner' },
    ...over,
  };
}

export function inventory(lines: PbxLine[]): PbxInventory {
  return { importedAt: '2026-01-04T00:00:00.000Z', lines, blocks: [], groups: [], warnings: [] };
}

export function settings(input: PlanningSettingsInput = {}): PlanningSettings {
  return PlanningSettingsSchema.parse(input);
}

/** One operator serving and enabled in US and GB, one SBC serving every site: a tenant where every path is possible. */
export const BASE: PlanningSettingsInput = {
  operators: [
    { id: 'op-a', name: 'Example Telecom', countries: ['US', 'GB'], enabledCountries: ['US', 'GB'], portLeadTimeDays: 14, pricePerUserPerMonth: 8 },
  ],
  sbcs: [{ id: 'sbc-1', fqdn: 'sbc1.contoso.example', pricePerSessionPerYear: 1.25, teamsAddOnPerSessionPerYear: 10, carrierCostPerUserPerMonth: 2, voiceRoutingPolicy: 'VRP-Global' }],
  callingPlan: [{ country: 'US', pricePerUserPerMonth: 12 }],
  sites: [
    { siteId: 'sea', emergencyAddress: 'validated', emergencyRouting: true, securityDesk: { notify: ['security@contoso.example'] } },
    { siteId: 'lon', emergencyAddress: 'validated', emergencyRouting: true },
  ],
};
