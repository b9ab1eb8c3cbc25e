/**
 * Sends a notification into a stored conversation through botbuilder's CloudAdapter
 * (`continueConversationAsync`): the adapter gets a Bot Framework token for the bot's app (none in
 * local mode, where the connector is the Agents Playground or a test's local server) and POSTs the
 * activity to `<serviceUrl>/v3/conversations/<id>/activities`.
 */
import {
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type ConversationReference,
} from 'botbuilder';
import type { AppConfig } from '../../shared/config/app-config';
import type { NotificationSender } from '../../shared/services/notification-service';
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

export function createProactiveSender(adapter: CloudAdapter, botAppId: string, links: TabLinkSettings): NotificationSender {
  return {
    async send(conversation, notification) {
      await adapter.continueConversationAsync(botAppId, conversationReferenceOf(conversation), async (context) => {
        await context.sendActivity({
          type: 'message',
          // Shown in the activity feed and toasts; the card is the message itself.
          summary: notificationText(notification),
          attachments: [CardFactory.adaptiveCard(notificationCard(notification, links, conversation.kind === 'personal'))],
        });
      });
    },
  };
}
