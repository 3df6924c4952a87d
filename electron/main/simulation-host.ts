import type { Worker } from 'node:worker_threads';
import type { StartRunRequest } from '../../shared/scenario';
import type { StartTopicRunRequest } from '../../shared/topics/registry';
import type { RunHandle, SweepHandle } from '../../shared/ipc';
import type { SweepRequest } from '../../shared/sweep';
import type { Clock } from '../../shared/protocol';
import { SimulationController, type RendererEventSink } from '../../shared/runtime/simulation-controller';
import { systemClock } from '../../shared/runtime/system-clock';

/**
 * Owns the worker thread that runs the simulation core and forwards what it reports to
 * the renderer through `sink` at a bounded rate. The worker starts on first use and is
 * started afresh after a crash; a crash is reported to the renderer, never thrown.
 */
export class SimulationHost {
  private current: { worker: Worker; controller: SimulationController } | null = null;

  constructor(
    private readonly createWorker: () => Worker,
    private readonly sink: RendererEventSink,
    private readonly clock: Clock = systemClock,
    private readonly forwardIntervalMs = 100,
  ) {}

  startRun(request: StartRunRequest): Promise<RunHandle> {
    return this.controller().startRun(request);
  }
  startTopicRun(request: StartTopicRunRequest): Promise<RunHandle> {
    return this.controller().startTopicRun(request);
  }
  pauseRun(): Promise<void> {
    return this.controller().pauseRun();
  }
  resumeRun(): Promise<void> {
    return this.controller().resumeRun();
  }
  stopRun(): Promise<void> {
    return this.controller().stopRun();
  }
  stepRun(): Promise<void> {
    return this.controller().stepRun();
  }
  setSpeed(speed: number): Promise<void> {
    return this.controller().setSpeed(speed);
  }

  startSweep(request: SweepRequest): Promise<SweepHandle> {
    return this.controller().startSweep(request);
  }
  cancelSweep(): Promise<void> {
    return this.controller().cancelSweep();
  }

  async dispose(): Promise<void> {
    const current = this.current;
    this.current = null;
    if (!current) return;
    current.controller.dispose();
    await current.worker.terminate();
  }

  private controller(): SimulationController {
    if (this.current) return this.current.controller;
    const worker = this.createWorker();
    const controller = new SimulationController(
      {
        postMessage: (message) => worker.postMessage(message),
        onMessage: (listener) => worker.on('message', listener),
      },
      this.clock,
      this.sink,
      this.forwardIntervalMs,
    );
    const current = { worker, controller };
    const lost = (error: Error) => {
      if (this.current !== current) return;
      this.current = null;
      controller.workerFailed(error);
      controller.dispose();
    };
    worker.on('error', (error) => lost(error));
    worker.on('exit', (code) => lost(new Error(`the simulation worker exited with code ${code}`)));
    this.current = current;
    return controller;
  }
}
