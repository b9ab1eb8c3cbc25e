/**
 * The PBX import's preview at scale (issue 13): the same 100,000-line export and 1,000 blocks as the
 * pbx-import bench, read, checked and matched against the 100,000-user snapshot, then compared line by
 * line with a stored 100,000-line inventory (the same export imported before: every line is compared,
 * the costliest case). Nothing is stored. Floor: the import of the same files, which does the same
 * reading and matching and writes instead of comparing.
 *
 * Setup (the files, the snapshot and the stored inventory) runs in separate processes, so the measured
 * process's peak RSS is the preview's own.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineBench } from './harness';
import { openTableFile } from '../shared/pbx/open-table';
import { importPbxInventory } from '../shared/services/pbx-import-service';
import { previewPbxImport } from '../shared/services/pbx-import-preview';
import { SqliteStore } from '../shared/store/sqlite-store';

const TENANT = 'bench-tenant';
const NOW = new Date('2026-11-24T12:00:00Z');

function files(dir: string) {
  return { lines: openTableFile(path.join(dir, 'lines.csv')), blocks: openTableFile(path.join(dir, 'blocks.csv')) };
}

async function importOnce(dir: string): Promise<void> {
  const store = new SqliteStore(path.join(dir, 'bench.sqlite'));
  const report = await importPbxInventory(store, TENANT, files(dir), { actor: 'bench', now: NOW });
  await store.close();
  if (!report.accepted) throw new Error(`bench import rejected: ${JSON.stringify(report.errors.slice(0, 3))}`);
}

/** The pbx-import bench's files and snapshot, then (storedFirst) that export imported once. */
function prepareInChildren(users: number, storedFirst: boolean): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `vmp-bench-pbx-preview-${users}-`));
  execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'pbx-import.bench.ts'), '--prepare', dir, String(users)], { stdio: 'inherit' });
  if (storedFirst) execFileSync(process.execPath, ['--import', 'tsx', __filename, '--import-once', dir], { stdio: 'inherit' });
  return dir;
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return Math.round((u.user + u.system) / 1e4) / 100;
}

function previewCase(users: number) {
  return {
    setup: () => prepareInChildren(users, true),
    run: async (dir: string) => {
      const cpu = process.cpuUsage();
      const store = new SqliteStore(path.join(dir, 'bench.sqlite'));
      const preview = await previewPbxImport(store, TENANT, files(dir), { now: NOW });
      await store.close();
      if (!preview.accepted || !preview.replaces.imported || !preview.replaces.lines) throw new Error('bench preview rejected or without a stored inventory');
      const d = preview.replaces.lines;
      return { cpuSeconds: cpuSeconds(cpu), lines: preview.counts.lines, firstLines: preview.firstLines.length, added: d.added, removed: d.removed, changed: d.changed, unchanged: d.unchanged };
    },
    teardown: (dir: string) => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

function importCase(users: number) {
  return {
    setup: () => prepareInChildren(users, false),
    run: async (dir: string) => {
      const cpu = process.cpuUsage();
      await importOnce(dir);
      return { cpuSeconds: cpuSeconds(cpu) };
    },
    teardown: (dir: string) => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

export default defineBench({
  name: 'pbx-import-preview',
  cases: [
    { id: 'import-100k', label: 'import + match + commit (floor: the same reading and matching)', size: '100k lines, 1k blocks, 100k users', ...importCase(100_000) },
    {
      id: 'preview-100k',
      label: 'preview: read + match + compare with the stored 100k lines, nothing stored',
      size: '100k lines, 1k blocks, 100k users, 100k stored lines',
      floor: 'import-100k',
      targets: { maxRatio: 1.2, maxSeconds: 5, maxRssMb: 500 },
      ...previewCase(100_000),
    },
  ],
});

if (require.main === module && process.argv[2] === '--import-once') {
  void importOnce(process.argv[3]);
}
