import { resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import { test as base, _electron, type Page } from '@playwright/test';

export interface EditionOptions {
  edition: 'web' | 'desktop';
}

/**
 * `appPage` is the VirtLab window, whichever edition the project runs: a Chromium tab on
 * the web edition, or the first BrowserWindow of the built Electron app.
 */
export const test = base.extend<EditionOptions & { appPage: Page; shot: (name: string) => Promise<string> }>({
  edition: ['web', { option: true }],
  appPage: async ({ edition, page }, use) => {
    if (edition === 'web') {
      await page.goto('/');
      await use(page);
      return;
    }
    const app = await _electron.launch({
      args: [resolve(__dirname, '../out/main/index.js'), '--no-sandbox', '--disable-gpu'],
      env: { ...process.env, NODE_ENV: 'production' },
    });
    const window = await app.firstWindow();
    await window.setViewportSize({ width: 1440, height: 900 });
    await use(window);
    await app.close();
  },
  /** Saves a full-page screenshot of a view under test-results/screenshots/<edition>-<name>.png. */
  shot: async ({ appPage, edition }, use) => {
    const directory = resolve(__dirname, '../test-results/screenshots');
    mkdirSync(directory, { recursive: true });
    await use(async (name) => {
      const path = resolve(directory, `${edition}-${name}.png`);
      await appPage.screenshot({ path, fullPage: true });
      return path;
    });
  },
});

export { expect } from '@playwright/test';

/**
 * Waits two animation frames: a view just shown has rendered and been laid out, and its
 * charts have taken their size (they resize in the first frame's resize observers).
 */
export async function settled(page: Page): Promise<void> {
  await page.evaluate(
    () => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))),
  );
}
