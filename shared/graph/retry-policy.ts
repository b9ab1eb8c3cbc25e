/**
 * When and how long to wait before retrying a Graph request. Graph says: on 429/503/504 wait exactly
 * Retry-After (seconds or an HTTP date); without it back off exponentially with jitter. The total
 * wait is bounded so a throttled sync fails with a clear message instead of hanging for hours.
 * Randomness, clock and sleep are injected so tests are deterministic and instant.
 */
export interface RetryOptions {
  /** Retries per request (not counting the first attempt). */
  maxRetries: number;
  /** Upper bound on the time one request may spend waiting between attempts. */
  maxTotalWaitMs: number;
  /** First backoff step when the server gives no Retry-After. */
  baseDelayMs: number;
  /** Cap for one backoff step. */
  maxDelayMs: number;
  /** [0, 1): the jitter source. */
  random: () => number;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const RETRYABLE_STATUS: ReadonlySet<number> = new Set([429, 503, 504]);

export function defaultRetryOptions(overrides: Partial<RetryOptions> = {}): RetryOptions {
  return {
    maxRetries: 8,
    maxTotalWaitMs: 5 * 60_000,
    baseDelayMs: 500,
    maxDelayMs: 30_000,
    random: Math.random,
    now: Date.now,
    sleep: abortableSleep,
    ...overrides,
  };
}

/** Milliseconds to wait from a Retry-After header; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | undefined {
  if (header === null || header === undefined) return undefined;
  const text = header.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** Exponential backoff with "equal jitter": half fixed, half random, so retries spread out but still grow. */
export function backoffDelay(attempt: number, options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'>): number {
  const step = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  return Math.round(step / 2 + options.random() * (step / 2));
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function abortError(): Error {
  const err = new Error('The operation was cancelled.');
  err.name = 'AbortError';
  return err;
}
