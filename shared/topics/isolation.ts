import { z } from 'zod';
import { numberField as num, wholeNumberField as int } from '../schema-fields';
import { CALIBRATION, type CalibratedValue } from '../sim/calibration';
import { sampleDistribution } from '../sim/distributions';
import { Engine } from '../sim/engine';
import { PLATFORM_PRESETS, medianStartMs, type PlatformPreset } from '../sim/platforms';
import { Random } from '../sim/random';
import { PlatformIdSchema, parseWith, type ParseResult, type PlatformId } from '../scenario';
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

/**
 * Isolation and security: what one tenant's trouble does to the other tenants of a host.
 *
 * Part 1, faults (blast radius). T tenants, each one instance of a service on one platform,
 * share a host. Faults are injected at given times:
 * - guest kernel crash: a VM or microVM loses only its own kernel and reboots (its platform
 *   start time); a container has no kernel of its own, so a kernel panic caused inside it is
 *   a host kernel crash; in gVisor the crashing "kernel" is the sandbox's Sentry.
 * - host kernel crash: every tenant dies; the host reboots (assumed ~2 min) and restarts the
 *   tenants in waves of `restartConcurrency`, each taking its platform's start time.
 * - escape: the attacker leaves the tenant. Containers and plain processes share the host
 *   kernel, so an escape is a host compromise (all tenants); a VM escape needs a hypervisor
 *   bug and a gVisor escape a Sentry plus a host kernel bug (scenario switches).
 * - runaway CPU (fork bomb) or memory (leak): with limits (VM boundary, cgroups) only that
 *   tenant suffers; without limits CPU is shared per runnable process and a leak pushes the
 *   whole host into swap until the OOM killer ends the leaker.
 * Each tenant's capacity (share of its full service rate) follows from a fluid model: CPU by
 * weighted max-min fair sharing, memory pressure as 1 + penalty x swapped share.
 *
 * Part 2, noisy neighbours. A victim and an aggressor hammering one resource (CPU, LLC, disk,
 * network) on a shared host, per platform: steal time from a processor-sharing probability
 * model, LLC contention (no platform partitions it without Intel CAT), disk shared by queue
 * depth with the platform's I/O path as a cap (Felter: KVM ~0.5x IOPS), the NIC shared per
 * TCP flow, functions calibrated on Wang et al. 2018's co-location measurements.
 */

// --- constants ------------------------------------------------------------------------------

const WANG = 'Wang et al., "Peeking Behind the Curtains of Serverless Platforms", USENIX ATC 2018';

export const ISOLATION_CONSTANTS = {
  'host.rebootTime': {
    value: 120,
    unit: 's',
    source: 'assumption',
    assumption: true,
    note: 'Firmware POST, memory training and OS boot of a rack server take minutes; 2 min is a round middle value.',
  },
  'host.swap': {
    value: 8,
    unit: 'GiB',
    source: 'assumption',
    assumption: true,
    note: 'A modest swap device; once RAM and swap are full the kernel OOM killer ends the largest process.',
  },
  'runaway.forkBombProcesses': {
    value: 1000,
    unit: 'runnable processes',
    source: 'assumption',
    assumption: true,
    note: 'A fork bomb keeps spawning until a process limit stops it; ~1000 runnable processes is a typical per-user limit scale.',
  },
  'runaway.leakRate': {
    value: 1024,
    unit: 'MiB/s',
    source: 'assumption',
    assumption: true,
    note: 'A tight allocate-and-touch loop; fast enough to fill a server within a minute, as runaway leaks do.',
  },
  'runaway.duration': {
    value: 120,
    unit: 's',
    source: 'assumption',
    assumption: true,
    note: 'Time until an operator or watchdog kills the runaway workload.',
  },
  'sched.tick': {
    value: 0.004,
    unit: 's',
    source: 'Linux kernel/Kconfig.hz: default HZ=250, a 4 ms scheduler tick',
    note: 'Steal time is measured per tick in the frames, as the guest kernel accounts it.',
  },
  'llc.maxSlowdown': {
    value: 0.25,
    unit: 'x extra time at full aggressor',
    source:
      'assumption (concept: last-level cache is shared by all cores of a socket; only cache partitioning such as Intel RDT Cache Allocation Technology isolates it)',
    assumption: true,
    note: 'Middle of the 20-30% slowdown range used in the course for a cache-sensitive victim next to a cache-thrashing aggressor.',
  },
  'llc.catResidualShare': {
    value: 0.2,
    unit: 'share of the LLC slowdown left',
    source:
      'assumption (Intel RDT: CAT partitions LLC ways; memory bandwidth stays shared unless MBA is used)',
    assumption: true,
    note: 'With cache ways partitioned, the remaining interference is memory-bandwidth contention.',
  },
  'io.weightEffectiveness': {
    value: 0.5,
    unit: 'share of weighted fairness achieved',
    source:
      'assumption (Linux cgroup v2 io.weight is enforced only by BFQ or io.cost, and buffered writeback is attributed imperfectly)',
    assumption: true,
    note: 'blkio/io weights give partial isolation: the allocation is halfway between queue-depth sharing and equal weights.',
  },
  'faas.diskContention': {
    value: 4,
    unit: 'x lower disk throughput at full co-location',
    source: `${WANG}: co-located 128 MB AWS Lambda instances, per-instance disk throughput down ~4x`,
  },
  'faas.networkContention': {
    value: 19,
    unit: 'x lower network throughput at full co-location',
    source: `${WANG}: co-located 128 MB AWS Lambda instances, per-instance network throughput down up to 19x`,
  },
} satisfies Record<string, CalibratedValue>;

/** Memory pressure: work slows by 1 + penalty x share of the working set that is swapped out. */
const MEMORY_PENALTY = CALIBRATION['memory.overcommitPenalty'].value;
const FORK_EXEC_S = CALIBRATION['process.forkExecTime'].value / 1000;
/** Capacity below 1 - EPS counts as degraded; also the tolerance of threshold checks. */
const EPS = 1e-9;

export const MAX_TENANTS = 32;
export const MAX_FAULTS = 16;
/** Frames per run (horizon / frame interval), keeping per-tenant frames well under memory limits. */
export const MAX_ISOLATION_FRAMES = 10_000;
/** Where blastRadiusMatrix injects its single fault, and into which tenant. */
export const MATRIX_FAULT_AT_S = 10;
export const MATRIX_FAULT_TENANT = 1;

export const DEFAULT_COMPARE_PLATFORMS: readonly PlatformId[] = [
  'bare-metal',
  'kvm',
  'firecracker',
  'runc',
  'gvisor',
  'faas-microvm',
  'faas-container',
];

// --- schema ---------------------------------------------------------------------------------

const bool = (label: string) => z.boolean({ error: `${label} must be true or false` });

export const FAULT_TYPES = [
  'guest-kernel-crash',
  'host-kernel-crash',
  'escape',
  'runaway-cpu',
  'runaway-memory',
] as const;
export type FaultType = (typeof FAULT_TYPES)[number];

export const FAULT_LABELS: Readonly<Record<FaultType, string>> = {
  'guest-kernel-crash': 'guest kernel crash',
  'host-kernel-crash': 'host kernel crash',
  escape: 'escape',
  'runaway-cpu': 'runaway CPU (fork bomb)',
  'runaway-memory': 'runaway memory (leak)',
};

export const NOISY_RESOURCES = ['cpu', 'llc', 'disk', 'network'] as const;
export type NoisyResource = (typeof NOISY_RESOURCES)[number];

const HORIZON_MAX_S = 86_400;

const FaultSchema = z.strictObject({
  type: z.enum(FAULT_TYPES, {
    error: (issue) => `unknown fault ${JSON.stringify(issue.input)} (known: ${FAULT_TYPES.join(', ')})`,
  }),
  atS: num('fault time (s)', 0, HORIZON_MAX_S),
  /** 1-based tenant the fault starts in (ignored by host-kernel-crash). */
  tenant: int('fault tenant', 1, MAX_TENANTS),
});
export type FaultSpec = z.infer<typeof FaultSchema>;

const ComparePlatformsSchema = z
  .array(PlatformIdSchema)
  .min(1, { message: 'compare at least one platform' })
  .max(15, { message: 'compare at most 15 platforms' });

const common = {
  schemaVersion: z.literal(1, { error: 'schemaVersion must be 1' }),
  kind: z.literal('isolation', { error: 'kind must be "isolation"' }),
  horizonS: num('horizon (s)', 1, HORIZON_MAX_S),
  frameIntervalS: num('frame interval (s)', 0.01, 3_600),
  platform: PlatformIdSchema,
  comparePlatforms: ComparePlatformsSchema,
};

type CtxLike = z.RefinementCtx;

function checkCommon(
  s: { horizonS: number; frameIntervalS: number; comparePlatforms: string[] },
  ctx: CtxLike,
) {
  if (s.frameIntervalS > s.horizonS) {
    ctx.addIssue({
      code: 'custom',
      message: `frame interval must not exceed the horizon (${s.horizonS} s)`,
      path: ['frameIntervalS'],
    });
  }
  const frames = s.horizonS / s.frameIntervalS;
  if (frames > MAX_ISOLATION_FRAMES) {
    ctx.addIssue({
      code: 'custom',
      message: `horizon / frame interval gives ${Math.ceil(frames)} frames, at most ${MAX_ISOLATION_FRAMES}: use a frame interval of at least ${s.horizonS / MAX_ISOLATION_FRAMES} s`,
      path: ['frameIntervalS'],
    });
  }
  const seen = new Set<string>();
  s.comparePlatforms.forEach((p, i) => {
    if (seen.has(p)) {
      ctx.addIssue({
        code: 'custom',
        message: `platform ${p} is listed twice`,
        path: ['comparePlatforms', i],
      });
    }
    seen.add(p);
  });
}

export const IsolationFaultScenarioSchema = z
  .strictObject({
    ...common,
    experiment: z.literal('faults'),
    tenants: int('tenants', 1, MAX_TENANTS),
    host: z.strictObject({
      cores: int('host cores', 1, 256),
      /** Memory available to tenants (the host's own use is not counted). */
      ramGiB: num('host RAM (GiB)', 1, 4096),
      swapGiB: num('host swap (GiB)', 0, 4096),
      rebootS: num('host reboot time (s)', 1, 3_600),
    }),
    tenant: z.strictObject({
      /** Cores the tenant needs to serve its load at full speed (also its CPU limit). */
      cpuCores: num('tenant CPU demand (cores)', 0.01, 256),
      /** Working set. */
      memoryGiB: num('tenant memory (GiB)', 0.01, 4096),
      /** cgroup limit or VM memory size: a leak inside the tenant is stopped here. */
      memoryLimitGiB: num('tenant memory limit (GiB)', 0.01, 4096),
      requestsPerS: num('requests per tenant (1/s)', 0, 1_000_000),
    }),
    /** Whether containers and plain processes run under cgroup CPU/memory/pids limits (VMs always have their boundary). */
    limits: z.strictObject({
      containers: bool('limits.containers'),
      processes: bool('limits.processes'),
    }),
    vulnerabilities: z.strictObject({
      hypervisor: bool('vulnerabilities.hypervisor'),
      sentryAndHostKernel: bool('vulnerabilities.sentryAndHostKernel'),
    }),
    runaway: z.strictObject({
      durationS: num('runaway duration (s)', 0.001, HORIZON_MAX_S),
      forkBombProcesses: int('fork bomb processes', 1, 1_000_000),
      leakMiBPerS: num('leak rate (MiB/s)', 0.001, 1_000_000),
    }),
    restartConcurrency: int('restart concurrency', 1, MAX_TENANTS),
    randomStartTimes: bool('randomStartTimes'),
    faults: z.array(FaultSchema).max(MAX_FAULTS, { message: `at most ${MAX_FAULTS} faults` }),
  })
  .superRefine((s, ctx) => {
    checkCommon(s, ctx);
    if (s.tenant.memoryLimitGiB < s.tenant.memoryGiB) {
      ctx.addIssue({
        code: 'custom',
        message: `tenant memory limit must be at least the tenant memory (${s.tenant.memoryGiB} GiB)`,
        path: ['tenant', 'memoryLimitGiB'],
      });
    }
    if (s.tenants * s.tenant.memoryGiB > s.host.ramGiB) {
      ctx.addIssue({
        code: 'custom',
        message: `${s.tenants} tenants x ${s.tenant.memoryGiB} GiB do not fit in ${s.host.ramGiB} GiB of host RAM`,
        path: ['tenant', 'memoryGiB'],
      });
    }
    s.faults.forEach((f, i) => {
      if (f.tenant > s.tenants) {
        ctx.addIssue({
          code: 'custom',
          message: `fault tenant must be at most ${s.tenants} (the number of tenants)`,
          path: ['faults', i, 'tenant'],
        });
      }
      if (f.atS > s.horizonS) {
        ctx.addIssue({
          code: 'custom',
          message: `fault time must be at most the horizon (${s.horizonS} s)`,
          path: ['faults', i, 'atS'],
        });
      }
    });
  });
export type IsolationFaultScenario = z.infer<typeof IsolationFaultScenarioSchema>;

export const IsolationNoisyScenarioSchema = z
  .strictObject({
    ...common,
    experiment: z.literal('noisy-neighbour'),
    resource: z.enum(NOISY_RESOURCES, {
      error: (issue) =>
        `unknown resource ${JSON.stringify(issue.input)} (known: ${NOISY_RESOURCES.join(', ')})`,
    }),
    aggressor: z.strictObject({
      startS: num('aggressor start (s)', 0, HORIZON_MAX_S),
      stopS: num('aggressor stop (s)', 0, HORIZON_MAX_S),
      /** Share of its maximum the aggressor uses: busy probability of its vCPUs, share of its I/O path. */
      intensity: num('aggressor intensity', 0, 1),
      /** Aggressor tenants on the host. */
      count: int('aggressor count', 1, 64),
      /** Outstanding disk requests of each aggressor (fio iodepth). */
      queueDepth: int('aggressor queue depth', 1, 4_096),
      /** TCP flows of each aggressor. */
      flows: int('aggressor flows', 1, 4_096),
    }),
    victim: z.strictObject({
      iops: num('victim IOPS', 1, 10_000_000),
      networkGbps: num('victim network (Gbit/s)', 0.001, 400),
      queueDepth: int('victim queue depth', 1, 4_096),
      /** Time of one victim request when alone (any resource), for the latency frames. */
      baseLatencyMs: num('victim base latency (ms)', 0.001, 60_000),
      /** How much the victim suffers from losing its cache (0 = streaming, 1 = cache-resident working set). */
      llcSensitivity: num('victim LLC sensitivity', 0, 1),
    }),
    host: z.strictObject({
      diskRandomIops: num('disk random IOPS', 100, 10_000_000),
      nicGbps: num('NIC bandwidth (Gbit/s)', 0.1, 400),
    }),
    cpu: z.strictObject({
      /** vCPUs (or runnable threads) sharing one physical core: the overcommit ratio. */
      runnablePerCore: int('runnable vCPUs per core', 1, 8),
      /** Busy probability of the co-located vCPUs when the aggressor is idle. */
      backgroundUtilization: num('background utilization', 0, 1),
    }),
    isolation: z.strictObject({
      cacheAllocation: bool('isolation.cacheAllocation'),
      ioWeights: bool('isolation.ioWeights'),
      networkRateLimit: z.strictObject({
        enabled: bool('isolation.networkRateLimit.enabled'),
        gbps: num('network rate limit (Gbit/s)', 0.001, 400),
      }),
    }),
  })
  .superRefine((s, ctx) => {
    checkCommon(s, ctx);
    if (s.aggressor.stopS <= s.aggressor.startS) {
      ctx.addIssue({
        code: 'custom',
        message: `aggressor stop must be after its start (${s.aggressor.startS} s)`,
        path: ['aggressor', 'stopS'],
      });
    }
    if (s.aggressor.startS > s.horizonS) {
      ctx.addIssue({
        code: 'custom',
        message: `aggressor start must be at most the horizon (${s.horizonS} s)`,
        path: ['aggressor', 'startS'],
      });
    }
  });
export type IsolationNoisyScenario = z.infer<typeof IsolationNoisyScenarioSchema>;

export const IsolationScenarioSchema = z.discriminatedUnion(
  'experiment',
  [IsolationFaultScenarioSchema, IsolationNoisyScenarioSchema],
  { error: 'experiment must be "faults" or "noisy-neighbour"' },
);
export type IsolationScenario = z.infer<typeof IsolationScenarioSchema>;

export function parseIsolationScenario(input: unknown): ParseResult<IsolationScenario> {
  return parseWith(IsolationScenarioSchema, input);
}

// --- defaults and presets -------------------------------------------------------------------

export function defaultIsolationFaultScenario(): IsolationFaultScenario {
  return {
    schemaVersion: 1,
    kind: 'isolation',
    experiment: 'faults',
    horizonS: 600,
    frameIntervalS: 1,
    platform: 'runc',
    comparePlatforms: [...DEFAULT_COMPARE_PLATFORMS],
    tenants: 8,
    host: {
      cores: 16,
      ramGiB: 64,
      swapGiB: ISOLATION_CONSTANTS['host.swap'].value,
      rebootS: ISOLATION_CONSTANTS['host.rebootTime'].value,
    },
    tenant: { cpuCores: 1, memoryGiB: 4, memoryLimitGiB: 5, requestsPerS: 100 },
    limits: { containers: true, processes: false },
    vulnerabilities: { hypervisor: false, sentryAndHostKernel: false },
    runaway: {
      durationS: ISOLATION_CONSTANTS['runaway.duration'].value,
      forkBombProcesses: ISOLATION_CONSTANTS['runaway.forkBombProcesses'].value,
      leakMiBPerS: ISOLATION_CONSTANTS['runaway.leakRate'].value,
    },
    restartConcurrency: 4,
    randomStartTimes: false,
    faults: [{ type: 'guest-kernel-crash', atS: 60, tenant: 3 }],
  };
}

export function defaultIsolationNoisyScenario(): IsolationNoisyScenario {
  return {
    schemaVersion: 1,
    kind: 'isolation',
    experiment: 'noisy-neighbour',
    horizonS: 120,
    frameIntervalS: 1,
    platform: 'runc',
    comparePlatforms: [...DEFAULT_COMPARE_PLATFORMS],
    resource: 'disk',
    aggressor: { startS: 30, stopS: 90, intensity: 1, count: 1, queueDepth: 32, flows: 8 },
    victim: { iops: 50_000, networkGbps: 2, queueDepth: 4, baseLatencyMs: 10, llcSensitivity: 1 },
    host: {
      diskRandomIops: CALIBRATION['hardware.ssdRandomIops'].value,
      nicGbps: CALIBRATION['hardware.nicBandwidth'].value,
    },
    cpu: { runnablePerCore: 2, backgroundUtilization: 0 },
    isolation: { cacheAllocation: false, ioWeights: false, networkRateLimit: { enabled: false, gbps: 5 } },
  };
}

/** The default scenario: containers vs VMs, a kernel crash inside one tenant. */
export function defaultIsolationScenario(): IsolationScenario {
  return defaultIsolationFaultScenario();
}

export const ISOLATION_PRESETS: Array<{
  id: string;
  name: string;
  description: string;
  scenario: IsolationScenario;
}> = [
  {
    id: 'kernel-crash',
    name: 'Containers vs VMs: kernel crash',
    description:
      'A kernel panic inside tenant 3 of 8 containers: the containers share the host kernel, so all 8 go down for a host reboot. Compare the KVM row of the blast-radius table: only one VM reboots.',
    scenario: defaultIsolationFaultScenario(),
  },
  {
    id: 'container-escape',
    name: 'Container escape',
    description:
      'An attacker escapes from tenant 1. On containers that means owning the host kernel, so every tenant is compromised; a VM would need a hypervisor bug as well.',
    scenario: {
      ...defaultIsolationFaultScenario(),
      horizonS: 120,
      faults: [{ type: 'escape', atS: 30, tenant: 1 }],
    },
  },
  {
    id: 'fork-bomb',
    name: 'Fork bomb without limits',
    description:
      'Tenant 2 runs a fork bomb on a host of plain processes without cgroup limits: every tenant gets a sliver of CPU. Switch limits.processes on, or pick a container or VM platform, and only tenant 2 suffers.',
    scenario: {
      ...defaultIsolationFaultScenario(),
      platform: 'bare-metal',
      horizonS: 300,
      faults: [{ type: 'runaway-cpu', atS: 60, tenant: 2 }],
    },
  },
  {
    id: 'noisy-disk',
    name: 'Noisy neighbour on disk',
    description:
      'An aggressor container floods the shared SSD with 32 outstanding requests from 30 s to 90 s; the victim (4 outstanding) loses throughput. Compare VMs, whose QEMU I/O path caps what one aggressor can push, and functions (Wang et al. 2018).',
    scenario: defaultIsolationNoisyScenario(),
  },
  {
    id: 'cpu-steal',
    name: 'CPU steal under overcommit',
    description:
      'Two vCPUs per physical core: while the neighbour VM is busy, the victim vCPU waits half of the time (steal ~50%), so it runs at half speed.',
    scenario: {
      ...defaultIsolationNoisyScenario(),
      platform: 'kvm',
      resource: 'cpu',
    },
  },
];

// --- shared helpers -------------------------------------------------------------------------

export type IsolationBoundary = 'process' | 'container' | 'sandbox' | 'vm';

/** What separates one tenant from the next on this platform, read from the preset. */
export function isolationBoundary(preset: PlatformPreset): IsolationBoundary {
  switch (preset.category) {
    case 'bare-metal':
    case 'process VM':
      return 'process';
    case 'container':
      return 'container';
    case 'sandboxed container':
      return 'sandbox';
    case 'type-1 hypervisor':
    case 'type-2 hypervisor':
    case 'microVM':
      return 'vm';
    case 'serverless':
      // Functions are as isolated as the sandbox they start: a microVM or a container.
      return preset.startParts.some((p) => p.calibrationId.startsWith('firecracker.')) ? 'vm' : 'container';
  }
}

/**
 * Weighted max-min fair shares: `capacity` split among entities in proportion to their
 * weights, no entity getting more than its demand, the surplus going to the others.
 */
export function waterFill(
  capacity: number,
  demands: readonly number[],
  weights: readonly number[],
): number[] {
  const alloc = demands.map(() => 0);
  let active = demands.map((_, i) => i).filter((i) => demands[i]! > 0 && weights[i]! > 0);
  let remaining = capacity;
  while (active.length > 0 && remaining > 0) {
    const totalWeight = active.reduce((sum, i) => sum + weights[i]!, 0);
    const level = remaining / totalWeight;
    const saturated = active.filter((i) => demands[i]! - alloc[i]! <= level * weights[i]! * (1 + 1e-12));
    if (saturated.length === 0) {
      for (const i of active) alloc[i]! += level * weights[i]!;
      break;
    }
    for (const i of saturated) {
      remaining -= demands[i]! - alloc[i]!;
      alloc[i] = demands[i]!;
    }
    active = active.filter((i) => !saturated.includes(i));
  }
  return alloc;
}

function frameTimes(horizon: number, interval: number): number[] {
  const times: number[] = [];
  const n = Math.floor(horizon / interval + 1e-9);
  for (let k = 0; k <= n; k++) times.push(Math.min(k * interval, horizon));
  if (times[times.length - 1]! < horizon - 1e-9) times.push(horizon);
  return times;
}

const round = (x: number, digits = 3) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

// --- part 1: faults -------------------------------------------------------------------------

interface FaultRuntime {
  index: number;
  spec: FaultSpec;
  /** When the fault stops acting: its time, or the end of a runaway's window. */
  endS: number;
  down: Set<number>;
  compromised: Set<number>;
  degraded: Set<number>;
  /** Tenants still down or degraded because of this fault. */
  pending: Set<number>;
  recoveredAt: number | null;
}

export interface FaultStats {
  type: FaultType;
  atS: number;
  tenant: number;
  tenantsAffected: number;
  tenantsDown: number;
  tenantsCompromised: number;
  tenantsDegraded: number;
  /** From the fault until every tenant it took down or slowed is back at full capacity; null if never (escape). */
  timeToRecoverS: number | null;
}

interface FaultModelOptions {
  frames: boolean;
  events: boolean;
}

class FaultModel {
  readonly engine = new Engine();
  readonly preset: PlatformPreset;
  readonly boundary: IsolationBoundary;
  /** True when a runaway is confined to its tenant (VM boundary or cgroup limits). */
  readonly limited: boolean;
  readonly horizon: number;
  private readonly s: IsolationFaultScenario;
  private readonly rng: Random;
  private readonly T: number;
  private readonly frameAt: number[];
  private nextFrame = 0;

  hostUp = true;
  hostCompromised = false;
  readonly up: boolean[];
  readonly upSince: number[];
  readonly downSince: number[];
  readonly downtime: number[];
  readonly compromised: boolean[];
  readonly degradedSince: number[];
  readonly degradedTime: number[];
  private readonly restartHandle: number[];
  private memoryHandle = -1;
  readonly faults: FaultRuntime[];
  private failed = 0;
  private lastIntegrated = 0;
  private finalized = false;
  private emitted = 0;
  droppedEvents = 0;
  private outEvents: TopicEvent[] = [];

  private readonly kindFault: number;
  private readonly kindRunawayEnd: number;
  private readonly kindHostUp: number;
  private readonly kindTenantUp: number;
  private readonly kindMemory: number;

  constructor(
    scenario: IsolationFaultScenario,
    seed: number,
    private readonly options: FaultModelOptions,
  ) {
    this.s = scenario;
    this.preset = PLATFORM_PRESETS[scenario.platform];
    this.boundary = isolationBoundary(this.preset);
    this.limited =
      this.boundary === 'vm' ||
      (this.boundary === 'process' ? scenario.limits.processes : scenario.limits.containers);
    this.horizon = scenario.horizonS;
    this.rng = new Random(seed).fork('isolation.starts');
    this.T = scenario.tenants;
    this.frameAt = options.frames ? frameTimes(scenario.horizonS, scenario.frameIntervalS) : [];
    const fill = <V>(v: V) => Array.from({ length: this.T }, () => v);
    this.up = fill(true);
    this.upSince = fill(0);
    this.downSince = fill(Number.NaN);
    this.downtime = fill(0);
    this.compromised = fill(false);
    this.degradedSince = fill(Number.NaN);
    this.degradedTime = fill(0);
    this.restartHandle = fill(-1);

    this.kindFault = this.engine.register((j) => this.onFault(j));
    this.kindRunawayEnd = this.engine.register(() => this.onRunawayEnd());
    this.kindHostUp = this.engine.register(() => this.onHostUp());
    this.kindTenantUp = this.engine.register((i) => this.onTenantUp(i));
    this.kindMemory = this.engine.register(() => this.onMemoryCheck());

    this.faults = scenario.faults.map((spec, index) => ({
      index,
      spec,
      endS: spec.type.startsWith('runaway') ? spec.atS + scenario.runaway.durationS : spec.atS,
      down: new Set<number>(),
      compromised: new Set<number>(),
      degraded: new Set<number>(),
      pending: new Set<number>(),
      recoveredAt: null,
    }));
    // Faults in time order (ties in list order, the engine is FIFO).
    for (const f of this.faults) {
      this.engine.scheduleAt(f.spec.atS, this.kindFault, f.index);
      if (f.endS > f.spec.atS) this.engine.scheduleAt(f.endS, this.kindRunawayEnd, f.index);
    }
  }

  get now(): number {
    return this.engine.now;
  }

  // --- timing of starts ---

  /** Seconds to start a tenant again after its platform instance died. */
  private startS(): number {
    if (this.s.randomStartTimes) return sampleDistribution(this.preset.startTimeMs, this.rng) / 1000;
    return medianStartMs(this.preset) / 1000;
  }

  /** After an OOM kill: a process restarts inside its VM or on the host; a container or function is recreated. */
  private serviceRestartS(): number {
    if (this.preset.category === 'serverless') return this.startS();
    if (this.boundary === 'vm' || this.boundary === 'process') return FORK_EXEC_S;
    return this.startS();
  }

  // --- the fluid model: capacities at time t with the current state ---

  private activeRunaways(t: number, type: 'runaway-cpu' | 'runaway-memory'): FaultRuntime[] {
    return this.faults.filter(
      (f) => f.spec.type === type && f.spec.atS <= t && t < f.endS && this.up[f.spec.tenant - 1] === true,
    );
  }

  /** GiB leaked by tenant i's active leaks at time t (the leak restarts with the tenant). */
  private leakGiB(i: number, t: number): number {
    if (!this.up[i]) return 0;
    let leaked = 0;
    for (const f of this.activeRunaways(t, 'runaway-memory')) {
      if (f.spec.tenant - 1 !== i) continue;
      leaked += (this.s.runaway.leakMiBPerS / 1024) * Math.max(0, t - Math.max(f.spec.atS, this.upSince[i]!));
    }
    return leaked;
  }

  private hostMemoryUsedGiB(t: number): number {
    let used = 0;
    for (let i = 0; i < this.T; i++) if (this.up[i]) used += this.s.tenant.memoryGiB + this.leakGiB(i, t);
    return used;
  }

  /** Share of the host's memory demand that does not fit in RAM (0 when it fits or leaks are confined). */
  private swappedShare(t: number): number {
    if (this.limited) return 0;
    const used = this.hostMemoryUsedGiB(t);
    return used > this.s.host.ramGiB ? (used - this.s.host.ramGiB) / used : 0;
  }

  /** CPU cores demanded on the host, runaways included. */
  private cpuDemand(t: number): number {
    let demand = 0;
    for (let i = 0; i < this.T; i++) if (this.up[i]) demand += this.s.tenant.cpuCores;
    // With limits a fork bomb runs inside its tenant's quota, adding no demand beyond it.
    if (!this.limited)
      demand += this.activeRunaways(t, 'runaway-cpu').length * this.s.runaway.forkBombProcesses;
    return demand;
  }

  /** True while a leak keeps the host at or beyond its RAM (from the crossing on, not only once swap is measurable). */
  private pressureOn(t: number): boolean {
    if (this.limited) return false;
    if (this.swappedShare(t) > 0) return true;
    return (
      this.activeRunaways(t, 'runaway-memory').length > 0 &&
      this.hostMemoryUsedGiB(t) >= this.s.host.ramGiB - EPS
    );
  }

  /** Up tenants that run below full speed: short of CPU, or under host memory pressure. */
  private degradedFlags(t: number): boolean[] {
    const caps = this.capacities(t);
    const pressure = this.pressureOn(t);
    return Array.from({ length: this.T }, (_, i) => this.up[i] === true && (pressure || caps[i]! < 1 - EPS));
  }

  /** Share of its full service rate each tenant gets at time t (0 when down). */
  capacities(t: number): Float64Array {
    const caps = new Float64Array(this.T);
    if (!this.hostUp) return caps;
    const D = this.s.tenant.cpuCores;
    const R = this.s.runaway.forkBombProcesses;
    const bomb = new Array<boolean>(this.T).fill(false);
    for (const f of this.activeRunaways(t, 'runaway-cpu')) bomb[f.spec.tenant - 1] = true;
    const upIdx: number[] = [];
    for (let i = 0; i < this.T; i++) if (this.up[i]) upIdx.push(i);

    const service = new Float64Array(this.T);
    if (this.limited) {
      // Each tenant is a group capped at its limit; inside, its threads share with the bomb.
      const alloc = waterFill(
        this.s.host.cores,
        upIdx.map(() => D),
        upIdx.map(() => 1),
      );
      upIdx.forEach((i, k) => {
        service[i] = alloc[k]! * (bomb[i] ? D / (D + R) : 1);
      });
    } else {
      // CFS without groups: every runnable thread weighs the same, the bomb's R processes too.
      const demands: number[] = upIdx.map(() => D);
      const weights: number[] = upIdx.map(() => D);
      for (const i of upIdx) {
        if (bomb[i]) {
          demands.push(R);
          weights.push(R);
        }
      }
      const alloc = waterFill(this.s.host.cores, demands, weights);
      upIdx.forEach((i, k) => {
        service[i] = alloc[k]!;
      });
    }
    const memoryFactor = 1 / (1 + MEMORY_PENALTY * this.swappedShare(t));
    for (const i of upIdx) caps[i] = Math.min(1, service[i]! / D) * memoryFactor;
    return caps;
  }

  private failingRate(t: number): number {
    const caps = this.capacities(t);
    let lost = 0;
    for (let i = 0; i < this.T; i++) lost += 1 - caps[i]!;
    return this.s.tenant.requestsPerS * lost;
  }

  /** Failed requests up to t: Simpson's rule (only leaks change capacity between events, smoothly). */
  private integrateTo(t: number): void {
    const a = this.lastIntegrated;
    if (t <= a) return;
    const mid = (a + t) / 2;
    this.failed += ((t - a) / 6) * (this.failingRate(a) + 4 * this.failingRate(mid) + this.failingRate(t));
    this.lastIntegrated = t;
  }

  // --- event output ---

  private emit(event: TopicEvent): void {
    if (!this.options.events) return;
    if (this.emitted >= MAX_TOPIC_ITEMS) {
      this.droppedEvents++;
      return;
    }
    this.emitted++;
    this.outEvents.push(event);
  }

  /** An interval's end, or none when it ends after the horizon. */
  private within(end: number): number | undefined {
    return end <= this.horizon ? end : undefined;
  }

  private subject(i: number): string {
    return `tenant-${i + 1}`;
  }

  // --- state changes ---

  private takeDown(i: number, fault: FaultRuntime): void {
    fault.down.add(i);
    fault.pending.add(i);
    if (!this.up[i]) return;
    this.closeDegraded(i);
    this.up[i] = false;
    this.downSince[i] = this.now;
  }

  private bringUp(i: number): void {
    if (this.up[i]) return;
    this.up[i] = true;
    this.upSince[i] = this.now;
    const since = this.downSince[i]!;
    this.downtime[i]! += this.now - since;
    this.emit({ type: 'down', subject: this.subject(i), start: since, end: this.now });
    this.emit({ type: 'up', subject: this.subject(i), start: this.now });
    this.downSince[i] = Number.NaN;
  }

  private closeDegraded(i: number): void {
    const since = this.degradedSince[i]!;
    if (Number.isNaN(since)) return;
    this.degradedTime[i]! += this.now - since;
    this.emit({ type: 'degraded', subject: this.subject(i), start: since, end: this.now });
    this.degradedSince[i] = Number.NaN;
  }

  private compromise(i: number, fault: FaultRuntime): void {
    fault.compromised.add(i);
    if (this.compromised[i]) return;
    this.compromised[i] = true;
    this.emit({
      type: 'compromised',
      subject: this.subject(i),
      start: this.now,
      data: { fault: fault.index + 1 },
    });
  }

  private scheduleRestart(i: number, delay: number): void {
    if (this.restartHandle[i]! >= 0) this.engine.cancel(this.restartHandle[i]!);
    this.restartHandle[i] = this.engine.scheduleCancellable(delay, this.kindTenantUp, i);
  }

  private hostCrash(fault: FaultRuntime): void {
    this.hostUp = false;
    for (let i = 0; i < this.T; i++) {
      this.takeDown(i, fault);
      if (this.restartHandle[i]! >= 0) this.engine.cancel(this.restartHandle[i]!);
      this.restartHandle[i] = -1;
    }
    this.emit({
      type: 'down',
      subject: 'host',
      start: this.now,
      end: this.within(this.now + this.s.host.rebootS),
    });
    this.engine.schedule(this.s.host.rebootS, this.kindHostUp);
  }

  private onFault(j: number): void {
    this.integrateTo(this.now);
    const fault = this.faults[j]!;
    const k = fault.spec.tenant - 1;
    const type = fault.spec.type;
    this.emit({
      type: 'fault',
      subject: type === 'host-kernel-crash' ? 'host' : this.subject(k),
      start: this.now,
      end: fault.endS > fault.spec.atS ? this.within(fault.endS) : undefined,
      data: { fault: j + 1, kind: type },
    });
    // A fault needs a running host, and (except a host crash) a running tenant to start in.
    const canAct = this.hostUp && (type === 'host-kernel-crash' || this.up[k] === true);
    if (canAct) {
      if (type === 'host-kernel-crash') {
        this.hostCrash(fault);
      } else if (type === 'guest-kernel-crash') {
        if (this.boundary === 'vm' || this.boundary === 'sandbox') {
          // Its own kernel (or Sentry) dies; the VM reboots, the sandbox restarts.
          this.takeDown(k, fault);
          this.scheduleRestart(k, this.startS());
        } else {
          // No kernel of its own: the panic is the host kernel's.
          this.hostCrash(fault);
        }
      } else if (type === 'escape') {
        const contained =
          this.boundary === 'vm'
            ? !this.s.vulnerabilities.hypervisor
            : this.boundary === 'sandbox'
              ? !this.s.vulnerabilities.sentryAndHostKernel
              : false;
        if (contained) {
          this.compromise(k, fault);
        } else {
          this.hostCompromised = true;
          for (let i = 0; i < this.T; i++) this.compromise(i, fault);
        }
      }
      // Runaways act through the fluid model while their window is open.
    }
    this.refresh();
  }

  private onRunawayEnd(): void {
    this.integrateTo(this.now);
    this.refresh();
  }

  private onHostUp(): void {
    this.integrateTo(this.now);
    this.hostUp = true;
    // Tenants restart in waves; a wave ends with its slowest start.
    const c = this.s.restartConcurrency;
    let waveStart = 0;
    for (let first = 0; first < this.T; first += c) {
      let longest = 0;
      for (let i = first; i < Math.min(first + c, this.T); i++) {
        const start = this.startS();
        longest = Math.max(longest, start);
        this.restartHandle[i] = this.engine.scheduleCancellable(waveStart + start, this.kindTenantUp, i);
      }
      waveStart += longest;
    }
    this.refresh();
  }

  private onTenantUp(i: number): void {
    this.integrateTo(this.now);
    this.restartHandle[i] = -1;
    if (this.hostUp) this.bringUp(i);
    this.refresh();
  }

  private onMemoryCheck(): void {
    this.integrateTo(this.now);
    this.memoryHandle = -1;
    const t = this.now;
    const leaks = this.activeRunaways(t, 'runaway-memory');
    if (this.limited) {
      const headroom = this.s.tenant.memoryLimitGiB - this.s.tenant.memoryGiB;
      for (const f of leaks) {
        const i = f.spec.tenant - 1;
        if (this.up[i] && this.leakGiB(i, t) >= headroom - EPS) {
          // The cgroup (or guest) OOM killer ends the leaking service inside its limit.
          this.takeDown(i, f);
          this.scheduleRestart(i, this.serviceRestartS());
        }
      }
    } else if (
      leaks.length > 0 &&
      this.hostMemoryUsedGiB(t) >= this.s.host.ramGiB + this.s.host.swapGiB - EPS
    ) {
      // The host OOM killer picks the largest process: the biggest leaker.
      let victim: FaultRuntime | undefined;
      let largest = -1;
      for (const f of leaks) {
        const leaked = this.leakGiB(f.spec.tenant - 1, t);
        if (leaked > largest) {
          largest = leaked;
          victim = f;
        }
      }
      if (victim !== undefined) {
        const i = victim.spec.tenant - 1;
        this.takeDown(i, victim);
        this.scheduleRestart(i, this.serviceRestartS());
      }
    }
    this.refresh();
  }

  /** Next time a leak crosses a threshold: a cgroup limit, host RAM (pressure starts) or RAM + swap (OOM). */
  private nextMemoryEvent(): number {
    const t = this.now;
    const leaks = this.activeRunaways(t, 'runaway-memory');
    if (leaks.length === 0) return Infinity;
    const rate = this.s.runaway.leakMiBPerS / 1024;
    let next = Infinity;
    if (this.limited) {
      const headroom = this.s.tenant.memoryLimitGiB - this.s.tenant.memoryGiB;
      for (const f of leaks) {
        const i = f.spec.tenant - 1;
        next = Math.min(next, t + Math.max(0, (headroom - this.leakGiB(i, t)) / rate));
      }
    } else {
      const totalRate = rate * leaks.length;
      const used = this.hostMemoryUsedGiB(t);
      const ram = this.s.host.ramGiB;
      if (used < ram - EPS) next = t + (ram - used) / totalRate;
      else next = t + Math.max(0, (ram + this.s.host.swapGiB - used) / totalRate);
    }
    return next;
  }

  /** Re-evaluates degradation, fault recovery and the next memory threshold after a state change. */
  private refresh(): void {
    const t = this.now;
    const flags = this.degradedFlags(t);
    const degraded = (i: number) => flags[i] === true;
    for (let i = 0; i < this.T; i++) {
      const isDegraded = degraded(i);
      const was = !Number.isNaN(this.degradedSince[i]!);
      if (isDegraded && !was) this.degradedSince[i] = t;
      else if (!isDegraded && was) this.closeDegraded(i);
    }
    // Which runaway slows whom: with limits only its own tenant; without, every tenant
    // (a leak only once the host is swapping).
    const pressure = this.pressureOn(t);
    for (const f of this.faults) {
      if (!f.spec.type.startsWith('runaway') || !(f.spec.atS <= t && t < f.endS)) continue;
      const k = f.spec.tenant - 1;
      if (!this.up[k]) continue;
      for (let i = 0; i < this.T; i++) {
        if (!degraded(i)) continue;
        const reaches = this.limited ? i === k : f.spec.type === 'runaway-cpu' || pressure;
        if (reaches) {
          f.degraded.add(i);
          f.pending.add(i);
        }
      }
    }
    for (const f of this.faults) {
      for (const i of [...f.pending]) if (this.up[i] && !degraded(i)) f.pending.delete(i);
      const started = t >= f.spec.atS;
      if (
        started &&
        t >= f.endS &&
        f.pending.size === 0 &&
        f.recoveredAt === null &&
        f.spec.type !== 'escape'
      ) {
        f.recoveredAt = t;
      }
    }
    if (this.memoryHandle >= 0) this.engine.cancel(this.memoryHandle);
    this.memoryHandle = -1;
    const next = this.nextMemoryEvent();
    if (next <= this.horizon)
      this.memoryHandle = this.engine.scheduleCancellableAt(Math.max(next, t), this.kindMemory);
  }

  // --- running ---

  private frame(t: number): TopicFrame {
    const caps = this.capacities(t);
    const flags = this.degradedFlags(t);
    const values: Record<string, number | null> = {};
    let up = 0;
    let degraded = 0;
    let compromised = 0;
    for (let i = 0; i < this.T; i++) {
      const isUp = this.up[i] === true;
      values[`tenant.${i + 1}.up`] = isUp ? 1 : 0;
      values[`tenant.${i + 1}.capacity`] = round(caps[i]!, 6);
      if (isUp) up++;
      if (flags[i]) degraded++;
      if (this.compromised[i]) compromised++;
    }
    values['tenants.up'] = up;
    values['tenants.down'] = this.T - up;
    values['tenants.degraded'] = degraded;
    values['tenants.compromised'] = compromised;
    values['requests.failingPerS'] = round(this.failingRate(t), 6);
    values['requests.failed'] = round(this.failed, 3);
    values['host.up'] = this.hostUp ? 1 : 0;
    values['host.compromised'] = this.hostCompromised ? 1 : 0;
    values['host.memoryUsedGiB'] = round(this.hostMemoryUsedGiB(t), 6);
    values['host.cpuDemandCores'] = round(this.cpuDemand(t), 6);
    return { t, values };
  }

  advanceTo(until: number): TopicChunk {
    const end = Math.min(Math.max(until, this.now), this.horizon);
    const frames: TopicFrame[] = [];
    while (this.nextFrame < this.frameAt.length && this.frameAt[this.nextFrame]! <= end) {
      const ft = this.frameAt[this.nextFrame++]!;
      this.engine.run(ft);
      this.integrateTo(ft);
      frames.push(this.frame(ft));
      this.emitted++;
    }
    this.engine.run(end);
    this.integrateTo(end);
    if (end >= this.horizon && !this.finalized) this.finalize();
    const events = this.outEvents;
    this.outEvents = [];
    return { frames, events };
  }

  /** Emits the intervals still open at the horizon (without an end: they had not ended). */
  private finalize(): void {
    this.finalized = true;
    for (let i = 0; i < this.T; i++) {
      if (!this.up[i]) this.emit({ type: 'down', subject: this.subject(i), start: this.downSince[i]! });
      if (!Number.isNaN(this.degradedSince[i]!)) {
        this.emit({ type: 'degraded', subject: this.subject(i), start: this.degradedSince[i]! });
      }
    }
  }

  get done(): boolean {
    return this.now >= this.horizon;
  }

  // --- results ---

  downtimeAt(i: number): number {
    return this.downtime[i]! + (this.up[i] ? 0 : this.now - this.downSince[i]!);
  }

  degradedAt(i: number): number {
    const since = this.degradedSince[i]!;
    return this.degradedTime[i]! + (Number.isNaN(since) ? 0 : this.now - since);
  }

  get failedRequests(): number {
    return this.failed;
  }

  faultStats(): FaultStats[] {
    return this.faults.map((f) => {
      const affected = new Set<number>([...f.down, ...f.compromised, ...f.degraded]);
      return {
        type: f.spec.type,
        atS: f.spec.atS,
        tenant: f.spec.tenant,
        tenantsAffected: affected.size,
        tenantsDown: f.down.size,
        tenantsCompromised: f.compromised.size,
        tenantsDegraded: f.degraded.size,
        timeToRecoverS: f.recoveredAt === null ? null : f.recoveredAt - f.spec.atS,
      };
    });
  }
}

// --- the blast-radius matrix ----------------------------------------------------------------

export interface BlastRadiusCell {
  platform: PlatformId;
  fault: FaultType;
  tenants: number;
  tenantsAffected: number;
  tenantsDown: number;
  tenantsCompromised: number;
  tenantsDegraded: number;
  /** Downtime of each tenant (s), index 0 = tenant 1. */
  downtimePerTenantS: number[];
  totalDowntimeS: number;
  timeToRecoverS: number | null;
}

export interface BlastRadiusMatrix {
  platforms: PlatformId[];
  faults: FaultType[];
  /** cells[p][f]: platform p, fault type f. */
  cells: BlastRadiusCell[][];
  tables: TopicTable[];
}

/** One run with a single fault in tenant `MATRIX_FAULT_TENANT` at `MATRIX_FAULT_AT_S`, until everything has recovered. */
export function runSingleFault(
  scenario: IsolationFaultScenario,
  platform: PlatformId,
  fault: FaultType,
): BlastRadiusCell {
  const preset = PLATFORM_PRESETS[platform];
  const start = medianStartMs(preset) / 1000;
  const waves = Math.ceil(scenario.tenants / scenario.restartConcurrency);
  const runaway = fault.startsWith('runaway') ? scenario.runaway.durationS : 0;
  const horizon = MATRIX_FAULT_AT_S + runaway + scenario.host.rebootS + (waves + 1) * start + 60;
  const single: IsolationFaultScenario = {
    ...scenario,
    platform,
    horizonS: horizon,
    frameIntervalS: horizon,
    randomStartTimes: false,
    faults: [
      { type: fault, atS: MATRIX_FAULT_AT_S, tenant: Math.min(MATRIX_FAULT_TENANT, scenario.tenants) },
    ],
  };
  const model = new FaultModel(single, 0, { frames: false, events: false });
  model.advanceTo(horizon);
  const stats = model.faultStats()[0]!;
  const downtimePerTenantS = Array.from({ length: scenario.tenants }, (_, i) => model.downtimeAt(i));
  return {
    platform,
    fault,
    tenants: scenario.tenants,
    tenantsAffected: stats.tenantsAffected,
    tenantsDown: stats.tenantsDown,
    tenantsCompromised: stats.tenantsCompromised,
    tenantsDegraded: stats.tenantsDegraded,
    downtimePerTenantS,
    totalDowntimeS: downtimePerTenantS.reduce((a, b) => a + b, 0),
    timeToRecoverS: stats.timeToRecoverS,
  };
}

function cellText(c: BlastRadiusCell): string {
  const parts = [`${c.tenantsAffected}/${c.tenants} affected`];
  if (c.tenantsDown > 0) parts.push(`${c.tenantsDown} down`);
  if (c.tenantsCompromised > 0) parts.push(`${c.tenantsCompromised} compromised`);
  if (c.tenantsDegraded > 0) parts.push(`${c.tenantsDegraded} degraded`);
  const recover =
    c.timeToRecoverS === null
      ? 'no recovery in the model'
      : `recovered after ${round(c.timeToRecoverS, 1)} s`;
  return `${parts.join(', ')}; ${recover}`;
}

/**
 * Platform x fault type, each cell a run of the fault model with that single fault (same
 * host, tenants, limits and vulnerabilities as the scenario, median start times).
 */
export function blastRadiusMatrix(scenario: IsolationFaultScenario): BlastRadiusMatrix {
  const platforms = [...scenario.comparePlatforms];
  const faults = [...FAULT_TYPES];
  const cells = platforms.map((p) => faults.map((f) => runSingleFault(scenario, p, f)));
  const name = (p: PlatformId) => PLATFORM_PRESETS[p].shortName;
  const columns = ['platform', ...faults.map((f) => FAULT_LABELS[f])];
  const numeric = (id: string, title: string, pick: (c: BlastRadiusCell) => number | null): TopicTable => ({
    id,
    title,
    columns,
    rows: platforms.map((p, i) => [name(p), ...cells[i]!.map(pick)]),
  });
  return {
    platforms,
    faults,
    cells,
    tables: [
      {
        id: 'blast-radius',
        title: `Blast radius: one fault in tenant ${MATRIX_FAULT_TENANT} of ${scenario.tenants}`,
        columns,
        rows: platforms.map((p, i) => [name(p), ...cells[i]!.map(cellText)]),
      },
      numeric(
        'blast-radius.affected',
        'Tenants affected (down, compromised or slowed)',
        (c) => c.tenantsAffected,
      ),
      numeric('blast-radius.downtime', 'Mean downtime per tenant (s)', (c) =>
        round(c.totalDowntimeS / c.tenants, 3),
      ),
      numeric('blast-radius.recovery', 'Time to recover (s; empty = not in the model)', (c) =>
        c.timeToRecoverS === null ? null : round(c.timeToRecoverS, 3),
      ),
    ],
  };
}

class FaultSimulation implements TopicSimulation {
  readonly axis = { unit: 's' as const, label: 'time (s)' };
  readonly horizon: number;
  private readonly model: FaultModel;

  constructor(
    private readonly scenario: IsolationFaultScenario,
    seed: number,
  ) {
    this.model = new FaultModel(scenario, seed, { frames: true, events: true });
    this.horizon = scenario.horizonS;
  }

  get now(): number {
    return this.model.now;
  }
  get done(): boolean {
    return this.model.done;
  }
  get eventsProcessed(): number {
    return this.model.engine.eventsProcessed;
  }

  advanceTo(until: number): TopicChunk {
    return this.model.advanceTo(until);
  }

  summary(): TopicSummary {
    const s = this.scenario;
    const m = this.model;
    const T = s.tenants;
    const elapsed = Math.max(m.now, 1e-12);
    const stats = m.faultStats();
    const downtime = Array.from({ length: T }, (_, i) => m.downtimeAt(i));
    const totalDowntime = downtime.reduce((a, b) => a + b, 0);
    const everDown = new Set<number>();
    const everDegraded = new Set<number>();
    const everCompromised = new Set<number>();
    for (const f of m.faults) {
      f.down.forEach((i) => everDown.add(i));
      f.degraded.forEach((i) => everDegraded.add(i));
      f.compromised.forEach((i) => everCompromised.add(i));
    }
    const affected = new Set([...everDown, ...everDegraded, ...everCompromised]);
    const recoveries = stats.map((x) => x.timeToRecoverS).filter((x): x is number => x !== null);
    const metrics: TopicMetric[] = [
      { id: 'platform', label: 'Platform', value: m.preset.displayName, unit: '' },
      { id: 'boundary', label: 'Isolation boundary', value: m.boundary, unit: '' },
      { id: 'tenants', label: 'Tenants on the host', value: T, unit: 'tenants' },
      { id: 'blastRadius', label: 'Blast radius (tenants affected)', value: affected.size, unit: 'tenants' },
      { id: 'tenantsDown', label: 'Tenants that went down', value: everDown.size, unit: 'tenants' },
      { id: 'tenantsDegraded', label: 'Tenants slowed down', value: everDegraded.size, unit: 'tenants' },
      {
        id: 'tenantsCompromised',
        label: 'Tenants compromised',
        value: everCompromised.size,
        unit: 'tenants',
      },
      { id: 'totalDowntime', label: 'Total downtime', value: round(totalDowntime, 3), unit: 'tenant-s' },
      {
        id: 'meanDowntime',
        label: 'Mean downtime per tenant',
        value: round(totalDowntime / T, 3),
        unit: 's',
      },
      {
        id: 'availability',
        label: 'Availability over the run',
        value: round(100 * (1 - totalDowntime / (T * elapsed)), 4),
        unit: '%',
      },
      {
        id: 'worstRecovery',
        label: 'Longest time to recover',
        value: recoveries.length > 0 ? round(Math.max(...recoveries), 3) : null,
        unit: 's',
      },
      { id: 'requestsFailed', label: 'Requests failed', value: round(m.failedRequests, 1), unit: 'requests' },
      {
        id: 'droppedEvents',
        label: 'Events beyond the output bound',
        value: m.droppedEvents,
        unit: 'events',
      },
    ];
    const faultsTable: TopicTable = {
      id: 'faults',
      title: 'Injected faults',
      columns: [
        '#',
        'fault',
        'at (s)',
        'tenant',
        'affected',
        'down',
        'compromised',
        'degraded',
        'recovered after (s)',
      ],
      rows: stats.map((x, j) => [
        j + 1,
        FAULT_LABELS[x.type],
        x.atS,
        x.type === 'host-kernel-crash' ? 'host' : x.tenant,
        x.tenantsAffected,
        x.tenantsDown,
        x.tenantsCompromised,
        x.tenantsDegraded,
        x.timeToRecoverS === null ? null : round(x.timeToRecoverS, 3),
      ]),
    };
    const tenantsTable: TopicTable = {
      id: 'tenants',
      title: 'Per tenant',
      columns: ['tenant', 'downtime (s)', 'availability (%)', 'slowed (s)', 'compromised'],
      rows: downtime.map((d, i) => [
        i + 1,
        round(d, 3),
        round(100 * (1 - d / elapsed), 4),
        round(m.degradedAt(i), 3),
        m.compromised[i] ? 'yes' : 'no',
      ]),
    };
    return { metrics, tables: [faultsTable, tenantsTable, ...blastRadiusMatrix(s).tables] };
  }
}

// --- part 2: noisy neighbours ---------------------------------------------------------------

/** Expected share of a core a runnable vCPU gets when each of `others` co-runners is busy with probability p. */
export function expectedCpuShare(others: number, p: number): number {
  if (others <= 0 || p <= 0) return 1;
  // E[1 / (1 + X)], X ~ Binomial(n, p): (1 - (1 - p)^(n+1)) / ((n + 1) p).
  return (1 - Math.pow(1 - p, others + 1)) / ((others + 1) * p);
}

/** Steal: share of the time a runnable vCPU is not running (1 - its expected share of the core). */
export function stealShare(runnablePerCore: number, p: number): number {
  return 1 - expectedCpuShare(runnablePerCore - 1, p);
}

export interface NoisyPerformance {
  /** Victim throughput as a share of its throughput without the aggressor. */
  throughputShare: number;
  /** Extra time per unit of the victim's work: (alone / contended - 1) x 100. */
  slowdownPct: number;
  /** Share of time the victim's vCPU is runnable but not running (hypervisor-visible steal); null off hypervisors. */
  stealPct: number | null;
  /** Same share for any platform (run-queue wait for processes and containers). */
  cpuWaitPct: number;
  /** Victim throughput alone / contended, in `unit`. */
  alone: number;
  contended: number;
  unit: string;
  /** Utilisation of the shared disk or NIC, null for CPU and LLC. */
  deviceUtilization: number | null;
  /** One line on the mechanism that set this value. */
  mechanism: string;
}

type NoisyPlatform = PlatformId | 'dedicated';

/** The victim's performance on `platform` (or on a host of its own), with the aggressor at `intensity`. */
export function noisyPerformance(
  s: IsolationNoisyScenario,
  platform: NoisyPlatform,
  resource: NoisyResource,
  intensity: number,
): NoisyPerformance {
  const dedicated = platform === 'dedicated';
  const preset = dedicated ? PLATFORM_PRESETS['bare-metal'] : PLATFORM_PRESETS[platform];
  const boundary = isolationBoundary(preset);
  const serverless = !dedicated && preset.category === 'serverless';
  const hypervisor = !dedicated && boundary === 'vm';
  const others = dedicated ? 0 : s.cpu.runnablePerCore - 1;
  const bg = s.cpu.backgroundUtilization;
  const busy = resource === 'cpu' ? Math.max(bg, intensity) : bg;
  const share = expectedCpuShare(others, busy);
  const waitPct = 100 * (1 - share);
  const stealPct = hypervisor ? waitPct : null;
  const fromShare = (
    contended: number,
    alone: number,
    unit: string,
    util: number | null,
    mechanism: string,
  ) => {
    const throughputShare = alone > 0 ? Math.min(1, contended / alone) : 1;
    return {
      throughputShare,
      slowdownPct: throughputShare > 0 ? 100 * (1 / throughputShare - 1) : Infinity,
      stealPct,
      cpuWaitPct: waitPct,
      alone,
      contended,
      unit,
      deviceUtilization: util,
      mechanism,
    };
  };

  if (resource === 'cpu') {
    const alone = expectedCpuShare(others, bg);
    const mechanism = dedicated
      ? 'own cores: nothing to share'
      : `${s.cpu.runnablePerCore} runnable per core, time-shared: ${hypervisor ? 'steal time' : 'run-queue wait'}`;
    return fromShare(share, alone, 'x a dedicated core', null, mechanism);
  }

  if (resource === 'llc') {
    const slow = dedicated
      ? 0
      : ISOLATION_CONSTANTS['llc.maxSlowdown'].value *
        intensity *
        s.victim.llcSensitivity *
        (s.isolation.cacheAllocation ? ISOLATION_CONSTANTS['llc.catResidualShare'].value : 1);
    const mechanism = dedicated
      ? 'own socket: nothing to share'
      : s.isolation.cacheAllocation
        ? 'LLC ways partitioned (CAT): memory bandwidth still shared'
        : 'shared LLC: no platform partitions it without CAT';
    return fromShare(1 / (1 + slow), 1, 'x alone', null, mechanism);
  }

  if (resource === 'disk') {
    const I = s.host.diskRandomIops;
    const path = dedicated ? 1 : preset.randomIoFactor;
    const victimDemand = Math.min(s.victim.iops, path * I);
    if (serverless) {
      const F = ISOLATION_CONSTANTS['faas.diskContention'].value;
      return fromShare(
        victimDemand / (1 + (F - 1) * intensity),
        victimDemand,
        'IOPS',
        null,
        `co-located function instances (Wang et al. 2018: ~${F}x at full contention)`,
      );
    }
    const aggressors = dedicated ? 0 : s.aggressor.count;
    const demands = [victimDemand, ...Array.from({ length: aggressors }, () => intensity * path * I)];
    const byQueue = waterFill(I, demands, [
      s.victim.queueDepth,
      ...Array.from({ length: aggressors }, () => s.aggressor.queueDepth),
    ]);
    let victim = byQueue[0]!;
    let total = byQueue.reduce((a, b) => a + b, 0);
    const weighted = s.isolation.ioWeights && boundary !== 'process' && !dedicated;
    if (weighted) {
      const byWeight = waterFill(
        I,
        demands,
        demands.map(() => 1),
      );
      const e = ISOLATION_CONSTANTS['io.weightEffectiveness'].value;
      victim = e * byWeight[0]! + (1 - e) * victim;
      total = e * byWeight.reduce((a, b) => a + b, 0) + (1 - e) * total;
    }
    const mechanism = dedicated
      ? 'own disk'
      : `device shared by queue depth${weighted ? ', io weights (partial)' : ''}; each tenant's I/O path caps it at ${round(path, 3)}x the device IOPS`;
    return fromShare(victim, victimDemand, 'IOPS', total / I, mechanism);
  }

  // network
  const B = s.host.nicGbps;
  const cap = dedicated ? B : Math.min(B, preset.networkBandwidthCapGbps ?? Infinity);
  const victimDemand = Math.min(s.victim.networkGbps, cap);
  if (serverless) {
    const F = ISOLATION_CONSTANTS['faas.networkContention'].value;
    return fromShare(
      victimDemand / (1 + (F - 1) * intensity),
      victimDemand,
      'Gbit/s',
      null,
      `co-located function instances (Wang et al. 2018: up to ${F}x at full contention)`,
    );
  }
  const limited = s.isolation.networkRateLimit.enabled && boundary !== 'process' && !dedicated;
  const aggressorCap = limited ? Math.min(cap, s.isolation.networkRateLimit.gbps) : cap;
  const aggressors = dedicated ? 0 : s.aggressor.count;
  const alloc = waterFill(
    B,
    [victimDemand, ...Array.from({ length: aggressors }, () => intensity * aggressorCap)],
    [1, ...Array.from({ length: aggressors }, () => s.aggressor.flows)],
  );
  const mechanism = dedicated
    ? 'own NIC'
    : `NIC shared per TCP flow${limited ? `, aggressor rate-limited to ${s.isolation.networkRateLimit.gbps} Gbit/s` : ', no rate limit'}`;
  return fromShare(alloc[0]!, victimDemand, 'Gbit/s', alloc.reduce((a, b) => a + b, 0) / B, mechanism);
}

export interface NoisyNeighbourCell {
  platform: NoisyPlatform;
  resource: NoisyResource;
  performance: NoisyPerformance;
}

export interface NoisyNeighbourMatrix {
  platforms: NoisyPlatform[];
  resources: NoisyResource[];
  /** cells[p][r]: victim with the aggressor at the scenario's intensity. */
  cells: NoisyNeighbourCell[][];
  tables: TopicTable[];
}

/** Victim slowdown per platform (plus a dedicated host) per resource, from noisyPerformance. */
export function noisyNeighbourMatrix(scenario: IsolationNoisyScenario): NoisyNeighbourMatrix {
  const platforms: NoisyPlatform[] = [...scenario.comparePlatforms, 'dedicated'];
  const resources = [...NOISY_RESOURCES];
  const intensity = scenario.aggressor.intensity;
  const cells = platforms.map((p) =>
    resources.map((r) => ({
      platform: p,
      resource: r,
      performance: noisyPerformance(scenario, p, r, intensity),
    })),
  );
  const name = (p: NoisyPlatform) => (p === 'dedicated' ? 'Dedicated host' : PLATFORM_PRESETS[p].shortName);
  const cpuIndex = resources.indexOf('cpu');
  return {
    platforms,
    resources,
    cells,
    tables: [
      {
        id: 'noisy-neighbour',
        title: 'Victim slowdown with the aggressor running (%)',
        columns: ['platform', ...resources.map((r) => `${r} (%)`), 'steal (%)'],
        rows: platforms.map((p, i) => [
          name(p),
          ...cells[i]!.map((c) => round(c.performance.slowdownPct, 2)),
          (() => {
            const steal = cells[i]![cpuIndex]!.performance.stealPct;
            return steal === null ? null : round(steal, 2);
          })(),
        ]),
      },
      {
        id: 'noisy-neighbour.mechanism',
        title: 'What sets the victim slowdown',
        columns: ['platform', ...resources],
        rows: platforms.map((p, i) => [name(p), ...cells[i]!.map((c) => c.performance.mechanism)]),
      },
    ],
  };
}

class NoisySimulation implements TopicSimulation {
  readonly axis = { unit: 's' as const, label: 'time (s)' };
  readonly horizon: number;
  private clock = 0;
  private processed = 0;
  private nextFrame = 0;
  private readonly frameAt: number[];
  private readonly rng: Random;
  private readonly ticksPerFrame: number;
  private readonly contended: NoisyPerformance;
  private readonly quiet: NoisyPerformance;
  private readonly hypervisor: boolean;
  private aggressorEmitted = false;
  private activeFrames = 0;
  private activeWaitSum = 0;
  private activeSlowdownSum = 0;

  constructor(
    private readonly s: IsolationNoisyScenario,
    seed: number,
  ) {
    this.horizon = s.horizonS;
    this.frameAt = frameTimes(s.horizonS, s.frameIntervalS);
    this.rng = new Random(seed).fork('isolation.steal');
    const tick = ISOLATION_CONSTANTS['sched.tick'].value;
    this.ticksPerFrame = Math.max(1, Math.min(2500, Math.round(s.frameIntervalS / tick)));
    this.contended = noisyPerformance(s, s.platform, s.resource, s.aggressor.intensity);
    this.quiet = noisyPerformance(s, s.platform, s.resource, 0);
    this.hypervisor = isolationBoundary(PLATFORM_PRESETS[s.platform]) === 'vm';
  }

  get now(): number {
    return this.clock;
  }
  get done(): boolean {
    return this.clock >= this.horizon;
  }
  get eventsProcessed(): number {
    return this.processed;
  }

  private active(t: number): boolean {
    return this.s.aggressor.startS <= t && t < this.s.aggressor.stopS;
  }

  /** Busy probability of the victim's co-runners at time t. */
  private busy(t: number): number {
    const bg = this.s.cpu.backgroundUtilization;
    return this.s.resource === 'cpu' && this.active(t) ? Math.max(bg, this.s.aggressor.intensity) : bg;
  }

  /**
   * Share of the core the victim got over the frame interval ending at t, sampled per
   * scheduler tick (as a guest accounts steal), so it lags the aggressor by one frame.
   */
  private measuredShare(t: number): number {
    const others = this.s.cpu.runnablePerCore - 1;
    const width = Math.min(this.s.frameIntervalS, t);
    if (width <= 0) return expectedCpuShare(others, this.busy(t));
    let sum = 0;
    for (let j = 0; j < this.ticksPerFrame; j++) {
      const p = this.busy(t - width + ((j + 0.5) * width) / this.ticksPerFrame);
      let busyOthers = 0;
      for (let k = 0; k < others; k++) if (this.rng.next() < p) busyOthers++;
      sum += 1 / (1 + busyOthers);
    }
    return sum / this.ticksPerFrame;
  }

  advanceTo(until: number): TopicChunk {
    const end = Math.min(Math.max(until, this.clock), this.horizon);
    const frames: TopicFrame[] = [];
    const events: TopicEvent[] = [];
    while (this.nextFrame < this.frameAt.length && this.frameAt[this.nextFrame]! <= end) {
      const t = this.frameAt[this.nextFrame++]!;
      this.processed++;
      const on = this.active(t);
      const perf = on ? this.contended : this.quiet;
      let throughputShare = perf.throughputShare;
      const share = this.measuredShare(t);
      const waitPct = 100 * (1 - share);
      if (this.s.resource === 'cpu') {
        // Relative to the victim with background only, as in noisyPerformance.
        throughputShare = Math.min(1, share / this.quiet.contended);
      }
      const slowdownPct = 100 * (1 / throughputShare - 1);
      // Averages use frames whose whole measurement window had the aggressor running.
      if (on && this.active(Math.max(0, t - this.s.frameIntervalS))) {
        this.activeFrames++;
        this.activeWaitSum += waitPct;
        this.activeSlowdownSum += slowdownPct;
      }
      frames.push({
        t,
        values: {
          'aggressor.active': on ? 1 : 0,
          'victim.throughputShare': round(throughputShare, 6),
          'victim.throughput': round(throughputShare * this.quiet.alone, 6),
          'victim.slowdownPct': round(slowdownPct, 4),
          'victim.latencyMs': round(this.s.victim.baseLatencyMs * (1 + slowdownPct / 100), 6),
          'victim.stealPct': this.hypervisor ? round(waitPct, 4) : null,
          'victim.cpuWaitPct': round(waitPct, 4),
          'device.utilization': perf.deviceUtilization === null ? null : round(perf.deviceUtilization, 6),
        },
      });
    }
    this.clock = end;
    const a = this.s.aggressor;
    if (!this.aggressorEmitted && (end >= a.stopS || end >= this.horizon) && end >= a.startS) {
      this.aggressorEmitted = true;
      events.push({
        type: 'aggressor',
        subject: 'aggressor',
        start: a.startS,
        end: a.stopS <= this.horizon ? a.stopS : undefined,
        data: { resource: this.s.resource, intensity: a.intensity },
      });
    }
    return { frames, events };
  }

  summary(): TopicSummary {
    const s = this.s;
    const c = this.contended;
    const q = this.quiet;
    const preset = PLATFORM_PRESETS[s.platform];
    const metrics: TopicMetric[] = [
      { id: 'platform', label: 'Platform', value: preset.displayName, unit: '' },
      { id: 'resource', label: 'Contended resource', value: s.resource, unit: '' },
      {
        id: 'victimSlowdown',
        label: 'Victim slowdown while the aggressor runs',
        value: round(c.slowdownPct, 3),
        unit: '%',
      },
      {
        id: 'victimThroughputShare',
        label: 'Victim throughput kept',
        value: round(100 * c.throughputShare, 3),
        unit: '%',
      },
      { id: 'victimAlone', label: 'Victim throughput alone', value: round(q.alone, 4), unit: q.unit },
      {
        id: 'victimContended',
        label: 'Victim throughput contended',
        value: round(c.contended, 4),
        unit: c.unit,
      },
      { id: 'latencyAlone', label: 'Victim latency alone', value: s.victim.baseLatencyMs, unit: 'ms' },
      {
        id: 'latencyContended',
        label: 'Victim latency contended',
        value: round(s.victim.baseLatencyMs * (1 + c.slowdownPct / 100), 4),
        unit: 'ms',
      },
      {
        id: 'steal',
        label: 'Steal time while the aggressor runs (expected)',
        value: c.stealPct === null ? null : round(c.stealPct, 3),
        unit: '%',
      },
      {
        id: 'measuredCpuWait',
        label: 'CPU wait measured while the aggressor runs',
        value: this.activeFrames > 0 ? round(this.activeWaitSum / this.activeFrames, 3) : null,
        unit: '%',
      },
      {
        id: 'measuredSlowdown',
        label: 'Victim slowdown measured (frame mean)',
        value: this.activeFrames > 0 ? round(this.activeSlowdownSum / this.activeFrames, 3) : null,
        unit: '%',
      },
      {
        id: 'deviceUtilization',
        label: 'Shared device utilisation',
        value: c.deviceUtilization === null ? null : round(100 * c.deviceUtilization, 3),
        unit: '%',
      },
      { id: 'mechanism', label: 'Mechanism', value: c.mechanism, unit: '' },
    ];
    const stealTable: TopicTable = {
      id: 'steal-vs-overcommit',
      title: `Steal time vs vCPUs per core (co-runners busy ${round(100 * Math.max(s.cpu.backgroundUtilization, s.aggressor.intensity), 1)}%)`,
      columns: ['vCPUs per core', 'steal (%)', 'victim speed (x a dedicated core)'],
      rows: Array.from({ length: 8 }, (_, k) => {
        const p = Math.max(s.cpu.backgroundUtilization, s.aggressor.intensity);
        const steal = stealShare(k + 1, p);
        return [k + 1, round(100 * steal, 3), round(1 - steal, 4)];
      }),
    };
    return { metrics, tables: [...noisyNeighbourMatrix(s).tables, stealTable] };
  }
}

/** Builds the isolation topic's simulation: a fault-injection run or a noisy-neighbour run. */
export function createIsolationSimulation(scenario: IsolationScenario, seed: number): TopicSimulation {
  return scenario.experiment === 'faults'
    ? new FaultSimulation(scenario, seed)
    : new NoisySimulation(scenario, seed);
}
