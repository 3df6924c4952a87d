import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { buildSavedRun, type RunListEntry, type SavedRun } from '../../../shared/run-library';
import { useRendererApi } from '../api';
import { useRunStore } from './run';
import { useScenarioStore } from './scenario';

/** A fresh id: time-ordered, unique enough for one person's library, and RunIdSchema-safe. */
function newRunId(): string {
  return `${Date.now().toString(36)}-${crypto.randomUUID().slice(0, 8)}`;
}

/** The runs library as the renderer sees it: the list, and the two runs picked for overlay. */
export const useRunsStore = defineStore('runs', () => {
  const api = useRendererApi();
  const entries = shallowRef<RunListEntry[]>([]);
  const loading = ref(false);
  const error = ref<string | null>(null);
  /** The two runs overlaid (A solid, B dashed), loaded in full. */
  const overlay = shallowRef<{ a: SavedRun; b: SavedRun } | null>(null);

  async function attempt<T>(action: () => Promise<T>): Promise<T | undefined> {
    try {
      error.value = null;
      return await action();
    } catch (caught) {
      error.value = caught instanceof Error ? caught.message : String(caught);
      return undefined;
    }
  }

  async function refresh(): Promise<void> {
    loading.value = true;
    await attempt(async () => {
      entries.value = await api.listRuns();
    });
    loading.value = false;
  }

  /** Saves the Compare view's finished run under a name; returns the saved run, or throws. */
  async function saveCurrent(name: string): Promise<SavedRun> {
    const run = useRunStore();
    if (!run.request || !run.summary) throw new Error('finish a run before saving it');
    const saved = buildSavedRun({
      id: newRunId(),
      name,
      savedAt: new Date().toISOString(),
      appVersion: __APP_VERSION__,
      // Plain copies: the stores hold reactive proxies, which IndexedDB and IPC cannot clone.
      scenario: JSON.parse(JSON.stringify(run.request.scenario)) as SavedRun['scenario'],
      seed: run.request.seed,
      summary: JSON.parse(JSON.stringify(run.summary)) as SavedRun['summary'],
      samples: JSON.parse(JSON.stringify(Object.values(run.samples).flat())) as SavedRun['samples'],
    });
    await api.saveRun(saved);
    await refresh();
    return saved;
  }

  /** Loads a saved run into the Compare view: scenario and seed in the panel, samples and summary in the charts. */
  async function open(id: string): Promise<boolean> {
    const saved = await attempt(() => api.loadRun(id));
    if (!saved) return false;
    const opened = await attempt(async () => {
      useRunStore().showSaved(saved);
      const scenario = useScenarioStore();
      scenario.scenario = JSON.parse(JSON.stringify(saved.scenario)) as SavedRun['scenario'];
      scenario.seed = saved.seed;
      return true;
    });
    return opened === true;
  }

  async function rename(id: string, name: string): Promise<void> {
    await attempt(() => api.renameRun({ id, name }));
    await refresh();
  }

  async function remove(id: string): Promise<void> {
    await attempt(() => api.deleteRun(id));
    if (overlay.value && (overlay.value.a.id === id || overlay.value.b.id === id)) overlay.value = null;
    await refresh();
  }

  async function showOverlay(idA: string, idB: string): Promise<void> {
    const pair = await attempt(async () => {
      const [a, b] = await Promise.all([api.loadRun(idA), api.loadRun(idB)]);
      return { a, b };
    });
    if (pair) overlay.value = pair;
  }

  return { entries, loading, error, overlay, refresh, saveCurrent, open, rename, remove, showOverlay };
});
