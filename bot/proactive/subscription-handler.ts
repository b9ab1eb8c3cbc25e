/**
 * Subscription requests typed in a chat or channel ("remind me 3 days and 1 day before each cutover",
 * "tell me about order deadlines", "tell me when a sync finds drift", "unsubscribe", "what am I
 * subscribed to"): the dispatcher hands every authorised message here first; true means it was one
 * and has been answered. The conversation reference is stored under the caller's (authorised) tenant.
 */
import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import type { AppServices } from '../../shared/services/app-services';
import {
  applySubscriptionRequest,
  SubscriptionLimitError,
  subscriptionOf,
  type ConversationKind,
  type StoredConversation,
} from '../../shared/services/subscription-service';
import { parseSubscriptionText } from '../../shared/services/subscription-text';
import { REMINDERS_LISTED, remindersCard, subscriptionCard } from './notification-cards';
import { pageReminders } from '../../shared/services/reminders-admin';
import { teamAndChannelNames } from './team-names';
import type { BotCaller } from '../voice-migration-bot';

export function conversationKindOf(context: TurnContext): ConversationKind {
  const type = context.activity.conversation?.conversationType;
  return type === 'channel' ? 'channel' : type === 'groupChat' ? 'groupChat' : 'personal';
}

export function storedConversationOf(context: TurnContext, tenantId: string): StoredConversation {
  const a = context.activity;
  const channelData = (a.channelData ?? {}) as { team?: { id?: string; name?: unknown }; channel?: { id?: string; name?: unknown } };
  const kind = conversationKindOf(context);
  return {
    serviceUrl: a.serviceUrl,
    channelId: a.channelId,
    conversationId: a.conversation.id,
    kind,
    tenantId,
    botId: a.recipient?.id ?? '',
    ...(a.recipient?.name ? { botName: a.recipient.name } : {}),
    ...(channelData.team?.id ? { teamId: channelData.team.id } : {}),
    ...(channelData.channel?.id ? { teamsChannelId: channelData.channel.id } : {}),
    ...named('teamName', channelData.team?.name),
    ...named('channelName', channelData.channel?.name),
    ...(kind === 'groupChat' ? named('chatName', a.conversation.name) : {}),
  };
}

/** A name Teams gave, kept when it is text (and no longer than a Teams name can be). */
function named<K extends string>(key: K, value: unknown): Partial<Record<K, string>> {
  return typeof value === 'string' && value.trim() !== '' ? ({ [key]: value.trim().slice(0, 256) } as Partial<Record<K, string>>) : {};
}

const LOOKS_LIKE_SUBSCRIPTION = /\b(remind\w*|subscri\w*|notif\w*)\b/i;

const where = (kind: ConversationKind) => (kind === 'channel' ? 'This channel' : kind === 'groupChat' ? 'This chat' : 'You');

export async function handleSubscriptionText(context: TurnContext, services: AppServices, caller: BotCaller, text: string): Promise<boolean> {
  const request = parseSubscriptionText(text);
  if (!request) {
    if (!LOOKS_LIKE_SUBSCRIPTION.test(text)) return false;
    // It was about reminders, but not one I can set up: say what I can do rather than nothing.
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(subscriptionCard('I can remind this conversation about:', undefined))));
    return true;
  }
  const kind = conversationKindOf(context);
  const conversationId = context.activity.conversation?.id;
  if (!conversationId || !context.activity.serviceUrl) {
    await context.sendActivity('I cannot remember this conversation to write to it later; try again from Teams.');
    return true;
  }
  const reply = (headline: string, s: Parameters<typeof subscriptionCard>[1]) =>
    context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(subscriptionCard(headline, s))));

  if (request.action === 'list-all') {
    // A personal chat names whose chats get reminders; a channel or group chat only for admins (as every answer naming people).
    const namesAllowed = kind === 'personal' || caller.access !== 'viewer';
    const page = await pageReminders(services.store, caller.tenantId, { offset: 0, limit: REMINDERS_LISTED });
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(remindersCard(page, services.notifications.links.settings, namesAllowed))));
    return true;
  }
  if (request.action === 'list') {
    const current = await subscriptionOf(services.store, caller.tenantId, conversationId);
    await reply(current ? `${where(kind)} will hear from me about:` : `${where(kind)} ${kind === 'personal' ? 'have' : 'has'} no reminders yet.`, current);
    return true;
  }
  try {
    const fromActivity = storedConversationOf(context, caller.tenantId);
    // A channel's message carries no names: ask Teams for them (names the activity gave win), so
    // Settings > Reminders and the History can say which channel.
    const unnamed = kind === 'channel' && request.action !== 'unsubscribe' && (!fromActivity.teamName || !fromActivity.channelName);
    const conversation = unnamed ? { ...(await teamAndChannelNames(context)), ...fromActivity } : fromActivity;
    const after = await applySubscriptionRequest(
      services.store,
      conversation,
      { userId: caller.userId, name: caller.name },
      request,
      services.now(),
    );
    if (request.action === 'unsubscribe') {
      await reply(after ? 'Done. I will still tell you about:' : 'Done: no more reminders here.', after);
    } else {
      await reply(`Done. ${where(kind)} will hear from me about:`, after);
    }
  } catch (err) {
    if (err instanceof SubscriptionLimitError) await context.sendActivity(err.message);
    else throw err;
  }
  return true;
}
