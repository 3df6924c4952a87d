import { describe, expect, it } from 'vitest';
import { forDisplay, halveSamples, lttb, LTTB_TARGET } from './downsample';
import { latencyBreakdown, overheadTotals } from './metrics';
import { defaultCompareScenario } from './scenario';
import { createCompareSimulation } from './sim/compare-model';

describe('lttb', () => {
  it('picks the points worked out by hand on a small series', () => {
    // every = (7 - 2) / (4 - 2) = 2.5. Bucket 1 = points 1..2, next average (4, 2):
    // triangle areas x2 are 2 for (1,1) and 4 for (2,0). Bucket 2 = points 3..5 against the
    // last point (6,0): 20 for (3,5), 0 for (4,0), 4 for (5,1).
    const points: Array<[number, number]> = [
      [0, 0],
      [1, 1],
      [2, 0],
      [3, 5],
      [4, 0],
      [5, 1],
      [6, 0],
    ];
    expect(lttb(points, 4)).toEqual([
      [0, 0],
      [2, 0],
      [3, 5],
      [6, 0],
    ]);
  });

  it('returns the input when it is already short enough, or the threshold is below 3', () => {
    const points: Array<[number, number]> = [
      [0, 1],
      [1, 2],
      [2, 3],
    ];
    expect(lttb(points, 3)).toEqual(points);
    expect(lttb(points, 10)).toEqual(points);
    expect(lttb(points, 2)).toEqual(points);
    expect(lttb([], 5)).toEqual([]);
  });

  it('keeps the first and last points, the peaks, and exactly `threshold` points', () => {
    const points: Array<[number, number]> = Array.from({ length: 10_000 }, (_, i) => [
      i,
      Math.sin(i / 50) * 10,
    ]);
    points[1234] = [1234, 500];
    points[7777] = [7777, -400];
    const out = lttb(points, 300);
    expect(out).toHaveLength(300);
    expect(out[0]).toEqual([0, 0]);
    expect(out.at(-1)).toEqual(points.at(-1));
    expect(out).toContainEqual([1234, 500]);
    expect(out).toContainEqual([7777, -400]);
    // Ascending x, and every kept point is an input point.
    for (let i = 1; i < out.length; i++) expect(out[i]![0]).toBeGreaterThan(out[i - 1]![0]);
  });

  it('forDisplay thins only series longer than 2,000 points', () => {
    const short = Array.from({ length: 2_000 }, (_, i) => [i, i] as const);
    const long = Array.from({ length: 2_001 }, (_, i) => [i, i % 7] as const);
    expect(forDisplay(short)).toHaveLength(2_000);
    expect(forDisplay(long)).toHaveLength(LTTB_TARGET);
  });
});

describe('halveSamples', () => {
  const scenario = { ...defaultCompareScenario(), horizonS: 600 };
  const all = createCompareSimulation(scenario, 7).advanceTo(600);

  it('halves each platform history and keeps the overhead and latency figures', () => {
    for (const { id } of scenario.platforms) {
      const samples = all.filter((s) => s.platform === id);
      const halved = halveSamples(samples);
      expect(halved).toHaveLength(Math.ceil(samples.length / 2));
      expect(halved.at(-1)!.t).toBe(samples.at(-1)!.t);
      const before = overheadTotals(samples);
      const after = overheadTotals(halved);
      expect(after.cpuUsefulCores).toBeCloseTo(before.cpuUsefulCores, 9);
      expect(after.cpuOverheadCores).toBeCloseTo(before.cpuOverheadCores, 9);
      expect(after.memoryAppGiB).toBeCloseTo(before.memoryAppGiB, 9);
      expect(after.memoryOverheadGiB).toBeCloseTo(before.memoryOverheadGiB, 9);
      const latencyBefore = latencyBreakdown(samples);
      const latencyAfter = latencyBreakdown(halved);
      expect(latencyAfter.completed).toBe(latencyBefore.completed);
      expect(latencyAfter.cpuMs).toBeCloseTo(latencyBefore.cpuMs, 9);
      expect(latencyAfter.queueWaitMs).toBeCloseTo(latencyBefore.queueWaitMs, 9);
      const sum = (list: typeof samples, key: 'arrivals' | 'rejected' | 'coldStarts') =>
        list.reduce((total, s) => total + s[key], 0);
      expect(sum(halved, 'arrivals')).toBe(sum(samples, 'arrivals'));
      expect(sum(halved, 'rejected')).toBe(sum(samples, 'rejected'));
      expect(sum(halved, 'coldStarts')).toBe(sum(samples, 'coldStarts'));
      // The merged sample ends where its second half ended, with that sample's state.
      expect(halved[3]!.t).toBe(samples[7]!.t);
      expect(halved[3]!.instancesReady).toBe(samples[7]!.instancesReady);
    }
  });
});
