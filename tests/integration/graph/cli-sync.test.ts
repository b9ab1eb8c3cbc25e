/** `vmp sync` and `vmp demo-tenant` as a user runs them. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { runCli } from '../../../cli/program';
import { startDemo, tenant, TOKEN } from './graph-test-kit';

async function captureStdout(run: () => Promise<number>): Promise<{ code: number; out: string }> {
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const errWrite = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((c: string | Uint8Array) => (chunks.push(String(c)), true)) as typeof process.stdout.write;
  process.stderr.write = ((c: string | Uint8Array) => (chunks.push(String(c)), true)) as typeof process.stderr.write;
  try {
    const code = await run();
    return { code, out: chunks.join('') };
  } finally {
    process.stdout.write = write;
    process.stderr.write = errWrite;
  }
}

describe('vmp sync', () => {
  let dir: string;
  beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-cli-sync-'))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('syncs with a bearer token and prints a JSON summary; the second run is incremental', async () => {
    const demo = tenant(500, 8);
    const server = await startDemo(demo);
    try {
      const db = path.join(dir, 'a.sqlite');
      const first = await captureStdout(() => runCli(['sync', '--graph-url', server.url, '--token', TOKEN, '--db', db, '--json']));
      expect(first.code).toBe(0);
      const summary = JSON.parse(first.out);
      expect(summary).toMatchObject({ tenantId: demo.tenantId, mode: 'full', users: 500, sites: demo.sites.length, numbers: demo.numberAssignments.length });
      expect(summary.teamsPhoneEnabled).toBe(demo.people.filter((p) => p.kind === 'user' && p.teamsPhone !== 'none').length);
      expect(summary.warnings).toEqual([]);
      const second = await captureStdout(() => runCli(['sync', '--graph-url', server.url, '--token', TOKEN, '--db', db, '--json']));
      expect(JSON.parse(second.out).mode).toBe('delta');
      const full = await captureStdout(() => runCli(['sync', '--graph-url', server.url, '--token', TOKEN, '--db', db, '--json', '--full']));
      expect(JSON.parse(full.out).mode).toBe('full');
    } finally {
      await server.stop();
    }
  });

  it('signs in app-only with a client-credentials POST to the configured authority', async () => {
    const demo = tenant(120, 8);
    const server = await startDemo(demo);
    const forms: URLSearchParams[] = [];
    const authority = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        forms.push(new URLSearchParams(body));
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ token_type: 'Bearer', expires_in: 3599, access_token: TOKEN, path: req.url }));
      });
    });
    await new Promise<void>((r) => authority.listen(0, '127.0.0.1', () => r()));
    try {
      const authUrl = `http://127.0.0.1:${(authority.address() as AddressInfo).port}`;
      const { code, out } = await captureStdout(() =>
        runCli(['sync', '--graph-url', server.url, '--tenant-id', demo.tenantId, '--client-id', 'app-1', '--client-secret', 's3cret', '--authority', authUrl, '--db', path.join(dir, 'b.sqlite'), '--json']),
      );
      expect(code).toBe(0);
      expect(JSON.parse(out).users).toBe(120);
      expect(forms).toHaveLength(1); // one token, cached for the whole sync
      expect(Object.fromEntries(forms[0])).toEqual({ grant_type: 'client_credentials', client_id: 'app-1', client_secret: 's3cret', scope: `${server.url}/.default` });
    } finally {
      authority.close();
      await server.stop();
    }
  });

  it.each([
    [['sync', '--token', 'x'], /--graph-url/],
    [['sync', '--graph-url', 'ftp://x', '--token', 'x'], /http:\/\/ or https:\/\//],
    [['sync', '--graph-url', 'https://graph.microsoft.com'], /--token/],
    [['sync', '--graph-url', 'https://graph.microsoft.com', '--tenant-id', 't'], /--client-id, --client-secret/],
    [['sync', '--cloud', 'mars', '--token', 'x'], /Unknown --cloud/],
  ])('bad input %p exits 2 with a clear message', async (args, message) => {
    const { code, out } = await captureStdout(() => runCli([...args, '--db', path.join(dir, 'c.sqlite')]));
    expect(code).toBe(2);
    expect(out).toMatch(message);
  });

  it('a failed sync exits 1 (2 for a --tenant the endpoint does not belong to), names the request and keeps the database as it was', async () => {
    const demo = tenant(120, 8);
    const server = await startDemo(demo);
    try {
      const db = path.join(dir, 'd.sqlite');
      await captureStdout(() => runCli(['sync', '--graph-url', server.url, '--token', TOKEN, '--db', db, '--json']));
      const { code, out } = await captureStdout(() => runCli(['sync', '--graph-url', server.url, '--token', 'wrong', '--db', db, '--json']));
      expect(code).toBe(1);
      expect(out).toMatch(/last good snapshot is unchanged.*401/);
      const status = await captureStdout(() => runCli(['status', '--db', db, '--json']));
      expect(JSON.parse(status.out).counts.users).toBe(120);
      // A --tenant the endpoint does not belong to is the caller's to correct: exit 2, nothing written.
      const other = 'dddddddd-4444-4444-8444-444444444444';
      const mismatch = await captureStdout(() => runCli(['sync', '--graph-url', server.url, '--token', TOKEN, '--db', db, '--json', '--tenant', other]));
      expect(mismatch.code).toBe(2);
      expect(mismatch.out).toContain(`belongs to tenant ${demo.tenantId}, not ${other}`);
      expect(JSON.parse((await captureStdout(() => runCli(['status', '--db', db, '--json']))).out).counts.users).toBe(120);
    } finally {
      await server.stop();
    }
  });
});

describe('vmp demo-tenant', () => {
  it('serves a Graph-compatible tenant until stopped', async () => {
    const child = spawn(process.execPath, [path.join(__dirname, '../../../bin/vmp.js'), 'demo-tenant', '--users', '80', '--seed', '3', '--port', '0', '--token', 'tok', '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let buf = '';
        child.stdout!.on('data', (c) => {
          buf += c;
          if (buf.includes('\n')) resolve(buf.split('\n')[0]);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const info = JSON.parse(line);
      expect(info.users).toBeGreaterThanOrEqual(80 + info.sites); // users + an auto attendant per site (+ call queues)
      const res = await fetch(`${info.graphUrl}/v1.0/users?$top=5&$select=id,displayName`, { headers: { Authorization: 'Bearer tok' } });
      const page = await res.json();
      expect(page.value).toHaveLength(5);
      expect(Object.keys(page.value[0]).sort()).toEqual(['displayName', 'id']);
      expect(page['@odata.nextLink']).toContain('$skiptoken=');
    } finally {
      child.kill('SIGINT');
      await new Promise((r) => child.once('exit', r));
    }
  });
});
