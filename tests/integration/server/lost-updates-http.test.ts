/**
 * No write route loses another admin's change: every one takes the version the caller read (body
 * `expectedVersion` or an `If-Match` header) and answers 409 when it is stale, leaving the stored
 * document as it was; saving identical content is a no-op.
 */
import { startLocalServer, type LocalServer } from '../../support/http';

let local: LocalServer;
let base: string;

beforeAll(async () => {
  local = await startLocalServer('vmp-lost-updates-');
  base = local.base;
});

afterAll(() => local?.stop());

const json = (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}/api${path}`, { method, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

async function settingsNow(): Promise<{ version: number; settings: Record<string, unknown> }> {
  return (await fetch(`${base}/api/settings`)).json();
}

describe('lost updates through every write route', () => {
  it('PUT /api/settings: a stale If-Match is a 409 and changes nothing; a current one saves', async () => {
    const { version, settings } = await settingsNow();
    const changed = { ...settings, traffic: { ...(settings.traffic as object), erlangPerUser: 0.11 } };
    const saved = await json('PUT', '/settings', { settings: changed }, { 'If-Match': `"${version}"` });
    expect(saved.status).toBe(200);
    expect((await saved.json()).version).toBe(version + 1);
    const stale = await json('PUT', '/settings', { settings: { ...settings, traffic: { erlangPerUser: 0.2 } } }, { 'If-Match': `"${version}"` });
    expect(stale.status).toBe(409);
    expect((await settingsNow()).version).toBe(version + 1);
    expect((await json('PUT', '/settings', { settings }, { 'If-Match': 'yesterday' })).status).toBe(400);
  });

  it('PUT /api/settings with identical content: same version, no audit entry', async () => {
    const { version, settings } = await settingsNow();
    const audit = async () => (await local.running.services.store.listAudit((await (await fetch(`${base}/api/me`)).json()).tenantId, 1000)).length;
    const before = await audit();
    const again = await json('PUT', '/settings', { settings, expectedVersion: version });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ version, unchanged: true });
    // The same settings with or without an editor's $schema pointer are the same settings.
    const { $schema, ...withoutPointer } = settings;
    const pointer = typeof $schema === 'string' ? {} : { $schema: '../schemas/planning-settings.schema.json' };
    const other = await json('PUT', '/settings', { settings: { ...withoutPointer, ...pointer }, expectedVersion: version });
    expect(await other.json()).toMatchObject({ version, unchanged: true });
    expect(await audit()).toBe(before);
  });

  it('POST /api/plan with settings: refused without the version read, 409 when it is stale, and nothing saved', async () => {
    const { version, settings } = await settingsNow();
    const other = { ...settings, tenant: { ...(settings.tenant as object), smallSiteMaxUsers: 3 } };
    expect((await json('POST', '/plan', { settings: other })).status).toBe(400);
    const stale = await json('POST', '/plan', { settings: other, expectedVersion: version - 1 });
    expect(stale.status).toBe(409);
    expect((await stale.json()).error.code).toBe('conflict');
    expect(await settingsNow()).toMatchObject({ version });
  });

  it('PUT /api/site-rules: a stale version is a 409 and the rules stay as saved', async () => {
    const current = await (await fetch(`${base}/api/site-rules`)).json();
    const rules = [{ officeLocation: 'NOWHERE-*', siteName: 'Nowhere' }];
    const saved = await json('PUT', '/site-rules', { rules, expectedVersion: current.version ?? null });
    expect(saved.status).toBe(200);
    const stale = await json('PUT', '/site-rules', { rules: [], expectedVersion: current.version ?? null });
    expect(stale.status).toBe(409);
    expect((await (await fetch(`${base}/api/site-rules`)).json()).rules).toEqual(rules);
  });
});
