import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** Every Russian message, read from the files the app bundles. */
function russianMessages(): Set<string> {
  const directory = resolve(__dirname, '../renderer/src/locales/ru');
  const values = new Set<string>();
  const collect = (node: unknown): void => {
    if (typeof node === 'string') values.add(node);
    else if (node && typeof node === 'object') Object.values(node).forEach(collect);
  };
  for (const file of readdirSync(directory).filter((name) => name.endsWith('.json')))
    collect(JSON.parse(readFileSync(resolve(directory, file), 'utf8')));
  return values;
}
const RU = russianMessages();

/** The view names of renderer/src/router.ts, in navigation order (the nav must show them all). */
const ROUTER_VIEWS = [
  ...readFileSync(resolve(__dirname, '../renderer/src/router.ts'), 'utf8').matchAll(
    /\{\s*path: '[^']*',\s*name: '([\w-]+)'/g,
  ),
].map((match) => match[1]!);

/** Interface words that must not survive a switch to Russian (whole words, case-sensitive). */
const ENGLISH_CHROME =
  /\b(Scenario|Open|Save|Start|Pause|Resume|Step|Stop|Speed|Export|Results|Preset|Choose a preset|Random seed|Reset to defaults|Hosts|Workload|Load|Platforms|Run summary|Sources|Constant|Default|Yours|Source|Simulated time|Kind|Add a row|Remove|Ready|Finished|Language|Compare|Break-even|Compatibility matrix|Application|Instruction|Sensitive|Privileged|Interface|Served)\b/;

/** The text of the view's own chrome: headings, field labels, legends, buttons, table heads. */
async function chromeTexts(page: Page): Promise<string[]> {
  return page
    .locator(
      'main h1, main h2, main legend, main summary, main .field__label, main .form-field__label, main button, main thead th, main .export__label, main .card__label, .app__tab',
    )
    .allInnerTexts();
}

interface NavView {
  name: string;
  href: string;
}

/** The views in the navigation bar, in order: `#/` is Compare, `#/<name>` the others. */
async function navViews(page: Page): Promise<NavView[]> {
  const tabs = page.locator('.app__tab');
  await expect(tabs.first()).toBeVisible();
  const hrefs = await tabs.evaluateAll((links) => links.map((link) => link.getAttribute('href')!));
  const views = hrefs.map((href) => ({ href, name: href.replace(/^#?\//, '') || 'compare' }));
  expect(
    views.map((view) => view.name),
    'the navigation lists every view of the router',
  ).toEqual(ROUTER_VIEWS);
  return views;
}

/** Opens a view by its tab and waits until the router has shown it. */
async function openView(page: Page, views: NavView[], view: NavView): Promise<void> {
  await page.locator('.app__tab').nth(views.indexOf(view)).click();
  await expect(page).toHaveURL(new RegExp(`${view.href.replace(/[#/]/g, '\\$&')}$`));
  await expect(page.locator('.app__tab--active')).toHaveAttribute('href', view.href);
  await expect(page.locator('main h1')).toBeVisible();
}

test('Russian covers the chrome of every view and survives a reload', async ({ appPage: page }) => {
  const views = await navViews(page);
  expect(views.length).toBeGreaterThan(1);
  await page.locator('[data-field="locale"]').selectOption('ru');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');

  const problems: string[] = [];
  for (const view of views) {
    await openView(page, views, view);
    const heading = (await page.locator('main h1').innerText()).trim();
    if (!RU.has(heading)) problems.push(`${view.name}: heading "${heading}" is not a Russian message`);
    const tab = (await page.locator('.app__tab--active').innerText()).trim();
    if (!RU.has(tab)) problems.push(`${view.name}: tab "${tab}" is not a Russian message`);
    for (const text of (await chromeTexts(page)).filter((text) => ENGLISH_CHROME.test(text)))
      problems.push(`${view.name}: English left in the chrome: "${text}"`);
  }
  // Every view is checked before failing, so one run lists everything left to translate.
  expect(problems).toEqual([]);

  await page.reload();
  await expect(page.locator('[data-field="locale"]')).toHaveValue('ru');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  await expect(page.locator('main h1')).toHaveText(/[а-яё]/i);
  await expect(page.locator('[data-action="start"]')).toHaveText('Старт');
});

/**
 * A short simulated time for the views whose form has one in seconds (Compare's scenario,
 * Isolation): long enough to show the burst or the recovery, short enough for a run of a
 * few seconds at full speed. The screenshots need a finished run, not a long one.
 */
const SHORT_RUN = { field: 'horizonS', value: '300' };

test('dark theme in Russian: every view, after a run where it has run controls', async ({
  appPage: page,
  shot,
}) => {
  test.setTimeout(150_000);
  const views = await navViews(page);
  await page.locator('[data-field="locale"]').selectOption('ru');
  await page.locator('[data-action="toggle-theme"]').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

  for (const view of views) {
    await openView(page, views, view);
    const status = page.getByTestId('run-status');
    if ((await page.locator('main [data-field="speed"]').count()) > 0) {
      // Views that share a run (Compare, Overhead, Timeline) show the one already finished.
      // "Завершено" is controls.states.finished in Russian.
      if (!/Завершено/.test(await status.innerText())) {
        const horizon = page.locator(`main [data-field="${SHORT_RUN.field}"]`);
        if ((await horizon.count()) > 0) await horizon.fill(SHORT_RUN.value);
        await page.locator('[data-field="speed"]').selectOption('0');
        await page.locator('[data-action="start"]').click();
        await expect(status).toContainText('Завершено', { timeout: 60_000 });
      }
      // Keep the comparison, so the Runs view is shown with a saved run rather than empty.
      if (view.name === 'compare') {
        await page.locator('[data-action="save-run"]').click();
        await page.locator('[data-action="save-run-confirm"]').click();
        await expect(page.getByTestId('run-actions-message')).toBeVisible();
      }
    }
    // Charts redraw on the next animation frame.
    await page.waitForTimeout(300);
    await shot(`ru-dark-${view.name}`);
    // The first screen at full resolution, for a closer look than the full page allows.
    await page.screenshot({
      path: resolve(__dirname, `../test-results/screenshots/web-ru-dark-${view.name}-top.png`),
    });
  }

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});
