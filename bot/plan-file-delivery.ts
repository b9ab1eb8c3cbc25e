/**
 * The bot's `plan` command: the rollout workbook as a file. In a personal chat Teams lets a bot send a
 * file only through a file consent card: the user accepts, Teams gives an upload URL in their
 * OneDrive, the bot PUTs the bytes there (Content-Range) and answers with a file.info card. In
 * channels and group chats bots cannot upload files, so the answer is a card with a short-lived signed
 * link (shared/services/download-link; served by server/download-routes without a tab token) and an
 * "open in tab" button. The workbook is built once, by the export job, and stored as an artefact for the
 * current plan's versions: the consent card, the upload on accept and the link all read that artefact;
 * when there is none yet, the bot queues the export and asks the user to come back.
 */
import { CardFactory, MessageFactory, TurnContext, type Attachment, type FileConsentCardResponse } from 'botbuilder';
import type { AppServices } from '../shared/services/app-services';
import type { Caller } from '../shared/services/caller';
import { requestRolloutExport, rolloutExportKey, storedRolloutExport } from '../shared/jobs/rollout-export';
import { DOWNLOAD_LINK_TTL_MS } from '../shared/services/download-link';
import { cardText } from './proactive/notification-cards';
import { tabLink } from './proactive/tab-links';

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

/**
 * Channels and group chats: a card with a signed link to the stored workbook (valid for an hour, for
 * whoever in the conversation clicks it) and an "open in tab" button. Reads versions and an artefact
 * listing, never the workbook itself.
 */
async function sendPlanLink(context: TurnContext, services: AppServices, caller: Caller): Promise<void> {
  let key;
  try {
    key = await rolloutExportKey(services.store, caller.tenantId);
  } catch (err) {
    if ((err as { code?: string })?.code !== 'not-found') throw err;
    await context.sendActivity(String((err as Error).message));
    return;
  }
  const stored = (await services.store.artefacts.list(caller.tenantId, key.artefact)).includes(key.artefact);
  if (!stored) {
    await requestRolloutExport(services.jobs, caller.tenantId, key, caller.name ?? caller.userId);
    await context.sendActivity(PREPARING);
    return;
  }
  const links = services.notifications.links;
  const fileName = await services.exports.rolloutFileName(caller.tenantId);
  const expiresAt = new Date(services.now().getTime() + DOWNLOAD_LINK_TTL_MS);
  const url = links.link({ tenantId: caller.tenantId, artefact: key.artefact, fileName, expiresAt });
  const tab = tabLink(links.settings, 'plan');
  if (!url && !tab) {
    await context.sendActivity(`I can only send files in a personal chat. Download the rollout plan from the planner's tab (Plan page), or message me **plan** in a 1:1 chat.`);
    return;
  }
  const card = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: 'Rollout plan', weight: 'Bolder', size: 'Medium', wrap: true },
      { type: 'TextBlock', text: cardText(fileName), wrap: true, spacing: 'Small' },
      url
        ? { type: 'TextBlock', text: `The download link works for anyone here until ${expiresAt.toISOString().slice(11, 16)} UTC; ask me **plan** again for a new one.`, wrap: true, isSubtle: true, spacing: 'Small' }
        : { type: 'TextBlock', text: 'Open it from the planner, or message me **plan** in a 1:1 chat for the file.', wrap: true, isSubtle: true, spacing: 'Small' },
    ],
    actions: [
      ...(url ? [{ type: 'Action.OpenUrl', title: 'Download (.xlsx)', url }] : []),
      ...(tab ? [{ type: 'Action.OpenUrl', title: 'Open in tab', url: tab }] : []),
    ],
  };
  await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
}

/** `plan`: a file consent card in personal chat, a card with a signed download link elsewhere. */
export async function sendRolloutPlan(context: TurnContext, services: AppServices, caller: Caller): Promise<void> {
  const conversationType = context.activity.conversation?.conversationType ?? 'personal';
  if (conversationType !== 'personal') {
    await sendPlanLink(context, services, caller);
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
