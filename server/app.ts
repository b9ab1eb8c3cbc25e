/**
 * The one server process: the built tab at /, its JSON API under /api, the bot at POST /api/messages
 * and GET /healthz. Composition only; behaviour lives in shared/services, tab/api and bot/.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import compression from 'compression';
import express, { Express } from 'express';
import type { AppConfig } from '../shared/config/app-config';
import type { AppServices } from '../shared/services/app-services';
import { createApiRouter } from '../tab/api/router';
import { createBotEndpoint, RoleLookup } from '../bot/bot-endpoint';
import { createDownloadRouter } from './download-routes';
import { botTurnGate, RateLimiter } from '../tab/api/rate-limit';
import type { BodyBudget } from '../tab/api/body-budget';
import { requestLog } from '../tab/api/request-log';
import { appErrorHandler } from '../tab/api/errors';
import { checkBotRequest, guardAdapterAnswers } from './bot-answers';
import { compressWholeAnswers } from './compress-whole-answers';

/**
 * The built tab, under the project root: one level up from server/ when run from the sources, two from
 * dist/server/ when run from the build (`npm run start:production`, what infra/ deploys).
 */
export const TAB_DIST_DIR = path.resolve(__dirname, ...(path.basename(path.dirname(__dirname)) === 'dist' ? ['..', '..'] : ['..']), 'tab', 'dist');

/** Teams hosts the tab in an iframe: allow the Teams and Microsoft 365 frames, nothing else. */
const FRAME_ANCESTORS =
  "'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.cloud.microsoft https://*.office.com https://*.microsoft365.com https://outlook.office.com https://*.skype.com";

export interface CreateAppOptions {
  roleLookup?: RoleLookup;
  tabDistDir?: string;
  /** Where the refused-request lines go (tab/api/request-log.ts); stdout unless told otherwise. */
  writeRequestLog?: (line: string) => void;
  /** The bytes of large request bodies received at once (tab/api/body-budget.ts); tests pass their own to watch it. */
  bodyBudget?: BodyBudget;
}

export function createApp(services: AppServices, config: AppConfig, options: CreateAppOptions = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  // No ETag computed over every answer's body (a SHA-1 of each People page): API answers are no-store,
  // and the tab's files get theirs from the static file server.
  app.set('etag', false);
  // First, so that every answer - a refusal by any layer below included - carries its request id.
  app.use(requestLog({ enabled: config.requestLog, write: options.writeRequestLog }));
  app.use((_req, res, next) => {
    // Production is served over HTTPS only (App Service): browsers remember to never try plain HTTP.
    if (config.mode === 'production') res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader(
      'Content-Security-Policy',
      // Scripts are all bundled ('self'). Inside Teams, teams-js fetches Microsoft's list of valid host
      // origins from res.cdn.office.net (it falls back to a built-in list when that is blocked).
      `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' https://res.cdn.office.net; frame-ancestors ${FRAME_ANCESTORS}`,
    );
    next();
  });

  // gzip or br (as the client accepts) for JSON and the built tab: a 100-row people page or the bundle
  // shrink five- to tenfold. Workbooks are zip files already and pass through as they are. API answers
  // are compressed per request, so at the fastest settings: brotli quality 1 makes a 43 KB People page
  // 5.2 KB in about 0.1 ms, where the default quality 4 takes about 0.4 ms for 4.8 KB (a fifth of the
  // page's whole cost). The tab's files keep the default: fetched once, then cached. These streaming
  // middlewares take what compressWholeAnswers (below) leaves: answers written in parts or above 1 MB.
  const compressAnswer = compression({ threshold: 1024, level: 1, brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } } });
  const compressFile = compression({ threshold: 1024 });
  app.use((req, res, next) => (req.path.startsWith('/api/') ? compressAnswer : compressFile)(req, res, next));
  // An answer sent whole (most JSON) is compressed in one call here instead (see compress-whole-answers.ts).
  app.use('/api', compressWholeAnswers());

  // Liveness for the platform and anyone: says nothing about the deployment (details: GET /api/health).
  app.get('/healthz', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ok' });
  });

  // One limiter for the API and the bot: a user's allowance is the same whichever they use.
  const limiter = new RateLimiter(config.limits);
  services.jobs.limitPerTenant(config.limits.heavyJobsPerTenant);
  const botTenant = config.mode === 'local' ? config.demo.tenantId : undefined;
  const bot = createBotEndpoint(services, config, options.roleLookup, (res) => {
    const turn = botTurnGate(limiter, res, botTenant);
    return { admit: turn.admit, res: guardAdapterAnswers(turn.res, res) };
  });
  app.post('/api/messages', express.json({ limit: '1mb' }), checkBotRequest(config.mode === 'production'), bot.handler);
  // Signed links from the bot's cards (channels, group chats): no tab token, outside the /api auth.
  app.use(createDownloadRouter(services));
  app.use('/api', createApiRouter(services, config, limiter, options.bodyBudget));

  // The tab's source maps stay private in production: they would publish its sources to anyone.
  if (config.mode === 'production') {
    app.use((req, res, next) => (req.path.endsWith('.map') ? res.status(404).json({ error: { code: 'not-found', message: 'No such file.' } }) : next()));
  }
  const distDir = options.tabDistDir ?? TAB_DIST_DIR;
  const indexHtml = path.join(distDir, 'index.html');
  app.use(express.static(distDir, { index: 'index.html', maxAge: '1h', setHeaders: noCacheForHtml }));
  app.get(/^\/(?!api\/).*/, (_req, res) => {
    if (fs.existsSync(indexHtml)) return res.sendFile(indexHtml, { headers: { 'Cache-Control': 'no-cache' } });
    res.status(503).type('text/plain').send('The tab is not built yet: run `npm run build:tab` (npm start does it for you).');
  });
  // Whatever escaped a route (the bot's body parser or adapter, a malformed path) is a JSON answer, never a stack.
  app.use(appErrorHandler);
  return app;
}

function noCacheForHtml(res: express.Response, file: string): void {
  if (file.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
}
