/**
 * Sends a notification into a stored conversation through botbuilder's CloudAdapter
 * (`continueConversationAsync`): the adapter gets a Bot Framework token for the bot's app (none in
 * local mode, where the connector is the Agents Playground or a test's local server) and POSTs the
 * activity to `<serviceUrl>/v3/conversations/<id>/activities`. An answer that says the conversation is
 * closed to the bot for good becomes a ConversationUnreachableError (unreachableConversationError).
 */
import {
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type ConversationReference,
} from 'botbuilder';
import type { AppConfig } from '../../shared/config/app-config';
import { ConversationUnreachableError, type NotificationSender } from '../../shared/services/notification-service';
import type { StoredConversation } from '../../shared/services/subscription-service';
import { notificationCard, notificationText } from './notification-cards';
import type { TabLinkSettings } from './tab-links';

export type BotCredentials = AppConfig['bot'];

/** A CloudAdapter for the bot's app registration (no credentials = unauthenticated, local mode only). */
export function createCloudAdapter(bot: BotCredentials): CloudAdapter {
  const credentials = new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: bot.appId ?? '',
    MicrosoftAppPassword: bot.appPassword ?? '',
    MicrosoftAppType: bot.appType,
    MicrosoftAppTenantId: bot.tenantId ?? '',
  });
  return new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}, credentials));
}

export function conversationReferenceOf(c: StoredConversation): Partial<ConversationReference> {
  return {
    channelId: c.channelId,
    serviceUrl: c.serviceUrl,
    conversation: { id: c.conversationId, conversationType: c.kind, tenantId: c.tenantId, isGroup: c.kind !== 'personal', name: '' },
    bot: { id: c.botId, name: c.botName ?? '' },
  };
}

/** What the connector's codes mean, for the admin reading `notify run` (Microsoft: "Status codes from bot conversational APIs"). */
const MEANING: Record<string, string> = {
  ConversationBlockedByUser: 'the user blocked the bot',
  BotNotInConversationRoster: 'the bot is no longer in this team or chat (removed, or the app uninstalled)',
  BotDisabledByAdmin: "the tenant's admin disabled the bot",
  MessageWritesBlocked: 'the user blocked the bot or uninstalled the app',
  ConversationNotFound: 'the conversation no longer exists',
};

/**
 * 403 codes that say the deployment is wrong for every conversation (InvalidBotApiHost: the service URL of
 * another cloud, such as GCC's), not that this conversation is closed to the bot.
 */
const DEPLOYMENT_FAULTS = new Set(['InvalidBotApiHost']);

/**
 * The connector's answer as a ConversationUnreachableError when retrying cannot help, else undefined
 * (a transient failure: 429, 5xx, the network, a token problem). Microsoft documents every 403 of the
 * conversational APIs as "retry: no" (BotDisabledByAdmin, BotNotInConversationRoster,
 * ConversationBlockedByUser, InvalidBotApiHost, NotEnoughPermissions, MessageWritesBlocked), and the
 * code is often missing, so any 403 counts; a 404 only when it says the conversation is not found.
 * botbuilder (ms-rest-js RestError) gives the HTTP status as `statusCode` and the body's error code as `code`.
 */
export function unreachableConversationError(err: unknown): ConversationUnreachableError | undefined {
  const e = (err ?? {}) as { statusCode?: unknown; code?: unknown; message?: unknown; response?: { bodyAsText?: unknown } };
  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  const code = typeof e.code === 'string' && e.code ? e.code : undefined;
  // The deployment's fault, not the conversation's: every conversation would be paused by it. Left a
  // failure, reported and retried, until the operator fixes it.
  if (code && DEPLOYMENT_FAULTS.has(code)) return undefined;
  const detail = (typeof e.message === 'string' && e.message) || (typeof e.response?.bodyAsText === 'string' ? e.response.bodyAsText : '');
  const notFound = status === 404 && (code === 'ConversationNotFound' || /conversation not found/i.test(detail));
  if (status !== 403 && !notFound) return undefined;
  const said = `${status}${code ? ` ${code}` : ''}${detail ? `: ${detail.slice(0, 200)}` : ' with no reason given'}`;
  const meaning = (code && MEANING[code]) ?? (status === 403 ? 'the bot may not write here: blocked, uninstalled, removed or disabled' : MEANING.ConversationNotFound);
  return new ConversationUnreachableError(status, code, `Teams refused the message (${said}) - ${meaning}.`);
}

export function createProactiveSender(adapter: CloudAdapter, botAppId: string, links: TabLinkSettings): NotificationSender {
  return {
    async send(conversation, notification) {
      try {
        await adapter.continueConversationAsync(botAppId, conversationReferenceOf(conversation), async (context) => {
          await context.sendActivity({
            type: 'message',
            // Shown in the activity feed and toasts; the card is the message itself.
            summary: notificationText(notification),
            attachments: [CardFactory.adaptiveCard(notificationCard(notification, links, conversation.kind === 'personal'))],
          });
        });
      } catch (err) {
        throw unreachableConversationError(err) ?? err;
      }
    },
  };
}
