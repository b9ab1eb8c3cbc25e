/**
 * Short-lived signed links to a stored export, for conversations where the bot cannot send a file
 * (channels, group chats): anyone in the conversation can open the link without a tab token, until it
 * expires. The token is `<payload>.<signature>`: the payload names the tenant, the artefact, the file
 * name and the expiry; the signature is an HMAC-SHA256 over it with the server's secret (configured,
 * shared by every instance; a random one per process in local mode). Nothing is stored per link.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { EXPORT_ARTEFACT_PREFIX } from '../jobs/rollout-export';

export const DOWNLOAD_ROUTE_PREFIX = '/downloads/';
/** How long a link works: long enough to click it from a reminder, short enough not to linger. */
export const DOWNLOAD_LINK_TTL_MS = 60 * 60_000;

export interface PublicLinkSettings {
  /** The server's public address (TAB_ENDPOINT): links are absolute, the tab lives there too. */
  publicUrl?: string;
  /** The Teams app id (TEAMS_APP_ID): "open in tab" buttons deep-link into Teams. */
  teamsAppId?: string;
}

export interface DownloadGrant {
  tenantId: string;
  artefact: string;
  fileName: string;
  expiresAt: Date;
}

export type DownloadCheck = { ok: true; grant: DownloadGrant } | { ok: false; status: 403 | 410; message: string };

export interface DownloadLinks {
  readonly settings: PublicLinkSettings;
  /** The token for a grant. */
  sign(grant: DownloadGrant): string;
  /** The absolute link for a grant; undefined when the public address is not configured. */
  link(grant: DownloadGrant): string | undefined;
  /** Checks signature, then expiry, then that the artefact is an export (never another kind of artefact). */
  check(token: string, now: Date): DownloadCheck;
}

const b64url = (buf: Buffer) => buf.toString('base64url');

export function createDownloadLinks(secret: string | Buffer | undefined, settings: PublicLinkSettings = {}): DownloadLinks {
  // Bound to its purpose, so the same configured secret could never sign anything else.
  const key = createHmac('sha256', secret && secret.length > 0 ? secret : randomBytes(32)).update('vmp download links v1').digest();
  const mac = (payload: string) => createHmac('sha256', key).update(payload).digest();
  const sign = (grant: DownloadGrant) => {
    const payload = b64url(Buffer.from(JSON.stringify({ t: grant.tenantId, a: grant.artefact, f: grant.fileName, e: Math.floor(grant.expiresAt.getTime() / 1000) })));
    return `${payload}.${b64url(mac(payload))}`;
  };
  return {
    settings,
    sign,
    link(grant) {
      const base = settings.publicUrl?.replace(/\/+$/, '');
      return base ? `${base}${DOWNLOAD_ROUTE_PREFIX}${sign(grant)}` : undefined;
    },
    check(token, now) {
      const forged = { ok: false as const, status: 403 as const, message: 'This download link is not valid. Ask the bot for **plan** again to get a new one.' };
      const m = /^([A-Za-z0-9_-]{1,2000})\.([A-Za-z0-9_-]{43})$/.exec(token);
      if (!m) return forged;
      const given = Buffer.from(m[2], 'base64url');
      const expected = mac(m[1]);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return forged;
      let p: { t?: unknown; a?: unknown; f?: unknown; e?: unknown };
      try {
        p = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8'));
      } catch {
        return forged;
      }
      if (typeof p.t !== 'string' || typeof p.a !== 'string' || typeof p.f !== 'string' || typeof p.e !== 'number') return forged;
      if (!p.a.startsWith(EXPORT_ARTEFACT_PREFIX)) return forged;
      const expiresAt = new Date(p.e * 1000);
      if (now.getTime() >= expiresAt.getTime()) {
        return { ok: false, status: 410, message: `This download link expired at ${expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC. Ask the bot for **plan** again to get a new one.` };
      }
      return { ok: true, grant: { tenantId: p.t, artefact: p.a, fileName: p.f, expiresAt } };
    },
  };
}
