import type { PlatformId } from '../../../shared/scenario';
import type { DensityResult } from '../../../shared/sim/types';
import type { SamplesByPlatform } from '../../../shared/metrics';
import { forDisplay } from '../../../shared/downsample';
import type { ChartOption } from './echarts';
import { CHART_TEXT, platformStyle } from './platform-style';
import { ENGLISH_TEXT, platformNames, textFor, type ChartText } from './translate';

/** English for the messages this builder uses, for callers without an interface language. */
const ENGLISH: Record<string, string> = {
  'charts.density.fits': ' — fits {count} ({binding})',
  'charts.density.subtitle': 'lines: instances running (ready + starting) · legend: how many fit on the host',
  'charts.density.title': 'Density: instances on one host',
  'charts.density.tooltip': '{count} instances',
  'charts.density.xAxis': 'Simulated time (s)',
  'charts.density.yAxis': 'Instances',
  'charts.binding.memory': 'memory',
  'charts.binding.cpu': 'cpu',
};
const fill = (text: string, params?: Record<string, unknown>) =>
  text.replace(/\{(\w+)\}/g, (_, name: string) => String(params?.[name] ?? ''));

/**
 * Density chart: instances running on the host over simulated time, one line per platform,
 * with how many would fit on the host (and the resource that binds) in the legend.
 */
export function densityOption(
  platforms: readonly PlatformId[],
  samples: SamplesByPlatform,
  density: Partial<Record<PlatformId, DensityResult>>,
  horizonS: number,
  text: ChartText = ENGLISH_TEXT,
): ChartOption {
  const { n } = text;
  // The interface language when given, else the English in the message files' words.
  const t = (key: string, params?: Record<string, unknown>) => {
    const english = ENGLISH[key] ?? key;
    return textFor(text, 'charts')(key.replace(/^charts\./, ''), fill(english, params), params);
  };
  // The legend wraps about three entries a row; leave room for every row under the axis name.
  const legendRows = Math.ceil(platforms.length / 3);
  return {
    animation: false,
    aria: { enabled: true },
    title: {
      text: t('charts.density.title'),
      subtext: t('charts.density.subtitle'),
      left: 'center',
      textStyle: CHART_TEXT.title,
    },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (value) => t('charts.density.tooltip', { count: n(value as number) }),
    },
    legend: { bottom: 0, textStyle: { fontSize: 12 } },
    grid: { left: 64, right: 28, top: 76, bottom: 62 + 22 * legendRows },
    xAxis: {
      type: 'value',
      name: t('charts.density.xAxis'),
      nameLocation: 'middle',
      nameGap: 30,
      min: 0,
      max: horizonS,
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: CHART_TEXT.axisLabel,
    },
    yAxis: {
      type: 'value',
      name: t('charts.density.yAxis'),
      nameLocation: 'middle',
      nameGap: 44,
      minInterval: 1,
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: CHART_TEXT.axisLabel,
    },
    series: platforms.map((platform) => {
      const style = platformStyle(platform);
      const fit = density[platform];
      const fitText = fit
        ? t('charts.density.fits', { count: n(fit.instances), binding: t(`charts.binding.${fit.binding}`) })
        : '';
      return {
        id: platform,
        name: `${platformNames(text, platform).short}${fitText}`,
        type: 'line',
        showSymbol: false,
        step: 'end',
        color: style.color === '#000000' ? text.ink : style.color,
        lineStyle: { width: 2.5, type: style.dash },
        // Long series are drawn as their LTTB downsampling (over 2,000 points -> 1,000).
        data: forDisplay(
          (samples[platform] ?? []).map(
            (s) => [s.t, s.instancesReady + s.instancesStarting] as [number, number],
          ),
        ),
      };
    }),
  };
}
