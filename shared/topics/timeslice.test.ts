import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MAX_EVENTS,
  MAX_FRAMES,
  NICE_TO_WEIGHT,
  TIMESLICE_CONSTANTS,
  TIMESLICE_PRESETS,
  cfsPeriodNs,
  createTimesliceSimulation,
  defaultTimesliceScenario,
  expandTasks,
  niceWeight,
  parseTimesliceScenario,
  runTimeslice,
  schedulerTunables,
  sweepQuantum,
  sweepTasks,
  type TaskGroup,
  type TimesliceScenario,
} from './timeslice';
import { MAX_TOPIC_ITEMS, type TopicChunk, type TopicSimulation } from './types';

const group = (name: string, count: number, burstMs: number, rest: Partial<TaskGroup> = {}): TaskGroup => ({
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
});

const scenario = (tasks: TaskGroup[], rest: Partial<TimesliceScenario> = {}): TimesliceScenario => ({
  ...defaultTimesliceScenario(),
  contextSwitchUs: 0,
  tasks,
  ...rest,
});

/** Advances in steps of `step` seconds until done, collecting everything. */
function drain(sim: TopicSimulation, step: number): TopicChunk {
  const out: TopicChunk = { frames: [], events: [] };
  for (let guard = 0; !sim.done && guard < 1e6; guard++) {
    const chunk = sim.advanceTo(sim.now + step);
    // One by one: a chunk may hold more items than a spread can pass as arguments.
    for (const f of chunk.frames) out.frames.push(f);
    for (const e of chunk.events) out.events.push(e);
  }
  return out;
}

const byName = (r: ReturnType<typeof runTimeslice>, name: string) => r.perTask.find((t) => t.name === name)!;

describe('kernel constants', () => {
  it('uses the kernel weight table: nice 0 = 1024, about 1.25x per step', () => {
    expect(NICE_TO_WEIGHT).toHaveLength(40);
    expect(niceWeight(0)).toBe(1024);
    expect(niceWeight(5)).toBe(335);
    expect(niceWeight(-20)).toBe(88761);
    expect(niceWeight(19)).toBe(15);
    for (let nice = -20; nice < 19; nice++) {
      const ratio = niceWeight(nice) / niceWeight(nice + 1);
      expect(ratio).toBeGreaterThan(1.15);
      expect(ratio).toBeLessThan(1.32);
    }
  });

  it('scales latency, granularity and base slice by 1 + ilog2(min(ncpus, 8))', () => {
    const factors = [1, 2, 3, 4, 8, 16, 64].map((c) => schedulerTunables(c).factor);
    expect(factors).toEqual([1, 2, 2, 3, 4, 4, 4]);
    const four = schedulerTunables(4);
    expect(four.latencyNs).toBe(18_000_000);
    expect(four.minGranularityNs).toBe(2_250_000);
    expect(four.wakeupGranularityNs).toBe(3_000_000);
    expect(four.baseSliceNs).toBe(2_250_000);
    expect(schedulerTunables(64).latencyNs).toBe(24_000_000);
  });

  it('stretches the CFS period to n x minimum granularity above 8 tasks', () => {
    const one = schedulerTunables(1);
    expect(cfsPeriodNs(2, one)).toBe(6_000_000);
    expect(cfsPeriodNs(8, one)).toBe(6_000_000);
    expect(cfsPeriodNs(9, one)).toBe(6_750_000);
    expect(cfsPeriodNs(20, one)).toBe(15_000_000);
  });

  it('cites every constant', () => {
    for (const c of Object.values(TIMESLICE_CONSTANTS)) expect(c.source.length).toBeGreaterThan(10);
  });
});

describe('round robin', () => {
  it('completes task i at (b/q - 1) n q + (i + 1) q with zero switch cost', () => {
    for (const [n, b, q] of [
      [5, 50, 10],
      [3, 40, 4],
      [8, 30, 30],
    ] as const) {
      const r = runTimeslice(scenario([group('T', n, b)], { quantumMs: q }), 1);
      r.perTask.forEach((t, i) => expect(t.completionMs).toBeCloseTo((b / q - 1) * n * q + (i + 1) * q, 9));
      expect(r.contextSwitches).toBe((n * b) / q);
    }
  });

  it('with switch cost s, the last task finishes at n b + switches x s exactly', () => {
    const n = 5;
    const b = 50;
    const q = 10;
    const s = 3.5;
    const r = runTimeslice(scenario([group('T', n, b)], { quantumMs: q, contextSwitchUs: s }), 1);
    expect(r.contextSwitches).toBe((n * b) / q);
    expect(r.elapsedMs).toBe(n * b + (r.contextSwitches * s) / 1000); // 250.0875 ms
    expect(r.overheadPct).toBeCloseTo((100 * 25 * 0.0035) / 250.0875, 12);
  });

  it('a tiny quantum spends s / (q + s) of the CPU on switching', () => {
    const r = runTimeslice(scenario([group('T', 5, 50)], { quantumMs: 0.01, contextSwitchUs: 3.5 }), 1);
    expect(r.overheadPct).toBeCloseTo((100 * 3.5) / 13.5, 9);
    expect(r.elapsedMs).toBeCloseTo(250 * (13.5 / 10), 9);
    expect(r.utilisationPct).toBeCloseTo(100, 9);
  });

  it('mean response is q (n - 1) / 2 and grows with n and q', () => {
    const base = scenario([group('T', 4, 100)]);
    const quanta = [1, 5, 10, 25];
    const points = sweepQuantum(base, quanta, 1);
    points.forEach((p, k) => expect(p.meanResponse).toBeCloseTo((quanta[k]! * 3) / 2, 9));
    for (let k = 1; k < points.length; k++)
      expect(points[k]!.meanResponse!).toBeGreaterThan(points[k - 1]!.meanResponse!);
    // Same total work, zero switch cost: throughput does not depend on the quantum.
    for (const p of points) expect(p.throughput).toBeCloseTo(4 / 0.4, 9);

    const counts = [1, 2, 4, 8, 16];
    const byCount = sweepTasks(scenario([group('T', 4, 100)], { quantumMs: 10 }), counts);
    byCount.forEach((p, k) => {
      expect(p.tasks).toBe(counts[k]);
      expect(p.meanResponse).toBeCloseTo((10 * (counts[k]! - 1)) / 2, 9);
    });
  });

  it('with switch cost, overhead falls and throughput rises as the quantum grows', () => {
    const points = sweepQuantum(
      scenario([group('T', 5, 50)], { contextSwitchUs: 3.5 }),
      [0.01, 0.1, 1, 10],
      1,
    );
    for (let k = 1; k < points.length; k++) {
      expect(points[k]!.overheadPct!).toBeLessThan(points[k - 1]!.overheadPct!);
      expect(points[k]!.throughput!).toBeGreaterThan(points[k - 1]!.throughput!);
    }
    expect(points[0]!.overheadPct).toBeCloseTo((100 * 3.5) / 13.5, 9);
  });
});

describe('FCFS', () => {
  it('runs tasks to completion in arrival order', () => {
    const s = scenario(
      [group('A', 1, 50), group('B', 1, 20, { arrivalMs: 10 }), group('C', 1, 10, { arrivalMs: 20 })],
      { policy: 'fcfs' },
    );
    const r = runTimeslice(s, 1);
    expect(r.perTask.map((t) => t.completionMs)).toEqual([50, 70, 80]);
    expect(r.perTask.map((t) => t.turnaroundMs)).toEqual([50, 60, 60]);
    expect(r.perTask.map((t) => t.waitingMs)).toEqual([0, 40, 50]);
    expect(r.perTask.map((t) => t.responseMs)).toEqual([0, 40, 50]);
    expect(r.meanTurnaroundMs).toBeCloseTo(170 / 3, 12);
    expect(r.throughput).toBeCloseTo(3 / 0.08, 9);
    expect(r.contextSwitches).toBe(3);
  });

  it('an I/O-bound task alone finishes at burst + (cycles - 1) x I/O wait', () => {
    const s = scenario([group('io', 1, 10, { ioRunMs: 2, ioBlockMs: 3 })], { policy: 'fcfs' });
    const r = runTimeslice(s, 1);
    expect(r.perTask[0]!.completionMs).toBe(10 + 4 * 3);
    expect(r.perTask[0]!.waitingMs).toBe(0);
    expect(r.utilisationPct).toBeCloseTo((100 * 10) / 22, 9);
  });
});

describe('CFS', () => {
  it('gives equal tasks slices of latency / n (n <= 8) and min granularity above 8', () => {
    const two = runTimeslice(scenario([group('T', 2, 30)], { policy: 'cfs' }), 1);
    // 6 ms period / 2 tasks = 3 ms slices: round robin with q = 3 ms.
    expect(byName(two, 'T2').firstRunMs).toBe(3);
    expect(byName(two, 'T1').completionMs).toBe(9 * 2 * 3 + 3);
    expect(byName(two, 'T2').completionMs).toBe(60);
    const ten = runTimeslice(scenario([group('T', 10, 15)], { policy: 'cfs' }), 1);
    // Period 10 x 0.75 ms: task i first runs at i x 0.75 ms.
    ten.perTask.forEach((t, i) => expect(t.firstRunMs).toBeCloseTo(i * 0.75, 9));
  });

  it('shares the CPU 1024 : 335 between nice 0 and nice 5 while both run', () => {
    const s = scenario([group('n0', 1, 600), group('n5', 1, 600, { nice: 5 })], { policy: 'cfs' });
    const r = runTimeslice(s, 1);
    const ratio = byName(r, 'n0').cpuSharePct! / byName(r, 'n5').cpuSharePct!;
    expect(ratio).toBeCloseTo(1024 / 335, 1);
    expect(Math.abs(ratio / (1024 / 335) - 1)).toBeLessThan(0.01);
    expect(byName(r, 'n0').cpuSharePct! + byName(r, 'n5').cpuSharePct!).toBeCloseTo(100, 9);
    // Shares in proportion to weight: the weighted index is 1, the raw one is not.
    expect(r.jainWeighted).toBeGreaterThan(0.9999);
    expect(r.jain).toBeLessThan(0.8);
  });

  it('splits a 4-core machine as C per-core queues: 8 equal tasks get 9 ms slices', () => {
    // factor 3: latency 18 ms; 2 tasks per core -> 9 ms each.
    const r = runTimeslice(scenario([group('T', 8, 18)], { policy: 'cfs', cores: 4 }), 1);
    expect(r.perTask.slice(4).map((t) => t.firstRunMs)).toEqual([9, 9, 9, 9]);
    expect(r.elapsedMs).toBe(36);
  });

  it('lets a waking task preempt a CPU hog that is ahead by more than the wakeup granularity', () => {
    const s = scenario(
      [group('hog', 1, 100), group('ui', 1, 5, { ioRunMs: 1, ioBlockMs: 10, arrivalMs: 0.5 })],
      {
        policy: 'cfs',
      },
    );
    const r = runTimeslice(s, 1);
    const ui = byName(r, 'ui');
    // On arrival it starts at min_vruntime, the hog's own virtual time: no lead, no preemption;
    // it waits for the end of the hog's 6 ms slice (one runnable task: the whole period).
    expect(ui.responseMs).toBe(5.5);
    // After each 10 ms sleep the hog is more than 1 ms ahead: every wake-up preempts at once.
    expect(r.maxWakeLatencyMs).toBe(5.5);
    expect(ui.meanWakeLatencyMs).toBe(5.5 / 5);
    expect(ui.completionMs).toBe(0.5 + 5.5 + 5 + 4 * 10);
  });

  it('with a 250 Hz tick, notices an expired slice only at the next tick', () => {
    const r = runTimeslice(scenario([group('T', 2, 16)], { policy: 'cfs', tickHz: 250 }), 1);
    // 3 ms slices become 4 ms: T2 first runs at 4 ms; 16 ms each, alternating.
    expect(byName(r, 'T2').firstRunMs).toBe(4);
    expect(byName(r, 'T1').completionMs).toBe(28);
    expect(r.contextSwitches).toBe(8);
  });
});

describe('EEVDF', () => {
  it('gives a new task half a base slice first, then full slices', () => {
    const r = runTimeslice(scenario([group('T', 2, 3)], { policy: 'eevdf' }), 1);
    // T1 0-0.375, T2 0.375-0.75 (half slices), then 0.75 ms each in turn; T1 has 0.375 ms
    // left at 5.25 ms and T2 finishes at 6 ms: five dispatches each.
    expect(byName(r, 'T2').firstRunMs).toBe(0.375);
    expect(byName(r, 'T1').completionMs).toBe(5.625);
    expect(byName(r, 'T2').completionMs).toBe(6);
    expect(r.contextSwitches).toBe(10);
  });

  it('with a 250 Hz tick, serves 0.75 ms requests in 4 ms ticks', () => {
    const r = runTimeslice(scenario([group('T', 2, 8)], { policy: 'eevdf', tickHz: 250 }), 1);
    expect(byName(r, 'T2').firstRunMs).toBe(4);
    expect(r.elapsedMs).toBe(16);
    expect(r.contextSwitches).toBe(4);
  });

  it('shares the CPU in proportion to weight too', () => {
    const s = scenario([group('n0', 1, 600), group('n5', 1, 600, { nice: 5 })], { policy: 'eevdf' });
    const r = runTimeslice(s, 1);
    const ratio = byName(r, 'n0').cpuSharePct! / byName(r, 'n5').cpuSharePct!;
    expect(Math.abs(ratio / (1024 / 335) - 1)).toBeLessThan(0.02);
  });
});

describe('fairness and parallelism', () => {
  it("gives Jain's index ~1 for equal-weight CPU-bound tasks under CFS and EEVDF", () => {
    for (const policy of ['cfs', 'eevdf'] as const) {
      for (const cores of [1, 2]) {
        const r = runTimeslice(scenario([group('T', 6, 120)], { policy, cores, contextSwitchUs: 3.5 }), 1);
        expect(r.jain).toBeGreaterThan(0.995);
        expect(r.jain).toBeLessThanOrEqual(1);
      }
    }
  });

  it('runs n <= C tasks without waiting, whatever the policy', () => {
    for (const policy of ['fcfs', 'rr', 'cfs', 'eevdf'] as const) {
      const s = scenario([group('T', 4, 30, { interArrivalMs: 1 })], { policy, cores: 4, quantumMs: 5 });
      const r = runTimeslice(s, 1);
      for (const t of r.perTask) {
        expect(t.waitingMs).toBe(0);
        expect(t.responseMs).toBe(0);
        expect(t.turnaroundMs).toBe(30);
      }
      // With a switch cost, each task waits exactly one switch (idle core -> task).
      const costly = runTimeslice({ ...s, contextSwitchUs: 3.5 }, 1);
      for (const t of costly.perTask) expect(t.waitingMs).toBeCloseTo(0.0035, 12);
    }
  });

  it('keeps every core busy with a global queue: 16 x 50 ms on 4 cores take 200 ms', () => {
    const r = runTimeslice(scenario([group('T', 16, 50)], { cores: 4 }), 1);
    expect(r.elapsedMs).toBe(200);
    expect(r.utilisationPct).toBeCloseTo(100, 9);
  });
});

describe('the streamed simulation', () => {
  it('ends when the last task completes and emits frames, slices and switches', () => {
    const s = scenario([group('T', 5, 50)], { contextSwitchUs: 3.5 });
    const sim = createTimesliceSimulation(s, 1);
    expect(sim.axis.unit).toBe('s');
    expect(sim.horizon).toBeCloseTo(0.2500875, 12);
    const out = drain(sim, 0.013);
    expect(sim.done).toBe(true);
    expect(sim.now).toBe(sim.horizon);
    expect(out.frames).toHaveLength(51); // 50 at 5 ms steps, then the horizon
    const last = out.frames.at(-1)!;
    expect(last.t).toBe(sim.horizon);
    expect(last.values['tasks.completed']).toBe(5);
    // Useful CPU over all frames = the work done.
    let useful = 0;
    let prev = 0;
    for (const f of out.frames) {
      useful += f.values['cpu.useful']! * (f.t - prev);
      prev = f.t;
    }
    expect(useful).toBeCloseTo(0.25, 9);
    const slices = out.events.filter((e) => e.type === 'slice');
    const switches = out.events.filter((e) => e.type === 'switch');
    expect(slices).toHaveLength(25);
    expect(switches).toHaveLength(25);
    expect(slices[0]).toEqual({
      type: 'slice',
      subject: 'T1',
      start: 0.0000035,
      end: 0.0100035,
      data: { core: 0, reason: 'expired' },
    });
    expect(switches[1]!.data).toEqual({ core: 0, from: 'T1' });
    expect(slices.at(-1)!.data!['reason']).toBe('finished');
    const summary = sim.summary();
    const metric = (id: string) => summary.metrics.find((m) => m.id === id)!.value;
    expect(metric('switches')).toBe(25);
    expect(metric('makespan')).toBe(250.0875);
    expect(summary.tables[0]!.rows).toHaveLength(5);
    expect(summary.tables[0]!.rows[0]!.slice(0, 3)).toEqual(['T1', 0, 50]);
  });

  it('frames show the switching share and the queue of a tiny quantum', () => {
    const s = TIMESLICE_PRESETS.find((p) => p.id === 'tiny-quantum')!.scenario;
    const out = drain(createTimesliceSimulation(s, 1), 0.05);
    const mid = out.frames[20]!.values;
    expect(mid['cpu.switching']).toBeCloseTo(3.5 / 13.5, 2);
    expect(mid['cpu.useful']).toBeCloseTo(10 / 13.5, 2);
    expect(mid['cpu.idle']).toBeCloseTo(0, 9);
    expect(mid['queue.waiting']).toBeCloseTo(4, 9);
    expect(mid['switches']).toBeCloseTo(5 / 0.0135, -1); // 5 ms / 13.5 us
  });

  it('gives the same output whatever the chunk size', () => {
    const s = TIMESLICE_PRESETS.find((p) => p.id === 'eevdf-vs-cfs')!.scenario;
    const a = drain(createTimesliceSimulation(s, 3), 0.001);
    const b = drain(createTimesliceSimulation(s, 3), 10);
    expect(b).toEqual(a);
  });

  it('is deterministic for a seed, and the seed matters when tasks are drawn', () => {
    const s = scenario(
      [group('T', 12, 40, { burstJitter: 0.5, interArrivalMs: 3, arrivalProcess: 'poisson' })],
      {
        policy: 'cfs',
        contextSwitchUs: 3.5,
      },
    );
    const run = (seed: number) => {
      const sim = createTimesliceSimulation(s, seed);
      return { out: drain(sim, 0.02), summary: sim.summary() };
    };
    expect(run(7)).toEqual(run(7));
    expect(run(8).summary).not.toEqual(run(7).summary);
    expect(expandTasks(s, 7)).toEqual(expandTasks(s, 7));
  });

  it('caps Gantt events, reports it, and stays within MAX_TOPIC_ITEMS', () => {
    expect(MAX_FRAMES + MAX_EVENTS).toBeLessThanOrEqual(MAX_TOPIC_ITEMS);
    const s = scenario([group('T', 5, 200)], {
      quantumMs: 0.01,
      contextSwitchUs: 3.5,
      sampleIntervalMs: 0.01,
    });
    const sim = createTimesliceSimulation(s, 1);
    const out = drain(sim, 1);
    expect(out.events).toHaveLength(MAX_EVENTS);
    expect(out.frames.length).toBeLessThanOrEqual(MAX_FRAMES + 1);
    const truncated = sim.summary().metrics.find((m) => m.id === 'gantt.truncated');
    // 5 arrivals, 100,000 switches and 100,000 slices (5 x 200 ms / 10 us).
    expect(truncated?.value).toBe(5 + 2 * 100_000 - MAX_EVENTS);
    expect(sim.summary().metrics.find((m) => m.id === 'frameInterval')?.value).toBe(0.135);
  });

  it('runs every preset to completion', () => {
    for (const p of TIMESLICE_PRESETS) {
      expect(parseTimesliceScenario(p.scenario).ok).toBe(true);
      const sim = createTimesliceSimulation(p.scenario, 1);
      drain(sim, 1);
      const completed = sim.summary().metrics.find((m) => m.id === 'completed')!.value;
      expect(completed).toBe(expandTasks(p.scenario, 1).length);
    }
  });
});

describe('scenario schema', () => {
  const errorOf = (input: unknown) => {
    const r = parseTimesliceScenario(input);
    expect(r.ok).toBe(false);
    return r.ok ? '' : r.error;
  };
  const base = defaultTimesliceScenario();

  it('accepts the default and names each bad field with its range', () => {
    expect(parseTimesliceScenario(base).ok).toBe(true);
    expect(errorOf({ ...base, cores: 0 })).toBe('cores: cores must be at least 1');
    expect(errorOf({ ...base, cores: 65 })).toBe('cores: cores must be at most 64');
    expect(errorOf({ ...base, quantumMs: 0 })).toBe(
      'quantumMs: round-robin quantum (ms) must be at least 0.001',
    );
    expect(errorOf({ ...base, contextSwitchUs: -1 })).toBe(
      'contextSwitchUs: context switch cost (us) must be at least 0',
    );
    expect(errorOf({ ...base, tickHz: 50 })).toBe(
      'tickHz: scheduler tick (Hz) must be 0 (exact slice ends) or between 100 and 1000',
    );
    expect(errorOf({ ...base, tasks: [{ ...base.tasks[0]!, nice: 20 }] })).toBe(
      'tasks.0.nice: nice must be at most 19',
    );
    expect(errorOf({ ...base, tasks: [{ ...base.tasks[0]!, burstMs: 0 }] })).toBe(
      'tasks.0.burstMs: CPU burst (ms) must be at least 0.001',
    );
    expect(errorOf({ ...base, tasks: [{ ...base.tasks[0]!, ioRunMs: 0.0001 }] })).toBe(
      'tasks.0.ioRunMs: CPU run between I/O waits (ms) must be 0 (no I/O) or at least 0.001',
    );
    expect(errorOf({ ...base, tasks: [] })).toBe('tasks: tasks must hold at least one task group');
    expect(errorOf({ ...base, policy: 'sjf' })).toBe('policy: policy must be one of fcfs, rr, cfs, eevdf');
    expect(errorOf({ ...base, kind: 'compare' })).toBe('kind: kind must be "timeslice"');
    expect(errorOf({ ...base, extra: 1 })).toContain('extra');
  });

  it('refuses duplicate task names, too many tasks and runs too long to simulate', () => {
    expect(errorOf({ ...base, tasks: [group('T', 12, 5), group('T1', 1, 5)] })).toBe(
      'tasks.1.name: task name T1 is used twice; rename one of the groups',
    );
    expect(errorOf({ ...base, tasks: [group('A', 200, 5), group('B', 100, 5)] })).toBe(
      'tasks: the task groups hold 300 tasks, at most 256',
    );
    expect(errorOf({ ...base, quantumMs: 0.001, tasks: [group('T', 10, 1000)] })).toMatch(
      /^quantumMs: about 10,000,020 scheduling decisions, at most 2,000,000/,
    );
    expect(
      errorOf({ ...base, policy: 'cfs', tasks: [group('T', 256, 500, { ioRunMs: 0.1, ioBlockMs: 1 })] }),
    ).toMatch(/^tasks: about [\d,]+ scheduling decisions/);
    expect(() => createTimesliceSimulation({ ...base, cores: 0 }, 1)).toThrow(
      'cores: cores must be at least 1',
    );
    expect(() => sweepTasks(base, [0])).toThrow('task count must be a whole number from 1 to 256, got 0');
  });

  it('round-trips the example files', () => {
    const dir = join(import.meta.dirname, '..', '..', 'examples', 'topics');
    const files = readdirSync(dir).filter((f) => f.startsWith('timeslice-') && f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const file of files) {
      const data: unknown = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      const parsed = parseTimesliceScenario(data);
      expect(parsed.ok, file).toBe(true);
      if (parsed.ok) expect(parsed.value).toEqual(data);
    }
  });
});
