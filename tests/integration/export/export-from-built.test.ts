/**
 * `vmp run` exports from the plan it built and the snapshot it built it from instead of reading them
 * back (exports.loadInput with them, then writeToDirectory). Those files must be the very files an
 * export from the store writes: the same ExportInput, and byte-identical CSVs and runbooks.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_SETTINGS_FILE } from '../../../server/local-demo';
import { loadSnapshot } from '../../../shared/services/snapshot-repository';
import { withSyncedDemoTenant } from '../../support/demo';

const NOW = new Date('2026-03-01T09:00:00.000Z');

function textFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(csv|ps1|txt|md)$/.test(e.name)) out.set(path.relative(dir, p), fs.readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

describe('export from the inputs a plan build kept', () => {
  it('gives the same input and the same files as an export read from the store', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-export-built-'));
    try {
      await withSyncedDemoTenant(NOW, async (services, tenantId) => {
        const settings = JSON.parse(fs.readFileSync(DEMO_SETTINGS_FILE, 'utf8'));
        const snapshot = (await loadSnapshot(services.store, tenantId))!;
        const built = await services.plan.build(tenantId, 'test', { today: '2026-03-02', settings, expectedSettingsVersion: null, inputs: { snapshot } });
        expect(snapshot.people.length).toBeGreaterThan(300);
        const fromBuilt = { plan: { plan: built.plan, settingsVersion: built.settingsVersion, builtAt: built.builtAt }, snapshot };

        const stored = await services.exports.loadInput(tenantId);
        const kept = await services.exports.loadInput(tenantId, fromBuilt);
        const { person: storedPerson, ...storedRest } = stored;
        const { person: keptPerson, ...keptRest } = kept;
        expect(keptRest).toEqual(storedRest);
        for (const b of built.plan.blocked) expect(keptPerson!(b.personId)).toEqual(storedPerson!(b.personId));

        const a = await services.exports.exportToDirectory(tenantId, path.join(out, 'stored'));
        const b = await services.exports.writeToDirectory(kept, path.join(out, 'kept'));
        expect(b.files.map((f) => f.path)).toEqual(a.files.map((f) => f.path));
        const storedFiles = textFiles(path.join(out, 'stored'));
        expect(storedFiles.size).toBeGreaterThan(5);
        expect(textFiles(path.join(out, 'kept'))).toEqual(storedFiles);
      });
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 240000);
});
