/**
 * Where an order stands against the plan as it is now (shared/services/order-tracking.ts): a tracked
 * order the plan later moved or changed is flagged so the carrier's order is amended, a confirmed port
 * date after the cutover is flagged, a rejected order is open again; and the update's input is read
 * field by field. On a real SQLite file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PortOrderRow, UploadOrderRow } from '../../../shared/services/order-read-model';
import { ORDER_TRACKING, orderOpen, parseTrackOrderInput, withTracking, type OrderTracking } from '../../../shared/services/order-tracking';
import { SqliteStore } from '../../../shared/store/sqlite-store';

const TENANT = 'contoso';
let dir: string;
let store: SqliteStore;

const port = (id: string, waveNumber: number, numberCount: number): PortOrderRow => ({
  id, waveNumber, numberCount, firstNumbers: [], blockCount: 1, carrier: 'Telia', operatorId: 'op', kind: 'partial', includesBtn: false, submitBy: '2027-01-04',
});
const upload = (id: string): UploadOrderRow => ({ id, waveNumber: 1, numberCount: 10, firstNumbers: [], sbcId: 'sbc-1', uploadBy: '2027-01-10' });
const tracked = (orderId: string, kind: 'port' | 'upload', state: OrderTracking['state'], extra: Partial<OrderTracking> = {}): OrderTracking => ({
  orderId, kind, state, asTracked: { waveNumber: 1, numberCount: 10 }, updatedBy: 'Pat', updatedAt: '2026-12-01T10:00:00.000Z', ...extra,
});

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-order-tracking-'));
  store = new SqliteStore(path.join(dir, 'vmp.sqlite'));
  await store.upsertTenant(TENANT, 'Contoso');
  const records = [
    tracked('PO-W1-same-1', 'port', 'submitted', { reference: 'T-1' }),
    tracked('PO-W1-moved-1', 'port', 'submitted'),
    tracked('PO-W1-grown-1', 'port', 'foc-confirmed', { focDate: '2027-03-01' }),
    tracked('PO-W1-rejected-1', 'port', 'rejected', { note: 'BTN mismatch' }),
    tracked('PO-W1-ported-1', 'port', 'ported'),
    tracked('UO-W1-sbc-1', 'upload', 'uploaded'),
    // Tracked as an upload order; the plan now has a port order of that id.
    tracked('PO-W1-kind-1', 'upload', 'uploaded'),
  ];
  await store.commit(TENANT, 'test', [{ type: 'replace-collection', collection: ORDER_TRACKING, items: records.map((t) => ({ id: t.orderId, data: t })) }]);
});

afterAll(async () => {
  await store?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('flags what the plan changed since the order was tracked, a FOC after the cutover, and a rejection', async () => {
  const rows = [port('PO-W1-same-1', 1, 10), port('PO-W1-moved-1', 2, 10), port('PO-W1-grown-1', 1, 12), port('PO-W1-rejected-1', 1, 10), port('PO-W1-ported-1', 3, 4), port('PO-W1-untracked-1', 1, 10), port('PO-W1-kind-1', 1, 10)];
  const out = await withTracking(store, TENANT, rows, (wave) => ({ 1: '2027-02-02', 2: '2027-02-09' })[wave]);
  const byId = Object.fromEntries(out.map((r) => [r.id, r]));
  expect(byId['PO-W1-same-1']).toMatchObject({ tracking: { state: 'submitted', reference: 'T-1' } });
  expect(byId['PO-W1-same-1'].trackingWarnings).toBeUndefined();
  expect(byId['PO-W1-moved-1'].trackingWarnings).toEqual(['The plan moved it from wave 1 to wave 2 since it was submitted: amend the order with Telia']);
  expect(byId['PO-W1-grown-1'].trackingWarnings).toEqual([
    'It had 10 numbers when it was confirmed and has 12 now: amend the order with Telia',
    "The confirmed port date 2027-03-01 is after the wave's cutover on 2027-02-02",
  ]);
  expect(byId['PO-W1-rejected-1'].trackingWarnings).toEqual(['Rejected: BTN mismatch - send it again']);
  // Ported is done: what the plan says of it since does not matter any more.
  expect(byId['PO-W1-ported-1'].trackingWarnings).toBeUndefined();
  expect(byId['PO-W1-untracked-1'].tracking).toBeUndefined();
  expect(byId['PO-W1-kind-1'].tracking).toBeUndefined();
  expect(out.filter(orderOpen).map((r) => r.id)).toEqual(['PO-W1-rejected-1', 'PO-W1-untracked-1', 'PO-W1-kind-1']);

  const [uploaded] = await withTracking(store, TENANT, [upload('UO-W1-sbc-1')], () => undefined);
  expect(uploaded.tracking?.state).toBe('uploaded');
  expect(orderOpen(uploaded)).toBe(false);
});

it('reads an update field by field and names every wrong one', () => {
  expect(parseTrackOrderInput({ state: 'submitted', reference: ' T-9 ', expectedVersion: 3 })).toEqual({ state: 'submitted', reference: 'T-9' });
  expect(parseTrackOrderInput({ state: 'foc-confirmed', focDate: '2027-01-20', note: '' })).toEqual({ state: 'foc-confirmed', focDate: '2027-01-20' });
  expect(parseTrackOrderInput({ state: 'open' })).toEqual({ state: 'open' });
  const issues = (raw: unknown) => {
    try {
      parseTrackOrderInput(raw);
      return [];
    } catch (err) {
      return (err as { issues: { path: string }[] }).issues.map((i) => i.path);
    }
  };
  expect(issues(null)).toEqual(['$', '$.state']);
  expect(issues([])).toEqual(['$', '$.state']);
  expect(issues({ state: 'done', focDate: '2027-13-01', reference: 5, note: 'x'.repeat(501), extra: 1 })).toEqual(['$.state', '$.reference', '$.note', '$.focDate', '$.extra']);
  expect(issues({ state: 'foc-confirmed' })).toEqual(['$.focDate']);
  expect(issues({ state: 'submitted', reference: 'tab\there' })).toEqual(['$.reference']);
});
