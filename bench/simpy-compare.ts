import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CALIBRATION } from '../shared/sim/calibration';
import { sampleDistribution } from '../shared/sim/distributions';
import { getPlatformPreset } from '../shared/sim/platforms';
import { Random } from '../shared/sim/random';
import {
  runServerlessModel,
  type ServerlessOutcome,
  type ServerlessParams,
  type ServerlessVariates,
} from './serverless-model';
import { KEEP_ALIVE_S, SERVERLESS_PLATFORM } from './product';
import { median, nowMs } from './util';

/**
 * SimPy side by side: the same keep-alive serverless model in SimPy 3 (bench/simpy/
 * serverless.py) and on VirtLab's Engine (bench/serverless-model.ts), fed the same random
 * variates, so both must report the same cold starts and latencies; then their speed.
 */

export const SIMPY_INSTALL_HINT = 'apt-get install -y python3-simpy3';
const SCRIPT = join(import.meta.dirname, 'simpy', 'serverless.py');
/** Interpreters tried in turn; VIRTLAB_PYTHON, if set, goes first. */
const PYTHON_CANDIDATES = ['python3', '/usr/bin/python3'];
const COLD_START_TABLE = 65_536;
/** SimPy runs per comparison (the median is reported); each takes a few seconds. */
const SIMPY_REPETITIONS = 3;

export interface ModelSetup {
  params: ServerlessParams;
  ratePerS: number;
  meanDemandS: number;
}

/** The product's Lambda-like defaults (faas-microvm, fixed keep-alive), as plain numbers both sides read. */
export function serverlessSetup(ratePerS: number, horizonS: number, meanDemandS: number): ModelSetup {
  const preset = getPlatformPreset(SERVERLESS_PLATFORM);
  return {
    ratePerS,
    meanDemandS,
    params: {
      horizonS,
      keepAliveS: KEEP_ALIVE_S,
      warmOverheadS: preset.warmStartMs / 1000,
      slowdown: preset.cpuSlowdown,
      queueCapacity: CALIBRATION['queue.capacity'].value,
    },
  };
}

/** Arrival gaps up to just past the horizon, one demand per arrival, a table of cold starts. */
export function drawVariates(setup: ModelSetup, seed: number): ServerlessVariates {
  const root = new Random(seed);
  const arrivalRng = root.fork('arrivals');
  const startRng = root.fork('start:serverless');
  const meanGap = 1 / setup.ratePerS;
  const gaps: number[] = [];
  let t = 0;
  while (t <= setup.params.horizonS) {
    const gap = arrivalRng.exponential(meanGap);
    gaps.push(gap);
    t += gap;
  }
  const demands = new Float64Array(gaps.length);
  for (let i = 0; i < demands.length; i++) demands[i] = arrivalRng.exponential(setup.meanDemandS);
  const startTimeMs = getPlatformPreset(SERVERLESS_PLATFORM).startTimeMs;
  const coldStarts = new Float64Array(COLD_START_TABLE);
  for (let i = 0; i < coldStarts.length; i++)
    coldStarts[i] = sampleDistribution(startTimeMs, startRng) / 1000;
  return { gaps: Float64Array.from(gaps), demands, coldStarts };
}

export interface PythonInfo {
  command: string;
  simpyVersion: string;
}

/** The first interpreter that can import simpy, or null. */
export function findSimpy(): PythonInfo | null {
  const candidates = [process.env['VIRTLAB_PYTHON'], ...PYTHON_CANDIDATES].filter(
    (c): c is string => typeof c === 'string' && c.length > 0,
  );
  for (const command of candidates) {
    const probe = spawnSync(command, ['-c', 'import simpy; print(simpy.__version__)'], { encoding: 'utf8' });
    if (probe.status === 0) return { command, simpyVersion: probe.stdout.trim() };
  }
  return null;
}

interface SimpyRun {
  simpyVersion: string;
  python: string;
  seconds: number;
  events: number;
  outcome: ServerlessOutcome;
}

function runSimpy(python: string, setup: ModelSetup, variates: ServerlessVariates): SimpyRun {
  const dir = mkdtempSync(join(tmpdir(), 'virtlab-bench-'));
  try {
    const file = join(dir, 'variates.f64');
    const all = new Float64Array(variates.gaps.length + variates.demands.length + variates.coldStarts.length);
    all.set(variates.gaps, 0);
    all.set(variates.demands, variates.gaps.length);
    all.set(variates.coldStarts, variates.gaps.length + variates.demands.length);
    writeFileSync(file, new Uint8Array(all.buffer));
    const params = {
      ...setup.params,
      counts: {
        gaps: variates.gaps.length,
        demands: variates.demands.length,
        coldStarts: variates.coldStarts.length,
      },
    };
    const result = spawnSync(python, [SCRIPT, JSON.stringify(params), file], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    if (result.status !== 0) {
      throw new Error(
        `SimPy model failed (exit ${result.status}): ${result.stderr || result.error?.message}`,
      );
    }
    const out = JSON.parse(result.stdout) as Record<string, unknown>;
    const num = (key: string): number => {
      const value = out[key];
      if (typeof value !== 'number') throw new Error(`SimPy output lacks ${key}`);
      return value;
    };
    return {
      simpyVersion: String(out['simpyVersion']),
      python: String(out['python']),
      seconds: num('seconds'),
      events: num('events'),
      outcome: {
        arrivals: num('arrivals'),
        completed: num('completed'),
        rejected: num('rejected'),
        coldStarts: num('coldStarts'),
        instancesStarted: num('instancesStarted'),
        instancesExpired: num('instancesExpired'),
        peakInstances: num('peakInstances'),
        meanLatencyMs: out['meanLatencyMs'] === null ? null : num('meanLatencyMs'),
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface SideResult {
  seconds: number;
  events: number;
  invocationsPerSecond: number;
  eventsPerSecond: number;
  outcome: ServerlessOutcome;
}

export interface SimpyComparison {
  setup: ModelSetup;
  engine: SideResult & { repetitions: number };
  simpy: (SideResult & { simpyVersion: string; python: string; command: string }) | null;
  /** Why the SimPy side did not run, with the command that fixes it. */
  skipped: string | null;
  /** Every output field that differs between the two (empty = identical). */
  differences: string[];
}

function side(outcome: ServerlessOutcome, seconds: number, events: number): SideResult {
  return {
    seconds,
    events,
    outcome,
    invocationsPerSecond: outcome.completed / seconds,
    eventsPerSecond: events / seconds,
  };
}

function compareOutcomes(a: ServerlessOutcome, b: ServerlessOutcome): string[] {
  const differences: string[] = [];
  for (const key of Object.keys(a) as (keyof ServerlessOutcome)[]) {
    const x = a[key];
    const y = b[key];
    const same =
      x === y || (typeof x === 'number' && typeof y === 'number' && Math.abs(x - y) <= 1e-9 * Math.abs(y));
    if (!same) differences.push(`${key}: engine ${x}, SimPy ${y}`);
  }
  return differences;
}

export function runSimpyComparison(
  ratePerS: number,
  horizonS: number,
  meanDemandS: number,
  seed: number,
  repetitions: number,
): SimpyComparison {
  const setup = serverlessSetup(ratePerS, horizonS, meanDemandS);
  const variates = drawVariates(setup, seed);

  // The engine side: median of several runs (one warm-up first); the outcome is the same every time.
  const runs = [];
  for (let rep = -1; rep < repetitions; rep++) {
    const run = runServerlessModel(setup.params, variates, nowMs);
    if (rep >= 0) runs.push(run);
  }
  const seconds = median(runs.map((r) => r.seconds));
  const engine = { ...side(runs[0]!.outcome, seconds, runs[0]!.events), repetitions };

  const python = findSimpy();
  if (python === null) {
    return {
      setup,
      engine,
      simpy: null,
      skipped: `SimPy is not importable by ${PYTHON_CANDIDATES.join(' or ')}; install it with: ${SIMPY_INSTALL_HINT}`,
      differences: [],
    };
  }
  // SimPy has no JIT to warm up, but its timing varies like ours: the median of a few runs.
  const simpyRuns = Array.from({ length: SIMPY_REPETITIONS }, () =>
    runSimpy(python.command, setup, variates),
  );
  const simpyRun = simpyRuns[0]!;
  const simpySeconds = median(simpyRuns.map((r) => r.seconds));
  return {
    setup,
    engine,
    simpy: {
      ...side(simpyRun.outcome, simpySeconds, simpyRun.events),
      simpyVersion: simpyRun.simpyVersion,
      python: simpyRun.python,
      command: python.command,
    },
    skipped: null,
    differences: compareOutcomes(engine.outcome, simpyRun.outcome),
  };
}
