/**
 * Graph access tokens for the production server, from the Entra app's own credentials
 * (AAD_APP_CLIENT_ID + AAD_APP_CLIENT_SECRET, or a certificate: certificate-credential.ts), and for MSP
 * customers optionally a registration per customer tenant (shared/config/graph-credentials.ts):
 * - on behalf of the signed-in admin (OBO): the tab's SSO token is exchanged in the admin's own tenant,
 *   so a sync can only ever read what that admin may read, in that tenant;
 * - app-only per customer tenant (client credentials), after admin consent: for checks that have no
 *   user token, such as the bot's admin-role lookup.
 * Scopes are always `<graph origin>/.default`; the authority host comes from the cloud table.
 *
 * Token acquisition is a small port with two adapters: @microsoft/teamsfx credentials (msal-node) for
 * the real authorities, and a plain OAuth form post used only for a loopback http authority (a local
 * token endpoint in tests), because msal-node refuses http authorities and, for hosts it does not know,
 * asks login.microsoftonline.com for instance discovery - neither can be satisfied by a local server.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { AppCredential } from '@microsoft/teamsfx';
import type { AppConfig } from '../config/app-config';
import type { TokenProvider } from './graph-middleware';
import { CLIENT_ASSERTION_TYPE, type CertificateCredential } from './certificate-credential';

export interface AcquiredToken {
  token: string;
  /** Epoch milliseconds. */
  expiresOnTimestamp: number;
}

/**
 * consent-required: an admin must consent (or the user must sign in again); expired: the SSO token is
 * too old; no-account: the user has no account (not even a guest) in the tenant asked (AADSTS50020).
 */
export type TokenFailureKind = 'consent-required' | 'expired' | 'no-account' | 'failed';

export class TokenAcquisitionError extends Error {
  constructor(
    readonly kind: TokenFailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'TokenAcquisitionError';
  }
}

/** The port: one token request, no caching (the providers below cache). */
export interface TokenAcquisition {
  onBehalfOf(tenantId: string, userAssertion: string, scopes: string[]): Promise<AcquiredToken>;
  appOnly(tenantId: string, scopes: string[]): Promise<AcquiredToken>;
}

export interface AppCredentials {
  clientId: string;
  /** The app authenticates with a secret or with a certificate (a signed client assertion); exactly one. */
  clientSecret?: string;
  certificate?: CertificateCredential;
  /** e.g. https://login.microsoftonline.com (no tenant). */
  authorityHost: string;
}

/**
 * Production adapter: teamsfx's OnBehalfOfUserCredential and AppCredential (msal-node underneath).
 * teamsfx is loaded on first use: it pulls in the Agents SDK and takes seconds to load.
 */
export function teamsfxTokenAcquisition(credentials: AppCredentials): TokenAcquisition {
  let teamsfx: typeof import('@microsoft/teamsfx') | undefined;
  // require, not import(): this file is CommonJS, and a synchronous load behaves the same under the test runner.
  const load = () => (teamsfx ??= require('@microsoft/teamsfx') as typeof import('@microsoft/teamsfx'));
  // One AppCredential (one msal client and its token cache) per tenant.
  const appCredentials = new Map<string, AppCredential>();
  const config = (tenantId: string) => ({
    authorityHost: credentials.authorityHost,
    clientId: credentials.clientId,
    // msal-node builds the certificate's client assertion itself (x5t#S256) from key + certificate.
    ...(credentials.certificate ? { certificateContent: credentials.certificate.pemForMsal() } : { clientSecret: credentials.clientSecret ?? '' }),
    tenantId,
  });
  return {
    async onBehalfOf(tenantId, userAssertion, scopes) {
      try {
        const { OnBehalfOfUserCredential } = load();
        const credential = new OnBehalfOfUserCredential(userAssertion, config(tenantId));
        return required(await credential.getToken(scopes));
      } catch (err) {
        throw fromTeamsfxError(err, 'on-behalf-of');
      }
    },
    async appOnly(tenantId, scopes) {
      try {
        let credential = appCredentials.get(tenantId);
        if (!credential) {
          const { AppCredential } = load();
          credential = new AppCredential(config(tenantId));
          appCredentials.set(tenantId, credential);
        }
        return required(await credential.getToken(scopes));
      } catch (err) {
        throw fromTeamsfxError(err, 'app-only');
      }
    },
  };
}

function required(token: { token: string; expiresOnTimestamp: number } | null): AcquiredToken {
  if (!token?.token) throw new TokenAcquisitionError('failed', 'the sign-in service returned no access token');
  return { token: token.token, expiresOnTimestamp: token.expiresOnTimestamp };
}

function fromTeamsfxError(err: unknown, flow: string): TokenAcquisitionError {
  if (err instanceof TokenAcquisitionError) return err;
  const e = err as { code?: string; message?: string };
  const message = `${flow} sign-in failed: ${firstLine(e?.message ?? String(err))}`;
  // teamsfx ErrorCode values: UiRequiredError = interaction/consent needed; TokenExpiredError = AADSTS50013.
  if (e?.code === 'UiRequiredError' || /AADSTS65001|consent_required|interaction_required/i.test(e?.message ?? '')) {
    return new TokenAcquisitionError('consent-required', message);
  }
  if (e?.code === 'TokenExpiredError') return new TokenAcquisitionError('expired', message);
  if (/AADSTS50020/.test(e?.message ?? '')) return new TokenAcquisitionError('no-account', message);
  return new TokenAcquisitionError('failed', message);
}

/**
 * Loopback-only adapter: the same two OAuth 2.0 grants as a plain form post to
 * `<authorityHost>/<tenant>/oauth2/v2.0/token`. Refuses anything but a loopback http(s) authority so
 * that production traffic always goes through msal-node.
 */
export function loopbackOAuthTokenAcquisition(credentials: AppCredentials, fetchImpl: typeof fetch = fetch): TokenAcquisition {
  const host = new URL(credentials.authorityHost);
  if (!isLoopback(host)) throw new Error(`The plain OAuth token client only talks to a loopback authority; got ${host.origin}.`);
  const post = async (tenantId: string, form: Record<string, string>, flow: string): Promise<AcquiredToken> => {
    const url = `${credentials.authorityHost.replace(/\/+$/, '')}/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`;
    const auth: Record<string, string> = credentials.certificate
      ? { client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion: credentials.certificate.clientAssertion(credentials.clientId, url) }
      : { client_secret: credentials.clientSecret ?? '' };
    const body = new URLSearchParams({ client_id: credentials.clientId, ...auth, ...form });
    let res: Response;
    try {
      res = await fetchImpl(url, { method: 'POST', body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    } catch (err) {
      throw new TokenAcquisitionError('failed', `${flow} sign-in failed: ${(err as Error).message}`);
    }
    const text = await res.text();
    let json: { access_token?: string; expires_in?: number; error?: string; error_description?: string; suberror?: string } = {};
    try {
      json = JSON.parse(text);
    } catch {
      // reported below
    }
    if (!res.ok || !json.access_token) {
      const why = json.error ? `${json.error}: ${firstLine(json.error_description ?? '')}` : `HTTP ${res.status}`;
      const message = `${flow} sign-in failed (${why})`;
      if (json.error === 'interaction_required' || json.suberror === 'consent_required' || /AADSTS65001/.test(json.error_description ?? '')) {
        throw new TokenAcquisitionError('consent-required', message);
      }
      if (/AADSTS50013|AADSTS500133/.test(json.error_description ?? '')) throw new TokenAcquisitionError('expired', message);
      if (/AADSTS50020/.test(json.error_description ?? '')) throw new TokenAcquisitionError('no-account', message);
      throw new TokenAcquisitionError('failed', message);
    }
    return { token: json.access_token, expiresOnTimestamp: Date.now() + (json.expires_in ?? 3600) * 1000 };
  };
  return {
    onBehalfOf: (tenantId, assertion, scopes) =>
      post(
        tenantId,
        {
          grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
          requested_token_use: 'on_behalf_of',
          assertion,
          scope: scopes.join(' '),
        },
        'on-behalf-of',
      ),
    appOnly: (tenantId, scopes) => post(tenantId, { grant_type: 'client_credentials', scope: scopes.join(' ') }, 'app-only'),
  };
}

function isLoopback(url: URL): boolean {
  return /^(127\.0\.0\.1|localhost|\[::1\])$/i.test(url.hostname);
}

function firstLine(text: string): string {
  return text.split(/\r?\n/)[0].slice(0, 300);
}

/** Renew this long before expiry, so a long sync never sends an expired token. */
const RENEW_BEFORE_MS = 5 * 60_000;

/** A TokenProvider that asks `acquire` once and reuses the token until shortly before it expires. */
export function cachedTokenProvider(acquire: () => Promise<AcquiredToken>, now: () => number = Date.now): TokenProvider {
  let cached: AcquiredToken | undefined;
  let pending: Promise<AcquiredToken> | undefined;
  return {
    async getAccessToken() {
      if (cached && now() < cached.expiresOnTimestamp - RENEW_BEFORE_MS) return cached.token;
      // Parallel Graph reads share one token request.
      pending ??= acquire().finally(() => (pending = undefined));
      cached = await pending;
      return cached.token;
    },
  };
}

export interface GraphAccess {
  /** Graph base URL, e.g. https://graph.microsoft.com. */
  graphBaseUrl: string;
  /** On behalf of the admin whose SSO token this is, in that admin's tenant. */
  forUser(tenantId: string, ssoToken: string): TokenProvider;
  /**
   * App-only in a tenant (needs admin consent there); one cached provider per tenant. With per-customer
   * credentials a customer's own registration signs in, any other tenant the app's.
   */
  forTenant(tenantId: string): TokenProvider;
  /**
   * App-only in an MSP customer's tenant as MSP_GRAPH_CREDENTIALS says: the app registration (`app`),
   * or the customer's own (`per-customer`); undefined when per-customer and the customer has none.
   */
  forCustomer(tenantId: string): TokenProvider | undefined;
}

export interface GraphAccessOptions {
  graphBaseUrl: string;
  /** The app registration's: on behalf of users, and app-only by default. */
  acquisition: TokenAcquisition;
  /** Per-customer registrations (MSP_GRAPH_CREDENTIALS=per-customer); absent = the app's for every customer. */
  customerAcquisition?: (tenantId: string) => TokenAcquisition | undefined;
  now?: () => number;
}

export function createGraphAccess(options: GraphAccessOptions): GraphAccess {
  const scopes = [`${new URL(options.graphBaseUrl).origin}/.default`];
  const tenants = new Map<string, TokenProvider>();
  const appOnly = (key: string, acquisition: TokenAcquisition) => {
    let provider = tenants.get(key);
    if (!provider) {
      provider = cachedTokenProvider(() => acquisition.appOnly(key, scopes), options.now);
      tenants.set(key, provider);
    }
    return provider;
  };
  return {
    graphBaseUrl: options.graphBaseUrl,
    // The SSO token's audience is the app registration, so only the app itself can exchange it - in the
    // user's own tenant, or in a customer tenant where the user is a guest (the authority is the tenant's).
    forUser: (tenantId, ssoToken) => cachedTokenProvider(() => options.acquisition.onBehalfOf(tenantId, ssoToken, scopes), options.now),
    forTenant(tenantId) {
      const key = tenantId.toLowerCase();
      return appOnly(key, options.customerAcquisition?.(key) ?? options.acquisition);
    },
    forCustomer(tenantId) {
      const key = tenantId.toLowerCase();
      if (!options.customerAcquisition) return appOnly(key, options.acquisition);
      const own = options.customerAcquisition(key);
      return own ? appOnly(key, own) : undefined;
    },
  };
}

/** msal-node (through teamsfx) for real authorities; the plain form post for a loopback test authority. */
function acquisitionFor(credentials: AppCredentials): TokenAcquisition {
  return new URL(credentials.authorityHost).protocol === 'http:' ? loopbackOAuthTokenAcquisition(credentials) : teamsfxTokenAcquisition(credentials);
}

const byConfig = new WeakMap<AppConfig, GraphAccess | null>();

/**
 * The deployment's Graph access, or undefined when neither AAD_APP_CLIENT_SECRET nor a certificate is set. One instance per
 * configuration, so the bot's role lookup and the tab's sync share token caches.
 */
export function graphAccessFor(config: AppConfig): GraphAccess | undefined {
  if (byConfig.has(config)) return byConfig.get(config) ?? undefined;
  let access: GraphAccess | null = null;
  const { clientId, clientSecret, clientCertificate } = config.auth;
  if (clientId && (clientSecret || clientCertificate)) {
    const authorityHost = config.graph.authorityHost;
    const acquisition = acquisitionFor({ clientId, authorityHost, ...(clientCertificate ? { certificate: clientCertificate } : { clientSecret }) });
    const customers = config.portfolio?.credentials;
    let customerAcquisition: GraphAccessOptions['customerAcquisition'];
    if (customers?.mode === 'per-customer') {
      const built = new Map<string, TokenAcquisition>();
      customerAcquisition = (tenantId) => {
        const own = customers.byTenant.get(tenantId);
        if (!own) return undefined;
        let a = built.get(tenantId);
        if (!a) built.set(tenantId, (a = acquisitionFor({ ...own, authorityHost })));
        return a;
      };
    }
    access = createGraphAccess({ graphBaseUrl: config.graph.baseUrl, acquisition, customerAcquisition });
  }
  byConfig.set(config, access);
  return access ?? undefined;
}

/** What to set when Graph access is missing; shown by the bot and the sync API. */
export const GRAPH_ACCESS_MISSING =
  'Set AAD_APP_CLIENT_SECRET or AAD_APP_CLIENT_CERTIFICATE (the secret or certificate of the AAD_APP_CLIENT_ID app registration, admin-consented for Graph) and, for a national cloud, GRAPH_CLOUD.';

/**
 * The sync controller holds one Graph connection for the whole server, but production syncs run on
 * behalf of whoever started them. This provider hands each sync the token provider that was in scope
 * when the sync started (async context follows the sync's whole promise chain), and fails outside one.
 */
const syncCredential = new AsyncLocalStorage<TokenProvider>();

export function runWithSyncCredential<T>(provider: TokenProvider, start: () => T): T {
  return syncCredential.run(provider, start);
}

export const perSyncTokenProvider: TokenProvider = {
  async getAccessToken() {
    const provider = syncCredential.getStore();
    if (!provider) throw new Error('this sync was started without a signed-in admin, so there is no Graph credential for it');
    return provider.getAccessToken();
  },
};
