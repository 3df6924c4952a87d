import { HYBRID_PRESETS, breakEven, createHybridSimulation } from '../shared/topics/hybrid-cloud';
import { expect, test } from './fixtures';
import { chartSeries, runTopicToEnd } from './topic-helpers';

const hours = (t: number) => Math.round((t / 3600) * 1e6) / 1e6;

test('hybrid cloud: bursting a big peak draws the break-even curves and the day as the model computes them', async ({
  appPage: page,
  shot,
}) => {
  await page.getByRole('link', { name: 'Hybrid cloud' }).click();
  const preset = 'small-private-big-peak';
  await page.locator('[data-field="preset"]').selectOption(preset);
  await runTopicToEnd(page);

  const scenario = HYBRID_PRESETS.find((p) => p.id === preset)!.scenario;
  const sim = createHybridSimulation(scenario, 1);
  const chunk = sim.advanceTo(sim.horizon);
  const cost = await chartSeries(page, 'hybrid-cost');
  expect(cost.map((s) => s.name)).toEqual([
    'No bursting (queue)',
    'Burst to VMs',
    'Burst to containers',
    'Burst to functions',
  ]);
  expect(cost[1]!.data).toEqual(chunk.frames.map((f) => [hours(f.t), f.values['vm.costTotalUsd'] ?? null]));
  const instances = await chartSeries(page, 'hybrid-instances');
  expect(instances[2]!.data).toEqual(
    chunk.frames.map((f) => [hours(f.t), f.values['serverless.burstInstances'] ?? null]),
  );

  // The break-even sweep of the same scenario, and its cheapest sizes.
  const be = breakEven(scenario);
  const curves = await chartSeries(page, 'hybrid-break-even');
  const vm = curves.find((s) => s.name === 'Burst to VMs')!;
  expect(vm.data).toEqual(be.hosts.map((h, i) => [h, Math.round(be.curves[1]!.totalUsd[i]! * 100) / 100]));
  const cheapest = curves.find((s) => s.name === 'Cheapest size (break-even)')!;
  expect(cheapest.data.map((d) => (d as { value: number[] }).value[0])).toEqual(
    be.cheapest.map((c) => c.hosts),
  );
  await expect(page.locator('[data-testid="break-even"] [data-option="vm"]')).toContainText(
    `${be.cheapest[0]!.hosts} hosts`,
  );

  const total = sim.summary().metrics.find((m) => m.id === 'cost.totalUsd')!;
  await expect(page.locator('[data-metric="cost.totalUsd"]')).toContainText(
    Number(Number(total.value).toPrecision(4)).toLocaleString('en'),
  );
  await shot('hybrid-cloud');
});
