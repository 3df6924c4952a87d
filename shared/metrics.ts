import type { PlatformId } from './scenario';
import type { MetricSample, PlatformSummary } from './sim/types';

/** Figures derived from streamed samples, shared by the charts, exports and tests. */

export type SamplesByPlatform = Partial<Record<PlatformId, MetricSample[]>>;

export function groupByPlatform(samples: readonly MetricSample[]): SamplesByPlatform {
  const grouped: SamplesByPlatform = {};
  for (const sample of samples) (grouped[sample.platform] ??= []).push(sample);
  return grouped;
}

/** The run's cost per million completed requests (USD), null when none completed. */
export function costPerMillionRequestsUsd(p: Pick<PlatformSummary, 'costUsd' | 'completed'>): number | null {
  return p.completed > 0 ? (p.costUsd / p.completed) * 1e6 : null;
}

export interface OverheadTotals {
  cpuUsefulCores: number;
  cpuOverheadCores: number;
  memoryAppGiB: number;
  memoryOverheadGiB: number;
}

/** Time-weighted means over the samples so far: each sample covers the time since the previous one. */
export function overheadTotals(samples: readonly MetricSample[]): OverheadTotals {
  let useful = 0;
  let overhead = 0;
  let app = 0;
  let platformMemory = 0;
  let covered = 0;
  let previousT = 0;
  for (const sample of samples) {
    const span = sample.t - previousT;
    previousT = sample.t;
    useful += sample.cpuUsefulCores * span;
    overhead += sample.cpuOverheadCores * span;
    app += sample.memoryAppMiB * span;
    platformMemory += sample.memoryOverheadMiB * span;
    covered += span;
  }
  const mean = (total: number) => (covered > 0 ? total / covered : 0);
  return {
    cpuUsefulCores: mean(useful),
    cpuOverheadCores: mean(overhead),
    memoryAppGiB: mean(app) / 1024,
    memoryOverheadGiB: mean(platformMemory) / 1024,
  };
}

export interface LatencyBreakdown {
  /** Mean ms per completed request: waiting for an instance, CPU, disk, network, and the rest (warm-start overhead). */
  queueWaitMs: number;
  cpuMs: number;
  ioMs: number;
  networkMs: number;
  otherMs: number;
  /** Completed requests the means are over. */
  completed: number;
}

/**
 * Where the latency went, weighted by completions over the samples so far (for a stacked
 * per-resource chart). All zero when nothing completed.
 */
export function latencyBreakdown(samples: readonly MetricSample[]): LatencyBreakdown {
  let wait = 0;
  let cpu = 0;
  let io = 0;
  let network = 0;
  let total = 0;
  let completed = 0;
  for (const s of samples) {
    if (s.completed === 0 || s.latencyMeanMs === null) continue;
    wait += (s.queueWaitMeanMs ?? 0) * s.completed;
    cpu += (s.cpuTimeMeanMs ?? 0) * s.completed;
    io += (s.ioTimeMeanMs ?? 0) * s.completed;
    network += (s.networkTimeMeanMs ?? 0) * s.completed;
    total += s.latencyMeanMs * s.completed;
    completed += s.completed;
  }
  if (completed === 0) return { queueWaitMs: 0, cpuMs: 0, ioMs: 0, networkMs: 0, otherMs: 0, completed: 0 };
  const mean = (x: number) => x / completed;
  return {
    queueWaitMs: mean(wait),
    cpuMs: mean(cpu),
    ioMs: mean(io),
    networkMs: mean(network),
    otherMs: Math.max(0, mean(total - wait - cpu - io - network)),
    completed,
  };
}
