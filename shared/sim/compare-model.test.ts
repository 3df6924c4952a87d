import { azureSampleTrace } from '../trace/synthetic';
import { describe, expect, it } from 'vitest';
import {
  defaultCompareScenario,
  defaultHybridKeepAlive,
  parseWith,
  CompareScenarioSchema,
  type CompareScenario,
  type PlatformId,
  type RequestSpec,
} from '../scenario';
import type { FunctionTrace, WorkloadTrace } from '../trace/types';
import { computeDensity, createCompareSimulation, hostUsableMemoryMiB } from './compare-model';
import type { SimEvent } from './event-log';
import type { MetricSample, PlatformSummary } from './types';

/** Validates (so tests only use scenarios the app would accept) and runs to the horizon. */
function run(scenario: CompareScenario, seed: number) {
  const parsed = parseWith(CompareScenarioSchema, scenario);
  if (!parsed.ok) throw new Error(parsed.error);
  const sim = createCompareSimulation(scenario, seed);
  const samples = sim.advanceTo(scenario.horizonS);
  return { sim, samples, summary: sim.summary() };
}

function of(summary: { platforms: PlatformSummary[] }, id: PlatformId): PlatformSummary {
  return summary.platforms.find((p) => p.platform === id)!;
}

const relativeError = (actual: number, expected: number): number => Math.abs(actual / expected - 1);

/** A request with nothing but CPU work. */
const cpuOnly = (cpuMs: number): RequestSpec => ({
  cpuMs,
  ioOps: 0,
  ioKiB: 4,
  ioPattern: 'random',
  networkKiB: 0,
  syscallShare: 0,
  memoryBoundShare: 0,
});

function scenario(patch: (s: CompareScenario) => void): CompareScenario {
  const s = defaultCompareScenario();
  patch(s);
  return s;
}

/**
 * c servers in the textbook sense: bare-metal processes that each reserve a whole core on a
 * c-core host (density c), and an autoscaler that always wants them all.
 */
function fixedServers(c: number, patch: (s: CompareScenario) => void): CompareScenario {
  return scenario((s) => {
    s.hosts.cores = c;
    s.workload.request = cpuOnly(100);
    s.platforms = [
      { id: 'bare-metal', overrides: { 'process.cpuRequest': 1, 'autoscaler.targetUtilization': 0.000001 } },
    ];
    patch(s);
  });
}

/** Erlang C: probability that an arrival waits in M/M/c with offered load a = lambda / mu. */
function erlangC(c: number, a: number): number {
  let sum = 0;
  let term = 1;
  for (let k = 0; k < c; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  const last = (term * c) / (c - a);
  return last / (sum + last);
}

function fn(
  id: string,
  app: string,
  minutes: number,
  at: number[],
  ms: number,
  memoryMiB = 128,
): FunctionTrace {
  const invocationsPerMinute = new Array<number>(minutes).fill(0);
  for (const m of at) invocationsPerMinute[m]!++;
  return {
    id,
    app,
    trigger: 'timer',
    invocationsPerMinute,
    durationPercentilesMs: [
      { p: 0, ms },
      { p: 100, ms },
    ],
    memoryMiB,
  };
}

function traceScenario(
  trace: WorkloadTrace,
  platform: PlatformId,
  patch: (s: CompareScenario) => void = () => {},
) {
  return scenario((s) => {
    s.horizonS = trace.minutes * 60;
    s.sampleIntervalS = 60;
    s.workload.arrivals = { kind: 'trace', trace };
    s.workload.request = cpuOnly(1);
    s.platforms = [{ id: platform, overrides: {} }];
    patch(s);
  });
}

describe('compare model: determinism and driving', () => {
  it('gives bit-identical samples and summary for the same seed, different ones for another', () => {
    const s = defaultCompareScenario();
    const a = run(s, 42);
    const b = run(s, 42);
    expect(JSON.stringify(b.samples)).toBe(JSON.stringify(a.samples));
    expect(JSON.stringify(b.summary)).toBe(JSON.stringify(a.summary));
    const c = run(s, 43);
    expect(c.summary.platforms[0]!.arrivals).not.toBe(a.summary.platforms[0]!.arrivals);
  });

  it('gives a platform the same results whether or not other platforms run beside it', () => {
    const s = defaultCompareScenario();
    const together = run(s, 21);
    for (const platform of s.platforms) {
      const alone = run({ ...s, platforms: [platform] }, 21);
      expect(alone.samples).toEqual(together.samples.filter((x) => x.platform === platform.id));
      expect(alone.summary.platforms[0]).toEqual(of(together.summary, platform.id));
    }
  });

  it('gives the same result in chunks, one event at a time, or in one call', () => {
    const s: CompareScenario = { ...defaultCompareScenario(), horizonS: 61 };
    const whole = run(s, 7);
    const chunked = createCompareSimulation(s, 7);
    const chunkedSamples: MetricSample[] = [];
    for (let t = 0; !chunked.done; t += 7.3) chunkedSamples.push(...chunked.advanceTo(t));
    expect(chunkedSamples).toEqual(whole.samples);
    expect(chunked.summary()).toEqual(whole.summary);
    const stepped = createCompareSimulation(s, 7);
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
    const s: CompareScenario = { ...defaultCompareScenario(), horizonS: 61, sampleIntervalS: 5 };
    const sim = createCompareSimulation(s, 1);
    expect(sim.advanceTo(4.9)).toEqual([]);
    const first = sim.advanceTo(5);
    expect(first.map((x) => [x.t, x.platform])).toEqual([
      [5, 'kvm'],
      [5, 'runc'],
      [5, 'faas-microvm'],
    ]);
    const rest = sim.advanceTo(100);
    expect(sim.done).toBe(true);
    expect([...new Set(rest.map((x) => x.t))]).toEqual([10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 61]);
  });

  it('runs the default scenario fast, with sensible numbers', () => {
    // Speed is measured outside the tests (no wall clock in shared/): ~0.2 s for this run.
    const { summary } = run(defaultCompareScenario(), 42);
    expect(summary.eventsProcessed).toBeLessThan(400_000);
    for (const p of summary.platforms) {
      expect(p.completed / p.arrivals, p.platform).toBeGreaterThan(0.99);
      expect(p.rejected).toBe(0);
      expect(p.throughputPerS).toBeCloseTo(p.completed / 600, 12);
      expect(p.latencyP50Ms!).toBeGreaterThan(60); // 100 ms mean CPU, exponential: median ~69 ms
      expect(p.latencyP50Ms!).toBeLessThan(200);
    }
    const [kvm, runc, fn] = summary.platforms as [PlatformSummary, PlatformSummary, PlatformSummary];
    expect(kvm.overheadBreakdown.memoryPct).toBeGreaterThan(runc.overheadBreakdown.memoryPct);
    expect(kvm.overheadBreakdown.ioPct).toBeCloseTo(50, 9); // Felter: KVM random IOPS ~0.5x
    expect(runc.overheadBreakdown.ioPct).toBe(0);
    expect(fn.overheadBreakdown.ioPct).toBeCloseTo(100 * (1 - 13 / 340), 9);
    // 8 KiB at 10 Gbit/s = 6.55 us; native 37 us; KVM +30 us, Docker NAT +37 us.
    const wire = (8 * 1024 * 8) / 10e9;
    expect(kvm.overheadBreakdown.networkPct).toBeCloseTo((100 * 30e-6) / (wire + 37e-6 + 30e-6), 9);
    expect(runc.overheadBreakdown.networkPct).toBeCloseTo((100 * 37e-6) / (wire + 37e-6 + 37e-6), 9);
    expect(fn.coldStarts).toBeGreaterThan(0);
    expect(fn.coldStartRatio).toBeLessThan(0.01);
    expect(fn.costUsd).toBeGreaterThan(0);
    // VMs and containers pay their share of the host: never more than 16 VMs (a whole
    // 0.768 USD/h host) for 600 s, and a container reserves a quarter of a VM's core.
    expect(kvm.costUsd).toBeGreaterThan(0);
    expect(kvm.costUsd).toBeLessThanOrEqual((0.768 * 600) / 3600 + 1e-12);
    expect(runc.costUsd).toBeLessThan(kvm.costUsd);
    expect(relativeError(fn.startLatencyP50Ms!, 265)).toBeLessThan(0.2);
  });
});

describe('compare model: density', () => {
  it('matches hand-computed numbers for several presets on the default host', () => {
    const s = defaultCompareScenario(); // 16 cores, 64 GiB, 256 MiB per instance
    expect(hostUsableMemoryMiB(s)).toBe(63_488); // 64 x 1024 - 2048 MiB host reservation
    // KVM: 256 + 512 guest OS + 131 QEMU = 899 MiB -> 70.6; one pinned vCPU per core -> 16.
    expect(computeDensity(s, 'kvm')).toEqual({
      instances: 16,
      hosts: 1,
      clusterInstances: 16,
      binding: 'cpu',
      byResource: { memory: 70, cpu: 16 },
      perInstanceMiB: 899,
      perInstanceOverheadMiB: 643,
    });
    // runc: 256 + 5.2 shim -> 243.06; 16 cores / 0.25 request -> 64.
    expect(computeDensity(s, 'runc')).toMatchObject({
      instances: 64,
      binding: 'cpu',
      byResource: { memory: 243, cpu: 64 },
    });
    // Lambda-like: 256 + 5 VMM + 32 guest kernel = 293 -> 216.7; 16 / (256 / 1769) -> 110.6.
    expect(computeDensity(s, 'faas-microvm')).toMatchObject({
      instances: 110,
      byResource: { memory: 216, cpu: 110 },
    });
    // VirtualBox: 2 GiB more for the desktop host OS; 256 + 512 + 160 = 928 -> 61440 / 928 = 66.2.
    expect(computeDensity(s, 'virtualbox')).toMatchObject({
      instances: 16,
      byResource: { memory: 66, cpu: 16 },
    });
    // gVisor: 256 + 5.2 + 30 = 291.2 -> 218.0; JVM: 256 + 64 -> 198.4; bare metal: 256 -> 248.
    expect(computeDensity(s, 'gvisor').byResource.memory).toBe(218);
    expect(computeDensity(s, 'jvm-jit').byResource.memory).toBe(198);
    expect(computeDensity(s, 'bare-metal').byResource.memory).toBe(248);
  });

  it('finds memory binding for large instances, overcommit and clusters scale it', () => {
    const big = scenario((s) => (s.workload.appMemoryMiB = 4096));
    expect(computeDensity(big, 'kvm')).toMatchObject({ instances: 13, binding: 'memory' }); // 63488 / 4739
    expect(computeDensity(big, 'runc')).toMatchObject({ instances: 15, binding: 'memory' }); // / 4101.2
    expect(computeDensity(big, 'faas-microvm')).toMatchObject({ instances: 6, binding: 'cpu' }); // 16 / 2.3
    const overcommitted = scenario((s) => {
      s.workload.appMemoryMiB = 4096;
      s.memoryOvercommit = { enabled: true, ratio: 2 };
    });
    expect(computeDensity(overcommitted, 'kvm').byResource.memory).toBe(26); // 126976 / 4739 = 26.8
    const cluster = scenario((s) => (s.hosts.count = 250));
    expect(computeDensity(cluster, 'runc')).toMatchObject({
      instances: 64,
      hosts: 250,
      clusterInstances: 16_000,
    });
    const tiny = scenario((s) => Object.assign(s.hosts, { cores: 4, ramGiB: 1 }));
    expect(computeDensity(tiny, 'runc').instances).toBe(0); // smaller than its reservation
  });

  it('applies a platform override listed in the scenario', () => {
    const s = scenario((x) => (x.platforms = [{ id: 'kvm', overrides: { 'vm.guestOsMemory': 2048 } }]));
    expect(computeDensity(s, 'kvm')).toMatchObject({
      perInstanceMiB: 256 + 2048 + 131,
      byResource: { memory: 26 },
    });
  });

  it('never runs more instances than fit', () => {
    const { summary } = run(defaultCompareScenario(), 3);
    for (const p of summary.platforms)
      expect(p.peakInstances).toBeLessThanOrEqual(p.density.clusterInstances);
    expect(of(summary, 'kvm').peakInstances).toBe(16); // the burst needs them all
  });
});

describe('compare model: queueing against closed forms', () => {
  it('M/M/1: rho = 0.3 gives exponential sojourn times of rate mu - lambda', () => {
    const s = fixedServers(1, (x) => {
      x.horizonS = 100_000;
      x.sampleIntervalS = 100;
      x.workload.arrivals = { kind: 'poisson', ratePerS: 3 };
    });
    const { samples, summary } = run(s, 1);
    const p = summary.platforms[0]!;
    expect(p.peakInstances).toBe(1);
    // Sojourn ~ Exp(7/s): mean 142.9 ms, median ln 2 / 7, p95 ln 20 / 7, p99 ln 100 / 7.
    expect(relativeError(p.latencyMeanMs!, 1000 / 7)).toBeLessThan(0.02);
    expect(relativeError(p.latencyP50Ms!, (1000 / 7) * Math.LN2)).toBeLessThan(0.03);
    expect(relativeError(p.latencyP95Ms!, (1000 / 7) * Math.log(20))).toBeLessThan(0.03);
    expect(relativeError(p.latencyP99Ms!, (1000 / 7) * Math.log(100))).toBeLessThan(0.03);
    const busy = samples.reduce((sum, x) => sum + x.instancesBusy, 0) / samples.length;
    expect(busy).toBeCloseTo(0.3, 2);
  });

  it('M/M/4: rho = 0.75 matches Erlang C (wait probability and mean response)', () => {
    const s = fixedServers(4, (x) => {
      x.horizonS = 40_000;
      x.sampleIntervalS = 100;
      x.workload.arrivals = { kind: 'poisson', ratePerS: 30 };
    });
    const { samples, summary } = run(s, 2);
    const p = summary.platforms[0]!;
    expect(p.peakInstances).toBe(4);
    const mu = 10;
    const lambda = 30;
    const c = erlangC(4, lambda / mu); // 0.5094
    expect(c).toBeCloseTo(0.5094, 4);
    const meanResponseMs = (c / (4 * mu - lambda) + 1 / mu) * 1000; // 150.9 ms
    expect(relativeError(p.latencyMeanMs!, meanResponseMs)).toBeLessThan(0.03);
    let waitSum = 0;
    let completed = 0;
    for (const x of samples) {
      waitSum += x.queueWaitMeanMs! * x.completed;
      completed += x.completed;
    }
    const meanWaitMs = (c / (4 * mu - lambda)) * 1000; // 50.9 ms
    expect(relativeError(waitSum / completed, meanWaitMs)).toBeLessThan(0.05);
  });

  it('closed loop: throughput obeys the interactive response time law X = N / (R + Z)', () => {
    const s = fixedServers(4, (x) => {
      x.horizonS = 20_000;
      x.sampleIntervalS = 100;
      x.workload.arrivals = { kind: 'closed', clients: 40, thinkTimeMs: 1000 };
    });
    const { summary } = run(s, 3);
    const p = summary.platforms[0]!;
    const x = p.throughputPerS;
    const r = p.latencyMeanMs! / 1000;
    expect(relativeError(x, 40 / (r + 1))).toBeLessThan(0.01);
    expect(x).toBeLessThan(40); // bounded by c / S = 40/s ...
    expect(x).toBeGreaterThan(30); // ... and close to it: 40 clients saturate 4 servers
  });

  it('disk queue: KVM sustains about half the random 4 KiB IOPS of bare metal (Felter)', () => {
    const ioBound = (id: PlatformId) =>
      scenario((s) => {
        s.horizonS = 40;
        s.sampleIntervalS = 1;
        s.hosts.disk.randomIops = 10_000;
        s.workload.profile = 'io-random';
        s.workload.request = { ...cpuOnly(0.001), ioOps: 10 };
        s.workload.arrivals = { kind: 'closed', clients: 200, thinkTimeMs: 0 };
        s.platforms = [{ id, overrides: {} }];
      });
    const throughput = (id: PlatformId) => {
      const { samples } = run(ioBound(id), 4);
      const late = samples.filter((x) => x.t > 10);
      return late.reduce((sum, x) => sum + x.completed, 0) / 30;
    };
    const native = throughput('bare-metal');
    const kvm = throughput('kvm');
    expect(relativeError(native, 1000)).toBeLessThan(0.01); // 10,000 IOPS / 10 ops per request
    expect(relativeError(kvm / native, 0.5)).toBeLessThan(0.02);
    expect(relativeError(throughput('firecracker') / native, 13 / 340)).toBeLessThan(0.05);
  });
});

describe('compare model: network queue', () => {
  it('saturates the NIC at bandwidth / transfer size, and caps a Firecracker guest at 15 Gbit/s', () => {
    const netBound = (id: PlatformId, gbps: number) =>
      scenario((s) => {
        s.horizonS = 40;
        s.sampleIntervalS = 1;
        s.hosts.nic.bandwidthGbps = gbps;
        s.workload.request = { ...cpuOnly(0.001), networkKiB: 1024 };
        s.workload.arrivals = { kind: 'closed', clients: 100, thinkTimeMs: 0 };
        s.platforms = [{ id, overrides: {} }];
      });
    const throughput = (id: PlatformId, gbps: number) => {
      const late = run(netBound(id, gbps), 25).samples.filter((x) => x.t > 10);
      return late.reduce((sum, x) => sum + x.completed, 0) / 30;
    };
    const perRequestBits = 1024 * 1024 * 8;
    expect(relativeError(throughput('bare-metal', 1), 1e9 / perRequestBits)).toBeLessThan(0.01); // 119/s
    // The NIC stays the bottleneck at the same rate through KVM: only latency grows.
    expect(relativeError(throughput('kvm', 1), 1e9 / perRequestBits)).toBeLessThan(0.01);
    // A single request's transfer is slower through Firecracker's 15 Gbit/s on a 100 Gbit/s NIC.
    const light = (id: PlatformId) =>
      run(
        scenario((s) => {
          s.horizonS = 100;
          s.hosts.nic.bandwidthGbps = 100;
          s.workload.request = { ...cpuOnly(0.001), networkKiB: 1024 };
          s.workload.arrivals = { kind: 'poisson', ratePerS: 1 };
          s.platforms = [{ id, overrides: {} }];
        }),
        26,
      ).samples;
    const netMs = (samples: MetricSample[]) => {
      let sum = 0;
      let n = 0;
      for (const x of samples) {
        if (x.networkTimeMeanMs === null) continue;
        sum += x.networkTimeMeanMs * x.completed;
        n += x.completed;
      }
      return sum / n;
    };
    expect(netMs(light('bare-metal'))).toBeCloseTo((perRequestBits / 100e9) * 1000 + 0.037, 4);
    expect(netMs(light('firecracker'))).toBeCloseTo((perRequestBits / 15e9) * 1000 + 0.037 + 0.03, 4);
  });
});

describe('compare model: load and accounting', () => {
  it('gives every platform the same requests (common random numbers)', () => {
    const { samples, summary } = run(defaultCompareScenario(), 5);
    const byTime = new Map<number, Set<number>>();
    for (const x of samples) byTime.set(x.t, (byTime.get(x.t) ?? new Set()).add(x.arrivals));
    for (const arrivals of byTime.values()) expect(arrivals.size).toBe(1);
    const total = summary.platforms[0]!.arrivals;
    // 40/s for 480 s + 120/s for 120 s = 33,600 expected; Poisson sd ~183.
    expect(Math.abs(total - 33_600)).toBeLessThan(4 * 183);
  });

  it('conserves requests: arrivals = completed + rejected + in service + waiting', () => {
    for (const s of [defaultCompareScenario(), overloadedSingleServer()]) {
      const { sim, samples, summary } = run(s, 11);
      for (const p of summary.platforms) {
        const state = sim.platformState(p.platform);
        expect(p.arrivals).toBe(p.completed + p.rejected + state.inService + state.queued);
        const mine = samples.filter((x) => x.platform === p.platform);
        expect(mine.reduce((n, x) => n + x.arrivals, 0)).toBe(p.arrivals);
        expect(mine.reduce((n, x) => n + x.completed, 0)).toBe(p.completed);
      }
    }
  });

  it('rejects requests once the queue holds queue.capacity (10,000)', () => {
    const { sim, samples, summary } = run(overloadedSingleServer(), 2);
    expect(summary.platforms[0]!.rejected).toBeGreaterThan(0);
    expect(sim.platformState('bare-metal').queued).toBe(10_000);
    expect(Math.max(...samples.map((x) => x.queueLength))).toBe(10_000);
  });

  it('spends useful cores equal to the offered load on every platform', () => {
    const s = defaultCompareScenario();
    const { samples } = run(s, 9);
    const offered = ((40 * 480 + 120 * 120) / 600) * 0.1; // 5.6 cores
    for (const platform of s.platforms) {
      let coreSeconds = 0;
      let previous = 0;
      for (const x of samples.filter((y) => y.platform === platform.id)) {
        coreSeconds += x.cpuUsefulCores * (x.t - previous);
        previous = x.t;
      }
      expect(relativeError(coreSeconds / s.horizonS, offered), platform.id).toBeLessThan(0.03);
    }
  });

  it('taxes CPU by share: gVisor 2.2x and WINE 1.5x on system calls, Firecracker 1 / 0.95', () => {
    const taxed = (id: PlatformId) =>
      of(
        run(
          scenario((s) => {
            s.horizonS = 300;
            s.workload.request = { ...cpuOnly(100), syscallShare: 0.5 };
            s.workload.arrivals = { kind: 'poisson', ratePerS: 5 };
            s.platforms = [{ id, overrides: {} }];
          }),
          6,
        ).summary,
        id,
      );
    // Work 0.5 + 0.5 x 2.2 = 1.6 -> 0.6 / 1.6 = 37.5% overhead; WINE 0.5 + 0.75 -> 20%.
    expect(taxed('gvisor').cpuOverheadPct).toBeCloseTo(37.5, 6);
    expect(taxed('wine').cpuOverheadPct).toBeCloseTo(20, 6);
    expect(taxed('runc').cpuOverheadPct).toBe(0);
    expect(taxed('faas-microvm').cpuOverheadPct).toBeCloseTo(5, 6);
  });

  it('counts platform memory per running instance', () => {
    const { samples, summary } = run(defaultCompareScenario(), 9);
    const overheadMiB: Partial<Record<PlatformId, number>> = { kvm: 643, runc: 5.2, 'faas-microvm': 37 };
    for (const x of samples) {
      const running = x.instancesReady + x.instancesStarting;
      expect(x.memoryAppMiB).toBe(running * 256);
      expect(x.memoryOverheadMiB).toBeCloseTo(running * overheadMiB[x.platform]!, 6);
      expect(x.instancesIdle).toBeLessThanOrEqual(x.instancesReady);
    }
    for (const p of summary.platforms) {
      expect(p.memoryOverheadPct).toBeCloseTo(
        (100 * p.density.perInstanceOverheadMiB) / p.density.perInstanceMiB,
        9,
      );
    }
  });

  it('scales time by the host clock: work is defined at 3 GHz', () => {
    const at = (clockGHz: number) =>
      run(
        fixedServers(1, (s) => {
          s.hosts.clockGHz = clockGHz;
          s.horizonS = 2_000;
          s.workload.arrivals = { kind: 'poisson', ratePerS: 0.5 };
        }),
        8,
      ).summary.platforms[0]!;
    // Light load, so mean latency ~ service time: 100 ms at 3 GHz, 200 ms at 1.5 GHz.
    expect(relativeError(at(1.5).latencyMeanMs! / at(3).latencyMeanMs!, 2)).toBeLessThan(0.08);
  });

  it('changes results when a constant is overridden (untuned KVM)', () => {
    const tuned = run(defaultCompareScenario(), 12).summary;
    const untuned = run(
      scenario((s) => (s.platforms = [{ id: 'kvm', overrides: { 'kvm.tuned': 0 } }])),
      12,
    ).summary;
    const a = of(tuned, 'kvm');
    const b = of(untuned, 'kvm');
    expect(b.arrivals).toBe(a.arrivals);
    expect(a.cpuOverheadPct).toBeLessThan(5);
    expect(b.cpuOverheadPct).toBeGreaterThan(15); // 20.5% more work: 17% of all CPU
    expect(b.latencyMeanMs!).toBeGreaterThan(a.latencyMeanMs!);
  });

  it('warms up a JIT: first requests pay ~55x, later ones run at native speed', () => {
    const jvm = (id: PlatformId) =>
      run(
        scenario((s) => {
          s.horizonS = 600;
          s.sampleIntervalS = 30;
          s.workload.request = cpuOnly(10);
          s.workload.arrivals = { kind: 'poisson', ratePerS: 2 };
          s.platforms = [{ id, overrides: {} }];
        }),
        13,
      ).samples;
    const cpuMs = (samples: MetricSample[]) => samples.map((x) => x.cpuTimeMeanMs ?? 0);
    const jit = cpuMs(jvm('jvm-jit'));
    const interpreted = cpuMs(jvm('jvm-interpreted'));
    const native = cpuMs(jvm('bare-metal'));
    expect(jit[0]!).toBeGreaterThan(5 * jit[jit.length - 1]!);
    expect(relativeError(jit[jit.length - 1]!, native[native.length - 1]!)).toBeLessThan(0.35);
    expect(interpreted[interpreted.length - 1]!).toBeGreaterThan(30 * native[native.length - 1]!);
  });

  it('refuses instances that do not fit, unless memory overcommit is on (then CPU slows)', () => {
    const tight = (overcommit: boolean) =>
      scenario((s) => {
        s.horizonS = 600;
        s.hosts.ramGiB = 4; // 2048 MiB usable; 512 + 5.2 MiB per container -> 3 fit
        s.memoryOvercommit = { enabled: overcommit, ratio: 2 };
        s.workload.appMemoryMiB = 512;
        s.workload.request = cpuOnly(1000);
        s.workload.arrivals = { kind: 'poisson', ratePerS: 5 };
        s.platforms = [{ id: 'runc', overrides: {} }];
      });
    const strict = run(tight(false), 14).summary.platforms[0]!;
    const loose = run(tight(true), 14).summary.platforms[0]!;
    expect(strict.density.instances).toBe(3);
    expect(strict.peakInstances).toBe(3);
    expect(strict.cpuOverheadPct).toBe(0);
    expect(loose.density.instances).toBe(7); // 4096 / 517.2
    expect(loose.peakInstances).toBeGreaterThan(3);
    expect(loose.cpuOverheadPct).toBeGreaterThan(20); // 1 + 2 x (3620 - 2048) / 3620 at 7 instances
  });
});

describe('compare model: hosts and placement', () => {
  it('packs instances first fit: a new host only when the earlier ones are full', () => {
    const s = scenario((x) => {
      x.hosts = { ...x.hosts, count: 3, cores: 4 };
      x.platforms = [{ id: 'runc', overrides: {} }];
    });
    const { samples, summary } = run(s, 15);
    const p = summary.platforms[0]!;
    expect(p.density).toMatchObject({ instances: 16, clusterInstances: 48 });
    expect(p.peakInstances).toBeGreaterThan(16);
    expect(p.peakHostsUsed).toBeGreaterThanOrEqual(2);
    for (const x of samples) {
      expect(x.hostsInUse).toBeGreaterThanOrEqual(Math.ceil((x.instancesReady + x.instancesStarting) / 16));
    }
  });

  it('places 100,000 instances on a 10,000-host cluster at once', () => {
    const s = scenario((x) => {
      x.horizonS = 20;
      x.hosts = { ...x.hosts, count: 10_000 };
      x.workload.request = cpuOnly(700_000); // 100/s x 700 s = 70,000 busy -> / 0.7
      x.workload.arrivals = { kind: 'poisson', ratePerS: 100 };
      x.platforms = [{ id: 'runc', overrides: {} }];
    });
    const { samples } = run(s, 16);
    expect(samples[0]!.instancesReady).toBe(100_000);
    expect(samples[0]!.hostsInUse).toBe(Math.ceil(100_000 / 64));
  });
});

describe('compare model: serverless', () => {
  // One app invoked in minutes 0, 3, 11, 25 and 26 (gaps 2-4, 7-9, 13-15 and 0-2 minutes),
  // another once in minute 2: per-app instances, so its first call is cold too.
  const handTrace: WorkloadTrace = {
    source: 'hand-built',
    minutes: 45,
    functions: [fn('a1', 'a', 45, [0, 3, 11, 25, 26], 10), fn('b1', 'b', 45, [2], 10)],
  };

  it('counts cold starts exactly under a fixed keep-alive', () => {
    const colds = (seconds: number, platform: PlatformId = 'faas-microvm') =>
      run(
        traceScenario(handTrace, platform, (s) => (s.serverless.keepAlive = { policy: 'fixed', seconds })),
        17,
      ).summary.platforms[0]!;
    // 10 min: a cold at 0 and 25, b at 2. 5 min: a also cold at 11.
    expect(colds(600).coldStarts).toBe(3);
    expect(colds(300).coldStarts).toBe(4);
    expect(colds(600, 'faas-container').coldStarts).toBe(3);
    expect(colds(600).completed).toBe(6);
    expect(colds(600).coldStartRatio).toBeCloseTo(0.5, 12);
  });

  it('scales to zero after the keep-alive', () => {
    const { samples } = run(traceScenario(handTrace, 'faas-microvm'), 18);
    // The last call ends in minute 26 or 27; nothing is left 10 minutes later.
    expect(samples.find((x) => x.t === 2700)!.instancesReady).toBe(0);
    expect(samples.find((x) => x.t === 2700)!.memoryAppMiB).toBe(0);
    expect(samples.find((x) => x.t === 26 * 60)!.instancesReady).toBeGreaterThan(0);
  });

  it('hybrid histogram keep-alive beats the fixed 10 minutes on a 15-minute timer', () => {
    const minutes = 1440;
    const at = Array.from({ length: 96 }, (_, i) => i * 15);
    const periodic: WorkloadTrace = {
      source: 'timer',
      minutes,
      functions: [fn('t', 'timer', minutes, at, 50, 256)],
    };
    const fixed = run(
      traceScenario(periodic, 'faas-microvm', (s) => (s.sampleIntervalS = 600)),
      19,
    ).summary.platforms[0]!;
    const hybrid = run(
      traceScenario(periodic, 'faas-microvm', (s) => {
        s.sampleIntervalS = 600;
        s.serverless.keepAlive = defaultHybridKeepAlive();
      }),
      19,
    ).summary.platforms[0]!;
    expect(fixed.completed).toBe(96);
    expect(hybrid.completed).toBe(96);
    // Fixed: every gap (14-16 min) outlives the 10-minute keep-alive.
    expect(fixed.coldStarts).toBe(96);
    // Hybrid: cold until 10 idle times are known (fixed fallback), then pre-warmed at
    // ~0.9 x 13-14 min and kept until 1.1 x 16 min: every later call is warm.
    expect(hybrid.coldStarts).toBe(11);
    // And far less memory sits idle: ~2-3 minutes per cycle instead of 10.
    expect(hybrid.idleMemoryGiBSeconds).toBeLessThan(0.4 * fixed.idleMemoryGiBSeconds);
    expect(fixed.idleMemoryGiBSeconds).toBeCloseTo((96 * 600 * (256 + 37)) / 1024, 0);
  });

  it('bills GB-seconds rounded up to 1 ms plus a fee per request', () => {
    const at = Array.from({ length: 60 }, (_, i) => Math.floor(i / 6)); // 6 calls a minute for 10 minutes
    const trace: WorkloadTrace = {
      source: 'billing',
      minutes: 10,
      functions: [fn('f', 'app', 10, at, 100, 128)],
    };
    const { samples, summary } = run(
      traceScenario(trace, 'faas-microvm', (s) => (s.workload.request = cpuOnly(1))),
      20,
    );
    const p = summary.platforms[0]!;
    expect(p.completed).toBe(60);
    // 100 ms of work / 0.95 = 105.26 ms alone on a core -> 106 ms billed at 128 MiB.
    const perCall = 0.125 * 0.106 * 0.0000166667 + 0.2 / 1e6;
    expect(p.costUsd).toBeCloseTo(60 * perCall, 15);
    expect(samples.reduce((sum, x) => sum + x.costUsd, 0)).toBeCloseTo(p.costUsd, 15);
    // KVM pays its share of the host instead: one VM (1 of 16 cores) for the 10 minutes.
    const kvm = run(traceScenario(trace, 'kvm'), 20).summary.platforms[0]!;
    expect(kvm.peakInstances).toBe(1);
    expect(kvm.costUsd).toBeCloseTo((1 / 16) * 0.768 * (600 / 3600), 12); // 0.008 USD
  });

  it('splits traced durations into CPU work and a wait on other services (cpuShare)', () => {
    const at = Array.from({ length: 60 }, (_, i) => Math.floor(i / 6));
    const trace: WorkloadTrace = {
      source: 'waits',
      minutes: 10,
      functions: [fn('f', 'app', 10, at, 200, 128)],
    };
    const { samples, summary } = run(
      traceScenario(trace, 'faas-container', (s) => {
        s.workload.arrivals = { kind: 'trace', trace, cpuShare: 0.25 };
      }),
      24,
    );
    const p = summary.platforms[0]!;
    expect(p.completed).toBe(60);
    // Warm calls: 20 ms warm start + 50 ms CPU + 150 ms wait.
    expect(relativeError(p.latencyP50Ms!, 220)).toBeLessThan(0.02);
    const usefulCoreSeconds = samples.reduce((sum, x) => sum + x.cpuUsefulCores * 60, 0);
    expect(usefulCoreSeconds).toBeCloseTo(60 * 0.05, 6);
  });

  it('serves several requests per instance when concurrency allows', () => {
    const load = (concurrency: number) =>
      run(
        scenario((s) => {
          s.horizonS = 300;
          s.workload.profile = 'io-random';
          s.workload.request = { ...cpuOnly(1), ioOps: 16, networkKiB: 1 };
          s.workload.arrivals = { kind: 'poisson', ratePerS: 200 };
          s.serverless.concurrencyPerInstance = concurrency;
          s.platforms = [{ id: 'faas-container', overrides: {} }];
        }),
        21,
      );
    const one = load(1);
    const ten = load(10);
    const p1 = one.summary.platforms[0]!;
    const p10 = ten.summary.platforms[0]!;
    // During the first cold start ~75 requests queue up: one instance is started per
    // request with concurrency 1 (61 here), one per 10 requests with concurrency 10.
    expect(p1.peakInstances).toBeGreaterThan(50);
    expect(p10.peakInstances).toBeLessThan(p1.peakInstances / 5);
    expect(p10.idleMemoryGiBSeconds).toBeLessThan(p1.idleMemoryGiBSeconds / 5);
    const state = ten.sim.platformState('faas-container');
    expect(p10.arrivals).toBe(p10.completed + p10.rejected + state.inService + state.queued);
  });

  it('replays the bundled Azure-like sample per app', () => {
    const s = scenario((x) => {
      x.horizonS = 7200;
      x.sampleIntervalS = 60;
      x.workload.arrivals = { kind: 'trace', trace: 'azure-sample' };
      x.platforms = [
        { id: 'faas-microvm', overrides: {} },
        { id: 'kvm', overrides: {} },
      ];
    });
    const { sim, summary } = run(s, 22);
    const fnPlatform = of(summary, 'faas-microvm');
    // Every invocation of the sample's 120 minutes, counted from the trace itself.
    const trace = azureSampleTrace();
    const invocations = trace.functions.reduce(
      (n, f) => n + f.invocationsPerMinute.reduce((a, b) => a + b, 0),
      0,
    );
    expect(fnPlatform.arrivals).toBe(invocations);
    expect(of(summary, 'kvm').arrivals).toBe(invocations);
    const apps = new Set(trace.functions.map((f) => f.app)).size;
    expect(fnPlatform.coldStarts).toBeGreaterThanOrEqual(apps); // at least one per app
    expect(sim.internalSizes().pools).toBe(apps + 1);
  });
});

/** A request of `cpuMs` on tuned KVM holds its VM cpuMs x 290.8 / 284.2 (no I/O, no network). */
const KVM_CPU_SLOWDOWN = 290.8 / 284.2;

/**
 * KVM on 10 hosts (160 VMs fit) under CPU-only requests of `cpuMs`, at the Poisson rate that
 * makes the initial fleet 100 VMs: rate x hold / 0.7 = 99.5, so ceil() gives 100.
 */
function kvmFleet(cpuMs: number, patch: (s: CompareScenario) => void = () => {}): CompareScenario {
  return scenario((s) => {
    s.hosts.count = 10;
    s.horizonS = 600;
    s.workload.request = cpuOnly(cpuMs);
    s.workload.arrivals = { kind: 'poisson', ratePerS: (99.5 * 0.7) / ((cpuMs / 1000) * KVM_CPU_SLOWDOWN) };
    s.platforms = [{ id: 'kvm', overrides: {} }];
    patch(s);
  });
}

/** The base rate times `factor` from `startS` for `durationS`. */
function step(s: CompareScenario, startS: number, durationS: number, factor: number): void {
  const base = s.workload.arrivals;
  if (base.kind !== 'poisson') throw new Error('step() expects poisson arrivals');
  s.workload.arrivals = { kind: 'bursty', ratePerS: base.ratePerS, burst: { startS, durationS, factor } };
}

/** Runs in 5 s steps, keeping the autoscaler's events and the fleet (starting + ready) per sample. */
function runWithEvents(s: CompareScenario, seed: number) {
  const parsed = parseWith(CompareScenarioSchema, s);
  if (!parsed.ok) throw new Error(parsed.error);
  const sim = createCompareSimulation(s, seed);
  const samples: MetricSample[] = [];
  const events: SimEvent[] = [];
  for (let t = 5; !sim.done; t += 5) {
    samples.push(...sim.advanceTo(t));
    events.push(...sim.takeEvents().events.filter((e) => e.cause === 'autoscaler'));
  }
  const fleet = new Map(samples.map((x) => [x.t, x.instancesReady + x.instancesStarting]));
  return { samples, events, fleet, summary: sim.summary().platforms[0]! };
}

describe('compare model: autoscaler (Kubernetes HPA defaults)', () => {
  it('keeps the initial fleet through the ramp-up: no scale-down within the 300 s window', () => {
    // 10 s batch requests: over the first 15 s the system fills from empty, so the first
    // period's mean is about 0.48 of the steady 69.65 in the system (1 - (10.23 / 15)(1 - e^(-15 / 10.23))).
    const steady = runWithEvents(kvmFleet(10_000), 31);
    for (const [t, fleet] of steady.fleet)
      if (t <= 300) expect(fleet, `t = ${t}`).toBeGreaterThanOrEqual(100);
    expect(steady.fleet.get(20)).toBe(100);
    expect(steady.events.filter((e) => e.kind === 'scale-down' && e.t < 300)).toEqual([]);
    expect(steady.summary.rejected).toBe(0);
    // Without the window (the old behaviour) the first period stops about half of the fleet.
    const hasty = runWithEvents(
      kvmFleet(10_000, (s) => (s.platforms[0]!.overrides = { 'autoscaler.scaleDownStabilization': 0 })),
      31,
    );
    const first = hasty.events.find((e) => e.kind === 'scale-down')!;
    expect(first.t).toBe(15);
    expect(first.reason.meanInSystem! / 69.65).toBeGreaterThan(0.4);
    expect(first.reason.meanInSystem! / 69.65).toBeLessThan(0.6);
    expect(first.reason.stabilized).toBe(first.reason.desired); // nothing older to hold on to
    expect(first.reason.desired).toBeLessThan(60);
    // It stops every idle VM it can (the ones busy stay): more than 40 of the 100.
    const stopped = hasty.events.filter((e) => e.kind === 'scale-down' && e.t === 15).length;
    expect(stopped).toBeGreaterThan(40);
    expect(hasty.fleet.get(20)).toBe(100 - stopped);
  });

  it('scales up at the first sync after a 30% step, at once', () => {
    // From t = 60 s the load is 1.3 x 69.65 = 90.5 busy VMs: ceil(90.5 / 0.7) = 130 wanted,
    // a little more with the queueing of 100 servers at 90%.
    const { events, fleet } = runWithEvents(
      kvmFleet(200, (s) => step(s, 60, 540, 1.3)),
      31,
    );
    const starts = events.filter((e) => e.kind === 'start');
    expect(starts[0]!.t).toBe(75); // the sync at 60 s still measured [45, 60]
    const desired = starts[0]!.reason.desired!;
    expect(desired).toBeGreaterThanOrEqual(130);
    expect(desired).toBeLessThanOrEqual(135);
    expect(starts.filter((e) => e.t === 75)).toHaveLength(desired - 100);
    expect(fleet.get(60)).toBe(100);
    expect(fleet.get(80)).toBe(desired);
  });

  it('ignores load changes within the 10% tolerance', () => {
    // A 3% step: 1.03 x 99.5 = 102.5 VMs wanted, but 102.5 / 100 - 1 = 0.025 <= 0.1.
    // 50 ms requests at ~1,360/s keep the 15 s means within ~1.5% of their expectation.
    const steady = runWithEvents(
      kvmFleet(50, (s) => {
        s.horizonS = 300;
        step(s, 60, 240, 1.03);
      }),
      32,
    );
    expect(steady.events).toEqual([]);
    expect([...new Set(steady.fleet.values())]).toEqual([100]);
    // With no tolerance the same runs scale up to ceil(mean / 0.7) on small fluctuations.
    const eager = runWithEvents(
      kvmFleet(50, (s) => {
        s.horizonS = 300;
        step(s, 60, 240, 1.03);
        s.platforms[0]!.overrides = { 'autoscaler.tolerance': 0 };
      }),
      32,
    );
    expect(eager.events.filter((e) => e.kind === 'start').length).toBeGreaterThan(0);
    expect(Math.max(...eager.fleet.values())).toBeGreaterThan(101);
    expect(Math.max(...eager.fleet.values())).toBeLessThan(110);
  });

  it('scales down only when the window has passed since the load dropped', () => {
    // 30% more load from 60 to 180 s: up to ~132 VMs at 75 s. The sync at 180 s still saw
    // the high load, so the highest recommendation of the window is high until 180 + 300 s.
    const { events, fleet } = runWithEvents(
      kvmFleet(200, (s) => step(s, 60, 120, 1.3)),
      31,
    );
    const peak = fleet.get(80)!;
    expect(peak).toBeGreaterThanOrEqual(130);
    for (const [t, n] of fleet) if (t >= 80 && t < 480) expect(n, `t = ${t}`).toBe(peak);
    const downs = events.filter((e) => e.kind === 'scale-down');
    expect(downs.length).toBeGreaterThan(0);
    expect(downs[0]!.t).toBe(480);
    const reason = downs[0]!.reason;
    expect(reason.stabilizationWindowS).toBe(300);
    expect(reason.current).toBe(peak);
    // The highest recommendation from 195 to 480 s, under the base load: about 100 VMs.
    expect(reason.stabilized).toBeGreaterThanOrEqual(reason.desired!);
    expect(reason.stabilized).toBeGreaterThanOrEqual(100);
    expect(reason.stabilized).toBeLessThan(110);
    expect(downs).toHaveLength(peak - reason.stabilized!);
    expect(fleet.get(485)).toBe(reason.stabilized);
  });
});

describe('compare model: cost', () => {
  /** One instance all along: 0.1 req/s of 100 ms never asks the autoscaler for a second one. */
  const lone = (id: PlatformId, patch: (s: CompareScenario) => void = () => {}) =>
    run(
      scenario((s) => {
        s.horizonS = 3600;
        s.sampleIntervalS = 60;
        s.workload.request = cpuOnly(100);
        s.workload.arrivals = { kind: 'poisson', ratePerS: 0.1 };
        s.platforms = [{ id, overrides: {} }];
        patch(s);
      }),
      33,
    );

  it('charges a KVM instance its share of the default host: 1 of 16 cores x 0.768 USD/h', () => {
    const { samples, summary } = lone('kvm');
    const p = summary.platforms[0]!;
    expect(p.peakInstances).toBe(1);
    // CPU share 1 / 16 = 0.0625; memory share (256 + 512 + 131) / 63,488 = 0.0142: CPU binds.
    const share = Math.max(1 / 16, (256 + 512 + 131) / (64 * 1024 - 2048));
    expect(share).toBe(0.0625);
    expect(p.costUsd).toBeCloseTo(share * 0.768 * 1, 12); // one hour: 0.048 USD
    for (const x of samples) expect(x.costUsd).toBeCloseTo((share * 0.768 * 60) / 3600, 14); // per minute
    expect(samples.reduce((sum, x) => sum + x.costUsd, 0)).toBeCloseTo(p.costUsd, 12);
  });

  it('charges by the binding resource: memory for large VMs (halved by 2x overcommit), CPU for containers', () => {
    const big = (s: CompareScenario) => (s.workload.appMemoryMiB = 8192);
    // (8192 + 643) / 63,488 = 0.13916 of the host > 1 / 16.
    expect(lone('kvm', big).summary.platforms[0]!.costUsd).toBeCloseTo(((8192 + 643) / 63_488) * 0.768, 12);
    // With 2x overcommit a host admits 126,976 MiB: (8192 + 643) / 126,976 = 0.06958.
    const overcommitted = lone('kvm', (s) => {
      big(s);
      s.memoryOvercommit = { enabled: true, ratio: 2 };
    });
    expect(overcommitted.summary.platforms[0]!.costUsd).toBeCloseTo(((8192 + 643) / 126_976) * 0.768, 12);
    // A container reserves 0.25 of 16 cores: a quarter of a VM, 0.012 USD/h.
    expect(lone('runc').summary.platforms[0]!.costUsd).toBeCloseTo((0.25 / 16) * 0.768, 12);
    // Bare-metal processes reserve 0.25 cores as well; the price is a scenario field.
    expect(
      lone('bare-metal', (s) => (s.hosts.pricePerHourUsd = 2)).summary.platforms[0]!.costUsd,
    ).toBeCloseTo((0.25 / 16) * 2, 12);
    expect(lone('kvm', (s) => (s.hosts.pricePerHourUsd = 0)).summary.platforms[0]!.costUsd).toBe(0);
  });

  it('charges instances from the start decision, booting included, to the stop', () => {
    // Burst-driven scale-up: every VM started counts from the moment it was decided.
    const { samples, summary } = run(
      kvmFleet(200, (s) => step(s, 60, 120, 1.3)),
      31,
    );
    const p = summary.platforms[0]!;
    // 100 VMs for 75 s, then the fleet the step asked for until 480 s, then the stabilized count.
    const at = (t: number) => samples.find((x) => x.t === t)!;
    const peak = at(80).instancesReady + at(80).instancesStarting;
    const after = at(485).instancesReady + at(485).instancesStarting;
    const vmSeconds = 100 * 75 + peak * (480 - 75) + after * (600 - 480);
    expect(p.costUsd).toBeCloseTo((vmSeconds * ((1 / 16) * 0.768)) / 3600, 9);
  });
});

describe('compare model: bounded memory', () => {
  it('keeps internal structures the same size whether the run is 10x longer', () => {
    const sizesAfter = (horizonS: number) => {
      const s = scenario((x) => {
        x.horizonS = horizonS;
        x.sampleIntervalS = 100;
        x.workload.arrivals = { kind: 'poisson', ratePerS: 25 };
        x.platforms = [
          { id: 'faas-microvm', overrides: {} },
          { id: 'kvm', overrides: {} },
        ];
      });
      const sim = createCompareSimulation(s, 23);
      sim.advanceTo(horizonS);
      return { sizes: sim.internalSizes(), completed: sim.summary().platforms[0]!.completed };
    };
    const short = sizesAfter(2_000);
    const long = sizesAfter(20_000);
    expect(long.completed).toBeGreaterThan(9 * short.completed); // 500,000 requests per platform
    expect(long.sizes.jobSlots).toBeLessThan(2 * short.sizes.jobSlots + 64);
    expect(long.sizes.instanceSlots).toBeLessThan(2 * short.sizes.instanceSlots + 64);
    expect(long.sizes.pendingEvents).toBeLessThan(2 * short.sizes.pendingEvents + 64);
    expect(long.sizes.queueCapacity).toBeLessThanOrEqual(2 * short.sizes.queueCapacity + 64);
    expect(long.sizes.jobSlots).toBeLessThan(1000);
  });
});

/** One server on one core (density 1), offered 5x its capacity: the queue fills. */
function overloadedSingleServer(): CompareScenario {
  return fixedServers(1, (s) => {
    s.horizonS = 600;
    s.workload.arrivals = { kind: 'poisson', ratePerS: 50 };
  });
}
