/**
 * `vmp orders list` and `vmp orders track` as a script runs them: the real binary on a real SQLite file
 * with the small tenant planned (two port orders, one upload order). The list pages and filters by state,
 * a track is written against the version just read and recorded in the history by the CLI, the same
 * track again is no change, and bad input, an unknown order or a tenant without a plan is exit 2 with
 * nothing on stdout and nothing saved.
 */
import fs from 'node:fs';
import { makeTempDb, vmp, writeInputFile } from '../../support/cli';
import { smallTenantSettingsFile, storeSmallTenant } from '../../support/small-tenant-store';
import { SqliteStore } from '../../../shared/store/sqlite-store';

const PORT_1 = 'PO-W1-Lumen-A-100-1';
const PORT_2 = 'PO-W2-Lumen-A-200-1';
const UPLOAD = 'UO-W3-sbc-eu-1';

let dir: string;
let db: string;
/** The same tenant, synced and imported but not planned. */
let unplanned: string;

beforeAll(async () => {
  ({ dir, db } = makeTempDb('vmp-orders-'));
  unplanned = `${db}.unplanned`;
  for (const file of [db, unplanned]) {
    const store = new SqliteStore(file);
    await storeSmallTenant(store);
    await store.close();
  }
  const built = vmp('plan', '--settings', writeInputFile(dir, 'settings.json', smallTenantSettingsFile()), '--today', '2026-02-02', '--json', '--summary', '--db', db);
  expect(built.code).toBe(0);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Listed {
  kind: 'port' | 'upload';
  order: { id: string; tracking?: { state: string; reference?: string; updatedBy: string }; trackingWarnings?: string[] };
}
interface Page {
  trackingVersion: number | null;
  total?: number;
  hasMore: boolean;
  items: Listed[];
}

/** `vmp orders <args> --json` answered with exit 0 and nothing on stderr. */
function json<T>(...args: string[]): T {
  const r = vmp('orders', ...args, '--json', '--db', db);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as T;
}
const list = (...args: string[]) => json<Page>('list', ...args);
const ids = (page: Page) => page.items.map((i) => i.order.id);

/** Exit 2, nothing on stdout, one `vmp:` sentence on stderr containing `message`. */
function expectRefused(r: { code: number | null; stdout: string; stderr: string }, message: string): void {
  expect(r.stderr).toContain(message);
  expect(r.stderr).toMatch(/^vmp: /);
  expect(r.stdout).toBe('');
  expect(r.code).toBe(2);
}

describe('vmp orders', () => {
  it('lists the orders, port orders first, with their deadlines and where they stand, a page at a time', () => {
    const human = vmp('orders', 'list', '--db', db);
    expect(human.code).toBe(0);
    expect(human.stderr).toBe('');
    expect(human.stdout).toBe(
      [
        'Port and upload orders of tenant contoso: 3 orders; showing 1-3',
        `  ${PORT_1}  wave 1  port from Lumen  3 numbers  submit by 2026-02-02  not submitted`,
        `  ${PORT_2}  wave 2  port from Lumen  10 numbers  submit by 2026-02-09  not submitted`,
        `  ${UPLOAD}       wave 3  upload to sbc-eu  3 numbers  upload by 2026-02-23  not uploaded`,
        '',
      ].join('\n'),
    );

    const all = list();
    expect(all).toMatchObject({ trackingVersion: null, total: 3, hasMore: false });
    expect(all.items.map((i) => [i.kind, i.order.id])).toEqual([
      ['port', PORT_1],
      ['port', PORT_2],
      ['upload', UPLOAD],
    ]);
    expect(all.items.every((i) => i.order.tracking === undefined)).toBe(true);

    expect(vmp('orders', 'list', '--limit', '2', '--db', db).stdout).toMatch(/^Port and upload orders of tenant contoso: 3 orders; showing 1-2 \(next page: --offset 2\)\n/);
    // The page after the port orders continues with the upload orders.
    expect(list('--limit', '2', '--offset', '2')).toMatchObject({ total: 3, hasMore: false, items: [{ kind: 'upload', order: { id: UPLOAD } }] });
    expect(ids(list('--kind', 'upload'))).toEqual([UPLOAD]);
    expect(ids(list('--wave', '2'))).toEqual([PORT_2]);
    // One state's orders are paged by counting those found: the page after the port orders goes on with the upload orders.
    expect(list('--state', 'open', '--limit', '2')).toMatchObject({ hasMore: true, items: [{ order: { id: PORT_1 } }, { order: { id: PORT_2 } }] });
    expect(list('--state', 'open', '--limit', '2', '--offset', '2')).toMatchObject({ hasMore: false, items: [{ order: { id: UPLOAD } }] });
    expect(vmp('orders', 'list', '--offset', '5', '--db', db).stdout).toBe('Port and upload orders of tenant contoso: none after the first 5.\n');
  });

  it('tracks an order against the version just read: the list shows it, --state finds it, the same again is unchanged', () => {
    const tracked = vmp('orders', 'track', PORT_1, '--state', 'submitted', '--reference', 'TEL-4471', '--db', db);
    expect(tracked.stderr).toBe('');
    expect(tracked.code).toBe(0);
    expect(tracked.stdout).toBe(`Port order ${PORT_1} (wave 1, Lumen) is now submitted (ref. TEL-4471); order tracking version 1.\n`);

    const all = list();
    expect(all.trackingVersion).toBe(1);
    expect(all.items[0].order.tracking).toMatchObject({ state: 'submitted', reference: 'TEL-4471', updatedBy: 'cli' });
    expect(vmp('orders', 'list', '--db', db).stdout).toContain(`  ${PORT_1}  wave 1  port from Lumen  3 numbers  submit by 2026-02-02  submitted (ref. TEL-4471)\n`);

    const submitted = list('--state', 'submitted');
    expect(ids(submitted)).toEqual([PORT_1]);
    expect(submitted.total).toBeUndefined(); // found by reading, not counted
    expect(vmp('orders', 'list', '--state', 'submitted', '--db', db).stdout).toMatch(/^Port and upload orders of tenant contoso that are submitted: showing 1-1\n/);
    expect(ids(list('--state', 'open'))).toEqual([PORT_2, UPLOAD]);

    const again = vmp('orders', 'track', PORT_1, '--state', 'submitted', '--reference', 'TEL-4471', '--db', db);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`Port order ${PORT_1} (wave 1, Lumen) was already submitted (ref. TEL-4471): unchanged.\n`);
    expect(json('track', PORT_1, '--state', 'submitted', '--reference', 'TEL-4471')).toMatchObject({ orderId: PORT_1, kind: 'port', unchanged: true, version: 1 });

    // Recorded once, by the CLI.
    const history = JSON.parse(vmp('history', '--json', '--db', db).stdout) as { items: { action: string; actor: string; title: string }[] };
    expect(history.items.filter((i) => i.action === 'orders.track')).toEqual([expect.objectContaining({ actor: 'cli', title: `Port order ${PORT_1} submitted (ref. TEL-4471)` })]);
  });

  it('a confirmed date after the cutover is flagged on its own line; an upload order is uploaded; open clears it', () => {
    const confirmed = vmp('orders', 'track', PORT_1, '--state', 'foc-confirmed', '--foc-date', '2026-03-02', '--reference', 'TEL-4471', '--db', db);
    expect(confirmed.stdout).toBe(`Port order ${PORT_1} (wave 1, Lumen) is now confirmed for 2026-03-02 (ref. TEL-4471); order tracking version 2.\n`);
    expect(vmp('orders', 'list', '--kind', 'port', '--db', db).stdout).toContain(
      `  ${PORT_1}  wave 1  port from Lumen  3 numbers  submit by 2026-02-02  confirmed for 2026-03-02 (ref. TEL-4471)\n      The confirmed port date 2026-03-02 is after the wave's cutover on 2026-02-12\n`,
    );

    expect(json('track', UPLOAD, '--state', 'uploaded')).toMatchObject({ kind: 'upload', unchanged: false, version: 3, tracking: { state: 'uploaded', updatedBy: 'cli' } });
    expect(ids(list('--state', 'uploaded'))).toEqual([UPLOAD]);

    const reopened = vmp('orders', 'track', PORT_1, '--state', 'open', '--db', db);
    expect(reopened.stdout).toBe(`Port order ${PORT_1} (wave 1, Lumen) is now open (not submitted); order tracking version 4.\n`);
    expect(ids(list('--state', 'open'))).toEqual([PORT_1, PORT_2]);
  });

  /** Each `vmp orders <args>` is exit 2 with nothing on stdout and `message` on stderr; the tracking version stays. */
  function expectEachRefused(cases: readonly (readonly [readonly string[], string])[]): void {
    const version = list().trackingVersion;
    for (const [args, message] of cases) {
      const r = vmp('orders', ...args, '--db', db);
      expect(r.stdout).toBe('');
      expect([args.join(' '), r.code]).toEqual([args.join(' '), 2]);
      expect(r.stderr).toContain(message);
    }
    expect(list().trackingVersion).toBe(version);
  }

  it('a bad track option is exit 2 naming the option, with nothing on stdout and nothing saved', () => {
    expectEachRefused([
      [['track', PORT_2, '--state', 'done'], '--state "done": expected one of open, submitted, foc-confirmed, ported, rejected, uploaded; nothing was saved.'],
      [['track', PORT_2, '--state', 'foc-confirmed'], '--foc-date: a confirmed order needs the date the carrier confirmed; nothing was saved.'],
      [['track', PORT_2, '--state', 'foc-confirmed', '--foc-date', '2027-02-30'], '--foc-date "2027-02-30": expected a date as yyyy-mm-dd; nothing was saved.'],
      [['track', PORT_2, '--state', 'submitted', '--reference', 'x'.repeat(101)], '--reference: expected text of at most 100 characters on one line'],
      [['track', PORT_2, '--state', 'submitted', '--note', 'line\nbreak'], '--note: expected text of at most 500 characters on one line'],
      [['track', UPLOAD, '--state', 'submitted'], `--state "submitted" for upload order ${UPLOAD}: expected one of open, uploaded; nothing was saved.`],
      [['track', PORT_2, '--state', 'uploaded'], `--state "uploaded" for port order ${PORT_2}: expected one of open, submitted, foc-confirmed, ported, rejected`],
      [['track', PORT_2], "required option '--state <state>' not specified"],
    ]);
  });

  it('a bad list option is exit 2 naming it', () => {
    expectEachRefused([
      [['list', '--state', 'done'], '--state "done" is no order state: open, submitted, foc-confirmed, ported, rejected, uploaded.'],
      [['list', '--kind', 'upload', '--state', 'ported'], '--state "ported" is no state of an upload order (open, uploaded).'],
      [['list', '--kind', 'port', '--state', 'uploaded'], '--state "uploaded" is no state of a port order (open, submitted, foc-confirmed, ported, rejected).'],
      [['list', '--kind', 'sbc'], '--kind "sbc" is no kind of order: port or upload.'],
      [['list', '--wave', '9'], '--wave 9 is no wave of the plan (its waves are 1 to 3).'],
      [['list', '--limit', '101'], '--limit "101" is not a whole number from 1 to 100.'],
    ]);
  });

  it('an unknown order, or a tenant without a plan, is exit 2 saying what to run', () => {
    expectRefused(vmp('orders', 'track', 'PO-W9-nowhere-1', '--state', 'submitted', '--db', db), 'The plan has no order PO-W9-nowhere-1: `vmp orders list` lists its orders');
    const noPlan = 'There is no plan yet, so no port or upload orders: run `vmp plan` first.';
    expectRefused(vmp('orders', 'list', '--db', unplanned), noPlan);
    expectRefused(vmp('orders', 'track', PORT_1, '--state', 'submitted', '--db', unplanned), noPlan);
  });
});
