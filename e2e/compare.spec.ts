import { defaultCompareScenario, type CompareScenario } from '../shared/scenario';
import { computeDensity, createCompareSimulation } from '../shared/sim/compare-model';
import { groupByPlatform, overheadTotals } from '../shared/metrics';
import { PLATFORM_PRESETS } from '../shared/sim/platforms';
import { expect, test } from './fixtures';

type Series = Array<{ name: string; data: unknown[] }>;

/** What the core computes for a scenario, run here in Node, independently of the page. */
function simulate(scenario: CompareScenario, seed: number) {
  return groupByPlatform(createCompareSimulation(scenario, seed).advanceTo(scenario.horizonS));
}

const round2 = (value: number) => Number(value.toFixed(2));

test('a run started in the UI fills both charts with exactly what the simulation computes', async ({
  appPage: page,
  shot,
}) => {
  const scenario: CompareScenario = { ...defaultCompareScenario(), horizonS: 300 };
  await expect(page.getByRole('heading', { name: /Compare/ })).toBeVisible();
  await page.locator('[data-field="horizonS"]').fill('300');
  await page.locator('[data-field="seed"]').fill('7');
  await page.locator('[data-field="speed"]').selectOption('0');
  await page.locator('[data-action="start"]').click();
  await expect(page.getByTestId('run-status')).toContainText('Finished', { timeout: 60_000 });

  const expected = simulate(scenario, 7);
  const densitySeries = () =>
    page.evaluate(() => window.virtlabCharts?.seriesData('density') ?? null) as Promise<Series | null>;
  await expect.poll(async () => (await densitySeries())?.[0]?.data.length).toBe(expected.kvm?.length);
  const density = (await densitySeries())!;
  const ids = scenario.platforms.map((p) => p.id);
  expect(density.map((s) => s.name)).toEqual(
    ids.map((id) => {
      const fit = computeDensity(scenario, id);
      return `${PLATFORM_PRESETS[id].shortName} — fits ${fit.instances} (${fit.binding})`;
    }),
  );
  ids.forEach((platform, i) => {
    const points = expected[platform]!.map((s) => [s.t, s.instancesReady + s.instancesStarting]);
    expect(density[i]!.data).toEqual(points);
    expect(points.length).toBe(60);
  });

  const overhead = (await page.evaluate(
    () => window.virtlabCharts?.seriesData('overhead') ?? null,
  )) as Series;
  const totals = ids.map((platform) => overheadTotals(expected[platform]!));
  expect(overhead.map((s) => s.data)).toEqual([
    totals.map((t) => round2(t.cpuUsefulCores)),
    totals.map((t) => round2(t.cpuOverheadCores)),
    totals.map((t) => round2(t.memoryAppGiB)),
    totals.map((t) => round2(t.memoryOverheadGiB)),
  ]);
  // Real numbers, not zeros: the VM pays more memory overhead than the container.
  const memoryOverhead = overhead[3]!.data as number[];
  expect(memoryOverhead[0]).toBeGreaterThan(memoryOverhead[1]!);

  const rows = page.getByTestId('summary-table').locator('tbody tr');
  await expect(rows).toHaveCount(3);
  for (const [i, platform] of ids.entries()) {
    const fit = computeDensity(scenario, platform);
    await expect(rows.nth(i)).toContainText(`${fit.instances} (${fit.binding}-bound)`);
  }
  await shot('compare-finished');
});

test('charts stream while the run goes on, and pause, step and stop control it', async ({
  appPage: page,
  shot,
}) => {
  await page.locator('[data-field="speed"]').selectOption('60');
  await page.locator('[data-action="start"]').click();
  await expect(page.getByTestId('run-status')).toContainText('Running');
  const points = () =>
    page.evaluate(
      () => window.virtlabCharts?.seriesData('density')?.[0]?.data.length ?? 0,
    ) as Promise<number>;
  await expect.poll(points, { timeout: 20_000 }).toBeGreaterThanOrEqual(8);
  await expect(page.getByTestId('run-status')).toContainText('Running');
  await shot('compare-streaming');

  await page.locator('[data-action="pause"]').click();
  await expect(page.getByTestId('run-status')).toContainText('Paused');
  // Charts redraw at most every 50 ms: let the last batch before the pause reach the chart.
  await page.waitForTimeout(300);
  const before = await points();
  await page.locator('[data-action="step"]').click();
  await expect.poll(points).toBe(before + 1);
  await page.waitForTimeout(600);
  expect(await points()).toBe(before + 1);

  await page.locator('[data-action="stop"]').click();
  await expect(page.getByTestId('run-status')).toContainText('Stopped');
  await expect(page.locator('[data-action="start"]')).toBeEnabled();
});

test('an invalid value is named next to its field and blocks the run', async ({ appPage: page, shot }) => {
  await page.locator('[data-field="workload.arrivals.ratePerS"]').fill('-3');
  await expect(page.getByRole('alert').first()).toHaveText('arrival rate (req/s) must be at least 0.001');
  await expect(page.locator('[data-action="start"]')).toBeDisabled();
  await shot('compare-invalid');
  await page.locator('[data-field="workload.arrivals.ratePerS"]').fill('25');
  await expect(page.locator('[data-action="start"]')).toBeEnabled();
});

test('every constant shows its source; an override is marked, counted and reaches the simulation', async ({
  appPage: page,
  shot,
}) => {
  await page.locator('[data-field="horizonS"]').fill('300');
  await page.locator('[data-field="seed"]').fill('7');
  const sources = page.getByTestId('sources');
  await sources.locator('summary').click();

  // A platform constant: default and its publication.
  const slowdown = sources.locator('[data-platform="kvm"] [data-constant="kvm.cpuSlowdownTuned"]');
  await expect(slowdown).toContainText('1.023');
  await expect(slowdown).toContainText('Linpack native 290.8 / KVM tuned 284.2 GFLOPS');
  // A scenario default and a whole-model constant are cited too.
  await expect(sources.locator('[data-constant="host.pricePerHour"]')).toContainText('m5.4xlarge');
  await expect(sources.locator('[data-constant="host.reservedMemory"]')).toContainText('assumption');

  await slowdown.locator('input.override').fill('1.5');
  await slowdown.locator('input.override').press('Tab');
  await expect(slowdown).toHaveClass(/changed/);
  await expect(sources.locator('summary')).toContainText('1 changed by you');
  await shot('compare-sources-override');

  await page.locator('[data-field="speed"]').selectOption('0');
  await page.locator('[data-action="start"]').click();
  await expect(page.getByTestId('run-status')).toContainText('Finished', { timeout: 60_000 });

  const base: CompareScenario = { ...defaultCompareScenario(), horizonS: 300 };
  const overridden: CompareScenario = {
    ...base,
    platforms: base.platforms.map((p) =>
      p.id === 'kvm' ? { ...p, overrides: { 'kvm.cpuSlowdownTuned': 1.5 } } : p,
    ),
  };
  const withOverride = overheadTotals(simulate(overridden, 7).kvm!);
  const withoutOverride = overheadTotals(simulate(base, 7).kvm!);
  expect(withOverride.cpuOverheadCores).toBeGreaterThan(withoutOverride.cpuOverheadCores);
  const overhead = (await page.evaluate(
    () => window.virtlabCharts?.seriesData('overhead') ?? null,
  )) as Series;
  expect(overhead[1]!.data[0]).toBe(round2(withOverride.cpuOverheadCores));
});
