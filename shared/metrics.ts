import type { PlatformId } from './scenario';
import type { MetricSample } from './sim/types';

/** Figures derived from streamed samples, shared by the charts, exports and tests. */

export type SamplesByPlatform = Partial<Record<PlatformId, MetricSample[]>>;

export function groupByPlatform(samples: readonly MetricSample[]): SamplesByPlatform {
  const grouped: SamplesByPlatform = {};
  for (const sample of samples) (grouped[sample.platform] ??= []).push(sample);
  return grouped;
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
