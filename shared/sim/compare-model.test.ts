import { describe, expect, it } from 'vitest';
import { defaultCompareScenario, type CompareScenario } from '../scenario';
import { computeDensity, createCompareSimulation, hostUsableMemoryMiB } from './compare-model';
import type { MetricSample } from './types';

function run(scenario: CompareScenario, seed: number) {
  const sim = createCompareSimulation(scenario, seed);
  const samples = sim.advanceTo(scenario.horizonS);
  return { sim, samples, summary: sim.summary() };
}

function withWorkload(
  overrides: Partial<CompareScenario['workload']>,
  rest: Partial<CompareScenario> = {},
): CompareScenario {
  const base = defaultCompareScenario();
  return { ...base, ...rest, workload: { ...base.workload, ...overrides } };
}

const relativeError = (actual: number, expected: number): number => Math.abs(actual / expected - 1);

/** Completion-weighted mean latency over samples. */
function meanLatency(samples: MetricSample[]): number {
  let sum = 0;
  let count = 0;
  for (const s of samples) {
    if (s.latencyMeanMs !== null) {
      sum += s.latencyMeanMs * s.completed;
      count += s.completed;
    }
  }
  return sum / count;
}

describe('compare model: determinism and driving', () => {
  it('gives bit-identical samples and summary for the same seed, different ones for another', () => {
    const scenario = defaultCompareScenario();
    const a = run(scenario, 42);
    const b = run(scenario, 42);
    expect(b.samples).toEqual(a.samples);
    expect(b.summary).toEqual(a.summary);
    const c = run(scenario, 43);
    expect(c.samples).not.toEqual(a.samples);
    expect(c.summary.platforms[0]!.arrivals).not.toBe(a.summary.platforms[0]!.arrivals);
  });

  it('gives a platform the same results whether or not other platforms run beside it', () => {
    const scenario = defaultCompareScenario();
    const together = run(scenario, 21);
    for (const platform of scenario.platforms) {
      const alone = run({ ...scenario, platforms: [platform] }, 21);
      expect(alone.samples).toEqual(together.samples.filter((s) => s.platform === platform));
      expect(alone.summary.platforms[0]).toEqual(
        together.summary.platforms.find((p) => p.platform === platform),
      );
    }
  });

  it('gives the same result in chunks, one event at a time, or in one call', () => {
    const scenario: CompareScenario = { ...defaultCompareScenario(), horizonS: 61 };
    const whole = run(scenario, 7);

    const chunked = createCompareSimulation(scenario, 7);
    const chunkedSamples: MetricSample[] = [];
    for (let t = 0; !chunked.done; t += 7.3) chunkedSamples.push(...chunked.advanceTo(t));
    expect(chunkedSamples).toEqual(whole.samples);
    expect(chunked.summary()).toEqual(whole.summary);

    const stepped = createCompareSimulation(scenario, 7);
    const steppedSamples: MetricSample[] = [];
    let steps = 0;
    while (!stepped.done) {
      steppedSamples.push(...stepped.step());
      steps++;
    }
    expect(steppedSamples).toEqual(whole.samples);
    expect(stepped.summary()).toEqual(whole.summary);
    expect(steps).toBe(whole.summary.eventsProcessed + 1); // + the call that closes the run
    expect(stepped.now).toBe(61);
    expect(stepped.advanceTo(1000)).toEqual([]);
  });

  it('emits one sample per platform per interval, plus the partial interval at the horizon', () => {
    const scenario: CompareScenario = { ...defaultCompareScenario(), horizonS: 61, sampleIntervalS: 5 };
    const sim = createCompareSimulation(scenario, 1);
    expect(sim.advanceTo(4.9)).toEqual([]);
    expect(sim.now).toBe(4.9);
    const first = sim.advanceTo(5);
    expect(first.map((s) => [s.t, s.platform])).toEqual([
      [5, 'vm'],
      [5, 'container'],
      [5, 'serverless'],
    ]);
    const rest = sim.advanceTo(100);
    expect(sim.done).toBe(true);
    expect(sim.now).toBe(61);
    const times = [...new Set(rest.map((s) => s.t))];
    expect(times).toEqual([10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 61]);
    expect(rest.length).toBe(12 * 3);
  });
});

describe('compare model: density', () => {
  it('matches hand-computed numbers for the default scenario', () => {
    const scenario = defaultCompareScenario(); // 16 cores, 64 GiB, 256 MiB per instance
    // 64 x 1024 - 2048 MiB host reservation
    expect(hostUsableMemoryMiB(scenario)).toBe(63_488);
    // VM: 256 + 512 guest OS + 131 QEMU = 899 MiB -> 70.6; one pinned vCPU per core -> 16.
    expect(computeDensity(scenario, 'vm')).toEqual({
      instances: 16,
      binding: 'cpu',
      byResource: { memory: 70, cpu: 16 },
      perInstanceMiB: 899,
      perInstanceOverheadMiB: 643,
    });
    // Container: 256 + 5.2 shim = 261.2 MiB -> 243.06; 16 cores / 0.25 request -> 64.
    expect(computeDensity(scenario, 'container')).toEqual({
      instances: 64,
      binding: 'cpu',
      byResource: { memory: 243, cpu: 64 },
      perInstanceMiB: 261.2,
      perInstanceOverheadMiB: 5.2,
    });
    // Serverless: 256 + 5 VMM + 32 guest kernel = 293 MiB -> 216.7; 16 / (256 / 1769) -> 110.6.
    expect(computeDensity(scenario, 'serverless')).toEqual({
      instances: 110,
      binding: 'cpu',
      byResource: { memory: 216, cpu: 110 },
      perInstanceMiB: 293,
      perInstanceOverheadMiB: 37,
    });
  });

  it('finds memory binding for large instances, and memory wins ties', () => {
    const big = withWorkload({ appMemoryMiB: 4096 });
    // VM: 63488 / 4739 = 13.4; container: 63488 / 4101.2 = 15.5; serverless CPU: 16 / (4096 / 1769) = 6.9.
    expect(computeDensity(big, 'vm')).toMatchObject({ instances: 13, binding: 'memory' });
    expect(computeDensity(big, 'container')).toMatchObject({ instances: 15, binding: 'memory' });
    expect(computeDensity(big, 'serverless')).toMatchObject({ instances: 6, binding: 'cpu' });
    // 16.0625 GiB -> 14400 MiB usable -> 14400 / 899 = 16.02: 16 by memory and 16 by CPU.
    const tie: CompareScenario = { ...defaultCompareScenario(), host: { cores: 16, ramGiB: 16.0625 } };
    expect(computeDensity(tie, 'vm')).toMatchObject({
      instances: 16,
      binding: 'memory',
      byResource: { memory: 16, cpu: 16 },
    });
    // A host smaller than its reservation fits nothing.
    const tiny: CompareScenario = { ...defaultCompareScenario(), host: { cores: 4, ramGiB: 1 } };
    expect(computeDensity(tiny, 'container').instances).toBe(0);
  });

  it('fits more containers than VMs on the same host', () => {
    for (const scenario of [defaultCompareScenario(), withWorkload({ appMemoryMiB: 4096 })]) {
      const vm = computeDensity(scenario, 'vm');
      const container = computeDensity(scenario, 'container');
      expect(container.instances).toBeGreaterThan(vm.instances);
      expect(container.byResource.memory).toBeGreaterThan(vm.byResource.memory);
    }
  });

  it('never runs more instances than fit', () => {
    const { summary } = run(defaultCompareScenario(), 3);
    for (const p of summary.platforms) expect(p.peakInstances).toBeLessThanOrEqual(p.density.instances);
    expect(summary.platforms.find((p) => p.platform === 'vm')!.peakInstances).toBe(16); // the burst needs all
  });
});

describe('compare model: load and queueing', () => {
  it('gives every platform the same requests (common random numbers)', () => {
    const { samples, summary } = run(defaultCompareScenario(), 5);
    const byTime = new Map<number, number[]>();
    for (const s of samples) byTime.set(s.t, [...(byTime.get(s.t) ?? []), s.arrivals]);
    for (const arrivals of byTime.values()) expect(new Set(arrivals).size).toBe(1);
    const totals = summary.platforms.map((p) => p.arrivals);
    expect(new Set(totals).size).toBe(1);
    // 40/s for 480 s + 120/s for 120 s = 33,600 expected; Poisson sd ~183.
    expect(Math.abs(totals[0]! - 33_600)).toBeLessThan(4 * 183);
  });

  it('conserves requests: arrivals = completed + rejected + in system', () => {
    const scenarios = [defaultCompareScenario(), overloadedSingleInstance()];
    for (const scenario of scenarios) {
      const { sim, samples, summary } = run(scenario, 11);
      for (const p of summary.platforms) {
        const state = sim.platformState(p.platform);
        expect(p.arrivals).toBe(p.completed + p.rejected + state.busy + state.queued);
        const mine = samples.filter((s) => s.platform === p.platform);
        expect(mine.reduce((n, s) => n + s.arrivals, 0)).toBe(p.arrivals);
        expect(mine.reduce((n, s) => n + s.completed, 0)).toBe(p.completed);
        expect(mine.reduce((n, s) => n + s.rejected, 0)).toBe(p.rejected);
      }
    }
  });

  it('rejects requests once the queue holds 10,000', () => {
    const { sim, samples, summary } = run(overloadedSingleInstance(), 2);
    const p = summary.platforms[0]!;
    expect(p.rejected).toBeGreaterThan(0);
    expect(sim.platformState('container').queued).toBe(10_000);
    expect(Math.max(...samples.map((s) => s.queueLength))).toBe(10_000);
  });

  it('matches M/M/1: one instance, factor 1, rho = 0.3 gives mean latency S / (1 - rho)', () => {
    // Container on 1 core; 2.5 GiB leaves 512 MiB, room for exactly one 400 MiB instance.
    const scenario: CompareScenario = {
      ...defaultCompareScenario(),
      horizonS: 100_000,
      sampleIntervalS: 100,
      host: { cores: 1, ramGiB: 2.5 },
      platforms: ['container'],
      workload: { requestRatePerS: 3, serviceTimeMs: 100, appMemoryMiB: 400, burst: null },
    };
    expect(computeDensity(scenario, 'container').instances).toBe(1);
    const { samples, summary } = run(scenario, 1);
    const p = summary.platforms[0]!;
    expect(p.peakInstances).toBe(1);
    // Sojourn time in M/M/1 FIFO is exponential with rate mu - lambda = 7/s (+ 0.037 ms Docker NAT).
    const natMs = 0.037;
    expect(relativeError(meanLatency(samples), 1000 / 7 + natMs)).toBeLessThan(0.02);
    expect(relativeError(p.latencyP50Ms!, (1000 / 7) * Math.LN2 + natMs)).toBeLessThan(0.03);
    expect(relativeError(p.latencyP95Ms!, (1000 / 7) * Math.log(20) + natMs)).toBeLessThan(0.03);
    expect(relativeError(p.latencyP99Ms!, (1000 / 7) * Math.log(100) + natMs)).toBeLessThan(0.03);
    // Utilisation: the one instance is busy 30% of the time.
    const busy = samples.reduce((sum, s) => sum + s.instancesBusy, 0) / samples.length;
    expect(busy).toBeCloseTo(0.3, 2);
  });
});

describe('compare model: CPU and memory accounting', () => {
  it('spends useful cores equal to the offered load: rate x service time', () => {
    const scenario = defaultCompareScenario();
    const { samples } = run(scenario, 9);
    // (40 x 480 s + 120 x 120 s) / 600 s x 0.1 s = 5.6 cores on average.
    const offered = ((40 * 480 + 120 * 120) / 600) * 0.1;
    for (const platform of scenario.platforms) {
      let coreSeconds = 0;
      let previous = 0;
      for (const s of samples.filter((x) => x.platform === platform)) {
        coreSeconds += s.cpuUsefulCores * (s.t - previous);
        previous = s.t;
      }
      expect(relativeError(coreSeconds / scenario.horizonS, offered), platform).toBeLessThan(0.03);
    }
  });

  it('splits CPU overhead by platform: none for containers, 5% for Firecracker, KVM tax plus idle guests', () => {
    const { samples, summary } = run(defaultCompareScenario(), 9);
    const byPlatform = Object.fromEntries(summary.platforms.map((p) => [p.platform, p]));
    expect(byPlatform.container!.cpuOverheadPct).toBe(0);
    expect(byPlatform.serverless!.cpuOverheadPct).toBeCloseTo(5, 6); // 1 - 0.95
    // KVM: useful x (290.8 / 284.2 - 1) = 2.27% of the total, plus 0.01 core per running VM.
    expect(byPlatform.vm!.cpuOverheadPct).toBeGreaterThan(100 * (1 - 284.2 / 290.8));
    for (const s of samples.filter((x) => x.platform === 'vm')) {
      const taxOnly = s.cpuUsefulCores * (290.8 / 284.2 - 1);
      expect(s.cpuOverheadCores).toBeGreaterThanOrEqual(taxOnly + 0.01 * 5.99);
    }
  });

  it('counts platform memory per running instance', () => {
    const { samples, summary } = run(defaultCompareScenario(), 9);
    const overheadMiB = { vm: 643, container: 5.2, serverless: 37 };
    for (const s of samples) {
      const running = s.instancesReady + s.instancesStarting;
      expect(s.memoryAppMiB).toBe(running * 256);
      expect(s.memoryOverheadMiB).toBeCloseTo(running * overheadMiB[s.platform], 9);
    }
    for (const p of summary.platforms) {
      expect(p.memoryOverheadPct).toBeCloseTo(
        (100 * p.density.perInstanceOverheadMiB) / p.density.perInstanceMiB,
        9,
      );
    }
  });
});

describe('compare model: scaling', () => {
  it('starts VMs and containers in steady state, scales up for the burst and back down', () => {
    const { samples } = run(defaultCompareScenario(), 4);
    for (const platform of ['vm', 'container'] as const) {
      const mine = samples.filter((s) => s.platform === platform);
      // ceil(40/s x 0.1 s x slowdown / 0.7) = ceil(5.85) = 6 (VM) and ceil(5.71) = 6 (container)
      expect(mine[0]!.instancesReady).toBe(6);
      expect(mine[0]!.startLatencyMeanMs).toBeNull();
      const duringBurst = Math.max(
        ...mine.filter((s) => s.t > 240 && s.t <= 360).map((s) => s.instancesReady),
      );
      expect(duringBurst).toBeGreaterThan(12);
      expect(mine[mine.length - 1]!.instancesReady).toBeLessThan(duringBurst);
      expect(mine.every((s) => s.coldStarts === 0)).toBe(true);
    }
    // VM boots are drawn around an 8 s median, container starts around 568 ms.
    const { summary } = run(defaultCompareScenario(), 4);
    const start = Object.fromEntries(summary.platforms.map((p) => [p.platform, p.startLatencyMeanMs]));
    expect(relativeError(start.vm!, 8000 * Math.exp(0.25 ** 2 / 2))).toBeLessThan(0.15);
    expect(relativeError(start.container!, 568 * Math.exp(0.2 ** 2 / 2))).toBeLessThan(0.15);
  });

  it('serverless cold-starts at first, then serves a steady load from warm instances', () => {
    const scenario = withWorkload(
      { requestRatePerS: 20, serviceTimeMs: 50, burst: null },
      { platforms: ['serverless'] },
    );
    const { samples, summary } = run(scenario, 1);
    const fn = samples.filter((s) => s.platform === 'serverless');
    expect(fn[0]!.coldStarts).toBeGreaterThan(0);
    expect(fn[0]!.startLatencyMeanMs).not.toBeNull();
    expect(fn.filter((s) => s.t > 60).every((s) => s.coldStarts === 0)).toBe(true);
    const p = summary.platforms.find((x) => x.platform === 'serverless')!;
    expect(p.coldStarts).toBe(fn.reduce((n, s) => n + s.coldStarts, 0));
    expect(p.coldStartRatio).toBeCloseTo(p.coldStarts / p.completed, 12);
    expect(relativeError(p.startLatencyMeanMs!, 265 * Math.exp(0.25 ** 2 / 2))).toBeLessThan(0.25);
    // No queueing once warm: latency = 25 ms warm start + exponential work of mean 50 / 0.95 ms.
    expect(relativeError(p.latencyP50Ms!, 25 + Math.LN2 * (50 / 0.95))).toBeLessThan(0.04);
  });

  it('serverless scales to zero after the keep-alive', () => {
    // A 30 s burst of traffic, then nothing for 20 minutes: every instance expires after 600 s idle.
    const scenario = withWorkload(
      { requestRatePerS: 0.01, serviceTimeMs: 50, burst: { startS: 0, durationS: 30, factor: 100 } },
      { horizonS: 1_500, sampleIntervalS: 30, platforms: ['serverless'] },
    );
    const { samples } = run(scenario, 3);
    const idleStretch = samples.filter((s) => s.t >= 30 && s.t <= 1_500);
    expect(idleStretch.some((s) => s.instancesReady > 0)).toBe(true);
    const lastArrival = Math.max(...samples.filter((s) => s.arrivals > 0).map((s) => s.t));
    for (const s of samples) {
      if (s.t >= lastArrival + 600 + 30) expect(s.instancesReady).toBe(0);
    }
  });
});

/** One container on one core (density 1), offered 5x its capacity: the queue fills. */
function overloadedSingleInstance(): CompareScenario {
  return {
    ...defaultCompareScenario(),
    horizonS: 600,
    host: { cores: 1, ramGiB: 2.5 },
    platforms: ['container'],
    workload: { requestRatePerS: 50, serviceTimeMs: 100, appMemoryMiB: 400, burst: null },
  };
}
