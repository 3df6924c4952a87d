import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef, triggerRef } from 'vue';
import type { RunProgress, RunState } from '../../../shared/protocol';
import { TOPICS, TopicScenarioSchema, axisOf, type TopicScenario } from '../../../shared/topics/registry';
import { formatPath } from '../../../shared/scenario';
import { fileNameFor } from '../../../shared/files';
import type { TopicEvent, TopicFrame, TopicSummary } from '../../../shared/topics/types';
import type { TopicChunkMessage } from '../../../shared/topics/wire';
import { useRendererApi } from '../api';

/**
 * The run of one course-topic view: what was asked, how far it got, and the frames and
 * events streamed so far (appended in place in shallowRefs; `revision` tells charts to
 * redraw). One store per topic kind, so each view keeps its last run when you switch views.
 * Frames and events need no bound here: every topic model emits at most MAX_TOPIC_ITEMS
 * (200,000) of them per run (shared/topics/types.ts), and their meanings differ per topic,
 * so no one merging rule would keep every view's figures right.
 */
export function useTopicRunStore(kind: string) {
  return defineStore(`topic-run:${kind}`, () => {
    const api = useRendererApi();
    const topic = TOPICS[kind];
    if (!topic) throw new Error(`unknown topic "${kind}"`);
    /** The scenario being edited in the view, and the seed of the next run. */
    const draft = ref<TopicScenario>(topic.defaultScenario() as TopicScenario);
    const seed = ref(1);
    const presetId = ref<string>('');
    const fieldErrors = computed<Record<string, string>>(() => {
      const errors: Record<string, string> = {};
      const result = TopicScenarioSchema.safeParse(draft.value);
      if (!result.success)
        for (const issue of result.error.issues) errors[formatPath(issue.path)] ??= issue.message;
      return errors;
    });
    const isValid = computed(() => Object.keys(fieldErrors.value).length === 0);
    function choosePreset(id: string): void {
      const preset = topic?.presets.find((p) => p.id === id);
      if (!preset) return;
      presetId.value = id;
      draft.value = structuredClone(preset.scenario) as TopicScenario;
    }
    /** Last file action's outcome, shown under the form's file buttons. */
    const fileMessage = ref<{ kind: 'info' | 'error'; text: string } | null>(null);

    async function saveScenario(): Promise<void> {
      try {
        const name = String((draft.value as { name?: unknown }).name ?? kind);
        const saved = await api.saveFile({
          kind: 'scenario',
          suggestedName: fileNameFor(name, 'json'),
          data: `${JSON.stringify(draft.value, null, 2)}\n`,
          encoding: 'utf8',
        });
        if (saved) fileMessage.value = { kind: 'info', text: `Saved ${saved.location}` };
      } catch (error) {
        fileMessage.value = { kind: 'error', text: `Could not save: ${(error as Error).message}` };
      }
    }

    /** Opens a scenario of this topic; a bad file leaves the form untouched and says what is wrong. */
    async function openScenario(): Promise<void> {
      try {
        const file = await api.openScenarioFile();
        if (!file) return;
        let data: unknown;
        try {
          data = JSON.parse(file.text);
        } catch (error) {
          fileMessage.value = {
            kind: 'error',
            text: `${file.name} is not JSON: ${(error as Error).message}`,
          };
          return;
        }
        const fileKind = (data as { kind?: unknown } | null)?.kind;
        if (fileKind !== kind) {
          fileMessage.value = {
            kind: 'error',
            text: `${file.name} is a "${String(fileKind)}" scenario; this view opens "${kind}" scenarios`,
          };
          return;
        }
        const parsed = TopicScenarioSchema.safeParse(data);
        if (!parsed.success) {
          const lines = parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
          fileMessage.value = { kind: 'error', text: `${file.name} was not loaded:\n${lines.join('\n')}` };
          return;
        }
        draft.value = parsed.data;
        presetId.value = '';
        fileMessage.value = { kind: 'info', text: `Loaded ${file.name}` };
      } catch (error) {
        fileMessage.value = { kind: 'error', text: `Could not open: ${(error as Error).message}` };
      }
    }

    const runId = ref<number | null>(null);
    /** The seed of the run on screen (the form's seed may have changed since). */
    const lastSeed = ref(0);
    const scenario = shallowRef<TopicScenario | null>(null);
    const state = ref<RunState>('idle');
    const position = ref(0);
    const horizon = ref(0);
    const eventsProcessed = ref(0);
    const speed = ref(axisOf(topic, topic.defaultScenario()).unit === 'step' ? 10 : 0);
    const frames = shallowRef<TopicFrame[]>([]);
    const events = shallowRef<TopicEvent[]>([]);
    const revision = ref(0);
    const summary = shallowRef<TopicSummary | null>(null);
    const error = ref<string | null>(null);

    const progress = computed(() => (horizon.value > 0 ? Math.min(1, position.value / horizon.value) : 0));
    const isActive = computed(() => state.value === 'running' || state.value === 'paused');

    // Output that arrives before startTopicRun has answered with the run id; replayed after.
    let early: TopicChunkMessage[] | null = null;

    function receiveChunk(chunk: TopicChunkMessage): void {
      if (early && runId.value === null) {
        early.push(chunk);
        return;
      }
      if (chunk.runId !== runId.value) return;
      for (const frame of chunk.frames) frames.value.push(frame);
      for (const event of chunk.events) events.value.push(event);
      triggerRef(frames);
      triggerRef(events);
      revision.value++;
    }

    function receiveProgress(update: RunProgress): void {
      if (update.runId !== runId.value) return;
      state.value = update.state;
      position.value = update.simTimeS;
      horizon.value = update.horizonS;
      eventsProcessed.value = update.eventsProcessed;
    }

    api.onTopicChunk(receiveChunk);
    api.onProgress(receiveProgress);
    api.onTopicFinished((finished) => {
      if (finished.runId === runId.value) summary.value = finished.summary;
    });
    api.onRunError((failure) => {
      if (failure.runId === null || failure.runId !== runId.value) return;
      error.value = failure.error.message;
      state.value = 'failed';
    });

    async function attempt(action: () => Promise<unknown>): Promise<void> {
      try {
        await action();
      } catch (caught) {
        error.value = caught instanceof Error ? caught.message : String(caught);
      }
    }

    async function start(next: TopicScenario, seed: number): Promise<void> {
      // A plain copy: the view's scenario is a reactive proxy, which cannot cross to a worker.
      const plain = JSON.parse(JSON.stringify(next)) as TopicScenario;
      error.value = null;
      runId.value = null;
      frames.value = [];
      events.value = [];
      summary.value = null;
      revision.value++;
      early = [];
      await attempt(async () => {
        try {
          const handle = await api.startTopicRun({ scenario: plain, seed, speed: speed.value });
          scenario.value = plain;
          lastSeed.value = seed;
          runId.value = handle.runId;
          position.value = 0;
          state.value = 'running';
        } finally {
          const replay = early ?? [];
          early = null;
          for (const chunk of replay) receiveChunk(chunk);
        }
      });
    }

    return {
      topic: markRaw(topic),
      draft,
      seed,
      presetId,
      fieldErrors,
      isValid,
      choosePreset,
      fileMessage,
      saveScenario,
      openScenario,
      runId,
      lastSeed,
      scenario,
      state,
      position,
      horizon,
      eventsProcessed,
      speed,
      frames,
      events,
      revision,
      summary,
      error,
      progress,
      isActive,
      start,
      pause: () => attempt(() => api.pauseRun()),
      resume: () => attempt(() => api.resumeRun()),
      stop: () => attempt(() => api.stopRun()),
      step: () => attempt(() => api.stepRun()),
      async changeSpeed(next: number) {
        speed.value = next;
        if (isActive.value) await attempt(() => api.setSpeed(next));
      },
    };
  })();
}
