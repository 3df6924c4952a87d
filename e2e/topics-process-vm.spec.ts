import {
  PROCESS_VM_PRESETS,
  createProcessVmSimulation,
  logLengths,
  sweepProgramLength,
} from '../shared/topics/process-vm';
import { expect, test } from './fixtures';
import { chartSeries, runTopicToEnd } from './topic-helpers';

/**
 * Pairs of numbers equal to the model's up to rounding: the page computes with the browser's
 * Math.pow and Math.exp, which may differ from Node's in the last bit.
 */
function expectClose(actual: unknown[], expected: Array<[number, number | null]>): void {
  expect(actual).toHaveLength(expected.length);
  expected.forEach(([x, y], i) => {
    const [ax, ay] = actual[i] as [number, number | null];
    expect(Math.abs(ax - x)).toBeLessThanOrEqual(1e-12 * Math.abs(x));
    if (y === null) expect(ay).toBeNull();
    else expect(Math.abs(ay! - y)).toBeLessThanOrEqual(1e-12 * Math.abs(y) + 1e-12);
  });
}

test('process VMs: a batch job draws the length sweep, the JIT warm-up and the start/run bars as the model computes them', async ({
  appPage: page,
  shot,
}) => {
  await page.getByRole('link', { name: 'Process VMs' }).click();
  const preset = 'batch-job';
  await page.locator('[data-field="preset"]').selectOption(preset);
  await runTopicToEnd(page);

  const scenario = PROCESS_VM_PRESETS.find((p) => p.id === preset)!.scenario;
  const { minWorkS, maxWorkS, points } = scenario.sweep;
  const sweep = sweepProgramLength(scenario, logLengths(minWorkS, maxWorkS, points));
  const drawnSweep = await chartSeries(page, 'process-vm-sweep');
  sweep.platforms.forEach((p, i) => {
    expect(drawnSweep[i]!.name).toBe(p.shortName);
    expectClose(
      drawnSweep[i]!.data,
      p.points.map((point) => [point.workS, point.totalS]),
    );
  });
  const crossovers = drawnSweep.find((s) => s.name.startsWith('Crossover'))!;
  expectClose(
    crossovers.data.map((d) => (d as { value: unknown }).value),
    sweep.crossovers.map((c) => [c.workS, c.totalS]),
  );

  // The run's frames: progress on a log time axis (the frame at t = 0 left out).
  const sim = createProcessVmSimulation(scenario, 1);
  const chunk = sim.advanceTo(sim.horizon);
  const progress = await chartSeries(page, 'process-vm-progress');
  const jit = progress.find((s) => s.name === 'JVM JIT')!;
  expectClose(
    jit.data,
    chunk.frames.filter((f) => f.t > 0).map((f) => [f.t, f.values['jvm-jit.progress'] ?? null]),
  );
  const speed = await chartSeries(page, 'process-vm-speed');
  const jitSpeed = speed.find((s) => s.name === 'JVM JIT')!.data as Array<[number, number | null]>;
  const speeds = jitSpeed.map(([, v]) => v).filter((v): v is number => v !== null);
  expect(Math.min(...speeds)).toBeLessThan(0.05);
  expect(Math.max(...speeds)).toBeGreaterThan(0.9);

  const times = await chartSeries(page, 'process-vm-times');
  const runs = chunk.events.filter((e) => e.type === 'run');
  expectClose(
    times[1]!.data.map((v, i) => [i, Number(v)]),
    scenario.platforms.map((p, i) => {
      const e = runs.find((r) => r.subject === p.id)!;
      return [i, e.end! - e.start];
    }),
  );

  const summary = sim.summary();
  const fastest = summary.metrics.find((m) => m.id === 'fastest')!;
  await expect(page.locator('[data-metric="fastest"]')).toContainText(String(fastest.value));
  const jitTotal = summary.metrics.find((m) => m.id === 'jvm-jit.totalS')!;
  await expect(page.locator('[data-metric="jvm-jit.totalS"]')).toContainText(
    Number(Number(jitTotal.value).toPrecision(4)).toLocaleString('en'),
  );
  await shot('process-vm');
});
