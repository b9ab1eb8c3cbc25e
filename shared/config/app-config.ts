/**
 * Configuration is read and validated once, from the environment, and passed down. Local mode
 * (embedded SQLite, a demo tenant, no credentials) must be chosen explicitly; production refuses to
 * start without bot and Entra credentials so that an auth-less server can never ship by accident.
 */
import path from 'node:path';
import { GRAPH_CLOUDS } from '../graph/graph-clouds';
import type { CertificateCredential } from '../graph/certificate-credential';
import { CredentialConfigError, parseAppCertificate, parseCustomerCredentials, type CustomerCredentials } from './graph-credentials';

export type AppMode = 'local' | 'production';

export interface AppConfig {
  mode: AppMode;
  port: number;
  /** Host to bind: loopback in local mode unless HOST says otherwise. */
  host: string;
  dbFile: string;
  /** Where state lives: the embedded SQLite file (default) or Azure Tables for several instances. */
  store:
    | { kind: 'sqlite' }
    /**
     * A connection string (Azurite, keys, SAS; its BlobEndpoint holds the artefacts) or, as deployed by
     * infra/, the account's Table and Blob endpoints reached with the managed identity.
     */
    | { kind: 'azure-tables'; connectionString: string; tablePrefix: string }
    | { kind: 'azure-tables'; accountUrl: string; blobUrl: string; tablePrefix: string };
  bot: { appId?: string; appPassword?: string; appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI'; tenantId?: string };
  auth: {
    /** The Entra app (tab SSO) client id: the `aud` of API tokens. */
    clientId?: string;
    /** Tenants allowed to use this deployment; empty = none in production. */
    allowedTenantIds: string[];
    jwksUrl: string;
    /** `{tid}` is replaced by the token's tenant id. */
    issuerTemplates: string[];
    /**
     * Secret of the same Entra app: exchanges the tab's SSO token for Graph (on-behalf-of) and signs in
     * app-only per customer tenant (bot role checks). Optional: without it the bot refuses and the tab
     * cannot sync, each with a sentence saying to set it.
     */
    clientSecret?: string;
    /** Or a certificate of the same app (AAD_APP_CLIENT_CERTIFICATE[_FILE], see graph-credentials.ts); never both. */
    clientCertificate?: CertificateCredential;
    /**
     * Allowed tenants whose admins may link customer tenants and grant access to them (MSP_TENANT_IDS;
     * local mode: the demo tenant). A customer linked by one of them is enabled through the link alone.
     */
    mspTenantIds: string[];
  };
  /** Where production Graph calls go: the cloud's Graph host and sign-in authority host (GRAPH_CLOUD, overridable). */
  graph: { cloud: string; baseUrl: string; authorityHost: string };
  /**
   * The local demo tenant. graphUrl/graphToken (DEMO_GRAPH_URL, DEMO_GRAPH_TOKEN): read it from a
   * Graph-compatible server already running (`vmp demo-tenant`, a benchmark's) instead of generating
   * and serving it in this process.
   */
  demo: { users: number; seed: number; tenantId: string; graphUrl?: string; graphToken?: string; customers: number };
  /** MSP customers synced app-only every this many minutes (PORTFOLIO_SYNC_MINUTES; 0 = never, the default). */
  portfolio: {
    syncMinutes: number;
    /** Which credential reaches a customer tenant app-only (MSP_GRAPH_CREDENTIALS; see graph-credentials.ts). */
    credentials: CustomerCredentials;
  };
  graphBaseUrl?: string;
  /** Reminders the bot sends first, and the links in its cards (see parseNotifications). */
  notifications: NotificationSettings;
  /** Requests per user and per tenant (tab/api/rate-limit.ts) and heavy jobs per tenant (shared/jobs). */
  limits: RateLimitSettings & { heavyJobsPerTenant: number };
  /** One JSON line per refused request on stdout (REQUEST_LOG=json|off; off by default under jest only). */
  requestLog: boolean;
  /** How far V8 lets a heap grow past what survived its last full collection (HEAP_GROWING_PERCENT; see server/main.ts). */
  heapGrowingPercent: number;
}

/** Token-bucket rates (requests per second, 0 = unlimited) and bursts, per user and per tenant. */
export interface RateLimitSettings {
  userPerSecond: number;
  userBurst: number;
  tenantPerSecond: number;
  tenantBurst: number;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** The database `npm start` and the CLI use unless told otherwise. */
export const DEFAULT_DB_FILE = path.join('data', 'vmp.sqlite');
export const DEMO_TENANT_ID = '6d656d6f-7465-4e61-816e-740000000001';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const modeRaw = (env.APP_MODE ?? '').trim();
  if (modeRaw !== 'local' && modeRaw !== 'production') {
    throw new ConfigError(
      `APP_MODE must be "local" (embedded demo, no credentials) or "production"; got ${modeRaw ? `"${modeRaw}"` : 'nothing'}. ` +
        '`npm start` sets APP_MODE=local for you.',
    );
  }
  const mode: AppMode = modeRaw;
  const port = parseIntVar(env, 'PORT', 3978, 0, 65535);
  const appType = (env.BOT_APP_TYPE ?? 'MultiTenant') as AppConfig['bot']['appType'];
  if (!['MultiTenant', 'SingleTenant', 'UserAssignedMSI'].includes(appType)) {
    throw new ConfigError(`BOT_APP_TYPE must be MultiTenant, SingleTenant or UserAssignedMSI; got "${appType}".`);
  }
  const config: AppConfig = {
    mode,
    port,
    host: env.HOST ?? (mode === 'local' ? '127.0.0.1' : '0.0.0.0'),
    dbFile: env.DB_FILE ?? DEFAULT_DB_FILE,
    store: parseStore(env),
    bot: {
      appId: blankToUndefined(env.BOT_ID),
      appPassword: blankToUndefined(env.BOT_PASSWORD),
      appType,
      tenantId: blankToUndefined(env.BOT_TENANT_ID),
    },
    auth: {
      clientId: blankToUndefined(env.AAD_APP_CLIENT_ID),
      allowedTenantIds: (env.ALLOWED_TENANT_IDS ?? '')
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
      jwksUrl: env.AUTH_JWKS_URL ?? 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
      issuerTemplates: (env.AUTH_ISSUER_TEMPLATES ?? 'https://login.microsoftonline.com/{tid}/v2.0,https://sts.windows.net/{tid}/')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      clientSecret: blankToUndefined(env.AAD_APP_CLIENT_SECRET),
      clientCertificate: credentialSetting(() => parseAppCertificate(env)),
      mspTenantIds: tenantList(env.MSP_TENANT_IDS ?? (modeRaw === 'local' ? (env.DEMO_TENANT_ID ?? DEMO_TENANT_ID) : '')),
    },
    graph: parseGraph(env),
    demo: {
      users: parseIntVar(env, 'DEMO_USERS', 400, 10, 1_000_000),
      seed: parseIntVar(env, 'DEMO_SEED', 42, 0, 2 ** 31),
      tenantId: env.DEMO_TENANT_ID ?? DEMO_TENANT_ID,
      // MSP portfolio demo: this many small customer tenants linked to the demo tenant (0 = none, the cheap default).
      customers: parseIntVar(env, 'DEMO_CUSTOMERS', 0, 0, 50),
      ...parseDemoGraph(env),
    },
    graphBaseUrl: blankToUndefined(env.GRAPH_BASE_URL),
    portfolio: { syncMinutes: parseIntVar(env, 'PORTFOLIO_SYNC_MINUTES', 0, 0, 7 * 24 * 60), credentials: credentialSetting(() => parseCustomerCredentials(env)) },
    notifications: parseNotifications(env, mode),
    // Generous for one admin in the tab (a People grid scrolled hard asks a few pages a second), tight
    // enough that a script or a stuck client cannot take the server from everyone else.
    limits: {
      userPerSecond: parseIntVar(env, 'RATE_LIMIT_USER_PER_SECOND', 50, 0, 1_000_000),
      userBurst: parseIntVar(env, 'RATE_LIMIT_USER_BURST', 200, 1, 1_000_000),
      tenantPerSecond: parseIntVar(env, 'RATE_LIMIT_TENANT_PER_SECOND', 200, 0, 1_000_000),
      tenantBurst: parseIntVar(env, 'RATE_LIMIT_TENANT_BURST', 1000, 1, 1_000_000),
      heavyJobsPerTenant: parseIntVar(env, 'HEAVY_JOBS_PER_TENANT', 4, 1, 1000),
    },
    requestLog: parseRequestLog(env),
    heapGrowingPercent: parseIntVar(env, 'HEAP_GROWING_PERCENT', 50, 0, 1000),
  };
  if (mode === 'production') {
    const missing: string[] = [];
    if (!config.bot.appId) missing.push('BOT_ID');
    if (!config.bot.appPassword && appType !== 'UserAssignedMSI') missing.push('BOT_PASSWORD');
    if (appType !== 'MultiTenant' && !config.bot.tenantId) missing.push('BOT_TENANT_ID');
    if (!config.auth.clientId) missing.push('AAD_APP_CLIENT_ID');
    if (config.auth.allowedTenantIds.length === 0) missing.push('ALLOWED_TENANT_IDS');
    // MSP users sign in (and syncs act on their behalf) through the app's own registration: per-customer
    // credentials come on top of it, never instead.
    if (config.portfolio.credentials.mode === 'per-customer' && !config.auth.clientSecret && !config.auth.clientCertificate) {
      missing.push('AAD_APP_CLIENT_SECRET or AAD_APP_CLIENT_CERTIFICATE (MSP_GRAPH_CREDENTIALS=per-customer adds to the app credential)');
    }
    if (missing.length > 0) {
      throw new ConfigError(
        `Refusing to start in production mode without credentials: set ${missing.join(', ')}. ` +
          'For a local demo without credentials run `npm start` (APP_MODE=local).',
      );
    }
  }
  return config;
}

/** A credential setting's error as a ConfigError (its message names the variable, never the value). */
function credentialSetting<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof CredentialConfigError) throw new ConfigError(err.message);
    throw err;
  }
}

function parseStore(env: NodeJS.ProcessEnv): AppConfig['store'] {
  const kind = (env.STORE ?? '').trim() || 'sqlite';
  if (kind === 'sqlite') return { kind };
  if (kind !== 'azure-tables') throw new ConfigError(`STORE must be "sqlite" or "azure-tables"; got "${kind}".`);
  const connectionString = blankToUndefined(env.AZURE_STORAGE_CONNECTION_STRING);
  const accountUrl = blankToUndefined(env.AZURE_STORAGE_ACCOUNT_URL);
  if (!connectionString && !accountUrl) {
    throw new ConfigError(
      'STORE=azure-tables needs AZURE_STORAGE_ACCOUNT_URL (the Table endpoint, reached with the managed identity) or AZURE_STORAGE_CONNECTION_STRING.',
    );
  }
  if (accountUrl && !connectionString && !accountUrl.startsWith('https://')) {
    throw new ConfigError(`AZURE_STORAGE_ACCOUNT_URL must be an https:// Table endpoint; got "${accountUrl}".`);
  }
  const tablePrefix = blankToUndefined(env.AZURE_TABLE_PREFIX) ?? 'vmp';
  if (!/^[A-Za-z][A-Za-z0-9]{0,50}$/.test(tablePrefix)) {
    throw new ConfigError(`AZURE_TABLE_PREFIX must start with a letter and hold only letters and digits; got "${tablePrefix}".`);
  }
  if (connectionString) return { kind, connectionString, tablePrefix };
  // Artefacts (plan JSON, workbooks) go to the same account's Blob endpoint: configured, or read off the Table endpoint.
  const blobUrl = blankToUndefined(env.AZURE_STORAGE_BLOB_URL) ?? blobEndpointOf(accountUrl!);
  if (!blobUrl) {
    throw new ConfigError(`Set AZURE_STORAGE_BLOB_URL (the Blob endpoint for artefacts): it cannot be read off "${accountUrl}".`);
  }
  if (!blobUrl.startsWith('https://')) throw new ConfigError(`AZURE_STORAGE_BLOB_URL must be an https:// Blob endpoint; got "${blobUrl}".`);
  return { kind, accountUrl: accountUrl!, blobUrl, tablePrefix };
}

/** `https://acct.table.core.windows.net/` → `https://acct.blob.core.windows.net` (any cloud's suffix). */
function blobEndpointOf(tableUrl: string): string | undefined {
  const m = /^https:\/\/([a-z0-9]+)\.table\.([^/]+)\/?$/i.exec(tableUrl);
  return m ? `https://${m[1]}.blob.${m[2]}` : undefined;
}

function parseGraph(env: NodeJS.ProcessEnv): AppConfig['graph'] {
  const cloudName = (blankToUndefined(env.GRAPH_CLOUD) ?? 'global').toLowerCase();
  const cloud = GRAPH_CLOUDS[cloudName];
  if (!cloud) throw new ConfigError(`GRAPH_CLOUD must be one of ${Object.keys(GRAPH_CLOUDS).join(', ')}; got "${env.GRAPH_CLOUD}".`);
  // GRAPH_BASE_URL and AAD_APP_OAUTH_AUTHORITY_HOST (the Teams Toolkit name) override the cloud's hosts,
  // e.g. for a Graph-compatible proxy; tokens travel there, so plain http is only for a loopback test server.
  const baseUrl = secureOrLoopback('GRAPH_BASE_URL', blankToUndefined(env.GRAPH_BASE_URL) ?? cloud.graphBaseUrl);
  const authorityHost = secureOrLoopback('AAD_APP_OAUTH_AUTHORITY_HOST', blankToUndefined(env.AAD_APP_OAUTH_AUTHORITY_HOST) ?? cloud.authority);
  return { cloud: cloudName, baseUrl: baseUrl.replace(/\/+$/, ''), authorityHost: authorityHost.replace(/\/+$/, '') };
}

function parseDemoGraph(env: NodeJS.ProcessEnv): { graphUrl?: string; graphToken?: string } {
  const url = blankToUndefined(env.DEMO_GRAPH_URL);
  if (!url) return {};
  return { graphUrl: secureOrLoopback('DEMO_GRAPH_URL', url).replace(/\/+$/, ''), graphToken: blankToUndefined(env.DEMO_GRAPH_TOKEN) ?? '' };
}

function secureOrLoopback(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} must be an https:// URL; got "${value}".`);
  }
  const loopback = /^(127\.0\.0\.1|localhost|\[::1\])$/i.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new ConfigError(`${name} must be an https:// URL (plain http only on a loopback address); got "${value}".`);
  }
  return value;
}

function parseRequestLog(env: NodeJS.ProcessEnv): boolean {
  const raw = blankToUndefined(env.REQUEST_LOG)?.toLowerCase();
  // Test runs (jest sets NODE_ENV=test in its process, whatever env a test builds its config from)
  // refuse thousands of requests on purpose: keep their output readable.
  if (raw === undefined) return (env.NODE_ENV ?? process.env.NODE_ENV) !== 'test';
  if (raw !== 'json' && raw !== 'off') throw new ConfigError(`REQUEST_LOG must be "json" or "off"; got "${env.REQUEST_LOG}".`);
  return raw === 'json';
}

/** A comma-separated list of tenant ids, lower-case. */
function tenantList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

function blankToUndefined(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

function parseIntVar(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}; got "${raw}".`);
  }
  return n;
}

export interface NotificationSettings {
  /** How often the server sends what is due (NOTIFY_INTERVAL_MINUTES; 0 = never, e.g. when a scheduled `vmp notify run` does it). */
  intervalMinutes: number;
  /** Zone of sites whose country has several zones or none known (NOTIFY_TIME_ZONE, IANA name). */
  defaultTimeZone: string;
  /** The server's public address (TAB_ENDPOINT): signed download links and "open in tab" buttons. */
  publicUrl?: string;
  /** The Teams app id (TEAMS_APP_ID): "open in tab" buttons deep-link into Teams. */
  teamsAppId?: string;
  /**
   * Signs download links; every instance must share it (DOWNLOAD_LINK_SECRET, else derived from the bot
   * or Entra app secret). None: a random secret per process (local mode), links then work on that process only.
   */
  downloadLinkSecret?: string;
}

function parseNotifications(env: NodeJS.ProcessEnv, mode: AppMode): NotificationSettings {
  // Under jest (NODE_ENV=test) the server never sends on its own: tests run `notify run` with a fixed clock.
  const testing = (env.NODE_ENV ?? process.env.NODE_ENV) === 'test';
  const intervalMinutes = parseIntVar(env, 'NOTIFY_INTERVAL_MINUTES', testing ? 0 : 5, 0, 24 * 60);
  const defaultTimeZone = blankToUndefined(env.NOTIFY_TIME_ZONE) ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: defaultTimeZone });
  } catch {
    throw new ConfigError(`NOTIFY_TIME_ZONE must be an IANA time zone such as Europe/Berlin or America/Chicago; got "${defaultTimeZone}".`);
  }
  const publicRaw = blankToUndefined(env.TAB_ENDPOINT);
  const publicUrl = publicRaw ? secureOrLoopback('TAB_ENDPOINT', publicRaw).replace(/\/+$/, '') : undefined;
  const secret = blankToUndefined(env.DOWNLOAD_LINK_SECRET);
  if (secret && secret.length < 32) throw new ConfigError('DOWNLOAD_LINK_SECRET must be at least 32 characters (e.g. `openssl rand -base64 32`).');
  // Instances of one deployment share the bot and Entra secrets: a link signed by one is checked by another.
  const derivedFrom = mode === 'production' ? (blankToUndefined(env.BOT_PASSWORD) ?? blankToUndefined(env.AAD_APP_CLIENT_SECRET)) : undefined;
  return {
    intervalMinutes,
    defaultTimeZone,
    ...(publicUrl ? { publicUrl } : {}),
    ...(blankToUndefined(env.TEAMS_APP_ID) ? { teamsAppId: blankToUndefined(env.TEAMS_APP_ID) } : {}),
    ...(secret ?? derivedFrom ? { downloadLinkSecret: secret ?? `derived:${derivedFrom}` } : {}),
  };
}
