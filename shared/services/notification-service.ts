/**
 * What the bot says first, and when: cutover reminders N days before a wave (with the blockers still
 * open), port- and upload-order deadline reminders (and port freezes to lift), and a drift summary after a sync, for every
 * conversation that subscribed (subscription-service).
 *
 * Timing rules (pure functions below, tested on their own):
 * - a cutover reminder "N days before" is due at the wave's local cutover date minus N days, at the
 *   cutover time, in the site's time zone (notification-time); it is sent by the first run at or after
 *   that instant and before the cutover itself - late when a run is late, never early;
 * - an order reminder "N days before" is due at 09:00 local N days before the deadline and stays due
 *   until the deadline day ends; the date to ask a carrier to lift a port freeze is such a deadline;
 * - nothing that was due before the topic was subscribed is sent;
 * - when a late run finds several reminders of one wave due (3 days and 1 day), one message covers them;
 * - the sent-record key holds the wave's number, date and time: a cancelled wave (no longer in the
 *   plan) has nothing due, and a wave whose date moved is reminded about again.
 * - a drift summary is due once per sync taken after the subscription, compared with the sync before it.
 *
 * Sending goes through a NotificationSender (the bot's proactive sender; botbuilder stays in bot/), each
 * message claimed in the store first (notification-sent-records) so it is sent once across instances.
 * A failed send is retried by later runs, unless Teams refused the conversation for good (the sender
 * throws ConversationUnreachableError: blocked, uninstalled, removed, disabled, gone): then the message
 * is given up and the subscription paused, and runs skip it until someone writes to the bot there again.
 * A refusal can end without anyone writing (the tenant's admin enables the bot again, for every channel
 * at once), so a conversation paused for PAUSE_RETRY_AFTER_DAYS is tried again with one message by the
 * next run that has something due for it: delivered, the pause is cleared (the run's `resumed`);
 * refused, that message is given up and the pause starts again from then.
 * A run reads the small plan header, one page of orders for the few waves near their deadlines and the
 * snapshot header: the cost of a run does not grow with the tenant's users.
 */
import { counted } from '../domain/counted';
import { numbersInTeams, type FixUp } from '../domain/planning/migration-status';
import { addDays } from '../domain/planning/plan-dates';
import type { PortOrderRow, UploadOrderRow } from './order-read-model';
import type { Site } from '../domain/tenant-snapshot';
import { ConcurrencyConflictError, type Store } from '../store/store';
import type { DownloadLinks } from './download-link';
import { loadMigrationStatusHeader, pageFixUps } from './migration-status-read-model';
import { claimKeys, recordOutcome } from './notification-sent-records';
import { singleZoneOfCountry, zonedInstant } from './notification-time';
import type { PlanService } from './plan-service';
import type { PlanWaveRow } from './plan-read-model';
import { orderOpen } from './order-tracking';
import { loadSnapshotHeader, SNAPSHOT_SITES } from './snapshot-repository';
import {
  listSubscriptions,
  NOTIFICATIONS_ACTOR,
  pauseUnreachableSubscription,
  resumeDeliveredSubscription,
  type StoredConversation,
  type Subscription,
} from './subscription-service';

/** Local time at which an order-deadline reminder becomes due (the start of a working day). */
export const ORDER_REMINDER_TIME = '09:00';
const SYNC_HISTORY_DOCUMENT = 'notifications.sync-history';
const DAY_MS = 86_400_000;
/**
 * How long a paused conversation is left alone before a run tries one message there again: long enough
 * that a user who blocked the bot is asked about once a week, short enough that channels come back
 * within a week of the admin enabling the bot again (nobody may ever write to the bot in a channel).
 */
export const PAUSE_RETRY_AFTER_DAYS = 7;

export interface WaveBrief {
  number: number;
  name: string;
  /** Local cutover date and time, and the zone they are in. */
  date: string;
  time: string;
  zone: string;
  siteNames: string[];
  members: number;
}

/**
 * What an order reminder is about: port orders to submit, Direct Routing numbers to upload, or carrier
 * accounts with a port freeze to have lifted (weeks before their port orders: a frozen account's port
 * requests are rejected).
 */
export type OrderReminderKind = 'port' | 'upload' | 'freeze-lift';

/** An order (or a frozen account) as a reminder lists it. */
export interface OrderLine {
  id: string;
  via: string;
  numbers: number;
  /** The carrier account number (freeze lifts). */
  account?: string;
}

export type Notification =
  | {
      type: 'cutover';
      tenantId: string;
      at: string;
      wave: WaveBrief;
      cutoverAt: string;
      /** The reminder offsets this message stands for (3 and 1 when a run was late for both). */
      daysBefore: number[];
      blockers: { total: number; byCode: { code: string; count: number; fix: string }[]; unmetTotal: number };
      /**
       * The wave's people by their number, from the last sync (absent before a plan status): in Teams
       * (ready or assigned), not yet (the port or upload is still to come), or drifted from the plan.
       */
      numbers?: { people: number; inTeams: number; pending: number; drifted: number };
    }
  | {
      type: 'order-deadline';
      tenantId: string;
      at: string;
      wave: WaveBrief;
      kind: OrderReminderKind;
      deadline: string;
      daysBefore: number[];
      /** Orders due that day; for 'freeze-lift', carrier accounts whose freeze must be lifted by then. */
      count: number;
      /** The first of them (carrier or SBC, how many numbers; a freeze lift's account and first order). */
      orders: OrderLine[];
    }
  | {
      type: 'drift';
      tenantId: string;
      at: string;
      takenAt: string;
      drifted: number;
      previous?: { takenAt: string; drifted: number };
      fixUpsTotal: number;
      fixUps: { userPrincipalName?: string; problem: string }[];
      newWarnings: { code: string; message: string }[];
    };

export interface NotificationSender {
  /** Throws ConversationUnreachableError when Teams refuses the conversation for good; any other error is transient. */
  send(conversation: StoredConversation, notification: Notification): Promise<void>;
}

/**
 * Teams refused to deliver into the conversation in a way a retry cannot change: the user blocked the
 * bot or uninstalled the app, the bot was removed from the team or chat or disabled by the tenant's
 * admin, the conversation is gone. Thrown by the sender (which knows the connector's answers; botbuilder
 * stays in bot/), so that the run gives the notification up and pauses the conversation instead of
 * retrying it and every later reminder (until the conversation is resumed, or tried again a week on).
 */
export class ConversationUnreachableError extends Error {
  constructor(
    /** The connector's HTTP status (403, 404) and error code when it gave one (ConversationBlockedByUser...). */
    readonly status: number,
    readonly code: string | undefined,
    /** A sentence for the admin: Teams' answer and what it usually means. */
    message: string,
  ) {
    super(message);
    this.name = 'ConversationUnreachableError';
  }
}

/** One message that is due: for whom, the keys it claims, and what it says. */
export interface DueNotification {
  tenantId: string;
  subscription: Subscription;
  keys: string[];
  summary: string;
  notification: Notification;
}

export interface NotificationRunLine {
  tenantId: string;
  conversationId: string;
  kind: StoredConversation['kind'];
  type: Notification['type'];
  summary: string;
  error?: string;
}

/**
 * A conversation Teams refused for good, paused: nothing is sent there until someone writes to the bot in
 * it or subscribes again, or until a run tries it again after PAUSE_RETRY_AFTER_DAYS and Teams delivers.
 */
export interface PausedConversationLine {
  tenantId: string;
  conversationId: string;
  kind: StoredConversation['kind'];
  since: string;
  reason: string;
  /** From then on, the first run with something due for the conversation tries one message again. */
  retryFrom: string;
  /** The notification this run gave up on (absent when an earlier run paused the conversation). */
  gaveUp?: { type: Notification['type']; summary: string };
  /** This run tried the conversation again (it was paused since then) and Teams refused again: the pause was renewed. */
  pausedBefore?: string;
}

/** A paused conversation this run tried again (paused PAUSE_RETRY_AFTER_DAYS or more) and Teams delivered to: resumed. */
export interface ResumedConversationLine {
  tenantId: string;
  conversationId: string;
  kind: StoredConversation['kind'];
  /** When it was paused, and Teams' answer then. */
  pausedSince: string;
  reason: string;
}

export interface NotificationRunResult {
  at: string;
  sent: NotificationRunLine[];
  /** Transient failures (throttled, Teams or the network down, the store busy): retried next run. */
  failed: NotificationRunLine[];
  /** Due, but claimed by another instance (or already sent meanwhile). */
  skipped: number;
  /** Tenants whose notifications could not be worked out (the others were still sent). */
  tenantErrors: { tenantId: string; error: string }[];
  /** Conversations this run found unreachable and paused; their notification is given up, not retried. */
  paused: PausedConversationLine[];
  /**
   * Conversations paused by an earlier run and not resumed by this one: skipped without calling Teams (or
   * tried again without an answer either way: the store busy, a transient failure).
   */
  stillPaused: PausedConversationLine[];
  /** Paused conversations this run tried again (paused long enough) and Teams delivered to: the pause is cleared. */
  resumed: ResumedConversationLine[];
}

export interface NotificationService {
  /** The server's public address, Teams app id and signed download links, for the cards' buttons. */
  readonly links: DownloadLinks;
  /**
   * What is due at `now` across every tenant (or only `tenantIds`), without claiming or sending anything;
   * for a paused conversation only once it is due to be tried again (the run then sends one of them first).
   */
  due(now: Date, tenantIds?: readonly string[]): Promise<DueNotification[]>;
  /**
   * Claims and sends everything due at `now`; records each outcome (a transient failure is retried next
   * run; a conversation Teams refuses for good is paused and its notification given up).
   */
  run(now: Date, sender: NotificationSender, instance: string, tenantIds?: readonly string[]): Promise<NotificationRunResult>;
}

// ---------------------------------------------------------------------------------------------
// Pure timing rules

/** A wave of the current plan with its cutover instant (the earliest of its sites' local cutovers). */
export interface WaveTiming {
  row: PlanWaveRow;
  brief: WaveBrief;
  cutoverAt: Date;
}

const compact = (s: string) => s.replace(/[^0-9A-Za-z]/g, '');

export function cutoverKey(subscriptionId: string, wave: Pick<PlanWaveRow, 'number' | 'date' | 'time'>, daysBefore: number): string {
  return `${subscriptionId}.cutover.w${wave.number}.${wave.date}.${compact(wave.time)}.d${daysBefore}`;
}

export function orderKey(subscriptionId: string, waveNumber: number, kind: OrderReminderKind, deadline: string, daysBefore: number): string {
  return `${subscriptionId}.orders.w${waveNumber}.${kind}.${deadline}.d${daysBefore}`;
}

/** Orders grouped by a date of theirs (orders without one left out), earliest date first. */
function byDate<O>(kind: OrderReminderKind, orders: readonly O[], dateOf: (o: O) => string | undefined): { kind: OrderReminderKind; deadline: string; orders: O[] }[] {
  const groups = new Map<string, O[]>();
  for (const o of orders) {
    const d = dateOf(o);
    if (d) (groups.get(d) ?? groups.set(d, []).get(d)!).push(o);
  }
  return [...groups].sort(([a], [b]) => (a < b ? -1 : 1)).map(([deadline, list]) => ({ kind, deadline, orders: list }));
}

/** One line per frozen carrier account: its first order due, and the numbers of its orders due that day. */
function frozenAccounts(orders: readonly PortOrderRow[]): OrderLine[] {
  const accounts = new Map<string, OrderLine>();
  for (const o of orders) {
    const key = `${o.carrier}\u0000${o.accountNumber ?? o.id}`;
    const known = accounts.get(key);
    if (known) known.numbers += o.numberCount;
    else accounts.set(key, { id: o.id, via: o.carrier, numbers: o.numberCount, ...(o.accountNumber !== undefined && { account: o.accountNumber }) });
  }
  return [...accounts.values()];
}

export function driftKey(subscriptionId: string, takenAt: string): string {
  return `${subscriptionId}.drift.${compact(takenAt)}`;
}

/**
 * The offsets of a cutover that are due at `now` for this subscription: due instant reached, cutover
 * not yet, and due no earlier than the subscription. Empty when none.
 */
export function dueCutoverOffsets(now: Date, wave: WaveTiming, subscription: Subscription): number[] {
  const topic = subscription.cutovers;
  if (!topic || now.getTime() >= wave.cutoverAt.getTime()) return [];
  const since = Date.parse(topic.since);
  return topic.offsetsDays.filter((days) => {
    const dueAt = zonedInstant(addDays(wave.brief.date, -days), wave.brief.time, wave.brief.zone).getTime();
    return dueAt <= now.getTime() && dueAt >= since;
  });
}

/** The offsets of an order deadline due at `now`: from 09:00 local N days before until the deadline day ends. */
export function dueOrderOffsets(now: Date, deadline: string, zone: string, subscription: Subscription): number[] {
  const topic = subscription.orders;
  if (!topic) return [];
  const endsAt = zonedInstant(addDays(deadline, 1), '00:00', zone).getTime();
  if (now.getTime() >= endsAt) return [];
  const since = Date.parse(topic.since);
  return topic.offsetsDays.filter((days) => {
    const dueAt = zonedInstant(addDays(deadline, -days), ORDER_REMINDER_TIME, zone).getTime();
    return dueAt <= now.getTime() && dueAt >= since;
  });
}

export interface SyncFindings {
  takenAt: string;
  drifted: number;
  fixUpsTotal: number;
  warnings: { code: string; message: string }[];
}

/** Whether a sync is worth a word: drift or fix-ups found, new warnings, or drift that went away. */
export function driftWorthTelling(current: SyncFindings, previous: SyncFindings | undefined): boolean {
  const known = new Set((previous?.warnings ?? []).map((w) => w.code));
  return current.drifted > 0 || current.fixUpsTotal > 0 || current.warnings.some((w) => !known.has(w.code)) || (previous?.drifted ?? 0) > 0;
}

// ---------------------------------------------------------------------------------------------
// Reading what the rules need, a little at a time

export function createNotificationService(deps: { store: Store; plan: PlanService; defaultTimeZone: string; links: DownloadLinks }): NotificationService {
  const { store, plan, defaultTimeZone } = deps;

  async function siteOf(tenantId: string, siteId: string): Promise<Site | undefined> {
    return store.getRecord<Site>(tenantId, SNAPSHOT_SITES, siteId);
  }

  /** Site names and the zone of the earliest local cutover among the wave's sites. */
  async function timingOf(tenantId: string, row: PlanWaveRow): Promise<WaveTiming> {
    const sites = await Promise.all(row.siteIds.slice(0, 50).map((id) => siteOf(tenantId, id)));
    let best: { zone: string; at: Date } | undefined;
    for (const zone of new Set(sites.map((s) => singleZoneOfCountry(s?.countryCode) ?? defaultTimeZone))) {
      const at = zonedInstant(row.date, row.time, zone);
      if (!best || at < best.at) best = { zone, at };
    }
    best ??= { zone: defaultTimeZone, at: zonedInstant(row.date, row.time, defaultTimeZone) };
    return {
      row,
      cutoverAt: best.at,
      brief: {
        number: row.number,
        name: row.name,
        date: row.date,
        time: row.time,
        zone: best.zone,
        siteNames: row.siteIds.map((id, i) => sites[i]?.name ?? id),
        members: row.members,
      },
    };
  }

  /** Waves whose dates are near enough to `now` for any reminder (UTC dates with a day of slack for zones). */
  function nearWaves(rows: PlanWaveRow[], now: Date, maxOffset: number): PlanWaveRow[] {
    const today = now.toISOString().slice(0, 10);
    const from = addDays(today, -1);
    const to = addDays(today, maxOffset + 1);
    return rows.filter((w) => {
      const earliestDeadline = [w.liftFreezeBy, w.portSubmitBy, w.uploadBy].filter((d): d is string => !!d).sort()[0] ?? w.date;
      return w.date >= from && earliestDeadline <= to;
    });
  }

  async function cutoverReminders(tenantId: string, now: Date, subs: Subscription[], waves: WaveTiming[]): Promise<DueNotification[]> {
    const out: DueNotification[] = [];
    // The status header (wave counts), read once for all the run's waves and only when a reminder is due.
    let status: ReturnType<typeof loadMigrationStatusHeader> | undefined;
    for (const wave of waves) {
      const dueFor = subs.map((s) => ({ s, offsets: dueCutoverOffsets(now, wave, s) })).filter((x) => x.offsets.length > 0);
      if (dueFor.length === 0) continue;
      const view = await plan.blockers(tenantId, wave.row.number);
      status ??= loadMigrationStatusHeader(store, tenantId);
      const counts = (await status)?.waves.find((w) => w.number === wave.row.number)?.counts;
      for (const { s, offsets } of dueFor) {
        out.push({
          tenantId,
          subscription: s,
          keys: offsets.map((d) => cutoverKey(s.id, wave.row, d)),
          summary: `wave ${wave.row.number} cuts over ${wave.row.date} ${wave.row.time} (${wave.brief.zone}), ${counted(Math.min(...offsets), 'day')} before; ${view.total} blocked`,
          notification: {
            type: 'cutover',
            tenantId,
            at: now.toISOString(),
            wave: wave.brief,
            cutoverAt: wave.cutoverAt.toISOString(),
            daysBefore: offsets,
            blockers: { total: view.total, byCode: view.byCode.slice(0, 3), unmetTotal: view.unmetTotal ?? view.unmet.length },
            ...(counts && { numbers: { people: counts.total, inTeams: numbersInTeams(counts), pending: counts.scheduled, drifted: counts.drifted } }),
          },
        });
      }
    }
    return out;
  }

  async function orderReminders(tenantId: string, now: Date, subs: Subscription[], waves: WaveTiming[]): Promise<DueNotification[]> {
    const out: DueNotification[] = [];
    const orderSubs = subs.filter((s) => s.orders);
    if (orderSubs.length === 0) return out;
    // Nothing can be due before a wave's earliest date of a kind minus the largest offset: skip its page read.
    const maxOffset = Math.max(...orderSubs.map((s) => Math.max(...s.orders!.offsetsDays)));
    for (const wave of waves) {
      const mayBeDue = (earliest: string | undefined) => !!earliest && zonedInstant(addDays(earliest, -maxOffset), ORDER_REMINDER_TIME, wave.brief.zone) <= now;
      const { row } = wave;
      const dated: { kind: OrderReminderKind; deadline: string; orders: (PortOrderRow | UploadOrderRow)[] }[] = [];
      // A wave's orders are tens, not thousands (a wave is capacity-bounded): one page each.
      const freezeDue = mayBeDue(row.liftFreezeBy);
      if (freezeDue || mayBeDue(row.portSubmitBy)) {
        // Orders already with the carrier (or uploaded) are not reminded about; a rejected one is, to be sent again.
        const ports = (await plan.portOrders(tenantId, { wave: row.number, limit: 1000 })).items.filter(orderOpen);
        if (freezeDue) dated.push(...byDate('freeze-lift', ports, (o) => o.liftFreezeBy));
        dated.push(...byDate('port', ports, (o) => o.submitBy));
      }
      if (mayBeDue(row.uploadBy)) dated.push(...byDate('upload', (await plan.uploadOrders(tenantId, { wave: row.number, limit: 1000 })).items.filter(orderOpen), (o) => o.uploadBy));
      for (const { kind, deadline, orders } of dated) {
        // What the reminder lists, the same for every conversation it goes to: worked out once, when one is due.
        let listed: OrderLine[] | undefined;
        for (const s of orderSubs) {
          const offsets = dueOrderOffsets(now, deadline, wave.brief.zone, s);
          if (offsets.length === 0) continue;
          listed ??= kind === 'freeze-lift' ? frozenAccounts(orders as PortOrderRow[]) : orders.map((o) => ({ id: o.id, via: 'carrier' in o ? o.carrier : o.sbcId, numbers: o.numberCount }));
          out.push({
            tenantId,
            subscription: s,
            keys: offsets.map((d) => orderKey(s.id, row.number, kind, deadline, d)),
            summary:
              kind === 'freeze-lift'
                ? `${counted(listed.length, 'port freeze')} to lift for wave ${row.number} by ${deadline}`
                : `${counted(orders.length, `${kind} order`)} of wave ${row.number} due ${deadline}`,
            notification: {
              type: 'order-deadline',
              tenantId,
              at: now.toISOString(),
              wave: wave.brief,
              kind,
              deadline,
              daysBefore: offsets,
              count: listed.length,
              orders: listed.slice(0, 5),
            },
          });
        }
      }
    }
    return out;
  }

  /**
   * The latest sync's findings and the ones before it. Each sync is recorded once in a small history
   * document (a conditional write; a concurrent run that recorded it first is fine).
   */
  async function syncFindings(tenantId: string): Promise<{ current: SyncFindings; previous?: SyncFindings } | undefined> {
    const snapshot = await loadSnapshotHeader(store, tenantId);
    if (!snapshot) return undefined;
    const status = await loadMigrationStatusHeader(store, tenantId);
    const matches = status?.snapshotTakenAt === snapshot.takenAt;
    const current: SyncFindings = {
      takenAt: snapshot.takenAt,
      drifted: matches ? status!.tenant.drifted : 0,
      fixUpsTotal: matches ? status!.fixUpsTotal : 0,
      warnings: snapshot.warnings.map((w) => ({ code: w.code, message: w.message })),
    };
    for (let attempt = 0; attempt < 3; attempt++) {
      const doc = await store.getDocument<{ syncs: SyncFindings[] }>(tenantId, SYNC_HISTORY_DOCUMENT);
      const syncs = doc?.data.syncs ?? [];
      const i = syncs.findIndex((s) => s.takenAt === current.takenAt);
      if (i >= 0) return { current: syncs[i], previous: i > 0 ? syncs[i - 1] : undefined };
      const previous = syncs[syncs.length - 1];
      try {
        await store.commit(tenantId, NOTIFICATIONS_ACTOR, [
          { type: 'put-document', kind: SYNC_HISTORY_DOCUMENT, data: { syncs: [...syncs, current].slice(-10) }, expectedVersion: doc?.version ?? null },
        ]);
        return { current, previous };
      } catch (err) {
        if (!(err instanceof ConcurrencyConflictError)) throw err;
      }
    }
    return undefined;
  }

  async function driftSummaries(tenantId: string, now: Date, subs: Subscription[]): Promise<DueNotification[]> {
    const driftSubs = subs.filter((s) => s.drift);
    // Recorded whenever the tenant has subscriptions, so "the sync before" is the one before, not the last one a drift subscriber saw.
    const findings = await syncFindings(tenantId);
    if (driftSubs.length === 0) return [];
    if (!findings || !driftWorthTelling(findings.current, findings.previous)) return [];
    const { current, previous } = findings;
    const eligible = driftSubs.filter((s) => current.takenAt >= s.drift!.since);
    if (eligible.length === 0) return [];
    const fixUps = current.fixUpsTotal > 0 ? (await pageFixUps(store, tenantId, 0, 3)).items : ([] as FixUp[]);
    const known = new Set((previous?.warnings ?? []).map((w) => w.code));
    return eligible.map((s) => ({
      tenantId,
      subscription: s,
      keys: [driftKey(s.id, current.takenAt)],
      summary: `sync of ${current.takenAt}: ${current.drifted} drifted${previous ? ` (was ${previous.drifted})` : ''}, ${current.fixUpsTotal} fix-ups`,
      notification: {
        type: 'drift',
        tenantId,
        at: now.toISOString(),
        takenAt: current.takenAt,
        drifted: current.drifted,
        ...(previous ? { previous: { takenAt: previous.takenAt, drifted: previous.drifted } } : {}),
        fixUpsTotal: current.fixUpsTotal,
        fixUps: fixUps.map((f) => ({ userPrincipalName: f.userPrincipalName, problem: f.problem })),
        newWarnings: current.warnings.filter((w) => !known.has(w.code)),
      },
    }));
  }

  /**
   * The tenant's due notifications. A paused conversation (Teams refused it for good) gets nothing until it
   * is resumed, and Teams is not asked - except once it has been paused PAUSE_RETRY_AFTER_DAYS: then what is
   * due for it is worked out too, and the run tries one message. Paused ones left out are `stillPaused`
   * (the run adds those it tries again and does not resume).
   */
  async function dueForTenant(tenantId: string, now: Date, stillPaused: PausedConversationLine[]): Promise<DueNotification[]> {
    const all = await listSubscriptions(store, tenantId);
    if (all.length === 0) return [];
    const subs = all.filter((s) => !s.unreachableSince || retryDue(s, now));
    const out = await dueOf(tenantId, now, subs);
    const retried = new Set(out.filter((d) => d.subscription.unreachableSince).map((d) => d.subscription.id));
    for (const s of all) if (s.unreachableSince && !retried.has(s.id)) stillPaused.push(pausedLine(tenantId, s, s.unreachableSince, s.unreachableReason ?? ''));
    return out;
  }

  async function dueOf(tenantId: string, now: Date, subs: Subscription[]): Promise<DueNotification[]> {
    const out: DueNotification[] = [];
    const dated = subs.filter((s) => s.cutovers || s.orders);
    if (dated.length > 0 && (await plan.exists(tenantId))) {
      const maxOffset = Math.max(...dated.flatMap((s) => [...(s.cutovers?.offsetsDays ?? []), ...(s.orders?.offsetsDays ?? [])]));
      const { waves: rows } = await plan.waves(tenantId);
      const waves = await Promise.all(nearWaves(rows, now, maxOffset).map((row) => timingOf(tenantId, row)));
      out.push(...(await cutoverReminders(tenantId, now, subs, waves)));
      out.push(...(await orderReminders(tenantId, now, subs, waves)));
    }
    out.push(...(await driftSummaries(tenantId, now, subs)));
    return out;
  }

  /** Every tenant's due notifications; one tenant's failure (a damaged document, a store error) never stops the others'. */
  async function collect(
    now: Date,
    tenantIds: readonly string[] | undefined,
    errors: NotificationRunResult['tenantErrors'],
    stillPaused: PausedConversationLine[] = [],
  ): Promise<DueNotification[]> {
    const out: DueNotification[] = [];
    const tenants = tenantIds ?? (await store.listTenants()).map((t) => t.tenantId);
    for (const tenantId of tenants) {
      try {
        out.push(...(await dueForTenant(tenantId, now, stillPaused)));
      } catch (err) {
        errors.push({ tenantId, error: err instanceof Error ? err.message : String(err) });
      }
    }
    return out;
  }

  async function due(now: Date, tenantIds?: readonly string[]): Promise<DueNotification[]> {
    const errors: NotificationRunResult['tenantErrors'] = [];
    const out = await collect(now, tenantIds, errors);
    if (errors.length) throw new Error(`Notifications of ${errors.map((e) => `${e.tenantId} (${e.error})`).join(', ')} could not be worked out.`);
    return out;
  }

  /**
   * Pauses the subscription the run sent to. False when it could not be (the store failed, or someone
   * subscribed again meanwhile, perhaps from a reference that works): then the send counts as a plain
   * failure and the next run tries again, and pauses it if Teams still refuses.
   */
  async function pauseConversation(item: DueNotification, reason: string, now: Date): Promise<boolean> {
    try {
      return await pauseUnreachableSubscription(store, item.tenantId, item.subscription, reason, now);
    } catch (err) {
      console.error(`Could not pause the unreachable conversation ${item.subscription.conversation.conversationId}:`, err);
      return false;
    }
  }

  /**
   * Clears the pause of a subscription the run tried again and Teams delivered to. False when it was not
   * (the store failed, or the subscription changed meanwhile): a store failure leaves it paused, and the
   * next run with something due tries again.
   */
  async function resumeConversation(item: DueNotification): Promise<boolean> {
    try {
      return await resumeDeliveredSubscription(store, item.tenantId, item.subscription);
    } catch (err) {
      console.error(`Could not resume the conversation ${item.subscription.conversation.conversationId}:`, err);
      return false;
    }
  }

  return {
    links: deps.links,
    due,
    async run(now, sender, instance, tenantIds) {
      const result: NotificationRunResult = { at: now.toISOString(), sent: [], failed: [], skipped: 0, tenantErrors: [], paused: [], stillPaused: [], resumed: [] };
      const keyOf = (item: DueNotification) => `${item.tenantId}/${item.subscription.id}`;
      // Subscriptions this run paused (or paused again): their other due messages are not even tried (Teams would refuse them too).
      const pausedNow = new Set<string>();
      // Paused subscriptions tried again: one message each. Once it went through, the rest follow; otherwise they wait.
      const retries = new Map<string, { item: DueNotification; outcome?: 'delivered' | 'not delivered' }>();
      for (const item of await collect(now, tenantIds, result.tenantErrors, result.stillPaused)) {
        const key = keyOf(item);
        if (pausedNow.has(key)) continue;
        const retry = item.subscription.unreachableSince ? (retries.get(key) ?? retries.set(key, { item }).get(key)!) : undefined;
        if (retry?.outcome === 'not delivered') continue;
        const meta = { now, instance, summary: item.summary };
        const line: NotificationRunLine = {
          tenantId: item.tenantId,
          conversationId: item.subscription.conversation.conversationId,
          kind: item.subscription.conversation.kind,
          type: item.notification.type,
          summary: item.summary,
        };
        let claims;
        try {
          claims = await claimKeys(store, item.tenantId, item.keys, meta);
        } catch (err) {
          // The store was busy or unreachable: nothing was claimed or sent, the next run tries again.
          result.failed.push({ ...line, error: `not claimed: ${err instanceof Error ? err.message : String(err)}` });
          continue;
        }
        if (claims.length === 0) {
          result.skipped++;
          continue;
        }
        // This send is the paused conversation's one try of the run (unless an earlier one went through).
        if (retry && !retry.outcome) retry.outcome = 'not delivered';
        try {
          await sender.send(item.subscription.conversation, item.notification);
        } catch (err) {
          const error = err instanceof Error ? err.message : String(err);
          if (err instanceof ConversationUnreachableError && (await pauseConversation(item, error, now))) {
            // Given up for good: retrying would only be refused again. The conversation's pause is what the admin sees.
            await recordOutcome(store, item.tenantId, claims, { ok: false, error, giveUp: true }, meta).catch(() => undefined);
            pausedNow.add(key);
            result.paused.push({
              ...pausedLine(item.tenantId, item.subscription, now.toISOString(), error),
              gaveUp: { type: item.notification.type, summary: item.summary },
              ...(item.subscription.unreachableSince ? { pausedBefore: item.subscription.unreachableSince } : {}),
            });
            continue;
          }
          // Recorded as failed for the next run; if even that fails, the claim's lease lets a later run retry.
          await recordOutcome(store, item.tenantId, claims, { ok: false, error }, meta).catch(() => undefined);
          result.failed.push({ ...line, error });
          continue;
        }
        try {
          await recordOutcome(store, item.tenantId, claims, { ok: true }, meta);
        } catch (err) {
          // Sent, but the record stays "claimed": after its lease a run sends it again (at least once, never lost).
          console.error(`Sent ${item.keys.join(', ')} but could not record it:`, err);
        }
        result.sent.push(line);
        if (retry && retry.outcome !== 'delivered') {
          // Teams takes messages there again (the admin enabled the bot, the user unblocked it).
          retry.outcome = 'delivered';
          if (await resumeConversation(item)) {
            const s = item.subscription;
            result.resumed.push({ tenantId: item.tenantId, conversationId: s.conversation.conversationId, kind: s.conversation.kind, pausedSince: s.unreachableSince!, reason: s.unreachableReason ?? '' });
          }
        }
      }
      // Tried again without an answer either way (a transient failure, the store busy, taken by another
      // instance): still paused, tried again by the next run with something due.
      for (const [key, { item, outcome }] of retries) {
        if (outcome === 'delivered' || pausedNow.has(key)) continue;
        const s = item.subscription;
        result.stillPaused.push(pausedLine(item.tenantId, s, s.unreachableSince!, s.unreachableReason ?? ''));
      }
      return result;
    },
  };
}

/** Whether a paused subscription has been paused long enough for a run to try one message there again. */
export function retryDue(s: Pick<Subscription, 'unreachableSince'>, now: Date): boolean {
  return !!s.unreachableSince && now.getTime() >= retryFrom(s.unreachableSince).getTime();
}

function retryFrom(since: string): Date {
  return new Date(Date.parse(since) + PAUSE_RETRY_AFTER_DAYS * DAY_MS);
}

/** When a conversation paused at `since` is tried again (from then on, by the first run with something due for it). */
export function pauseRetryFrom(since: string): string {
  const from = retryFrom(since);
  return Number.isNaN(from.getTime()) ? since : from.toISOString();
}

function pausedLine(tenantId: string, s: Subscription, since: string, reason: string): PausedConversationLine {
  return { tenantId, conversationId: s.conversation.conversationId, kind: s.conversation.kind, since, reason, retryFrom: pauseRetryFrom(since) };
}

/** "in 2 days", "in 5 hours": how far an instant is from `now`, for the cards. */
export function timeUntil(now: Date, at: Date): string {
  const ms = at.getTime() - now.getTime();
  if (ms <= 0) return 'now';
  if (ms >= DAY_MS) {
    const days = Math.round(ms / DAY_MS);
    return `in ${days} day${days === 1 ? '' : 's'}`;
  }
  const hours = Math.max(1, Math.round(ms / 3_600_000));
  return `in ${hours} hour${hours === 1 ? '' : 's'}`;
}

