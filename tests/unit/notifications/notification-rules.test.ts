/**
 * The pure parts of notifications: local cutover times in a zone (DST included), which zone a site
 * takes, when a reminder is due (never early, late until the event, not before subscribing), the
 * subscription phrases people type, and what a sync is worth telling.
 */
import fc from 'fast-check';
import { dueCutoverOffsets, dueOrderOffsets, driftWorthTelling, cutoverKey, type WaveTiming } from '../../../shared/services/notification-service';
import { localDateTime, singleZoneOfCountry, zonedInstant } from '../../../shared/services/notification-time';
import { normaliseOffsets, subscriptionIdOf, type Subscription } from '../../../shared/services/subscription-service';
import { dayOffsetsIn, parseSubscriptionText } from '../../../shared/services/subscription-text';

const conversation = { serviceUrl: 'https://smba.example/', channelId: 'msteams', conversationId: 'c', kind: 'channel' as const, tenantId: 't', botId: 'b' };
function subscription(extra: Partial<Subscription>): Subscription {
  return { id: 'sub1', conversation, subscribedBy: { userId: 'u', name: 'U' }, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', ...extra };
}

function wave(date: string, time: string, zone: string): WaveTiming {
  const row = { number: 4, name: 'Wave 4', date, time, siteIds: ['berlin'], members: 10, prerequisites: [], portOrders: 0, uploadOrders: 0 };
  return { row, brief: { number: 4, name: 'Wave 4', date, time, zone, siteNames: ['Berlin'], members: 10 }, cutoverAt: zonedInstant(date, time, zone) };
}

describe('zoned times', () => {
  it('turns a local cutover into the instant, winter and summer', () => {
    expect(zonedInstant('2026-02-26', '19:00', 'Europe/Berlin').toISOString()).toBe('2026-02-26T18:00:00.000Z');
    expect(zonedInstant('2026-07-01', '19:00', 'Europe/Berlin').toISOString()).toBe('2026-07-01T17:00:00.000Z');
    expect(zonedInstant('2026-02-12', '19:00', 'America/Los_Angeles').toISOString()).toBe('2026-02-13T03:00:00.000Z');
    expect(zonedInstant('2026-02-12', '19:00', 'Asia/Kolkata').toISOString()).toBe('2026-02-12T13:30:00.000Z');
  });

  it('handles the days clocks change: a skipped time lands after the gap, a repeated one on its first occurrence', () => {
    // Berlin 2026-03-29: 02:00 -> 03:00. 02:30 does not exist.
    expect(zonedInstant('2026-03-29', '02:30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // Berlin 2026-10-25: 03:00 -> 02:00. 02:30 happens twice; the first is 00:30Z.
    expect(zonedInstant('2026-10-25', '02:30', 'Europe/Berlin').toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('round-trips any local time away from DST changes (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 364 }), fc.integer({ min: 4, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.constantFrom('Europe/Berlin', 'America/Chicago', 'Asia/Tokyo', 'Australia/Sydney', 'UTC'), (d, h, m, zone) => {
        const date = new Date(Date.UTC(2026, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
        const time = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
        expect(localDateTime(zonedInstant(date, time, zone), zone)).toEqual({ date, time });
      }),
      { numRuns: 200 },
    );
  });

  it('a site takes its country zone when the country has one, else the tenant default', () => {
    expect(singleZoneOfCountry('DE')).toBe('Europe/Berlin');
    expect(singleZoneOfCountry('gb')).toBe('Europe/London');
    expect(singleZoneOfCountry('US')).toBeUndefined();
    expect(singleZoneOfCountry('AU')).toBeUndefined();
    expect(singleZoneOfCountry('XX')).toBeUndefined();
    expect(singleZoneOfCountry(undefined)).toBeUndefined();
  });
});

describe('when a reminder is due', () => {
  const berlin = wave('2026-02-26', '19:00', 'Europe/Berlin'); // 18:00Z
  const sub = subscription({ cutovers: { offsetsDays: [3, 1], since: '2026-02-01T00:00:00Z' } });

  it('never early, late until the cutover, nothing after it', () => {
    expect(dueCutoverOffsets(new Date('2026-02-23T17:59:59Z'), berlin, sub)).toEqual([]);
    expect(dueCutoverOffsets(new Date('2026-02-23T18:00:00Z'), berlin, sub)).toEqual([3]);
    expect(dueCutoverOffsets(new Date('2026-02-25T18:00:00Z'), berlin, sub)).toEqual([3, 1]);
    expect(dueCutoverOffsets(new Date('2026-02-26T17:59:00Z'), berlin, sub)).toEqual([3, 1]);
    expect(dueCutoverOffsets(new Date('2026-02-26T18:00:00Z'), berlin, sub)).toEqual([]);
  });

  it('nothing that was due before the subscription', () => {
    const late = subscription({ cutovers: { offsetsDays: [3, 1], since: '2026-02-24T00:00:00Z' } });
    expect(dueCutoverOffsets(new Date('2026-02-25T20:00:00Z'), berlin, late)).toEqual([1]);
  });

  it('"N days before" counts local days, so the reminder keeps the local time across a DST change', () => {
    // Cutover Tuesday 2026-03-31 19:00 Berlin (summer time); 3 days before is Saturday 19:00 winter time = 18:00Z.
    const spring = wave('2026-03-31', '19:00', 'Europe/Berlin');
    expect(dueCutoverOffsets(new Date('2026-03-28T17:59:00Z'), spring, sub)).toEqual([]);
    expect(dueCutoverOffsets(new Date('2026-03-28T18:00:00Z'), spring, sub)).toEqual([3]);
  });

  it('keys carry the wave date and time, so a moved wave is reminded again', () => {
    expect(cutoverKey('sub1', { number: 4, date: '2026-02-26', time: '19:00' }, 3)).toBe('sub1.cutover.w4.2026-02-26.1900.d3');
    expect(cutoverKey('sub1', { number: 4, date: '2026-03-05', time: '19:00' }, 3)).not.toBe(cutoverKey('sub1', { number: 4, date: '2026-02-26', time: '19:00' }, 3));
  });

  it('order deadlines: from 09:00 local N days before until the deadline day ends', () => {
    const orders = subscription({ orders: { offsetsDays: [3], since: '2026-02-01T00:00:00Z' } });
    expect(dueOrderOffsets(new Date('2026-02-20T07:59:00Z'), '2026-02-23', 'Europe/Berlin', orders)).toEqual([]);
    expect(dueOrderOffsets(new Date('2026-02-20T08:00:00Z'), '2026-02-23', 'Europe/Berlin', orders)).toEqual([3]);
    expect(dueOrderOffsets(new Date('2026-02-23T22:59:00Z'), '2026-02-23', 'Europe/Berlin', orders)).toEqual([3]);
    expect(dueOrderOffsets(new Date('2026-02-23T23:00:00Z'), '2026-02-23', 'Europe/Berlin', orders)).toEqual([]);
    expect(dueOrderOffsets(new Date('2026-02-21T00:00:00Z'), '2026-02-23', 'Europe/Berlin', sub)).toEqual([]);
  });

  it('a sync is worth telling when it finds drift or fix-ups, new warnings, or drift went away', () => {
    const base = { takenAt: 't2', drifted: 0, fixUpsTotal: 0, warnings: [{ code: 'a', message: 'A' }] };
    expect(driftWorthTelling(base, { ...base, takenAt: 't1' })).toBe(false);
    expect(driftWorthTelling({ ...base, drifted: 2 }, undefined)).toBe(true);
    expect(driftWorthTelling({ ...base, fixUpsTotal: 1 }, undefined)).toBe(true);
    expect(driftWorthTelling({ ...base, warnings: [{ code: 'b', message: 'B' }] }, { ...base, takenAt: 't1' })).toBe(true);
    expect(driftWorthTelling(base, { ...base, takenAt: 't1', drifted: 3 })).toBe(true);
  });
});

describe('subscription phrases', () => {
  it.each([
    ['remind me 3 days and 1 day before each cutover', { action: 'subscribe', cutovers: { offsetsDays: [3, 1] } }],
    ['Remind us 3 and 1 days before every cut-over!', { action: 'subscribe', cutovers: { offsetsDays: [3, 1] } }],
    ['please remind me a week before each wave goes live', { action: 'subscribe', cutovers: { offsetsDays: [7] } }],
    ['<at>Planner</at> remind me the day before cutovers', { action: 'subscribe', cutovers: { offsetsDays: [1] } }],
    ['remind me before each cutover', { action: 'subscribe', cutovers: { offsetsDays: [] } }],
    ['tell me about order deadlines', { action: 'subscribe', orders: { offsetsDays: [] } }],
    ['notify me 5 days before port order deadlines', { action: 'subscribe', orders: { offsetsDays: [5] } }],
    ['tell me when a sync finds drift', { action: 'subscribe', drift: true }],
    ['let&nbsp;me know when a sync finds drift', { action: 'subscribe', drift: true }],
    ['unsubscribe', { action: 'unsubscribe', topics: 'all' }],
    ['stop the drift reminders', { action: 'unsubscribe', topics: ['drift'] }],
    ['Unsubscribe from order deadlines.', { action: 'unsubscribe', topics: ['orders'] }],
    ['what am I subscribed to?', { action: 'list' }],
    ['which reminders do we have', { action: 'list' }],
    ['my subscriptions', { action: 'list' }],
    ['what reminders does this channel get?', { action: 'list' }],
    ['which channels get reminders?', { action: 'list-all' }],
    ['Which chats and channels are subscribed?', { action: 'list-all' }],
    ['list all reminders', { action: 'list-all' }],
    ['show paused reminders', { action: 'list-all' }],
    ['who gets reminders in our organisation', { action: 'list-all' }],
    ['stop all reminders', { action: 'unsubscribe', topics: 'all' }],
    ['stop reminders in all channels', { action: 'unsubscribe', topics: 'all' }],
    ['remind this channel 3 days before each cutover', { action: 'subscribe', cutovers: { offsetsDays: [3] } }],
  ])('%s', (text, expected) => {
    expect(parseSubscriptionText(text)).toEqual(expected);
  });

  it.each(['status', 'which port orders are due this month?', 'tell me the status of wave 2', 'what happens in wave 2?', 'blockers wave 2', 'tell me a joke', ''])(
    'leaves "%s" to the other intents',
    (text) => {
      expect(parseSubscriptionText(text)).toBeUndefined();
    },
  );

  it('reads day offsets in words and numbers, defaulting to 3 and 1', () => {
    expect(dayOffsetsIn('3 days and 1 day')).toEqual([3, 1]);
    expect(dayOffsetsIn('two weeks , one week and 2 days')).toEqual([14, 7, 2]);
    expect(dayOffsetsIn('wave 3 before')).toEqual([]);
    expect(normaliseOffsets([])).toEqual([3, 1]);
    expect(normaliseOffsets([1, 3, 3, 400, -1, 1.5])).toEqual([3, 1]);
  });
});

describe('one subscription per conversation', () => {
  it('a channel is one conversation whichever thread the request came from', () => {
    expect(subscriptionIdOf('19:abc@thread.tacv2;messageid=1700000000000')).toBe(subscriptionIdOf('19:abc@thread.tacv2'));
    expect(subscriptionIdOf('19:abc@thread.tacv2')).not.toBe(subscriptionIdOf('19:def@thread.tacv2'));
    expect(subscriptionIdOf('a:1x2y')).toMatch(/^[0-9a-f]{20}$/);
  });
});
