/**
 * Hosts the bot on POST /api/messages with botbuilder's CloudAdapter. With bot credentials the
 * adapter rejects requests without a valid Bot Framework token; without them (local mode only) it
 * accepts any request, which is what the Agents Playground needs. Every turn is then authorised:
 * admins of an allowed tenant, or the read-only viewers its planning settings name.
 */
import type { Request, Response } from 'express';
import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type InvokeResponse,
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
    // The tenant and Entra object id read below are vouched for by the Teams channel only: on any other
    // channel of the bot's registration (Web Chat and Direct Line come with every Azure Bot) the sender's
    // client fills the activity (channelData travels as sent), so it could name any tenant's admin.
    if (activity.channelId !== 'msteams') return { refused: 'I answer in Microsoft Teams only.' };
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

/**
 * botbuilder's CloudAdapter, run one activity at a time by the endpoint below instead of through
 * `process()`: `process()` prints every failure's stack trace with console.error - a forged or expired
 * token included, so anyone could fill the logs with 10 lines a request - and answers with the verifier's
 * message as the body. Here a failure is the caller's to answer (refuseBotRequest).
 */
class QuietCloudAdapter extends CloudAdapter {
  /** Authenticates the request's token (throws a status-code error when it is not valid) and runs the turn. */
  run(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

/** The JSON error for a refused or failed bot request; the request log (tab/api/request-log.ts) writes its one line. */
function refuseBotRequest(res: Response, err: unknown): void {
  const statusCode = (err as { statusCode?: unknown } | undefined)?.statusCode;
  // botframework-connector's AuthenticationError carries a 4xx status: a token that is missing, forged,
  // expired or for another bot. Anything else (its signing keys unreachable, a bug) is the server's failure.
  const refused = typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500;
  const message = err instanceof Error ? err.message : String(err);
  // The reason, short and on one line: the verifier's words (never the token) or the failure's first line.
  res.locals.refusalReason = `${refused ? 'Bot Framework token refused' : 'Bot request failed'}: ${message.split('\n')[0]!.slice(0, 200)}`;
  if (res.headersSent) {
    res.end();
    return;
  }
  if (refused) {
    res.status(statusCode === 403 ? 403 : 401).json({ error: { code: statusCode === 403 ? 'forbidden' : 'unauthenticated', message: 'The Bot Framework token was missing or not valid.' } });
  } else {
    res.status(500).json({ error: { code: 'internal', message: 'Something went wrong on the server; it has been logged.' } });
  }
}

/** The signature algorithms botframework-connector verifies Bot Framework and emulator tokens with. */
const TOKEN_ALGORITHMS = new Set(['RS256', 'RS384', 'RS512']);

/**
 * A bearer token whose header cannot be a Bot Framework token (not a JWT, `alg: none`, HS256): refused
 * before the adapter, which would otherwise first fetch Microsoft's signing keys for it. Undefined when
 * there is no token (local mode without credentials: the adapter decides) or the header may be valid.
 */
function implausibleToken(authHeader: string): string | undefined {
  const token = /^Bearer\s+(\S+)$/i.exec(authHeader)?.[1];
  if (!token) return undefined;
  try {
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { alg?: unknown };
    return typeof header.alg === 'string' && TOKEN_ALGORITHMS.has(header.alg) ? undefined : 'the token is not signed with RS256/384/512';
  } catch {
    return 'the token is not a JWT';
  }
}

/**
 * The longest message the bot reads. A question is a sentence or two; reading one costs time that grows
 * with the square of its length (the intent patterns), and a Teams message may hold about 28,000
 * characters - each taking hundreds of milliseconds of the one event loop. Checked before the intent
 * is read, which happens before the sender is authorised.
 */
export const MAX_MESSAGE_CHARS = 2000;
export const TOO_LONG_ANSWER = `That message is too long for me: ask me in fewer than ${MAX_MESSAGE_CHARS.toLocaleString('en-US')} characters.`;

function tooLongToRead(activity: TurnContext['activity']): boolean {
  return activity.type === 'message' && typeof activity.text === 'string' && activity.text.length > MAX_MESSAGE_CHARS;
}

/** What botbuilder's `process()` does to the parsed body before a turn: its timestamps become Dates. */
function activityOf(body: Record<string, unknown>): Activity {
  const activity = body as unknown as Activity & { rawTimestamp?: string; rawExpiration?: string; rawLocalTimestamp?: string };
  const fields = [
    ['timestamp', 'rawTimestamp'],
    ['expiration', 'rawExpiration'],
    ['localTimestamp', 'rawLocalTimestamp'],
  ] as const;
  for (const [field, raw] of fields) {
    const value = body[field];
    if (typeof value === 'string') {
      activity[raw] = value;
      (activity as unknown as Record<string, unknown>)[field] = new Date(value);
    }
  }
  return activity;
}

export function createBotEndpoint(services: AppServices, config: AppConfig, roleLookup?: RoleLookup, gate?: TurnGate) {
  const credentials = new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: config.bot.appId ?? '',
    MicrosoftAppPassword: config.bot.appPassword ?? '',
    MicrosoftAppType: config.bot.appType,
    MicrosoftAppTenantId: config.bot.tenantId ?? '',
  });
  const auth = new ConfigurationBotFrameworkAuthentication({}, credentials);
  const adapter = new QuietCloudAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    console.error('Bot turn failed:', error);
    await context.sendActivity('Sorry, something went wrong on my side. It has been logged.');
  };
  const groupLookup = configuredGroupLookup(config);
  const viewers = createViewerCheck(services.store, groupLookup);
  const bot = new VoiceMigrationBot(services, createBotAuthorizer(config, roleLookup, viewers), undefined, { mspTenantIds: config.auth.mspTenantIds, groupLookup });
  return {
    adapter,
    bot,
    /** POST /api/messages, after server/bot-answers.ts has checked the body is an activity (and, in production, that a bearer token came). */
    handler: async (req: Request, res: Response) => {
      const turn = gate?.(res) ?? { res, admit: () => true };
      const authHeader = typeof req.headers.authorization === 'string' ? req.headers.authorization : '';
      const implausible = config.bot.appId ? implausibleToken(authHeader) : undefined;
      if (implausible) {
        refuseBotRequest(res, Object.assign(new Error(implausible), { statusCode: 401 }));
        return;
      }
      let invoke: InvokeResponse | undefined;
      try {
        invoke = await adapter.run(authHeader, activityOf(req.body as Record<string, unknown>), async (context) => {
          if (!turn.admit(context.activity)) return;
          if (tooLongToRead(context.activity)) {
            await context.sendActivity(TOO_LONG_ANSWER);
            return;
          }
          await bot.run(context);
        });
      } catch (err) {
        refuseBotRequest(res, err);
        return;
      }
      // As botbuilder answers: the invoke response's status and body (expectReplies, card actions), else 200.
      turn.res.status(invoke?.status ?? 200);
      if (invoke?.body !== undefined) turn.res.send(invoke.body);
      turn.res.end();
    },
  };
}
