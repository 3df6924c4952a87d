import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AZURE_2019_FITS,
  AZURE_FILE_NAMES,
  AZURE_TRIGGERS,
  formatAzureTrace,
  normalQuantile,
  parseAzureTrace,
  percentileTableMeanMs,
} from './azure';
import {
  AZURE_SAMPLE_OPTIONS,
  DAILY_INVOCATIONS_LOG10,
  azureSampleTrace,
  generateAzureLikeTrace,
  generateAzureLikeWorkload,
  type SyntheticApp,
} from './synthetic';
import type { WorkloadTrace } from './types';

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function appTotals(trace: WorkloadTrace, apps: readonly SyntheticApp[]): number[] {
  return apps.map((a) => sum(a.functionIndices.map((i) => sum(trace.functions[i]!.invocationsPerMinute))));
}

/** Share of invocations that go to the busiest `fraction` of apps. */
function topShare(totals: readonly number[], fraction: number): number {
  const sorted = [...totals].sort((a, b) => b - a);
  return sum(sorted.slice(0, Math.round(fraction * sorted.length))) / sum(sorted);
}

/**
 * CV of an app's inter-arrival times, estimated from per-minute counts by spreading each
 * minute's invocations evenly over it. Meaningful for apps with gaps of several minutes.
 */
function measuredCv(counts: readonly number[]): number {
  const times: number[] = [];
  counts.forEach((c, m) => {
    for (let j = 0; j < c; j++) times.push(m + (j + 0.5) / c);
  });
  const gaps = times.slice(1).map((t, j) => t - times[j]!);
  const mean = sum(gaps) / gaps.length;
  const sd = Math.sqrt(sum(gaps.map((g) => (g - mean) ** 2)) / gaps.length);
  return sd / mean;
}

/** Mean of the log-normal through a function's p25, p50 and p75 (how the generator builds it). */
function impliedMeanMs(table: ReadonlyArray<{ p: number; ms: number }>): number {
  const at = (p: number) => table.find((e) => e.p === p)!.ms;
  const sigma = (Math.log(at(75)) - Math.log(at(25))) / (2 * normalQuantile(0.75));
  return Math.exp(Math.log(at(50)) + (sigma * sigma) / 2);
}

describe('generateAzureLikeTrace', () => {
  it('is deterministic in its options', () => {
    const a = generateAzureLikeTrace({ seed: 9, functions: 50, minutes: 60 });
    expect(generateAzureLikeTrace({ seed: 9, functions: 50, minutes: 60 })).toEqual(a);
    expect(generateAzureLikeTrace({ seed: 10, functions: 50, minutes: 60 })).not.toEqual(a);
  });

  it('builds a well-formed trace', () => {
    const trace = generateAzureLikeTrace({ seed: 3, functions: 300, minutes: 90 });
    expect(trace.minutes).toBe(90);
    expect(trace.source).toBe('synthetic sample (seed 3)');
    expect(trace.functions).toHaveLength(300);
    expect(new Set(trace.functions.map((f) => f.id)).size).toBe(300);
    for (const f of trace.functions) {
      expect(f.id).toMatch(/^[0-9a-f]{64}\/[0-9a-f]{64}\/[0-9a-f]{64}$/);
      expect(f.id.split('/')[1]).toBe(f.app);
      expect(AZURE_TRIGGERS).toContain(f.trigger);
      expect(f.invocationsPerMinute).toHaveLength(90);
      expect(f.invocationsPerMinute.every((c) => Number.isInteger(c) && c >= 0)).toBe(true);
      expect(f.durationPercentilesMs.map((e) => e.p)).toEqual([0, 1, 25, 50, 75, 99, 100]);
      const ms = f.durationPercentilesMs.map((e) => e.ms);
      expect(ms.every((v, i) => v > 0 && v <= 600_000 && (i === 0 || v >= ms[i - 1]!))).toBe(true);
      expect(f.memoryMiB).toBeGreaterThanOrEqual(1);
      expect(f.memoryMiB).toBeLessThanOrEqual(1536);
    }
  });

  it('rejects options out of range', () => {
    expect(() => generateAzureLikeTrace({ seed: -1, functions: 1, minutes: 1 })).toThrow(
      'seed must be a whole number from 0 to 2^32 - 1, got -1',
    );
    expect(() => generateAzureLikeTrace({ seed: 1, functions: 5001, minutes: 1 })).toThrow(
      'functions must be a whole number from 1 to 5000, got 5001',
    );
    expect(() => generateAzureLikeTrace({ seed: 1, functions: 1, minutes: 20_161 })).toThrow(
      'minutes must be a whole number from 1 to 20160, got 20161',
    );
  });

  describe('matches the published fits (2,000 functions over one day)', () => {
    const { trace, apps } = generateAzureLikeWorkload({ seed: 1, functions: 2000, minutes: 1440 });
    const totals = appTotals(trace, apps);

    it('fits the rate log-normal through the two published points', () => {
      // 45% of apps <= 24 invocations a day, 81% <= 1440.
      expect(DAILY_INVOCATIONS_LOG10.mean).toBeCloseTo(1.6029, 4);
      expect(DAILY_INVOCATIONS_LOG10.sd).toBeCloseTo(1.7718, 4);
    });

    it('skews invocation frequency: 45% of apps at most hourly, 81% at most once a minute', () => {
      const hourly = totals.filter((t) => t <= 24).length / apps.length;
      const minutely = totals.filter((t) => t <= 1440).length / apps.length;
      expect(Math.abs(hourly - AZURE_2019_FITS.appsAtMostHourly.value)).toBeLessThan(0.03);
      expect(Math.abs(minutely - AZURE_2019_FITS.appsAtMostMinutely.value)).toBeLessThan(0.03);
    });

    it('gives the busiest 18.6% of apps over 99% of invocations (published: 99.6%)', () => {
      const share = topShare(totals, AZURE_2019_FITS.topAppsShare.value);
      expect(share).toBeGreaterThan(0.99);
      expect(share).toBeLessThan(1);
    });

    it('makes 40% of apps bursty (CV > 1) and shows it in the counts', () => {
      const bursty = apps.filter((a) => a.cv > 1);
      expect(bursty.length / apps.length).toBeCloseTo(0.4, 2);
      expect(bursty.every((a) => a.pattern === 'bursty')).toBe(true);
      // Apps with gaps of 10+ minutes and at least 20 invocations: CV measurable from counts.
      const measurable = apps
        .map((a, i) => ({ a, total: totals[i]! }))
        .filter(({ total }) => total >= 20 && total <= 144);
      expect(measurable.length).toBeGreaterThan(80);
      const counts = (a: SyntheticApp) =>
        Array.from({ length: 1440 }, (_, m) =>
          sum(a.functionIndices.map((i) => trace.functions[i]!.invocationsPerMinute[m]!)),
        );
      const above = (pattern: string) => {
        const group = measurable.filter(({ a }) => (pattern === 'bursty') === (a.pattern === 'bursty'));
        return group.filter(({ a }) => measuredCv(counts(a)) > 1).length / group.length;
      };
      expect(above('bursty')).toBeGreaterThan(0.8);
      expect(above('other')).toBeLessThan(0.1);
    });

    it('deals triggers in the published shares (HTTP 55% of functions)', () => {
      const http = trace.functions.filter((f) => f.trigger === 'http').length;
      expect(http).toBe(1100);
      const timer = trace.functions.filter((f) => f.trigger === 'timer').length;
      expect(timer / 2000).toBeCloseTo(0.156, 2);
      // Timer-only apps fire periodically.
      for (const app of apps) {
        const timerOnly = app.functionIndices.every((i) => trace.functions[i]!.trigger === 'timer');
        expect(app.pattern === 'periodic').toBe(timerOnly);
      }
    });

    it('gives 54% of apps a single function', () => {
      const single = apps.filter((a) => a.functionIndices.length === 1).length / apps.length;
      expect(Math.abs(single - 0.54)).toBeLessThan(0.05);
      const atMost10 = apps.filter((a) => a.functionIndices.length <= 10).length / apps.length;
      expect(Math.abs(atMost10 - 0.95)).toBeLessThan(0.03);
    });

    it('draws average execution times from the log-normal fit (median e^-0.38 s = 684 ms)', () => {
      const expected = 1000 * Math.exp(AZURE_2019_FITS.executionLogMean.value);
      expect(expected).toBeCloseTo(683.9, 1);
      const averages = trace.functions.map((f) => impliedMeanMs(f.durationPercentilesMs));
      expect(Math.abs(median(averages) / expected - 1)).toBeLessThan(0.03);
      // Spread: the quartiles of ln(average) sit at -0.38 -/+ 0.6745 x 2.36.
      const logs = averages.map((a) => Math.log(a / 1000)).sort((a, b) => a - b);
      expect(logs[Math.round(0.25 * logs.length)]!).toBeCloseTo(-0.38 - 0.6745 * 2.36, 1);
      expect(logs[Math.round(0.75 * logs.length)]!).toBeCloseTo(-0.38 + 0.6745 * 2.36, 1);
    });

    it('draws app memory from the Burr XII fit (median 139.6 MiB)', () => {
      const { memoryBurrC: c, memoryBurrK: k, memoryBurrLambda: lambda } = AZURE_2019_FITS;
      const expected = lambda.value * Math.pow(Math.pow(2, 1 / k.value) - 1, 1 / c.value);
      expect(expected).toBeCloseTo(139.63, 2);
      expect(Math.abs(median(apps.map((a) => a.memoryMiB)) / expected - 1)).toBeLessThan(0.01);
      // Every function carries its app's memory.
      for (const a of apps)
        for (const i of a.functionIndices) expect(trace.functions[i]!.memoryMiB).toBe(a.memoryMiB);
    });

    it('replays each app at its drawn rate', () => {
      // Apps with enough arrivals: observed / expected within 3 standard errors of a CV-scaled count.
      for (const [i, a] of apps.entries()) {
        const expected = a.dailyInvocations;
        if (expected < 1000 || a.pattern === 'bursty') continue;
        const tolerance = 3 * Math.max(1, a.cv) * Math.sqrt(expected) + 1;
        expect(Math.abs(totals[i]! - expected)).toBeLessThan(tolerance);
      }
    });
  });

  it('round-trips through the CSV format', () => {
    const trace = generateAzureLikeTrace({ seed: 12, functions: 120, minutes: 1440 });
    const back = parseAzureTrace(formatAzureTrace(trace), { source: trace.source });
    expect(back).toEqual({ ok: true, value: trace });
  });
});

describe('azureSampleTrace', () => {
  it('is the generator at the sample options, built once and frozen', () => {
    const sample = azureSampleTrace();
    expect(azureSampleTrace()).toBe(sample);
    expect(AZURE_SAMPLE_OPTIONS).toEqual({ seed: 1094, functions: 200, minutes: 120 });
    expect(sample).toEqual(generateAzureLikeTrace(AZURE_SAMPLE_OPTIONS));
    expect(Object.isFrozen(sample.functions[0]!.invocationsPerMinute)).toBe(true);
    expect(() => (sample.functions as unknown[]).push(1)).toThrow(TypeError);
  });

  it('has the statistics its documentation states', () => {
    const { trace, apps } = generateAzureLikeWorkload(AZURE_SAMPLE_OPTIONS);
    const totals = appTotals(trace, apps);
    expect(apps).toHaveLength(80);
    expect(sum(totals)).toBe(75_948);
    expect(totals.filter((t) => t <= 2)).toHaveLength(37); // 46.3% at most hourly
    expect(totals.filter((t) => t <= 120)).toHaveLength(65); // 81.3% at most once a minute
    expect(topShare(totals, 0.186)).toBeCloseTo(0.99, 3);
    // The two busiest apps take three quarters of all invocations.
    expect(topShare(totals, 2 / 80)).toBeCloseTo(0.764, 3);
    expect(trace.functions.filter((f) => f.invocationsPerMinute.every((c) => c === 0))).toHaveLength(96);
    expect(apps.filter((a) => a.cv > 1)).toHaveLength(32);
    expect(trace.functions.filter((f) => f.trigger === 'http')).toHaveLength(110);
    // Mean CPU demand if every traced millisecond were CPU: 7.0 cores over the two hours.
    const coreSeconds = sum(
      trace.functions.map(
        (f) => (sum(f.invocationsPerMinute) * percentileTableMeanMs(f.durationPercentilesMs)) / 1000,
      ),
    );
    expect(coreSeconds / 7200).toBeCloseTo(6.99, 2);
  });

  it('is what examples/traces/azure-sample/ holds', () => {
    const dir = resolve(import.meta.dirname, '../../examples/traces/azure-sample');
    const read = (name: string) => readFileSync(resolve(dir, name), 'utf8');
    const files = {
      invocations: read(AZURE_FILE_NAMES.invocations),
      durations: read(AZURE_FILE_NAMES.durations),
      memory: read(AZURE_FILE_NAMES.memory),
    };
    expect(files).toEqual(formatAzureTrace(azureSampleTrace()));
    expect(parseAzureTrace(files, { source: azureSampleTrace().source })).toEqual({
      ok: true,
      value: azureSampleTrace(),
    });
  });
});
