import type { StartLatencyHistogram } from '../../../shared/sim/start-histogram';
import { startHistogramTotal } from '../../../shared/sim/start-histogram';
import type { PlatformId } from '../../../shared/scenario';
import type { RunSummary } from '../../../shared/sim/types';
import type { Translate } from './density-packing-option';
import type { ChartOption } from './echarts';
import { CHART_TEXT, platformStyle } from './platform-style';
import { platformNames } from './translate';

const round2 = (value: number) => Number(value.toFixed(2));

/** Standard normal CDF (Abramowitz and Stegun 7.1.26 for erf, error below 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** The preset's start-time model: log-normal with this median (ms) and log-space sigma. */
export interface StartModel {
  medianMs: number;
  sigma: number;
}

/** Share (%) of a log-normal start-time model that falls in [fromMs, toMs). */
export function modelBinShare(model: StartModel, fromMs: number, toMs: number): number {
  if (model.sigma === 0) return model.medianMs >= fromMs && model.medianMs < toMs ? 100 : 0;
  const z = (ms: number) => Math.log(ms / model.medianMs) / model.sigma;
  return (normalCdf(z(toMs)) - normalCdf(z(fromMs))) * 100;
}

/**
 * A histogram as step-line points [left edge (ms), share of starts (%)], from one empty bin
 * before the first start to the right edge of the last, so the outline closes on the axis.
 * Underflow and overflow are not drawn (they have no width on the axis); the caller says so.
 */
export function histogramSteps(histogram: StartLatencyHistogram): Array<[number, number]> {
  const total = startHistogramTotal(histogram);
  const { counts, edgesMs } = histogram;
  const first = counts.findIndex((n) => n > 0);
  if (total === 0 || first < 0) return [];
  let last = counts.length - 1;
  while (counts[last] === 0) last--;
  const points: Array<[number, number]> = [];
  if (first > 0) points.push([edgesMs[first - 1]!, 0]);
  for (let bin = first; bin <= last; bin++)
    points.push([edgesMs[bin]!, round2((counts[bin]! / total) * 100)]);
  points.push([edgesMs[last + 1]!, 0]);
  return points;
}

/**
 * Start-time distributions: per platform, the share of the run's instance starts in each
 * log-spaced bin (what the simulation actually drew), on a log time axis.
 */
export function startLatencyOption(
  summary: RunSummary,
  t: Translate,
  locale: string,
  models: Partial<Record<PlatformId, StartModel>> = {},
): ChartOption {
  const withStarts = summary.platforms.filter((p) => startHistogramTotal(p.startLatencyHistogram) > 0);
  const legendRows = Math.ceil(summary.platforms.length / 3);
  return {
    animation: false,
    aria: { enabled: true },
    title: {
      text: t('overhead.starts.title'),
      subtext: t('overhead.starts.subtitle'),
      left: 'center',
      textStyle: CHART_TEXT.title,
    },
    tooltip: {
      trigger: 'item',
      formatter: (params) => {
        const item = params as unknown as { seriesId: string; seriesName: string; value: [number, number] };
        const edges = summary.platforms[0]?.startLatencyHistogram.edgesMs ?? [];
        const index = edges.indexOf(item.value[0]);
        const upper = index >= 0 ? edges[index + 1] : undefined;
        const drawn = t('overhead.starts.tooltip', {
          platform: item.seriesName,
          from: item.value[0].toLocaleString(locale),
          to: upper?.toLocaleString(locale) ?? '∞',
          share: item.value[1].toLocaleString(locale),
        });
        const model = models[item.seriesId as PlatformId];
        if (!model || upper === undefined) return drawn;
        const expected = round2(modelBinShare(model, item.value[0], upper));
        return `${drawn}<br/>${t('overhead.starts.modelTooltip', { share: expected.toLocaleString(locale) })}`;
      },
    },
    legend: { bottom: 0, textStyle: { fontSize: 12 } },
    grid: { left: 64, right: 30, top: 76, bottom: 62 + 22 * legendRows },
    xAxis: {
      type: 'log',
      name: t('overhead.starts.xAxis'),
      nameLocation: 'middle',
      nameGap: 30,
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: { ...CHART_TEXT.axisLabel, formatter: (value: number) => value.toLocaleString(locale) },
    },
    yAxis: {
      type: 'value',
      min: 0,
      name: t('overhead.starts.yAxis'),
      nameLocation: 'middle',
      nameGap: 44,
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: { ...CHART_TEXT.axisLabel, formatter: '{value} %' },
    },
    series: withStarts.map((p) => {
      const style = platformStyle(p.platform);
      return {
        id: p.platform,
        name: platformNames({ t }, p.platform).short,
        type: 'line' as const,
        step: 'end' as const,
        color: style.color,
        symbolSize: 4,
        lineStyle: { width: 2.5, type: style.dash },
        areaStyle: { opacity: 0.12 },
        data: histogramSteps(p.startLatencyHistogram),
      };
    }),
  };
}
