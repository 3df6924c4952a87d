import type { CompareScenario, KeepAliveSpec, PlatformChoice, PlatformId } from '../scenario';
import { azureSampleTrace } from '../trace/synthetic';
import type { WorkloadTrace } from '../trace/types';
import {
  createArrivalSource,
  durationTable,
  durationTableMean,
  IoOpsDraw,
  type ArrivalSource,
} from './arrivals';
import { CALIBRATION, type CalibrationId } from './calibration';
import { sampleDistribution } from './distributions';
import { Engine, type EventKind } from './engine';
import { EventRecorder, EventRing, type EventDrain, type SimEventCause } from './event-log';
import { Host, Instance, Job, READY, SLOT_SPACE, STARTING, STOPPED } from './host';
import { FirstFitTree } from './placement';
import { cpuRequestCores, resolvePreset, type JitWarmup, type PlatformPreset } from './platforms';
import { Random } from './random';
import { hybridWindows, IdleTimeHistogram, invocationCostUsd, type KeepAliveWindows } from './serverless';
import { StartHistogramRecorder } from './start-histogram';
import { LogHistogram, SumCount, TimeWeightedValue } from './stats';
import type { DensityResult, MetricSample, PlatformSummary, RunSummary, Simulation } from './types';

export { MODEL_CALIBRATION_IDS } from './model-constants';

/*
 * The compare model: one service, the same load, one cluster of identical hosts per
 * platform.
 *
 * Platforms. Every selected platform runs on its own cluster of scenario.hosts.count
 * identical hosts. They share one event engine (one clock) but no state, so a platform's
 * results are the same whether or not other platforms run beside it. A platform is only
 * its preset (platforms.ts, with the scenario's overrides applied) plus the constants in
 * MODEL_CALIBRATION_IDS; the model never looks at the platform id.
 *
 * Load. Open arrivals (poisson, bursty, diurnal, trace; see arrivals.ts) or a closed loop
 * of `clients` that each wait for the response, think (exponential, mean thinkTimeMs) and
 * send the next request. Common random numbers: every platform forks the "arrivals"
 * stream with the same id, so with open arrivals all platforms see the very same
 * requests; start times come from a stream per platform ("start:<id>").
 *
 * A request has three phases (four for traced functions), in this order, holding its
 * instance throughout:
 * 1. CPU: work w = its demand (bare-metal seconds at the reference clock, 3 GHz by
 *    default: a host at f GHz needs w x 3 / f). On a platform it costs
 *    P = w x [(1 - s - m) cpuSlowdown + m memoryBoundSlowdown + s syscallSlowdown]
 *        + networkKiB x networkCpuUsPerKiB
 *    (s = syscallShare, m = memoryBoundShare of the request). With JIT warm-up the first
 *    term is the integral of jit + (interpreted - jit) e^(-W / W0) over the instance's
 *    accumulated work W (closed form), so an instance speeds up as it serves. P - w is
 *    CPU overhead, w useful work. Host cores are shared by processor sharing (host.ts):
 *    every instance first takes its idle background CPU (idleCpuCores), each busy
 *    instance then gets min(1, remaining cores / busy instances) (1 vCPU), split equally
 *    among the requests it serves at once.
 * 1b. Traced functions only: the part of the traced duration beyond arrivals.cpuShare is
 *    a wait on other services (a pure delay: no CPU, disk or NIC of the host).
 * 2. Disk: ioOps operations of ioKiB, served back to back as one block by the host's disk,
 *    a FIFO queue. A random operation takes max(1, ioKiB / 4) / (randomIops x
 *    randomIoFactor) s, a sequential one ioKiB x 1024 / (sequentialMBps x 10^6 x
 *    sequentialIoFactor) s. Skipped when the request has no operations.
 * 3. Network: networkKiB through the host NIC, a FIFO queue at bandwidthGbps (occupied for
 *    size / bandwidth; the request's own transfer takes size / min(bandwidth, the
 *    platform's per-instance cap)), plus the NIC's base latency and the platform's extra
 *    latency (pure delays). Skipped when networkKiB is 0.
 * Latency = completion - arrival (+ the warm-start overhead of serverless, which does not
 * hold the instance). The disk and NIC are FIFO, so when every request uses the disk (or
 * none does) and there are no traced waits, the NIC is reserved as the CPU phase ends and
 * disk + network cost one event (exact: requests reach a host's NIC in the order they left
 * its disk).
 *
 * Trace replays: the trace's per-minute invocation counts drive arrivals; a duration drawn
 * from the function's percentiles replaces request.cpuMs (the other request fields still
 * apply). Serverless platforms get a pool per app; others serve every function from one
 * pool of appMemoryMiB instances.
 *
 * Hosts and placement. An instance holds appMemoryMiB + the preset's memory overhead and
 * reserves its CPU request (1 core per VM, 0.25 per container or process, memory / 1769
 * per function) from the moment its start is decided. Instances are placed first fit
 * across hosts (placement.ts, O(log hosts)). Memory admission refuses what does not fit
 * in (ramGiB x 1024 - host.reservedMemory - a type-2 host OS) MiB, unless
 * memoryOvercommit is enabled: then up to ratio x that is admitted, and a host whose
 * instances hold more than its physical usable memory slows all CPU work by
 * 1 + memory.overcommitPenalty x (committed - physical) / committed (an assumption for
 * ballooning and swapping; the extra time counts as CPU overhead).
 *
 * Scaling. Requests go to an instance with a free slot anywhere in the cluster (one queue
 * per platform, per app for traced functions), most recently used first so surplus
 * instances age out; otherwise they wait in a FIFO (bounded by queue.capacity, beyond it
 * they are rejected).
 * - Autoscaled platforms (VMs, containers, processes) serve one request per instance. They
 *   start with enough ready instances for the initial load at the target utilisation. A
 *   target-tracking autoscaler works like the Kubernetes Horizontal Pod Autoscaler with its
 *   documented defaults. Every syncPeriodS it takes L = mean(requests in system) over the
 *   last period and the current count c (starting + ready), and recommends
 *   desired = ceil(L / targetUtilization), clamped to [1, hosts x density], or c itself
 *   while |L / (c x targetUtilization) - 1| <= autoscaler.tolerance (k8s compares the
 *   metric with its target, which is this un-rounded desired / current). Scale-up to the
 *   recommendation is immediate: it starts instances (ready after a sampled start time;
 *   k8s's scale-up rate policy, double or +4 pods per 15 s, is not modelled). Scale-down
 *   goes only to the highest recommendation of the last autoscaler.scaleDownStabilization
 *   seconds (this one included; recommendations kept in a ring of window / period
 *   entries) and stops the instances idle for longest. The initial fleet counts as the
 *   recommendation at t = 0, so it survives the first periods, which measure the ramp-up
 *   from an empty system, and shrinks only when a full window of lower load has passed.
 * - Serverless platforms start with none. An instance serves up to
 *   serverless.concurrencyPerInstance requests at once. A request that finds no free slot
 *   waits, and a new instance cold-starts whenever the instances starting cannot take all
 *   waiting requests. When no host has room, idle instances are evicted, unused for
 *   longest first (any app); if none is idle, the app waits, first come first served,
 *   until an instance of any app goes idle or stops. Requests taken by an
 *   instance as it becomes ready are cold starts (their latency includes the whole start,
 *   with no warm overhead: the published cold-start figure is end to end); requests given
 *   to a warm instance pay the warm-start overhead. Idle instances are stopped by the
 *   keep-alive policy (fixed, or the hybrid histogram of serverless.ts). With a trace,
 *   instances, queues and keep-alive are per app, and an app's instances hold the app's
 *   memory.
 *
 * Cost, two bases. Serverless platforms pay the provider's billing: GB-seconds (app memory
 * x billed duration, the time the request holds the instance rounded up to 1 ms) x price
 * + requests x price; idle instances cost nothing. Every other platform pays the share of
 * a host it reserves, from the start decision to the stop, busy or idle: per instance
 * max(CPU request / host cores, memory (app + overhead) / host memory admission limit)
 * x hosts.pricePerHourUsd. Without overcommit the limit is the host's usable memory; with
 * it, ratio x that, so the instances of a full host never pay more than the host. Denser
 * platforms therefore cost less per request; unreserved parts of hosts are not charged.
 *
 * Metrics per sample interval and platform (MetricSample) and per run (PlatformSummary).
 * CPU overhead = the platform's extra work + idle background CPU + overcommit slowdown.
 * The CPU cost of starting instances is not modelled (start time is wall time only).
 * Memory overhead counts per-instance platform memory only (host reservations excluded).
 * State is bounded: requests live in a pool of reused slots (as many as are in flight or
 * waiting), instances likewise, and statistics are LogHistograms and running sums; nothing
 * grows with the horizon.
 *
 * Expects a scenario already validated by CompareScenarioSchema.
 */

/** Guards floor() against ratios such as 63.99999999 that are integers on paper. */
const FLOOR_TOLERANCE = 1e-9;
const floorTolerant = (x: number): number => Math.floor(x + FLOOR_TOLERANCE);
const ARRIVAL_STREAM = 'arrivals';
/** Pools per generation in pre-warm payloads. */
const POOL_SPACE = 2 ** 20;

type Overrides = Readonly<Record<string, number>>;

function constantFor(overrides: Overrides, id: CalibrationId): number {
  return Object.hasOwn(overrides, id) ? overrides[id]! : CALIBRATION[id].value;
}

function choiceFor(scenario: CompareScenario, platformId: PlatformId): PlatformChoice {
  return scenario.platforms.find((p) => p.id === platformId) ?? { id: platformId, overrides: {} };
}

/** Memory a host offers instances without overcommit (MiB): RAM minus host and host-OS reservations. */
export function hostUsableMemoryMiB(
  scenario: CompareScenario,
  preset?: PlatformPreset,
  overrides: Overrides = {},
): number {
  return (
    scenario.hosts.ramGiB * 1024 -
    constantFor(overrides, 'host.reservedMemory') -
    (preset?.hostReservedExtraMiB ?? 0)
  );
}

/** Memory admission limit per host (MiB): usable memory, times the ratio when overcommit is enabled. */
export function hostMemoryCapacityMiB(
  scenario: CompareScenario,
  preset?: PlatformPreset,
  overrides: Overrides = {},
): number {
  const ratio = scenario.memoryOvercommit.enabled ? scenario.memoryOvercommit.ratio : 1;
  return hostUsableMemoryMiB(scenario, preset, overrides) * ratio;
}

/**
 * How many instances of the service fit on one host, and which resource runs out first,
 * with the platform's overrides in the scenario (if it lists the platform). For traced
 * functions the workload's appMemoryMiB stands for every app.
 */
export function computeDensity(scenario: CompareScenario, platformId: PlatformId): DensityResult {
  const choice = choiceFor(scenario, platformId);
  return densityFor(scenario, resolvePreset(platformId, choice.overrides), choice.overrides);
}

function densityFor(scenario: CompareScenario, preset: PlatformPreset, overrides: Overrides): DensityResult {
  const perInstanceOverheadMiB = preset.memoryOverheadMiB;
  const perInstanceMiB = scenario.workload.appMemoryMiB + perInstanceOverheadMiB;
  const capacity = hostMemoryCapacityMiB(scenario, preset, overrides);
  const memory = Math.max(0, floorTolerant(capacity / perInstanceMiB));
  const cpu = Math.max(
    0,
    floorTolerant(scenario.hosts.cores / cpuRequestCores(preset, scenario.workload.appMemoryMiB)),
  );
  const instances = Math.min(memory, cpu);
  return {
    instances,
    hosts: scenario.hosts.count,
    clusterInstances: instances * scenario.hosts.count,
    binding: memory <= cpu ? 'memory' : 'cpu',
    byResource: { memory, cpu },
    perInstanceMiB,
    perInstanceOverheadMiB,
  };
}

/** The trace a trace workload replays ('azure-sample' is the bundled synthetic sample), else null. */
export function resolveTrace(scenario: CompareScenario): WorkloadTrace | null {
  const arrivals = scenario.workload.arrivals;
  if (arrivals.kind !== 'trace') return null;
  return arrivals.trace === 'azure-sample' ? azureSampleTrace() : arrivals.trace;
}

/** Live counts of one platform, for tests and an inspector view. */
export interface PlatformState {
  arrivals: number;
  completed: number;
  rejected: number;
  /** Instances serving at least one request. */
  busy: number;
  /** Requests being served (assigned to an instance, in any phase). */
  inService: number;
  queued: number;
  instancesStarting: number;
  instancesReady: number;
  instancesIdle: number;
  hostsInUse: number;
}

/** Sizes of the model's internal structures, to show they stay bounded (tests, benchmarks). */
export interface InternalSizes {
  /** Request slots ever allocated (reused afterwards). */
  jobSlots: number;
  /** Instance slots ever allocated (reused afterwards). */
  instanceSlots: number;
  /** Events pending in the engine. */
  pendingEvents: number;
  /** Capacity of all wait queues (grow up to queue.capacity each). */
  queueCapacity: number;
  pools: number;
}

export interface CompareSimulation extends Simulation {
  /** Notable events since the last call, with their reasons (bounded; see event-log.ts). */
  takeEvents(): EventDrain;
  platformState(platform: PlatformId): PlatformState;
  internalSizes(): InternalSizes;
}

export function createCompareSimulation(scenario: CompareScenario, seed: number): CompareSimulation {
  return new CompareRun(scenario, seed);
}

// ---------------------------------------------------------------------------------------

/** FIFO of waiting requests: a ring buffer that grows by doubling (capacity a power of two). */
class JobQueue {
  private items: (Job | null)[] = new Array<Job | null>(4).fill(null);
  private head = 0;
  length = 0;

  get capacity(): number {
    return this.items.length;
  }

  push(job: Job): void {
    if (this.length === this.items.length) this.grow();
    this.items[(this.head + this.length) & (this.items.length - 1)] = job;
    this.length++;
  }

  shift(): Job {
    const job = this.items[this.head]!;
    this.items[this.head] = null;
    this.head = (this.head + 1) & (this.items.length - 1);
    this.length--;
    return job;
  }

  private grow(): void {
    const old = this.items;
    const next = new Array<Job | null>(old.length * 2).fill(null);
    for (let i = 0; i < this.length; i++) next[i] = old[(this.head + i) & (old.length - 1)]!;
    this.items = next;
    this.head = 0;
  }
}

/** Instances that serve one app (or the whole service): its queue, its free slots, its keep-alive state. */
class Pool {
  readonly queue = new JobQueue();
  availHead: Instance | null = null;
  starting = 0;
  ready = 0;
  /** Requests being served by the pool's instances. */
  active = 0;
  /** When the app last went idle (no request served or waiting); -1 while it is not idle. */
  idleStart = -1;
  readonly histogram: IdleTimeHistogram | null;
  windows: KeepAliveWindows | null = null;
  windowsDirty = true;
  prewarmGen = 0;
  prewarmKeepUntil = -1;
  blocked = false;
  blockedNext: Pool | null = null;
  /** When an instance of the pool was last stopped (-1: never), for cold-start reasons. */
  lastStopAt = -1;

  constructor(
    readonly index: number,
    readonly appMiB: number,
    readonly overheadMiB: number,
    readonly cpuRequest: number,
    rangeMinutes: number | null,
  ) {
    this.histogram = rangeMinutes === null ? null : new IdleTimeHistogram(rangeMinutes);
  }
}

class PlatformModel {
  readonly id: PlatformId;
  readonly density: DensityResult;
  private readonly preset: PlatformPreset;
  private readonly perRequest: boolean;
  private readonly concurrency: number;
  private readonly cores: number;
  private readonly clockScale: number;
  private readonly idleCpuCores: number;
  private readonly warmStartMs: number;
  private readonly queueCapacity: number;
  private readonly clusterCapacity: number;
  // Memory.
  private readonly physicalMiB: number;
  private readonly capacityMiB: number;
  private readonly overcommit: boolean;
  private readonly overcommitPenalty: number;
  // Request costs.
  private readonly cpuMix: number;
  private readonly jit: JitWarmup | null;
  private readonly networkCpuS: number;
  private readonly ioNativeOpS: number;
  private readonly ioPlatformOpS: number;
  private readonly hasNetwork: boolean;
  /** Reserve the NIC when the CPU phase ends (one event for disk + network; see onCompletion). */
  private readonly mergeIoAndNetwork: boolean;
  private readonly nicOccupancyS: number;
  private readonly netDelayS: number;
  private readonly netNativeS: number;
  private readonly netPlatformS: number;
  // Scaling.
  private readonly syncPeriodS: number;
  private readonly targetUtilization: number;
  private readonly tolerance: number;
  private readonly scaleDownStabilizationS: number;
  /** Recommendations of the autoscaler within the stabilization window (oldest first). */
  private readonly recommendations: RecommendationRing;
  private readonly keepAlive: KeepAliveSpec;
  private readonly fallbackKeepAliveS: number;
  private readonly hybridMinSamples: number;
  private readonly hybridMaxOutOfRange: number;
  private readonly billingGranularityMs: number;
  private readonly perGbSecondUsd: number;
  private readonly perMillionRequestsUsd: number;
  /** Share of the host price an instance pays while it holds its reservation x price per second (0: provider billing). */
  private readonly hostShareUsdPerS: number;
  // Load.
  private readonly source: ArrivalSource | null;
  private readonly arrivalRng: Random;
  private readonly thinkMeanS: number;
  private readonly closedDemandS: number;
  private readonly closedIoOps: IoOpsDraw;
  private readonly functionPool: Int32Array | null;
  private readonly startRng: Random;
  // Event kinds.
  private readonly kindArrival: EventKind;
  private readonly kindClient: EventKind;
  private readonly kindCompletion: EventKind;
  private readonly kindWaitDone: EventKind;
  private readonly kindIoDone: EventKind;
  private readonly kindNetDone: EventKind;
  private readonly kindReady: EventKind;
  private readonly kindExpiry: EventKind;
  private readonly kindAutoscale: EventKind;
  private readonly kindPrewarm: EventKind;

  // Structures.
  private readonly hosts: Host[];
  private readonly placement: FirstFitTree;
  private readonly pools: Pool[];
  private readonly jobs: Job[] = [];
  private readonly freeJobs: Job[] = [];
  private readonly instances: Instance[] = [];
  private readonly freeInstances: Instance[] = [];
  private idleHead: Instance | null = null;
  private idleTail: Instance | null = null;
  private blockedHead: Pool | null = null;
  private blockedTail: Pool | null = null;
  private unblocking = false;

  // Counts.
  private starting = 0;
  private ready = 0;
  private idleCount = 0;
  private busyInstances = 0;
  private activeJobs = 0;
  private queued = 0;
  private hostsInUse = 0;
  private memoryAppMiB = 0;
  private memoryOverheadMiB = 0;
  private idleMemoryMiB = 0;
  private workTotal = 0;
  private usefulTotal = 0;
  private backgroundTotal = 0;

  // Time-weighted state.
  private readonly busyTW = new TimeWeightedValue();
  private readonly workTW = new TimeWeightedValue();
  private readonly usefulTW = new TimeWeightedValue();
  private readonly backgroundTW = new TimeWeightedValue();
  private readonly memoryAppTW = new TimeWeightedValue();
  private readonly memoryOverheadTW = new TimeWeightedValue();
  private readonly idleMemoryTW = new TimeWeightedValue();
  /** Requests in service + waiting, averaged over each autoscaler period. */
  private readonly inSystemTW = new TimeWeightedValue();
  /** Instances holding a reservation (starting + ready), for the host-share cost. */
  private readonly runningTW = new TimeWeightedValue();

  // Interval counters.
  private lastSampleAt = 0;
  private intervalArrivals = 0;
  private intervalCompleted = 0;
  private intervalRejected = 0;
  private intervalColdStarts = 0;
  private intervalCost = 0;
  private readonly intervalLatency = new LogHistogram();
  private readonly intervalStart = new SumCount();
  private readonly intervalWait = new SumCount();
  private readonly intervalCpu = new SumCount();
  private readonly intervalIo = new SumCount();
  private readonly intervalNet = new SumCount();

  // Run totals.
  private totalArrivals = 0;
  private totalCompleted = 0;
  private totalRejected = 0;
  private totalColdStarts = 0;
  private totalCost = 0;
  private ioNativeTotal = 0;
  private ioPlatformTotal = 0;
  private netNativeTotal = 0;
  private netPlatformTotal = 0;
  private readonly runLatency = new LogHistogram();
  private readonly runStart = new LogHistogram();
  private readonly runStartBins = new StartHistogramRecorder();
  private peakInstances = 0;
  private peakHosts = 0;

  // Event log: the recorder, and what the last decisions were based on (reasons).
  private readonly events: EventRecorder;
  private instancesStarted = 0;
  private initialBusyLoad = 0;
  private initialTarget = 0;
  private autoscaleMeanInSystem = 0;
  private autoscaleDesired = 0;
  private autoscaleCurrent = 0;

  constructor(
    private readonly engine: Engine,
    scenario: CompareScenario,
    choice: PlatformChoice,
    rootRng: Random,
    trace: WorkloadTrace | null,
    eventRing: EventRing,
  ) {
    const overrides = choice.overrides;
    const preset = resolvePreset(choice.id, overrides);
    const c = (id: CalibrationId) => constantFor(overrides, id);
    this.preset = preset;
    this.id = preset.id;
    this.events = new EventRecorder(eventRing, preset.id);
    this.density = densityFor(scenario, preset, overrides);
    const { hosts: spec, workload } = scenario;
    const request = workload.request;
    this.cores = spec.cores;
    this.clockScale = spec.clockGHz / c('cpu.referenceClock');
    this.idleCpuCores = preset.idleCpuCores;
    this.queueCapacity = c('queue.capacity');
    this.clusterCapacity = this.density.clusterInstances;

    this.physicalMiB = hostUsableMemoryMiB(scenario, preset, overrides);
    this.capacityMiB = hostMemoryCapacityMiB(scenario, preset, overrides);
    this.overcommit = scenario.memoryOvercommit.enabled;
    this.overcommitPenalty = c('memory.overcommitPenalty');

    // What one request costs on this platform.
    const s = request.syscallShare;
    const m = request.memoryBoundShare;
    this.cpuMix =
      (1 - s - m) * preset.cpuSlowdown + m * preset.memoryBoundSlowdown + s * preset.syscallSlowdown;
    this.jit = preset.jit;
    this.networkCpuS = (request.networkKiB * preset.networkCpuUsPerKiB) / 1e6;
    if (request.ioPattern === 'random') {
      this.ioNativeOpS = Math.max(1, request.ioKiB / 4) / spec.disk.randomIops;
      this.ioPlatformOpS = this.ioNativeOpS / preset.randomIoFactor;
    } else {
      this.ioNativeOpS = (request.ioKiB * 1024) / (spec.disk.sequentialMBps * 1e6);
      this.ioPlatformOpS = this.ioNativeOpS / preset.sequentialIoFactor;
    }
    this.hasNetwork = request.networkKiB > 0;
    const tracedWaits = workload.arrivals.kind === 'trace' && (workload.arrivals.cpuShare ?? 1) < 1;
    this.mergeIoAndNetwork = this.hasNetwork && !tracedWaits && (request.ioOps === 0 || request.ioOps >= 1);
    const bits = request.networkKiB * 1024 * 8;
    const nicBitsPerS = spec.nic.bandwidthGbps * 1e9;
    const capBitsPerS =
      preset.networkBandwidthCapGbps === null
        ? nicBitsPerS
        : Math.min(nicBitsPerS, preset.networkBandwidthCapGbps * 1e9);
    const baseLatencyS = spec.nic.latencyUs / 1e6;
    this.nicOccupancyS = bits / nicBitsPerS;
    this.netDelayS = bits / capBitsPerS + baseLatencyS + preset.networkLatencyMs / 1000;
    this.netNativeS = this.nicOccupancyS + baseLatencyS;
    this.netPlatformS = this.netDelayS;

    // Scaling.
    const scaling = preset.scaling;
    this.perRequest = scaling.mode === 'per-request';
    this.concurrency = this.perRequest ? scenario.serverless.concurrencyPerInstance : 1;
    this.warmStartMs = this.perRequest ? preset.warmStartMs : 0;
    this.keepAlive = scenario.serverless.keepAlive;
    this.perGbSecondUsd = scenario.serverless.pricing.perGbSecondUsd;
    this.perMillionRequestsUsd = scenario.serverless.pricing.perMillionRequestsUsd;
    if (scaling.mode === 'per-request') {
      this.syncPeriodS = Infinity;
      this.targetUtilization = 1;
      this.tolerance = 0;
      this.scaleDownStabilizationS = 0;
      this.fallbackKeepAliveS = scaling.keepAliveFallbackS;
      this.hybridMinSamples = scaling.hybridMinIdleSamples;
      this.hybridMaxOutOfRange = scaling.hybridMaxOutOfRangeShare;
      this.billingGranularityMs = scaling.billingGranularityMs;
    } else {
      this.syncPeriodS = scaling.syncPeriodS;
      this.targetUtilization = scaling.targetUtilization;
      this.tolerance = scaling.tolerance;
      this.scaleDownStabilizationS = scaling.scaleDownStabilizationS;
      this.fallbackKeepAliveS = Infinity;
      this.hybridMinSamples = Infinity;
      this.hybridMaxOutOfRange = 0;
      this.billingGranularityMs = 1;
    }

    // Hosts and pools.
    this.hosts = Array.from({ length: spec.count }, (_, i) => new Host(i));
    this.placement = new FirstFitTree(spec.count, this.capacityMiB, spec.cores);
    const rangeMinutes =
      this.perRequest && this.keepAlive.policy === 'hybrid-histogram' ? this.keepAlive.rangeMinutes : null;
    const makePool = (index: number, appMiB: number) =>
      new Pool(index, appMiB, preset.memoryOverheadMiB, cpuRequestCores(preset, appMiB), rangeMinutes);
    if (this.perRequest && trace !== null) {
      // Per app: instances, queue, keep-alive and memory (the largest memory listed for the app).
      const appIndex = new Map<string, number>();
      const appMemory: number[] = [];
      this.functionPool = new Int32Array(trace.functions.length);
      trace.functions.forEach((fn, i) => {
        let index = appIndex.get(fn.app);
        if (index === undefined) {
          index = appMemory.length;
          appIndex.set(fn.app, index);
          appMemory.push(fn.memoryMiB);
        } else {
          appMemory[index] = Math.max(appMemory[index]!, fn.memoryMiB);
        }
        this.functionPool![i] = index;
      });
      this.pools = appMemory.map((mib, i) => makePool(i, mib));
    } else {
      this.functionPool = null;
      this.pools = [makePool(0, workload.appMemoryMiB)];
    }
    this.recommendations = new RecommendationRing(
      this.perRequest ? 0 : Math.ceil(this.scaleDownStabilizationS / this.syncPeriodS) + 2,
    );

    // Cost: serverless bills GB-seconds and requests (complete()); every other platform pays
    // the share of the host it reserves, max(CPU request / cores, memory / admission limit).
    if (this.perRequest || this.clusterCapacity === 0) {
      this.hostShareUsdPerS = 0;
    } else {
      const pool = this.pools[0]!;
      const share = Math.max(
        pool.cpuRequest / spec.cores,
        (pool.appMiB + pool.overheadMiB) / this.capacityMiB,
      );
      this.hostShareUsdPerS = (share * spec.pricePerHourUsd) / 3600;
    }

    // Load.
    this.arrivalRng = rootRng.fork(ARRIVAL_STREAM);
    this.source = createArrivalSource(scenario, trace, this.arrivalRng);
    const arrivals = workload.arrivals;
    this.thinkMeanS = arrivals.kind === 'closed' ? arrivals.thinkTimeMs / 1000 : 0;
    this.closedDemandS = request.cpuMs / 1000;
    this.closedIoOps = new IoOpsDraw(request.ioOps);
    this.startRng = rootRng.fork(`start:${preset.id}`);

    this.kindArrival = engine.register(() => this.onArrival());
    this.kindClient = engine.register((client) => this.onClientArrival(client));
    this.kindCompletion = engine.register((host) => this.onCompletion(host));
    this.kindWaitDone = engine.register((slot) => this.onWaitDone(slot));
    this.kindIoDone = engine.register((slot) => this.onIoDone(slot));
    this.kindNetDone = engine.register((slot) => this.onNetDone(slot));
    this.kindReady = engine.register((key) => this.onReady(key));
    this.kindExpiry = engine.register((key) => this.onExpiry(key));
    this.kindAutoscale = engine.register(() => this.onAutoscale());
    this.kindPrewarm = engine.register((key) => this.onPrewarm(key));

    if (!this.perRequest) {
      this.initialBusyLoad = this.initialBusy(scenario, trace);
      const initial = this.clampToCluster(Math.ceil(this.initialBusyLoad / this.targetUtilization));
      this.initialTarget = initial;
      for (let i = 0; i < initial; i++) {
        if (!this.startInstance(this.pools[0]!, 0, -1, true, 'initial-fleet')) break;
      }
      // The fleet sized for the initial load counts as the recommendation at t = 0, so the
      // first periods, which measure the ramp-up from an empty system, cannot shrink it.
      this.recommendations.push(0, initial);
      this.engine.scheduleAt(this.syncPeriodS, this.kindAutoscale);
    }
    if (this.source !== null) {
      if (this.source.nextTime < Infinity) this.engine.scheduleAt(this.source.nextTime, this.kindArrival);
    } else if (arrivals.kind === 'closed') {
      for (let client = 0; client < arrivals.clients; client++) this.scheduleClient(client, 0);
    }
    this.touch(0);
  }

  /** Instances busy under the initial load: its rate x the time a request holds an instance. */
  private initialBusy(scenario: CompareScenario, trace: WorkloadTrace | null): number {
    const arrivals = scenario.workload.arrivals;
    let meanDemandS = scenario.workload.request.cpuMs / 1000;
    let rate: number;
    switch (arrivals.kind) {
      case 'poisson':
      case 'bursty':
        rate = arrivals.ratePerS;
        break;
      case 'diurnal':
        rate = arrivals.meanRatePerS;
        break;
      case 'closed':
        rate = arrivals.clients / Math.max(1e-9, arrivals.thinkTimeMs / 1000 + meanDemandS);
        break;
      case 'trace': {
        let count = 0;
        let weighted = 0;
        trace!.functions.forEach((fn) => {
          const c = fn.invocationsPerMinute[0] ?? 0;
          count += c;
          weighted += c * durationTableMean(durationTable(fn.durationPercentilesMs));
        });
        rate = count / (60 * (arrivals.timeScale ?? 1));
        meanDemandS = count > 0 ? weighted / count / 1000 : 0;
        break;
      }
    }
    const ioOps = scenario.workload.request.ioOps;
    const holdS =
      (meanDemandS * this.cpuMix + this.networkCpuS) / this.clockScale +
      ioOps * this.ioPlatformOpS +
      (this.hasNetwork ? this.netPlatformS : 0);
    return rate * holdS;
  }

  // --- events ---

  private onArrival(): void {
    const now = this.engine.now;
    const source = this.source!;
    const job = this.allocJob();
    job.arrival = now;
    job.demandS = source.nextDemandS;
    job.waitS = source.nextWaitS;
    job.fn = source.nextFunction;
    job.ioOps = source.nextIoOps;
    job.pool = this.functionPool !== null && job.fn >= 0 ? this.functionPool[job.fn]! : 0;
    source.advance();
    if (source.nextTime < Infinity) this.engine.scheduleAt(source.nextTime, this.kindArrival);
    this.dispatch(job, now);
    this.touch(now);
  }

  private onClientArrival(client: number): void {
    const now = this.engine.now;
    const job = this.allocJob();
    job.arrival = now;
    job.demandS = this.arrivalRng.exponential(this.closedDemandS);
    job.ioOps = this.closedIoOps.draw(this.arrivalRng);
    job.client = client;
    this.dispatch(job, now);
    this.touch(now);
  }

  private scheduleClient(client: number, now: number): void {
    const think = this.thinkMeanS > 0 ? this.arrivalRng.exponential(this.thinkMeanS) : 0;
    this.engine.scheduleAt(now + think, this.kindClient, client);
  }

  private onCompletion(hostIndex: number): void {
    const now = this.engine.now;
    const host = this.hosts[hostIndex]!;
    host.completionHandle = -1;
    host.completionFor = null;
    host.advance(now);
    const instance = host.peekBusy();
    if (instance === undefined) return;
    const job = host.popCpuJob(instance);
    this.commitHost(host, now);
    job.cpuDone = now;
    if (job.waitS > 0) {
      this.engine.scheduleAt(now + job.waitS, this.kindWaitDone, job.slot);
    } else {
      this.afterWait(job, host, now);
    }
    this.touch(now);
  }

  private onWaitDone(slot: number): void {
    const now = this.engine.now;
    const job = this.jobs[slot]!;
    this.afterWait(job, this.hosts[job.instance!.host]!, now);
    this.touch(now);
  }

  /** Disk, then network: one event when exact (see below), else one per phase. */
  private afterWait(job: Job, host: Host, now: number): void {
    job.waitDone = now;
    let ioDone = now;
    if (job.ioOps > 0) {
      const service = job.ioOps * this.ioPlatformOpS;
      ioDone = Math.max(now, host.diskFreeAt) + service;
      host.diskFreeAt = ioDone;
      job.ioNativeS = job.ioOps * this.ioNativeOpS;
      job.ioPlatformS = service;
    }
    if (this.mergeIoAndNetwork) {
      // The disk is FIFO, so requests of a host reach its NIC in the order their CPU phases
      // end, and when every request uses the disk (or none does) reserving the NIC now, for
      // arrival at ioDone, is exactly the FIFO recursion: one event instead of two.
      this.reserveNetwork(job, host, ioDone);
    } else if (job.ioOps > 0) {
      this.engine.scheduleAt(ioDone, this.kindIoDone, job.slot);
    } else {
      this.afterIo(job, host, now);
    }
  }

  private reserveNetwork(job: Job, host: Host, arrival: number): void {
    job.ioDone = arrival;
    const start = Math.max(arrival, host.nicFreeAt);
    host.nicFreeAt = start + this.nicOccupancyS;
    job.netNativeS = this.netNativeS;
    job.netPlatformS = this.netPlatformS;
    this.engine.scheduleAt(start + this.netDelayS, this.kindNetDone, job.slot);
  }

  private onIoDone(slot: number): void {
    const now = this.engine.now;
    const job = this.jobs[slot]!;
    this.afterIo(job, this.hosts[job.instance!.host]!, now);
    this.touch(now);
  }

  private afterIo(job: Job, host: Host, now: number): void {
    if (this.hasNetwork) {
      this.reserveNetwork(job, host, now);
    } else {
      job.ioDone = now;
      this.complete(job, now);
    }
  }

  private onNetDone(slot: number): void {
    const now = this.engine.now;
    this.complete(this.jobs[slot]!, now);
    this.touch(now);
  }

  private onReady(key: number): void {
    const instance = this.lookup(key);
    if (instance === null || instance.state !== STARTING) return;
    const now = this.engine.now;
    const pool = this.pools[instance.pool]!;
    instance.state = READY;
    pool.starting--;
    pool.ready++;
    this.starting--;
    this.ready++;
    const startMs = (now - instance.startRequestedAt) * 1000;
    this.intervalStart.add(startMs);
    this.runStart.record(startMs);
    this.runStartBins.record(startMs);
    if (this.events.accept()) this.recordReady(instance, startMs, now);
    while (instance.active < this.concurrency && pool.queue.length > 0) {
      const job = pool.queue.shift();
      this.queued--;
      if (this.perRequest) {
        this.intervalColdStarts++;
        this.totalColdStarts++;
        if (this.events.accept()) this.recordColdStart(instance, job, pool, startMs, now);
      }
      this.assign(instance, job, now, 0, this.perRequest);
    }
    if (instance.active === 0) this.makeIdle(instance, now);
    this.touch(now);
  }

  /** Keep-alive check; stale or early checks re-arm or do nothing. */
  private onExpiry(key: number): void {
    const instance = this.lookup(key);
    if (instance === null) return;
    const now = this.engine.now;
    if (instance.expiryAt <= now) instance.expiryAt = Infinity;
    if (instance.state !== READY || instance.active > 0) return; // re-armed when it next goes idle
    if (now < instance.keepUntil) {
      this.setKeepUntil(instance, instance.keepUntil);
      return;
    }
    if (this.events.accept()) {
      this.events.record(now, 'keep-alive-stop', null, instance.serial, {
        idleSinceS: instance.idleSince,
        keepAliveS: instance.keepUntil - instance.idleSince,
        idleS: now - instance.idleSince,
      });
    }
    this.stopInstance(instance, now, true);
    this.touch(now);
  }

  /**
   * The Kubernetes HPA algorithm with its default behaviour: recommend ceil(load / target),
   * or the current count while load / (current x target) is within the tolerance of 1;
   * scale up to the recommendation at once; scale down only to the highest recommendation
   * of the stabilization window (this one included).
   */
  private onAutoscale(): void {
    const now = this.engine.now;
    const meanInSystem = this.inSystemTW.intervalAverage(now);
    this.inSystemTW.startInterval(now);
    const desired = this.clampToCluster(Math.ceil(meanInSystem / this.targetUtilization));
    const current = this.starting + this.ready;
    const withinTolerance =
      current > 0 && Math.abs(meanInSystem / (this.targetUtilization * current) - 1) <= this.tolerance;
    const recommended = withinTolerance ? current : desired;
    const stabilized = this.recommendations.maxSince(now - this.scaleDownStabilizationS, recommended);
    this.recommendations.push(now, recommended);
    this.autoscaleMeanInSystem = meanInSystem;
    this.autoscaleDesired = desired;
    this.autoscaleCurrent = current;
    if (recommended > current) {
      for (let i = current; i < recommended; i++) {
        if (!this.startInstance(this.pools[0]!, now, -1, false, 'autoscaler')) break;
      }
    } else {
      let excess = current - stabilized;
      while (excess > 0 && this.idleHead !== null) {
        if (this.events.accept()) {
          this.events.record(now, 'scale-down', 'autoscaler', this.idleHead.serial, {
            meanInSystem,
            targetUtilization: this.targetUtilization,
            desired,
            stabilized,
            stabilizationWindowS: this.scaleDownStabilizationS,
            current,
            maxInstances: this.clusterCapacity,
            idleSinceS: this.idleHead.idleSince,
          });
        }
        this.stopInstance(this.idleHead, now, false);
        excess--;
      }
    }
    this.engine.scheduleAt(now + this.syncPeriodS, this.kindAutoscale);
    this.touch(now);
  }

  /** Hybrid policy: the pre-warm of an app whose instances were unloaded when it went idle. */
  private onPrewarm(key: number): void {
    const pool = this.pools[key % POOL_SPACE]!;
    if (Math.floor(key / POOL_SPACE) !== pool.prewarmGen) return;
    if (pool.ready + pool.starting > 0 || pool.active > 0) return;
    const now = this.engine.now;
    this.startInstance(pool, now, pool.prewarmKeepUntil, false, 'prewarm');
    this.touch(now);
  }

  // --- requests ---

  private dispatch(job: Job, now: number): void {
    this.intervalArrivals++;
    this.totalArrivals++;
    const pool = this.pools[job.pool]!;
    if (pool.idleStart >= 0) {
      if (pool.histogram !== null) {
        pool.histogram.record(now - pool.idleStart);
        pool.windowsDirty = true;
      }
      pool.idleStart = -1;
    }
    const instance = pool.availHead;
    if (instance !== null) {
      this.assign(instance, job, now, this.warmStartMs, false);
    } else if (pool.queue.length >= this.queueCapacity) {
      if (this.events.accept()) {
        this.events.record(now, 'rejected', 'queue-full', null, {
          queueLength: pool.queue.length,
          queueCapacity: this.queueCapacity,
          ready: pool.ready,
          starting: pool.starting,
        });
      }
      this.reject(job, now);
    } else {
      job.readyAtArrival = pool.ready;
      job.startingAtArrival = pool.starting;
      job.lastStopAtArrival = pool.lastStopAt;
      pool.queue.push(job);
      this.queued++;
      if (this.perRequest) this.ensureStarting(pool, now);
    }
  }

  private reject(job: Job, now: number): void {
    this.intervalRejected++;
    this.totalRejected++;
    const client = job.client;
    this.freeJob(job);
    if (client >= 0) this.scheduleClient(client, now);
  }

  /** Serverless: start instances until those starting can take every waiting request. */
  private ensureStarting(pool: Pool, now: number): boolean {
    while (pool.starting * this.concurrency < pool.queue.length) {
      if (!this.startInstance(pool, now, -1, false, 'queue')) {
        this.block(pool);
        return false;
      }
    }
    return true;
  }

  private assign(instance: Instance, job: Job, now: number, extraMs: number, cold: boolean): void {
    const pool = this.pools[instance.pool]!;
    job.instance = instance;
    job.serviceStart = now;
    job.extraMs = extraMs;
    job.cold = cold;
    if (instance.active === 0) {
      if (instance.inIdle) this.idleRemove(instance);
      this.busyInstances++;
    }
    instance.active++;
    pool.active++;
    this.activeJobs++;
    if (instance.active >= this.concurrency) {
      if (instance.inAvailable) this.availRemove(pool, instance);
    } else {
      this.availToHead(pool, instance);
    }
    // CPU work of the request on this platform.
    const w = job.demandS;
    let work: number;
    const jit = this.jit;
    if (jit !== null) {
      const done = instance.warmWork;
      const w0 = jit.warmupWorkS;
      work =
        jit.jitSlowdown * w +
        (jit.interpretedSlowdown - jit.jitSlowdown) *
          w0 *
          (Math.exp(-done / w0) - Math.exp(-(done + w) / w0));
      instance.warmWork = done + w;
    } else {
      work = w * this.cpuMix;
    }
    work += this.networkCpuS;
    job.work = work;
    job.useful = work > 0 ? w / work : 1;
    const host = this.hosts[instance.host]!;
    host.advance(now);
    host.addCpuJob(instance, job);
    this.commitHost(host, now);
  }

  private complete(job: Job, now: number): void {
    const instance = job.instance!;
    const latencyMs = (now - job.arrival) * 1000 + job.extraMs;
    const bucket = this.runLatency.bucketOf(latencyMs);
    this.runLatency.recordInBucket(bucket, latencyMs);
    this.intervalLatency.recordInBucket(bucket, latencyMs);
    this.intervalCompleted++;
    this.totalCompleted++;
    this.intervalWait.add((job.serviceStart - job.arrival) * 1000);
    this.intervalCpu.add((job.cpuDone - job.serviceStart) * 1000);
    this.intervalIo.add((job.ioDone - job.waitDone) * 1000);
    this.intervalNet.add((now - job.ioDone) * 1000);
    this.ioNativeTotal += job.ioNativeS;
    this.ioPlatformTotal += job.ioPlatformS;
    this.netNativeTotal += job.netNativeS;
    this.netPlatformTotal += job.netPlatformS;
    if (this.perRequest) {
      const cost = invocationCostUsd(
        (now - job.serviceStart) * 1000,
        instance.appMiB,
        this.billingGranularityMs,
        this.perGbSecondUsd,
        this.perMillionRequestsUsd,
      );
      this.intervalCost += cost;
      this.totalCost += cost;
    }
    const client = job.client;
    this.freeJob(job);
    this.release(instance, now);
    if (client >= 0) this.scheduleClient(client, now);
  }

  /** A request left `instance`: it takes the next waiting request of its pool, or frees a slot. */
  private release(instance: Instance, now: number): void {
    const pool = this.pools[instance.pool]!;
    instance.active--;
    pool.active--;
    this.activeJobs--;
    if (pool.queue.length > 0) {
      const next = pool.queue.shift();
      this.queued--;
      if (instance.active === 0) this.busyInstances--; // assign() counts it busy again
      this.assign(instance, next, now, this.warmStartMs, false);
      return;
    }
    if (instance.active === 0) {
      this.busyInstances--;
      this.makeIdle(instance, now);
    } else {
      this.availToHead(pool, instance);
    }
    if (pool.active === 0) {
      pool.idleStart = now;
      if (pool.histogram !== null) this.applyAppIdle(pool, now);
    }
    // Apps waiting for room may now evict an idle instance (unused for longest first).
    if (this.blockedHead !== null && this.idleHead !== null) this.tryUnblock(now);
  }

  // --- instances ---

  private clampToCluster(count: number): number {
    return Math.min(this.clusterCapacity, Math.max(1, count));
  }

  /** Places and starts an instance (`immediate`: ready at once, for the initial fleet). False if no host has room. */
  private startInstance(
    pool: Pool,
    now: number,
    keepUntilOverride: number,
    immediate: boolean,
    cause: SimEventCause,
  ): boolean {
    const memory = pool.appMiB + pool.overheadMiB;
    let hostIndex = this.placement.findFirst(memory, pool.cpuRequest);
    if (hostIndex < 0 && this.perRequest) {
      // Evict idle instances, unused for longest first, until the new one fits.
      while (hostIndex < 0 && this.idleHead !== null) {
        if (this.events.accept()) {
          this.events.record(now, 'scale-down', 'eviction', this.idleHead.serial, {
            idleSinceS: this.idleHead.idleSince,
            neededMiB: memory,
          });
        }
        this.stopInstance(this.idleHead, now, false);
        hostIndex = this.placement.findFirst(memory, pool.cpuRequest);
      }
    }
    if (hostIndex < 0) {
      if (this.events.accept()) this.recordPlacementFailure(pool, now);
      return false;
    }
    const instance = this.allocInstance();
    instance.serial = ++this.instancesStarted;
    instance.state = immediate ? READY : STARTING;
    instance.pool = pool.index;
    instance.host = hostIndex;
    instance.appMiB = pool.appMiB;
    instance.overheadMiB = pool.overheadMiB;
    instance.cpuRequest = pool.cpuRequest;
    instance.startRequestedAt = now;
    instance.keepUntilOverride = keepUntilOverride;
    const host = this.hosts[hostIndex]!;
    host.advance(now);
    host.memoryUsedMiB += memory;
    host.cpuReserved += pool.cpuRequest;
    if (host.instances++ === 0) this.hostsInUse++;
    this.placement.set(hostIndex, this.capacityMiB - host.memoryUsedMiB, this.cores - host.cpuReserved);
    this.commitHost(host, now);
    this.memoryAppMiB += pool.appMiB;
    this.memoryOverheadMiB += pool.overheadMiB;
    if (immediate) {
      pool.ready++;
      this.ready++;
      this.makeIdle(instance, now);
    } else {
      pool.starting++;
      this.starting++;
      const delayS = sampleDistribution(this.preset.startTimeMs, this.startRng) / 1000;
      this.engine.scheduleAt(now + delayS, this.kindReady, instance.key);
    }
    if (this.events.accept()) this.recordStart(instance, pool, cause, now);
    const running = this.starting + this.ready;
    if (running > this.peakInstances) this.peakInstances = running;
    if (this.hostsInUse > this.peakHosts) this.peakHosts = this.hostsInUse;
    return true;
  }

  private stopInstance(instance: Instance, now: number, unblock: boolean): void {
    const pool = this.pools[instance.pool]!;
    if (instance.inAvailable) this.availRemove(pool, instance);
    if (instance.inIdle) this.idleRemove(instance);
    if (instance.state === READY) {
      pool.ready--;
      this.ready--;
    } else if (instance.state === STARTING) {
      pool.starting--;
      this.starting--;
    }
    instance.state = STOPPED;
    pool.lastStopAt = now;
    const host = this.hosts[instance.host]!;
    host.advance(now);
    host.memoryUsedMiB -= instance.appMiB + instance.overheadMiB;
    host.cpuReserved -= instance.cpuRequest;
    if (--host.instances === 0) {
      this.hostsInUse--;
      host.memoryUsedMiB = 0; // no rounding residue on an empty host
      host.cpuReserved = 0;
    }
    this.placement.set(instance.host, this.capacityMiB - host.memoryUsedMiB, this.cores - host.cpuReserved);
    this.commitHost(host, now);
    this.memoryAppMiB -= instance.appMiB;
    this.memoryOverheadMiB -= instance.overheadMiB;
    this.freeInstance(instance);
    if (unblock) this.tryUnblock(now);
  }

  private makeIdle(instance: Instance, now: number): void {
    const pool = this.pools[instance.pool]!;
    instance.idleSince = now;
    this.idleAppend(instance);
    this.availToHead(pool, instance);
    if (!this.perRequest) return;
    let until: number;
    if (instance.keepUntilOverride > now) {
      until = instance.keepUntilOverride;
    } else if (pool.histogram !== null) {
      const windows = this.windowsOf(pool);
      until = now + (windows === null ? this.fallbackKeepAliveS : windows.keepAliveS);
    } else {
      until = now + (this.keepAlive.policy === 'fixed' ? this.keepAlive.seconds : this.fallbackKeepAliveS);
    }
    instance.keepUntilOverride = -1;
    this.setKeepUntil(instance, until);
  }

  private setKeepUntil(instance: Instance, until: number): void {
    instance.keepUntil = until;
    if (until < instance.expiryAt) {
      instance.expiryAt = until;
      this.engine.scheduleAt(until, this.kindExpiry, instance.key);
    }
  }

  private windowsOf(pool: Pool): KeepAliveWindows | null {
    if (pool.windowsDirty && pool.histogram !== null && this.keepAlive.policy === 'hybrid-histogram') {
      pool.windows = hybridWindows(
        pool.histogram,
        this.keepAlive,
        this.hybridMinSamples,
        this.hybridMaxOutOfRange,
      );
      pool.windowsDirty = false;
    }
    return pool.windows;
  }

  /** Hybrid policy, when an app goes idle: unload and schedule a pre-warm, or keep until the window ends. */
  private applyAppIdle(pool: Pool, now: number): void {
    const windows = this.windowsOf(pool);
    if (windows === null) return; // the fixed fallback set in makeIdle() stands
    if (windows.prewarmS > 0) {
      let freed = false;
      while (pool.availHead !== null) {
        if (this.events.accept()) {
          this.events.record(now, 'scale-down', 'prewarm', pool.availHead.serial, {
            idleSinceS: pool.availHead.idleSince,
            prewarmS: windows.prewarmS,
            keepAliveS: windows.keepAliveS,
          });
        }
        this.stopInstance(pool.availHead, now, false);
        freed = true;
      }
      pool.prewarmGen++;
      pool.prewarmKeepUntil = now + windows.keepAliveS;
      this.engine.scheduleAt(
        now + windows.prewarmS,
        this.kindPrewarm,
        pool.index + pool.prewarmGen * POOL_SPACE,
      );
      if (freed) this.tryUnblock(now);
    } else {
      for (let instance = pool.availHead; instance !== null; instance = instance.availNext) {
        this.setKeepUntil(instance, now + windows.keepAliveS);
      }
    }
  }

  // --- event log (reasons are numbers; the renderer words them) ---

  private recordStart(instance: Instance, pool: Pool, cause: SimEventCause, now: number): void {
    let reason: Record<string, number>;
    switch (cause) {
      case 'initial-fleet':
        reason = {
          initialBusy: this.initialBusyLoad,
          targetUtilization: this.targetUtilization,
          desired: this.initialTarget,
        };
        break;
      case 'autoscaler':
        reason = {
          meanInSystem: this.autoscaleMeanInSystem,
          targetUtilization: this.targetUtilization,
          desired: this.autoscaleDesired,
          current: this.autoscaleCurrent,
          maxInstances: this.clusterCapacity,
        };
        break;
      case 'prewarm':
        reason = { keepUntilS: instance.keepUntilOverride };
        break;
      default:
        // 'queue': this instance is counted in pool.starting already.
        reason = {
          queueLength: pool.queue.length,
          startingBefore: pool.starting - 1,
          concurrency: this.concurrency,
          ready: pool.ready,
        };
    }
    reason.host = instance.host;
    reason.memoryMiB = instance.appMiB + instance.overheadMiB;
    this.events.record(now, 'start', cause, instance.serial, reason);
  }

  /** Start time and its parts: the preset's median parts, scaled to this sampled start. */
  private recordReady(instance: Instance, startMs: number, now: number): void {
    const parts = this.preset.startParts;
    let medianMs = 0;
    for (const part of parts) medianMs += part.ms;
    const reason: Record<string, number> = { startMs, medianMs, host: instance.host };
    const scale = medianMs > 0 ? startMs / medianMs : 0;
    for (const part of parts) reason[`part:${part.calibrationId}`] = part.ms * scale;
    this.events.record(now, 'ready', null, instance.serial, reason);
  }

  private recordColdStart(instance: Instance, job: Job, pool: Pool, startMs: number, now: number): void {
    this.events.record(now, 'cold-start', null, instance.serial, {
      arrivalS: job.arrival,
      waitMs: (now - job.arrival) * 1000,
      startMs,
      readyAtArrival: job.readyAtArrival,
      startingAtArrival: job.startingAtArrival,
      concurrency: this.concurrency,
      lastStopS: job.lastStopAtArrival,
      keepAliveS: this.keepAliveSeconds(pool),
    });
  }

  /** The keep-alive an instance of `pool` gets when it goes idle now (s). */
  private keepAliveSeconds(pool: Pool): number {
    if (this.keepAlive.policy === 'fixed') return this.keepAlive.seconds;
    const windows = pool.histogram === null ? null : this.windowsOf(pool);
    return windows === null ? this.fallbackKeepAliveS : windows.keepAliveS;
  }

  /** Which resource ran out: the host with the most free memory, or CPU if memory would fit. */
  private recordPlacementFailure(pool: Pool, now: number): void {
    const neededMiB = pool.appMiB + pool.overheadMiB;
    let best = 0;
    let cpuBest = 0;
    for (let i = 1; i < this.hosts.length; i++) {
      if (this.hosts[i]!.memoryUsedMiB < this.hosts[best]!.memoryUsedMiB) best = i;
      if (this.hosts[i]!.cpuReserved < this.hosts[cpuBest]!.cpuReserved) cpuBest = i;
    }
    const memoryShort = this.capacityMiB - this.hosts[best]!.memoryUsedMiB < neededMiB;
    const host = memoryShort ? this.hosts[best]! : this.hosts[cpuBest]!;
    this.events.record(now, 'placement-failed', memoryShort ? 'memory' : 'cpu', null, {
      host: host.index,
      hostMemoryUsedMiB: host.memoryUsedMiB,
      hostMemoryCapacityMiB: this.capacityMiB,
      neededMiB,
      appMiB: pool.appMiB,
      overheadMiB: pool.overheadMiB,
      hostCpuReservedCores: host.cpuReserved,
      hostCores: this.cores,
      neededCores: pool.cpuRequest,
      hosts: this.hosts.length,
      queueLength: pool.queue.length,
    });
  }

  // --- apps waiting for room (serverless) ---

  private block(pool: Pool): void {
    if (pool.blocked) return;
    pool.blocked = true;
    pool.blockedNext = null;
    if (this.blockedTail === null) this.blockedHead = pool;
    else this.blockedTail.blockedNext = pool;
    this.blockedTail = pool;
  }

  /** Memory was freed: start instances for waiting apps, first blocked first, until one does not fit. */
  private tryUnblock(now: number): void {
    if (this.unblocking || this.blockedHead === null) return;
    this.unblocking = true;
    while (this.blockedHead !== null) {
      const pool: Pool = this.blockedHead;
      pool.blocked = false; // ensureStarting() re-blocks it if it still does not fit
      this.blockedHead = pool.blockedNext;
      if (this.blockedHead === null) this.blockedTail = null;
      pool.blockedNext = null;
      if (!this.ensureStarting(pool, now)) {
        // Moved to the back by block(); bring it to the front again and stop.
        this.moveBlockedToFront(pool);
        break;
      }
    }
    this.unblocking = false;
  }

  private moveBlockedToFront(pool: Pool): void {
    if (this.blockedHead === pool) return;
    let previous = this.blockedHead;
    while (previous !== null && previous.blockedNext !== pool) previous = previous.blockedNext;
    if (previous === null) return;
    previous.blockedNext = pool.blockedNext;
    if (this.blockedTail === pool) this.blockedTail = previous;
    pool.blockedNext = this.blockedHead;
    this.blockedHead = pool;
  }

  // --- lists ---

  /** Moves (or adds) an instance to the front of its pool's free-slot list. */
  private availToHead(pool: Pool, instance: Instance): void {
    if (pool.availHead === instance) return;
    if (instance.inAvailable) this.availRemove(pool, instance);
    instance.availPrev = null;
    instance.availNext = pool.availHead;
    if (pool.availHead !== null) pool.availHead.availPrev = instance;
    pool.availHead = instance;
    instance.inAvailable = true;
  }

  private availRemove(pool: Pool, instance: Instance): void {
    if (instance.availPrev !== null) instance.availPrev.availNext = instance.availNext;
    else pool.availHead = instance.availNext;
    if (instance.availNext !== null) instance.availNext.availPrev = instance.availPrev;
    instance.availPrev = null;
    instance.availNext = null;
    instance.inAvailable = false;
  }

  private idleAppend(instance: Instance): void {
    instance.idlePrev = this.idleTail;
    instance.idleNext = null;
    if (this.idleTail !== null) this.idleTail.idleNext = instance;
    else this.idleHead = instance;
    this.idleTail = instance;
    instance.inIdle = true;
    this.idleCount++;
    this.idleMemoryMiB += instance.appMiB + instance.overheadMiB;
  }

  private idleRemove(instance: Instance): void {
    if (instance.idlePrev !== null) instance.idlePrev.idleNext = instance.idleNext;
    else this.idleHead = instance.idleNext;
    if (instance.idleNext !== null) instance.idleNext.idlePrev = instance.idlePrev;
    else this.idleTail = instance.idlePrev;
    instance.idlePrev = null;
    instance.idleNext = null;
    instance.inIdle = false;
    this.idleCount--;
    this.idleMemoryMiB -= instance.appMiB + instance.overheadMiB;
    if (this.idleCount === 0) this.idleMemoryMiB = 0;
  }

  // --- slots ---

  private allocJob(): Job {
    const job = this.freeJobs.pop();
    if (job !== undefined) {
      job.fn = -1;
      job.waitS = 0;
      job.ioOps = 0;
      job.pool = 0;
      job.client = -1;
      job.ioNativeS = 0;
      job.ioPlatformS = 0;
      job.netNativeS = 0;
      job.netPlatformS = 0;
      return job;
    }
    const fresh = new Job(this.jobs.length);
    this.jobs.push(fresh);
    return fresh;
  }

  private freeJob(job: Job): void {
    job.instance = null;
    this.freeJobs.push(job);
  }

  private allocInstance(): Instance {
    const instance = this.freeInstances.pop();
    if (instance !== undefined) return instance;
    if (this.instances.length >= SLOT_SPACE) throw new RangeError('more than 16.7 million instances at once');
    const fresh = new Instance(this.instances.length);
    this.instances.push(fresh);
    return fresh;
  }

  private freeInstance(instance: Instance): void {
    instance.gen++;
    instance.active = 0;
    instance.nCpu = 0;
    instance.usefulSum = 0;
    instance.warmWork = 0;
    instance.keepUntil = Infinity;
    instance.keepUntilOverride = -1;
    instance.expiryAt = Infinity;
    this.freeInstances.push(instance);
  }

  private lookup(key: number): Instance | null {
    const slot = key % SLOT_SPACE;
    const instance = this.instances[slot];
    if (instance === undefined || instance.gen !== Math.floor(key / SLOT_SPACE)) return null;
    return instance;
  }

  // --- processor sharing and accounting ---

  /** After a change on a host: its CPU rate, the platform's CPU totals, and its next completion. */
  private commitHost(host: Host, now: number): void {
    const busy = host.busy.length;
    const background = this.idleCpuCores * host.instances;
    const capacity = Math.max(0, this.cores - background);
    const perBusy = busy === 0 ? 1 : Math.min(1, capacity / busy);
    let penalty = 1;
    if (this.overcommit && host.memoryUsedMiB > this.physicalMiB) {
      penalty = 1 + (this.overcommitPenalty * (host.memoryUsedMiB - this.physicalMiB)) / host.memoryUsedMiB;
    }
    const rate = (perBusy * this.clockScale) / penalty;
    host.rate = rate;
    host.coresPerBusy = perBusy;
    host.penalty = penalty;

    const work = busy * perBusy;
    const useful = busy === 0 ? 0 : (perBusy * host.usefulWeight) / penalty;
    if (work !== host.workCores || useful !== host.usefulCores || background !== host.backgroundCores) {
      this.workTotal += work - host.workCores;
      this.usefulTotal += useful - host.usefulCores;
      this.backgroundTotal += background - host.backgroundCores;
      host.workCores = work;
      host.usefulCores = useful;
      host.backgroundCores = background;
      this.workTW.update(now, this.workTotal);
      this.usefulTW.update(now, this.usefulTotal);
      this.backgroundTW.update(now, this.backgroundTotal);
    }

    const next = host.peekBusy();
    if (
      next === host.completionFor &&
      next !== undefined &&
      rate === host.completionRate &&
      next.hostKey === host.completionKey
    ) {
      return; // the scheduled completion is still right
    }
    if (host.completionHandle >= 0) this.engine.cancel(host.completionHandle);
    host.completionHandle = -1;
    host.completionFor = null;
    if (next === undefined || rate === 0) return;
    const delay = Math.max(0, (next.hostKey - host.virtualTime) / rate);
    host.completionHandle = this.engine.scheduleCancellableAt(now + delay, this.kindCompletion, host.index);
    host.completionFor = next;
    host.completionRate = rate;
    host.completionKey = next.hostKey;
  }

  /** Time-weighted platform counts, after every event. */
  private touch(now: number): void {
    this.busyTW.update(now, this.busyInstances);
    this.memoryAppTW.update(now, this.memoryAppMiB);
    this.memoryOverheadTW.update(now, this.memoryOverheadMiB);
    this.idleMemoryTW.update(now, this.idleMemoryMiB);
    this.inSystemTW.update(now, this.activeJobs + this.queued);
    this.runningTW.update(now, this.starting + this.ready);
  }

  // --- output ---

  /** Closes the interval ending at `now` and starts the next one. */
  sample(now: number): MetricSample {
    const work = Math.max(0, this.workTW.intervalAverage(now));
    const useful = Math.min(work, Math.max(0, this.usefulTW.intervalAverage(now)));
    const span = now - this.lastSampleAt;
    if (this.hostShareUsdPerS > 0)
      this.intervalCost += this.runningTW.intervalIntegral(now) * this.hostShareUsdPerS;
    const sample: MetricSample = {
      t: now,
      platform: this.id,
      instancesReady: this.ready,
      instancesStarting: this.starting,
      instancesIdle: this.idleCount,
      hostsInUse: this.hostsInUse,
      instancesBusy: Math.max(0, this.busyTW.intervalAverage(now)),
      memoryAppMiB: Math.max(0, this.memoryAppMiB),
      memoryOverheadMiB: Math.max(0, this.memoryOverheadMiB),
      cpuUsefulCores: useful,
      cpuOverheadCores: work - useful + Math.max(0, this.backgroundTW.intervalAverage(now)),
      arrivals: this.intervalArrivals,
      completed: this.intervalCompleted,
      throughputPerS: span > 0 ? this.intervalCompleted / span : 0,
      rejected: this.intervalRejected,
      queueLength: this.queued,
      latencyMeanMs: this.intervalLatency.mean(),
      latencyP50Ms: this.intervalLatency.quantile(0.5),
      latencyP95Ms: this.intervalLatency.quantile(0.95),
      latencyP99Ms: this.intervalLatency.quantile(0.99),
      queueWaitMeanMs: nonNegative(this.intervalWait.mean()),
      cpuTimeMeanMs: nonNegative(this.intervalCpu.mean()),
      ioTimeMeanMs: nonNegative(this.intervalIo.mean()),
      networkTimeMeanMs: nonNegative(this.intervalNet.mean()),
      costUsd: this.intervalCost,
      coldStarts: this.intervalColdStarts,
      startLatencyMeanMs: this.intervalStart.mean(),
    };
    this.events.resetBudget();
    this.busyTW.startInterval(now);
    this.workTW.startInterval(now);
    this.usefulTW.startInterval(now);
    this.backgroundTW.startInterval(now);
    this.runningTW.startInterval(now);
    this.lastSampleAt = now;
    this.intervalArrivals = 0;
    this.intervalCompleted = 0;
    this.intervalRejected = 0;
    this.intervalColdStarts = 0;
    this.intervalCost = 0;
    this.intervalLatency.reset();
    this.intervalStart.reset();
    this.intervalWait.reset();
    this.intervalCpu.reset();
    this.intervalIo.reset();
    this.intervalNet.reset();
    return sample;
  }

  summary(now: number): PlatformSummary {
    const workCoreSeconds = Math.max(0, this.workTW.integralAt(now));
    const usefulCoreSeconds = Math.min(workCoreSeconds, Math.max(0, this.usefulTW.integralAt(now)));
    const overheadCoreSeconds =
      workCoreSeconds - usefulCoreSeconds + Math.max(0, this.backgroundTW.integralAt(now));
    const cpuTotal = usefulCoreSeconds + overheadCoreSeconds;
    const appMemory = this.memoryAppTW.integralAt(now);
    const overheadMemory = this.memoryOverheadTW.integralAt(now);
    const memoryTotal = appMemory + overheadMemory;
    const cpuPct = cpuTotal > 0 ? (overheadCoreSeconds / cpuTotal) * 100 : 0;
    const memoryPct = memoryTotal > 0 ? (overheadMemory / memoryTotal) * 100 : 0;
    return {
      platform: this.id,
      density: this.density,
      arrivals: this.totalArrivals,
      completed: this.totalCompleted,
      rejected: this.totalRejected,
      throughputPerS: now > 0 ? this.totalCompleted / now : 0,
      latencyMeanMs: this.runLatency.mean(),
      latencyP50Ms: this.runLatency.quantile(0.5),
      latencyP95Ms: this.runLatency.quantile(0.95),
      latencyP99Ms: this.runLatency.quantile(0.99),
      coldStarts: this.totalColdStarts,
      coldStartRatio: this.totalCompleted > 0 ? this.totalColdStarts / this.totalCompleted : 0,
      cpuOverheadPct: cpuPct,
      memoryOverheadPct: memoryPct,
      startLatencyMeanMs: this.runStart.mean(),
      startLatencyP50Ms: this.runStart.quantile(0.5),
      startLatencyP95Ms: this.runStart.quantile(0.95),
      startLatencyHistogram: this.runStartBins.snapshot(),
      overheadBreakdown: {
        cpuPct,
        memoryPct,
        ioPct:
          this.ioPlatformTotal > 0
            ? ((this.ioPlatformTotal - this.ioNativeTotal) / this.ioPlatformTotal) * 100
            : 0,
        networkPct:
          this.netPlatformTotal > 0
            ? ((this.netPlatformTotal - this.netNativeTotal) / this.netPlatformTotal) * 100
            : 0,
      },
      costUsd:
        this.hostShareUsdPerS > 0
          ? Math.max(0, this.runningTW.integralAt(now)) * this.hostShareUsdPerS
          : this.totalCost,
      idleMemoryGiBSeconds: Math.max(0, this.idleMemoryTW.integralAt(now)) / 1024,
      peakInstances: this.peakInstances,
      peakHostsUsed: this.peakHosts,
    };
  }

  state(): PlatformState {
    return {
      arrivals: this.totalArrivals,
      completed: this.totalCompleted,
      rejected: this.totalRejected,
      busy: this.busyInstances,
      inService: this.activeJobs,
      queued: this.queued,
      instancesStarting: this.starting,
      instancesReady: this.ready,
      instancesIdle: this.idleCount,
      hostsInUse: this.hostsInUse,
    };
  }

  sizes(): { jobSlots: number; instanceSlots: number; queueCapacity: number; pools: number } {
    let queueCapacity = 0;
    for (const pool of this.pools) queueCapacity += pool.queue.capacity;
    return {
      jobSlots: this.jobs.length,
      instanceSlots: this.instances.length,
      queueCapacity,
      pools: this.pools.length,
    };
  }
}

const nonNegative = (x: number | null): number | null => (x === null ? null : Math.max(0, x));

/**
 * The autoscaler's recent recommendations (time, count), oldest first: a ring of at most
 * `capacity` entries (the stabilization window / the sync period, plus the initial fleet),
 * so it stays the same size however long the run.
 */
class RecommendationRing {
  private readonly times: Float64Array;
  private readonly counts: Float64Array;
  private head = 0;
  private size = 0;

  constructor(private readonly capacity: number) {
    this.times = new Float64Array(capacity);
    this.counts = new Float64Array(capacity);
  }

  /** The largest of `value` and the counts recommended after `since` (strictly); drops older entries. */
  maxSince(since: number, value: number): number {
    // Sync times are sums of the period: allow their rounding at the window's edge.
    const cutoff = since + 1e-9 * Math.max(1, Math.abs(since));
    while (this.size > 0 && this.times[this.head]! <= cutoff) {
      this.head = (this.head + 1) % this.capacity;
      this.size--;
    }
    let max = value;
    for (let i = 0; i < this.size; i++) {
      const count = this.counts[(this.head + i) % this.capacity]!;
      if (count > max) max = count;
    }
    return max;
  }

  push(time: number, count: number): void {
    if (this.capacity === 0) return;
    if (this.size === this.capacity) {
      this.head = (this.head + 1) % this.capacity;
      this.size--;
    }
    const at = (this.head + this.size) % this.capacity;
    this.times[at] = time;
    this.counts[at] = count;
    this.size++;
  }
}

class CompareRun implements CompareSimulation {
  readonly horizonS: number;
  private readonly engine = new Engine();
  private readonly platforms: PlatformModel[];
  private readonly sampleIntervalS: number;
  private readonly kindSample: EventKind;
  private samplesTaken = 0;
  private lastSampleAt = 0;
  private finished = false;
  private pendingSamples: MetricSample[] = [];
  private readonly eventRing = new EventRing();

  constructor(
    scenario: CompareScenario,
    private readonly seed: number,
  ) {
    this.horizonS = scenario.horizonS;
    this.sampleIntervalS = scenario.sampleIntervalS;
    const root = new Random(seed >>> 0);
    const trace = resolveTrace(scenario);
    this.kindSample = this.engine.register(() => this.onSample());
    this.scheduleNextSample();
    this.platforms = scenario.platforms.map(
      (p) => new PlatformModel(this.engine, scenario, p, root, trace, this.eventRing),
    );
  }

  get now(): number {
    return this.engine.now;
  }

  get done(): boolean {
    return this.finished;
  }

  get eventsProcessed(): number {
    return this.engine.eventsProcessed;
  }

  advanceTo(until: number): MetricSample[] {
    if (this.finished) return [];
    const target = Math.min(until, this.horizonS);
    if (target > this.engine.now) this.engine.run(target);
    if (target >= this.horizonS) this.finish();
    return this.takeSamples();
  }

  step(): MetricSample[] {
    if (this.finished) return [];
    if (this.engine.peek() <= this.horizonS) this.engine.step();
    else this.finish();
    return this.takeSamples();
  }

  takeEvents(): EventDrain {
    return this.eventRing.take();
  }

  summary(): RunSummary {
    const now = this.engine.now;
    return {
      horizonS: this.horizonS,
      seed: this.seed,
      eventsProcessed: this.engine.eventsProcessed,
      platforms: this.platforms.map((p) => p.summary(now)),
    };
  }

  platformState(platform: PlatformId): PlatformState {
    return this.model(platform).state();
  }

  internalSizes(): InternalSizes {
    const sizes: InternalSizes = {
      jobSlots: 0,
      instanceSlots: 0,
      pendingEvents: this.engine.pending,
      queueCapacity: 0,
      pools: 0,
    };
    for (const p of this.platforms) {
      const s = p.sizes();
      sizes.jobSlots += s.jobSlots;
      sizes.instanceSlots += s.instanceSlots;
      sizes.queueCapacity += s.queueCapacity;
      sizes.pools += s.pools;
    }
    return sizes;
  }

  private model(platform: PlatformId): PlatformModel {
    const model = this.platforms.find((p) => p.id === platform);
    if (model === undefined) throw new RangeError(`platform "${platform}" is not in this run`);
    return model;
  }

  private onSample(): void {
    this.emitSamples(this.engine.now);
    this.scheduleNextSample();
  }

  /** Sample times are k x interval (not accumulated); the one at the horizon comes from finish(). */
  private scheduleNextSample(): void {
    const next = (this.samplesTaken + 1) * this.sampleIntervalS;
    if (next < this.horizonS * (1 - 1e-12)) this.engine.scheduleAt(next, this.kindSample);
  }

  private emitSamples(now: number): void {
    for (const platform of this.platforms) this.pendingSamples.push(platform.sample(now));
    this.samplesTaken++;
    this.lastSampleAt = now;
  }

  private finish(): void {
    this.engine.run(this.horizonS);
    if (this.horizonS > this.lastSampleAt) this.emitSamples(this.horizonS);
    this.finished = true;
  }

  private takeSamples(): MetricSample[] {
    const samples = this.pendingSamples;
    this.pendingSamples = [];
    return samples;
  }
}
