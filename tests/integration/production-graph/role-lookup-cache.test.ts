/**
 * The Graph role lookup caches per tenant + user for five minutes (one Graph call per conversation),
 * shares one request between concurrent messages, never caches a failure, and takes its app-only
 * token once per tenant. Real parts: the local Entra token endpoint, the demo Graph server, the
 * production token providers; only the clock is injected.
 */
import { DemoGraphServer } from '../../../shared/demo/demo-graph-server';
import { generateDemoTenant } from '../../../shared/demo/demo-tenant-generator';
import { ADMIN_ROLES } from '../../../shared/domain/microsoft-ids';
import { createGraphAccess, loopbackOAuthTokenAcquisition } from '../../../shared/graph/token-providers';
import { createGraphRoleLookup, ROLE_CACHE_TTL_MS, RoleLookupError } from '../../../shared/services/admin-roles';
import { LocalEntra } from './local-entra';
import { CLIENT_ID, CLIENT_SECRET } from '../../support/production';

const TENANT_A = 'aaaaaaaa-1111-4111-8111-111111111111';
const GRAPH_TOKEN = 'graph-token-for-tenant-a';

const tenant = generateDemoTenant({ users: 20, seed: 5, tenantId: TENANT_A });
const [alice, bob] = tenant.users;

let entra: LocalEntra;
let graph: DemoGraphServer;
let clock = 1_000_000;

beforeAll(async () => {
  entra = new LocalEntra({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, accessTokens: { [TENANT_A]: GRAPH_TOKEN } });
  await entra.start();
  graph = new DemoGraphServer({ tenant, token: GRAPH_TOKEN, directoryRoles: { [alice.id!]: [ADMIN_ROLES.teamsAdministrator], [bob.id!]: [] } });
  await graph.start();
  entra.options.graphScope = `${graph.url}/.default`;
});

afterAll(async () => {
  await graph?.stop();
  await entra?.stop();
});

function lookup() {
  const access = createGraphAccess({
    graphBaseUrl: graph.url,
    acquisition: loopbackOAuthTokenAcquisition({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, authorityHost: entra.url }),
  });
  return createGraphRoleLookup({ graphBaseUrl: graph.url, tokenFor: (t) => access.forTenant(t), now: () => clock, retry: { maxRetries: 0 } });
}

const roleCalls = (userId: string) => graph.requestLog.filter((r) => r.path.startsWith(`/v1.0/users/${userId}/transitiveMemberOf`)).length;

describe('Graph role lookup cache', () => {
  it('asks Graph once per tenant + user within five minutes, then again', async () => {
    const roles = lookup();
    const tokensBefore = entra.requests.length;
    expect(await roles(TENANT_A, alice.id!)).toEqual([ADMIN_ROLES.teamsAdministrator]);
    expect(await roles(TENANT_A.toUpperCase(), alice.id!.toUpperCase())).toEqual([ADMIN_ROLES.teamsAdministrator]);
    clock += ROLE_CACHE_TTL_MS - 1;
    expect(await roles(TENANT_A, alice.id!)).toEqual([ADMIN_ROLES.teamsAdministrator]);
    expect(roleCalls(alice.id!)).toBe(1);

    clock += 2; // past five minutes
    expect(await roles(TENANT_A, alice.id!)).toEqual([ADMIN_ROLES.teamsAdministrator]);
    expect(roleCalls(alice.id!)).toBe(2);

    // Another user is another entry; the tenant's app-only token is reused.
    expect(await roles(TENANT_A, bob.id!)).toEqual([]);
    expect(roleCalls(bob.id!)).toBe(1);
    expect(entra.requests.slice(tokensBefore)).toEqual([{ tenant: TENANT_A, grantType: 'client_credentials', scope: `${graph.url}/.default`, requestedTokenUse: undefined }]);
  });

  it('concurrent messages from one user share one Graph request', async () => {
    const roles = lookup();
    const before = roleCalls(bob.id!);
    const answers = await Promise.all([roles(TENANT_A, bob.id!), roles(TENANT_A, bob.id!), roles(TENANT_A, bob.id!)]);
    expect(answers).toEqual([[], [], []]);
    expect(roleCalls(bob.id!)).toBe(before + 1);
  });

  it('a failure is an error (never an empty "no roles" answer) and is not cached', async () => {
    const roles = lookup();
    const before = roleCalls(alice.id!);
    graph.setFaults({ burst503: { every: 1, length: 1 } });
    try {
      await expect(roles(TENANT_A, alice.id!)).rejects.toThrow(RoleLookupError);
    } finally {
      graph.setFaults({});
    }
    expect(await roles(TENANT_A, alice.id!)).toEqual([ADMIN_ROLES.teamsAdministrator]);
    expect(roleCalls(alice.id!)).toBe(before + 2);
  });

  it('a token endpoint outage is an error too', async () => {
    const roles = lookup();
    entra.failing = true;
    try {
      await expect(roles(TENANT_A, alice.id!)).rejects.toThrow(/Could not check the admin roles.*app-only sign-in failed/);
    } finally {
      entra.failing = false;
    }
  });

  it('refuses ids that are not Entra ids before any request', async () => {
    const roles = lookup();
    const before = graph.requestLog.length;
    await expect(roles(TENANT_A, '../../organization')).rejects.toThrow(/not Entra ids/);
    await expect(roles('contoso.onmicrosoft.com', alice.id!)).rejects.toThrow(RoleLookupError);
    expect(graph.requestLog.length).toBe(before);
  });
});
