/**
 * `vmp sync`: read a tenant through Microsoft Graph (or any Graph-compatible endpoint) into the
 * database. Full or incremental (stored delta link); a progress bar on a terminal, a JSON summary
 * with --json. A failed sync leaves the last good snapshot in place and exits non-zero.
 */
import cliProgress from 'cli-progress';
import { CliError, EXIT, GlobalOptions, printResult, wholeNumberOption } from '../cli-context';
import { exitCodeOf } from '../graph-failure';
import { withStore } from '../open-store';
import { staticToken } from '../../shared/graph/graph-http';
import fs from 'node:fs';
import { CertificateCredential } from '../../shared/graph/certificate-credential';
import { clientCredentialsToken } from '../../shared/graph/client-credentials';
import { authorityForGraph, GRAPH_CLOUDS } from '../../shared/graph/graph-clouds';
import { GraphRequestError } from '../../shared/graph/graph-errors';
import type { TokenProvider } from '../../shared/graph/graph-middleware';
import { syncTenant, SyncProgress, SyncResult } from '../../shared/services/sync-service';

export interface SyncCommandOptions {
  graphUrl?: string;
  cloud?: string;
  token?: string;
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  /** PEM file with the app's private key and certificate, instead of a client secret. */
  certificateFile?: string;
  authority?: string;
  full?: boolean;
  userConfigurations?: boolean;
  concurrency?: string;
}

export async function runSync(options: GlobalOptions, opts: SyncCommandOptions): Promise<void> {
  const cloud = opts.cloud ? GRAPH_CLOUDS[opts.cloud] : undefined;
  if (opts.cloud && !cloud) throw new CliError(`Unknown --cloud "${opts.cloud}"; use one of ${Object.keys(GRAPH_CLOUDS).join(', ')}.`, EXIT.badInput);
  const graphUrl = opts.graphUrl ?? cloud?.graphBaseUrl;
  if (!graphUrl) throw new CliError('Say where to read from: --graph-url <url> (or --cloud global|usgov|usgovdod|china).', EXIT.badInput);
  assertHttpUrl(graphUrl, '--graph-url');
  if (opts.authority !== undefined) assertHttpUrl(opts.authority, '--authority');
  const concurrency = wholeNumberOption(String(opts.concurrency ?? '8'), '--concurrency', 1, 32);
  const tokenProvider = chooseToken(opts, graphUrl, cloud?.authority);

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

/** An http:// or https:// URL, or bad input naming the option. */
function assertHttpUrl(value: string, option: string): void {
  try {
    const u = new URL(value);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
  } catch {
    throw new CliError(`${option} must be an http:// or https:// URL; got "${value}".`, EXIT.badInput);
  }
}

function chooseToken(opts: SyncCommandOptions, graphUrl: string, cloudAuthority?: string): TokenProvider {
  const token = opts.token ?? process.env.VMP_GRAPH_TOKEN;
  const secret = opts.clientSecret ?? process.env.VMP_CLIENT_SECRET;
  const appOnly = opts.tenantId || opts.clientId || secret || opts.certificateFile;
  if (token && appOnly) {
    // Name what was given, the environment variables too: a VMP_CLIENT_SECRET left in the shell is easy to miss.
    const given = [
      opts.token !== undefined ? '--token' : 'VMP_GRAPH_TOKEN (environment)',
      ...[opts.tenantId && '--tenant-id', opts.clientId && '--client-id', opts.clientSecret !== undefined ? '--client-secret' : secret && 'VMP_CLIENT_SECRET (environment)', opts.certificateFile && '--certificate-file'].filter(Boolean),
    ];
    throw new CliError(`Use either a token (--token or VMP_GRAPH_TOKEN) or app-only sign-in (--tenant-id, --client-id, --client-secret or --certificate-file), not both; given: ${given.join(', ')}.`, EXIT.badInput);
  }
  if (token) return staticToken(token);
  if (!appOnly) throw new CliError('Give a Graph token (--token) or app credentials (--tenant-id, --client-id, --client-secret).', EXIT.badInput);
  if (opts.certificateFile && opts.clientSecret) throw new CliError('Use either --client-secret or --certificate-file, not both.', EXIT.badInput);
  const missing = [!opts.tenantId && '--tenant-id', !opts.clientId && '--client-id', !secret && !opts.certificateFile && '--client-secret'].filter(Boolean);
  if (missing.length) throw new CliError(`App-only sign-in needs ${missing.join(', ')}.`, EXIT.badInput);
  const authority = opts.authority ?? cloudAuthority ?? authorityForGraph(graphUrl);
  if (opts.certificateFile) {
    return clientCredentialsToken({ tenantId: opts.tenantId!, clientId: opts.clientId!, certificate: readCertificate(opts.certificateFile), authority, graphBaseUrl: graphUrl });
  }
  return clientCredentialsToken({ tenantId: opts.tenantId!, clientId: opts.clientId!, clientSecret: secret!, authority, graphBaseUrl: graphUrl });
}

/** The app's certificate from a PEM file (key + certificate); a bad file is bad input, never quoted. */
function readCertificate(file: string): CertificateCredential {
  let pem: string;
  try {
    pem = fs.readFileSync(file, 'utf8');
  } catch {
    throw new CliError(`--certificate-file: ${file} cannot be read.`, EXIT.badInput);
  }
  try {
    return CertificateCredential.fromPem(pem, `--certificate-file (${file})`);
  } catch (err) {
    throw new CliError((err as Error).message, EXIT.badInput);
  }
}
