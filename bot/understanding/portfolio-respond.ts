/**
 * Portfolio questions in an MSP's own tenant: "portfolio", "which customers are behind?", "cutovers next
 * week", "status of Contoso". Answered only when the conversation's tenant holds a portfolio and the
 * sender is granted on customers there, and only about those customers (PortfolioQueries decides, with
 * the API's own check). Otherwise undefined: the question is answered as an ordinary one (respond.ts).
 */
import { resolvePeriod } from '../../shared/domain/date-phrases';
import type { GrantSubject } from '../../shared/domain/portfolio/portfolio-mapping';
import type { PortfolioQueries } from '../../shared/services/portfolio-queries';
import { behindCard, customerCard, cutoversCard, portfolioOverviewCard, withPeopleCard, PORTFOLIO_CARD_ROWS } from '../cards/portfolio-cards';
import { mdMessage as md, type CardView } from '../cards/card-kit';
import { foldName, fuzzyFind } from './fuzzy-match';
import type { Intent, PortfolioQuestion } from './intents';
import type { Reply } from './respond';

export interface PortfolioAnswerContext {
  queries: PortfolioQueries;
  /** The conversation's tenant: the MSP tenant whose portfolio is asked about. */
  homeTenantId: string;
  subject: GrantSubject;
  /** The reader's day (yyyy-mm-dd): what "this week" means. */
  today: string;
  view: CardView;
  /** A personal chat: a channel would show the sender's customers to everyone in it. */
  personal: boolean;
}

export const PORTFOLIO_PERSONAL_ONLY =
  'I list customers only in a personal chat with me: the answer shows the customers you may see, and others here may not. Ask me there.';

export async function answerPortfolio(ctx: PortfolioAnswerContext, intent: Intent): Promise<Reply[] | undefined> {
  if (intent.kind !== 'portfolio' && intent.kind !== 'status-of' && intent.kind !== 'cutover-when') return undefined;
  const customers = await ctx.queries.customers(ctx.homeTenantId, ctx.subject);
  if (customers.length === 0) return undefined;
  if (intent.kind === 'portfolio') return ctx.personal ? question(ctx, intent.question) : [{ text: PORTFOLIO_PERSONAL_ONLY }];

  // "status of Contoso", "when is Contoso cutting over": a customer only when its name is a clear match;
  // anything else (a site, a person, a close call) stays an ordinary question about this tenant.
  const found = fuzzyFind(intent.subject, customers.map((c) => ({ id: c.tenantId, name: c.displayName })));
  if (!found.match) return undefined;
  if (!ctx.personal) return [{ text: PORTFOLIO_PERSONAL_ONLY }];
  const row = await ctx.queries.customer(ctx.homeTenantId, ctx.subject, found.match.id);
  if (!row) return undefined;
  const exact = foldName(found.match.name) === foldName(intent.subject);
  return [{ card: customerCard(row, ctx.view, exact ? undefined : `I took "${intent.subject}" as ${found.match.name}.`) }];
}

async function question(ctx: PortfolioAnswerContext, q: PortfolioQuestion): Promise<Reply[]> {
  switch (q.about) {
    case 'overview':
      return [{ card: portfolioOverviewCard(await ctx.queries.summary(ctx.homeTenantId, ctx.subject, PORTFOLIO_CARD_ROWS), ctx.view) }];
    case 'behind':
      return [{ card: behindCard(await ctx.queries.behind(ctx.homeTenantId, ctx.subject, PORTFOLIO_CARD_ROWS), ctx.view) }];
    case 'drifted':
    case 'blocked':
      return [{ card: withPeopleCard(q.about, await ctx.queries.withPeople(ctx.homeTenantId, ctx.subject, q.about, PORTFOLIO_CARD_ROWS), ctx.view) }];
    case 'cutovers': {
      // No period: each customer's next cutover, which the overview lists soonest first.
      if (!q.period) return [{ card: portfolioOverviewCard(await ctx.queries.summary(ctx.homeTenantId, ctx.subject, PORTFOLIO_CARD_ROWS), ctx.view) }];
      const period = resolvePeriod(q.period, ctx.today);
      if (!period) {
        return [
          {
            text: `I can't read "${md(q.period)}" as a period. Try **cutovers this week**, **cutovers next week** or **cutovers this month**.`,
            suggestions: ['cutovers this week', 'cutovers next week', 'portfolio'],
          },
        ];
      }
      return [{ card: cutoversCard(await ctx.queries.cutovers(ctx.homeTenantId, ctx.subject, period, PORTFOLIO_CARD_ROWS), period.label, ctx.view) }];
    }
  }
}
