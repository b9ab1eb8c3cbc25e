/**
 * Reading request input the same way in every route: a wrong value is a 400 with the parameter's
 * name (and a JSON path the tab can show next to the field), never a 500 or a silent default.
 */

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
