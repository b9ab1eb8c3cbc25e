/**
 * GET /downloads/<token>: the stored export a signed link names (shared/services/download-link), for
 * people in a channel or group chat who clicked the bot's card - no tab token. Mounted outside the
 * authenticated /api router; the signature (server secret), the expiry and the tenant inside the token
 * are the whole authorisation, and the token can only name an export artefact of its own tenant.
 * Forged: 403; expired, or the workbook replaced by a newer plan's: 410; each with a sentence saying to
 * ask the bot again.
 */
import { Router, type Request, type Response } from 'express';
import type { AppServices } from '../shared/services/app-services';
import { DOWNLOAD_ROUTE_PREFIX } from '../shared/services/download-link';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A browser (someone clicked the card's button) gets a short page; anything else the API's JSON error. */
function refuse(res: Response, status: number, message: string): void {
  res.status(status).setHeader('Cache-Control', 'no-store');
  const code = status === 403 ? 'forbidden' : 'gone';
  res.format({
    'application/json': () => res.json({ error: { code, message } }),
    'text/html': () => {
      const text = escapeHtml(message.replace(/\*\*/g, ''));
      res.send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Download unavailable</title></head><body><h1>Download unavailable</h1><p>${text}</p></body></html>`);
    },
    default: () => res.json({ error: { code, message } }),
  });
}

/** A file name for Content-Disposition: ASCII fallback plus the UTF-8 form, no quotes or separators. */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 150) || 'download.xlsx';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName.slice(0, 150))}`;
}

export function createDownloadRouter(services: AppServices): Router {
  const router = Router();
  router.get(`${DOWNLOAD_ROUTE_PREFIX}:token`, async (req: Request, res: Response, next) => {
    try {
      const check = services.notifications.links.check(String(req.params.token ?? ''), services.now());
      if (!check.ok) return refuse(res, check.status, check.message);
      const { tenantId, artefact, fileName } = check.grant;
      const bytes = (await services.store.getTenant(tenantId)) ? await services.store.artefacts.get(tenantId, artefact) : undefined;
      if (!bytes) {
        return refuse(res, 410, 'This workbook is no longer stored: a newer plan replaced it. Ask the bot for **plan** again to get the current one.');
      }
      res.setHeader('Content-Type', XLSX);
      res.setHeader('Content-Disposition', contentDisposition(fileName));
      res.setHeader('Content-Length', String(bytes.length));
      res.setHeader('Cache-Control', 'private, no-store');
      res.end(bytes);
    } catch (err) {
      next(err);
    }
  });
  return router;
}
