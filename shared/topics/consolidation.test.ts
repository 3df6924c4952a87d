import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TopicChunkSchema, TopicSummarySchema } from './wire';
import { PLATFORM_PRESETS } from '../sim/platforms';
import {
  CONSOLIDATION_PRESETS,
  ConsolidationScenarioSchema,
  PLACEMENT_POLICIES,
  comparePlacementPolicies,
  consolidationItems,
  createConsolidationSimulation,
  defaultConsolidationScenario,
  energyKWh,
  footprintOf,
  hostCapacity,
  hostsLowerBound,
  linearPowerWatts,
  parseConsolidationScenario,
  placeItems,
  type ConsolidationItem,
  type ConsolidationScenario,
  type Footprint,
  type HostCapacity,
  type PlacementPolicy,
  type PolicyResult,
} from './consolidation';

const EXAMPLES = join(import.meta.dirname, '../../examples/topics');

/** 1-D items: only CPU matters (memory 0 on a host with room to spare). */
const cpuItems = (sizes: number[]): Footprint[] => sizes.map((cpu, i) => ({ id: `i${i}`, cpu, memGiB: 0 }));
const TEN_CORES: HostCapacity = { cpu: 10, memGiB: 100, cores: 10 };

/** Host of each item, by input index. */
const assignment = (items: Footprint[], capacity: HostCapacity, policy: PlacementPolicy) =>
  Array.from(placeItems(items, capacity, policy).hostOf);

function listScenario(items: Partial<ConsolidationItem>[], patch: Partial<ConsolidationScenario> = {}) {
  return ConsolidationScenarioSchema.parse({
    ...defaultConsolidationScenario(),
    workload: {
      source: 'list',
      items: items.map((it, i) => ({ id: `item-${i}`, cpuCores: 1, memGiB: 1, ...it })),
    },
    ...patch,
  });
}

const pick = (results: PolicyResult[], policy: PlacementPolicy, platform: 'vm' | 'container') =>
  results.find((r) => r.policy === policy && r.platform === platform)!;

describe('placement policies, checked by hand (10-core hosts, items 4, 7, 3, 5, 2, 6 cores)', () => {
  const items = cpuItems([4, 7, 3, 5, 2, 6]);

  it('first fit: 4->h0, 7->h1, 3->h0 (7), 5->h2, 2->h0 (9), 6->h3: four hosts', () => {
    expect(assignment(items, TEN_CORES, 'first-fit')).toEqual([0, 1, 0, 2, 0, 3]);
  });

  it('best fit: 3 fills h1 exactly (10), 5 goes to h0 (9), 2 and 6 share h2: three hosts', () => {
    expect(assignment(items, TEN_CORES, 'best-fit')).toEqual([0, 1, 1, 0, 2, 2]);
  });

  it('worst fit: 3 joins the emptier h0, 2 the emptiest h2 (5 -> 7), 6 opens h3: four hosts', () => {
    expect(assignment(items, TEN_CORES, 'worst-fit')).toEqual([0, 1, 0, 2, 2, 3]);
  });

  it('first-fit decreasing: 7, 6, 5 open h0-h2; 4 joins 6, 3 joins 7, 2 joins 5: three hosts', () => {
    const result = placeItems(items, TEN_CORES, 'first-fit-decreasing');
    expect(result.order).toEqual([1, 5, 3, 0, 2, 4]);
    expect(Array.from(result.hostOf)).toEqual([1, 0, 0, 2, 2, 1]);
    expect(result.cpuReserved).toEqual([10, 10, 7]);
  });

  it('load-aware without profiles takes the least-loaded host that fits, as worst fit does here', () => {
    expect(assignment(items, TEN_CORES, 'load-aware')).toEqual([0, 1, 0, 2, 2, 3]);
  });

  it('load-aware pairs items whose peaks do not coincide; first fit stacks the morning peaks', () => {
    // 10 cores, CPU overcommit 2 (20 reservable). A, B peak in the morning, C, D in the evening.
    const profiles = [
      [6, 2],
      [6, 2],
      [2, 6],
      [2, 6],
    ];
    const items2 = profiles.map((profile, i) => ({ id: 'ABCD'[i]!, cpu: 6, memGiB: 0, profile }));
    const capacity = { cpu: 20, memGiB: 100, cores: 10 };
    // First fit: A, B, C on h0 (18 reserved, morning demand 6 + 6 + 2 = 14 > 10 cores), D on h1.
    expect(assignment(items2, capacity, 'first-fit')).toEqual([0, 0, 0, 1]);
    // Load-aware: B on h0 would peak at 12 > 10, so it opens h1; C on h0 peaks at 8 (tie with h1,
    // lowest index wins); D on h0 would peak at 14, on h1 at 8: {A, C} and {B, D}, never above 8.
    expect(assignment(items2, capacity, 'load-aware')).toEqual([0, 1, 0, 1]);
  });

  it('an item larger than a host is left unplaced, and maxHosts caps the cluster', () => {
    const result = placeItems(cpuItems([11, 6, 6, 6]), TEN_CORES, 'first-fit', 2);
    expect(Array.from(result.hostOf)).toEqual([-1, 0, 1, -1]);
    expect(result.hostsUsed).toBe(2);
  });

  it('counts both resources: memory can be what fills a host', () => {
    const items3 = [
      { id: 'a', cpu: 1, memGiB: 60 },
      { id: 'b', cpu: 1, memGiB: 60 },
      { id: 'c', cpu: 8, memGiB: 10 },
    ];
    expect(assignment(items3, TEN_CORES, 'first-fit')).toEqual([0, 1, 0]);
    expect(hostsLowerBound(items3, TEN_CORES)).toBe(2); // ceil(130 GiB / 100 GiB)
  });
});

describe('first-fit decreasing against first fit', () => {
  it('classic 1-D cases: FFD needs no more bins, and reaches the lower bound here', () => {
    const cases: Array<{ sizes: number[]; ff: number; ffd: number }> = [
      // FF: [2,5,1] [4,3] [7] [8] = 4 bins; FFD: [8,2] [7,3] [5,4,1] = 3 = ceil(30 / 10).
      { sizes: [2, 5, 4, 7, 1, 3, 8], ff: 4, ffd: 3 },
      // FF pairs the 4s (8), leaving each 6 a bin of its own: 4 bins; FFD pairs every 6 with a 4: 3 bins.
      { sizes: [4, 4, 4, 6, 6, 6], ff: 4, ffd: 3 },
      // Already decreasing: both identical.
      { sizes: [9, 8, 2, 1], ff: 2, ffd: 2 },
      // Johnson's pattern, small items first (bins of 42): FF fills one bin with the six 7s, pairs
      // the 15s (3 bins) and leaves each 22 alone (6 bins): 10; FFD puts a 15 on every 22 and the
      // 7s together: 7 = ceil(264 / 42).
      { sizes: [...Array(6).fill(7), ...Array(6).fill(15), ...Array(6).fill(22)], ff: 10, ffd: 7 },
    ];
    const capacity = (c: { sizes: number[] }) =>
      c.sizes.length === 18 ? { cpu: 42, memGiB: 1, cores: 42 } : TEN_CORES;
    for (const c of cases) {
      const items = cpuItems(c.sizes);
      const ff = placeItems(items, capacity(c), 'first-fit').hostsUsed;
      const ffd = placeItems(items, capacity(c), 'first-fit-decreasing').hostsUsed;
      expect([ff, ffd]).toEqual([c.ff, c.ffd]);
      expect(ffd).toBeGreaterThanOrEqual(hostsLowerBound(items, capacity(c)));
    }
  });

  it('seeded instances where one resource dominates: FFD never uses more hosts than FF', () => {
    for (const mix of ['web', 'batch', 'memory-bound'] as const) {
      for (const count of [50, 200]) {
        for (let seed = 1; seed <= 6; seed++) {
          const scenario = {
            ...defaultConsolidationScenario(),
            workload: { source: 'generated' as const, mix, count },
          };
          const items = consolidationItems(scenario, seed).map((it) => footprintOf(it, 'vm', 'peak'));
          const capacity = hostCapacity(scenario);
          const ff = placeItems(items, capacity, 'first-fit').hostsUsed;
          const ffd = placeItems(items, capacity, 'first-fit-decreasing').hostsUsed;
          expect(ffd, `${mix} x ${count}, seed ${seed}`).toBeLessThanOrEqual(ff);
        }
      }
    }
  });

  it('is a heuristic, not a guarantee: on 1000 mixed items sorting by dominant share costs hosts', () => {
    // Sorting groups the memory-heavy databases first: they fill the first hosts' memory while
    // those CPUs idle. First fit in arrival order interleaves them with CPU-heavy batch jobs.
    const scenario = {
      ...defaultConsolidationScenario(),
      maxHosts: 1000,
      workload: { source: 'generated' as const, mix: 'mixed' as const, count: 1000 },
    };
    const items = consolidationItems(scenario, 1).map((it) => footprintOf(it, 'vm', 'peak'));
    const capacity = hostCapacity(scenario);
    expect(placeItems(items, capacity, 'first-fit').hostsUsed).toBe(74);
    expect(placeItems(items, capacity, 'first-fit-decreasing').hostsUsed).toBe(76);
  });
});

describe('power and energy (Fan et al. linear model)', () => {
  it('P(u) = idle + (peak - idle) u', () => {
    expect(linearPowerWatts(100, 200, 0)).toBe(100);
    expect(linearPowerWatts(100, 200, 0.5)).toBe(150);
    expect(linearPowerWatts(100, 200, 1)).toBe(200);
    expect(linearPowerWatts(100, 200, 1.7)).toBe(200); // an overloaded host draws its peak
  });

  it('2 hosts at 50% for 1 h with idle 100 W and peak 200 W use 0.3 kWh', () => {
    expect(energyKWh(100, 200, [[0.5, 0.5]], 1)).toBeCloseTo(0.3, 12);
    // The same hour as four 15-minute samples.
    expect(energyKWh(100, 200, Array(4).fill([0.5, 0.5]), 0.25)).toBeCloseTo(0.3, 12);
  });

  it('the day model gives the same 0.3 kWh: two 16-core containers on 32-core hosts, one per host', () => {
    const scenario = listScenario(
      [
        { cpuCores: 16, memGiB: 100 },
        { cpuCores: 16, memGiB: 100 },
      ],
      {
        host: { cores: 32, ramGiB: 128, reservedGiB: 0, idleWatts: 100, peakWatts: 200 },
        horizonHours: 1,
        sampleMinutes: 15,
      },
    );
    const result = pick(comparePlacementPolicies(scenario, 1), 'first-fit', 'container');
    expect(PLATFORM_PRESETS.runc.cpuSlowdown).toBe(1); // so utilisation is exactly 16 / 32
    expect(result.hostsUsed).toBe(2);
    expect(result.meanUtilisation).toBeCloseTo(0.5, 12);
    expect(result.energyKWh).toBeCloseTo(0.3, 12);
  });
});

describe('the day: contention and swapping, checked by hand', () => {
  it('3 cores of demand on 2 cores (CPU overcommit 2): always overloaded, slowdown 1.5, steal 1/3', () => {
    const scenario = listScenario([{ cpuCores: 3, memGiB: 1 }], {
      host: { cores: 2, ramGiB: 8, reservedGiB: 0, idleWatts: 100, peakWatts: 200 },
      overcommit: { cpu: 2, memory: 1 },
    });
    const r = pick(comparePlacementPolicies(scenario, 1), 'first-fit', 'container');
    expect(r.hostsUsed).toBe(1);
    expect(r.overloadShare).toBe(1);
    expect(r.meanSlowdown).toBeCloseTo(1.5, 12);
    expect(r.stealShare).toBeCloseTo(1 / 3, 12);
    expect(r.energyKWh).toBeCloseTo(0.2 * 24, 12); // at peak power all day
    // Without overcommit the item does not fit the host at all.
    const strict = pick(
      comparePlacementPolicies({ ...scenario, overcommit: { cpu: 1, memory: 1 } }, 1),
      'first-fit',
      'container',
    );
    expect([strict.hostsUsed, strict.unplaced]).toEqual([0, 1]);
  });

  it('10 GiB of active memory on 8 usable GiB (memory overcommit 1.5) swaps the excess', () => {
    const scenario = listScenario([{ cpuCores: 1, memGiB: 10, memActiveShare: 1 }], {
      host: { cores: 4, ramGiB: 8, reservedGiB: 0, idleWatts: 100, peakWatts: 200 },
      overcommit: { cpu: 1, memory: 1.5 },
    });
    const results = comparePlacementPolicies(scenario, 1);
    const container = pick(results, 'first-fit', 'container');
    const shimGiB = PLATFORM_PRESETS.runc.memoryOverheadMiB / 1024;
    expect(container.swappingHosts).toBe(1);
    expect(container.swappedGiB).toBeCloseTo(10 + shimGiB - 8, 12);
    // A VM adds a guest OS and QEMU (643 MiB) and swaps that much more.
    const vm = pick(results, 'first-fit', 'vm');
    expect(vm.swappedGiB - container.swappedGiB).toBeCloseTo(
      (PLATFORM_PRESETS.kvm.memoryOverheadMiB - PLATFORM_PRESETS.runc.memoryOverheadMiB) / 1024,
      12,
    );
  });

  it('a VM reserves the KVM tax: peak x cpuSlowdown + idle guest CPU, memory + guest OS + QEMU', () => {
    const item: ConsolidationItem = {
      id: 'x',
      cpuCores: 2,
      memGiB: 4,
      diurnalAmplitude: 0.5,
      peakHour: 14,
      noiseCv: 0,
      memActiveShare: 1,
    };
    const kvm = PLATFORM_PRESETS.kvm;
    const vm = footprintOf(item, 'vm', 'peak');
    expect(vm.cpu).toBeCloseTo(3 * kvm.cpuSlowdown + kvm.idleCpuCores, 12);
    expect(vm.memGiB).toBeCloseTo(4 + kvm.memoryOverheadMiB / 1024, 12);
    expect(footprintOf(item, 'container', 'mean').cpu).toBeCloseTo(2, 12);
    expect(vm.profile![14]).toBeCloseTo(3 * kvm.cpuSlowdown + kvm.idleCpuCores, 12); // the peak hour
    expect(vm.profile![2]).toBeCloseTo(1 * kvm.cpuSlowdown + kvm.idleCpuCores, 12); // 12 h later
  });
});

describe('comparisons across policies and platforms', () => {
  it('never beats the lower bound ceil(total demand / host capacity)', () => {
    for (const preset of CONSOLIDATION_PRESETS) {
      for (const r of comparePlacementPolicies(preset.scenario, 7)) {
        expect(r.hostsUsed).toBeGreaterThanOrEqual(r.hostsLowerBound);
        expect(r.unplaced).toBe(0);
      }
    }
  });

  it('containers need no more hosts than VMs for the same items, under every policy', () => {
    for (const preset of CONSOLIDATION_PRESETS) {
      for (const seed of [1, 2, 3]) {
        const results = comparePlacementPolicies(preset.scenario, seed);
        for (const policy of PLACEMENT_POLICIES) {
          expect(
            pick(results, policy, 'container').hostsUsed,
            `${preset.id} ${policy} seed ${seed}`,
          ).toBeLessThanOrEqual(pick(results, policy, 'vm').hostsUsed);
        }
      }
    }
  });

  it('CPU overcommit 2x uses fewer hosts and overloads them more often', () => {
    const base = defaultConsolidationScenario();
    const once = comparePlacementPolicies(base, 1);
    const twice = comparePlacementPolicies({ ...base, overcommit: { cpu: 2, memory: 1 } }, 1);
    for (const platform of ['vm', 'container'] as const) {
      for (const policy of ['first-fit', 'first-fit-decreasing'] as const) {
        const a = pick(once, policy, platform);
        const b = pick(twice, policy, platform);
        expect(b.hostsUsed).toBeLessThan(a.hostsUsed);
        expect(b.overloadShare).toBeGreaterThan(a.overloadShare);
        expect(b.stealShare).toBeGreaterThan(a.stealShare);
      }
    }
    // The load-aware policy keeps the predicted peak within the cores, so it overloads far less.
    expect(pick(twice, 'load-aware', 'vm').overloadShare).toBeLessThan(
      pick(twice, 'first-fit', 'vm').overloadShare / 2,
    );
  });

  it('fewer hosts save energy: the best packing against one host per item', () => {
    const scenario = defaultConsolidationScenario();
    const sim = createConsolidationSimulation(scenario, 1);
    sim.advanceTo(Infinity);
    const metric = (id: string) => sim.summary().metrics.find((m) => m.id === id)!.value as number;
    expect(metric('energy.kWh')).toBeLessThan(metric('energy.unconsolidatedKWh') / 5);
  });
});

describe('the step simulation', () => {
  it('emits one frame and one place event per item, ending at the policy’s host count', () => {
    const scenario = CONSOLIDATION_PRESETS[1]!.scenario;
    const sim = createConsolidationSimulation(scenario, 5);
    expect(sim.axis.unit).toBe('step');
    expect(sim.horizon).toBe(100);
    const first = sim.advanceTo(40.7);
    expect(first.frames.map((f) => f.t)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const rest = sim.advanceTo(1000);
    expect(sim.done).toBe(true);
    const frames = [...first.frames, ...rest.frames];
    const events = [...first.events, ...rest.events];
    expect(frames).toHaveLength(100);
    expect(events.every((e) => e.type === 'place' && typeof e.data?.['host'] === 'number')).toBe(true);
    const own = pick(comparePlacementPolicies(scenario, 5), scenario.policy, scenario.platform);
    expect(frames.at(-1)!.values['hosts.used']).toBe(own.hostsUsed);
    // Hosts fill in order: an event's host is never more than one beyond those open before it.
    let open = 0;
    for (const e of events) {
      const host = e.data!['host'] as number;
      expect(host).toBeLessThanOrEqual(open);
      open = Math.max(open, host + 1);
    }
    const table = sim.summary().tables.find((t) => t.id === 'policies')!;
    expect(table.rows).toHaveLength(10);
    expect(sim.summary().tables.find((t) => t.id === 'trace')!.rows).toHaveLength(96);
  });

  it('every preset streams output the worker protocol accepts (finite numbers only)', () => {
    for (const preset of CONSOLIDATION_PRESETS) {
      const sim = createConsolidationSimulation(preset.scenario, 2);
      const chunk = sim.advanceTo(Infinity);
      expect(TopicChunkSchema.safeParse({ runId: 1, ...chunk }).success, preset.id).toBe(true);
      expect(TopicSummarySchema.safeParse(sim.summary()).success, preset.id).toBe(true);
    }
  });

  it('is deterministic: same scenario and seed, same output; another seed, other items', () => {
    const run = (seed: number) => {
      const sim = createConsolidationSimulation(CONSOLIDATION_PRESETS[2]!.scenario, seed);
      const chunk = sim.advanceTo(Infinity);
      return JSON.stringify({ chunk, summary: sim.summary() });
    };
    expect(run(11)).toBe(run(11));
    expect(run(11)).not.toBe(run(12));
  });
});

describe('scenario schema', () => {
  const errors = (patch: (s: Record<string, unknown>) => void) => {
    const s = structuredClone(defaultConsolidationScenario()) as unknown as Record<string, unknown>;
    patch(s);
    const result = parseConsolidationScenario(s);
    return result.ok ? [] : result.error.split('\n');
  };

  it('accepts the default and every preset unchanged', () => {
    expect(parseConsolidationScenario(defaultConsolidationScenario())).toEqual({
      ok: true,
      value: defaultConsolidationScenario(),
    });
    for (const p of CONSOLIDATION_PRESETS) expect(parseConsolidationScenario(p.scenario).ok).toBe(true);
    expect(CONSOLIDATION_PRESETS.map((p) => p.name)).toEqual([
      '20 web VMs',
      '100 mixed workloads',
      'Overcommit 2x',
      'Memory-bound items',
    ]);
  });

  it('names the field and its range', () => {
    expect(errors((s) => ((s['overcommit'] as Record<string, unknown>)['cpu'] = 5))).toEqual([
      'overcommit.cpu: CPU overcommit ratio must be at most 4',
    ]);
    expect(errors((s) => ((s['host'] as Record<string, unknown>)['cores'] = 2.5))).toEqual([
      'host.cores: host cores must be a whole number',
    ]);
    expect(errors((s) => ((s['host'] as Record<string, unknown>)['idleWatts'] = 500))).toEqual([
      'host.idleWatts: idle power must be at most peak power',
    ]);
    expect(errors((s) => (s['policy'] = 'random-fit'))).toEqual([
      'policy: policy must be one of first-fit, best-fit, worst-fit, first-fit-decreasing, load-aware',
    ]);
    expect(errors((s) => (s['kind'] = 'compare'))).toEqual(['kind: kind must be "consolidation"']);
    expect(errors((s) => (s['workload'] = { source: 'generated', mix: 'web', count: 0 }))).toEqual([
      'workload.count: item count must be at least 1',
    ]);
    expect(
      errors(
        (s) =>
          (s['workload'] = {
            source: 'list',
            items: [
              { id: 'a', cpuCores: 1, memGiB: 1 },
              { id: 'a', cpuCores: -1, memGiB: 1 },
            ],
          }),
      ),
    ).toEqual([
      'workload.items.1.cpuCores: item CPU demand (cores) must be at least 0',
      'workload.items.1.id: item ids must be unique ("a" repeats)',
    ]);
    expect(
      errors(
        (s) =>
          (s['workload'] = {
            source: 'list',
            items: [
              { id: 'a', cpuCores: 1, memGiB: 1 },
              { id: 'a', cpuCores: 1, memGiB: 1 },
            ],
          }),
      ),
    ).toEqual(['workload.items.1.id: item ids must be unique ("a" repeats)']);
    expect(
      errors((s) => {
        s['workload'] = { source: 'generated', mix: 'web', count: 5000 };
        s['sampleMinutes'] = 5;
      }),
    ).toEqual([
      'sampleMinutes: items x samples must be at most 1000000 (is 1440000): fewer items, a shorter horizon or a longer interval',
    ]);
  });

  it('fills the optional item fields with their defaults', () => {
    const s = listScenario([{ cpuCores: 2, memGiB: 3 }]);
    expect(s.workload.source === 'list' && s.workload.items[0]).toEqual({
      id: 'item-0',
      cpuCores: 2,
      memGiB: 3,
      diurnalAmplitude: 0,
      peakHour: 14,
      noiseCv: 0,
      memActiveShare: 1,
    });
  });

  it('example files round-trip through the schema and run', () => {
    const files = readdirSync(EXAMPLES).filter((f) => f.startsWith('consolidation-') && f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const file of files) {
      const data: unknown = JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8'));
      const parsed = parseConsolidationScenario(data);
      expect(parsed.ok, file).toBe(true);
      if (!parsed.ok) continue;
      expect(parseConsolidationScenario(JSON.parse(JSON.stringify(parsed.value)))).toEqual(parsed);
      const sim = createConsolidationSimulation(parsed.value, 1);
      sim.advanceTo(Infinity);
      expect(sim.done).toBe(true);
    }
  });
});
