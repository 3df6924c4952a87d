import { describe, expect, it } from 'vitest';
import { costPerMillionRequestsUsd, groupByPlatform, latencyBreakdown, overheadTotals } from './metrics';
import { defaultCompareScenario } from './scenario';
import { createCompareSimulation } from './sim/compare-model';

describe('metrics from streamed samples', () => {
  const scenario = defaultCompareScenario();
  const sim = createCompareSimulation(scenario, 5);
  const byPlatform = groupByPlatform(sim.advanceTo(scenario.horizonS));
  const summary = sim.summary();

  it('splits latency into wait, CPU, disk, network and warm-start overhead', () => {
    for (const p of summary.platforms) {
      const b = latencyBreakdown(byPlatform[p.platform]!);
      expect(b.completed).toBe(p.completed);
      const sum = b.queueWaitMs + b.cpuMs + b.ioMs + b.networkMs + b.otherMs;
      expect(sum).toBeCloseTo(p.latencyMeanMs!, 6);
      expect(b.networkMs).toBeGreaterThan(0.06); // 37 us + platform path + transfer
    }
    // Only serverless pays a warm-start overhead (25 ms, not for cold starts).
    const fn = latencyBreakdown(byPlatform['faas-microvm']!);
    expect(fn.otherMs).toBeGreaterThan(24.5);
    expect(fn.otherMs).toBeLessThan(25);
    expect(latencyBreakdown(byPlatform.runc!).otherMs).toBeCloseTo(0, 6);
    expect(latencyBreakdown([])).toMatchObject({ completed: 0, cpuMs: 0 });
  });

  it('averages CPU and memory over time', () => {
    const kvm = overheadTotals(byPlatform.kvm!);
    expect(kvm.cpuUsefulCores).toBeGreaterThan(5);
    expect(kvm.memoryOverheadGiB).toBeGreaterThan(kvm.memoryAppGiB);
  });
});

describe('cost per million requests', () => {
  it('divides the run cost by the completed requests, and is undefined without any', () => {
    expect(costPerMillionRequestsUsd({ costUsd: 0.1, completed: 50_000 })).toBeCloseTo(2, 12);
    expect(costPerMillionRequestsUsd({ costUsd: 0.1, completed: 0 })).toBeNull();
  });
});
