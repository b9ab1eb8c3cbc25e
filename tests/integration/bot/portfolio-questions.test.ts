/**
 * Portfolio questions to the real bot: the server in local mode with three demo customer tenants
 * (DEMO_CUSTOMERS=3, the demo tenant as the MSP), over HTTP as Teams calls it (`expectReplies`, and an
 * `adaptiveCard/action` invoke for a button). A granted MSP user hears only about the customers granted
 * to them; a user granted only as viewer on one customer asks and hears about that one; a channel gets
 * no list; a tenant that holds no portfolio (or is not an MSP tenant of the deployment) gets the ordinary
 * answer. Every card is validated against the Adaptive Cards 1.5 schema; customer names are escaped.
 */
import { ActivityTypes, TestAdapter, type Activity } from 'botbuilder';
import { VoiceMigrationBot, type BotCaller } from '../../../bot/voice-migration-bot';
import { NO_PORTFOLIO } from '../../../bot/understanding/respond';
import { answerPortfolio, PORTFOLIO_PERSONAL_ONLY } from '../../../bot/understanding/portfolio-respond';
import { parseIntent } from '../../../bot/understanding/intents';
import { normalise } from '../../../bot/understanding/normalise';
import { cardView } from '../../../bot/cards/card-kit';
import { createPortfolioQueries } from '../../../shared/services/portfolio-queries';
import { createPortfolioService } from '../../../shared/services/portfolio-service';
import type { GroupMembershipLookup } from '../../../shared/services/viewer-access';
import { resolvePeriod } from '../../../shared/domain/date-phrases';
import { demoCustomerName, demoCustomerTenantId } from '../../../shared/demo/demo-customers';
import { LOCAL_DEV_USER_ID } from '../../../tab/api/auth';
import { expectValidAdaptiveCard } from '../../support/adaptive-card-schema';
import { startLocalServer, type LocalServer } from '../../support/http';
import { cardText, said } from './bot-kit';

const TEAMS_APP_ID = '00000000-0000-0000-0000-00000000b017';
const HIDDEN = 'eeeeeeee-1717-4717-8717-000000000001';
const EVIL = 'eeeeeeee-1717-4717-8717-000000000002';
const EXTRA = (i: number) => `eeeeeeee-1717-4717-8717-1000000000${String(i).padStart(2, '0')}`;
const VIEWER_ONLY = 'viewer-of-one';
const GROUP = '11111111-2222-4333-8444-555555555555';
const names = [1, 2, 3].map(demoCustomerName);
let local: LocalServer;
let msp: string;
let byUpn: { id: string; userPrincipalName: string };

beforeAll(async () => {
  local = await startLocalServer('vmp-bot-portfolio-', { DEMO_CUSTOMERS: '3', TEAMS_APP_ID });
  msp = local.config.demo.tenantId;
  const portfolio = local.running.services.portfolio;
  // A customer nobody here is granted on; one whose name is markdown; nine more so lists overflow a card.
  let v = (await portfolio.get(msp)).version;
  v = (await portfolio.link(msp, 'test', { tenantId: HIDDEN, displayName: 'Hidden Holdings' }, v)).version;
  v = (await portfolio.link(msp, 'test', { tenantId: EVIL, displayName: '*Evil* [click](http://evil.example) <b>' }, v)).version;
  v = (await portfolio.grant(msp, 'test', EVIL, { kind: 'user', id: LOCAL_DEV_USER_ID }, 'admin', v)).version;
  for (let i = 1; i <= 9; i++) {
    v = (await portfolio.link(msp, 'test', { tenantId: EXTRA(i), displayName: `Zz Extra ${i}` }, v)).version;
    v = (await portfolio.grant(msp, 'test', EXTRA(i), { kind: 'user', id: LOCAL_DEV_USER_ID }, 'admin', v)).version;
  }
  // Someone granted only as viewer on the first demo customer.
  v = (await portfolio.grant(msp, 'test', demoCustomerTenantId(1), { kind: 'user', id: VIEWER_ONLY }, 'viewer', v)).version;
  // A person of the MSP's own directory granted by UPN on the second (a bot message carries only the object id).
  byUpn = (await local.running.services.people.page(msp, { offset: 0, limit: 1 })).items[0];
  v = (await portfolio.grant(msp, 'test', demoCustomerTenantId(2), { kind: 'upn', id: byUpn.userPrincipalName.toLowerCase() }, 'admin', v)).version;
  // An Entra group granted as viewer on the third.
  await portfolio.grant(msp, 'test', demoCustomerTenantId(3), { kind: 'group', id: GROUP }, 'viewer', v);
}, 240_000);

afterAll(async () => local?.stop());

let seq = 0;
const activity = (extra: Record<string, unknown>, userId = LOCAL_DEV_USER_ID, conversationType = 'personal') => ({
  id: `a-${++seq}`,
  channelId: 'msteams',
  serviceUrl: 'http://127.0.0.1:9/', // never called: the answers travel in the HTTP response
  from: { id: `29:${userId}`, name: 'MSP engineer', aadObjectId: userId },
  recipient: { id: 'bot-1', name: 'Voice Migration Planner' },
  conversation: { id: `conversation-${conversationType}`, conversationType, tenantId: msp },
  channelData: { tenant: { id: msp } },
  locale: 'en-GB',
  localTimezone: 'UTC',
  ...extra,
});

async function post(body: unknown): Promise<any> {
  const res = await fetch(`${local.base}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return res.json();
}

/** Asks over HTTP; every card in the answer must be a valid Adaptive Card 1.5. */
async function ask(text: string, userId = LOCAL_DEV_USER_ID, conversationType = 'personal'): Promise<{ text: string; cards: Record<string, any>[] }> {
  const json = await post(activity({ type: 'message', text, deliveryMode: 'expectReplies' }, userId, conversationType));
  const replies = (json.activities as Partial<Activity>[]).filter((a) => a.type === 'message');
  const cards = replies.flatMap((a) => a.attachments ?? []).map((a) => a.content as Record<string, any>);
  for (const c of cards) expectValidAdaptiveCard(c);
  return { text: said(replies), cards };
}

const deepLinks = (card: Record<string, any>) =>
  (card.actions ?? []).filter((a: { type: string }) => a.type === 'Action.OpenUrl').map((a: { url: string }) => JSON.parse(new URL(a.url).searchParams.get('context')!).subEntityId as string);

describe('portfolio questions in the MSP tenant', () => {
  it('"portfolio" lists only the customers granted to the sender, ten at most, names escaped, with a link to the Portfolio page', async () => {
    const { text, cards } = await ask('portfolio');
    expect(cards).toHaveLength(1);
    expect(text).toMatch(/Your customers: 13 customers/);
    for (const n of names) expect(text).toContain(n);
    expect(text).toContain(`**${names[2]}** (view only)`);
    expect(text).not.toContain('Hidden Holdings');
    // Ten lines, then "and 3 more" (the never-planned extras sort last).
    expect(text).toMatch(/…and 3 more: open the Portfolio page/);
    expect(text).toContain('\\*Evil\\* \\[click\\](http://evil.example) <b>');
    expect(text).not.toContain('[click](http');
    expect(deepLinks(cards[0])).toEqual(['portfolio?sort=nextCutover']);
  }, 60_000);

  it('"which customers are behind?" and "customers behind" answer from the overview of granted customers', async () => {
    const expected = await local.running.services.portfolio.overview(msp, { userId: LOCAL_DEV_USER_ID }, { behind: true });
    for (const q of ['which customers are behind?', 'customers behind']) {
      const { text, cards } = await ask(q);
      expect(cards).toHaveLength(1);
      if (expected.total === 0) expect(text).toContain('No customer is behind schedule');
      else {
        expect(text).toContain(`${expected.total} customer${expected.total === 1 ? '' : 's'} behind schedule`);
        for (const r of expected.items) expect(text).toContain(r.displayName);
        expect(deepLinks(cards[0])).toEqual(['portfolio?behind=true&order=desc&sort=overdue']);
      }
      expect(text).not.toContain('Hidden Holdings');
    }
  }, 60_000);

  it('"which customers have drift?" and "customers with blocked people" list those granted customers, most first', async () => {
    for (const [kind, questions, what] of [
      ['drifted', ['which customers have drift?', 'customers with drift'], 'drifted from the plan'],
      ['blocked', ['customers with blocked people', 'which clients are blocked?'], 'blocked'],
    ] as const) {
      const expected = await local.running.services.portfolio.overview(msp, { userId: LOCAL_DEV_USER_ID }, { [kind]: true, sort: kind, descending: true });
      const all = await local.running.services.portfolio.overview(msp, { userId: LOCAL_DEV_USER_ID }, {});
      expect(expected.total).toBe(all.items.filter((r) => r[kind] > 0).length);
      // The demo customers have blocked people: that list is never empty here.
      if (kind === 'blocked') expect(expected.total).toBeGreaterThan(0);
      for (const q of questions) {
        const { text, cards } = await ask(q);
        expect(cards).toHaveLength(1);
        expect(text).not.toContain('Hidden Holdings');
        if (expected.total === 0) {
          expect(text).toContain(`No customer has people ${what}`);
          continue;
        }
        expect(text).toContain(`${expected.total} customer${expected.total === 1 ? '' : 's'} with people ${what}`);
        const counts = [...text.matchAll(new RegExp(`\\*\\*(.+?)\\*\\*(?: \\(view only\\))?: ([\\d,]+) (?:person|people) ${what}`, 'g'))].map((m) => Number(m[2].replace(/,/g, '')));
        expect(counts).toEqual(expected.items.slice(0, 10).map((r) => r[kind]));
        expect(deepLinks(cards[0])).toEqual([`portfolio?${kind}=true&order=desc&sort=${kind}`]);
      }
    }
  }, 60_000);

  it('"cutovers next week", "next cutovers this week" and "which customers cut over this year" use the reader\'s calendar', async () => {
    const today = local.running.services.now().toISOString().slice(0, 10);
    let listed = 0;
    for (const [q, period] of [
      ['cutovers next week', 'next week'],
      ['next cutovers this week', 'this week'],
      ['which customers cut over this year?', 'this year'],
      ['cutovers by 31 December 2027', 'by 31 December 2027'],
    ] as const) {
      const p = resolvePeriod(period, today)!;
      const expected = await local.running.services.portfolio.cutoversBetween(msp, { userId: LOCAL_DEV_USER_ID }, p.from, p.to);
      const { text, cards } = await ask(q);
      expect(cards).toHaveLength(1);
      if (expected.length === 0) expect(text).toContain(`No customer cutovers ${p.label}`);
      else {
        listed++;
        expect(text).toContain(`Customer cutovers ${p.label}: ${expected.length}`);
        expect(text).toContain(`**${expected[0].displayName}**`);
        expect(text).not.toContain('Hidden Holdings');
      }
    }
    // The demo customers' waves start on 11 January 2027: until then some period above lists them.
    if (today < '2027-01-11') expect(listed).toBeGreaterThan(0);
    expect(await ask('cutovers this fortnight')).toMatchObject({ text: expect.stringContaining("I can't read \"this fortnight\" as a period") });
  }, 60_000);

  it('"status of <customer>" matches customer names fuzzily; other names stay ordinary questions', async () => {
    const exact = await ask(`status of ${names[1]}`);
    expect(exact.cards).toHaveLength(1);
    expect(cardText(exact.cards[0])).toContain(`${names[1]}\nProgress:`);
    expect(deepLinks(exact.cards[0])).toEqual([`portfolio?search=${encodeURIComponent(names[1]).replace(/%20/g, '+')}`]);
    const typo = await ask(`status of ${names[1].slice(0, 3)}ra${names[1].slice(5)}`);
    expect(typo.text).toContain(`as ${names[1]}.`);
    // Not granted: the ordinary answer about this tenant, never the customer's card.
    const hidden = await ask('status of Hidden Holdings');
    expect(hidden.text).not.toContain('Waves left');
  }, 60_000);

  it('a user granted only as viewer on one customer may ask, and hears about that one only', async () => {
    const { text } = await ask('portfolio', VIEWER_ONLY);
    expect(text).toContain('Your customers: 1 customer');
    expect(text).toContain(`**${names[0]}** (view only)`);
    for (const other of [names[1], names[2], 'Hidden Holdings', 'Evil']) expect(text).not.toContain(other);
    // Granted by UPN: matched through the MSP directory's last sync, by the object id Teams sends.
    const upnGranted = await ask('portfolio', byUpn.id);
    expect(upnGranted.text).toContain('Your customers: 1 customer');
    expect(upnGranted.text).toContain(`**${names[1]}**:`);
    const notTheirs = await ask(`status of ${names[1]}`, VIEWER_ONLY);
    expect(notTheirs.text).not.toContain('Waves left');
    // Nobody's grant: the ordinary answer.
    expect((await ask('customers behind', 'someone-else')).text).toBe(NO_PORTFOLIO);
  }, 60_000);

  it('a channel gets no customer list; a card button is answered with the replacement card', async () => {
    expect((await ask('customers behind', LOCAL_DEV_USER_ID, 'channel')).text).toBe(PORTFOLIO_PERSONAL_ONLY);
    const json = await post(activity({ type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', id: 'b', verb: 'vmp.ask', data: { text: 'cutovers next week' } }, trigger: 'manual' } }));
    expect(json).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expectValidAdaptiveCard(json.value);
    expect(cardText(json.value)).toMatch(/cutovers next week/);
  }, 60_000);
});

describe('after the demo waves have passed', () => {
  it('"customers behind" lists the customers with people overdue, most first, with a link to the filtered page', async () => {
    // The same stored customers read on a later day (the clock is the service's): every demo wave is past.
    const later = new Date('2027-03-01T12:00:00Z');
    const queries = createPortfolioQueries(createPortfolioService(local.running.services.store, () => later), [msp]);
    const ctx = { queries, homeTenantId: msp, subject: { userId: LOCAL_DEV_USER_ID }, today: '2027-03-01', view: cardView('en-GB', 'UTC', TEAMS_APP_ID), personal: true };
    const replies = (await answerPortfolio(ctx, parseIntent(normalise('Which customers are behind?'))))!;
    expect(replies).toHaveLength(1);
    const card = (replies[0] as { card: Record<string, any> }).card;
    expectValidAdaptiveCard(card);
    const text = cardText(card);
    expect(text).toMatch(/^3 customers behind schedule/);
    const overdue = [...text.matchAll(/\*\*(.+?)\*\*(?: \(view only\))?: ([\d,]+) people overdue/g)].map((m) => [m[1], Number(m[2].replace(/,/g, ''))] as const);
    expect(overdue.map(([n]) => n).sort()).toEqual([...names].sort());
    expect(overdue.map(([, n]) => n)).toEqual([...overdue.map(([, n]) => n)].sort((a, b) => b - a));
    expect(deepLinks(card)).toEqual(['portfolio?behind=true&order=desc&sort=overdue']);
    // Not the portfolio's tenant: nothing to say here, the ordinary answer follows.
    expect(await answerPortfolio({ ...ctx, homeTenantId: demoCustomerTenantId(1) }, parseIntent(normalise('customers behind')))).toBeUndefined();
  }, 60_000);
});

describe('tenants without a portfolio get the ordinary answers', () => {
  /** The same store and customers, asked through a bot for a deployment and tenant given here. */
  async function askAs(text: string, caller: BotCaller, mspTenantIds: string[], groupLookup?: GroupMembershipLookup): Promise<string> {
    const bot = new VoiceMigrationBot(local.running.services, async () => caller, undefined, { mspTenantIds, groupLookup, typingAfterMs: 60_000 });
    const adapter = new TestAdapter(async (ctx) => bot.run(ctx), {
      channelId: 'msteams',
      conversation: { id: 'c', conversationType: 'personal', isGroup: false, name: '', tenantId: caller.tenantId },
    } as Partial<Activity>);
    await adapter.send({ type: ActivityTypes.Message, text, localTimezone: 'UTC', locale: 'en-GB', from: { id: 'u', name: 'U', aadObjectId: caller.userId } } as Partial<Activity>).startTest();
    const replies: Partial<Activity>[] = [];
    let next: Partial<Activity> | undefined;
    while ((next = adapter.activeQueue.shift())) replies.push(next);
    for (const r of replies) for (const a of r.attachments ?? []) expectValidAdaptiveCard(a.content);
    return said(replies.filter((r) => r.type === ActivityTypes.Message));
  }

  it('a customer tenant (no portfolio of its own) and an MSP tenant taken off MSP_TENANT_IDS', async () => {
    const customerAdmin: BotCaller = { tenantId: demoCustomerTenantId(1), userId: LOCAL_DEV_USER_ID, name: 'Admin', roles: [], via: 'bot', access: 'admin' };
    expect(await askAs('which customers are behind?', customerAdmin, [msp])).toBe(NO_PORTFOLIO);
    // "status of Fabrikam" in the customer's own tenant is a question about its sites and people.
    expect(await askAs(`status of ${names[1]}`, customerAdmin, [msp])).not.toContain('Waves left');
    const mspAdmin: BotCaller = { ...customerAdmin, tenantId: msp };
    expect(await askAs('portfolio', mspAdmin, [])).toBe(NO_PORTFOLIO);
    expect(await askAs(`status of ${names[1]}`, mspAdmin, [])).not.toContain('Waves left');
    // The same sender in the MSP tenant of this deployment: the portfolio.
    expect(await askAs('portfolio', mspAdmin, [msp])).toContain('Your customers: 13 customers');
  }, 60_000);

  it('a group grant applies in Teams through the membership lookup (Graph in production), and admits nobody when it fails', async () => {
    const asked: string[][] = [];
    const member: BotCaller = { tenantId: msp, userId: 'group-member', name: 'Member', roles: [], via: 'bot', access: 'viewer' };
    const lookup: GroupMembershipLookup = async (_tenant, userId, wanted) => {
      asked.push(wanted);
      return userId === 'group-member' ? wanted.filter((g) => g === GROUP) : [];
    };
    const text = await askAs('portfolio', member, [msp], lookup);
    expect(text).toContain('Your customers: 1 customer');
    expect(text).toContain(`**${names[2]}** (view only)`);
    // Only the groups the portfolio's grants name are asked about (the Graph lookup caches its answers).
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((w) => JSON.stringify(w) === JSON.stringify([GROUP]))).toBe(true);
    expect(await askAs('portfolio', { ...member, userId: 'not-a-member' }, [msp], lookup)).toBe(NO_PORTFOLIO);
    const failing: GroupMembershipLookup = async () => {
      throw new Error('Graph is down');
    };
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await askAs('portfolio', member, [msp], failing)).toBe(NO_PORTFOLIO);
    } finally {
      quiet.mockRestore();
    }
  }, 60_000);
});
