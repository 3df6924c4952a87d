import {
  TOPICS,
  TopicScenarioSchema,
  axisOf,
  createTopicSimulation,
  type TopicScenario,
} from '../shared/topics/registry';
import { parseWith } from '../shared/scenario';
import type { TopicEvent, TopicFrame, TopicSummary } from '../shared/topics/types';

/**
 * Course-topic scenarios (time slicing, migration, consolidation ...) from the command line:
 * the same registry and models the app's worker runs, driven to the end in chunks.
 */
export interface TopicRunResult {
  scenario: TopicScenario;
  seed: number;
  axis: { unit: 's' | 'step'; label: string };
  frames: TopicFrame[];
  events: TopicEvent[];
  summary: TopicSummary;
}

const CHUNKS = 200;

export const isTopicKind = (kind: string): boolean => Object.hasOwn(TOPICS, kind);

/** Validates a parsed topic scenario; the error names each bad field and its range. */
export function parseTopicScenario(
  data: unknown,
): { ok: true; value: TopicScenario } | { ok: false; error: string } {
  return parseWith(TopicScenarioSchema, data);
}

export function runTopicScenario(
  scenario: TopicScenario,
  seed: number,
  onProgress?: (position: number, horizon: number, events: number) => void,
): TopicRunResult {
  const sim = createTopicSimulation(scenario, seed);
  const frames: TopicFrame[] = [];
  const events: TopicEvent[] = [];
  const take = (until: number) => {
    const chunk = sim.advanceTo(until);
    for (const frame of chunk.frames) frames.push(frame);
    for (const event of chunk.events) events.push(event);
  };
  for (let k = 1; k <= CHUNKS && !sim.done; k++) {
    take((sim.horizon * k) / CHUNKS);
    onProgress?.(sim.now, sim.horizon, sim.eventsProcessed);
  }
  while (!sim.done) take(sim.horizon);
  return {
    scenario,
    seed,
    axis: axisOf(TOPICS[scenario.kind]!, scenario),
    frames,
    events,
    summary: sim.summary(),
  };
}

const cell = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

const provenance = (result: TopicRunResult, version: string) =>
  `# virtlab ${version} kind=${result.scenario.kind} scenario=${JSON.stringify(String(result.scenario['name'] ?? ''))} seed=${result.seed}`;

/** One row per frame: the axis position, then every value the model emitted, in first-seen order. */
export function formatTopicCsv(result: TopicRunResult, version: string): string {
  const keys: string[] = [];
  for (const frame of result.frames)
    for (const key of Object.keys(frame.values)) if (!keys.includes(key)) keys.push(key);
  const lines = [provenance(result, version), ['t', ...keys].map(cell).join(',')];
  for (const frame of result.frames)
    lines.push([frame.t, ...keys.map((k) => frame.values[k])].map(cell).join(','));
  return `${lines.join('\n')}\n`;
}

export function formatTopicJson(result: TopicRunResult, version: string): string {
  return `${JSON.stringify({ generator: 'virtlab-sim', version, ...result }, null, 2)}\n`;
}

/** The results printed when no --out is given: the metrics, then each table. */
export function formatTopicSummary(result: TopicRunResult, version: string): string {
  const title = TOPICS[result.scenario.kind]?.title ?? result.scenario.kind;
  const out = [
    `VirtLab ${version}: ${title}, "${String(result.scenario['name'] ?? '')}", seed ${result.seed}, ${result.frames.length} frames, ${result.events.length} events`,
  ];
  const width = Math.max(...result.summary.metrics.map((m) => m.label.length), 10);
  for (const metric of result.summary.metrics) {
    const value =
      typeof metric.value === 'number' ? Number(metric.value.toPrecision(6)) : (metric.value ?? '-');
    out.push(`  ${metric.label.padEnd(width)}  ${value} ${metric.unit}`.trimEnd());
  }
  for (const table of result.summary.tables) {
    out.push('', `${table.title}:`);
    const rows = [table.columns, ...table.rows.map((r) => r.map((c) => (c === null ? '-' : String(c))))];
    const widths = table.columns.map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? '').length)));
    for (const row of rows)
      out.push(`  ${row.map((c, i) => String(c ?? '').padEnd(widths[i] ?? 0)).join('  ')}`.trimEnd());
  }
  return `${out.join('\n')}\n`;
}
