/** The portfolio calls of the tab: always for the signed-in (MSP) tenant, whatever customer is chosen. */
import type { ApiClient } from '../../api-client';
import type { CustomerChoice, PortfolioOverview } from '../../../../../shared/services/portfolio-service';
import type { PortfolioSort } from '../../../../../shared/domain/portfolio/portfolio-overview';
import type { SharedSbcReport } from '../../../../../shared/domain/portfolio/shared-sbc';
import type { SharedSbcDeclaration } from '../../../../../shared/domain/portfolio/portfolio-mapping';

export type { PortfolioOverview, CustomerChoice, PortfolioSort, SharedSbcReport };
export type { PortfolioRow } from '../../../../../shared/domain/portfolio/portfolio-overview';

export interface TenantChoices {
  home: { tenantId: string; displayName: string };
  acting: string;
  msp: boolean;
  customers: CustomerChoice[];
}

export interface PortfolioQuery {
  sort: PortfolioSort;
  order: 'asc' | 'desc';
  search?: string;
  behind?: boolean;
  drifted?: boolean;
  blocked?: boolean;
  cutoverBy?: string;
  offset: number;
  limit: number;
}

export const PORTFOLIO_EXPORT_PATH = '/portfolio/export.xlsx';

export function tenantChoices(api: ApiClient): Promise<TenantChoices> {
  return api.homeCall<TenantChoices>('GET', '/portfolio/tenants');
}

export function portfolioOverview(api: ApiClient, q: PortfolioQuery): Promise<PortfolioOverview> {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '' && v !== false) qs.set(k, String(v));
  return api.homeCall<PortfolioOverview>('GET', `/portfolio?${qs.toString()}`);
}

/** The mapping as the MSP's admins manage it. */
export interface PortfolioMapping {
  mspTenantId: string;
  version: number | null;
  customers: {
    tenantId: string;
    displayName: string;
    linkedAt: string;
    linkedBy: string;
    grants: { principal: { kind: 'user' | 'upn' | 'group'; id: string }; role: 'admin' | 'viewer' }[];
    /** Absent = app-only. */
    graphAccess?: 'app-only' | 'delegated';
  }[];
}

export const portfolioMapping = (api: ApiClient) => api.homeCall<PortfolioMapping>('GET', '/portfolio/customers');

export const linkCustomer = (api: ApiClient, tenantId: string, displayName: string, expectedVersion: number | null) =>
  api.homeCall<{ version: number }>('POST', '/portfolio/customers', { tenantId, displayName, expectedVersion });

export const unlinkCustomer = (api: ApiClient, tenantId: string, expectedVersion: number | null) =>
  api.homeCall<{ version: number }>('DELETE', `/portfolio/customers/${encodeURIComponent(tenantId)}?expectedVersion=${expectedVersion ?? 'none'}`);

export const grantAccess = (api: ApiClient, tenantId: string, who: { user: string } | { group: string }, role: 'admin' | 'viewer', expectedVersion: number | null) =>
  api.homeCall<{ version: number }>('POST', `/portfolio/customers/${encodeURIComponent(tenantId)}/grants`, { ...who, role, expectedVersion });

/** How Graph reaches the customer: app-only, or on behalf of the MSP user who is a guest admin there. */
export const setGraphAccess = (api: ApiClient, tenantId: string, graphAccess: 'app-only' | 'delegated', expectedVersion: number | null) =>
  api.homeCall<{ version: number }>('PUT', `/portfolio/customers/${encodeURIComponent(tenantId)}/graph-access`, { graphAccess, expectedVersion });

export const revokeAccess = (api: ApiClient, tenantId: string, kind: 'user' | 'group', id: string, expectedVersion: number | null) =>
  api.homeCall<{ version: number }>(
    'DELETE',
    `/portfolio/customers/${encodeURIComponent(tenantId)}/grants/${kind}/${encodeURIComponent(id)}?expectedVersion=${expectedVersion ?? 'none'}`,
  );


export const sharedSbcs = (api: ApiClient) => api.homeCall<{ version: number | null; sbcs: SharedSbcDeclaration[] }>('GET', '/portfolio/sbcs');
export const sharedSbcSizing = (api: ApiClient, id: string) => api.homeCall<SharedSbcReport>('GET', `/portfolio/sbcs/${encodeURIComponent(id)}/sizing`);

/** Replaces the shared SBC list (the form changes one SBC in it) against the version read; 409 when it changed meanwhile. */
export const saveSharedSbcs = (api: ApiClient, sbcs: SharedSbcDeclaration[], expectedVersion: number | null) =>
  api.homeCall<{ version: number }>('PUT', '/portfolio/sbcs', { sbcs, expectedVersion });
