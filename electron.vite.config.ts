import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';
import type { Plugin } from 'vite';
import { version } from './package.json';
import { VUE_I18N_FLAGS } from './vue-i18n-flags.mjs';

/**
 * Builds the desktop app: main process (with the simulation worker as a `?nodeWorker`
 * chunk), the sandboxed preload (CommonJS, as sandboxed preloads must be) and the renderer.
 * Build configuration only: window security lives in electron/main/window.ts.
 */
const edition = (name: 'desktop' | 'web') => ({
  '@edition': resolve(__dirname, `renderer/src/edition/${name}.ts`),
});

/** Vite's dev server injects <style> tags for hot reload; the built app needs no inline styles. */
const devInlineStyles: Plugin = {
  name: 'virtlab:dev-inline-styles',
  apply: 'serve',
  transformIndexHtml: (html) => html.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
};

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rolldownOptions: { input: { index: resolve(__dirname, 'electron/main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rolldownOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    resolve: { alias: edition('desktop') },
    define: { __APP_VERSION__: JSON.stringify(version), ...VUE_I18N_FLAGS },
    plugins: [vue(), devInlineStyles],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rolldownOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
});
