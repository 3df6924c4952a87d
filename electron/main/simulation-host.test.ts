import { Worker } from 'node:worker_threads';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IpcChannel, type RendererEvents } from '../../shared/ipc';
import { defaultCompareScenario, type StartRunRequest } from '../../shared/scenario';
import { createCompareSimulation } from '../../shared/sim/compare-model';
import { SimulationHost } from './simulation-host';

const workerPath = resolve(__dirname, '../worker/simulation.worker.ts');
const tsWorker = () => new Worker(workerPath, { execArgv: ['--require', 'tsx/cjs'] });

type Received = { channel: keyof RendererEvents; payload: unknown; at: number };

function hostWith(createWorker: () => Worker) {
  const received: Received[] = [];
  const host = new SimulationHost(createWorker, (channel, payload) =>
    received.push({ channel, payload, at: performance.now() }),
  );
  const waitFor = async (predicate: () => boolean, timeoutMs = 20_000) => {
    const start = performance.now();
    while (!predicate()) {
      if (performance.now() - start > timeoutMs) throw new Error('timed out waiting for the worker');
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return { host, received, waitFor };
}

const request: StartRunRequest = {
  scenario: { ...defaultCompareScenario(), horizonS: 300 },
  seed: 11,
  speed: 0,
};

let dispose: (() => Promise<void>) | null = null;
afterEach(async () => {
  await dispose?.();
  dispose = null;
});

describe('SimulationHost with a real worker_threads Worker', () => {
  it('runs the core in the worker and forwards its samples, in order, in bounded batches', async () => {
    const { host, received, waitFor } = hostWith(tsWorker);
    dispose = () => host.dispose();
    const { runId } = await host.startRun(request);
    await waitFor(() => received.some((r) => r.channel === IpcChannel.RunFinished));

    const batches = received
      .filter((r) => r.channel === IpcChannel.RunMetrics)
      .map((r) => r.payload as RendererEvents[typeof IpcChannel.RunMetrics]);
    expect(batches.every((b) => b.runId === runId)).toBe(true);
    const expected = createCompareSimulation(request.scenario, request.seed).advanceTo(
      request.scenario.horizonS,
    );
    expect(batches.flatMap((b) => b.samples)).toEqual(expected);
    // Bounded rate: consecutive metric batches are at least ~one forward interval apart.
    const times = received.filter((r) => r.channel === IpcChannel.RunMetrics).map((r) => r.at);
    for (let i = 1; i < times.length - 1; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(90);

    const finished = received.find((r) => r.channel === IpcChannel.RunFinished)!
      .payload as RendererEvents[typeof IpcChannel.RunFinished];
    const direct = createCompareSimulation(request.scenario, request.seed);
    direct.advanceTo(request.scenario.horizonS);
    expect(finished.summary).toEqual(direct.summary());
  });

  it('reports a crashed worker to the renderer and starts a fresh one for the next run', async () => {
    let created = 0;
    const crashing = () => {
      created++;
      if (created === 1) return new Worker('throw new Error("worker boot failure")', { eval: true });
      return tsWorker();
    };
    const { host, received, waitFor } = hostWith(crashing);
    dispose = () => host.dispose();
    await expect(host.startRun(request)).rejects.toThrow(/worker boot failure/);
    await waitFor(() => received.some((r) => r.channel === IpcChannel.RunError));
    const failure = received.find((r) => r.channel === IpcChannel.RunError)!
      .payload as RendererEvents[typeof IpcChannel.RunError];
    expect(failure.error.message).toMatch(/worker boot failure/);

    const { runId } = await host.startRun({ ...request, scenario: { ...request.scenario, horizonS: 30 } });
    await waitFor(() => received.some((r) => r.channel === IpcChannel.RunFinished));
    expect(runId).toBe(1);
    expect(created).toBe(2);
  });
});
