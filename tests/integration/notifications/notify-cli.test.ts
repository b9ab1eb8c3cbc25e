/**
 * `vmp notify run --now <iso>` as a script runs it: real processes on one SQLite file, sending through
 * botbuilder to a local connector endpoint. Two processes started together send a due reminder once;
 * the output says what was sent, which conversations Teams refused for good (paused) and which it took
 * again when tried a week later (resumed); a bad --now is exit 2 naming the option. `vmp notify list`
 * and `vmp notify stop` list the conversations and stop one, as Settings > Reminders does.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applySubscriptionRequest } from '../../../shared/services/subscription-service';
import { createAppServices } from '../../../shared/services/app-services';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { ROOT } from '../../support/cli';
import { LocalConnector } from '../../support/local-connector';
import { smallTenantSettingsFile, storeSmallTenant } from '../../support/small-tenant-store';

let dir: string;
let db: string;
let connector: LocalConnector;

/** Runs `vmp` asynchronously (so that two can run at once) with the notification settings in its environment. */
function vmpAsync(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'vmp.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, NOTIFY_TIME_ZONE: 'America/Los_Angeles', BOT_ID: '', BOT_PASSWORD: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-notify-cli-'));
  db = path.join(dir, 'vmp.sqlite');
  connector = await new LocalConnector().start();
  const services = createAppServices(new SqliteStore(db), () => new Date('2026-02-05T12:00:00Z'));
  await storeSmallTenant(services.store);
  await services.plan.build('contoso', 'test', { today: '2026-02-02', expectedSettingsVersion: null, settings: smallTenantSettingsFile() });
  await applySubscriptionRequest(
    services.store,
    { serviceUrl: connector.url, channelId: 'msteams', conversationId: '19:ops@thread.tacv2', kind: 'channel', tenantId: 'contoso', botId: '28:bot' },
    { userId: 'lead', name: 'Pat Lead' },
    { action: 'subscribe', cutovers: { offsetsDays: [3, 1] } },
    new Date('2026-02-05T12:00:00Z'),
  );
  await services.close();
}, 60_000);

afterAll(async () => {
  await connector.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('vmp notify run', () => {
  it('two processes at the same moment send the due reminder once, and say what they sent', async () => {
    // Wave 1: 2026-02-12 19:00 Los Angeles; three days before = 2026-02-10T03:00Z.
    const [a, b] = await Promise.all([
      vmpAsync(['notify', 'run', '--db', db, '--now', '2026-02-10T03:00:00Z']),
      vmpAsync(['notify', 'run', '--db', db, '--now', '2026-02-10T03:00:00Z']),
    ]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(connector.posts).toHaveLength(1);
    const out = a.stdout + b.stdout;
    expect(out.match(/^ {2}sent cutover to channel 19:ops@thread\.tacv2: wave 1 cuts over 2026-02-12 19:00 \(America\/Los_Angeles\), 3 days before/gm)).toHaveLength(1);
    expect(out).toMatch(/Notifications due at 2026-02-10T03:00:00.000Z: 1 sent/);
  }, 60_000);

  it('--json prints the run; nothing is due again', async () => {
    const r = await vmpAsync(['notify', 'run', '--db', db, '--now', '2026-02-10T04:00:00Z', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ at: '2026-02-10T04:00:00.000Z', sent: [], failed: [] });
    expect(connector.posts).toHaveLength(1);
  }, 60_000);

  it('a chat whose user blocked the bot is tried once, reported PAUSED (not a failed run), and listed as paused by later runs', async () => {
    const services = createAppServices(new SqliteStore(db), () => new Date('2026-02-16T12:00:00Z'));
    await applySubscriptionRequest(
      services.store,
      { serviceUrl: connector.url, channelId: 'msteams', conversationId: 'a:blocked-chat', kind: 'personal', tenantId: 'contoso', botId: '28:bot' },
      { userId: 'lead', name: 'Pat Lead' },
      { action: 'subscribe', cutovers: { offsetsDays: [3, 1] } },
      new Date('2026-02-16T12:00:00Z'),
    );
    await services.close();
    connector.refuse('a:blocked-chat', { status: 403, code: 'ConversationBlockedByUser', message: 'User blocked the conversation with the bot.' });
    // Wave 2: 2026-02-19 19:00 Los Angeles; three days before = 2026-02-17T03:00Z (the channel hears about it too).
    const first = await vmpAsync(['notify', 'run', '--db', db, '--now', '2026-02-17T03:00:00Z']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/: 1 sent, 0 failed, 0 already taken, 1 conversation paused\.$/m);
    expect(first.stdout).toMatch(
      /^ {2}PAUSED personal a:blocked-chat: Teams refused the message \(403 ConversationBlockedByUser: User blocked the conversation with the bot\.\) - the user blocked the bot\. Not sent: cutover \(wave 2 cuts over 2026-02-19/m,
    );
    const later = await vmpAsync(['notify', 'run', '--db', db, '--now', '2026-02-19T03:00:00Z']);
    expect(later.code).toBe(0);
    expect(later.stdout).toMatch(/^ {2}paused personal a:blocked-chat since 2026-02-17T03:00:00\.000Z: Teams refused the message \(403 ConversationBlockedByUser/m);
    expect(connector.refusedTo('a:blocked-chat')).toHaveLength(1);
    expect(connector.to('a:blocked-chat')).toEqual([]);
  }, 60_000);

  it('a week after the pause the next reminder is tried again: delivered, the chat is reported RESUMED', async () => {
    connector.allow('a:blocked-chat');
    // Wave 3: 2026-02-26 19:00 Berlin; one day before = 2026-02-25T18:00Z, eight days after the pause.
    const r = await vmpAsync(['notify', 'run', '--db', db, '--now', '2026-02-25T18:00:00Z']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/: 2 sent, 0 failed, 0 already taken, 1 conversation resumed\.$/m);
    expect(r.stdout).toMatch(/^ {2}sent cutover to personal a:blocked-chat: wave 3 cuts over 2026-02-26/m);
    expect(r.stdout).toMatch(/^ {2}RESUMED personal a:blocked-chat: Teams delivered again after a pause since 2026-02-17T03:00:00\.000Z\.$/m);
    expect(connector.to('a:blocked-chat')).toHaveLength(1);
  }, 60_000);

  it('refuses a --now without its offset (exit 2, naming the option)', async () => {
    const r = await vmpAsync(['notify', 'run', '--db', db, '--now', '2026-02-10 03:00']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--now must be an ISO instant with its offset/);
  }, 60_000);
});

describe('vmp notify list and stop', () => {
  it('lists the conversations with what each is reminded about, stops one against the version just read, and refuses a bad or unknown id (exit 2)', async () => {
    const services = createAppServices(new SqliteStore(db), () => new Date('2026-02-26T12:00:00Z'));
    await applySubscriptionRequest(
      services.store,
      { serviceUrl: connector.url, channelId: 'msteams', conversationId: 'a:gone-chat', kind: 'personal', tenantId: 'contoso', botId: '28:bot' },
      { userId: 'sam', name: 'Sam Left' },
      { action: 'subscribe', drift: true },
      new Date('2026-02-26T12:00:00Z'),
    );
    await services.close();
    const listed = await vmpAsync(['notify', 'list', '--db', db, '--json']);
    expect(listed.code).toBe(0);
    const page = JSON.parse(listed.stdout);
    expect(page).toMatchObject({ tenantId: 'contoso', total: 3, paused: 0 });
    const gone = page.items.find((r: { subscribedBy: string }) => r.subscribedBy === 'Sam Left');
    expect(gone).toMatchObject({ kind: 'personal', drift: true });

    const text = await vmpAsync(['notify', 'list', '--db', db, '--limit', '2']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Reminders of tenant contoso \(version \d+\): 3 conversations; showing 1-2 \(next: --offset 2\)\.$/m);
    expect(text.stdout).toContain(`  ${gone.id}  Sam Left's personal chat, set up by Sam Left\n      a summary when a sync finds drift`);

    const stopped = await vmpAsync(['notify', 'stop', gone.id, '--db', db]);
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toMatch(new RegExp(`^Stopped the reminders in Sam Left's personal chat; reminders version ${page.version + 1}\\.$`, 'm'));
    expect(JSON.parse((await vmpAsync(['notify', 'list', '--db', db, '--json'])).stdout).total).toBe(2);

    const again = await vmpAsync(['notify', 'stop', gone.id, '--db', db]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/No conversation with reminders has the id .* `vmp notify list` lists the ids\./);
    const bad = await vmpAsync(['notify', 'stop', 'not-an-id', '--db', db]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/"not-an-id" is no reminders id/);
    expect((await vmpAsync(['notify', 'list', '--db', db, '--limit', '0'])).code).toBe(2);
  }, 60_000);
});
