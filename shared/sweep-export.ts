import { provenanceLine, type Provenance } from './export';
import { fillScenarioDefaults } from './scenario';
import type { RunSummary } from './sim/types';
import {
  SWEEP_METRICS,
  SWEEP_METRIC_IDS,
  SWEEP_PARAMETERS,
  SweepRequestSchema,
  type SweepMetricInfo,
  type SweepRequest,
} from './sweep';
import { z } from 'zod';

/** A finished (or cancelled) sweep's points as they arrived from the worker. */
export interface SweepResultPoint {
  index: number;
  values: number[];
  summary: RunSummary;
}

const cell = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/**
 * The sweep table: one row per point and platform, the swept values, then every metric
 * (header names carry the units), under a provenance comment.
 */
export function sweepToCsv(
  request: SweepRequest,
  points: readonly SweepResultPoint[],
  provenance: Provenance,
): string {
  const header = [
    ...request.parameters.map((p) => `${p.path} (${SWEEP_PARAMETERS[p.path].unit})`),
    'platform',
    ...SWEEP_METRIC_IDS.map((id) => `${id} (${SWEEP_METRICS[id].unit})`),
  ];
  const rows: string[] = [];
  for (const point of points) {
    for (const platform of point.summary.platforms) {
      rows.push(
        [
          ...point.values,
          platform.platform,
          ...SWEEP_METRIC_IDS.map((id) => (SWEEP_METRICS[id] as SweepMetricInfo).read(platform)),
        ]
          .map(cell)
          .join(','),
      );
    }
  }
  return `${[`${provenanceLine(provenance)} sweep`, header.map(cell).join(','), ...rows].join('\n')}\n`;
}

/**
 * What a sweep's JSON export holds besides provenance; `request` alone reproduces the sweep.
 * Its scenario gets the defaults a scenario file gets (exports from before
 * hosts.pricePerHourUsd existed load with the default host price).
 */
export const SweepFileSchema = z.looseObject({
  generator: z.literal('VirtLab', { error: 'generator must be "VirtLab" (not a VirtLab sweep file)' }),
  request: z.preprocess(
    (request) =>
      typeof request === 'object' && request !== null && 'scenario' in request
        ? { ...request, scenario: fillScenarioDefaults(request.scenario) }
        : request,
    SweepRequestSchema,
  ),
});
