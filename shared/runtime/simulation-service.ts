import { createCompareSimulation } from '../sim/compare-model';
import type { Simulation } from '../sim/types';
import type { StartRunRequest } from '../scenario';
import { SweepRunner } from '../sweep-runner';
import { createTopicSimulation, type StartTopicRunRequest } from '../topics/registry';
import type { TopicEvent, TopicFrame, TopicSimulation } from '../topics/types';
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
 * The worker side of the protocol: owns at most one run (Compare or a course topic),
 * advances it in wall-clock ticks paced by `speed` (simulated units per wall second,
 * 0 = flat out) and posts one output message and one progress message per tick, so the
 * message rate is bounded by the tick rate whatever the simulation speed. Starting a run
 * stops the previous one and says so. Beside it, at most one parameter sweep runs in its
 * own loop of chunks (see SweepRunner), reporting points and progress, cancellable between chunks.
 */
export interface SimulationServiceOptions {
  /** Wall milliseconds between ticks. */
  tickMs?: number;
  /** Wall milliseconds of simulation work per tick before yielding to the message loop. */
  sliceBudgetMs?: number;
  createSimulation?: (request: StartRunRequest) => Simulation;
  createTopic?: (request: StartTopicRunRequest) => TopicSimulation;
  /** Chunks per sweep point: the sweep yields (and can be cancelled) between chunks. */
  sweepChunksPerPoint?: number;
  /** Wall milliseconds between a sweep's slices (0: go on as soon as pending messages are handled). */
  sweepTickMs?: number;
}

/** What the service needs from a model, whichever kind: position, chunked advance, output. */
interface RunDriver {
  readonly now: number;
  readonly horizon: number;
  readonly done: boolean;
  readonly eventsProcessed: number;
  /** Granularity of a tick's slices and of one "step" (a sample interval, a frame). */
  readonly stepSize: number;
  /** Advances to `until`, keeping what the model produced for the next `drain`. */
  advance(until: number): void;
  /** The output gathered since the last drain, as a message for run `runId` (null if none). */
  drain(runId: number): WorkerMessage | null;
  finished(runId: number): WorkerMessage;
}

function compareDriver(simulation: Simulation, sampleIntervalS: number): RunDriver {
  let pending: ReturnType<Simulation['advanceTo']> = [];
  return {
    get now() {
      return simulation.now;
    },
    get horizon() {
      return simulation.horizonS;
    },
    get done() {
      return simulation.done;
    },
    get eventsProcessed() {
      return simulation.eventsProcessed;
    },
    stepSize: sampleIntervalS,
    advance(until) {
      for (const sample of simulation.advanceTo(until)) pending.push(sample);
    },
    drain(runId) {
      const taken = simulation.takeEvents?.();
      const hasEvents = taken !== undefined && (taken.events.length > 0 || taken.dropped > 0);
      if (pending.length === 0 && !hasEvents) return null;
      const samples = pending;
      pending = [];
      if (!hasEvents) return { type: 'metrics', batch: { runId, samples } };
      return {
        type: 'metrics',
        batch: { runId, samples, events: taken.events, droppedEvents: taken.dropped },
      };
    },
    finished: (runId) => ({ type: 'finished', finished: { runId, summary: simulation.summary() } }),
  };
}

/** Topic models have no sample interval: a step is 1/200 of the horizon, or one step for step axes. */
function topicDriver(simulation: TopicSimulation): RunDriver {
  let frames: TopicFrame[] = [];
  let events: TopicEvent[] = [];
  return {
    get now() {
      return simulation.now;
    },
    get horizon() {
      return simulation.horizon;
    },
    get done() {
      return simulation.done;
    },
    get eventsProcessed() {
      return simulation.eventsProcessed;
    },
    stepSize: simulation.axis.unit === 'step' ? 1 : simulation.horizon / 200,
    advance(until) {
      const chunk = simulation.advanceTo(until);
      for (const frame of chunk.frames) frames.push(frame);
      for (const event of chunk.events) events.push(event);
    },
    drain(runId) {
      if (frames.length === 0 && events.length === 0) return null;
      const chunk = { runId, frames, events };
      frames = [];
      events = [];
      return { type: 'topicChunk', chunk };
    },
    finished: (runId) => ({ type: 'topicFinished', finished: { runId, summary: simulation.summary() } }),
  };
}

interface ActiveRun {
  runId: number;
  driver: RunDriver;
  state: RunState;
  speed: number;
  /** Wall time and simulated position when pacing last restarted (start, resume, speed change). */
  anchorWallMs: number;
  anchorPosition: number;
  timer: unknown;
}

interface ActiveSweep {
  sweepId: number;
  runner: SweepRunner;
  state: 'running' | 'finished' | 'cancelled' | 'failed';
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
  const createTopic =
    options.createTopic ??
    ((request: StartTopicRunRequest) => createTopicSimulation(request.scenario, request.seed));
  let nextRunId = 1;
  let run: ActiveRun | null = null;
  let nextSweepId = 1;
  let sweep: ActiveSweep | null = null;

  const post = (message: WorkerMessage) => endpoint.postMessage(message);

  const postProgress = (active: ActiveRun) =>
    post({
      type: 'progress',
      progress: {
        runId: active.runId,
        state: active.state,
        simTimeS: active.driver.now,
        horizonS: active.driver.horizon,
        eventsProcessed: active.driver.eventsProcessed,
        speed: active.speed,
      },
    });

  const postOutput = (active: ActiveRun) => {
    const message = active.driver.drain(active.runId);
    if (message) post(message);
  };

  const fail = (active: ActiveRun, error: unknown) => {
    active.state = 'failed';
    clock.clearTimeout(active.timer);
    post({ type: 'error', failure: { runId: active.runId, error: serializeError(error) } });
    postProgress(active);
  };

  /** After output was posted: report progress, and finish the run at its horizon. */
  const settle = (active: ActiveRun) => {
    if (active.driver.done) {
      active.state = 'finished';
      postProgress(active);
      post(active.driver.finished(active.runId));
    } else {
      postProgress(active);
    }
  };

  const nextBoundary = (driver: RunDriver) =>
    (Math.floor(driver.now / driver.stepSize + 1e-9) + 1) * driver.stepSize;

  const tick = (active: ActiveRun) => {
    if (run !== active || active.state !== 'running') return;
    try {
      const started = clock.now();
      const { driver } = active;
      const target =
        active.speed === 0
          ? Infinity
          : active.anchorPosition + ((started - active.anchorWallMs) / 1000) * active.speed;
      // Advance one step at a time so a slow model still yields to pause/stop.
      while (!driver.done && driver.now < target) {
        driver.advance(Math.min(target, nextBoundary(driver)));
        if (clock.now() - started >= sliceBudgetMs) break;
      }
      postOutput(active);
      settle(active);
      if (active.state === 'running') active.timer = clock.setTimeout(() => tick(active), tickMs);
    } catch (error) {
      fail(active, error);
    }
  };

  const reanchor = (active: ActiveRun) => {
    active.anchorWallMs = clock.now();
    active.anchorPosition = active.driver.now;
  };

  const begin = (driver: RunDriver, speed: number): ReplyValue => {
    if (run) {
      clock.clearTimeout(run.timer);
      if (run.state === 'running' || run.state === 'paused') {
        run.state = 'stopped';
        postProgress(run);
      }
    }
    const active: ActiveRun = {
      runId: nextRunId++,
      driver,
      state: 'running',
      speed,
      anchorWallMs: clock.now(),
      anchorPosition: 0,
      timer: null,
    };
    run = active;
    postProgress(active);
    active.timer = clock.setTimeout(() => tick(active), 0);
    return { runId: active.runId };
  };

  const requireRun = (what: string): ActiveRun => {
    if (!run) throw new Error(`${what}: no run has been started`);
    return run;
  };

  // --- sweeps: their own loop beside the run, so a sweep never disturbs a Compare run ---

  const postSweepProgress = (active: ActiveSweep) =>
    post({
      type: 'sweepProgress',
      progress: {
        sweepId: active.sweepId,
        state: active.state,
        pointsDone: active.runner.pointsDone,
        totalPoints: active.runner.totalPoints,
        fractionDone: active.runner.fractionDone,
        eventsProcessed: active.runner.eventsProcessed,
      },
    });

  const endSweep = (active: ActiveSweep, state: 'finished' | 'cancelled' | 'failed', error?: unknown) => {
    active.state = state;
    clock.clearTimeout(active.timer);
    if (sweep === active) sweep = null;
    postSweepProgress(active);
    post({
      type: 'sweepFinished',
      finished: {
        sweepId: active.sweepId,
        state,
        pointsDone: active.runner.pointsDone,
        ...(error === undefined ? {} : { error: serializeError(error) }),
      },
    });
  };

  const sweepTick = (active: ActiveSweep) => {
    if (sweep !== active || active.state !== 'running') return;
    try {
      const started = clock.now();
      while (!active.runner.done) {
        const point = active.runner.step();
        if (point) post({ type: 'sweepPoint', point: { sweepId: active.sweepId, ...point } });
        if (clock.now() - started >= sliceBudgetMs) break;
      }
      if (active.runner.done) endSweep(active, 'finished');
      else {
        postSweepProgress(active);
        // Yield to the message loop (cancel, the Compare run's ticks), then go on at once.
        active.timer = clock.setTimeout(() => sweepTick(active), options.sweepTickMs ?? 0);
      }
    } catch (error) {
      endSweep(active, 'failed', error);
    }
  };

  const handle = (request: WorkerRequest): ReplyValue => {
    switch (request.type) {
      case 'startSweep': {
        if (sweep) throw new Error('startSweep: a sweep is already running; cancel it first');
        const active: ActiveSweep = {
          sweepId: nextSweepId++,
          runner: new SweepRunner(request.request, options.sweepChunksPerPoint),
          state: 'running',
          timer: null,
        };
        sweep = active;
        postSweepProgress(active);
        active.timer = clock.setTimeout(() => sweepTick(active), 0);
        return { runId: active.sweepId };
      }
      case 'cancelSweep': {
        const active = sweep;
        if (!active) return null;
        endSweep(active, 'cancelled');
        return { runId: active.sweepId };
      }
      case 'start': {
        const { scenario } = request.request;
        return begin(
          compareDriver(createSimulation(request.request), scenario.sampleIntervalS),
          request.request.speed,
        );
      }
      case 'startTopic':
        return begin(topicDriver(createTopic(request.request)), request.request.speed);
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
        active.driver.advance(nextBoundary(active.driver));
        postOutput(active);
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
