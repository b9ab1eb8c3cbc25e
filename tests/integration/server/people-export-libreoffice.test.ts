/**
 * The People grid's workbook read by LibreOffice (headless, to CSV), a reader independent of the
 * exceljs that wrote it: a hostile display name from the directory is shown as written, never
 * evaluated, and a phone number keeps its `+`. LibreOffice is required (see the export tests).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalServer, type LocalServer } from '../../support/http';
import { convertToCsv, readCsv } from '../../support/libreoffice';

let local: LocalServer;
let dir: string;

beforeAll(async () => {
  local = await startLocalServer('vmp-people-lo-');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-people-lo-'));
});

afterAll(async () => {
  await local?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Row {
  displayName: string;
  userPrincipalName: string;
  phone?: string;
}

it('shows formula-looking names as text and keeps phone numbers as written', async () => {
  const rows: Row[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await (await fetch(`${local.base}/api/people?offset=${offset}&limit=500`)).json();
    rows.push(...page.items);
    if (offset + 500 >= page.total) break;
  }
  const hostile = rows.find((r) => /^[=+\-@]/.test(r.displayName));
  const withPhone = rows.find((r) => r.phone?.startsWith('+'))!;
  expect(hostile).toBeDefined();
  const res = await fetch(`${local.base}/api/people/export.xlsx`);
  expect(res.status).toBe(200);
  const file = path.join(dir, 'people.xlsx');
  fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  await convertToCsv([file], dir, { profileDir: path.join(dir, 'profile') });
  const csv = readCsv(path.join(dir, 'people.csv'));
  expect(csv[0].slice(0, 2)).toEqual(['Name', 'User principal name']);
  expect(csv).toHaveLength(rows.length + 1);
  expect(csv.find((c) => c[1] === hostile!.userPrincipalName)![0]).toBe(hostile!.displayName);
  expect(csv.find((c) => c[1] === withPhone.userPrincipalName)![4]).toBe(withPhone.phone);
});
