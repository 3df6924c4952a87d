import { Engine, type EventKind } from '../shared/sim/engine';

/**
 * The keep-alive serverless model of bench/simpy/serverless.py, on VirtLab's Engine.
 * It mirrors the Python file function by function: the same state, the same decisions in
 * the same order, and the same floating-point expressions (delays are scheduled relative
 * to now, as SimPy's timeouts are), so for the same variates both give the same counts and
 * the same latencies. The differences are the framework's: where SimPy runs a generator
 * process (a start event, a timeout, an end event), this schedules one event whose
 * payload names the instance.
 *
 * See serverless.py for the model's rules.
 */

const STARTING = 0;
const IDLE = 1;
const BUSY = 2;
const STOPPED = 3;

export interface ServerlessParams {
  horizonS: number;
  keepAliveS: number;
  /** Added to a warm request's latency (s); a cold request's figure is end to end. */
  warmOverheadS: number;
  /** CPU time on the platform per second of bare-metal demand. */
  slowdown: number;
  queueCapacity: number;
}

/** Random inputs shared with the Python side (see variates.ts). */
export interface ServerlessVariates {
  /** Gap before each arrival (s); the stream ends after the last one. */
  gaps: Float64Array;
  /** Bare-metal CPU demand of each request (s). */
  demands: Float64Array;
  /** Cold-start times (s), taken in turn by the instances started (cycled if exhausted). */
  coldStarts: Float64Array;
}

export interface ServerlessOutcome {
  arrivals: number;
  completed: number;
  rejected: number;
  coldStarts: number;
  instancesStarted: number;
  instancesExpired: number;
  peakInstances: number;
  meanLatencyMs: number | null;
}

class Instance {
  state = STARTING;
  idleSince = 0;
  expiryPending = false;
  // The request being served (SimPy keeps these in the serve() process's frame).
  jobArrival = 0;
  jobExtraLatencyS = 0;
  // Links in the idle list.
  newerIdle: Instance | null = null;
  olderIdle: Instance | null = null;

  constructor(
    readonly id: number,
    /** Index in ServerlessModel.instances; reused once this instance has stopped. */
    readonly slot: number,
  ) {}
}

/** Idle instances, most recently idle at the head (Python: an insertion-ordered dict). */
class IdleList {
  head: Instance | null = null;
  size = 0;

  push(instance: Instance): void {
    instance.newerIdle = null;
    instance.olderIdle = this.head;
    if (this.head !== null) this.head.newerIdle = instance;
    this.head = instance;
    this.size++;
  }

  popNewest(): Instance {
    const instance = this.head!;
    this.remove(instance);
    return instance;
  }

  remove(instance: Instance): void {
    if (instance.newerIdle !== null) instance.newerIdle.olderIdle = instance.olderIdle;
    else this.head = instance.olderIdle;
    if (instance.olderIdle !== null) instance.olderIdle.newerIdle = instance.newerIdle;
    instance.newerIdle = null;
    instance.olderIdle = null;
    this.size--;
  }
}

/** FIFO of (arrival time, demand) in a growable ring buffer (Python: a deque of tuples). */
class RequestQueue {
  private arrival = new Float64Array(1024);
  private demand = new Float64Array(1024);
  private head = 0;
  length = 0;

  push(arrival: number, demand: number): void {
    if (this.length === this.arrival.length) this.grow();
    const index = (this.head + this.length) & (this.arrival.length - 1);
    this.arrival[index] = arrival;
    this.demand[index] = demand;
    this.length++;
  }

  headArrival(): number {
    return this.arrival[this.head]!;
  }

  headDemand(): number {
    return this.demand[this.head]!;
  }

  shift(): void {
    this.head = (this.head + 1) & (this.arrival.length - 1);
    this.length--;
  }

  private grow(): void {
    const size = this.arrival.length;
    const arrival = new Float64Array(size * 2);
    const demand = new Float64Array(size * 2);
    for (let i = 0; i < this.length; i++) {
      arrival[i] = this.arrival[(this.head + i) & (size - 1)]!;
      demand[i] = this.demand[(this.head + i) & (size - 1)]!;
    }
    this.arrival = arrival;
    this.demand = demand;
    this.head = 0;
  }
}

export class ServerlessModel {
  private readonly keepAliveS: number;
  private readonly warmOverheadS: number;
  private readonly slowdown: number;
  private readonly queueCapacity: number;
  private readonly gaps: Float64Array;
  private readonly demands: Float64Array;
  private readonly coldStartTimes: Float64Array;
  private nextArrival = 0;
  private nextColdStart = 0;

  private readonly idle = new IdleList();
  private readonly queue = new RequestQueue();
  // Live instances by slot (the event payload). Python keeps them in generator frames;
  // an array with reused slots makes the same lookups without hashing, and stays as small
  // as the most instances alive at once.
  private readonly instances: Array<Instance | null> = [];
  private readonly freeSlots: number[] = [];
  private nextInstanceId = 0;
  private starting = 0;
  private ready = 0;

  private arrivals = 0;
  private completed = 0;
  private rejected = 0;
  private coldStartCount = 0;
  private instancesStarted = 0;
  private instancesExpired = 0;
  private peakInstances = 0;
  private latencySumS = 0;

  private readonly kindArrival: EventKind;
  private readonly kindReady: EventKind;
  private readonly kindCompletion: EventKind;
  private readonly kindExpiry: EventKind;

  constructor(
    private readonly engine: Engine,
    params: ServerlessParams,
    variates: ServerlessVariates,
  ) {
    this.keepAliveS = params.keepAliveS;
    this.warmOverheadS = params.warmOverheadS;
    this.slowdown = params.slowdown;
    this.queueCapacity = params.queueCapacity;
    this.gaps = variates.gaps;
    this.demands = variates.demands;
    this.coldStartTimes = variates.coldStarts;

    this.kindArrival = engine.register(() => this.onArrivalEvent());
    this.kindReady = engine.register((id) => this.onReady(id));
    this.kindCompletion = engine.register((id) => this.onCompletion(id));
    this.kindExpiry = engine.register((id) => this.onExpiry(id));

    // arrival_source()
    if (this.gaps.length > 0) engine.schedule(this.gaps[0]!, this.kindArrival);
  }

  // --- arrivals ---

  /** One turn of arrival_source()'s loop: handle arrival i, then wait for gap i + 1. */
  private onArrivalEvent(): void {
    const i = this.nextArrival++;
    this.onArrival(this.demands[i]!);
    if (i + 1 < this.gaps.length) this.engine.schedule(this.gaps[i + 1]!, this.kindArrival);
  }

  private onArrival(demand: number): void {
    const now = this.engine.now;
    this.arrivals++;
    if (this.idle.size > 0) {
      const instance = this.idle.popNewest();
      this.startJob(instance, now, demand, this.warmOverheadS);
    } else if (this.queue.length >= this.queueCapacity) {
      this.rejected++;
    } else {
      this.queue.push(now, demand);
      if (this.starting < this.queue.length) this.startInstance();
    }
  }

  // --- instances ---

  private startInstance(): void {
    const slot = this.freeSlots.length > 0 ? this.freeSlots.pop()! : this.instances.length;
    const instance = new Instance(this.nextInstanceId++, slot);
    this.instances[slot] = instance;
    this.starting++;
    this.instancesStarted++;
    const running = this.starting + this.ready;
    if (running > this.peakInstances) this.peakInstances = running;
    const delay = this.coldStartTimes[this.nextColdStart % this.coldStartTimes.length]!;
    this.nextColdStart++;
    this.engine.schedule(delay, this.kindReady, slot); // boot()
  }

  /** The rest of boot() after its timeout. */
  private onReady(slot: number): void {
    const instance = this.instances[slot]!;
    this.starting--;
    this.ready++;
    this.takeNextRequest(instance, true);
  }

  private takeNextRequest(instance: Instance, coldStart: boolean): void {
    if (this.queue.length === 0) {
      this.makeIdle(instance);
      return;
    }
    const arrival = this.queue.headArrival();
    const demand = this.queue.headDemand();
    this.queue.shift();
    if (coldStart) {
      this.coldStartCount++;
      this.startJob(instance, arrival, demand, 0);
    } else {
      this.startJob(instance, arrival, demand, this.warmOverheadS);
    }
  }

  private startJob(instance: Instance, arrival: number, demand: number, extraLatencyS: number): void {
    instance.state = BUSY;
    instance.jobArrival = arrival;
    instance.jobExtraLatencyS = extraLatencyS;
    this.engine.schedule(demand * this.slowdown, this.kindCompletion, instance.slot); // serve()
  }

  /** The rest of serve() after its timeout. */
  private onCompletion(slot: number): void {
    const instance = this.instances[slot]!;
    this.completed++;
    this.latencySumS += this.engine.now - instance.jobArrival + instance.jobExtraLatencyS;
    this.takeNextRequest(instance, false);
  }

  // --- keep-alive ---

  private makeIdle(instance: Instance): void {
    const now = this.engine.now;
    instance.state = IDLE;
    instance.idleSince = now;
    this.idle.push(instance);
    if (!instance.expiryPending) {
      instance.expiryPending = true;
      this.engine.schedule(this.keepAliveS, this.kindExpiry, instance.slot); // keep_alive()
    }
  }

  /** One turn of keep_alive()'s loop, after its timeout. */
  private onExpiry(slot: number): void {
    const instance = this.instances[slot]!;
    if (instance.state !== IDLE) {
      instance.expiryPending = false; // it re-arms when it next becomes idle
      return;
    }
    const now = this.engine.now;
    const due = instance.idleSince + this.keepAliveS;
    if (now < due) {
      this.engine.schedule(due - now, this.kindExpiry, slot); // used since: wait for the new deadline
      return;
    }
    instance.expiryPending = false;
    this.idle.remove(instance);
    instance.state = STOPPED;
    this.instances[slot] = null;
    this.freeSlots.push(slot);
    this.ready--;
    this.instancesExpired++;
  }

  outcome(): ServerlessOutcome {
    return {
      arrivals: this.arrivals,
      completed: this.completed,
      rejected: this.rejected,
      coldStarts: this.coldStartCount,
      instancesStarted: this.instancesStarted,
      instancesExpired: this.instancesExpired,
      peakInstances: this.peakInstances,
      meanLatencyMs: this.completed > 0 ? (this.latencySumS / this.completed) * 1000 : null,
    };
  }
}

/** Builds the model on a fresh engine and runs it to the horizon; only the run is timed. */
export function runServerlessModel(
  params: ServerlessParams,
  variates: ServerlessVariates,
  clock: () => number,
): { outcome: ServerlessOutcome; seconds: number; events: number } {
  const engine = new Engine();
  const model = new ServerlessModel(engine, params, variates);
  const start = clock();
  engine.run(params.horizonS);
  const seconds = (clock() - start) / 1000;
  return { outcome: model.outcome(), seconds, events: engine.eventsProcessed };
}
