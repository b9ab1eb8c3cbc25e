/**
 * Where `vmp sync` and `vmp run` read Graph from and how they sign in: a Graph base URL (or a national
 * cloud by name) and either a bearer token or app-only sign-in (client credentials with a secret or a
 * certificate). Everything is checked before the network is touched: a bad or conflicting option is
 * exit 2, naming it.
 */
import fs from 'node:fs';
import { CliError, EXIT } from './cli-context';
import { CertificateCredential } from '../shared/graph/certificate-credential';
import { clientCredentialsToken } from '../shared/graph/client-credentials';
import { authorityForGraph, GRAPH_CLOUDS } from '../shared/graph/graph-clouds';
import { staticToken } from '../shared/graph/graph-http';
import type { TokenProvider } from '../shared/graph/graph-middleware';

export interface GraphSignInOptions {
  graphUrl?: string;
  cloud?: string;
  token?: string;
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  /** PEM file with the app's private key and certificate, instead of a client secret. */
  certificateFile?: string;
  authority?: string;
}

/** The Graph base URL (no trailing slash) and the token provider the options describe. */
export function graphSignIn(opts: GraphSignInOptions): { graphUrl: string; tokenProvider: TokenProvider } {
  const cloud = opts.cloud ? GRAPH_CLOUDS[opts.cloud] : undefined;
  if (opts.cloud && !cloud) throw new CliError(`Unknown --cloud "${opts.cloud}"; use one of ${Object.keys(GRAPH_CLOUDS).join(', ')}.`, EXIT.badInput);
  const given = opts.graphUrl ?? cloud?.graphBaseUrl;
  if (!given) throw new CliError('Say where to read from: --graph-url <url> (or --cloud global|usgov|usgovdod|china).', EXIT.badInput);
  const graphUrl = httpUrl(given, '--graph-url').replace(/\/$/, '');
  if (opts.authority !== undefined) httpUrl(opts.authority, '--authority');
  return { graphUrl, tokenProvider: chooseToken(opts, graphUrl, cloud?.authority) };
}

/** An http:// or https:// URL, or bad input naming the option. */
function httpUrl(value: string, option: string): string {
  try {
    const u = new URL(value);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
    return u.toString();
  } catch {
    throw new CliError(`${option} must be an http:// or https:// URL; got "${value}".`, EXIT.badInput);
  }
}

function chooseToken(opts: GraphSignInOptions, graphUrl: string, cloudAuthority?: string): TokenProvider {
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
