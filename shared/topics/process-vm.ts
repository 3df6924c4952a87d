import { z } from 'zod';
import { numberField as num, wholeNumberField as int } from '../schema-fields';
import type { CalibratedValue } from '../sim/calibration';
import { medianStartMs, resolvePreset, type JitWarmup, type PlatformPreset } from '../sim/platforms';
import { PlatformChoiceSchema, parseWith, type ParseResult, type PlatformChoice } from '../scenario';
import type { TopicChunk, TopicEvent, TopicFrame, TopicSimulation, TopicSummary, TopicTable } from './types';

/**
 * Process VMs against virtual machine monitors: one program, run natively, in an
 * interpreting JVM, in a JVM with a JIT compiler, through WINE's API translation, and in a
 * guest OS on a type-1 (KVM) and a type-2 (VirtualBox) hypervisor.
 *
 * The program is W seconds of CPU work on bare metal, a share s of it in system calls, and
 * a memory footprint. Every number of a platform comes from its preset (platforms.ts):
 * - start time: the median of the preset's start parts (fork/exec, JVM or WINE start,
 *   guest boot), a fixed number here, so the model is deterministic (the seed is unused);
 * - run time without a JIT: W x ((1 - s) cpuSlowdown + s syscallSlowdown). Native is W,
 *   the interpreter 55 W (Carreira et al. 2021), WINE W (1 - s + 1.5 s);
 * - with a JIT, the instantaneous slowdown after w seconds of work is
 *   j + (i - j) e^(-w / k) (i interpreted, j JIT-compiled, k warm-up work), and the run
 *   time is its integral j W + (i - j) k (1 - e^(-W / k)); as in the compare model the
 *   curve covers all of the work, system calls included;
 * - memory: the program plus the preset's overhead (JVM runtime, guest OS + VMM), and for
 *   a type-2 hypervisor the desktop host OS reserved beside it.
 * Total time = start + run. Short programs are dominated by start (a VM boot), long ones by
 * the slowdown, so the winners change with the program's length: sweepProgramLength()
 * gives the curves and the crossovers. The simulation plays one run on a time axis: each
 * platform's progress and instantaneous speed (the JIT visibly warming up).
 */

export const PROCESS_VM_PLATFORM_IDS = [
  'bare-metal',
  'jvm-interpreted',
  'jvm-jit',
  'wine',
  'kvm',
  'virtualbox',
] as const;
export type ProcessVmPlatformId = (typeof PROCESS_VM_PLATFORM_IDS)[number];

export const PROCESS_VM_CONSTANTS = {
  'processVm.amortisedShare': {
    value: 0.1,
    unit: 'share of total time',
    source: 'assumption',
    assumption: true,
    note: 'A fixed cost (boot, JIT warm-up) counts as amortised once it is at most 10% of the time: a common rule of thumb.',
  },
  'processVm.jitWarmFactor': {
    value: 1.1,
    unit: 'x JIT slowdown',
    source: 'assumption',
    assumption: true,
    note: 'The JIT counts as warm once its instantaneous slowdown is within 10% of the fully compiled code.',
  },
} as const satisfies Record<string, CalibratedValue>;

const AMORTISED_SHARE = PROCESS_VM_CONSTANTS['processVm.amortisedShare'].value;
const JIT_WARM_FACTOR = PROCESS_VM_CONSTANTS['processVm.jitWarmFactor'].value;

// --- the run-time model -------------------------------------------------------------------

/** What one platform costs this program: everything the closed forms need. */
export interface PlatformRunModel {
  id: ProcessVmPlatformId;
  preset: PlatformPreset;
  /** Median start time (s). */
  startS: number;
  /** Slowdown of the work when there is no JIT: (1 - s) cpuSlowdown + s syscallSlowdown. */
  mix: number;
  jit: JitWarmup | null;
  /** Program + the platform's per-instance overhead (MiB). */
  memoryMiB: number;
  /** Memory reserved per host beside it (the desktop host OS of a type-2 hypervisor), MiB. */
  hostExtraMiB: number;
}

export function platformRunModel(
  choice: PlatformChoice | ProcessVmPlatformId,
  program: { syscallShare: number; memoryMiB: number },
): PlatformRunModel {
  const c = typeof choice === 'string' ? { id: choice, overrides: {} } : choice;
  if (!(PROCESS_VM_PLATFORM_IDS as readonly string[]).includes(c.id)) {
    throw new RangeError(`platform ${c.id} is not part of the process-VM comparison`);
  }
  const preset = resolvePreset(c.id, c.overrides);
  const s = program.syscallShare;
  return {
    id: c.id as ProcessVmPlatformId,
    preset,
    startS: medianStartMs(preset) / 1000,
    mix: (1 - s) * preset.cpuSlowdown + s * preset.syscallSlowdown,
    jit: preset.jit,
    memoryMiB: program.memoryMiB + preset.memoryOverheadMiB,
    hostExtraMiB: preset.hostReservedExtraMiB,
  };
}

/** Platform seconds per bare-metal second of work, after `w` seconds of work were done. */
export function instantSlowdown(model: PlatformRunModel, w: number): number {
  const jit = model.jit;
  if (jit === null) return model.mix;
  return jit.jitSlowdown + (jit.interpretedSlowdown - jit.jitSlowdown) * Math.exp(-w / jit.warmupWorkS);
}

/** Run time (s) of `workS` bare-metal seconds of work: the integral of instantSlowdown, in closed form. */
export function runTimeS(model: PlatformRunModel, workS: number): number {
  const jit = model.jit;
  if (jit === null) return model.mix * workS;
  const k = jit.warmupWorkS;
  // -expm1(-x) = 1 - e^(-x), exact for small x as well.
  return jit.jitSlowdown * workS + (jit.interpretedSlowdown - jit.jitSlowdown) * k * -Math.expm1(-workS / k);
}

/** Work done (bare-metal s) after running for `runS` seconds: the inverse of runTimeS. */
export function workDoneS(model: PlatformRunModel, runS: number): number {
  if (runS <= 0) return 0;
  if (model.jit === null) return runS / model.mix;
  const { interpretedSlowdown: i, jitSlowdown: j } = model.jit;
  // The slowdown stays between i and j, so the work lies between runS / max and runS / min.
  let lo = runS / Math.max(i, j);
  let hi = runS / Math.min(i, j);
  let w = lo;
  for (let iter = 0; iter < 200; iter++) {
    const f = runTimeS(model, w) - runS;
    if (Math.abs(f) <= 1e-14 * runS) return w;
    if (f < 0) lo = w;
    else hi = w;
    // Newton step, kept inside the bracket (runTimeS is increasing); bisect otherwise.
    const next = w - f / instantSlowdown(model, w);
    w = next > lo && next < hi ? next : (lo + hi) / 2;
    if (hi - lo <= 1e-15 * hi) return w;
  }
  return w;
}

export interface RunTimes {
  startS: number;
  runS: number;
  totalS: number;
}

export function totalTimes(model: PlatformRunModel, workS: number): RunTimes {
  const runS = runTimeS(model, workS);
  return { startS: model.startS, runS, totalS: model.startS + runS };
}

/** Work after which the JIT's instantaneous slowdown is within `factor` x jitSlowdown (0 if it starts there). */
export function jitWarmWorkS(jit: JitWarmup, factor = JIT_WARM_FACTOR): number {
  const excess = jit.interpretedSlowdown - jit.jitSlowdown;
  const allowed = (factor - 1) * jit.jitSlowdown;
  if (excess <= allowed) return 0;
  return jit.warmupWorkS * Math.log(excess / allowed);
}

/**
 * Program length (bare-metal s) from which the JIT's warm-up costs at most `share` of the
 * fully warm run time: (i - j) k (1 - e^(-W/k)) <= share x j x W. The left side over W
 * falls monotonically, so bisection finds the one solution.
 */
export function jitAmortisedWorkS(jit: JitWarmup, share = AMORTISED_SHARE): number {
  const { interpretedSlowdown: i, jitSlowdown: j, warmupWorkS: k } = jit;
  if (i <= j) return 0;
  const excess = (w: number) => ((i - j) * k * -Math.expm1(-w / k)) / (j * w);
  if (excess(Number.MIN_VALUE) <= share) return 0;
  // At W = (i - j) k / (share j) the excess is below share; bisect in log space below it.
  let lo = k * 1e-9;
  let hi = ((i - j) * k) / (share * j);
  for (let iter = 0; iter < 200 && hi - lo > 1e-13 * hi; iter++) {
    const mid = Math.sqrt(lo * hi);
    if (excess(mid) > share) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Program length from which the start takes at most `share` of the total time. */
export function startAmortisedWorkS(model: PlatformRunModel, share = AMORTISED_SHARE): number {
  return workDoneS(model, (model.startS * (1 - share)) / share);
}

// --- sweeps and crossovers ----------------------------------------------------------------

export interface SweepPoint {
  workS: number;
  startS: number;
  runS: number;
  totalS: number;
  /** start / total. */
  startShare: number;
  /** run / work: the platform's average slowdown over this program. */
  runSlowdown: number;
  /** native total / this platform's total (1 = as fast as bare metal, 0.5 = twice as slow). */
  speedVsNative: number;
  memoryMiB: number;
}

export interface Crossover {
  a: ProcessVmPlatformId;
  b: ProcessVmPlatformId;
  /** Program length at which both take the same total time. */
  workS: number;
  totalS: number;
  fasterBelow: ProcessVmPlatformId;
  fasterAbove: ProcessVmPlatformId;
}

export interface PlatformMilestones {
  id: ProcessVmPlatformId;
  /** Program length from which the start is at most 10% of the total time. */
  startAmortisedWorkS: number;
  /** JIT platforms: length from which the warm-up costs at most 10% of the warm run time. */
  jitAmortisedWorkS: number | null;
  /** JIT platforms: work after which the JIT runs within 10% of its final speed. */
  jitWarmWorkS: number | null;
}

export interface ProgramLengthSweep {
  lengths: number[];
  platforms: Array<{
    id: ProcessVmPlatformId;
    displayName: string;
    shortName: string;
    color: string;
    dash: 'solid' | 'dashed' | 'dotted';
    points: SweepPoint[];
  }>;
  /** Every length in [min, max] of `lengths` at which two platforms swap places, by length. */
  crossovers: Crossover[];
  milestones: PlatformMilestones[];
}

function scenarioModels(scenario: ProcessVmScenario): PlatformRunModel[] {
  return scenario.platforms.map((c) => platformRunModel(c, scenario.program));
}

/** The native baseline: the scenario's bare-metal choice (with its overrides) or the default preset. */
function nativeModel(scenario: ProcessVmScenario): PlatformRunModel {
  const choice = scenario.platforms.find((c) => c.id === 'bare-metal') ?? 'bare-metal';
  return platformRunModel(choice, scenario.program);
}

const CROSSOVER_GRID_PER_DECADE = 40;

/**
 * Lengths in [minW, maxW] where total(a) - total(b) changes sign: a log grid of 40 points
 * per decade, each bracket refined by bisection. Two crossings closer than one grid step
 * (6% apart) would be missed; totals are linear or concave in W, so there are at most two.
 */
export function findCrossovers(
  a: PlatformRunModel,
  b: PlatformRunModel,
  minW: number,
  maxW: number,
): Crossover[] {
  const diff = (w: number) => totalTimes(a, w).totalS - totalTimes(b, w).totalS;
  const out: Crossover[] = [];
  if (!(minW > 0) || !(maxW > minW)) return out;
  const steps = Math.max(2, Math.ceil(Math.log10(maxW / minW) * CROSSOVER_GRID_PER_DECADE));
  let w0 = minW;
  let d0 = diff(w0);
  for (let n = 1; n <= steps; n++) {
    const w1 = n === steps ? maxW : minW * Math.pow(maxW / minW, n / steps);
    const d1 = diff(w1);
    if (d0 !== 0 && Math.sign(d1) !== Math.sign(d0)) {
      let lo = w0;
      let hi = w1;
      for (let iter = 0; iter < 200 && hi - lo > 1e-14 * hi; iter++) {
        const mid = (lo + hi) / 2;
        if (Math.sign(diff(mid)) === Math.sign(d0)) lo = mid;
        else hi = mid;
      }
      const w = (lo + hi) / 2;
      out.push({
        a: a.id,
        b: b.id,
        workS: w,
        totalS: totalTimes(a, w).totalS,
        fasterBelow: d0 < 0 ? a.id : b.id,
        fasterAbove: d0 < 0 ? b.id : a.id,
      });
    }
    w0 = w1;
    if (d1 !== 0) d0 = d1;
  }
  return out;
}

function milestones(model: PlatformRunModel): PlatformMilestones {
  return {
    id: model.id,
    startAmortisedWorkS: startAmortisedWorkS(model),
    jitAmortisedWorkS: model.jit === null ? null : jitAmortisedWorkS(model.jit),
    jitWarmWorkS: model.jit === null ? null : jitWarmWorkS(model.jit),
  };
}

/** Per platform per program length: times, start share, speed against native, memory; plus crossovers. */
export function sweepProgramLength(
  scenario: ProcessVmScenario,
  lengths: readonly number[],
): ProgramLengthSweep {
  for (const w of lengths) {
    if (!(w > 0) || !Number.isFinite(w))
      throw new RangeError(`program length must be a positive number, got ${w}`);
  }
  const models = scenarioModels(scenario);
  const native = nativeModel(scenario);
  const platforms = models.map((m) => ({
    id: m.id,
    displayName: m.preset.displayName,
    shortName: m.preset.shortName,
    color: m.preset.color,
    dash: m.preset.dash,
    points: lengths.map((w): SweepPoint => {
      const t = totalTimes(m, w);
      return {
        workS: w,
        ...t,
        startShare: t.startS / t.totalS,
        runSlowdown: t.runS / w,
        speedVsNative: totalTimes(native, w).totalS / t.totalS,
        memoryMiB: m.memoryMiB,
      };
    }),
  }));
  const crossovers: Crossover[] = [];
  if (lengths.length >= 2) {
    const minW = Math.min(...lengths);
    const maxW = Math.max(...lengths);
    for (let x = 0; x < models.length; x++) {
      for (let y = x + 1; y < models.length; y++) {
        crossovers.push(...findCrossovers(models[x]!, models[y]!, minW, maxW));
      }
    }
  }
  crossovers.sort((p, q) => p.workS - q.workS);
  return { lengths: [...lengths], platforms, crossovers, milestones: models.map(milestones) };
}

/** `points` lengths spaced evenly in log between min and max (inclusive). */
export function logLengths(minW: number, maxW: number, points: number): number[] {
  if (points < 2) return [minW];
  return Array.from({ length: points }, (_, n) =>
    n === points - 1 ? maxW : minW * Math.pow(maxW / minW, n / (points - 1)),
  );
}

// --- scenario -----------------------------------------------------------------------------

/** About 116 days of bare-metal CPU work: far beyond any break-even, small enough for doubles. */
export const MAX_PROGRAM_WORK_S = 10_000_000;
export const MAX_PROCESS_VM_FRAMES = 10_000;
export const MAX_SWEEP_POINTS = 1_000;

export const ProgramSchema = z.strictObject({
  /** CPU work of the program on bare metal (s). */
  workS: num('program CPU work on bare metal (s)', 0.000001, MAX_PROGRAM_WORK_S),
  /** Share of that work spent in system calls (WINE taxes it). */
  syscallShare: num('system-call share of the work', 0, 1),
  /** The program's own memory (heap, code, data). */
  memoryMiB: num('program memory (MiB)', 1, 1_048_576),
});
export type ProgramSpec = z.infer<typeof ProgramSchema>;

const SweepSchema = z
  .strictObject({
    minWorkS: num('shortest program in the sweep (s)', 0.000001, MAX_PROGRAM_WORK_S),
    maxWorkS: num('longest program in the sweep (s)', 0.000001, MAX_PROGRAM_WORK_S),
    points: int('sweep points', 2, MAX_SWEEP_POINTS),
  })
  .refine((s) => s.maxWorkS > s.minWorkS, {
    message: 'the longest program must be longer than the shortest',
    path: ['maxWorkS'],
  });

export const ProcessVmScenarioSchema = z
  .strictObject({
    schemaVersion: z.literal(1, { error: 'schemaVersion must be 1' }),
    kind: z.literal('process-vm', { error: 'kind must be "process-vm"' }),
    name: z
      .string({ error: 'name must be a string' })
      .max(120, { message: 'name must be at most 120 characters' }),
    program: ProgramSchema,
    platforms: z
      .array(PlatformChoiceSchema, { error: 'platforms must be a list' })
      .min(1, { message: 'choose at least one platform' })
      .max(PROCESS_VM_PLATFORM_IDS.length, {
        message: `choose at most ${PROCESS_VM_PLATFORM_IDS.length} platforms`,
      }),
    /** Frames of the one-run animation. */
    frames: int('frames', 2, MAX_PROCESS_VM_FRAMES),
    /** Log spacing shows both the first milliseconds (starts, JIT warm-up) and the end of a long run. */
    timeAxis: z.enum(['linear', 'log'], { error: 'timeAxis must be "linear" or "log"' }),
    sweep: SweepSchema,
  })
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.platforms.forEach((p, i) => {
      if (!(PROCESS_VM_PLATFORM_IDS as readonly string[]).includes(p.id)) {
        ctx.addIssue({
          code: 'custom',
          message: `platform ${p.id} is not part of this comparison (choose from: ${PROCESS_VM_PLATFORM_IDS.join(', ')})`,
          path: ['platforms', i, 'id'],
        });
      } else if (seen.has(p.id)) {
        ctx.addIssue({
          code: 'custom',
          message: `platform ${p.id} is listed twice`,
          path: ['platforms', i, 'id'],
        });
      }
      seen.add(p.id);
    });
  });
export type ProcessVmScenario = z.infer<typeof ProcessVmScenarioSchema>;

export function parseProcessVmScenario(input: unknown): ParseResult<ProcessVmScenario> {
  return parseWith(ProcessVmScenarioSchema, input);
}

const allPlatforms = (): PlatformChoice[] => PROCESS_VM_PLATFORM_IDS.map((id) => ({ id, overrides: {} }));

export function defaultProcessVmScenario(): ProcessVmScenario {
  return {
    schemaVersion: 1,
    kind: 'process-vm',
    name: 'One-minute batch job',
    program: { workS: 60, syscallShare: 0.05, memoryMiB: 512 },
    platforms: allPlatforms(),
    frames: 400,
    timeAxis: 'log',
    sweep: { minWorkS: 0.001, maxWorkS: 100_000, points: 81 },
  };
}

const withProgram = (name: string, program: ProgramSpec): ProcessVmScenario => ({
  ...defaultProcessVmScenario(),
  name,
  program,
});

export const PROCESS_VM_PRESETS: Array<{
  id: string;
  name: string;
  description: string;
  scenario: ProcessVmScenario;
}> = [
  {
    id: 'short-script',
    name: 'Short script (10 ms)',
    description: 'Start time is everything: a VM boot takes 800x the work, the interpreter wins over any VM.',
    scenario: withProgram('Short script (10 ms)', { workS: 0.01, syscallShare: 0.1, memoryMiB: 32 }),
  },
  {
    id: 'batch-job',
    name: 'One-minute batch job',
    description:
      'A VM boot is down to about a tenth of the time, the JIT has warmed up, the interpreter is still 55x slower.',
    scenario: defaultProcessVmScenario(),
  },
  {
    id: 'long-server',
    name: 'Long-running server (1 h)',
    description:
      'Only the steady-state slowdown matters: the JIT reaches native speed, VMs pay a few percent.',
    scenario: withProgram('Long-running server (1 h)', { workS: 3600, syscallShare: 0.2, memoryMiB: 1024 }),
  },
  {
    id: 'syscall-heavy',
    name: 'Syscall-heavy program',
    description:
      'Most of the work is system calls: WINE’s API translation shows; the JVM and the VMs tax all work alike.',
    scenario: withProgram('Syscall-heavy program (10 s, 70% system calls)', {
      workS: 10,
      syscallShare: 0.7,
      memoryMiB: 128,
    }),
  },
];

// --- the topic simulation -----------------------------------------------------------------

const PHASE = { starting: 0, running: 1, done: 2 } as const;

function frameTimes(horizon: number, frames: number, axis: 'linear' | 'log', tMin: number): number[] {
  if (axis === 'linear') {
    return Array.from({ length: frames }, (_, n) =>
      n === frames - 1 ? horizon : (horizon * n) / (frames - 1),
    );
  }
  // t = 0, then frames - 1 points log-spaced from tMin to the horizon.
  if (frames === 2) return [0, horizon];
  const lo = Math.min(Math.max(tMin, horizon * 1e-12), horizon);
  return [0, ...logLengths(lo, horizon, frames - 1)];
}

/**
 * Plays one run of the program on every chosen platform (axis: simulated seconds since
 * launch). Frame values per platform id: `<id>.progress` (% of the work done), `<id>.speed`
 * (instantaneous speed relative to native, 1 / slowdown; 0 while starting, null once done),
 * `<id>.phase` (0 starting, 1 running, 2 done). Events per platform: `start` [0, start],
 * `run` [start, end], `jit-warm` (the instant the JIT is within 10% of its final speed).
 */
export function createProcessVmSimulation(scenario: ProcessVmScenario, _seed = 0): TopicSimulation {
  const models = scenarioModels(scenario);
  const W = scenario.program.workS;
  const times = models.map((m) => totalTimes(m, W));
  const horizon = Math.max(...times.map((t) => t.totalS));
  const tMin = Math.min(...times.map((t) => Math.min(t.startS, t.totalS))) / 10;
  // frames <= MAX_PROCESS_VM_FRAMES and 3 events per platform: far below MAX_TOPIC_ITEMS.
  const frameT = frameTimes(horizon, scenario.frames, scenario.timeAxis, tMin);

  const events: TopicEvent[] = [];
  models.forEach((m, p) => {
    const t = times[p]!;
    events.push({
      type: 'start',
      start: 0,
      end: t.startS,
      subject: m.id,
      data: { startMs: t.startS * 1000 },
    });
    events.push({
      type: 'run',
      start: t.startS,
      end: t.totalS,
      subject: m.id,
      data: { workS: W, runS: t.runS, slowdown: t.runS / W },
    });
    if (m.jit !== null) {
      const warmW = jitWarmWorkS(m.jit);
      if (warmW < W) {
        events.push({
          type: 'jit-warm',
          start: t.startS + runTimeS(m, warmW),
          subject: m.id,
          data: { workS: warmW, slowdown: instantSlowdown(m, warmW) },
        });
      }
    }
  });
  events.sort((x, y) => x.start - y.start);

  let nextFrame = 0;
  let nextEvent = 0;
  let now = 0;
  let processed = 0;

  const frameAt = (t: number): TopicFrame => {
    const values: TopicFrame['values'] = {};
    models.forEach((m, p) => {
      const tt = times[p]!;
      if (t < tt.startS) {
        values[`${m.id}.progress`] = 0;
        values[`${m.id}.speed`] = 0;
        values[`${m.id}.phase`] = PHASE.starting;
      } else if (t < tt.totalS) {
        const w = Math.min(W, workDoneS(m, t - tt.startS));
        values[`${m.id}.progress`] = (100 * w) / W;
        values[`${m.id}.speed`] = 1 / instantSlowdown(m, w);
        values[`${m.id}.phase`] = PHASE.running;
      } else {
        values[`${m.id}.progress`] = 100;
        values[`${m.id}.speed`] = null;
        values[`${m.id}.phase`] = PHASE.done;
      }
    });
    return { t, values };
  };

  return {
    axis: { unit: 's', label: 'time since launch (s)' },
    horizon,
    get now() {
      return now;
    },
    get done() {
      return now >= horizon;
    },
    get eventsProcessed() {
      return processed;
    },
    advanceTo(until: number): TopicChunk {
      const limit = Math.min(until, horizon);
      const chunk: TopicChunk = { frames: [], events: [] };
      while (nextEvent < events.length && events[nextEvent]!.start <= limit)
        chunk.events.push(events[nextEvent++]!);
      while (nextFrame < frameT.length && frameT[nextFrame]! <= limit)
        chunk.frames.push(frameAt(frameT[nextFrame++]!));
      now = Math.max(now, limit);
      processed += chunk.frames.length + chunk.events.length;
      return chunk;
    },
    summary(): TopicSummary {
      return processVmSummary(scenario, models, times);
    },
  };
}

const round = (x: number, digits = 6): number => Number(x.toPrecision(digits));

function processVmSummary(
  scenario: ProcessVmScenario,
  models: PlatformRunModel[],
  times: RunTimes[],
): TopicSummary {
  const W = scenario.program.workS;
  const native = totalTimes(nativeModel(scenario), W).totalS;
  let best = 0;
  times.forEach((t, p) => {
    if (t.totalS < times[best]!.totalS) best = p;
  });
  const { minWorkS, maxWorkS, points } = scenario.sweep;
  const sweep = sweepProgramLength(scenario, logLengths(minWorkS, maxWorkS, points));
  const name = (id: ProcessVmPlatformId) => models.find((m) => m.id === id)!.preset.shortName;

  const platformsTable: TopicTable = {
    id: 'platforms',
    title: `One run of ${W} s of work`,
    columns: [
      'platform',
      'category',
      'start (s)',
      'run (s)',
      'total (s)',
      'start share (%)',
      'run slowdown (x)',
      'speed vs native (x)',
      'memory (MiB)',
      'host extra (MiB)',
    ],
    rows: models.map((m, p) => {
      const t = times[p]!;
      return [
        m.preset.displayName,
        m.preset.category,
        round(t.startS),
        round(t.runS),
        round(t.totalS),
        round((100 * t.startS) / t.totalS, 4),
        round(t.runS / W, 4),
        round(native / t.totalS, 4),
        round(m.memoryMiB),
        round(m.hostExtraMiB),
      ];
    }),
  };
  const sweepTable: TopicTable = {
    id: 'sweep',
    title: 'Total time (s) against program length (bare-metal CPU s)',
    columns: ['work (s)', ...sweep.platforms.map((p) => p.shortName)],
    rows: sweep.lengths.map((w, n) => [round(w), ...sweep.platforms.map((p) => round(p.points[n]!.totalS))]),
  };
  const crossoverTable: TopicTable = {
    id: 'crossovers',
    title: `Program lengths at which two platforms swap places (${minWorkS}-${maxWorkS} s)`,
    columns: ['work (s)', 'total (s)', 'faster below', 'faster above'],
    rows: sweep.crossovers.map((c) => [
      round(c.workS),
      round(c.totalS),
      name(c.fasterBelow),
      name(c.fasterAbove),
    ]),
  };
  const milestoneTable: TopicTable = {
    id: 'milestones',
    title: 'When fixed costs are amortised (program length, bare-metal CPU s)',
    columns: [
      'platform',
      'start <= 10% of total from',
      'JIT warm-up <= 10% from',
      'JIT within 10% of final speed after',
    ],
    rows: sweep.milestones.map((m) => [
      name(m.id),
      round(m.startAmortisedWorkS),
      m.jitAmortisedWorkS === null ? null : round(m.jitAmortisedWorkS),
      m.jitWarmWorkS === null ? null : round(m.jitWarmWorkS),
    ]),
  };
  const bestModel = models[best]!;
  return {
    metrics: [
      { id: 'program.workS', label: 'Program CPU work (bare metal)', value: W, unit: 's' },
      { id: 'native.totalS', label: 'Native total time', value: round(native), unit: 's' },
      { id: 'fastest', label: 'Fastest platform', value: bestModel.preset.displayName, unit: '' },
      { id: 'fastest.totalS', label: 'Fastest total time', value: round(times[best]!.totalS), unit: 's' },
      ...models.map((m, p) => ({
        id: `${m.id}.totalS`,
        label: `${m.preset.shortName}: total time`,
        value: round(times[p]!.totalS),
        unit: 's',
      })),
    ],
    tables: [platformsTable, crossoverTable, milestoneTable, sweepTable],
  };
}
