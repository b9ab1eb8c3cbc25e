/**
 * The Teams bot: a migration assistant over the same services as the tab and the CLI. A message is
 * cleaned (mentions, entities), authorised, understood by the deterministic parser in
 * bot/understanding, answered from the read models and sent as cards; a card's button (Action.Execute)
 * asks again and the answer replaces the card. Nothing here decides anything: see respond.ts.
 */
import {
  ActivityTypes,
  CardFactory,
  MessageFactory,
  TeamsActivityHandler,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type FileConsentCardResponse,
} from 'botbuilder';
import { acknowledgeDeclinedPlan, sendRolloutPlan, uploadAcceptedPlan, type FileUploader } from './plan-file-delivery';
import type { AppServices } from '../shared/services/app-services';
import { createAssistantQueries, type AssistantQueries } from '../shared/services/assistant-queries';
import type { Caller } from '../shared/services/caller';
import { ASK_VERB, card, cardView, line, type CardElement, type CardView } from './cards/card-kit';
import { normalise, plainText } from './understanding/normalise';
import { parseOrderUpdate } from './understanding/order-update';
import { parseIntent, type Intent } from './understanding/intents';
import { answer, type Reply } from './understanding/respond';
import { registerProactiveHandlers } from './proactive/proactive-handlers';
import { createPortfolioQueries, type PortfolioQueries } from '../shared/services/portfolio-queries';
import { answerPortfolio } from './understanding/portfolio-respond';
import type { GroupMembershipLookup } from '../shared/services/viewer-access';

/** Who may ask: admins answer and change; viewers (planning settings `access`) only read. */
export type BotAccess = 'admin' | 'viewer';
export type BotCaller = Caller & { access?: BotAccess };

/** Decides who is talking and whether they may use the planner; returns a refusal sentence otherwise. */
export type BotAuthorizer = (context: TurnContext) => Promise<BotCaller | { refused: string }>;

/**
 * Subscribe/unsubscribe/"remind me"/"tell me when" requests, answered by the proactive module;
 * returns true when it recognised and answered the text.
 */
export type SubscriptionTextHandler = (context: TurnContext, services: AppServices, caller: BotCaller, text: string) => Promise<boolean>;

export interface VoiceMigrationBotOptions {
  /** The Teams app id (manifest `id`) for "open in the tab" deep links; without it cards have no such button. */
  teamsAppId?: string;
  /** After this long without an answer the user sees "typing…" (default 1 s). */
  typingAfterMs?: number;
  /** The MSP tenants of the deployment (MSP_TENANT_IDS): in their conversations the bot answers portfolio questions. */
  mspTenantIds?: readonly string[];
  /** Entra group membership (Graph), for portfolio grants that name a group: a bot message has no `groups` claim. */
  groupLookup?: GroupMembershipLookup;
}

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

/**
 * The message without the bot's own @mention. Anyone else mentioned stays as their name: in a channel
 * "@Planner status of @Anna Berg" asks about Anna, and dropping her mention would answer about the
 * whole tenant instead. (botbuilder's removeRecipientMention also fails when a message has no recipient.)
 */
function withoutBotMention(activity: TurnContext['activity']): string {
  let text = activity.text ?? '';
  const botId = activity.recipient?.id;
  for (const m of TurnContext.getMentions(activity)) {
    if (!m.text) continue;
    const name = m.mentioned?.id === botId ? '' : (m.mentioned?.name ?? m.text);
    text = text.split(m.text).join(` ${name} `);
  }
  return text;
}

function isPersonal(context: TurnContext): boolean {
  return (context.activity.conversation?.conversationType ?? 'personal') === 'personal';
}

/** People are named to admins anywhere, to viewers only in a personal chat (a channel's members may be anyone). */
/** An order update read again from the text as typed: the normalised text lowercased its reference. */
function withTypedCase(intent: Intent, typed: string | undefined): Intent {
  if (intent.kind !== 'track-order' || !typed) return intent;
  const update = parseOrderUpdate(plainText(typed));
  return update ? { kind: 'track-order', update } : intent;
}

function mayNamePeople(context: TurnContext, caller: BotCaller): boolean {
  return isPersonal(context) || (caller.access ?? 'admin') === 'admin';
}

export class VoiceMigrationBot extends TeamsActivityHandler {
  private readonly queries: AssistantQueries;
  private readonly portfolioQueries: PortfolioQueries;
  /** Set by the proactive module (bot/proactive) when it is registered. */
  subscriptionHandler?: SubscriptionTextHandler;

  constructor(
    private readonly services: AppServices,
    private readonly authorize: BotAuthorizer,
    /** Uploads an accepted plan file (injectable for tests; default: HTTPS PUT). */
    private readonly uploadFile?: FileUploader,
    private options: VoiceMigrationBotOptions = {},
  ) {
    super();
    this.queries = createAssistantQueries(services);
    this.portfolioQueries = createPortfolioQueries(services.portfolio, options.mspTenantIds ?? [], { directory: services.store, groups: options.groupLookup });
    // The deployment's Teams app id, from the notification links when the server configured them.
    this.options = { ...options, teamsAppId: options.teamsAppId ?? services.notifications?.links.settings.teamsAppId };
    registerProactiveHandlers(this, services, authorize);
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
  }

  /** The reader's locale and time zone, and their calendar day (what "today" means to them). */
  private viewOf(context: TurnContext): { view: CardView; today: string } {
    const a = context.activity as TurnContext['activity'] & { localTimezone?: string };
    const view = cardView(a.locale, a.localTimezone ?? a.entities?.find((e) => e.type === 'clientInfo')?.timezone, this.options.teamsAppId);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: view.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(this.services.now());
    return { view, today };
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    context.activity.text = withoutBotMention(context.activity);
    const text = normalise(context.activity.text);
    const intent = withTypedCase(parseIntent(text), context.activity.text);
    // Authorised first: a refusal is the only answer an unknown user gets (the role check caches for minutes).
    const caller = intent.kind === 'help' ? undefined : await this.authorize(context);
    if (caller && 'refused' in caller) {
      await context.sendActivity(caller.refused);
      return;
    }
    await this.withTyping(context, async () => {
      if (intent.kind === 'subscription' || intent.kind === 'plan') {
        await this.delegate(context, intent, caller!, text);
        return;
      }
      const replies = await this.answer(context, intent, caller);
      await this.send(context, replies);
    });
  }

  /** The intents other modules answer by talking to Teams themselves (file consent, subscriptions). */
  private async delegate(context: TurnContext, intent: Intent, caller: BotCaller, text: string): Promise<void> {
    if (intent.kind === 'plan') {
      // The workbook names people and their numbers, and a channel's download link works for everyone in it.
      if (!mayNamePeople(context, caller)) {
        await context.sendActivity('The plan names people and their numbers: ask me for it in a personal chat.');
        return;
      }
      await sendRolloutPlan(context, this.services, caller);
      return;
    }
    const handled = this.subscriptionHandler ? await this.subscriptionHandler(context, this.services, caller, text) : false;
    if (!handled) {
      await context.sendActivity(MessageFactory.suggestedActions(['status', 'help'], "I can't set up reminders on this server yet. Ask me **status** or **help**."));
    }
  }

  private async answer(context: TurnContext, intent: Intent, caller: BotCaller | undefined): Promise<Reply[]> {
    const { view, today } = this.viewOf(context);
    if (!caller) return answer({ services: this.services, queries: this.queries, tenantId: '', today, view, mayNamePeople: false }, intent);
    // In an MSP's own tenant, questions about its customers (undefined: not one, or not granted on any).
    const portfolio = await answerPortfolio(
      { queries: this.portfolioQueries, homeTenantId: caller.tenantId, subject: caller, today, view, personal: isPersonal(context) },
      intent,
    );
    if (portfolio) return portfolio;
    const actor = { name: caller.name, mayChange: caller.access !== 'viewer' };
    return answer({ services: this.services, queries: this.queries, tenantId: caller.tenantId, today, view, mayNamePeople: mayNamePeople(context, caller), actor }, intent);
  }

  private async send(context: TurnContext, replies: Reply[]): Promise<void> {
    for (const r of replies) {
      if ('card' in r) await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(r.card)));
      else if (r.suggestions?.length) await context.sendActivity(MessageFactory.suggestedActions(r.suggestions, r.text));
      else await context.sendActivity(r.text);
    }
  }

  /** Runs `work`; if it has not finished after a second, Teams shows "typing…" meanwhile. */
  private async withTyping(context: TurnContext, work: () => Promise<void>): Promise<void> {
    let typing: Promise<unknown> | undefined;
    const timer = setTimeout(() => {
      typing = context.sendActivity({ type: ActivityTypes.Typing }).catch(() => undefined);
    }, this.options.typingAfterMs ?? 1000);
    try {
      await work();
    } finally {
      clearTimeout(timer);
      await typing;
    }
  }

  /**
   * A card's button (Action.Execute, verb `vmp.ask`, `data.text` the question): authorised like a
   * message, answered, and the answer's first card replaces the card the button was on.
   */
  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const action = invokeValue?.action;
    const asked = (action?.data as { text?: unknown } | undefined)?.text;
    if (action?.verb !== ASK_VERB || typeof asked !== 'string' || !asked.trim() || asked.length > 500) {
      return { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: `Unknown action "${String(action?.verb)}": expected verb ${ASK_VERB} with data.text.` } };
    }
    const intent = withTypedCase(parseIntent(normalise(asked)), asked);
    const caller = intent.kind === 'help' ? undefined : await this.authorize(context);
    if (caller && 'refused' in caller) return this.cardResponse(card([line(caller.refused)]));
    if (intent.kind === 'plan' || intent.kind === 'subscription') {
      await this.delegate(context, intent, caller!, normalise(asked));
      return this.cardResponse(card([line(intent.kind === 'plan' ? 'The plan is on its way in this chat.' : 'Done: see my answer in the chat.')]));
    }
    const replies = await this.answer(context, intent, caller);
    const first = replies.find((r): r is { card: CardElement } => 'card' in r);
    if (first) return this.cardResponse(first.card);
    const sentences = replies.filter((r): r is { text: string } => 'text' in r).map((r) => line(r.text));
    return this.cardResponse(card(sentences.length ? sentences : [line('Nothing to show.')]));
  }

  private cardResponse(value: CardElement): AdaptiveCardInvokeResponse {
    return { statusCode: 200, type: ADAPTIVE_CARD, value };
  }

  // File consent answers for the `plan` command (personal chat): authorised again, like any message.
  protected override async handleTeamsFileConsentAccept(context: TurnContext, response: FileConsentCardResponse): Promise<void> {
    const caller = await this.authorize(context);
    if ('refused' in caller) {
      await context.sendActivity(caller.refused);
      return;
    }
    await uploadAcceptedPlan(context, response, this.services, caller, this.uploadFile);
  }

  protected override async handleTeamsFileConsentDecline(context: TurnContext): Promise<void> {
    await acknowledgeDeclinedPlan(context);
  }
}
