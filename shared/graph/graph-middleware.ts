/**
 * Our own middleware chain for @microsoft/microsoft-graph-client. The stock AuthenticationHandler
 * sends the token only to https URLs on known Graph hosts (silently none to a local sandbox or a
 * proxy), and the stock RetryHandler neither retries dropped connections nor bounds the total wait.
 * Chain: GraphResilienceMiddleware -> GraphOriginAuthMiddleware -> HTTPMessageHandler.
 */
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { GraphRequestError, isCancellation } from './graph-errors';
import { backoffDelay, parseRetryAfter, RETRYABLE_STATUS, RetryOptions } from './retry-policy';

export interface TokenProvider {
  getAccessToken(): Promise<string>;
}

export function requestUrl(context: Context): string {
  return typeof context.request === 'string' ? context.request : context.request.url;
}

export function describeRequest(context: Context): string {
  return `${(context.options?.method ?? 'GET').toUpperCase()} ${requestUrl(context)}`;
}

function setHeader(context: Context, name: string, value: string): void {
  const options = (context.options ??= {});
  const headers = options.headers;
  if (headers instanceof Headers) headers.set(name, value);
  else if (Array.isArray(headers)) headers.push([name, value]);
  else options.headers = { ...(headers as Record<string, string> | undefined), [name]: value };
}

/** Adds the bearer token, and only for the configured Graph origin: anything else is refused before it is sent. */
export class GraphOriginAuthMiddleware implements Middleware {
  private next?: Middleware;
  constructor(
    private readonly origin: string,
    private readonly tokens: TokenProvider,
  ) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    const url = new URL(requestUrl(context));
    if (url.origin !== this.origin) {
      throw new GraphRequestError(
        'foreign-next-link',
        `Refused to send a Graph request to ${url.origin}: only ${this.origin} receives the token`,
        describeRequest(context),
      );
    }
    let token: string;
    try {
      token = await this.tokens.getAccessToken();
    } catch (err) {
      throw new GraphRequestError('token-error', `Could not get a Graph access token: ${(err as Error).message}`, describeRequest(context));
    }
    setHeader(context, 'Authorization', `Bearer ${token}`);
    await this.next!.execute(context);
  }
}

/**
 * Retries 429/503/504 and dropped connections (also when the body breaks off mid-way: the body is
 * read here, inside the retry loop). Honours Retry-After, otherwise exponential backoff with jitter;
 * gives up when the retries or the total wait run out, and stops at once when cancelled.
 */
export class GraphResilienceMiddleware implements Middleware {
  private next?: Middleware;
  /** Retries made over the middleware's life: the sync reports them. */
  retries = 0;
  constructor(private readonly options: RetryOptions) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    const signal = context.options?.signal ?? undefined;
    let waited = 0;
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw new GraphRequestError('cancelled', 'The sync was cancelled', describeRequest(context));
      let failure: string;
      let retryAfterMs: number | undefined;
      let status: number | undefined;
      try {
        await this.next!.execute(context);
        const response = context.response!;
        status = response.status;
        if (!RETRYABLE_STATUS.has(response.status)) {
          // Bytes, not text: the caller decodes once; a body cut off mid-way fails here, inside the retry loop.
          const body = response.status === 204 || response.status === 304 ? null : await response.arrayBuffer();
          const buffered = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
          if (body) bufferedBodies.set(buffered, body);
          context.response = buffered;
          return;
        }
        retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'), this.options.now());
        await response.text().catch(() => undefined);
        failure = `HTTP ${response.status}${retryAfterMs !== undefined ? ` (Retry-After ${Math.round(retryAfterMs / 1000)} s)` : ''}`;
      } catch (err) {
        if (err instanceof GraphRequestError) throw err;
        if (isCancellation(err) || signal?.aborted) throw new GraphRequestError('cancelled', 'The sync was cancelled', describeRequest(context));
        failure = `connection failed: ${networkReason(err)}`;
        status = undefined;
      }
      const delay = retryAfterMs ?? backoffDelay(attempt, this.options);
      if (attempt >= this.options.maxRetries || waited + delay > this.options.maxTotalWaitMs) {
        throw new GraphRequestError(
          status === undefined ? 'network-error' : 'retries-exhausted',
          `Gave up after ${attempt + 1} attempts and ${Math.round(waited / 1000)} s of waiting; last failure: ${failure}`,
          describeRequest(context),
          status,
        );
      }
      this.retries++;
      try {
        await this.options.sleep(delay, signal);
      } catch (err) {
        if (isCancellation(err)) throw new GraphRequestError('cancelled', 'The sync was cancelled', describeRequest(context));
        throw err;
      }
      waited += delay;
    }
  }
}

/** The bytes behind each Response the resilience middleware rebuilt, so the caller can decode them without streaming them again. */
const bufferedBodies = new WeakMap<Response, ArrayBuffer>();
const utf8 = new TextDecoder();

/**
 * The body as text, exactly as `response.text()` would give it (UTF-8, BOM dropped, invalid bytes
 * replaced), but decoded straight from the bytes the middleware already read when it has them.
 */
export async function responseText(response: Response): Promise<string> {
  const bytes = bufferedBodies.get(response);
  if (bytes === undefined || response.bodyUsed) return response.text();
  bufferedBodies.delete(response);
  return utf8.decode(bytes);
}

function networkReason(err: unknown): string {
  const e = err as { message?: string; cause?: { code?: string; message?: string } };
  const cause = e?.cause?.code ?? e?.cause?.message;
  return cause ? `${e.message} (${cause})` : String(e?.message ?? err);
}
