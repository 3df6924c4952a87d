import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLATFORM_PRESETS, medianStartMs } from '../sim/platforms';
import {
  PROCESS_VM_CONSTANTS,
  PROCESS_VM_PLATFORM_IDS,
  PROCESS_VM_PRESETS,
  createProcessVmSimulation,
  defaultProcessVmScenario,
  findCrossovers,
  instantSlowdown,
  jitAmortisedWorkS,
  jitWarmWorkS,
  logLengths,
  parseProcessVmScenario,
  platformRunModel,
  runTimeS,
  startAmortisedWorkS,
  sweepProgramLength,
  totalTimes,
  workDoneS,
  type ProcessVmScenario,
} from './process-vm';
import { TopicEventSchema, TopicFrameSchema, TopicSummarySchema } from './wire';

const EXAMPLES = join(import.meta.dirname, '../../examples/topics');
const P = PLATFORM_PRESETS;
const JIT = P['jvm-jit'].jit!;
const program = (syscallShare = 0) => ({ syscallShare, memoryMiB: 100 });
const model = (id: (typeof PROCESS_VM_PLATFORM_IDS)[number], share = 0) =>
  platformRunModel(id, program(share));

/** Composite Simpson's rule, for checking the closed forms. */
function simpson(f: (x: number) => number, a: number, b: number, n = 20_000): number {
  const h = (b - a) / n;
  let sum = f(a) + f(b);
  for (let i = 1; i < n; i++) sum += f(a + i * h) * (i % 2 === 1 ? 4 : 2);
  return (sum * h) / 3;
}

describe('run time of W seconds of work, from the platform presets', () => {
  it('native: exactly W; start = fork/exec', () => {
    for (const W of [0.001, 1, 3600]) expect(runTimeS(model('bare-metal', 0.3), W)).toBe(W);
    expect(model('bare-metal').startS).toBe(medianStartMs(P['bare-metal']) / 1000);
    expect(model('bare-metal').startS).toBe(0.001);
  });

  it('interpreted JVM: W x interpretedSlowdown (55x, Carreira et al. 2021)', () => {
    expect(P['jvm-interpreted'].cpuSlowdown).toBe(55);
    expect(runTimeS(model('jvm-interpreted', 0.2), 10)).toBeCloseTo(10 * 55, 9);
    expect(model('jvm-interpreted').startS).toBeCloseTo(0.501, 12);
  });

  it('WINE: W x (1 - share + share x syscallSlowdown)', () => {
    const slow = P.wine.syscallSlowdown;
    expect(slow).toBe(1.5);
    for (const share of [0, 0.2, 0.7, 1]) {
      expect(runTimeS(model('wine', share), 10)).toBeCloseTo(10 * (1 - share + share * slow), 12);
    }
  });

  it('KVM and VirtualBox: W x cpuSlowdown, plus a guest boot', () => {
    expect(runTimeS(model('kvm'), 100)).toBeCloseTo(100 * (290.8 / 284.2), 9);
    expect(runTimeS(model('virtualbox'), 100)).toBeCloseTo(100 * (290.8 / 241.3) * 1.08, 9);
    expect(model('kvm').startS).toBe(8);
    expect(model('virtualbox').startS).toBe(12);
    expect(model('virtualbox').hostExtraMiB).toBe(2048);
    expect(model('kvm').memoryMiB).toBe(100 + 512 + 131);
  });

  it('JIT: the closed form equals the numeric integral of the instantaneous slowdown (1e-6)', () => {
    const m = model('jvm-jit');
    expect(instantSlowdown(m, 0)).toBe(JIT.interpretedSlowdown);
    for (const W of [0.001, 0.1, 0.25, 1, 5, 30]) {
      const numeric = simpson((w) => instantSlowdown(m, w), 0, W);
      expect(Math.abs(runTimeS(m, W) - numeric) / numeric).toBeLessThan(1e-6);
    }
    // Hand calculation: W = k gives j k + (i - j) k (1 - 1/e).
    expect(runTimeS(m, 0.25)).toBeCloseTo(0.25 + 54 * 0.25 * (1 - Math.exp(-1)), 12);
  });

  it('JIT: for long programs run time / W tends to jitSlowdown; for tiny ones to interpretedSlowdown', () => {
    const m = model('jvm-jit');
    expect(runTimeS(m, 1e6) / 1e6).toBeCloseTo(JIT.jitSlowdown, 4);
    expect(runTimeS(m, 1e6) - 1e6 * JIT.jitSlowdown).toBeCloseTo((55 - 1) * 0.25, 6); // total warm-up cost: (i - j) k
    expect(runTimeS(m, 1e-9) / 1e-9).toBeCloseTo(JIT.interpretedSlowdown, 5);
  });

  it('workDoneS inverts runTimeS', () => {
    for (const id of PROCESS_VM_PLATFORM_IDS) {
      const m = model(id, 0.3);
      for (const W of [1e-5, 0.01, 0.3, 2, 100, 1e5]) {
        expect(Math.abs(workDoneS(m, runTimeS(m, W)) - W) / W).toBeLessThan(1e-9);
      }
    }
    expect(workDoneS(model('jvm-jit'), 0)).toBe(0);
  });

  it('scenario overrides change the preset constants (here the JIT warm-up)', () => {
    const slow = platformRunModel({ id: 'jvm-jit', overrides: { 'jvm.jitWarmupWork': 2.5 } }, program());
    expect(slow.jit!.warmupWorkS).toBe(2.5);
    expect(runTimeS(slow, 1000) - 1000).toBeCloseTo(54 * 2.5, 6);
    expect(() => platformRunModel({ id: 'runc', overrides: {} }, program())).toThrow(
      /not part of the process-VM comparison/,
    );
  });
});

describe('milestones and crossovers', () => {
  it('JIT warm after k ln((i - j) / (0.1 j)) of work; warm-up amortised (<= 10%) at (i - j) k / (0.1 j)', () => {
    expect(PROCESS_VM_CONSTANTS['processVm.jitWarmFactor'].value).toBe(1.1);
    expect(jitWarmWorkS(JIT)).toBeCloseTo(0.25 * Math.log(54 / 0.1), 12);
    expect(instantSlowdown(model('jvm-jit'), jitWarmWorkS(JIT))).toBeCloseTo(1.1, 12);
    // e^(-W/k) is negligible there, so the closed form is exact to double precision.
    expect(jitAmortisedWorkS(JIT)).toBeCloseTo((54 * 0.25) / 0.1, 6);
    expect(jitAmortisedWorkS({ interpretedSlowdown: 1, jitSlowdown: 1, warmupWorkS: 1 })).toBe(0);
  });

  it('a VM boot is amortised (<= 10% of the total) from 9 x boot / slowdown of work', () => {
    const kvm = model('kvm');
    expect(startAmortisedWorkS(kvm)).toBeCloseTo((8 * 9) / kvm.mix, 9);
    const t = totalTimes(kvm, startAmortisedWorkS(kvm));
    expect(t.startS / t.totalS).toBeCloseTo(0.1, 9);
  });

  it('short programs: the interpreter beats a KVM guest because the boot dominates; crossover between hand bounds', () => {
    const interp = model('jvm-interpreted');
    const kvm = model('kvm');
    expect(totalTimes(interp, 0.01).totalS).toBeLessThan(totalTimes(kvm, 0.01).totalS);
    expect(totalTimes(model('bare-metal'), 0.01).totalS).toBeLessThan(totalTimes(kvm, 0.01).totalS);
    const [x, ...rest] = findCrossovers(interp, kvm, 1e-4, 1e4);
    expect(rest).toEqual([]);
    // 0.501 + 55 W = 8 + 1.0232 W; bounds from slowdowns 55 and 55 - 1.1, starts 7.499 and 8.
    expect(x!.workS).toBeGreaterThan((8 - 0.501) / 55);
    expect(x!.workS).toBeLessThan(8 / (55 - 1.1));
    expect(x!.workS).toBeCloseTo((8 - 0.501) / (55 - kvm.mix), 9);
    expect(x).toMatchObject({ fasterBelow: 'jvm-interpreted', fasterAbove: 'kvm' });
    // Bare metal is faster than KVM at every length: no crossover.
    expect(findCrossovers(model('bare-metal'), kvm, 1e-6, 1e7)).toEqual([]);
  });

  it('JIT against KVM crosses twice: boot first, then the warm-up debt is paid off by the 2.3% VM tax', () => {
    const jit = model('jvm-jit');
    const kvm = model('kvm');
    const xs = findCrossovers(jit, kvm, 1e-3, 1e5);
    expect(xs.map((x) => [x.fasterBelow, x.fasterAbove])).toEqual([
      ['jvm-jit', 'kvm'],
      ['kvm', 'jvm-jit'],
    ]);
    // Long programs: 0.501 + W + 13.5 = 8 + 1.0232 W (e^(-W/k) negligible).
    expect(xs[1]!.workS).toBeCloseTo((0.501 + 54 * 0.25 - 8) / (kvm.mix - 1), 6);
    expect(xs[1]!.workS).toBeGreaterThan(250);
    expect(xs[1]!.workS).toBeLessThan(265);
    expect(xs[0]!.workS).toBeGreaterThan((8 - 0.501) / 55);
    expect(xs[0]!.workS).toBeLessThan(1);
  });

  it('the JIT never loses to the interpreter (its slowdown never exceeds it)', () => {
    expect(findCrossovers(model('jvm-jit'), model('jvm-interpreted'), 1e-6, 1e7)).toEqual([]);
    for (const W of logLengths(1e-6, 1e7, 27)) {
      expect(runTimeS(model('jvm-jit'), W)).toBeLessThanOrEqual(runTimeS(model('jvm-interpreted'), W));
    }
  });
});

describe('sweepProgramLength', () => {
  const scenario = defaultProcessVmScenario();
  const lengths = logLengths(0.001, 100_000, 81);
  const sweep = sweepProgramLength(scenario, lengths);
  const platform = (id: string) => sweep.platforms.find((p) => p.id === id)!;

  it('gives every platform every length, with total = start + run and speed against native', () => {
    expect(lengths[0]).toBe(0.001);
    expect(lengths.at(-1)).toBe(100_000);
    expect(sweep.platforms.map((p) => p.id)).toEqual([...PROCESS_VM_PLATFORM_IDS]);
    for (const p of sweep.platforms) {
      expect(p.points).toHaveLength(81);
      for (const pt of p.points) {
        expect(pt.totalS).toBeCloseTo(pt.startS + pt.runS, 9);
        expect(pt.startShare).toBeCloseTo(pt.startS / pt.totalS, 12);
        expect(pt.speedVsNative).toBeCloseTo((0.001 + pt.workS) / pt.totalS, 9);
      }
    }
    expect(platform('bare-metal').points.every((pt) => pt.speedVsNative === 1)).toBe(true);
    // Start share falls with length; the JIT's average slowdown falls towards 1.
    const kvm = platform('kvm').points;
    expect(kvm[0]!.startShare).toBeGreaterThan(0.99);
    expect(kvm.at(-1)!.startShare).toBeLessThan(0.001);
    expect(platform('jvm-jit').points.at(-1)!.runSlowdown).toBeCloseTo(1, 3);
  });

  it('lists the crossovers in the range, by length, and the milestones', () => {
    const ws = sweep.crossovers.map((c) => c.workS);
    expect(ws).toEqual([...ws].sort((a, b) => a - b));
    expect(ws.every((w) => w >= 0.001 && w <= 100_000)).toBe(true);
    const pair = (a: string, b: string) => sweep.crossovers.filter((c) => c.a === a && c.b === b);
    expect(pair('jvm-interpreted', 'kvm')).toHaveLength(1);
    expect(pair('jvm-jit', 'kvm')).toHaveLength(2);
    // JIT vs WINE (no system calls taxed by WINE at 5%): 0.501 + W + 13.5 = 1.501 + 1.025 W -> W = 500.
    expect(pair('jvm-jit', 'wine').at(-1)!.workS).toBeCloseTo(12.5 / 0.025, 6);
    const jit = sweep.milestones.find((m) => m.id === 'jvm-jit')!;
    expect(jit.jitAmortisedWorkS).toBeCloseTo(135, 6);
    expect(sweep.milestones.find((m) => m.id === 'kvm')!.jitWarmWorkS).toBeNull();
  });

  it('rejects non-positive lengths', () => {
    expect(() => sweepProgramLength(scenario, [1, 0])).toThrow(/positive/);
  });
});

describe('createProcessVmSimulation: one run on a time axis', () => {
  it('frames: progress from 0 to 100 %, speed 1/slowdown while running, the JIT speeding up', () => {
    const sim = createProcessVmSimulation(defaultProcessVmScenario(), 1);
    expect(sim.axis.unit).toBe('s');
    // The interpreter is last: 0.501 + 55 x 60 s.
    expect(sim.horizon).toBeCloseTo(0.501 + 55 * 60, 9);
    const { frames, events } = sim.advanceTo(Number.POSITIVE_INFINITY);
    expect(sim.done).toBe(true);
    expect(frames).toHaveLength(400);
    expect(frames[0]!.t).toBe(0);
    expect(frames.at(-1)!.t).toBe(sim.horizon);
    for (const f of frames) expect(TopicFrameSchema.safeParse(f).success).toBe(true);
    for (let n = 1; n < frames.length; n++) {
      expect(frames[n]!.t).toBeGreaterThan(frames[n - 1]!.t);
      for (const id of PROCESS_VM_PLATFORM_IDS) {
        expect(frames[n]!.values[`${id}.progress`]!).toBeGreaterThanOrEqual(
          frames[n - 1]!.values[`${id}.progress`]!,
        );
      }
    }
    const last = frames.at(-1)!.values;
    for (const id of PROCESS_VM_PLATFORM_IDS) {
      expect(last[`${id}.progress`]).toBe(100);
      expect(last[`${id}.speed`]).toBeNull();
      expect(last[`${id}.phase`]).toBe(2);
    }
    const running = (id: string) => frames.filter((f) => f.values[`${id}.phase`] === 1);
    for (const f of running('jvm-interpreted'))
      expect(f.values['jvm-interpreted.speed']).toBeCloseTo(1 / 55, 12);
    const jitSpeeds = running('jvm-jit').map((f) => f.values['jvm-jit.speed']!);
    expect(jitSpeeds[0]!).toBeLessThan(0.05);
    expect(jitSpeeds.at(-1)!).toBeGreaterThan(0.99);
    for (let n = 1; n < jitSpeeds.length; n++)
      expect(jitSpeeds[n]!).toBeGreaterThanOrEqual(jitSpeeds[n - 1]!);
    // Progress at a frame agrees with the closed form.
    const kvm = platformRunModel('kvm', defaultProcessVmScenario().program);
    const mid = running('kvm')[Math.floor(running('kvm').length / 2)]!;
    expect(mid.values['kvm.progress']).toBeCloseTo((100 * (mid.t - 8)) / kvm.mix / 60, 9);

    expect(events.map((e) => e.type).filter((t) => t === 'start')).toHaveLength(6);
    const warm = events.find((e) => e.type === 'jit-warm')!;
    expect(warm.start).toBeCloseTo(
      0.501 + runTimeS(platformRunModel('jvm-jit', program()), jitWarmWorkS(JIT)),
      9,
    );
    const vboxRun = events.find((e) => e.type === 'run' && e.subject === 'virtualbox')!;
    expect(vboxRun.start).toBe(12);
    for (const e of events) expect(TopicEventSchema.safeParse(e).success).toBe(true);
    expect(sim.eventsProcessed).toBe(frames.length + events.length);
  });

  it('chunked runs equal one run, and the output is deterministic', () => {
    const scenario: ProcessVmScenario = { ...defaultProcessVmScenario(), timeAxis: 'linear', frames: 250 };
    const whole = createProcessVmSimulation(scenario, 1);
    const all = whole.advanceTo(Number.POSITIVE_INFINITY);
    const parts = createProcessVmSimulation(scenario, 2);
    const frames = [];
    const events = [];
    for (let t = 0; !parts.done; t += parts.horizon / 7) {
      const c = parts.advanceTo(t);
      frames.push(...c.frames);
      events.push(...c.events);
    }
    expect({ frames, events }).toEqual(all);
    expect(all.frames[1]!.t).toBeCloseTo(whole.horizon / 249, 9);
    expect(JSON.stringify(parts.summary())).toBe(JSON.stringify(whole.summary()));
  });

  it('two frames (either axis) are the launch and the end of the slowest run', () => {
    for (const timeAxis of ['linear', 'log'] as const) {
      const sim = createProcessVmSimulation({ ...defaultProcessVmScenario(), frames: 2, timeAxis });
      expect(sim.advanceTo(Number.POSITIVE_INFINITY).frames.map((f) => f.t)).toEqual([0, sim.horizon]);
    }
  });

  it('summary: per-platform table, crossovers, milestones and the sweep', () => {
    const s = createProcessVmSimulation(
      PROCESS_VM_PRESETS.find((p) => p.id === 'short-script')!.scenario,
    ).summary();
    expect(TopicSummarySchema.safeParse(s).success).toBe(true);
    expect(s.metrics.find((m) => m.id === 'fastest')!.value).toBe('Bare metal (native process)');
    expect(s.metrics.find((m) => m.id === 'kvm.totalS')!.value).toBeCloseTo(8 + 0.01 * (290.8 / 284.2), 4);
    expect(s.tables.map((t) => t.id)).toEqual(['platforms', 'crossovers', 'milestones', 'sweep']);
    const sweep = s.tables.find((t) => t.id === 'sweep')!;
    expect(sweep.rows).toHaveLength(81);
    expect(sweep.columns).toHaveLength(7);
  });
});

describe('scenario', () => {
  const base = (): Record<string, unknown> => structuredClone(defaultProcessVmScenario()) as never;
  const errorOf = (input: unknown): string => {
    const r = parseProcessVmScenario(input);
    expect(r.ok).toBe(false);
    return r.ok ? '' : r.error;
  };

  it('the default and the presets parse unchanged', () => {
    expect(parseProcessVmScenario(defaultProcessVmScenario())).toEqual({
      ok: true,
      value: defaultProcessVmScenario(),
    });
    expect(PROCESS_VM_PRESETS.map((p) => p.id)).toEqual([
      'short-script',
      'batch-job',
      'long-server',
      'syscall-heavy',
    ]);
    for (const p of PROCESS_VM_PRESETS)
      expect(parseProcessVmScenario(p.scenario)).toEqual({ ok: true, value: p.scenario });
  });

  it('reports the field and its range', () => {
    const withProgram = (program: Record<string, unknown>) => ({
      ...base(),
      program: { ...defaultProcessVmScenario().program, ...program },
    });
    expect(errorOf(withProgram({ workS: 0 }))).toBe(
      'program.workS: program CPU work on bare metal (s) must be at least 0.000001',
    );
    expect(errorOf(withProgram({ workS: 1e8 }))).toBe(
      'program.workS: program CPU work on bare metal (s) must be at most 10000000',
    );
    expect(errorOf(withProgram({ syscallShare: 1.5 }))).toBe(
      'program.syscallShare: system-call share of the work must be at most 1',
    );
    expect(errorOf(withProgram({ memoryMiB: 'lots' }))).toBe(
      'program.memoryMiB: program memory (MiB) must be a number',
    );
    expect(errorOf({ ...base(), frames: 1 })).toBe('frames: frames must be at least 2');
    expect(errorOf({ ...base(), frames: 2.5 })).toBe('frames: frames must be a whole number');
    expect(errorOf({ ...base(), timeAxis: 'sqrt' })).toBe('timeAxis: timeAxis must be "linear" or "log"');
    expect(errorOf({ ...base(), kind: 'interfaces' })).toBe('kind: kind must be "process-vm"');
    expect(errorOf({ ...base(), sweep: { minWorkS: 10, maxWorkS: 1, points: 10 } })).toBe(
      'sweep.maxWorkS: the longest program must be longer than the shortest',
    );
    expect(errorOf({ ...base(), sweep: { minWorkS: 1, maxWorkS: 10, points: 1 } })).toBe(
      'sweep.points: sweep points must be at least 2',
    );
    expect(errorOf({ ...base(), platforms: [] })).toBe('platforms: choose at least one platform');
    expect(errorOf({ ...base(), platforms: [{ id: 'runc', overrides: {} }] })).toBe(
      'platforms.0.id: platform runc is not part of this comparison (choose from: bare-metal, jvm-interpreted, jvm-jit, wine, kvm, virtualbox)',
    );
    expect(
      errorOf({
        ...base(),
        platforms: [
          { id: 'kvm', overrides: {} },
          { id: 'kvm', overrides: {} },
        ],
      }),
    ).toBe('platforms.1.id: platform kvm is listed twice');
    expect(
      errorOf({ ...base(), platforms: [{ id: 'jvm-jit', overrides: { 'jvm.jitWarmupWork': -1 } }] }),
    ).toBe(
      'platforms.0.overrides["jvm.jitWarmupWork"]: jvm.jitWarmupWork must be from 0.000001 to 100000 (bare-metal CPU-s per instance)',
    );
  });

  it('example files round-trip through the schema and run', () => {
    const files = readdirSync(EXAMPLES).filter((f) => f.startsWith('process-vm-') && f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const file of files) {
      const data: unknown = JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8'));
      const parsed = parseProcessVmScenario(data);
      expect(parsed, file).toEqual({ ok: true, value: data });
      if (!parsed.ok) continue;
      const sim = createProcessVmSimulation(parsed.value, 1);
      const { frames } = sim.advanceTo(sim.horizon);
      expect(frames).toHaveLength(parsed.value.frames);
      expect(sim.done).toBe(true);
    }
  });
});
