import { defineStore } from 'pinia';
import { computed, ref, shallowRef, triggerRef } from 'vue';
import type { SweepFinished, SweepPoint, SweepProgress } from '../../../shared/protocol';
import type { CompareScenario } from '../../../shared/scenario';
import {
  SweepRequestSchema,
  estimateRemainingMs,
  sweepPoints,
  type SweepMetricId,
  type SweepParameter,
  type SweepRequest,
} from '../../../shared/sweep';
import { formatIssues } from '../../../shared/scenario';
import { useRendererApi } from '../api';

export type SweepRunState = 'idle' | 'starting' | 'running' | 'finished' | 'cancelled' | 'failed';

type SweepEvent =
  | { kind: 'progress'; payload: SweepProgress }
  | { kind: 'point'; payload: SweepPoint }
  | { kind: 'finished'; payload: SweepFinished };

/**
 * The current parameter sweep as the renderer sees it: the request, the points received so
 * far (a shallowRef appended in place), progress, and an estimate of the wall time left
 * computed here from the renderer's clock (the worker reports only the share done).
 */
export const useSweepStore = defineStore('sweep', () => {
  const api = useRendererApi();

  const sweepId = ref<number | null>(null);
  const request = shallowRef<SweepRequest | null>(null);
  const state = ref<SweepRunState>('idle');
  const points = shallowRef<SweepPoint[]>([]);
  const revision = ref(0);
  const pointsDone = ref(0);
  const totalPoints = ref(0);
  const fractionDone = ref(0);
  const eventsProcessed = ref(0);
  const remainingMs = ref<number | null>(null);
  const elapsedMs = ref(0);
  const error = ref<string | null>(null);
  let startedAt = 0;

  const isActive = computed(() => state.value === 'starting' || state.value === 'running');

  // Events that arrive before startSweep's reply gives the id (IPC does not order the two).
  let early: SweepEvent[] | null = null;

  function receive(event: SweepEvent): void {
    if (early && sweepId.value === null) {
      early.push(event);
      return;
    }
    if (event.payload.sweepId !== sweepId.value) return;
    switch (event.kind) {
      case 'progress': {
        const p = event.payload;
        pointsDone.value = p.pointsDone;
        totalPoints.value = p.totalPoints;
        fractionDone.value = p.fractionDone;
        eventsProcessed.value = p.eventsProcessed;
        if (p.state === 'running') state.value = 'running';
        elapsedMs.value = performance.now() - startedAt;
        remainingMs.value = estimateRemainingMs(elapsedMs.value, p.fractionDone);
        break;
      }
      case 'point':
        points.value.push(event.payload);
        triggerRef(points);
        revision.value++;
        break;
      case 'finished':
        state.value = event.payload.state;
        pointsDone.value = event.payload.pointsDone;
        remainingMs.value = null;
        if (event.payload.error) error.value = event.payload.error.message;
        break;
    }
  }

  api.onSweepProgress((payload) => receive({ kind: 'progress', payload }));
  api.onSweepPoint((payload) => receive({ kind: 'point', payload }));
  api.onSweepFinished((payload) => receive({ kind: 'finished', payload }));

  /** Checks a draft request with the shared schema: null if valid, else the messages (one per field). */
  function validate(draft: SweepRequest): string | null {
    const result = SweepRequestSchema.safeParse(draft);
    return result.success ? null : formatIssues(result.error);
  }

  async function start(
    scenario: CompareScenario,
    seed: number,
    parameters: SweepParameter[],
    metrics: SweepMetricId[],
  ): Promise<void> {
    // A plain copy: the panel's scenario is a reactive proxy, which cannot cross to a worker.
    const next = JSON.parse(JSON.stringify({ scenario, seed, parameters, metrics })) as SweepRequest;
    error.value = validate(next);
    if (error.value) return;
    request.value = next;
    sweepId.value = null;
    points.value = [];
    revision.value++;
    pointsDone.value = 0;
    totalPoints.value = sweepPoints(next).length;
    fractionDone.value = 0;
    eventsProcessed.value = 0;
    remainingMs.value = null;
    elapsedMs.value = 0;
    state.value = 'starting';
    startedAt = performance.now();
    early = [];
    try {
      const handle = await api.startSweep(next);
      sweepId.value = handle.sweepId;
      const replay = early;
      early = null;
      for (const event of replay) receive(event);
    } catch (caught) {
      early = null;
      state.value = 'failed';
      error.value = caught instanceof Error ? caught.message : String(caught);
    }
  }

  async function cancel(): Promise<void> {
    try {
      await api.cancelSweep();
    } catch (caught) {
      error.value = caught instanceof Error ? caught.message : String(caught);
    }
  }

  return {
    sweepId,
    request,
    state,
    points,
    revision,
    pointsDone,
    totalPoints,
    fractionDone,
    eventsProcessed,
    remainingMs,
    elapsedMs,
    error,
    isActive,
    validate,
    start,
    cancel,
  };
});
