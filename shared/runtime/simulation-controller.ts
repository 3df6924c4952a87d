import { StartRunRequestSchema, parseWith, type StartRunRequest } from '../scenario';
import { IpcChannel, type RendererEvents, type RunHandle, type SweepHandle } from '../ipc';
import {
  serializeError,
  type Clock,
  type MessageEndpoint,
  type MetricsBatch,
  type RunProgress,
  type SweepProgress,
} from '../protocol';
import type { SimEvent } from '../sim/event-log';
import type { MetricSample } from '../sim/types';
import { WorkerClient } from './worker-client';
import { StartTopicRunRequestSchema, type StartTopicRunRequest } from '../topics/registry';
import type { TopicChunkMessage } from '../topics/wire';
import { SweepRequestSchema, type SweepRequest } from '../sweep';

export type RendererEventSink = <K extends keyof RendererEvents>(
  channel: K,
  payload: RendererEvents[K],
) => void;

/**
 * Drives the simulation worker for one renderer and forwards what it reports at a bounded
 * rate: metric batches are merged and sent, with the latest progress, at most once per
 * `forwardIntervalMs`. A run's end (finished, stopped, failed) flushes at once so the last
 * samples always arrive before the event that closes the run. Shared by the Electron main
 * process (SimulationHost) and the web edition.
 */
export class SimulationController {
  private readonly client: WorkerClient;
  private bufferedRunId: number | null = null;
  private buffered: MetricSample[] = [];
  private bufferedEvents: SimEvent[] = [];
  private bufferedDropped = 0;
  private latestProgress: RunProgress | null = null;
  private bufferedTopic: TopicChunkMessage | null = null;
  private flushTimer: unknown = null;
  /** The sweep the worker is running, so a worker crash can end it for the renderer. */
  private activeSweep: SweepProgress | null = null;

  constructor(
    endpoint: MessageEndpoint,
    private readonly clock: Clock,
    private readonly sink: RendererEventSink,
    private readonly forwardIntervalMs = 100,
  ) {
    this.client = new WorkerClient(endpoint);
    this.client.onEvent((event) => {
      switch (event.type) {
        case 'metrics':
          if (this.bufferedRunId !== event.batch.runId) this.flush();
          this.bufferedRunId = event.batch.runId;
          for (const sample of event.batch.samples) this.buffered.push(sample);
          for (const item of event.batch.events ?? []) this.bufferedEvents.push(item);
          this.bufferedDropped += event.batch.droppedEvents ?? 0;
          this.scheduleFlush();
          break;
        case 'progress':
          this.latestProgress = event.progress;
          if (event.progress.state === 'running') this.scheduleFlush();
          else this.flush();
          break;
        case 'topicChunk': {
          const buffered = this.bufferedTopic;
          if (buffered && buffered.runId === event.chunk.runId) {
            for (const frame of event.chunk.frames) buffered.frames.push(frame);
            for (const item of event.chunk.events) buffered.events.push(item);
          } else {
            this.flush();
            this.bufferedTopic = event.chunk;
          }
          this.scheduleFlush();
          break;
        }
        case 'finished':
          this.flush();
          this.sink(IpcChannel.RunFinished, event.finished);
          break;
        case 'topicFinished':
          this.flush();
          this.sink(IpcChannel.TopicFinished, event.finished);
          break;
        case 'error':
          this.flush();
          this.sink(IpcChannel.RunError, event.failure);
          break;
        // Sweep messages are few (one progress per worker tick): forwarded as they come.
        case 'sweepProgress':
          this.activeSweep = event.progress.state === 'running' ? event.progress : null;
          this.sink(IpcChannel.SweepProgress, event.progress);
          break;
        case 'sweepPoint':
          this.sink(IpcChannel.SweepPoint, event.point);
          break;
        case 'sweepFinished':
          this.activeSweep = null;
          this.sink(IpcChannel.SweepFinished, event.finished);
          break;
      }
    });
  }

  async startRun(request: StartRunRequest): Promise<RunHandle> {
    // Checked here too (the worker checks again) so both editions word errors alike.
    const parsed = parseWith(StartRunRequestSchema, request);
    if (!parsed.ok) throw new Error(parsed.error);
    const reply = await this.client.request({ type: 'start', request: parsed.value });
    if (!reply) throw new Error('the simulation worker did not return a run id');
    return reply;
  }

  async startTopicRun(request: StartTopicRunRequest): Promise<RunHandle> {
    const parsed = parseWith(StartTopicRunRequestSchema, request);
    if (!parsed.ok) throw new Error(parsed.error);
    const reply = await this.client.request({ type: 'startTopic', request: parsed.value });
    if (!reply) throw new Error('the simulation worker did not return a run id');
    return reply;
  }

  async startSweep(request: SweepRequest): Promise<SweepHandle> {
    const parsed = parseWith(SweepRequestSchema, request);
    if (!parsed.ok) throw new Error(parsed.error);
    const reply = await this.client.request({ type: 'startSweep', request: parsed.value });
    if (!reply) throw new Error('the simulation worker did not return a sweep id');
    return { sweepId: reply.runId };
  }

  async cancelSweep(): Promise<void> {
    await this.client.request({ type: 'cancelSweep' });
  }

  async pauseRun(): Promise<void> {
    await this.client.request({ type: 'pause' });
  }

  async resumeRun(): Promise<void> {
    await this.client.request({ type: 'resume' });
  }

  async stopRun(): Promise<void> {
    await this.client.request({ type: 'stop' });
  }

  async stepRun(): Promise<void> {
    await this.client.request({ type: 'step' });
  }

  async setSpeed(speed: number): Promise<void> {
    await this.client.request({ type: 'setSpeed', speed });
  }

  /** The worker crashed or exited: fail waiting requests and tell the renderer. */
  workerFailed(error: unknown): void {
    const asError = error instanceof Error ? error : new Error(String(error));
    this.client.rejectAll(asError);
    this.flush();
    this.sink(IpcChannel.RunError, {
      runId: this.latestProgress?.runId ?? null,
      error: serializeError(asError),
    });
    const sweep = this.activeSweep;
    if (sweep) {
      this.activeSweep = null;
      this.sink(IpcChannel.SweepFinished, {
        sweepId: sweep.sweepId,
        state: 'failed',
        pointsDone: sweep.pointsDone,
        error: serializeError(asError),
      });
    }
  }

  dispose(): void {
    this.clock.clearTimeout(this.flushTimer);
    this.flushTimer = null;
  }

  private scheduleFlush(): void {
    if (this.flushTimer !== null) return;
    this.flushTimer = this.clock.setTimeout(() => this.flush(), this.forwardIntervalMs);
  }

  private flush(): void {
    if (this.flushTimer !== null) {
      this.clock.clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
    if (this.bufferedTopic) {
      this.sink(IpcChannel.TopicChunk, this.bufferedTopic);
      this.bufferedTopic = null;
    }
    const hasEvents = this.bufferedEvents.length > 0 || this.bufferedDropped > 0;
    if ((this.buffered.length > 0 || hasEvents) && this.bufferedRunId !== null) {
      const batch: MetricsBatch = { runId: this.bufferedRunId, samples: this.buffered };
      if (hasEvents) {
        batch.events = this.bufferedEvents;
        batch.droppedEvents = this.bufferedDropped;
      }
      this.sink(IpcChannel.RunMetrics, batch);
      this.buffered = [];
      this.bufferedEvents = [];
      this.bufferedDropped = 0;
    }
    if (this.latestProgress) {
      this.sink(IpcChannel.RunProgress, this.latestProgress);
      this.latestProgress = null;
    }
  }
}
