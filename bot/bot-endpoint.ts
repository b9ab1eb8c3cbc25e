/**
 * Hosts the bot on POST /api/messages with botbuilder's CloudAdapter. With bot credentials the
 * adapter rejects requests without a valid Bot Framework token; without them (local mode only) it
 * accepts any request, which is what the Agents Playground needs. Every turn is then authorised:
 * admins of an allowed tenant, or the read-only viewers its planning settings name.
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
import { configuredGroupLookup, createViewerCheck, type ViewerCheck } from '../shared/services/viewer-access';
import { type BotAuthorizer, type BotCaller, VoiceMigrationBot } from './voice-migration-bot';

/** Looks up a user's Entra admin roles (template ids) in their tenant; production wires Graph here. */
export type RoleLookup = (tenantId: string, userObjectId: string) => Promise<string[]>;

/**
 * Who may ask, outside local mode: a user of an allowed tenant who holds the Teams or Global
 * administrator role (read through Graph, see shared/services/admin-roles.ts), or - read-only - one the
 * planning settings name as a viewer (shared/services/viewer-access.ts says what is checked). A check
 * that fails refuses; it never admits.
 */
export function createBotAuthorizer(config: AppConfig, roleLookup?: RoleLookup, viewers?: ViewerCheck): BotAuthorizer {
  if (config.mode === 'local') {
    return async (context) => ({
      tenantId: config.demo.tenantId,
      userId: context.activity.from?.aadObjectId ?? context.activity.from?.id ?? 'local-developer',
      name: context.activity.from?.name ?? 'Local developer',
      roles: [],
      via: 'local-dev',
      access: 'admin',
    });
  }
  const allowed = new Set(config.auth.allowedTenantIds);
  return async (context): Promise<BotCaller | { refused: string }> => {
    const activity = context.activity;
    const tenantId = (activity.conversation?.tenantId ?? activity.channelData?.tenant?.id ?? '').toLowerCase();
    const userId = activity.from?.aadObjectId;
    if (!tenantId || !allowed.has(tenantId)) return { refused: 'This organisation is not enabled for Voice Migration Planner.' };
    if (!userId) return { refused: 'I can only answer signed-in Teams users.' };
    let roles: string[] = [];
    let roleCheckFailed = false;
    if (roleLookup) {
      try {
        roles = await roleLookup(tenantId, userId);
      } catch (err) {
        // Never let someone in because the check failed; say why in a sentence, log the detail.
        console.error('Admin role check failed:', err);
        roleCheckFailed = true;
      }
    }
    const who = { tenantId, userId, name: activity.from.name ?? 'admin', via: 'bot' as const };
    if (hasVoiceAdminRole(roles)) return { ...who, roles, access: 'admin' };
    if (viewers) {
      try {
        if (await viewers(tenantId, { userId })) return { ...who, name: activity.from.name ?? 'viewer', roles, access: 'viewer' };
      } catch (err) {
        console.error('Viewer check failed:', err);
        return { refused: 'I could not check whether you may use the planner just now, so I cannot answer. Try again in a few minutes.' };
      }
    }
    if (roleCheckFailed) return { refused: 'I could not check your admin role in Microsoft Entra just now, so I cannot answer. Try again in a few minutes.' };
    if (!roleLookup) return { refused: 'Admin role checks are not configured on this server; ask your administrator.' };
    return { refused: 'Only Teams or Global administrators can use the planner.' };
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
  const viewers = createViewerCheck(services.store, configuredGroupLookup(config));
  const bot = new VoiceMigrationBot(services, createBotAuthorizer(config, roleLookup, viewers));
  return {
    adapter,
    bot,
    handler: async (req: Request, res: Response) => {
      const turn = gate?.(res) ?? { res, admit: () => true };
      await adapter.process(req, turn.res, (context) => (turn.admit(context.activity) ? bot.run(context) : Promise.resolve()));
    },
  };
}
