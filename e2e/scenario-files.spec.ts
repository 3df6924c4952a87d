import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { azureSampleTrace } from '../shared/trace/synthetic';
import { parseScenarioFile, serializeScenario } from '../shared/scenario';
import { PLATFORM_PRESETS } from '../shared/sim/platforms';
import { expect, test } from './fixtures';

test('a scenario built in the UI saves to a file and loads back; a bad file is refused by field', async ({
  appPage: page,
  edition,
  shot,
}) => {
  test.skip(
    edition === 'desktop',
    'native dialogs cannot be driven by Playwright; covered by the web edition',
  );
  await page.locator('[data-field="hosts.cores"]').fill('8');
  await page.locator('[data-platform-choice="gvisor"]').check();

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('[data-action="save-scenario"]').click(),
  ]);
  expect(download.suggestedFilename()).toBe('one-service-three-platforms.json');
  const text = readFileSync(await download.path(), 'utf8');
  const saved = parseScenarioFile(text);
  expect(saved.ok).toBe(true);
  if (!saved.ok) return;
  expect(saved.value.hosts.cores).toBe(8);
  expect(saved.value.platforms.map((p) => p.id)).toEqual(['kvm', 'runc', 'faas-microvm', 'gvisor']);
  expect(serializeScenario(saved.value)).toBe(text);

  await page.locator('[data-action="reset"]').click();
  await expect(page.locator('[data-field="hosts.cores"]')).toHaveValue('16');

  // Load the saved file with one more change made outside the app.
  const edited = { ...saved.value, hosts: { ...saved.value.hosts, count: 3 } };
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.locator('[data-action="open-scenario"]').click(),
  ]);
  await chooser.setFiles({
    name: 'edited.json',
    mimeType: 'application/json',
    buffer: Buffer.from(serializeScenario(edited)),
  });
  await expect(page.getByTestId('file-message')).toHaveText('Loaded edited.json');
  await expect(page.locator('[data-field="hosts.cores"]')).toHaveValue('8');
  await expect(page.locator('[data-field="hosts.count"]')).toHaveValue('3');
  await expect(page.locator('[data-platform-choice="gvisor"]')).toBeChecked();

  // A file with a bad value: nothing changes, and the message names the field and its range.
  const bad = JSON.stringify({ ...edited, hosts: { ...edited.hosts, cores: 1000 } });
  const [badChooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.locator('[data-action="open-scenario"]').click(),
  ]);
  await badChooser.setFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(bad) });
  await expect(page.getByTestId('file-message')).toHaveText(
    'bad.json was not loaded:\nhosts.cores: host cores must be at most 256',
  );
  await expect(page.locator('[data-field="hosts.cores"]')).toHaveValue('8');
  await shot('scenario-file-refused');
});

test('any platform can be compared: hypervisors, sandboxes and process VMs run and report', async ({
  appPage: page,
  shot,
}) => {
  const extra = ['bare-metal', 'xen', 'virtualbox', 'gvisor', 'jvm-jit', 'wine'] as const;
  for (const id of extra) await page.locator(`[data-platform-choice="${id}"]`).check();
  await page.locator('[data-field="horizonS"]').fill('300');
  await page.locator('[data-field="speed"]').selectOption('0');
  await page.locator('[data-action="start"]').click();
  await expect(page.getByTestId('run-status')).toContainText('Finished', { timeout: 60_000 });
  const rows = page.getByTestId('summary-table').locator('tbody tr');
  await expect(rows).toHaveCount(9);
  for (const id of extra) {
    await expect(page.locator(`[data-testid="summary-table"] tr[data-platform="${id}"]`)).toContainText(
      PLATFORM_PRESETS[id].displayName,
    );
  }
  const series = (await page.evaluate(() => window.virtlabCharts?.seriesData('density') ?? null))!;
  expect(series).toHaveLength(9);
  for (const s of series) expect(s.data.length).toBe(60);
  await shot('compare-many-platforms');
});

test('Azure Functions trace CSVs import into the workload and replay on the chosen platforms', async ({
  appPage: page,
  edition,
  shot,
}) => {
  test.skip(
    edition === 'desktop',
    'native dialogs cannot be driven by Playwright; covered by the web edition',
  );
  const dir = resolve(__dirname, '../examples/traces/azure-sample');
  const files = readdirSync(dir).filter((f) => f.endsWith('.csv'));
  const trace = azureSampleTrace();
  await page.locator('[data-field="workload.arrivals.kind"]').selectOption('trace');
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.locator('[data-action="import-trace"]').click(),
  ]);
  await chooser.setFiles(files.map((f) => join(dir, f)));
  const invocations = trace.functions.reduce(
    (n, f) => n + f.invocationsPerMinute.reduce((a, b) => a + b, 0),
    0,
  );
  await expect(page.getByTestId('file-message')).toHaveText(
    `Imported ${trace.functions.length} functions, ${trace.minutes} minutes, ${invocations.toLocaleString('en')} invocations from invocations_per_function_md.anon.d01.csv`,
  );
  await page.locator('[data-field="hosts.count"]').fill('8');
  await page.locator('[data-field="workload.arrivals.timeScale"]').fill('0.05');
  await page.locator('[data-field="horizonS"]').fill('360');
  await page.locator('[data-field="speed"]').selectOption('0');
  await page.locator('[data-action="start"]').click();
  await expect(page.getByTestId('run-status')).toContainText('Finished', { timeout: 60_000 });
  const functions = page.locator('[data-testid="summary-table"] tr[data-platform="faas-microvm"]');
  await expect(functions).toBeVisible();
  await shot('compare-trace-replay');
});
