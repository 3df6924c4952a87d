import { describe, expect, it } from 'vitest';
import { CompareScenarioSchema, defaultCompareScenario, parseWith, type CompareScenario } from '../scenario';
import { computeDensity, createCompareSimulation, hostMemoryCapacityMiB } from './compare-model';
import { resolvePreset } from './platforms';
import { EVENT_BUDGET_PER_INTERVAL, PENDING_CAPACITY, type SimEvent } from './event-log';

function scenario(patch: (s: CompareScenario) => void): CompareScenario {
  const s = defaultCompareScenario();
  s.workload.request = {
    cpuMs: 100,
    ioOps: 0,
    ioKiB: 4,
    ioPattern: 'random',
    networkKiB: 0,
    syscallShare: 0,
    memoryBoundShare: 0,
  };
  patch(s);
  const parsed = parseWith(CompareScenarioSchema, s);
  if (!parsed.ok) throw new Error(parsed.error);
  return s;
}

/** Runs to the horizon one sample interval at a time, taking the events as the worker does. */
function runCollecting(s: CompareScenario, seed: number) {
  const sim = createCompareSimulation(s, seed);
  const events: SimEvent[] = [];
  let dropped = 0;
  for (let t = s.sampleIntervalS; !sim.done; t += s.sampleIntervalS) {
    sim.advanceTo(t);
    const taken = sim.takeEvents();
    events.push(...taken.events);
    dropped += taken.dropped;
  }
  return { sim, events, dropped, summary: sim.summary() };
}

describe('event log', () => {
  it('records a cold start exactly when no warm instance was left, with the keep-alive behind it', () => {
    // Sparse requests (one per 50 s on average), a 10 s keep-alive: most requests find the
    // instance stopped; the few that arrive within 10 s of the previous one are warm.
    const s = scenario((x) => {
      x.horizonS = 3000;
      x.workload.arrivals = { kind: 'poisson', ratePerS: 0.02 };
      x.platforms = [{ id: 'faas-microvm', overrides: {} }];
      x.serverless.keepAlive = { policy: 'fixed', seconds: 10 };
    });
    const { events, dropped, summary } = runCollecting(s, 7);
    expect(dropped).toBe(0);
    const cold = events.filter((e) => e.kind === 'cold-start');
    const stops = events.filter((e) => e.kind === 'keep-alive-stop');
    const starts = events.filter((e) => e.kind === 'start');
    expect(cold.length).toBe(summary.platforms[0]!.coldStarts);
    expect(cold.length).toBeGreaterThan(20);
    // Every cold start: no instance ready at arrival (all expired), one start decided for it.
    for (const event of cold) {
      expect(event.reason.readyAtArrival).toBe(0);
      expect(event.reason.keepAliveS).toBe(10);
      expect(event.reason.waitMs).toBeCloseTo((event.t - event.reason.arrivalS!) * 1000, 6);
      expect(event.reason.waitMs).toBeCloseTo(event.reason.startMs!, 6);
      if (event.reason.lastStopS! >= 0) {
        // The last stop was a keep-alive expiry 10 s after the instance went idle, before this arrival.
        const stop = stops.find((x) => x.t === event.reason.lastStopS);
        expect(stop).toBeDefined();
        expect(stop!.reason.keepAliveS).toBeCloseTo(10, 9);
        expect(stop!.reason.idleS).toBeCloseTo(10, 9);
        expect(event.reason.arrivalS).toBeGreaterThanOrEqual(stop!.t);
      }
    }
    // Starts were decided by the queue, one per cold start (concurrency 1, no pre-warm; the
    // last may still be starting at the horizon).
    expect(starts.length - cold.length).toBeGreaterThanOrEqual(0);
    expect(starts.length - cold.length).toBeLessThanOrEqual(1);
    for (const event of cold) expect(starts.some((x) => x.instance === event.instance)).toBe(true);
    for (const start of starts) {
      expect(start.cause).toBe('queue');
      // No free slot: none ready, or the one ready instance busy with the previous request.
      expect(start.reason).toMatchObject({ queueLength: 1, startingBefore: 0, concurrency: 1 });
      expect(start.reason.ready).toBeLessThanOrEqual(1);
    }
    // The ready event splits the start into the preset's parts, summing to the sampled start.
    const ready = events.find((e) => e.kind === 'ready')!;
    const parts = Object.entries(ready.reason).filter(([key]) => key.startsWith('part:'));
    const preset = resolvePreset('faas-microvm', {});
    expect(parts.map(([key]) => key)).toEqual(preset.startParts.map((p) => `part:${p.calibrationId}`));
    expect(parts.map(([key]) => key)).toContain('part:faas.runtimeInit');
    expect(parts.reduce((sum, [, ms]) => sum + ms, 0)).toBeCloseTo(ready.reason.startMs!, 6);
  });

  it('names memory with the used and needed numbers when an instance does not fit', () => {
    const s = scenario((x) => {
      x.horizonS = 60;
      x.hosts.ramGiB = 8;
      x.workload.appMemoryMiB = 4000;
      x.workload.arrivals = { kind: 'poisson', ratePerS: 20 };
      x.platforms = [{ id: 'faas-microvm', overrides: {} }];
    });
    const density = computeDensity(s, 'faas-microvm');
    expect(density).toMatchObject({ instances: 1, binding: 'memory' });
    const { events } = runCollecting(s, 3);
    const failure = events.find((e) => e.kind === 'placement-failed');
    expect(failure).toBeDefined();
    expect(failure!.cause).toBe('memory');
    expect(failure!.reason).toMatchObject({
      hostMemoryUsedMiB: density.perInstanceMiB,
      neededMiB: density.perInstanceMiB,
      appMiB: 4000,
      overheadMiB: density.perInstanceOverheadMiB,
      hosts: 1,
    });
    expect(failure!.reason.hostMemoryCapacityMiB).toBeCloseTo(hostMemoryCapacityMiB(s), 9);
    expect(failure!.reason.hostMemoryCapacityMiB! - failure!.reason.hostMemoryUsedMiB!).toBeLessThan(
      failure!.reason.neededMiB!,
    );
  });

  it('explains the autoscaler and the initial fleet of autoscaled platforms', () => {
    const s = scenario((x) => {
      x.horizonS = 900; // the burst ends at 360 s: scale-down from 660 s
      x.platforms = [{ id: 'kvm', overrides: {} }];
    });
    const { events } = runCollecting(s, 1);
    expect(events.some((e) => e.kind === 'scale-down' && e.cause === 'autoscaler')).toBe(true);
    const initial = events.filter((e) => e.kind === 'start' && e.cause === 'initial-fleet');
    expect(initial.length).toBeGreaterThan(0);
    expect(initial[0]!.reason.desired).toBe(
      Math.ceil(initial[0]!.reason.initialBusy! / initial[0]!.reason.targetUtilization!),
    );
    for (const event of events.filter((e) => e.cause === 'autoscaler')) {
      const { meanInSystem, targetUtilization, desired, current, maxInstances } = event.reason;
      expect(desired).toBe(
        Math.min(maxInstances!, Math.max(1, Math.ceil(meanInSystem! / targetUtilization!))),
      );
      if (event.kind === 'start') {
        expect(desired).toBeGreaterThan(current!);
      } else {
        // Down to the highest recommendation of the stabilization window, never below this one.
        const { stabilized, stabilizationWindowS } = event.reason;
        expect(stabilizationWindowS).toBe(300);
        expect(stabilized).toBeLessThan(current!);
        expect(stabilized).toBeGreaterThanOrEqual(desired!);
      }
    }
  });

  it('stays bounded over a long horizon and counts what it drops', () => {
    // An overloaded platform with a tiny queue rejects most requests: thousands of events.
    const s = scenario((x) => {
      x.horizonS = 20_000;
      x.sampleIntervalS = 10;
      x.hosts.ramGiB = 8;
      x.workload.appMemoryMiB = 4000;
      x.workload.arrivals = { kind: 'poisson', ratePerS: 50 };
      x.platforms = [{ id: 'faas-container', overrides: { 'queue.capacity': 2 } }];
    });
    const sim = createCompareSimulation(s, 5);
    for (let t = 1000; !sim.done; t += 1000) sim.advanceTo(t); // never drained
    const taken = sim.takeEvents();
    expect(taken.events.length).toBe(PENDING_CAPACITY);
    expect(taken.dropped).toBeGreaterThan(100_000);
    // Nothing held afterwards, and each interval kept at most its budget.
    expect(sim.takeEvents().events.length).toBe(0);
    const perInterval = new Map<number, number>();
    for (const e of taken.events) {
      const k = Math.floor(e.t / s.sampleIntervalS - 1e-9);
      perInterval.set(k, (perInterval.get(k) ?? 0) + 1);
    }
    expect(Math.max(...perInterval.values())).toBeLessThanOrEqual(EVENT_BUDGET_PER_INTERVAL);
  });

  it('is deterministic: same scenario and seed, same events', () => {
    const s = scenario((x) => {
      x.horizonS = 300;
      x.platforms = [
        { id: 'kvm', overrides: {} },
        { id: 'faas-microvm', overrides: {} },
      ];
    });
    const a = runCollecting(s, 11);
    const b = runCollecting(s, 11);
    expect(a.events.length).toBeGreaterThan(50);
    expect(JSON.stringify(a.events)).toBe(JSON.stringify(b.events));
    expect(a.dropped).toBe(b.dropped);
  });
});
