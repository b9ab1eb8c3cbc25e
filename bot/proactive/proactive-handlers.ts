/**
 * The bot speaks first when it is installed: a short welcome card (what it does, a button to turn on
 * cutover reminders, a link to the planner). Teams announces an install twice - a conversationUpdate
 * adding the bot and an installationUpdate - so the welcome is claimed once per conversation in the
 * store, like every other notification; for a tenant the store does not know yet it is just sent.
 * Uninstalling the app ends the conversation's subscription. A message (or the bot being added again)
 * in a conversation paused because Teams refused a notification resumes its reminders.
 */
import { CardFactory, MessageFactory, type ActivityHandler, type TurnContext } from 'botbuilder';
import type { AppServices } from '../../shared/services/app-services';
import { claimKeys, recordOutcome } from '../../shared/services/notification-sent-records';
import { applySubscriptionRequest, resumeSubscription, subscriptionIdOf } from '../../shared/services/subscription-service';
import type { Caller } from '../../shared/services/caller';
import { welcomeCard } from './notification-cards';
import { handleSubscriptionText, storedConversationOf } from './subscription-handler';

/** Who is installing (the bot's authoriser); only used to find the tenant whose store records the welcome. */
export type InstallAuthorizer = (context: TurnContext) => Promise<Caller | { refused: string }>;

function activityTenantOf(context: TurnContext): string | undefined {
  const a = context.activity;
  return (a.conversation?.tenantId ?? (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id)?.toLowerCase();
}

async function tenantOf(context: TurnContext, services: AppServices, authorize?: InstallAuthorizer): Promise<string | undefined> {
  let tenantId = activityTenantOf(context);
  if (authorize) {
    const caller = await authorize(context).catch(() => undefined);
    // The authoriser knows the tenant better (local mode: the demo tenant); a refusal keeps the activity's.
    if (caller && !('refused' in caller)) tenantId = caller.tenantId;
  }
  if (!tenantId || !(await services.store.getTenant(tenantId))) return undefined;
  return tenantId;
}

export async function sendWelcome(context: TurnContext, services: AppServices, authorize?: InstallAuthorizer): Promise<void> {
  const conversationId = context.activity.conversation?.id;
  if (!conversationId) return;
  const message = MessageFactory.attachment(CardFactory.adaptiveCard(welcomeCard(services.notifications.links.settings)));
  const tenantId = await tenantOf(context, services, authorize);
  if (!tenantId) {
    await context.sendActivity(message);
    return;
  }
  const meta = { now: services.now(), instance: 'bot', summary: 'welcome' };
  const claims = await claimKeys(services.store, tenantId, [`${subscriptionIdOf(conversationId)}.welcome`], meta);
  if (claims.length === 0) return; // already welcomed (the other install event, or another instance)
  try {
    await context.sendActivity(message);
  } catch (err) {
    await recordOutcome(services.store, tenantId, claims, { ok: false, error: String((err as Error)?.message ?? err) }, meta);
    throw err;
  }
  await recordOutcome(services.store, tenantId, claims, { ok: true }, meta);
}

/**
 * Someone is writing to the bot here (or added it back): Teams delivers to this conversation again, so a
 * subscription paused as unreachable is resumed. Never fails the turn: the answer matters more.
 */
async function resumeIfPaused(context: TurnContext, services: AppServices, authorize?: InstallAuthorizer): Promise<void> {
  const a = context.activity;
  if (!a.conversation?.id || !a.serviceUrl) return;
  try {
    // The tenant Teams vouches for, when the store knows it: no second authorisation (a Graph call) per
    // message. Otherwise (local mode: the demo tenant) the authoriser's.
    const vouched = a.channelId === 'msteams' ? activityTenantOf(context) : undefined;
    const tenantId = vouched && (await services.store.getTenant(vouched)) ? vouched : await tenantOf(context, services, authorize);
    // The History names who wrote (as Teams gives the name), as it does for reminders set up in a chat.
    if (tenantId) await resumeSubscription(services.store, storedConversationOf(context, tenantId), a.from?.name?.trim() || 'bot');
  } catch (err) {
    console.error('Could not resume the conversation\'s reminders:', err);
  }
}

/** The bot's hook for subscription requests (VoiceMigrationBot.subscriptionHandler). */
type SubscribableBot = ActivityHandler & { subscriptionHandler?: typeof handleSubscriptionText };

/** Adds the install handlers and the subscription requests to the bot (one line in its constructor). */
export function registerProactiveHandlers(bot: SubscribableBot, services: AppServices, authorize?: InstallAuthorizer): void {
  bot.subscriptionHandler = handleSubscriptionText;
  bot.onMessage(async (context, next) => {
    try {
      await next();
    } finally {
      // After the answer (a store read per message must not delay it); still within the turn, never failing it.
      await resumeIfPaused(context, services, authorize);
    }
  });
  bot.onMembersAdded(async (context, next) => {
    const botId = context.activity.recipient?.id;
    if ((context.activity.membersAdded ?? []).some((m) => m.id === botId)) {
      await resumeIfPaused(context, services, authorize);
      await sendWelcome(context, services, authorize);
    }
    await next();
  });
  bot.onInstallationUpdateAdd(async (context, next) => {
    await resumeIfPaused(context, services, authorize);
    await sendWelcome(context, services, authorize);
    await next();
  });
  // Uninstalled: the bot can no longer write there, so the conversation's reminders end with it.
  bot.onInstallationUpdateRemove(async (context, next) => {
    const tenantId = await tenantOf(context, services, authorize);
    if (tenantId && context.activity.conversation?.id) {
      const who = { userId: context.activity.from?.aadObjectId ?? context.activity.from?.id ?? 'teams', name: 'Teams (app removed)' };
      await applySubscriptionRequest(services.store, storedConversationOf(context, tenantId), who, { action: 'unsubscribe', topics: 'all' }, services.now());
    }
    await next();
  });
}
