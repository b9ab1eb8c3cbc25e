/**
 * The tenant's reminders for Settings > Reminders (shared/services/reminders-admin.ts):
 *   GET    /reminders?offset&limit   a page of the chats and channels the bot reminds, paused ones first
 *   DELETE /reminders/:id            (If-Match or ?expectedVersion): stop one conversation's reminders
 * An MSP viewer reads them and cannot stop them (acting-tenant.ts refuses its writes).
 */
import type { Router } from 'express';
import type { AppServices } from '../../shared/services/app-services';
import { actorName } from '../../shared/services/caller';
import { pageReminders, REMINDER_ID, REMINDERS_PAGE_MAX, stopReminders } from '../../shared/services/reminders-admin';
import { BadRequestError, deleteVersion, queryInt } from './request-input';

export function registerReminderRoutes(router: Router, services: AppServices): void {
  router.get('/reminders', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    const limit = queryInt(q, 'limit', 50);
    if (limit < 1 || limit > REMINDERS_PAGE_MAX) {
      throw new BadRequestError(`limit must be between 1 and ${REMINDERS_PAGE_MAX}.`, [{ path: '$.limit', message: `expected 1 to ${REMINDERS_PAGE_MAX}` }]);
    }
    res.json(await pageReminders(services.store, req.caller!.tenantId, { offset: queryInt(q, 'offset', 0), limit }));
  });

  router.delete('/reminders/:id', async (req, res) => {
    const id = req.params.id;
    if (!REMINDER_ID.test(id)) throw new BadRequestError('The reminders id is the one the list gives (20 hexadecimal digits).', [{ path: '$.id', message: 'expected 20 hexadecimal digits' }]);
    const c = req.caller!;
    res.json({ version: await stopReminders(services.store, c.tenantId, id, deleteVersion(req), actorName(c)) });
  });
}
