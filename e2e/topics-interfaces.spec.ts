import {
  INTERFACES_PRESETS,
  ISA_PRESET_IDS,
  createInterfacesSimulation,
  popekGoldberg,
  resolveIsa,
  technologyMatrix,
  type IsaPresetId,
  type PopekGoldbergVerdict,
} from '../shared/topics/interfaces';
import { expect, test } from './fixtures';
import { chartSeries, runTopicToEnd } from './topic-helpers';

/** The stacks of the ISA chart: innocuous, privileged-only, trapping, offenders per ISA. */
function isaStacks(verdicts: PopekGoldbergVerdict[]): number[][] {
  return [
    verdicts.map(
      (v) => v.counts.innocuous - (v.counts.privileged - (v.counts.sensitive - v.counts.offenders)),
    ),
    verdicts.map((v) => v.counts.privileged - (v.counts.sensitive - v.counts.offenders)),
    verdicts.map((v) => v.counts.sensitive - v.counts.offenders),
    verdicts.map((v) => v.counts.offenders),
  ];
}

async function isaChart(page: Parameters<typeof chartSeries>[0]): Promise<number[][]> {
  const series = await chartSeries(page, 'interfaces-isa');
  return series.map((s) => s.data.map((d) => Number((d as { value: unknown }).value)));
}

test('four interfaces: the diagram follows the technology and the Popek-Goldberg check follows the flags', async ({
  appPage: page,
  shot,
}) => {
  await page.getByRole('link', { name: 'Four interfaces' }).click();
  // Before any run the diagram already draws the default scenario (a type-1 hypervisor).
  const diagram = page.getByTestId('interfaces-diagram');
  await expect(diagram.locator('.band--on')).toContainText('system ISA');

  const preset = 'toy-isa';
  await page.locator('[data-field="preset"]').selectOption(preset);
  await runTopicToEnd(page);

  const scenario = INTERFACES_PRESETS.find((p) => p.id === preset)!.scenario;
  const sim = createInterfacesSimulation(scenario, 1);
  const chunk = sim.advanceTo(sim.horizon);
  // One layer box per frame of the model, coloured by the kind the frame reports.
  const kinds = ['real', 'virtual', 'shared', 'guest'];
  const drawnKinds = await diagram
    .locator('[data-layer-kind]')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-layer-kind')).reverse());
  expect(drawnKinds).toEqual(chunk.frames.map((f) => kinds[Number(f.values['layer.kind'])]));
  await expect(diagram.locator('.band--on')).toContainText('system ISA');

  // The ISA chart is what popekGoldberg computes for every preset.
  const verdicts = ISA_PRESET_IDS.map((id: IsaPresetId) => popekGoldberg(id));
  expect(await isaChart(page)).toEqual(isaStacks(verdicts));

  const summary = sim.summary();
  const offenders = summary.metrics.find((m) => m.id === 'isa.offenders')!;
  await expect(page.locator('[data-metric="isa.offenders"]')).toContainText(String(offenders.value));
  await expect(page.locator('[data-metric="technology"]')).toContainText('Paravirtualization');
  await expect(page.getByTestId('pg-verdict')).toHaveAttribute('data-virtualizable', 'false');
  await expect(page.locator('tr.offender')).toHaveCount(1);
  await expect(page.locator('[data-testid="interfaces-matrix"] tbody tr')).toHaveCount(
    technologyMatrix().rows.length,
  );
  await shot('interfaces');

  // Make POPF privileged: the toy ISA becomes virtualizable at once, chart and verdict alike.
  await page.locator('[data-flag="POPF.privileged"]').check();
  await expect(page.getByTestId('pg-verdict')).toHaveAttribute('data-virtualizable', 'true');
  await expect(page.locator('tr.offender')).toHaveCount(0);
  const fixed = popekGoldberg(resolveIsa('toy', [{ mnemonic: 'POPF', privileged: true }]));
  expect(fixed.virtualizable).toBe(true);
  await expect
    .poll(() => isaChart(page))
    .toEqual(isaStacks(ISA_PRESET_IDS.map((id) => (id === 'toy' ? fixed : popekGoldberg(id)))));

  // Choosing the JVM highlights the interfaces it presents, in the diagram, the form and the matrix.
  await page.locator('[data-tech="jvm"]').click();
  await expect(page.locator('[data-field="technology"]')).toHaveValue('jvm');
  await expect(diagram.locator('.band--on')).toContainText('user ISA');
  await expect(diagram.locator('.band--on')).toContainText('API');
  await expect(page.locator('[data-tech-row="jvm"]')).toHaveClass(/chosen/);
});
