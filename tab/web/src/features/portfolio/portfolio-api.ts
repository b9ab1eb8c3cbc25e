/** The portfolio calls of the tab: always for the signed-in (MSP) tenant, whatever customer is chosen. */
import type { ApiClient } from '../../api-client';
import type { CustomerChoice, PortfolioOverview } from '../../../../../shared/services/portfolio-service';
import type { PortfolioSort } from '../../../../../shared/domain/portfolio/portfolio-overview';

export type { PortfolioOverview, CustomerChoice, PortfolioSort };
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
