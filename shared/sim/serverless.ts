import type { KeepAliveSpec } from '../scenario';

/**
 * Serverless policies: the hybrid-histogram keep-alive of Shahrad et al. ("Serverless in
 * the Wild", USENIX ATC 2020) and Lambda-style billing.
 *
 * Hybrid histogram, per app: the app's idle times (from the end of its last execution to
 * its next invocation) go into 1-minute bins up to rangeMinutes; longer ones are counted
 * as out of range. When the app goes idle, if the histogram holds at least
 * `minSamples` idle times and at most `maxOutOfRangeShare` of them are out of range:
 * - pre-warm window = lower edge of the headPercentile bin, minus marginPct;
 * - keep-alive window = upper edge of the tailPercentile bin, plus marginPct, counted from
 *   the moment the app went idle.
 * If the pre-warm window is positive the app's instances are unloaded at once and one is
 * started again (pre-warmed) when the window ends, then kept until the keep-alive window
 * ends; otherwise instances stay loaded until the keep-alive window ends. Without a
 * trusted histogram the fixed fallback keep-alive applies (the paper forecasts with ARIMA
 * when many idle times are out of range; this model does not).
 *
 * Percentiles come from a Fenwick tree over the bins: O(log bins) per update and query,
 * 4 bytes per bin per app.
 */
export class IdleTimeHistogram {
  private readonly tree: Uint32Array;
  private readonly bins: number;
  inRange = 0;
  outOfRange = 0;

  constructor(rangeMinutes: number) {
    this.bins = rangeMinutes;
    this.tree = new Uint32Array(rangeMinutes + 1);
  }

  get total(): number {
    return this.inRange + this.outOfRange;
  }

  record(idleS: number): void {
    const bin = Math.floor(idleS / 60);
    if (!(bin < this.bins)) {
      this.outOfRange++;
      return;
    }
    this.inRange++;
    for (let i = Math.max(0, bin) + 1; i <= this.bins; i += i & -i) this.tree[i]!++;
  }

  /** Smallest bin whose cumulative in-range count reaches pct% of the in-range idle times. */
  percentileBin(pct: number): number {
    const target = Math.max(1, Math.ceil((pct / 100) * this.inRange));
    let position = 0;
    let remaining = target;
    let step = 1;
    while (step * 2 <= this.bins) step *= 2;
    for (; step > 0; step >>= 1) {
      const next = position + step;
      if (next <= this.bins && this.tree[next]! < remaining) {
        position = next;
        remaining -= this.tree[next]!;
      }
    }
    return Math.min(position, this.bins - 1); // 0-based bin index
  }
}

export interface KeepAliveWindows {
  /** Seconds after the app went idle at which an instance is started again (0: keep loaded). */
  prewarmS: number;
  /** Seconds after the app went idle until which instances are kept. */
  keepAliveS: number;
}

/** The hybrid policy's windows for an app, or null when its histogram is not trusted yet. */
export function hybridWindows(
  histogram: IdleTimeHistogram,
  spec: Extract<KeepAliveSpec, { policy: 'hybrid-histogram' }>,
  minSamples: number,
  maxOutOfRangeShare: number,
): KeepAliveWindows | null {
  const total = histogram.total;
  if (total < minSamples || histogram.inRange === 0) return null;
  if (histogram.outOfRange / total > maxOutOfRangeShare) return null;
  const margin = spec.marginPct / 100;
  const head = histogram.percentileBin(spec.headPercentile);
  const tail = histogram.percentileBin(spec.tailPercentile);
  const prewarmS = head * 60 * (1 - margin);
  const keepAliveS = Math.max(prewarmS, (tail + 1) * 60 * (1 + margin));
  return { prewarmS, keepAliveS };
}

/** Duration rounded up to the billing granularity (AWS Lambda: 1 ms). */
export function billedMs(durationMs: number, granularityMs: number): number {
  return Math.ceil(durationMs / granularityMs - 1e-9) * granularityMs;
}

/** Price of one invocation: memory (GB, 1 GB = 1024 MiB) x billed seconds x price + the request fee. */
export function invocationCostUsd(
  durationMs: number,
  memoryMiB: number,
  granularityMs: number,
  perGbSecondUsd: number,
  perMillionRequestsUsd: number,
): number {
  const gbSeconds = (memoryMiB / 1024) * (billedMs(durationMs, granularityMs) / 1000);
  return gbSeconds * perGbSecondUsd + perMillionRequestsUsd / 1e6;
}
