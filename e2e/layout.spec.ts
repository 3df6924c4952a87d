import { test, expect, settled } from './fixtures';

/**
 * Every view in the navigation fits the window from 1280x720 up: no horizontal scrolling
 * of the page, no chart or control cut off at the right edge. Screenshots of each view at
 * each size go to test-results/screenshots/web-layout-<size>-<view>.png.
 */
const SIZES = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
];

for (const size of SIZES) {
  test(`every view fits ${size.width}x${size.height}`, async ({ appPage: page, shot }) => {
    await page.setViewportSize(size);
    const nav = page.getByRole('navigation').first();
    await expect(nav.getByRole('link').first()).toBeVisible();
    const hrefs = await nav
      .getByRole('link')
      .evaluateAll((links) => links.map((l) => l.getAttribute('href')!));
    expect(hrefs.length).toBeGreaterThan(1);
    for (const href of hrefs) {
      await page.goto(href);
      await expect(page.locator('main h1').first()).toBeVisible();
      await settled(page); // charts take their size from the layout
      const overflow = await page.evaluate(() => {
        const limit = document.documentElement.clientWidth;
        const clipped = Array.from(
          document.querySelectorAll<HTMLElement>('main .chart, main select, main button'),
        )
          .filter((element) => element.offsetParent !== null)
          .filter((element) => element.getBoundingClientRect().right > limit + 1)
          .map((element) => element.dataset['chartId'] ?? element.outerHTML.slice(0, 80));
        return { page: document.documentElement.scrollWidth - limit, clipped };
      });
      const name = href.replace(/^#?\//, '') || 'compare';
      await shot(`layout-${size.width}-${name}`);
      expect.soft(overflow.clipped, `${href}: cut off at the right edge`).toEqual([]);
      expect.soft(overflow.page, `${href}: page scrolls sideways`).toBeLessThanOrEqual(0);
    }
  });
}

test('Compare at 1280x720 in Russian, mid-run: the time left is shown and nothing is cut off', async ({
  appPage: page,
  shot,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.locator('[data-field="locale"]').selectOption('ru');
  await page.locator('[data-field="horizonS"]').fill('86400');
  await page.locator('[data-field="sampleIntervalS"]').fill('10');
  await page.locator('[data-field="speed"]').selectOption('600');
  await page.locator('[data-action="start"]').click();
  // 600x: about 144 s of wall time for the day, so the estimate is in minutes.
  await expect(page.getByTestId('time-left')).toContainText(/осталось около (\d+ ч )?\d+ мин( \d+ с)?/, {
    timeout: 20_000,
  });
  await shot('layout-1280-compare-running-ru');
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await page.locator('[data-action="stop"]').click();
  await expect(page.getByTestId('time-left')).toHaveCount(0);
  // A finished run's summary (long Russian headers, cost lines) must not widen the page either.
  await page.locator('[data-field="horizonS"]').fill('300');
  await page.locator('[data-field="speed"]').selectOption('0');
  await page.locator('[data-action="start"]').click();
  await expect(page.getByTestId('run-status')).toContainText('Завершено', { timeout: 60_000 });
  await expect(page.getByTestId('summary-table')).toBeVisible();
  await settled(page);
  await shot('layout-1280-compare-finished-ru');
  const after = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(after).toBeLessThanOrEqual(0);
});
