/**
 * The Graph credentials of a deployment, read from configuration (App Service resolves Key Vault
 * references into these variables, so nothing here is ever plain text in the deployment):
 *
 * - the app registration's own credential: AAD_APP_CLIENT_SECRET, or a certificate as PEM in
 *   AAD_APP_CLIENT_CERTIFICATE or in the file AAD_APP_CLIENT_CERTIFICATE_FILE (key + certificate);
 * - for MSP customers, MSP_GRAPH_CREDENTIALS says which credential reaches a customer tenant app-only:
 *   `app` (default) - the app registration above, after each customer's admin consent; or
 *   `per-customer` - a registration per customer tenant, from MSP_CUSTOMER_CREDENTIALS (JSON: tenant id
 *   -> { clientId, secret | certificate | certificateFile }) or MSP_CUSTOMER_CREDENTIALS_DIR (one
 *   `<tenant id>.json` file of that shape per customer). A customer missing there is not synced on a
 *   schedule, and the portfolio says why.
 *
 * Errors name the variable (and the tenant), never the value.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CertificateCredential } from '../graph/certificate-credential';

export interface CustomerCredential {
  clientId: string;
  clientSecret?: string;
  certificate?: CertificateCredential;
}

export type CustomerCredentials =
  | { mode: 'app' }
  /** `source` names the variable the map came from, for messages. */
  | { mode: 'per-customer'; source: string; byTenant: ReadonlyMap<string, CustomerCredential> };

export type ReadFile = (file: string) => string;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Thrown for a bad setting; app-config turns it into its ConfigError. */
export class CredentialConfigError extends Error {}

/** The app registration's certificate, if configured (never together with a client secret). */
export function parseAppCertificate(env: NodeJS.ProcessEnv, readFile: ReadFile = readText): CertificateCredential | undefined {
  const inline = blank(env.AAD_APP_CLIENT_CERTIFICATE);
  const file = blank(env.AAD_APP_CLIENT_CERTIFICATE_FILE);
  if (inline && file) throw new CredentialConfigError('Set AAD_APP_CLIENT_CERTIFICATE or AAD_APP_CLIENT_CERTIFICATE_FILE, not both.');
  if ((inline || file) && blank(env.AAD_APP_CLIENT_SECRET)) {
    throw new CredentialConfigError(
      `Set AAD_APP_CLIENT_SECRET or ${inline ? 'AAD_APP_CLIENT_CERTIFICATE' : 'AAD_APP_CLIENT_CERTIFICATE_FILE'}, not both: the app signs in with one credential.`,
    );
  }
  if (inline) return certificate(inline, 'AAD_APP_CLIENT_CERTIFICATE');
  if (file) return certificate(fileText(file, 'AAD_APP_CLIENT_CERTIFICATE_FILE', readFile), `AAD_APP_CLIENT_CERTIFICATE_FILE (${file})`);
  return undefined;
}

export function parseCustomerCredentials(env: NodeJS.ProcessEnv, readFile: ReadFile = readText, listDir: (dir: string) => string[] = fs.readdirSync): CustomerCredentials {
  const mode = blank(env.MSP_GRAPH_CREDENTIALS) ?? 'app';
  const json = blank(env.MSP_CUSTOMER_CREDENTIALS);
  const dir = blank(env.MSP_CUSTOMER_CREDENTIALS_DIR);
  if (mode !== 'app' && mode !== 'per-customer') {
    throw new CredentialConfigError(`MSP_GRAPH_CREDENTIALS must be "app" (the app registration for every customer) or "per-customer"; got "${mode}".`);
  }
  if (mode === 'app') {
    if (json || dir) {
      throw new CredentialConfigError(
        `${json ? 'MSP_CUSTOMER_CREDENTIALS' : 'MSP_CUSTOMER_CREDENTIALS_DIR'} is set but MSP_GRAPH_CREDENTIALS is "app": set MSP_GRAPH_CREDENTIALS=per-customer to use it, or remove it.`,
      );
    }
    return { mode };
  }
  if (json && dir) throw new CredentialConfigError('MSP_GRAPH_CREDENTIALS=per-customer takes MSP_CUSTOMER_CREDENTIALS or MSP_CUSTOMER_CREDENTIALS_DIR, not both.');
  if (!json && !dir) throw new CredentialConfigError('MSP_GRAPH_CREDENTIALS=per-customer needs MSP_CUSTOMER_CREDENTIALS (JSON) or MSP_CUSTOMER_CREDENTIALS_DIR (one <tenant id>.json per customer).');
  const byTenant = new Map<string, CustomerCredential>();
  if (json) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      // JSON.parse's message quotes the text around the error: a secret must not reach a log.
      throw new CredentialConfigError('MSP_CUSTOMER_CREDENTIALS is not valid JSON (expected an object: tenant id -> { clientId, secret | certificate | certificateFile }).');
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new CredentialConfigError('MSP_CUSTOMER_CREDENTIALS must be a JSON object: tenant id -> { clientId, secret | certificate | certificateFile }.');
    }
    for (const [tenantId, entry] of Object.entries(parsed)) {
      byTenant.set(tenantKey(tenantId, 'MSP_CUSTOMER_CREDENTIALS'), customerEntry(entry, `MSP_CUSTOMER_CREDENTIALS["${tenantId}"]`, undefined, readFile));
    }
    return { mode, source: 'MSP_CUSTOMER_CREDENTIALS', byTenant };
  }
  let files: string[];
  try {
    files = listDir(dir!);
  } catch {
    throw new CredentialConfigError(`MSP_CUSTOMER_CREDENTIALS_DIR (${dir}) cannot be read.`);
  }
  for (const name of files.filter((f) => f.endsWith('.json')).sort()) {
    const tenantId = tenantKey(name.slice(0, -'.json'.length), `MSP_CUSTOMER_CREDENTIALS_DIR (${name})`);
    const where = `MSP_CUSTOMER_CREDENTIALS_DIR (${name})`;
    let entry: unknown;
    try {
      entry = JSON.parse(fileText(path.join(dir!, name), where, readFile));
    } catch (err) {
      if (err instanceof CredentialConfigError) throw err;
      throw new CredentialConfigError(`${where} is not valid JSON (expected { clientId, secret | certificate | certificateFile }).`);
    }
    byTenant.set(tenantId, customerEntry(entry, where, dir, readFile));
  }
  return { mode, source: 'MSP_CUSTOMER_CREDENTIALS_DIR', byTenant };
}

function tenantKey(value: string, where: string): string {
  if (!GUID.test(value)) throw new CredentialConfigError(`${where}: "${value}" is not a tenant id (a GUID).`);
  return value.toLowerCase();
}

function customerEntry(entry: unknown, where: string, baseDir: string | undefined, readFile: ReadFile): CustomerCredential {
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) throw new CredentialConfigError(`${where} must be an object { clientId, secret | certificate | certificateFile }.`);
  const e = entry as Record<string, unknown>;
  const unknownKeys = Object.keys(e).filter((k) => !['clientId', 'secret', 'certificate', 'certificateFile'].includes(k));
  if (unknownKeys.length) throw new CredentialConfigError(`${where}: unknown field ${unknownKeys.map((k) => `"${k}"`).join(', ')} (expected clientId, secret, certificate or certificateFile).`);
  if (typeof e.clientId !== 'string' || !GUID.test(e.clientId)) throw new CredentialConfigError(`${where}.clientId must be the app registration's client id (a GUID).`);
  const given = (['secret', 'certificate', 'certificateFile'] as const).filter((k) => e[k] !== undefined);
  if (given.length !== 1) throw new CredentialConfigError(`${where} needs exactly one of secret, certificate (PEM key + certificate) or certificateFile; got ${given.length ? given.join(' and ') : 'none'}.`);
  const kind = given[0];
  const value = e[kind];
  if (typeof value !== 'string' || !value.trim()) throw new CredentialConfigError(`${where}.${kind} must be a non-empty string.`);
  const clientId = e.clientId.toLowerCase();
  if (kind === 'secret') return { clientId, clientSecret: value };
  if (kind === 'certificate') return { clientId, certificate: certificate(value, `${where}.certificate`) };
  const file = baseDir ? path.resolve(baseDir, value) : value;
  return { clientId, certificate: certificate(fileText(file, `${where}.certificateFile`, readFile), `${where}.certificateFile (${value})`) };
}

function certificate(pem: string, source: string): CertificateCredential {
  try {
    return CertificateCredential.fromPem(pem, source);
  } catch (err) {
    throw new CredentialConfigError((err as Error).message);
  }
}

function fileText(file: string, where: string, readFile: ReadFile): string {
  try {
    return readFile(file);
  } catch {
    throw new CredentialConfigError(`${where}: the file ${file} cannot be read.`);
  }
}

function readText(file: string): string {
  return fs.readFileSync(file, 'utf8');
}

function blank(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}
