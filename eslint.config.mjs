import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

/**
 * Layering, enforced as VS Code does with its code-layering rule:
 * shared/ runs anywhere, so it imports no platform; renderer/ talks to the app only
 * through the typed bridge, so it imports neither Electron nor Node built-ins.
 */
const platformImports = [
  { group: ['electron', 'electron/*'], message: 'Only electron/ may import Electron.' },
  { group: ['node:*'], message: 'Node built-ins belong in electron/ (or tests, cli, bench).' },
];
const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'url', 'util'];

export default tseslint.config(
  { ignores: ['out/**', 'dist-web/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='Math'][property.name='random']",
          message: 'Use the seeded Random from shared/sim/random.ts.',
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'shared/ must run anywhere.' })),
          patterns: [
            ...platformImports,
            {
              group: ['**/electron/**', '**/renderer/**'],
              message: 'shared/ imports nothing from electron/ or renderer/.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'performance', message: 'No wall clock in shared/: inject a Clock.' },
        { name: 'setTimeout', message: 'No wall clock in shared/: inject a Clock.' },
        { name: 'setInterval', message: 'No wall clock in shared/: inject a Clock.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'No wall clock in shared/: use simulated time.' },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.vue'],
    // __APP_VERSION__ is package.json's version, defined at build time (see the Vite configs).
    languageOptions: { globals: { ...globals.browser, __APP_VERSION__: 'readonly' } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'The renderer has no Node: use the RendererApi bridge.',
          })),
          patterns: [
            ...platformImports,
            {
              group: ['**/electron/**'],
              message: 'The renderer reaches electron/ only through the RendererApi bridge.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/renderer/**'], message: 'electron/ never imports the renderer.' }] },
      ],
    },
  },
  prettier,
);
