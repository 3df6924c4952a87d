import { ENGLISH_TEXT, textFor, type ChartText } from '../translate';
import type { MigrationMethod, MigrationSweep } from '../../../../shared/topics/migration';
import type { ChartOption } from '../echarts';
import { CHART_TEXT } from '../platform-style';

export const METHOD_COLORS: Record<MigrationMethod, string> = {
  'stop-and-copy': '#D55E00',
  'pre-copy': '#0072B2',
  'post-copy': '#009E73',
};

/** Link bandwidth in pages per second: the dirty rate at which pre-copy can no longer keep up. */
export function linkPagesPerS(bandwidthGbps: number, pageKiB: number): number {
  return (bandwidthGbps * 1e9) / 8 / (pageKiB * 1024);
}

/**
 * Dirty rates to sweep: geometric from 1/1000 of the link's page rate to 4 times it (where
 * every method has shown its behaviour), rounded to 3 significant digits.
 */
export function sweepDirtyRates(bandwidthGbps: number, pageKiB: number, current = 0, points = 41): number[] {
  const link = linkPagesPerS(bandwidthGbps, pageKiB);
  // Widened to keep the scenario's own dirty rate inside the chart.
  const lo = Math.log10(current > 0 ? Math.min(link / 1000, current / 2) : link / 1000);
  const hi = Math.log10(Math.max(link * 4, current * 2));
  const values: number[] = [];
  for (let i = 0; i < points; i++) {
    const v = 10 ** (lo + ((hi - lo) * i) / (points - 1));
    values.push(Number(v.toPrecision(3)));
  }
  return [...new Set(values)];
}

/**
 * Downtime (ms, log scale, solid lines) and total migration time (s, dashed lines) of all
 * three methods as the guest's page dirty rate grows, with the scenario's own dirty rate and
 * the link's page rate marked.
 */
export function migrationSweepOption(
  options: {
    sweep: MigrationSweep | null;
    methods: ReadonlyArray<{ method: MigrationMethod; name: string }>;
    current?: number;
    linkRate?: number;
  },
  text: ChartText = ENGLISH_TEXT,
): ChartOption {
  const tr = textFor(text, 'charts.migrationSweep');
  const points = options.sweep?.points ?? [];
  // Labels at opposite ends of their lines, so they never collide when the two rates are close.
  const marks: Array<{
    xAxis: number;
    name: string;
    label: { position: 'insideEndTop' | 'insideStartTop' };
  }> = [];
  if (options.current !== undefined && options.current > 0)
    marks.push({
      xAxis: options.current,
      name: tr('thisScenario', 'this scenario'),
      label: { position: 'insideEndTop' },
    });
  if (options.linkRate !== undefined)
    marks.push({
      xAxis: options.linkRate,
      name: tr('linkBandwidth', 'link bandwidth'),
      label: { position: 'insideStartTop' },
    });
  const downtime = options.methods.map(({ method, name }, i) => ({
    id: `downtime:${method}`,
    name: tr('downtimeOf', `${name}: downtime`, { method: name }),
    type: 'line' as const,
    yAxisIndex: 0,
    color: METHOD_COLORS[method],
    lineStyle: { width: 2.5 },
    showSymbol: false,
    data: points.map((p) => {
      const ms = p.results[method].downtimeMs;
      return [p.value, ms > 0 ? ms : null];
    }),
    ...(i === 0 && marks.length > 0
      ? {
          markLine: {
            silent: true,
            symbol: 'none',
            lineStyle: { color: text.ink, type: 'dotted' as const, width: 1.5 },
            label: { formatter: '{b}', fontSize: 12 },
            data: marks,
          },
        }
      : {}),
  }));
  const total = options.methods.map(({ method, name }) => ({
    id: `total:${method}`,
    name: tr('totalTimeOf', `${name}: total time`, { method: name }),
    type: 'line' as const,
    yAxisIndex: 1,
    color: METHOD_COLORS[method],
    lineStyle: { width: 2, type: 'dashed' as const },
    showSymbol: false,
    data: points.map((p) => [p.value, p.results[method].totalTimeS]),
  }));
  return {
    animation: false,
    aria: { enabled: true },
    title: {
      text: tr('downtimeAndTotalTime', 'Downtime and total time vs page dirty rate'),
      subtext:
        points.length > 0
          ? tr('solidDashed', 'solid: downtime (left, log scale) · dashed: total migration time (right)')
          : '',
      left: 'center',
      textStyle: CHART_TEXT.title,
      subtextStyle: { fontSize: 12 },
    },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (value) =>
        value === null || value === undefined
          ? '—'
          : Number(Number(value).toPrecision(4)).toLocaleString('en'),
    },
    legend: { bottom: 0, textStyle: { fontSize: 12 } },
    grid: { left: 84, right: 76, top: 76, bottom: 108 },
    xAxis: {
      type: 'log',
      name: tr('pageDirtyRatePages', 'Page dirty rate (pages/s, log scale)'),
      nameLocation: 'middle',
      nameGap: 30,
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: {
        ...CHART_TEXT.axisLabel,
        showMinLabel: false,
        showMaxLabel: false,
        formatter: (v: number) => text.n(Number(v)),
      },
      ...(points.length > 0 ? { min: points[0]!.value, max: points.at(-1)!.value } : {}),
    },
    yAxis: [
      {
        type: 'log',
        name: tr('downtimeMsLogScale', 'Downtime (ms, log scale)'),
        nameLocation: 'middle',
        nameGap: 62,
        nameTextStyle: CHART_TEXT.axisName,
        axisLabel: { ...CHART_TEXT.axisLabel, formatter: (v: number) => text.n(Number(v)) },
      },
      {
        type: 'value',
        name: tr('totalMigrationTimeS', 'Total migration time (s)'),
        nameLocation: 'middle',
        nameGap: 50,
        min: 0,
        splitLine: { show: false },
        nameTextStyle: CHART_TEXT.axisName,
        axisLabel: CHART_TEXT.axisLabel,
      },
    ],
    series: [...downtime, ...total],
  };
}
