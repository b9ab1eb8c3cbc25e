/**
 * The bot's `plan` command: the rollout workbook as a file. In a personal chat Teams lets a bot send a
 * file only through a file consent card: the user accepts, Teams gives an upload URL in their
 * OneDrive, the bot PUTs the bytes there (Content-Range) and answers with a file.info card. In
 * channels and group chats bots cannot upload files, so the answer is where to download it instead.
 * The workbook is the one the export job stored for the current plan (the same artefact the download
 * route sends); when there is none yet, the bot queues the export and asks the user to come back.
 */
import { MessageFactory, TurnContext, type Attachment, type FileConsentCardResponse } from 'botbuilder';
import type { AppServices } from '../shared/services/app-services';
import type { Caller } from '../shared/services/caller';
import { requestRolloutExport, storedRolloutExport } from '../shared/jobs/rollout-export';

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

/** The answer while the export job makes the workbook. */
export const PREPARING =
  "I'm preparing the rollout plan workbook from the current plan; it takes a moment for a large tenant. " +
  'Send me **plan** again in a minute and I will send it.';

/**
 * The stored rollout workbook for the current plan. Otherwise answers the user and returns nothing:
 * no plan yet, or the export job queued (or the one already queued) and "ask again in a minute" - the
 * bot never writes a workbook on its own turn.
 */
async function workbookOrAnswer(context: TurnContext, services: AppServices, caller: Caller): Promise<{ fileName: string; bytes: Buffer } | undefined> {
  try {
    const stored = await storedRolloutExport(services.store, caller.tenantId);
    if (stored.bytes) return { fileName: await services.exports.rolloutFileName(caller.tenantId), bytes: stored.bytes };
    await requestRolloutExport(services.jobs, caller.tenantId, stored.key, caller.name ?? caller.userId);
  } catch (err) {
    // No plan (or no snapshot) yet: the error says how to make one.
    if ((err as { code?: string })?.code !== 'not-found') throw err;
    await context.sendActivity(String((err as Error).message));
    return undefined;
  }
  await context.sendActivity(PREPARING);
  return undefined;
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
  const file = await workbookOrAnswer(context, services, caller);
  if (!file) return;
  const consent: Attachment = {
    contentType: FILE_CONSENT_CONTENT_TYPE,
    name: file.fileName,
    content: {
      description: 'Rollout plan: waves, number assignments, orders, routing, blockers and runbook index.',
      sizeInBytes: file.bytes.length,
      // Only the file name travels: on accept the stored workbook is read again for the (re-authorised) caller.
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
  // When the plan changed since the consent card, the new workbook is prepared and the user told so.
  const file = await workbookOrAnswer(context, services, caller);
  if (!file) return;
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
