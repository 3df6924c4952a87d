import type { StartLatencyHistogram } from '../../../shared/sim/start-histogram';
import { startHistogramTotal } from '../../../shared/sim/start-histogram';
import type { RunSummary } from '../../../shared/sim/types';
import type { Translate } from './density-packing-option';
import type { ChartOption } from './echarts';
import { CHART_TEXT, platformStyle } from './platform-style';

const round2 = (value: number) => Number(value.toFixed(2));

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
export function startLatencyOption(summary: RunSummary, t: Translate, locale: string): ChartOption {
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
        const item = params as unknown as { seriesName: string; value: [number, number] };
        const edges = summary.platforms[0]?.startLatencyHistogram.edgesMs ?? [];
        const index = edges.indexOf(item.value[0]);
        const upper = index >= 0 ? edges[index + 1] : undefined;
        return t('overhead.starts.tooltip', {
          platform: item.seriesName,
          from: item.value[0].toLocaleString(locale),
          to: upper?.toLocaleString(locale) ?? '∞',
          share: item.value[1].toLocaleString(locale),
        });
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
      axisLabel: CHART_TEXT.axisLabel,
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
        name: style.short,
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
