import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { readPngInfo } from '../shared/export';
import { expect, test } from './fixtures';

/** Clicks a chart's export button and returns the downloaded file. */
async function download(page: Page, chart: string, format: string) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.locator(`[data-export-for="${chart}"] [data-export="${format}"]`).click(),
  ]);
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

test('a PNG exported in the dark theme is the light-theme image, byte for byte', async ({
  appPage: page,
  edition,
}) => {
  test.skip(edition === 'desktop', 'native save dialogs cannot be driven by Playwright');
  await page.locator('[data-field="horizonS"]').fill('300');
  await page.locator('[data-field="speed"]').selectOption('0');
  await page.locator('[data-action="start"]').click();
  await expect(page.getByTestId('run-status')).toContainText('Finished', { timeout: 60_000 });
  await page.waitForTimeout(300);

  const boxLight = (await page.locator('[data-chart-id="density"] .chart__canvas').boundingBox())!;
  const light = await download(page, 'density', 'png');
  await page.locator('[data-action="toggle-theme"]').click();
  await expect(page.locator(':root[data-theme="dark"]')).toHaveCount(1);
  await page.waitForTimeout(300);
  const dark = await download(page, 'density', 'png');

  // The export message under the chart (a long file name) must not have widened it.
  const box = (await page.locator('[data-chart-id="density"] .chart__canvas').boundingBox())!;
  expect(box.width).toBe(boxLight.width);
  const info = readPngInfo(new Uint8Array(dark.bytes));
  expect(info.width).toBe(Math.round(box.width) * 2);
  expect(info.text['virtlab']).toMatch(/^# virtlab 0\.1\.0 scenario=.* seed=42 \{/);
  expect(dark.bytes.length).toBeGreaterThan(10_000);
  writeFileSync(resolve(__dirname, '../test-results/png-from-dark-theme.png'), dark.bytes);
  expect(Buffer.compare(dark.bytes, light.bytes)).toBe(0);
});

test("the Interfaces view's two charts export, with the form's scenario as provenance", async ({
  appPage: page,
  edition,
}) => {
  test.skip(edition === 'desktop', 'native save dialogs cannot be driven by Playwright');
  await page.goto('#/interfaces');
  for (const chart of ['interfaces-isa', 'interfaces-stack']) {
    await expect(page.locator(`[data-export-for="${chart}"] [data-export="png"]`)).toBeEnabled();
    const png = await download(page, chart, 'png');
    expect(png.name).toMatch(new RegExp(`${chart}-seed-1\\.png$`));
    expect(readPngInfo(new Uint8Array(png.bytes)).text['virtlab']).toContain('kind=interfaces');
  }
  const json = JSON.parse((await download(page, 'interfaces-isa', 'json')).bytes.toString('utf8')) as {
    scenario: { kind: string };
    seed: number;
    chart: string;
  };
  expect(json).toMatchObject({ scenario: { kind: 'interfaces' }, seed: 1, chart: 'interfaces-isa' });
});
