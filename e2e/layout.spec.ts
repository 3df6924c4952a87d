import { test, expect } from './fixtures';

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
      await page.waitForTimeout(400); // charts take their size from the layout
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
