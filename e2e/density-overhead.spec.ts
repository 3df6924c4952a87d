import { defaultCompareScenario, type CompareScenario } from '../shared/scenario';
import { computeDensity, createCompareSimulation } from '../shared/sim/compare-model';
import { startHistogramTotal } from '../shared/sim/start-histogram';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { readPngInfo } from '../shared/export';
import { expect, test } from './fixtures';

type Series = Array<{ name: string; data: unknown[] }>;

const seriesOf = (page: Page, id: string) =>
  page.evaluate((chart) => window.virtlabCharts?.seriesData(chart) ?? null, id) as Promise<Series | null>;

const withAppMemory = (scenario: CompareScenario, appMemoryMiB: number): CompareScenario => ({
  ...scenario,
  workload: { ...scenario.workload, appMemoryMiB },
});

test('the density view shows what computeDensity gives, and follows the instance size', async ({
  appPage: page,
  shot,
}) => {
  const scenario = defaultCompareScenario();
  const ids = scenario.platforms.map((p) => p.id);
  await page.getByRole('link', { name: 'Density', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Density');

  const checkTable = async (expected: CompareScenario) => {
    for (const id of ids) {
      const fit = computeDensity(expected, id);
      const row = page.getByTestId('density-table').locator(`tr[data-platform="${id}"]`);
      await expect(row.locator('[data-cell="instances"]')).toHaveText(String(fit.instances));
      await expect(row.locator('[data-cell="binding"]')).toHaveText(fit.binding === 'cpu' ? 'CPU' : 'memory');
      await expect(row.locator('[data-cell="by-resource"]')).toHaveText(
        `${fit.byResource.memory} / ${fit.byResource.cpu}`,
      );
      await expect(row.locator('[data-cell="per-instance"]')).toContainText(
        `${fit.perInstanceMiB.toLocaleString('en')} MiB`,
      );
    }
  };
  await checkTable(scenario);

  // The packing chart holds one application block per instance that fits, per platform.
  const fits = ids.map((id) => computeDensity(scenario, id).instances);
  await expect
    .poll(async () => (await seriesOf(page, 'density-packing'))?.[0]?.data.length)
    .toBe(fits.reduce((a, b) => a + b, 0));
  const packing = (await seriesOf(page, 'density-packing'))!;
  expect(packing[0]!.name).toBe('Application memory');
  ids.forEach((_, i) => {
    const blocks = (packing[0]!.data as number[][]).filter((cell) => cell[5] === i);
    expect(blocks).toHaveLength(fits[i]!);
  });

  // The curve: the point at the scenario's size is the scenario's density.
  const curve = (await seriesOf(page, 'density-curve'))!;
  expect(curve).toHaveLength(ids.length);
  ids.forEach((id, i) => {
    const points = curve[i]!.data as Array<{ value: [number, number, string] }>;
    const here = points.find((p) => p.value[0] === 256)!;
    const fit = computeDensity(scenario, id);
    expect(here.value).toEqual([256, fit.instances, fit.binding]);
    const big = points.find((p) => p.value[0] === 4096)!;
    expect(big.value[1]).toBe(computeDensity(withAppMemory(scenario, 4096), id).instances);
  });
  // Let the filling finish, then look.
  await page.waitForTimeout(2600);
  await shot('density');

  // Every block says where its number comes from: sweep the KVM memory row until the
  // pointer is over an instance's platform-overhead block, then read the tooltip.
  const canvas = page.locator('[data-chart-id="density-packing"] .chart__canvas');
  const box = (await canvas.boundingBox())!;
  const kvm = computeDensity(scenario, 'kvm');
  const rowY = box.y + 70 + (box.height - 70 - 64) / (4 * ids.length);
  const tooltip = page
    .locator('[data-chart-id="density-packing"] div')
    .filter({ hasText: /Instance \d+: platform overhead/ })
    .last();
  for (let x = box.x + 140; x < box.x + box.width / 2; x += 3) {
    await page.mouse.move(x, rowY);
    if (await tooltip.isVisible()) break;
  }
  await expect(tooltip).toContainText(`platform overhead ${kvm.perInstanceOverheadMiB} MiB`);
  await expect(tooltip).toContainText('guest OS 512 MiB');
  await expect(tooltip).toContainText('QEMU process 131 MiB: Agache et al.');
  await shot('density-tooltip');
  await page.mouse.move(0, 0);

  // Exports: the packing chart as PNG and SVG with provenance, the curve's points as CSV.
  const download = async (chart: string, format: string) => {
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.locator(`[data-export-for="${chart}"] [data-export="${format}"]`).click(),
    ]);
    return readFileSync(await file.path());
  };
  const png = readPngInfo(new Uint8Array(await download('density-packing', 'png')));
  expect(png.text['virtlab']).toMatch(
    /^# virtlab 0\.1\.0 scenario="One service, three platforms" seed=42 \{/,
  );
  const svg = (await download('density-packing', 'svg')).toString('utf8');
  expect(svg).toContain('<metadata id="virtlab-provenance">');
  expect(svg).toContain('Application memory');
  expect(svg).toContain(`16 × 899 MiB`);
  const csv = (await download('density-curve', 'csv')).toString('utf8').trimEnd().split('\n');
  expect(csv[0]).toBe('# virtlab 0.1.0 scenario="One service, three platforms" seed=42');
  expect(csv[1]).toBe('platform,appMemoryMiB,instancesPerHost,binding');
  for (const line of csv.slice(2)) {
    const [id, size, count, binding] = line.split(',');
    const fit = computeDensity(withAppMemory(scenario, Number(size)), id as (typeof ids)[number]);
    expect([Number(count), binding]).toEqual([fit.instances, fit.binding]);
  }
  expect(csv.length - 2).toBe(ids.length * 29);

  // A bigger instance: fewer fit, and the table and chart follow.
  await page.locator('[data-field="workload.appMemoryMiB"]').fill('2048');
  await checkTable(withAppMemory(scenario, 2048));
  const bigger = ids.map((id) => computeDensity(withAppMemory(scenario, 2048), id).instances);
  await expect
    .poll(async () => (await seriesOf(page, 'density-packing'))?.[0]?.data.length)
    .toBe(bigger.reduce((a, b) => a + b, 0));
  await page.waitForTimeout(700);
  await shot('density-filling');
  await page.waitForTimeout(2000);
  await shot('density-2048');

  // Russian, once.
  await page.locator('[data-field="locale"]').selectOption('ru');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Плотность');
  await page.waitForTimeout(2600);
  await shot('density-ru');
  await page.locator('[data-field="locale"]').selectOption('en');
});

test('the overhead view offers to run the comparison, then draws the run summary', async ({
  appPage: page,
  shot,
}) => {
  const scenario = defaultCompareScenario();
  await page.getByRole('link', { name: 'Overhead', exact: true }).click();
  await expect(page.getByTestId('overhead-empty')).toBeVisible();
  await shot('overhead-empty');

  await page.locator('[data-field="speed"]').selectOption('0');
  await page.locator('[data-action="run-compare"]').click();
  await expect(page.getByTestId('run-status')).toContainText('Finished', { timeout: 90_000 });
  await expect(page.getByTestId('start-table')).toBeVisible();

  // The same run computed here, in Node: seed 42 is the panel's default.
  const sim = createCompareSimulation(scenario, 42);
  sim.advanceTo(scenario.horizonS);
  const summary = sim.summary();

  const breakdown = (await seriesOf(page, 'overhead-breakdown'))!;
  expect(breakdown.map((s) => s.name)).toEqual(['CPU', 'Memory', 'Disk I/O', 'Network']);
  const keys = ['cpuPct', 'memoryPct', 'ioPct', 'networkPct'] as const;
  keys.forEach((key, i) => {
    expect(breakdown[i]!.data).toEqual(
      summary.platforms.map((p) => Number(p.overheadBreakdown[key].toFixed(1))),
    );
  });
  // Real overheads: the VM's memory overhead share is above the container's.
  expect((breakdown[1]!.data as number[])[0]).toBeGreaterThan((breakdown[1]!.data as number[])[1]!);

  // The start-time histogram is what the run drew: shares of the run's starts per bin.
  const starts = (await seriesOf(page, 'overhead-starts'))!;
  const started = summary.platforms.filter((p) => startHistogramTotal(p.startLatencyHistogram) > 0);
  expect(starts).toHaveLength(started.length);
  started.forEach((p, i) => {
    const h = p.startLatencyHistogram;
    const total = startHistogramTotal(h);
    const drawn = starts[i]!.data as Array<[number, number]>;
    for (const [edge, share] of drawn) {
      const bin = h.edgesMs.indexOf(edge);
      if (bin < h.counts.length && share > 0)
        expect(share).toBe(Number(((h.counts[bin]! / total) * 100).toFixed(2)));
    }
  });
  for (const p of summary.platforms) {
    const row = page.getByTestId('start-table').locator(`tr[data-platform="${p.platform}"]`);
    await expect(row.locator('[data-cell="drawn"]')).toContainText(
      startHistogramTotal(p.startLatencyHistogram).toLocaleString('en'),
    );
  }
  await shot('overhead');

  await page.locator('[data-action="toggle-theme"]').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.waitForTimeout(500);
  await shot('overhead-dark');
  await page.getByRole('link', { name: 'Density', exact: true }).click();
  await page.waitForTimeout(2600);
  await shot('density-dark');
  await page.locator('[data-action="toggle-theme"]').click();
});

test('with reduced motion the hosts are drawn full at once', async ({ appPage: page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.getByRole('link', { name: 'Density', exact: true }).click();
  await expect(page.locator('[data-action="replay-fill"]')).toBeDisabled();
  const total = defaultCompareScenario()
    .platforms.map((p) => computeDensity(defaultCompareScenario(), p.id).instances)
    .reduce((a, b) => a + b, 0);
  await expect.poll(async () => (await seriesOf(page, 'density-packing'))?.[0]?.data.length).toBe(total);
});
