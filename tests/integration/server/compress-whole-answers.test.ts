/**
 * compressWholeAnswers in front of the streaming `compression` middleware, as server/app.ts mounts
 * them: whole answers are compressed in one call (they keep a Content-Length), everything else is
 * still streamed (chunked), and what must not be touched is not.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import compression from 'compression';
import express from 'express';
import { compressWholeAnswers, MAX_WHOLE_BYTES } from '../../../server/compress-whole-answers';

const page = JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => ({ id: `person-${i}`, name: `Person ${i}`, site: 'Seattle' })) });
const large = JSON.stringify({ items: Array.from({ length: 40_000 }, (_, i) => ({ id: `person-${i}`, name: `Person ${i}` })) });

let server: http.Server;
let base: string;

beforeAll(async () => {
  const app = express();
  app.use(compression({ threshold: 1024, level: 1 }));
  app.use(compressWholeAnswers());
  app.get('/page', (_req, res) => res.type('json').send(page));
  app.get('/large', (_req, res) => res.type('json').send(large));
  app.get('/parts', (_req, res) => {
    res.type('json');
    res.write(page.slice(0, 2000));
    res.end(page.slice(2000));
  });
  app.get('/no-transform', (_req, res) => res.set('Cache-Control', 'no-transform').type('json').send(page));
  app.get('/binary', (_req, res) => res.type('application/zip').send(Buffer.from(page)));
  app.get('/small', (_req, res) => res.json({ ok: true }));
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((r) => server.close(r)));

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function get(path: string, acceptEncoding: string, method = 'GET'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method, headers: { 'Accept-Encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

function decoded(r: Raw): string {
  const coding = r.headers['content-encoding'];
  if (coding === 'br') return zlib.brotliDecompressSync(r.body).toString('utf8');
  if (coding === 'gzip') return zlib.gunzipSync(r.body).toString('utf8');
  return r.body.toString('utf8');
}

describe('whole answers compressed in one call', () => {
  it('sends a whole JSON answer as br with its compressed length, and varies on Accept-Encoding', async () => {
    const r = await get('/page', 'gzip, deflate, br');
    expect(r.headers['content-encoding']).toBe('br');
    expect(Number(r.headers['content-length'])).toBe(r.body.length);
    expect(r.headers['transfer-encoding']).toBeUndefined();
    expect(r.headers.vary).toMatch(/accept-encoding/i);
    expect(r.body.length * 4).toBeLessThan(page.length);
    expect(decoded(r)).toBe(page);
  });

  it('follows the client: gzip when it takes only gzip, br over gzip only as a tie, nothing for identity', async () => {
    const gz = await get('/page', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(decoded(gz)).toBe(page);
    const weighted = await get('/page', 'br;q=0.2, gzip;q=0.9');
    expect(weighted.headers['content-encoding']).toBe('gzip');
    const plain = await get('/page', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString('utf8')).toBe(page);
  });

  it('leaves answers above the bound, or written in parts, to the streaming middleware', async () => {
    expect(large.length).toBeGreaterThan(MAX_WHOLE_BYTES);
    const big = await get('/large', 'br, gzip');
    expect(big.headers['content-encoding']).toBe('br');
    expect(big.headers['transfer-encoding']).toBe('chunked');
    expect(decoded(big)).toBe(large);
    const parts = await get('/parts', 'br, gzip');
    expect(parts.headers['content-encoding']).toBe('br');
    expect(parts.headers['transfer-encoding']).toBe('chunked');
    expect(decoded(parts)).toBe(page);
  });

  it('does not touch no-transform, binary, small or HEAD answers', async () => {
    const kept = await get('/no-transform', 'br, gzip');
    expect(kept.headers['content-encoding']).toBeUndefined();
    expect(kept.body.toString('utf8')).toBe(page);
    const zip = await get('/binary', 'br, gzip');
    expect(zip.headers['content-encoding']).toBeUndefined();
    expect(zip.body.toString('utf8')).toBe(page);
    const small = await get('/small', 'br, gzip');
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(small.body.toString('utf8'))).toEqual({ ok: true });
    const head = await get('/page', 'br, gzip', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    // The headers a GET would have without compression: the plain length, no coding.
    expect(head.headers['content-encoding']).toBeUndefined();
    expect(Number(head.headers['content-length'])).toBe(Buffer.byteLength(page));
  });
});
