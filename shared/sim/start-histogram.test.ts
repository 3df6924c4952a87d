import { describe, expect, it } from 'vitest';
import { defaultCompareScenario, type CompareScenario } from '../scenario';
import { RunSummarySchema } from '../protocol';
import { createCompareSimulation } from './compare-model';
import {
  START_HISTOGRAM_EDGES_MS,
  StartHistogramRecorder,
  startBinOf,
  startHistogramTotal,
} from './start-histogram';

describe('start latency histogram', () => {
  it('has four log-spaced bins per decade from 0.1 ms to 1,000 s', () => {
    expect(START_HISTOGRAM_EDGES_MS[0]).toBe(0.1);
    expect(START_HISTOGRAM_EDGES_MS.at(-1)).toBe(1e6);
    expect(START_HISTOGRAM_EDGES_MS).toHaveLength(29);
    expect(START_HISTOGRAM_EDGES_MS).toContain(1);
    expect(START_HISTOGRAM_EDGES_MS).toContain(1000);
  });

  it('puts a value in the bin whose edges hold it, edges included on the left', () => {
    expect(startBinOf(0.05)).toBe(-1);
    expect(startBinOf(0.1)).toBe(0);
    expect(startBinOf(1)).toBe(4);
    expect(startBinOf(0.999)).toBe(3);
    expect(startBinOf(125)).toBe(12); // [100, 177.8)
    expect(startBinOf(1e6)).toBe(28);
    for (let ms = 0.11; ms < 1e6; ms *= 1.37) {
      const bin = startBinOf(ms);
      expect(START_HISTOGRAM_EDGES_MS[bin]).toBeLessThanOrEqual(ms);
      expect(START_HISTOGRAM_EDGES_MS[bin + 1]).toBeGreaterThan(ms);
    }
  });

  it('counts every recorded value once, out-of-range ones in underflow and overflow', () => {
    const recorder = new StartHistogramRecorder();
    for (const ms of [0.01, 3, 3, 250, 40_000, 5e6]) recorder.record(ms);
    const h = recorder.snapshot();
    expect(h.underflow).toBe(1);
    expect(h.overflow).toBe(1);
    expect(h.counts[startBinOf(3)]).toBe(2);
    expect(startHistogramTotal(h)).toBe(6);
    expect(h.counts).toHaveLength(h.edgesMs.length - 1);
  });
});

describe('start latency histogram in the compare model', () => {
  const scenario: CompareScenario = { ...defaultCompareScenario(), horizonS: 240 };

  it('holds exactly the instances that became ready, and agrees with the run median', () => {
    const sim = createCompareSimulation(scenario, 11);
    const ids = scenario.platforms.map((p) => p.id);
    const started = Object.fromEntries(ids.map((id) => [id, 0]));
    const ready = Object.fromEntries(ids.map((id) => [id, sim.platformState(id).instancesReady]));
    // One event at a time: an instance becoming ready is the only event that raises the ready count.
    while (!sim.done) {
      sim.step();
      for (const id of ids) {
        const now = sim.platformState(id).instancesReady;
        started[id]! += Math.max(0, now - ready[id]!);
        ready[id] = now;
      }
    }
    const summary = sim.summary();
    expect(() => RunSummarySchema.parse(summary)).not.toThrow();
    for (const p of summary.platforms) {
      const total = startHistogramTotal(p.startLatencyHistogram);
      expect(total).toBe(started[p.platform]);
      expect(total).toBeGreaterThan(0);
      // The bin holding the median start holds the reported P50 (1% quantile error allowed).
      let seen = 0;
      const bin = p.startLatencyHistogram.counts.findIndex((n) => (seen += n) >= Math.ceil(total / 2));
      expect(p.startLatencyP50Ms! * 1.01).toBeGreaterThanOrEqual(p.startLatencyHistogram.edgesMs[bin]!);
      expect(p.startLatencyP50Ms! * 0.99).toBeLessThan(p.startLatencyHistogram.edgesMs[bin + 1]!);
    }
  });

  it('is the same for the same scenario and seed', () => {
    const histograms = (seed: number) => {
      const sim = createCompareSimulation(scenario, seed);
      sim.advanceTo(scenario.horizonS);
      return sim.summary().platforms.map((p) => p.startLatencyHistogram);
    };
    expect(histograms(5)).toEqual(histograms(5));
    expect(histograms(5)).not.toEqual(histograms(6));
  });
});
