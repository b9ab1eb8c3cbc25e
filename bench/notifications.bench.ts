/**
 * `notify run` on a stored 100,000-user tenant (2,000 sites, the synthetic planning tenant, its plan and
 * read models in a SQLite file) with 50 subscribed conversations (cutovers 3 and 1 days before, order
 * deadlines, drift), at a moment when reminders are due. A run reads the plan header, the sites of the
 * waves near that moment, one page of orders per such wave and the snapshot and status headers; it
 * sends through botbuilder's CloudAdapter to a local connector. Reported: the run that sends, and a
 * second run at the same moment that finds everything sent (what every scheduled run costs).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineBench } from './harness';
import { buildPlan } from '../shared/domain/planning/build-plan';
import { serializePlan } from '../shared/domain/planning/serialize-plan';
import { addDays } from '../shared/domain/planning/plan-dates';
import { createAppServices, type AppServices } from '../shared/services/app-services';
import { migrationStatusChanges } from '../shared/services/migration-status-read-model';
import { PLAN_DOCUMENT, planReadModels } from '../shared/services/plan-read-model';
import { saveSnapshot } from '../shared/services/snapshot-repository';
import { countReminders, pageReminders } from '../shared/services/reminders-admin';
import { applySubscriptionRequest, listSubscriptions, MAX_SUBSCRIPTIONS, pauseUnreachableSubscription } from '../shared/services/subscription-service';
import { zonedInstant } from '../shared/services/notification-time';
import { SqliteStore } from '../shared/store/sqlite-store';
import { createCloudAdapter, createProactiveSender } from '../bot/proactive/proactive-sender';
import { syntheticPlanInputs } from './support/synthetic-plan-inputs';
import { LocalConnector } from '../tests/support/local-connector';

interface Prepared {
  dir: string;
  services: AppServices;
  connector: LocalConnector;
  now: Date;
}

async function prepare(): Promise<Prepared> {
  const input = syntheticPlanInputs(2000, 50);
  const plan = buildPlan(input);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-bench-notify-'));
  const store = new SqliteStore(path.join(dir, 'vmp.sqlite'));
  const tenantId = input.tenantId;
  await saveSnapshot(store, input.snapshot, 'bench');
  // The plan stored as a plan build stores it: the artefact, the header and the paged read models.
  const artefact = 'plan/000001-bench.json';
  await store.artefacts.put(tenantId, artefact, serializePlan(plan, 0));
  const models = planReadModels(plan, { settingsVersion: 1, builtAt: '2026-01-05T00:00:00.000Z', artefact });
  await store.commit(tenantId, 'bench', [
    { type: 'put-document', kind: PLAN_DOCUMENT, data: models.header, expectedVersion: null },
    ...models.changes,
    ...migrationStatusChanges(plan, 1, input.snapshot),
  ]);
  const connector = await new LocalConnector().start();
  // A wave in the middle of the plan: the moment its one-day reminder is due, in its first site's zone.
  const wave = plan.waves[Math.floor(plan.waves.length / 2)];
  const subscribedAt = new Date(`${addDays(wave.date, -10)}T00:00:00Z`);
  for (let i = 0; i < 50; i++) {
    await applySubscriptionRequest(
      store,
      { serviceUrl: connector.url, channelId: 'msteams', conversationId: `19:conv-${i}@thread.tacv2`, kind: i % 2 ? 'channel' : 'personal', tenantId, botId: '28:bot' },
      { userId: `u${i}`, name: `Lead ${i}` },
      { action: 'subscribe', cutovers: { offsetsDays: [3, 1] }, orders: { offsetsDays: [3, 1] }, drift: true },
      subscribedAt,
    );
  }
  const services = createAppServices(store, () => now, { notifications: { defaultTimeZone: 'America/Chicago' } });
  const now = new Date(zonedInstant(addDays(wave.date, -1), wave.time, 'UTC').getTime() + 14 * 3_600_000);
  // Warm what a server keeps warm between runs (holiday tables, time zone formatters, SQLite pages).
  await services.notifications.due(new Date(now.getTime() - 30 * 86_400_000));
  return { dir, services, connector, now };
}

async function teardown(p: Prepared): Promise<void> {
  await p.services.close();
  await p.connector.stop();
  fs.rmSync(p.dir, { recursive: true, force: true });
}

/** The most conversations a tenant holds (MAX_SUBSCRIPTIONS), a tenth of them paused: what Settings > Reminders lists at worst. */
async function prepareFullList(): Promise<Prepared> {
  const p = await prepare();
  const tenantId = (await p.services.store.listTenants())[0].tenantId;
  for (let i = 50; i < MAX_SUBSCRIPTIONS; i++) {
    await applySubscriptionRequest(
      p.services.store,
      { serviceUrl: p.connector.url, channelId: 'msteams', conversationId: `a:chat-${i}`, kind: 'personal', tenantId, botId: '28:bot' },
      { userId: `u${i}`, name: `Lead ${i}` },
      { action: 'subscribe', cutovers: { offsetsDays: [3, 1] } },
      p.now,
    );
  }
  for (const s of (await listSubscriptions(p.services.store, tenantId)).filter((_s, i) => i % 10 === 0)) {
    await pauseUnreachableSubscription(p.services.store, tenantId, s, '403 ConversationBlockedByUser: User blocked the conversation with the bot.', p.now);
  }
  return p;
}

/** Median milliseconds of `runs` calls. */
async function medianMs(runs: number, call: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await call();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(runs / 2)] * 100) / 100;
}

const sender = () => createProactiveSender(createCloudAdapter({ appType: 'MultiTenant' }), '', {});

export default defineBench({
  name: 'notifications',
  cases: [
    {
      id: 'notify-run-100k',
      label: '`notify run` at 100k users / 2,000 sites, 50 conversations subscribed to everything: the run that sends',
      size: '100k users',
      setup: prepare,
      run: async (p: Prepared) => {
        const result = await p.services.notifications.run(p.now, sender(), 'bench');
        return { sent: result.sent.length, failed: result.failed.length, posts: p.connector.posts.length };
      },
      teardown,
      targets: { maxSeconds: 5 },
    },
    {
      id: 'notify-run-100k-nothing-new',
      label: 'the same moment again: everything already sent (the cost of every scheduled run)',
      size: '100k users',
      setup: async () => {
        const p = await prepare();
        await p.services.notifications.run(p.now, sender(), 'bench');
        return p;
      },
      run: async (p: Prepared) => {
        const result = await p.services.notifications.run(p.now, sender(), 'bench');
        return { sent: result.sent.length, skipped: result.skipped };
      },
      teardown,
      targets: { maxSeconds: 1 },
    },
    {
      id: 'reminders-list-100k',
      label: `Settings > Reminders and the Overview's counts: ${MAX_SUBSCRIPTIONS} conversations (the most a tenant holds), a tenth paused, on the 100k tenant`,
      size: `${MAX_SUBSCRIPTIONS} conversations`,
      setup: prepareFullList,
      run: async (p: Prepared) => {
        const tenantId = (await p.services.store.listTenants())[0].tenantId;
        const first = await pageReminders(p.services.store, tenantId, { offset: 0, limit: 50 });
        return {
          total: first.total,
          paused: first.paused,
          firstPageMs: await medianMs(21, () => pageReminders(p.services.store, tenantId, { offset: 0, limit: 50 })),
          lastPageMs: await medianMs(21, () => pageReminders(p.services.store, tenantId, { offset: MAX_SUBSCRIPTIONS - 50, limit: 50 })),
          overviewCountsMs: await medianMs(21, () => countReminders(p.services.store, tenantId)),
          pageKb: Math.round(JSON.stringify(first).length / 102.4) / 10,
        };
      },
      teardown,
    },
  ],
});
