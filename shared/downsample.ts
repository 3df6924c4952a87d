import type { MetricSample } from './sim/types';

/**
 * Downsampling that keeps what a chart or a summary needs, so long runs stay within a fixed
 * amount of memory and drawing work. Pure functions; shared by the renderer's charts and
 * stores (and usable by the CLI).
 */

/** A point of a line chart: [x, y]. */
export type XY = readonly [number, number];

/**
 * Largest-Triangle-Three-Buckets (S. Steinarsson, "Downsampling Time Series for Visual
 * Representation", MSc thesis, University of Iceland, 2013, ch. 4.2): keeps the first and
 * last points and, from each of `threshold - 2` equal buckets in between, the point that
 * makes the largest triangle with the point kept from the previous bucket and the average
 * of the next bucket. Peaks and troughs survive; flat stretches are thinned.
 * Returns the indices of the kept points, ascending. Points must be in ascending x.
 */
export function lttbIndices(
  length: number,
  threshold: number,
  x: (index: number) => number,
  y: (index: number) => number,
): number[] {
  if (threshold >= length || threshold < 3) return Array.from({ length }, (_, i) => i);
  const kept = [0];
  const every = (length - 2) / (threshold - 2);
  let a = 0;
  for (let bucket = 0; bucket < threshold - 2; bucket++) {
    // Average of the next bucket (the last point for the final bucket).
    const nextStart = Math.floor((bucket + 1) * every) + 1;
    const nextEnd = Math.min(Math.floor((bucket + 2) * every) + 1, length);
    let avgX = 0;
    let avgY = 0;
    for (let i = nextStart; i < nextEnd; i++) {
      avgX += x(i);
      avgY += y(i);
    }
    const count = nextEnd - nextStart;
    avgX /= count;
    avgY /= count;

    const start = Math.floor(bucket * every) + 1;
    const end = Math.floor((bucket + 1) * every) + 1;
    const ax = x(a);
    const ay = y(a);
    let best = start;
    let bestArea = -1;
    for (let i = start; i < end; i++) {
      const area = Math.abs((ax - avgX) * (y(i) - ay) - (ax - x(i)) * (avgY - ay));
      if (area > bestArea) {
        bestArea = area;
        best = i;
      }
    }
    kept.push(best);
    a = best;
  }
  kept.push(length - 1);
  return kept;
}

/** LTTB on [x, y] points: at most `threshold` points, the input itself when it is that short already. */
export function lttb<P extends XY>(points: readonly P[], threshold: number): P[] {
  if (threshold >= points.length || threshold < 3) return points.slice();
  return lttbIndices(
    points.length,
    threshold,
    (i) => points[i]![0],
    (i) => points[i]![1],
  ).map((i) => points[i]!);
}

/** Series longer than this are drawn downsampled to LTTB_TARGET points. */
export const LTTB_ABOVE = 2_000;
export const LTTB_TARGET = 1_000;

/** What a chart draws of a long series: the LTTB of it above LTTB_ABOVE points, else the series. */
export function forDisplay<P extends XY>(points: readonly P[]): P[] {
  return points.length > LTTB_ABOVE ? lttb(points, LTTB_TARGET) : points.slice();
}

const TIME_MEANS = [
  'instancesBusy',
  'cpuUsefulCores',
  'cpuOverheadCores',
  'memoryAppMiB',
  'memoryOverheadMiB',
  'throughputPerS',
] as const;
const SUMS = ['arrivals', 'completed', 'rejected', 'costUsd', 'coldStarts'] as const;
const COMPLETION_MEANS = [
  'latencyMeanMs',
  'queueWaitMeanMs',
  'cpuTimeMeanMs',
  'ioTimeMeanMs',
  'networkTimeMeanMs',
] as const;
const PERCENTILES = ['latencyP50Ms', 'latencyP95Ms', 'latencyP99Ms'] as const;

function completionMean(a: number | null, ca: number, b: number | null, cb: number): number | null {
  const wa = a === null ? 0 : ca;
  const wb = b === null ? 0 : cb;
  if (wa + wb === 0) return a ?? b;
  return ((a ?? 0) * wa + (b ?? 0) * wb) / (wa + wb);
}

const maxOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

/**
 * Merges two consecutive samples of one platform into one covering both intervals (ending
 * at b.t). `previousT` is where a's interval starts (the previous sample's t, or 0).
 * - counts (arrivals, completed, rejected, cost, cold starts) add up;
 * - interval means (busy instances, CPU cores, throughput) and the memory figures are
 *   time-weighted, exactly what overheadTotals computes from them, so it is unchanged;
 * - latency means are weighted by completed requests, so latencyBreakdown is unchanged;
 * - end-of-interval states (instances, hosts, queue) are b's: the state at the merged end;
 * - percentiles take the larger of the two (the merged interval's percentile lies between
 *   them, so this is an upper bound); the start latency is the mean of the known values.
 */
export function mergeSamples(a: MetricSample, b: MetricSample, previousT: number): MetricSample {
  const spanA = a.t - previousT;
  const spanB = b.t - a.t;
  const span = spanA + spanB;
  const merged: MetricSample = { ...b };
  for (const key of TIME_MEANS) merged[key] = span > 0 ? (a[key] * spanA + b[key] * spanB) / span : b[key];
  for (const key of SUMS) merged[key] = a[key] + b[key];
  for (const key of COMPLETION_MEANS) merged[key] = completionMean(a[key], a.completed, b[key], b.completed);
  for (const key of PERCENTILES) merged[key] = maxOf(a[key], b[key]);
  merged.startLatencyMeanMs =
    a.startLatencyMeanMs === null || b.startLatencyMeanMs === null
      ? (a.startLatencyMeanMs ?? b.startLatencyMeanMs)
      : (a.startLatencyMeanMs + b.startLatencyMeanMs) / 2;
  return merged;
}

/**
 * Halves one platform's sample history by merging neighbours pairwise (see mergeSamples);
 * an odd last sample stays as it is. Time-weighted totals over the history are preserved.
 */
export function halveSamples(samples: readonly MetricSample[]): MetricSample[] {
  const out: MetricSample[] = [];
  let previousT = 0;
  for (let i = 0; i < samples.length; i += 2) {
    const a = samples[i]!;
    const b = samples[i + 1];
    out.push(b ? mergeSamples(a, b, previousT) : a);
    previousT = (b ?? a).t;
  }
  return out;
}
