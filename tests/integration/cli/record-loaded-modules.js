/**
 * Preloaded into a `vmp` process (NODE_OPTIONS=--require <this file>) by cli-lazy-loading.test.ts:
 * when the process exits, writes the files of every CommonJS module it loaded (require.cache: the
 * compiled or tsx-compiled sources and every package) as a JSON array to $VMP_RECORD_MODULES.
 */
'use strict';
const fs = require('node:fs');

const out = process.env.VMP_RECORD_MODULES;
if (out) {
  process.on('exit', () => {
    fs.writeFileSync(out, JSON.stringify(Object.keys(require.cache)));
  });
}
