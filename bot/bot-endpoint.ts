/**
 * Hosts the bot on POST /api/messages with botbuilder's CloudAdapter. With bot credentials the
 * adapter rejects requests without a valid Bot Framework token; without them (local mode only) it
 * accepts any request, which is what the Agents Playground needs.
 */
import type { Request, Response } from 'express';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  TurnContext,
} from 'botbuilder';
import type { AppConfig } from '../shared/config/app-config';
import type { AppServices } from '../shared/services/app-services';
import { hasVoiceAdminRole } from '../shared/domain/microsoft-ids';
import type { Caller } from '../shared/services/caller';
import { BotAuthorizer, VoiceMigrationBot } from './voice-migration-bot';

/** Looks up a user's Entra admin roles (template ids) in their tenant; production wires Graph here. */
export type RoleLookup = (tenantId: string, userObjectId: string) => Promise<string[]>;

export function createBotAuthorizer(config: AppConfig, roleLookup?: RoleLookup): BotAuthorizer {
  if (config.mode === 'local') {
    return async (context) => ({
      tenantId: config.demo.tenantId,
      userId: context.activity.from?.aadObjectId ?? context.activity.from?.id ?? 'local-developer',
      name: context.activity.from?.name ?? 'Local developer',
      roles: [],
      via: 'local-dev',
    });
  }
  const allowed = new Set(config.auth.allowedTenantIds);
  return async (context): Promise<Caller | { refused: string }> => {
    const activity = context.activity;
    const tenantId = (activity.conversation?.tenantId ?? activity.channelData?.tenant?.id ?? '').toLowerCase();
    const userId = activity.from?.aadObjectId;
    if (!tenantId || !allowed.has(tenantId)) return { refused: 'This organisation is not enabled for Voice Migration Planner.' };
    if (!userId) return { refused: 'I can only answer signed-in Teams users.' };
    if (!roleLookup) return { refused: 'Admin role checks are not configured on this server; ask your administrator.' };
    let roles: string[];
    try {
      roles = await roleLookup(tenantId, userId);
    } catch (err) {
      // Never let someone in because the check failed; say why in a sentence, log the detail.
      console.error('Admin role check failed:', err);
      return { refused: 'I could not check your admin role in Microsoft Entra just now, so I cannot answer. Try again in a few minutes.' };
    }
    if (!hasVoiceAdminRole(roles)) {
      return { refused: 'Only Teams or Global administrators can use the planner.' };
    }
    return { tenantId, userId, name: activity.from.name ?? 'admin', roles, via: 'bot' };
  };
}

/**
 * Admits or refuses an authenticated turn before the bot runs it (the rate limit, tab/api/rate-limit.ts):
 * a refused turn has been answered by the gate, which hands the adapter a response that drops its writes.
 */
export type TurnGate = (res: Response) => { res: { socket: unknown; status(code: number): unknown; header(name: string, value: unknown): unknown; send(body?: unknown): unknown; end(): unknown }; admit(activity: TurnContext['activity']): boolean };

export function createBotEndpoint(services: AppServices, config: AppConfig, roleLookup?: RoleLookup, gate?: TurnGate) {
  const credentials = new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: config.bot.appId ?? '',
    MicrosoftAppPassword: config.bot.appPassword ?? '',
    MicrosoftAppType: config.bot.appType,
    MicrosoftAppTenantId: config.bot.tenantId ?? '',
  });
  const auth = new ConfigurationBotFrameworkAuthentication({}, credentials);
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    console.error('Bot turn failed:', error);
    await context.sendActivity('Sorry, something went wrong on my side. It has been logged.');
  };
  const bot = new VoiceMigrationBot(services, createBotAuthorizer(config, roleLookup));
  return {
    adapter,
    bot,
    handler: async (req: Request, res: Response) => {
      const turn = gate?.(res) ?? { res, admit: () => true };
      await adapter.process(req, turn.res, (context) => (turn.admit(context.activity) ? bot.run(context) : Promise.resolve()));
    },
  };
}
