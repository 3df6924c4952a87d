import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';
import { resolve } from 'node:path';
import { VUE_I18N_FLAGS } from './vue-i18n-flags.mjs';

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify('test'), ...VUE_I18N_FLAGS },
  plugins: [vue()],
  resolve: { alias: { '@edition': resolve(import.meta.dirname, 'renderer/src/edition/web.ts') } },
  test: {
    include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.ts', 'cli/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
