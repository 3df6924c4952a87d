import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { defaultCompareScenario, type CompareScenario } from '../shared/scenario';
import { createCompareSimulation } from '../shared/sim/compare-model';
import { PLATFORM_PRESETS } from '../shared/sim/platforms';
import { expect, test } from './fixtures';

type Series = Array<{ name: string; data: unknown[] }>;

const sweepSeries = (page: Page) =>
  page.evaluate(() => window.virtlabCharts?.seriesData('sweep') ?? null) as Promise<Series | null>;

/** Sets a field of parameter `index`'s editor (they update on change, like a finished edit). */
async function setField(page: Page, index: number, field: string, value: string): Promise<void> {
  const input = page.locator(`[data-parameter="${index}"] [data-field="${field}"]`);
  await input.fill(value);
  await input.dispatchEvent('change');
}

async function openSweeps(page: Page, horizonS: number, seed: number): Promise<void> {
  await page.goto('/#/sweeps');
  await expect(page.getByRole('heading', { name: /Parameter sweeps/ })).toBeVisible();
  await page.locator('[data-field="horizonS"]').fill(String(horizonS));
  await page.locator('[data-field="seed"]').fill(String(seed));
}

test('a request-rate sweep charts, per platform, exactly what single runs of the core give', async ({
  appPage: page,
  shot,
}) => {
  await openSweeps(page, 300, 7);
  await setField(page, 0, 'from', '10');
  await setField(page, 0, 'to', '40');
  // A bad range is refused before anything runs, naming the field.
  await setField(page, 0, 'from', '0');
  await expect(page.getByTestId('sweep-draft-error')).toContainText(
    'parameters.0.values.from: workload.arrivals.ratePerS must be from 0.001 to 1000000 req/s (is 0)',
  );
  await expect(page.locator('[data-action="sweep-start"]')).toBeDisabled();
  await setField(page, 0, 'from', '10');
  await setField(page, 0, 'steps', '4');
  await expect(page.getByTestId('sweep-draft-error')).toHaveCount(0);
  await expect(page.getByTestId('sweep-planned')).toContainText('4 points × 3 platforms');
  await expect(page.getByTestId('sweep-crn')).toContainText('same seed (7)');
  await page.locator('[data-action="sweep-start"]').click();
  await expect(page.getByTestId('sweep-status')).toContainText('Finished', { timeout: 60_000 });
  await expect(page.getByTestId('sweep-status')).toContainText('4 of 4 points');

  // The same four runs, here in Node, straight from the core.
  const rates = [10, 20, 30, 40];
  const base: CompareScenario = { ...defaultCompareScenario(), horizonS: 300 };
  const summaries = rates.map((rate) => {
    const scenario = structuredClone(base);
    if (scenario.workload.arrivals.kind === 'bursty') scenario.workload.arrivals.ratePerS = rate;
    const simulation = createCompareSimulation(scenario, 7);
    simulation.advanceTo(scenario.horizonS);
    return simulation.summary();
  });
  const ids = base.platforms.map((p) => p.id);
  const series = (await sweepSeries(page))!;
  expect(series.map((s) => s.name)).toEqual(ids.map((id) => PLATFORM_PRESETS[id].shortName));
  ids.forEach((platform, i) => {
    expect(series[i]!.data).toEqual(
      summaries.map((summary, k) => [
        rates[k],
        summary.platforms.find((p) => p.platform === platform)!.latencyP95Ms,
      ]),
    );
  });
  // Not flat: four times the load is visible in the throughput column of the table.
  await expect(page.getByTestId('sweep-table').locator('tbody tr')).toHaveCount(12);
  const first = summaries[0]!.platforms[0]!.throughputPerS;
  const last = summaries[3]!.platforms[0]!.throughputPerS;
  expect(last).toBeGreaterThan(first * 3);
  await shot('sweeps-finished');
});

test('cancel stops a long sweep between points, and the chart keeps what was done', async ({
  appPage: page,
  shot,
}) => {
  await openSweeps(page, 3600, 3);
  await setField(page, 0, 'from', '10');
  await setField(page, 0, 'to', '400');
  await setField(page, 0, 'steps', '40');
  await page.locator('[data-action="sweep-start"]').click();
  const status = page.getByTestId('sweep-status');
  await expect(status).toContainText('Running');
  await expect(status).toContainText(/left/, { timeout: 30_000 });
  await expect(page.getByRole('progressbar', { name: 'Sweep progress' })).toBeVisible();
  await shot('sweeps-running');
  await page.locator('[data-action="sweep-cancel"]').click();
  await expect(status).toContainText('Cancelled');
  const done = Number(/(\d+) of 40 points/.exec((await status.textContent()) ?? '')![1]);
  expect(done).toBeLessThan(40);
  await page.waitForTimeout(1500);
  await expect(status).toContainText(`${done} of 40 points`);
  const series = (await sweepSeries(page))!;
  expect(series[0]!.data).toHaveLength(done);
  await expect(page.locator('[data-action="sweep-start"]')).toBeEnabled();
});

test('two parameters: one line per platform per value of the second, in Russian and dark', async ({
  appPage: page,
  shot,
}) => {
  await openSweeps(page, 300, 5);
  await page.locator('[data-action="toggle-theme"]').click();
  await page.locator('[data-field="locale"]').selectOption('ru');
  await setField(page, 0, 'from', '20');
  await setField(page, 0, 'to', '80');
  await setField(page, 0, 'steps', '3');
  await page.locator('[data-field="use-second"]').check();
  await page.locator('[data-parameter="1"] [data-field="path"]').selectOption('serverless.keepAlive.seconds');
  await page.locator('[data-parameter="1"] [data-field="mode"]').selectOption('list');
  await setField(page, 1, 'list', '0, 600');
  await page.locator('[data-field="metric"]').selectOption('coldStartRatio');
  await page.locator('[data-action="sweep-start"]').click();
  await expect(page.getByTestId('sweep-status')).toContainText('Завершено', { timeout: 60_000 });
  const series = (await sweepSeries(page))!;
  expect(series).toHaveLength(6);
  for (const s of series) expect(s.data).toHaveLength(3);
  // The legend names the platforms in Russian.
  const russian = (
    JSON.parse(readFileSync(`${__dirname}/../renderer/src/locales/ru/platforms.json`, 'utf8')) as Record<
      string,
      { short: string }
    >
  )['faas-microvm']!.short;
  expect(russian).not.toBe(PLATFORM_PRESETS['faas-microvm'].shortName);
  // No keep-alive means a cold start for nearly every request on the function platform.
  const faas = series.filter((s) => s.name.startsWith(russian));
  expect(faas).toHaveLength(2);
  const ratio = (s: Series[number]) => (s.data as Array<[number, number]>).map((d) => d[1]);
  expect(Math.min(...ratio(faas[0]!))).toBeGreaterThan(Math.max(...ratio(faas[1]!)));
  await shot('sweeps-two-parameters-dark-ru');
});

test('exports the sweep table as CSV and a JSON that re-imports to reproduce the sweep', async ({
  appPage: page,
}) => {
  await openSweeps(page, 120, 9);
  await page.locator('[data-parameter="0"] [data-field="path"]').selectOption('hosts.cores');
  await page.locator('[data-parameter="0"] [data-field="mode"]').selectOption('list');
  await setField(page, 0, 'list', '4, 16');
  await page.locator('[data-action="sweep-start"]').click();
  await expect(page.getByTestId('sweep-status')).toContainText('Finished', { timeout: 60_000 });
  const download = async (format: string) => {
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.locator(`[data-export-for="sweep"] [data-export="${format}"]`).click(),
    ]);
    return readFileSync(await file.path(), 'utf8');
  };
  const csv = (await download('csv')).trimEnd().split('\n');
  expect(csv[0]).toMatch(/^# virtlab .* seed=9 sweep$/);
  expect(csv[1]).toMatch(/^hosts\.cores \(cores\),platform,latencyP95Ms \(ms\),/);
  expect(csv).toHaveLength(2 + 2 * 3);
  expect(csv[2]).toMatch(/^4,kvm,/);
  const json = await download('json');
  const saved = JSON.parse(json) as { seed: number; request: { parameters: unknown[] }; points: unknown[] };
  expect(saved.seed).toBe(9);
  expect(saved.points).toHaveLength(2);

  // A fresh page: load the file and the form holds the same sweep.
  await page.goto('/#/sweeps');
  await page.reload();
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.locator('[data-action="sweep-open"]').click(),
  ]);
  await chooser.setFiles({ name: 'sweep.json', mimeType: 'application/json', buffer: Buffer.from(json) });
  await expect(page.locator('[data-parameter="0"] [data-field="path"]')).toHaveValue('hosts.cores');
  await expect(page.locator('[data-parameter="0"] [data-field="list"]')).toHaveValue('4, 16');
  await expect(page.locator('[data-field="seed"]')).toHaveValue('9');
  await expect(page.locator('[data-field="horizonS"]')).toHaveValue('120');

  // A file that is not a sweep is refused, naming the field.
  const [again] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.locator('[data-action="sweep-open"]').click(),
  ]);
  await again.setFiles({
    name: 'bad.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ ...saved, request: { ...saved.request, parameters: [] } })),
  });
  await expect(page.getByTestId('sweep-file-message')).toContainText(
    'request.parameters: choose a parameter to sweep',
  );
});
