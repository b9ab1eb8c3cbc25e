/**
 * The plan in any conversation: in a channel the bot answers `plan` with a card holding a signed,
 * short-lived download link and an "open in tab" button; the link is served by the real express app
 * without a tab token (GET /downloads/<token>) and refuses forged (403), expired (410), non-export and
 * other-tenant tokens. In a personal chat the file consent card, the upload on accept and the channel
 * link all use the one workbook the export job stored: it is built once. Real SQLite file, real job
 * runner, real HTTP.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { ActivityTypes, TestAdapter, type Activity, type TurnContext } from 'botbuilder';
import { acknowledgeDeclinedPlan, PREPARING, sendRolloutPlan, uploadAcceptedPlan, FILE_CONSENT_CONTENT_TYPE, type FileUploader } from '../../../bot/plan-file-delivery';
import { loadConfig } from '../../../shared/config/app-config';
import { JobRunner } from '../../../shared/jobs/job-runner';
import { rolloutExportKey } from '../../../shared/jobs/rollout-export';
import { createAppServices, type AppServices } from '../../../shared/services/app-services';
import type { Caller } from '../../../shared/services/caller';
import { createDownloadLinks } from '../../../shared/services/download-link';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { sqliteSpec } from '../../../shared/store/store-spec';
import { createApp } from '../../../server/app';
import { finished, waitForJob } from '../jobs/job-test-kit';
import { smallTenantSettingsFile, storeSmallTenant } from '../../support/small-tenant-store';
import { expectValidAdaptiveCard } from '../../support/adaptive-card-schema';

const TENANT = 'contoso';
const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const TEAMS_APP_ID = '11111111-2222-3333-4444-555555555555';
const caller: Caller = { tenantId: TENANT, userId: 'admin', name: 'Admin', roles: [], via: 'bot' };

let dir: string;
let services: AppServices;
let runner: JobRunner;
let server: http.Server;
let base: string;
let clock = new Date('2026-02-03T09:00:00Z');
const uploads: Buffer[] = [];
const uploader: FileUploader = async (_url, body) => {
  uploads.push(body);
  return { status: 201 };
};

function adapter(conversationType: 'channel' | 'personal', logic: (ctx: TurnContext) => Promise<void>) {
  return new TestAdapter(logic, {
    channelId: 'msteams',
    conversation: { id: `conv-${conversationType}`, conversationType, isGroup: conversationType !== 'personal', name: '', tenantId: TENANT },
  } as Partial<Activity>);
}

async function askPlan(conversationType: 'channel' | 'personal'): Promise<Partial<Activity>> {
  let reply: Partial<Activity> = {};
  await adapter(conversationType, (ctx) => sendRolloutPlan(ctx, services, caller))
    .send('plan')
    .assertReply((a) => {
      reply = a;
    });
  return reply;
}

const get = (url: string) => fetch(url, { redirect: 'manual' });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-plan-link-'));
  const file = path.join(dir, 'vmp.sqlite');
  const store = new SqliteStore(file);
  await storeSmallTenant(store);
  await store.upsertTenant('fabrikam', 'Fabrikam');
  server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  services = createAppServices(store, () => clock, { notifications: { publicUrl: base, teamsAppId: TEAMS_APP_ID, downloadLinkSecret: SECRET } });
  server.on('request', createApp(services, loadConfig({ APP_MODE: 'local', DEMO_TENANT_ID: TENANT })));
  await services.plan.build(TENANT, 'test', { today: '2026-02-02', expectedSettingsVersion: null, settings: smallTenantSettingsFile() });
  runner = new JobRunner({ services, storeSpec: sqliteSpec(file), pollMs: 100 });
  runner.start();
}, 60_000);

afterAll(async () => {
  await runner.stop();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await services.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the plan in a channel: a signed link', () => {
  let link: string;

  it('queues the export the first time, then answers with a card: download link and open in tab', async () => {
    expect((await askPlan('channel')).text).toBe(PREPARING);
    const [job] = await services.jobs.list(TENANT, { type: 'export' });
    expect(await waitForJob(services, TENANT, job.id, finished)).toMatchObject({ state: 'succeeded' });
    const reply = await askPlan('channel');
    const card = reply.attachments![0].content as { version: string; body: { text: string }[]; actions: { type: string; title: string; url: string }[] };
    expect(card.version).toBe('1.5');
    expectValidAdaptiveCard(card);
    expect(card.body.map((b) => b.text).join(' ')).toMatch(/works for anyone here until 10:00 UTC/);
    const [download, tab] = card.actions;
    expect(download).toMatchObject({ type: 'Action.OpenUrl', title: 'Download (.xlsx)' });
    expect(download.url.startsWith(`${base}/downloads/`)).toBe(true);
    expect(tab).toMatchObject({ type: 'Action.OpenUrl', title: 'Open in tab' });
    expect(tab.url).toMatch(new RegExp(`^https://teams\\.microsoft\\.com/l/entity/${TEAMS_APP_ID}/plan\\?`));
    link = download.url;
  }, 60_000);

  it('downloads the stored workbook without a token', async () => {
    const res = await get(link);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="contoso-rollout-plan-\d{4}-\d{2}-\d{2}\.xlsx"/);
    const body = Buffer.from(await res.arrayBuffer());
    const key = await rolloutExportKey(services.store, TENANT);
    expect(body.equals((await services.store.artefacts.get(TENANT, key.artefact))!)).toBe(true);
  });

  it('refuses a forged link (403) and says what to do', async () => {
    const token = link.slice(link.lastIndexOf('/') + 1);
    const [payload, signature] = token.split('.');
    const flipped = `${payload}.${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    for (const bad of [flipped, 'not-a-token', `${payload}x.${signature}`]) {
      const res = await get(`${base}/downloads/${bad}`);
      expect(res.status).toBe(403);
      expect((await res.json()).error.message).toMatch(/not valid.*\*\*plan\*\* again/);
    }
    // Signed with another server's secret: forged too.
    const other = createDownloadLinks('another-secret-that-is-long-enough-xxxxxxxx').sign({ tenantId: TENANT, artefact: (await rolloutExportKey(services.store, TENANT)).artefact, fileName: 'x.xlsx', expiresAt: new Date(clock.getTime() + 60_000) });
    expect((await get(`${base}/downloads/${other}`)).status).toBe(403);
  });

  it('is scoped to its tenant and to exports', async () => {
    const artefact = (await rolloutExportKey(services.store, TENANT)).artefact;
    const expiresAt = new Date(clock.getTime() + 60_000);
    // A valid signature for another tenant finds nothing of contoso's: the tenant is part of what is signed.
    const otherTenant = await get(`${base}/downloads/${services.notifications.links.sign({ tenantId: 'fabrikam', artefact, fileName: 'x.xlsx', expiresAt })}`);
    expect(otherTenant.status).toBe(410);
    // Only export artefacts, never e.g. the plan JSON.
    const planArtefact = (await services.store.artefacts.list(TENANT, 'plan/'))[0];
    expect((await get(`${base}/downloads/${services.notifications.links.sign({ tenantId: TENANT, artefact: planArtefact, fileName: 'p.json', expiresAt })}`)).status).toBe(403);
  });

  it('expires after an hour (410); a browser reads why on a page', async () => {
    clock = new Date('2026-02-03T10:00:00Z');
    const res = await get(link);
    expect(res.status).toBe(410);
    expect((await res.json()).error.message).toMatch(/expired at 2026-02-03 10:00 UTC/);
    const page = await fetch(link, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(page.status).toBe(410);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toMatch(/<p>This download link expired at 2026-02-03 10:00 UTC\. Ask the bot for plan again to get a new one\.<\/p>/);
  });
});

describe('the plan in a personal chat: file consent, the workbook built once', () => {
  it('the consent card, the upload on accept and the channel link use the one stored workbook', async () => {
    const jobsBefore = (await services.jobs.list(TENANT, { type: 'export' })).length;
    const consent = await askPlan('personal');
    expect(consent.attachments![0].contentType).toBe(FILE_CONSENT_CONTENT_TYPE);
    const size = (consent.attachments![0].content as { sizeInBytes: number }).sizeInBytes;
    await adapter('personal', async (ctx) => {
      if (ctx.activity.type === ActivityTypes.Invoke) await uploadAcceptedPlan(ctx, ctx.activity.value, services, caller, uploader);
    })
      .send({
        type: ActivityTypes.Invoke,
        name: 'fileConsent/invoke',
        value: { type: 'fileUpload', action: 'accept', uploadInfo: { name: 'p.xlsx', uploadUrl: 'https://contoso-my.sharepoint.com/upload/1', contentUrl: 'https://contoso-my.sharepoint.com/f/1', uniqueId: 'u1', fileType: 'xlsx' } },
      } as Partial<Activity>)
      .assertReply((a) => expect(a.attachments?.[0]?.contentUrl).toBe('https://contoso-my.sharepoint.com/f/1'));
    const key = await rolloutExportKey(services.store, TENANT);
    const stored = (await services.store.artefacts.get(TENANT, key.artefact))!;
    expect(uploads).toHaveLength(1);
    expect(uploads[0].equals(stored)).toBe(true);
    expect(size).toBe(stored.length);
    // Nothing was exported again for the card or the upload.
    expect((await services.jobs.list(TENANT, { type: 'export' })).length).toBe(jobsBefore);
  });

  it('declining uploads nothing', async () => {
    await adapter('personal', (ctx) => acknowledgeDeclinedPlan(ctx))
      .send({ type: ActivityTypes.Invoke, name: 'fileConsent/invoke', value: { type: 'fileUpload', action: 'decline' } } as Partial<Activity>)
      .assertReply((a) => expect(a.text).toMatch(/won't upload/));
    expect(uploads).toHaveLength(1);
  });
});
