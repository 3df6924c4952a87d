/**
 * Consolidation: many workloads (VMs or containers) packed onto as few identical hosts as
 * possible, and what that costs in contention and saves in energy.
 *
 * Model, in two phases:
 * 1. Placement (the simulation's axis, one step per item): every item reserves CPU and
 *    memory on a host. Its reservation is its predicted peak (or its mean, with sizing
 *    "mean") times the platform's CPU tax, plus the platform's memory overhead: a VM pays
 *    a guest OS + QEMU (PLATFORM_PRESETS.kvm), a container only its shim (PLATFORM_PRESETS.runc).
 *    A host accepts reservations up to cores x CPU overcommit and usable RAM x memory
 *    overcommit. Policies: first fit, best fit, worst fit, first-fit decreasing (sorted by
 *    dominant share) and load-aware (the host whose predicted hourly peak stays lowest and
 *    within its physical cores). Hosts that receive nothing stay powered off (0 W).
 * 2. A day of operation (summary tables, every 15 simulated minutes by default): each item's
 *    CPU demand follows mean x (1 + amplitude x cos(2 pi (h - peakHour) / 24)) x (1 + cv x noise).
 *    When a host's demand exceeds its cores, it is overloaded: every item gets cores / demand
 *    of what it asks (slowdown = demand / cores, the rest is "steal"). When the active memory
 *    of a host exceeds its RAM, the excess is swapped. Power follows the linear model
 *    P(u) = P_idle + (P_peak - P_idle) x u of Fan, Weber and Barroso (ISCA 2007).
 *
 * Assumptions: placement is static (no migration during the day); demand is sampled at the
 * start of each interval and held; an overloaded host shares its cores in proportion to
 * demand; the noise of different items and samples is independent.
 */
import { z } from 'zod';
import { numberField as num, wholeNumberField as int } from '../schema-fields';
import { CALIBRATION, type CalibratedValue } from '../sim/calibration';
import { PLATFORM_PRESETS } from '../sim/platforms';
import { Random } from '../sim/random';
import { parseWith, type ParseResult } from '../scenario';
import {
  MAX_TOPIC_ITEMS,
  type TopicChunk,
  type TopicEvent,
  type TopicFrame,
  type TopicMetric,
  type TopicSimulation,
  type TopicSummary,
  type TopicTable,
} from './types';

const FAN_2007 =
  'Fan, Weber, Barroso, "Power Provisioning for a Warehouse-sized Computer", ISCA 2007: P(u) = P_idle + (P_busy - P_idle) u';
const BARROSO_HOLZLE_2007 =
  'Barroso and Hölzle, "The Case for Energy-Proportional Computing", IEEE Computer 40(12), 2007: an idle server draws about half its peak power';

export const CONSOLIDATION_CONSTANTS = {
  'host.peakWatts': {
    value: 400,
    unit: 'W',
    source: 'assumption',
    assumption: true,
    note: 'A 2-socket 1U server at full load; the lesson depends on the idle/peak ratio, not on this figure.',
  },
  'host.idleShareOfPeak': {
    value: 0.5,
    unit: 'share of peak power',
    source: BARROSO_HOLZLE_2007,
    note: 'Typical servers of that era idle at 50-60% of peak; the lower end is taken.',
  },
  'host.idleWatts': {
    value: 200,
    unit: 'W',
    source: `${BARROSO_HOLZLE_2007} (0.5 x the 400 W peak)`,
  },
  'power.linearModel': {
    value: 1,
    unit: 'exponent of u',
    source: FAN_2007,
    note: 'Fan et al. also fit 2u - u^1.4; the linear form is within a few percent and easy to check by hand.',
  },
  'host.cores': {
    value: 32,
    unit: 'cores',
    source: 'assumption',
    assumption: true,
    note: 'A 2 x 16-core server, a common virtualization host.',
  },
  'host.ramGiB': {
    value: 256,
    unit: 'GiB',
    source: 'assumption',
    assumption: true,
    note: '8 GiB per core, a common ratio for virtualization hosts.',
  },
  'sample.minutes': {
    value: 15,
    unit: 'min',
    source: 'assumption',
    assumption: true,
    note: 'Fine enough to follow a daily cycle, coarse enough that a day is 96 samples.',
  },
  'workload.web.memActiveShare': {
    value: 0.7,
    unit: 'share of allocated memory',
    source: 'assumption',
    assumption: true,
    note: 'Web servers leave part of their memory allocation idle (caches, headroom); ballooning can reclaim it.',
  },
} satisfies Record<string, CalibratedValue>;

// --- scenario -------------------------------------------------------------------------------

export const PLACEMENT_POLICIES = [
  'first-fit',
  'best-fit',
  'worst-fit',
  'first-fit-decreasing',
  'load-aware',
] as const;
export type PlacementPolicy = (typeof PLACEMENT_POLICIES)[number];

export const POLICY_LABELS: Record<PlacementPolicy, string> = {
  'first-fit': 'First fit',
  'best-fit': 'Best fit',
  'worst-fit': 'Worst fit',
  'first-fit-decreasing': 'First-fit decreasing',
  'load-aware': 'Load-aware (predicted peak)',
};

/** vm = a KVM guest per item (PLATFORM_PRESETS.kvm), container = a runc container (PLATFORM_PRESETS.runc). */
export const CONSOLIDATION_PLATFORMS = ['vm', 'container'] as const;
export type ConsolidationPlatform = (typeof CONSOLIDATION_PLATFORMS)[number];
const PRESET_OF: Record<ConsolidationPlatform, 'kvm' | 'runc'> = { vm: 'kvm', container: 'runc' };

export const WORKLOAD_MIXES = ['web', 'batch', 'memory-bound', 'mixed'] as const;
export type WorkloadMix = (typeof WORKLOAD_MIXES)[number];

export const MAX_ITEMS = 5000;
/** Items x samples of the day phase (the demand matrix is held in memory: 8 bytes each). */
export const MAX_ITEM_SAMPLES = 1_000_000;

const enumOf = <T extends readonly [string, ...string[]]>(label: string, values: T) =>
  z.enum(values, { error: `${label} must be one of ${values.join(', ')}` });

export const ConsolidationItemSchema = z.strictObject({
  id: z
    .string({ error: 'item id must be a string' })
    .min(1, { message: 'item id must not be empty' })
    .max(64, { message: 'item id must be at most 64 characters' }),
  /** Mean CPU demand (cores, on bare metal). */
  cpuCores: num('item CPU demand (cores)', 0, 512),
  /** Memory the item is allocated (GiB, without platform overhead). */
  memGiB: num('item memory (GiB)', 0, 4096),
  /** Daily swing as a share of the mean: demand peaks at mean x (1 + amplitude). */
  diurnalAmplitude: num('diurnal amplitude', 0, 1).default(0),
  /** Hour of the day (0-24) at which the item's demand peaks. */
  peakHour: num('peak hour', 0, 24).default(14),
  /** Coefficient of variation of the random, sample-to-sample variation. */
  noiseCv: num('CPU noise (coefficient of variation)', 0, 2).default(0),
  /** Share of the allocated memory the item actually touches (what swapping is judged on). */
  memActiveShare: num('active memory share', 0, 1).default(1),
});
export type ConsolidationItem = z.infer<typeof ConsolidationItemSchema>;

const WorkloadSchema = z.discriminatedUnion(
  'source',
  [
    z.strictObject({
      source: z.literal('generated'),
      mix: enumOf('workload mix', WORKLOAD_MIXES),
      count: int('item count', 1, MAX_ITEMS),
    }),
    z.strictObject({
      source: z.literal('list'),
      items: z
        .array(ConsolidationItemSchema)
        .min(1, { message: 'give at least one item' })
        .max(MAX_ITEMS, { message: `at most ${MAX_ITEMS} items` }),
    }),
  ],
  { error: 'workload.source must be "generated" or "list"' },
);

const HostSchema = z
  .strictObject({
    cores: int('host cores', 1, 512),
    ramGiB: num('host RAM (GiB)', 1, 16_384),
    /** Memory the host OS and hypervisor keep for themselves. */
    reservedGiB: num('host reserved memory (GiB)', 0, 1024),
    idleWatts: num('idle power (W)', 0, 10_000),
    peakWatts: num('peak power (W)', 1, 10_000),
  })
  .superRefine((h, ctx) => {
    if (h.idleWatts > h.peakWatts) {
      ctx.addIssue({ code: 'custom', message: 'idle power must be at most peak power', path: ['idleWatts'] });
    }
    if (h.reservedGiB >= h.ramGiB) {
      ctx.addIssue({
        code: 'custom',
        message: 'reserved memory must be less than host RAM',
        path: ['reservedGiB'],
      });
    }
  });

export const ConsolidationScenarioSchema = z
  .strictObject({
    schemaVersion: z.literal(1, { error: 'schemaVersion must be 1' }),
    kind: z.literal('consolidation', { error: 'kind must be "consolidation"' }),
    name: z
      .string()
      .min(1, { message: 'name must not be empty' })
      .max(200, { message: 'name must be at most 200 characters' }),
    host: HostSchema,
    /** Hosts in the cluster; items that fit on none of them stay unplaced. */
    maxHosts: int('maximum hosts', 1, 10_000),
    workload: WorkloadSchema,
    /** What an item reserves: its predicted daily peak, or only its mean (tighter, riskier). */
    sizing: enumOf('sizing', ['peak', 'mean'] as const),
    overcommit: z.strictObject({
      cpu: num('CPU overcommit ratio', 1, 4),
      memory: num('memory overcommit ratio', 1, 2),
    }),
    /** The policy and platform the step animation shows; the summary compares all of them. */
    policy: enumOf('policy', PLACEMENT_POLICIES),
    platform: enumOf('platform', CONSOLIDATION_PLATFORMS),
    horizonHours: num('horizon (h)', 1, 168),
    sampleMinutes: num('sample interval (min)', 1, 60),
  })
  .superRefine((s, ctx) => {
    const items = s.workload.source === 'list' ? s.workload.items.length : s.workload.count;
    const cells = items * sampleCount(s.horizonHours, s.sampleMinutes);
    if (cells > MAX_ITEM_SAMPLES) {
      ctx.addIssue({
        code: 'custom',
        message: `items x samples must be at most ${MAX_ITEM_SAMPLES} (is ${cells}): fewer items, a shorter horizon or a longer interval`,
        path: ['sampleMinutes'],
      });
    }
    if (s.workload.source === 'list') {
      const seen = new Set<string>();
      s.workload.items.forEach((item, i) => {
        if (seen.has(item.id)) {
          ctx.addIssue({
            code: 'custom',
            message: `item ids must be unique ("${item.id}" repeats)`,
            path: ['workload', 'items', i, 'id'],
          });
        }
        seen.add(item.id);
      });
    }
  });
export type ConsolidationScenario = z.infer<typeof ConsolidationScenarioSchema>;

export function parseConsolidationScenario(input: unknown): ParseResult<ConsolidationScenario> {
  return parseWith(ConsolidationScenarioSchema, input);
}

function sampleCount(horizonHours: number, sampleMinutes: number): number {
  return Math.ceil((horizonHours * 60) / sampleMinutes - 1e-9);
}

function defaultHost(): ConsolidationScenario['host'] {
  return {
    cores: CONSOLIDATION_CONSTANTS['host.cores'].value,
    ramGiB: CONSOLIDATION_CONSTANTS['host.ramGiB'].value,
    reservedGiB: CALIBRATION['host.reservedMemory'].value / 1024,
    idleWatts: CONSOLIDATION_CONSTANTS['host.idleWatts'].value,
    peakWatts: CONSOLIDATION_CONSTANTS['host.peakWatts'].value,
  };
}

export function defaultConsolidationScenario(): ConsolidationScenario {
  return {
    schemaVersion: 1,
    kind: 'consolidation',
    name: '100 mixed workloads',
    host: defaultHost(),
    maxHosts: 200,
    workload: { source: 'generated', mix: 'mixed', count: 100 },
    sizing: 'peak',
    overcommit: { cpu: 1, memory: 1 },
    policy: 'first-fit-decreasing',
    platform: 'vm',
    horizonHours: 24,
    sampleMinutes: CONSOLIDATION_CONSTANTS['sample.minutes'].value,
  };
}

export const CONSOLIDATION_PRESETS: Array<{
  id: string;
  name: string;
  description: string;
  scenario: ConsolidationScenario;
}> = [
  {
    id: 'web-vms-20',
    name: '20 web VMs',
    description:
      'Twenty web servers that all peak in the afternoon share two hosts, a 10:1 consolidation: compare the energy with one server each, and VMs with containers.',
    scenario: {
      ...defaultConsolidationScenario(),
      name: '20 web VMs',
      workload: { source: 'generated', mix: 'web', count: 20 },
      policy: 'first-fit',
    },
  },
  {
    id: 'mixed-100',
    name: '100 mixed workloads',
    description:
      'Web servers, batch jobs and databases: first-fit decreasing against the others, VMs against containers, hosts against energy.',
    scenario: defaultConsolidationScenario(),
  },
  {
    id: 'overcommit-2x',
    name: 'Overcommit 2x',
    description:
      'The same 100 workloads with twice as much CPU promised as the hosts have: fewer hosts, but overloaded hosts at the daily peak. The load-aware policy avoids pairing items that peak together.',
    scenario: {
      ...defaultConsolidationScenario(),
      name: 'Overcommit 2x',
      overcommit: { cpu: 2, memory: 1 },
      policy: 'load-aware',
    },
  },
  {
    id: 'memory-bound',
    name: 'Memory-bound items',
    description:
      'Databases and caches with much memory and little CPU: memory fills the hosts while their CPUs idle at about 15%. They touch almost all their memory, so memory overcommit 1.25x swaps on most hosts.',
    scenario: {
      ...defaultConsolidationScenario(),
      name: 'Memory-bound items',
      workload: { source: 'generated', mix: 'memory-bound', count: 60 },
      overcommit: { cpu: 1, memory: 1.25 },
    },
  },
];

// --- workload generation ----------------------------------------------------------------------

type ItemClass = Exclude<WorkloadMix, 'mixed'>;

const round = (x: number, step: number) => Math.round(x / step) * step;
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

function pick<T>(rng: Random, values: readonly T[], weights: readonly number[]): T {
  let u = rng.next() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < values.length; i++) {
    u -= weights[i]!;
    if (u < 0) return values[i]!;
  }
  return values[values.length - 1]!;
}

/**
 * The item classes a generated workload draws from. Assumption (no trace behind these numbers):
 * shapes chosen to be recognisable in a lecture. Web servers peak together in the afternoon and
 * leave memory idle; batch jobs run at any hour with little daily swing; databases hold much
 * memory and little CPU and touch nearly all of it. CPU: log-normal around `cpuMedian` cores.
 */
export const ITEM_CLASSES: Record<
  ItemClass,
  {
    cpuMedian: number;
    cpuSigma: number;
    cpuRange: [number, number];
    memGiB: readonly number[];
    memWeights: readonly number[];
    amplitude: [number, number];
    /** Peak hour: normal(mean, sd) clamped to the day, or uniform over the day when sd is null. */
    peakHour: { mean: number; sd: number | null };
    noiseCv: number;
    memActiveShare: number;
  }
> = {
  web: {
    cpuMedian: 1,
    cpuSigma: 0.6,
    cpuRange: [0.1, 8],
    memGiB: [2, 4, 8],
    memWeights: [0.4, 0.4, 0.2],
    amplitude: [0.4, 0.8],
    peakHour: { mean: 14, sd: 2 },
    noiseCv: 0.15,
    memActiveShare: CONSOLIDATION_CONSTANTS['workload.web.memActiveShare'].value,
  },
  batch: {
    cpuMedian: 3,
    cpuSigma: 0.5,
    cpuRange: [0.5, 16],
    memGiB: [4, 8, 16],
    memWeights: [0.3, 0.5, 0.2],
    amplitude: [0, 0.2],
    peakHour: { mean: 12, sd: null },
    noiseCv: 0.3,
    memActiveShare: 0.9,
  },
  'memory-bound': {
    cpuMedian: 0.5,
    cpuSigma: 0.5,
    cpuRange: [0.1, 4],
    memGiB: [16, 32, 64],
    memWeights: [0.4, 0.4, 0.2],
    amplitude: [0.3, 0.3],
    peakHour: { mean: 12, sd: 3 },
    noiseCv: 0.1,
    memActiveShare: 0.95,
  },
};

function generateItem(rng: Random, cls: ItemClass, index: number): ConsolidationItem {
  const c = ITEM_CLASSES[cls];
  const cpu = c.cpuMedian * Math.exp(rng.normal(0, c.cpuSigma));
  const memGiB = pick(rng, c.memGiB, c.memWeights);
  const amplitude =
    c.amplitude[0] === c.amplitude[1] ? c.amplitude[0] : rng.uniform(c.amplitude[0], c.amplitude[1]);
  const peak =
    c.peakHour.sd === null ? rng.uniform(0, 24) : clamp(rng.normal(c.peakHour.mean, c.peakHour.sd), 0, 24);
  return {
    id: `${cls === 'memory-bound' ? 'db' : cls}-${index + 1}`,
    cpuCores: round(clamp(cpu, c.cpuRange[0], c.cpuRange[1]), 0.05),
    memGiB,
    diurnalAmplitude: round(amplitude, 0.05),
    peakHour: round(peak, 0.25),
    noiseCv: c.noiseCv,
    memActiveShare: c.memActiveShare,
  };
}

/** The scenario's items: its list, or `count` items drawn from the mix with the seed. */
export function consolidationItems(scenario: ConsolidationScenario, seed: number): ConsolidationItem[] {
  const w = scenario.workload;
  if (w.source === 'list') return w.items.map((item) => ({ ...item }));
  const rng = new Random(seed).fork('consolidation.items');
  const items: ConsolidationItem[] = [];
  for (let i = 0; i < w.count; i++) {
    const cls: ItemClass =
      w.mix === 'mixed' ? pick(rng, ['web', 'batch', 'memory-bound'] as const, [0.5, 0.3, 0.2]) : w.mix;
    items.push(generateItem(rng, cls, i));
  }
  return items;
}

/** Predicted (noise-free) CPU demand of an item at hour h of the day, on bare metal. */
export function predictedCpu(item: ConsolidationItem, hour: number): number {
  return item.cpuCores * (1 + item.diurnalAmplitude * Math.cos((2 * Math.PI * (hour - item.peakHour)) / 24));
}

// --- placement ------------------------------------------------------------------------------

/** What placement packs: one item's reservation on a host. */
export interface Footprint {
  id: string;
  /** CPU the item reserves (cores, platform tax included). */
  cpu: number;
  /** Memory the item reserves (GiB, platform overhead included). */
  memGiB: number;
  /** Predicted CPU demand (cores) at evenly spaced points of a day; load-aware reads it (default: [cpu]). */
  profile?: readonly number[];
}

export interface HostCapacity {
  /** Reservable CPU per host: cores x CPU overcommit. */
  cpu: number;
  /** Reservable memory per host: usable GiB x memory overcommit. */
  memGiB: number;
  /** Physical cores: load-aware placement keeps the predicted demand within them. */
  cores: number;
}

export interface PlacementResult {
  /** Host of each item by input index; -1 if it fit nowhere. */
  hostOf: Int32Array;
  /** Input indices in the order the policy placed them (first-fit decreasing sorts first). */
  order: number[];
  hostsUsed: number;
  /** Reserved CPU and memory per used host. */
  cpuReserved: number[];
  memReserved: number[];
}

const FIT_EPS = 1e-9;

/** An item's share of a host in its dominant resource (the sort key of first-fit decreasing). */
export function dominantShare(item: Footprint, capacity: HostCapacity): number {
  return Math.max(item.cpu / capacity.cpu, item.memGiB / capacity.memGiB);
}

/**
 * Places items one at a time. A host "fits" an item when its reservations plus the item's
 * stay within `capacity.cpu` and `capacity.memGiB`. Among fitting hosts:
 * first fit and first-fit decreasing take the lowest-numbered one; best fit the one left with
 * the least slack (free CPU share + free memory share after placing); worst fit the most
 * slack; load-aware the one whose predicted peak (max over the profile of the summed demand)
 * stays lowest, counting only hosts where that peak stays within the physical cores. Ties go
 * to the lowest-numbered host. When no host fits, a new one is opened (up to maxHosts).
 */
export function placeItems(
  items: readonly Footprint[],
  capacity: HostCapacity,
  policy: PlacementPolicy,
  maxHosts = Number.POSITIVE_INFINITY,
): PlacementResult {
  const order = items.map((_, i) => i);
  if (policy === 'first-fit-decreasing') {
    // Array.prototype.sort is stable, so equal items keep their input order.
    order.sort((a, b) => dominantShare(items[b]!, capacity) - dominantShare(items[a]!, capacity));
  }
  const profileLength = Math.max(1, ...items.map((it) => it.profile?.length ?? 1));
  const profileAt = (it: Footprint, k: number) =>
    it.profile !== undefined && it.profile.length > 0 ? it.profile[k % it.profile.length]! : it.cpu;

  const hostOf = new Int32Array(items.length).fill(-1);
  const cpuReserved: number[] = [];
  const memReserved: number[] = [];
  const hostProfile: Float64Array[] = [];

  for (const index of order) {
    const it = items[index]!;
    if (it.cpu > capacity.cpu + FIT_EPS || it.memGiB > capacity.memGiB + FIT_EPS) continue;
    let chosen = -1;
    let best = 0;
    for (let h = 0; h < cpuReserved.length; h++) {
      const cpuAfter = cpuReserved[h]! + it.cpu;
      const memAfter = memReserved[h]! + it.memGiB;
      if (cpuAfter > capacity.cpu + FIT_EPS || memAfter > capacity.memGiB + FIT_EPS) continue;
      if (policy === 'first-fit' || policy === 'first-fit-decreasing') {
        chosen = h;
        break;
      }
      let score: number;
      if (policy === 'load-aware') {
        const profile = hostProfile[h]!;
        let peak = 0;
        for (let k = 0; k < profileLength; k++) peak = Math.max(peak, profile[k]! + profileAt(it, k));
        if (peak > capacity.cores + FIT_EPS) continue;
        score = peak;
      } else {
        const slack =
          (capacity.cpu - cpuAfter) / capacity.cpu + (capacity.memGiB - memAfter) / capacity.memGiB;
        score = policy === 'best-fit' ? slack : -slack;
      }
      if (chosen < 0 || score < best - 1e-12) {
        chosen = h;
        best = score;
      }
    }
    if (chosen < 0) {
      if (cpuReserved.length >= maxHosts) continue;
      chosen = cpuReserved.length;
      cpuReserved.push(0);
      memReserved.push(0);
      hostProfile.push(new Float64Array(profileLength));
    }
    hostOf[index] = chosen;
    cpuReserved[chosen] = cpuReserved[chosen]! + it.cpu;
    memReserved[chosen] = memReserved[chosen]! + it.memGiB;
    const profile = hostProfile[chosen]!;
    for (let k = 0; k < profileLength; k++) profile[k] = profile[k]! + profileAt(it, k);
  }
  return { hostOf, order, hostsUsed: cpuReserved.length, cpuReserved, memReserved };
}

/** No packing can use fewer hosts: ceil(total CPU / host CPU) and ceil(total memory / host memory). */
export function hostsLowerBound(items: readonly Footprint[], capacity: HostCapacity): number {
  let cpu = 0;
  let mem = 0;
  for (const it of items) {
    cpu += it.cpu;
    mem += it.memGiB;
  }
  return Math.max(Math.ceil(cpu / capacity.cpu - FIT_EPS), Math.ceil(mem / capacity.memGiB - FIT_EPS), 0);
}

// --- power ------------------------------------------------------------------------------------

/** Linear power model (Fan et al. 2007): P(u) = P_idle + (P_peak - P_idle) x u, u in [0, 1]. */
export function linearPowerWatts(idleWatts: number, peakWatts: number, utilisation: number): number {
  return idleWatts + (peakWatts - idleWatts) * clamp(utilisation, 0, 1);
}

/**
 * Energy (kWh) of powered-on hosts: utilisations[s][h] is host h's CPU utilisation during
 * sample s, each sample lasting dtHours.
 */
export function energyKWh(
  idleWatts: number,
  peakWatts: number,
  utilisations: readonly (readonly number[])[],
  dtHours: number,
): number {
  let wattHours = 0;
  for (const sample of utilisations) {
    for (const u of sample) wattHours += linearPowerWatts(idleWatts, peakWatts, u) * dtHours;
  }
  return wattHours / 1000;
}

// --- the day ----------------------------------------------------------------------------------

/** The scenario turned into numbers every policy shares (common random numbers). */
interface Prepared {
  scenario: ConsolidationScenario;
  items: ConsolidationItem[];
  samples: number;
  /** Duration of each sample (h); the last one may be shorter. */
  sampleHours: Float64Array;
  /** Bare-metal CPU demand, item-major: demand[i * samples + s]. */
  demand: Float64Array;
  usableGiB: number;
}

function prepare(scenario: ConsolidationScenario, seed: number): Prepared {
  const items = consolidationItems(scenario, seed);
  const samples = sampleCount(scenario.horizonHours, scenario.sampleMinutes);
  const dtH = scenario.sampleMinutes / 60;
  const sampleHours = new Float64Array(samples);
  for (let s = 0; s < samples; s++) sampleHours[s] = Math.min(dtH, scenario.horizonHours - s * dtH);
  const demand = new Float64Array(items.length * samples);
  const noise = new Random(seed).fork('consolidation.noise');
  items.forEach((item, i) => {
    // One stream per item: adding an item does not change the others' noise.
    const rng = noise.fork(i);
    for (let s = 0; s < samples; s++) {
      const base = predictedCpu(item, s * dtH);
      const z = item.noiseCv > 0 ? rng.normal(0, 1) : 0;
      demand[i * samples + s] = Math.max(0, base * (1 + item.noiseCv * z));
    }
  });
  return {
    scenario,
    items,
    samples,
    sampleHours,
    demand,
    usableGiB: scenario.host.ramGiB - scenario.host.reservedGiB,
  };
}

interface PlatformTax {
  cpuSlowdown: number;
  idleCores: number;
  memOverheadGiB: number;
}

function platformTax(platform: ConsolidationPlatform): PlatformTax {
  const preset = PLATFORM_PRESETS[PRESET_OF[platform]];
  return {
    cpuSlowdown: preset.cpuSlowdown,
    idleCores: preset.idleCpuCores,
    memOverheadGiB: preset.memoryOverheadMiB / 1024,
  };
}

const PROFILE_POINTS = 24;

/** An item's reservation on a platform, with its hourly predicted demand for load-aware placement. */
export function footprintOf(
  item: ConsolidationItem,
  platform: ConsolidationPlatform,
  sizing: ConsolidationScenario['sizing'],
): Footprint {
  const tax = platformTax(platform);
  const reservedCpu = sizing === 'peak' ? item.cpuCores * (1 + item.diurnalAmplitude) : item.cpuCores;
  const profile: number[] = [];
  for (let k = 0; k < PROFILE_POINTS; k++)
    profile.push(predictedCpu(item, k) * tax.cpuSlowdown + tax.idleCores);
  return {
    id: item.id,
    cpu: reservedCpu * tax.cpuSlowdown + tax.idleCores,
    memGiB: item.memGiB + tax.memOverheadGiB,
    profile,
  };
}

export function hostCapacity(scenario: ConsolidationScenario): HostCapacity {
  return {
    cpu: scenario.host.cores * scenario.overcommit.cpu,
    memGiB: (scenario.host.ramGiB - scenario.host.reservedGiB) * scenario.overcommit.memory,
    cores: scenario.host.cores,
  };
}

export interface HostDayStats {
  host: number;
  items: number;
  cpuReserved: number;
  memReserved: number;
  /** Memory the items touch, platform overhead included (GiB). */
  activeMemGiB: number;
  swapGiB: number;
  peakDemandCores: number;
  meanUtilisation: number;
  overloadShare: number;
  energyKWh: number;
}

export interface TraceSample {
  hour: number;
  hostsOn: number;
  demandCores: number;
  servedCores: number;
  /** Mean CPU utilisation of the powered-on hosts. */
  meanUtilisation: number;
  powerWatts: number;
  overloadedHosts: number;
}

export interface PolicyResult {
  policy: PlacementPolicy;
  platform: ConsolidationPlatform;
  hostsUsed: number;
  hostsLowerBound: number;
  unplaced: number;
  /** Mean CPU utilisation of powered-on hosts over the horizon (served cores / cores). */
  meanUtilisation: number;
  energyKWh: number;
  /** Share of powered-on host-time during which demand exceeded the cores. */
  overloadShare: number;
  /** Mean slowdown (demand / cores) while a host is overloaded; 1 if never. */
  meanSlowdown: number;
  /** Share of all CPU demand that could not be served when asked (CPU steal). */
  stealShare: number;
  swappingHosts: number;
  swappedGiB: number;
  /** Mean slowdown on swapping hosts: 1 + penalty x swapped share of active memory (CALIBRATION memory.overcommitPenalty). */
  swapSlowdown: number;
  placement: PlacementResult;
  hosts: HostDayStats[];
  trace: TraceSample[];
}

function runDay(prep: Prepared, platform: ConsolidationPlatform, policy: PlacementPolicy): PolicyResult {
  const { scenario, items, samples, demand, sampleHours } = prep;
  const capacity = hostCapacity(scenario);
  const footprints = items.map((item) => footprintOf(item, platform, scenario.sizing));
  const placement = placeItems(footprints, capacity, policy, scenario.maxHosts);
  const tax = platformTax(platform);
  const H = placement.hostsUsed;
  const cores = scenario.host.cores;
  const { idleWatts, peakWatts } = scenario.host;

  const itemsOn = new Float64Array(H);
  const activeMem = new Float64Array(H);
  items.forEach((item, i) => {
    const h = placement.hostOf[i]!;
    if (h < 0) return;
    itemsOn[h] = itemsOn[h]! + 1;
    activeMem[h] = activeMem[h]! + item.memGiB * item.memActiveShare + tax.memOverheadGiB;
  });

  // Host demand per sample, host-major: hostDemand[h * samples + s].
  const hostDemand = new Float64Array(H * samples);
  items.forEach((_, i) => {
    const h = placement.hostOf[i]!;
    if (h < 0) return;
    const row = h * samples;
    for (let s = 0; s < samples; s++) {
      hostDemand[row + s] = hostDemand[row + s]! + demand[i * samples + s]! * tax.cpuSlowdown + tax.idleCores;
    }
  });

  const trace: TraceSample[] = [];
  for (let s = 0; s < samples; s++) {
    trace.push({
      hour: (s * scenario.sampleMinutes) / 60,
      hostsOn: H,
      demandCores: 0,
      servedCores: 0,
      meanUtilisation: 0,
      powerWatts: 0,
      overloadedHosts: 0,
    });
  }
  const hosts: HostDayStats[] = [];
  let hostHours = 0;
  let overloadedHours = 0;
  let slowdownHours = 0;
  let utilHours = 0;
  let demandTotal = 0;
  let servedTotal = 0;
  let energy = 0;
  for (let h = 0; h < H; h++) {
    let peak = 0;
    let hostUtilHours = 0;
    let hostOverHours = 0;
    let hostWh = 0;
    const hours = scenario.horizonHours;
    for (let s = 0; s < samples; s++) {
      const dt = sampleHours[s]!;
      const d = hostDemand[h * samples + s]!;
      const served = Math.min(d, cores);
      const u = served / cores;
      const watts = linearPowerWatts(idleWatts, peakWatts, u);
      peak = Math.max(peak, d);
      hostUtilHours += u * dt;
      hostWh += watts * dt;
      demandTotal += d * dt;
      servedTotal += served * dt;
      const sample = trace[s]!;
      sample.demandCores += d;
      sample.servedCores += served;
      sample.powerWatts += watts;
      if (d > cores * (1 + 1e-12)) {
        hostOverHours += dt;
        slowdownHours += (d / cores) * dt;
        sample.overloadedHosts++;
      }
    }
    hostHours += hours;
    overloadedHours += hostOverHours;
    utilHours += hostUtilHours;
    energy += hostWh / 1000;
    hosts.push({
      host: h,
      items: itemsOn[h]!,
      cpuReserved: placement.cpuReserved[h]!,
      memReserved: placement.memReserved[h]!,
      activeMemGiB: activeMem[h]!,
      swapGiB: Math.max(0, activeMem[h]! - prep.usableGiB),
      peakDemandCores: peak,
      meanUtilisation: hostUtilHours / hours,
      overloadShare: hostOverHours / hours,
      energyKWh: hostWh / 1000,
    });
  }
  for (const sample of trace) sample.meanUtilisation = H > 0 ? sample.servedCores / (H * cores) : 0;

  const penalty = CALIBRATION['memory.overcommitPenalty'].value;
  const swapping = hosts.filter((h) => h.swapGiB > 1e-9);
  const swapSlowdown =
    swapping.length === 0
      ? 1
      : swapping.reduce((sum, h) => sum + 1 + (penalty * h.swapGiB) / h.activeMemGiB, 0) / swapping.length;
  return {
    policy,
    platform,
    hostsUsed: H,
    hostsLowerBound: hostsLowerBound(footprints, capacity),
    unplaced: placement.hostOf.reduce((n, h) => n + (h < 0 ? 1 : 0), 0),
    meanUtilisation: hostHours > 0 ? utilHours / hostHours : 0,
    energyKWh: energy,
    overloadShare: hostHours > 0 ? overloadedHours / hostHours : 0,
    meanSlowdown: overloadedHours > 0 ? slowdownHours / overloadedHours : 1,
    stealShare: demandTotal > 0 ? 1 - servedTotal / demandTotal : 0,
    swappingHosts: swapping.length,
    swappedGiB: swapping.reduce((sum, h) => sum + h.swapGiB, 0),
    swapSlowdown,
    placement,
    hosts,
    trace,
  };
}

/** Every policy on both platforms, on the same items and the same demand noise. */
export function comparePlacementPolicies(scenario: ConsolidationScenario, seed: number): PolicyResult[] {
  const prep = prepare(scenario, seed);
  const results: PolicyResult[] = [];
  for (const platform of CONSOLIDATION_PLATFORMS) {
    for (const policy of PLACEMENT_POLICIES) results.push(runDay(prep, platform, policy));
  }
  return results;
}

/** Energy if every item had a host of its own (no consolidation), for comparison. */
function unconsolidatedEnergyKWh(prep: Prepared, platform: ConsolidationPlatform): number {
  const tax = platformTax(platform);
  const { idleWatts, peakWatts, cores } = prep.scenario.host;
  let wh = 0;
  for (let i = 0; i < prep.items.length; i++) {
    for (let s = 0; s < prep.samples; s++) {
      const d = prep.demand[i * prep.samples + s]! * tax.cpuSlowdown + tax.idleCores;
      wh += linearPowerWatts(idleWatts, peakWatts, Math.min(d, cores) / cores) * prep.sampleHours[s]!;
    }
  }
  return wh / 1000;
}

// --- the simulation (axis: placement steps) ----------------------------------------------------

const pct = (x: number) => Math.round(x * 1000) / 10;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Axis 'step': step k places the k-th item (in the policy's order) of the scenario's policy
 * and platform, and emits one frame and one 'place' (or 'unplaced') event. The day of
 * operation of every policy x platform is in summary() tables; the trace table is the
 * 24 h energy/utilisation curve of the animated combination.
 */
export function createConsolidationSimulation(
  scenario: ConsolidationScenario,
  seed: number,
): TopicSimulation {
  const parsed = ConsolidationScenarioSchema.parse(scenario);
  const items = consolidationItems(parsed, seed);
  const capacity = hostCapacity(parsed);
  const footprints = items.map((item) => footprintOf(item, parsed.platform, parsed.sizing));
  const placement = placeItems(footprints, capacity, parsed.policy, parsed.maxHosts);
  const horizon = placement.order.length;

  let step = 0;
  let hostsOpen = 0;
  let placed = 0;
  let unplaced = 0;
  let cpuSum = 0;
  let memSum = 0;
  let cpuOnHosts = 0;
  let memOnHosts = 0;
  let cached: { results: PolicyResult[]; prep: Prepared } | null = null;
  const results = () => {
    if (cached === null) {
      const prep = prepare(parsed, seed);
      const all: PolicyResult[] = [];
      for (const platform of CONSOLIDATION_PLATFORMS) {
        for (const policy of PLACEMENT_POLICIES) all.push(runDay(prep, platform, policy));
      }
      cached = { results: all, prep };
    }
    return cached;
  };

  return {
    axis: { unit: 'step', label: 'items placed' },
    horizon,
    get now() {
      return step;
    },
    get done() {
      return step >= horizon;
    },
    get eventsProcessed() {
      return step;
    },
    advanceTo(until: number): TopicChunk {
      const frames: TopicFrame[] = [];
      const events: TopicEvent[] = [];
      const last = Math.min(horizon, Math.floor(until));
      while (step < last && frames.length + events.length < MAX_TOPIC_ITEMS) {
        const index = placement.order[step]!;
        step++;
        const fp = footprints[index]!;
        const host = placement.hostOf[index]!;
        cpuSum += fp.cpu;
        memSum += fp.memGiB;
        if (host >= 0) {
          placed++;
          hostsOpen = Math.max(hostsOpen, host + 1);
          cpuOnHosts += fp.cpu;
          memOnHosts += fp.memGiB;
          events.push({
            type: 'place',
            subject: fp.id,
            start: step,
            data: { host, cpu: r3(fp.cpu), memGiB: r3(fp.memGiB) },
          });
        } else {
          unplaced++;
          events.push({
            type: 'unplaced',
            subject: fp.id,
            start: step,
            data: { cpu: r3(fp.cpu), memGiB: r3(fp.memGiB) },
          });
        }
        frames.push({
          t: step,
          values: {
            'hosts.used': hostsOpen,
            'hosts.lowerBound': Math.max(
              Math.ceil(cpuSum / capacity.cpu - FIT_EPS),
              Math.ceil(memSum / capacity.memGiB - FIT_EPS),
            ),
            'items.placed': placed,
            'items.unplaced': unplaced,
            'item.host': host >= 0 ? host : null,
            'cpu.reservedShare': hostsOpen > 0 ? cpuOnHosts / (hostsOpen * capacity.cpu) : null,
            'mem.reservedShare': hostsOpen > 0 ? memOnHosts / (hostsOpen * capacity.memGiB) : null,
          },
        });
      }
      return { frames, events };
    },
    summary(): TopicSummary {
      const { results: all, prep } = results();
      const own = all.find((r) => r.policy === parsed.policy && r.platform === parsed.platform)!;
      const alone = unconsolidatedEnergyKWh(prep, parsed.platform);
      const metrics: TopicMetric[] = [
        { id: 'hosts.used', label: 'Hosts powered on', value: own.hostsUsed, unit: 'hosts' },
        { id: 'hosts.lowerBound', label: 'Lower bound on hosts', value: own.hostsLowerBound, unit: 'hosts' },
        { id: 'items.unplaced', label: 'Items that fit nowhere', value: own.unplaced, unit: 'items' },
        {
          id: 'utilisation.mean',
          label: 'Mean CPU utilisation of powered-on hosts',
          value: pct(own.meanUtilisation),
          unit: '%',
        },
        {
          id: 'energy.kWh',
          label: `Energy over ${parsed.horizonHours} h`,
          value: r3(own.energyKWh),
          unit: 'kWh',
        },
        {
          id: 'energy.unconsolidatedKWh',
          label: 'Energy with one host per item',
          value: r3(alone),
          unit: 'kWh',
        },
        {
          id: 'overload.share',
          label: 'Share of host-time overloaded',
          value: pct(own.overloadShare),
          unit: '%',
        },
        {
          id: 'overload.slowdown',
          label: 'Mean slowdown while overloaded',
          value: r3(own.meanSlowdown),
          unit: 'x',
        },
        {
          id: 'cpu.stealShare',
          label: 'CPU demand not served (steal)',
          value: pct(own.stealShare),
          unit: '%',
        },
        { id: 'memory.swappingHosts', label: 'Hosts swapping', value: own.swappingHosts, unit: 'hosts' },
        { id: 'memory.swappedGiB', label: 'Memory swapped out', value: r3(own.swappedGiB), unit: 'GiB' },
      ];
      const comparison: TopicTable = {
        id: 'policies',
        title: 'Placement policies on VMs and containers',
        columns: [
          'policy',
          'platform',
          'hosts',
          'lower bound',
          'unplaced',
          'mean CPU utilisation (%)',
          'energy (kWh)',
          'overloaded host-time (%)',
          'mean slowdown when overloaded (x)',
          'CPU steal (%)',
          'hosts swapping',
          'swapped (GiB)',
        ],
        rows: all.map((r) => [
          POLICY_LABELS[r.policy],
          r.platform,
          r.hostsUsed,
          r.hostsLowerBound,
          r.unplaced,
          pct(r.meanUtilisation),
          r3(r.energyKWh),
          pct(r.overloadShare),
          r3(r.meanSlowdown),
          pct(r.stealShare),
          r.swappingHosts,
          r3(r.swappedGiB),
        ]),
      };
      let cumulative = 0;
      const trace: TopicTable = {
        id: 'trace',
        title: `${POLICY_LABELS[own.policy]}, ${own.platform}s: the day, every ${parsed.sampleMinutes} min`,
        columns: [
          'hour',
          'hosts on',
          'CPU demand (cores)',
          'mean utilisation (%)',
          'power (W)',
          'overloaded hosts',
          'energy so far (kWh)',
        ],
        rows: own.trace.map((s, i) => {
          cumulative += (s.powerWatts * prep.sampleHours[i]!) / 1000;
          return [
            r3(s.hour),
            s.hostsOn,
            r3(s.demandCores),
            pct(s.meanUtilisation),
            r3(s.powerWatts),
            s.overloadedHosts,
            r3(cumulative),
          ];
        }),
      };
      const hosts: TopicTable = {
        id: 'hosts',
        title: `${POLICY_LABELS[own.policy]}, ${own.platform}s: hosts`,
        columns: [
          'host',
          'items',
          'CPU reserved (cores)',
          'memory reserved (GiB)',
          'peak demand (cores)',
          'mean utilisation (%)',
          'overloaded time (%)',
          'swapped (GiB)',
          'energy (kWh)',
        ],
        rows: own.hosts.map((h) => [
          h.host,
          h.items,
          r3(h.cpuReserved),
          r3(h.memReserved),
          r3(h.peakDemandCores),
          pct(h.meanUtilisation),
          pct(h.overloadShare),
          r3(h.swapGiB),
          r3(h.energyKWh),
        ]),
      };
      return { metrics, tables: [comparison, trace, hosts] };
    },
  };
}
