/**
 * Golden files for the demo tenant: the demo Graph server (400 users, seed 42) synced, its PBX export
 * imported, planned with examples/settings.json on a fixed date and clock, then exported. The scripts
 * and CSVs must match tests/golden/export/demo/ byte for byte (UPDATE_GOLDEN=1 rewrites them), so any
 * change to what a runbook would execute shows up in review.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scanPowerShell } from '../../unit/export/ps-scan';
import { withSyncedDemoTenant } from '../../support/demo';

const ROOT = path.join(__dirname, '..', '..', '..');
const GOLDEN = path.join(ROOT, 'tests', 'golden', 'export', 'demo');
const NOW = new Date('2026-03-01T09:00:00.000Z');

describe('demo tenant export', () => {
  it('matches the golden scripts and CSVs', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-demo-golden-'));
    try {
      await withSyncedDemoTenant(NOW, async (services, tenantId) => {
        const settings = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'settings.json'), 'utf8'));
        await services.plan.build(tenantId, 'test', { today: '2026-03-02', settings, expectedSettingsVersion: null });
        const result = await services.exports.exportToDirectory(tenantId, dir);
        const texts = result.files.filter((f) => !f.path.endsWith('.xlsx'));
        expect(texts.length).toBeGreaterThan(3);
        if (process.env.UPDATE_GOLDEN === '1') {
          fs.rmSync(GOLDEN, { recursive: true, force: true });
          for (const f of texts) {
            fs.mkdirSync(path.dirname(path.join(GOLDEN, f.path)), { recursive: true });
            fs.copyFileSync(path.join(dir, f.path), path.join(GOLDEN, f.path));
          }
        }
        const golden = listFiles(GOLDEN);
        expect(texts.map((f) => f.path).sort()).toEqual(golden);
        for (const f of texts) {
          const text = fs.readFileSync(path.join(dir, f.path), 'utf8');
          // Line ends compared loosely: a checkout may convert them (the unit tests assert CRLF).
          expect(text.replace(/\r\n/g, '\n')).toBe(fs.readFileSync(path.join(GOLDEN, f.path), 'utf8').replace(/\r\n/g, '\n'));
          if (f.path.endsWith('.ps1')) expect(scanPowerShell(text).errors).toEqual([]);
        }
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180000);
});

function listFiles(root: string, rel = ''): string[] {
  if (!fs.existsSync(path.join(root, rel))) return [];
  return fs
    .readdirSync(path.join(root, rel), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(root, path.posix.join(rel, e.name)) : [path.posix.join(rel, e.name)]))
    .sort();
}
