/**
 * The bot in production mode checks every user's admin roles through Graph, app-only in the user's
 * tenant: the production role lookup (configuredRoleLookup, as server/start.ts wires it) gets its token
 * from a local Entra token endpoint (client_credentials) and reads the demo Graph server's
 * transitiveMemberOf/microsoft.graph.directoryRole. Messages run through the real bot and the real
 * authorizer of bot/bot-endpoint on botbuilder's TestAdapter (a Bot Framework channel token cannot be
 * minted offline), with the endpoint's own onTurnError.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestAdapter, type Activity } from 'botbuilder';
import { createBotEndpoint } from '../../../bot/bot-endpoint';
import { loadConfig, type AppConfig } from '../../../shared/config/app-config';
import { DemoGraphServer } from '../../../shared/demo/demo-graph-server';
import { generateDemoTenant } from '../../../shared/demo/demo-tenant-generator';
import { ADMIN_ROLES } from '../../../shared/domain/microsoft-ids';
import { staticToken } from '../../../shared/graph/graph-http';
import { configuredRoleLookup } from '../../../shared/services/admin-roles';
import { createAppServices, type AppServices } from '../../../shared/services/app-services';
import { syncTenant } from '../../../shared/services/sync-service';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { LocalEntra } from './local-entra';
import { CLIENT_ID, CLIENT_SECRET, productionEnv } from '../../support/production';

const TENANT_A = 'aaaaaaaa-1111-4111-8111-111111111111';
const TENANT_UNCONSENTED = 'dddddddd-4444-4444-8444-444444444444';
const GRAPH_TOKEN = 'graph-token-for-tenant-a';
const DIRECTORY_READERS = '88d8e3e3-8f55-4a1e-953a-9b9898b8876b';

const tenant = generateDemoTenant({ users: 40, seed: 11, tenantId: TENANT_A });
const [admin, nonAdmin, globalAdmin, flaky] = tenant.users;

let dir: string;
let entra: LocalEntra;
let graph: DemoGraphServer;
let services: AppServices;
let config: AppConfig;
let syncedUsers: number;

function productionConfig(extra: Record<string, string>): AppConfig {
  return loadConfig(productionEnv(`${TENANT_A},${TENANT_UNCONSENTED}`, extra));
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-bot-roles-'));
  entra = new LocalEntra({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, accessTokens: { [TENANT_A]: GRAPH_TOKEN, [TENANT_UNCONSENTED]: GRAPH_TOKEN } });
  entra.unconsented.add(TENANT_UNCONSENTED);
  await entra.start();
  graph = new DemoGraphServer({
    tenant,
    token: GRAPH_TOKEN,
    directoryRoles: {
      [admin.id!]: [DIRECTORY_READERS, ADMIN_ROLES.teamsAdministrator.toUpperCase()],
      [nonAdmin.id!]: [DIRECTORY_READERS],
      [globalAdmin.id!]: [ADMIN_ROLES.globalAdministrator],
      [flaky.id!]: [ADMIN_ROLES.teamsTelephonyAdministrator],
    },
  });
  await graph.start();
  entra.options.graphScope = `${graph.url}/.default`;
  config = productionConfig({ AAD_APP_CLIENT_SECRET: CLIENT_SECRET, AAD_APP_OAUTH_AUTHORITY_HOST: entra.url, GRAPH_BASE_URL: graph.url });
  services = createAppServices(new SqliteStore(path.join(dir, 'vmp.sqlite')));
  syncedUsers = (await syncTenant({ store: services.store, graph: { baseUrl: graph.url, tokenProvider: staticToken(GRAPH_TOKEN) }, tenantId: TENANT_A, mode: 'full', actor: 'test' })).counts.users;
});

afterAll(async () => {
  await services?.close();
  await graph?.stop();
  await entra?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

function chat(cfg: AppConfig, from: { aadObjectId: string; name: string }, tenantId = TENANT_A) {
  const endpoint = createBotEndpoint(services, cfg, configuredRoleLookup(cfg));
  const adapter = new TestAdapter(async (ctx) => endpoint.bot.run(ctx), {
    channelId: 'msteams',
    conversation: { id: `conv-${from.aadObjectId}`, tenantId, conversationType: 'personal', isGroup: false, name: '' },
    from: { id: `29:${from.aadObjectId}`, aadObjectId: from.aadObjectId, name: from.name },
  } as Partial<Activity>);
  // The production error handler: a failed turn answers with an apology and never with data.
  adapter.onTurnError = endpoint.adapter.onTurnError;
  return adapter;
}

function roleRequests(userId: string) {
  return graph.requestLog.filter((r) => r.path === `/v1.0/users/${userId}/transitiveMemberOf/microsoft.graph.directoryRole`);
}

function expectStatusCard(activity: Partial<Activity>) {
  expect(activity.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
  const text = JSON.stringify(activity.attachments![0].content);
  expect(text).toContain('Migration status: Contoso Holdings (demo)');
  expect(text).toContain(JSON.stringify({ title: 'Users', value: String(syncedUsers) }));
}

describe('bot role check through Graph (production)', () => {
  it('a Teams Administrator gets the status; the role came from Graph with an app-only token for their tenant', async () => {
    await chat(config, { aadObjectId: admin.id!, name: 'Ada Admin' }).send('status').assertReply(expectStatusCard);
    expect(roleRequests(admin.id!)).toEqual([expect.objectContaining({ method: 'GET', status: 200 })]);
    expect(entra.requests).toContainEqual({ tenant: TENANT_A, grantType: 'client_credentials', scope: `${graph.url}/.default`, requestedTokenUse: undefined });
  });

  it('a Global Administrator is let in too', async () => {
    await chat(config, { aadObjectId: globalAdmin.id!, name: 'Gus Global' }).send('status').assertReply(expectStatusCard);
  });

  it('a user without an admin role gets the refusal, and no data', async () => {
    await chat(config, { aadObjectId: nonAdmin.id!, name: 'Nina User' })
      .send('status')
      .assertReply((a) => {
        expect(a.text).toBe('Only Teams or Global administrators can use the planner.');
        expect(a.attachments ?? []).toHaveLength(0);
      });
  });

  it('a Graph failure refuses (never allows), and the next message asks Graph again', async () => {
    const logged = jest.spyOn(console, 'error').mockImplementation(() => {});
    try {
      graph.setFaults({ burst503: { every: 1, length: 1 } });
      await chat(config, { aadObjectId: flaky.id!, name: 'Tess Telephony' })
        .send('status')
        .assertReply((a) => {
          expect(a.text).toMatch(/^I could not check your admin role in Microsoft Entra just now/);
          expect(a.attachments ?? []).toHaveLength(0);
        });
      expect(String(logged.mock.calls[0]?.[1])).toMatch(/Could not check the admin roles of user .* through Microsoft Graph: .*503/);
    } finally {
      graph.setFaults({});
      logged.mockRestore();
    }
    // The failure was not cached: with Graph back, the same admin is answered.
    await chat(config, { aadObjectId: flaky.id!, name: 'Tess Telephony' }).send('status').assertReply(expectStatusCard);
  });

  it('a user Graph does not know refuses', async () => {
    const logged = jest.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await chat(config, { aadObjectId: 'eeeeeeee-5555-4555-8555-555555555555', name: 'Ghost' })
        .send('status')
        .assertReply((a) => expect(a.attachments ?? []).toHaveLength(0));
      expect(String(logged.mock.calls[0]?.[1])).toMatch(/404/);
    } finally {
      logged.mockRestore();
    }
  });

  it('a tenant that has not consented to the app refuses', async () => {
    const logged = jest.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await chat(config, { aadObjectId: admin.id!, name: 'Ada Admin' }, TENANT_UNCONSENTED)
        .send('status')
        .assertReply((a) => expect(a.attachments ?? []).toHaveLength(0));
      expect(String(logged.mock.calls[0]?.[1])).toMatch(/AADSTS65001/);
    } finally {
      logged.mockRestore();
    }
  });

  it('without AAD_APP_CLIENT_SECRET there is no lookup and the bot says role checks are not configured', async () => {
    const bare = productionConfig({});
    expect(configuredRoleLookup(bare)).toBeUndefined();
    await chat(bare, { aadObjectId: admin.id!, name: 'Ada Admin' })
      .send('status')
      .assertReply('Admin role checks are not configured on this server; ask your administrator.');
  });
});
