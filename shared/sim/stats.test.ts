import { describe, expect, it } from 'vitest';
import { Random } from './random';
import { LogHistogram, SumCount, TimeWeightedValue } from './stats';

/** Nearest-rank quantile of sorted values: the definition LogHistogram approximates. */
function exactQuantile(sorted: Float64Array, q: number): number {
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
}

describe('LogHistogram', () => {
  it('reports quantiles within 1% of the exact ones', () => {
    const rng = new Random(11);
    const histogram = new LogHistogram();
    const values = new Float64Array(100_000);
    for (let i = 0; i < values.length; i++) {
      // Latency-like data spanning several decades (ms).
      values[i] = rng.logNormal(Math.log(120), 1.2);
      histogram.record(values[i]!);
    }
    const sorted = Float64Array.from(values).sort();
    for (const q of [0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999]) {
      const exact = exactQuantile(sorted, q);
      expect(Math.abs(histogram.quantile(q)! / exact - 1), `q=${q}`).toBeLessThanOrEqual(0.01);
    }
    expect(histogram.quantile(0)).toBe(sorted[0]);
    expect(histogram.quantile(1)).toBe(sorted[sorted.length - 1]);
    expect(histogram.count).toBe(100_000);
  });

  it('keeps exact count, mean, min and max, and clamps out-of-range values', () => {
    const histogram = new LogHistogram({ lowest: 1, highest: 1000, relativeError: 0.02 });
    for (const v of [0.25, 5, 10, 20, 5000]) histogram.record(v);
    expect(histogram.count).toBe(5);
    expect(histogram.mean()).toBeCloseTo(1007.05, 10);
    expect(histogram.min).toBe(0.25);
    expect(histogram.max).toBe(5000);
    expect(histogram.quantile(0.2)).toBe(0.25); // underflow bucket reports the exact min
    expect(histogram.quantile(1)).toBe(5000); // overflow bucket reports the exact max
    expect(Math.abs(histogram.quantile(0.6)! / 10 - 1)).toBeLessThanOrEqual(0.02);
  });

  it('is empty again after reset, and merge adds counts', () => {
    const a = new LogHistogram();
    const b = new LogHistogram();
    for (let i = 1; i <= 100; i++) a.record(i);
    for (let i = 101; i <= 200; i++) b.record(i);
    a.merge(b);
    expect(a.count).toBe(200);
    expect(Math.abs(a.quantile(0.5)! / 100 - 1)).toBeLessThanOrEqual(0.01);
    a.reset();
    expect(a.count).toBe(0);
    expect(a.quantile(0.5)).toBeNull();
    expect(a.mean()).toBeNull();
    a.record(42);
    expect(a.quantile(0.5)).toBe(42);
  });

  it('uses bounded memory: about 1,400 buckets for 1 us to 1e9 ms at 1%', () => {
    const histogram = new LogHistogram();
    const buckets = Math.ceil(Math.log(1e12) / (2 * Math.log1p(0.01))) + 2;
    expect(buckets).toBe(1391);
    expect(histogram.bucketOf(1e300)).toBe(buckets - 1);
    expect(histogram.bucketOf(0)).toBe(0);
  });
});

describe('TimeWeightedValue', () => {
  it('integrates a piecewise-constant value', () => {
    const busy = new TimeWeightedValue(0, 2);
    busy.update(3, 5); // 2 for 3 s
    busy.update(4, 0); // 5 for 1 s
    expect(busy.integralAt(10)).toBe(11);
    expect(busy.intervalAverage(10)).toBeCloseTo(1.1, 12);
    busy.startInterval(10);
    busy.update(12, 4);
    expect(busy.intervalAverage(14)).toBe(2); // 0 for 2 s, 4 for 2 s
    expect(busy.intervalIntegral(14)).toBe(8);
    expect(busy.integralAt(14)).toBe(19);
    busy.startInterval(14);
    expect(busy.intervalAverage(14)).toBe(4); // empty interval: the current value
  });
});

describe('SumCount', () => {
  it('tracks count, sum, mean, min and max per interval', () => {
    const s = new SumCount();
    expect(s.mean()).toBeNull();
    for (const v of [3, 1, 8]) s.add(v);
    expect([s.count, s.sum, s.mean(), s.min, s.max]).toEqual([3, 12, 4, 1, 8]);
    s.reset();
    expect(s.count).toBe(0);
    expect(s.mean()).toBeNull();
  });
});
