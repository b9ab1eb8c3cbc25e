#!/usr/bin/env node
/**
 * Starts `vmp`: the compiled CLI (dist/cli/main.js, written by `npm run build`) when it is newer than
 * every source it was compiled from, otherwise the TypeScript sources through tsx. A stale build never
 * runs: in a checkout, a source edited, added or removed after the build sends `vmp` to the sources
 * until the next build. A deployed package ships only dist/ and always runs it.
 *
 * Staleness is decided by modification times: the newest mtime of every file and folder that
 * tsconfig.build.json compiles (folders too, so that a deleted or renamed file counts), and of the
 * tsconfig files, against dist/cli/main.js. That is about 150 stats, around a millisecond.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/** What tsconfig.build.json compiles, and the files that decide how it compiles them. */
const SOURCE_DIRS = ['cli', 'shared', 'server', 'bot', path.join('tab', 'api')];
const SOURCE_FILES = ['tsconfig.json', 'tsconfig.build.json'];

/** The newest mtime (ms) of a folder, everything in it, and everything below it; 0 when it does not exist. */
function newestMtimeIn(dir) {
  let newest;
  try {
    newest = fs.statSync(dir).mtimeMs;
  } catch {
    return 0;
  }
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtimeIn(full));
    else newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** The newest mtime of the sources the build compiles from. */
function newestSourceMtime(root) {
  let newest = 0;
  for (const dir of SOURCE_DIRS) newest = Math.max(newest, newestMtimeIn(path.join(root, dir)));
  for (const file of SOURCE_FILES) {
    try {
      newest = Math.max(newest, fs.statSync(path.join(root, file)).mtimeMs);
    } catch {
      // not there: nothing to compare
    }
  }
  return newest;
}

/**
 * Which entry point to run under root: `{ kind: 'dist' | 'sources', file, reason }`.
 * Sources when there is no build or it is older than (or as old as) a source; dist when it is newer
 * than all of them, or when there are no sources at all (a deployed package).
 */
function chooseEntry(root) {
  const compiled = path.join(root, 'dist', 'cli', 'main.js');
  const sources = path.join(root, 'cli', 'main.ts');
  if (!fs.existsSync(sources)) return { kind: 'dist', file: compiled, reason: 'no sources: a deployed package' };
  let builtAt;
  try {
    builtAt = fs.statSync(compiled).mtimeMs;
  } catch {
    return { kind: 'sources', file: sources, reason: 'not built' };
  }
  if (newestSourceMtime(root) < builtAt) return { kind: 'dist', file: compiled, reason: 'the build is newer than every source' };
  return { kind: 'sources', file: sources, reason: 'a source changed after the build' };
}

if (require.main === module) {
  const entry = chooseEntry(path.join(__dirname, '..'));
  if (process.env.VMP_DEBUG_ENTRY) process.stderr.write(`vmp: running ${entry.kind} (${entry.reason})\n`);
  if (entry.kind === 'sources') require('tsx/cjs/api').register();
  require(entry.file);
} else {
  module.exports = { chooseEntry, newestSourceMtime };
}
