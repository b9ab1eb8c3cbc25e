import { backoffDelay, parseRetryAfter } from '../../../shared/graph/retry-policy';
import { GraphHttp, staticToken } from '../../../shared/graph/graph-http';
import { authorityForGraph } from '../../../shared/graph/graph-clouds';

describe('Retry-After', () => {
  const now = Date.parse('2026-11-25T10:00:00Z');
  it.each([
    ['5', 5000],
    ['0', 0],
    ['1.5', 1500],
    ['Wed, 25 Nov 2026 10:00:30 GMT', 30_000],
    ['Wed, 25 Nov 2026 09:59:00 GMT', 0], // in the past: retry now
    ['soon', undefined],
    ['', undefined],
    [null, undefined],
  ])('%p -> %p ms', (header, expected) => expect(parseRetryAfter(header as string | null, now)).toBe(expected));
});

describe('backoff', () => {
  it('grows exponentially, is capped, and jitters within [half, full] of the step', () => {
    const o = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect([0, 1, 2, 3, 4, 5].map((a) => backoffDelay(a, { ...o, random: () => 0 }))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([0, 1, 2, 3, 4, 5].map((a) => backoffDelay(a, { ...o, random: () => 0.999999 }))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });
});

describe('GraphHttp origin guard', () => {
  it('refuses absolute links to another origin before any request is made', async () => {
    let asked = 0;
    const http = new GraphHttp({ baseUrl: 'https://graph.microsoft.com', tokenProvider: { getAccessToken: async () => (asked++, 't') } });
    for (const url of ['https://graph.evil.example/v1.0/users', 'http://graph.microsoft.com/v1.0/users', 'https://graph.microsoft.com.evil.example/v1.0/users']) {
      await expect(http.getJson(url)).rejects.toMatchObject({ code: 'foreign-next-link' });
    }
    expect(asked).toBe(0);
  });

  it('rejects a base URL that is not http(s)', () => {
    expect(() => new GraphHttp({ baseUrl: 'ftp://graph.example', tokenProvider: staticToken('t') })).toThrow(/http:\/\/ or https:\/\//);
  });

  it('knows the sign-in authority of each cloud', () => {
    expect(authorityForGraph('https://graph.microsoft.us')).toBe('https://login.microsoftonline.us');
    expect(authorityForGraph('https://microsoftgraph.chinacloudapi.cn')).toBe('https://login.chinacloudapi.cn');
    expect(authorityForGraph('http://127.0.0.1:4000')).toBe('https://login.microsoftonline.com');
  });
});
