import type { OverheadBreakdown, RunSummary } from '../../../shared/sim/types';
import type { Translate } from './density-packing-option';
import type { ChartOption } from './echarts';
import { CHART_TEXT } from './platform-style';
import { platformNames } from './translate';

/** The four resources, in bar order, with a colour each (Okabe-Ito). */
export const OVERHEAD_RESOURCES = [
  { key: 'cpuPct', color: '#D55E00' },
  { key: 'memoryPct', color: '#CC79A7' },
  { key: 'ioPct', color: '#009E73' },
  { key: 'networkPct', color: '#0072B2' },
] as const satisfies ReadonlyArray<{ key: keyof OverheadBreakdown; color: string }>;

const round1 = (value: number) => Number(value.toFixed(1));

/**
 * Overhead per resource and platform, from the run summary: each bar is the share of that
 * resource's use that went to the platform rather than to the work (%). One bar group per
 * platform. The bars sit side by side rather than stacked: shares of different resources
 * do not add up to anything.
 */
export function overheadBreakdownOption(summary: RunSummary, t: Translate, locale = 'en'): ChartOption {
  const platforms = summary.platforms.map((p) => platformNames({ t }, p.platform).short);
  const number = (value: number) => value.toLocaleString(locale);
  return {
    animation: false,
    aria: { enabled: true },
    title: {
      text: t('overhead.breakdown.title'),
      subtext: t('overhead.breakdown.subtitle'),
      left: 'center',
      textStyle: CHART_TEXT.title,
    },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (value) => `${number(value as number)} %`,
    },
    legend: { bottom: 0, textStyle: { fontSize: 12 } },
    grid: { left: 64, right: 24, top: 76, bottom: 84 },
    xAxis: {
      type: 'category',
      data: platforms,
      name: t('overhead.breakdown.xAxis'),
      nameLocation: 'middle',
      nameGap: 30,
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: { ...CHART_TEXT.axisLabel, interval: 0 },
    },
    yAxis: {
      type: 'value',
      min: 0,
      name: t('overhead.breakdown.yAxis'),
      nameLocation: 'middle',
      nameGap: 44,
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: { ...CHART_TEXT.axisLabel, formatter: '{value} %' },
    },
    series: OVERHEAD_RESOURCES.map((resource) => ({
      id: resource.key,
      name: t(`overhead.resources.${resource.key}`),
      type: 'bar' as const,
      color: resource.color,
      barMaxWidth: 34,
      label: {
        show: true,
        position: 'top',
        fontSize: 11,
        formatter: (params: { value: unknown }) => number(params.value as number),
      },
      data: summary.platforms.map((p) => round1(p.overheadBreakdown[resource.key])),
    })),
  };
}
