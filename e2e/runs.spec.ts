import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { defaultCompareScenario } from '../shared/scenario';
import { expect, test } from './fixtures';
import { pdfText } from './pdf-text';

type Series = Array<{ name: string; data: unknown[] }>;
const SCENARIO_NAME = defaultCompareScenario().name;

/** Runs the default comparison for 300 simulated seconds at full speed with the given seed. */
async function runComparison(page: Page, seed: number): Promise<void> {
  await page.goto('/#/');
  await page.locator('[data-field="horizonS"]').fill('300');
  await page.locator('[data-field="seed"]').fill(String(seed));
  await page.locator('[data-field="speed"]').selectOption('0');
  await page.locator('[data-action="start"]').click();
  await expect(page.getByTestId('run-status')).toContainText('Finished', { timeout: 60_000 });
  await expect(page.getByTestId('summary-table')).toBeVisible();
}

async function saveRun(page: Page, name?: string): Promise<string> {
  await page.locator('[data-action="save-run"]').click();
  const field = page.locator('[data-field="save-run-name"]');
  const suggested = await field.inputValue();
  if (name !== undefined) await field.fill(name);
  await page.locator('[data-action="save-run-confirm"]').click();
  await expect(page.getByTestId('run-actions-message')).toContainText(`Saved as “${name ?? suggested}”`);
  return suggested;
}

const seriesData = (page: Page, id: string) =>
  page.evaluate((chart) => window.virtlabCharts?.seriesData(chart) ?? null, id) as Promise<Series | null>;

test('a saved run reopens after a reload with the same summary and chart data', async ({
  appPage: page,
  shot,
}) => {
  await runComparison(page, 7);
  const summaryBefore = await page.getByTestId('summary-table').innerText();
  const densityBefore = await seriesData(page, 'density');
  expect(densityBefore?.[0]?.data.length).toBe(60);

  const suggested = await saveRun(page);
  expect(suggested).toBe(`${SCENARIO_NAME} · seed 7`);

  await page.reload();
  await page.goto('/#/runs');
  const row = page.getByTestId('runs-table').locator('tbody tr').filter({ hasText: suggested });
  await expect(row).toHaveCount(1);
  await expect(row.locator('[data-column="seed"]')).toHaveText('7');
  await row.locator('[data-action="open"]').click();

  await expect(page).toHaveURL(/#\/$/);
  await expect(page.getByTestId('summary-table')).toBeVisible();
  expect(await page.getByTestId('summary-table').innerText()).toBe(summaryBefore);
  await expect.poll(() => seriesData(page, 'density')).toEqual(densityBefore);
  await expect(page.locator('[data-field="seed"]')).toHaveValue('7');
  await expect(page.getByTestId('run-status')).toContainText('Finished');

  // The report: the print stylesheet hides navigation and controls and shows the header.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.app__bar')).toBeHidden();
  await expect(page.locator('.compare__side')).toBeHidden();
  await expect(page.locator('[data-action="start"]')).toBeHidden();
  await expect(page.getByTestId('print-report-header')).toContainText(SCENARIO_NAME);
  await expect(page.getByTestId('print-report-header')).toContainText('Seed 7');
  const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: true });
  writeFileSync(resolve(__dirname, '../test-results/web-compare-report.pdf'), pdf);
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const text = pdfText(pdf).replace(/\s+/g, ' ');
  expect(text).toContain(`VirtLab report: ${SCENARIO_NAME}`);
  expect(text).toContain('Seed 7');
  await shot('compare-print');
  await page.emulateMedia({ media: 'screen' });
  await expect(page.locator('.app__bar')).toBeVisible();
  await shot('compare-after-open');
});

test('two runs with different seeds overlay on the same charts, with a summary of both', async ({
  appPage: page,
  shot,
}) => {
  await runComparison(page, 7);
  await saveRun(page, 'Seed seven');
  await runComparison(page, 8);
  await saveRun(page, 'Seed eight');

  await page.goto('/#/runs');
  const rows = page.getByTestId('runs-table').locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(page.locator('[data-action="overlay"]')).toBeDisabled();
  await rows.filter({ hasText: 'Seed seven' }).locator('[data-action="pick"]').check();
  await rows.filter({ hasText: 'Seed eight' }).locator('[data-action="pick"]').check();
  await page.locator('[data-action="overlay"]').click();
  await expect(page.getByTestId('runs-overlay')).toBeVisible();

  await expect.poll(async () => (await seriesData(page, 'overlay-instances'))?.length).toBe(6);
  const instances = (await seriesData(page, 'overlay-instances'))!;
  const names = instances.map((s) => s.name);
  expect(names.filter((n) => n.startsWith('A Seed seven'))).toHaveLength(3);
  expect(names.filter((n) => n.startsWith('B Seed eight'))).toHaveLength(3);
  for (const series of instances) expect(series.data).toHaveLength(60);
  const latency = (await seriesData(page, 'overlay-latency'))!;
  expect(latency).toHaveLength(6);
  // Different seeds, different request streams: the p95 lines of A and B differ somewhere.
  expect(JSON.stringify(latency[0]!.data)).not.toBe(JSON.stringify(latency[3]!.data));

  const table = page.getByTestId('overlay-table');
  const completed = table.locator('tbody[data-platform="kvm"] tr[data-metric="completed"]');
  const [a, b, delta] = await Promise.all(
    ['a', 'b', 'delta'].map((c) => completed.locator(`[data-column="${c}"]`).innerText()),
  );
  // Shown in the interface's number format ("16,629"): read them back as numbers.
  const number = (text: string | undefined) => Number(text!.replace(/,/g, ''));
  expect(a).toMatch(/^\d{1,3}(,\d{3})*$/);
  expect(number(delta)).toBe(number(b) - number(a));
  expect(number(a)).toBeGreaterThan(1000);
  await shot('runs-overlay');

  // Copy a chart to the clipboard and read it back as a PNG of twice the chart's size.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.locator('[data-export-for="overlay-instances"] [data-export="clipboard"]').click();
  await expect(page.locator('[data-export-for="overlay-instances"] [role="status"]')).toHaveText(
    'Copied to the clipboard',
  );
  const copied = await page.evaluate(async () => {
    const [item] = await navigator.clipboard.read();
    if (!item) return null;
    const bitmap = await createImageBitmap(await item.getType('image/png'));
    const chart = document.querySelector('[data-chart-id="overlay-instances"] .chart__canvas canvas');
    return {
      types: item.types,
      width: bitmap.width,
      height: bitmap.height,
      chartWidth: chart?.clientWidth ?? 0,
      chartHeight: chart?.clientHeight ?? 0,
    };
  });
  expect(copied?.types).toContain('image/png');
  expect(copied?.width).toBe(2 * copied!.chartWidth);
  expect(copied?.height).toBe(2 * copied!.chartHeight);

  // Rename, then delete with a confirmation.
  await rows.filter({ hasText: 'Seed eight' }).locator('[data-action="rename"]').click();
  await page.locator('[data-field="run-name"]').fill('Seed 8 baseline');
  await page.locator('[data-action="rename-save"]').click();
  await expect(rows.filter({ hasText: 'Seed 8 baseline' })).toHaveCount(1);
  await rows.filter({ hasText: 'Seed seven' }).locator('[data-action="delete"]').click();
  await expect(rows).toHaveCount(2);
  await page.locator('[data-action="delete-confirm"]').click();
  await expect(rows).toHaveCount(1);
});

test('the Runs view lists a damaged record as unreadable and keeps it; dark theme in Russian', async ({
  appPage: page,
  shot,
}) => {
  await runComparison(page, 3);
  await saveRun(page, 'Good run');
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('virtlab', 1);
        open.onsuccess = () => {
          const put = open.result
            .transaction('runs', 'readwrite')
            .objectStore('runs')
            .put({ format: 1, id: 'damaged', name: 'x', seed: -5 }, 'damaged');
          put.onsuccess = () => resolve();
          put.onerror = () => reject(put.error);
        };
      }),
  );
  await page.goto('/#/runs');
  const unreadable = page.getByTestId('run-unreadable');
  await expect(unreadable).toContainText('Unreadable');
  await expect(unreadable).toContainText('seed');
  await expect(page.getByTestId('runs-table').locator('tbody tr')).toHaveCount(2);
  await shot('runs');

  await page.locator('[data-action="toggle-theme"]').click();
  await page.locator('[data-field="locale"]').selectOption('ru');
  await expect(page.getByRole('heading', { name: 'Сохранённые прогоны' })).toBeVisible();
  await expect(unreadable).toContainText('Не читается');
  await shot('runs-dark-ru');
});
