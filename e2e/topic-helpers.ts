import { expect, type Page } from '@playwright/test';

/** Starts the current topic view's run at full speed and waits until it has finished and drawn. */
export async function runTopicToEnd(page: Page): Promise<void> {
  await page.locator('[data-field="speed"]').selectOption('0');
  await page.locator('[data-action="start"]').click();
  await expect(page.getByTestId('run-status')).toContainText('Finished', { timeout: 60_000 });
  await expect(page.getByTestId('topic-results')).toBeVisible();
  // Charts redraw on the next animation frame.
  await page.waitForTimeout(300);
}

/** The series data a chart on the page draws (see renderer/src/charts/chart-registry.ts). */
export async function chartSeries(page: Page, id: string): Promise<Array<{ name: string; data: unknown[] }>> {
  const series = await page.evaluate((chartId) => window.virtlabCharts?.seriesData(chartId) ?? null, id);
  expect(series, `chart ${id} is on the page`).not.toBeNull();
  return series!;
}
