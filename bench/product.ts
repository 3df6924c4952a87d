import { createCompareSimulation } from '../shared/sim/compare-model';
import type { PlatformSummary } from '../shared/sim/types';
import { defaultCompareScenario, defaultServerless, type CompareScenario } from '../shared/scenario';
import { collectGarbage, median, nowMs } from './util';

/**
 * The product's own model (createCompareSimulation) on a serverless-only scenario, driven
 * the way the app's worker drives it: advanceTo() in chunks of simulated time, taking the
 * samples each chunk closes (and dropping them here, where nothing draws them).
 */

/** Simulated seconds per advanceTo() call. */
const CHUNK_S = 10;

/** The Lambda-like platform (Firecracker microVM per instance) and its default fixed keep-alive. */
export const SERVERLESS_PLATFORM = 'faas-microvm';
const defaultKeepAlive = defaultServerless().keepAlive;
export const KEEP_ALIVE_S = defaultKeepAlive.policy === 'fixed' ? defaultKeepAlive.seconds : 600;

/**
 * Serverless only, steady Poisson load, one host: the largest the schema allows in cores,
 * so processor sharing never slows instances down (about 105 busy of the 1,769 that fit).
 * Each request is CPU work only (exponential, mean `cpuMs`: no I/O, no network, no system
 * calls), with a fixed keep-alive, so the run is arrivals, cold and warm starts, and
 * keep-alive, like the SimPy model.
 */
export function serverlessScenario(ratePerS: number, horizonS: number, cpuMs = 100): CompareScenario {
  const base = defaultCompareScenario();
  return {
    ...base,
    name: 'bench: serverless, steady Poisson load',
    horizonS,
    sampleIntervalS: 5,
    hosts: { ...base.hosts, count: 1, cores: 256, ramGiB: 1024 },
    workload: {
      ...base.workload,
      arrivals: { kind: 'poisson', ratePerS },
      request: {
        ...base.workload.request,
        cpuMs,
        ioOps: 0,
        networkKiB: 0,
        syscallShare: 0,
        memoryBoundShare: 0,
      },
    },
    platforms: [{ id: SERVERLESS_PLATFORM, overrides: {} }],
    serverless: { ...base.serverless, keepAlive: { policy: 'fixed', seconds: KEEP_ALIVE_S } },
  };
}

export interface ProductRun {
  seconds: number;
  events: number;
  samples: number;
  summary: PlatformSummary;
  /** Completion-weighted mean of the interval latency means (ms). */
  meanLatencyMs: number | null;
}

/** One run from creation to the horizon; creation is not timed (it is microseconds). */
export function runProduct(scenario: CompareScenario, seed: number): ProductRun {
  const sim = createCompareSimulation(scenario, seed);
  let samples = 0;
  let latencyWeighted = 0;
  let completed = 0;
  const start = nowMs();
  for (let t = CHUNK_S; !sim.done; t += CHUNK_S) {
    for (const sample of sim.advanceTo(t)) {
      samples++;
      if (sample.latencyMeanMs !== null) {
        latencyWeighted += sample.latencyMeanMs * sample.completed;
        completed += sample.completed;
      }
    }
  }
  const seconds = (nowMs() - start) / 1000;
  const summary = sim.summary().platforms[0]!;
  return {
    seconds,
    events: sim.eventsProcessed,
    samples,
    summary,
    meanLatencyMs: completed > 0 ? latencyWeighted / completed : null,
  };
}

function arrivalRate(scenario: CompareScenario): number {
  const a = scenario.workload.arrivals;
  return a.kind === 'poisson' || a.kind === 'bursty' ? a.ratePerS : Number.NaN;
}

export interface ProductThroughput extends ProductRun {
  ratePerS: number;
  horizonS: number;
  repetitions: number;
  allSeconds: number[];
  eventsPerSecond: number;
  invocationsPerSecond: number;
}

/** Median wall time of `repetitions` runs after one warm-up run (runs are deterministic). */
export function measureProduct(
  scenario: CompareScenario,
  seed: number,
  repetitions: number,
): ProductThroughput {
  runProduct(scenario, seed);
  const runs: ProductRun[] = [];
  for (let i = 0; i < repetitions; i++) runs.push(runProduct(scenario, seed));
  const allSeconds = runs.map((r) => r.seconds);
  const seconds = median(allSeconds);
  const first = runs[0]!;
  return {
    ...first,
    ratePerS: arrivalRate(scenario),
    horizonS: scenario.horizonS,
    seconds,
    repetitions,
    allSeconds,
    eventsPerSecond: first.events / seconds,
    invocationsPerSecond: first.summary.completed / seconds,
  };
}

export interface MemoryPoint {
  horizonS: number;
  arrivals: number;
  events: number;
  /** V8 heap plus typed-array backing stores held by the run, after full GC (bytes). */
  retainedBytes: number;
  heapBytes: number;
  arrayBufferBytes: number;
}

export interface MemoryResult {
  ratePerS: number;
  points: MemoryPoint[];
  /** retained(10H) / retained(H). */
  ratio: number;
  gcExposed: boolean;
}

function usage(): { heap: number; arrayBuffers: number } {
  const m = process.memoryUsage();
  return { heap: m.heapUsed, arrayBuffers: m.arrayBuffers };
}

/**
 * What a finished run still holds, measured as the heap (and array buffers) after a full
 * GC with the simulation alive, minus the same before it was created. Samples are taken
 * and dropped chunk by chunk as the app's worker does, so they do not count.
 */
function retainedBy(scenario: CompareScenario, seed: number): MemoryPoint {
  collectGarbage();
  const before = usage();
  const sim = createCompareSimulation(scenario, seed);
  for (let t = CHUNK_S; !sim.done; t += CHUNK_S) sim.advanceTo(t);
  collectGarbage();
  const after = usage();
  const summary = sim.summary().platforms[0]!; // keeps `sim` alive across the measurement
  const heapBytes = after.heap - before.heap;
  const arrayBufferBytes = after.arrayBuffers - before.arrayBuffers;
  return {
    horizonS: scenario.horizonS,
    arrivals: summary.arrivals,
    events: sim.eventsProcessed,
    retainedBytes: heapBytes + arrayBufferBytes,
    heapBytes,
    arrayBufferBytes,
  };
}

export function measureMemory(ratePerS: number, horizonS: number, seed: number): MemoryResult {
  const gcExposed = collectGarbage();
  // Warm the code up first so compiled code and one-off caches are not charged to H.
  retainedBy(serverlessScenario(ratePerS, Math.min(horizonS, 100)), seed);
  const points = [horizonS, horizonS * 10].map((h) => retainedBy(serverlessScenario(ratePerS, h), seed));
  return { ratePerS, points, ratio: points[1]!.retainedBytes / points[0]!.retainedBytes, gcExposed };
}
