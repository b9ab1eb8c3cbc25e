/**
 * `vmp notify run [--now <iso>]`: sends every reminder and notice due at that moment (default: now) to
 * the conversations that subscribed, through the bot's app (BOT_ID / BOT_PASSWORD / BOT_APP_TYPE /
 * BOT_TENANT_ID; none = unauthenticated, for a local connector), and prints what it sent. The same use
 * case the server runs on its schedule; safe to run beside it or twice at once (each message is claimed
 * in the store before it is sent). Site zones fall back to NOTIFY_TIME_ZONE; links use TAB_ENDPOINT
 * and TEAMS_APP_ID.
 */
import fs from 'node:fs';
import { ConfigError, loadConfig } from '../../shared/config/app-config';
import { createAppServices } from '../../shared/services/app-services';
import { counted } from '../../shared/domain/counted';
import type { NotificationRunLine } from '../../shared/services/notification-service';
import { SqliteStore } from '../../shared/store/sqlite-store';
import { createCloudAdapter, createProactiveSender } from '../../bot/proactive/proactive-sender';
import { CliError, EXIT, GlobalOptions, knownTenant, printResult } from '../cli-context';

export interface NotifyRunOptions {
  now?: string;
}

export function parseNow(raw: string | undefined, clock: () => Date = () => new Date()): Date {
  if (raw === undefined) return clock();
  // A full instant with its offset: a reminder's due time depends on it to the minute.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(raw) || Number.isNaN(Date.parse(raw))) {
    throw new CliError(`--now must be an ISO instant with its offset, e.g. 2026-02-09T18:00:00Z; got "${raw}".`, EXIT.badInput);
  }
  return new Date(raw);
}

export async function runNotify(options: GlobalOptions, opts: NotifyRunOptions): Promise<void> {
  const now = parseNow(opts.now);
  if (!fs.existsSync(options.db)) throw new CliError(`The database ${options.db} does not exist: run \`vmp sync\` first.`, EXIT.failure);
  let config;
  try {
    // The bot and notification settings, read as the server reads them (local rules unless APP_MODE says otherwise).
    config = loadConfig({ ...process.env, APP_MODE: process.env.APP_MODE?.trim() || 'local' });
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.message, EXIT.badInput);
    throw err;
  }
  const services = createAppServices(new SqliteStore(options.db), () => now, { notifications: config.notifications });
  try {
    const sender = createProactiveSender(createCloudAdapter(config.bot), config.bot.appId ?? '', services.notifications.links.settings);
    // --tenant: only that tenant's conversations (an MSP running it per customer); default every tenant.
    // A tenant the database does not hold is exit 2, not a run that quietly sends nothing.
    const tenant = options.tenant === undefined ? undefined : knownTenant(await services.store.listTenants(), options);
    const result = await services.notifications.run(now, sender, `vmp-${process.pid}`, tenant === undefined ? undefined : [tenant]);
    printResult(options, result, () => {
      const describe = (l: NotificationRunLine) => `${l.type} to ${l.kind} ${l.conversationId}: ${l.summary}`;
      const paused = result.paused.length + result.stillPaused.length;
      const resumed = result.resumed.length;
      const lines = [
        `Notifications due at ${result.at}: ${result.sent.length} sent, ${result.failed.length} failed, ${result.skipped} already taken` +
          `${paused ? `, ${counted(paused, 'conversation')} paused` : ''}${resumed ? `, ${counted(resumed, 'conversation')} resumed` : ''}.`,
      ];
      for (const l of result.sent) lines.push(`  sent ${describe(l)}`);
      for (const l of result.failed) lines.push(`  FAILED ${describe(l)} (${l.error}; retried next run)`);
      for (const e of result.tenantErrors) lines.push(`  FAILED tenant ${e.tenantId}: ${e.error}`);
      // Not a failure of the run (a user may block the bot), but the admin should know nobody hears from it there.
      for (const p of result.paused) {
        lines.push(
          `  PAUSED ${p.kind} ${p.conversationId}: ${p.reason} Not sent: ${p.gaveUp?.type} (${p.gaveUp?.summary})` +
            `${p.pausedBefore ? `; tried again after a pause since ${p.pausedBefore}, refused again` : ''}` +
            `; nothing more goes there until someone writes to the bot in it (the first message due from ${p.retryFrom} tries it again).`,
        );
      }
      for (const p of result.stillPaused) lines.push(`  paused ${p.kind} ${p.conversationId} since ${p.since}: ${p.reason} (the first message due from ${p.retryFrom} tries it again)`);
      for (const r of result.resumed) lines.push(`  RESUMED ${r.kind} ${r.conversationId}: Teams delivered again after a pause since ${r.pausedSince}.`);
      return lines.join('\n');
    });
    if (result.failed.length > 0 || result.tenantErrors.length > 0) process.exitCode = EXIT.failure;
  } finally {
    await services.close();
  }
}
