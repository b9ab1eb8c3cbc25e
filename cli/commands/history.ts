/**
 * `vmp history [id]`: who changed what and when - the tenant's audit trail, newest first, a page at a
 * time (`--limit`, `--offset`; `--kind settings` for the settings saves alone), each entry in
 * the words of the tab's History page. With an id: that entry with its settings diff, or the facts it
 * recorded; with --json, a settings save also carries the settings it saved (to put back with
 * `vmp decide --settings`). A bad number or kind, or an id the tenant does not have: exit 2.
 */
import { createHistoryService, HISTORY_KIND, HISTORY_PAGE_MAX, type HistoryDetail, type HistoryItem, type HistoryPage } from '../../shared/services/history-service';
import { AUDITED_KINDS, HISTORY_TOPICS, type HistoryTopic } from '../../shared/services/history-topics';
import { counted } from '../../shared/domain/counted';
import { CliError, EXIT, GlobalOptions, printResult, wholeNumberOption } from '../cli-context';
import { withTenantStore } from '../open-store';

export interface HistoryOptions {
  kind?: string;
  limit?: string;
  offset?: string;
}

/** `2026-12-05 18:00 UTC`: the minute is what an admin reads an audit trail by. */
const when = (at: string) => `${at.slice(0, 16).replace('T', ' ')} UTC`;

function itemLines(item: HistoryItem): string[] {
  const changes = item.changeCount === undefined ? '' : ` (${counted(item.changeCount, 'change')})`;
  return [`  #${item.id}  ${when(item.at)}  ${item.actor}  ${item.title}${changes}`, ...(item.preview ?? []).map((p) => `        ${p}`)];
}

function formatPage(page: HistoryPage, kind: string | undefined): string {
  if (page.items.length === 0) return page.offset === 0 ? `No history${kind ? ` of ${kind}` : ''} yet.` : `No entries after the first ${page.offset}.`;
  const first = page.offset + 1;
  const heading = `History${kind ? ` of ${kind}` : ''}, newest first: entries ${first}-${page.offset + page.items.length}${page.hasMore ? ` (next page: --offset ${page.offset + page.limit})` : ''}`;
  return [heading, ...page.items.flatMap(itemLines)].join('\n');
}

function formatEntry(entry: HistoryDetail): string {
  const out = [`#${entry.id} ${entry.title}`, `  by ${entry.actor} at ${when(entry.at)}`];
  if (entry.versions) {
    out.push(`  settings version ${entry.versions.before ?? 'none'} -> ${entry.versions.after}: ${counted(entry.changeCount ?? entry.changes.length, 'change')}`);
    out.push(...entry.changes.map((c) => `    ${c.text}`));
    const more = (entry.changeCount ?? 0) - entry.changes.length;
    if (more > 0) out.push(`    ...and ${more} more`);
  } else {
    out.push(...(entry.facts.length ? entry.facts.map((f) => `  ${f}`) : ['  Recorded without details.']));
  }
  return out.join('\n');
}

export async function runHistory(options: GlobalOptions, id: string | undefined, cmd: HistoryOptions): Promise<void> {
  const limit = wholeNumberOption(cmd.limit ?? '20', '--limit', 1, HISTORY_PAGE_MAX);
  const offset = wholeNumberOption(cmd.offset ?? '0', '--offset', 0);
  // A topic as the tab's Show filter names it (settings, plan, site-rules, pbx, sync), or a document's own name.
  const kind = cmd.kind === undefined ? undefined : (HISTORY_TOPICS[cmd.kind as HistoryTopic]?.kind ?? cmd.kind);
  if (kind !== undefined && !HISTORY_KIND.test(kind)) {
    throw new CliError(`--kind "${cmd.kind}" is neither a topic (${Object.keys(HISTORY_TOPICS).join(', ')}) nor a document name (e.g. planning-settings).`, EXIT.badInput);
  }
  const entryId = id === undefined ? undefined : wholeNumberOption(id, 'The entry id', 1);
  await withTenantStore(options, async (store, tenantId) => {
    const history = createHistoryService(store);
    if (entryId !== undefined) {
      const entry = await history.get(tenantId, entryId);
      if (!entry) throw new CliError(`No history entry ${entryId} in this tenant: \`vmp history\` lists them.`, EXIT.badInput);
      printResult(options, entry, () => formatEntry(entry));
      return;
    }
    const page = await history.list(tenantId, { offset, limit, kind });
    // A misspelt kind matches nothing: say so rather than "No history of ... yet". A kind the app
    // records but this tenant has no entries of yet, or an unlisted one that matches, is answered as asked.
    if (kind !== undefined && page.items.length === 0 && page.offset === 0 && !AUDITED_KINDS.includes(kind)) {
      throw new CliError(`--kind "${cmd.kind}" matches no history: the topics are ${Object.keys(HISTORY_TOPICS).join(', ')}; the documents recorded are ${AUDITED_KINDS.join(', ')}.`, EXIT.badInput);
    }
    printResult(options, page, () => formatPage(page, kind));
  });
}
