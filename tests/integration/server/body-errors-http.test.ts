/** What the body parser refuses is a 4xx with a JSON error, never a 500: too large, not JSON, unreadable encodings. */
import { startLocalServer, type LocalServer } from '../../support/http';

let local: LocalServer;

beforeAll(async () => {
  local = await startLocalServer('vmp-body-errors-');
});

afterAll(() => local?.stop());

const post = (body: string, headers: Record<string, string>) => fetch(`${local.base}/api/pbx/import`, { method: 'POST', headers, body });

describe('request bodies the API cannot take', () => {
  it.each([
    ['a body over the 5 MB limit', JSON.stringify({ linesCsv: 'x'.repeat(6 * 1024 * 1024) }), { 'Content-Type': 'application/json' }, 413, 'too-large'],
    ['malformed JSON', '{"linesCsv": ', { 'Content-Type': 'application/json' }, 400, 'bad-input'],
    ['a charset other than UTF-8', '{}', { 'Content-Type': 'application/json; charset=latin1' }, 415, 'unsupported-media-type'],
    ['an unknown content encoding', '{}', { 'Content-Type': 'application/json', 'Content-Encoding': 'compress' }, 415, 'unsupported-media-type'],
  ])('%s: a 4xx with a JSON error and no stack', async (_what, body, headers, status, code) => {
    const res = await post(body, headers as Record<string, string>);
    expect(res.status).toBe(status);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ error: { code } });
    expect(text).not.toMatch(/at \w+ \(|node_modules/);
  });
});
