import { readFileSync } from 'node:fs';
import {
  TIMESLICE_PRESETS,
  createTimesliceSimulation,
  type TimesliceScenario,
} from '../shared/topics/timeslice';
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

test('a topic scenario saves to a file and opens back; a file of another topic is refused', async ({
  appPage: page,
  edition,
}) => {
  test.skip(
    edition === 'desktop',
    'native dialogs cannot be driven by Playwright; covered by the web edition',
  );
  await page.getByRole('link', { name: 'Time slicing' }).click();
  await page.locator('[data-field="preset"]').selectOption('cfs-nice');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('[data-action="save-scenario"]').click(),
  ]);
  const saved = JSON.parse(readFileSync(await download.path(), 'utf8')) as TimesliceScenario;
  expect(saved).toEqual(TIMESLICE_PRESETS.find((p) => p.id === 'cfs-nice')!.scenario);

  const open = async (name: string, content: unknown) => {
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.locator('[data-action="open-scenario"]').click(),
    ]);
    await chooser.setFiles({
      name,
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(content)),
    });
  };
  await open('four-cores.json', { ...saved, cores: 4 });
  await expect(page.getByTestId('file-message')).toHaveText('Loaded four-cores.json');
  await expect(page.locator('[data-field="cores"]')).toHaveValue('4');

  await open('migration.json', { schemaVersion: 1, kind: 'migration' });
  await expect(page.getByTestId('file-message')).toHaveText(
    'migration.json is a "migration" scenario; this view opens "timeslice" scenarios',
  );
  await open('bad.json', { ...saved, cores: 0 });
  await expect(page.getByTestId('file-message')).toContainText('bad.json was not loaded:\ncores:');
  await expect(page.locator('[data-field="cores"]')).toHaveValue('4');
});
