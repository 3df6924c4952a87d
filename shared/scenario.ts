import { z } from 'zod';

/**
 * Scenario files and run requests. Everything that crosses a boundary (IPC, worker
 * messages, files) is parsed with these schemas; the messages name the offending field
 * and its allowed range so the UI can show them as they are.
 */

export const PLATFORM_IDS = ['vm', 'container', 'serverless'] as const;
export const PlatformIdSchema = z.enum(PLATFORM_IDS);
export type PlatformId = z.infer<typeof PlatformIdSchema>;

const num = (label: string, min: number, max: number) =>
  z
    .number({ error: `${label} must be a number` })
    .refine(Number.isFinite, { message: `${label} must be a finite number` })
    .min(min, { message: `${label} must be at least ${min}` })
    .max(max, { message: `${label} must be at most ${max}` });

const int = (label: string, min: number, max: number) =>
  num(label, min, max).refine(Number.isInteger, { message: `${label} must be a whole number` });

export const HostSchema = z.strictObject({
  cores: int('host cores', 1, 256),
  ramGiB: num('host RAM (GiB)', 1, 4096),
});

export const BurstSchema = z.strictObject({
  startS: num('burst start (s)', 0, 86_400),
  durationS: num('burst duration (s)', 1, 86_400),
  factor: num('burst factor', 1, 100),
});

export const WorkloadSchema = z.strictObject({
  /** Mean of the Poisson arrival process outside bursts. */
  requestRatePerS: num('request rate (req/s)', 0.01, 10_000),
  /** Mean CPU demand of one request on bare metal (exponentially distributed). */
  serviceTimeMs: num('service time (ms)', 0.1, 60_000),
  /** Working set of one instance of the service (application + runtime, no platform). */
  appMemoryMiB: int('instance memory (MiB)', 16, 65_536),
  burst: BurstSchema.nullable(),
});

export const CompareScenarioSchema = z.strictObject({
  schemaVersion: z.literal(1, { error: 'schemaVersion must be 1' }),
  kind: z.literal('compare', { error: 'kind must be "compare"' }),
  name: z.string().max(120, { message: 'name must be at most 120 characters' }),
  horizonS: num('horizon (s)', 10, 86_400),
  sampleIntervalS: num('sample interval (s)', 0.1, 3_600),
  host: HostSchema,
  workload: WorkloadSchema,
  platforms: z
    .array(PlatformIdSchema)
    .min(1, { message: 'choose at least one platform' })
    .refine((p) => new Set(p).size === p.length, { message: 'platforms must not repeat' }),
});
export type CompareScenario = z.infer<typeof CompareScenarioSchema>;

export const SeedSchema = int('seed', 0, 2 ** 32 - 1);

export const SPEEDS = [1, 10, 60, 600, 0] as const;
/** Simulated seconds per wall-clock second; 0 means as fast as the machine allows. */
export const SpeedSchema = num('speed', 0, 1_000_000);

export const StartRunRequestSchema = z.strictObject({
  scenario: CompareScenarioSchema,
  seed: SeedSchema,
  speed: SpeedSchema,
});
export type StartRunRequest = z.infer<typeof StartRunRequestSchema>;

export function defaultCompareScenario(): CompareScenario {
  return {
    schemaVersion: 1,
    kind: 'compare',
    name: 'One service, three platforms',
    horizonS: 600,
    sampleIntervalS: 5,
    host: { cores: 16, ramGiB: 64 },
    workload: {
      requestRatePerS: 40,
      serviceTimeMs: 100,
      appMemoryMiB: 256,
      burst: { startS: 240, durationS: 120, factor: 3 },
    },
    platforms: ['vm', 'container', 'serverless'],
  };
}

/** Turns zod issues into one line per field: "workload.requestRatePerS: request rate … at most 10000". */
export function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('\n');
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

export function parseWith<T>(schema: z.ZodType<T>, input: unknown): ParseResult<T> {
  const result = schema.safeParse(input);
  return result.success ? { ok: true, value: result.data } : { ok: false, error: formatIssues(result.error) };
}
