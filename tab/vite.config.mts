import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';

// The tab is bundled with everything it needs: no CDN, no web fonts, no telemetry at run time.
export default defineConfig({
  root: path.resolve(__dirname, 'web'),
  base: '/',
  plugins: [react()],
  build: {
    outDir: path.resolve(__dirname, 'dist'),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3978' } },
});
