import {
  CONSOLIDATION_PRESETS,
  PLACEMENT_POLICIES,
  comparePlacementPolicies,
  createConsolidationSimulation,
  hostCapacity,
} from '../shared/topics/consolidation';
import { expect, test } from './fixtures';
import { chartSeries, runTopicToEnd } from './topic-helpers';

type Block = { value: number; name: string } | null;

test('consolidation: hosts fill up step by step and every policy is compared as the model computes', async ({
  appPage: page,
  shot,
}) => {
  await page.getByRole('link', { name: 'Consolidation' }).click();
  const preset = 'mixed-100';
  await page.locator('[data-field="preset"]').selectOption(preset);
  const scenario = CONSOLIDATION_PRESETS.find((p) => p.id === preset)!.scenario;
  const results = comparePlacementPolicies(scenario, 1);

  // Before a run, the policy comparison of the edited scenario is already there.
  const before = await chartSeries(page, 'consolidation-policies');
  const vmHosts = results.filter((r) => r.platform === 'vm');
  expect(before.find((s) => s.name === 'Hosts, VMs')!.data).toEqual(
    PLACEMENT_POLICIES.map((p) => vmHosts.find((r) => r.policy === p)!.hostsUsed),
  );

  // At 10 steps per second the hosts fill up while the student watches.
  await page.locator('[data-field="speed"]').selectOption('10');
  await page.locator('[data-action="start"]').click();
  await expect
    .poll(async () => (await chartSeries(page, 'consolidation-bound'))[0]!.data.length, { timeout: 10_000 })
    .toBeGreaterThanOrEqual(5);
  const partial = (await chartSeries(page, 'consolidation-bound'))[0]!.data.length;
  expect(partial).toBeLessThan(100);
  await page.locator('[data-action="stop"]').click();

  await runTopicToEnd(page);

  // The same scenario in Node: one frame and one 'place' event per item.
  const sim = createConsolidationSimulation(scenario, 1);
  const chunk = sim.advanceTo(sim.horizon);
  const bound = await chartSeries(page, 'consolidation-bound');
  expect(bound[0]!.data).toEqual(chunk.frames.map((f) => [f.t, f.values['hosts.used'] ?? null]));
  expect(bound[1]!.data).toEqual(chunk.frames.map((f) => [f.t, f.values['hosts.lowerBound'] ?? null]));

  // Host columns: the CPU blocks of each host add up to what the policy reserved on it.
  const own = results.find((r) => r.policy === scenario.policy && r.platform === scenario.platform)!;
  const capacity = hostCapacity(scenario);
  const hosts = await chartSeries(page, 'consolidation-hosts');
  const cpuLayers = hosts.filter((s) => s.name === 'CPU reserved');
  const placed = cpuLayers.reduce((n, s) => n + (s.data as Block[]).filter((b) => b !== null).length, 0);
  expect(placed).toBe(chunk.events.filter((e) => e.type === 'place').length);
  expect(cpuLayers[0]!.data.length).toBe(own.hostsUsed);
  own.placement.cpuReserved.forEach((reserved, h) => {
    const drawn = cpuLayers.reduce((sum, s) => sum + ((s.data as Block[])[h]?.value ?? 0), 0);
    expect(drawn).toBeCloseTo((reserved / capacity.cpu) * 100, 0);
  });

  // Power over the day comes from the run's trace table.
  const power = await chartSeries(page, 'consolidation-power');
  const trace = sim.summary().tables.find((t) => t.id === 'trace')!;
  const watts = trace.columns.indexOf('power (W)');
  expect((power[0]!.data as number[][]).slice(0, trace.rows.length).map((p) => p[1])).toEqual(
    trace.rows.map((r) => r[watts]),
  );

  const metric = sim.summary().metrics.find((m) => m.id === 'hosts.used')!;
  await expect(page.locator('[data-metric="hosts.used"]')).toContainText(String(metric.value));
  await shot('consolidation');
});
