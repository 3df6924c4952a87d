import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../../../shared/sim/event-log';
import { CALIBRATION } from '../../../../shared/sim/calibration';
import { explainEvent } from './explain';
import en from '../../locales/en/timeline.json';
import { defaultCompareScenario } from '../../../../shared/scenario';
import { createCompareSimulation } from '../../../../shared/sim/compare-model';

const event = (partial: Partial<SimEvent>): SimEvent => ({
  t: 12,
  platform: 'faas-microvm',
  kind: 'cold-start',
  cause: null,
  instance: 3,
  reason: {},
  ...partial,
});

/** Named placeholders of a message. */
const placeholders = (message: string) => [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);

describe('explainEvent', () => {
  it('picks the cold-start message from the reason: busy, expired or first', () => {
    const base = {
      arrivalS: 11.8,
      waitMs: 200,
      startMs: 200,
      startingAtArrival: 0,
      concurrency: 1,
      keepAliveS: 600,
    };
    expect(explainEvent(event({ reason: { ...base, readyAtArrival: 2, lastStopS: -1 } })).messageKey).toBe(
      'cold-start-busy',
    );
    expect(explainEvent(event({ reason: { ...base, readyAtArrival: 0, lastStopS: 5 } })).messageKey).toBe(
      'cold-start-expired',
    );
    expect(explainEvent(event({ reason: { ...base, readyAtArrival: 0, lastStopS: -1 } })).messageKey).toBe(
      'cold-start-first',
    );
  });

  it('names memory numbers and the sources of the host reservation and the platform overhead', () => {
    const e = explainEvent(
      event({
        kind: 'placement-failed',
        cause: 'memory',
        instance: null,
        reason: { host: 0, hostMemoryUsedMiB: 4200, hostMemoryCapacityMiB: 7168, neededMiB: 4200 },
      }),
    );
    expect(e.messageKey).toBe('placement-failed-memory');
    expect(e.values.host).toBe(1); // hosts are numbered from 1 for people
    expect(e.sources.map((s) => s.id)).toContain('host.reservedMemory');
    expect(e.sources.find((s) => s.id === 'host.reservedMemory')!.source).toBe(
      CALIBRATION['host.reservedMemory'].source,
    );
  });

  it('cites the autoscaler constants, tolerance and stabilization window included, behind a scale-down', () => {
    const e = explainEvent(
      event({
        platform: 'kvm',
        kind: 'scale-down',
        cause: 'autoscaler',
        reason: {
          meanInSystem: 4.2,
          targetUtilization: 0.7,
          desired: 6,
          stabilized: 9,
          stabilizationWindowS: 300,
          current: 16,
          maxInstances: 16,
          idleSinceS: 400,
        },
      }),
      { 'autoscaler.scaleDownStabilization': 120 },
    );
    expect(e.messageKey).toBe('scale-down-autoscaler');
    expect(e.sources.map((s) => s.id)).toEqual([
      'autoscaler.targetUtilization',
      'autoscaler.syncPeriod',
      'autoscaler.tolerance',
      'autoscaler.scaleDownStabilization',
    ]);
    expect(e.sources.find((s) => s.id === 'autoscaler.tolerance')!.value).toBe(0.1);
    expect(e.sources.find((s) => s.id === 'autoscaler.scaleDownStabilization')!.value).toBe(120);
    expect(e.sources.find((s) => s.id === 'autoscaler.tolerance')!.source).toMatch(
      /Horizontal Pod Autoscaling/,
    );
    const explain = en.explain as Record<string, string>;
    for (const name of placeholders(explain['scale-down-autoscaler']!))
      expect(e.values, name).toHaveProperty(name!);
  });

  it('splits a start into parts and uses overridden constants', () => {
    const e = explainEvent(
      event({ kind: 'ready', reason: { startMs: 300, medianMs: 265, 'part:faas.codeLoad': 40 } }),
      { 'faas.codeLoad': 50 },
    );
    expect(e.parts).toEqual([{ id: 'faas.codeLoad', ms: 40 }]);
    expect(e.sources.find((s) => s.id === 'faas.codeLoad')!.value).toBe(50);
  });

  it('has a message for every key it can produce, whose placeholders the values fill', () => {
    const explain = en.explain as Record<string, string>;
    const keys = [
      'start-initial-fleet',
      'start-autoscaler',
      'start-queue',
      'start-prewarm',
      'ready',
      'cold-start-busy',
      'cold-start-expired',
      'cold-start-first',
      'keep-alive-stop',
      'scale-down-autoscaler',
      'scale-down-eviction',
      'scale-down-prewarm',
      'placement-failed-memory',
      'placement-failed-cpu',
      'rejected-queue-full',
    ];
    for (const key of keys) expect(typeof explain[key], key).toBe('string');
    // start-queue derives startingCapacity; its other placeholders are reason fields.
    const e = explainEvent(
      event({
        kind: 'start',
        cause: 'queue',
        reason: { queueLength: 3, startingBefore: 1, concurrency: 2, ready: 1, host: 0, memoryMiB: 400 },
      }),
    );
    expect(e.values.startingCapacity).toBe(2);
    for (const name of placeholders(explain['start-queue']!)) expect(e.values, name).toHaveProperty(name!);
  });

  it('labels every reason field the core records', () => {
    const keys = new Set<string>();
    const scenarios = [defaultCompareScenario(), defaultCompareScenario()];
    // Past the burst (240-360 s) and the 300 s scale-down stabilization window: scale-downs too.
    scenarios[0]!.horizonS = 900;
    Object.assign(scenarios[1]!, { horizonS: 120 });
    scenarios[1]!.hosts.ramGiB = 8;
    scenarios[1]!.workload.appMemoryMiB = 4000;
    const kinds = new Set<string>();
    for (const scenario of scenarios) {
      const sim = createCompareSimulation(scenario, 1);
      for (let t = 5; !sim.done; t += 5) {
        sim.advanceTo(t);
        for (const e of sim.takeEvents().events) {
          kinds.add(`${e.kind}-${e.cause}`);
          for (const key of Object.keys(explainEvent(e).values)) keys.add(key);
        }
      }
    }
    expect(kinds).toContain('scale-down-autoscaler');
    expect(keys).toContain('stabilized');
    keys.delete('t');
    keys.delete('instance');
    const labelled = Object.keys(en.fields);
    const missing = [...keys].filter((k) => !k.startsWith('part:') && !labelled.includes(k));
    expect(keys.size).toBeGreaterThan(15);
    expect(missing).toEqual([]);
  });
});
