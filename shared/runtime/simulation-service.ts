import { createCompareSimulation } from '../sim/compare-model';
import type { MetricSample, Simulation } from '../sim/types';
import type { StartRunRequest } from '../scenario';
import {
  WorkerRequestSchema,
  formatWorkerRequestError,
  serializeError,
  type Clock,
  type MessageEndpoint,
  type ReplyValue,
  type RunState,
  type WorkerMessage,
  type WorkerRequest,
} from '../protocol';

/**
 * The worker side of the protocol: owns at most one run, advances it in wall-clock ticks
 * paced by `speed` (simulated seconds per wall second, 0 = flat out) and posts one metrics
 * batch and one progress message per tick, so the message rate is bounded by the tick rate
 * whatever the simulation speed.
 */
export interface SimulationServiceOptions {
  /** Wall milliseconds between ticks. */
  tickMs?: number;
  /** Wall milliseconds of simulation work per tick before yielding to the message loop. */
  sliceBudgetMs?: number;
  createSimulation?: (request: StartRunRequest) => Simulation;
}

interface ActiveRun {
  runId: number;
  simulation: Simulation;
  sampleIntervalS: number;
  state: RunState;
  speed: number;
  /** Wall time and simulated time when pacing last restarted (start, resume, speed change). */
  anchorWallMs: number;
  anchorSimS: number;
  timer: unknown;
}

export function serveSimulation(
  endpoint: MessageEndpoint,
  clock: Clock,
  options: SimulationServiceOptions = {},
): void {
  const tickMs = options.tickMs ?? 50;
  const sliceBudgetMs = options.sliceBudgetMs ?? 30;
  const createSimulation =
    options.createSimulation ??
    ((request: StartRunRequest) => createCompareSimulation(request.scenario, request.seed));
  let nextRunId = 1;
  let run: ActiveRun | null = null;

  const post = (message: WorkerMessage) => endpoint.postMessage(message);

  const postProgress = (active: ActiveRun) =>
    post({
      type: 'progress',
      progress: {
        runId: active.runId,
        state: active.state,
        simTimeS: active.simulation.now,
        horizonS: active.simulation.horizonS,
        eventsProcessed: active.simulation.eventsProcessed,
        speed: active.speed,
      },
    });

  const postSamples = (active: ActiveRun, samples: MetricSample[]) => {
    if (samples.length > 0) post({ type: 'metrics', batch: { runId: active.runId, samples } });
  };

  const fail = (active: ActiveRun, error: unknown) => {
    active.state = 'failed';
    clock.clearTimeout(active.timer);
    post({ type: 'error', failure: { runId: active.runId, error: serializeError(error) } });
    postProgress(active);
  };

  /** After samples were posted: report progress, and finish the run at its horizon. */
  const settle = (active: ActiveRun) => {
    if (active.simulation.done) {
      active.state = 'finished';
      postProgress(active);
      post({ type: 'finished', finished: { runId: active.runId, summary: active.simulation.summary() } });
    } else {
      postProgress(active);
    }
  };

  const nextBoundary = (active: ActiveRun) =>
    (Math.floor(active.simulation.now / active.sampleIntervalS + 1e-9) + 1) * active.sampleIntervalS;

  const tick = (active: ActiveRun) => {
    if (run !== active || active.state !== 'running') return;
    try {
      const started = clock.now();
      const target =
        active.speed === 0
          ? Infinity
          : active.anchorSimS + ((started - active.anchorWallMs) / 1000) * active.speed;
      const samples: MetricSample[] = [];
      // Advance one sample interval at a time so a slow model still yields to pause/stop.
      while (!active.simulation.done && active.simulation.now < target) {
        const until = Math.min(target, nextBoundary(active));
        for (const sample of active.simulation.advanceTo(until)) samples.push(sample);
        if (clock.now() - started >= sliceBudgetMs) break;
      }
      postSamples(active, samples);
      settle(active);
      if (active.state === 'running') {
        active.timer = clock.setTimeout(() => tick(active), tickMs);
      }
    } catch (error) {
      fail(active, error);
    }
  };

  const reanchor = (active: ActiveRun) => {
    active.anchorWallMs = clock.now();
    active.anchorSimS = active.simulation.now;
  };

  const handle = (request: WorkerRequest): ReplyValue => {
    switch (request.type) {
      case 'start': {
        if (run) clock.clearTimeout(run.timer);
        const simulation = createSimulation(request.request);
        run = {
          runId: nextRunId++,
          simulation,
          sampleIntervalS: request.request.scenario.sampleIntervalS,
          state: 'running',
          speed: request.request.speed,
          anchorWallMs: clock.now(),
          anchorSimS: 0,
          timer: null,
        };
        postProgress(run);
        const active = run;
        active.timer = clock.setTimeout(() => tick(active), 0);
        return { runId: active.runId };
      }
      case 'pause': {
        const active = requireRun('pause');
        if (active.state === 'running') {
          active.state = 'paused';
          clock.clearTimeout(active.timer);
          postProgress(active);
        }
        return { runId: active.runId };
      }
      case 'resume': {
        const active = requireRun('resume');
        if (active.state === 'paused') {
          active.state = 'running';
          reanchor(active);
          postProgress(active);
          active.timer = clock.setTimeout(() => tick(active), 0);
        }
        return { runId: active.runId };
      }
      case 'stop': {
        const active = requireRun('stop');
        if (active.state === 'running' || active.state === 'paused') {
          active.state = 'stopped';
          clock.clearTimeout(active.timer);
          postProgress(active);
        }
        return { runId: active.runId };
      }
      case 'step': {
        const active = requireRun('step');
        if (active.state !== 'paused') throw new Error('step: pause the run first');
        postSamples(active, active.simulation.advanceTo(nextBoundary(active)));
        settle(active);
        return { runId: active.runId };
      }
      case 'setSpeed': {
        if (run) {
          run.speed = request.speed;
          reanchor(run);
          postProgress(run);
        }
        return run ? { runId: run.runId } : null;
      }
    }
  };

  const requireRun = (what: string): ActiveRun => {
    if (!run) throw new Error(`${what}: no run has been started`);
    return run;
  };

  endpoint.onMessage((data) => {
    const parsed = WorkerRequestSchema.safeParse(data);
    if (!parsed.success) {
      const error = { name: 'ValidationError', message: formatWorkerRequestError(parsed.error) };
      const id = (data as { id?: unknown } | null)?.id;
      if (typeof id === 'number') post({ type: 'reply', id, ok: false, error });
      else post({ type: 'error', failure: { runId: null, error } });
      return;
    }
    const request = parsed.data;
    try {
      post({ type: 'reply', id: request.id, ok: true, value: handle(request) });
    } catch (error) {
      post({ type: 'reply', id: request.id, ok: false, error: serializeError(error) });
    }
  });
}
