/**
 * `vmp sync` signs in app-only with a certificate (--certificate-file): the local Entra verifies the
 * client assertion and the customer is read from the demo Graph server; a certificate the app
 * registration does not hold fails the sync (exit 1) and keeps the database as it was; a bad file is
 * bad input (exit 2) whose message never quotes the file. `vmp portfolio access` says how Graph reaches
 * a customer (app-only or delegated), audited like the API.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../../cli/program';
import { DemoGraphServer } from '../../../shared/demo/demo-graph-server';
import { generateDemoTenant } from '../../../shared/demo/demo-tenant-generator';
import { saveSnapshot } from '../../../shared/services/snapshot-repository';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { usersOnlySnapshot } from '../../support/snapshots';
import { certificatePart, CredentialsEntra, selfSignedPem } from './credentials-entra';

const CUSTOMER = 'c3c3c3c3-0000-4000-8000-000000000003';
const APP = 'a3a3a3a3-0000-4000-8000-000000000003';
const GRAPH_TOKEN = 'cli-certificate-graph-token-4e1a';
const tenant = generateDemoTenant({ users: 30, seed: 3, tenantId: CUSTOMER, tenantName: 'Cli Customer' });

let dir: string;
let entra: CredentialsEntra;
let graph: DemoGraphServer;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-credentials-cli-'));
  const registered = selfSignedPem('cli-app');
  fs.writeFileSync(path.join(dir, 'app.pem'), registered);
  fs.writeFileSync(path.join(dir, 'other.pem'), selfSignedPem('cli-other'));
  fs.writeFileSync(path.join(dir, 'key-only.pem'), registered.slice(0, registered.indexOf('-----BEGIN CERTIFICATE-----')));
  entra = new CredentialsEntra(new Map([[APP, { certificatePem: certificatePart(registered) }]]), APP, { [CUSTOMER]: GRAPH_TOKEN });
  await entra.start();
  graph = new DemoGraphServer({ tenant, token: GRAPH_TOKEN });
  await graph.start();
});

afterAll(async () => {
  await Promise.all([graph?.stop(), entra?.stop()]);
  fs.rmSync(dir, { recursive: true, force: true });
});

async function vmp(args: string[]): Promise<{ code: number; out: string }> {
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const errWrite = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((c: string | Uint8Array) => (chunks.push(String(c)), true)) as typeof process.stdout.write;
  process.stderr.write = ((c: string | Uint8Array) => (chunks.push(String(c)), true)) as typeof process.stderr.write;
  try {
    return { code: await runCli(args), out: chunks.join('') };
  } finally {
    process.stdout.write = write;
    process.stderr.write = errWrite;
  }
}

const sync = (certificateFile: string, db: string) =>
  vmp(['sync', '--graph-url', graph.url, '--tenant-id', CUSTOMER, '--client-id', APP, '--certificate-file', certificateFile, '--authority', entra.url, '--db', db, '--json']);

describe('vmp sync --certificate-file', () => {
  it("signs in with the certificate's client assertion and reads the tenant", async () => {
    const { code, out } = await sync(path.join(dir, 'app.pem'), path.join(dir, 'a.sqlite'));
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ tenantId: CUSTOMER, users: 30 });
    expect(entra.requests).toEqual([{ tenant: CUSTOMER, clientId: APP, grantType: 'client_credentials', auth: 'certificate' }]);
  });

  it('a certificate the registration does not hold is refused: exit 1, nothing stored', async () => {
    const db = path.join(dir, 'b.sqlite');
    const { code, out } = await sync(path.join(dir, 'other.pem'), db);
    expect(code).toBe(1);
    expect(out).toMatch(/invalid_client: AADSTS700027/);
    const status = await vmp(['status', '--db', db, '--json']);
    expect(status.out).not.toContain(CUSTOMER);
  });

  it.each([
    ['a missing file', 'missing.pem', /--certificate-file: .*missing\.pem cannot be read/],
    ['a file without the certificate', 'key-only.pem', /--certificate-file \(.*key-only\.pem\) must hold .* no certificate was found/],
  ])('%s is bad input (exit 2) and the key is never printed', async (_name, file, message) => {
    const { code, out } = await sync(path.join(dir, file), path.join(dir, 'c.sqlite'));
    expect(code).toBe(2);
    expect(out).toMatch(message);
    expect(out).not.toMatch(/-----BEGIN|PRIVATE KEY-----/);
  });

  it('a secret and a certificate together are refused', async () => {
    const { code, out } = await vmp(['sync', '--graph-url', graph.url, '--tenant-id', CUSTOMER, '--client-id', APP, '--client-secret', 's', '--certificate-file', path.join(dir, 'app.pem'), '--db', path.join(dir, 'd.sqlite')]);
    expect(code).toBe(2);
    expect(out).toMatch(/either --client-secret or --certificate-file/);
  });
});

describe('vmp portfolio access', () => {
  const MSP = 'aaaaaaaa-1111-4111-8111-111111111111';
  it('a customer is reached delegated, listed as such, audited; a bad mode is exit 2', async () => {
    const db = path.join(dir, 'portfolio.sqlite');
    const store = new SqliteStore(db);
    await saveSnapshot(store, usersOnlySnapshot(MSP, 'Northwind MSP', 2), 'test');
    await store.close();
    const portfolio = (...args: string[]) => vmp(['portfolio', ...args, '--db', db, '--tenant', MSP]);
    expect((await portfolio('link', CUSTOMER, '--name', 'Cli Customer')).code).toBe(0);
    const set = await portfolio('access', CUSTOMER, '--graph-access', 'delegated');
    expect(set).toEqual({ code: 0, out: expect.stringContaining(`${CUSTOMER} is reached on behalf of guest admins (delegated); portfolio version 2.`) });
    expect((await portfolio('list')).out).toContain('reached on behalf of guest admins');
    const bad = await portfolio('access', CUSTOMER, '--graph-access', 'guest');
    expect(bad.code).toBe(2);
    expect(bad.out).toMatch(/--graph-access must be app-only or delegated; got "guest"/);
    expect((await portfolio('access', CUSTOMER, '--graph-access', 'app-only')).out).toContain('is reached app-only');
    const audit = new SqliteStore(db);
    try {
      expect((await audit.listAudit(MSP, 5)).filter((a) => a.action === 'portfolio.graph-access').map((a) => a.after)).toEqual([
        { tenantId: CUSTOMER, displayName: 'Cli Customer', graphAccess: 'app-only' },
        { tenantId: CUSTOMER, displayName: 'Cli Customer', graphAccess: 'delegated' },
      ]);
    } finally {
      await audit.close();
    }
  });
});
