import { z } from 'zod';
import { costPerMillionRequestsUsd } from './metrics';
import { CompareScenarioSchema, SeedSchema, formatIssues, type CompareScenario } from './scenario';
import type { PlatformSummary } from './sim/types';

/**
 * Parameter sweeps: vary one or two scenario parameters across a range, run the Compare
 * model once per point with the same seed (common random numbers, so differences between
 * points come from the parameter, not from different random draws) and chart a metric of
 * each platform's summary against the parameter.
 */

/** Most points (runs) one sweep may hold: parameter 1 values x parameter 2 values. */
export const MAX_SWEEP_POINTS = 400;
/** Most values one parameter may take. */
export const MAX_PARAMETER_VALUES = 200;

export interface SweepParameterInfo {
  /** Where the value goes in the scenario (documentation and CSV headers). */
  path: string;
  unit: string;
  min: number;
  max: number;
  integer: boolean;
  /** Writes `value` into a copy of the scenario; returns an error text if it does not apply. */
  apply(scenario: CompareScenario, value: number): string | null;
}

/** The parameters a sweep may vary, with their units and limits (those of the scenario schema). */
export const SWEEP_PARAMETERS = {
  'workload.arrivals.ratePerS': {
    path: 'workload.arrivals.ratePerS',
    unit: 'req/s',
    min: 0.001,
    max: 1_000_000,
    integer: false,
    apply(s, v) {
      const a = s.workload.arrivals;
      if (a.kind === 'poisson' || a.kind === 'bursty') a.ratePerS = v;
      else if (a.kind === 'diurnal') a.meanRatePerS = v;
      else return `request rate applies to poisson, bursty or diurnal arrivals, not ${a.kind}`;
      return null;
    },
  },
  'workload.appMemoryMiB': {
    path: 'workload.appMemoryMiB',
    unit: 'MiB',
    min: 16,
    max: 65_536,
    integer: true,
    apply(s, v) {
      s.workload.appMemoryMiB = v;
      return null;
    },
  },
  'workload.request.cpuMs': {
    path: 'workload.request.cpuMs',
    unit: 'ms',
    min: 0.001,
    max: 3_600_000,
    integer: false,
    apply(s, v) {
      s.workload.request.cpuMs = v;
      return null;
    },
  },
  'serverless.keepAlive.seconds': {
    path: 'serverless.keepAlive.seconds',
    unit: 's',
    min: 0,
    max: 86_400,
    integer: false,
    apply(s, v) {
      if (s.serverless.keepAlive.policy !== 'fixed')
        return 'keep-alive applies to the fixed keep-alive policy; switch serverless.keepAlive.policy to "fixed"';
      s.serverless.keepAlive.seconds = v;
      return null;
    },
  },
  'hosts.cores': {
    path: 'hosts.cores',
    unit: 'cores',
    min: 1,
    max: 256,
    integer: true,
    apply(s, v) {
      s.hosts.cores = v;
      return null;
    },
  },
  'hosts.ramGiB': {
    path: 'hosts.ramGiB',
    unit: 'GiB',
    min: 1,
    max: 4096,
    integer: false,
    apply(s, v) {
      s.hosts.ramGiB = v;
      return null;
    },
  },
  'hosts.count': {
    path: 'hosts.count',
    unit: 'hosts',
    min: 1,
    max: 10_000,
    integer: true,
    apply(s, v) {
      s.hosts.count = v;
      return null;
    },
  },
} satisfies Record<string, SweepParameterInfo>;
export type SweepParameterId = keyof typeof SWEEP_PARAMETERS;
export const SWEEP_PARAMETER_IDS = Object.keys(SWEEP_PARAMETERS) as SweepParameterId[];

export interface SweepMetricInfo {
  unit: string;
  /** The value of one platform's summary; null when undefined (no request completed). */
  read(summary: PlatformSummary): number | null;
}

/** Metrics a sweep can chart, all read from PlatformSummary. */
export const SWEEP_METRICS = {
  latencyP95Ms: { unit: 'ms', read: (p) => p.latencyP95Ms },
  latencyMeanMs: { unit: 'ms', read: (p) => p.latencyMeanMs },
  latencyP99Ms: { unit: 'ms', read: (p) => p.latencyP99Ms },
  throughputPerS: { unit: 'req/s', read: (p) => p.throughputPerS },
  coldStartRatio: { unit: '%', read: (p) => p.coldStartRatio * 100 },
  cpuOverheadPct: { unit: '%', read: (p) => p.cpuOverheadPct },
  memoryOverheadPct: { unit: '%', read: (p) => p.memoryOverheadPct },
  densityPerHost: { unit: 'instances', read: (p) => p.density.instances },
  /** Share of the host price for VMs, containers and processes; provider billing for functions. */
  costUsd: { unit: 'USD', read: (p) => p.costUsd },
  costPerMillionRequestsUsd: { unit: 'USD', read: costPerMillionRequestsUsd },
  peakInstances: { unit: 'instances', read: (p) => p.peakInstances },
  peakHostsUsed: { unit: 'hosts', read: (p) => p.peakHostsUsed },
  rejected: { unit: 'requests', read: (p) => p.rejected },
} satisfies Record<string, SweepMetricInfo>;
export type SweepMetricId = keyof typeof SWEEP_METRICS;
export const SWEEP_METRIC_IDS = Object.keys(SWEEP_METRICS) as SweepMetricId[];

const finite = (label: string) =>
  z
    .number({ error: `${label} must be a number` })
    .refine(Number.isFinite, `${label} must be a finite number`);

export const SweepRangeSchema = z.strictObject({
  from: finite('from'),
  to: finite('to'),
  steps: z
    .number({ error: 'steps must be a number' })
    .int({ error: 'steps must be a whole number' })
    .min(2, { error: 'steps must be at least 2' })
    .max(MAX_PARAMETER_VALUES, { error: `steps must be at most ${MAX_PARAMETER_VALUES}` }),
  scale: z.enum(['linear', 'log'], { error: 'scale must be "linear" or "log"' }),
});
export type SweepRange = z.infer<typeof SweepRangeSchema>;

export const SweepParameterSchema = z.strictObject({
  path: z.enum(SWEEP_PARAMETER_IDS as [SweepParameterId, ...SweepParameterId[]], {
    error: (issue) =>
      `unknown sweep parameter ${JSON.stringify(issue.input)} (known: ${SWEEP_PARAMETER_IDS.join(', ')})`,
  }),
  values: z.union(
    [
      z
        .array(finite('a value'))
        .min(1, { error: 'give at least one value' })
        .max(MAX_PARAMETER_VALUES, { error: `give at most ${MAX_PARAMETER_VALUES} values` }),
      SweepRangeSchema,
    ],
    { error: 'values must be a list of numbers or { from, to, steps, scale }' },
  ),
});
export type SweepParameter = z.infer<typeof SweepParameterSchema>;

const SweepRequestShape = z.strictObject({
  scenario: CompareScenarioSchema,
  seed: SeedSchema,
  parameters: z
    .array(SweepParameterSchema)
    .min(1, { error: 'choose a parameter to sweep' })
    .max(2, { error: 'sweep at most two parameters' }),
  metrics: z
    .array(
      z.enum(SWEEP_METRIC_IDS as [SweepMetricId, ...SweepMetricId[]], {
        error: (issue) =>
          `unknown metric ${JSON.stringify(issue.input)} (known: ${SWEEP_METRIC_IDS.join(', ')})`,
      }),
    )
    .min(1, { error: 'choose at least one metric' }),
});

/** The values a parameter takes, in order: the list as given, or the range expanded (rounded for whole-number parameters, duplicates dropped). */
export function parameterValues(parameter: SweepParameter): number[] {
  const info: SweepParameterInfo = SWEEP_PARAMETERS[parameter.path];
  let values: number[];
  if (Array.isArray(parameter.values)) values = [...parameter.values];
  else {
    const { from, to, steps, scale } = parameter.values;
    values = [];
    for (let i = 0; i < steps; i++) {
      const f = i / (steps - 1);
      const v =
        scale === 'log'
          ? Math.exp(Math.log(from) + f * (Math.log(to) - Math.log(from)))
          : from + f * (to - from);
      // Land exactly on the ends despite floating point.
      values.push(i === 0 ? from : i === steps - 1 ? to : v);
    }
  }
  if (info.integer) values = values.map((v) => Math.round(v));
  return values.filter((v, i) => values.indexOf(v) === i);
}

export const SweepRequestSchema = SweepRequestShape.superRefine((request, ctx) => {
  const seen = new Set<string>();
  request.parameters.forEach((parameter, i) => {
    const info: SweepParameterInfo = SWEEP_PARAMETERS[parameter.path];
    const at = (...rest: (string | number)[]) => ['parameters', i, ...rest];
    if (seen.has(parameter.path)) {
      ctx.addIssue({ code: 'custom', message: `${parameter.path} is swept twice`, path: at('path') });
    }
    seen.add(parameter.path);
    const check = (value: number, path: (string | number)[]) => {
      if (value < info.min || value > info.max) {
        ctx.addIssue({
          code: 'custom',
          message: `${parameter.path} must be from ${info.min} to ${info.max} ${info.unit} (is ${value})`,
          path,
        });
        return false;
      }
      return true;
    };
    if (Array.isArray(parameter.values)) {
      parameter.values.forEach((v, k) => check(v, at('values', k)));
    } else {
      const { from, to, scale } = parameter.values;
      const ok = check(from, at('values', 'from')) && check(to, at('values', 'to'));
      if (ok && scale === 'log' && (from <= 0 || to <= 0)) {
        ctx.addIssue({
          code: 'custom',
          message: 'a log scale needs from and to above 0',
          path: at('values', 'from'),
        });
      }
      if (ok && from === to) {
        ctx.addIssue({ code: 'custom', message: 'from and to must differ', path: at('values', 'to') });
      }
    }
  });
  if (request.parameters.length === 0) return;
  const counts = request.parameters.map((p) => parameterValues(p).length);
  const total = counts.reduce((a, b) => a * b, 1);
  if (total > MAX_SWEEP_POINTS) {
    ctx.addIssue({
      code: 'custom',
      message: `the sweep has ${counts.join(' x ')} = ${total} points, at most ${MAX_SWEEP_POINTS}: use fewer steps`,
      path: ['parameters'],
    });
    return;
  }
  // Every point must be a valid scenario (the rate may push expected requests over the limit ...).
  for (const point of sweepPoints(request)) {
    const built = buildPointScenario(request, point);
    if (typeof built === 'string') {
      ctx.addIssue({
        code: 'custom',
        message: `${describePoint(request, point)}: ${built}`,
        path: ['parameters'],
      });
      return;
    }
  }
});
export type SweepRequest = z.infer<typeof SweepRequestShape>;

/** One point: the value of each swept parameter, in request order. */
export type SweepPointValues = number[];

/** Every point of the sweep, parameter 1 varying fastest within each value of parameter 2. */
export function sweepPoints(request: Pick<SweepRequest, 'parameters'>): SweepPointValues[] {
  const [first, second] = request.parameters.map(parameterValues) as [number[], number[] | undefined];
  if (!second) return first.map((v) => [v]);
  const points: SweepPointValues[] = [];
  for (const b of second) for (const a of first) points.push([a, b]);
  return points;
}

export function describePoint(request: Pick<SweepRequest, 'parameters'>, values: SweepPointValues): string {
  return request.parameters
    .map((p, i) => `${p.path} = ${values[i]} ${SWEEP_PARAMETERS[p.path].unit}`)
    .join(', ');
}

/** The scenario of one point (a deep copy with the values set), or why it is not valid. */
export function buildPointScenario(
  request: Pick<SweepRequest, 'scenario' | 'parameters'>,
  values: SweepPointValues,
): CompareScenario | string {
  // A JSON copy: scenarios are plain data, and this also copies a renderer's reactive proxy.
  const scenario = JSON.parse(JSON.stringify(request.scenario)) as CompareScenario;
  for (let i = 0; i < request.parameters.length; i++) {
    const error = (SWEEP_PARAMETERS[request.parameters[i]!.path] as SweepParameterInfo).apply(
      scenario,
      values[i]!,
    );
    if (error) return error;
  }
  const parsed = CompareScenarioSchema.safeParse(scenario);
  return parsed.success ? parsed.data : formatIssues(parsed.error).replace(/\n/g, '; ');
}

/**
 * Wall time left, from the share of the work done and the wall time spent so far; null
 * until there is enough to go on. The caller supplies wall times (the core never reads them).
 */
export function estimateRemainingMs(elapsedMs: number, fractionDone: number): number | null {
  if (!(fractionDone > 0.01) || elapsedMs < 200) return null;
  if (fractionDone >= 1) return 0;
  return (elapsedMs * (1 - fractionDone)) / fractionDone;
}
