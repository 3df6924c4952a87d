import { TOPICS } from '../shared/topics/registry';
import {
  formatTopicCsv,
  formatTopicJson,
  formatTopicSummary,
  isTopicKind,
  parseTopicScenario,
  runTopicScenario,
} from './topic-run';
import {
  CompareScenarioSchema,
  parseScenarioFile,
  parseWith,
  type CompareScenario,
} from '../shared/scenario';
import { createCompareSimulation } from '../shared/sim/compare-model';
import type { MetricSample } from '../shared/sim/types';
import { AZURE_FILE_NAMES, parseAzureTrace, type AzureTraceFiles } from '../shared/trace/azure';
import type { WorkloadTrace } from '../shared/trace/types';
import { USAGE, parseArgs, type CliOptions } from './args';
import { formatCsv, formatJson, formatSummaryTable, type RunResult } from './output';

/** Everything the CLI touches outside itself, so tests can run it in process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Progress draws a bar on a terminal and prints a line every 10% otherwise. */
  stderrIsTTY: boolean;
  readFile(path: string): string;
  writeFile(path: string, text: string): void;
  /** Names of the files in a folder. */
  listDir(path: string): string[];
  joinPath(dir: string, name: string): string;
  /** Wall-clock milliseconds, for pacing the progress display only. */
  now(): number;
  version: string;
}

export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_BAD_INPUT = 2;

/** Bad input: printed as it is, exit status 2. */
export class InputError extends Error {}

/** Runs longer than this (wall clock) show progress. */
const PROGRESS_AFTER_MS = 500;
const PROGRESS_REDRAW_MS = 100;
const BAR_WIDTH = 30;
/** advanceTo() calls per run: progress granularity. */
const CHUNKS = 200;

class Progress {
  private readonly started: number;
  private lastDraw = -Infinity;
  private lastDecile = 0;
  private drawn = false;

  constructor(
    private readonly io: CliIo,
    private readonly enabled: boolean,
    private readonly horizonS: number,
  ) {
    this.started = io.now();
  }

  update(simulatedS: number, events: number): void {
    if (!this.enabled) return;
    const now = this.io.now();
    if (now - this.started < PROGRESS_AFTER_MS) return;
    const share = Math.min(1, simulatedS / this.horizonS);
    if (this.io.stderrIsTTY) {
      if (now - this.lastDraw < PROGRESS_REDRAW_MS && share < 1) return;
      this.lastDraw = now;
      const filled = Math.round(share * BAR_WIDTH);
      const bar = `${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}`;
      const pct = `${Math.floor(share * 100)}`.padStart(3);
      this.io.stderr(
        `\r[${bar}] ${pct}%  ${Math.round(simulatedS)}/${Math.round(this.horizonS)} s simulated, ` +
          `${events.toLocaleString('en-US')} events\u001b[K`,
      );
      this.drawn = true;
    } else {
      const decile = Math.floor(share * 10);
      if (decile > this.lastDecile) {
        this.lastDecile = decile;
        this.io.stderr(
          `virtlab-sim: ${decile * 10}% (${Math.round(simulatedS)} of ${Math.round(this.horizonS)} s simulated)\n`,
        );
      }
    }
  }

  finish(): void {
    if (this.drawn) this.io.stderr('\r\u001b[K');
  }
}

/** Runs a validated scenario to its horizon in chunks, reporting progress after each. */
export function runScenario(
  scenario: CompareScenario,
  seed: number,
  onProgress?: (simulatedS: number, events: number) => void,
): RunResult {
  const sim = createCompareSimulation(scenario, seed);
  const samples: MetricSample[] = [];
  for (let k = 1; k <= CHUNKS && !sim.done; k++) {
    for (const s of sim.advanceTo((sim.horizonS * k) / CHUNKS)) samples.push(s);
    onProgress?.(sim.now, sim.eventsProcessed);
  }
  for (const s of sim.advanceTo(sim.horizonS)) samples.push(s);
  while (!sim.done) for (const s of sim.step()) samples.push(s);
  return { scenario, seed, summary: sim.summary(), samples };
}

function readText(io: CliIo, path: string, what: string): string {
  try {
    return io.readFile(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a folder'
          : code === 'EACCES'
            ? 'permission denied'
            : error instanceof Error
              ? error.message
              : String(error);
    throw new InputError(`cannot read ${what} ${path}: ${reason}`);
  }
}

/** The trace file of one kind in `dir`: the day asked for, day 1, or the only one there. */
function pickTraceFile(
  names: readonly string[],
  kind: keyof typeof AZURE_FILE_NAMES,
  day: number | null,
): string | null {
  const canonical = AZURE_FILE_NAMES[kind];
  const prefix = canonical.slice(0, canonical.indexOf('.'));
  const candidates = names.filter((n) => n.startsWith(prefix) && n.toLowerCase().endsWith('.csv')).sort();
  const dayTag = (d: number) => `.d${String(d).padStart(2, '0')}.`;
  if (day !== null) return candidates.find((n) => n.includes(dayTag(day))) ?? null;
  if (candidates.includes(canonical)) return canonical;
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length > 1) {
    throw new InputError(
      `--trace: ${candidates.length} ${kind} files and none for day 1; choose a day with --trace-day N (${candidates.join(', ')})`,
    );
  }
  return null;
}

export function loadTraceDir(io: CliIo, trace: NonNullable<CliOptions['trace']>): WorkloadTrace {
  let names: string[];
  try {
    names = io.listDir(trace.dir);
  } catch {
    throw new InputError(`--trace: cannot read the folder ${trace.dir}`);
  }
  const invocations = pickTraceFile(names, 'invocations', trace.day);
  if (invocations === null) {
    const wanted =
      trace.day === null
        ? AZURE_FILE_NAMES.invocations
        : `invocations_per_function_md.anon.d${String(trace.day).padStart(2, '0')}.csv`;
    throw new InputError(`--trace: ${trace.dir} has no ${wanted}`);
  }
  const files: AzureTraceFiles = {
    invocations: readText(io, io.joinPath(trace.dir, invocations), 'trace file'),
  };
  for (const kind of ['durations', 'memory'] as const) {
    const name = pickTraceFile(names, kind, trace.day);
    if (name !== null) files[kind] = readText(io, io.joinPath(trace.dir, name), 'trace file');
  }
  const parsed = parseAzureTrace(files, {
    ...(trace.functions === null ? {} : { maxFunctions: trace.functions, overflow: 'busiest' as const }),
    ...(trace.minutes === null ? {} : { minutes: trace.minutes }),
    source: `${trace.dir.replace(/[\\/]+$/, '')}/${invocations}`,
  });
  if (!parsed.ok)
    throw new InputError(
      `--trace: ${trace.dir} is not a usable Azure Functions trace:\n${indent(parsed.error)}`,
    );
  return parsed.value;
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');

/** The scenario with its workload replaced by a replay of `trace` (keeping a trace time scale). */
export function withTrace(scenario: CompareScenario, trace: WorkloadTrace): CompareScenario {
  const previous = scenario.workload.arrivals;
  const timeScale = previous.kind === 'trace' ? previous.timeScale : undefined;
  return {
    ...scenario,
    workload: {
      ...scenario.workload,
      arrivals: { kind: 'trace', trace, ...(timeScale === undefined ? {} : { timeScale }) },
    },
  };
}

/** The "kind" of a scenario file, or null if the text is no JSON object with a string kind. */
function scenarioKind(text: string): string | null {
  try {
    const data: unknown = JSON.parse(text);
    const kind = typeof data === 'object' && data !== null ? (data as { kind?: unknown }).kind : undefined;
    return typeof kind === 'string' ? kind : null;
  } catch {
    return null;
  }
}

function loadScenario(io: CliIo, options: CliOptions): CompareScenario {
  const path = options.scenarioPath;
  const text = readText(io, path, 'scenario file');
  const kind = scenarioKind(text);
  if (kind !== null && kind !== 'compare') {
    throw new InputError(
      `${path} has kind "${kind}"; virtlab-sim runs "compare" scenarios and the course topics: ${Object.keys(TOPICS).join(', ')}`,
    );
  }
  const parsed = parseScenarioFile(text);
  if (!parsed.ok) throw new InputError(`${path} is not a valid scenario:\n${indent(parsed.error)}`);
  if (options.trace === null) return parsed.value;
  const trace = loadTraceDir(io, options.trace);
  // Validate again: the trace changes what the scenario asks of the model (its size, its load).
  const replaced = parseWith(CompareScenarioSchema, withTrace(parsed.value, trace));
  if (!replaced.ok) {
    throw new InputError(
      `${path} with the trace from ${options.trace.dir} is not a valid scenario:\n${indent(replaced.error)}`,
    );
  }
  return replaced.value;
}

/** The whole CLI: parses arguments, runs, writes; returns the exit status. */
export function runCli(argv: readonly string[], io: CliIo): number {
  const args = parseArgs(argv);
  switch (args.kind) {
    case 'help':
      io.stdout(`${USAGE}\n`);
      return EXIT_OK;
    case 'version':
      io.stdout(`${io.version}\n`);
      return EXIT_OK;
    case 'error':
      io.stderr(`virtlab-sim: ${args.message}\n`);
      return EXIT_BAD_INPUT;
    case 'run':
      break;
  }
  const { options } = args;
  try {
    const kind = scenarioKind(readText(io, options.scenarioPath, 'scenario file'));
    if (kind !== null && isTopicKind(kind)) return runTopicCli(io, options);
    const scenario = loadScenario(io, options);
    const progress = new Progress(io, !options.quiet, scenario.horizonS);
    const result = runScenario(scenario, options.seed, (t, events) => progress.update(t, events));
    progress.finish();
    if (options.out === null) {
      io.stdout(formatSummaryTable(result, io.version));
      return EXIT_OK;
    }
    const text =
      options.out.format === 'json' ? formatJson(result, io.version) : formatCsv(result, io.version);
    try {
      io.writeFile(options.out.path, text);
    } catch (error) {
      throw new InputError(
        `cannot write ${options.out.path}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (!options.quiet) {
      io.stderr(
        `virtlab-sim: wrote ${options.out.path} (${result.samples.length} samples, seed ${options.seed})\n`,
      );
    }
    return EXIT_OK;
  } catch (error) {
    if (error instanceof InputError) {
      io.stderr(`virtlab-sim: ${error.message}\n`);
      return EXIT_BAD_INPUT;
    }
    io.stderr(
      `virtlab-sim: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return EXIT_INTERNAL;
  }
}

/** A course-topic scenario: validate, run to the end, write the frames or print the results. */
function runTopicCli(io: CliIo, options: CliOptions): number {
  const path = options.scenarioPath;
  if (options.trace !== null) throw new InputError('--trace applies to "compare" scenarios only');
  const parsed = parseTopicScenario(JSON.parse(readText(io, path, 'scenario file')));
  if (!parsed.ok) throw new InputError(`${path} is not a valid scenario:\n${indent(parsed.error)}`);
  let progress: Progress | null = null;
  const result = runTopicScenario(parsed.value, options.seed, (position, horizon, events) => {
    progress ??= new Progress(io, !options.quiet, horizon);
    progress.update(position, events);
  });
  (progress as Progress | null)?.finish();
  if (options.out === null) {
    io.stdout(formatTopicSummary(result, io.version));
    return EXIT_OK;
  }
  const text =
    options.out.format === 'json' ? formatTopicJson(result, io.version) : formatTopicCsv(result, io.version);
  try {
    io.writeFile(options.out.path, text);
  } catch (error) {
    throw new InputError(
      `cannot write ${options.out.path}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!options.quiet)
    io.stderr(
      `virtlab-sim: wrote ${options.out.path} (${result.frames.length} frames, seed ${options.seed})\n`,
    );
  return EXIT_OK;
}
