/** API answers are compressed as the client accepts (br, then gzip), and sent as they are to a client that accepts neither. */
import http from 'node:http';
import zlib from 'node:zlib';
import { startLocalServer, type LocalServer } from '../../support/http';

let local: LocalServer;

beforeAll(async () => {
  local = await startLocalServer('vmp-compression-');
});

afterAll(() => local?.stop());

/** The raw bytes and encoding of an answer (fetch would decode them). */
function raw(path: string, acceptEncoding: string): Promise<{ status: number; encoding?: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${local.base}${path}`, { headers: { 'Accept-Encoding': acceptEncoding, Accept: 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
  });
}

describe('compressed answers', () => {
  const PAGE = '/api/people?limit=100';

  it('sends a People page as br, gzip or plain as asked, the same JSON each time and much smaller', async () => {
    const plain = await raw(PAGE, 'identity');
    expect(plain.status).toBe(200);
    expect(plain.encoding).toBeUndefined();
    const json = JSON.parse(plain.body.toString('utf8')) as { items: unknown[] };
    expect(json.items.length).toBeGreaterThan(50);

    const br = await raw(PAGE, 'br, gzip');
    expect(br.encoding).toBe('br');
    expect(JSON.parse(zlib.brotliDecompressSync(br.body).toString('utf8'))).toEqual(json);
    expect(br.body.length * 4).toBeLessThan(plain.body.length);

    const gzip = await raw(PAGE, 'gzip');
    expect(gzip.encoding).toBe('gzip');
    expect(JSON.parse(zlib.gunzipSync(gzip.body).toString('utf8'))).toEqual(json);
    expect(gzip.body.length * 4).toBeLessThan(plain.body.length);
  });

  it('leaves small answers (under 1 KB) uncompressed', async () => {
    const health = await raw('/healthz', 'br, gzip');
    expect(health.status).toBe(200);
    expect(health.encoding).toBeUndefined();
    expect(JSON.parse(health.body.toString('utf8'))).toEqual({ status: 'ok' });
  });
});
