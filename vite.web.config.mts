import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import pkg from './package.json' with { type: 'json' };
import { VUE_I18N_FLAGS } from './vue-i18n-flags.mjs';

/**
 * The web edition: the same renderer as the desktop app, with `@edition` pointing at the
 * implementation of RendererApi that runs the simulation in a Web Worker.
 */
export default defineConfig({
  root: resolve(import.meta.dirname, 'renderer'),
  base: './',
  resolve: { alias: { '@edition': resolve(import.meta.dirname, 'renderer/src/edition/web.ts') } },
  define: { __APP_VERSION__: JSON.stringify(pkg.version), ...VUE_I18N_FLAGS },
  plugins: [vue()],
  worker: { format: 'es' },
  build: {
    outDir: resolve(import.meta.dirname, 'dist-web'),
    emptyOutDir: true,
    // One offline bundle (Vue, ECharts parts, zod); loaded once from disk or localhost.
    chunkSizeWarningLimit: 1024,
  },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
});
