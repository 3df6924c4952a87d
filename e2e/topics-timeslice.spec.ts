import { TIMESLICE_PRESETS, createTimesliceSimulation } from '../shared/topics/timeslice';
import { expect, test } from './fixtures';
import { chartSeries, runTopicToEnd } from './topic-helpers';

test('time slicing: a round-robin run draws its Gantt chart and CPU split as the model computes them', async ({
  appPage: page,
  shot,
}) => {
  await page.getByRole('link', { name: 'Time slicing' }).click();
  const preset = 'rr-q10-5-tasks';
  await page.locator('[data-field="preset"]').selectOption(preset);
  await runTopicToEnd(page);

  // The same scenario run here in Node gives the frames the page drew.
  const scenario = TIMESLICE_PRESETS.find((p) => p.id === preset)!.scenario;
  const sim = createTimesliceSimulation(scenario, 1);
  const chunk = sim.advanceTo(sim.horizon);
  const cpu = await chartSeries(page, 'timeslice-cpu');
  expect(cpu[0]!.data).toEqual(chunk.frames.map((f) => [f.t, f.values['cpu.useful'] ?? null]));
  const slices = chunk.events.filter((e) => e.type === 'slice').length;
  const gantt = await chartSeries(page, 'timeslice-gantt');
  const drawn = gantt.filter((s) => s.name !== 'context switch').reduce((n, s) => n + s.data.length / 3, 0);
  expect(drawn).toBe(slices);
  expect(slices).toBeGreaterThan(5);

  const summary = sim.summary();
  const switches = summary.metrics.find((m) => m.id === 'switches')!;
  await expect(page.locator('[data-metric="switches"]')).toContainText(String(switches.value));
  await shot('timeslice');
});
