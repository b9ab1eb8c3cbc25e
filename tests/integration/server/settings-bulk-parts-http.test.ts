/**
 * A bulk change larger than one request (the tab's BulkChangeDialog) is sent in parts against the real
 * local server: every part is saved as its own settings version; when another admin changes an item of
 * a later part meanwhile, sending stops at that part with the 409 and both versions, the parts before
 * stay saved, and sending the rest again with `expected` = what is stored now finishes the change.
 */
import { sendInParts } from '../../../tab/web/src/components/send-in-parts';
import type { SettingsItemChangeView } from '../../../tab/web/src/api-types';
import { startLocalServer, type LocalServer } from '../../support/http';

let local: LocalServer;
let base: string;

beforeAll(async () => {
  local = await startLocalServer('vmp-settings-bulk-parts-');
  base = local.base;
});

afterAll(() => local?.stop());

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const get = async (p: string): Promise<any> => (await fetch(`${base}/api${p}`)).json();

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: { error?: { conflicts?: { target: unknown; current: unknown }[] } },
  ) {
    super(`HTTP ${status}`);
  }
}

async function patch(changes: SettingsItemChangeView[]): Promise<{ version: number }> {
  const res = await fetch(`${base}/api/settings`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ changes }) });
  const body = await res.json();
  if (!res.ok) throw new HttpError(res.status, body);
  return body;
}

describe('a bulk change in parts', () => {
  it('saves part by part, stops at a conflict keeping what was saved, and finishes when sent again', async () => {
    const read = await get('/settings');
    const siteIds = ((await get('/decisions')).recommendations as { siteId: string }[]).map((r) => r.siteId);
    expect(siteIds.length).toBeGreaterThanOrEqual(8);
    const stored = new Map((read.settings.decisions.sites as { siteId: string }[]).map((d) => [d.siteId, d]));
    const changes: SettingsItemChangeView[] = siteIds.map((siteId) => ({
      target: { kind: 'site-decision', siteId },
      expected: stored.get(siteId) ?? null,
      value: { siteId, path: 'PBX', note: 'bulk in parts' },
    }));
    // Another admin decides a site of the third part while the first parts are being sent.
    const contested = siteIds[6];
    const progress: number[] = [];
    let parts = 0;
    const first = await sendInParts(
      changes,
      3,
      async (part) => {
        if (++parts === 3) {
          await patch([{ target: { kind: 'site-decision', siteId: contested }, expected: stored.get(contested) ?? null, value: { siteId: contested, path: 'CP', note: 'theirs' } }]);
        }
        return patch(part);
      },
      (n) => progress.push(n),
    );
    expect(progress).toEqual([3, 6]);
    expect(first.saved).toBe(6);
    expect(first.rest.map((c) => (c.target as { siteId: string }).siteId)).toEqual(siteIds.slice(6));
    const error = first.error as HttpError;
    expect(error.status).toBe(409);
    const conflicts = error.body.error!.conflicts!;
    expect(conflicts).toEqual([expect.objectContaining({ target: { kind: 'site-decision', siteId: contested }, current: expect.objectContaining({ path: 'CP', note: 'theirs' }) })]);
    // Two parts and the other admin's change were saved; nothing of the third part.
    let now = await get('/settings');
    expect(now.version).toBe(read.version + 3);
    const decided = (id: string) => (now.settings.decisions.sites as { siteId: string; note?: string }[]).find((d) => d.siteId === id);
    for (const id of siteIds.slice(0, 6)) expect(decided(id)).toMatchObject({ path: 'PBX', note: 'bulk in parts' });
    expect(decided(siteIds[7])?.note).not.toBe('bulk in parts');

    // "Apply mine again": the rest, each conflicted item expecting what is stored now.
    const current = new Map(conflicts.map((c) => [JSON.stringify(c.target), c.current]));
    const again = first.rest.map((c) => (current.has(JSON.stringify(c.target)) ? { ...c, expected: current.get(JSON.stringify(c.target)) } : c));
    const second = await sendInParts(again, 3, patch);
    expect(second.error).toBeUndefined();
    expect(second.saved).toBe(first.rest.length);
    now = await get('/settings');
    for (const id of siteIds) expect(decided(id)).toMatchObject({ path: 'PBX', note: 'bulk in parts' });
  });
});
