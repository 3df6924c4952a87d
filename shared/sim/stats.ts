/**
 * Streaming aggregation for metrics: constant memory, no per-observation allocation,
 * deterministic (same observations in the same order give the same numbers).
 */

/** Count, sum, min and max of observations; `reset()` starts a new interval. */
export class SumCount {
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;

  add(value: number): void {
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  /** Mean, or null when nothing was observed. */
  mean(): number | null {
    return this.count > 0 ? this.sum / this.count : null;
  }

  reset(): void {
    this.count = 0;
    this.sum = 0;
    this.min = Infinity;
    this.max = -Infinity;
  }
}

/**
 * Integral over time of a piecewise-constant value (instances busy, cores in use ...).
 * `update(t, v)` closes the piece that ran at the old value until t. Keeps the integral
 * over the whole run and over the current interval (since `startInterval`).
 */
export class TimeWeightedValue {
  private current: number;
  private lastTime: number;
  private total = 0;
  private intervalStartTime: number;
  private intervalStartTotal = 0;

  constructor(startTime = 0, initialValue = 0) {
    this.current = initialValue;
    this.lastTime = startTime;
    this.intervalStartTime = startTime;
  }

  get value(): number {
    return this.current;
  }

  /** Sets a new value from time t on (t must not go backwards). */
  update(time: number, value: number): void {
    if (value === this.current) return; // nothing to close: the same piece goes on
    this.total += this.current * (time - this.lastTime);
    this.lastTime = time;
    this.current = value;
  }

  /** Integral of the value from the start up to `time` (value x seconds). */
  integralAt(time: number): number {
    return this.total + this.current * (time - this.lastTime);
  }

  /** Average since the interval began, or the current value for an empty interval. */
  intervalAverage(time: number): number {
    const span = time - this.intervalStartTime;
    if (!(span > 0)) return this.current;
    return (this.integralAt(time) - this.intervalStartTotal) / span;
  }

  /** Integral since the interval began. */
  intervalIntegral(time: number): number {
    return this.integralAt(time) - this.intervalStartTotal;
  }

  startInterval(time: number): void {
    this.intervalStartTotal = this.integralAt(time);
    this.intervalStartTime = time;
  }
}

export interface LogHistogramOptions {
  /** Smallest value resolved; smaller ones share one underflow bucket. */
  lowest?: number;
  /** Largest value resolved; larger ones share one overflow bucket. */
  highest?: number;
  /** Largest relative error of a reported quantile for values within [lowest, highest]. */
  relativeError?: number;
}

/**
 * Quantiles in bounded memory, in the spirit of HdrHistogram: buckets whose bounds grow
 * geometrically by gamma = (1 + e)^2, so the bucket's geometric midpoint is within a
 * relative error e of every value in it. Defaults cover 1 microsecond to 1e9 ms
 * (11.6 days) with e = 1%: about 1,400 buckets, 11 KiB.
 *
 * Quantiles use the nearest-rank definition (smallest recorded value with at least q * n
 * values at or below it) and report the bucket midpoint, clamped to the exact min and max
 * (which are reported as they are for the first and last rank).
 */
export class LogHistogram {
  readonly lowest: number;
  readonly highest: number;
  readonly relativeError: number;
  private readonly logGamma: number;
  private readonly inverseLogGamma: number;
  private readonly counts: Float64Array;
  /** Range of buckets that may be non-zero, so reset() and quantile() touch only those. */
  private lowestUsed: number;
  private highestUsed = -1;
  private total = 0;
  private sum = 0;
  private minimum = Infinity;
  private maximum = -Infinity;

  constructor(options: LogHistogramOptions = {}) {
    this.lowest = options.lowest ?? 1e-3;
    this.highest = options.highest ?? 1e9;
    this.relativeError = options.relativeError ?? 0.01;
    if (!(this.lowest > 0 && this.highest > this.lowest)) {
      throw new RangeError('LogHistogram needs 0 < lowest < highest');
    }
    if (!(this.relativeError > 0 && this.relativeError < 1)) {
      throw new RangeError('LogHistogram relativeError must be in (0, 1)');
    }
    this.logGamma = 2 * Math.log1p(this.relativeError);
    this.inverseLogGamma = 1 / this.logGamma;
    // Bucket 0: underflow; buckets 1..n: [lowest * gamma^(i-1), lowest * gamma^i); last: overflow.
    const resolved = Math.ceil(Math.log(this.highest / this.lowest) * this.inverseLogGamma);
    this.counts = new Float64Array(resolved + 2);
    this.lowestUsed = this.counts.length;
  }

  get count(): number {
    return this.total;
  }

  get min(): number | null {
    return this.total > 0 ? this.minimum : null;
  }

  get max(): number | null {
    return this.total > 0 ? this.maximum : null;
  }

  mean(): number | null {
    return this.total > 0 ? this.sum / this.total : null;
  }

  /** Bucket that `value` falls in; exposed so one computation can feed several histograms. */
  bucketOf(value: number): number {
    if (!(value >= this.lowest)) return 0;
    const index = 1 + Math.floor(Math.log(value / this.lowest) * this.inverseLogGamma);
    const last = this.counts.length - 1;
    return index < last ? index : last;
  }

  record(value: number): void {
    this.recordInBucket(this.bucketOf(value), value);
  }

  /** Records `value` into a bucket computed by bucketOf() of a histogram with the same options. */
  recordInBucket(bucket: number, value: number): void {
    this.counts[bucket]!++;
    if (bucket < this.lowestUsed) this.lowestUsed = bucket;
    if (bucket > this.highestUsed) this.highestUsed = bucket;
    this.total++;
    this.sum += value;
    if (value < this.minimum) this.minimum = value;
    if (value > this.maximum) this.maximum = value;
  }

  /** Nearest-rank quantile, q in [0, 1]; null when empty. */
  quantile(q: number): number | null {
    if (this.total === 0) return null;
    if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be in [0, 1], got ${q}`);
    const rank = Math.max(1, Math.ceil(q * this.total));
    // The extremes are known exactly.
    if (rank === 1) return this.minimum;
    if (rank >= this.total) return this.maximum;
    let seen = 0;
    for (let bucket = this.lowestUsed; bucket <= this.highestUsed; bucket++) {
      seen += this.counts[bucket]!;
      if (seen >= rank) return this.representative(bucket);
    }
    return this.maximum;
  }

  /** Adds another histogram's counts (same options required). */
  merge(other: LogHistogram): void {
    if (other.counts.length !== this.counts.length || other.lowest !== this.lowest) {
      throw new RangeError('can only merge histograms with the same options');
    }
    if (other.total === 0) return;
    for (let bucket = other.lowestUsed; bucket <= other.highestUsed; bucket++) {
      this.counts[bucket]! += other.counts[bucket]!;
    }
    this.lowestUsed = Math.min(this.lowestUsed, other.lowestUsed);
    this.highestUsed = Math.max(this.highestUsed, other.highestUsed);
    this.total += other.total;
    this.sum += other.sum;
    this.minimum = Math.min(this.minimum, other.minimum);
    this.maximum = Math.max(this.maximum, other.maximum);
  }

  reset(): void {
    if (this.highestUsed >= this.lowestUsed) this.counts.fill(0, this.lowestUsed, this.highestUsed + 1);
    this.lowestUsed = this.counts.length;
    this.highestUsed = -1;
    this.total = 0;
    this.sum = 0;
    this.minimum = Infinity;
    this.maximum = -Infinity;
  }

  private representative(bucket: number): number {
    const last = this.counts.length - 1;
    let value: number;
    if (bucket === 0) value = this.minimum;
    else if (bucket === last) value = this.maximum;
    else value = this.lowest * Math.exp((bucket - 0.5) * this.logGamma);
    return Math.min(this.maximum, Math.max(this.minimum, value));
  }
}
