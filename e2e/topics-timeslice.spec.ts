import { readFileSync } from 'node:fs';
import { readPngInfo } from '../shared/export';
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

test('topic charts export with the run scenario and seed, like Compare charts', async ({
  appPage: page,
  edition,
}) => {
  test.skip(
    edition === 'desktop',
    'native save dialogs cannot be driven by Playwright; covered by the web edition',
  );
  await page.getByRole('link', { name: 'Time slicing' }).click();
  await page.locator('[data-field="preset"]').selectOption('rr-q10-5-tasks');
  await runTopicToEnd(page);
  const scenario = TIMESLICE_PRESETS.find((p) => p.id === 'rr-q10-5-tasks')!.scenario;
  const sim = createTimesliceSimulation(scenario, 1);
  const frames = sim.advanceTo(sim.horizon).frames;

  const save = async (format: string) => {
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.locator(`[data-export-for="timeslice-cpu"] [data-export="${format}"]`).click(),
    ]);
    return readFileSync(await file.path());
  };
  const csv = (await save('csv')).toString('utf8').trimEnd().split('\n');
  expect(csv[0]).toBe(`# virtlab 0.1.0 kind=timeslice scenario=${JSON.stringify(scenario.name)} seed=1`);
  expect(csv[1]!.split(',')[0]).toBe('t');
  expect(csv).toHaveLength(2 + frames.length);
  const png = readPngInfo(new Uint8Array(await save('png')));
  expect(png.text['virtlab']).toContain('kind=timeslice');
  expect((await save('svg')).toString('utf8')).toContain('Where the CPU time goes');
});
