/**
 * Reminders set up by typing in a channel: Teams' message carries the team's and channel's ids but not
 * their names, so the bot asks the Bot Connector (the team's details and its channel list) and Settings >
 * Reminders names the channel. Over HTTP through the real server in local mode, its CloudAdapter calling
 * a local connector; a connector that does not know the team leaves the names out, never the reminders.
 */
import { LocalConnector } from '../../support/local-connector';
import { startLocalServer, type LocalServer } from '../../support/http';

const TEAM = '19:team-voice-project@thread.tacv2';
const CUTOVERS = '19:cutovers-channel@thread.tacv2';

let local: LocalServer;
let connector: LocalConnector;

beforeAll(async () => {
  connector = await new LocalConnector().start();
  // As the connector lists them: the General channel's id is the team's, and it has no name.
  connector.teams.set(TEAM, { name: 'Voice project', channels: [{ id: TEAM }, { id: CUTOVERS, name: 'Cutovers' }] });
  local = await startLocalServer('vmp-channel-names-');
}, 120_000);

afterAll(async () => {
  await local?.stop();
  await connector?.stop();
});

/** "remind me ..." typed in a channel of `team`, as Teams posts it (ids, no names), the answer in the response. */
async function typeInChannel(team: string, channel: string, text: string): Promise<number> {
  const res = await fetch(`${local.base}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      id: `a-${Math.random().toString(36).slice(2)}`,
      type: 'message',
      text,
      channelId: 'msteams',
      serviceUrl: connector.url,
      deliveryMode: 'expectReplies',
      from: { id: 'user-1', name: 'Local developer' },
      recipient: { id: 'bot-1', name: 'Voice Migration Planner' },
      conversation: { id: `${channel};messageid=1`, conversationType: 'channel', isGroup: true },
      channelData: { team: { id: team }, channel: { id: channel } },
      locale: 'en-US',
    }),
  });
  await res.text();
  return res.status;
}

async function reminders(): Promise<{ kind: string; teamName?: string; channelName?: string }[]> {
  return (await (await fetch(`${local.base}/api/reminders`)).json()).items;
}

it('names the channel and its team from the connector when the message does not', async () => {
  expect(await typeInChannel(TEAM, CUTOVERS, 'remind me 3 days before each cutover')).toBe(200);
  expect(connector.teamReads).toEqual([TEAM, TEAM]);
  expect(await reminders()).toEqual([expect.objectContaining({ kind: 'channel', teamName: 'Voice project', channelName: 'Cutovers' })]);
}, 60_000);

it('calls the General channel General (the connector gives it no name)', async () => {
  expect(await typeInChannel(TEAM, TEAM, 'tell me about order deadlines')).toBe(200);
  expect((await reminders()).map((r) => r.channelName).sort()).toEqual(['Cutovers', 'General']);
}, 60_000);

it('a team the connector does not know: the reminders are set up without names', async () => {
  expect(await typeInChannel('19:unknown-team@thread.tacv2', '19:other@thread.tacv2', 'tell me when a sync finds drift')).toBe(200);
  const rows = await reminders();
  expect(rows).toHaveLength(3);
  expect(rows.filter((r) => r.teamName === undefined && r.channelName === undefined)).toHaveLength(1);
}, 60_000);
