/**
 * A tiny fixed tenant so the app has something to show before a Graph sync.
 * (Replaced by the seeded demo-tenant generator and the Graph-compatible demo server.)
 */
import type { TenantSnapshot } from '../domain/tenant-snapshot';

export function placeholderTenant(tenantId: string, takenAt: string): TenantSnapshot {
  const sites = [
    { id: 'seattle', name: 'Seattle', countryCode: 'US', source: 'places' as const },
    { id: 'london', name: 'London', countryCode: 'GB', source: 'places' as const },
  ];
  const people = Array.from({ length: 12 }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
    userPrincipalName: `user${i + 1}@contoso.example`,
    displayName: `Demo User ${i + 1}`,
    accountEnabled: true,
    kind: 'user' as const,
    teamsPhone: i % 4 === 0 ? ('none' as const) : ('enabled' as const),
    callingPlan: false,
    resourceAccountLicence: false,
    usageLocation: i % 2 ? 'GB' : 'US',
    businessPhones: [],
    siteId: i % 2 ? 'london' : 'seattle',
  }));
  return {
    tenantId,
    tenantName: 'Contoso (demo)',
    takenAt,
    source: 'placeholder',
    people,
    sites,
    numbers: [],
    unmappedPeople: [],
    warnings: [],
  };
}
