import { z } from 'zod';
import { MetricSampleSchema, RunSummarySchema } from './protocol';
import { CompareScenarioSchema, SeedSchema, formatIssues } from './scenario';
import type { MetricSample } from './sim/types';

/**
 * The runs library: a finished comparison (scenario, seed, summary and samples) saved under
 * a name, to reopen or overlay later. Desktop stores one JSON file per run in userData/runs,
 * the web edition one IndexedDB record per run; both validate with these schemas on the way
 * in and on the way out.
 */

/** Current file format. Older versions are migrated in `parseSavedRun`, never rejected for their age. */
export const RUN_FORMAT_VERSION = 1;

/**
 * Samples kept per platform. A default run has 60-120 samples a platform and is stored
 * whole; a long run is thinned to every k-th sample (the last one always kept) and says so
 * in `downsampled`. The summary is always stored whole, so reopened numbers are exact.
 */
export const MAX_STORED_SAMPLES_PER_PLATFORM = 2000;

/** Safe as a file name on every OS and as an IndexedDB key: no dots, slashes or spaces. */
export const RunIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'run id must be 1-64 characters a-z, 0-9 or -' });

export const RunNameSchema = z
  .string()
  .trim()
  .min(1, { message: 'name must not be empty' })
  .max(200, { message: 'name must be at most 200 characters' });

export const SavedRunSchema = z.strictObject({
  format: z.literal(RUN_FORMAT_VERSION, { error: `format must be ${RUN_FORMAT_VERSION}` }),
  id: RunIdSchema,
  name: RunNameSchema,
  savedAt: z.iso.datetime({ message: 'savedAt must be an ISO date-time' }),
  appVersion: z.string().max(50),
  scenario: CompareScenarioSchema,
  seed: SeedSchema,
  summary: RunSummarySchema,
  samples: z.array(MetricSampleSchema).max(MAX_STORED_SAMPLES_PER_PLATFORM * 12),
  /** Null when every sample was kept; else how many there were and the stride kept. */
  downsampled: z.strictObject({ originalCount: z.number().int(), stride: z.number().int() }).nullable(),
});
export type SavedRun = z.infer<typeof SavedRunSchema>;

/** What the list shows without loading every sample. */
export type SavedRunHeader = Omit<SavedRun, 'samples'> & { sampleCount: number };

export type RunListEntry =
  { id: string; ok: true; run: SavedRunHeader } | { id: string; ok: false; reason: string };

export const RenameRunRequestSchema = z.strictObject({ id: RunIdSchema, name: RunNameSchema });
export type RenameRunRequest = z.infer<typeof RenameRunRequestSchema>;

/** Reads a stored run of any known format version; an Error naming the bad field otherwise. */
export function parseSavedRun(data: unknown): { ok: true; value: SavedRun } | { ok: false; error: string } {
  if (typeof data !== 'object' || data === null) return { ok: false, error: 'not a JSON object' };
  const format = (data as { format?: unknown }).format;
  if (typeof format === 'number' && format > RUN_FORMAT_VERSION)
    return { ok: false, error: `saved by a newer VirtLab (format ${format}); update to open it` };
  // Format 1 is the first; migrations from later formats go here, oldest first.
  const parsed = SavedRunSchema.safeParse(withHostPrice(data));
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: formatIssues(parsed.error) };
}

/**
 * Runs saved before hosts.pricePerHourUsd existed: VMs, containers and processes cost
 * nothing then, so their scenario gets a host price of 0, which is what was simulated
 * (a scenario file without the field gets the default price instead).
 */
function withHostPrice(data: object): object {
  const scenario = (data as { scenario?: unknown }).scenario;
  if (typeof scenario !== 'object' || scenario === null) return data;
  const hosts = (scenario as { hosts?: unknown }).hosts;
  if (typeof hosts !== 'object' || hosts === null || 'pricePerHourUsd' in hosts) return data;
  return { ...data, scenario: { ...scenario, hosts: { ...hosts, pricePerHourUsd: 0 } } };
}

/** Parses stored text (a file on desktop); never throws. */
export function parseSavedRunText(
  text: string,
): { ok: true; value: SavedRun } | { ok: false; error: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `not valid JSON: ${(error as Error).message}` };
  }
  return parseSavedRun(data);
}

export function headerOf(run: SavedRun): SavedRunHeader {
  const { samples, ...rest } = run;
  return { ...rest, sampleCount: samples.length };
}

/** Keeps at most `max` samples per platform: every k-th, plus the last so the run's end is drawn. */
export function boundSamples(
  samples: readonly MetricSample[],
  max = MAX_STORED_SAMPLES_PER_PLATFORM,
): { samples: MetricSample[]; downsampled: SavedRun['downsampled'] } {
  const byPlatform = new Map<string, MetricSample[]>();
  for (const sample of samples) {
    const list = byPlatform.get(sample.platform) ?? [];
    list.push(sample);
    byPlatform.set(sample.platform, list);
  }
  const longest = Math.max(0, ...[...byPlatform.values()].map((list) => list.length));
  if (longest <= max) return { samples: [...samples], downsampled: null };
  const stride = Math.ceil(longest / max);
  const kept = [...byPlatform.values()].flatMap((list) =>
    list.filter((_, i) => i % stride === 0 || i === list.length - 1),
  );
  return { samples: kept, downsampled: { originalCount: samples.length, stride } };
}

/** Builds the record to store; `id`, `savedAt` and `appVersion` come from the caller (the UI). */
export function buildSavedRun(input: {
  id: string;
  name: string;
  savedAt: string;
  appVersion: string;
  scenario: SavedRun['scenario'];
  seed: number;
  summary: SavedRun['summary'];
  samples: readonly MetricSample[];
}): SavedRun {
  const { samples, downsampled } = boundSamples(input.samples);
  return { format: RUN_FORMAT_VERSION, ...input, samples, downsampled };
}

/** The name suggested when saving: the scenario's name and the seed. */
export function defaultRunName(scenarioName: string | undefined, seed: number): string {
  return `${scenarioName?.trim() || 'Comparison'} · seed ${seed}`;
}
