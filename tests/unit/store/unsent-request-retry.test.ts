/**
 * The Table clients' retry of requests that never reached the service (EPIPE on a closed keep-alive
 * connection): sent again up to three times in all; any other failure goes straight to the caller.
 */
import { retryUnsentRequests } from '../../../shared/store/unsent-request-retry';

type Next = Parameters<typeof retryUnsentRequests.sendRequest>[1];
type Request = Parameters<typeof retryUnsentRequests.sendRequest>[0];

const request = { url: 'http://127.0.0.1/t' } as Request;
const failure = (code: string) => Object.assign(new Error(`write ${code}`), { code });

function nextFailing(codes: string[]): { next: Next; calls: () => number } {
  let calls = 0;
  const next = (async () => {
    const code = codes[calls++];
    if (code) throw failure(code);
    return { status: 204 };
  }) as unknown as Next;
  return { next, calls: () => calls };
}

describe('retryUnsentRequests', () => {
  it('sends a request again after EPIPE', async () => {
    const n = nextFailing(['EPIPE', 'EPIPE']);
    await expect(retryUnsentRequests.sendRequest(request, n.next)).resolves.toMatchObject({ status: 204 });
    expect(n.calls()).toBe(3);
  });

  it('gives up after three attempts', async () => {
    const n = nextFailing(['EPIPE', 'EPIPE', 'EPIPE', 'EPIPE']);
    await expect(retryUnsentRequests.sendRequest(request, n.next)).rejects.toMatchObject({ code: 'EPIPE' });
    expect(n.calls()).toBe(3);
  });

  it('does not repeat a request the service may have seen', async () => {
    for (const code of ['ECONNRESET', 'ETIMEDOUT', 'Conflict']) {
      const n = nextFailing([code]);
      await expect(retryUnsentRequests.sendRequest(request, n.next)).rejects.toMatchObject({ code });
      expect(n.calls()).toBe(1);
    }
  });
});
