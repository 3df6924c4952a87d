import { createCompareSimulation } from './sim/compare-model';
import type { RunSummary, Simulation } from './sim/types';
import {
  buildPointScenario,
  describePoint,
  sweepPoints,
  type SweepPointValues,
  type SweepRequest,
} from './sweep';

/** One finished point: its parameter values and the run's summary. */
export interface SweepPointResult {
  index: number;
  values: SweepPointValues;
  summary: RunSummary;
}

/**
 * Runs a sweep point after point, in chunks, so the caller (the worker) can yield between
 * chunks to stay responsive and to cancel. Pure and deterministic: each point is
 * createCompareSimulation(point scenario, request.seed) run to its horizon, exactly what a
 * single Compare run of that scenario and seed gives. The request must already be parsed.
 */
export class SweepRunner {
  readonly points: SweepPointValues[];
  private index = 0;
  private current: Simulation | null = null;
  /** Events of the points already finished. */
  private finishedEvents = 0;
  /** How many chunks one point's horizon is split into. */
  private readonly chunksPerPoint: number;

  constructor(
    private readonly request: SweepRequest,
    chunksPerPoint = 50,
  ) {
    this.points = sweepPoints(request);
    this.chunksPerPoint = chunksPerPoint;
  }

  get totalPoints(): number {
    return this.points.length;
  }
  get pointsDone(): number {
    return this.index;
  }
  get done(): boolean {
    return this.index >= this.points.length;
  }
  get eventsProcessed(): number {
    return this.finishedEvents + (this.current?.eventsProcessed ?? 0);
  }
  /** Share of the sweep done, counting the current point by its simulated time. */
  get fractionDone(): number {
    if (this.points.length === 0) return 1;
    const partial = this.current ? this.current.now / this.current.horizonS : 0;
    return Math.min(1, (this.index + partial) / this.points.length);
  }

  /** Advances the current point by one chunk; returns the point if that chunk finished it. */
  step(): SweepPointResult | null {
    if (this.done) return null;
    const simulation = (this.current ??= this.start(this.points[this.index]!));
    const chunk = simulation.horizonS / this.chunksPerPoint;
    simulation.advanceTo(
      Math.min(simulation.horizonS, (Math.floor(simulation.now / chunk + 1e-9) + 1) * chunk),
    );
    if (!simulation.done) return null;
    const result = { index: this.index, values: this.points[this.index]!, summary: simulation.summary() };
    this.finishedEvents += simulation.eventsProcessed;
    this.current = null;
    this.index++;
    return result;
  }

  private start(values: SweepPointValues): Simulation {
    const scenario = buildPointScenario(this.request, values);
    if (typeof scenario === 'string') throw new Error(`${describePoint(this.request, values)}: ${scenario}`);
    return createCompareSimulation(scenario, this.request.seed);
  }
}

/** Runs a whole sweep at once (tests, scripts). */
export function runSweep(request: SweepRequest): SweepPointResult[] {
  const runner = new SweepRunner(request);
  const results: SweepPointResult[] = [];
  while (!runner.done) {
    const point = runner.step();
    if (point) results.push(point);
  }
  return results;
}
