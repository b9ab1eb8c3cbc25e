/**
 * The bot's `plan` command: the rollout workbook as a file. In a personal chat Teams lets a bot send a
 * file only through a file consent card: the user accepts, Teams gives an upload URL in their
 * OneDrive, the bot PUTs the bytes there (Content-Range) and answers with a file.info card. In
 * channels and group chats bots cannot upload files, so the answer is where to download it instead.
 * The workbook comes from the export service (the same one as the API route and the CLI).
 */
import { PassThrough } from 'node:stream';
import { MessageFactory, TurnContext, type Attachment, type FileConsentCardResponse } from 'botbuilder';
import type { AppServices } from '../shared/services/app-services';
import type { Caller } from '../shared/services/caller';

export const FILE_CONSENT_CONTENT_TYPE = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO_CONTENT_TYPE = 'application/vnd.microsoft.teams.card.file.info';
export const ROLLOUT_DOWNLOAD_PATH = '/api/export/rollout.xlsx';

/** PUTs bytes to the upload URL Teams handed out; injectable so tests need no OneDrive. */
export type FileUploader = (url: string, body: Buffer, headers: Record<string, string>) => Promise<{ status: number }>;

export const fetchUploader: FileUploader = async (url, body, headers) => {
  // A fresh ArrayBuffer-backed copy: the DOM BodyInit type refuses Node's Buffer.
  const res = await fetch(url, { method: 'PUT', body: new Blob([Uint8Array.from(body)]), headers });
  return { status: res.status };
};

async function workbookBytes(services: AppServices, tenantId: string): Promise<{ fileName: string; bytes: Buffer }> {
  const prepared = await services.exports.prepareRolloutWorkbook(tenantId);
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (c: Buffer) => chunks.push(c));
  await prepared.write(sink);
  return { fileName: prepared.fileName, bytes: Buffer.concat(chunks) };
}

/** `plan`: a file consent card in personal chat, a download pointer elsewhere. */
export async function sendRolloutPlan(context: TurnContext, services: AppServices, caller: Caller): Promise<void> {
  const conversationType = context.activity.conversation?.conversationType ?? 'personal';
  if (conversationType !== 'personal') {
    // Loads nothing heavy: only says whether there is a plan to download.
    const exists = await services.plan.exists(caller.tenantId);
    await context.sendActivity(
      exists
        ? `I can only send files in a personal chat. Download the rollout plan from the planner's tab (Plan page), ` +
            `or at ${ROLLOUT_DOWNLOAD_PATH} on the planner's site; or message me **plan** in a 1:1 chat.`
        : 'There is no plan yet: build one on the Plan page or with `vmp plan`.',
    );
    return;
  }
  let file: { fileName: string; bytes: Buffer };
  try {
    file = await workbookBytes(services, caller.tenantId);
  } catch (err) {
    if ((err as { code?: string })?.code === 'not-found') {
      await context.sendActivity(String((err as Error).message));
      return;
    }
    throw err;
  }
  const consent: Attachment = {
    contentType: FILE_CONSENT_CONTENT_TYPE,
    name: file.fileName,
    content: {
      description: 'Rollout plan: waves, number assignments, orders, routing, blockers and runbook index.',
      sizeInBytes: file.bytes.length,
      // Only the file name travels: on accept the workbook is made again for the (re-authorised) caller.
      acceptContext: { fileName: file.fileName },
      declineContext: { fileName: file.fileName },
    },
  };
  await context.sendActivity(MessageFactory.attachment(consent));
}

/** The user accepted: upload to their OneDrive, then show the file card. */
export async function uploadAcceptedPlan(
  context: TurnContext,
  response: FileConsentCardResponse,
  services: AppServices,
  caller: Caller,
  upload: FileUploader = fetchUploader,
): Promise<void> {
  const info = response.uploadInfo;
  const url = info?.uploadUrl;
  if (!info || !url || !/^https:\/\//i.test(url)) {
    await context.sendActivity('Teams did not give me a secure place to upload the plan; please try **plan** again.');
    return;
  }
  const file = await workbookBytes(services, caller.tenantId);
  const n = file.bytes.length;
  const result = await upload(url, file.bytes, {
    'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'Content-Length': String(n),
    'Content-Range': `bytes 0-${n - 1}/${n}`,
  });
  if (result.status < 200 || result.status >= 300) {
    await context.sendActivity(`The upload to your OneDrive failed (HTTP ${result.status}); please try **plan** again.`);
    return;
  }
  const card: Attachment = {
    contentType: FILE_INFO_CONTENT_TYPE,
    contentUrl: info.contentUrl,
    name: info.name ?? file.fileName,
    content: { uniqueId: info.uniqueId, fileType: info.fileType ?? 'xlsx' },
  };
  await context.sendActivity(MessageFactory.attachment(card));
}

export async function acknowledgeDeclinedPlan(context: TurnContext): Promise<void> {
  await context.sendActivity("OK, I won't upload the plan. You can download it from the planner's tab (Plan page) at any time.");
}
