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

const VIEWS = [
  'compare',
  'timeslice',
  'interfaces',
  'process-vm',
  'migration',
  'consolidation',
  'isolation',
  'hybrid-cloud',
  'legacy',
];

async function openView(page: Page, index: number): Promise<void> {
  await page.locator('.app__tab').nth(index).click();
  await expect(page.locator('main h1')).toBeVisible();
}

test('Russian covers the chrome of every view and survives a reload', async ({ appPage: page }) => {
  await expect(page.locator('.app__tab')).toHaveCount(VIEWS.length);
  await page.locator('[data-field="locale"]').selectOption('ru');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');

  for (const [index, view] of VIEWS.entries()) {
    await openView(page, index);
    const heading = (await page.locator('main h1').innerText()).trim();
    expect(RU.has(heading), `${view}: heading "${heading}" is a Russian message`).toBe(true);
    const tab = (await page.locator('.app__tab').nth(index).innerText()).trim();
    expect(RU.has(tab), `${view}: tab "${tab}"`).toBe(true);
    const leftovers = (await chromeTexts(page)).filter((text) => ENGLISH_CHROME.test(text));
    expect(leftovers, `${view}: English left in the chrome`).toEqual([]);
  }

  await page.reload();
  await expect(page.locator('[data-field="locale"]')).toHaveValue('ru');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  await expect(page.locator('main h1')).toHaveText(/[а-яё]/i);
  await expect(page.locator('[data-action="start"]')).toHaveText('Старт');
});

test('dark theme in Russian: every view after a run', async ({ appPage: page, shot }) => {
  test.setTimeout(420_000);
  await page.locator('[data-field="locale"]').selectOption('ru');
  await page.locator('[data-action="toggle-theme"]').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

  for (const [index, view] of VIEWS.entries()) {
    await openView(page, index);
    await page.locator('[data-field="speed"]').selectOption('0');
    await page.locator('[data-action="start"]').click();
    // "Завершено" is controls.states.finished in Russian.
    await expect(page.getByTestId('run-status')).toContainText('Завершено', { timeout: 90_000 });
    await page.waitForTimeout(400);
    await shot(`ru-dark-${view}`);
    // The first screen at full resolution, for a closer look than the full page allows.
    await page.screenshot({
      path: resolve(__dirname, `../test-results/screenshots/web-ru-dark-${view}-top.png`),
    });
  }

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});
