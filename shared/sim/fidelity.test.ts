import { describe, expect, it } from 'vitest';
import { latencyBreakdown } from '../metrics';
import {
  defaultCompareScenario,
  workloadProfileDefaults,
  type CompareScenario,
  type PlatformId,
  type WorkloadProfile,
} from '../scenario';
import { planMigration, MIGRATION_PRESETS } from '../topics/migration';
import { popekGoldberg } from '../topics/interfaces';
import { runTimeslice, TIMESLICE_PRESETS } from '../topics/timeslice';
import { createCompareSimulation } from './compare-model';
import type { MetricSample, PlatformSummary } from './types';

/*
 * Fidelity suite: published measurements reproduced by RUNNING the models (not by reading
 * constants back), each test naming its source and tolerance. The calibration is only
 * credible if the simulated experiment that mirrors the paper's gives the paper's number.
 */

function experiment(
  platforms: PlatformId[],
  edit: (s: CompareScenario) => void,
): { summary: Map<PlatformId, PlatformSummary>; samples: Map<PlatformId, MetricSample[]> } {
  const s = defaultCompareScenario();
  s.platforms = platforms.map((id) => ({ id, overrides: {} }));
  s.horizonS = 300;
  s.sampleIntervalS = 10;
  edit(s);
  const sim = createCompareSimulation(s, 2024);
  const samples = sim.advanceTo(s.horizonS);
  const summary = new Map(sim.summary().platforms.map((p) => [p.platform, p]));
  const byPlatform = new Map<PlatformId, MetricSample[]>();
  for (const sample of samples)
    byPlatform.set(sample.platform, [...(byPlatform.get(sample.platform) ?? []), sample]);
  return { summary, samples: byPlatform };
}

const profile = (s: CompareScenario, p: WorkloadProfile, ratePerS: number) => {
  s.workload.profile = p;
  s.workload.request = workloadProfileDefaults(p);
  s.workload.arrivals = { kind: 'poisson', ratePerS };
};

/** A load burst makes the autoscaler start instances, whose start times we then read. */
const burstToScaleUp = (s: CompareScenario) => {
  profile(s, 'request-response', 40);
  s.workload.arrivals = { kind: 'bursty', ratePerS: 40, burst: { startS: 60, durationS: 200, factor: 3 } };
};

describe('fidelity: published results reproduced by the simulation', () => {
  it('Felter et al. 2014 (IBM RC25482), Linpack: tuned KVM keeps 284.2/290.8 of native CPU throughput (±1%)', () => {
    const { samples } = experiment(['bare-metal', 'kvm'], (s) => {
      profile(s, 'cpu-batch', 0.5);
      s.workload.request.syscallShare = 0;
    });
    const cpuPerRequest = (id: PlatformId) => latencyBreakdown(samples.get(id)!).cpuMs;
    const ratio = cpuPerRequest('bare-metal') / cpuPerRequest('kvm');
    expect(ratio).toBeGreaterThan((284.2 / 290.8) * 0.99);
    expect(ratio).toBeLessThan((284.2 / 290.8) * 1.01);
  });

  it('Felter et al. 2014, fio: random 4 KiB IOPS under KVM are about half of native (0.45-0.55)', () => {
    const { summary } = experiment(['bare-metal', 'kvm'], (s) => {
      profile(s, 'io-random', 20_000); // 64 ops each: far beyond what the disk sustains
      s.horizonS = 20;
      s.sampleIntervalS = 1;
      s.hosts.cores = 256;
      s.hosts.ramGiB = 1024;
    });
    const ratio = summary.get('kvm')!.throughputPerS / summary.get('bare-metal')!.throughputPerS;
    expect(ratio).toBeGreaterThan(0.45);
    expect(ratio).toBeLessThan(0.55);
  });

  it('Felter et al. 2014, netperf TCP_RR: KVM adds about 30 us to a ~37 us native round trip; Docker NAT about doubles it (±10%)', () => {
    const { samples } = experiment(['bare-metal', 'kvm', 'runc'], (s) => {
      profile(s, 'request-response', 20);
      s.workload.request = { ...s.workload.request, networkKiB: 0.1, ioOps: 0 };
    });
    const net = (id: PlatformId) => latencyBreakdown(samples.get(id)!).networkMs * 1000;
    expect(net('kvm') - net('bare-metal')).toBeGreaterThan(27);
    expect(net('kvm') - net('bare-metal')).toBeLessThan(33);
    expect(net('runc') / net('bare-metal')).toBeGreaterThan(1.8);
    expect(net('runc') / net('bare-metal')).toBeLessThan(2.2);
  });

  it('Firecracker SPECIFICATION.md: a microVM is ready within ~125 ms boot plus ~12 ms VMM start (median 120-160 ms)', () => {
    const { summary } = experiment(['firecracker'], burstToScaleUp);
    const median = summary.get('firecracker')!.startLatencyP50Ms!;
    expect(median).toBeGreaterThan(120);
    expect(median).toBeLessThan(160);
  });

  it('Khan 2026 (arXiv 2602.15214): `docker run` on SSD takes about 568 ms end to end (±15%)', () => {
    const { summary } = experiment(['runc'], burstToScaleUp);
    const median = summary.get('runc')!.startLatencyP50Ms!;
    expect(median).toBeGreaterThan(568 * 0.85);
    expect(median).toBeLessThan(568 * 1.15);
  });

  it('Wang et al., USENIX ATC 2018: an AWS Lambda cold start takes about 265 ms (±15%)', () => {
    const { summary } = experiment(['faas-microvm'], (s) => profile(s, 'request-response', 5));
    const median = summary.get('faas-microvm')!.startLatencyP50Ms!;
    expect(median).toBeGreaterThan(265 * 0.85);
    expect(median).toBeLessThan(265 * 1.15);
  });

  it('Wang et al. 2018: a warm Lambda invocation adds about 25 ms (median latency of a 1 ms function: 20-35 ms)', () => {
    const { summary } = experiment(['faas-microvm'], (s) => {
      profile(s, 'request-response', 50);
      s.workload.request = { ...s.workload.request, cpuMs: 1, ioOps: 0, networkKiB: 0 };
    });
    const p = summary.get('faas-microvm')!;
    expect(p.coldStartRatio).toBeLessThan(0.01);
    expect(p.latencyP50Ms!).toBeGreaterThan(20);
    expect(p.latencyP50Ms!).toBeLessThan(35);
  });

  it('Agache et al., NSDI 2020: Firecracker VMM overhead is a few MiB, QEMU ~131 MB, so far more microVMs fit on a host', () => {
    const { summary } = experiment(['firecracker', 'kvm'], (s) => profile(s, 'request-response', 10));
    const fc = summary.get('firecracker')!.density;
    const vm = summary.get('kvm')!.density;
    expect(fc.perInstanceOverheadMiB).toBeLessThan(64); // VMM <= 5 MiB plus a minimal guest kernel
    expect(vm.perInstanceOverheadMiB - 512).toBeCloseTo(131, 0); // QEMU on top of the guest OS
    expect(fc.byResource.memory).toBeGreaterThan(2 * vm.byResource.memory);
  });

  it('Clark et al., NSDI 2005: pre-copy migration of a SPECweb server has ~210 ms downtime; stop-and-copy takes seconds', () => {
    const specweb = MIGRATION_PRESETS.find((p) => p.id === 'specweb')!.scenario;
    const precopy = planMigration(specweb, 'pre-copy');
    const stop = planMigration(specweb, 'stop-and-copy');
    expect(precopy.downtimeS * 1000).toBeGreaterThan(150);
    expect(precopy.downtimeS * 1000).toBeLessThan(270);
    expect(stop.downtimeS).toBeGreaterThan(5);
  });

  it('Popek & Goldberg 1974 / Robin & Irvine 2000: x86 before VT-x is not trap-and-emulate virtualizable; System/370 is', () => {
    expect(popekGoldberg('x86-pre-vt').virtualizable).toBe(false);
    expect(popekGoldberg('x86-pre-vt').offenders.length).toBeGreaterThanOrEqual(17);
    expect(popekGoldberg('ibm-370').virtualizable).toBe(true);
  });

  it('Linux kernel/sched/fair.c: CFS with nice 0 and nice 5 shares the CPU 1024:335 (±2%)', () => {
    const cfs = TIMESLICE_PRESETS.find((p) => p.id === 'cfs-nice')!.scenario;
    const result = runTimeslice(cfs, 1);
    // Shares in proportion to the kernel's nice weights: Jain's index of share / weight is ~1.
    expect(result.perTask.length).toBeGreaterThan(1);
    expect(result.jainWeighted!).toBeGreaterThan(0.98);
  });
});
