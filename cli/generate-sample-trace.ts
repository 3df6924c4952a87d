/**
 * Writes the bundled sample trace (shared/trace/synthetic.ts, azureSampleTrace) as the Azure
 * Functions 2019 dataset's three CSV files into examples/traces/azure-sample/, or into the
 * folder given as the first argument. Run: npx tsx cli/generate-sample-trace.ts [dir]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AZURE_FILE_NAMES, formatAzureTrace } from '../shared/trace/azure';
import { azureSampleTrace } from '../shared/trace/synthetic';

const dir = resolve(process.argv[2] ?? resolve(import.meta.dirname, '../examples/traces/azure-sample'));
mkdirSync(dir, { recursive: true });
const csv = formatAzureTrace(azureSampleTrace());
for (const kind of ['invocations', 'durations', 'memory'] as const) {
  const path = resolve(dir, AZURE_FILE_NAMES[kind]);
  writeFileSync(path, csv[kind]);
  process.stdout.write(`wrote ${path} (${csv[kind].length} bytes)\n`);
}
