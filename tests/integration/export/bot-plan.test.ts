/**
 * The bot's `plan` command over botbuilder's TestAdapter: the first time, the export job queued and
 * "ask again"; once the job has stored the workbook, a file consent card in personal chat, the upload
 * on accept (Content-Range, real workbook bytes) and the file.info card, decline, and a download
 * pointer in channels. The workbook is the export job's artefact over a real SQLite store.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ActivityTypes, TestAdapter, type Activity } from 'botbuilder';
import ExcelJS from 'exceljs';
import { VoiceMigrationBot } from '../../../bot/voice-migration-bot';
import { FILE_CONSENT_CONTENT_TYPE, FILE_INFO_CONTENT_TYPE, PREPARING, type FileUploader } from '../../../bot/plan-file-delivery';
import { JobRunner } from '../../../shared/jobs/job-runner';
import { sqliteSpec } from '../../../shared/store/store-spec';
import { finished, waitForJob } from '../jobs/job-test-kit';
import { createAppServices, type AppServices } from '../../../shared/services/app-services';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import type { Caller } from '../../../shared/services/caller';
import { storeSmallTenant } from '../../support/small-tenant-store';

let dir: string;
let services: AppServices;
let runner: JobRunner;
const uploads: { url: string; body: Buffer; headers: Record<string, string> }[] = [];
const uploader: FileUploader = async (url, body, headers) => {
  uploads.push({ url, body, headers });
  return { status: 201 };
};
const caller: Caller = { tenantId: 'contoso', userId: 'admin', name: 'Admin', roles: [], via: 'bot' };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-bot-plan-'));
  const store = new SqliteStore(path.join(dir, 'vmp.sqlite'));
  await storeSmallTenant(store);
  services = createAppServices(store, () => new Date('2026-02-01T10:00:00Z'));
  // Started by the first test, once it has seen the job queued.
  runner = new JobRunner({ services, storeSpec: sqliteSpec(path.join(dir, 'vmp.sqlite')), pollMs: 100 });
  await services.plan.build('contoso', 'test', {
    today: '2026-02-02',
    expectedSettingsVersion: null,
    settings: {
      operators: [{ id: 'contoso-oc', name: 'Contoso Telecom', countries: ['US'], portLeadTimeDays: 10, pricePerUserPerMonth: 8, enabledCountries: ['US'] }],
      sbcs: [{ id: 'sbc-eu', fqdn: 'sbc-eu.contoso.test', siteIds: ['berlin'], pricePerSessionPerYear: 1.25, voiceRoutingPolicy: 'VRP-EU' }],
      decisions: { sites: [{ siteId: 'seattle', path: 'OC', operatorId: 'contoso-oc' }, { siteId: 'berlin', path: 'DR', sbcId: 'sbc-eu', voiceRoutingPolicy: 'VRP-EU' }], users: [] },
      scheduling: { startDate: '2026-02-02' },
    },
  });
}, 60000);

afterAll(async () => {
  await runner.stop();
  await services.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function adapterFor(conversationType: string) {
  const bot = new VoiceMigrationBot(services, async () => caller, uploader);
  const adapter = new TestAdapter(async (ctx) => bot.run(ctx), {
    channelId: 'msteams',
    conversation: { id: 'conv-1', conversationType, isGroup: conversationType !== 'personal', name: '' },
  } as Partial<Activity>);
  return adapter;
}

describe('bot: plan', () => {
  it('in personal chat, queues the export job the first time and says to ask again', async () => {
    await adapterFor('personal')
      .send('plan')
      .assertReply((activity) => {
        expect(activity.attachments ?? []).toEqual([]);
        expect(activity.text).toBe(PREPARING);
      });
    const [job] = await services.jobs.list('contoso', { type: 'export' });
    expect(job).toMatchObject({ type: 'export', createdBy: 'Admin' });
    // Asked again before it ran: the same job, not a second one.
    await adapterFor('personal')
      .send('plan')
      .assertReply((activity) => expect(activity.text).toBe(PREPARING));
    expect(await services.jobs.list('contoso', { type: 'export' })).toHaveLength(1);
    runner.start();
    expect(await waitForJob(services, 'contoso', job.id, finished)).toMatchObject({ state: 'succeeded' });
  }, 60000);

  it('once the workbook is stored, sends a file consent card in personal chat', async () => {
    await adapterFor('personal')
      .send('plan')
      .assertReply((activity) => {
        const a = activity.attachments![0];
        expect(a.contentType).toBe(FILE_CONSENT_CONTENT_TYPE);
        expect(a.name).toMatch(/^contoso-rollout-plan-\d{4}-\d{2}-\d{2}\.xlsx$/);
        expect(a.content.sizeInBytes).toBeGreaterThan(1000);
        expect(a.content.acceptContext).toEqual({ fileName: a.name });
      });
  });

  it('on accept, PUTs the workbook with Content-Range and answers with a file.info card', async () => {
    const adapter = adapterFor('personal');
    await adapter
      .send({
        type: ActivityTypes.Invoke,
        name: 'fileConsent/invoke',
        value: {
          type: 'fileUpload',
          action: 'accept',
          context: { fileName: 'contoso-rollout-plan.xlsx' },
          uploadInfo: { name: 'contoso-rollout-plan.xlsx', uploadUrl: 'https://contoso-my.sharepoint.com/upload/abc', contentUrl: 'https://contoso-my.sharepoint.com/file/abc', uniqueId: 'u-1', fileType: 'xlsx' },
        },
      } as Partial<Activity>)
      .assertReply((activity) => {
        const a = activity.attachments![0];
        expect(a.contentType).toBe(FILE_INFO_CONTENT_TYPE);
        expect(a.contentUrl).toBe('https://contoso-my.sharepoint.com/file/abc');
        expect(a.content).toEqual({ uniqueId: 'u-1', fileType: 'xlsx' });
      })
      .assertReply((activity) => expect(activity.type).toBe('invokeResponse'));
    const upload = uploads[uploads.length - 1];
    const n = upload.body.length;
    expect(upload.url).toBe('https://contoso-my.sharepoint.com/upload/abc');
    expect(upload.headers['Content-Range']).toBe(`bytes 0-${n - 1}/${n}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(upload.body as unknown as ArrayBuffer);
    expect(wb.getWorksheet('Number assignments')).toBeDefined();
  });

  it('refuses an upload URL that is not https', async () => {
    const before = uploads.length;
    await adapterFor('personal')
      .send({
        type: ActivityTypes.Invoke,
        name: 'fileConsent/invoke',
        value: { type: 'fileUpload', action: 'accept', uploadInfo: { name: 'x.xlsx', uploadUrl: 'http://attacker.example/x' } },
      } as Partial<Activity>)
      .assertReply((activity) => expect(activity.text).toMatch(/secure place/));
    expect(uploads.length).toBe(before);
  });

  it('on decline, says where else to get it', async () => {
    await adapterFor('personal')
      .send({ type: ActivityTypes.Invoke, name: 'fileConsent/invoke', value: { type: 'fileUpload', action: 'decline', context: {} } } as Partial<Activity>)
      .assertReply((activity) => expect(activity.text).toMatch(/won't upload/));
  });

  it('accepted after the plan changed: queues the new export and says to ask again, uploading nothing', async () => {
    await services.plan.build('contoso', 'test', { today: '2026-02-09' });
    const before = uploads.length;
    await adapterFor('personal')
      .send({
        type: ActivityTypes.Invoke,
        name: 'fileConsent/invoke',
        value: { type: 'fileUpload', action: 'accept', context: {}, uploadInfo: { name: 'p.xlsx', uploadUrl: 'https://contoso-my.sharepoint.com/upload/def' } },
      } as Partial<Activity>)
      .assertReply((activity) => expect(activity.text).toBe(PREPARING));
    expect(uploads.length).toBe(before);
    const [job] = await services.jobs.list('contoso', { type: 'export' });
    expect(await waitForJob(services, 'contoso', job.id, finished)).toMatchObject({ state: 'succeeded' });
  }, 60000);

  it('in a channel, without a public address to link to, says where to get it instead of sending a file', async () => {
    // The signed link card (with TAB_ENDPOINT set) is covered by tests/integration/notifications/plan-download-link.test.ts.
    await adapterFor('channel')
      .send('plan')
      .assertReply((activity) => {
        expect(activity.attachments ?? []).toEqual([]);
        expect(activity.text).toMatch(/only send files in a personal chat/);
      });
  });
});
