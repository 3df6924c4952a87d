import { z } from 'zod';
import { PlatformIdSchema, SpeedSchema, StartRunRequestSchema, formatIssues } from './scenario';
import type { MetricSample, RunSummary } from './sim/types';
import { SIM_EVENT_CAUSES, SIM_EVENT_KINDS, type SimEvent } from './sim/event-log';
import { StartTopicRunRequestSchema } from './topics/registry';
import { TopicChunkSchema, TopicFinishedSchema } from './topics/wire';
import { SweepRequestSchema } from './sweep';

/**
 * The worker protocol: one discriminated union each way, used alike by the
 * worker_threads entry (desktop) and the Web Worker entry (web edition).
 * Requests carry numeric ids; the worker answers each with a `reply` carrying the same id.
 * Errors cross as plain `{ name, message, stack }` (see VS Code's webWorker.ts).
 */

export const RUN_STATES = ['idle', 'running', 'paused', 'finished', 'stopped', 'failed'] as const;
export type RunState = (typeof RUN_STATES)[number];

const id = z.number().int().nonnegative();

export const WorkerRequestSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('start'), id, request: StartRunRequestSchema }),
  z.strictObject({ type: z.literal('pause'), id }),
  z.strictObject({ type: z.literal('resume'), id }),
  z.strictObject({ type: z.literal('stop'), id }),
  z.strictObject({ type: z.literal('step'), id }),
  z.strictObject({ type: z.literal('setSpeed'), id, speed: SpeedSchema }),
  z.strictObject({ type: z.literal('startTopic'), id, request: StartTopicRunRequestSchema }),
  // Sweeps run beside a Compare or topic run; their reply's runId is the sweep id.
  z.strictObject({ type: z.literal('startSweep'), id, request: SweepRequestSchema }),
  z.strictObject({ type: z.literal('cancelSweep'), id }),
]);
export type WorkerRequest = z.infer<typeof WorkerRequestSchema>;
/** A request as the caller writes it; the client adds the id. */
export type WorkerCommand = WorkerRequest extends infer R
  ? R extends { id: number }
    ? Omit<R, 'id'>
    : never
  : never;

export const SerializedErrorSchema = z.strictObject({
  name: z.string(),
  message: z.string(),
  stack: z.string().optional(),
});
export type SerializedError = z.infer<typeof SerializedErrorSchema>;

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    return error.stack === undefined
      ? { name: error.name, message: error.message }
      : { name: error.name, message: error.message, stack: error.stack };
  }
  return { name: 'Error', message: String(error) };
}

const nullableMs = z.number().nonnegative().nullable();
const count = z.number().nonnegative();

export const MetricSampleSchema = z.strictObject({
  t: z.number().nonnegative(),
  platform: PlatformIdSchema,
  instancesReady: count,
  instancesStarting: count,
  instancesIdle: count,
  hostsInUse: count,
  instancesBusy: count,
  memoryAppMiB: count,
  memoryOverheadMiB: count,
  cpuUsefulCores: count,
  cpuOverheadCores: count,
  arrivals: count,
  completed: count,
  throughputPerS: count,
  rejected: count,
  queueLength: count,
  latencyMeanMs: nullableMs,
  latencyP50Ms: nullableMs,
  latencyP95Ms: nullableMs,
  latencyP99Ms: nullableMs,
  queueWaitMeanMs: nullableMs,
  cpuTimeMeanMs: nullableMs,
  ioTimeMeanMs: nullableMs,
  networkTimeMeanMs: nullableMs,
  costUsd: count,
  coldStarts: count,
  startLatencyMeanMs: nullableMs,
});

const DensitySchema = z.strictObject({
  instances: count,
  hosts: count,
  clusterInstances: count,
  binding: z.enum(['memory', 'cpu']),
  byResource: z.strictObject({ memory: count, cpu: count }),
  perInstanceMiB: count,
  perInstanceOverheadMiB: count,
});

export const RunSummarySchema = z.strictObject({
  horizonS: z.number(),
  seed: z.number(),
  eventsProcessed: count,
  platforms: z.array(
    z.strictObject({
      platform: PlatformIdSchema,
      density: DensitySchema,
      arrivals: count,
      completed: count,
      rejected: count,
      throughputPerS: count,
      latencyMeanMs: nullableMs,
      latencyP50Ms: nullableMs,
      latencyP95Ms: nullableMs,
      latencyP99Ms: nullableMs,
      coldStarts: count,
      coldStartRatio: count,
      cpuOverheadPct: z.number(),
      memoryOverheadPct: z.number(),
      startLatencyMeanMs: nullableMs,
      startLatencyP50Ms: nullableMs,
      startLatencyP95Ms: nullableMs,
      startLatencyHistogram: z
        .strictObject({
          edgesMs: z.array(z.number().positive()).min(2).max(64),
          counts: z.array(count).max(63),
          underflow: count,
          overflow: count,
        })
        .refine((h) => h.counts.length === h.edgesMs.length - 1, {
          message: 'needs one count per bin (edgesMs.length - 1)',
          path: ['counts'],
        }),
      overheadBreakdown: z.strictObject({
        cpuPct: z.number(),
        memoryPct: z.number(),
        ioPct: z.number(),
        networkPct: z.number(),
      }),
      costUsd: count,
      idleMemoryGiBSeconds: count,
      peakInstances: count,
      peakHostsUsed: count,
    }),
  ),
});

export const RunProgressSchema = z.strictObject({
  runId: id,
  state: z.enum(RUN_STATES),
  simTimeS: z.number().nonnegative(),
  horizonS: z.number().positive(),
  eventsProcessed: count,
  speed: z.number().nonnegative(),
});
export type RunProgress = z.infer<typeof RunProgressSchema>;

/** A notable event with its reason (numbers only), for the Timeline view. */
export const SimEventSchema = z.strictObject({
  t: z.number().nonnegative(),
  platform: PlatformIdSchema,
  kind: z.enum(SIM_EVENT_KINDS),
  cause: z.enum(SIM_EVENT_CAUSES).nullable(),
  instance: z.number().int().positive().nullable(),
  reason: z.record(z.string(), z.number()),
});

export const MetricsBatchSchema = z.strictObject({
  runId: id,
  samples: z.array(MetricSampleSchema),
  /** Events recorded since the previous batch, and how many were not recorded or were overwritten. */
  events: z.array(SimEventSchema).optional(),
  droppedEvents: count.optional(),
});
export type MetricsBatch = z.infer<typeof MetricsBatchSchema>;

export const RunFinishedSchema = z.strictObject({ runId: id, summary: RunSummarySchema });
export type RunFinished = z.infer<typeof RunFinishedSchema>;

export const RunErrorSchema = z.strictObject({ runId: id.nullable(), error: SerializedErrorSchema });
export type RunError = z.infer<typeof RunErrorSchema>;

export const SWEEP_STATES = ['running', 'finished', 'cancelled', 'failed'] as const;
export type SweepState = (typeof SWEEP_STATES)[number];

export const SweepProgressSchema = z.strictObject({
  sweepId: id,
  state: z.enum(SWEEP_STATES),
  pointsDone: count,
  totalPoints: count,
  /** Share of the sweep done (0..1), counting the current point by its simulated time. */
  fractionDone: z.number().min(0).max(1),
  eventsProcessed: count,
});
export type SweepProgress = z.infer<typeof SweepProgressSchema>;

export const SweepPointSchema = z.strictObject({
  sweepId: id,
  index: count,
  /** The value of each swept parameter, in request order. */
  values: z.array(z.number()).min(1).max(2),
  summary: RunSummarySchema,
});
export type SweepPoint = z.infer<typeof SweepPointSchema>;

export const SweepFinishedSchema = z.strictObject({
  sweepId: id,
  state: z.enum(['finished', 'cancelled', 'failed']),
  pointsDone: count,
  error: SerializedErrorSchema.optional(),
});
export type SweepFinished = z.infer<typeof SweepFinishedSchema>;

export const ReplyValueSchema = z.strictObject({ runId: id }).nullable();
export type ReplyValue = z.infer<typeof ReplyValueSchema>;

const WorkerReplySchema = z.discriminatedUnion('ok', [
  z.strictObject({ type: z.literal('reply'), id, ok: z.literal(true), value: ReplyValueSchema }),
  z.strictObject({ type: z.literal('reply'), id, ok: z.literal(false), error: SerializedErrorSchema }),
]);

export const WorkerMessageSchema = z.discriminatedUnion('type', [
  WorkerReplySchema,
  z.strictObject({ type: z.literal('progress'), progress: RunProgressSchema }),
  z.strictObject({ type: z.literal('metrics'), batch: MetricsBatchSchema }),
  z.strictObject({ type: z.literal('finished'), finished: RunFinishedSchema }),
  z.strictObject({ type: z.literal('error'), failure: RunErrorSchema }),
  z.strictObject({ type: z.literal('topicChunk'), chunk: TopicChunkSchema }),
  z.strictObject({ type: z.literal('topicFinished'), finished: TopicFinishedSchema }),
  z.strictObject({ type: z.literal('sweepProgress'), progress: SweepProgressSchema }),
  z.strictObject({ type: z.literal('sweepPoint'), point: SweepPointSchema }),
  z.strictObject({ type: z.literal('sweepFinished'), finished: SweepFinishedSchema }),
]);
export type WorkerMessage = z.infer<typeof WorkerMessageSchema>;
export type WorkerEvent = Exclude<WorkerMessage, { type: 'reply' }>;

/** Compile-time proof that the wire schemas and the core's interfaces agree. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sampleShapesAgree: Same<z.infer<typeof MetricSampleSchema>, MetricSample> = true;
const summaryShapesAgree: Same<z.infer<typeof RunSummarySchema>, RunSummary> = true;
const eventShapesAgree: Same<z.infer<typeof SimEventSchema>, SimEvent> = true;
void eventShapesAgree;
void sampleShapesAgree;
void summaryShapesAgree;

export function formatWorkerRequestError(error: z.ZodError): string {
  return `invalid worker request: ${formatIssues(error)}`;
}

/** Parses a message arriving on either side and names the bad field if it is malformed. */
export function parseMessage<T>(schema: z.ZodType<T>, data: unknown, what: string): T {
  const result = schema.safeParse(data);
  if (!result.success) throw new Error(`invalid ${what}: ${formatIssues(result.error)}`);
  return result.data;
}

/** The two ends of a message channel, whatever carries it (worker_threads, Web Worker). */
export interface MessageEndpoint {
  postMessage(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
}

/** Wall-clock access, injected so the core and protocol code stay free of it. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
