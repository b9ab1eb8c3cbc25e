#!/usr/bin/env node
// Runs the compiled CLI when the project has been built, otherwise the TypeScript sources through tsx.
const path = require('node:path');
const fs = require('node:fs');
const compiled = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
// Prefer the sources in a checkout (never a stale build); a deployed package ships only dist/.
if (fs.existsSync(compiled) && !fs.existsSync(path.join(__dirname, '..', 'cli', 'main.ts'))) {
  require(compiled);
} else {
  require('tsx/cjs/api').register();
  require(path.join(__dirname, '..', 'cli', 'main.ts'));
}
