/**
 * List exports read by LibreOffice (headless, to CSV), a reader independent of the exceljs that wrote
 * them: the port orders' account numbers and phone numbers keep their `+` and leading digits as text,
 * and the Blockers export holds the rows of its view with names as written; an order too large for its
 * cell lists every number on the details sheet. LibreOffice is required (see the export tests).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { orderChanges } from '../../../shared/services/order-read-model';
import { startLocalServer, type LocalServer } from '../../support/http';
import { convertToCsv, readCsv } from '../../support/libreoffice';

let local: LocalServer;
let dir: string;

beforeAll(async () => {
  local = await startLocalServer('vmp-list-lo-');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-list-lo-'));
});

afterAll(async () => {
  await local?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The rows of workbooks as LibreOffice reads them: the first sheet of each, or with `sheets` those sheets. */
async function toCsv(files: string[], sheets?: string[]): Promise<string[][][]> {
  await convertToCsv(files, dir, { profileDir: path.join(dir, 'profile'), everySheet: sheets !== undefined });
  const outputs = sheets ? files.flatMap((f) => sheets.map((sheet) => f.replace(/\.xlsx$/, `-${sheet}.csv`))) : files.map((f) => f.replace(/\.xlsx$/, '.csv'));
  return outputs.map(readCsv);
}

async function save(route: string, name: string): Promise<string> {
  const res = await fetch(`${local.base}/api${route}`);
  expect(res.status).toBe(200);
  const file = path.join(dir, name);
  fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return file;
}

it('keeps numbers as text and names as written in the port orders, blocked people and progress exports', async () => {
  const listed = await (await fetch(`${local.base}/api/plan/port-orders?limit=1000`)).json();
  // The first order submitted, its reference typed like a formula: the workbook keeps it as text.
  const tracked = await fetch(`${local.base}/api/plan/orders/${encodeURIComponent(listed.items[0].id)}/tracking`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', 'If-Match': listed.trackingVersion === null ? 'none' : `"${listed.trackingVersion}"` },
    body: JSON.stringify({ state: 'submitted', reference: '=1+1' }),
  });
  expect(tracked.status).toBe(200);
  const orders = await (await fetch(`${local.base}/api/plan/port-orders?limit=1000`)).json();
  const blocked = await (await fetch(`${local.base}/api/plan/blocked?limit=1000`)).json();
  expect(orders.total).toBeGreaterThan(0);
  const progress = await (await fetch(`${local.base}/api/migration-status?state=drifted&limit=1000`)).json();
  expect(progress.membersTotal).toBeGreaterThan(0);
  const [portCsv, blockedCsv, progressCsv] = await toCsv([
    await save('/coexistence/export.xlsx?list=port-orders', 'port-orders.xlsx'),
    await save('/plan/blocked/export.xlsx', 'blocked.xlsx'),
    await save('/migration-status/export.xlsx?state=drifted', 'progress.xlsx'),
  ]);

  expect(portCsv[0].slice(0, 4)).toEqual(['Order', 'Wave', 'Carrier', 'Account']);
  expect(portCsv).toHaveLength(orders.total + 1);
  const first = orders.items[0];
  expect(portCsv[1][0]).toBe(first.id);
  expect(portCsv[1][3]).toBe(first.accountNumber ?? '');
  // The row carries the first numbers; the workbook every one of them, as the order's numbers route gives them.
  const numbers = await (await fetch(`${local.base}/api/plan/orders/${encodeURIComponent(first.id)}/numbers`)).json();
  expect(numbers.total).toBe(first.numberCount);
  expect(portCsv[1][9].split('\n')).toEqual(numbers.items);
  expect(numbers.items.slice(0, first.firstNumbers.length)).toEqual(first.firstNumbers);
  expect(portCsv[1][10]).toMatch(/\d/);
  // Where each order stands.
  const status = portCsv[0].indexOf('Status');
  expect(portCsv[0].slice(status)).toEqual(['Status', 'Reference', 'Confirmed port date (FOC)', 'Needs attention']);
  expect(portCsv[1].slice(status, status + 2)).toEqual(['submitted', '=1+1']);
  expect(portCsv[2][status]).toBe('not submitted');

  expect(blockedCsv[0].slice(0, 2)).toEqual(['Name', 'User principal name']);
  expect(blockedCsv).toHaveLength(blocked.total + 1);
  for (const [i, b] of (blocked.items as { displayName?: string; userPrincipalName: string }[]).slice(0, 50).entries()) {
    expect(blockedCsv[i + 1].slice(0, 2)).toEqual([b.displayName ?? '', b.userPrincipalName]);
  }

  // The Progress page's drifted people: planned numbers keep their "+", what Teams holds is listed as found.
  expect(progressCsv[0]).toEqual(['User principal name', 'Site', 'Site id', 'Wave', 'State', 'Overdue', 'Detail', 'Planned number', 'Planned type', 'In Teams', 'Object id']);
  expect(progressCsv).toHaveLength(progress.membersTotal + 1);
  for (const [i, m] of (progress.members as { personId: string; userPrincipalName?: string; expected?: { number?: string }; actual?: { number: string; numberType: string }[] }[]).entries()) {
    expect([progressCsv[i + 1][0], progressCsv[i + 1][4], progressCsv[i + 1][10]]).toEqual([m.userPrincipalName ?? '', 'Drifted from the plan', m.personId]);
    expect(progressCsv[i + 1][7]).toBe(m.expected?.number ?? '');
    expect(progressCsv[i + 1][9]).toBe((m.actual ?? []).map((a) => `${a.number} (${a.numberType})`).join('\n'));
  }
});

it("lists every number of an order too large for its cell on the workbook's details sheet", async () => {
  // The demo's orders are small: one of 2,500 numbers (past Excel's 32,767 characters a cell, one per line)
  // is stored beside them, as a plan's commit writes it.
  const tenantId = local.config.demo.tenantId;
  const { store, plan } = local.running.services;
  const built = (await plan.get(tenantId))!.plan;
  const last = built.waves.at(-1)!;
  const big = { id: 'UO-big-2500', waveNumber: last.number, sbcId: 'sbc-big', numbers: Array.from({ length: 2_500 }, (_, i) => `+1425555${String(i).padStart(4, '0')}`), uploadBy: last.date };
  await store.commit(tenantId, 'test', orderChanges(built.portOrders, [...built.uploadOrders, big]));
  try {
    const orders = [...built.uploadOrders, big];
    const [list, numbers] = await toCsv([await save('/coexistence/export.xlsx?list=upload-orders', 'upload-orders.xlsx')], ['Upload orders', 'Order numbers']);
    expect(list[0]).toEqual(['Order', 'Wave', 'SBC', 'SBC id', 'Numbers', 'Number list', 'Upload by', 'Status', 'Reference', 'Confirmed port date (FOC)', 'Needs attention']);
    expect(list.slice(1).map((r) => r[0])).toEqual(orders.map((o) => o.id));
    const bigRow = list.find((r) => r[0] === big.id)!;
    expect(bigRow[4]).toBe('2500');
    expect(bigRow[5]).toBe('2,500 numbers: every one is on the sheet "Order numbers"');
    const small = list.find((r) => r[0] === built.uploadOrders[0].id)!;
    expect(small[5].split('\n')).toEqual(built.uploadOrders[0].numbers);

    expect(numbers[0]).toEqual(['Order', 'Wave', 'Number']);
    expect(numbers.slice(1).map((r) => `${r[0]} ${r[2]}`)).toEqual(orders.flatMap((o) => o.numbers.map((n) => `${o.id} ${n}`)));
    expect(new Set(numbers.filter((r) => r[0] === big.id).map((r) => r[1]))).toEqual(new Set([`${last.name} (${last.date})`]));
  } finally {
    await store.commit(tenantId, 'test', orderChanges(built.portOrders, built.uploadOrders));
  }
});
