/**
 * The server sends what is due on its own every NOTIFY_INTERVAL_MINUTES (the same use case as
 * `vmp notify run`). Several instances may run it at once: each message is claimed in the store before
 * it is sent. A run never overlaps the previous one; the timer does not keep the process alive.
 */
import type { AppConfig } from '../../shared/config/app-config';
import type { AppServices } from '../../shared/services/app-services';
import { createCloudAdapter, createProactiveSender } from './proactive-sender';

export function startNotificationSchedule(services: AppServices, config: AppConfig, instance: string): () => void {
  const minutes = config.notifications.intervalMinutes;
  if (minutes <= 0) return () => {};
  const sender = createProactiveSender(createCloudAdapter(config.bot), config.bot.appId ?? '', services.notifications.links.settings);
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const result = await services.notifications.run(services.now(), sender, instance);
      if (result.sent.length || result.failed.length) {
        console.log(`Notifications: ${result.sent.length} sent, ${result.failed.length} failed (retried next run), ${result.skipped} taken by another instance.`);
      }
      for (const f of result.failed) console.warn(`Notification to ${f.kind} ${f.conversationId} failed: ${f.error}`);
      for (const e of result.tenantErrors) console.error(`Notifications of tenant ${e.tenantId} could not be worked out: ${e.error}`);
      // Once, when paused (and once a week when tried again and still refused); later runs skip the
      // conversation quietly (`vmp notify run` lists those still paused).
      for (const p of result.paused) {
        const again = p.pausedBefore ? `tried again (paused since ${p.pausedBefore}) and ` : '';
        console.warn(`Notifications to ${p.kind} ${p.conversationId} ${again}paused until someone writes to the bot there (the first message due from ${p.retryFrom} tries it again): ${p.reason}`);
      }
      for (const r of result.resumed) console.log(`Notifications to ${r.kind} ${r.conversationId} resumed: Teams delivered again (paused since ${r.pausedSince}).`);
    } catch (err) {
      console.error('Notification run failed:', err);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), minutes * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
