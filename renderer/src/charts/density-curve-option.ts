import type { CompareScenario, PlatformId } from '../../../shared/scenario';
import { computeDensity } from '../../../shared/sim/compare-model';
import type { BindingResource } from '../../../shared/sim/types';
import type { Translate } from './density-packing-option';
import type { ChartOption } from './echarts';
import { CHART_TEXT, platformStyle } from './platform-style';
import { platformNames } from './translate';

/** Application memory sizes the curve samples (MiB): four per octave from 64 to 8,192, whole MiB. */
export const CURVE_SIZES_MIB: readonly number[] = Object.freeze(
  Array.from({ length: 29 }, (_, i) => Math.round(64 * 2 ** (i / 4))),
);

export interface DensityPoint {
  appMiB: number;
  instances: number;
  binding: BindingResource;
}

/**
 * Instances per host as the instance's application memory changes, per platform: the core's
 * computeDensity on copies of the scenario that differ only in workload.appMemoryMiB. The
 * scenario's own size is always one of the points, so its marker sits on the curve.
 */
export function densityCurve(
  scenario: CompareScenario,
  platforms: readonly PlatformId[],
  sizes: readonly number[] = CURVE_SIZES_MIB,
): Partial<Record<PlatformId, DensityPoint[]>> {
  const current = scenario.workload.appMemoryMiB;
  const all = [...new Set([...sizes, current])].sort((a, b) => a - b);
  const curves: Partial<Record<PlatformId, DensityPoint[]>> = {};
  for (const platform of platforms) {
    curves[platform] = all.map((appMiB) => {
      const copy: CompareScenario = { ...scenario, workload: { ...scenario.workload, appMemoryMiB: appMiB } };
      const density = computeDensity(copy, platform);
      return { appMiB, instances: density.instances, binding: density.binding };
    });
  }
  return curves;
}

/** Point symbols say which resource binds without relying on colour. */
const BINDING_SYMBOL: Record<BindingResource, string> = { memory: 'circle', cpu: 'triangle' };

export function densityCurveOption(input: {
  scenario: CompareScenario;
  platforms: readonly PlatformId[];
  curves: Partial<Record<PlatformId, DensityPoint[]>>;
  t: Translate;
  locale: string;
}): ChartOption {
  const { t, platforms, curves } = input;
  const current = input.scenario.workload.appMemoryMiB;
  const bindingName = (b: BindingResource) => t(`density.binding.${b}`);
  /** Axis numbers in the interface language (1 000 in Russian, 1,000 in English). */
  const number = (value: number) => value.toLocaleString(input.locale);
  const legendRows = Math.ceil(platforms.length / 3);
  return {
    animation: false,
    aria: { enabled: true },
    title: {
      text: t('density.curve.title'),
      subtext: t('density.curve.subtitle'),
      left: 'center',
      textStyle: CHART_TEXT.title,
    },
    tooltip: {
      trigger: 'item',
      formatter: (params) => {
        const item = params as unknown as { seriesName: string; value: [number, number, BindingResource] };
        const [appMiB, instances, binding] = item.value;
        return t('density.curve.tooltip', {
          platform: item.seriesName,
          app: appMiB.toLocaleString(input.locale),
          count: instances.toLocaleString(input.locale),
          binding: bindingName(binding),
        });
      },
    },
    legend: { bottom: 0, textStyle: { fontSize: 12 } },
    grid: { left: 70, right: 30, top: 76, bottom: 62 + 22 * legendRows },
    xAxis: {
      type: 'log',
      logBase: 2,
      min: Math.min(64, current),
      max: Math.max(8192, current),
      name: t('density.curve.xAxis'),
      nameLocation: 'middle',
      nameGap: 30,
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: { ...CHART_TEXT.axisLabel, formatter: number },
    },
    yAxis: {
      type: 'log',
      min: 1,
      name: t('density.curve.yAxis'),
      nameLocation: 'middle',
      nameGap: 48,
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: { ...CHART_TEXT.axisLabel, formatter: number },
    },
    series: platforms.map((platform) => {
      const style = platformStyle(platform);
      const points = curves[platform] ?? [];
      const here = points.find((p) => p.appMiB === current);
      return {
        id: platform,
        name: platformNames({ t }, platform).short,
        type: 'line' as const,
        color: style.color,
        lineStyle: { width: 2.5, type: style.dash },
        symbolSize: 7,
        // A host that fits none cannot sit on a log axis; such sizes are left out of the line.
        data: points
          .filter((p) => p.instances > 0)
          .map((p) => ({ value: [p.appMiB, p.instances, p.binding], symbol: BINDING_SYMBOL[p.binding] })),
        markPoint: here
          ? {
              symbol: 'pin',
              symbolSize: 36,
              label: { fontSize: 11, formatter: String(here.instances) },
              data: [{ name: t('density.curve.current'), coord: [current, Math.max(1, here.instances)] }],
            }
          : undefined,
        markLine:
          platform === platforms[0]
            ? {
                silent: true,
                symbol: 'none',
                lineStyle: { type: 'dashed', color: '#888' },
                label: { formatter: t('density.curve.currentLine', { app: current }), fontSize: 11 },
                data: [{ xAxis: current }],
              }
            : undefined,
      };
    }),
  };
}
