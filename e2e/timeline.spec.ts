import { defaultCompareScenario, type CompareScenario } from '../shared/scenario';
import { createCompareSimulation } from '../shared/sim/compare-model';
import type { SimEvent } from '../shared/sim/event-log';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** The events the core records for a scenario, run here in Node, independently of the page. */
function recordedEvents(scenario: CompareScenario, seed: number): SimEvent[] {
  const sim = createCompareSimulation(scenario, seed);
  const events: SimEvent[] = [];
  for (let t = scenario.sampleIntervalS; !sim.done; t += scenario.sampleIntervalS) {
    sim.advanceTo(t);
    events.push(...sim.takeEvents().events);
  }
  return events;
}

/** The explain panel's number format (en). */
const format = (value: number) =>
  new Intl.NumberFormat('en', {
    maximumFractionDigits: Math.abs(value) < 10 ? 2 : Math.abs(value) < 1000 ? 1 : 0,
  }).format(value);

const cursorSeconds = async (page: Page) =>
  Number(
    /t = ([\d.,]+) s/
      .exec((await page.getByTestId('cursor-value').textContent()) ?? '')![1]!
      .replace(',', ''),
  );

test('pause, step, scrub back and explain a cold start with the numbers of the run', async ({
  appPage: page,
  shot,
}) => {
  const scenario: CompareScenario = { ...defaultCompareScenario(), horizonS: 120 };
  await page.locator('[data-field="horizonS"]').fill('120');
  await page.locator('[data-field="seed"]').fill('7');
  await page.locator('[data-field="speed"]').selectOption('10');
  await page.locator('[data-action="start"]').click();
  await page.getByRole('link', { name: 'Timeline' }).click();
  await expect(page.getByRole('heading', { name: /Timeline/ })).toBeVisible();

  // Let some events stream in, then pause.
  await expect.poll(() => cursorSeconds(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(20);
  await page.locator('[data-action="pause"]').click();
  await expect(page.getByTestId('run-status')).toContainText('Paused');
  const pausedAt = await cursorSeconds(page);

  // Step: one sample interval further.
  await page.locator('[data-action="step"]').click();
  await expect.poll(() => cursorSeconds(page)).toBe(pausedAt + scenario.sampleIntervalS);

  // Scrub back: the cursor and the chart's mark line follow.
  await page.getByTestId('scrub').fill('10');
  await expect(page.getByTestId('cursor-value')).toHaveText('t = 10 s');
  await expect
    .poll(() => page.evaluate(() => window.virtlabCharts?.markLineX('timeline') ?? []))
    .toEqual([10]);

  // The first cold start of the run, as the core records it.
  const expected = recordedEvents(scenario, 7);
  const coldStarts = expected.filter((e) => e.kind === 'cold-start');
  const cold = coldStarts[0]!;
  await page.getByTestId('kind-filter').selectOption('cold-start');
  const items = page.getByTestId('event-list').getByRole('option');
  await expect(items.first()).toContainText(`${format(cold.t)} s`);
  await items.first().click();
  await expect(page.getByTestId('cursor-value')).toHaveText(`t = ${format(cold.t)} s`);
  const sentence = page.getByTestId('explain-sentence');
  await expect(sentence).toContainText('was a cold start');
  await expect(sentence).toContainText(`arrived at t = ${format(cold.reason.arrivalS!)} s`);
  await expect(sentence).toContainText(`waited ${format(cold.reason.waitMs!)} ms`);
  await expect(sentence).toContainText(`instance #${cold.instance}`);
  await expect(page.getByTestId('explain-panel')).toContainText('faas.runtimeInit');

  // Arrow keys move to the next cold start.
  await page.getByTestId('event-list').focus();
  await page.keyboard.press('ArrowDown');
  const next = coldStarts[1]!;
  await expect(page.getByTestId('cursor-value')).toHaveText(`t = ${format(next.t)} s`);
  await expect(sentence).toContainText(`waited ${format(next.reason.waitMs!)} ms`);
  await page.keyboard.press('ArrowUp');
  await expect(sentence).toContainText(`waited ${format(cold.reason.waitMs!)} ms`);

  // A start decided for the queue, with its numbers.
  await page.getByTestId('kind-filter').selectOption('start');
  const start = expected.find((e) => e.kind === 'start' && e.cause === 'queue')!;
  await page
    .getByTestId('event-list')
    .getByRole('option')
    .filter({ hasText: `instance #${start.instance}` })
    .filter({ hasText: 'FaaS' })
    .first()
    .click();
  await expect(sentence).toContainText(`${start.reason.queueLength} requests were waiting`);
  // An instance ready: its start split into the platform's parts.
  const ready = expected.find((e) => e.kind === 'ready' && e.platform === 'faas-microvm')!;
  await page.getByTestId('platform-filter').selectOption('faas-microvm');
  await page.getByTestId('kind-filter').selectOption('ready');
  await items.first().click();
  await expect(sentence).toContainText(`became ready ${format(ready.reason.startMs!)} ms`);
  await expect(page.getByTestId('explain-panel')).toContainText('Start time by part');
  await shot('timeline-ready');

  await page.getByTestId('platform-filter').selectOption('all');
  await page.getByTestId('kind-filter').selectOption('cold-start');
  await items.first().click();
  await shot('timeline');

  // Dark theme, Russian: the same explanation in Russian.
  await page.locator('[data-action="toggle-theme"]').click();
  await page.locator('[data-field="locale"]').selectOption('ru');
  await expect(sentence).toContainText('холодный старт');
  await shot('timeline-dark-ru');
  await page.locator('[data-field="locale"]').selectOption('en');
  await page.locator('[data-action="toggle-theme"]').click();

  // The smallest supported window: nothing clipped.
  await page.setViewportSize({ width: 1280, height: 720 });
  await expect(sentence).toContainText('was a cold start');
  await shot('timeline-1280');
});
