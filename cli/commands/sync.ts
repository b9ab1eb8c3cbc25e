/**
 * `vmp sync`: read a tenant through Microsoft Graph (or any Graph-compatible endpoint) into the
 * database. Full or incremental (stored delta link); a progress bar on a terminal, a JSON summary
 * with --json. A failed sync leaves the last good snapshot in place and exits non-zero.
 */
import cliProgress from 'cli-progress';
import { CliError, GlobalOptions, printResult, wholeNumberOption } from '../cli-context';
import { exitCodeOf } from '../graph-failure';
import { withStore } from '../open-store';
import { graphSignIn, type GraphSignInOptions } from '../graph-sign-in';
import { GraphRequestError } from '../../shared/graph/graph-errors';
import { syncTenant, SyncProgress, SyncResult } from '../../shared/services/sync-service';

export interface SyncCommandOptions extends GraphSignInOptions {
  full?: boolean;
  userConfigurations?: boolean;
  concurrency?: string;
}

export async function runSync(options: GlobalOptions, opts: SyncCommandOptions): Promise<void> {
  const { graphUrl, tokenProvider } = graphSignIn(opts);
  const concurrency = wholeNumberOption(String(opts.concurrency ?? '8'), '--concurrency', 1, 32);

  await withStore(options, async (store) => {
    const bar = !options.json && process.stderr.isTTY ? new cliProgress.SingleBar({ format: 'sync {phase} |{bar}| {users} users, {pages} pages, {seconds}s', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic) : undefined;
    let expected = 0;
    const onProgress = (p: SyncProgress) => {
      if (!bar) return;
      expected = Math.max(expected, p.users + 999);
      bar.setTotal(expected);
      bar.update(p.users, { phase: p.phase.padEnd(8), users: p.users, pages: p.pages, seconds: (p.elapsedMs / 1000).toFixed(1) });
    };
    bar?.start(1, 0, { phase: 'starting', users: 0, pages: 0, seconds: '0.0' });
    let result: SyncResult;
    try {
      result = await syncTenant({
        store,
        graph: { baseUrl: graphUrl, tokenProvider, concurrency },
        // Graph names tenants by lower-case GUIDs: a --tenant typed in capitals keys the same tenant.
        tenantId: options.tenant?.trim().toLowerCase() || undefined,
        mode: opts.full ? 'full' : 'auto',
        readUserConfigurations: opts.userConfigurations === true,
        actor: 'cli',
        now: () => new Date(),
        onProgress,
      });
    } catch (err) {
      bar?.stop();
      if (err instanceof GraphRequestError) {
        throw new CliError(`Sync failed; the last good snapshot is unchanged. ${err.message}`, exitCodeOf(err), { code: err.code, status: err.status, request: err.request });
      }
      throw err;
    }
    bar?.update(expected, { phase: 'done'.padEnd(8) });
    bar?.stop();
    const summary = {
      tenantId: result.tenantId,
      tenantName: result.tenantName,
      mode: result.mode,
      users: result.counts.users,
      resourceAccounts: result.counts.resourceAccounts,
      ...(result.counts.sharedDevices && { sharedDevices: result.counts.sharedDevices }),
      teamsPhoneEnabled: result.counts.teamsPhoneEnabled,
      sites: result.counts.sites,
      numbers: result.counts.numbers,
      unmappedPeople: result.counts.unmappedPeople,
      warnings: result.warnings,
      pages: result.pages,
      retries: result.retries,
      seconds: Math.round(result.elapsedMs / 100) / 10,
    };
    printResult(options, summary, () =>
      [
        `Synced ${result.tenantName} (${result.tenantId}): ${result.mode} sync${result.fellBackToFull ? ' (delta link expired)' : ''} in ${summary.seconds} s, ${result.pages} pages, ${result.retries} retries`,
        `Users: ${summary.users}  resource accounts: ${summary.resourceAccounts}${summary.sharedDevices ? `  shared devices: ${summary.sharedDevices}` : ''}  Teams Phone: ${summary.teamsPhoneEnabled}`,
        `Sites: ${summary.sites}  numbers: ${summary.numbers}  unmapped people: ${summary.unmappedPeople}`,
        ...result.warnings.map((w) => `warning ${w.code}: ${w.message}`),
      ].join('\n'),
    );
  });
}
