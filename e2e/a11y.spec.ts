import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, settled } from './fixtures';

/**
 * Accessibility: axe-core finds no serious or critical violation on any view in the
 * navigation (found on the page, so views added later are covered), on Compare after a
 * run, and in the dark theme. Failing rules are printed with the elements they hit.
 *
 * Legacy mode runs axe in the page itself rather than gathering per-frame results in a new
 * blank page: the same rules and results for an app without frames, in half the time.
 */
async function seriousViolations(page: Page, where: string): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .setLegacyMode(true)
    .options({ resultTypes: ['violations'] })
    .analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const lines = bad.map(
    (v) =>
      `${where}: [${v.impact}] ${v.id} — ${v.help} (${v.nodes.length}): ${v.nodes
        .slice(0, 4)
        .map((n) => n.target.join(' '))
        .join(' | ')}`,
  );
  for (const line of lines) console.log(line);
  return lines;
}

async function navHrefs(page: Page): Promise<string[]> {
  const nav = page.getByRole('navigation').first();
  await expect(nav.getByRole('link').first()).toBeVisible();
  return nav.getByRole('link').evaluateAll((links) => links.map((l) => l.getAttribute('href')!));
}

async function visit(page: Page, href: string): Promise<void> {
  await page.goto(href);
  await expect(page.locator('main h1').first()).toBeVisible();
  await settled(page);
}

test('no serious or critical axe violations on any view (light theme)', async ({ appPage: page }) => {
  const hrefs = await navHrefs(page);
  expect(hrefs.length).toBeGreaterThan(1);
  const found: string[] = [];
  for (const href of hrefs) {
    await visit(page, href);
    found.push(...(await seriousViolations(page, href)));
  }
  expect(found).toEqual([]);
});

test('no serious or critical axe violations on Compare after a run', async ({ appPage: page }) => {
  await visit(page, '/');
  // A short run: the results (summary table, charts, run actions) are what is checked.
  await page.locator('[data-field="horizonS"]').fill('120');
  await page.locator('[data-field="speed"]').selectOption('0');
  await page.locator('[data-action="start"]').click();
  await expect(page.getByTestId('run-status')).toContainText('Finished', { timeout: 60_000 });
  await page.waitForTimeout(300);
  expect(await seriousViolations(page, '/ after a run')).toEqual([]);
});

test('no serious or critical axe violations in the dark theme', async ({ appPage: page, shot }) => {
  const hrefs = await navHrefs(page);
  await page.locator('[data-action="toggle-theme"]').click();
  await expect(page.locator(':root[data-theme="dark"]')).toHaveCount(1);
  const found: string[] = [];
  for (const href of hrefs) {
    await visit(page, href);
    found.push(...(await seriousViolations(page, `${href} (dark)`)));
    await shot(`dark-${href.replace(/^#?\//, '') || 'compare'}`);
  }
  expect(found).toEqual([]);
});

test('no serious or critical axe violations at 1280x720 (wide tables scroll there)', async ({
  appPage: page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const found: string[] = [];
  for (const href of await navHrefs(page)) {
    await visit(page, href);
    found.push(...(await seriousViolations(page, `${href} (1280x720)`)));
  }
  expect(found).toEqual([]);
});
