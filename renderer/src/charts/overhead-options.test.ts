import { describe, expect, it } from 'vitest';
import { defaultCompareScenario } from '../../../shared/scenario';
import { createCompareSimulation } from '../../../shared/sim/compare-model';
import { startHistogramTotal } from '../../../shared/sim/start-histogram';
import type { Translate } from './density-packing-option';
import { OVERHEAD_RESOURCES, overheadBreakdownOption } from './overhead-breakdown-option';
import { startSources } from './platform-sources';
import { histogramSteps, modelBinShare, normalCdf, startLatencyOption } from './start-latency-option';

const t: Translate = (key) => key;
const scenario = { ...defaultCompareScenario(), horizonS: 300 };
const sim = createCompareSimulation(scenario, 3);
sim.advanceTo(scenario.horizonS);
const summary = sim.summary();

describe('overhead breakdown chart', () => {
  it('draws each platform’s four overhead shares from the summary, in %', () => {
    const option = overheadBreakdownOption(summary, t);
    const series = option.series as Array<{ id: string; data: number[] }>;
    expect(series.map((s) => s.id)).toEqual(OVERHEAD_RESOURCES.map((r) => r.key));
    for (const [i, resource] of OVERHEAD_RESOURCES.entries()) {
      expect(series[i]!.data).toEqual(
        summary.platforms.map((p) => Number(p.overheadBreakdown[resource.key].toFixed(1))),
      );
    }
    // Real numbers: a full VM pays more memory overhead than a container.
    const memory = series[1]!.data;
    expect(memory[0]).toBeGreaterThan(memory[1]!);
  });
});

describe('start time chart', () => {
  it('turns a histogram into a closed step outline whose shares add up to the drawn starts', () => {
    for (const p of summary.platforms) {
      const h = p.startLatencyHistogram;
      const total = startHistogramTotal(h);
      const steps = histogramSteps(h);
      if (total === 0) {
        expect(steps).toEqual([]);
        continue;
      }
      expect(steps.at(-1)![1]).toBe(0);
      const shares = steps.reduce((sum, [, share]) => sum + share, 0);
      const inRange = ((total - h.underflow - h.overflow) / total) * 100;
      expect(shares).toBeCloseTo(inRange, 0);
      for (const [edge] of steps) expect(h.edgesMs).toContain(edge);
    }
  });

  it('has one series per platform that started instances, on a log time axis', () => {
    const option = startLatencyOption(summary, t, 'en');
    const series = option.series as Array<{ id: string; data: Array<[number, number]> }>;
    const started = summary.platforms.filter((p) => startHistogramTotal(p.startLatencyHistogram) > 0);
    expect(series.map((s) => s.id)).toEqual(started.map((p) => p.platform));
    expect((option.xAxis as { type: string }).type).toBe('log');
    series.forEach((s, i) => expect(s.data).toEqual(histogramSteps(started[i]!.startLatencyHistogram)));
  });
});

describe('start time model', () => {
  it('matches the normal CDF at known points', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
  });

  it('spreads the whole log-normal over the bins, and the run drew close to it', () => {
    for (const p of summary.platforms) {
      const model = startSources(scenario, p.platform);
      const h = p.startLatencyHistogram;
      const shares = h.counts.map((_, bin) => modelBinShare(model, h.edgesMs[bin]!, h.edgesMs[bin + 1]!));
      expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 3);
      if (startHistogramTotal(h) === 0) continue;
      // The bin the model favours most is within one bin of the one the run filled most.
      const modelPeak = shares.indexOf(Math.max(...shares));
      const drawnPeak = h.counts.indexOf(Math.max(...h.counts));
      expect(Math.abs(modelPeak - drawnPeak)).toBeLessThanOrEqual(1);
    }
  });
});
