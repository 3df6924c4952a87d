import {
  ISOLATION_PRESETS,
  blastRadiusMatrix,
  createIsolationSimulation,
  noisyNeighbourMatrix,
  type IsolationFaultScenario,
  type IsolationNoisyScenario,
} from '../shared/topics/isolation';
import { expect, test } from './fixtures';
import { chartSeries, runTopicToEnd } from './topic-helpers';

test('isolation: a kernel crash in one container takes down every tenant, as the fault model computes', async ({
  appPage: page,
  shot,
}) => {
  await page.getByRole('link', { name: 'Isolation' }).click();
  const preset = 'kernel-crash';
  await page.locator('[data-field="preset"]').selectOption(preset);
  await runTopicToEnd(page);

  const scenario = ISOLATION_PRESETS.find((p) => p.id === preset)!.scenario as IsolationFaultScenario;
  const sim = createIsolationSimulation(scenario, 1);
  const chunk = sim.advanceTo(sim.horizon);
  const tenants = await chartSeries(page, 'isolation-tenants');
  expect(tenants[0]!.data).toEqual(chunk.frames.map((f) => [f.t, f.values['tenants.up'] ?? null]));
  const failing = tenants.find((s) => s.name === 'Failing requests (req/s)')!;
  expect(failing.data).toEqual(chunk.frames.map((f) => [f.t, f.values['requests.failingPerS'] ?? null]));

  // Every down interval of the model is a bar on the timeline (host and 8 tenants).
  const timeline = await chartSeries(page, 'isolation-timeline');
  const down = timeline.find((s) => s.name === 'down')!;
  expect(down.data.length / 3).toBe(chunk.events.filter((e) => e.type === 'down').length);
  expect(down.data.length / 3).toBe(scenario.tenants + 1);

  // The blast-radius matrix: a guest kernel crash is contained by a VM, not by a container.
  const matrix = blastRadiusMatrix(scenario);
  const cellOf = (platform: string, fault: string) =>
    page.locator(`[data-testid="blast-radius"] tr[data-platform="${platform}"] td[data-fault="${fault}"]`);
  const kvm = matrix.cells[matrix.platforms.indexOf('kvm')]![0]!;
  const runc = matrix.cells[matrix.platforms.indexOf('runc')]![0]!;
  await expect(cellOf('kvm', 'guest-kernel-crash')).toContainText(`${kvm.tenantsAffected}/8`);
  await expect(cellOf('runc', 'guest-kernel-crash')).toContainText(`${runc.tenantsAffected}/8`);
  expect(kvm.tenantsAffected).toBe(1);
  expect(runc.tenantsAffected).toBe(8);
  await expect(cellOf('runc', 'guest-kernel-crash')).toHaveClass(/tone--all/);

  const blast = sim.summary().metrics.find((m) => m.id === 'blastRadius')!;
  await expect(page.locator('[data-metric="blastRadius"]')).toContainText(String(blast.value));
  await shot('isolation');
});

test('isolation: CPU steal under overcommit draws the victim latency, slowdown bars and steal curve', async ({
  appPage: page,
  shot,
}) => {
  await page.getByRole('link', { name: 'Isolation' }).click();
  const preset = 'cpu-steal';
  await page.locator('[data-field="preset"]').selectOption(preset);
  await runTopicToEnd(page);

  const scenario = ISOLATION_PRESETS.find((p) => p.id === preset)!.scenario as IsolationNoisyScenario;
  const sim = createIsolationSimulation(scenario, 1);
  const chunk = sim.advanceTo(sim.horizon);
  const time = await chartSeries(page, 'isolation-noisy-time');
  const latency = time.find((s) => s.name === 'Victim latency (ms)')!;
  expect(latency.data).toEqual(chunk.frames.map((f) => [f.t, f.values['victim.latencyMs'] ?? null]));
  const steal = time.find((s) => s.name === 'Steal time (%)')!;
  expect(steal.data).toEqual(chunk.frames.map((f) => [f.t, f.values['victim.stealPct'] ?? null]));

  const matrix = noisyNeighbourMatrix(scenario);
  const bars = await chartSeries(page, 'isolation-noisy-matrix');
  expect(bars[0]!.data).toEqual(
    matrix.cells.map((row) => Math.round(row[0]!.performance.slowdownPct * 100) / 100),
  );

  const summary = sim.summary();
  const table = summary.tables.find((t) => t.id === 'steal-vs-overcommit')!;
  const curve = await chartSeries(page, 'isolation-steal');
  expect(curve[0]!.data.map((d) => (d as { value: number }).value)).toEqual(table.rows.map((r) => r[1]));

  const slowdown = summary.metrics.find((m) => m.id === 'victimSlowdown')!;
  await expect(page.locator('[data-metric="victimSlowdown"]')).toContainText(String(slowdown.value));
  await shot('isolation-noisy');
});
