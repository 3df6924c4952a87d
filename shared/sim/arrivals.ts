import type { ArrivalsSpec, CompareScenario } from '../scenario';
import type { WorkloadTrace } from '../trace/types';
import type { Random } from './random';

/**
 * Open arrival processes: each yields requests in time order, one at a time, drawing from
 * one seeded stream in a fixed order per request (gap, then CPU demand, then the I/O
 * count when it is fractional), so every platform that forks the same stream sees the
 * very same requests (common random numbers). Closed loops are driven by the model
 * (compare-model.ts), since their arrivals depend on completions.
 *
 * - poisson / bursty: rate piecewise constant (base, base x factor inside the burst),
 *   sampled exactly by inverting the integrated rate (one uniform per arrival).
 * - diurnal: lambda(t) = mean x (1 + a sin(2 pi t / period)) with a = (r - 1) / (r + 1), so
 *   the peak is mean x 2r / (1 + r), the trough mean x 2 / (1 + r), peak / trough = r, and
 *   the mean over a whole period is exactly `meanRatePerS`. The run starts at the mean,
 *   rising. Sampled exactly by thinning (Lewis and Shedler 1979): candidates at the peak
 *   rate, each kept with probability lambda(t) / peak.
 * - trace: the trace's invocations of each minute are spread uniformly over that minute
 *   (sorted uniforms built from exponential spacings, then the functions of the minute
 *   shuffled over them, Fisher-Yates); each invocation's CPU demand is drawn from its
 *   function's duration percentiles by piecewise-linear inverse CDF, of which `cpuShare`
 *   (default 1) is CPU work and the rest a wait on other services. Trace time is scaled by
 *   `timeScale` (simulated s per trace s). After the last minute no more arrivals come.
 *   Memory: one minute's batch at a time (bounded by the trace's busiest minute).
 */
export interface ArrivalSource {
  /** Time of the next request (s); Infinity when none will come. */
  readonly nextTime: number;
  /** Its CPU demand on bare metal at the reference clock (s). */
  readonly nextDemandS: number;
  /** Time it waits on other services after its CPU work (s): traced durations beyond cpuShare. */
  readonly nextWaitS: number;
  /** Trace function index, or -1 without a trace. */
  readonly nextFunction: number;
  /** Disk operations of the request (whole number). */
  readonly nextIoOps: number;
  /** Moves to the request after the current one. */
  advance(): void;
}

/** Draws a request's whole number of I/O operations: floor(mean), plus one with the fractional probability. */
export class IoOpsDraw {
  private readonly whole: number;
  private readonly fraction: number;

  constructor(mean: number) {
    this.whole = Math.floor(mean);
    this.fraction = mean - this.whole;
  }

  draw(rng: Random): number {
    return this.fraction > 0 && rng.next() < this.fraction ? this.whole + 1 : this.whole;
  }
}

/** Poisson arrivals whose rate is base, times factor inside [burstStart, burstEnd). */
class PiecewiseArrivals implements ArrivalSource {
  nextTime = 0;
  nextDemandS = 0;
  readonly nextWaitS = 0;
  readonly nextFunction = -1;
  nextIoOps = 0;

  constructor(
    private readonly rng: Random,
    private readonly baseRate: number,
    private readonly burstRate: number,
    private readonly burstStart: number,
    private readonly burstEnd: number,
    private readonly meanDemandS: number,
    private readonly ioOps: IoOpsDraw,
  ) {
    this.draw(0);
  }

  advance(): void {
    this.draw(this.nextTime);
  }

  private draw(from: number): void {
    // Unit-rate exponential, spent across rate pieces until exhausted (exact inversion).
    let budget = -Math.log(1 - this.rng.next());
    let t = from;
    for (;;) {
      let rate: number;
      let pieceEnd: number;
      if (t < this.burstStart) {
        rate = this.baseRate;
        pieceEnd = this.burstStart;
      } else if (t < this.burstEnd) {
        rate = this.burstRate;
        pieceEnd = this.burstEnd;
      } else {
        rate = this.baseRate;
        pieceEnd = Infinity;
      }
      const gap = budget / rate;
      if (t + gap < pieceEnd) {
        t += gap;
        break;
      }
      budget -= (pieceEnd - t) * rate;
      t = pieceEnd;
    }
    this.nextTime = t;
    this.nextDemandS = this.rng.exponential(this.meanDemandS);
    this.nextIoOps = this.ioOps.draw(this.rng);
  }
}

/** The diurnal rate at time t (for tests and charts). */
export function diurnalRate(meanRatePerS: number, peakToTrough: number, periodS: number, t: number): number {
  const a = (peakToTrough - 1) / (peakToTrough + 1);
  return meanRatePerS * (1 + a * Math.sin((2 * Math.PI * t) / periodS));
}

class DiurnalArrivals implements ArrivalSource {
  nextTime = 0;
  nextDemandS = 0;
  readonly nextWaitS = 0;
  readonly nextFunction = -1;
  nextIoOps = 0;
  private readonly amplitude: number;
  private readonly peakRate: number;
  private readonly omega: number;

  constructor(
    private readonly rng: Random,
    private readonly meanRate: number,
    peakToTrough: number,
    periodS: number,
    private readonly meanDemandS: number,
    private readonly ioOps: IoOpsDraw,
  ) {
    this.amplitude = (peakToTrough - 1) / (peakToTrough + 1);
    this.peakRate = meanRate * (1 + this.amplitude);
    this.omega = (2 * Math.PI) / periodS;
    this.draw(0);
  }

  advance(): void {
    this.draw(this.nextTime);
  }

  private draw(from: number): void {
    let t = from;
    for (;;) {
      t += -Math.log(1 - this.rng.next()) / this.peakRate;
      const accept = (1 + this.amplitude * Math.sin(this.omega * t)) / (1 + this.amplitude);
      if (this.rng.next() < accept) break;
    }
    this.nextTime = t;
    this.nextDemandS = this.rng.exponential(this.meanDemandS);
    this.nextIoOps = this.ioOps.draw(this.rng);
  }
}

/** A function's duration percentiles as arrays, for the inverse CDF. */
export interface DurationTable {
  p: Float64Array;
  ms: Float64Array;
}

export function durationTable(percentiles: ReadonlyArray<{ p: number; ms: number }>): DurationTable {
  return {
    p: Float64Array.from(percentiles, (e) => e.p),
    ms: Float64Array.from(percentiles, (e) => e.ms),
  };
}

/** Piecewise-linear inverse CDF: the duration (ms) at percentile 100 u. */
export function sampleDuration(table: DurationTable, u: number): number {
  const target = u * 100;
  const { p, ms } = table;
  const last = p.length - 1;
  for (let k = 1; k <= last; k++) {
    if (target <= p[k]! || k === last) {
      const p0 = p[k - 1]!;
      const span = p[k]! - p0;
      const w = span > 0 ? Math.min(1, Math.max(0, (target - p0) / span)) : 1;
      return ms[k - 1]! + w * (ms[k]! - ms[k - 1]!);
    }
  }
  return ms[last]!;
}

/** Mean of the piecewise-linear distribution (ms): each segment contributes its midpoint x its probability. */
export function durationTableMean(table: DurationTable): number {
  let sum = 0;
  for (let k = 1; k < table.p.length; k++) {
    sum += ((table.p[k]! - table.p[k - 1]!) / 100) * ((table.ms[k]! + table.ms[k - 1]!) / 2);
  }
  return sum;
}

export class TraceArrivals implements ArrivalSource {
  nextTime = Infinity;
  nextDemandS = 0;
  nextWaitS = 0;
  nextFunction = -1;
  nextIoOps = 0;
  readonly tables: DurationTable[];
  private minute = 0;
  private batchTimes = new Float64Array(64);
  private batchFunctions = new Int32Array(64);
  private batchSize = 0;
  private batchIndex = 0;
  private readonly minuteS: number;

  constructor(
    private readonly trace: WorkloadTrace,
    timeScale: number,
    private readonly rng: Random,
    private readonly ioOps: IoOpsDraw,
    private readonly cpuShare = 1,
  ) {
    this.tables = trace.functions.map((fn) => durationTable(fn.durationPercentilesMs));
    this.minuteS = 60 * timeScale;
    this.advance();
  }

  advance(): void {
    while (this.batchIndex >= this.batchSize) {
      if (this.minute >= this.trace.minutes) {
        this.nextTime = Infinity;
        this.nextFunction = -1;
        return;
      }
      this.loadMinute(this.minute++);
    }
    const i = this.batchIndex++;
    const fn = this.batchFunctions[i]!;
    this.nextTime = this.batchTimes[i]!;
    this.nextFunction = fn;
    const durationS = sampleDuration(this.tables[fn]!, this.rng.next()) / 1000;
    this.nextDemandS = durationS * this.cpuShare;
    this.nextWaitS = durationS - this.nextDemandS;
    this.nextIoOps = this.ioOps.draw(this.rng);
  }

  private loadMinute(minute: number): void {
    const functions = this.trace.functions;
    let total = 0;
    for (let f = 0; f < functions.length; f++) total += functions[f]!.invocationsPerMinute[minute]!;
    this.batchIndex = 0;
    this.batchSize = total;
    if (total === 0) return;
    if (this.batchTimes.length < total) {
      let size = this.batchTimes.length;
      while (size < total) size *= 2;
      this.batchTimes = new Float64Array(size);
      this.batchFunctions = new Int32Array(size);
    }
    const times = this.batchTimes;
    const fns = this.batchFunctions;
    // Sorted uniforms on [0, 1): cumulative exponential spacings, normalised by total + 1 of them.
    let cumulative = 0;
    for (let i = 0; i < total; i++) {
      cumulative += -Math.log(1 - this.rng.next());
      times[i] = cumulative;
    }
    cumulative += -Math.log(1 - this.rng.next());
    const start = minute * this.minuteS;
    const scale = this.minuteS / cumulative;
    for (let i = 0; i < total; i++) times[i] = start + times[i]! * scale;
    // Functions in trace order, then shuffled over the sorted times.
    let k = 0;
    for (let f = 0; f < functions.length; f++) {
      const c = functions[f]!.invocationsPerMinute[minute]!;
      for (let j = 0; j < c; j++) fns[k++] = f;
    }
    for (let i = total - 1; i > 0; i--) {
      const j = Math.floor(this.rng.next() * (i + 1));
      const swap = fns[i]!;
      fns[i] = fns[j]!;
      fns[j] = swap;
    }
  }
}

/**
 * The open arrival source of a scenario (null for closed loops). `trace` is the resolved
 * trace for trace workloads ('azure-sample' already replaced by the bundled sample).
 */
export function createArrivalSource(
  scenario: CompareScenario,
  trace: WorkloadTrace | null,
  rng: Random,
): ArrivalSource | null {
  const { workload } = scenario;
  const arrivals: ArrivalsSpec = workload.arrivals;
  const meanDemandS = workload.request.cpuMs / 1000;
  const ioOps = new IoOpsDraw(workload.request.ioOps);
  switch (arrivals.kind) {
    case 'poisson':
      return new PiecewiseArrivals(
        rng,
        arrivals.ratePerS,
        arrivals.ratePerS,
        Infinity,
        Infinity,
        meanDemandS,
        ioOps,
      );
    case 'bursty':
      return new PiecewiseArrivals(
        rng,
        arrivals.ratePerS,
        arrivals.ratePerS * arrivals.burst.factor,
        arrivals.burst.startS,
        arrivals.burst.startS + arrivals.burst.durationS,
        meanDemandS,
        ioOps,
      );
    case 'diurnal':
      return new DiurnalArrivals(
        rng,
        arrivals.meanRatePerS,
        arrivals.peakToTrough,
        arrivals.periodS,
        meanDemandS,
        ioOps,
      );
    case 'closed':
      return null;
    case 'trace':
      if (trace === null) throw new RangeError('a trace workload needs its trace');
      return new TraceArrivals(trace, arrivals.timeScale ?? 1, rng, ioOps, arrivals.cpuShare ?? 1);
  }
}
