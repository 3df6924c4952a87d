import type { CompareScenario } from '../shared/scenario';
import type { MetricSample, RunSummary } from '../shared/sim/types';

/** What a run produced, as the CLI writes it. */
export interface RunResult {
  scenario: CompareScenario;
  seed: number;
  summary: RunSummary;
  samples: MetricSample[];
}

/** JSON results: enough to reproduce the run (scenario, seed, version) and every number. */
export function formatJson(result: RunResult, version: string): string {
  const document = {
    generator: 'virtlab-sim',
    version,
    scenario: result.scenario,
    seed: result.seed,
    summary: result.summary,
    samples: result.samples,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Columns: the MetricSample fields, in the order the model writes them. */
export function sampleColumns(samples: readonly MetricSample[]): string[] {
  const first = samples[0];
  return first === undefined ? [] : Object.keys(first);
}

/**
 * CSV results: a provenance comment, a header of MetricSample field names, one row per
 * sample (one platform, one interval). Null values (no request completed) are empty cells.
 */
export function formatCsv(result: RunResult, version: string): string {
  const columns = sampleColumns(result.samples);
  const lines = [
    `# virtlab ${version} scenario=${JSON.stringify(result.scenario.name)} seed=${result.seed}`,
    columns.join(','),
  ];
  for (const sample of result.samples) {
    const row = sample as unknown as Record<string, unknown>;
    lines.push(columns.map((c) => csvField(row[c])).join(','));
  }
  return `${lines.join('\n')}\n`;
}

const group = (n: number) => Math.round(n).toLocaleString('en-US');
const fixed = (n: number | null, digits: number) => (n === null ? '-' : n.toFixed(digits));

/** The summary table printed when no --out is given. */
export function formatSummaryTable(result: RunResult, version: string): string {
  const { scenario, summary } = result;
  const header = [
    'platform',
    'density',
    'arrivals',
    'completed',
    'rejected',
    'req/s',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'cold starts',
    'CPU ovh %',
    'mem ovh %',
    'peak inst.',
    'cost USD',
  ];
  const rows = summary.platforms.map((p) => [
    p.platform,
    group(p.density.instances),
    group(p.arrivals),
    group(p.completed),
    group(p.rejected),
    fixed(p.throughputPerS, 1),
    fixed(p.latencyP50Ms, 1),
    fixed(p.latencyP95Ms, 1),
    fixed(p.latencyP99Ms, 1),
    group(p.coldStarts),
    fixed(p.cpuOverheadPct, 1),
    fixed(p.memoryOverheadPct, 1),
    group(p.peakInstances),
    p.costUsd === 0 ? '-' : p.costUsd.toPrecision(3),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ')
      .trimEnd();
  return [
    `VirtLab ${version}: ${JSON.stringify(scenario.name)}, seed ${result.seed}, ` +
      `${group(summary.horizonS)} s simulated, ${group(summary.eventsProcessed)} events`,
    '',
    line(header),
    ...rows.map(line),
    '',
    'cost: VMs, containers and processes pay the share of a host they reserve (the larger of CPU / cores',
    `and memory / host memory) x ${scenario.hosts.pricePerHourUsd} USD/h while they run; functions pay provider billing.`,
    '',
  ].join('\n');
}
