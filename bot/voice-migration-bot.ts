/**
 * The Teams bot: a thin conversational front over the same services as the tab and the CLI.
 * Every message is authorised before any command runs.
 */
import { CardFactory, MessageFactory, TeamsActivityHandler, TurnContext } from 'botbuilder';
import type { AppServices } from '../shared/services/app-services';
import type { Caller } from '../shared/services/caller';
import { helpCard, statusCard } from './cards';

/** Decides who is talking and whether they may use the planner; returns a refusal sentence otherwise. */
export type BotAuthorizer = (context: TurnContext) => Promise<Caller | { refused: string }>;

export class VoiceMigrationBot extends TeamsActivityHandler {
  constructor(
    private readonly services: AppServices,
    private readonly authorize: BotAuthorizer,
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
        return;
      }
      default:
        await context.sendActivity(`I don't know "${command}" yet. Type **help** to see what I can do.`);
        await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(helpCard())));
    }
  }
}
