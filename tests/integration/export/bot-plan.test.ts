/**
 * The bot's `plan` command over botbuilder's TestAdapter: a file consent card in personal chat, the
 * upload on accept (Content-Range, real workbook bytes) and the file.info card, decline, and a
 * download pointer in channels. The workbook comes from the export service over a real SQLite store.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ActivityTypes, TestAdapter, type Activity } from 'botbuilder';
import ExcelJS from 'exceljs';
import { VoiceMigrationBot } from '../../../bot/voice-migration-bot';
import { FILE_CONSENT_CONTENT_TYPE, FILE_INFO_CONTENT_TYPE, type FileUploader } from '../../../bot/plan-file-delivery';
import { createAppServices, type AppServices } from '../../../shared/services/app-services';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import type { Caller } from '../../../shared/services/caller';
import { storeSmallTenant } from '../../support/small-tenant-store';

let dir: string;
let services: AppServices;
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
  it('sends a file consent card in personal chat', async () => {
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

  it('in a channel, points at the download instead of sending a file', async () => {
    await adapterFor('channel')
      .send('plan')
      .assertReply((activity) => {
        expect(activity.attachments ?? []).toEqual([]);
        expect(activity.text).toContain('/api/export/rollout.xlsx');
      });
  });
});
