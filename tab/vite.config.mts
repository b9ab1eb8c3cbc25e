import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import fs from 'node:fs';
import path from 'node:path';

const OUT_DIR = path.resolve(__dirname, 'dist');
/**
 * The build's source maps, beside tab/dist rather than in it: tab/dist is what the server serves and what
 * is deployed, and a map there would publish the tab's sources. Same depth as tab/dist, so the maps'
 * relative `sources` still resolve; git-ignored and left out of the deployed package (.webappignore).
 */
const SOURCEMAP_DIR = path.resolve(__dirname, 'sourcemaps');

/** Moves the hidden maps Rollup emits out of the bundle into SOURCEMAP_DIR, so tab/dist never holds one. */
function sourcemapsOutsideDist(): Plugin {
  return {
    name: 'vmp-sourcemaps-outside-dist',
    apply: 'build',
    generateBundle(_options, bundle) {
      fs.rmSync(SOURCEMAP_DIR, { recursive: true, force: true });
      for (const [fileName, output] of Object.entries(bundle)) {
        if (!fileName.endsWith('.map') || output.type !== 'asset') continue;
        const target = path.join(SOURCEMAP_DIR, fileName);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, output.source);
        delete bundle[fileName];
      }
    },
  };
}

/**
 * The first view's code as early as the shell's own: index.html lists each page's chunk and the chunks it
 * imports (`#page-chunks`, by page id: the page module's name without "Page", lower case), and
 * public/page-preload.js adds modulepreload links for the page in the URL's hash while the HTML is read.
 * Otherwise the page's code is asked for only once the shell's code has run.
 */
function pageChunkList(): Plugin {
  return {
    name: 'vmp-page-chunk-list',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const bundle = ctx.bundle ?? {};
        const chunks: Record<string, string[]> = {};
        for (const out of Object.values(bundle)) {
          const page = out.type === 'chunk' && out.isDynamicEntry ? /\/(\w+)Page\.tsx$/.exec(out.facadeModuleId ?? '')?.[1] : undefined;
          if (!page || out.type !== 'chunk') continue;
          const files = new Set<string>();
          const visit = (file: string) => {
            if (files.has(file)) return;
            files.add(file);
            const c = bundle[file];
            if (c?.type === 'chunk') c.imports.forEach(visit);
          };
          visit(out.fileName);
          chunks[page.toLowerCase()] = [...files].map((f) => `/${f}`);
        }
        return [
          { tag: 'script', attrs: { type: 'application/json', id: 'page-chunks' }, children: JSON.stringify(chunks), injectTo: 'head' },
          { tag: 'script', attrs: { src: '/page-preload.js' }, injectTo: 'head' },
        ];
      },
    },
  };
}

// The tab is bundled with everything it needs: no CDN, no web fonts, no telemetry at run time.
export default defineConfig({
  root: path.resolve(__dirname, 'web'),
  base: '/',
  plugins: [react(), sourcemapsOutsideDist(), pageChunkList()],
  build: {
    outDir: OUT_DIR,
    emptyOutDir: true,
    // 'hidden': maps without a sourceMappingURL comment in the served JavaScript; the plugin above writes
    // them outside the served folder (decode a production stack with them). `vite` (dev) maps as always.
    sourcemap: 'hidden',
    chunkSizeWarningLimit: 2000,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3978' } },
});
