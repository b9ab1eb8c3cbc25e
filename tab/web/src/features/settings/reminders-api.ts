/**
 * The chats and channels the bot reminds (tab/api/reminder-routes.ts), for the tenant the tab acts for.
 */
import type { ApiClient } from '../../api-client';
import type { RemindersPage } from '../../../../../shared/services/reminders-admin';

export type { ReminderRow, RemindersPage } from '../../../../../shared/services/reminders-admin';

export const remindersPage = (api: ApiClient, offset: number, limit: number) => api.call<RemindersPage>('GET', `/reminders?offset=${offset}&limit=${limit}`);

/** Stops one conversation's reminders; 409 when the reminders changed since `expectedVersion` was read. */
export const stopReminders = (api: ApiClient, id: string, expectedVersion: number | null) =>
  api.call<{ version: number }>('DELETE', `/reminders/${encodeURIComponent(id)}?expectedVersion=${expectedVersion ?? 'none'}`);
