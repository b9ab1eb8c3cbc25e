/**
 * Every failure of a Graph read says which request failed and why, so that an admin can act on it
 * (permission missing, throttled for too long, bad page from a proxy). Never carries the token.
 */
export type GraphErrorCode =
  | 'http-error'
  | 'retries-exhausted'
  | 'network-error'
  | 'cancelled'
  | 'malformed-json'
  | 'page-missing-value'
  | 'foreign-next-link'
  | 'next-link-loop'
  | 'too-many-pages'
  | 'duplicate-id'
  | 'invalid-record'
  /** The endpoint (its credentials) belongs to another tenant than the one asked for. */
  | 'tenant-mismatch'
  | 'sync-state-not-found'
  | 'token-error';

import { GraphClientError } from '@microsoft/microsoft-graph-client';

/**
 * Extends GraphClientError because the Graph client passes those through untouched; any other error
 * thrown inside the middleware chain would be rewrapped and lose its code.
 */
export class GraphRequestError extends GraphClientError {
  constructor(
    readonly code: GraphErrorCode,
    message: string,
    /** Method and URL, without credentials. */
    readonly request?: string,
    /** HTTP status when the server answered. */
    readonly status?: number,
    /** Graph's own error code (`Request_ResourceNotFound`, `syncStateNotFound` ...). */
    readonly graphCode?: string,
  ) {
    super(request ? `${message} (${request})` : message);
    // GraphClientError resets the prototype to its own; restore ours so instanceof works.
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = 'GraphRequestError';
  }
}

export function isCancellation(err: unknown): boolean {
  return (
    (err instanceof GraphRequestError && err.code === 'cancelled') ||
    (err instanceof Error && (err.name === 'AbortError' || (err as { code?: string }).code === 'ABORT_ERR'))
  );
}
