import { describe, expect, it } from 'vitest';
import { defaultCompareScenario, type ArrivalsSpec, type CompareScenario } from '../scenario';
import type { WorkloadTrace } from '../trace/types';
import {
  createArrivalSource,
  diurnalRate,
  durationTable,
  durationTableMean,
  IoOpsDraw,
  sampleDuration,
  TraceArrivals,
} from './arrivals';
import { Random } from './random';

function withArrivals(arrivals: ArrivalsSpec): CompareScenario {
  const s = defaultCompareScenario();
  s.workload.arrivals = arrivals;
  return s;
}

/** Arrival times before `until`. */
function times(
  scenario: CompareScenario,
  seed: number,
  until: number,
  trace: WorkloadTrace | null = null,
): number[] {
  const source = createArrivalSource(scenario, trace, new Random(seed))!;
  const out: number[] = [];
  while (source.nextTime < until) {
    out.push(source.nextTime);
    source.advance();
  }
  return out;
}

describe('open arrivals', () => {
  it('poisson: the count over 10,000 s is rate x time within 4 standard deviations', () => {
    const t = times(withArrivals({ kind: 'poisson', ratePerS: 20 }), 1, 10_000);
    expect(Math.abs(t.length - 200_000)).toBeLessThan(4 * Math.sqrt(200_000));
    let ordered = true;
    for (let i = 1; i < t.length; i++) ordered &&= t[i]! >= t[i - 1]!;
    expect(ordered).toBe(true);
  });

  it('bursty: factor x rate inside the burst window only', () => {
    const t = times(
      withArrivals({ kind: 'bursty', ratePerS: 10, burst: { startS: 1000, durationS: 1000, factor: 5 } }),
      2,
      3000,
    );
    const inside = t.filter((x) => x >= 1000 && x < 2000).length;
    const outside = t.length - inside;
    expect(Math.abs(inside - 50_000)).toBeLessThan(4 * Math.sqrt(50_000));
    expect(Math.abs(outside - 20_000)).toBeLessThan(4 * Math.sqrt(20_000));
  });

  it('diurnal: mean rate over whole periods, peak half above trough half by the sinusoid', () => {
    // mean 50/s, peak / trough = 4 -> a = 0.6; 10 periods of 1000 s.
    const t = times(
      withArrivals({ kind: 'diurnal', meanRatePerS: 50, peakToTrough: 4, periodS: 1000 }),
      3,
      10_000,
    );
    expect(Math.abs(t.length - 500_000)).toBeLessThan(4 * Math.sqrt(500_000)); // within 0.6%
    // First half of each period: m P / 2 + m a P / pi; second half: m P / 2 - m a P / pi.
    const rising = t.filter((x) => x % 1000 < 500).length;
    const expectedRising = 10 * (50 * 500 + (50 * 0.6 * 1000) / Math.PI);
    expect(Math.abs(rising - expectedRising)).toBeLessThan(4 * Math.sqrt(expectedRising));
    expect(diurnalRate(50, 4, 1000, 250)).toBeCloseTo(80, 9); // peak = 2r / (1 + r) x mean
    expect(diurnalRate(50, 4, 1000, 750)).toBeCloseTo(20, 9); // trough = 2 / (1 + r) x mean
  });

  it('draws whole I/O counts whose mean is the fractional mean', () => {
    const draw = new IoOpsDraw(2.25);
    const rng = new Random(4);
    let sum = 0;
    let whole = true;
    for (let i = 0; i < 100_000; i++) {
      const n = draw.draw(rng);
      whole &&= n === 2 || n === 3;
      sum += n;
    }
    expect(whole).toBe(true);
    expect(sum / 100_000).toBeCloseTo(2.25, 2);
  });
});

describe('trace replay', () => {
  const trace: WorkloadTrace = {
    source: 'test',
    minutes: 3,
    functions: [
      {
        id: 'a',
        app: 'x',
        trigger: 'http',
        invocationsPerMinute: [3, 0, 1000],
        durationPercentilesMs: [
          { p: 0, ms: 10 },
          { p: 100, ms: 30 },
        ],
        memoryMiB: 128,
      },
      {
        id: 'b',
        app: 'y',
        trigger: 'timer',
        invocationsPerMinute: [1, 0, 500],
        durationPercentilesMs: [
          { p: 0, ms: 100 },
          { p: 50, ms: 200 },
          { p: 100, ms: 1000 },
        ],
        memoryMiB: 256,
      },
    ],
  };

  it('replays exactly the per-minute counts, in time order, spread over each minute', () => {
    const source = new TraceArrivals(trace, 1, new Random(5), new IoOpsDraw(0));
    const perMinute = [
      [0, 0],
      [0, 0],
      [0, 0],
    ];
    let previous = -1;
    let lateHalf = 0;
    while (source.nextTime < Infinity) {
      const minute = Math.floor(source.nextTime / 60);
      perMinute[minute]![source.nextFunction]!++;
      expect(source.nextTime).toBeGreaterThanOrEqual(previous);
      previous = source.nextTime;
      if (minute === 2 && source.nextTime >= 150) lateHalf++;
      const ms = source.nextDemandS * 1000;
      if (source.nextFunction === 0) expect(ms >= 10 && ms <= 30).toBe(true);
      else expect(ms >= 100 && ms <= 1000).toBe(true);
      source.advance();
    }
    expect(perMinute).toEqual([
      [3, 1],
      [0, 0],
      [1000, 500],
    ]);
    expect(Math.abs(lateHalf - 750)).toBeLessThan(4 * Math.sqrt(1500 * 0.25)); // uniform within the minute
  });

  it('scales trace time', () => {
    const source = new TraceArrivals(trace, 0.1, new Random(5), new IoOpsDraw(0));
    let last = 0;
    while (source.nextTime < Infinity) {
      last = source.nextTime;
      source.advance();
    }
    expect(last).toBeGreaterThan(12);
    expect(last).toBeLessThan(18); // minute 2 ends at 3 x 6 s
  });

  it('samples durations by piecewise-linear inverse CDF of the percentile table', () => {
    const table = durationTable(trace.functions[1]!.durationPercentilesMs);
    expect(sampleDuration(table, 0)).toBe(100);
    expect(sampleDuration(table, 0.25)).toBeCloseTo(150, 9);
    expect(sampleDuration(table, 0.5)).toBeCloseTo(200, 9);
    expect(sampleDuration(table, 0.75)).toBeCloseTo(600, 9);
    expect(durationTableMean(table)).toBeCloseTo(0.5 * 150 + 0.5 * 600, 9);
  });
});
