/**
 * App-only Graph tokens by the OAuth 2.0 client-credentials grant: a plain form POST to the cloud's
 * sign-in authority (with a client secret or a certificate's client assertion), cached until shortly
 * before expiry. The authority is configurable per cloud
 * (global, US Government, China) and, for tests, any URL.
 */
import type { TokenProvider } from './graph-middleware';
import { CLIENT_ASSERTION_TYPE, type CertificateCredential } from './certificate-credential';

export interface ClientCredentials {
  tenantId: string;
  clientId: string;
  /** The app authenticates with a secret or with a certificate's signed client assertion. */
  clientSecret?: string;
  certificate?: CertificateCredential;
  /** e.g. https://login.microsoftonline.com */
  authority: string;
  /** The Graph base URL; the scope is `<base>/.default`. */
  graphBaseUrl: string;
}

export function clientCredentialsToken(credentials: ClientCredentials, fetchImpl: typeof fetch = fetch): TokenProvider {
  let cached: { token: string; expiresAt: number } | undefined;
  return {
    async getAccessToken() {
      if (cached && Date.now() < cached.expiresAt) return cached.token;
      const url = `${credentials.authority.replace(/\/+$/, '')}/${encodeURIComponent(credentials.tenantId)}/oauth2/v2.0/token`;
      const body = new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: credentials.clientId,
        ...(credentials.certificate
          ? { client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion: credentials.certificate.clientAssertion(credentials.clientId, url) }
          : { client_secret: credentials.clientSecret ?? '' }),
        scope: `${new URL(credentials.graphBaseUrl).origin}/.default`,
      });
      const res = await fetchImpl(url, { method: 'POST', body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
      const text = await res.text();
      let json: { access_token?: string; expires_in?: number; error?: string; error_description?: string } = {};
      try {
        json = JSON.parse(text);
      } catch {
        // reported below
      }
      if (!res.ok || !json.access_token) {
        const why = json.error ? `${json.error}: ${(json.error_description ?? '').split('\n')[0]}` : `HTTP ${res.status}`;
        throw new Error(`sign-in at ${url} failed (${why})`);
      }
      // Renew five minutes early so a long sync never sends an expired token.
      cached = { token: json.access_token, expiresAt: Date.now() + Math.max(60, (json.expires_in ?? 3600) - 300) * 1000 };
      return cached.token;
    },
  };
}
