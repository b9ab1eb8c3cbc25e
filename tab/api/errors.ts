/** Turns service errors into HTTP answers with a message an admin can act on; never crashes the server. */
import type { ErrorRequestHandler } from 'express';

const STATUS_BY_CODE: Record<string, number> = {
  'bad-input': 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  // The database stayed locked by another writer past the busy timeout: try again shortly.
  busy: 503,
};

export const apiErrorHandler: ErrorRequestHandler = (err, _req, res, _next) => {
  const code: string = typeof err?.code === 'string' && STATUS_BY_CODE[err.code] ? err.code : 'internal';
  const status = STATUS_BY_CODE[code] ?? (err?.type === 'entity.parse.failed' ? 400 : 500);
  if (status === 500) console.error('API error:', err);
  const body: Record<string, unknown> = {
    code: status === 400 && code === 'internal' ? 'bad-input' : code,
    message: status === 500 ? 'Something went wrong on the server; it has been logged.' : String(err?.message ?? err),
  };
  if (Array.isArray(err?.issues)) body.issues = err.issues;
  if (res.headersSent) return;
  if (status === 503) res.setHeader('Retry-After', '2');
  res.status(status).json({ error: body });
};
