/**
 * A local stand-in for Entra ID that knows several app registrations, for the per-customer credential
 * suites: each registration signs in with a client secret or a certificate. A certificate's client
 * assertion is checked as the Microsoft identity platform documents it: RS256 signature by the
 * certificate's key, `x5t#S256` (and `x5t`) naming that certificate, aud = this token endpoint (the
 * tenant's), iss = sub = the client id, a jti not seen before, and a short nbf..exp window.
 *
 * It also publishes a JWKS and signs the tab's SSO tokens, and answers on-behalf-of: the user's token
 * is accepted at the authority of its own tenant, or of a tenant where the user is a guest (`guests`).
 *
 * GraphRouter is a Graph front for several demo Graph servers (one per customer tenant): it forwards by
 * the access token, and rewrites the backend's links to its own origin, as one Graph host would serve
 * every tenant.
 */
import { createHash, verify, X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT, type JSONWebKeySet, type KeyLike } from 'jose';

export type Registration = { secret: string } | { certificatePem: string };

export interface CredentialTokenRequest {
  tenant: string;
  clientId: string;
  grantType: string;
  /** How the client authenticated. */
  auth: 'secret' | 'certificate' | 'none';
  /** For OBO: the user's object id and home tenant from the assertion. */
  userOid?: string;
  userTenant?: string;
  /** Why the request was refused, if it was. */
  refused?: string;
}

export class CredentialsEntra {
  readonly requests: CredentialTokenRequest[] = [];
  /** Tenant id -> object ids of users who are guests there (OBO at that tenant's authority is allowed). */
  readonly guests = new Map<string, Set<string>>();
  private readonly seenJti = new Set<string>();
  private server?: http.Server;
  private signingKey!: KeyLike;
  private jwks!: JSONWebKeySet;
  url = '';

  constructor(
    /** Client id -> its credential. */
    readonly registrations: Map<string, Registration>,
    /** The tab's app registration: the audience of SSO tokens. */
    readonly appClientId: string,
    /** Access token issued per tenant. */
    readonly accessTokens: Record<string, string>,
  ) {}

  async start(): Promise<void> {
    const pair = await generateKeyPair('RS256');
    this.signingKey = pair.privateKey;
    this.jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] };
    this.server = http.createServer((req, res) => void this.handle(req, res).catch((err) => send(res, 500, { error: 'server_error', error_description: String(err) })));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await closeServer(this.server);
  }

  get jwksUrl(): string {
    return `${this.url}/discovery/keys`;
  }

  get issuerTemplate(): string {
    return `${this.url}/{tid}/v2.0`;
  }

  async ssoToken(claims: { tid: string; oid: string; wids?: string[] }): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ scp: 'access_as_user', name: 'Ada Admin', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1', typ: 'JWT' })
      .setIssuer(`${this.url}/${claims.tid}/v2.0`)
      .setAudience(this.appClientId)
      .setIssuedAt(now - 60)
      .setExpirationTime(now + 3600)
      .sign(this.signingKey);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    if (req.method === 'GET' && url.pathname === '/discovery/keys') return send(res, 200, this.jwks);
    const m = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (req.method !== 'POST' || !m) return send(res, 404, { error: 'not_found' });
    const tenant = decodeURIComponent(m[1]).toLowerCase();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const clientId = form.get('client_id') ?? '';
    const record: CredentialTokenRequest = { tenant, clientId, grantType: form.get('grant_type') ?? '', auth: 'none' };
    this.requests.push(record);
    const refuse = (status: number, error: string, description: string) => {
      record.refused = description;
      send(res, status, { error, error_description: description });
    };
    const registration = this.registrations.get(clientId);
    if (!registration) return refuse(400, 'unauthorized_client', `AADSTS700016: Application ${clientId} was not found.`);
    if ('secret' in registration) {
      record.auth = form.has('client_secret') ? 'secret' : 'none';
      if (form.get('client_secret') !== registration.secret) return refuse(401, 'invalid_client', 'AADSTS7000215: Invalid client secret provided.');
    } else {
      record.auth = form.has('client_assertion') ? 'certificate' : 'none';
      if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
        return refuse(401, 'invalid_client', 'AADSTS7000218: The request body must contain client_assertion or client_secret.');
      }
      const why = this.assertionProblem(form.get('client_assertion') ?? '', registration.certificatePem, clientId, `${this.url}/${m[1]}/oauth2/v2.0/token`);
      if (why) return refuse(401, 'invalid_client', why);
    }
    if (record.grantType === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      if (form.get('requested_token_use') !== 'on_behalf_of') return refuse(400, 'invalid_request', 'AADSTS900144: requested_token_use is missing.');
      try {
        const { payload } = await jwtVerify(form.get('assertion') ?? '', createLocalJWKSet(this.jwks), { audience: this.appClientId });
        record.userOid = String(payload.oid);
        record.userTenant = String(payload.tid).toLowerCase();
      } catch (err) {
        return refuse(400, 'invalid_grant', `AADSTS50013: Assertion failed signature validation. ${(err as Error).message}`);
      }
      if (record.userTenant !== tenant && !this.guests.get(tenant)?.has(record.userOid)) {
        return refuse(400, 'invalid_grant', `AADSTS50020: User account from identity provider does not exist in tenant ${tenant}.`);
      }
    } else if (record.grantType !== 'client_credentials') {
      return refuse(400, 'unsupported_grant_type', `AADSTS70003: ${record.grantType}`);
    }
    const token = this.accessTokens[tenant];
    if (!token) return refuse(400, 'invalid_request', `AADSTS90002: Tenant '${tenant}' not found.`);
    return send(res, 200, { token_type: 'Bearer', expires_in: 3599, access_token: token });
  }

  /** Why a client assertion is not acceptable, or undefined. */
  private assertionProblem(assertion: string, certificatePem: string, clientId: string, endpoint: string): string | undefined {
    const parts = assertion.split('.');
    if (parts.length !== 3) return 'AADSTS50027: JWT token is invalid or malformed.';
    const [h, p, s] = parts;
    const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as Record<string, unknown>;
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
    const certificate = new X509Certificate(certificatePem);
    if (header.alg !== 'RS256') return `AADSTS5002730: unsupported alg ${String(header.alg)}.`;
    if (header['x5t#S256'] !== createHash('sha256').update(certificate.raw).digest('base64url')) return 'AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application.';
    if (header.x5t !== createHash('sha1').update(certificate.raw).digest('base64url')) return 'AADSTS700027: x5t does not name the registered certificate.';
    if (!verify('sha256', Buffer.from(`${h}.${p}`), certificate.publicKey, Buffer.from(s, 'base64url'))) return 'AADSTS7000274: Client assertion failed signature validation.';
    if (claims.aud !== endpoint) return `AADSTS700024: Client assertion audience claim does not match Realm issuer (${String(claims.aud)}).`;
    if (claims.iss !== clientId || claims.sub !== clientId) return 'AADSTS700023: Client assertion issuer and subject must be the client id.';
    const now = Math.floor(Date.now() / 1000);
    if (typeof claims.nbf !== 'number' || typeof claims.exp !== 'number' || claims.nbf > now + 60 || claims.exp <= now || claims.exp - claims.nbf > 600) {
      return 'AADSTS700024: Client assertion is not within its valid time range.';
    }
    if (typeof claims.jti !== 'string' || this.seenJti.has(claims.jti)) return 'AADSTS700030: the client assertion jti was used before.';
    this.seenJti.add(claims.jti);
    return undefined;
  }
}

/** One Graph origin in front of several demo Graph servers, chosen by the request's access token. */
export class GraphRouter {
  private server?: http.Server;
  url = '';

  constructor(private readonly backends: Map<string, string>) {}

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => void this.forward(req, res).catch((err) => send(res, 502, { error: { code: 'BadGateway', message: String(err) } })));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await closeServer(this.server);
  }

  private async forward(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const backend = this.backends.get(token);
    if (!backend) return send(res, 401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token validation failure.' } });
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'accept-encoding') headers[k] = v;
    const answer = await fetch(`${backend}${req.url}`, { method: req.method, headers });
    const text = (await answer.text()).split(backend).join(this.url);
    res.writeHead(answer.status, { 'Content-Type': answer.headers.get('content-type') ?? 'application/json' });
    res.end(text);
  }
}

/** A self-signed RSA certificate and its key as one PEM (openssl), as Key Vault exports a PEM certificate. */
export function selfSignedPem(commonName: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-cert-'));
  try {
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-subj', `/CN=${commonName}`, '-days', '2'], { stdio: 'ignore' });
    return `${fs.readFileSync(key, 'utf8')}${fs.readFileSync(cert, 'utf8')}`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The certificate part of a PEM (what the app registration holds). */
export function certificatePart(pem: string): string {
  return /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)![0];
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

async function closeServer(server: http.Server | undefined): Promise<void> {
  if (!server) return;
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
