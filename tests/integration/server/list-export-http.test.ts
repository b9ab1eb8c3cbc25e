/**
 * Grid lists and their exports over HTTP against the real local server (demo tenant with its plan):
 * blocked people filtered by gate, site and wave together and in reverse order; bad filters refused
 * with a 400 naming the field; the current view of a list as a workbook (read back with exceljs) with
 * its row counts in headers; and the cap: a view larger than one export holds its first rows and a
 * sheet that says so, no cell becoming a formula.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { writeListWorkbook, truncationNote } from '../../../shared/services/list-export';
import { startLocalServer, type LocalServer } from '../../support/http';

let local: LocalServer;

beforeAll(async () => {
  local = await startLocalServer('vmp-list-export-');
});

afterAll(async () => {
  await local?.stop();
});

const get = (p: string) => fetch(`${local.base}/api${p}`);
const json = async (p: string) => (await get(p)).json();

interface Blocked {
  personId: string;
  userPrincipalName: string;
  displayName?: string;
  siteId?: string;
  siteName?: string;
  gates: { code: string }[];
  waves: number[];
}

async function workbookOf(res: Response): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
  return wb;
}

describe('blocked people and their export', () => {
  it('filters by gate, site and wave together, reverses the order and names people and sites', async () => {
    const all = (await json('/plan/blocked?limit=1000')).items as Blocked[];
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((b) => b.displayName && Array.isArray(b.waves))).toBe(true);
    const sample = all.find((b) => b.siteId && b.waves.length)!;
    const gate = sample.gates[0].code;
    const q = `gate=${encodeURIComponent(gate)}&site=${encodeURIComponent(sample.siteId!)}&wave=${sample.waves[0]}`;
    const page = await json(`/plan/blocked?${q}&limit=1000`);
    const expected = all.filter((b) => b.siteId === sample.siteId && b.gates.some((g) => g.code === gate) && b.waves.includes(sample.waves[0]));
    expect(page.items.map((b: Blocked) => b.personId)).toEqual(expected.map((b) => b.personId));
    expect(page.items[0].siteName).toBeTruthy();

    const reversed = await json('/plan/blocked?dir=desc&offset=1&limit=3');
    expect(reversed.total).toBe(all.length);
    expect(reversed.items.map((b: Blocked) => b.personId)).toEqual(all.slice(-4, -1).reverse().map((b) => b.personId));
  });

  it('refuses a bad order or wave with a 400 naming the field', async () => {
    const dir = await get('/plan/blocked?dir=sideways');
    expect(dir.status).toBe(400);
    expect((await dir.json()).error.message).toContain('dir must be one of asc, desc');
    const wave = await get('/plan/blocked/export.xlsx?wave=9999');
    expect(wave.status).toBe(400);
    expect((await wave.json()).error.message).toContain('no wave 9999');
  });

  it('exports the filtered view with its counts', async () => {
    const blockers = await json('/plan/blockers');
    const gate = blockers.byCode[0];
    const res = await get(`/plan/blocked/export.xlsx?gate=${encodeURIComponent(gate.code)}&dir=desc`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-export-total')).toBe(String(gate.count));
    expect(res.headers.get('x-export-rows')).toBe(String(gate.count));
    expect(res.headers.get('content-disposition')).toMatch(/blocked-people-\d{4}-\d{2}-\d{2}\.xlsx/);
    const sheet = (await workbookOf(res)).worksheets[0];
    expect(sheet.rowCount).toBe(gate.count + 1);
    const served = (await json(`/plan/blocked?gate=${encodeURIComponent(gate.code)}&dir=desc&limit=1`)).items[0] as Blocked;
    expect(sheet.getRow(2).getCell(1).value).toBe(served.displayName);
    expect(sheet.getRow(2).getCell(2).value).toBe(served.userPrincipalName);
    expect(String(sheet.getRow(2).getCell(5).value)).toContain(gate.code);
  });
});

describe('blocker gates as they stand now (source=readiness)', () => {
  it('lists the readiness read model\'s blocker gates with people and sites by name, and exports them', async () => {
    const readiness = await json('/readiness?severity=blocker&limit=1');
    expect(readiness.total).toBeGreaterThan(0);
    const code = readiness.items[0].code as string;
    const byCode = await json(`/readiness?severity=blocker&code=${encodeURIComponent(code)}&limit=1000`);
    const page = await json(`/plan/blocked?source=readiness&gate=${encodeURIComponent(code)}&limit=1000`);
    expect(page.total).toBe(byCode.total);
    const first = page.items[0] as Blocked;
    expect(first.gates).toEqual([expect.objectContaining({ code })]);
    if (byCode.items[0].personId) {
      expect(first.personId).toBe(byCode.items[0].personId);
      expect(first.userPrincipalName).toBeTruthy();
      expect(first.displayName).toBeTruthy();
    }
    const res = await get(`/plan/blocked/export.xlsx?source=readiness&gate=${encodeURIComponent(code)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-export-total')).toBe(String(byCode.total));
    expect((await workbookOf(res)).worksheets[0].rowCount).toBe(byCode.total + 1);
  });

  it('refuses a wave or an unknown source by name', async () => {
    const wave = await get('/plan/blocked?source=readiness&wave=1');
    expect(wave.status).toBe(400);
    expect((await wave.json()).error.message).toContain('wave filters the plan');
    const source = await get('/plan/blocked?source=everything');
    expect(source.status).toBe(400);
    expect((await source.json()).error.message).toContain('source must be one of plan, readiness');
  });
});

describe('the Progress page\'s export', () => {
  it('writes the people of a state within a wave and a site, as the page lists them, sites by name', async () => {
    const everyone = (await json('/migration-status?limit=1000')).members as { personId: string; userPrincipalName?: string; siteId?: string; waveNumber?: number; state: string; expected?: { number?: string } }[];
    const sample = everyone.find((m) => m.siteId && m.waveNumber !== undefined && m.expected?.number)!;
    const q = `state=${sample.state}&wave=${sample.waveNumber}&site=${encodeURIComponent(sample.siteId!)}`;
    const expected = everyone.filter((m) => m.state === sample.state && m.waveNumber === sample.waveNumber && m.siteId === sample.siteId);
    const res = await get(`/migration-status/export.xlsx?${q}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-export-total')).toBe(String(expected.length));
    expect(res.headers.get('content-disposition')).toMatch(/progress-\d{4}-\d{2}-\d{2}\.xlsx/);
    const sheet = (await workbookOf(res)).worksheets[0];
    expect(sheet.name).toBe('Progress');
    expect(sheet.rowCount).toBe(expected.length + 1);
    const rows = Array.from({ length: expected.length }, (_, i) => sheet.getRow(i + 2));
    expect(rows.map((r) => r.getCell(11).value)).toEqual(expected.map((m) => m.personId));
    const siteName = ((await json('/sites')).items as { id: string; name: string }[]).find((x) => x.id === sample.siteId)!.name;
    expect(rows[0].getCell(2).value).toBe(siteName);
    expect(rows[0].getCell(4).value).toBe(sample.waveNumber);
    expect(rows[0].getCell(8).value).toBe(expected[0].expected?.number);
  });

  it('refuses a state it does not know by name', async () => {
    const res = await get('/migration-status/export.xlsx?state=finished');
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toContain('state must be one of');
  });
});

describe('Coexistence list exports', () => {
  it('writes the SBC table after a stage in the order shown, and refuses a missing stage by name', async () => {
    const waves = (await json('/plan/waves')).waves as { number: number }[];
    const after = waves[0].number;
    const rules = await json(`/coexistence/sbc-rules?after=${after}&dir=desc&limit=1000`);
    const res = await get(`/coexistence/export.xlsx?list=sbc-rules&after=${after}&dir=desc`);
    expect(res.status).toBe(200);
    const sheet = (await workbookOf(res)).worksheets[0];
    expect(sheet.name).toBe('SBC routing');
    expect(sheet.rowCount).toBe(rules.total + 1);
    expect(sheet.getRow(2).getCell(1).value).toBe(rules.items[0].blockId);
    const missing = await get('/coexistence/export.xlsx?list=sbc-rules');
    expect(missing.status).toBe(400);
    const body = await missing.json();
    expect(body.error.message).toContain('after is required');
    expect(body.error.issues[0].path).toBe('$.after');
  });
});

describe('the export cap', () => {
  it('holds the first rows, says how many the view had on a sheet of its own, and keeps formula-looking text as text', async () => {
    const rows = Array.from({ length: 7 }, (_, i) => ({ name: i === 0 ? '=HYPERLINK("http://x","y")' : `row ${i}` }));
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise((r) => out.on('end', r));
    const outcome = await writeListWorkbook(
      {
        sheet: 'Rows',
        columns: [{ header: 'Name', width: 20, value: (r: { name: string }) => r.name }],
        read: async (offset, limit) => ({ total: rows.length, items: rows.slice(offset, offset + limit) }),
      },
      out,
      '2027-01-01T00:00:00Z',
      { maxRows: 3 },
    );
    await done;
    expect(outcome).toEqual({ rows: 3, total: 7, truncated: true });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    const [sheet, about] = wb.worksheets;
    expect(sheet.rowCount).toBe(4);
    expect(sheet.getRow(2).getCell(1).value).toBe('=HYPERLINK("http://x","y")');
    expect(sheet.getRow(2).getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(about.name).toBe('About this export');
    expect(about.getRow(2).getCell(1).value).toBe(truncationNote(3, 7));
  });
});
