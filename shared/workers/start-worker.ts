/**
 * Starts a worker thread on one of the project's modules, from the compiled build (a .js entry) or
 * from the TypeScript sources (a .ts entry, loaded through tsx, as `vmp` and `npm start` run them).
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function startWorker(entry: string, options: WorkerOptions = {}): Worker {
  if (!entry.endsWith('.ts')) return new Worker(entry, options);
  // A worker's execArgv cannot load tsx on Node 20 (`--import` is not applied to workers), so a tiny
  // CommonJS boot registers it and then loads the entry.
  const boot = `require('tsx/cjs/api').register(); require(${JSON.stringify(entry)});`;
  return new Worker(boot, { ...options, eval: true });
}

/** The sibling module's path with the running file's extension (.ts from sources, .js when built). */
export function siblingEntry(currentFile: string, baseName: string): string {
  return currentFile.replace(/[^/\\]+\.(ts|js)$/, (_m, ext: string) => `${baseName}.${ext}`);
}
