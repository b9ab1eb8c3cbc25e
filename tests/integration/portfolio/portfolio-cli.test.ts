/**
 * `vmp portfolio` end to end: the real binary on a real SQLite file - link, grant, list, revoke, unlink,
 * the shared SBCs (sbc list|set|remove), bad input, audit.
 */
import fs from 'node:fs';
import { saveSnapshot } from '../../../shared/services/snapshot-repository';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { makeTempDb, vmp } from '../../support/cli';
import { usersOnlySnapshot } from '../../support/snapshots';

const MSP = 'aaaaaaaa-1111-4111-8111-111111111111';
const CUSTOMER = 'bbbbbbbb-2222-4222-8222-222222222222';
const GROUP = 'eeeeeeee-0000-4000-8000-000000000009';
let dir: string;
let db: string;

beforeAll(async () => {
  ({ dir, db } = makeTempDb('vmp-portfolio-cli-'));
  const store = new SqliteStore(db);
  await saveSnapshot(store, usersOnlySnapshot(MSP, 'Northwind MSP', 2), 'test');
  await store.close();
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) => vmp('portfolio', ...args, '--db', db, '--tenant', MSP);

describe('vmp portfolio', () => {
  it('links a customer, grants a user and a group, lists them, revokes and unlinks; every change is audited', async () => {
    expect(run('list').stdout).toMatch(/no customer tenants yet/);
    const linked = run('link', CUSTOMER.toUpperCase(), '--name', 'Contoso <Ltd>');
    expect(linked.code).toBe(0);
    expect(linked.stdout).toContain(`Linked Contoso <Ltd> (${CUSTOMER}); portfolio version 1.`);
    expect(run('grant', CUSTOMER, '--user', 'Ada@Northwind.example').stdout).toContain('Granted admin on');
    expect(run('grant', CUSTOMER, '--group', GROUP, '--role', 'viewer').code).toBe(0);
    const list = run('list');
    expect(list.stdout).toContain(`Contoso <Ltd> (${CUSTOMER})`);
    expect(list.stdout).toMatch(/admin\s+ada@northwind\.example/);
    expect(list.stdout).toMatch(new RegExp(`viewer\\s+group ${GROUP}`));
    const json = JSON.parse(vmp('portfolio', 'list', '--json', '--db', db, '--tenant', MSP).stdout);
    expect(json).toMatchObject({ mspTenantId: MSP, version: 3, customers: [{ tenantId: CUSTOMER, grants: [{ role: 'viewer' }, { role: 'admin' }] }] });

    expect(run('revoke', CUSTOMER, '--user', 'ada@northwind.example').stdout).toContain('Revoked ada@northwind.example');
    expect(run('unlink', CUSTOMER).stdout).toContain('portfolio version 5.');

    const store = new SqliteStore(db);
    try {
      const audit = await store.listAudit(MSP, 10);
      expect(audit.map((a) => a.action).reverse()).toEqual(['portfolio.link', 'portfolio.grant', 'portfolio.grant', 'portfolio.revoke', 'portfolio.unlink']);
      expect(audit.every((a) => a.actor === 'cli')).toBe(true);
      // The customer's tenant record was created (named) by the link, so its pages answer before a sync.
      expect((await store.getTenant(CUSTOMER))?.displayName).toBe('Contoso <Ltd>');
    } finally {
      await store.close();
    }
  });

  it.each([
    [['frobnicate'], /Unknown action "frobnicate"/],
    [['link', CUSTOMER], /needs --name/],
    [['link', 'not-a-guid', '--name', 'X'], /tenantId must be a tenant id/],
    [['grant', CUSTOMER, '--group', 'not-a-guid'], /--group must be an Entra object id/],
    [['grant', CUSTOMER, '--user', 'someone', '--role', 'owner'], /--user must be/],
    [['grant', CUSTOMER, '--user', 'ada@northwind.example', '--role', 'owner'], /--role must be admin or viewer/],
    [['grant', CUSTOMER], /either --user/],
    [['unlink', CUSTOMER], /not a customer/],
    // What the action would ignore is refused, not dropped.
    [['list', CUSTOMER], /`vmp portfolio list` takes no further argument; got "bbbbbbbb/],
    [['unlink', CUSTOMER, '--name', 'X'], /--name does not apply to `vmp portfolio unlink`/],
    [['link', CUSTOMER, '--name', 'X', '--graph-access', 'delegated'], /--graph-access does not apply to `vmp portfolio link`/],
    [['sbc', 'list', '--fqdn', 'sbc.msp.example'], /--fqdn does not apply to `vmp portfolio sbc list`/],
    [['sbc', 'remove', 'msp-sbc-1', '--sessions', '3'], /--sessions does not apply to `vmp portfolio sbc remove`/],
  ])('refuses %j with exit 2 and a sentence', (args, message) => {
    const r = run(...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('sbc set adds and changes a shared SBC, sbc list shows it, sbc remove removes it; each change is audited', async () => {
    expect(run('sbc', 'list').stdout).toMatch(/declares no shared SBC yet/);
    const added = run('sbc', 'set', 'msp-sbc-1', '--fqdn', 'SBC.MSP.example', '--sessions', '400', '--licences', '200', '--price', '12.5', '--trunk-group-limit', '1024');
    expect(added.stderr).toBe('');
    expect(added.stdout).toMatch(/^Added shared SBC msp-sbc-1; portfolio version \d+\./);
    // Only the options given change; the rest stay as declared.
    expect(run('sbc', 'set', 'msp-sbc-1', '--licences', '250').stdout).toMatch(/^Changed shared SBC msp-sbc-1/);
    expect(run('sbc', 'set', 'edge-2', '--fqdn', 'edge.msp.example', '--sessions', '50', '--licences', '50', '--price', '0').code).toBe(0);
    const list = run('sbc', 'list');
    expect(list.stdout).toContain('msp-sbc-1  sbc.msp.example');
    expect(list.stdout).toContain('sessions 400, licensed 250 at 12.5 a session a year, trunk groups up to 1024');
    const json = JSON.parse(vmp('portfolio', 'sbc', 'list', '--json', '--db', db, '--tenant', MSP).stdout);
    expect(json.sbcs.map((s: { id: string }) => s.id)).toEqual(['msp-sbc-1', 'edge-2']);
    expect(json.sbcs[0]).toEqual({ id: 'msp-sbc-1', fqdn: 'sbc.msp.example', sessionCapacity: 400, licensedSessions: 250, pricePerSessionPerYear: 12.5, trunkGroupLimit: 1024 });

    expect(run('sbc', 'remove', 'edge-2').stdout).toMatch(/^Removed shared SBC edge-2/);
    expect(JSON.parse(vmp('portfolio', 'sbc', 'list', '--json', '--db', db, '--tenant', MSP).stdout).sbcs.map((s: { id: string }) => s.id)).toEqual(['msp-sbc-1']);

    const store = new SqliteStore(db);
    try {
      const audit = await store.listAudit(MSP, 4);
      expect(audit.map((a) => a.action)).toEqual(['portfolio.sbcs', 'portfolio.sbcs', 'portfolio.sbcs', 'portfolio.sbcs']);
      expect(audit[0].before).toHaveLength(2);
      expect(audit[0].after).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it.each([
    [['sbc'], /vmp portfolio sbc list\|set\|remove/],
    [['sbc', 'set', 'new-one', '--fqdn', 'x.msp.example'], /needs --sessions, --licences, --price/],
    [['sbc', 'set', 'new-one', '--fqdn', 'not a name', '--sessions', '1', '--licences', '1', '--price', '1'], /^--fqdn: expected a fully qualified domain name/],
    [['sbc', 'set', 'msp-sbc-1', '--sessions', '2.5'], /^--sessions: /],
    [['sbc', 'remove', 'nope'], /No shared SBC "nope"/],
  ])('sbc refuses %j with exit 2 and a sentence naming the option', (args, message) => {
    const r = run(...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.stderr.replace(/^vmp: /, '')).toMatch(message);
  });
});
