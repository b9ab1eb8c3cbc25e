/**
 * What reading users' licences costs, without the network or the save: 20,000 demo users in pages of 999
 * as Graph sends them, decoded, parsed and mapped to the planner's people (the sync's per-page work).
 * - `assignedPlans`, sized like a Microsoft 365 E5 user's: the demo's plans plus 48 more, as a real E5
 *   licence lists about 50 service plans (the demo itself keeps 1-3 per user);
 * - `assignedLicenses` read against the tenant's `/subscribedSkus`, as the sync does where it may.
 * No target: it shows what the choice of licence field costs per user.
 */
import { defineBench } from './harness';
import { generateDemoTenant } from '../shared/demo/demo-tenant-generator';
import { indexSkus, LicencesBySku } from '../shared/domain/licence-mapping';
import { toPerson } from '../shared/graph/snapshot-mapping';
import { GraphAssignedPlan, GraphUser, USER_SELECT_WITH_LICENCES, USER_SELECT_WITH_PLANS } from '../shared/graph/graph-types';

const USERS = 20_000;
const PAGE = 999;
const SERVICES = ['exchange', 'SharePoint', 'MicrosoftOffice', 'ProcessSimple', 'PowerAppsService', 'YammerEnterprise'];
const E5_EXTRA_PLANS: GraphAssignedPlan[] = Array.from({ length: 48 }, (_, i) => ({
  assignedDateTime: '2024-03-01T00:00:00Z',
  capabilityStatus: 'Enabled',
  service: SERVICES[i % SERVICES.length],
  servicePlanId: `${String(i).padStart(8, '0')}-1111-4222-8333-444455556666`,
}));

interface Prepared {
  pages: Buffer[];
  skus?: LicencesBySku;
}

function prepare(field: 'assignedPlans' | 'assignedLicenses'): Prepared {
  const demo = generateDemoTenant({ users: USERS, seed: 42 });
  const select = field === 'assignedPlans' ? USER_SELECT_WITH_PLANS : USER_SELECT_WITH_LICENCES;
  const project = (u: GraphUser) => {
    const out: Record<string, unknown> = {};
    for (const k of select) out[k] = (u as Record<string, unknown>)[k] ?? null;
    if (field === 'assignedPlans' && u.assignedPlans?.length) out.assignedPlans = [...u.assignedPlans, ...E5_EXTRA_PLANS];
    return out;
  };
  const pages: Buffer[] = [];
  for (let i = 0; i < demo.users.length; i += PAGE) {
    pages.push(Buffer.from(JSON.stringify({ '@odata.context': 'https://graph.example/v1.0/$metadata#users', value: demo.users.slice(i, i + PAGE).map(project) })));
  }
  return { pages, skus: field === 'assignedLicenses' ? new LicencesBySku(indexSkus(demo.subscribedSkus)) : undefined };
}

function readPages(p: Prepared): Record<string, number> {
  const utf8 = new TextDecoder();
  let users = 0;
  for (const [n, page] of p.pages.entries()) {
    const body = JSON.parse(utf8.decode(page)) as { value: GraphUser[] };
    for (let i = 0; i < body.value.length; i++) toPerson(body.value[i], `page ${n} value[${i}]`, p.skus);
    users += body.value.length;
  }
  const bytes = p.pages.reduce((sum, b) => sum + b.length, 0);
  return { users, mb: Math.round(bytes / 1e5) / 10, bytesPerUser: Math.round(bytes / users) };
}

export default defineBench({
  name: 'licence-payload',
  cases: [
    { id: 'plans', label: 'users with E5-sized assignedPlans', size: '20k users', setup: () => prepare('assignedPlans'), run: readPages },
    { id: 'licences', label: 'users with assignedLicenses + SKUs', size: '20k users', setup: () => prepare('assignedLicenses'), run: readPages },
  ],
});
