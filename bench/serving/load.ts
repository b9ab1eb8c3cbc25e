/**
 * The load client: plain fetch (undici, keep-alive) to the server on 127.0.0.1 only, in bounded loops
 * (a request count or a deadline), recording each request's latency and status.
 */
import http from 'node:http';

/** Latencies and outcomes of one kind of request. */
export class Recorder {
  readonly ms: number[] = [];
  readonly statuses = new Map<string, number>();

  add(ms: number, status: number | string): void {
    this.ms.push(ms);
    const key = String(status);
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1);
  }

  get count(): number {
    return this.ms.length;
  }

  /** Requests not answered 2xx (connection failures count as "network:<code>"). */
  get errors(): number {
    let n = 0;
    for (const [k, v] of this.statuses) if (!/^2\d\d$/.test(k)) n += v;
    return n;
  }

  count5xx(): number {
    let n = 0;
    for (const [k, v] of this.statuses) if (/^5\d\d$/.test(k)) n += v;
    return n;
  }

  /** Requests that got no HTTP answer at all (the connection failed). */
  countNetwork(): number {
    let n = 0;
    for (const [k, v] of this.statuses) if (k.startsWith('network')) n += v;
    return n;
  }

  percentile(p: number): number {
    if (this.ms.length === 0) return NaN;
    const sorted = [...this.ms].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  }

  /** Notes for the table, each name prefixed: count, p50/p95/p99/max in ms, statuses. */
  notes(prefix: string): Record<string, number | string> {
    const r = (n: number) => Math.round(n * 10) / 10;
    return {
      [`${prefix}Requests`]: this.count,
      [`${prefix}P50Ms`]: r(this.percentile(50)),
      [`${prefix}P95Ms`]: r(this.percentile(95)),
      [`${prefix}P99Ms`]: r(this.percentile(99)),
      [`${prefix}MaxMs`]: r(Math.max(...this.ms)),
      [`${prefix}Statuses`]: [...this.statuses].map(([k, v]) => `${k}:${v}`).join(' '),
    };
  }
}

export const BROWSER_HEADERS = { 'Accept-Encoding': 'br, gzip', Accept: 'application/json' };

/** Only the loopback server is ever asked. */
function checkLoopback(url: string): void {
  if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(url)) throw new Error(`the load client only calls 127.0.0.1; got ${url}`);
}

/** One timed request; the body is read whole. Resolves with status, body text and milliseconds (never throws). */
export async function timed(url: string, init: RequestInit = {}): Promise<{ status: number | `network:${string}`; ms: number; text: string }> {
  checkLoopback(url);
  const t0 = performance.now();
  try {
    const res = await fetch(url, { ...init, headers: { ...BROWSER_HEADERS, ...(init.headers as Record<string, string> | undefined) } });
    const text = await res.text();
    return { status: res.status, ms: performance.now() - t0, text };
  } catch (err) {
    // undici says "fetch failed"; the cause says what happened to the connection (e.g. ECONNRESET, UND_ERR_SOCKET).
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return { status: `network:${cause?.code ?? 'error'}`, ms: performance.now() - t0, text: `${err instanceof Error ? err.message : String(err)}: ${cause?.message ?? ''}` };
  }
}

export function postJson(url: string, body: unknown, method = 'POST'): Promise<{ status: number | `network:${string}`; ms: number; text: string }> {
  return timed(url, { method, headers: { 'Content-Type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

/**
 * `concurrency` workers each repeating `one()` until `count` requests were started in all or
 * `deadline` (performance.now() ms) has passed, whichever comes first. Returns the wall seconds.
 */
export async function closedLoop(options: { concurrency: number; count?: number; deadline?: number; pauseMs?: number; stop?: () => boolean }, one: (i: number) => Promise<void>): Promise<number> {
  const t0 = performance.now();
  let started = 0;
  const more = () =>
    (options.count === undefined || started < options.count) && (options.deadline === undefined || performance.now() < options.deadline) && !options.stop?.();
  const worker = async () => {
    while (more()) {
      await one(started++);
      if (options.pauseMs) await new Promise((r) => setTimeout(r, options.pauseMs));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return (performance.now() - t0) / 1000;
}

/** A GET's bytes as they travel: status line and headers, and the body as sent (compressed or not). */
export function wireBytes(url: string, headers: Record<string, string>): Promise<{ status: number; headerBytes: number; bodyBytes: number; encoding: string }> {
  checkLoopback(url);
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent: false }, (res) => {
      let bodyBytes = 0;
      res.on('data', (c: Buffer) => (bodyBytes += c.length));
      res.on('end', () => {
        // HTTP/1.1 status line, each header as "name: value\r\n", the blank line.
        let headerBytes = `HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n`.length + 2;
        for (let i = 0; i < res.rawHeaders.length; i += 2) headerBytes += Buffer.byteLength(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}\r\n`);
        resolve({ status: res.statusCode ?? 0, headerBytes, bodyBytes, encoding: String(res.headers['content-encoding'] ?? 'identity') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

export const round1 = (n: number): number => Math.round(n * 10) / 10;
