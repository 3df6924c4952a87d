import { EmpiricalDistribution, Random } from '../sim/random';
import {
  AZURE_2019_FITS,
  AZURE_DURATION_PERCENTILES,
  AZURE_TRACE_LIMITS,
  burrXIIQuantile,
  logNormalPercentileMs,
  normalQuantile,
  roundSignificant,
  type AzureTrigger,
} from './azure';
import type { FunctionTrace, WorkloadTrace } from './types';

/*
 * Synthetic traces shaped like the Azure Functions 2019 trace, from the published fits
 * (Shahrad et al., USENIX ATC 2020; see AZURE_2019_FITS in azure.ts):
 *
 * - Apps and functions: functions per app from Fig. 1 (54% of apps have one function, 95% at
 *   most 10), as P(N > n) = 0.46 n^-a for n >= 1 with a fitted to the 95% point, at most 100.
 *   Triggers are dealt out to functions in the shares of Fig. 2 (HTTP 55%).
 * - Invocation rate per app: log-normal in the average daily invocations, fitted to the two
 *   published points (45% of apps at most once per hour, 81% at most once per minute). That
 *   fit alone puts ~99.9% of invocations in the top 18.6% of apps (published: 99.6%).
 * - Arrivals per app: a renewal process with log-normal gaps of the app's mean rate and a
 *   coefficient of variation (CV) per app. Apps with only timer functions are periodic (CV 0);
 *   40% of all apps are bursty (CV > 1, Fig. 6); the rest are smoother than Poisson. An app's
 *   invocations go to its functions in fixed random proportions. Above HIGH_RATE_ARRIVALS
 *   arrivals in the window, per-minute counts are drawn directly (same mean, variance
 *   rate x CV^2 per minute) instead of one gap at a time.
 * - Execution time per function: the average is log-normal (log-mean -0.38, sigma 2.36 s,
 *   Fig. 7); within a function, times are log-normal around that average with a spread
 *   drawn per function (assumption), written at the dataset's percentiles 0-100.
 * - Memory per app: Burr XII (c 11.652, k 0.221, lambda 107.083 MB, Fig. 8).
 *
 * Per-app quantities (rate, memory) and per-function averages are drawn by stratified
 * sampling (one draw from each 1/n slice of the distribution, in random order), so even a
 * trace of 100 apps follows the fits closely. Everything comes from a seeded Random: the same
 * options always give the same trace.
 */

const SHAHRAD = 'Shahrad et al., "Serverless in the Wild", USENIX ATC 2020';

/**
 * Share of functions per trigger group. HTTP 55% is in the project's calibration notes; the
 * other shares are read from Fig. 2 of the paper (functions column), with "others" (2.2%
 * there) taking the 0.1% the rounded figures leave, so the shares sum to 1.
 */
export const TRIGGER_SHARES: Readonly<Record<AzureTrigger, number>> = Object.freeze({
  http: 0.55,
  timer: 0.156,
  queue: 0.152,
  orchestration: 0.069,
  storage: 0.028,
  event: 0.022,
  others: 0.023,
});

export const SYNTHETIC_ASSUMPTIONS = {
  functionsPerApp: {
    source: `${SHAHRAD}, Fig. 1`,
    note: '54% of apps have one function and 95% at most 10; the Pareto tail between is an assumption, capped at 100.',
  },
  steadyCv: {
    source: 'assumption',
    note: 'Apps that are neither periodic nor bursty get an inter-arrival CV uniform in [0.3, 1).',
  },
  burstyCv: {
    source: 'assumption',
    note: 'Bursty apps get a CV log-uniform in [1.2, 8]: Fig. 6 shows CVs up to about 10.',
  },
  functionShares: {
    source: 'assumption',
    note: "An app's invocations are split among its functions in log-normal (sigma 1) proportions.",
  },
  withinFunctionSigma: {
    source: 'assumption',
    note: 'Execution times of one function are log-normal with sigma uniform in [0.3, 1.0] around its average.',
  },
  maxExecution: {
    source: 'Azure Functions docs: consumption plan timeout at most 10 min',
    note: 'Generated execution times are capped at 600 s.',
  },
  sharedOwner: {
    source: 'assumption',
    note: "One app in five belongs to the previous app's owner (HashOwner groups related apps).",
  },
} as const;

const SINGLE_FUNCTION_APPS = 0.54;
const APPS_AT_MOST_10_FUNCTIONS = 0.95;
/** Tail exponent a with 0.46 x 10^-a = 0.05. */
const FUNCTIONS_TAIL = Math.log10((1 - SINGLE_FUNCTION_APPS) / (1 - APPS_AT_MOST_10_FUNCTIONS));
const MAX_FUNCTIONS_PER_APP = 100;
const STEADY_CV: readonly [number, number] = [0.3, 1.0];
const BURSTY_CV: readonly [number, number] = [1.2, 8];
const WITHIN_FUNCTION_SIGMA: readonly [number, number] = [0.3, 1.0];
const FUNCTION_SHARE_SIGMA = 1;
const MAX_EXECUTION_MS = 600_000;
const SHARED_OWNER_PROBABILITY = 0.2;
/** Windows with more expected arrivals per app than this get per-minute counts. */
const HIGH_RATE_ARRIVALS = 50_000;
/** Stratified draws stay inside [U_EDGE, 1 - U_EDGE] so no app gets an absurd rate or size. */
const U_EDGE = 1e-4;
const MINUTES_PER_DAY = 1440;

/** Log10 of average daily invocations per app ~ N(mean, sd), through the two published points. */
export const DAILY_INVOCATIONS_LOG10 = (() => {
  const hourly = Math.log10(24);
  const minutely = Math.log10(MINUTES_PER_DAY);
  const zHourly = normalQuantile(AZURE_2019_FITS.appsAtMostHourly.value);
  const zMinutely = normalQuantile(AZURE_2019_FITS.appsAtMostMinutely.value);
  const sd = (minutely - hourly) / (zMinutely - zHourly);
  return Object.freeze({ mean: hourly - zHourly * sd, sd });
})();

export type ArrivalPattern = 'periodic' | 'steady' | 'bursty';

/** How the generator built one app: for tests and for explaining a trace. */
export interface SyntheticApp {
  owner: string;
  app: string;
  /** Indices into trace.functions. */
  functionIndices: number[];
  /** Mean invocations per day the arrivals were drawn with. */
  dailyInvocations: number;
  pattern: ArrivalPattern;
  /** Coefficient of variation of the inter-arrival times (0 for periodic). */
  cv: number;
  memoryMiB: number;
}

export interface SyntheticTraceOptions {
  seed: number;
  /** Number of functions (1..5,000). */
  functions: number;
  /** Length in minutes (1..20,160). */
  minutes: number;
}

function checkOptions({ seed, functions, minutes }: SyntheticTraceOptions): void {
  if (!(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32)) {
    throw new RangeError(`seed must be a whole number from 0 to 2^32 - 1, got ${seed}`);
  }
  if (!(Number.isInteger(functions) && functions >= 1 && functions <= AZURE_TRACE_LIMITS.maxFunctions)) {
    throw new RangeError(
      `functions must be a whole number from 1 to ${AZURE_TRACE_LIMITS.maxFunctions}, got ${functions}`,
    );
  }
  if (!(Number.isInteger(minutes) && minutes >= 1 && minutes <= AZURE_TRACE_LIMITS.maxMinutes)) {
    throw new RangeError(
      `minutes must be a whole number from 1 to ${AZURE_TRACE_LIMITS.maxMinutes}, got ${minutes}`,
    );
  }
}

function shuffle<T>(items: T[], rng: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = items[i]!;
    items[i] = items[j]!;
    items[j] = t;
  }
  return items;
}

/** n uniforms, one in each slice [i/n, (i+1)/n), in random order, kept inside [U_EDGE, 1 - U_EDGE]. */
function stratifiedUniforms(n: number, rng: Random): number[] {
  const order = shuffle(
    Array.from({ length: n }, (_, i) => i),
    rng,
  );
  return order.map((slice) => Math.min(1 - U_EDGE, Math.max(U_EDGE, (slice + rng.next()) / n)));
}

function hash64(rng: Random): string {
  let text = '';
  for (let i = 0; i < 8; i++) text += rng.nextUint32().toString(16).padStart(8, '0');
  return text;
}

function functionsInApp(rng: Random): number {
  const v = 1 - rng.next(); // (0, 1]
  if (v > 1 - SINGLE_FUNCTION_APPS) return 1;
  const n = Math.floor(Math.pow((1 - SINGLE_FUNCTION_APPS) / v, 1 / FUNCTIONS_TAIL)) + 1;
  return Math.min(MAX_FUNCTIONS_PER_APP, n);
}

/** Triggers in the published shares, exactly apportioned (largest remainder), in random order. */
function dealTriggers(n: number, rng: Random): AzureTrigger[] {
  const entries = Object.entries(TRIGGER_SHARES) as Array<[AzureTrigger, number]>;
  const total = entries.reduce((sum, [, share]) => sum + share, 0);
  const quotas = entries.map(([trigger, share]) => ({ trigger, exact: (n * share) / total }));
  const counts = quotas.map((q) => Math.floor(q.exact));
  let missing = n - counts.reduce((sum, c) => sum + c, 0);
  const byRemainder = quotas
    .map((q, i) => ({ i, remainder: q.exact - Math.floor(q.exact) }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const { i } of byRemainder) {
    if (missing-- <= 0) break;
    counts[i]!++;
  }
  const triggers: AzureTrigger[] = [];
  quotas.forEach((q, i) => {
    for (let k = 0; k < counts[i]!; k++) triggers.push(q.trigger);
  });
  return shuffle(triggers, rng);
}

/** Splits `count` among functions in proportion to `cumulative` shares (systematic sampling). */
function splitCount(
  count: number,
  cumulative: readonly number[],
  into: number[][],
  minute: number,
  rng: Random,
): void {
  const offset = rng.next();
  let previous = 0;
  for (let j = 0; j < cumulative.length; j++) {
    const upTo = j === cumulative.length - 1 ? count : Math.floor(count * cumulative[j]! + offset);
    into[j]![minute]! += upTo - previous;
    previous = upTo;
  }
}

function appArrivals(app: SyntheticApp, shares: readonly number[], minutes: number, rng: Random): number[][] {
  const k = shares.length;
  const counts = Array.from({ length: k }, () => new Array<number>(minutes).fill(0));
  const meanGap = MINUTES_PER_DAY / app.dailyInvocations;
  const expected = minutes / meanGap;
  const pick =
    k === 1
      ? null
      : new EmpiricalDistribution(
          shares.map((_, j) => j),
          shares,
        );
  const record = (t: number) => {
    const j = pick === null ? 0 : pick.sample(rng);
    counts[j]![Math.floor(t)]!++;
  };
  if (app.pattern === 'periodic' && expected <= HIGH_RATE_ARRIVALS) {
    for (let t = rng.next() * meanGap; t < minutes; t += meanGap) record(t);
  } else if (expected <= HIGH_RATE_ARRIVALS) {
    const sigma2 = Math.log(1 + app.cv * app.cv);
    const sigma = Math.sqrt(sigma2);
    const mu = Math.log(meanGap) - sigma2 / 2;
    // Start well before minute 0 so the window sees the process in its stationary state.
    let t = -20 * meanGap;
    for (;;) {
      t += rng.logNormal(mu, sigma);
      if (t >= minutes) break;
      if (t >= 0) record(t);
    }
  } else {
    const cumulative: number[] = [];
    let sum = 0;
    for (const share of shares) cumulative.push((sum += share));
    const perMinute = 1 / meanGap;
    const sigma2 = Math.log(1 + (app.cv * app.cv) / perMinute);
    const phase = rng.next();
    for (let m = 0; m < minutes; m++) {
      const count =
        app.cv === 0
          ? Math.floor((m + 1) * perMinute + phase) - Math.floor(m * perMinute + phase)
          : Math.round(rng.logNormal(Math.log(perMinute) - sigma2 / 2, Math.sqrt(sigma2)));
      splitCount(Math.min(count, AZURE_TRACE_LIMITS.maxInvocationsPerMinute), cumulative, counts, m, rng);
    }
  }
  return counts;
}

/** A trace and the per-app parameters it was drawn with. */
export function generateAzureLikeWorkload(options: SyntheticTraceOptions): {
  trace: WorkloadTrace;
  apps: SyntheticApp[];
} {
  checkOptions(options);
  const { seed, functions: functionCount, minutes } = options;
  const root = new Random(seed);
  const structure = root.fork('structure');

  // Apps and their functions.
  const sizes: number[] = [];
  for (let left = functionCount; left > 0;) {
    const size = Math.min(left, functionsInApp(structure));
    sizes.push(size);
    left -= size;
  }
  const triggers = dealTriggers(functionCount, structure);
  const apps: SyntheticApp[] = [];
  let owner = hash64(structure);
  let next = 0;
  for (const size of sizes) {
    if (apps.length > 0 && structure.next() >= SHARED_OWNER_PROBABILITY) owner = hash64(structure);
    apps.push({
      owner,
      app: hash64(structure),
      functionIndices: Array.from({ length: size }, (_, j) => next + j),
      dailyInvocations: 0,
      pattern: 'steady',
      cv: 0,
      memoryMiB: 0,
    });
    next += size;
  }

  // Arrival patterns: timer-only apps are periodic; 40% of all apps are bursty.
  const timerOnly = apps.map((a) => a.functionIndices.every((i) => triggers[i] === 'timer'));
  const candidates = shuffle(
    apps.map((_, i) => i).filter((i) => !timerOnly[i]),
    structure,
  );
  const bursty = new Set(candidates.slice(0, Math.round(AZURE_2019_FITS.burstyApps.value * apps.length)));
  apps.forEach((app, i) => {
    if (timerOnly[i]) {
      app.pattern = 'periodic';
      app.cv = 0;
    } else if (bursty.has(i)) {
      app.pattern = 'bursty';
      app.cv = Math.exp(structure.uniform(Math.log(BURSTY_CV[0]), Math.log(BURSTY_CV[1])));
    } else {
      app.pattern = 'steady';
      app.cv = structure.uniform(STEADY_CV[0], STEADY_CV[1]);
    }
  });

  // Rates and memory per app, stratified.
  const { mean, sd } = DAILY_INVOCATIONS_LOG10;
  stratifiedUniforms(apps.length, root.fork('rates')).forEach((u, i) => {
    apps[i]!.dailyInvocations = Math.pow(10, mean + sd * normalQuantile(u));
  });
  const { memoryBurrC, memoryBurrK, memoryBurrLambda, appInstanceMemoryLimit } = AZURE_2019_FITS;
  stratifiedUniforms(apps.length, root.fork('memory')).forEach((u, i) => {
    const mb = burrXIIQuantile(memoryBurrC.value, memoryBurrK.value, memoryBurrLambda.value, u);
    apps[i]!.memoryMiB = roundSignificant(Math.min(appInstanceMemoryLimit.value, Math.max(1, mb)));
  });

  // Execution-time tables per function, stratified over the fleet-wide log-normal.
  const durationRng = root.fork('durations');
  const averages = stratifiedUniforms(functionCount, durationRng).map((u) =>
    Math.exp(
      AZURE_2019_FITS.executionLogMean.value + AZURE_2019_FITS.executionLogSigma.value * normalQuantile(u),
    ),
  );
  const tables = averages.map((averageS) => {
    const sigma = durationRng.uniform(WITHIN_FUNCTION_SIGMA[0], WITHIN_FUNCTION_SIGMA[1]);
    const mu = Math.log(averageS * 1000) - (sigma * sigma) / 2;
    return AZURE_DURATION_PERCENTILES.map((p) => ({
      p,
      ms: roundSignificant(Math.min(MAX_EXECUTION_MS, logNormalPercentileMs(mu, sigma, p))),
    }));
  });

  // Invocations.
  const functionTraces: FunctionTrace[] = new Array(functionCount);
  const shareRng = root.fork('shares');
  apps.forEach((app, a) => {
    const raw = app.functionIndices.map(() => shareRng.logNormal(0, FUNCTION_SHARE_SIGMA));
    const total = raw.reduce((sum, x) => sum + x, 0);
    const shares = raw.map((x) => x / total);
    const counts = appArrivals(app, shares, minutes, root.fork(`arrivals:${a}`));
    app.functionIndices.forEach((index, j) => {
      functionTraces[index] = {
        id: `${app.owner}/${app.app}/${hash64(structure)}`,
        app: app.app,
        trigger: triggers[index]!,
        invocationsPerMinute: counts[j]!,
        durationPercentilesMs: tables[index]!,
        memoryMiB: app.memoryMiB,
      };
    });
  });

  return { trace: { source: `synthetic sample (seed ${seed})`, minutes, functions: functionTraces }, apps };
}

/** A trace shaped like the Azure Functions 2019 trace, from the published fits. Deterministic in the options. */
export function generateAzureLikeTrace(options: SyntheticTraceOptions): WorkloadTrace {
  return generateAzureLikeWorkload(options).trace;
}

/**
 * The bundled sample, also shipped as CSV in examples/traces/azure-sample/: 200 functions in
 * 80 apps, 120 minutes, 75,948 invocations. Seed 1094 was picked among seeds 1-2000: with
 * execution times drawn independently of popularity, most 200-function draws give some busy
 * function a minutes-long execution time and ask for hundreds of cores, so the sample is the
 * draw closest to the published shares (here 46.3% of apps at most hourly, 81.3% at most once
 * a minute, top 18.6% of apps = 99.0% of invocations) among those with 60+ apps, 20,000 to
 * 100,000 invocations and at most 8 cores of mean CPU demand (7.0), half a 16-core host.
 */
export const AZURE_SAMPLE_OPTIONS: Readonly<SyntheticTraceOptions> = Object.freeze({
  seed: 1094,
  functions: 200,
  minutes: 120,
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

let sample: WorkloadTrace | null = null;

/**
 * The bundled sample trace (200 functions, 120 minutes, seed 1094). Built once and shared:
 * the object is deeply frozen, so copy it before changing anything.
 */
export function azureSampleTrace(): WorkloadTrace {
  sample ??= deepFreeze(generateAzureLikeTrace(AZURE_SAMPLE_OPTIONS));
  return sample;
}
