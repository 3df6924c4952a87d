import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { IpcChannel, type RendererApi, type RendererEvents } from '../../../shared/ipc';
import { defaultCompareScenario } from '../../../shared/scenario';
import { createCompareSimulation } from '../../../shared/sim/compare-model';
import { SimulationController } from '../../../shared/runtime/simulation-controller';
import { serveSimulation } from '../../../shared/runtime/simulation-service';
import { ManualClock, endpointPair, flushMessages } from '../../../shared/runtime/test-support';
import { provideRendererApi } from '../api';
import { overheadTotals } from '../../../shared/metrics';
import { MAX_EVENTS, SAMPLES_KEPT_PER_PLATFORM, useRunStore } from './run';

/** A RendererApi backed by the real worker protocol and core, in process, on a manual clock. */
function inProcessApi(clock: ManualClock): RendererApi {
  const [hostSide, workerSide] = endpointPair();
  serveSimulation(workerSide, clock);
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const controller = new SimulationController(hostSide, clock, (channel, payload) =>
    listeners.get(channel)?.forEach((l) => l(payload)),
  );
  const on =
    <K extends keyof RendererEvents>(channel: K) =>
    (listener: (payload: RendererEvents[K]) => void) => {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(listener as (p: unknown) => void);
      return () => set.delete(listener as (p: unknown) => void);
    };
  return {
    getAppInfo: async () => ({ name: 'VirtLab', version: 'test', edition: 'web', platform: 'vitest' }),
    startRun: (r) => controller.startRun(r),
    startTopicRun: (r) => controller.startTopicRun(r),
    pauseRun: () => controller.pauseRun(),
    resumeRun: () => controller.resumeRun(),
    stopRun: () => controller.stopRun(),
    stepRun: () => controller.stepRun(),
    setSpeed: (s) => controller.setSpeed(s),
    saveFile: async (request) => ({ location: request.suggestedName }),
    openScenarioFile: async () => null,
    openTraceFiles: async () => null,
    listRuns: async () => [],
    saveRun: async () => {},
    loadRun: async (id) => Promise.reject(new Error(`no run ${id}`)),
    renameRun: async () => {},
    deleteRun: async () => {},
    saveReportPdf: async () => null,
    copyImage: async () => {},
    onMetrics: on(IpcChannel.RunMetrics),
    onProgress: on(IpcChannel.RunProgress),
    onRunFinished: on(IpcChannel.RunFinished),
    onRunError: on(IpcChannel.RunError),
    onTopicChunk: on(IpcChannel.TopicChunk),
    onTopicFinished: on(IpcChannel.TopicFinished),
    startSweep: (r) => controller.startSweep(r),
    cancelSweep: () => controller.cancelSweep(),
    onSweepProgress: on(IpcChannel.SweepProgress),
    onSweepPoint: on(IpcChannel.SweepPoint),
    onSweepFinished: on(IpcChannel.SweepFinished),
  };
}

describe('run store', () => {
  let clock: ManualClock;
  beforeEach(() => {
    clock = new ManualClock();
    provideRendererApi(inProcessApi(clock));
    setActivePinia(createPinia());
  });

  it('collects every streamed sample per platform and the final summary', async () => {
    const store = useRunStore();
    const scenario = { ...defaultCompareScenario(), horizonS: 200 };
    store.speed = 0;
    await store.start(scenario, 5);
    await clock.advance(3000);

    const expected = createCompareSimulation(scenario, 5).advanceTo(200);
    for (const { id } of scenario.platforms) {
      expect(store.samples[id]).toEqual(expected.filter((s) => s.platform === id));
    }
    expect(store.state).toBe('finished');
    expect(store.progress).toBe(1);
    expect(store.summary?.platforms.map((p) => p.platform)).toEqual(scenario.platforms.map((p) => p.id));
    // The overhead chart's CPU bars come from these samples: container work ~= rate x service time.
    const container = overheadTotals(store.samples.runc ?? []);
    expect(container.cpuUsefulCores).toBeGreaterThan(3);
    expect(container.cpuUsefulCores).toBeLessThan(8);
  });

  it('keeps the streamed events, at most MAX_EVENTS of them, counting the rest', async () => {
    const store = useRunStore();
    const scenario = { ...defaultCompareScenario(), horizonS: 120 };
    store.speed = 0;
    await store.start(scenario, 5);
    await clock.advance(3000);
    expect(store.events.length).toBeGreaterThan(20);
    expect(store.events.some((e) => e.kind === 'cold-start')).toBe(true);
    for (let i = 1; i < store.events.length; i++) {
      expect(store.events[i]!.t).toBeGreaterThanOrEqual(store.events[i - 1]!.t); // time order
    }
    const before = store.events.length;
    const dropped = store.droppedEvents;
    const filler = { ...store.events[0]!, t: 120 };
    store.receiveBatch({ runId: store.runId!, samples: [], events: Array(MAX_EVENTS).fill(filler) });
    expect(store.events.length).toBe(MAX_EVENTS);
    expect(store.droppedEvents).toBe(dropped + before);
  });

  it('ignores batches of an older run and keeps the error of a refused start', async () => {
    const store = useRunStore();
    store.receiveBatch({ runId: 99, samples: [] });
    expect(store.samples).toEqual({});
    const bad = defaultCompareScenario();
    bad.hosts.ramGiB = 0;
    await store.start(bad, 1);
    await flushMessages();
    expect(store.error).toBe('scenario.hosts.ramGiB: host RAM (GiB) must be at least 1');
    expect(store.state).toBe('idle');
  });

  it('pauses and resumes through the API', async () => {
    const store = useRunStore();
    store.speed = 10;
    await store.start({ ...defaultCompareScenario(), horizonS: 600 }, 3);
    await clock.advance(1000);
    await store.pause();
    await clock.advance(200);
    expect(store.state).toBe('paused');
    const at = store.simTimeS;
    await clock.advance(2000);
    expect(store.simTimeS).toBe(at);
    await store.resume();
    await clock.advance(1000);
    expect(store.simTimeS).toBeGreaterThan(at);
  });

  it('keeps at most SAMPLES_KEPT_PER_PLATFORM samples per platform, with the overhead figures unchanged', async () => {
    const store = useRunStore();
    const scenario = { ...defaultCompareScenario(), horizonS: 200 };
    store.speed = 0;
    await store.start(scenario, 5);
    await clock.advance(3000);
    // A long history streamed in batches: the real samples repeated end to end in time.
    const base = store.samples.runc ?? [];
    const span = base.at(-1)!.t;
    const long = Array.from({ length: Math.ceil((SAMPLES_KEPT_PER_PLATFORM * 1.7) / base.length) }, (_, k) =>
      base.map((s) => ({ ...s, t: s.t + (k + 1) * span })),
    ).flat();
    const expected = overheadTotals([...base, ...long]);
    for (let i = 0; i < long.length; i += 500)
      store.receiveBatch({ runId: store.runId!, samples: long.slice(i, i + 500) });
    const kept = store.samples.runc ?? [];
    expect(kept.length).toBeLessThanOrEqual(SAMPLES_KEPT_PER_PLATFORM);
    expect(kept.length).toBeGreaterThan(SAMPLES_KEPT_PER_PLATFORM / 2);
    expect(kept.at(-1)!.t).toBe(long.at(-1)!.t);
    const totals = overheadTotals(kept);
    expect(totals.cpuUsefulCores).toBeCloseTo(expected.cpuUsefulCores, 9);
    expect(totals.memoryOverheadGiB).toBeCloseTo(expected.memoryOverheadGiB, 9);
  });
});
