import type { PlatformId } from '../../../shared/scenario';
import type { SweepPoint } from '../../../shared/protocol';
import {
  SWEEP_METRICS,
  parameterValues,
  type SweepMetricId,
  type SweepMetricInfo,
  type SweepRequest,
} from '../../../shared/sweep';
import type { LineSeriesOption } from 'echarts/charts';
import type { ChartOption } from './echarts';
import { CHART_TEXT, platformStyle } from './platform-style';

/** Texts the caller translates: the chart stays a pure function of data and words. */
export interface SweepChartText {
  title: string;
  subtitle: string;
  /** Axis names with their units. */
  xName: string;
  yName: string;
  metricUnit: string;
  /** "<parameter 2 name> = <value> <unit>" for a series of a two-parameter sweep. */
  secondLabel?: (value: number) => string;
  /** A platform's short name in the interface language (default: the core's English). */
  platformName?: (id: PlatformId) => string;
  /** The interface language, for numbers on the axes and in tooltips (default: English). */
  locale?: string;
}

const SECOND_DASHES = ['solid', 'dashed', 'dotted'] as const;
const SECOND_SYMBOLS = ['circle', 'triangle', 'rect', 'diamond', 'pin', 'arrow'] as const;

/**
 * Metric against the first swept parameter: one line per platform (in its colour), and
 * with a second parameter one line per platform per value of it (dash and marker tell the
 * values apart). Points without a value (no request completed) leave a gap.
 */
export function sweepOption(
  request: SweepRequest,
  points: readonly SweepPoint[],
  metric: SweepMetricId,
  text: SweepChartText,
): ChartOption {
  const platforms: PlatformId[] = request.scenario.platforms.map((p) => p.id);
  const first = request.parameters[0]!;
  const second = request.parameters[1];
  const secondValues = second ? parameterValues(second) : [null];
  const info: SweepMetricInfo = SWEEP_METRICS[metric];
  const logX = !Array.isArray(first.values) && first.values.scale === 'log';
  // The axis spans the whole planned range from the first point on, so a running sweep fills it in.
  const firstValues = parameterValues(first);
  const xMin = Math.min(...firstValues);
  const xMax = Math.max(...firstValues);
  const series: LineSeriesOption[] = [];
  for (const platform of platforms) {
    const style = platformStyle(platform);
    const short = text.platformName?.(platform) ?? style.short;
    secondValues.forEach((value2, k) => {
      const data: Array<[number, number | null]> = [];
      for (const point of points) {
        if (value2 !== null && point.values[1] !== value2) continue;
        const summary = point.summary.platforms.find((p) => p.platform === platform);
        data.push([point.values[0]!, summary ? info.read(summary) : null]);
      }
      data.sort((a, b) => a[0] - b[0]);
      series.push({
        id: `${platform}|${value2 ?? ''}`,
        name: value2 === null ? short : `${short} · ${text.secondLabel?.(value2) ?? value2}`,
        type: 'line',
        color: style.color,
        symbol: SECOND_SYMBOLS[k % SECOND_SYMBOLS.length],
        symbolSize: 7,
        showSymbol: true,
        connectNulls: false,
        lineStyle: {
          width: 2.5,
          type: value2 === null ? style.dash : SECOND_DASHES[k % SECOND_DASHES.length],
        },
        data,
      });
    });
  }
  const legendRows = Math.ceil(series.length / 3);
  const locale = text.locale ?? 'en';
  const number = (value: number) => value.toLocaleString(locale, { maximumFractionDigits: 20 });
  const format = (value: unknown) =>
    typeof value === 'number' ? `${number(Number(value.toPrecision(4)))} ${text.metricUnit}` : '—';
  return {
    animation: false,
    aria: { enabled: true },
    title: { text: text.title, subtext: text.subtitle, left: 'center', textStyle: CHART_TEXT.title },
    tooltip: { trigger: 'axis', valueFormatter: format },
    legend: { bottom: 0, textStyle: { fontSize: 12 } },
    grid: { left: 76, right: 32, top: 76, bottom: 62 + 22 * legendRows },
    xAxis: {
      type: logX ? 'log' : 'value',
      name: text.xName,
      nameLocation: 'middle',
      nameGap: 30,
      scale: true,
      ...(xMax > xMin ? { min: xMin, max: xMax } : {}),
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: { ...CHART_TEXT.axisLabel, formatter: number },
    },
    yAxis: {
      type: 'value',
      name: text.yName,
      nameLocation: 'middle',
      nameGap: 56,
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: { ...CHART_TEXT.axisLabel, formatter: number },
    },
    series,
  };
}
