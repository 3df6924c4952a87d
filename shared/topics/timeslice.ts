/**
 * The illusion of parallelism: N tasks share C cores, time-sliced by a scheduler.
 *
 * Each task arrives at a given time and needs a CPU burst; an I/O-bound task runs for x ms,
 * blocks for y ms, and repeats until its burst is done. A scheduler decides which waiting
 * task a free core runs next and for how long:
 *   - FCFS: first come, first served; a task keeps its core until it blocks or finishes.
 *   - RR: round robin with quantum q; an expired task goes to the back of the queue.
 *   - CFS (Linux up to 6.5): the task with the smallest virtual runtime runs next; virtual
 *     runtime grows by real runtime x 1024 / weight (nice -> weight by the kernel's table);
 *     it runs for period x weight / total weight, period = max(target latency, n x minimum
 *     granularity), never less than the minimum granularity (BASE_SLICE).
 *   - EEVDF (Linux 6.6+): every task asks for a base slice; among eligible tasks (virtual
 *     runtime at or below the weighted average) the one with the earliest virtual deadline
 *     (virtual runtime + slice x 1024 / weight) runs, until its slice is used up.
 * Every switch from one task to another (and from idle to a task) costs the core s us of
 * CPU during which no task progresses: that is the price of the illusion.
 *
 * Simplifications (a student can check each against kernel/sched/fair.c):
 *   - One global run queue shared by all cores, i.e. perfect load balancing and no cache
 *     affinity (Linux keeps one queue per core and balances them periodically). For CFS a
 *     core sees 1/C of the runnable tasks and weight when its slice is computed.
 *   - Slices end exactly on time (as with HRTICK) unless a scheduler tick is set; with a
 *     tick, CFS and EEVDF notice an expired slice only at the next tick.
 *   - CFS: new tasks start at min_vruntime (no START_DEBIT); sleepers wake at no less than
 *     min_vruntime - latency / 2 (GENTLE_FAIR_SLEEPERS) and preempt the running task when
 *     it is ahead by more than the wakeup granularity; the tick-time "ahead of the leftmost
 *     by more than a slice" check is left out.
 *   - EEVDF: new tasks get half a slice first (PLACE_DEADLINE_INITIAL), a sleeper keeps its
 *     clamped lag (PLACE_LAG), a running task keeps its core until its slice is used up
 *     (RUN_TO_PARITY) unless it has become ineligible and a waking task is the better pick.
 *   - No cache or TLB refill cost after a switch: only the direct cost s is charged.
 *
 * Time runs in integer nanoseconds inside the model, so closed forms hold exactly; frames
 * and events are in simulated seconds. The run ends when the last task completes; its time
 * (the horizon) is found by a first, silent run of the same deterministic model.
 */
import { z } from 'zod';
import { numberField as num, wholeNumberField as int } from '../schema-fields';
import { Engine, type EventHandle, type EventKind } from '../sim/engine';
import { Random } from '../sim/random';
import type { CalibratedValue } from '../sim/calibration';
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

// --- constants ----------------------------------------------------------------------------

const FAIR_C_CFS = 'Linux kernel/sched/fair.c (v6.5, CFS)';
const FAIR_C_EEVDF = 'Linux kernel/sched/fair.c (v6.6, EEVDF)';
const CORE_C = 'Linux kernel/sched/core.c, sched_prio_to_weight[]';
const LMBENCH =
  'McVoy and Staelin, "lmbench: Portable Tools for Performance Analysis", USENIX ATC 1996 (lat_ctx)';

export const TIMESLICE_CONSTANTS = {
  'cfs.targetLatency': {
    value: 6,
    unit: 'ms',
    source: `${FAIR_C_CFS}, sysctl_sched_latency`,
    note: 'Normalized value; the kernel multiplies it by 1 + ilog2(min(ncpus, 8)) at boot (6-24 ms).',
  },
  'cfs.minGranularity': {
    value: 0.75,
    unit: 'ms',
    source: `${FAIR_C_CFS}, sysctl_sched_min_granularity`,
    note: 'Same scaling; above sched_nr_latency = 8 runnable tasks the period is n x this, and BASE_SLICE keeps every slice at least this long.',
  },
  'cfs.nrLatency': {
    value: 8,
    unit: 'tasks',
    source: `${FAIR_C_CFS}, sched_nr_latency = latency / min_granularity`,
  },
  'cfs.wakeupGranularity': {
    value: 1,
    unit: 'ms',
    source: `${FAIR_C_CFS}, sysctl_sched_wakeup_granularity`,
    note: 'Same scaling; a waking task preempts only if the running one is ahead by more than this (in the waker’s virtual time).',
  },
  'eevdf.baseSlice': {
    value: 0.75,
    unit: 'ms',
    source: `${FAIR_C_EEVDF}, sysctl_sched_base_slice`,
    note: 'Scaled by the same 1 + ilog2(min(ncpus, 8)) factor (SET_SYSCTL(sched_base_slice)); 0.70 ms from v6.15.',
  },
  'sched.niceZeroWeight': {
    value: 1024,
    unit: 'weight',
    source: `${CORE_C} (NICE_0_LOAD)`,
    note: 'Each nice step changes the weight by about 1.25x, i.e. about 10% CPU between two competing tasks.',
  },
  'sched.tickHz': {
    value: 250,
    unit: 'Hz',
    source: 'Linux kernel/Kconfig.hz (default HZ_250)',
    note: 'Only bounds the lag an EEVDF sleeper keeps: max(2 x slice, one tick); the scenario sets whether slices end on ticks.',
  },
  'contextSwitch.cost': {
    value: 3.5,
    unit: 'us',
    source: `${LMBENCH}; project calibration notes`,
    note: 'Direct cost measured by passing a token between processes through pipes; about 1-5 us depending on CPU and working set (cache refill not included).',
  },
} satisfies Record<string, CalibratedValue>;

/** Linux's nice -> weight table, index nice + 20 (kernel/sched/core.c). */
export const NICE_TO_WEIGHT: readonly number[] = [
  88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916, 9548, 7620, 6100, 4904, 3906, 3121,
  2501, 1991, 1586, 1277, 1024, 820, 655, 526, 423, 335, 272, 215, 172, 137, 110, 87, 70, 56, 45, 36, 29, 23,
  18, 15,
];
const NICE_0_LOAD = TIMESLICE_CONSTANTS['sched.niceZeroWeight'].value;

export function niceWeight(nice: number): number {
  const w = NICE_TO_WEIGHT[Math.round(nice) + 20];
  if (w === undefined) throw new RangeError(`nice must be in [-20, 19], got ${nice}`);
  return w;
}

const NS_PER_MS = 1_000_000;
const msToNs = (ms: number): number => Math.round(ms * NS_PER_MS);

/** The kernel's tunables as they are on a machine with `cores` online CPUs. */
export interface SchedulerTunables {
  /** 1 + ilog2(min(cores, 8)). */
  factor: number;
  latencyNs: number;
  minGranularityNs: number;
  wakeupGranularityNs: number;
  nrLatency: number;
  baseSliceNs: number;
}

export function schedulerTunables(cores: number): SchedulerTunables {
  const factor = 1 + Math.floor(Math.log2(Math.min(Math.max(1, Math.floor(cores)), 8)));
  const c = TIMESLICE_CONSTANTS;
  return {
    factor,
    latencyNs: factor * msToNs(c['cfs.targetLatency'].value),
    minGranularityNs: factor * msToNs(c['cfs.minGranularity'].value),
    wakeupGranularityNs: factor * msToNs(c['cfs.wakeupGranularity'].value),
    nrLatency: c['cfs.nrLatency'].value,
    baseSliceNs: factor * msToNs(c['eevdf.baseSlice'].value),
  };
}

/** CFS's __sched_period(): the time in which each of `nrRunning` tasks should run once. */
export function cfsPeriodNs(nrRunning: number, t: SchedulerTunables): number {
  return nrRunning > t.nrLatency ? nrRunning * t.minGranularityNs : t.latencyNs;
}

// --- scenario -----------------------------------------------------------------------------

export const TIMESLICE_POLICIES = ['fcfs', 'rr', 'cfs', 'eevdf'] as const;
export type TimeslicePolicy = (typeof TIMESLICE_POLICIES)[number];

export const MAX_TASKS = 256;
export const MAX_TASK_GROUPS = 32;
export const MAX_CORES = 64;
/** Bound on scheduling decisions per run (FCFS and RR: about 0.5 s of model work). */
export const MAX_DECISIONS = 2_000_000;
/** CFS and EEVDF scan the run queue at each decision: bound decisions x tasks (about 0.5 s). */
export const MAX_SCAN_STEPS = 60_000_000;
/** Frames per run: the sample interval widens if the run is longer. */
export const MAX_FRAMES = 10_000;
/** Gantt events (slices, switches, I/O waits, arrivals) per run; later ones are counted, not kept. */
export const MAX_EVENTS = MAX_TOPIC_ITEMS - 5 * MAX_FRAMES;
const LONGEST_MS = 600_000;

export const TaskGroupSchema = z
  .strictObject({
    /** Task names are this, or this plus 1..count when the group has several tasks. */
    name: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,15}$/, {
      message: 'task name must start with a letter and hold at most 16 letters, digits, - or _',
    }),
    count: int('task count', 1, MAX_TASKS),
    arrivalMs: num('first arrival (ms)', 0, LONGEST_MS),
    /** Gap between the group's arrivals: fixed ('regular') or the mean of exponential gaps ('poisson'). */
    interArrivalMs: num('time between arrivals (ms)', 0, LONGEST_MS),
    arrivalProcess: z.enum(['regular', 'poisson'], {
      error: 'arrivalProcess must be "regular" or "poisson"',
    }),
    /** Total CPU time the task needs. */
    burstMs: num('CPU burst (ms)', 0.001, LONGEST_MS),
    /** Each task's burst is burstMs x (1 + jitter x U(-1, 1)). */
    burstJitter: num('burst jitter', 0, 0.9),
    /** CPU time between two I/O waits; 0 = CPU-bound. */
    ioRunMs: num('CPU run between I/O waits (ms)', 0, LONGEST_MS),
    /** Length of each I/O wait (ignored when ioRunMs is 0). */
    ioBlockMs: num('I/O wait (ms)', 0, LONGEST_MS),
    /** Linux nice value (CFS and EEVDF weight); FCFS and RR ignore it. */
    nice: int('nice', -20, 19),
  })
  .refine((g) => g.ioRunMs === 0 || g.ioRunMs >= 0.001, {
    message: 'CPU run between I/O waits (ms) must be 0 (no I/O) or at least 0.001',
    path: ['ioRunMs'],
  });
export type TaskGroup = z.infer<typeof TaskGroupSchema>;

const TimesliceScenarioShape = z.strictObject({
  schemaVersion: z.literal(1, { error: 'schemaVersion must be 1' }),
  kind: z.literal('timeslice', { error: 'kind must be "timeslice"' }),
  name: z.string().max(120, { message: 'name must be at most 120 characters' }),
  cores: int('cores', 1, MAX_CORES),
  policy: z.enum(TIMESLICE_POLICIES, {
    error: `policy must be one of ${TIMESLICE_POLICIES.join(', ')}`,
  }),
  /** Round-robin quantum (other policies ignore it). */
  quantumMs: num('round-robin quantum (ms)', 0.001, 10_000),
  /** CPU time lost on every context switch. */
  contextSwitchUs: num('context switch cost (us)', 0, 1_000),
  /** 0 = slices end exactly (HRTICK); otherwise CFS and EEVDF preempt only on a tick of this rate. */
  tickHz: int('scheduler tick (Hz)', 0, 1_000).refine((v) => v === 0 || v >= 100, {
    message: 'scheduler tick (Hz) must be 0 (exact slice ends) or between 100 and 1000',
  }),
  sampleIntervalMs: num('sample interval (ms)', 0.01, 60_000),
  tasks: z
    .array(TaskGroupSchema)
    .min(1, { message: 'tasks must hold at least one task group' })
    .max(MAX_TASK_GROUPS, { message: `tasks must hold at most ${MAX_TASK_GROUPS} task groups` }),
});

export const TimesliceScenarioSchema = TimesliceScenarioShape.superRefine(
  (s, ctx) => {
    const total = s.tasks.reduce((sum, g) => sum + g.count, 0);
    if (total > MAX_TASKS) {
      ctx.addIssue({
        code: 'custom',
        message: `the task groups hold ${total} tasks, at most ${MAX_TASKS}`,
        path: ['tasks'],
      });
      return;
    }
    const names = new Set<string>();
    s.tasks.forEach((g, gi) => {
      for (let k = 0; k < g.count; k++) {
        const name = taskName(g, k);
        if (names.has(name)) {
          ctx.addIssue({
            code: 'custom',
            message: `task name ${name} is used twice; rename one of the groups`,
            path: ['tasks', gi, 'name'],
          });
          return;
        }
        names.add(name);
      }
    });
    const decisions = estimateDecisions(s);
    const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
    if (decisions > MAX_DECISIONS) {
      ctx.addIssue({
        code: 'custom',
        message: `about ${fmt(decisions)} scheduling decisions, at most ${fmt(MAX_DECISIONS)}: use a longer quantum, shorter bursts or fewer tasks`,
        path: [s.policy === 'rr' ? 'quantumMs' : 'tasks'],
      });
    } else if ((s.policy === 'cfs' || s.policy === 'eevdf') && decisions * total > MAX_SCAN_STEPS) {
      ctx.addIssue({
        code: 'custom',
        message: `about ${fmt(decisions)} scheduling decisions over ${total} tasks, at most ${fmt(MAX_SCAN_STEPS)} decisions x tasks: use shorter bursts, longer CPU runs between I/O waits or fewer tasks`,
        path: ['tasks'],
      });
    }
    // Cross-field checks only once every field is in range (they would divide by a zero quantum).
  },
  { when: (payload) => payload.issues.length === 0 },
);
export type TimesliceScenario = z.infer<typeof TimesliceScenarioShape>;

export function parseTimesliceScenario(input: unknown): ParseResult<TimesliceScenario> {
  return parseWith(TimesliceScenarioSchema, input);
}

/** Upper estimate of slices a run takes, to refuse runs that would stall the worker. */
export function estimateDecisions(s: TimesliceScenario): number {
  const t = schedulerTunables(s.cores);
  const tickNs = s.tickHz > 0 ? 1e9 / s.tickHz : 0;
  let shortest: number;
  switch (s.policy) {
    case 'fcfs':
      shortest = Infinity;
      break;
    case 'rr':
      shortest = msToNs(s.quantumMs);
      break;
    case 'cfs':
      shortest = Math.max(t.minGranularityNs, tickNs);
      break;
    case 'eevdf':
      shortest = Math.max(t.baseSliceNs / 2, tickNs);
      break;
  }
  let total = 0;
  for (const g of s.tasks) {
    const burst = msToNs(g.burstMs * (1 + g.burstJitter));
    const io = msToNs(g.ioRunMs);
    const cycles = io > 0 ? Math.ceil(burst / io) : 1;
    const perCycle = io > 0 ? Math.min(io, burst) : burst;
    // +2 per cycle: the dispatch after a wake and a possible wakeup preemption.
    total += g.count * cycles * ((Number.isFinite(shortest) ? Math.ceil(perCycle / shortest) : 1) + 2);
  }
  return total;
}

function taskName(g: TaskGroup, k: number): string {
  return g.count === 1 ? g.name : `${g.name}${k + 1}`;
}

function group(
  name: string,
  count: number,
  burstMs: number,
  rest: Partial<Omit<TaskGroup, 'name' | 'count' | 'burstMs'>> = {},
): TaskGroup {
  return {
    name,
    count,
    arrivalMs: 0,
    interArrivalMs: 0,
    arrivalProcess: 'regular',
    burstMs,
    burstJitter: 0,
    ioRunMs: 0,
    ioBlockMs: 0,
    nice: 0,
    ...rest,
  };
}

function makeScenario(
  name: string,
  tasks: TaskGroup[],
  rest: Partial<Omit<TimesliceScenario, 'name' | 'tasks'>> = {},
): TimesliceScenario {
  return {
    schemaVersion: 1,
    kind: 'timeslice',
    name,
    cores: 1,
    policy: 'rr',
    quantumMs: 10,
    contextSwitchUs: TIMESLICE_CONSTANTS['contextSwitch.cost'].value,
    tickHz: 0,
    sampleIntervalMs: 5,
    ...rest,
    tasks,
  };
}

/** Ten CPU-bound tasks of 50 ms on one core, round robin with a 10 ms quantum. */
export function defaultTimesliceScenario(): TimesliceScenario {
  return makeScenario('Round robin, 10 tasks of 50 ms', [group('T', 10, 50)]);
}

export const TIMESLICE_PRESETS: Array<{
  id: string;
  name: string;
  description: string;
  scenario: TimesliceScenario;
}> = [
  {
    id: 'rr-q10-5-tasks',
    name: 'RR q=10ms, 5 tasks',
    description:
      'Five 50 ms tasks on one core, 10 ms quantum: each task gets the CPU every 50 ms, so all seem to run at once, yet they finish between 210 and 250 ms instead of at 50 ms.',
    scenario: makeScenario('RR q=10ms, 5 tasks', [group('T', 5, 50)]),
  },
  {
    id: 'tiny-quantum',
    name: 'Tiny quantum: overhead dominates',
    description:
      'The same five tasks with a 10 us quantum: every slice pays a 3.5 us switch, so about a quarter of the CPU goes to switching (s / (q + s)) and everything finishes 35% later.',
    scenario: makeScenario('Tiny quantum: overhead dominates', [group('T', 5, 50)], { quantumMs: 0.01 }),
  },
  {
    id: 'cfs-nice',
    name: 'CFS with nice values',
    description:
      'Three CPU-bound tasks at nice -5, 0 and 5 under CFS: while all three run they share the core 3121 : 1024 : 335 (70%, 23%, 7.5%).',
    scenario: makeScenario(
      'CFS with nice values',
      [group('high', 1, 300, { nice: -5 }), group('normal', 1, 300), group('low', 1, 300, { nice: 5 })],
      { policy: 'cfs' },
    ),
  },
  {
    id: 'eevdf-vs-cfs',
    name: 'EEVDF vs CFS',
    description:
      'Three CPU hogs and three interactive tasks (1 ms of work, then 10 ms of I/O) under EEVDF. Switch the policy to CFS: its sleeper credit gives a lower mean wake-up wait, EEVDF a lower worst case.',
    scenario: makeScenario(
      'EEVDF vs CFS',
      [group('hog', 3, 200), group('ui', 3, 20, { ioRunMs: 1, ioBlockMs: 10, arrivalMs: 1 })],
      { policy: 'eevdf' },
    ),
  },
  {
    id: 'four-cores-16-tasks',
    name: '4 cores, 16 tasks',
    description:
      'Sixteen 50 ms tasks arriving every 2 ms on four cores under CFS: real parallelism for four of them, time slicing for the rest.',
    scenario: makeScenario('4 cores, 16 tasks', [group('T', 16, 50, { interArrivalMs: 2 })], {
      cores: 4,
      policy: 'cfs',
    }),
  },
];

// --- workload -----------------------------------------------------------------------------

/** One concrete task, as the scenario and the seed make it. */
export interface TimesliceTask {
  name: string;
  group: string;
  arrivalNs: number;
  burstNs: number;
  /** 0 = CPU-bound. */
  ioRunNs: number;
  ioBlockNs: number;
  nice: number;
  weight: number;
}

/** The scenario's tasks, sorted by arrival (ties in group and index order). */
export function expandTasks(s: TimesliceScenario, seed: number): TimesliceTask[] {
  const root = new Random(seed);
  const tasks: TimesliceTask[] = [];
  for (const g of s.tasks) {
    // One stream per group name: adding a group does not change the others' draws.
    const rng = root.fork(`timeslice:${g.name}`);
    let arrival = g.arrivalMs;
    for (let k = 0; k < g.count; k++) {
      if (k > 0) {
        arrival += g.arrivalProcess === 'poisson' ? rng.exponential(g.interArrivalMs) : g.interArrivalMs;
      }
      const jitter = g.burstJitter > 0 ? g.burstJitter * rng.uniform(-1, 1) : 0;
      const io = msToNs(g.ioRunMs);
      tasks.push({
        name: taskName(g, k),
        group: g.name,
        arrivalNs: msToNs(arrival),
        burstNs: Math.max(1_000, msToNs(g.burstMs * (1 + jitter))),
        ioRunNs: io,
        ioBlockNs: io > 0 ? msToNs(g.ioBlockMs) : 0,
        nice: g.nice,
        weight: niceWeight(g.nice),
      });
    }
  }
  // Stable sort keeps group order among equal arrivals.
  return tasks.sort((a, b) => a.arrivalNs - b.arrivalNs);
}

// --- the scheduler ------------------------------------------------------------------------

const TaskState = { New: 0, Ready: 1, OnCore: 2, Blocked: 3, Done: 4 } as const;
type TaskState = (typeof TaskState)[keyof typeof TaskState];

/**
 * Idle; Busy = switching to, then running, `task`; Pending = a slice just ended and the
 * core picks again within this instant.
 */
const CoreMode = { Idle: 0, Busy: 1, Pending: 2 } as const;
type CoreMode = (typeof CoreMode)[keyof typeof CoreMode];

interface Task {
  spec: TimesliceTask;
  /** spec.weight, kept here for the hot loops. */
  weight: number;
  state: TaskState;
  remainingNs: number;
  /** CPU time left before the next I/O wait (Infinity for CPU-bound tasks). */
  untilIoNs: number;
  cpuNs: number;
  firstRunNs: number;
  completionNs: number;
  switches: number;
  blocks: number;
  ioSinceNs: number;
  /** Arrival or wake-up time while waiting for its first run after it (-1 otherwise). */
  readySinceNs: number;
  wakeLatencySumNs: number;
  wakeLatencyCount: number;
  wakeLatencyMaxNs: number;
  /** Virtual runtime (ns of nice-0 CPU time), CFS and EEVDF. */
  v: number;
  /** EEVDF virtual deadline, the real time left of the current request, and the saved lag. */
  deadline: number;
  sliceLeftNs: number;
  vlag: number;
  /** Enqueue order, the tie-break everywhere. */
  seq: number;
  core: number;
  windowStartCpuNs: number;
  windowEndCpuNs: number;
}

interface Core {
  mode: CoreMode;
  task: number;
  /** Current dispatch: switch from startNs to runStartNs, run until runEndNs. */
  startNs: number;
  runStartNs: number;
  runEndNs: number;
  handle: EventHandle;
  /** Task whose slice just ended here (Pending only): picking it again costs no switch. */
  prev: number;
  /** Task that ran here last (-1 after idling), for the switch events' `from`. */
  last: number;
  pendingReason: 'expired' | 'preempted';
  usefulNs: number;
  switchNs: number;
  /** Open Gantt segment: a task running here without a switch since segStartNs. */
  segTask: number;
  segStartNs: number;
}

/** Seconds from integer nanoseconds; a division, so 3500 ns prints as 0.0000035 s. */
const sec = (ns: number): number => ns / 1e9;

class Scheduler {
  readonly engine = new Engine();
  readonly tasks: Task[];
  readonly cores: Core[];
  readonly policy: TimeslicePolicy;
  readonly tunables: SchedulerTunables;
  readonly quantumNs: number;
  readonly switchCostNs: number;
  readonly tickNs: number;
  readonly cpuBound: number[];

  /** Waiting tasks; FCFS and RR treat it as a FIFO, CFS and EEVDF scan it. */
  private readonly ready: number[] = [];
  /** Tasks that arrived or woke in this instant: candidates for wakeup preemption. */
  private readonly fresh: number[] = [];
  private dispatchPending = false;
  private nextSeq = 0;
  private minV = 0;
  /**
   * Bumped whenever a task joins or leaves the runnable set; with the clock it keys the
   * cached average (moving a task between queue and core changes neither).
   */
  private membership = 0;
  private readonly averageCache = { at: -1, version: -1, v: 0, weight: 0 };

  // Ledgers read by frames and the summary.
  switches = 0;
  completed = 0;
  blockedNow = 0;
  lastCompletionNs = 0;
  private queueArea = 0;
  private queueSince = 0;

  // The contention window: from the last CPU-bound arrival to the first CPU-bound completion.
  windowStartNs = -1;
  windowEndNs = -1;
  windowValid = false;

  readonly events: TopicEvent[] = [];
  eventsKept = 0;
  eventsDropped = 0;

  private readonly kArrive: EventKind;
  private readonly kWake: EventKind;
  private readonly kRunEnd: EventKind;
  private readonly kDispatch: EventKind;

  constructor(
    scenario: TimesliceScenario,
    specs: TimesliceTask[],
    private readonly record: boolean,
  ) {
    this.policy = scenario.policy;
    this.tunables = schedulerTunables(scenario.cores);
    this.quantumNs = msToNs(scenario.quantumMs);
    this.switchCostNs = Math.round(scenario.contextSwitchUs * 1000);
    this.tickNs = scenario.tickHz > 0 ? Math.round(1e9 / scenario.tickHz) : 0;
    this.tasks = specs.map((spec) => ({
      spec,
      weight: spec.weight,
      state: TaskState.New,
      remainingNs: spec.burstNs,
      untilIoNs: spec.ioRunNs > 0 ? spec.ioRunNs : Infinity,
      cpuNs: 0,
      firstRunNs: -1,
      completionNs: -1,
      switches: 0,
      blocks: 0,
      ioSinceNs: 0,
      readySinceNs: -1,
      wakeLatencySumNs: 0,
      wakeLatencyCount: 0,
      wakeLatencyMaxNs: 0,
      v: 0,
      deadline: 0,
      sliceLeftNs: 0,
      vlag: 0,
      seq: 0,
      core: -1,
      windowStartCpuNs: 0,
      windowEndCpuNs: 0,
    }));
    this.cores = Array.from({ length: scenario.cores }, () => ({
      mode: CoreMode.Idle,
      task: -1,
      startNs: 0,
      runStartNs: 0,
      runEndNs: 0,
      handle: -1,
      prev: -1,
      last: -1,
      pendingReason: 'expired' as const,
      usefulNs: 0,
      switchNs: 0,
      segTask: -1,
      segStartNs: 0,
    }));
    this.cpuBound = [];
    this.tasks.forEach((t, i) => {
      if (t.spec.ioRunNs === 0) this.cpuBound.push(i);
    });

    this.kArrive = this.engine.register((i) => this.arrive(i));
    this.kWake = this.engine.register((i) => this.wake(i));
    this.kRunEnd = this.engine.register((c) => this.runEnd(c));
    this.kDispatch = this.engine.register(() => this.dispatch());
    // Arrivals first, in order: same-time arrivals join the queue before anything else happens then.
    this.tasks.forEach((t, i) => this.engine.scheduleAt(t.spec.arrivalNs, this.kArrive, i));
    if (this.cpuBound.length >= 2) {
      this.windowStartNs = Math.max(...this.cpuBound.map((i) => this.tasks[i]!.spec.arrivalNs));
      this.engine.scheduleAt(this.windowStartNs, () => this.openWindow());
    }
  }

  get nowNs(): number {
    return this.engine.now;
  }

  /** Runs silently to the end; returns the time the last task completed. */
  runToEnd(): number {
    this.engine.run(Infinity);
    return this.lastCompletionNs;
  }

  // --- cumulative ledgers at time t (t >= the last processed event) ---

  usefulAt(t: number): number {
    let sum = 0;
    for (const c of this.cores) {
      sum += c.usefulNs;
      if (c.mode === CoreMode.Busy) sum += Math.max(0, t - c.runStartNs);
    }
    return sum;
  }

  switchingAt(t: number): number {
    let sum = 0;
    for (const c of this.cores) {
      sum += c.switchNs;
      if (c.mode === CoreMode.Busy) sum += Math.min(t, c.runStartNs) - c.startNs;
    }
    return sum;
  }

  queueAreaAt(t: number): number {
    return this.queueArea + this.ready.length * (t - this.queueSince);
  }

  cpuAt(i: number, t: number): number {
    const task = this.tasks[i]!;
    const core = task.core >= 0 ? this.cores[task.core] : undefined;
    return task.cpuNs + (core && core.mode === CoreMode.Busy ? Math.max(0, t - core.runStartNs) : 0);
  }

  // --- event handlers ---

  private arrive(i: number): void {
    const task = this.tasks[i]!;
    const now = this.engine.now;
    if (this.policy === 'cfs') {
      this.updateMinV();
      task.v = this.minV;
    } else if (this.policy === 'eevdf') {
      const { v } = this.average(-1);
      // PLACE_DEADLINE_INITIAL: a new task's first request is half a slice.
      task.v = v;
      task.sliceLeftNs = Math.round(this.tunables.baseSliceNs / 2);
      task.deadline = v + this.vslice(task) / 2;
    }
    task.readySinceNs = now;
    this.emit({ type: 'arrival', start: sec(now), subject: task.spec.name });
    this.makeReady(i);
  }

  private wake(i: number): void {
    const task = this.tasks[i]!;
    const now = this.engine.now;
    this.blockedNow--;
    this.emit({ type: 'io', start: sec(task.ioSinceNs), end: sec(now), subject: task.spec.name });
    task.untilIoNs = task.spec.ioRunNs;
    if (this.policy === 'cfs') {
      // GENTLE_FAIR_SLEEPERS: a sleeper gets at most half a target latency of credit.
      this.updateMinV();
      task.v = Math.max(task.v, this.minV - this.tunables.latencyNs / 2);
    } else if (this.policy === 'eevdf') {
      // PLACE_LAG: keep the lag it had when it blocked, inflated for the weight it adds.
      const { v: avg, weight } = this.average(-1);
      const lag = weight > 0 ? (task.vlag * (weight + task.weight)) / weight : 0;
      task.v = avg - lag;
      task.sliceLeftNs = this.tunables.baseSliceNs;
      task.deadline = task.v + this.vslice(task);
    }
    task.readySinceNs = now;
    this.makeReady(i);
  }

  private makeReady(i: number): void {
    this.membership++;
    this.enqueue(i);
    this.fresh.push(i);
    this.requestDispatch();
  }

  private runEnd(c: number): void {
    const core = this.cores[c]!;
    const i = this.takeOff(c);
    const task = this.tasks[i]!;
    const now = this.engine.now;
    if (task.remainingNs <= 0 || task.untilIoNs <= 0) this.membership++;
    if (task.remainingNs <= 0) {
      task.state = TaskState.Done;
      task.completionNs = now;
      this.completed++;
      this.lastCompletionNs = now;
      this.closeSegment(c, 'finished');
      core.prev = -1;
      if (task.spec.ioRunNs === 0) this.closeWindow();
    } else if (task.untilIoNs <= 0) {
      if (this.policy === 'eevdf') {
        // update_entity_lag(): lag against the average that still includes this task, clamped.
        const { v: avg } = this.average(i);
        const limit =
          (Math.max(2 * this.tunables.baseSliceNs, 1e9 / TIMESLICE_CONSTANTS['sched.tickHz'].value) *
            NICE_0_LOAD) /
          task.weight;
        task.vlag = Math.min(limit, Math.max(-limit, avg - task.v));
      }
      task.state = TaskState.Blocked;
      task.blocks++;
      task.ioSinceNs = now;
      this.blockedNow++;
      this.closeSegment(c, 'blocked');
      core.prev = -1;
      this.engine.scheduleAt(now + task.spec.ioBlockNs, this.kWake, i);
    } else {
      core.pendingReason = 'expired';
      this.enqueue(i);
    }
    this.requestDispatch();
  }

  /** Stops the task on core c now, books its progress, and leaves the core Pending. */
  private takeOff(c: number): number {
    const core = this.cores[c]!;
    const i = core.task;
    const task = this.tasks[i]!;
    const now = this.engine.now;
    const ran = now - core.runStartNs;
    core.switchNs += core.runStartNs - core.startNs;
    core.usefulNs += ran;
    task.cpuNs += ran;
    task.remainingNs -= ran;
    task.untilIoNs -= ran;
    if (this.policy === 'cfs' || this.policy === 'eevdf') task.v += (ran * NICE_0_LOAD) / task.weight;
    if (this.policy === 'eevdf') {
      task.sliceLeftNs -= ran;
      if (task.sliceLeftNs <= 0) {
        // update_deadline(): the request is served; ask for the next one.
        task.deadline = task.v + this.vslice(task);
        task.sliceLeftNs = this.tunables.baseSliceNs;
      }
    }
    task.core = -1;
    core.task = -1;
    core.mode = CoreMode.Pending;
    core.prev = i;
    core.last = i;
    core.handle = -1;
    return i;
  }

  private requestDispatch(): void {
    if (this.dispatchPending) return;
    this.dispatchPending = true;
    // Zero delay: runs after every other event due now, so same-time arrivals and wakes are all queued.
    this.engine.schedule(0, this.kDispatch);
  }

  private dispatch(): void {
    this.dispatchPending = false;
    // Cores whose slice just ended pick first, so a task that may continue keeps its core.
    for (const mode of [CoreMode.Pending, CoreMode.Idle]) {
      for (let c = 0; c < this.cores.length; c++) {
        if (this.cores[c]!.mode === mode) this.assign(c);
      }
    }
    if (this.policy === 'cfs' || this.policy === 'eevdf') {
      for (const i of this.fresh) if (this.tasks[i]!.state === TaskState.Ready) this.tryPreempt(i);
    }
    this.fresh.length = 0;
  }

  private assign(c: number): void {
    const core = this.cores[c]!;
    const pos = this.pick();
    if (pos < 0) {
      if (core.mode === CoreMode.Pending) this.closeSegment(c, core.pendingReason);
      core.mode = CoreMode.Idle;
      core.prev = -1;
      core.last = -1;
      return;
    }
    const i = this.dequeueAt(pos);
    const continuing = core.mode === CoreMode.Pending && core.prev === i;
    if (!continuing) this.closeSegment(c, core.pendingReason);
    this.start(c, i, continuing);
  }

  private start(c: number, i: number, continuing: boolean): void {
    const core = this.cores[c]!;
    const task = this.tasks[i]!;
    const now = this.engine.now;
    const from = core.last >= 0 ? this.tasks[core.last]!.spec.name : 'idle';
    core.mode = CoreMode.Busy;
    core.task = i;
    core.prev = -1;
    task.state = TaskState.OnCore;
    task.core = c;
    core.startNs = now;
    core.runStartNs = continuing ? now : now + this.switchCostNs;
    if (!continuing) {
      this.switches++;
      task.switches++;
      this.emit({
        type: 'switch',
        start: sec(now),
        end: sec(core.runStartNs),
        subject: task.spec.name,
        data: { core: c, from },
      });
    }
    const runStart = core.runStartNs;
    if (task.firstRunNs < 0) task.firstRunNs = runStart;
    if (task.readySinceNs >= 0) {
      const latency = runStart - task.readySinceNs;
      task.wakeLatencySumNs += latency;
      task.wakeLatencyCount++;
      task.wakeLatencyMaxNs = Math.max(task.wakeLatencyMaxNs, latency);
      task.readySinceNs = -1;
    }
    let runNs = Math.min(task.remainingNs, task.untilIoNs);
    const slice = this.sliceFor(task);
    if (Number.isFinite(slice)) {
      let sliceEnd = runStart + slice;
      if (this.tickNs > 0 && this.policy !== 'rr') sliceEnd = Math.ceil(sliceEnd / this.tickNs) * this.tickNs;
      runNs = Math.min(runNs, sliceEnd - runStart);
    }
    core.runEndNs = runStart + runNs;
    core.handle = this.engine.scheduleCancellableAt(core.runEndNs, this.kRunEnd, c);
    if (core.segTask !== i) {
      core.segTask = i;
      core.segStartNs = runStart;
    }
  }

  /** How long the task may run now, before blocking or finishing cut it short. */
  private sliceFor(task: Task): number {
    switch (this.policy) {
      case 'fcfs':
        return Infinity;
      case 'rr':
        return this.quantumNs;
      case 'eevdf':
        return task.sliceLeftNs;
      case 'cfs': {
        // sched_slice() for a core that holds 1/C of the runnable tasks and weight.
        let nr = this.ready.length;
        let weight = 0;
        for (const i of this.ready) weight += this.tasks[i]!.weight;
        for (const core of this.cores) {
          if (core.mode === CoreMode.Busy) {
            nr++;
            weight += this.tasks[core.task]!.weight;
          }
        }
        const cores = this.cores.length;
        const period = cfsPeriodNs(Math.ceil(nr / cores), this.tunables);
        const share = Math.min(1, (task.weight * cores) / weight);
        return Math.max(this.tunables.minGranularityNs, Math.floor(period * share));
      }
    }
  }

  /** Wakeup preemption: the waking task takes a core from a running task that is far enough ahead. */
  private tryPreempt(i: number): void {
    const task = this.tasks[i]!;
    const now = this.engine.now;
    let victim = -1;
    let best = 0;
    if (this.policy === 'cfs') {
      // wakeup_preempt_entity(): curr ahead by more than the wakeup granularity in the waker's virtual time.
      const gran = (this.tunables.wakeupGranularityNs * NICE_0_LOAD) / task.weight;
      for (let c = 0; c < this.cores.length; c++) {
        const core = this.cores[c]!;
        if (core.mode !== CoreMode.Busy || now < core.runStartNs) continue;
        const ahead = this.vNow(core.task) - task.v;
        if (ahead > gran && ahead > best) {
          best = ahead;
          victim = c;
        }
      }
    } else {
      // EEVDF with RUN_TO_PARITY: only a running task that has become ineligible gives way, and only
      // to a waker that is the eligible task with the earliest deadline.
      const { v: avg } = this.average(-1);
      const pos = this.pick();
      if (pos < 0 || this.ready[pos] !== i || task.v > avg + V_EPSILON) return;
      for (let c = 0; c < this.cores.length; c++) {
        const core = this.cores[c]!;
        if (core.mode !== CoreMode.Busy || now < core.runStartNs) continue;
        const ahead = this.vNow(core.task) - avg;
        if (ahead > V_EPSILON && ahead > best) {
          best = ahead;
          victim = c;
        }
      }
    }
    if (victim < 0) return;
    const core = this.cores[victim]!;
    this.engine.cancel(core.handle);
    const preempted = this.takeOff(victim);
    core.pendingReason = 'preempted';
    this.enqueue(preempted);
    this.assign(victim);
  }

  // --- the run queue ---

  private enqueue(i: number): void {
    this.touchQueue();
    const task = this.tasks[i]!;
    task.state = TaskState.Ready;
    task.seq = this.nextSeq++;
    this.ready.push(i);
  }

  private dequeueAt(pos: number): number {
    this.touchQueue();
    const [i] = this.ready.splice(pos, 1);
    return i!;
  }

  private touchQueue(): void {
    const now = this.engine.now;
    this.queueArea += this.ready.length * (now - this.queueSince);
    this.queueSince = now;
  }

  /** Position in `ready` of the task to run next, or -1. */
  private pick(): number {
    const ready = this.ready;
    const n = ready.length;
    if (n === 0) return -1;
    if (this.policy === 'fcfs' || this.policy === 'rr') return 0;
    const tasks = this.tasks;
    if (this.policy === 'eevdf') {
      // Earliest virtual deadline among eligible tasks (v <= weighted average); ties by queue order.
      const limit = this.average(-1).v + V_EPSILON;
      let best = -1;
      let bestDeadline = Infinity;
      let bestSeq = Infinity;
      for (let p = 0; p < n; p++) {
        const t = tasks[ready[p]!]!;
        if (t.v > limit) continue;
        if (t.deadline < bestDeadline || (t.deadline === bestDeadline && t.seq < bestSeq)) {
          best = p;
          bestDeadline = t.deadline;
          bestSeq = t.seq;
        }
      }
      if (best >= 0) return best;
      // Nothing waiting is eligible (the running tasks hold the low virtual times): take the
      // leftmost, as pick_eevdf() falls back to.
    }
    // CFS: the smallest virtual runtime; ties by queue order.
    let best = 0;
    let bestV = tasks[ready[0]!]!.v;
    let bestSeq = tasks[ready[0]!]!.seq;
    for (let p = 1; p < n; p++) {
      const t = tasks[ready[p]!]!;
      if (t.v < bestV || (t.v === bestV && t.seq < bestSeq)) {
        best = p;
        bestV = t.v;
        bestSeq = t.seq;
      }
    }
    return best;
  }

  /** Virtual runtime including the part of the current slice run so far. */
  private vNow(i: number): number {
    const task = this.tasks[i]!;
    if (task.core < 0) return task.v;
    const core = this.cores[task.core]!;
    if (core.mode !== CoreMode.Busy) return task.v;
    return task.v + (Math.max(0, this.engine.now - core.runStartNs) * NICE_0_LOAD) / task.weight;
  }

  /** min_vruntime: never moves backwards; follows the smallest runnable virtual runtime. */
  private updateMinV(): void {
    let min = Infinity;
    for (const i of this.ready) {
      const v = this.tasks[i]!.v;
      if (v < min) min = v;
    }
    for (const core of this.cores) {
      if (core.mode === CoreMode.Busy) min = Math.min(min, this.vNow(core.task));
    }
    if (min > this.minV && Number.isFinite(min)) this.minV = min;
  }

  /**
   * EEVDF's avg_vruntime(): weight-averaged virtual runtime of the waiting and running tasks
   * (plus task `extra`, if >= 0); min_vruntime when there are none. Sums run relative to
   * min_vruntime, as in the kernel, to keep precision; the same pass moves min_vruntime on.
   */
  private average(extra: number): { v: number; weight: number } {
    const now = this.engine.now;
    const cache = this.averageCache;
    if (extra < 0 && cache.at === now && cache.version === this.membership) return cache;
    const base = this.minV;
    let weight = 0;
    let sum = 0;
    let min = Infinity;
    for (const i of this.ready) {
      const t = this.tasks[i]!;
      weight += t.weight;
      sum += t.weight * (t.v - base);
      if (t.v < min) min = t.v;
    }
    for (const core of this.cores) {
      if (core.mode !== CoreMode.Busy) continue;
      const t = this.tasks[core.task]!;
      const v = this.vNow(core.task);
      weight += t.weight;
      sum += t.weight * (v - base);
      if (v < min) min = v;
    }
    if (extra >= 0) {
      const t = this.tasks[extra]!;
      weight += t.weight;
      sum += t.weight * (t.v - base);
    }
    if (min > this.minV && Number.isFinite(min)) this.minV = min;
    const v = weight > 0 ? base + sum / weight : this.minV;
    if (extra < 0) Object.assign(cache, { at: now, version: this.membership, v, weight });
    return { v, weight };
  }

  private vslice(task: Task): number {
    return (this.tunables.baseSliceNs * NICE_0_LOAD) / task.weight;
  }

  // --- the contention window (fairness) ---

  private openWindow(): void {
    const now = this.engine.now;
    if (this.windowEndNs >= 0) return; // a CPU-bound task finished before the last one arrived
    for (const i of this.cpuBound) this.tasks[i]!.windowStartCpuNs = this.cpuAt(i, now);
    this.windowValid = true;
  }

  private closeWindow(): void {
    if (this.windowEndNs >= 0) return;
    const now = this.engine.now;
    this.windowEndNs = now;
    if (!this.windowValid || now <= this.windowStartNs) {
      this.windowValid = false;
      return;
    }
    for (const i of this.cpuBound) this.tasks[i]!.windowEndCpuNs = this.cpuAt(i, now);
  }

  // --- Gantt output ---

  private closeSegment(c: number, reason: string): void {
    const core = this.cores[c]!;
    if (core.segTask < 0) return;
    const now = this.engine.now;
    if (now > core.segStartNs) {
      this.emit({
        type: 'slice',
        start: sec(core.segStartNs),
        end: sec(now),
        subject: this.tasks[core.segTask]!.spec.name,
        data: { core: c, reason },
      });
    }
    core.segTask = -1;
  }

  private emit(event: TopicEvent): void {
    if (!this.record) return;
    if (this.eventsKept >= MAX_EVENTS) {
      this.eventsDropped++;
      return;
    }
    this.eventsKept++;
    this.events.push(event);
  }
}

/** Virtual times are float ns; this absorbs rounding when comparing with the average. */
const V_EPSILON = 1e-6;

// --- results ------------------------------------------------------------------------------

export interface TimesliceTaskResult {
  name: string;
  arrivalMs: number;
  burstMs: number;
  nice: number;
  ioRunMs: number;
  ioBlockMs: number;
  firstRunMs: number | null;
  completionMs: number | null;
  turnaroundMs: number | null;
  responseMs: number | null;
  waitingMs: number | null;
  switches: number;
  meanWakeLatencyMs: number | null;
  /** Share of one core the task got while every CPU-bound task was runnable (CPU-bound only). */
  cpuSharePct: number | null;
}

export interface TimesliceResults {
  /** Simulated time the figures cover (the time of the last completion once the run is done). */
  elapsedMs: number;
  completed: number;
  tasks: number;
  /** Completed tasks per simulated second, counted from t = 0. */
  throughput: number | null;
  meanTurnaroundMs: number | null;
  maxTurnaroundMs: number | null;
  meanResponseMs: number | null;
  meanWaitingMs: number | null;
  /** From arrival or wake-up to running, over every such wait. */
  meanWakeLatencyMs: number | null;
  maxWakeLatencyMs: number | null;
  contextSwitches: number;
  /** Switching time as a share of the CPU time in use (running + switching). */
  overheadPct: number | null;
  /** Running + switching as a share of all cores' time. */
  utilisationPct: number | null;
  /** Jain's index of the CPU-bound tasks' CPU shares in the contention window (1 = equal). */
  jain: number | null;
  /** The same, of share / weight (1 = exactly in proportion to the nice weights). */
  jainWeighted: number | null;
  windowMs: number | null;
  perTask: TimesliceTaskResult[];
}

const ms = (ns: number): number => Math.round(ns) / NS_PER_MS;
const mean = (xs: number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

function jainIndex(xs: number[]): number | null {
  if (xs.length < 2) return null;
  const sum = xs.reduce((a, b) => a + b, 0);
  const squares = xs.reduce((a, b) => a + b * b, 0);
  return squares > 0 ? (sum * sum) / (xs.length * squares) : null;
}

function results(s: Scheduler, atNs: number): TimesliceResults {
  const windowLen = s.windowValid ? s.windowEndNs - s.windowStartNs : 0;
  const perTask = s.tasks.map((t): TimesliceTaskResult => {
    const done = t.completionNs >= 0;
    const turnaround = done ? t.completionNs - t.spec.arrivalNs : null;
    return {
      name: t.spec.name,
      arrivalMs: ms(t.spec.arrivalNs),
      burstMs: ms(t.spec.burstNs),
      nice: t.spec.nice,
      ioRunMs: ms(t.spec.ioRunNs),
      ioBlockMs: ms(t.spec.ioBlockNs),
      firstRunMs: t.firstRunNs >= 0 ? ms(t.firstRunNs) : null,
      completionMs: done ? ms(t.completionNs) : null,
      turnaroundMs: turnaround === null ? null : ms(turnaround),
      responseMs: t.firstRunNs >= 0 ? ms(t.firstRunNs - t.spec.arrivalNs) : null,
      // Neither running nor in I/O: queued, or on a core that is still switching to it.
      waitingMs: turnaround === null ? null : ms(turnaround - t.spec.burstNs - t.blocks * t.spec.ioBlockNs),
      switches: t.switches,
      meanWakeLatencyMs: t.wakeLatencyCount > 0 ? ms(t.wakeLatencySumNs / t.wakeLatencyCount) : null,
      cpuSharePct:
        windowLen > 0 && t.spec.ioRunNs === 0
          ? (100 * (t.windowEndCpuNs - t.windowStartCpuNs)) / windowLen
          : null,
    };
  });
  const done = perTask.filter((t) => t.turnaroundMs !== null);
  const started = perTask.filter((t) => t.responseMs !== null);
  const useful = s.usefulAt(atNs);
  const switching = s.switchingAt(atNs);
  let latencySum = 0;
  let latencyCount = 0;
  let latencyMax = 0;
  for (const t of s.tasks) {
    latencySum += t.wakeLatencySumNs;
    latencyCount += t.wakeLatencyCount;
    latencyMax = Math.max(latencyMax, t.wakeLatencyMaxNs);
  }
  const shares = s.cpuBound.map((i) => perTask[i]!.cpuSharePct);
  const validShares = windowLen > 0 ? (shares as number[]) : [];
  return {
    elapsedMs: ms(atNs),
    completed: s.completed,
    tasks: s.tasks.length,
    throughput: atNs > 0 ? s.completed / sec(atNs) : null,
    meanTurnaroundMs: mean(done.map((t) => t.turnaroundMs!)),
    maxTurnaroundMs: done.length ? Math.max(...done.map((t) => t.turnaroundMs!)) : null,
    meanResponseMs: mean(started.map((t) => t.responseMs!)),
    meanWaitingMs: mean(done.map((t) => t.waitingMs!)),
    meanWakeLatencyMs: latencyCount > 0 ? ms(latencySum / latencyCount) : null,
    maxWakeLatencyMs: latencyCount > 0 ? ms(latencyMax) : null,
    contextSwitches: s.switches,
    overheadPct: useful + switching > 0 ? (100 * switching) / (useful + switching) : null,
    utilisationPct: atNs > 0 ? (100 * (useful + switching)) / (s.cores.length * atNs) : null,
    jain: jainIndex(validShares),
    jainWeighted: jainIndex(validShares.map((x, k) => x / s.tasks[s.cpuBound[k]!]!.spec.weight)),
    windowMs: windowLen > 0 ? ms(windowLen) : null,
    perTask,
  };
}

/** Runs the scenario to the end without frames or events and returns its results. */
export function runTimeslice(scenario: TimesliceScenario, seed: number): TimesliceResults {
  const s = new Scheduler(validated(scenario), expandTasks(scenario, seed), false);
  return results(s, s.runToEnd());
}

function validated(scenario: TimesliceScenario): TimesliceScenario {
  const parsed = parseTimesliceScenario(scenario);
  if (!parsed.ok) throw new RangeError(`invalid timeslice scenario:\n${parsed.error}`);
  return parsed.value;
}

// --- the streamed simulation --------------------------------------------------------------

export function policyLabel(s: TimesliceScenario): string {
  switch (s.policy) {
    case 'fcfs':
      return 'FCFS (no preemption)';
    case 'rr':
      return `Round robin, q = ${s.quantumMs} ms`;
    case 'cfs':
      return 'Linux CFS';
    case 'eevdf':
      return 'Linux EEVDF';
  }
}

/** The topic contract plus the frame spacing this run uses. */
export interface TimesliceSimulation extends TopicSimulation {
  /** Seconds between frames: the scenario's interval, widened to keep at most MAX_FRAMES. */
  readonly frameInterval: number;
}

class TimesliceRun implements TimesliceSimulation {
  readonly axis = { unit: 's' as const, label: 'simulated time (s)' };
  readonly horizon: number;
  readonly frameInterval: number;
  private readonly horizonNs: number;
  private readonly intervalNs: number;
  private readonly scheduler: Scheduler;
  private frameIndex = 0;
  private finished = false;
  private last = { useful: 0, switching: 0, queue: 0, switches: 0, t: 0 };

  constructor(
    private readonly scenario: TimesliceScenario,
    seed: number,
  ) {
    const tasks = expandTasks(scenario, seed);
    // A silent first run finds when the last task completes: that is the horizon.
    this.horizonNs = new Scheduler(scenario, tasks, false).runToEnd();
    this.horizon = sec(this.horizonNs);
    let interval = Math.max(1, msToNs(scenario.sampleIntervalMs));
    if (this.horizonNs / interval > MAX_FRAMES)
      interval = Math.ceil(this.horizonNs / MAX_FRAMES / 1000) * 1000;
    this.intervalNs = interval;
    this.frameInterval = sec(interval);
    this.scheduler = new Scheduler(scenario, tasks, true);
  }

  get now(): number {
    return sec(this.scheduler.nowNs);
  }

  get done(): boolean {
    return this.finished;
  }

  get eventsProcessed(): number {
    return this.scheduler.engine.eventsProcessed;
  }

  advanceTo(until: number): TopicChunk {
    if (Number.isNaN(until)) throw new RangeError('advanceTo needs a time, got NaN');
    const frames: TopicFrame[] = [];
    if (!this.finished) {
      const engine = this.scheduler.engine;
      const target = until >= this.horizon ? this.horizonNs : Math.max(engine.now, Math.round(until * 1e9));
      for (;;) {
        const next = Math.min((this.frameIndex + 1) * this.intervalNs, this.horizonNs);
        if (next > target) break;
        engine.run(next);
        frames.push(this.frame(next));
        this.frameIndex++;
        if (next === this.horizonNs) {
          this.finished = true;
          break;
        }
      }
      if (!this.finished) engine.run(target);
    }
    const events = this.scheduler.events.splice(0);
    return { frames, events };
  }

  private frame(t: number): TopicFrame {
    const s = this.scheduler;
    const useful = s.usefulAt(t);
    const switching = s.switchingAt(t);
    const queue = s.queueAreaAt(t);
    const span = (t - this.last.t) * s.cores.length;
    const dt = t - this.last.t;
    const usefulShare = span > 0 ? (useful - this.last.useful) / span : 0;
    const switchShare = span > 0 ? (switching - this.last.switching) / span : 0;
    const values = {
      'cpu.useful': usefulShare,
      'cpu.switching': switchShare,
      'cpu.idle': Math.max(0, 1 - usefulShare - switchShare),
      'queue.waiting': dt > 0 ? (queue - this.last.queue) / dt : 0,
      'tasks.blocked': s.blockedNow,
      'tasks.completed': s.completed,
      switches: s.switches - this.last.switches,
    };
    this.last = { useful, switching, queue, switches: s.switches, t };
    return { t: sec(t), values };
  }

  summary(): TopicSummary {
    const s = this.scheduler;
    const r = results(s, s.nowNs);
    const metrics: TopicMetric[] = [
      { id: 'policy', label: 'Scheduler', value: policyLabel(this.scenario), unit: '' },
      {
        id: 'makespan',
        label: 'Last completion',
        value: s.completed > 0 ? ms(s.lastCompletionNs) : null,
        unit: 'ms',
      },
      { id: 'completed', label: 'Tasks completed', value: r.completed, unit: 'tasks' },
      { id: 'throughput', label: 'Throughput', value: r.throughput, unit: 'tasks/s' },
      { id: 'turnaround.mean', label: 'Mean turnaround', value: r.meanTurnaroundMs, unit: 'ms' },
      { id: 'turnaround.max', label: 'Max turnaround', value: r.maxTurnaroundMs, unit: 'ms' },
      {
        id: 'response.mean',
        label: 'Mean response (first run - arrival)',
        value: r.meanResponseMs,
        unit: 'ms',
      },
      { id: 'waiting.mean', label: 'Mean waiting time', value: r.meanWaitingMs, unit: 'ms' },
      {
        id: 'wakeLatency.mean',
        label: 'Mean wait from arrival or wake-up to running',
        value: r.meanWakeLatencyMs,
        unit: 'ms',
      },
      {
        id: 'wakeLatency.max',
        label: 'Max wait from arrival or wake-up to running',
        value: r.maxWakeLatencyMs,
        unit: 'ms',
      },
      { id: 'switches', label: 'Context switches', value: r.contextSwitches, unit: 'switches' },
      { id: 'overhead', label: 'Switching overhead (share of busy CPU)', value: r.overheadPct, unit: '%' },
      {
        id: 'utilisation',
        label: 'CPU utilisation (running + switching)',
        value: r.utilisationPct,
        unit: '%',
      },
      { id: 'fairness.jain', label: "Jain's fairness index, CPU-bound tasks", value: r.jain, unit: '' },
      {
        id: 'fairness.jainWeighted',
        label: "Jain's index of share / weight",
        value: r.jainWeighted,
        unit: '',
      },
      {
        id: 'fairness.window',
        label: 'Window in which all CPU-bound tasks competed',
        value: r.windowMs,
        unit: 'ms',
      },
      { id: 'frameInterval', label: 'Frame interval', value: this.intervalNs / NS_PER_MS, unit: 'ms' },
    ];
    if (s.eventsDropped > 0) {
      metrics.push({
        id: 'gantt.truncated',
        label: `Gantt truncated: first ${MAX_EVENTS.toLocaleString('en-US')} events kept`,
        value: s.eventsDropped,
        unit: 'events dropped',
      });
    }
    return { metrics, tables: [this.taskTable(r), this.schedulerTable()] };
  }

  private taskTable(r: TimesliceResults): TopicTable {
    return {
      id: 'tasks',
      title: 'Per task',
      columns: [
        'task',
        'arrival (ms)',
        'burst (ms)',
        'nice',
        'I/O run/wait (ms)',
        'first run (ms)',
        'completion (ms)',
        'turnaround (ms)',
        'response (ms)',
        'waiting (ms)',
        'switches',
        'mean wake-up wait (ms)',
        'CPU share while all compete (%)',
      ],
      rows: r.perTask.map((t) => [
        t.name,
        t.arrivalMs,
        t.burstMs,
        t.nice,
        t.ioRunMs > 0 ? `${t.ioRunMs} / ${t.ioBlockMs}` : '-',
        t.firstRunMs,
        t.completionMs,
        t.turnaroundMs,
        t.responseMs,
        t.waitingMs,
        t.switches,
        t.meanWakeLatencyMs,
        t.cpuSharePct,
      ]),
    };
  }

  private schedulerTable(): TopicTable {
    const sc = this.scenario;
    const t = schedulerTunables(sc.cores);
    const c = TIMESLICE_CONSTANTS;
    const rows: Array<Array<number | string | null>> = [
      ['policy', policyLabel(sc), '', 'scenario'],
      ['cores (one global run queue)', sc.cores, '', 'scenario'],
      ['context switch cost', sc.contextSwitchUs, 'us', c['contextSwitch.cost'].source],
      [
        'scheduler tick',
        sc.tickHz > 0 ? sc.tickHz : 'none: slices end exactly',
        sc.tickHz > 0 ? 'Hz' : '',
        'scenario',
      ],
    ];
    if (sc.policy === 'rr') rows.push(['quantum', sc.quantumMs, 'ms', 'scenario']);
    if (sc.policy === 'cfs' || sc.policy === 'eevdf') {
      rows.push(['tunable scaling factor 1 + ilog2(min(cores, 8))', t.factor, '', FAIR_C_CFS]);
    }
    if (sc.policy === 'cfs') {
      const n = this.scheduler.tasks.length;
      rows.push(
        ['target latency', t.latencyNs / NS_PER_MS, 'ms', c['cfs.targetLatency'].source],
        ['minimum granularity', t.minGranularityNs / NS_PER_MS, 'ms', c['cfs.minGranularity'].source],
        ['wakeup granularity', t.wakeupGranularityNs / NS_PER_MS, 'ms', c['cfs.wakeupGranularity'].source],
        [
          `period with all ${n} tasks runnable (per core)`,
          cfsPeriodNs(Math.ceil(n / sc.cores), t) / NS_PER_MS,
          'ms',
          'max(target latency, n x minimum granularity)',
        ],
      );
    }
    if (sc.policy === 'eevdf')
      rows.push(['base slice', t.baseSliceNs / NS_PER_MS, 'ms', c['eevdf.baseSlice'].source]);
    return {
      id: 'scheduler',
      title: 'Scheduler parameters',
      columns: ['parameter', 'value', 'unit', 'source'],
      rows,
    };
  }
}

export function createTimesliceSimulation(scenario: TimesliceScenario, seed: number): TimesliceSimulation {
  return new TimesliceRun(validated(scenario), seed);
}

// --- sweeps -------------------------------------------------------------------------------

export interface QuantumSweepPoint {
  quantum: number;
  meanTurnaround: number | null;
  meanResponse: number | null;
  overheadPct: number | null;
  throughput: number | null;
}

/**
 * Round robin with each quantum (ms), everything else as in the scenario (its policy is
 * replaced by RR). Times in ms, throughput in tasks/s.
 */
export function sweepQuantum(
  scenario: TimesliceScenario,
  quanta: number[],
  seed: number,
): QuantumSweepPoint[] {
  return quanta.map((quantum) => {
    const r = runTimeslice({ ...scenario, policy: 'rr', quantumMs: quantum }, seed);
    return {
      quantum,
      meanTurnaround: r.meanTurnaroundMs,
      meanResponse: r.meanResponseMs,
      overheadPct: r.overheadPct,
      throughput: r.throughput,
    };
  });
}

export interface TaskSweepPoint {
  tasks: number;
  meanTurnaround: number | null;
  meanResponse: number | null;
  meanWaiting: number | null;
  overheadPct: number | null;
  throughput: number | null;
  jain: number | null;
}

/**
 * The scenario with `count` tasks in all, shared among its groups in proportion to their
 * counts (largest remainder; groups that get none are left out). Same units as sweepQuantum.
 */
export function sweepTasks(scenario: TimesliceScenario, counts: number[], seed = 1): TaskSweepPoint[] {
  return counts.map((count) => {
    if (!Number.isInteger(count) || count < 1 || count > MAX_TASKS) {
      throw new RangeError(`task count must be a whole number from 1 to ${MAX_TASKS}, got ${count}`);
    }
    const r = runTimeslice({ ...scenario, tasks: scaleGroups(scenario.tasks, count) }, seed);
    return {
      tasks: count,
      meanTurnaround: r.meanTurnaroundMs,
      meanResponse: r.meanResponseMs,
      meanWaiting: r.meanWaitingMs,
      overheadPct: r.overheadPct,
      throughput: r.throughput,
      jain: r.jain,
    };
  });
}

function scaleGroups(groups: TaskGroup[], count: number): TaskGroup[] {
  const total = groups.reduce((sum, g) => sum + g.count, 0);
  const exact = groups.map((g) => (g.count * count) / total);
  const whole = exact.map(Math.floor);
  let left = count - whole.reduce((a, b) => a + b, 0);
  // Largest remainders first; ties go to the earlier group.
  const order = exact.map((x, k) => ({ k, r: x - whole[k]! })).sort((a, b) => b.r - a.r || a.k - b.k);
  for (const { k } of order) {
    if (left <= 0) break;
    whole[k] = whole[k]! + 1;
    left--;
  }
  return groups.map((g, k) => ({ ...g, count: whole[k]! })).filter((g) => g.count > 0);
}
