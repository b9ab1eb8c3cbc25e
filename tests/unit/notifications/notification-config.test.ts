/**
 * Notification settings as the server reads them (a bad value stops it with the variable's name), and
 * the server's schedule: off under jest and at 0, every N minutes otherwise, stopped on shutdown.
 */
import { ConfigError, loadConfig } from '../../../shared/config/app-config';
import { startNotificationSchedule } from '../../../bot/proactive/notification-schedule';
import { createAppServices } from '../../../shared/services/app-services';
import { SqliteStore } from '../../../shared/store/sqlite-store';

const local = (env: Record<string, string> = {}) => loadConfig({ APP_MODE: 'local', ...env });

describe('notification settings', () => {
  it('defaults: never under jest, every 5 minutes otherwise, UTC, no links, a per-process secret in local mode', () => {
    expect(local().notifications).toEqual({ intervalMinutes: 0, defaultTimeZone: 'UTC' });
    expect(local({ NODE_ENV: 'production' }).notifications.intervalMinutes).toBe(5);
  });

  it('reads the zone, the public address, the app id and the secret', () => {
    const n = local({ NOTIFY_INTERVAL_MINUTES: '15', NOTIFY_TIME_ZONE: 'Europe/Berlin', TAB_ENDPOINT: 'https://planner.contoso.example/', TEAMS_APP_ID: 'app-1', DOWNLOAD_LINK_SECRET: 'x'.repeat(32) }).notifications;
    expect(n).toEqual({ intervalMinutes: 15, defaultTimeZone: 'Europe/Berlin', publicUrl: 'https://planner.contoso.example', teamsAppId: 'app-1', downloadLinkSecret: 'x'.repeat(32) });
  });

  it('production instances share a secret derived from the bot password when none is set', () => {
    const env = { APP_MODE: 'production', BOT_ID: 'b', BOT_PASSWORD: 'pw', AAD_APP_CLIENT_ID: 'c', ALLOWED_TENANT_IDS: 't' };
    expect(loadConfig(env).notifications.downloadLinkSecret).toBe(loadConfig(env).notifications.downloadLinkSecret);
    expect(loadConfig(env).notifications.downloadLinkSecret).toBeTruthy();
  });

  it.each([
    [{ NOTIFY_TIME_ZONE: 'Mars/Olympus' }, /NOTIFY_TIME_ZONE must be an IANA time zone/],
    [{ NOTIFY_INTERVAL_MINUTES: 'often' }, /NOTIFY_INTERVAL_MINUTES must be a whole number/],
    [{ TAB_ENDPOINT: 'http://planner.contoso.example' }, /TAB_ENDPOINT must be an https:\/\/ URL/],
    [{ DOWNLOAD_LINK_SECRET: 'short' }, /DOWNLOAD_LINK_SECRET must be at least 32 characters/],
  ])('refuses %j', (env, message) => {
    expect(() => local(env)).toThrow(ConfigError);
    expect(() => local(env)).toThrow(message);
  });
});

describe('the server schedule', () => {
  afterEach(() => jest.useRealTimers());

  it('runs the notifications every interval until stopped; 0 = never', async () => {
    jest.useFakeTimers();
    const services = createAppServices(new SqliteStore(':memory:'), () => new Date('2026-02-10T03:00:00Z'));
    const runs = jest.spyOn(services.notifications, 'run');
    try {
      const off = startNotificationSchedule(services, local({ NOTIFY_INTERVAL_MINUTES: '0' }), 'test');
      await jest.advanceTimersByTimeAsync(60 * 60_000);
      expect(runs).not.toHaveBeenCalled();
      off();
      const stop = startNotificationSchedule(services, local({ NOTIFY_INTERVAL_MINUTES: '5' }), 'test');
      await jest.advanceTimersByTimeAsync(5 * 60_000);
      expect(runs).toHaveBeenCalledTimes(1);
      expect(runs.mock.calls[0][0].toISOString()).toBe('2026-02-10T03:00:00.000Z');
      await jest.advanceTimersByTimeAsync(10 * 60_000);
      expect(runs).toHaveBeenCalledTimes(3);
      stop();
      await jest.advanceTimersByTimeAsync(30 * 60_000);
      expect(runs).toHaveBeenCalledTimes(3);
    } finally {
      await services.close();
    }
  });
});
