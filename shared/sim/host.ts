/**
 * What runs on a host: requests (Job), instances of the service (Instance), and the host's
 * three resources.
 *
 * CPU: processor sharing with a per-host virtual clock H = service received per busy
 * instance (in reference-clock work-seconds). Every busy instance gets
 * min(1, free cores / busy instances) cores (1 vCPU each); an instance running n requests
 * at once splits its share equally among them, so each instance keeps its own local
 * virtual clock V_i = Vmark + (H - Hmark) / n. A request finishes when V_i reaches its tag;
 * the host's heap orders busy instances by the H at which their first request finishes
 * (key = Hmark + (min tag - Vmark) x n), so only one completion per host is scheduled and
 * it moves only when the host's rate or its first instance changes. O(log busy) per change.
 *
 * Disk and NIC: single FIFO servers with service times known on arrival, so each is just
 * the time it next becomes free (Lindley's recursion): done = max(now, freeAt) + service.
 */

export const STARTING = 0;
export const READY = 1;
export const STOPPED = 2;

/** One request, from arrival to completion. Pooled: slots are reused, so memory follows the requests in flight. */
export class Job {
  arrival = 0;
  /** Bare-metal CPU work at the reference clock (s). */
  demandS = 0;
  /** Wait on other services after the CPU phase (s), holding the instance only. */
  waitS = 0;
  waitDone = 0;
  fn = -1;
  ioOps = 0;
  pool = 0;
  /** Closed-loop client that sent it, -1 for open arrivals. */
  client = -1;
  instance: Instance | null = null;
  serviceStart = 0;
  /** Latency added without holding the instance (serverless warm start), ms. */
  extraMs = 0;
  cold = false;
  /** Serverless, when it had to wait: its pool's ready/starting instances and last stop at arrival (event log). */
  readyAtArrival = 0;
  startingAtArrival = 0;
  lastStopAtArrival = -1;
  /** Platform CPU work (reference-clock s) and the useful share of it. */
  work = 0;
  useful = 1;
  /** Finish tag on the instance's local virtual clock. */
  tag = 0;
  cpuDone = 0;
  ioDone = 0;
  /** Device seconds the I/O and network phases would take on bare metal, and take here (no queueing). */
  ioNativeS = 0;
  ioPlatformS = 0;
  netNativeS = 0;
  netPlatformS = 0;

  constructor(readonly slot: number) {}
}

export class Instance {
  gen = 0;
  /** Number within its platform (1, 2, ...), for the event log. */
  serial = 0;
  state = STARTING;
  pool = 0;
  host = -1;
  appMiB = 0;
  overheadMiB = 0;
  cpuRequest = 0;
  startRequestedAt = 0;
  idleSince = 0;
  keepUntil = Infinity;
  /** Absolute keep-until set by a pre-warm (hybrid policy); -1 when none. */
  keepUntilOverride = -1;
  /** Earliest pending keep-alive check (Infinity when none). */
  expiryAt = Infinity;
  /** Requests assigned (in any phase). */
  active = 0;
  /** Requests in the CPU phase, the sum of their useful shares, and the local virtual clock marks. */
  nCpu = 0;
  usefulSum = 0;
  hMark = 0;
  vMark = 0;
  /** CPU-phase requests, a binary heap by tag (ties by slot). */
  readonly cpuJobs: Job[] = [];
  /** Position in the host's busy heap, -1 when not in it; key = host virtual time of the next finish. */
  heapPos = -1;
  hostKey = 0;
  /** Bare-metal CPU-seconds of work done so far (JIT warm-up). */
  warmWork = 0;
  // Pool list of instances that can take a request (MRU first).
  inAvailable = false;
  availPrev: Instance | null = null;
  availNext: Instance | null = null;
  // Platform list of idle instances (oldest idle first).
  inIdle = false;
  idlePrev: Instance | null = null;
  idleNext: Instance | null = null;

  constructor(readonly slot: number) {}

  /** Event payload naming this incarnation of the slot. */
  get key(): number {
    return this.slot + this.gen * SLOT_SPACE;
  }
}

/** Instance slots per generation in event payloads (payload = slot + generation x SLOT_SPACE). */
export const SLOT_SPACE = 2 ** 24;

const jobBefore = (a: Job, b: Job): boolean => a.tag < b.tag || (a.tag === b.tag && a.slot < b.slot);

function jobHeapPush(heap: Job[], job: Job): void {
  let i = heap.length;
  heap.push(job);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const p = heap[parent]!;
    if (!jobBefore(job, p)) break;
    heap[i] = p;
    i = parent;
  }
  heap[i] = job;
}

function jobHeapPop(heap: Job[]): Job {
  const top = heap[0]!;
  const last = heap.pop()!;
  const size = heap.length;
  if (size === 0) return top;
  let i = 0;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= size) break;
    if (child + 1 < size && jobBefore(heap[child + 1]!, heap[child]!)) child++;
    if (!jobBefore(heap[child]!, last)) break;
    heap[i] = heap[child]!;
    i = child;
  }
  heap[i] = last;
  return top;
}

export class Host {
  // Capacity for packing.
  memoryUsedMiB = 0;
  cpuReserved = 0;
  instances = 0;
  // Processor sharing.
  virtualTime = 0;
  virtualAt = 0;
  /** Work-seconds per second each busy instance receives. */
  rate = 1;
  /** Cores each busy instance receives. */
  coresPerBusy = 1;
  /** CPU slowdown from memory overcommit (1 without). */
  penalty = 1;
  /** Sum over busy instances of the mean useful share of their CPU-phase requests. */
  usefulWeight = 0;
  readonly busy: Instance[] = [];
  completionHandle = -1;
  completionFor: Instance | null = null;
  completionKey = 0;
  completionRate = 0;
  // Contributions last added to the platform totals.
  workCores = 0;
  usefulCores = 0;
  backgroundCores = 0;
  // Disk and NIC.
  diskFreeAt = 0;
  nicFreeAt = 0;

  constructor(readonly index: number) {}

  /** Brings the virtual clock to `now` at the rate that held since the last change. */
  advance(now: number): void {
    this.virtualTime += this.rate * (now - this.virtualAt);
    this.virtualAt = now;
  }

  /** Adds a request to an instance's CPU phase (call advance(now) first). */
  addCpuJob(instance: Instance, job: Job): void {
    const h = this.virtualTime;
    if (instance.nCpu > 0) {
      instance.vMark += (h - instance.hMark) / instance.nCpu;
      this.usefulWeight -= instance.usefulSum / instance.nCpu;
    } else {
      instance.vMark = 0;
    }
    instance.hMark = h;
    job.tag = instance.vMark + job.work;
    jobHeapPush(instance.cpuJobs, job);
    instance.nCpu++;
    instance.usefulSum += job.useful;
    this.usefulWeight += instance.usefulSum / instance.nCpu;
    this.rekey(instance);
  }

  /** Removes the first-finishing request of `instance` from its CPU phase (call advance(now) first). */
  popCpuJob(instance: Instance): Job {
    const h = this.virtualTime;
    instance.vMark += (h - instance.hMark) / instance.nCpu;
    instance.hMark = h;
    this.usefulWeight -= instance.usefulSum / instance.nCpu;
    const job = jobHeapPop(instance.cpuJobs);
    instance.nCpu--;
    if (instance.nCpu === 0) {
      instance.usefulSum = 0;
      this.heapRemove(instance);
      if (this.busy.length === 0) this.usefulWeight = 0; // no drift left behind
    } else {
      instance.usefulSum -= job.useful;
      this.usefulWeight += instance.usefulSum / instance.nCpu;
      this.rekey(instance);
    }
    return job;
  }

  peekBusy(): Instance | undefined {
    return this.busy[0];
  }

  private rekey(instance: Instance): void {
    instance.hostKey = instance.hMark + (instance.cpuJobs[0]!.tag - instance.vMark) * instance.nCpu;
    if (instance.heapPos < 0) {
      instance.heapPos = this.busy.length;
      this.busy.push(instance);
      this.siftUp(instance.heapPos);
    } else {
      this.siftUp(instance.heapPos);
      this.siftDown(instance.heapPos);
    }
  }

  private heapRemove(instance: Instance): void {
    const pos = instance.heapPos;
    const last = this.busy.pop()!;
    instance.heapPos = -1;
    if (last === instance) return;
    this.busy[pos] = last;
    last.heapPos = pos;
    this.siftUp(pos);
    this.siftDown(last.heapPos);
  }

  private static before(a: Instance, b: Instance): boolean {
    return a.hostKey < b.hostKey || (a.hostKey === b.hostKey && a.slot < b.slot);
  }

  private siftUp(pos: number): void {
    const heap = this.busy;
    const item = heap[pos]!;
    while (pos > 0) {
      const parentPos = (pos - 1) >> 1;
      const parent = heap[parentPos]!;
      if (!Host.before(item, parent)) break;
      heap[pos] = parent;
      parent.heapPos = pos;
      pos = parentPos;
    }
    heap[pos] = item;
    item.heapPos = pos;
  }

  private siftDown(pos: number): void {
    const heap = this.busy;
    const size = heap.length;
    const item = heap[pos]!;
    for (;;) {
      let child = 2 * pos + 1;
      if (child >= size) break;
      if (child + 1 < size && Host.before(heap[child + 1]!, heap[child]!)) child++;
      const c = heap[child]!;
      if (!Host.before(c, item)) break;
      heap[pos] = c;
      c.heapPos = pos;
      pos = child;
    }
    heap[pos] = item;
    item.heapPos = pos;
  }
}
