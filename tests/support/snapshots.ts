/**
 * Tenant snapshots for tests that need people and sites in a store or a planner but nothing else a
 * sync records (numbers, unmapped people, warnings): one builder instead of the same literal in
 * every fixture.
 */
import type { Person, Site, TenantSnapshot } from '../../shared/domain/tenant-snapshot';

/** A snapshot of just these people and sites. */
export function snapshotOf(s: { tenantId: string; tenantName: string; takenAt: string; people: Person[]; sites: Site[] }): TenantSnapshot {
  return { tenantId: s.tenantId, tenantName: s.tenantName, takenAt: s.takenAt, people: s.people, sites: s.sites, numbers: [], unmappedPeople: [], warnings: [] };
}

/** Seattle (US) and London (GB), the two sites the hand-built PBX fixtures and the people query tests use. */
export function seattleAndLondon(): Site[] {
  return [
    { id: 'seattle', name: 'Seattle', countryCode: 'US', source: 'places' },
    { id: 'london', name: 'London', countryCode: 'GB', source: 'places' },
  ];
}

/**
 * `users` enabled Teams Phone users (u0, u1, ... @<tenant name>.example) taken on 2026-01-01: a tenant
 * for the tests that only ask who may read or sync it.
 */
export function usersOnlySnapshot(tenantId: string, tenantName: string, users: number, sites: Site[] = []): TenantSnapshot {
  return snapshotOf({
    tenantId,
    tenantName,
    takenAt: '2026-01-01T00:00:00.000Z',
    people: Array.from({ length: users }, (_, i) => ({
      id: `${tenantId}-${i}`,
      userPrincipalName: `u${i}@${tenantName.toLowerCase()}.example`,
      displayName: `User ${i}`,
      accountEnabled: true,
      kind: 'user' as const,
      teamsPhone: 'enabled' as const,
      callingPlan: false,
      resourceAccountLicence: false,
      businessPhones: [],
    })),
    sites,
  });
}
