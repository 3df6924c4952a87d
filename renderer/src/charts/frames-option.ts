import type { TopicFrame } from '../../../shared/topics/types';
import type { ChartOption } from './echarts';
import { CHART_TEXT } from './platform-style';

/** Okabe-Ito, then Paul Tol's muted: distinct and colour-blind-aware. */
export const SERIES_COLORS = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#D55E00',
  '#CC79A7',
  '#56B4E9',
  '#332288',
  '#882255',
  '#117733',
  '#999933',
];

export interface FrameSeries {
  /** Key in TopicFrame.values. */
  key: string;
  name: string;
  color?: string;
  step?: boolean;
  area?: boolean;
}

/**
 * A time (or step) series chart of chosen frame values: the workhorse of the topic views.
 * Values that are null in a frame leave a gap rather than a false zero.
 */
export function framesOption(options: {
  title: string;
  subtitle?: string;
  frames: readonly TopicFrame[];
  series: readonly FrameSeries[];
  xName: string;
  yName: string;
  unit: string;
  xMax?: number;
  yMax?: number;
  /** Formats tooltip numbers in the interface language (English by default). */
  formatNumber?: (value: number) => string;
}): ChartOption {
  const formatNumber = options.formatNumber ?? ((value: number) => value.toLocaleString('en'));
  const { frames, series } = options;
  return {
    animation: false,
    aria: { enabled: true },
    title: {
      text: options.title,
      subtext: options.subtitle ?? '',
      left: 'center',
      textStyle: CHART_TEXT.title,
    },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (value) =>
        value === null || value === undefined ? '—' : `${formatNumber(Number(value))} ${options.unit}`,
    },
    legend: { bottom: 0, textStyle: { fontSize: 12 } },
    grid: { left: 72, right: 28, top: 76, bottom: 62 + 22 * Math.ceil(series.length / 3) },
    xAxis: {
      type: 'value',
      name: options.xName,
      nameLocation: 'middle',
      nameGap: 30,
      min: 0,
      ...(options.xMax !== undefined ? { max: options.xMax } : {}),
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: CHART_TEXT.axisLabel,
    },
    yAxis: {
      type: 'value',
      name: options.yName,
      nameLocation: 'middle',
      nameGap: 52,
      ...(options.yMax !== undefined ? { max: options.yMax } : {}),
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: CHART_TEXT.axisLabel,
    },
    series: series.map((s, i) => ({
      id: s.key,
      name: s.name,
      type: 'line',
      showSymbol: frames.length < 40,
      connectNulls: false,
      ...(s.step ? { step: 'end' as const } : {}),
      ...(s.area ? { areaStyle: { opacity: 0.15 } } : {}),
      color: s.color ?? SERIES_COLORS[i % SERIES_COLORS.length],
      lineStyle: { width: 2.5 },
      data: frames.map((f) => [f.t, f.values[s.key] ?? null]),
    })),
  };
}
