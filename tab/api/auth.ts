/**
 * Authenticates and authorises every tab API call.
 * Production: an Entra access token (tab SSO) checked here - signature by `kid` from the JWKS,
 * issuer for the token's own tenant, audience = our client id, the `access_as_user` scope, expiry -
 * then the tenant allow-list and a Teams/Global admin role in `wids`.
 * Local mode: a fixed local developer identity for the demo tenant (never available in production,
 * because production config refuses to load without credentials).
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type { AppConfig } from '../../shared/config/app-config';
import { hasVoiceAdminRole, ADMIN_ROLES } from '../../shared/domain/microsoft-ids';
import type { Caller } from '../../shared/services/caller';
import { assertClaimTypes } from './token-claims';

declare module 'express-serve-static-core' {
  interface Request {
    caller?: Caller;
    /** The verified Entra SSO token itself (production only): exchanged on-behalf-of the caller for Graph. */
    ssoToken?: string;
  }
}

export const LOCAL_DEV_USER_ID = 'local-developer';

export function localDeveloper(tenantId: string): Caller {
  return {
    tenantId,
    userId: LOCAL_DEV_USER_ID,
    name: 'Local developer',
    roles: [ADMIN_ROLES.teamsAdministrator],
    via: 'local-dev',
  };
}

interface EntraClaims extends JWTPayload {
  tid?: string;
  oid?: string;
  name?: string;
  preferred_username?: string;
  upn?: string;
  /** Group object ids (when the app registration emits group claims); matched by portfolio grants. */
  groups?: string[];
  scp?: string;
  wids?: string[];
}

export function authenticate(config: AppConfig): RequestHandler {
  if (config.mode === 'local') {
    const caller = localDeveloper(config.demo.tenantId);
    return (req, _res, next) => {
      req.caller = caller;
      next();
    };
  }
  const jwks = createRemoteJWKSet(new URL(config.auth.jwksUrl), { cacheMaxAge: 6 * 60 * 60 * 1000 });
  const clientId = config.auth.clientId!;
  const allowed = new Set(config.auth.allowedTenantIds);
  return async (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer (.+)$/i.exec(header);
    if (!match) return deny(res, 401, 'Sign in: this API needs an Entra access token (Authorization: Bearer).');
    let claims: EntraClaims;
    try {
      const verified = await jwtVerify<EntraClaims>(match[1], jwks, {
        audience: [clientId, `api://${clientId}`],
        clockTolerance: 120,
      });
      claims = verified.payload;
      assertClaimTypes(claims);
      const tid = claims.tid;
      if (!tid) throw new Error('the token has no tenant id (tid)');
      const issuers = config.auth.issuerTemplates.map((t) => t.replace('{tid}', tid));
      if (!claims.iss || !issuers.includes(claims.iss)) throw new Error(`unexpected issuer ${claims.iss ?? '(none)'}`);
      const scopes = (claims.scp ?? '').split(' ');
      if (!scopes.includes('access_as_user')) throw new Error('the token lacks the access_as_user scope');
    } catch (err) {
      return deny(res, 401, `The access token was rejected: ${(err as Error).message}.`);
    }
    const tenantId = claims.tid!.toLowerCase();
    if (!allowed.has(tenantId)) return deny(res, 403, `Tenant ${tenantId} is not enabled for this deployment.`);
    const roles = (claims.wids ?? []).map((r) => r.toLowerCase());
    if (!hasVoiceAdminRole(roles)) {
      return deny(res, 403, 'You need a Teams Administrator, Teams Communications/Telephony Administrator or Global Administrator role.');
    }
    req.caller = {
      tenantId,
      userId: claims.oid ?? claims.sub ?? 'unknown',
      name: claims.name ?? claims.preferred_username ?? 'admin',
      roles,
      via: 'sso',
      ...subjectClaims(claims),
    };
    req.ssoToken = match[1];
    next();
  };
}

/** The UPN and groups a portfolio grant may name (tab/api/acting-tenant.ts), lower-case. */
function subjectClaims(claims: EntraClaims): { upn?: string; groupIds?: string[] } {
  const upn = claims.preferred_username ?? claims.upn;
  const groups = Array.isArray(claims.groups) ? claims.groups.filter((g): g is string => typeof g === 'string').map((g) => g.toLowerCase()) : [];
  return { ...(typeof upn === 'string' && upn.includes('@') ? { upn: upn.toLowerCase() } : {}), ...(groups.length ? { groupIds: groups } : {}) };
}

function deny(res: Response, status: number, message: string): void {
  res.status(status).json({ error: { code: status === 401 ? 'unauthenticated' : 'forbidden', message } });
}
