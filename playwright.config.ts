import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import type { EditionOptions } from './e2e/fixtures';

/**
 * One suite, two editions. `web` serves the web edition on 127.0.0.1 and drives Debian's
 * Chromium (never a downloaded browser); `desktop` launches the built Electron app through
 * Playwright's _electron (see e2e/run-desktop.mjs, which checks for the Electron binary).
 */
/** VIRTLAB_E2E_PORT lets two checkouts run their suites side by side. */
const port = Number(process.env['VIRTLAB_E2E_PORT'] ?? 4173);
const systemChromium = '/usr/bin/chromium';
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export default defineConfig<EditionOptions>({
  testDir: './e2e',
  outputDir: './test-results',
  timeout: 90_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: { trace: 'retain-on-failure', viewport: { width: 1440, height: 900 }, locale: 'en-US' },
  projects: [
    {
      name: 'web',
      use: {
        edition: 'web',
        baseURL: `http://127.0.0.1:${port}`,
        browserName: 'chromium',
        launchOptions: {
          ...(existsSync(systemChromium) ? { executablePath: systemChromium } : {}),
          args: chromiumArgs,
        },
      },
    },
    { name: 'desktop', use: { edition: 'desktop' } },
  ],
  webServer: process.env['VIRTLAB_E2E_DESKTOP']
    ? undefined
    : {
        command: `npx vite preview --config vite.web.config.mts --port ${port}`,
        url: `http://127.0.0.1:${port}`,
        reuseExistingServer: !process.env['CI'],
        timeout: 60_000,
      },
});
