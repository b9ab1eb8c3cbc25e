/**
 * List exports read by LibreOffice (headless, to CSV), a reader independent of the exceljs that wrote
 * them: the port orders' account numbers and phone numbers keep their `+` and leading digits as text,
 * and the Blockers export holds the rows of its view with names as written. LibreOffice is required
 * (see the export tests).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { startLocalServer, type LocalServer } from '../../support/http';

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

function findSoffice(): string {
  for (const candidate of ['soffice', 'libreoffice']) if (spawnSync(candidate, ['--version'], { encoding: 'utf8' }).status === 0) return candidate;
  throw new Error('LibreOffice is needed for this test: install it (Debian/Ubuntu: apt-get install -y libreoffice-calc-nogui) so that `soffice` is on PATH.');
}

/** Downloads a workbook and converts its first sheet to rows with LibreOffice (all workbooks in one run). */
function toCsv(soffice: string, files: string[]): string[][][] {
  const r = spawnSync(soffice, [`-env:UserInstallation=file://${path.join(dir, 'profile')}`, '--headless', '--norestore', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1', '--outdir', dir, ...files], {
    encoding: 'utf8',
    timeout: 180_000,
  });
  expect(r.status).toBe(0);
  return files.map((f) => parse(fs.readFileSync(f.replace(/\.xlsx$/, '.csv'), 'utf8'), { relax_column_count: true }));
}

async function save(route: string, name: string): Promise<string> {
  const res = await fetch(`${local.base}/api${route}`);
  expect(res.status).toBe(200);
  const file = path.join(dir, name);
  fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return file;
}

it('keeps numbers as text and names as written in the port orders and blocked people exports', async () => {
  const soffice = findSoffice();
  const orders = await (await fetch(`${local.base}/api/plan/port-orders?limit=1000`)).json();
  const blocked = await (await fetch(`${local.base}/api/plan/blocked?limit=1000`)).json();
  expect(orders.total).toBeGreaterThan(0);
  const [portCsv, blockedCsv] = toCsv(soffice, [await save('/coexistence/export.xlsx?list=port-orders', 'port-orders.xlsx'), await save('/plan/blocked/export.xlsx', 'blocked.xlsx')]);

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

  expect(blockedCsv[0].slice(0, 2)).toEqual(['Name', 'User principal name']);
  expect(blockedCsv).toHaveLength(blocked.total + 1);
  for (const [i, b] of (blocked.items as { displayName?: string; userPrincipalName: string }[]).slice(0, 50).entries()) {
    expect(blockedCsv[i + 1].slice(0, 2)).toEqual([b.displayName ?? '', b.userPrincipalName]);
  }
});
