import { ENGLISH_TEXT, textFor, type ChartText } from '../translate';
import {
  CONSOLIDATION_PLATFORMS,
  PLACEMENT_POLICIES,
  POLICY_LABELS,
  type ConsolidationPlatform,
  type PlacementPolicy,
  type PolicyResult,
} from '../../../../shared/topics/consolidation';
import type { TopicTable } from '../../../../shared/topics/types';
import type { ChartOption } from '../echarts';
import { CHART_TEXT } from '../platform-style';

export interface PolicyBar {
  policy: PlacementPolicy;
  platform: ConsolidationPlatform;
  hosts: number;
  energyKWh: number;
}

export function policyBarsFromResults(results: readonly PolicyResult[]): PolicyBar[] {
  return results.map((r) => ({
    policy: r.policy,
    platform: r.platform,
    hosts: r.hostsUsed,
    energyKWh: r.energyKWh,
  }));
}

/** The same numbers from a finished run's 'policies' summary table (what the run computed). */
export function policyBarsFromTable(table: TopicTable): PolicyBar[] {
  const col = (name: string) => table.columns.indexOf(name);
  const [policyCol, platformCol, hostsCol, energyCol] = [
    col('policy'),
    col('platform'),
    col('hosts'),
    col('energy (kWh)'),
  ];
  if ([policyCol, platformCol, hostsCol, energyCol].some((c) => c < 0)) return [];
  const bars: PolicyBar[] = [];
  for (const row of table.rows) {
    const policy = PLACEMENT_POLICIES.find((p) => POLICY_LABELS[p] === row[policyCol]);
    const platform = CONSOLIDATION_PLATFORMS.find((p) => p === row[platformCol]);
    if (!policy || !platform) continue;
    bars.push({ policy, platform, hosts: Number(row[hostsCol]), energyKWh: Number(row[energyCol]) });
  }
  return bars;
}

/** A placement policy's name in the interface language (the core's English otherwise). */
export const policyName = (text: ChartText, policy: PlacementPolicy) =>
  textFor(text, 'charts.consolidationPolicies')(`policies.${policy}`, POLICY_LABELS[policy]);

const PLATFORM_STYLE: Record<ConsolidationPlatform, { name: string; hosts: string; energy: string }> = {
  vm: { name: 'VMs', hosts: '#0072B2', energy: '#56B4E9' },
  container: { name: 'containers', hosts: '#D55E00', energy: '#F0B27A' },
};

/**
 * Grouped bars per placement policy: hosts powered on (left axis) and energy over the
 * horizon (right axis), for VMs and for containers, on the same items and demand.
 */
export function consolidationPoliciesOption(
  options: {
    bars: readonly PolicyBar[];
    horizonHours?: number;
    subtitle?: string;
  },
  text: ChartText = ENGLISH_TEXT,
): ChartOption {
  const tr = textFor(text, 'charts.consolidationPolicies');
  const { bars } = options;
  const platformName = (platform: ConsolidationPlatform) =>
    tr(`platforms.${platform}`, PLATFORM_STYLE[platform].name);
  const value = (policy: PlacementPolicy, platform: ConsolidationPlatform, key: 'hosts' | 'energyKWh') => {
    const bar = bars.find((b) => b.policy === policy && b.platform === platform);
    return bar ? Math.round(bar[key] * 1000) / 1000 : null;
  };
  const hours = options.horizonHours ?? 24;
  const series = CONSOLIDATION_PLATFORMS.flatMap((platform) => [
    {
      id: `hosts:${platform}`,
      name: tr('hostsOf', `Hosts, ${PLATFORM_STYLE[platform].name}`, { platform: platformName(platform) }),
      type: 'bar' as const,
      yAxisIndex: 0,
      color: PLATFORM_STYLE[platform].hosts,
      label: { show: bars.length > 0, position: 'top' as const, fontSize: 11 },
      data: bars.length > 0 ? PLACEMENT_POLICIES.map((p) => value(p, platform, 'hosts')) : [],
    },
  ]).concat(
    CONSOLIDATION_PLATFORMS.map((platform) => ({
      id: `energy:${platform}`,
      name: tr('energyOf', `Energy, ${PLATFORM_STYLE[platform].name} (kWh, right axis)`, {
        platform: platformName(platform),
      }),
      type: 'bar' as const,
      yAxisIndex: 1,
      color: PLATFORM_STYLE[platform].energy,
      label: {
        show: bars.length > 0,
        position: 'top' as const,
        fontSize: 11,
        formatter: (p: { value?: unknown }) => text.n(Number(Number(p.value).toFixed(1)), 1),
      },
      data: bars.length > 0 ? PLACEMENT_POLICIES.map((p) => value(p, platform, 'energyKWh')) : [],
    })),
  );
  return {
    animation: false,
    aria: { enabled: true },
    title: {
      text: tr('hostsAndEnergyPer', 'Hosts and energy per placement policy: VMs vs containers'),
      subtext: options.subtitle ?? '',
      left: 'center',
      textStyle: CHART_TEXT.title,
      subtextStyle: { fontSize: 12 },
    },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { bottom: 0, textStyle: { fontSize: 12 } },
    grid: { left: 64, right: 76, top: 76, bottom: 96 },
    xAxis: {
      type: 'category',
      data: PLACEMENT_POLICIES.map((p) => policyName(text, p).replace(/ \(.*\)$/, '')),
      name: tr('placementPolicy', 'Placement policy'),
      nameLocation: 'middle',
      nameGap: 30,
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: { ...CHART_TEXT.axisLabel, interval: 0 },
    },
    yAxis: [
      {
        type: 'value',
        name: tr('hostsPoweredOn', 'Hosts powered on'),
        nameLocation: 'middle',
        nameGap: 40,
        min: 0,
        minInterval: 1,
        nameTextStyle: CHART_TEXT.axisName,
        axisLabel: CHART_TEXT.axisLabel,
      },
      {
        type: 'value',
        name: tr('energyOver', `Energy over ${hours} h (kWh)`, { hours }),
        nameLocation: 'middle',
        nameGap: 50,
        min: 0,
        splitLine: { show: false },
        nameTextStyle: CHART_TEXT.axisName,
        axisLabel: CHART_TEXT.axisLabel,
      },
    ],
    series,
  };
}
