import { defineStore } from 'pinia';
import { computed, ref, shallowRef, triggerRef } from 'vue';
import type { MetricsBatch, RunProgress, RunState } from '../../../shared/protocol';
import type { CompareScenario, StartRunRequest } from '../../../shared/scenario';
import type { MetricSample, RunSummary } from '../../../shared/sim/types';
import { groupByPlatform, type SamplesByPlatform } from '../../../shared/metrics';
import { halveSamples } from '../../../shared/downsample';
import type { SimEvent } from '../../../shared/sim/event-log';
import { useRendererApi } from '../api';

/**
 * Most samples kept per platform. Beyond it the history is halved in place by merging
 * neighbours (shared/downsample.ts halveSamples): time-weighted CPU and memory means,
 * counts and completion-weighted latencies are preserved, so the overhead chart and the
 * latency figures do not move; the run's summary comes from the worker and is untouched.
 * Exports of such a run carry the merged samples.
 */
export const SAMPLES_KEPT_PER_PLATFORM = 10_000;

/**
 * The current run as the renderer sees it: what was asked, how far it got, and every
 * sample streamed so far. Samples live in a shallowRef and are appended in place (the
 * Vue performance guide's advice for large data); `revision` tells charts to redraw.
 */
/** Events kept for the Timeline view; older ones are let go (and counted). */
export const MAX_EVENTS = 5000;

export const useRunStore = defineStore('run', () => {
  const api = useRendererApi();

  const runId = ref<number | null>(null);
  const request = shallowRef<StartRunRequest | null>(null);
  const state = ref<RunState>('idle');
  const simTimeS = ref(0);
  const horizonS = ref(0);
  const eventsProcessed = ref(0);
  const speed = ref(60);
  const samples = shallowRef<SamplesByPlatform>({});
  const revision = ref(0);
  const summary = shallowRef<RunSummary | null>(null);
  /** Notable events of the run with their reasons (Timeline view): the last MAX_EVENTS, oldest first. */
  const events = shallowRef<SimEvent[]>([]);
  /** Events the simulation did not record (over its budget) or the store let go (over MAX_EVENTS). */
  const droppedEvents = ref(0);
  const error = ref<string | null>(null);

  const progress = computed(() => (horizonS.value > 0 ? Math.min(1, simTimeS.value / horizonS.value) : 0));
  const isActive = computed(() => state.value === 'running' || state.value === 'paused');
  const scenario = computed<CompareScenario | null>(() => request.value?.scenario ?? null);

  // Batches that arrive while startRun is still waiting for its run id (IPC gives no
  // ordering between a reply and an event); replayed once the id is known.
  let early: MetricsBatch[] | null = null;

  function receiveBatch(batch: MetricsBatch): void {
    if (early && runId.value === null) {
      early.push(batch);
      return;
    }
    if (batch.runId !== runId.value) return;
    const byPlatform = samples.value;
    for (const sample of batch.samples) (byPlatform[sample.platform] ??= []).push(sample);
    for (const [platform, list] of Object.entries(byPlatform) as Array<
      [keyof SamplesByPlatform, MetricSample[]]
    >)
      if (list.length > SAMPLES_KEPT_PER_PLATFORM) byPlatform[platform] = halveSamples(list);
    if (batch.events?.length || batch.droppedEvents)
      appendEvents(batch.events ?? [], batch.droppedEvents ?? 0);
    triggerRef(samples);
    revision.value++;
  }

  function appendEvents(incoming: SimEvent[], dropped: number): void {
    const list = events.value;
    for (const event of incoming) list.push(event);
    const excess = list.length - MAX_EVENTS;
    if (excess > 0) list.splice(0, excess);
    droppedEvents.value += dropped + Math.max(0, excess);
    triggerRef(events);
  }

  function receiveProgress(update: RunProgress): void {
    if (update.runId !== runId.value) return;
    state.value = update.state;
    simTimeS.value = update.simTimeS;
    horizonS.value = update.horizonS;
    eventsProcessed.value = update.eventsProcessed;
  }

  api.onMetrics(receiveBatch);
  api.onProgress(receiveProgress);
  api.onRunFinished((finished) => {
    if (finished.runId === runId.value) summary.value = finished.summary;
  });
  api.onRunError((failure) => {
    if (failure.runId !== null && failure.runId !== runId.value) return;
    error.value = failure.error.message;
    if (isActive.value) state.value = 'failed';
  });

  /** Runs an API call, turning its failure into the store's error instead of an exception. */
  async function attempt(action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
    } catch (caught) {
      error.value = caught instanceof Error ? caught.message : String(caught);
    }
  }

  async function start(scenarioToRun: CompareScenario, seed: number): Promise<void> {
    // A plain copy: the panel's scenario is a reactive proxy, which cannot cross to a worker.
    const next: StartRunRequest = {
      scenario: JSON.parse(JSON.stringify(scenarioToRun)) as CompareScenario,
      seed,
      speed: speed.value,
    };
    error.value = null;
    await attempt(async () => {
      // Clear before the worker answers: its first batch may arrive right after the reply.
      runId.value = null;
      samples.value = {};
      events.value = [];
      droppedEvents.value = 0;
      summary.value = null;
      revision.value++;
      early = [];
      try {
        const handle = await api.startRun(next);
        request.value = next;
        runId.value = handle.runId;
        horizonS.value = next.scenario.horizonS;
        simTimeS.value = 0;
        state.value = 'running';
      } finally {
        const replay = early;
        early = null;
        for (const batch of replay) receiveBatch(batch);
      }
    });
  }

  /**
   * Shows a saved run as if it had just finished: its request, samples and summary exactly
   * as stored (the runs library's Open). Stops nothing; refused while a run is active.
   */
  function showSaved(saved: {
    scenario: CompareScenario;
    seed: number;
    summary: RunSummary;
    samples: readonly MetricSample[];
  }): void {
    if (isActive.value) throw new Error('stop the current run before opening a saved one');
    runId.value = null;
    request.value = { scenario: saved.scenario, seed: saved.seed, speed: speed.value };
    samples.value = groupByPlatform(saved.samples);
    summary.value = saved.summary;
    horizonS.value = saved.scenario.horizonS;
    simTimeS.value = saved.summary.horizonS;
    eventsProcessed.value = saved.summary.eventsProcessed;
    state.value = 'finished';
    error.value = null;
    revision.value++;
  }

  const pause = () => attempt(() => api.pauseRun());
  const resume = () => attempt(() => api.resumeRun());
  const stop = () => attempt(() => api.stopRun());
  const step = () => attempt(() => api.stepRun());
  async function changeSpeed(next: number): Promise<void> {
    speed.value = next;
    if (isActive.value) await attempt(() => api.setSpeed(next));
  }

  return {
    runId,
    request,
    scenario,
    state,
    simTimeS,
    horizonS,
    eventsProcessed,
    speed,
    samples,
    revision,
    summary,
    events,
    droppedEvents,
    error,
    progress,
    isActive,
    receiveBatch,
    receiveProgress,
    start,
    showSaved,
    pause,
    resume,
    stop,
    step,
    changeSpeed,
  };
});
