/**
 * The Teams bot: a thin conversational front over the same services as the tab and the CLI.
 * Every message is authorised before any command runs.
 */
import { CardFactory, MessageFactory, TeamsActivityHandler, TurnContext, type FileConsentCardResponse } from 'botbuilder';
import { acknowledgeDeclinedPlan, sendRolloutPlan, uploadAcceptedPlan, type FileUploader } from './plan-file-delivery';
import type { AppServices } from '../shared/services/app-services';
import type { Caller } from '../shared/services/caller';
import { blockersCard, helpCard, routeCard, statusCard, waveProgressCard } from './cards';
import { parseRouteQuestion, RouteQuestionError } from '../shared/domain/planning/routing-simulator';

/** Decides who is talking and whether they may use the planner; returns a refusal sentence otherwise. */
export type BotAuthorizer = (context: TurnContext) => Promise<Caller | { refused: string }>;

export class VoiceMigrationBot extends TeamsActivityHandler {
  constructor(
    private readonly services: AppServices,
    private readonly authorize: BotAuthorizer,
    /** Uploads an accepted plan file (injectable for tests; default: HTTPS PUT). */
    private readonly uploadFile?: FileUploader,
  ) {
    super();
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const text = (TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '').trim();
    const [command = 'help'] = text.toLowerCase().split(/\s+/);
    if (command === 'help' || command === '') {
      await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(helpCard())));
      return;
    }
    const caller = await this.authorize(context);
    if ('refused' in caller) {
      await context.sendActivity(caller.refused);
      return;
    }
    switch (command) {
      case 'status': {
        const status = await this.services.status(caller.tenantId);
        await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(statusCard(status))));
        // Wave progress once a plan exists; no plan (or no snapshot) yet is not an error here.
        const progress = await this.services.plan.migrationSummary(caller.tenantId).catch((err: { code?: string }) => {
          if (err?.code === 'not-found') return undefined;
          throw err;
        });
        if (progress) await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(waveProgressCard(progress))));
        return;
      }
      case 'blockers': {
        const wave = /\bwave\s+(\d+)/i.exec(text);
        const view = await this.services.plan.blockers(caller.tenantId, wave ? Number(wave[1]) : undefined).catch(async (err: { code?: string; message?: string }) => {
          if (err?.code !== 'not-found') throw err;
          await context.sendActivity(String(err.message));
          return undefined;
        });
        if (view) await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(blockersCard(view))));
        return;
      }
      case 'where': {
        const question = parseRouteQuestion(text);
        if (!question) {
          await context.sendActivity('Ask me like this: **where does +1 425 555 0100 ring on 3 March?**');
          return;
        }
        try {
          const answer = await this.services.plan.route(caller.tenantId, question.number, question.date);
          await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(routeCard(answer))));
        } catch (err) {
          if (err instanceof RouteQuestionError || (err as { code?: string })?.code === 'not-found') await context.sendActivity((err as Error).message);
          else throw err;
        }
        return;
      }
      case 'plan': {
        await sendRolloutPlan(context, this.services, caller);
        return;
      }
      default:
        await context.sendActivity(`I don't know "${command}" yet. Type **help** to see what I can do.`);
        await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(helpCard())));
    }
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
