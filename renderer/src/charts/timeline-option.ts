import type { PlatformId } from '../../../shared/scenario';
import type { SamplesByPlatform } from '../../../shared/metrics';
import type { ChartOption } from './echarts';
import { CHART_TEXT, platformStyle } from './platform-style';

/** The chart's words, already translated by the view. */
export interface TimelineChartText {
  title: string;
  subtitle: string;
  timeAxis: string;
  countAxis: string;
  latencyAxis: string;
  instances: string;
  queue: string;
  latency: string;
  /** Label of the cursor line, with its time ("cursor 12.5 s"). */
  cursor: string;
  unitInstances: string;
  unitRequests: string;
  unitMs: string;
  /** A platform's short name in the interface language (default: the core's English). */
  platformName?: (id: PlatformId) => string;
  /** The interface language, for numbers on the axes and in tooltips (default: English). */
  locale?: string;
}

const round = (value: number) => Number(value.toFixed(2));

/**
 * Timeline chart: per platform, instances (ready + starting, solid) and requests waiting
 * (dashed) on the left axis, p95 latency (dotted) on the right, over simulated time; a
 * vertical mark line shows the scrub cursor.
 */
export function timelineOption(
  platforms: readonly PlatformId[],
  samples: SamplesByPlatform,
  cursorS: number | null,
  horizonS: number,
  text: TimelineChartText,
): ChartOption {
  const series: NonNullable<ChartOption['series']> = [];
  const number = (value: number) => value.toLocaleString(text.locale ?? 'en', { maximumFractionDigits: 20 });
  const legendRows = Math.ceil((platforms.length * 3) / 4);
  platforms.forEach((platform, index) => {
    const style = platformStyle(platform);
    const short = text.platformName?.(platform) ?? style.short;
    const list = samples[platform] ?? [];
    series.push(
      {
        type: 'line',
        name: `${short}: ${text.instances}`,
        showSymbol: false,
        color: style.color,
        lineStyle: { width: 2 },
        data: list.map((s) => [s.t, s.instancesReady + s.instancesStarting]),
        tooltip: { valueFormatter: (v) => `${number(v as number)} ${text.unitInstances}` },
        // The cursor rides on the first series only, so it is drawn once.
        ...(index === 0 && cursorS !== null
          ? {
              markLine: {
                symbol: 'none',
                silent: true,
                animation: false,
                label: { formatter: text.cursor, position: 'end', distance: 12, fontSize: 12 },
                lineStyle: { color: '#D55E00', width: 2, type: 'solid' as const },
                data: [{ xAxis: cursorS }],
              },
            }
          : {}),
      },
      {
        type: 'line',
        name: `${short}: ${text.queue}`,
        showSymbol: false,
        color: style.color,
        lineStyle: { width: 1.5, type: 'dashed' },
        data: list.map((s) => [s.t, s.queueLength]),
        tooltip: { valueFormatter: (v) => `${number(v as number)} ${text.unitRequests}` },
      },
      {
        type: 'line',
        name: `${short}: ${text.latency}`,
        showSymbol: false,
        color: style.color,
        yAxisIndex: 1,
        connectNulls: false,
        lineStyle: { width: 1.5, type: 'dotted' },
        data: list.map((s) => [s.t, s.latencyP95Ms === null ? null : round(s.latencyP95Ms)]),
        tooltip: { valueFormatter: (v) => (v === null ? '—' : `${number(v as number)} ${text.unitMs}`) },
      },
    );
  });
  return {
    animation: false,
    aria: { enabled: true },
    title: { text: text.title, subtext: text.subtitle, left: 'center', textStyle: CHART_TEXT.title },
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, textStyle: { fontSize: 12 } },
    grid: { left: 64, right: 72, top: 84, bottom: 56 + 22 * legendRows },
    xAxis: {
      type: 'value',
      name: text.timeAxis,
      nameLocation: 'middle',
      nameGap: 28,
      min: 0,
      max: horizonS > 0 ? horizonS : undefined,
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: { ...CHART_TEXT.axisLabel, formatter: number },
    },
    yAxis: [
      {
        type: 'value',
        name: text.countAxis,
        nameLocation: 'middle',
        nameGap: 44,
        minInterval: 1,
        nameTextStyle: CHART_TEXT.axisName,
        axisLabel: { ...CHART_TEXT.axisLabel, formatter: number },
      },
      {
        type: 'value',
        name: text.latencyAxis,
        nameLocation: 'middle',
        nameGap: 52,
        splitLine: { show: false },
        nameTextStyle: CHART_TEXT.axisName,
        axisLabel: { ...CHART_TEXT.axisLabel, formatter: number },
      },
    ],
    series,
  };
}
