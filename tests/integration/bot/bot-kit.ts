/**
 * A conversation with the real bot over botbuilder's TestAdapter, as Teams sends it (channel data,
 * conversation type, locale, time zone), over the small two-site tenant in a real SQLite file with its
 * plan built on a fixed clock. Replies are collected whole so tests can look at every card.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ActivityTypes, TestAdapter, type Activity } from 'botbuilder';
import { VoiceMigrationBot, type BotAuthorizer, type BotCaller } from '../../../bot/voice-migration-bot';
import { createAppServices, type AppServices } from '../../../shared/services/app-services';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { storeSmallTenant, smallTenantSettingsFile } from '../../support/small-tenant-store';
import type { BuildPlanInput } from '../../../shared/domain/planning/build-plan';

export const TEAMS_APP_ID = '00000000-0000-0000-0000-00000000b001';
export const admin: BotCaller = { tenantId: 'contoso', userId: 'admin-1', name: 'Admin', roles: [], via: 'bot', access: 'admin' };
export const viewer: BotCaller = { tenantId: 'contoso', userId: 'lead-1', name: 'Lead', roles: [], via: 'bot', access: 'viewer' };

export interface BotWorld {
  dir: string;
  services: AppServices;
  close(): Promise<void>;
}

/** The small tenant (or `input`, a variant of it) stored, its plan built (settings saved first) and the decisions view computed. */
export async function smallTenantWorld(
  now = new Date('2026-02-03T09:00:00Z'),
  settings: Record<string, unknown> = smallTenantSettingsFile(),
  input?: BuildPlanInput,
): Promise<BotWorld> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-bot-'));
  const store = new SqliteStore(path.join(dir, 'vmp.sqlite'));
  await storeSmallTenant(store, input);
  const services = createAppServices(store, () => now);
  await services.plan.build('contoso', 'test', { today: '2026-02-02', expectedSettingsVersion: null, settings });
  await services.decisions.summary('contoso');
  return {
    dir,
    services,
    async close() {
      await services.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Conversation {
  conversationType?: 'personal' | 'channel' | 'groupChat';
  locale?: string;
  timeZone?: string;
  caller?: BotCaller | { refused: string };
  authorize?: BotAuthorizer;
  /** After this long the bot sends "typing…" (default: never within a test). */
  typingAfterMs?: number;
}

export function botFor(services: AppServices, options: Conversation = {}) {
  const caller = options.caller ?? admin;
  const bot = new VoiceMigrationBot(services, options.authorize ?? (async () => caller), undefined, { teamsAppId: TEAMS_APP_ID, typingAfterMs: options.typingAfterMs ?? 60_000 });
  const type = options.conversationType ?? 'personal';
  const adapter = new TestAdapter(async (ctx) => bot.run(ctx), {
    channelId: 'msteams',
    locale: options.locale ?? 'en-GB',
    conversation: { id: `conv-${type}`, conversationType: type, isGroup: type !== 'personal', name: '', tenantId: 'contoso' },
    ...(type !== 'personal' ? { channelData: { tenant: { id: 'contoso' }, channel: { id: '19:abc@thread.tacv2' }, team: { id: '19:team' } } } : { channelData: { tenant: { id: 'contoso' } } }),
  } as Partial<Activity>);
  return { bot, adapter, timeZone: options.timeZone ?? 'Europe/London' };
}

/** Sends one message (as Teams would, with the time zone) and returns every reply the bot sent. */
export async function ask(services: AppServices, text: string, options: Conversation = {}): Promise<Partial<Activity>[]> {
  const { adapter, timeZone } = botFor(services, options);
  const replies: Partial<Activity>[] = [];
  const activity = { type: ActivityTypes.Message, text, localTimezone: timeZone, locale: options.locale ?? 'en-GB', from: { id: 'u-1', name: 'User', aadObjectId: 'u-1' } } as Partial<Activity>;
  await adapter.send(activity).startTest();
  let next: Partial<Activity> | undefined;
  while ((next = adapter.activeQueue.shift())) replies.push(next);
  return options.typingAfterMs !== undefined ? replies : replies.filter((r) => r.type !== ActivityTypes.Typing);
}

/** Presses an Action.Execute button: the invoke Teams sends, and the card that comes back. */
export async function press(services: AppServices, data: Record<string, unknown>, verb = 'vmp.ask', options: Conversation = {}): Promise<{ status: number; body: Record<string, any> }> {
  const { adapter, timeZone } = botFor(services, options);
  await adapter.send({ type: ActivityTypes.Invoke, locale: options.locale ?? 'en-GB', name: 'adaptiveCard/action', localTimezone: timeZone, value: { action: { type: 'Action.Execute', id: 'a', verb, data }, trigger: 'manual' } } as Partial<Activity>).startTest();
  let next: Partial<Activity> | undefined;
  let response: Partial<Activity> | undefined;
  while ((next = adapter.activeQueue.shift())) if (next.type === 'invokeResponse') response = next;
  const value = response?.value as { status: number; body: Record<string, any> };
  return value;
}

/** Every TextBlock text and action title of a card, in order: what a reader sees. */
export function cardText(activity: Partial<Activity> | Record<string, any>): string {
  const content = 'attachments' in activity ? (activity as Partial<Activity>).attachments?.[0]?.content : activity;
  if (!content) return (activity as Partial<Activity>).text ?? '';
  const out: string[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) return x.forEach(walk);
    if (!x || typeof x !== 'object') return;
    const o = x as Record<string, unknown>;
    if (o.type === 'TextBlock') out.push(String(o.text));
    if (o.type === 'FactSet') for (const f of o.facts as { title: string; value: string }[]) out.push(`${f.title}: ${f.value}`);
    if (typeof o.type === 'string' && o.type.startsWith('Action.')) out.push(`[${String(o.title)}]`);
    for (const v of Object.values(o)) if (typeof v === 'object') walk(v);
  };
  walk(content);
  return out.join('\n');
}

/** All the replies as one readable text (cards flattened, sentences as sent). */
export function said(replies: Partial<Activity>[]): string {
  return replies.map((r) => (r.attachments?.length ? cardText(r) : (r.text ?? ''))).join('\n---\n');
}
