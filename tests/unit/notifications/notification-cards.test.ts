/**
 * The cards the bot sends on its own: valid Adaptive Cards 1.5 for the elements they use (checked with
 * ajv against the subset of the official schema these cards need: element and action types, the enum
 * values Teams accepts, nothing else), short enough for a phone, text from data escaped (markdown links
 * and emphasis, the card's {{DATE()}} functions), and people named only in personal chats.
 */
import Ajv from 'ajv';
import { notificationCard, remindersCard, subscriptionCard, welcomeCard, cardText } from '../../../bot/proactive/notification-cards';
import type { ReminderRow } from '../../../shared/services/reminders-admin';
import type { Notification } from '../../../shared/services/notification-service';
import { tabLink } from '../../../bot/proactive/tab-links';
import { expectValidAdaptiveCard } from '../../support/adaptive-card-schema';

/** Adaptive Cards 1.5, the part these cards use (values as in adaptive-card.json 1.5). */
const ADAPTIVE_CARD_15_SUBSET = {
  type: 'object',
  required: ['type', 'version', 'body'],
  additionalProperties: false,
  properties: {
    type: { const: 'AdaptiveCard' },
    $schema: { const: 'http://adaptivecards.io/schemas/adaptive-card.json' },
    version: { const: '1.5' },
    body: {
      type: 'array',
      items: {
        type: 'object',
        required: ['type', 'text'],
        additionalProperties: false,
        properties: {
          type: { const: 'TextBlock' },
          text: { type: 'string' },
          wrap: { type: 'boolean' },
          isSubtle: { type: 'boolean' },
          weight: { enum: ['Default', 'Lighter', 'Bolder'] },
          size: { enum: ['Default', 'Small', 'Medium', 'Large', 'ExtraLarge'] },
          color: { enum: ['Default', 'Dark', 'Light', 'Accent', 'Good', 'Warning', 'Attention'] },
          spacing: { enum: ['None', 'Small', 'Default', 'Medium', 'Large', 'ExtraLarge', 'Padding'] },
        },
      },
    },
    actions: {
      type: 'array',
      items: {
        oneOf: [
          { type: 'object', required: ['type', 'title', 'url'], additionalProperties: false, properties: { type: { const: 'Action.OpenUrl' }, title: { type: 'string' }, url: { type: 'string', pattern: '^https?://' } } },
          {
            type: 'object',
            required: ['type', 'title', 'verb'],
            additionalProperties: false,
            properties: { type: { const: 'Action.Execute' }, title: { type: 'string' }, verb: { type: 'string' }, data: { type: 'object' } },
          },
        ],
      },
    },
  },
};
const validate = new Ajv({ allErrors: true, strict: false }).compile(ADAPTIVE_CARD_15_SUBSET);

const links = { publicUrl: 'https://planner.contoso.example', teamsAppId: '11111111-2222-3333-4444-555555555555' };
const hostile = '*Bold* [click](https://evil.example) {{DATE(2026-01-01T00:00:00Z,SHORT)}} <b>x</b> _y_';
const at = '2026-02-23T18:00:00.000Z';
const wave = { number: 3, name: 'Wave 3', date: '2026-02-26', time: '19:00', zone: 'Europe/Berlin', siteNames: [hostile, 'Munich', 'Hamburg', 'Cologne'], members: 1234 };

const notifications: Notification[] = [
  {
    type: 'cutover',
    tenantId: 't',
    at,
    wave,
    cutoverAt: '2026-02-26T18:00:00.000Z',
    daysBefore: [3],
    blockers: { total: 7, byCode: [{ code: 'no-licence', count: 5, fix: hostile }, { code: 'no-emergency-address', count: 2, fix: 'Validate the address' }], unmetTotal: 1 },
    numbers: { people: 1234, inTeams: 1000, pending: 230, drifted: 4 },
  },
  { type: 'order-deadline', tenantId: 't', at, wave, kind: 'port', deadline: '2026-02-24', daysBefore: [1], count: 5, orders: [{ id: 'PO-1', via: hostile, numbers: 10 }] },
  { type: 'order-deadline', tenantId: 't', at, wave, kind: 'freeze-lift', deadline: '2026-02-03', daysBefore: [3], count: 4, orders: [{ id: 'PO-2', via: hostile, numbers: 12, account: hostile }, { id: hostile, via: 'Lumen', numbers: 1 }] },
  { type: 'drift', tenantId: 't', at, takenAt: '2026-02-23T17:00:00.000Z', drifted: 2, previous: { takenAt: 'x', drifted: 0 }, fixUpsTotal: 2, fixUps: [{ userPrincipalName: 'hans@contoso.test', problem: hostile }], newWarnings: [{ code: 'w', message: hostile }] },
];

const texts = (card: Record<string, unknown>) => (card.body as { text: string }[]).map((b) => b.text);

describe('proactive cards', () => {
  it.each(notifications.map((n) => [n.type === 'order-deadline' ? `${n.type} (${n.kind})` : n.type, n] as const))('%s: valid 1.5, short, escaped', (_type, n) => {
    for (const namesAllowed of [false, true]) {
      const card = notificationCard(n, links, namesAllowed);
      // The project's Adaptive Cards 1.5 schema, and the stricter subset above (no property these cards do not mean to use).
      expectValidAdaptiveCard(card);
      expect(validate(card) ? [] : validate.errors).toEqual([]);
      expect((card.body as unknown[]).length).toBeLessThanOrEqual(8);
      expect(((card.actions as unknown[]) ?? []).length).toBeLessThanOrEqual(2);
      for (const text of texts(card)) {
        // No live markdown link or emphasis and no card function from data; the card's own {{DATE}} is allowed.
        expect(text).not.toMatch(/(?<!\\)\[click(?<!\\)\]/);
        expect(text.replace(/\{\{(DATE|TIME)\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z(,SHORT)?\)\}\}/g, '')).not.toMatch(/(?<!\\)\{(?<!\\)\{/);
        expect(text).not.toMatch(/(?<![\\])\*Bold(?<![\\])\*/);
        expect(text).not.toMatch(/\n/);
      }
    }
  });

  it('a cutover reminder: when (site time and the reader\'s own), where, how many, and what still blocks it', () => {
    const body = texts(notificationCard(notifications[0], links)).join('\n');
    expect(body).toMatch(/^Wave 3 cuts over in 3 days/);
    expect(body).toContain('and 1 more · 1,234 people');
    expect(body).toContain('2026-02-26 at 19:00 (Europe/Berlin); your time {{DATE(2026-02-26T18:00:00Z,SHORT)}} {{TIME(2026-02-26T18:00:00Z)}}');
    expect(body).toContain('Still open: 7 blocked people, 1 unmet constraint');
    // Whose numbers are in Teams already: a port or upload still to come is a warning; all in, good.
    const numbers = (n: Notification) => (notificationCard(n, links).body as { text: string; color?: string }[]).find((b) => b.text.startsWith('Numbers in Teams'));
    expect(numbers(notifications[0])).toMatchObject({ text: 'Numbers in Teams: 1,000 of 1,234; 230 not yet (port or upload to come), 4 drifted', color: 'Warning' });
    const allIn = { ...notifications[0], numbers: { people: 1234, inTeams: 1234, pending: 0, drifted: 0 } } as Notification;
    expect(numbers(allIn)).toMatchObject({ text: 'Numbers in Teams: 1,234 of 1,234', color: 'Good' });
    // A reminder sent before a plan status was stored has no such line.
    const { numbers: _none, ...without } = notifications[0] as Extract<Notification, { type: 'cutover' }>;
    expect(numbers(without)).toBeUndefined();
    expect(body).toContain('- 5 × no-licence: \\*Bold\\* \\[click\\]\\(https://evil.example\\)');
    const actions = notificationCard(notifications[0], links).actions as { title: string; url?: string }[];
    expect(actions[0]).toEqual({ type: 'Action.Execute', title: 'Show blockers', verb: 'vmp.ask', data: { text: 'blockers wave 3' } });
    expect(actions[1].url).toBe(tabLink(links, 'plan'));
  });

  it('an order reminder for one order offers to mark it done in a personal chat only', () => {
    const one = { ...notifications.find((n) => n.type === 'order-deadline' && n.kind === 'port')!, count: 1 } as Notification;
    const actions = (namesAllowed: boolean) => (notificationCard(one, links, namesAllowed).actions as { title: string; data?: { text: string } }[]).map((a) => [a.title, a.data?.text]);
    expect(actions(true)[0]).toEqual(['Mark PO-1 submitted', 'mark PO-1 submitted']);
    expect(actions(false).map(([title]) => title)).toEqual(['Open the orders']);
    // Several orders due: no button (which one?).
    expect((notificationCard(notifications[1], links, true).actions as { title: string }[]).map((a) => a.title)).toEqual(['Open the orders']);
  });

  it('drift: counts in a channel, people named only in a personal chat', () => {
    expect(texts(notificationCard(notifications.find((n) => n.type === 'drift')!, links, false)).join('\n')).not.toContain('hans@contoso.test');
    expect(texts(notificationCard(notifications.find((n) => n.type === 'drift')!, links, true)).join('\n')).toContain('hans@contoso.test');
  });

  it('without a public address or app id, no link buttons', () => {
    for (const n of notifications) {
      const actions = (notificationCard(n, {}).actions as { type: string }[] | undefined) ?? [];
      expect(actions.filter((a) => a.type === 'Action.OpenUrl')).toEqual([]);
    }
  });

  it('welcome and subscription cards are valid 1.5 too', () => {
    for (const card of [welcomeCard(links), welcomeCard({}), subscriptionCard('Done', undefined)]) {
      expectValidAdaptiveCard(card);
      expect(validate(card) ? [] : validate.errors).toEqual([]);
    }
  });

  it("the tenant's reminders: paused first as given, names escaped, a person named only where names may be shown, a link to Settings > Reminders", () => {
    const row = (over: Partial<ReminderRow>): ReminderRow => ({ id: 'x', kind: 'channel', subscribedBy: 'Pat Lead', createdAt: 'c', updatedAt: 'u', drift: false, ...over });
    const items = [
      row({ channelName: hostile, teamName: 'Voice', cutovers: { offsetsDays: [3] }, paused: { since: '2026-02-04T08:00:00.000Z', reason: hostile, retryFrom: 'r' } }),
      row({ kind: 'personal', orders: { offsetsDays: [1] }, drift: true }),
    ];
    for (const namesAllowed of [true, false]) {
      const card = remindersCard({ items, total: 9, paused: 1 }, links, namesAllowed);
      expectValidAdaptiveCard(card);
      expect(validate(card) ? [] : validate.errors).toEqual([]);
      const text = texts(card).join('\n');
      expect(text).toContain('Reminders go to 9 chats and channels');
      expect(text).toContain('Teams refuses one of them');
      expect(text).toContain(`- the channel "${cardText(hostile)}" of team "Voice": cutovers (paused since 2026-02-04)`);
      expect(text).toContain(namesAllowed ? "- Pat Lead's personal chat: order deadlines, drift" : '- a personal chat: order deadlines, drift');
      expect(text).toContain('and 3 more');
      expect((card.actions as { url: string }[])[0].url).toContain(encodeURIComponent('settings/reminders'));
    }
    expect(texts(remindersCard({ items: [], total: 0, paused: 0 }, links, true))[0]).toBe('No chat or channel gets reminders yet');
  });

  it('escapes what card markdown and functions act on', () => {
    expect(cardText('[a](b) *c* _d_ {{DATE(x)}} `e` <f>')).toBe('\\[a\\]\\(b\\) \\*c\\* \\_d\\_ \\{\\{DATE\\(x\\)\\}\\} \\`e\\` \\<f\\>');
    expect(cardText('line\nbreak')).toBe('line break');
  });
});
