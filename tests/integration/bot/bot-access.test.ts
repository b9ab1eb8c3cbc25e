/**
 * Who may ask the bot in production: Teams/Global admins (role lookup) and the read-only viewers the
 * planning settings name - by object id, by UPN (matched through the last sync's people) or by an
 * Entra group (the membership lookup is the one seam: the demo Graph does not serve it). Other
 * tenants and everyone else are refused; a failed check refuses; viewers read but get no person
 * answers in a channel. Real SQLite store with the small tenant, settings saved through the service.
 */
import { ActivityTypes, TestAdapter, type Activity, type TurnContext } from 'botbuilder';
import { createBotAuthorizer } from '../../../bot/bot-endpoint';
import { VoiceMigrationBot, type BotCaller } from '../../../bot/voice-migration-bot';
import { loadConfig } from '../../../shared/config/app-config';
import { ADMIN_ROLES } from '../../../shared/domain/microsoft-ids';
import { createViewerCheck, namedInAccess, type GroupMembershipLookup } from '../../../shared/services/viewer-access';
import { productionEnv } from '../../support/production';
import { smallTenantSettingsFile } from '../../support/small-tenant-store';
import { said, smallTenantWorld, type BotWorld } from './bot-kit';

const GROUP = '11111111-2222-4333-8444-555555555555';
const OTHER_GROUP = '11111111-2222-4333-8444-666666666666';
let world: BotWorld;
const groupCalls: string[][] = [];
let groupLookupFails = false;
const groups: GroupMembershipLookup = async (_tenant, userId, wanted) => {
  groupCalls.push(wanted);
  if (groupLookupFails) throw new Error('Graph is down');
  return userId === 'group-member' ? wanted.filter((g) => g === GROUP) : [];
};
const config = loadConfig(productionEnv('contoso'));
const roles = async (_tenant: string, userId: string) => (userId === 'the-admin' ? [ADMIN_ROLES.teamsAdministrator] : []);

beforeAll(async () => {
  world = await smallTenantWorld();
  const current = await world.services.decisions.getSettings('contoso');
  await world.services.decisions.saveSettings(
    'contoso',
    'test',
    { ...smallTenantSettingsFile(), access: { viewers: ['lead-object-id', 'Frank@Contoso.test'], viewerGroups: [GROUP] } },
    current.version,
  );
}, 60_000);

afterAll(async () => world?.close());

function turn(userId: string | undefined, tenantId = 'contoso', channelId = 'msteams'): TurnContext {
  return { activity: { channelId, conversation: { tenantId, id: 'c' }, from: { id: `29:${userId}`, aadObjectId: userId, name: 'Someone' } } } as unknown as TurnContext;
}

describe('the bot authoriser', () => {
  const authorize = () => createBotAuthorizer(config, roles, createViewerCheck(world.services.store, groups));

  it('admits admins as admins and the listed viewers as viewers', async () => {
    expect(await authorize()(turn('the-admin'))).toMatchObject({ tenantId: 'contoso', userId: 'the-admin', access: 'admin' });
    expect(await authorize()(turn('lead-object-id'))).toMatchObject({ userId: 'lead-object-id', access: 'viewer' });
    // Named by UPN (any case): the last sync's people say frank@contoso.test is object id "frank".
    expect(await authorize()(turn('frank'))).toMatchObject({ userId: 'frank', access: 'viewer' });
    expect(await authorize()(turn('group-member'))).toMatchObject({ access: 'viewer' });
    expect(groupCalls.at(-1)).toEqual([GROUP]);
  });

  it('refuses everyone else, other tenants and users without an Entra id', async () => {
    expect(await authorize()(turn('gina'))).toEqual({ refused: 'Only Teams or Global administrators can use the planner.' });
    expect(await authorize()(turn('the-admin', 'fabrikam'))).toEqual({ refused: 'This organisation is not enabled for Voice Migration Planner.' });
    expect(await authorize()(turn(undefined))).toEqual({ refused: 'I can only answer signed-in Teams users.' });
    // Only Teams vouches for the tenant and object id: another channel (Web Chat, Direct Line) could name anyone.
    for (const channel of ['webchat', 'directline', 'emulator', '']) {
      expect(await authorize()(turn('the-admin', 'contoso', channel))).toEqual({ refused: 'I answer in Microsoft Teams only.' });
    }
  });

  it('a check that fails refuses, never admits', async () => {
    groupLookupFails = true;
    try {
      expect(await authorize()(turn('group-member'))).toEqual({ refused: expect.stringMatching(/^I could not check whether you may use the planner/) });
    } finally {
      groupLookupFails = false;
    }
    const failingRoles = createBotAuthorizer(config, async () => { throw new Error('Graph is down'); }, createViewerCheck(world.services.store, groups));
    expect(await failingRoles(turn('gina'))).toEqual({ refused: expect.stringMatching(/^I could not check your admin role/) });
    // A listed viewer is still a viewer when the admin role could not be read.
    expect(await failingRoles(turn('lead-object-id'))).toMatchObject({ access: 'viewer' });
  });

  it('token claims are used when a caller has them (UPN, groups)', () => {
    const access = { viewers: ['frank@contoso.test'], viewerGroups: [GROUP] };
    expect(namedInAccess(access, { userId: 'x', upn: 'FRANK@contoso.test' })).toBe(true);
    expect(namedInAccess(access, { userId: 'x', groupIds: [OTHER_GROUP, GROUP.toUpperCase()] })).toBe(true);
    expect(namedInAccess(access, { userId: 'x', groupIds: [OTHER_GROUP] })).toBe(false);
    expect(namedInAccess(undefined, { userId: 'x' })).toBe(false);
  });

  it('the setting is validated: a group must be an Entra object id', async () => {
    const current = await world.services.decisions.getSettings('contoso');
    await expect(
      world.services.decisions.saveSettings('contoso', 'test', { ...smallTenantSettingsFile(), access: { viewerGroups: ['project leads'] } }, current.version),
    ).rejects.toThrow(/viewerGroups/);
  });
});

describe('a viewer in Teams', () => {
  async function say(userId: string, text: string, conversationType: 'personal' | 'channel'): Promise<string> {
    const bot = new VoiceMigrationBot(world.services, createBotAuthorizer(config, roles, createViewerCheck(world.services.store, groups)), undefined, { typingAfterMs: 60_000 });
    const adapter = new TestAdapter(async (ctx) => bot.run(ctx), {
      channelId: 'msteams',
      conversation: { id: `c-${conversationType}`, tenantId: 'contoso', conversationType, isGroup: conversationType !== 'personal', name: '' },
      from: { id: `29:${userId}`, aadObjectId: userId, name: 'Someone' },
    } as Partial<Activity>);
    await adapter.send({ type: ActivityTypes.Message, text } as Partial<Activity>).startTest();
    const replies: Partial<Activity>[] = [];
    let next: Partial<Activity> | undefined;
    while ((next = adapter.activeQueue.shift())) replies.push(next);
    return said(replies);
  }

  it('gets answers about the plan, and about people only in a personal chat', async () => {
    expect(await say('lead-object-id', 'status', 'channel')).toContain('Migration status: Contoso');
    expect(await say('lead-object-id', 'when is berlin cutting over?', 'channel')).toContain('Berlin cuts over');
    expect(await say('lead-object-id', 'status of alice', 'channel')).toBe('In a channel or group chat I answer about named people only to admins. Ask me in a personal chat.');
    expect(await say('lead-object-id', 'status of alice', 'personal')).toContain('alice@contoso.test');
    expect(await say('the-admin', 'status of alice', 'channel')).toContain('alice@contoso.test');
    expect(await say('gina', 'status', 'personal')).toBe('Only Teams or Global administrators can use the planner.');
  });

  it('gets the plan workbook only in a personal chat: in a channel its download link would reach everyone there', async () => {
    expect(await say('lead-object-id', 'send me the plan', 'channel')).toBe('The plan names people and their numbers: ask me for it in a personal chat.');
    expect(await say('lead-object-id', 'send me the plan', 'personal')).not.toContain('ask me for it in a personal chat');
    expect(await say('the-admin', 'send me the plan', 'channel')).not.toContain('ask me for it in a personal chat');
  });
});

export type { BotCaller };
