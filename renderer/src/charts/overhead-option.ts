import type { PlatformId } from '../../../shared/scenario';
import { overheadTotals, type SamplesByPlatform } from '../../../shared/metrics';
import type { ChartOption } from './echarts';
import { CHART_TEXT, OVERHEAD_COLOR, USEFUL_COLOR } from './platform-style';
import { ENGLISH_TEXT, platformNames, textFor, type ChartText } from './translate';

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/** English for the messages this builder uses, for callers without an interface language. */
const ENGLISH: Record<string, string> = {
  'charts.overhead.cpuAxis': 'CPU (cores)',
  'charts.overhead.memoryAxis': 'Memory (GiB)',
  'charts.overhead.overhead': 'Platform overhead',
  'charts.overhead.subtitle': 'time-averaged over the run so far · bar ends: overhead share of the total',
  'charts.overhead.title': 'Overhead: what the platform takes from the workload',
  'charts.overhead.workload': 'Used by the workload',
  'charts.units.GiB': 'GiB',
  'charts.units.cores': 'cores',
};
const fill = (text: string, params?: Record<string, unknown>) =>
  text.replace(/\{(\w+)\}/g, (_, name: string) => String(params?.[name] ?? ''));

/**
 * Overhead chart: for each platform, what the workload used and what the platform took on
 * top, for CPU (cores) and memory (GiB), time-averaged over the run so far. The end of each
 * bar says the overhead as a share of the total, the figure a lecture slide needs.
 */
export function overheadOption(
  platforms: readonly PlatformId[],
  samples: SamplesByPlatform,
  text: ChartText = ENGLISH_TEXT,
): ChartOption {
  const { n } = text;
  // The interface language when given, else the English in the message files' words.
  const t = (key: string, params?: Record<string, unknown>) => {
    const english = ENGLISH[key] ?? key;
    return textFor(text, 'charts')(key.replace(/^charts\./, ''), fill(english, params), params);
  };
  const WORKLOAD = t('charts.overhead.workload');
  const OVERHEAD = t('charts.overhead.overhead');
  const labels = platforms.map((p) => platformNames(text, p).short);
  const totals = platforms.map((p) => overheadTotals(samples[p] ?? []));
  const cpu = {
    useful: totals.map((t) => round(t.cpuUsefulCores, 2)),
    overhead: totals.map((t) => round(t.cpuOverheadCores, 2)),
  };
  const memory = {
    useful: totals.map((t) => round(t.memoryAppGiB, 2)),
    overhead: totals.map((t) => round(t.memoryOverheadGiB, 2)),
  };

  const valueAxis = (gridIndex: number, name: string) => ({
    type: 'value' as const,
    gridIndex,
    name,
    splitNumber: 3,
    nameLocation: 'middle' as const,
    nameGap: 30,
    nameTextStyle: CHART_TEXT.axisName,
    axisLabel: CHART_TEXT.axisLabel,
  });
  const categoryAxis = (gridIndex: number) => ({
    type: 'category' as const,
    gridIndex,
    data: labels,
    inverse: true,
    axisLabel: { ...CHART_TEXT.axisLabel, show: gridIndex === 0, width: 120, overflow: 'break' as const },
  });
  const shareLabel = (pair: { useful: number[]; overhead: number[] }) => ({
    show: true,
    position: 'right' as const,
    fontSize: 12,
    formatter: ({ dataIndex }: { dataIndex: number }) => {
      const total = (pair.useful[dataIndex] ?? 0) + (pair.overhead[dataIndex] ?? 0);
      return total > 0 ? `${n(((pair.overhead[dataIndex] ?? 0) / total) * 100, 1)} %` : '';
    },
  });
  const bars = (
    name: string,
    gridIndex: number,
    color: string,
    values: number[],
    unit: string,
    label?: object,
  ) => ({
    name,
    type: 'bar' as const,
    stack: `stack-${gridIndex}`,
    xAxisIndex: gridIndex,
    yAxisIndex: gridIndex,
    color,
    barMaxWidth: 34,
    ...(label ? { label } : {}),
    tooltip: { valueFormatter: (value: unknown) => `${n(value as number, 2)} ${unit}` },
    data: values,
  });

  return {
    animation: false,
    aria: { enabled: true },
    title: {
      text: t('charts.overhead.title'),
      subtext: t('charts.overhead.subtitle'),
      left: 'center',
      textStyle: CHART_TEXT.title,
    },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { bottom: 0, data: [WORKLOAD, OVERHEAD], textStyle: { fontSize: 12 } },
    grid: [
      { left: 136, right: '53%', top: 76, bottom: 76 },
      { left: '56%', right: 56, top: 76, bottom: 76 },
    ],
    xAxis: [valueAxis(0, t('charts.overhead.cpuAxis')), valueAxis(1, t('charts.overhead.memoryAxis'))],
    yAxis: [categoryAxis(0), categoryAxis(1)],
    series: [
      bars(WORKLOAD, 0, USEFUL_COLOR, cpu.useful, t('charts.units.cores')),
      bars(OVERHEAD, 0, OVERHEAD_COLOR, cpu.overhead, t('charts.units.cores'), shareLabel(cpu)),
      bars(WORKLOAD, 1, USEFUL_COLOR, memory.useful, t('charts.units.GiB')),
      bars(OVERHEAD, 1, OVERHEAD_COLOR, memory.overhead, t('charts.units.GiB'), shareLabel(memory)),
    ],
  };
}
