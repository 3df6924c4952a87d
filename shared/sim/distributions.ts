import { EmpiricalDistribution, type Random } from './random';

/**
 * Distributions as plain data, so presets and scenario files can carry them, the UI can
 * show them, and workers can receive them. `sampleDistribution` draws one value.
 * Units are the caller's (platform presets name the unit in the field, e.g. startTimeMs).
 */
export type Distribution =
  | { kind: 'constant'; value: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'exponential'; mean: number }
  /** mu and sigma of the underlying normal: median e^mu. */
  | { kind: 'logNormal'; mu: number; sigma: number }
  | { kind: 'pareto'; scale: number; shape: number }
  | { kind: 'burrXII'; c: number; k: number; lambda: number }
  | { kind: 'empirical'; values: readonly number[]; weights?: readonly number[] };

/** Log-normal with the given median and log-space sigma (a published median plus a spread). */
export function logNormalWithMedian(median: number, sigma: number): Distribution {
  if (!(median > 0)) throw new RangeError(`log-normal median must be > 0, got ${median}`);
  if (!(sigma >= 0)) throw new RangeError(`log-normal sigma must be >= 0, got ${sigma}`);
  return { kind: 'logNormal', mu: Math.log(median), sigma };
}

// Prepared empirical tables, built on first use; keyed by the distribution object itself.
const preparedTables = new WeakMap<object, EmpiricalDistribution>();

export function sampleDistribution(d: Distribution, rng: Random): number {
  switch (d.kind) {
    case 'constant':
      return d.value;
    case 'uniform':
      return rng.uniform(d.min, d.max);
    case 'exponential':
      return rng.exponential(d.mean);
    case 'logNormal':
      return rng.logNormal(d.mu, d.sigma);
    case 'pareto':
      return rng.pareto(d.scale, d.shape);
    case 'burrXII':
      return rng.burrXII(d.c, d.k, d.lambda);
    case 'empirical': {
      let table = preparedTables.get(d);
      if (table === undefined) {
        table = new EmpiricalDistribution(d.values, d.weights);
        preparedTables.set(d, table);
      }
      return table.sample(rng);
    }
  }
}

/** Closed-form median, for display next to a preset and for tests. */
export function distributionMedian(d: Distribution): number {
  switch (d.kind) {
    case 'constant':
      return d.value;
    case 'uniform':
      return (d.min + d.max) / 2;
    case 'exponential':
      return d.mean * Math.LN2;
    case 'logNormal':
      return Math.exp(d.mu);
    case 'pareto':
      return d.scale * Math.pow(2, 1 / d.shape);
    case 'burrXII':
      return d.lambda * Math.pow(Math.pow(2, 1 / d.k) - 1, 1 / d.c);
    case 'empirical': {
      // Weighted lower median.
      const order = d.values.map((v, i) => ({ v, w: d.weights?.[i] ?? 1 })).sort((x, y) => x.v - y.v);
      const total = order.reduce((sum, e) => sum + e.w, 0);
      let seen = 0;
      for (const e of order) {
        seen += e.w;
        if (seen >= total / 2) return e.v;
      }
      return Number.NaN;
    }
  }
}
