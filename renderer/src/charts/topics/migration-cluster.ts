import { ENGLISH_TEXT, textFor, type ChartText } from '../translate';
import type { TopicEvent, TopicFrame } from '../../../../shared/topics/types';
import type { ChartOption } from '../echarts';
import { CHART_TEXT } from '../platform-style';

export const PHASE_COLORS: Record<string, string> = {
  before: '#9E9E9E',
  'pre-copy': '#56B4E9',
  downtime: '#D62728',
  'post-copy': '#E69F00',
  after: '#117733',
};

const PHASE_NAMES: Record<string, string> = {
  before: 'Before (host A)',
  'pre-copy': 'Pre-copy rounds (host A)',
  downtime: 'Downtime',
  'post-copy': 'Post-copy faults (host B)',
  after: 'After (host B)',
};

export interface PhaseSegment {
  phase: string;
  name: string;
  start: number;
  end: number;
}

/**
 * The migration's phases on the time axis, from the run's 'phase' events (exact, unlike the
 * frame grid), with "before" from 0 to the first of them; clipped to `now`, so the band grows
 * with the latency line while the run streams.
 */
export function phaseSegments(events: readonly TopicEvent[], now: number): PhaseSegment[] {
  const phases = events
    .filter((e) => e.type === 'phase' && e.end !== undefined)
    .sort((a, b) => a.start - b.start)
    .map((e) => {
      const phase = String(e.data?.['phase'] ?? '');
      return {
        phase,
        name: PHASE_NAMES[phase] ?? String(e.data?.['label'] ?? phase),
        start: e.start,
        end: e.end!,
      };
    });
  const firstStart = phases[0]?.start ?? now;
  const all = [{ phase: 'before', name: PHASE_NAMES['before']!, start: 0, end: firstStart }, ...phases];
  return all
    .filter((p) => p.start < now && p.end > p.start)
    .map((p) => ({ ...p, end: Math.min(p.end, now) }));
}

/**
 * The service around the migration: p95 and mean request latency per frame window (log
 * scale) and the throughput (right axis), under a coloured band that shows the migration's
 * phase at each moment.
 */
export function clusterLatencyOption(
  options: {
    frames: readonly TopicFrame[];
    events: readonly TopicEvent[];
    horizon?: number;
    subtitle?: string;
  },
  text: ChartText = ENGLISH_TEXT,
): ChartOption {
  const tr = textFor(text, 'charts.migrationCluster');
  const { frames } = options;
  const now = frames.at(-1)?.t ?? 0;
  const segments = phaseSegments(options.events, now).map((s) => ({
    ...s,
    name: tr(`phases.${s.phase}`, s.name),
  }));
  const phaseAxis = tr('phase', 'Phase');
  const phaseNames: string[] = [];
  for (const s of segments) if (!phaseNames.includes(s.name)) phaseNames.push(s.name);
  const xMax = options.horizon !== undefined && options.horizon > 0 ? { max: options.horizon } : {};
  const showSymbol = frames.length < 40;
  return {
    animation: false,
    aria: { enabled: true },
    title: {
      text: tr('requestLatencyAndThroughput', 'Request latency and throughput during the migration'),
      subtext: options.subtitle ?? '',
      left: 'center',
      textStyle: CHART_TEXT.title,
      subtextStyle: { fontSize: 12 },
    },
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, textStyle: { fontSize: 12 } },
    grid: [
      { left: 84, right: 76, top: 66, height: 18 },
      { left: 84, right: 76, top: 98, bottom: 104 },
    ],
    xAxis: [
      {
        type: 'value',
        gridIndex: 0,
        min: 0,
        ...xMax,
        axisLabel: { show: false },
        axisTick: { show: false },
        axisLine: { show: false },
        splitLine: { show: false },
      },
      {
        type: 'value',
        gridIndex: 1,
        min: 0,
        ...xMax,
        name: tr('simulatedTimeS', 'Simulated time (s)'),
        nameLocation: 'middle',
        nameGap: 30,
        nameTextStyle: CHART_TEXT.axisName,
        axisLabel: CHART_TEXT.axisLabel,
      },
    ],
    yAxis: [
      {
        type: 'category',
        gridIndex: 0,
        data: [phaseAxis],
        axisTick: { show: false },
        axisLine: { show: false },
        axisLabel: { ...CHART_TEXT.axisLabel, fontWeight: 600 },
      },
      {
        type: 'log',
        gridIndex: 1,
        name: tr('latencyMsLogScale', 'Latency (ms, log scale)'),
        nameLocation: 'middle',
        nameGap: 58,
        nameTextStyle: CHART_TEXT.axisName,
        axisLabel: { ...CHART_TEXT.axisLabel, formatter: (v: number) => text.n(Number(v)) },
      },
      {
        type: 'value',
        gridIndex: 1,
        name: tr('throughputReqS', 'Throughput (req/s)'),
        nameLocation: 'middle',
        nameGap: 50,
        min: 0,
        splitLine: { show: false },
        nameTextStyle: CHART_TEXT.axisName,
        axisLabel: CHART_TEXT.axisLabel,
      },
    ],
    series: [
      {
        id: 'latencyP95Ms',
        name: tr('p95LatencyMs', 'p95 latency (ms)'),
        type: 'line',
        xAxisIndex: 1,
        yAxisIndex: 1,
        color: '#0072B2',
        lineStyle: { width: 2.5 },
        showSymbol,
        connectNulls: false,
        data: frames.map((f) => [f.t, f.values['latencyP95Ms'] ?? null]),
      },
      {
        id: 'latencyMeanMs',
        name: tr('meanLatencyMs', 'Mean latency (ms)'),
        type: 'line',
        xAxisIndex: 1,
        yAxisIndex: 1,
        color: '#CC79A7',
        lineStyle: { width: 1.5 },
        showSymbol,
        connectNulls: false,
        data: frames.map((f) => [f.t, f.values['latencyMeanMs'] ?? null]),
      },
      {
        id: 'throughputPerS',
        name: tr('throughputReqSRight', 'Throughput (req/s, right axis)'),
        type: 'line',
        xAxisIndex: 1,
        yAxisIndex: 2,
        color: '#888888',
        lineStyle: { width: 1, type: 'dashed', opacity: 0.6 },
        showSymbol,
        connectNulls: false,
        data: frames.map((f) => [f.t, f.values['throughputPerS'] ?? null]),
      },
      ...phaseNames.map((name) => {
        const mine = segments.filter((s) => s.name === name);
        return {
          id: `phase:${name}`,
          name,
          type: 'line' as const,
          xAxisIndex: 0,
          yAxisIndex: 0,
          color: PHASE_COLORS[mine[0]!.phase] ?? text.ink,
          lineStyle: { width: 18, cap: 'butt' as const },
          symbol: mine[0]!.phase === 'downtime' ? 'rect' : 'none',
          symbolSize: [4, 18],
          connectNulls: false,
          tooltip: { show: false },
          data: mine.flatMap((s) => [
            [s.start, phaseAxis],
            [s.end, phaseAxis],
            [null, null],
          ]),
        };
      }),
    ],
  };
}

/**
 * How fast the VM runs (1 = all its CPU; less while dom0 copies pages or post-copy faults;
 * 0 while paused) and the migration's own traffic.
 */
export function clusterSpeedOption(
  frames: readonly TopicFrame[],
  horizon?: number,
  text: ChartText = ENGLISH_TEXT,
): ChartOption {
  const tr = textFor(text, 'charts.migrationCluster');
  const showSymbol = frames.length < 40;
  return {
    animation: false,
    aria: { enabled: true },
    title: {
      text: tr('vmSpeedAndMigration', 'VM speed and migration traffic'),
      subtext: frames.length > 0 ? 'the copy steals CPU; paused = 0; post-copy faults slow the VM' : '',
      left: 'center',
      textStyle: CHART_TEXT.title,
      subtextStyle: { fontSize: 12 },
    },
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, textStyle: { fontSize: 12 } },
    grid: { left: 72, right: 76, top: 76, bottom: 84 },
    xAxis: {
      type: 'value',
      min: 0,
      ...(horizon !== undefined && horizon > 0 ? { max: horizon } : {}),
      name: tr('simulatedTimeS', 'Simulated time (s)'),
      nameLocation: 'middle',
      nameGap: 30,
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: CHART_TEXT.axisLabel,
    },
    yAxis: [
      {
        type: 'value',
        name: tr('vmSpeedShareOf', 'VM speed (share of full CPU)'),
        nameLocation: 'middle',
        nameGap: 46,
        min: 0,
        max: 1,
        nameTextStyle: CHART_TEXT.axisName,
        axisLabel: CHART_TEXT.axisLabel,
      },
      {
        type: 'value',
        name: tr('migrationTrafficMbitS', 'Migration traffic (Mbit/s)'),
        nameLocation: 'middle',
        nameGap: 54,
        min: 0,
        splitLine: { show: false },
        nameTextStyle: CHART_TEXT.axisName,
        axisLabel: { ...CHART_TEXT.axisLabel, formatter: (v: number) => text.n(Number(v)) },
      },
    ],
    series: [
      {
        id: 'speed',
        name: tr('vmSpeed', 'VM speed'),
        type: 'line',
        step: 'end',
        color: '#0072B2',
        lineStyle: { width: 2.5 },
        areaStyle: { opacity: 0.12 },
        showSymbol,
        data: frames.map((f) => [f.t, f.values['speed'] ?? null]),
      },
      {
        id: 'migrationRateMbps',
        name: tr('migrationTrafficRightAxis', 'Migration traffic (right axis)'),
        type: 'line',
        step: 'end',
        yAxisIndex: 1,
        color: '#D55E00',
        lineStyle: { width: 2 },
        showSymbol,
        data: frames.map((f) => [f.t, f.values['migrationRateMbps'] ?? null]),
      },
    ],
  };
}
