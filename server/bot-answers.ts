/**
 * What the bot endpoint answers before and after botbuilder's adapter, so that a client's mistake is a
 * 4xx JSON error and nothing internal reaches the client:
 * - before: a body that is not an activity is a 400 naming the field (bot/activity-shape.ts); in
 *   production a request without a bearer token is a 401 without troubling the adapter (which would log
 *   a stack trace for each one);
 * - after: the adapter answers its own failures with the error's message as the body (a forged token's
 *   verification detail, an internal TypeError); those become the API's JSON errors, the detail logged.
 */
import type { RequestHandler, Response } from 'express';
import { activityShapeIssue } from '../bot/activity-shape';
import type { AdapterResponse } from '../tab/api/rate-limit';

export function checkBotRequest(requireBearer: boolean): RequestHandler {
  return (req, res, next) => {
    if (requireBearer && !/^Bearer \S+$/i.test(req.headers.authorization ?? '')) {
      res.status(401).json({ error: { code: 'unauthenticated', message: 'The bot endpoint needs a Bot Framework token (Authorization: Bearer).' } });
      return;
    }
    const issue = activityShapeIssue(req.body);
    if (issue) {
      res.status(400).json({ error: { code: 'bad-input', message: `The request body is not a Bot Framework activity: ${issue.path} ${issue.message}.`, issues: [issue] } });
      return;
    }
    next();
  };
}

const REFUSED = { error: { code: 'unauthenticated', message: 'The Bot Framework token was missing or not valid.' } };
const FAILED = { error: { code: 'internal', message: 'Something went wrong on the server; it has been logged.' } };

/**
 * Wraps the response handed to the adapter: its 401 and 5xx answers are replaced by JSON errors. `res`
 * is the real response (for headers already sent); `inner` is what the adapter would have written to.
 */
export function guardAdapterAnswers(inner: AdapterResponse, res: Response, log: (...args: unknown[]) => void = console.error): AdapterResponse {
  let status = 200;
  let replaced = false;
  const replace = (detail: unknown) => {
    if (replaced) return;
    replaced = true;
    const body = status === 401 ? REFUSED : FAILED;
    if (status !== 401) log('Bot request failed:', typeof detail === 'string' ? detail.split('\n')[0].slice(0, 300) : detail);
    if (res.headersSent) return;
    inner.header('Content-Type', 'application/json; charset=utf-8');
    inner.status(status === 401 ? 401 : 500);
    inner.send(JSON.stringify(body));
    inner.end();
  };
  const guarded = () => status === 401 || status >= 500;
  return {
    socket: inner.socket,
    status: (code) => {
      status = code;
      return guarded() ? undefined : inner.status(code);
    },
    header: (name, value) => inner.header(name, value),
    send: (body) => (guarded() ? replace(body) : inner.send(body)),
    end: () => (guarded() ? replace(undefined) : inner.end()),
  };
}
