/**
 * A Graph client bound to one Graph-compatible origin (global, national cloud, local sandbox or a
 * recording proxy; http or https). Builds the real @microsoft/microsoft-graph-client with our
 * middleware, follows absolute nextLinks only after checking their origin, and turns every answer
 * into parsed JSON or a GraphRequestError that names the request.
 */
import { Client, HTTPMessageHandler, ResponseType } from '@microsoft/microsoft-graph-client';
import { GraphRequestError } from './graph-errors';
import { GraphOriginAuthMiddleware, GraphResilienceMiddleware, responseText, TokenProvider } from './graph-middleware';
import { defaultRetryOptions, RetryOptions } from './retry-policy';

export interface GraphHttpOptions {
  /** e.g. https://graph.microsoft.com or http://127.0.0.1:4010 (no version segment). */
  baseUrl: string;
  tokenProvider: TokenProvider;
  retry?: Partial<RetryOptions>;
  signal?: AbortSignal;
}

export interface GraphJson<T> {
  body: T;
  url: string;
}

export class GraphHttp {
  readonly baseUrl: string;
  readonly origin: string;
  private readonly client: Client;
  private readonly resilience: GraphResilienceMiddleware;
  private readonly signal?: AbortSignal;

  constructor(options: GraphHttpOptions) {
    const base = new URL(options.baseUrl);
    if (base.protocol !== 'https:' && base.protocol !== 'http:') {
      throw new GraphRequestError('http-error', `The Graph base URL must be http:// or https://; got ${options.baseUrl}`);
    }
    this.baseUrl = `${base.origin}${base.pathname.replace(/\/+$/, '')}`;
    this.origin = base.origin;
    this.signal = options.signal;
    this.resilience = new GraphResilienceMiddleware(defaultRetryOptions(options.retry));
    const auth = new GraphOriginAuthMiddleware(this.origin, options.tokenProvider);
    const http = new HTTPMessageHandler();
    this.resilience.setNext(auth);
    auth.setNext(http);
    this.client = Client.initWithMiddleware({ baseUrl: this.baseUrl, middleware: this.resilience, defaultVersion: 'v1.0' });
  }

  get retries(): number {
    return this.resilience.retries;
  }

  /**
   * GET a relative path (`/users?$top=999`, version `v1.0` or `beta`) or an absolute URL from an
   * `@odata.nextLink` / `@odata.deltaLink`, which must be on the configured origin.
   */
  async getJson<T>(pathOrUrl: string, options: { version?: string; headers?: Record<string, string> } = {}): Promise<GraphJson<T>> {
    const { version, path, url } = this.resolve(pathOrUrl, options.version ?? 'v1.0');
    let request = this.client.api(path).version(version).responseType(ResponseType.RAW);
    if (options.headers) request = request.headers(options.headers);
    if (this.signal) request = request.options({ signal: this.signal });
    const response: Response = await request.get();
    const text = await responseText(response);
    if (!response.ok) {
      let graphCode: string | undefined;
      let message = text.slice(0, 300);
      try {
        const err = JSON.parse(text)?.error;
        if (err?.code) graphCode = String(err.code);
        if (err?.message) message = String(err.message);
      } catch {
        // Not JSON: keep the start of the text.
      }
      throw new GraphRequestError('http-error', `Graph answered ${response.status}${graphCode ? ` ${graphCode}` : ''}: ${message}`, `GET ${url}`, response.status, graphCode);
    }
    try {
      return { body: JSON.parse(text) as T, url };
    } catch (err) {
      throw new GraphRequestError('malformed-json', `The response is not valid JSON (${(err as Error).message})`, `GET ${url}`, response.status);
    }
  }

  /** Absolute URL for a relative path, for messages and loop detection. */
  absolute(pathOrUrl: string, version = 'v1.0'): string {
    return this.resolve(pathOrUrl, version).url;
  }

  private resolve(pathOrUrl: string, defaultVersion: string): { version: string; path: string; url: string } {
    if (/^[a-z][a-z0-9+.-]*:/i.test(pathOrUrl)) {
      const target = new URL(pathOrUrl);
      if (target.origin !== this.origin || !pathOrUrl.startsWith(`${this.baseUrl}/`)) {
        throw new GraphRequestError(
          'foreign-next-link',
          `Refused to follow a link to ${target.origin}: the token only goes to ${this.origin}`,
          `GET ${target.origin}${target.pathname}`,
        );
      }
      const rest = pathOrUrl.slice(this.baseUrl.length + 1);
      const slash = rest.indexOf('/');
      const version = slash === -1 ? rest : rest.slice(0, slash);
      const path = slash === -1 ? '' : rest.slice(slash);
      return { version, path, url: pathOrUrl };
    }
    const path = pathOrUrl.startsWith('/') ? pathOrUrl : `/${pathOrUrl}`;
    return { version: defaultVersion, path, url: `${this.baseUrl}/${defaultVersion}${path}` };
  }
}

/** A fixed bearer token (CLI `--token`, the demo server's token). */
export function staticToken(token: string): TokenProvider {
  return { getAccessToken: async () => token };
}
