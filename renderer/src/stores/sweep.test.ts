import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RendererApi } from '../../../shared/ipc';
import type { SweepFinished, SweepPoint, SweepProgress } from '../../../shared/protocol';
import { defaultCompareScenario } from '../../../shared/scenario';
import { SweepRequestSchema, type SweepParameter } from '../../../shared/sweep';
import { runSweep } from '../../../shared/sweep-runner';
import { provideRendererApi } from '../api';
import { useSweepStore } from './sweep';

/**
 * Only the sweep part of the API, with a worker that reports everything *before* the
 * startSweep reply arrives (IPC does not order the two): the store must not lose it.
 */
function eagerSweepApi() {
  const progress = new Set<(p: SweepProgress) => void>();
  const pointListeners = new Set<(p: SweepPoint) => void>();
  const finished = new Set<(p: SweepFinished) => void>();
  const api = {
    startSweep: async (request) => {
      const parsed = SweepRequestSchema.parse(request);
      const results = runSweep(parsed);
      results.forEach((r) => pointListeners.forEach((l) => l({ sweepId: 4, ...r })));
      progress.forEach((l) =>
        l({
          sweepId: 4,
          state: 'finished',
          pointsDone: results.length,
          totalPoints: results.length,
          fractionDone: 1,
          eventsProcessed: 1,
        }),
      );
      // Another sweep's stray event must be ignored.
      finished.forEach((l) => l({ sweepId: 3, state: 'cancelled', pointsDone: 0 }));
      finished.forEach((l) => l({ sweepId: 4, state: 'finished', pointsDone: results.length }));
      return { sweepId: 4 };
    },
    cancelSweep: async () => {},
    onSweepProgress: (l) => (progress.add(l), () => progress.delete(l)),
    onSweepPoint: (l) => (pointListeners.add(l), () => pointListeners.delete(l)),
    onSweepFinished: (l) => (finished.add(l), () => finished.delete(l)),
  } satisfies Partial<RendererApi>;
  return api as unknown as RendererApi;
}

describe('sweep store', () => {
  beforeEach(() => {
    provideRendererApi(eagerSweepApi());
    setActivePinia(createPinia());
  });

  const parameters: SweepParameter[] = [{ path: 'hosts.count', values: [1, 2, 3] }];
  const scenario = () => ({ ...defaultCompareScenario(), horizonS: 30 });

  it('keeps the points and the end that arrived before the sweep id', async () => {
    const store = useSweepStore();
    await store.start(scenario(), 6, parameters, ['peakHostsUsed']);
    expect(store.sweepId).toBe(4);
    expect(store.points.map((p) => p.values)).toEqual([[1], [2], [3]]);
    expect(store.state).toBe('finished');
    expect(store.pointsDone).toBe(3);
    expect(store.error).toBeNull();
  });

  it('refuses a bad request with the schema message and starts nothing', async () => {
    const store = useSweepStore();
    await store.start(scenario(), 6, [{ path: 'hosts.count', values: [0] }], ['peakHostsUsed']);
    expect(store.error).toMatch(/parameters\.0\.values\.0: hosts\.count must be from 1 to 10000 hosts/);
    expect(store.state).toBe('idle');
    expect(store.sweepId).toBeNull();
  });
});
