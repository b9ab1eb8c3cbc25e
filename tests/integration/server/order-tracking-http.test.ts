/**
 * Where each port and upload order stands (shared/services/order-tracking.ts), over HTTP on the local
 * server with its demo tenant: the rows carry their tracking, every update is written against the version
 * read (stale: 409), the same update again is no change, bad input is a 400 naming the field, and the
 * history records who moved which order where.
 */
import { startLocalServer, type LocalServer } from '../../support/http';

let local: LocalServer;

beforeAll(async () => {
  local = await startLocalServer('vmp-order-tracking-');
}, 120_000);

afterAll(() => local?.stop());

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  const res = await fetch(`${local.base}/api${path}`, { method, headers: { 'Content-Type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

const track = (id: string, body: Record<string, unknown>, headers?: Record<string, string>) => call('PUT', `/plan/orders/${encodeURIComponent(id)}/tracking`, body, headers);

it('a port order is submitted, confirmed and ported, each against the version read; the list shows it', async () => {
  const before = await call('GET', '/plan/port-orders?limit=100');
  expect(before.status).toBe(200);
  expect(before.json.trackingVersion).toBeNull();
  expect(before.json.items.every((o: { tracking?: unknown }) => o.tracking === undefined)).toBe(true);
  const order = before.json.items[0];

  const submitted = await track(order.id, { state: 'submitted', reference: 'TEL-4471', expectedVersion: null });
  expect(submitted.status).toBe(200);
  expect(submitted.json).toMatchObject({ version: 1, tracking: { orderId: order.id, kind: 'port', state: 'submitted', reference: 'TEL-4471', asTracked: { waveNumber: order.waveNumber, numberCount: order.numberCount } } });

  const after = await call('GET', '/plan/port-orders?limit=100');
  expect(after.json.trackingVersion).toBe(1);
  const row = after.json.items.find((o: { id: string }) => o.id === order.id);
  expect(row.tracking).toMatchObject({ state: 'submitted', reference: 'TEL-4471', updatedBy: expect.any(String) });
  expect(row.trackingWarnings).toBeUndefined();

  // The same again: no new version, no history entry.
  expect((await track(order.id, { state: 'submitted', reference: 'TEL-4471' }, { 'If-Match': '"1"' })).json.version).toBe(1);
  // Stale: written against the version before the submit.
  const stale = await track(order.id, { state: 'ported', expectedVersion: null });
  expect(stale.status).toBe(409);
  expect(stale.json.error.code).toBe('conflict');

  const confirmed = await track(order.id, { state: 'foc-confirmed', reference: 'TEL-4471', focDate: '2027-01-20', expectedVersion: 1 });
  expect(confirmed.json).toMatchObject({ version: 2, tracking: { state: 'foc-confirmed', focDate: '2027-01-20' } });

  const history = await call('GET', '/audit?limit=10');
  const titles = history.json.items.filter((i: { action: string }) => i.action === 'orders.track').map((i: { title: string }) => i.title);
  expect(titles).toEqual([`Port order ${order.id} confirmed for 2027-01-20 (ref. TEL-4471)`, `Port order ${order.id} submitted (ref. TEL-4471)`]);

  // Open again (tracked by mistake): the row has no tracking.
  expect((await track(order.id, { state: 'open', expectedVersion: 2 })).json).toEqual({ version: 3 });
  const reopened = (await call('GET', '/plan/port-orders?limit=100')).json.items.find((o: { id: string }) => o.id === order.id);
  expect(reopened.tracking).toBeUndefined();
});

it('an upload order is uploaded; a port state is refused for it, and an upload state for a port order', async () => {
  const uploads = (await call('GET', '/plan/upload-orders?limit=5')).json;
  const ports = (await call('GET', '/plan/port-orders?limit=5')).json;
  const version = uploads.trackingVersion;
  const wrong = await track(uploads.items[0].id, { state: 'submitted', expectedVersion: version });
  expect(wrong.status).toBe(400);
  expect(wrong.json.error.message).toContain("An upload order's state is one of open, uploaded");
  expect((await track(ports.items[0].id, { state: 'uploaded', expectedVersion: version })).status).toBe(400);
  const uploaded = await track(uploads.items[0].id, { state: 'uploaded', expectedVersion: version });
  expect(uploaded.json).toMatchObject({ version: version + 1, tracking: { kind: 'upload', state: 'uploaded' } });
  const row = (await call('GET', `/plan/upload-orders?limit=5`)).json.items.find((o: { id: string }) => o.id === uploads.items[0].id);
  expect(row.tracking.state).toBe('uploaded');
});

it('bad input is a 400 naming the field and saves nothing; an unknown order is a 404', async () => {
  const ports = (await call('GET', '/plan/port-orders?limit=5')).json;
  const id = ports.items[1].id;
  const version = ports.trackingVersion;
  for (const [body, path] of [
    [{ state: 'done' }, '$.state'],
    [{ state: 'foc-confirmed' }, '$.focDate'],
    [{ state: 'foc-confirmed', focDate: '2027-02-30' }, '$.focDate'],
    [{ state: 'submitted', reference: 'x'.repeat(101) }, '$.reference'],
    [{ state: 'submitted', reference: 'line\nbreak' }, '$.reference'],
    [{ state: 'submitted', owner: 'me' }, '$.owner'],
  ] as const) {
    const r = await track(id, { ...body, expectedVersion: version });
    expect([JSON.stringify(body), r.status]).toEqual([JSON.stringify(body), 400]);
    expect(r.json.error.issues.map((i: { path: string }) => i.path)).toContain(path);
  }
  expect((await track(id, { state: 'submitted' })).status).toBe(400); // no version
  expect((await track('PO-W99-nowhere-1', { state: 'submitted', expectedVersion: version })).status).toBe(404);
  expect((await call('GET', '/plan/port-orders?limit=5')).json.trackingVersion).toBe(version);
});
