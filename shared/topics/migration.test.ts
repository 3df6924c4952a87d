import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MIGRATION_CONSTANTS,
  MIGRATION_PRESETS,
  MigrationScenarioSchema,
  compareMigrationMethods,
  createClusterMigrationSimulation,
  createMigrationRoundsSimulation,
  createMigrationSimulation,
  defaultMigrationScenario,
  distinctDirtied,
  parseMigrationScenario,
  planMigration,
  sweepMigration,
  type MigrationScenario,
} from './migration';
import { MAX_TOPIC_ITEMS, type TopicChunk, type TopicSimulation } from './types';

const MIB = 1_048_576;
const PAGE = 4096;
/** Seconds to send `pages` 4 KiB pages at `gbps`. */
const sendS = (pages: number, gbps: number) => (pages * PAGE * 8) / (gbps * 1e9);

function scenario(edit: (s: MigrationScenario) => void = () => {}): MigrationScenario {
  const s = defaultMigrationScenario();
  edit(s);
  const parsed = parseMigrationScenario(s);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

const presetById = (id: string) => MIGRATION_PRESETS.find((p) => p.id === id)!.scenario;

function runAll(sim: TopicSimulation, step: number): TopicChunk {
  const out: TopicChunk = { frames: [], events: [] };
  for (let t = step; !sim.done; t += step) {
    const chunk = sim.advanceTo(t);
    out.frames.push(...chunk.frames);
    out.events.push(...chunk.events);
  }
  return out;
}

describe('migration scenario schema', () => {
  it('accepts the default, every preset and every example file', () => {
    expect(parseMigrationScenario(defaultMigrationScenario()).ok).toBe(true);
    expect(MIGRATION_PRESETS.length).toBeGreaterThanOrEqual(3);
    expect(MIGRATION_PRESETS.length).toBeLessThanOrEqual(5);
    for (const p of MIGRATION_PRESETS) {
      const parsed = parseMigrationScenario(p.scenario);
      expect(parsed.ok, `${p.id}: ${parsed.ok ? '' : parsed.error}`).toBe(true);
    }
    const dir = join(__dirname, '../../examples/topics');
    const files = readdirSync(dir).filter((f) => f.startsWith('migration-') && f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const file of files) {
      const data: unknown = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      const parsed = parseMigrationScenario(data);
      expect(parsed.ok, `${file}: ${parsed.ok ? '' : parsed.error}`).toBe(true);
      if (parsed.ok) expect(parsed.value).toEqual(data); // round-trips unchanged
    }
  });

  it('names the field and the range in its errors', () => {
    const bad = (edit: (s: MigrationScenario) => void): string => {
      const s = defaultMigrationScenario();
      edit(s);
      const parsed = parseMigrationScenario(s);
      // The first line is the field's own message (cross-field checks may add more lines).
      return parsed.ok ? '' : parsed.error.split('\n')[0]!;
    };
    expect(bad((s) => (s.vm.memoryMiB = 0))).toBe('vm.memoryMiB: VM memory (MiB) must be at least 1');
    expect(bad((s) => (s.vm.memoryMiB = 100.5))).toBe('vm.memoryMiB: VM memory (MiB) must be a whole number');
    expect(bad((s) => (s.link.bandwidthGbps = 1000))).toBe(
      'link.bandwidthGbps: link bandwidth (Gbit/s) must be at most 400',
    );
    expect(bad((s) => (s.vm.wwsShare = 1.5))).toBe(
      'vm.wwsShare: share of writes in the WWS must be at most 1',
    );
    expect(bad((s) => (s.vm.dirtyRatePagesPerS = -1))).toBe(
      'vm.dirtyRatePagesPerS: page dirty rate (pages/s) must be at least 0',
    );
    expect(bad((s) => (s.precopy.maxRounds = 0))).toBe(
      'precopy.maxRounds: maximum pre-copy rounds must be at least 1',
    );
    expect(bad((s) => (s.vm.wwsMiB = 900))).toBe(
      'vm.wwsMiB: writable working set must not exceed VM memory (800 MiB)',
    );
    expect(bad((s) => (s.link.adaptive.maxMbps = 2000))).toBe(
      'link.adaptive.maxMbps: adaptive maximum rate must not exceed the link bandwidth (1000 Mbit/s)',
    );
    expect(bad((s) => (s.link.adaptive.startMbps = 600))).toBe(
      'link.adaptive.startMbps: adaptive start rate must not exceed the maximum rate (500 Mbit/s)',
    );
    expect(bad((s) => (s.cluster.arrivalRatePerS = 400))).toContain(
      'cluster.arrivalRatePerS: request rate x service time / vCPUs must be below 1 (is 1.00)',
    );
    expect(bad((s) => (s.cluster.startS = 200))).toBe(
      'cluster.startS: migration start must be before the cluster horizon (120 s)',
    );
    expect(bad((s) => ((s as { kind: string }).kind = 'compare'))).toBe('kind: kind must be "migration"');
    expect(bad((s) => ((s as { method: string }).method = 'teleport'))).toBe(
      'method: method must be one of stop-and-copy, pre-copy, post-copy',
    );
    expect(MigrationScenarioSchema.safeParse({ ...defaultMigrationScenario(), extra: 1 }).success).toBe(
      false,
    );
  });

  it('cites every constant or marks it as an assumption', () => {
    for (const [id, c] of Object.entries(MIGRATION_CONSTANTS)) {
      const entry = c as { source: string; assumption?: boolean; note?: string };
      expect(entry.source.length, id).toBeGreaterThan(0);
      if (entry.source === 'assumption') {
        expect(entry.assumption, id).toBe(true);
        expect(entry.note?.length, id).toBeGreaterThan(10);
      }
    }
  });
});

describe('stop-and-copy', () => {
  it('pauses for memory / bandwidth + the resume time, and sends memory once', () => {
    const s = scenario();
    const o = planMigration(s, 'stop-and-copy');
    const pages = (800 * MIB) / PAGE; // 204,800
    expect(o.finalPages).toBe(pages);
    expect(o.downtimeS).toBeCloseTo(6.7108864 + 0.02, 12); // 800 MiB x 8 / 1e9 b/s
    expect(o.downtimeS).toBeCloseTo(sendS(pages, 1) + s.resumeMs / 1000, 12);
    expect(o.totalTimeS).toBe(o.downtimeS);
    expect(o.dataMiB).toBe(800);
    expect(o.dataFactor).toBe(1);
  });
});

describe('pre-copy', () => {
  it('has a downtime of exactly the last dirty set over the link + the resume time', () => {
    for (const p of MIGRATION_PRESETS) {
      const o = planMigration(p.scenario, 'pre-copy');
      const last = o.rounds[o.rounds.length - 2]!; // the last live round
      const final = o.rounds[o.rounds.length - 1]!;
      expect(final.phase).toBe('stop-and-copy');
      expect(final.pagesSent).toBe(last.dirtySetAfter);
      const pageBytes = p.scenario.vm.pageKiB * 1024;
      const expected =
        (last.dirtySetAfter * pageBytes * 8) / (p.scenario.link.bandwidthGbps * 1e9) +
        p.scenario.resumeMs / 1000;
      expect(o.downtimeS, p.id).toBeCloseTo(expected, 12);
      expect(o.totalTimeS).toBeCloseTo(o.downtimeStartS + o.downtimeS, 12);
    }
  });

  it('sends at least the whole memory, and no less than stop-and-copy', () => {
    for (const p of MIGRATION_PRESETS) {
      const o = planMigration(p.scenario, 'pre-copy');
      expect(o.dataMiB, p.id).toBeGreaterThanOrEqual(p.scenario.vm.memoryMiB);
      const sent = o.rounds.reduce((sum, r) => sum + r.pagesSent, 0);
      expect(o.dataMiB).toBeCloseTo((sent * p.scenario.vm.pageKiB * 1024) / MIB, 9);
    }
  });

  it('finishes in one round with only the resume time as downtime when nothing is dirtied', () => {
    const s = scenario((x) => (x.vm.dirtyRatePagesPerS = 0));
    const o = planMigration(s, 'pre-copy');
    expect(o.precopyRounds).toBe(1);
    expect(o.stopReason).toBe('converged');
    expect(o.finalPages).toBe(0);
    expect(o.downtimeS).toBe(0.02);
    expect(o.dataFactor).toBe(1);
    // One round at the adaptive start rate: 800 MiB at 100 Mbit/s.
    expect(o.totalTimeS).toBeCloseTo(67.108864 + 0.02, 9);
  });

  it('dirties pages as the closed form says: W(1 - e^(-hDt/W)) + C(1 - e^(-(1-h)Dt/C))', () => {
    const s = scenario();
    const o = planMigration(s, 'pre-copy');
    const first = o.rounds[0]!;
    const t = 67.108864; // 800 MiB at 100 Mbit/s
    expect(first.durationS).toBeCloseTo(t, 9);
    const W = (28 * MIB) / PAGE;
    const Cold = (800 * MIB) / PAGE - W;
    const D = 25_000;
    const h = 0.995;
    const expected = W * (1 - Math.exp((-h * D * t) / W)) + Cold * (1 - Math.exp((-(1 - h) * D * t) / Cold));
    expect(first.pagesDirtied).toBe(Math.round(expected));
    expect(first.pageWrites).toBe(Math.round(D * t));
    // Short rounds see about D·t distinct pages, long ones saturate at the working set.
    expect(distinctDirtied(s, 1e-4)).toBe(Math.round(D * 1e-4 * h) + Math.round(D * 1e-4 * (1 - h)));
    const uniform = scenario((x) => {
      x.vm.wwsMiB = 800;
      x.vm.wwsShare = 0.3; // ignored: no cold pages left, every write lands in the WWS
    });
    expect(distinctDirtied(uniform, 1)).toBe(Math.round(204_800 * (1 - Math.exp(-25_000 / 204_800))));
  });

  it('raises the adaptive rate to the dirtying rate + 50 Mbit/s and stops when that passes 500', () => {
    const s = scenario();
    const o = planMigration(s, 'pre-copy');
    const live = o.rounds.filter((r) => r.phase === 'precopy');
    expect(live[0]!.rateMbps).toBe(100);
    const dirtyMbps = (r: (typeof live)[number]) => (r.pagesDirtied * PAGE * 8) / r.durationS / 1e6;
    for (let i = 1; i < live.length; i++) {
      const before = live[i - 1]!;
      expect(live[i]!.rateMbps).toBeCloseTo(Math.max(before.rateMbps, dirtyMbps(before) + 50), 9);
      expect(live[i]!.pagesSent).toBe(before.pagesDirtied);
    }
    expect(o.stopReason).toBe('rate-limit');
    expect(dirtyMbps(live[live.length - 1]!) + 50).toBeGreaterThan(500);
    // The final copy runs at the full link rate, not the adaptive limit.
    expect(o.rounds[o.rounds.length - 1]!.rateMbps).toBe(1000);
  });

  it('does not converge when a uniform dirty rate is twice the bandwidth', () => {
    const linkPagesPerS = 1e9 / 8 / PAGE; // 30,517.6 pages/s at 1 Gbit/s
    const s = scenario((x) => {
      x.link.adaptive.enabled = false;
      x.vm.wwsMiB = 800; // uniform over all memory
      x.vm.wwsShare = 1;
      x.vm.dirtyRatePagesPerS = 2 * linkPagesPerS;
      x.precopy.minShrinkPercent = 0;
    });
    const o = planMigration(s, 'pre-copy');
    // Dirty fraction per round follows x' = 1 - e^(-2x): 0.865, 0.823, 0.807 ... toward 0.797;
    // 1 + 0.865 + 0.823 = 2.69 x memory after round 3, 3.5 after round 4 > the 3x limit.
    expect(o.stopReason).toBe('data-limit');
    expect(o.precopyRounds).toBe(4);
    const N = 204_800;
    expect(o.rounds[0]!.pagesDirtied).toBe(Math.round(N * (1 - Math.exp(-2))));
    expect(o.finalPages / N).toBeGreaterThan(0.79);
    const stopAndCopy = planMigration(s, 'stop-and-copy');
    expect(o.downtimeS).toBeGreaterThan(0.75 * stopAndCopy.downtimeS);
    expect(o.dataFactor).toBeGreaterThan(3);
  });

  it('stops at the round limit with a hot working set dirtied faster than the link', () => {
    const linkPagesPerS = 1e9 / 8 / PAGE;
    const s = scenario((x) => {
      x.link.adaptive.enabled = false;
      x.vm.wwsMiB = 64;
      x.vm.wwsShare = 1;
      x.vm.dirtyRatePagesPerS = 2 * linkPagesPerS;
      x.precopy.minShrinkPercent = 0; // only a growing dirty set would stop it
      x.precopy.maxDataFactor = 100;
    });
    const o = planMigration(s, 'pre-copy');
    expect(o.stopReason).toBe('max-rounds');
    expect(o.precopyRounds).toBe(29);
    // Fixed point of x = 1 - e^(-2x) is 0.7968: the dirty set stalls at 80% of the WWS.
    const W = (64 * MIB) / PAGE;
    expect(o.finalPages / W).toBeCloseTo(0.7968, 2);
    const wwsOverLink = sendS(W, 1);
    expect(o.downtimeS - 0.02).toBeGreaterThan(0.75 * wwsOverLink);
    expect(o.downtimeS - 0.02).toBeLessThan(wwsOverLink);
  });

  it("lands in Clark et al.'s ballpark for the SPECweb-like and Quake-like presets", () => {
    const web = presetById('specweb');
    expect(web.vm.memoryMiB).toBe(800);
    expect(web.link.bandwidthGbps).toBe(1);
    const o = planMigration(web, 'pre-copy');
    // Clark et al. measured 210 ms for SPECweb99 on an 800 MB VM over gigabit Ethernet.
    expect(o.downtimeS * 1000).toBeGreaterThan(150);
    expect(o.downtimeS * 1000).toBeLessThan(270);
    expect(o.dataFactor).toBeGreaterThan(1.1);
    expect(o.dataFactor).toBeLessThan(1.6);
    const game = planMigration(presetById('quake3'), 'pre-copy');
    // Clark et al.: 60 ms for the Quake 3 server.
    expect(game.downtimeS * 1000).toBeGreaterThan(30);
    expect(game.downtimeS * 1000).toBeLessThan(100);
    // Pre-copy beats stop-and-copy by orders of magnitude here.
    expect(planMigration(web, 'stop-and-copy').downtimeS / o.downtimeS).toBeGreaterThan(20);
  });

  it('struggles on the write-heavy database: seconds of downtime and more than 2x memory sent', () => {
    const o = planMigration(presetById('write-heavy-db'), 'pre-copy');
    expect(o.stopReason).toBe('not-shrinking');
    expect(o.downtimeS).toBeGreaterThan(5);
    expect(o.dataFactor).toBeGreaterThan(2);
  });
});

describe('post-copy', () => {
  it('has the smallest downtime and sends memory exactly once', () => {
    for (const p of MIGRATION_PRESETS) {
      const post = planMigration(p.scenario, 'post-copy');
      const pre = planMigration(p.scenario, 'pre-copy');
      expect(post.downtimeS).toBe(p.scenario.resumeMs / 1000);
      if (pre.finalPages > 0) expect(post.downtimeS, p.id).toBeLessThan(pre.downtimeS);
      else expect(post.downtimeS).toBe(pre.downtimeS);
      expect(post.dataFactor).toBe(1);
      expect(post.totalTimeS).toBeCloseTo(
        post.downtimeS + sendS((p.scenario.vm.memoryMiB * MIB) / PAGE, p.scenario.link.bandwidthGbps),
        9,
      );
    }
  });

  it('loses T(1 - ln(1+a)/a) of guest time to faults, a = faults/s x latency', () => {
    const s = scenario();
    const o = planMigration(s, 'post-copy');
    const T = sendS(204_800, 1);
    const a = 3000 * 0.0003; // 0.9
    expect(o.lostS).toBeCloseTo(T * (1 - Math.log1p(a) / a), 9);
    expect(o.faults).toBeCloseTo(3000 * T * (1 / a - Math.log1p(a) / (a * a)), 6);
    expect(o.rounds).toHaveLength(10);
    expect(o.rounds.reduce((sum, r) => sum + r.faults, 0)).toBeCloseTo(o.faults, 6);
    expect(o.rounds.reduce((sum, r) => sum + r.pagesSent, 0)).toBe(204_800);
    // Faults fall as pages arrive.
    for (let i = 1; i < o.rounds.length; i++)
      expect(o.rounds[i]!.faults).toBeLessThan(o.rounds[i - 1]!.faults);
    const none = planMigration(
      scenario((x) => (x.postCopy.faultsPerS = 0)),
      'post-copy',
    );
    expect(none.lostS).toBe(0);
  });
});

describe('comparison and sweeps', () => {
  it('compares the three methods on the same inputs', () => {
    const rows = compareMigrationMethods(scenario());
    expect(rows.map((r) => r.method)).toEqual(['stop-and-copy', 'pre-copy', 'post-copy']);
    const [stop, pre, post] = rows;
    expect(stop!.downtimeMs).toBeCloseTo(6730.8864, 6);
    expect(post!.downtimeMs).toBeLessThan(pre!.downtimeMs);
    expect(pre!.downtimeMs).toBeLessThan(stop!.downtimeMs);
    expect(pre!.totalTimeS).toBeGreaterThan(stop!.totalTimeS);
    expect(pre!.dataMiB).toBeGreaterThan(stop!.dataMiB);
  });

  it('sweeps the dirty rate and the bandwidth', () => {
    const base = scenario((x) => (x.link.adaptive.enabled = false));
    const byRate = sweepMigration(base, 'dirtyRatePagesPerS', [0, 5_000, 20_000, 40_000]);
    expect(byRate.points).toHaveLength(4);
    expect(byRate.unit).toBe('pages/s');
    const downtimes = byRate.points.map((p) => p.results['pre-copy'].downtimeMs);
    for (let i = 1; i < downtimes.length; i++)
      expect(downtimes[i]!).toBeGreaterThanOrEqual(downtimes[i - 1]!);
    expect(downtimes[0]).toBe(20);
    for (const p of byRate.points) expect(p.results['stop-and-copy'].downtimeMs).toBeCloseTo(6730.8864, 6);

    const byLink = sweepMigration(base, 'bandwidthGbps', [0.1, 1, 10]);
    for (const p of byLink.points)
      expect(p.results['stop-and-copy'].downtimeMs).toBeCloseTo(sendS(204_800, p.value) * 1000 + 20, 6);
    // The sweep keeps adaptive limits inside a slower link.
    expect(() => sweepMigration(scenario(), 'bandwidthGbps', [0.1])).not.toThrow();
    expect(() => sweepMigration(base, 'wwsMiB', [900])).toThrow(/wwsMiB = 900: vm.wwsMiB/);
  });
});

describe('rounds simulation (step axis)', () => {
  it('emits one frame per round with the round events, in any chunking', () => {
    const s = scenario();
    const sim = createMigrationRoundsSimulation(s, 1);
    const o = planMigration(s, 'pre-copy');
    expect(sim.axis).toEqual({ unit: 'step', label: 'Pre-copy round' });
    expect(sim.horizon).toBe(o.rounds.length);
    const first = sim.advanceTo(2.5);
    expect(first.frames.map((f) => f.t)).toEqual([1, 2]);
    expect(sim.done).toBe(false);
    const rest = sim.advanceTo(sim.horizon);
    expect(sim.done).toBe(true);
    expect(sim.advanceTo(sim.horizon + 5)).toEqual({ frames: [], events: [] });
    const frames = [...first.frames, ...rest.frames];
    expect(frames.map((f) => f.t)).toEqual(o.rounds.map((r) => r.round));
    const f1 = frames[0]!.values;
    expect(f1.pagesSent).toBe(204_800);
    expect(f1.pagesDirtied).toBe(o.rounds[0]!.pagesDirtied);
    expect(f1.dirtySetAfter).toBe(o.rounds[0]!.pagesDirtied);
    expect(f1.roundDurationS).toBeCloseTo(67.108864, 9);
    expect(f1.cumulativeDataMiB).toBe(800);
    expect(frames[frames.length - 1]!.values.paused).toBe(1);
    const events = [...first.events, ...rest.events];
    const own = events.filter((e) => e.subject === 'pre-copy' && e.type === 'round');
    expect(own).toHaveLength(o.rounds.length);
    expect(own[0]).toMatchObject({ start: 0, data: { pagesSent: 204_800 } });
    expect(own[0]!.end).toBeCloseTo(67.108864, 9);
    const downtime = events.find((e) => e.type === 'downtime' && e.subject === 'pre-copy')!;
    expect(downtime.end! - downtime.start).toBeCloseTo(o.downtimeS, 12);
    // The other methods' timelines come along for a side-by-side chart.
    expect(events.some((e) => e.subject === 'stop-and-copy' && e.type === 'downtime')).toBe(true);
    expect(events.some((e) => e.subject === 'post-copy' && e.type === 'degraded')).toBe(true);
    const summary = sim.summary();
    const metric = (id: string) => summary.metrics.find((m) => m.id === id)!.value;
    expect(metric('downtimeMs')).toBeCloseTo(o.downtimeS * 1000, 9);
    expect(metric('precopyRounds')).toBe(o.precopyRounds);
    expect(summary.tables.map((t) => t.id)).toEqual(['methods', 'rounds']);
    expect(summary.tables[0]!.rows).toHaveLength(3);
  });

  it('is deterministic and picks the view from the scenario', () => {
    const s = scenario();
    const a = runAll(createMigrationSimulation(s, 1), 1);
    const b = runAll(createMigrationSimulation(s, 99), 3);
    expect(a).toEqual(b);
    expect(createMigrationSimulation({ ...s, simulate: 'cluster' }, 1).axis.unit).toBe('s');
    const stop = createMigrationRoundsSimulation({ ...s, method: 'stop-and-copy' });
    expect(stop.horizon).toBe(1);
    const post = createMigrationRoundsSimulation({ ...s, method: 'post-copy' });
    expect(post.horizon).toBe(10);
  });
});

describe('service latency during a migration (cluster simulation)', () => {
  it('matches M/M/2 latency when no migration happens within the horizon', () => {
    // λ = 200/s, S = 5 ms, 2 vCPUs: Erlang C = 1/3, mean response 5 ms + (1/3)/(400 - 200)/s = 6.667 ms.
    const s = scenario((x) => {
      x.simulate = 'cluster';
      x.cluster.horizonS = 600;
      x.cluster.startS = 599.9;
      x.cluster.frameIntervalS = 1;
    });
    const sim = createClusterMigrationSimulation(s, 3);
    runAll(sim, 50);
    const before = sim.summary().tables.find((t) => t.id === 'phases')!.rows[0]!;
    expect(before[0]).toBe('Before (host A)');
    expect(before[3] as number).toBeGreaterThan(6.667 * 0.95);
    expect(before[3] as number).toBeLessThan(6.667 * 1.05);
  });

  it('holds requests during a stop-and-copy downtime and recovers afterwards', () => {
    const s = scenario((x) => {
      x.simulate = 'cluster';
      x.method = 'stop-and-copy';
      x.cluster.horizonS = 40;
      x.cluster.startS = 10;
    });
    const downtime = planMigration(s, 'stop-and-copy').downtimeS; // 6.73 s
    const sim = createClusterMigrationSimulation(s, 5);
    const out = runAll(sim, 1);
    expect(out.frames).toHaveLength(400);
    expect(out.frames[0]!.t).toBe(0.1);
    expect(out.frames[399]!.t).toBe(40);
    // Frames wholly inside the downtime complete nothing and show phase 2.
    const paused = out.frames.filter((f) => f.t > 10.1 && f.t <= 10 + downtime);
    expect(paused.length).toBeGreaterThan(60);
    for (const f of paused) {
      expect(f.values.phase).toBe(2);
      expect(f.values.throughputPerS).toBe(0);
      expect(f.values.latencyP95Ms).toBeNull();
    }
    const metric = (id: string) => sim.summary().metrics.find((m) => m.id === id)!.value as number;
    // The first request to arrive in the downtime waits for all of it.
    expect(metric('latencyMaxMs')).toBeGreaterThan(downtime * 1000 * 0.95);
    expect(metric('latencyMaxMs')).toBeLessThan(downtime * 1000 + 300);
    // About λ x downtime requests arrive while paused (Poisson: sd = sqrt(1346) = 37).
    expect(Math.abs(metric('requestsInDowntime') - 200 * downtime)).toBeLessThan(
      5 * Math.sqrt(200 * downtime),
    );
    // Latency is back to normal at the end of the run.
    const tail = out.frames.filter((f) => f.t > 35).map((f) => f.values.latencyMeanMs ?? 0);
    expect(tail.reduce((x, y) => x + y, 0) / tail.length).toBeLessThan(15);
    const phases = out.events.filter((e) => e.type === 'phase').map((e) => e.data!.phase);
    expect(phases).toEqual(['downtime', 'after']);
  });

  it('shows a short spike for pre-copy and slows the service while rounds run', () => {
    const s = scenario((x) => {
      x.simulate = 'cluster';
      x.link.adaptive.enabled = false; // rounds at the full link: 30% CPU steal
      x.cluster.horizonS = 30;
      x.cluster.startS = 5;
    });
    const o = planMigration(s, 'pre-copy');
    const sim = createClusterMigrationSimulation(s, 11);
    const out = runAll(sim, 2);
    const during = out.frames.filter((f) => f.values.phase === 1);
    expect(during.length).toBeGreaterThan(0);
    for (const f of during) expect(f.values.speed).toBeCloseTo(0.7, 12);
    const metric = (id: string) => sim.summary().metrics.find((m) => m.id === id)!.value as number;
    expect(metric('latencyMaxMs')).toBeLessThan(o.downtimeS * 1000 + 200);
    expect(metric('latencyMaxMs')).toBeGreaterThan(o.downtimeS * 1000 * 0.5);
    expect(metric('latencyP95DuringMs')).toBeGreaterThan(metric('latencyP95BeforeMs'));
  });

  it('is deterministic per seed, whatever the chunking, and bounded', () => {
    const s = scenario((x) => {
      x.simulate = 'cluster';
      x.method = 'post-copy';
      x.cluster.horizonS = 20;
    });
    const a = runAll(createClusterMigrationSimulation(s, 42), 0.37);
    const b = runAll(createClusterMigrationSimulation(s, 42), 20);
    expect(a).toEqual(b);
    const c = runAll(createClusterMigrationSimulation(s, 43), 20);
    expect(c.frames).not.toEqual(a.frames);
    expect(a.frames.length + a.events.length).toBeLessThanOrEqual(MAX_TOPIC_ITEMS);
    // Post-copy: the VM runs at 1 / (1 + a·m) while pages are missing, a = 0.9.
    const slowed = a.frames.filter((f) => f.values.phase === 3);
    expect(slowed[0]!.values.speed).toBeGreaterThan(1 / 1.9 - 0.01);
    expect(slowed[0]!.values.speed).toBeLessThan(0.6);
    expect(slowed[slowed.length - 1]!.values.speed).toBeGreaterThan(0.95);
  });
});
