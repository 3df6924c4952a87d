import { z } from 'zod';
import type { TopicChunk, TopicSummary } from './types';

/** Wire schemas for what topic models stream, checked where the worker's messages arrive. */

const frameValue = z.number().nullable();
const detail = z.union([z.number(), z.string()]);

export const TopicFrameSchema = z.strictObject({ t: z.number(), values: z.record(z.string(), frameValue) });

export const TopicEventSchema = z.strictObject({
  type: z.string().max(64),
  start: z.number(),
  end: z.number().optional(),
  subject: z.string().max(200),
  data: z.record(z.string(), detail).optional(),
});

export const TopicChunkSchema = z.strictObject({
  runId: z.number().int().nonnegative(),
  frames: z.array(TopicFrameSchema),
  events: z.array(TopicEventSchema),
});

export const TopicSummarySchema = z.strictObject({
  metrics: z.array(
    z.strictObject({
      id: z.string(),
      label: z.string(),
      value: z.union([z.number(), z.string()]).nullable(),
      unit: z.string(),
    }),
  ),
  tables: z.array(
    z.strictObject({
      id: z.string(),
      title: z.string(),
      columns: z.array(z.string()),
      rows: z.array(z.array(z.union([z.number(), z.string()]).nullable())),
    }),
  ),
});

export const TopicFinishedSchema = z.strictObject({
  runId: z.number().int().nonnegative(),
  summary: TopicSummarySchema,
});

export type TopicChunkMessage = z.infer<typeof TopicChunkSchema>;
export type TopicFinished = z.infer<typeof TopicFinishedSchema>;

/** Compile-time proof that the wire shapes match the model contract. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const chunkAgrees: Same<Omit<TopicChunkMessage, 'runId'>, TopicChunk> = true;
const summaryAgrees: Same<z.infer<typeof TopicSummarySchema>, TopicSummary> = true;
void chunkAgrees;
void summaryAgrees;
