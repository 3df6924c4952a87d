import type { TopicFrame } from '../../../../shared/topics/types';
import type { ChartOption } from '../echarts';
import { CHART_TEXT } from '../platform-style';
import { formatAmount, formatAxis, type Dash } from './process-vm-format';

export interface TimelinePlatform {
  id: string;
  name: string;
  color: string;
  dash: Dash;
}

/**
 * The frame series `<platform>.<value>` of one run against the time since launch, one line
 * per platform in its preset's style. On a log time axis the frame at t = 0 is left out, on a
 * log value axis values <= 0 become gaps (a platform still starting has no speed to show).
 */
export function timelinePoints(
  frames: readonly TopicFrame[],
  key: string,
  xLog: boolean,
  yLog: boolean,
): Array<[number, number | null]> {
  return frames
    .filter((f) => !xLog || f.t > 0)
    .map((f) => {
      const v = f.values[key] ?? null;
      return [f.t, v === null || (yLog && v <= 0) ? null : v];
    });
}

export function processVmTimelineOption(options: {
  title: string;
  subtitle?: string;
  frames: readonly TopicFrame[];
  platforms: readonly TimelinePlatform[];
  /** The frame value after the platform id: "progress" or "speed". */
  value: string;
  xLog: boolean;
  yLog?: boolean;
  yName: string;
  /** The time axis name; English with the scale by default. */
  xName?: string;
  unit: string;
  yMin?: number;
  yMax?: number;
  /** Vertical lines at moments of the run (the JIT warming up). */
  markers?: ReadonlyArray<{ t: number; label: string }>;
}): ChartOption {
  const yLog = options.yLog ?? false;
  const times = options.frames.map((f) => f.t).filter((t) => !options.xLog || t > 0);
  const markers = (options.markers ?? []).filter((m) => !options.xLog || m.t > 0);
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
        value === null || value === undefined ? '—' : `${formatAmount(Number(value))} ${options.unit}`,
    },
    legend: { bottom: 0, textStyle: { fontSize: 12 } },
    grid: { left: 72, right: 32, top: 76, bottom: 62 + 22 * Math.ceil(options.platforms.length / 3) },
    xAxis: {
      type: options.xLog ? 'log' : 'value',
      name: options.xName ?? `Time since launch (s${options.xLog ? ', log scale' : ''})`,
      nameLocation: 'middle',
      nameGap: 30,
      ...(times.length > 0 ? { min: options.xLog ? times[0] : 0, max: times[times.length - 1] } : {}),
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: { ...CHART_TEXT.axisLabel, formatter: formatAxis },
    },
    yAxis: {
      type: yLog ? 'log' : 'value',
      name: options.yName,
      nameLocation: 'middle',
      nameGap: 48,
      ...(options.yMin !== undefined ? { min: options.yMin } : {}),
      ...(options.yMax !== undefined ? { max: options.yMax } : {}),
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: { ...CHART_TEXT.axisLabel, formatter: formatAxis },
    },
    series: options.platforms.map((p, i) => ({
      id: p.id,
      name: p.name,
      type: 'line' as const,
      showSymbol: options.frames.length < 40,
      connectNulls: false,
      color: p.color,
      lineStyle: { width: 2.5, type: p.dash },
      data: timelinePoints(options.frames, `${p.id}.${options.value}`, options.xLog, yLog),
      ...(i === 0 && markers.length > 0
        ? {
            markLine: {
              silent: true,
              symbol: 'none',
              lineStyle: { color: '#535A66', type: 'dashed' as const, width: 1.5 },
              label: { fontSize: 12, formatter: (m: { name?: string }) => m.name ?? '' },
              data: markers.map((m) => ({ xAxis: m.t, name: m.label })),
            },
          }
        : {}),
    })),
  };
}
