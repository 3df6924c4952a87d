import type { PlatformId } from '../../../shared/scenario';
import type { MetricSample } from '../../../shared/sim/types';
import { groupByPlatform } from '../../../shared/metrics';
import type { TopicFrame } from '../../../shared/topics/types';
import type { ChartOption } from './echarts';
import { CHART_TEXT, platformStyle } from './platform-style';

/** One run on an overlay chart: its label ("A", "B" + name) and its samples. */
export interface OverlayRun {
  label: string;
  samples: readonly MetricSample[];
  horizonS: number;
}

/** What an overlay chart plots per sample: instances running, or p95 latency. */
export type OverlayMetric = 'instances' | 'latencyP95';

export const overlayValue: Record<OverlayMetric, (s: MetricSample) => number | null> = {
  instances: (s) => s.instancesReady + s.instancesStarting,
  latencyP95: (s) => s.latencyP95Ms,
};

/** The texts an overlay chart shows, translated by the view. */
export interface OverlayTexts {
  title: string;
  subtitle: string;
  xAxis: string;
  yAxis: string;
  unit: string;
  /** A platform's short name in the interface language (default: the core's English). */
  platformName?: (id: PlatformId) => string;
}

const LINE_TYPES = ['solid', 'dashed'] as const;

/**
 * Two saved runs on one chart: per platform one line per run, in the platform's colour,
 * run A solid and run B dashed, so a difference in seed or scenario shows as a gap.
 */
export function overlayOption(
  runs: readonly [OverlayRun, OverlayRun],
  metric: OverlayMetric,
  texts: OverlayTexts,
): ChartOption {
  const series = runs.flatMap((run, index) => {
    const byPlatform = groupByPlatform(run.samples);
    return (Object.keys(byPlatform) as PlatformId[]).map((platform) => {
      const style = platformStyle(platform);
      return {
        id: `${index}-${platform}`,
        name: `${run.label} · ${texts.platformName?.(platform) ?? style.short}`,
        type: 'line' as const,
        showSymbol: false,
        connectNulls: false,
        step: metric === 'instances' ? ('end' as const) : undefined,
        color: style.color,
        lineStyle: { width: index === 0 ? 2.5 : 2, type: LINE_TYPES[index] },
        data: (byPlatform[platform] ?? []).map((s) => [s.t, overlayValue[metric](s)]),
      };
    });
  });
  const legendRows = Math.ceil(series.length / 3);
  return {
    animation: false,
    aria: { enabled: true },
    title: { text: texts.title, subtext: texts.subtitle, left: 'center', textStyle: CHART_TEXT.title },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (value) =>
        value === null || value === undefined
          ? '—'
          : `${Number(value).toFixed(metric === 'instances' ? 0 : 1)} ${texts.unit}`,
    },
    legend: { bottom: 0, textStyle: { fontSize: 12 } },
    grid: { left: 64, right: 28, top: 76, bottom: 62 + 22 * legendRows },
    xAxis: {
      type: 'value',
      name: texts.xAxis,
      nameLocation: 'middle',
      nameGap: 30,
      min: 0,
      max: Math.max(runs[0].horizonS, runs[1].horizonS),
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: CHART_TEXT.axisLabel,
    },
    yAxis: {
      type: 'value',
      name: texts.yAxis,
      nameLocation: 'middle',
      nameGap: 44,
      ...(metric === 'instances' ? { minInterval: 1 } : {}),
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: CHART_TEXT.axisLabel,
    },
    series,
  };
}

/** The overlay's data as frames (one per time, a column per run and platform) for CSV/JSON export. */
export function overlayFrames(runs: readonly [OverlayRun, OverlayRun], metric: OverlayMetric): TopicFrame[] {
  const byTime = new Map<number, TopicFrame>();
  for (const run of runs) {
    for (const sample of run.samples) {
      const frame = byTime.get(sample.t) ?? { t: sample.t, values: {} };
      frame.values[`${run.label} ${sample.platform} ${metric}`] = overlayValue[metric](sample);
      byTime.set(sample.t, frame);
    }
  }
  return [...byTime.values()].sort((a, b) => a.t - b.t);
}
