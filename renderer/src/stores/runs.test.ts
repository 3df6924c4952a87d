import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RendererApi } from '../../../shared/ipc';
import { headerOf, parseSavedRun, type SavedRun } from '../../../shared/run-library';
import { defaultCompareScenario } from '../../../shared/scenario';
import { createCompareSimulation } from '../../../shared/sim/compare-model';
import { provideRendererApi } from '../api';
import { useRunStore } from './run';
import { useRunsStore } from './runs';
import { useScenarioStore } from './scenario';

/** The RendererApi's runs library kept in a Map, validating like the real ones; nothing else is used. */
function libraryApi(stored: Map<string, unknown>): RendererApi {
  const unused = () => {
    throw new Error('not used by this test');
  };
  const load = async (id: string) => {
    const parsed = parseSavedRun(stored.get(id));
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.value;
  };
  return {
    getAppInfo: unused,
    startRun: unused,
    startTopicRun: unused,
    pauseRun: unused,
    resumeRun: unused,
    stopRun: unused,
    stepRun: unused,
    setSpeed: unused,
    saveFile: unused,
    openScenarioFile: unused,
    openTraceFiles: unused,
    listRuns: async () =>
      [...stored.keys()].map((id) => {
        const parsed = parseSavedRun(stored.get(id));
        return parsed.ok
          ? { id, ok: true, run: headerOf(parsed.value) }
          : { id, ok: false, reason: parsed.error };
      }),
    saveRun: async (run) => {
      // Structured clone, as IndexedDB and IPC do: throws on reactive proxies or functions.
      stored.set(run.id, structuredClone(run));
    },
    loadRun: load,
    renameRun: async ({ id, name }) => {
      stored.set(id, { ...(await load(id)), name });
    },
    deleteRun: async (id) => {
      stored.delete(id);
    },
    saveReportPdf: unused,
    copyImage: unused,
    startSweep: unused,
    cancelSweep: unused,
    onSweepProgress: () => () => {},
    onSweepPoint: () => () => {},
    onSweepFinished: () => () => {},
    onMetrics: () => () => {},
    onProgress: () => () => {},
    onRunFinished: () => () => {},
    onRunError: () => () => {},
    onTopicChunk: () => () => {},
    onTopicFinished: () => () => {},
  };
}

function finishedRun(seed: number) {
  const scenario = { ...defaultCompareScenario(), horizonS: 120 };
  const simulation = createCompareSimulation(scenario, seed);
  const samples = simulation.advanceTo(scenario.horizonS);
  return { scenario, seed, samples, summary: simulation.summary() };
}

describe('runs store', () => {
  let stored: Map<string, unknown>;
  beforeEach(() => {
    stored = new Map();
    provideRendererApi(libraryApi(stored));
    setActivePinia(createPinia());
  });

  it('saves the finished run and opens it back with identical samples and summary', async () => {
    const run = useRunStore();
    const original = finishedRun(11);
    run.showSaved(original);
    const summaryBefore = structuredClone(run.summary);
    const samplesBefore = structuredClone(run.samples);

    const runs = useRunsStore();
    const saved = await runs.saveCurrent('baseline');
    expect(saved.id).toMatch(/^[a-z0-9-]+$/);
    expect(saved.downsampled).toBeNull();
    expect(runs.entries.map((e) => e.ok && e.run.name)).toEqual(['baseline']);

    // Something else is shown, then the saved run is opened again.
    run.showSaved(finishedRun(12));
    useScenarioStore().seed = 99;
    expect(await runs.open(saved.id)).toBe(true);
    expect(run.summary).toEqual(summaryBefore);
    expect(run.samples).toEqual(samplesBefore);
    expect(run.state).toBe('finished');
    expect(useScenarioStore().seed).toBe(11);
    expect(useScenarioStore().scenario).toEqual(original.scenario);
  });

  it('renames, overlays two runs and deletes, and reports a broken record instead of throwing', async () => {
    const run = useRunStore();
    const runs = useRunsStore();
    run.showSaved(finishedRun(1));
    const a = await runs.saveCurrent('seed 1');
    run.showSaved(finishedRun(2));
    const b = await runs.saveCurrent('seed 2');
    await runs.rename(a.id, 'first');
    await runs.showOverlay(a.id, b.id);
    expect(runs.overlay?.a.name).toBe('first');
    expect(runs.overlay?.b.seed).toBe(2);
    expect(runs.overlay?.a.summary.platforms[0]?.completed).not.toBe(
      runs.overlay?.b.summary.platforms[0]?.completed,
    );

    stored.set('broken', { ...(stored.get(b.id) as SavedRun), scenario: { kind: 'compare' } });
    await runs.refresh();
    const broken = runs.entries.find((e) => e.id === 'broken');
    expect(broken && !broken.ok && broken.reason).toMatch(/scenario/);
    expect(await runs.open('broken')).toBe(false);
    expect(runs.error).toMatch(/scenario/);

    await runs.remove(b.id);
    expect(runs.overlay).toBeNull();
    expect(runs.entries.map((e) => e.id).sort()).toEqual([a.id, 'broken'].sort());
  });
});
