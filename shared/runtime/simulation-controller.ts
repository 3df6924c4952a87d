import { StartRunRequestSchema, parseWith, type StartRunRequest } from '../scenario';
import { IpcChannel, type RendererEvents, type RunHandle } from '../ipc';
import {
  serializeError,
  type Clock,
  type MessageEndpoint,
  type MetricsBatch,
  type RunProgress,
} from '../protocol';
import type { SimEvent } from '../sim/event-log';
import type { MetricSample } from '../sim/types';
import { WorkerClient } from './worker-client';
import { StartTopicRunRequestSchema, type StartTopicRunRequest } from '../topics/registry';
import type { TopicChunkMessage } from '../topics/wire';

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
