/**
 * A local stand-in for Entra ID over plain HTTP: it publishes a JWKS (so the server validates SSO
 * tokens signed here) and answers the v2.0 token endpoint `/{tenant}/oauth2/v2.0/token` for the two
 * grants the server uses - on-behalf-of (jwt-bearer + requested_token_use=on_behalf_of, the assertion
 * checked against the JWKS key, audience and tenant) and client_credentials - checking the client
 * secret and the `<graph>/.default` scope like Entra does. Every token request is recorded.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, createLocalJWKSet, type JWTPayload, type KeyLike, type JSONWebKeySet } from 'jose';

export interface TokenRequest {
  tenant: string;
  grantType: string;
  scope: string;
  requestedTokenUse?: string;
  /** The SSO token's oid for OBO requests. */
  userOid?: string;
}

export interface LocalEntraOptions {
  clientId: string;
  clientSecret: string;
  /** Expected scope, e.g. `http://127.0.0.1:1234/.default`; set after the Graph server starts. */
  graphScope?: string;
  /** Access token issued per tenant (both grants). */
  accessTokens: Record<string, string>;
}

export class LocalEntra {
  readonly requests: TokenRequest[] = [];
  /** Tenants whose admin has not consented: OBO and app-only answer AADSTS65001. */
  readonly unconsented = new Set<string>();
  /** When set, the token endpoint answers 500 (an outage). */
  failing = false;
  private server?: http.Server;
  private privateKey!: KeyLike;
  private jwks!: JSONWebKeySet;
  readonly kid = 'local-entra-key';
  url = '';

  constructor(readonly options: LocalEntraOptions) {}

  async start(): Promise<string> {
    const pair = await generateKeyPair('RS256');
    this.privateKey = pair.privateKey;
    this.jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: this.kid, alg: 'RS256', use: 'sig' }] };
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err) => this.send(res, 500, { error: 'server_error', error_description: String(err) }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  get jwksUrl(): string {
    return `${this.url}/discovery/keys`;
  }

  get issuerTemplate(): string {
    return `${this.url}/{tid}/v2.0`;
  }

  /** An SSO token for the tab API, as Teams would hand it to the tab. */
  async ssoToken(claims: JWTPayload & { tid: string; oid: string; wids?: string[] }): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ scp: 'access_as_user', name: 'Ada Admin', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: this.kid, typ: 'JWT' })
      .setIssuer(`${this.url}/${claims.tid}/v2.0`)
      .setAudience(this.options.clientId)
      .setIssuedAt(now - 60)
      .setExpirationTime(now + 3600)
      .sign(this.privateKey);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    if (req.method === 'GET' && url.pathname === '/discovery/keys') return this.send(res, 200, this.jwks);
    const m = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (req.method !== 'POST' || !m) return this.send(res, 404, { error: 'not_found' });
    const tenant = decodeURIComponent(m[1]).toLowerCase();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const record: TokenRequest = { tenant, grantType: form.get('grant_type') ?? '', scope: form.get('scope') ?? '', requestedTokenUse: form.get('requested_token_use') ?? undefined };
    this.requests.push(record);
    if (this.failing) return this.send(res, 500, { error: 'temporarily_unavailable', error_description: 'AADSTS90033: A transient error has occurred.' });
    if (form.get('client_id') !== this.options.clientId || form.get('client_secret') !== this.options.clientSecret) {
      return this.send(res, 401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' });
    }
    if (this.options.graphScope && record.scope !== this.options.graphScope) {
      return this.send(res, 400, { error: 'invalid_scope', error_description: `AADSTS70011: The provided value for scope ${record.scope} is not valid.` });
    }
    if (record.grantType === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      if (record.requestedTokenUse !== 'on_behalf_of') return this.send(res, 400, { error: 'invalid_request', error_description: 'AADSTS900144: requested_token_use is missing.' });
      try {
        const { payload } = await jwtVerify(form.get('assertion') ?? '', createLocalJWKSet(this.jwks), { audience: this.options.clientId });
        if (String(payload.tid).toLowerCase() !== tenant) throw new Error(`the assertion is for tenant ${payload.tid}`);
        record.userOid = String(payload.oid);
      } catch (err) {
        return this.send(res, 400, { error: 'invalid_grant', error_description: `AADSTS50013: Assertion failed signature validation. ${(err as Error).message}` });
      }
    } else if (record.grantType !== 'client_credentials') {
      return this.send(res, 400, { error: 'unsupported_grant_type', error_description: `AADSTS70003: ${record.grantType}` });
    }
    if (this.unconsented.has(tenant)) {
      return this.send(res, 400, {
        error: record.grantType === 'client_credentials' ? 'invalid_client' : 'invalid_grant',
        error_description: 'AADSTS65001: The user or administrator has not consented to use the application.',
        suberror: 'consent_required',
      });
    }
    const token = this.options.accessTokens[tenant];
    if (!token) return this.send(res, 400, { error: 'invalid_request', error_description: `AADSTS90002: Tenant '${tenant}' not found.` });
    return this.send(res, 200, { token_type: 'Bearer', expires_in: 3599, access_token: token });
  }

  private send(res: http.ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  }
}
