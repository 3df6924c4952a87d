import {
  MIGRATION_PRESETS,
  createMigrationSimulation,
  sweepMigration,
  type MigrationScenario,
} from '../shared/topics/migration';
import { expect, test } from './fixtures';
import { chartSeries, runTopicToEnd } from './topic-helpers';

/** How the page formats a metric card's number (TopicLayout). */
const card = (value: number) => Number(value.toPrecision(4)).toLocaleString('en');

test('live migration: pre-copy rounds, the three-method timeline and the service view match the model', async ({
  appPage: page,
  shot,
}) => {
  await page.getByRole('link', { name: 'Live migration' }).click();
  const preset = 'specweb';
  await page.locator('[data-field="preset"]').selectOption(preset);
  const scenario = structuredClone(MIGRATION_PRESETS.find((p) => p.id === preset)!.scenario);

  // Before any run, the sweep of the draft is already drawn.
  const sweepBefore = await chartSeries(page, 'migration-sweep');
  expect(sweepBefore.length).toBe(6);
  expect(sweepBefore[0]!.data.length).toBeGreaterThan(20);

  await runTopicToEnd(page);

  // The same scenario in Node: one frame per round, the round events and the other methods' timeline.
  const sim = createMigrationSimulation(scenario, 1);
  const chunk = sim.advanceTo(sim.horizon);
  const pages = await chartSeries(page, 'migration-pages');
  const gap = (v: number | null | undefined) => (v !== null && v !== undefined && v > 0 ? v : null);
  const value = (d: unknown) => (d !== null && typeof d === 'object' ? (d as { value: number }).value : d);
  expect(pages[0]!.data.map(value)).toEqual(chunk.frames.map((f) => gap(f.values['pagesSent'])));
  // The final copy, with the VM paused, is the red bar.
  expect(pages[0]!.data.at(-1)).toMatchObject({ itemStyle: { color: '#D62728' } });
  expect(pages[1]!.data).toEqual(chunk.frames.map((f) => gap(f.values['pagesDirtied'])));
  expect(chunk.frames.length).toBeGreaterThan(5);

  const data = await chartSeries(page, 'migration-data');
  expect(data[0]!.data).toEqual(chunk.frames.map((f) => f.values['cumulativeDataMiB']));

  // Timeline: every live pre-copy round is a segment (3 points each), and three downtimes.
  const timeline = await chartSeries(page, 'migration-timeline');
  const liveRounds = chunk.events.filter((e) => e.type === 'round' && e.data?.['phase'] === 'precopy').length;
  const drawnRounds = timeline
    .filter((s) => s.name.startsWith('Live pre-copy'))
    .reduce((n, s) => n + s.data.length / 3, 0);
  expect(drawnRounds).toBe(liveRounds);
  const downtimes = timeline.find((s) => s.name.startsWith('Downtime'))!;
  expect(downtimes.data.length / 3).toBe(3);

  // The sweep is sweepMigration on the same scenario.
  const sweep = await chartSeries(page, 'migration-sweep');
  const values = (sweep[0]!.data as Array<[number, number | null]>).map(([x]) => x);
  const expected = sweepMigration(scenario, 'dirtyRatePagesPerS', values);
  const preCopy = sweep.find((s) => s.name === 'Pre-copy: downtime')!;
  (preCopy.data as Array<[number, number | null]>).forEach(([, y], i) =>
    expect(y).toBeCloseTo(expected.points[i]!.results['pre-copy'].downtimeMs, 6),
  );

  const summary = sim.summary();
  const downtime = summary.metrics.find((m) => m.id === 'downtimeMs')!;
  await expect(page.locator('[data-metric="downtimeMs"]')).toContainText(card(downtime.value as number));
  await shot('migration');

  // The same VM as a service: latency over time while it migrates.
  await page.locator('[data-field="simulate"]').selectOption('cluster');
  await runTopicToEnd(page);
  const cluster: MigrationScenario = { ...scenario, simulate: 'cluster' };
  const service = createMigrationSimulation(cluster, 1);
  const serviceChunk = service.advanceTo(service.horizon);
  const latency = await chartSeries(page, 'migration-latency');
  expect(latency[0]!.name).toBe('p95 latency (ms)');
  // Quantiles go through Math.log/exp, whose last bit may differ between Node and the browser.
  const drawn = latency[0]!.data as Array<[number, number | null]>;
  expect(drawn.map(([t]) => t)).toEqual(serviceChunk.frames.map((f) => f.t));
  serviceChunk.frames.forEach((f, i) => {
    const want = f.values['latencyP95Ms'] ?? null;
    const got = drawn[i]![1];
    if (want === null) expect(got).toBeNull();
    else expect(Math.abs(got! - want)).toBeLessThanOrEqual(1e-9 * want);
  });
  expect(latency.some((s) => s.name === 'Downtime')).toBe(true);
  const during = service.summary().metrics.find((m) => m.id === 'latencyP95DuringMs')!;
  await expect(page.locator('[data-metric="latencyP95DuringMs"]')).toContainText(
    card(during.value as number),
  );
  await shot('migration-cluster');
});
