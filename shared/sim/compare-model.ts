import type { CompareScenario, PlatformId } from '../scenario';
import { CALIBRATION, type CalibrationId } from './calibration';
import { sampleDistribution } from './distributions';
import { Engine, type EventHandle, type EventKind } from './engine';
import { cpuRequestCores, getPlatformPreset, type PlatformPreset } from './platforms';
import { Random } from './random';
import { LogHistogram, SumCount, TimeWeightedValue } from './stats';
import type { DensityResult, MetricSample, PlatformSummary, RunSummary, Simulation } from './types';

/*
 * The compare model: one service, the same load, one host per platform.
 *
 * - Every selected platform runs on its own identical copy of scenario.host. They share one
 *   event engine (one clock) but no state, so a platform's results are the same whether or
 *   not other platforms run beside it.
 * - Load: Poisson arrivals at requestRatePerS, times burst.factor inside the burst window,
 *   sampled exactly by inverting the integrated piecewise-constant rate (one uniform per
 *   arrival). Each request needs an exponential CPU demand with mean serviceTimeMs on bare
 *   metal. Common random numbers: every platform forks the "arrivals" stream with the same
 *   id, so all platforms see the very same requests; instance start times come from a
 *   stream per platform ("start:<id>").
 * - Instances have 1 vCPU and serve one request at a time. On a platform a request costs
 *   demand x cpuSlowdown core-seconds: demand is useful work, the rest overhead. The host's
 *   cores are shared by processor sharing: every running instance first takes its idle
 *   background CPU (idleCpuCores), and each busy instance then progresses at
 *   min(1, remaining cores / busy instances). Implemented with a virtual clock of
 *   "service received per busy instance": a job finishes when the virtual clock reaches its
 *   finish tag, so only the single next completion is scheduled, and it is moved whenever
 *   the busy count or the rate changes.
 * - Memory: an instance holds appMemoryMiB + memoryOverheadMiB from the moment its start is
 *   decided. No overcommit: the number of instances never exceeds computeDensity(), where
 *   memory = floor((ramGiB x 1024 - host reservation) / per-instance MiB) and
 *   cpu = floor(cores / the preset's CPU request): 1 core per VM (pinned vCPU), 0.25 per
 *   container (assumed request), appMemoryMiB / 1769 per function (Lambda's CPU share).
 *   Instances may use up to their 1 vCPU whenever the host has spare cores.
 * - VM and container: start with enough ready instances for the base load at the target
 *   utilisation; a target-tracking autoscaler every syncPeriodS sets
 *   desired = ceil(mean(busy + queued) over the last period / targetUtilization), clamped
 *   to [1, density]. Scale-up starts instances (ready after a sampled start time);
 *   scale-down stops the instances idle for longest (only idle, ready ones).
 * - Serverless: start with none. A request goes to an idle warm instance if any (most
 *   recently used first, so surplus instances age out), paying the warm-start overhead;
 *   otherwise it waits in the queue and, if fewer instances are starting than requests
 *   wait and density allows, a new instance cold-starts. A request taken by an instance
 *   that has just started is a cold start; its latency includes the wait but no warm
 *   overhead (the published cold-start figure is end to end). Instances idle for
 *   keepAliveS are stopped (scale to zero).
 * - Requests that find no idle instance wait in one FIFO queue per platform (bounded by
 *   queue.capacity; beyond it they are rejected). A ready or freed instance takes the head.
 * - Metrics per sample interval and platform (see MetricSample). CPU overhead = the
 *   slowdown share of the work + idle background CPU. The CPU cost of starting instances
 *   is not modelled (start time is wall time only). Memory overhead counts per-instance
 *   platform memory only (host reservation excluded). Latency = completion - arrival
 *   (+ the per-request latency of the platform's I/O path or warm start).
 *
 * Expects a scenario already validated by CompareScenarioSchema.
 */

/** Model-level constants (platform constants are listed by each preset). */
export const MODEL_CALIBRATION_IDS: readonly CalibrationId[] = ['host.reservedMemory', 'queue.capacity'];

const HOST_RESERVED_MIB = CALIBRATION['host.reservedMemory'].value;
const QUEUE_CAPACITY = CALIBRATION['queue.capacity'].value;
const ARRIVAL_STREAM = 'arrivals';
/** Guards floor() against ratios such as 63.99999999 that are integers on paper. */
const FLOOR_TOLERANCE = 1e-9;

const floorTolerant = (x: number): number => Math.floor(x + FLOOR_TOLERANCE);

export function hostUsableMemoryMiB(scenario: CompareScenario): number {
  return scenario.host.ramGiB * 1024 - HOST_RESERVED_MIB;
}

/** How many instances of the service fit on one host, and which resource runs out first. */
export function computeDensity(scenario: CompareScenario, platformId: PlatformId): DensityResult {
  return densityFor(scenario, getPlatformPreset(platformId));
}

function densityFor(scenario: CompareScenario, preset: PlatformPreset): DensityResult {
  const perInstanceOverheadMiB = preset.memoryOverheadMiB;
  const perInstanceMiB = scenario.workload.appMemoryMiB + perInstanceOverheadMiB;
  const memory = Math.max(0, floorTolerant(hostUsableMemoryMiB(scenario) / perInstanceMiB));
  const cpu = Math.max(
    0,
    floorTolerant(scenario.host.cores / cpuRequestCores(preset, scenario.workload.appMemoryMiB)),
  );
  return {
    instances: Math.min(memory, cpu),
    binding: memory <= cpu ? 'memory' : 'cpu',
    byResource: { memory, cpu },
    perInstanceMiB,
    perInstanceOverheadMiB,
  };
}

/** Live counts of one platform, for tests and an inspector view. */
export interface PlatformState {
  arrivals: number;
  completed: number;
  rejected: number;
  busy: number;
  queued: number;
  instancesStarting: number;
  instancesReady: number;
}

export interface CompareSimulation extends Simulation {
  platformState(platform: PlatformId): PlatformState;
}

export function createCompareSimulation(scenario: CompareScenario, seed: number): CompareSimulation {
  return new CompareRun(scenario, seed);
}

// ---------------------------------------------------------------------------------------

const STARTING = 0;
const IDLE = 1;
const BUSY = 2;
const STOPPED = 3;

class Instance {
  state = STARTING;
  startRequestedAt = 0;
  idleSince = 0;
  /** A keep-alive check is scheduled for this instance. */
  expiryPending = false;
  // The request being served.
  jobArrival = 0;
  jobExtraLatencyMs = 0;
  /** Virtual time at which the job has received all the CPU it needs. */
  finishTag = 0;
  // Links in the idle list (most recently idle first).
  newerIdle: Instance | null = null;
  olderIdle: Instance | null = null;

  constructor(readonly id: number) {}
}

/** Idle instances, most recently idle at the head: O(1) push, pop, and removal anywhere. */
class IdleList {
  head: Instance | null = null;
  tail: Instance | null = null;
  size = 0;

  pushNewest(instance: Instance): void {
    instance.newerIdle = null;
    instance.olderIdle = this.head;
    if (this.head !== null) this.head.newerIdle = instance;
    else this.tail = instance;
    this.head = instance;
    this.size++;
  }

  popNewest(): Instance | null {
    const instance = this.head;
    if (instance !== null) this.remove(instance);
    return instance;
  }

  remove(instance: Instance): void {
    if (instance.newerIdle !== null) instance.newerIdle.olderIdle = instance.olderIdle;
    else this.head = instance.olderIdle;
    if (instance.olderIdle !== null) instance.olderIdle.newerIdle = instance.newerIdle;
    else this.tail = instance.newerIdle;
    instance.newerIdle = null;
    instance.olderIdle = null;
    this.size--;
  }
}

/** Busy instances ordered by finish tag (ties by id): the root finishes next. */
class BusyHeap {
  private readonly items: Instance[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): Instance | undefined {
    return this.items[0];
  }

  push(instance: Instance): void {
    const items = this.items;
    let index = items.length;
    items.push(instance);
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = items[parentIndex]!;
      if (!BusyHeap.before(instance, parent)) break;
      items[index] = parent;
      index = parentIndex;
    }
    items[index] = instance;
  }

  pop(): Instance | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    const size = items.length;
    let index = 0;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= size) break;
      const right = child + 1;
      if (right < size && BusyHeap.before(items[right]!, items[child]!)) child = right;
      if (!BusyHeap.before(items[child]!, last)) break;
      items[index] = items[child]!;
      index = child;
    }
    items[index] = last;
    return top;
  }

  private static before(a: Instance, b: Instance): boolean {
    return a.finishTag < b.finishTag || (a.finishTag === b.finishTag && a.id < b.id);
  }
}

/** Bounded FIFO of waiting requests (arrival time, CPU demand) in a ring buffer. */
class RequestQueue {
  private readonly arrival: Float64Array;
  private readonly demand: Float64Array;
  private head = 0;
  length = 0;

  constructor(readonly capacity: number) {
    this.arrival = new Float64Array(capacity);
    this.demand = new Float64Array(capacity);
  }

  get full(): boolean {
    return this.length === this.capacity;
  }

  push(arrival: number, demand: number): void {
    const index = (this.head + this.length) % this.capacity;
    this.arrival[index] = arrival;
    this.demand[index] = demand;
    this.length++;
  }

  /** Arrival time of the head; read demand with headDemand() before shift(). */
  headArrival(): number {
    return this.arrival[this.head]!;
  }

  headDemand(): number {
    return this.demand[this.head]!;
  }

  shift(): void {
    this.head = (this.head + 1) % this.capacity;
    this.length--;
  }
}

/** Piecewise-constant arrival rate: base, times factor inside [burstStart, burstEnd). */
class ArrivalProcess {
  private readonly baseRate: number;
  private readonly burstRate: number;
  private readonly burstStart: number;
  private readonly burstEnd: number;
  private readonly meanDemandS: number;
  /** Time and CPU demand (bare-metal s) of the next request. */
  nextTime = 0;
  nextDemandS = 0;

  constructor(
    scenario: CompareScenario,
    private readonly rng: Random,
  ) {
    const { workload } = scenario;
    this.baseRate = workload.requestRatePerS;
    this.meanDemandS = workload.serviceTimeMs / 1000;
    if (workload.burst === null) {
      this.burstRate = this.baseRate;
      this.burstStart = Infinity;
      this.burstEnd = Infinity;
    } else {
      this.burstRate = this.baseRate * workload.burst.factor;
      this.burstStart = workload.burst.startS;
      this.burstEnd = workload.burst.startS + workload.burst.durationS;
    }
    this.draw(0);
  }

  /** Draws the request after time `from`: first its gap, then its demand (fixed order for CRN). */
  draw(from: number): void {
    // Unit-rate exponential, spent across rate pieces until exhausted (exact inversion).
    let budget = -Math.log(1 - this.rng.next());
    let t = from;
    for (;;) {
      let rate: number;
      let pieceEnd: number;
      if (t < this.burstStart) {
        rate = this.baseRate;
        pieceEnd = this.burstStart;
      } else if (t < this.burstEnd) {
        rate = this.burstRate;
        pieceEnd = this.burstEnd;
      } else {
        rate = this.baseRate;
        pieceEnd = Infinity;
      }
      const gap = budget / rate;
      if (t + gap < pieceEnd) {
        t += gap;
        break;
      }
      budget -= (pieceEnd - t) * rate;
      t = pieceEnd;
    }
    this.nextTime = t;
    this.nextDemandS = this.rng.exponential(this.meanDemandS);
  }
}

class PlatformModel {
  readonly id: PlatformId;
  readonly density: DensityResult;
  private readonly perRequest: boolean;
  private readonly cores: number;
  private readonly slowdown: number;
  private readonly appMiB: number;
  private readonly overheadMiB: number;
  private readonly idleCpuCores: number;
  private readonly perRequestLatencyMs: number;
  private readonly keepAliveS: number;
  private readonly syncPeriodS: number;
  private readonly targetUtilization: number;

  private readonly arrivals: ArrivalProcess;
  private readonly startTimeMs: PlatformPreset['startTimeMs'];
  private readonly startRng: Random;
  private readonly kindArrival: EventKind;
  private readonly kindCompletion: EventKind;
  private readonly kindReady: EventKind;
  private readonly kindExpiry: EventKind;
  private readonly kindAutoscale: EventKind;

  private readonly instances = new Map<number, Instance>();
  private nextInstanceId = 0;
  private readonly idle = new IdleList();
  private readonly busy = new BusyHeap();
  private readonly queue = new RequestQueue(QUEUE_CAPACITY);
  private starting = 0;
  /** Ready instances, idle or busy. */
  private ready = 0;

  // Processor sharing.
  private virtualTime = 0;
  private virtualTimeAt = 0;
  /** CPU rate of each busy instance (cores). */
  private rate = 1;
  private completionHandle: EventHandle = -1;
  private completionFor: Instance | null = null;
  private completionRate = 0;

  // Time-weighted state.
  private readonly busyCount = new TimeWeightedValue();
  private readonly workCores = new TimeWeightedValue();
  private readonly backgroundCores = new TimeWeightedValue();
  private readonly runningInstances = new TimeWeightedValue();
  /** Busy + queued, averaged over each autoscaler period. */
  private readonly inSystem = new TimeWeightedValue();

  // Interval counters.
  private intervalArrivals = 0;
  private intervalCompleted = 0;
  private intervalRejected = 0;
  private intervalColdStarts = 0;
  private readonly intervalLatency: LogHistogram;
  private readonly intervalStart = new SumCount();

  // Run totals.
  private totalArrivals = 0;
  private totalCompleted = 0;
  private totalRejected = 0;
  private totalColdStarts = 0;
  private readonly runLatency = new LogHistogram();
  private readonly runStart = new SumCount();
  private peakInstances = 0;

  constructor(
    private readonly engine: Engine,
    scenario: CompareScenario,
    preset: PlatformPreset,
    rootRng: Random,
  ) {
    this.id = preset.id;
    this.density = densityFor(scenario, preset);
    this.cores = scenario.host.cores;
    this.slowdown = preset.cpuSlowdown;
    this.appMiB = scenario.workload.appMemoryMiB;
    this.overheadMiB = preset.memoryOverheadMiB;
    this.idleCpuCores = preset.idleCpuCores;
    this.perRequestLatencyMs = preset.perRequestLatencyMs;
    const scaling = preset.scaling;
    this.perRequest = scaling.mode === 'per-request';
    if (scaling.mode === 'per-request') {
      if (scaling.concurrencyPerInstance !== 1)
        throw new RangeError('the compare model serves one request per instance');
      this.keepAliveS = scaling.keepAliveS;
      this.syncPeriodS = Infinity;
      this.targetUtilization = 1;
    } else {
      this.keepAliveS = Infinity;
      this.syncPeriodS = scaling.syncPeriodS;
      this.targetUtilization = scaling.targetUtilization;
    }
    this.intervalLatency = new LogHistogram();
    this.arrivals = new ArrivalProcess(scenario, rootRng.fork(ARRIVAL_STREAM));
    this.startRng = rootRng.fork(`start:${preset.id}`);
    this.startTimeMs = preset.startTimeMs;

    this.kindArrival = engine.register(() => this.onArrival());
    this.kindCompletion = engine.register(() => this.onCompletion());
    this.kindReady = engine.register((id) => this.onReady(id));
    this.kindExpiry = engine.register((id) => this.onExpiry(id));
    this.kindAutoscale = engine.register(() => this.onAutoscale());

    if (!this.perRequest) {
      const { workload } = scenario;
      const baseBusy = ((workload.requestRatePerS * workload.serviceTimeMs) / 1000) * this.slowdown;
      const initial = this.clampToDensity(Math.ceil(baseBusy / this.targetUtilization));
      for (let i = 0; i < initial; i++) this.makeIdle(this.createInstance(IDLE, 0), 0);
      this.ready = initial;
      this.engine.scheduleAt(this.syncPeriodS, this.kindAutoscale);
    }
    this.engine.scheduleAt(this.arrivals.nextTime, this.kindArrival);
    this.commit(0);
  }

  // --- events ---

  private onArrival(): void {
    const now = this.engine.now;
    const demandS = this.arrivals.nextDemandS;
    this.arrivals.draw(now);
    this.engine.scheduleAt(this.arrivals.nextTime, this.kindArrival);

    this.advanceVirtualTime(now);
    this.intervalArrivals++;
    this.totalArrivals++;
    const warm = this.idle.popNewest();
    if (warm !== null) {
      this.startJob(warm, now, demandS, this.perRequestLatencyMs);
    } else if (this.queue.full) {
      this.intervalRejected++;
      this.totalRejected++;
    } else {
      this.queue.push(now, demandS);
      if (this.perRequest && this.starting < this.queue.length && this.canStartInstance()) {
        this.startInstance(now);
      }
    }
    this.commit(now);
  }

  private onCompletion(): void {
    const now = this.engine.now;
    this.completionHandle = -1;
    this.completionFor = null;
    this.advanceVirtualTime(now);
    const instance = this.busy.pop();
    if (instance === undefined) return;
    const latencyMs = (now - instance.jobArrival) * 1000 + instance.jobExtraLatencyMs;
    const bucket = this.runLatency.bucketOf(latencyMs);
    this.runLatency.recordInBucket(bucket, latencyMs);
    this.intervalLatency.recordInBucket(bucket, latencyMs);
    this.intervalCompleted++;
    this.totalCompleted++;
    this.takeNextRequest(instance, now, false);
    this.commit(now);
  }

  private onReady(id: number): void {
    const instance = this.instances.get(id);
    if (instance === undefined || instance.state !== STARTING) return;
    const now = this.engine.now;
    this.advanceVirtualTime(now);
    this.starting--;
    this.ready++;
    const startMs = (now - instance.startRequestedAt) * 1000;
    this.intervalStart.add(startMs);
    this.runStart.add(startMs);
    this.takeNextRequest(instance, now, this.perRequest);
    this.commit(now);
  }

  /** Keep-alive check: at most one pending per instance, re-armed if the instance was used since. */
  private onExpiry(id: number): void {
    const instance = this.instances.get(id);
    if (instance === undefined) return;
    instance.expiryPending = false;
    if (instance.state !== IDLE) return; // it re-arms when it next becomes idle
    const due = instance.idleSince + this.keepAliveS;
    const now = this.engine.now;
    if (now < due) {
      this.engine.scheduleAt(due, this.kindExpiry, id);
      instance.expiryPending = true;
      return;
    }
    this.advanceVirtualTime(now);
    this.stopInstance(instance);
    this.commit(now);
  }

  private onAutoscale(): void {
    const now = this.engine.now;
    this.advanceVirtualTime(now);
    const meanInSystem = this.inSystem.intervalAverage(now);
    this.inSystem.startInterval(now);
    const desired = this.clampToDensity(Math.ceil(meanInSystem / this.targetUtilization));
    const current = this.starting + this.ready;
    if (desired > current) {
      for (let i = current; i < desired; i++) this.startInstance(now);
    } else {
      let excess = current - desired;
      while (excess > 0 && this.idle.tail !== null) {
        this.stopInstance(this.idle.tail);
        excess--;
      }
    }
    this.engine.scheduleAt(now + this.syncPeriodS, this.kindAutoscale);
    this.commit(now);
  }

  // --- instances and jobs ---

  private clampToDensity(count: number): number {
    return Math.min(this.density.instances, Math.max(1, count));
  }

  private canStartInstance(): boolean {
    return this.starting + this.ready < this.density.instances;
  }

  private createInstance(state: number, now: number): Instance {
    const instance = new Instance(this.nextInstanceId++);
    instance.state = state;
    instance.startRequestedAt = now;
    this.instances.set(instance.id, instance);
    return instance;
  }

  private startInstance(now: number): void {
    const instance = this.createInstance(STARTING, now);
    this.starting++;
    const delayS = sampleDistribution(this.startTimeMs, this.startRng) / 1000;
    this.engine.scheduleAt(now + delayS, this.kindReady, instance.id);
  }

  private stopInstance(instance: Instance): void {
    this.idle.remove(instance);
    instance.state = STOPPED;
    this.ready--;
    this.instances.delete(instance.id);
  }

  private makeIdle(instance: Instance, now: number): void {
    instance.state = IDLE;
    instance.idleSince = now;
    this.idle.pushNewest(instance);
    if (this.perRequest && !instance.expiryPending) {
      this.engine.scheduleAt(now + this.keepAliveS, this.kindExpiry, instance.id);
      instance.expiryPending = true;
    }
  }

  /** A freed or newly ready instance takes the head of the queue, or goes idle. */
  private takeNextRequest(instance: Instance, now: number, coldStart: boolean): void {
    if (this.queue.length === 0) {
      this.makeIdle(instance, now);
      return;
    }
    const arrival = this.queue.headArrival();
    const demandS = this.queue.headDemand();
    this.queue.shift();
    if (coldStart) {
      this.intervalColdStarts++;
      this.totalColdStarts++;
    }
    this.startJob(instance, arrival, demandS, coldStart ? 0 : this.perRequestLatencyMs);
  }

  private startJob(instance: Instance, arrival: number, demandS: number, extraLatencyMs: number): void {
    instance.state = BUSY;
    instance.jobArrival = arrival;
    instance.jobExtraLatencyMs = extraLatencyMs;
    instance.finishTag = this.virtualTime + demandS * this.slowdown;
    this.busy.push(instance);
  }

  // --- processor sharing ---

  /** Brings the virtual clock to `now` at the rate that held since the last change. */
  private advanceVirtualTime(now: number): void {
    this.virtualTime += this.rate * (now - this.virtualTimeAt);
    this.virtualTimeAt = now;
  }

  /** After a state change: new CPU rate, time-weighted values, and the next completion. */
  private commit(now: number): void {
    const busy = this.busy.size;
    const running = this.starting + this.ready;
    const background = this.idleCpuCores * running;
    const workCapacity = Math.max(0, this.cores - background);
    const rate = busy === 0 ? 1 : Math.min(1, workCapacity / busy);
    this.rate = rate;

    this.busyCount.update(now, busy);
    this.workCores.update(now, busy * rate);
    this.backgroundCores.update(now, background);
    this.runningInstances.update(now, running);
    this.inSystem.update(now, busy + this.queue.length);
    if (running > this.peakInstances) this.peakInstances = running;

    const next = this.busy.peek();
    if (next === this.completionFor && rate === this.completionRate) return; // still right
    if (this.completionHandle >= 0) this.engine.cancel(this.completionHandle);
    this.completionHandle = -1;
    this.completionFor = null;
    if (next === undefined || rate === 0) return;
    const delay = Math.max(0, (next.finishTag - this.virtualTime) / rate);
    this.completionHandle = this.engine.scheduleAt(now + delay, this.kindCompletion);
    this.completionFor = next;
    this.completionRate = rate;
  }

  // --- output ---

  /** Closes the interval ending at `now` and starts the next one. */
  sample(now: number): MetricSample {
    const work = this.workCores.intervalAverage(now);
    const useful = work / this.slowdown;
    const running = this.starting + this.ready;
    const sample: MetricSample = {
      t: now,
      platform: this.id,
      instancesReady: this.ready,
      instancesStarting: this.starting,
      instancesBusy: this.busyCount.intervalAverage(now),
      memoryAppMiB: running * this.appMiB,
      memoryOverheadMiB: running * this.overheadMiB,
      cpuUsefulCores: useful,
      cpuOverheadCores: work - useful + this.backgroundCores.intervalAverage(now),
      arrivals: this.intervalArrivals,
      completed: this.intervalCompleted,
      rejected: this.intervalRejected,
      queueLength: this.queue.length,
      latencyMeanMs: this.intervalLatency.mean(),
      latencyP95Ms: this.intervalLatency.quantile(0.95),
      coldStarts: this.intervalColdStarts,
      startLatencyMeanMs: this.intervalStart.mean(),
    };
    this.busyCount.startInterval(now);
    this.workCores.startInterval(now);
    this.backgroundCores.startInterval(now);
    this.intervalArrivals = 0;
    this.intervalCompleted = 0;
    this.intervalRejected = 0;
    this.intervalColdStarts = 0;
    this.intervalLatency.reset();
    this.intervalStart.reset();
    return sample;
  }

  summary(now: number): PlatformSummary {
    const workCoreSeconds = this.workCores.integralAt(now);
    const usefulCoreSeconds = workCoreSeconds / this.slowdown;
    const overheadCoreSeconds = workCoreSeconds - usefulCoreSeconds + this.backgroundCores.integralAt(now);
    const cpuTotal = usefulCoreSeconds + overheadCoreSeconds;
    const instanceSeconds = this.runningInstances.integralAt(now);
    const memoryTotal = instanceSeconds * (this.appMiB + this.overheadMiB);
    return {
      platform: this.id,
      density: this.density,
      arrivals: this.totalArrivals,
      completed: this.totalCompleted,
      rejected: this.totalRejected,
      latencyP50Ms: this.runLatency.quantile(0.5),
      latencyP95Ms: this.runLatency.quantile(0.95),
      latencyP99Ms: this.runLatency.quantile(0.99),
      coldStarts: this.totalColdStarts,
      coldStartRatio: this.totalCompleted > 0 ? this.totalColdStarts / this.totalCompleted : 0,
      cpuOverheadPct: cpuTotal > 0 ? (overheadCoreSeconds / cpuTotal) * 100 : 0,
      memoryOverheadPct: memoryTotal > 0 ? ((instanceSeconds * this.overheadMiB) / memoryTotal) * 100 : 0,
      startLatencyMeanMs: this.runStart.mean(),
      peakInstances: this.peakInstances,
    };
  }

  state(): PlatformState {
    return {
      arrivals: this.totalArrivals,
      completed: this.totalCompleted,
      rejected: this.totalRejected,
      busy: this.busy.size,
      queued: this.queue.length,
      instancesStarting: this.starting,
      instancesReady: this.ready,
    };
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

  constructor(
    scenario: CompareScenario,
    private readonly seed: number,
  ) {
    this.horizonS = scenario.horizonS;
    this.sampleIntervalS = scenario.sampleIntervalS;
    const root = new Random(seed >>> 0);
    this.kindSample = this.engine.register(() => this.onSample());
    this.scheduleNextSample();
    this.platforms = scenario.platforms.map(
      (id) => new PlatformModel(this.engine, scenario, getPlatformPreset(id), root),
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
    const model = this.platforms.find((p) => p.id === platform);
    if (model === undefined) throw new RangeError(`platform "${platform}" is not in this run`);
    return model.state();
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
