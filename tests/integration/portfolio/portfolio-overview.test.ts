/**
 * The portfolio overview over real SQLite: a row per customer the subject may act for (never the
 * others), sorting and filtering, summaries stored under the MSP tenant and used after a restart until
 * a customer's read models change, and the workbook - customer names that look like formulas stay text.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { createPortfolioService, PORTFOLIO_SUMMARIES } from '../../../shared/services/portfolio-service';
import { saveSnapshot } from '../../../shared/services/snapshot-repository';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { usersOnlySnapshot } from '../../support/snapshots';

const MSP = 'aaaaaaaa-1111-4111-8111-111111111111';
const ids = [1, 2, 3].map((i) => `bbbbbbbb-2222-4222-8222-00000000000${i}`);
const ME = { userId: 'a0a0a0a0-0000-4000-8000-000000000001' };
const NOW = new Date('2026-12-03T12:00:00Z');

let dir: string;
let file: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-portfolio-overview-'));
  file = path.join(dir, 'vmp.sqlite');
  const store = new SqliteStore(file);
  const portfolio = createPortfolioService(store, () => NOW);
  const names = ['Zeta Corp', '=HYPERLINK("http://x","y")', 'Alpha Ltd'];
  let version: number | null = null;
  for (const [i, id] of ids.entries()) {
    // Customer 2 never synced; 1 and 3 have 4 and 2 users.
    if (i !== 1) await saveSnapshot(store, { ...usersOnlySnapshot(id, names[i], i === 0 ? 4 : 2), takenAt: '2026-12-01T12:00:00.000Z' }, 'test');
    version = (await portfolio.link(MSP, 'test', { tenantId: id, displayName: names[i] }, version)).version;
    // The third customer is someone else's: the subject holds no grant on it.
    if (i < 2) version = (await portfolio.grant(MSP, 'test', id, { kind: 'user', id: ME.userId }, i === 0 ? 'admin' : 'viewer', version)).version;
  }
  await store.close();
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('portfolio overview', () => {
  it('lists only the customers the subject may act for, sorted and filtered, and stores their summaries', async () => {
    const store = new SqliteStore(file);
    try {
      const portfolio = createPortfolioService(store, () => NOW);
      const all = await portfolio.overview(MSP, ME, {});
      expect(all.items.map((r) => [r.displayName, r.role, r.users, r.lastSyncAgeHours])).toEqual([
        ['=HYPERLINK("http://x","y")', 'viewer', null, null],
        ['Zeta Corp', 'admin', 4, 48],
      ]);
      expect(all.totals).toMatchObject({ customers: 2, neverSynced: 1 });
      const byUsers = await portfolio.overview(MSP, ME, { sort: 'users', descending: true });
      // Never synced sorts last in either direction.
      expect(byUsers.items.map((r) => r.displayName)).toEqual(['Zeta Corp', '=HYPERLINK("http://x","y")']);
      expect((await portfolio.overview(MSP, ME, { search: 'zeta' })).items.map((r) => r.tenantId)).toEqual([ids[0]]);
      expect((await portfolio.overview(MSP, ME, { staleHours: 72 })).items.map((r) => r.tenantId)).toEqual([ids[1]]);
      const paged = await portfolio.overview(MSP, ME, { offset: 1, limit: 1 });
      expect(paged).toMatchObject({ total: 2, offset: 1, limit: 1, items: [{ tenantId: ids[0] }] });
      await new Promise((r) => setTimeout(r, 50));
      const summaries = await store.listCollection<{ tenantId: string; key: string }>(MSP, PORTFOLIO_SUMMARIES);
      expect(summaries.map((s) => s.tenantId)).toEqual([ids[0], ids[1]]);
    } finally {
      await store.close();
    }
  });

  it('after a restart the stored summaries answer until a customer changes', async () => {
    const store = new SqliteStore(file);
    try {
      const reads: string[] = [];
      const counting = new Proxy(store, {
        get(target, prop, receiver) {
          if (prop === 'getDocument') return (tenantId: string, kind: string) => (reads.push(`${tenantId}/${kind}`), target.getDocument(tenantId, kind));
          const v = Reflect.get(target, prop, receiver);
          return typeof v === 'function' ? v.bind(target) : v;
        },
      });
      const portfolio = createPortfolioService(counting, () => NOW);
      expect((await portfolio.overview(MSP, ME, {})).items).toHaveLength(2);
      // Besides the mapping, only each customer's small consent document (a revoke applies at once).
      const consent = (r: string) => r.endsWith('/msp-consent');
      expect(reads.filter(consent).sort()).toEqual(ids.slice(0, 2).map((id) => `${id}/msp-consent`).sort());
      reads.length = 0;
      expect((await portfolio.overview(MSP, ME, {})).items).toHaveLength(2);
      expect(reads.filter((r) => !r.endsWith('/portfolio') && !consent(r))).toEqual([]);
      // Customer 1 syncs again: only its headers are read.
      await saveSnapshot(store, { ...usersOnlySnapshot(ids[0], 'Zeta Corp', 6), takenAt: '2026-12-03T11:00:00.000Z' }, 'test');
      const after = await portfolio.overview(MSP, ME, { search: 'zeta' });
      expect(after.items[0]).toMatchObject({ users: 6, lastSyncAgeHours: 1 });
      expect(reads.filter((r) => !r.endsWith('/portfolio') && !consent(r))).toEqual([`${ids[0]}/snapshot`]);
    } finally {
      await store.close();
    }
  });

  it('writes the workbook: one row per customer, names as text', async () => {
    const store = new SqliteStore(file);
    try {
      const out = new PassThrough();
      const chunks: Buffer[] = [];
      out.on('data', (c: Buffer) => chunks.push(c));
      await createPortfolioService(store, () => NOW).writeWorkbook(MSP, ME, out);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet('Customers')!;
      expect(sheet.rowCount).toBe(3);
      const cell = sheet.getCell('A2');
      expect(cell.value).toBe('=HYPERLINK("http://x","y")');
      expect(cell.formula).toBeUndefined();
      expect(workbook.getWorksheet('Cutovers')!.rowCount).toBe(1);
    } finally {
      await store.close();
    }
  });
});
