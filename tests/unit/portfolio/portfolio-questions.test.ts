/**
 * Portfolio questions as the bot reads them (each in several phrasings, typos of ordinary command words
 * not turning "cutovers" into a one-site question, ordinary questions left alone) and the portfolio
 * cards: valid Adaptive Cards 1.5, names from data escaped, ten lines at most with "and N more", deep
 * links into the tab's Portfolio page with its filters.
 */
import { behindCard, customerCard, cutoversCard, portfolioOverviewCard, withPeopleCard } from '../../../bot/cards/portfolio-cards';
import { cardView } from '../../../bot/cards/card-kit';
import { parseIntent } from '../../../bot/understanding/intents';
import { normalise } from '../../../bot/understanding/normalise';
import type { PortfolioRow } from '../../../shared/domain/portfolio/portfolio-overview';
import type { PortfolioOverview } from '../../../shared/services/portfolio-service';
import { expectValidAdaptiveCard } from '../../support/adaptive-card-schema';

const intent = (text: string) => parseIntent(normalise(text));

describe('portfolio questions', () => {
  it.each([
    ['portfolio', { about: 'overview' }],
    ['customers', { about: 'overview' }],
    ['status of my customers', { about: 'overview' }],
    ['How are our customers doing?', { about: 'overview' }],
    ['which customers are behind?', { about: 'behind' }],
    ['customers behind', { about: 'behind' }],
    ['are any clients behind schedule', { about: 'behind' }],
    ['which customers are late', { about: 'behind' }],
    ['which customers have drift?', { about: 'drifted' }],
    ['customers with drift', { about: 'drifted' }],
    ['customers with blocked people', { about: 'blocked' }],
    ['which clients are stuck', { about: 'blocked' }],
    ['next cutovers this week', { about: 'cutovers', period: 'this week' }],
    ['cutovers next week', { about: 'cutovers', period: 'next week' }],
    ['which customers cut over next week?', { about: 'cutovers', period: 'next week', customersNamed: true }],
    ['Which customers are going live this month', { about: 'cutovers', period: 'this month', customersNamed: true }],
    ['upcoming cutovers', { about: 'cutovers' }],
    ['@Planner cutovers in the next 10 days', { about: 'cutovers', period: 'in the next 10 days' }],
  ])('"%s"', (text, question) => {
    expect(intent(text)).toEqual({ kind: 'portfolio', question });
  });

  it('leaves ordinary questions alone: one site or person cutting over, status of a name', () => {
    expect(intent('status of Contoso')).toEqual({ kind: 'status-of', subject: 'contoso' });
    expect(intent('when is Client Services cutting over')).toEqual({ kind: 'cutover-when', subject: 'client services' });
    expect(intent('cutover Berlin')).toEqual({ kind: 'cutover-when', subject: 'berlin' });
    expect(intent('blockers wave 2').kind).toBe('blockers');
    expect(intent('status')).toEqual({ kind: 'status' });
  });
});

const view = cardView('en-GB', 'UTC', '00000000-0000-0000-0000-00000000b017');
const row = (i: number, extra: Partial<PortfolioRow> = {}): PortfolioRow => ({
  tenantId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  displayName: `Customer ${i}`,
  role: 'admin',
  users: 100,
  lastSyncAt: '2026-12-01T10:00:00.000Z',
  lastSyncAgeHours: 2,
  planned: true,
  percentDone: 40,
  done: 40,
  total: 100,
  drifted: 1,
  blocked: 2,
  unmet: 0,
  licencesToBuy: 1,
  licencesBuyBy: null,
  overdue: 0,
  behind: false,
  nextCutover: { wave: 2, name: 'Wave 2', date: '2026-12-08' },
  wavesLeft: 3,
  ...extra,
});
const overview = (items: PortfolioRow[], total = items.length): PortfolioOverview => ({
  today: '2026-12-03',
  total,
  offset: 0,
  limit: 10,
  totals: { customers: total, behind: items.filter((r) => r.behind).length, blocked: 0, licencesToBuy: 0, drifted: 0, neverSynced: 0 },
  items,
});
const text = (card: Record<string, any>) => JSON.stringify(card);
const links = (card: Record<string, any>) =>
  (card.actions ?? []).filter((a: { type: string }) => a.type === 'Action.OpenUrl').map((a: { url: string }) => JSON.parse(new URL(a.url).searchParams.get('context')!).subEntityId);

describe('portfolio cards', () => {
  const evil = row(1, { displayName: '*Evil* [x](http://e.example) _y_', role: 'viewer', behind: true, overdue: 12, nextCutover: { wave: 3, name: '[W3](http://w)', date: '2026-12-10' } });

  it('escape names from data and say "view only" for a viewer', () => {
    for (const card of [portfolioOverviewCard(overview([evil]), view), behindCard(overview([evil]), view), withPeopleCard('drifted', overview([evil]), view), customerCard(evil, view, 'I took "evl" as *Evil*.')]) {
      expectValidAdaptiveCard(card);
      expect(text(card)).toContain('\\\\*Evil\\\\* \\\\[x\\\\](http://e.example) \\\\_y\\\\_');
      expect(text(card)).not.toMatch(/[^\\]\[x\]\(http/);
      expect(text(card)).toContain('(view only)');
    }
    const cutovers = cutoversCard({ total: 1, items: [{ tenantId: evil.tenantId, displayName: evil.displayName, role: 'viewer', wave: { number: 3, name: '[W3](http://w)', date: '2026-12-10', time: '19:00', members: 5, sites: 1, done: 0, total: 5 } }] }, 'this week', view);
    expectValidAdaptiveCard(cutovers);
    expect(text(cutovers)).toContain('\\\\[W3\\\\](http://w)');
    expect(text(cutovers)).toContain('Thu, 10 Dec 2026, 19:00 site time');
    expect(text(cutovers)).not.toContain('numbers in Teams');
    const counted = cutoversCard({ total: 1, items: [{ tenantId: 'c', displayName: 'Contoso', role: 'admin', wave: { number: 3, name: 'Wave 3', date: '2026-12-10', time: '19:00', members: 5, sites: 1, done: 0, total: 5, inTeams: 4 } }] }, 'this week', view);
    expect(text(counted)).toContain('5 people at 1 site; numbers in Teams 4/5');
  });

  it('stop at ten lines with "and N more" and link to the filtered Portfolio page', () => {
    const rows = Array.from({ length: 10 }, (_, i) => row(i + 1, { behind: true, overdue: 20 - i }));
    const card = behindCard(overview(rows, 42), view);
    expectValidAdaptiveCard(card);
    expect((text(card).match(/people overdue/g) ?? []).length).toBe(10);
    expect(text(card)).toContain('…and 32 more');
    expect(links(card)).toEqual(['portfolio?behind=true&order=desc&sort=overdue']);
    expect(links(customerCard(row(7), view))).toEqual(['portfolio?search=Customer+7']);
    // No Teams app id: no link rather than a broken one.
    expect(links(portfolioOverviewCard(overview(rows), cardView('en-GB', 'UTC')))).toEqual([]);
  });

  it('list the customers with drifted or blocked people, most first, and link to the same filter', () => {
    const rows = Array.from({ length: 12 }, (_, i) => row(i + 1, { blocked: 40 - i }));
    const card = withPeopleCard('blocked', overview(rows.slice(0, 10), 12), view);
    expectValidAdaptiveCard(card);
    expect(text(card)).toContain('12 customers with people blocked');
    expect(text(card)).toContain('**Customer 1**: 40 people blocked; 40% done (40 of 100); next cutover wave 2 (Wave 2) on Tue, 8 Dec 2026');
    expect(text(card)).toContain('…and 2 more');
    expect(links(card)).toEqual(['portfolio?blocked=true&order=desc&sort=blocked']);
    const none = withPeopleCard('drifted', overview([], 0), view);
    expectValidAdaptiveCard(none);
    expect(text(none)).toContain('No customer has people drifted from the plan');
  });

  it('say so when nobody is behind and no cutover falls in the period', () => {
    expect(text(behindCard(overview([row(1)], 0), view))).toContain('No customer is behind schedule');
    const none = cutoversCard({ total: 0, items: [] }, 'next week', view);
    expectValidAdaptiveCard(none);
    expect(text(none)).toContain('No customer cutovers next week');
  });
});
