/**
 * `vmp notify list [--offset n] [--limit n]`: the chats and channels the bot reminds, paused ones first
 * (with Teams' answer and when the bot tries again); `vmp notify stop <id>`: ends one conversation's
 * reminders, written against the version just read and recorded in the history. The same use cases as
 * Settings > Reminders in the tab (shared/services/reminders-admin.ts).
 */
import { counted } from '../../shared/domain/counted';
import { describeConversation, describeTopics } from '../../shared/services/reminder-words';
import { pageReminders, REMINDER_ID, REMINDERS_PAGE_MAX, ReminderNotFoundError, stopReminders, type ReminderRow } from '../../shared/services/reminders-admin';
import { CliError, EXIT, GlobalOptions, printResult, wholeNumberOption } from '../cli-context';
import { withTenantStore } from '../open-store';

export interface NotifyListOptions {
  offset?: string;
  limit?: string;
}

function describeRow(r: ReminderRow): string[] {
  const lines = [`  ${r.id}  ${describeConversation(r)}, set up by ${r.subscribedBy}`];
  for (const t of describeTopics(r)) lines.push(`      ${t}`);
  if (r.paused) lines.push(`      PAUSED since ${r.paused.since}: ${r.paused.reason || 'no reason given'} (tried again from ${r.paused.retryFrom})`);
  return lines;
}

export async function runNotifyList(options: GlobalOptions, opts: NotifyListOptions): Promise<void> {
  const offset = wholeNumberOption(opts.offset ?? '0', '--offset', 0);
  const limit = wholeNumberOption(opts.limit ?? '50', '--limit', 1, REMINDERS_PAGE_MAX);
  await withTenantStore(options, async (store, tenantId) => {
    const page = await pageReminders(store, tenantId, { offset, limit });
    printResult(options, { tenantId, ...page }, () => {
      if (page.total === 0) return `No chat or channel of tenant ${tenantId} gets reminders: they are set up by asking the bot in Teams.`;
      const shown = page.items.length ? `${page.offset + 1}-${page.offset + page.items.length}` : 'none';
      const lines = [
        `Reminders of tenant ${tenantId} (version ${page.version}): ${counted(page.total, 'conversation')}${page.paused ? `, ${page.paused} paused` : ''}; showing ${shown}` +
          `${page.offset + page.items.length < page.total ? ` (next: --offset ${page.offset + page.limit})` : ''}.`,
      ];
      for (const r of page.items) lines.push(...describeRow(r));
      return lines.join('\n');
    });
  });
}

export async function runNotifyStop(options: GlobalOptions, id: string): Promise<void> {
  if (!REMINDER_ID.test(id)) throw new CliError(`"${id}" is no reminders id: use one \`vmp notify list\` prints (20 hexadecimal digits).`, EXIT.badInput);
  await withTenantStore(options, async (store, tenantId) => {
    const page = await pageReminders(store, tenantId, { offset: 0, limit: REMINDERS_PAGE_MAX });
    const row = page.items.find((r) => r.id === id);
    try {
      const version = await stopReminders(store, tenantId, id, page.version, 'cli');
      printResult(options, { tenantId, stopped: id, version }, () => `Stopped the reminders in ${row ? describeConversation(row) : id}; reminders version ${version}.`);
    } catch (err) {
      if (err instanceof ReminderNotFoundError) throw new CliError(`${err.message} \`vmp notify list\` lists the ids.`, EXIT.badInput);
      throw err;
    }
  });
}
