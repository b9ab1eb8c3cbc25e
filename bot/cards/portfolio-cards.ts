/**
 * The cards of an MSP's portfolio questions: the overview, the customers behind schedule, the cutovers
 * of a period, and one customer. Lists stop at PORTFOLIO_CARD_ROWS lines with "and N more" and a link
 * to the tab's Portfolio page with the same filter; customer and wave names come from data and are
 * escaped (md) wherever they land.
 */
import type { PortfolioRow } from '../../shared/domain/portfolio/portfolio-overview';
import type { PortfolioPage } from '../../shared/services/portfolio-queries';
import type { PortfolioCutover, PortfolioOverview } from '../../shared/services/portfolio-service';
import { ask, card, facts, formatCutover, formatDay, formatMoment, line, md, openInTab, plural, title, type CardElement, type CardView } from './card-kit';

/** Lines of a list on a card: more is for the tab. */
export const PORTFOLIO_CARD_ROWS = 10;

const QUESTIONS = [ask('Who is behind', 'customers behind'), ask('Cutovers this week', 'cutovers this week'), ask('Cutovers next week', 'cutovers next week')];

function more(shown: number, total: number): CardElement[] {
  return total > shown ? [line(`…and ${(total - shown).toLocaleString('en-US')} more: open the Portfolio page for all of them.`, { subtle: true, small: true })] : [];
}

function customerName(r: { displayName: string; role: string }): string {
  return `**${md(r.displayName)}**${r.role === 'viewer' ? ' (view only)' : ''}`;
}

function progress(r: PortfolioRow): string {
  if (r.percentDone === null) return r.planned ? 'planned, not yet compared with the tenant' : 'no plan yet';
  return `${r.percentDone}% done (${r.done.toLocaleString('en-US')} of ${r.total.toLocaleString('en-US')})`;
}

function nextCutover(r: PortfolioRow, view: CardView): string {
  return r.nextCutover ? `wave ${r.nextCutover.wave} (${md(r.nextCutover.name)}) on ${formatDay(r.nextCutover.date, view)}` : 'none planned';
}

export function portfolioOverviewCard(o: PortfolioOverview, view: CardView): CardElement {
  const t = o.totals;
  const body: CardElement[] = [
    title(`Your customers: ${plural(t.customers, 'customer')}`),
    facts([
      ['Behind schedule', t.behind.toLocaleString('en-US')],
      ['People blocked', t.blocked.toLocaleString('en-US')],
      ['Licences to buy', t.licencesToBuy.toLocaleString('en-US')],
      ['Drifted since planned', t.drifted.toLocaleString('en-US')],
      ['Never synced', t.neverSynced.toLocaleString('en-US')],
    ]),
    line('Next cutovers', { bold: true }),
    ...o.items.map((r) => line(`${customerName(r)}: ${nextCutover(r, view)}; ${progress(r)}`)),
    ...more(o.items.length, o.total),
  ];
  return card(body, [...QUESTIONS, ...openInTab(view, { portfolio: { sort: 'nextCutover' } }, 'Open the portfolio')]);
}

export function behindCard(o: PortfolioOverview, view: CardView): CardElement {
  if (o.total === 0) {
    return card(
      [title('No customer is behind schedule'), line(`Every wave dated before today is done at the ${plural(o.totals.customers, 'customer')} you may see.`, { subtle: true })],
      [...QUESTIONS.slice(1), ...openInTab(view, { portfolio: {} }, 'Open the portfolio')],
    );
  }
  const body: CardElement[] = [
    title(`${plural(o.total, 'customer')} behind schedule`),
    line('People of past waves who are not done yet, most first.', { subtle: true, small: true }),
    ...o.items.map((r) => line(`${customerName(r)}: ${plural(r.overdue, 'person', 'people')} overdue; ${progress(r)}; next cutover ${nextCutover(r, view)}`)),
    ...more(o.items.length, o.total),
  ];
  return card(body, [...QUESTIONS.slice(1), ...openInTab(view, { portfolio: { behind: 'true', order: 'desc', sort: 'overdue' } }, 'Open in the tab')]);
}

/**
 * "Which customers have drift?", "customers with blocked people": those customers, most first, with
 * their progress and next cutover; the Portfolio page with the same filter and order.
 */
export function withPeopleCard(kind: 'drifted' | 'blocked', o: PortfolioOverview, view: CardView): CardElement {
  const what = kind === 'drifted' ? 'drifted from the plan' : 'blocked';
  const other = kind === 'drifted' ? ask('Customers with blocked people', 'customers with blocked people') : ask('Customers with drift', 'customers with drift');
  const link = openInTab(view, { portfolio: { [kind]: 'true', order: 'desc', sort: kind } }, 'Open in the tab');
  if (o.total === 0) {
    return card([title(`No customer has people ${what}`), line(`Among the ${plural(o.totals.customers, 'customer')} you may see.`, { subtle: true })], [other, ...QUESTIONS.slice(0, 1), ...link]);
  }
  const body: CardElement[] = [
    title(`${plural(o.total, 'customer')} with people ${what}`),
    line(kind === 'drifted' ? 'A number or type in Teams differs from their plan: each customer\'s Progress page has the fix-ups. Most first.' : 'People a readiness gate or an unmet constraint holds back. Most first.', { subtle: true, small: true }),
    ...o.items.map((r) => line(`${customerName(r)}: ${plural(r[kind], 'person', 'people')} ${what}; ${progress(r)}; next cutover ${nextCutover(r, view)}`)),
    ...more(o.items.length, o.total),
  ];
  return card(body, [other, ...QUESTIONS.slice(0, 1), ...link]);
}

export function cutoversCard(page: PortfolioPage<PortfolioCutover>, periodLabel: string, view: CardView): CardElement {
  if (page.total === 0) {
    return card([title(`No customer cutovers ${md(periodLabel)}`)], [ask('Next cutovers', 'next cutovers'), ask('Who is behind', 'customers behind'), ...openInTab(view, { portfolio: { sort: 'nextCutover' } }, 'Open the portfolio')]);
  }
  const body: CardElement[] = [
    title(`Customer cutovers ${md(periodLabel)}: ${page.total.toLocaleString('en-US')}`),
    ...page.items.map((c) =>
      line(
        `${formatCutover(c.wave.date, c.wave.time, view)}: ${customerName(c)}, wave ${c.wave.number} (${md(c.wave.name)}), ${plural(c.wave.members, 'person', 'people')} at ${plural(c.wave.sites, 'site')}` +
          // Numbers still to port or upload put a cutover at risk: how many are in Teams, once a status counts them.
          (c.wave.inTeams !== undefined ? `; numbers in Teams ${c.wave.inTeams.toLocaleString('en-US')}/${c.wave.total.toLocaleString('en-US')}` : ''),
      ),
    ),
    ...more(page.items.length, page.total),
  ];
  return card(body, [ask('Who is behind', 'customers behind'), ...openInTab(view, { portfolio: { sort: 'nextCutover' } }, 'Open in the tab')]);
}

export function customerCard(r: PortfolioRow, view: CardView, note?: string): CardElement {
  const body: CardElement[] = [
    ...(note ? [line(md(note), { subtle: true, small: true })] : []),
    title(`${md(r.displayName)}${r.role === 'viewer' ? ' (view only)' : ''}`),
    facts([
      ['Progress', progress(r)],
      ['Next cutover', nextCutover(r, view)],
      ['Waves left', r.wavesLeft.toLocaleString('en-US')],
      ['Overdue people', r.overdue.toLocaleString('en-US')],
      ['People blocked', r.blocked.toLocaleString('en-US')],
      ['Licences to buy', r.licencesToBuy === null ? 'unknown' : `${r.licencesToBuy.toLocaleString('en-US')}${r.licencesBuyBy ? ` (before ${r.licencesBuyBy.date}, wave ${r.licencesBuyBy.wave})` : ''}`],
      ['Drifted', r.drifted.toLocaleString('en-US')],
      ['Last sync', r.lastSyncAt ? formatMoment(r.lastSyncAt, view) : 'never'],
    ]),
  ];
  if (r.behind) body.push(line(`Behind schedule: ${plural(r.overdue, 'person', 'people')} of past waves are not done.`, { color: 'Warning' }));
  return card(body, [ask('All customers', 'portfolio'), ask('Who is behind', 'customers behind'), ...openInTab(view, { portfolio: { search: r.displayName } }, 'Open in the tab')]);
}
