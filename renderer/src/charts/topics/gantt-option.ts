import type { TopicEvent } from '../../../../shared/topics/types';
import type { ChartOption } from '../echarts';
import { SERIES_COLORS } from '../frames-option';
import { CHART_TEXT } from '../platform-style';

/**
 * A Gantt chart drawn with stacked-free bar pieces: each interval event becomes a bar from
 * `start` to `end` on its lane. Lanes and colours come from callbacks so one builder serves
 * CPU slices (lane = core), migration rounds (lane = method) and tenant outages (lane = tenant).
 */
export function ganttOption(options: {
  title: string;
  subtitle?: string;
  events: readonly TopicEvent[];
  lane: (event: TopicEvent) => string | null;
  lanes?: readonly string[];
  colorKey: (event: TopicEvent) => string;
  /** Colours for particular keys (e.g. grey for context switches); the rest take the palette. */
  fixedColors?: Record<string, string>;
  xName: string;
  /** Multiplies event times for display (e.g. 1000 to show seconds as ms). */
  scale?: number;
  xMax?: number;
}): ChartOption {
  const scale = options.scale ?? 1;
  const laneNames = options.lanes ? [...options.lanes] : [];
  const keys: string[] = [];
  const byKey = new Map<string, Array<[number, number, number]>>();
  for (const event of options.events) {
    if (event.end === undefined) continue;
    const lane = options.lane(event);
    if (lane === null) continue;
    let index = laneNames.indexOf(lane);
    if (index < 0) index = laneNames.push(lane) - 1;
    const key = options.colorKey(event);
    if (!byKey.has(key)) {
      keys.push(key);
      byKey.set(key, []);
    }
    byKey.get(key)!.push([event.start * scale, event.end * scale, index]);
  }
  // Each interval is a bar on the lane from start to end: a transparent base plus a visible length.
  return {
    animation: false,
    aria: { enabled: true },
    title: {
      text: options.title,
      subtext: options.subtitle ?? '',
      left: 'center',
      textStyle: CHART_TEXT.title,
    },
    tooltip: { trigger: 'item' },
    legend: { bottom: 0, type: 'scroll', textStyle: { fontSize: 12 } },
    grid: { left: 96, right: 28, top: 76, bottom: 84 },
    xAxis: {
      type: 'value',
      name: options.xName,
      nameLocation: 'middle',
      nameGap: 30,
      min: 0,
      ...(options.xMax !== undefined ? { max: options.xMax * scale } : {}),
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: CHART_TEXT.axisLabel,
    },
    yAxis: { type: 'category', data: laneNames, inverse: true, axisLabel: CHART_TEXT.axisLabel },
    series: keys.map((key, i) => ({
      name: key,
      type: 'line',
      color: options.fixedColors?.[key] ?? SERIES_COLORS[i % SERIES_COLORS.length],
      lineStyle: { width: 14, cap: 'butt' as const },
      symbol: 'none',
      connectNulls: false,
      tooltip: {
        valueFormatter: (value: unknown) => `${Number(value).toLocaleString('en')}`,
      },
      // A null between segments breaks the line, so each interval is drawn on its own.
      data: byKey.get(key)!.flatMap(([start, end, lane]) => [
        [start, laneNames[lane]],
        [end, laneNames[lane]],
        [null, null],
      ]),
    })),
  };
}
