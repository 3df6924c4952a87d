import { LEGACY_PRESETS, compatibilityMatrix, createLegacySimulation } from '../shared/topics/legacy';
import { expect, test } from './fixtures';
import { chartSeries, runTopicToEnd } from './topic-helpers';

test('legacy: a mixed estate fills the compatibility matrix and the performance bars as the rules decide', async ({
  appPage: page,
  shot,
}) => {
  await page.getByRole('link', { name: 'Legacy systems' }).click();
  const preset = 'mixed-estate';
  await page.locator('[data-field="preset"]').selectOption(preset);
  await runTopicToEnd(page);

  const scenario = LEGACY_PRESETS.find((p) => p.id === preset)!.scenario;
  const sim = createLegacySimulation(scenario, 1);
  const chunk = sim.advanceTo(sim.horizon);
  const performance = await chartSeries(page, 'legacy-performance');
  expect(performance.length).toBe(scenario.techniques.length);
  scenario.techniques.forEach((_, j) => {
    const expected = scenario.apps.map(
      (_app, a) =>
        chunk.frames.find((f) => f.values['app'] === a + 1 && f.values['technique'] === j + 1)!.values[
          'performanceFactor'
        ] ?? null,
    );
    expect(performance[j]!.data).toEqual(expected);
  });
  const start = await chartSeries(page, 'legacy-start');
  expect(start[2]!.data).toEqual(
    scenario.apps.map(
      (_app, a) =>
        chunk.frames.find((f) => f.values['app'] === a + 1 && f.values['technique'] === 3)!.values[
          'startS'
        ] ?? null,
    ),
  );

  // Every cell of the matrix shows the rules' verdict, coloured by it.
  const matrix = compatibilityMatrix(scenario);
  const cells = page.locator('[data-testid="compatibility-matrix"] td');
  await expect(cells).toHaveCount(matrix.cells.flat().length);
  const statuses = await cells.evaluateAll((tds) => tds.map((td) => td.getAttribute('data-status')));
  expect(statuses).toEqual(matrix.cells.flat().map((c) => c.status));
  const sparc = matrix.apps.indexOf('Billing (Solaris 8, SPARC)');
  expect(matrix.cells[sparc]!.filter((c) => c.status !== 'fails').map((c) => c.technique)).toEqual([
    'emulation',
  ]);

  const fails = sim.summary().metrics.find((m) => m.id === 'fails')!;
  await expect(page.locator('[data-metric="fails"]')).toContainText(String(fails.value));
  await shot('legacy');
});
