/**
 * Reading request input the same way in every route: a wrong value is a 400 with the parameter's
 * name (and a JSON path the tab can show next to the field), never a 500 or a silent default.
 */
import type { RequestHandler } from 'express';

export interface InputIssue {
  path: string;
  message: string;
}

export class BadRequestError extends Error {
  readonly code = 'bad-input';
  constructor(
    message: string,
    readonly issues?: InputIssue[],
  ) {
    super(message);
    this.name = 'BadRequestError';
  }
}

export class NotFoundError extends Error {
  readonly code = 'not-found';
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

type Query = Record<string, unknown>;

/** A whole number >= 0 from the query string, or the fallback when absent. */
export function queryInt(query: Query, name: string): number | undefined;
export function queryInt(query: Query, name: string, fallback: number): number;
export function queryInt(query: Query, name: string, fallback?: number): number | undefined {
  const raw = query[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  // Safe integers only: 1e22 is an integer to JavaScript, but no store can page or count with it.
  if (typeof raw !== 'string' || !Number.isSafeInteger(n) || n < 0) {
    throw new BadRequestError(`${name} must be a whole number >= 0.`, [{ path: `$.${name}`, message: 'expected a whole number >= 0' }]);
  }
  return n;
}

/** A single text value from the query string; absent -> undefined unless required. */
export function queryText(query: Query, name: string, options: { required?: boolean } = {}): string | undefined {
  const raw = query[name];
  if (raw === undefined || raw === '') {
    if (options.required) throw new BadRequestError(`${name} is required.`, [{ path: `$.${name}`, message: 'required' }]);
    return undefined;
  }
  if (typeof raw !== 'string') {
    throw new BadRequestError(`${name} must be given once, as text.`, [{ path: `$.${name}`, message: 'expected one value' }]);
  }
  return raw;
}

/** A text value restricted to a list of choices. */
export function queryChoice<T extends string>(query: Query, name: string, choices: readonly T[]): T | undefined {
  const value = queryText(query, name);
  if (value !== undefined && !choices.includes(value as T)) {
    throw new BadRequestError(`${name} must be one of ${choices.join(', ')}.`, [{ path: `$.${name}`, message: `expected ${choices.join(' | ')}` }]);
  }
  return value as T | undefined;
}

/**
 * The version a versioned document was loaded at, from a save request's body: a whole number >= 1, or
 * null when nothing was saved yet. Required, so that a save can never skip the concurrency check.
 */
export function expectedVersionOf(body: { expectedVersion?: unknown }, ifMatch?: string): number | null {
  // An If-Match header ("3", W/"3", or "none" for a first save) takes the place of the body field.
  if (ifMatch !== undefined && body.expectedVersion === undefined) {
    const m = /^(?:W\/)?"?(\d+|none)"?$/.exec(ifMatch.trim());
    if (!m || (m[1] !== 'none' && Number(m[1]) < 1)) {
      throw new BadRequestError('If-Match must be the version you loaded, e.g. "3" ("none" when nothing was saved yet).', [
        { path: 'If-Match', message: 'expected a version' },
      ]);
    }
    return m[1] === 'none' ? null : Number(m[1]);
  }
  const v = body.expectedVersion;
  if (v === null || (typeof v === 'number' && Number.isInteger(v) && v >= 1)) return v;
  throw new BadRequestError('expectedVersion must be the version you loaded (null when none was saved yet).', [
    { path: '$.expectedVersion', message: 'expected a whole number >= 1 or null' },
  ]);
}

/** The version a DELETE carries (it has no body): If-Match, or ?expectedVersion ("none" for nothing saved yet). */
export function deleteVersion(req: { query: unknown; get(name: string): string | undefined }): number | null {
  const q = queryText(req.query as Query, 'expectedVersion');
  if (q !== undefined) return expectedVersionOf({ expectedVersion: q === 'none' ? null : Number(q) });
  return expectedVersionOf({}, req.get('if-match') ?? '');
}

/**
 * How deeply a JSON body may nest. The API's documents are a few levels deep (the planning settings
 * about eight); a body nested thousands of levels deep parses, but every recursive walk over it later
 * (validation, canonical JSON, storing a job's input) overflows the stack - a 500 from client input.
 */
export const MAX_JSON_DEPTH = 64;

/** Whether `value` nests objects and arrays deeper than `max` levels; iterative, so any depth is safe to ask about. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** Refuses (400) a parsed JSON body nested deeper than MAX_JSON_DEPTH, before any route walks it. */
export function limitJsonDepth(max = MAX_JSON_DEPTH): RequestHandler {
  return (req, _res, next) => {
    if (req.body !== null && typeof req.body === 'object' && nestsDeeperThan(req.body, max)) {
      next(new BadRequestError(`The request body nests more than ${max} levels deep.`, [{ path: '$', message: `at most ${max} levels of objects and arrays` }]));
      return;
    }
    next();
  };
}
