/**
 * A request id on every answer (`X-Request-Id`: the caller's own when it is well formed, else a new one)
 * and one JSON line per refused request (status 400 and up): time, request id, method, path, the names
 * of the query parameters, status, error code and the tenant once authentication has settled it (the API's
 * caller, or the bot turn's tenant the rate limit refused). Never a
 * token, a header, a body or a query value: those carry credentials and customer data. One line, so a
 * flood of refused requests costs a line each, not a stack trace each.
 */
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

declare module 'express-serve-static-core' {
  interface Request {
    /** This request's id, echoed in `X-Request-Id` and in its log line. */
    requestId?: string;
  }
}

export interface RefusedRequestLine {
  time: string;
  requestId: string;
  method: string;
  path: string;
  /** The query's parameter names, without values. */
  query?: string[];
  status: number;
  code: string;
  tenant?: string;
  /**
   * Why, when a layer below put it in `res.locals.refusalReason` (the bot endpoint: the Bot Framework token
   * verifier's words): one line, never a token or a body.
   */
  reason?: string;
}

export interface RequestLogOptions {
  /** Where each line goes; stdout unless told otherwise. */
  write?: (line: string) => void;
  /** Log refused requests at all (REQUEST_LOG); the request id header is set either way. */
  enabled?: boolean;
  now?: () => Date;
}

/** An id a client may choose for correlating its own logs: short, and nothing that could break a log line. */
const WELL_FORMED_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
/** Longest path logged: a path is chosen by the caller. */
const MAX_PATH = 300;
const MAX_QUERY_NAMES = 20;

/** The code of an answer that carried none in a JSON body (a static file's 404, the bot adapter's 401). */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad-input',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  413: 'too-large',
  415: 'unsupported-media-type',
  429: 'rate-limited',
};

export function requestLog(options: RequestLogOptions = {}): RequestHandler {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const enabled = options.enabled ?? true;
  return (req, res, next) => {
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && WELL_FORMED_ID.test(incoming) ? incoming : randomUUID();
    req.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    if (!enabled) return next();

    // The error code is read off the JSON answer as it is sent: every refusal in the API has one.
    let code: string | undefined;
    const json = res.json.bind(res);
    res.json = (body?: unknown) => {
      if (res.statusCode >= 400) {
        const c = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
        if (typeof c === 'string') code = c;
      }
      return json(body);
    };
    res.once('finish', () => {
      if (res.statusCode < 400) return;
      const [pathPart, queryPart] = splitUrl(req.originalUrl ?? req.url ?? '');
      const line: RefusedRequestLine = {
        time: now().toISOString(),
        requestId,
        method: req.method,
        path: pathPart.length > MAX_PATH ? `${pathPart.slice(0, MAX_PATH)}...` : pathPart,
        ...(queryPart !== undefined && { query: queryNames(queryPart) }),
        status: res.statusCode,
        code: code ?? CODE_BY_STATUS[res.statusCode] ?? (res.statusCode >= 500 ? 'internal' : 'refused'),
        ...(tenantOf(req.caller?.tenantId, res.locals.tenantId) && { tenant: tenantOf(req.caller?.tenantId, res.locals.tenantId) }),
        ...(typeof res.locals.refusalReason === 'string' && { reason: oneLine(res.locals.refusalReason) }),
      };
      write(JSON.stringify(line));
    });
    next();
  };
}

/** The API's caller's tenant, or the one the bot gate read off an authenticated activity. */
function tenantOf(callerTenant: string | undefined, gateTenant: unknown): string | undefined {
  return callerTenant ?? (typeof gateTenant === 'string' && gateTenant ? gateTenant : undefined);
}

/** A reason as one short line: control characters (a forged line break) become spaces. */
function oneLine(text: string): string {
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > MAX_PATH ? `${flat.slice(0, MAX_PATH)}...` : flat;
}

function splitUrl(url: string): [string, string | undefined] {
  const q = url.indexOf('?');
  return q < 0 ? [url, undefined] : [url.slice(0, q), url.slice(q + 1)];
}

/** `a=1&b=x&a=2` → ['a', 'b']: which parameters were sent, never what they said. */
function queryNames(query: string): string[] {
  const names = new Set<string>();
  for (const pair of query.split('&')) {
    if (names.size >= MAX_QUERY_NAMES) break;
    const eq = pair.indexOf('=');
    const raw = eq < 0 ? pair : pair.slice(0, eq);
    if (!raw) continue;
    let name: string;
    try {
      name = decodeURIComponent(raw.replace(/\+/g, ' '));
    } catch {
      name = raw;
    }
    names.add(name.length > 40 ? `${name.slice(0, 40)}...` : name);
  }
  return [...names];
}
