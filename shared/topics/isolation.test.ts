import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CALIBRATION } from '../sim/calibration';
import { PLATFORM_PRESETS, medianStartMs } from '../sim/platforms';
import { PLATFORM_IDS, type PlatformId } from '../scenario';
import {
  FAULT_TYPES,
  ISOLATION_CONSTANTS,
  ISOLATION_PRESETS,
  MATRIX_FAULT_AT_S,
  blastRadiusMatrix,
  createIsolationSimulation,
  defaultIsolationFaultScenario,
  defaultIsolationNoisyScenario,
  expectedCpuShare,
  isolationBoundary,
  noisyNeighbourMatrix,
  noisyPerformance,
  parseIsolationScenario,
  runSingleFault,
  stealShare,
  waterFill,
  type FaultType,
  type IsolationFaultScenario,
  type IsolationNoisyScenario,
  type NoisyResource,
} from './isolation';
import type { TopicChunk, TopicEvent, TopicFrame } from './types';

const startS = (p: PlatformId) => medianStartMs(PLATFORM_PRESETS[p]) / 1000;

function faults(
  platform: PlatformId,
  list: IsolationFaultScenario['faults'],
  patch: Partial<IsolationFaultScenario> = {},
): IsolationFaultScenario {
  return { ...defaultIsolationFaultScenario(), platform, faults: list, ...patch };
}

function runAll(
  scenario: IsolationFaultScenario | IsolationNoisyScenario,
  seed = 7,
): TopicChunk & { sim: ReturnType<typeof createIsolationSimulation> } {
  const sim = createIsolationSimulation(scenario, seed);
  const chunk = sim.advanceTo(scenario.horizonS);
  return { ...chunk, sim };
}

const frameAt = (frames: TopicFrame[], t: number) => {
  const f = frames.find((x) => Math.abs(x.t - t) < 1e-9);
  if (f === undefined) throw new Error(`no frame at ${t}`);
  return f.values;
};
const metric = (sim: ReturnType<typeof createIsolationSimulation>, id: string) =>
  sim.summary().metrics.find((m) => m.id === id)?.value;
const downEvents = (events: TopicEvent[], subject: string) =>
  events.filter((e) => e.type === 'down' && e.subject === subject);

describe('isolation boundaries', () => {
  it('reads the boundary from the preset category (functions by their sandbox)', () => {
    const b = (p: PlatformId) => isolationBoundary(PLATFORM_PRESETS[p]);
    expect([b('bare-metal'), b('wine'), b('runc'), b('gvisor'), b('kvm'), b('firecracker')]).toEqual([
      'process',
      'process',
      'container',
      'sandbox',
      'vm',
      'vm',
    ]);
    expect(b('faas-microvm')).toBe('vm');
    expect(b('faas-container')).toBe('container');
  });

  it('water-fills weighted max-min fair shares', () => {
    // 10 units, demands 2, 10, 10 with equal weights: 2, then 4 and 4.
    expect(waterFill(10, [2, 10, 10], [1, 1, 1])).toEqual([2, 4, 4]);
    // Weights 1:3 with ample demand: 2.5 and 7.5.
    expect(waterFill(10, [100, 100], [1, 3])).toEqual([2.5, 7.5]);
    // Enough for everyone: each gets its demand.
    expect(waterFill(10, [1, 2], [5, 1])).toEqual([1, 2]);
  });
});

describe('faults: blast radius', () => {
  const T = 8;

  it('a host kernel crash takes down all tenants on every platform', () => {
    const s = defaultIsolationFaultScenario();
    for (const p of PLATFORM_IDS) {
      const cell = runSingleFault(s, p, 'host-kernel-crash');
      expect(cell.tenantsDown, p).toBe(T);
      expect(cell.tenantsAffected, p).toBe(T);
    }
  });

  it('a guest kernel crash takes down 1 VM, 1 gVisor sandbox, but every container and process (shared kernel)', () => {
    const s = defaultIsolationFaultScenario();
    const down = (p: PlatformId) => runSingleFault(s, p, 'guest-kernel-crash').tenantsDown;
    expect(down('kvm')).toBe(1);
    expect(down('firecracker')).toBe(1);
    expect(down('virtualbox')).toBe(1);
    expect(down('faas-microvm')).toBe(1);
    expect(down('gvisor')).toBe(1);
    expect(down('runc')).toBe(T);
    expect(down('faas-container')).toBe(T);
    expect(down('bare-metal')).toBe(T);
  });

  it('the same in a live run: frames show the tenants up before and after', () => {
    const vm = runAll(faults('kvm', [{ type: 'guest-kernel-crash', atS: 60, tenant: 3 }]));
    expect(frameAt(vm.frames, 59)['tenants.up']).toBe(T);
    expect(frameAt(vm.frames, 61)['tenants.up']).toBe(T - 1);
    expect(frameAt(vm.frames, 61)['tenant.3.up']).toBe(0);
    expect(frameAt(vm.frames, 61)['host.up']).toBe(1);
    const ct = runAll(faults('runc', [{ type: 'guest-kernel-crash', atS: 60, tenant: 3 }]));
    expect(frameAt(ct.frames, 61)['tenants.up']).toBe(0);
    expect(frameAt(ct.frames, 61)['host.up']).toBe(0);
  });

  it('recovery time = reboot + start time, exactly, with fixed start times', () => {
    const s = defaultIsolationFaultScenario();
    // A VM reboots by itself: its start time.
    expect(runSingleFault(s, 'kvm', 'guest-kernel-crash').timeToRecoverS).toBeCloseTo(startS('kvm'), 9);
    // Host crash, restarts all at once: reboot + one start.
    const all = { ...s, restartConcurrency: T };
    expect(runSingleFault(all, 'kvm', 'host-kernel-crash').timeToRecoverS).toBeCloseTo(
      120 + startS('kvm'),
      9,
    );
    expect(runSingleFault(all, 'runc', 'host-kernel-crash').timeToRecoverS).toBeCloseTo(
      120 + startS('runc'),
      9,
    );
    // 4 at a time: 2 waves.
    expect(runSingleFault(s, 'kvm', 'host-kernel-crash').timeToRecoverS).toBeCloseTo(
      120 + 2 * startS('kvm'),
      9,
    );
    // A container kernel panic is a host crash.
    expect(runSingleFault(s, 'runc', 'guest-kernel-crash').timeToRecoverS).toBeCloseTo(
      120 + 2 * startS('runc'),
      9,
    );
    // Downtime per tenant in the run: wave 1 tenants 120 + 8 s, wave 2 tenants 120 + 16 s.
    const cell = runSingleFault(s, 'kvm', 'host-kernel-crash');
    expect(cell.downtimePerTenantS[0]).toBeCloseTo(120 + startS('kvm'), 9);
    expect(cell.downtimePerTenantS[7]).toBeCloseTo(120 + 2 * startS('kvm'), 9);
  });

  it('emits down intervals with exact ends and counts failed requests as rate x downtime', () => {
    const r = runAll(
      faults('kvm', [{ type: 'host-kernel-crash', atS: 100, tenant: 1 }], { restartConcurrency: 8 }),
    );
    const d = downEvents(r.events, 'tenant-5');
    expect(d).toHaveLength(1);
    expect(d[0]!.start).toBe(100);
    expect(d[0]!.end).toBeCloseTo(100 + 120 + startS('kvm'), 9);
    expect(metric(r.sim, 'totalDowntime')).toBeCloseTo(8 * (120 + startS('kvm')), 3);
    expect(metric(r.sim, 'requestsFailed')).toBeCloseTo(100 * 8 * (120 + startS('kvm')), 0);
    expect(r.sim.done).toBe(true);
  });

  it('a container escape compromises every tenant of a containers host, 1 of a VM host', () => {
    const s = defaultIsolationFaultScenario();
    expect(runSingleFault(s, 'runc', 'escape').tenantsCompromised).toBe(T);
    expect(runSingleFault(s, 'bare-metal', 'escape').tenantsCompromised).toBe(T);
    expect(runSingleFault(s, 'kvm', 'escape').tenantsCompromised).toBe(1);
    expect(runSingleFault(s, 'gvisor', 'escape').tenantsCompromised).toBe(1);
    const vuln = { ...s, vulnerabilities: { hypervisor: true, sentryAndHostKernel: true } };
    expect(runSingleFault(vuln, 'kvm', 'escape').tenantsCompromised).toBe(T);
    expect(runSingleFault(vuln, 'gvisor', 'escape').tenantsCompromised).toBe(T);
    expect(runSingleFault(s, 'runc', 'escape').timeToRecoverS).toBeNull();
    const r = runAll(faults('runc', [{ type: 'escape', atS: 30, tenant: 1 }], { horizonS: 60 }));
    expect(r.events.filter((e) => e.type === 'compromised')).toHaveLength(T);
    expect(frameAt(r.frames, 31)['tenants.compromised']).toBe(T);
    expect(frameAt(r.frames, 31)['tenants.up']).toBe(T); // compromised, still serving
  });

  it('a fork bomb without limits slows every tenant to C / (T x D + R) of its CPU; with limits only its own', () => {
    const s = faults('bare-metal', [{ type: 'runaway-cpu', atS: 60, tenant: 2 }], { horizonS: 300 });
    const r = runAll(s);
    const share = 16 / (8 * 1 + 1000);
    expect(frameAt(r.frames, 100)['tenant.1.capacity']).toBeCloseTo(share, 6);
    expect(frameAt(r.frames, 100)['tenant.2.capacity']).toBeCloseTo(share, 6);
    expect(frameAt(r.frames, 100)['tenants.degraded']).toBe(T);
    expect(frameAt(r.frames, 100)['requests.failingPerS']).toBeCloseTo(100 * T * (1 - share), 4);
    expect(frameAt(r.frames, 200)['tenants.degraded']).toBe(0); // the runaway ended at 180 s
    const limited = runAll({ ...s, limits: { containers: true, processes: true } });
    expect(frameAt(limited.frames, 100)['tenant.1.capacity']).toBe(1);
    expect(frameAt(limited.frames, 100)['tenant.2.capacity']).toBeCloseTo(1 / (1 + 1000), 6);
    expect(frameAt(limited.frames, 100)['tenants.degraded']).toBe(1);
    expect(runSingleFault(defaultIsolationFaultScenario(), 'runc', 'runaway-cpu').tenantsAffected).toBe(1);
    expect(runSingleFault(defaultIsolationFaultScenario(), 'kvm', 'runaway-cpu').tenantsAffected).toBe(1);
  });

  it('a leak without limits swaps the whole host, then the OOM killer ends the leaker', () => {
    // 8 x 4 GiB used of 64 GiB; leak 1 GiB/s from t = 60: RAM full after 32 s, RAM + 8 GiB swap after 40 s.
    const s = faults('bare-metal', [{ type: 'runaway-memory', atS: 60, tenant: 2 }], { horizonS: 200 });
    const r = runAll(s);
    expect(frameAt(r.frames, 90)['tenants.degraded']).toBe(0);
    // At t = 96: 36 GiB leaked, 68 GiB used, 4/68 swapped: capacity 1 / (1 + 2 x 4/68).
    const penalty = CALIBRATION['memory.overcommitPenalty'].value;
    expect(frameAt(r.frames, 96)['host.memoryUsedGiB']).toBeCloseTo(68, 9);
    expect(frameAt(r.frames, 96)['tenant.5.capacity']).toBeCloseTo(1 / (1 + (penalty * 4) / 68), 6);
    expect(frameAt(r.frames, 96)['tenants.degraded']).toBe(T);
    const d = downEvents(r.events, 'tenant-2');
    expect(d[0]!.start).toBeCloseTo(100, 9);
    expect(d[0]!.end).toBeCloseTo(100 + CALIBRATION['process.forkExecTime'].value / 1000, 9);
    expect(
      runSingleFault(defaultIsolationFaultScenario(), 'bare-metal', 'runaway-memory').tenantsAffected,
    ).toBe(T);
    // With a cgroup limit the leaker is OOM-killed inside its 1 GiB of headroom: blast radius 1.
    expect(runSingleFault(defaultIsolationFaultScenario(), 'runc', 'runaway-memory').tenantsAffected).toBe(1);
  });

  it('computes the platform x fault matrix from runs', () => {
    const s = { ...defaultIsolationFaultScenario(), comparePlatforms: ['kvm', 'runc'] as PlatformId[] };
    const m = blastRadiusMatrix(s);
    expect(m.faults).toEqual([...FAULT_TYPES]);
    const affected = (p: number, f: FaultType) => m.cells[p]![m.faults.indexOf(f)]!.tenantsAffected;
    expect([affected(0, 'guest-kernel-crash'), affected(1, 'guest-kernel-crash')]).toEqual([1, T]);
    expect([affected(0, 'escape'), affected(1, 'escape')]).toEqual([1, T]);
    const table = m.tables.find((t) => t.id === 'blast-radius.affected')!;
    expect(table.rows).toEqual([
      ['KVM', 1, 8, 1, 1, 1],
      ['runc', 8, 8, 8, 1, 1],
    ]);
    expect(MATRIX_FAULT_AT_S).toBeGreaterThan(0);
  });
});

describe('noisy neighbours', () => {
  it('steal with 2 vCPUs per fully busy core is 50% (closed form)', () => {
    expect(stealShare(2, 1)).toBe(0.5);
    expect(stealShare(4, 1)).toBe(0.75);
    expect(stealShare(1, 1)).toBe(0);
    // One co-runner busy half the time: E[1/(1+X)] = 0.5 x 1 + 0.5 x 1/2 = 0.75.
    expect(expectedCpuShare(1, 0.5)).toBeCloseTo(0.75, 12);
    // Binomial check for 3 co-runners at p = 0.3.
    const p = 0.3;
    let e = 0;
    for (let k = 0; k <= 3; k++) {
      const choose = [1, 3, 3, 1][k]!;
      e += (choose * p ** k * (1 - p) ** (3 - k)) / (1 + k);
    }
    expect(expectedCpuShare(3, p)).toBeCloseTo(e, 12);
  });

  it('shows 50% steal and 2x latency in the frames while the neighbour VM is busy', () => {
    const s = ISOLATION_PRESETS.find((x) => x.id === 'cpu-steal')!.scenario as IsolationNoisyScenario;
    const r = runAll(s);
    expect(frameAt(r.frames, 20)['victim.stealPct']).toBe(0);
    expect(frameAt(r.frames, 60)['victim.stealPct']).toBe(50);
    expect(frameAt(r.frames, 60)['victim.latencyMs']).toBe(20);
    expect(frameAt(r.frames, 60)['aggressor.active']).toBe(1);
    expect(frameAt(r.frames, 100)['victim.slowdownPct']).toBe(0);
    expect(metric(r.sim, 'steal')).toBe(50);
    expect(metric(r.sim, 'measuredCpuWait')).toBe(50);
    expect(r.events).toEqual([
      {
        type: 'aggressor',
        subject: 'aggressor',
        start: 30,
        end: 90,
        data: { resource: 'cpu', intensity: 1 },
      },
    ]);
  });

  it('measures steal per scheduler tick around the expected value when the neighbour is half busy', () => {
    const base = ISOLATION_PRESETS.find((x) => x.id === 'cpu-steal')!.scenario as IsolationNoisyScenario;
    const s: IsolationNoisyScenario = {
      ...base,
      horizonS: 1000,
      aggressor: { ...base.aggressor, startS: 0, stopS: 1000, intensity: 0.5 },
    };
    const r = runAll(s, 3);
    expect(metric(r.sim, 'steal')).toBe(25);
    expect(metric(r.sim, 'measuredCpuWait') as number).toBeGreaterThan(24);
    expect(metric(r.sim, 'measuredCpuWait') as number).toBeLessThan(26);
    // Not a constant: the per-frame measurement varies.
    const values = new Set(r.frames.slice(1, 50).map((f) => f.values['victim.stealPct']));
    expect(values.size).toBeGreaterThan(5);
  });

  it('disk: queue-depth sharing gives the closed-form victim throughput; io weights help partially', () => {
    const s = defaultIsolationNoisyScenario();
    const runc = noisyPerformance(s, 'runc', 'disk', 1);
    // 340k IOPS split 4 : 32 by queue depth: 37,777.8 of the 50,000 the victim wants.
    expect(runc.contended).toBeCloseTo((340_000 * 4) / 36, 6);
    expect(runc.slowdownPct).toBeCloseTo(100 * (50_000 / ((340_000 * 4) / 36) - 1), 9);
    // KVM: one aggressor VM is capped at 0.5x the device by its QEMU path (Felter), leaving enough.
    expect(noisyPerformance(s, 'kvm', 'disk', 1).slowdownPct).toBe(0);
    const weighted = { ...s, isolation: { ...s.isolation, ioWeights: true } };
    const e = ISOLATION_CONSTANTS['io.weightEffectiveness'].value;
    expect(noisyPerformance(weighted, 'runc', 'disk', 1).contended).toBeCloseTo(
      e * 50_000 + (1 - e) * ((340_000 * 4) / 36),
      6,
    );
    // Plain processes have no cgroup to weigh.
    expect(noisyPerformance(weighted, 'bare-metal', 'disk', 1).slowdownPct).toBeCloseTo(runc.slowdownPct, 9);
  });

  it('network: per-flow sharing of the NIC, and a rate limit on the aggressor', () => {
    const s = defaultIsolationNoisyScenario();
    // 1 victim flow vs 8 aggressor flows on 10 Gbit/s: 10/9 of the 2 Gbit/s wanted.
    expect(noisyPerformance(s, 'runc', 'network', 1).contended).toBeCloseTo(10 / 9, 9);
    expect(noisyPerformance(s, 'runc', 'network', 1).slowdownPct).toBeCloseTo(80, 9);
    const limited = { ...s, isolation: { ...s.isolation, networkRateLimit: { enabled: true, gbps: 5 } } };
    expect(noisyPerformance(limited, 'runc', 'network', 1).slowdownPct).toBe(0);
  });

  it('functions use Wang et al. 2018: disk ~4x, network up to 19x at full co-location', () => {
    const s = defaultIsolationNoisyScenario();
    expect(noisyPerformance(s, 'faas-microvm', 'disk', 1).slowdownPct).toBeCloseTo(300, 9);
    expect(noisyPerformance(s, 'faas-microvm', 'network', 1).slowdownPct).toBeCloseTo(1800, 9);
    expect(noisyPerformance(s, 'faas-container', 'network', 0.5).throughputShare).toBeCloseTo(1 / 10, 9);
  });

  it('LLC: no platform isolates it; CAT leaves the memory-bandwidth share', () => {
    const s = defaultIsolationNoisyScenario();
    const max = ISOLATION_CONSTANTS['llc.maxSlowdown'].value;
    for (const p of ['bare-metal', 'kvm', 'runc', 'gvisor'] as const) {
      expect(noisyPerformance(s, p, 'llc', 1).slowdownPct).toBeCloseTo(100 * max, 9);
    }
    const cat = { ...s, isolation: { ...s.isolation, cacheAllocation: true } };
    expect(noisyPerformance(cat, 'kvm', 'llc', 1).slowdownPct).toBeCloseTo(
      100 * max * ISOLATION_CONSTANTS['llc.catResidualShare'].value,
      9,
    );
  });

  it('orders the victim slowdown: bare metal / container >= VM >= dedicated, for every resource', () => {
    const m = noisyNeighbourMatrix(defaultIsolationNoisyScenario());
    const slow = (p: string, r: NoisyResource) =>
      m.cells[m.platforms.indexOf(p as PlatformId)]![m.resources.indexOf(r)]!.performance.slowdownPct;
    for (const r of m.resources) {
      expect(slow('bare-metal', r), r).toBeGreaterThanOrEqual(slow('kvm', r));
      expect(slow('runc', r), r).toBeGreaterThanOrEqual(slow('kvm', r));
      expect(slow('kvm', r), r).toBeGreaterThanOrEqual(slow('dedicated', r));
      expect(slow('dedicated', r), r).toBe(0);
    }
    expect(slow('runc', 'disk')).toBeGreaterThan(slow('kvm', 'disk'));
    const table = m.tables.find((t) => t.id === 'noisy-neighbour')!;
    expect(table.rows.find((row) => row[0] === 'KVM')).toEqual(['KVM', 100, 25, 0, 80, 50]);
  });
});

describe('contract', () => {
  it('is deterministic for a seed, also with random start times', () => {
    const s = faults('kvm', [{ type: 'host-kernel-crash', atS: 10, tenant: 1 }], { randomStartTimes: true });
    const a = runAll(s, 42);
    const b = runAll(s, 42);
    expect(JSON.stringify({ f: a.frames, e: a.events })).toBe(JSON.stringify({ f: b.frames, e: b.events }));
    expect(a.sim.summary()).toEqual(b.sim.summary());
    const c = runAll(s, 43);
    expect(downEvents(c.events, 'tenant-1')[0]!.end).not.toBe(downEvents(a.events, 'tenant-1')[0]!.end);
    const n = ISOLATION_PRESETS.find((x) => x.id === 'cpu-steal')!.scenario;
    expect(JSON.stringify(runAll(n, 5).frames)).toBe(JSON.stringify(runAll(n, 5).frames));
  });

  it('gives the same output in chunks as in one go', () => {
    for (const preset of ISOLATION_PRESETS) {
      const whole = createIsolationSimulation(preset.scenario, 9).advanceTo(Infinity);
      const sim = createIsolationSimulation(preset.scenario, 9);
      const frames: TopicFrame[] = [];
      const events: TopicEvent[] = [];
      for (let t = 0; !sim.done; t += 37.3) {
        const chunk = sim.advanceTo(t);
        frames.push(...chunk.frames);
        events.push(...chunk.events);
      }
      expect(frames, preset.id).toEqual(whole.frames);
      expect(events, preset.id).toEqual(whole.events);
      expect(sim.now).toBe(preset.scenario.horizonS);
    }
  });

  it('keeps the presets valid and the output bounded', () => {
    expect(ISOLATION_PRESETS.length).toBeGreaterThanOrEqual(3);
    expect(ISOLATION_PRESETS.length).toBeLessThanOrEqual(5);
    for (const p of ISOLATION_PRESETS) {
      expect(parseIsolationScenario(p.scenario), p.id).toEqual({ ok: true, value: p.scenario });
      const r = runAll(p.scenario);
      expect(r.frames.length + r.events.length).toBeLessThan(20_000);
    }
  });

  it('reports schema errors with the path and the range', () => {
    const err = (patch: Record<string, unknown>) => {
      const r = parseIsolationScenario({ ...defaultIsolationFaultScenario(), ...patch });
      return r.ok ? '' : r.error;
    };
    expect(err({ horizonS: 0 }).split('\n')[0]).toBe('horizonS: horizon (s) must be at least 1');
    expect(err({ tenants: 33 }).split('\n')[0]).toBe('tenants: tenants must be at most 32');
    expect(err({ tenants: 2.5 }).split('\n')[0]).toBe('tenants: tenants must be a whole number');
    expect(err({ faults: [{ type: 'escape', atS: 5, tenant: 9 }] })).toBe(
      'faults.0.tenant: fault tenant must be at most 8 (the number of tenants)',
    );
    expect(err({ faults: [{ type: 'meteor', atS: 5, tenant: 1 }] })).toContain(
      'faults.0.type: unknown fault "meteor"',
    );
    expect(err({ tenant: { cpuCores: 1, memoryGiB: 4, memoryLimitGiB: 3, requestsPerS: 1 } })).toBe(
      'tenant.memoryLimitGiB: tenant memory limit must be at least the tenant memory (4 GiB)',
    );
    expect(err({ frameIntervalS: 0.01 })).toContain(
      'frameIntervalS: horizon / frame interval gives 60000 frames',
    );
    expect(err({ experiment: 'chaos' })).toBe('experiment: experiment must be "faults" or "noisy-neighbour"');
    expect(err({ schemaVersion: 2 })).toBe('schemaVersion: schemaVersion must be 1');
    const noisy = parseIsolationScenario({
      ...defaultIsolationNoisyScenario(),
      aggressor: { ...defaultIsolationNoisyScenario().aggressor, stopS: 10 },
      cpu: { runnablePerCore: 9, backgroundUtilization: 0 },
    });
    expect(noisy.ok ? '' : noisy.error).toBe(
      'cpu.runnablePerCore: runnable vCPUs per core must be at most 8\naggressor.stopS: aggressor stop must be after its start (30 s)',
    );
  });

  it('round-trips the example files', () => {
    const dir = join(import.meta.dirname, '..', '..', 'examples', 'topics');
    const files = readdirSync(dir).filter((f) => f.startsWith('isolation-') && f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const file of files) {
      const data: unknown = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      const parsed = parseIsolationScenario(data);
      expect(parsed, file).toMatchObject({ ok: true });
      if (parsed.ok) expect(parsed.value, file).toEqual(data);
    }
  });
});
