import { readFileSync } from 'node:fs';
import { readPngInfo } from '../shared/export';
import { defaultCompareScenario, parseWith, CompareScenarioSchema } from '../shared/scenario';
import { createCompareSimulation } from '../shared/sim/compare-model';
import { expect, test } from './fixtures';

test('each chart exports as PNG, SVG, CSV and JSON, each carrying the scenario, seed and version', async ({
  appPage: page,
  edition,
}) => {
  test.skip(
    edition === 'desktop',
    'native save dialogs cannot be driven by Playwright; covered by the web edition',
  );
  await page.locator('[data-field="horizonS"]').fill('300');
  await page.locator('[data-field="seed"]').fill('11');
  await page.locator('[data-field="speed"]').selectOption('0');
  await page.locator('[data-action="start"]').click();
  await expect(page.getByTestId('run-status')).toContainText('Finished', { timeout: 60_000 });
  await page.waitForTimeout(300);

  const download = async (chart: string, format: string) => {
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.locator(`[data-export-for="${chart}"] [data-export="${format}"]`).click(),
    ]);
    return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
  };

  // PNG: twice the chart's on-screen size, with the provenance in a tEXt chunk.
  const box = (await page.locator('[data-chart-id="density"] .chart__canvas').boundingBox())!;
  const png = await download('density', 'png');
  expect(png.name).toBe('one-service-three-platforms-density-seed-11.png');
  const info = readPngInfo(new Uint8Array(png.bytes));
  expect(info.width).toBe(Math.round(box.width) * 2);
  expect(info.height).toBe(Math.round(box.height) * 2);
  expect(info.text['virtlab']).toMatch(
    /^# virtlab 0\.1\.0 scenario="One service, three platforms" seed=11 \{/,
  );

  // SVG: a vector document with the chart's series names and the provenance metadata.
  const svg = (await download('density', 'svg')).bytes.toString('utf8');
  expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  expect(svg).toContain('<metadata id="virtlab-provenance">');
  expect(svg).toContain('"seed":11}</metadata>');
  for (const name of ['KVM — fits', 'runc — fits', 'FaaS microVM — fits']) expect(svg).toContain(name);
  expect(svg).toContain('Simulated time (s)');

  // CSV and JSON: the samples the simulation produced for this scenario and seed.
  const scenario = { ...defaultCompareScenario(), horizonS: 300 };
  const expected = createCompareSimulation(scenario, 11).advanceTo(300);
  const csv = (await download('overhead', 'csv')).bytes.toString('utf8').trimEnd().split('\n');
  expect(csv[0]).toBe('# virtlab 0.1.0 scenario="One service, three platforms" seed=11');
  expect(csv[1]!.split(',').slice(0, 2)).toEqual(['t', 'platform']);
  expect(csv).toHaveLength(2 + expected.length);

  const json = JSON.parse((await download('overhead', 'json')).bytes.toString('utf8')) as {
    version: string;
    seed: number;
    scenario: unknown;
    samples: unknown[];
  };
  expect(json.version).toBe('0.1.0');
  expect(json.seed).toBe(11);
  expect(json.samples.length).toBe(expected.length);
  // The exported scenario re-imports and reproduces the run.
  const reimported = parseWith(CompareScenarioSchema, json.scenario);
  expect(reimported.ok).toBe(true);
  if (reimported.ok)
    expect(createCompareSimulation(reimported.value, json.seed).advanceTo(300)).toEqual(expected);
});
