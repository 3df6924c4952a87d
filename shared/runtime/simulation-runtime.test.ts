import { describe, expect, it } from 'vitest';
import { defaultCompareScenario, type StartRunRequest } from '../scenario';
import { createCompareSimulation } from '../sim/compare-model';
import type { MetricSample, Simulation } from '../sim/types';
import { MetricsBatchSchema, type WorkerMessage } from '../protocol';
import { IpcChannel, type RendererEvents } from '../ipc';
import { serveSimulation } from './simulation-service';
import { SimulationController } from './simulation-controller';
import { ManualClock, endpointPair, flushMessages } from './test-support';
import type { SweepRequest } from '../sweep';

function shortRequest(speed: number): StartRunRequest {
  const scenario = { ...defaultCompareScenario(), horizonS: 120, sampleIntervalS: 5 };
  scenario.workload = {
    ...scenario.workload,
    arrivals: { kind: 'bursty', ratePerS: 40, burst: { startS: 30, durationS: 30, factor: 3 } },
  };
  return { scenario, seed: 7, speed };
}

function directSamples(request: StartRunRequest): MetricSample[] {
  const simulation = createCompareSimulation(request.scenario, request.seed);
  return simulation.advanceTo(request.scenario.horizonS);
}

function setup(forwardIntervalMs = 100) {
  const clock = new ManualClock();
  const [hostSide, workerSide] = endpointPair();
  serveSimulation(workerSide, clock, { tickMs: 50, sliceBudgetMs: 1e9 });
  const events: Array<{ channel: keyof RendererEvents; payload: RendererEvents[keyof RendererEvents] }> = [];
  const controller = new SimulationController(
    hostSide,
    clock,
    (channel, payload) => events.push({ channel, payload }),
    forwardIntervalMs,
  );
  const of = <K extends keyof RendererEvents>(channel: K) =>
    events.filter((e) => e.channel === channel).map((e) => e.payload as RendererEvents[K]);
  return { clock, controller, events, of };
}

describe('worker protocol through the controller', () => {
  it('streams exactly the samples the simulation computes, then the summary', async () => {
    const request = shortRequest(0);
    const { clock, controller, of } = setup();
    const { runId } = await controller.startRun(request);
    await clock.advance(2000);
    const streamed = of(IpcChannel.RunMetrics).flatMap((batch) => batch.samples);
    expect(streamed).toEqual(directSamples(request));
    const finished = of(IpcChannel.RunFinished);
    expect(finished).toHaveLength(1);
    expect(finished[0]!.runId).toBe(runId);
    expect(finished[0]!.summary.horizonS).toBe(120);
    expect(of(IpcChannel.RunProgress).at(-1)).toMatchObject({ state: 'finished', simTimeS: 120 });
  });

  it('streams the events the simulation records, validated by the worker protocol schema', async () => {
    const request = shortRequest(0);
    const { clock, controller, of } = setup();
    await controller.startRun(request);
    await clock.advance(2000);
    const batches = of(IpcChannel.RunMetrics);
    for (const batch of batches) expect(MetricsBatchSchema.safeParse(batch).success).toBe(true);
    const streamed = batches.flatMap((batch) => batch.events ?? []);
    // The same events as a direct run taking them once per sample interval (no overflow here).
    const simulation = createCompareSimulation(request.scenario, request.seed);
    const direct = [];
    for (let t = 5; !simulation.done; t += 5) {
      simulation.advanceTo(t);
      direct.push(...simulation.takeEvents().events);
    }
    expect(direct.length).toBeGreaterThan(20);
    expect(streamed).toEqual(direct);
  });

  it('paces a run by speed: 10x advances 10 simulated seconds per wall second', async () => {
    const { clock, controller, of } = setup();
    await controller.startRun(shortRequest(10));
    await clock.advance(3000);
    const progress = of(IpcChannel.RunProgress).at(-1)!;
    expect(progress.state).toBe('running');
    expect(progress.simTimeS).toBeGreaterThanOrEqual(29);
    expect(progress.simTimeS).toBeLessThanOrEqual(30.5);
  });

  it('forwards at a bounded rate: at most one metrics message per forward interval', async () => {
    const { clock, controller, of } = setup(100);
    await controller.startRun(shortRequest(60));
    await clock.advance(1000);
    // 20 worker ticks in a second, merged into at most 10 forwarded batches.
    const batches = of(IpcChannel.RunMetrics);
    expect(batches.length).toBeGreaterThan(3);
    expect(batches.length).toBeLessThanOrEqual(10);
  });

  it('pauses, steps one sample interval, resumes and stops', async () => {
    const { clock, controller, of } = setup();
    await controller.startRun(shortRequest(10));
    await clock.advance(1000);
    await controller.pauseRun();
    await flushMessages();
    const pausedAt = of(IpcChannel.RunProgress).at(-1)!;
    expect(pausedAt.state).toBe('paused');
    await clock.advance(5000);
    expect(of(IpcChannel.RunProgress).at(-1)!.simTimeS).toBe(pausedAt.simTimeS);

    await controller.stepRun();
    await flushMessages();
    const stepped = of(IpcChannel.RunProgress).at(-1)!;
    expect(stepped.simTimeS).toBe((Math.floor(pausedAt.simTimeS / 5) + 1) * 5);

    await controller.resumeRun();
    await clock.advance(500);
    expect(of(IpcChannel.RunProgress).at(-1)!.simTimeS).toBeGreaterThan(stepped.simTimeS);
    await controller.stopRun();
    await flushMessages();
    expect(of(IpcChannel.RunProgress).at(-1)!.state).toBe('stopped');
    expect(of(IpcChannel.RunFinished)).toHaveLength(0);
  });

  it('answers a bad request with a message naming the field, and keeps serving', async () => {
    const { clock, controller } = setup();
    const bad = shortRequest(0);
    bad.scenario.workload.arrivals = { kind: 'poisson', ratePerS: -5 };
    await expect(controller.startRun(bad)).rejects.toThrow(
      /^scenario\.workload\.arrivals\.ratePerS: arrival rate \(req\/s\) must be at least 0\.001$/,
    );
    await expect(controller.stepRun()).rejects.toThrow(/no run has been started/);
    const { runId } = await controller.startRun(shortRequest(0));
    await clock.advance(2000);
    expect(runId).toBe(1);
  });

  it('reports a simulation that throws as a run error, not a crash', async () => {
    const clock = new ManualClock();
    const [hostSide, workerSide] = endpointPair();
    serveSimulation(workerSide, clock, {
      createSimulation: (): Simulation => {
        const inner = createCompareSimulation(shortRequest(0).scenario, 1);
        const explode = (): never => {
          throw new RangeError('model exploded');
        };
        return {
          horizonS: inner.horizonS,
          now: 0,
          done: false,
          eventsProcessed: 0,
          advanceTo: explode,
          step: explode,
          summary: () => inner.summary(),
        };
      },
    });
    const received: WorkerMessage[] = [];
    hostSide.onMessage((m) => received.push(m as WorkerMessage));
    const events: string[] = [];
    const controller = new SimulationController(hostSide, clock, (channel, payload) =>
      events.push(`${channel}:${JSON.stringify(payload)}`),
    );
    await controller.startRun(shortRequest(0));
    await clock.advance(200);
    expect(events.some((e) => e.startsWith(IpcChannel.RunError) && e.includes('model exploded'))).toBe(true);
    expect(received.some((m) => m.type === 'progress' && m.progress.state === 'failed')).toBe(true);
  });
});

describe('worker service as a boundary', () => {
  it('answers a malformed request itself, naming the field', async () => {
    const clock = new ManualClock();
    const [hostSide, workerSide] = endpointPair();
    serveSimulation(workerSide, clock);
    const received: WorkerMessage[] = [];
    hostSide.onMessage((m) => received.push(m as WorkerMessage));
    hostSide.postMessage({ type: 'setSpeed', id: 4, speed: -1 });
    hostSide.postMessage({ type: 'launch' });
    await flushMessages();
    expect(received).toEqual([
      {
        type: 'reply',
        id: 4,
        ok: false,
        error: {
          name: 'ValidationError',
          message: 'invalid worker request: speed: speed must be at least 0',
        },
      },
      {
        type: 'error',
        failure: {
          runId: null,
          error: {
            name: 'ValidationError',
            message: expect.stringMatching(/^invalid worker request: type: /),
          },
        },
      },
    ]);
  });
});

describe('parameter sweeps through the controller', () => {
  const sweepRequest = (): SweepRequest => {
    const scenario = { ...defaultCompareScenario(), horizonS: 60, sampleIntervalS: 5 };
    scenario.workload = { ...scenario.workload, arrivals: { kind: 'poisson', ratePerS: 10 } };
    return {
      scenario,
      seed: 3,
      parameters: [
        { path: 'workload.arrivals.ratePerS', values: { from: 5, to: 20, steps: 4, scale: 'linear' } },
      ],
      metrics: ['throughputPerS'],
    };
  };

  it('runs every point, each equal to a single run, then reports finished', async () => {
    const { clock, controller, of } = setup();
    const { sweepId } = await controller.startSweep(sweepRequest());
    await clock.advance(5000);
    const points = of(IpcChannel.SweepPoint);
    expect(points.map((p) => p.values)).toEqual([[5], [10], [15], [20]]);
    for (const point of points) {
      const request = sweepRequest();
      request.scenario.workload.arrivals = { kind: 'poisson', ratePerS: point.values[0]! };
      const simulation = createCompareSimulation(request.scenario, request.seed);
      simulation.advanceTo(request.scenario.horizonS);
      expect(point.summary).toEqual(simulation.summary());
      expect(point.sweepId).toBe(sweepId);
    }
    expect(of(IpcChannel.SweepFinished)).toEqual([{ sweepId, state: 'finished', pointsDone: 4 }]);
    expect(of(IpcChannel.SweepProgress).at(-1)).toMatchObject({
      state: 'finished',
      pointsDone: 4,
      fractionDone: 1,
    });
  });

  it('runs beside a Compare run without disturbing it', async () => {
    const { clock, controller, of } = setup();
    const run = shortRequest(0);
    await controller.startRun(run);
    await controller.startSweep(sweepRequest());
    await clock.advance(5000);
    expect(of(IpcChannel.RunMetrics).flatMap((b) => b.samples)).toEqual(directSamples(run));
    expect(of(IpcChannel.SweepPoint)).toHaveLength(4);
  });

  it('cancel stops the sweep between chunks; a second sweep is refused while one runs', async () => {
    const clock = new ManualClock();
    const [hostSide, workerSide] = endpointPair();
    // One chunk per tick, so the sweep is still running when cancel arrives.
    serveSimulation(workerSide, clock, { sliceBudgetMs: 0, sweepChunksPerPoint: 10, sweepTickMs: 10 });
    const events: Array<{ channel: keyof RendererEvents; payload: unknown }> = [];
    const controller = new SimulationController(hostSide, clock, (channel, payload) =>
      events.push({ channel, payload }),
    );
    await controller.startSweep(sweepRequest());
    await expect(controller.startSweep(sweepRequest())).rejects.toThrow(/a sweep is already running/);
    await clock.advance(150); // 16 chunks: the first point is done, the second under way
    await controller.cancelSweep();
    const before = events.filter((e) => e.channel === IpcChannel.SweepPoint).length;
    await clock.advance(5000);
    expect(events.filter((e) => e.channel === IpcChannel.SweepPoint).length).toBe(before);
    expect(before).toBe(1);
    const finished = events.filter((e) => e.channel === IpcChannel.SweepFinished).map((e) => e.payload);
    expect(finished).toEqual([expect.objectContaining({ state: 'cancelled', pointsDone: before })]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('rejects a bad sweep request naming the field, before it reaches the worker', async () => {
    const { controller } = setup();
    const bad = sweepRequest();
    bad.parameters = [{ path: 'hosts.cores', values: [0, 4] }];
    await expect(controller.startSweep(bad)).rejects.toThrow(
      /parameters\.0\.values\.0: hosts\.cores must be from 1/,
    );
  });

  it('the worker itself rejects a malformed startSweep naming the field', async () => {
    const clock = new ManualClock();
    const [hostSide, workerSide] = endpointPair();
    serveSimulation(workerSide, clock);
    const replies: unknown[] = [];
    hostSide.onMessage((m) => replies.push(m));
    hostSide.postMessage({ type: 'startSweep', id: 9, request: { ...sweepRequest(), metrics: [] } });
    await flushMessages();
    expect(replies).toEqual([
      expect.objectContaining({
        id: 9,
        ok: false,
        error: expect.objectContaining({
          message: expect.stringMatching(/request\.metrics: choose at least one metric/),
        }),
      }),
    ]);
  });
});

describe('a sweep when the worker dies', () => {
  it('ends the sweep as failed for the renderer, with the points done so far', async () => {
    const clock = new ManualClock();
    const [hostSide, workerSide] = endpointPair();
    serveSimulation(workerSide, clock, { sliceBudgetMs: 0, sweepChunksPerPoint: 10, sweepTickMs: 10 });
    const finished: unknown[] = [];
    const controller = new SimulationController(hostSide, clock, (channel, payload) => {
      if (channel === IpcChannel.SweepFinished) finished.push(payload);
    });
    const scenario = { ...defaultCompareScenario(), horizonS: 60, sampleIntervalS: 5 };
    const { sweepId } = await controller.startSweep({
      scenario,
      seed: 1,
      parameters: [{ path: 'hosts.cores', values: [8, 16, 32] }],
      metrics: ['latencyP95Ms'],
    });
    await clock.advance(150);
    controller.workerFailed(new Error('worker exited'));
    expect(finished).toEqual([
      expect.objectContaining({
        sweepId,
        state: 'failed',
        pointsDone: 1,
        error: expect.objectContaining({ message: 'worker exited' }),
      }),
    ]);
  });
});
