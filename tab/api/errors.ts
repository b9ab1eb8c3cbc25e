/** Turns service errors into HTTP answers with a message an admin can act on; never crashes the server. */
import type { ErrorRequestHandler } from 'express';

const STATUS_BY_CODE: Record<string, number> = {
  'bad-input': 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  // A tenant's job queue is full (shared/jobs): try again when one has finished.
  'rate-limited': 429,
  // The database stayed locked by another writer past the busy timeout: try again shortly.
  busy: 503,
  // A service this request depends on (the Microsoft identity platform) failed: not this server's fault, nor the client's.
  upstream: 502,
};

/**
 * What the body parser refuses is the client's doing: a body over the limit, bad JSON, an encoding or
 * charset it cannot read. Its errors carry a 4xx status; answer with it and a sentence, not a 500.
 */
const BODY_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  'entity.too.large': { status: 413, code: 'too-large', message: 'The request body is larger than this route accepts (5 MB); larger PBX exports go through `vmp import-pbx`.' },
  'entity.parse.failed': { status: 400, code: 'bad-input', message: 'The request body is not valid JSON.' },
  'encoding.unsupported': { status: 415, code: 'unsupported-media-type', message: 'The request body uses a content encoding this server does not read (send it uncompressed or gzip).' },
  'charset.unsupported': { status: 415, code: 'unsupported-media-type', message: 'The request body must be UTF-8.' },
  'request.aborted': { status: 400, code: 'bad-input', message: 'The request body was not sent completely.' },
  'request.size.invalid': { status: 400, code: 'bad-input', message: 'The request body is shorter or longer than its Content-Length says.' },
};

export const apiErrorHandler: ErrorRequestHandler = (err, _req, res, _next) => {
  const bodyError = typeof err?.type === 'string' ? BODY_ERRORS[err.type] : undefined;
  if (bodyError) {
    if (!res.headersSent) res.status(bodyError.status).json({ error: { code: bodyError.code, message: bodyError.message } });
    return;
  }
  const clientError = clientErrorOf(err);
  if (clientError) {
    if (!res.headersSent) res.status(clientError.status).json({ error: { code: clientError.code, message: clientError.message } });
    return;
  }
  const code: string = typeof err?.code === 'string' && STATUS_BY_CODE[err.code] ? err.code : 'internal';
  const status = STATUS_BY_CODE[code] ?? 500;
  if (status === 500) console.error('API error:', err);
  const body: Record<string, unknown> = {
    code: status === 400 && code === 'internal' ? 'bad-input' : code,
    message: status === 500 ? 'Something went wrong on the server; it has been logged.' : String(err?.message ?? err),
  };
  if (Array.isArray(err?.issues)) body.issues = err.issues;
  // A per-item settings conflict: what is stored now next to what the admin read and wanted to save.
  if (Array.isArray(err?.conflicts)) body.conflicts = err.conflicts;
  if (res.headersSent) return;
  if (status === 503) res.setHeader('Retry-After', '2');
  if (status === 502) res.setHeader('Retry-After', '30');
  if (status === 429) res.setHeader('Retry-After', '30');
  res.status(status).json({ error: body });
};

const CODE_BY_CLIENT_STATUS: Record<number, string> = { 400: 'bad-input', 404: 'not-found', 405: 'method-not-allowed', 413: 'too-large', 415: 'unsupported-media-type' };

/**
 * Other refusals Express and its body parser raise as http-errors with a 4xx status - a gzip body that
 * does not inflate, a path parameter that is not valid percent-encoding - keep their status; their own
 * message is shown only when the library marks it safe to (`expose`).
 */
function clientErrorOf(err: unknown): { status: number; code: string; message: string } | undefined {
  const e = err as { status?: unknown; statusCode?: unknown; expose?: unknown; message?: unknown; code?: unknown } | undefined;
  const status = typeof e?.status === 'number' ? e.status : typeof e?.statusCode === 'number' ? e.statusCode : undefined;
  // Only http-errors (they say whether their message is safe to show) and the router's undecodable path
  // parameter: a Graph error's status, say, is Graph's answer to this server, not this server's to the client.
  if (err instanceof URIError && status === 400) return { status, code: 'bad-input', message: 'A part of the path is not valid percent-encoding.' };
  if (typeof e?.expose !== 'boolean') return undefined;
  if (status === undefined || status < 400 || status > 499 || (typeof e?.code === 'string' && STATUS_BY_CODE[e.code])) return undefined;
  const message = e?.expose === true && typeof e.message === 'string' ? e.message : 'The request could not be read.';
  return { status, code: CODE_BY_CLIENT_STATUS[status] ?? 'bad-input', message: message === 'Bad Request' ? 'The request could not be read (a body that does not decompress, or a malformed path).' : message };
}

/**
 * The last handler of the whole app (the bot endpoint, the tab's files): the API's answers, plus the
 * bot adapter's refusal of a body that is not an activity (no type, wrong shapes), which is the client's
 * doing (400). Never an HTML page or a stack.
 */
export const appErrorHandler: ErrorRequestHandler = (err, req, res, next) => {
  const e = err as { name?: unknown; message?: unknown } | undefined;
  if (e?.name === 'ZodError' || (typeof e?.message === 'string' && /^validateAndFixActivity\(\)/.test(e.message))) {
    if (!res.headersSent) res.status(400).json({ error: { code: 'bad-input', message: 'The request body is not a Bot Framework activity.' } });
    return;
  }
  apiErrorHandler(err, req, res, next);
};
