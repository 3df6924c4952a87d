import { ENGLISH_TEXT, textFor, type ChartText } from '../translate';
import type { TopicTable } from '../../../../shared/topics/types';
import type { ChartOption } from '../echarts';
import { CHART_TEXT } from '../platform-style';

export interface PowerSample {
  hour: number;
  hostsOn: number;
  watts: number;
  utilisationPct: number;
}

/** The day of the animated policy and platform, from the summary's 'trace' table. */
export function powerSamples(table: TopicTable | undefined): PowerSample[] {
  if (!table) return [];
  const col = (name: string) => table.columns.indexOf(name);
  const [hour, hosts, watts, util] = [
    col('hour'),
    col('hosts on'),
    col('power (W)'),
    col('mean utilisation (%)'),
  ];
  if ([hour, hosts, watts, util].some((c) => c < 0)) return [];
  return table.rows.map((row) => ({
    hour: Number(row[hour]),
    hostsOn: Number(row[hosts]),
    watts: Number(row[watts]),
    utilisationPct: Number(row[util]),
  }));
}

/** Rounds up to a multiple of half a power of ten, so the top tick is a round number. */
function roundUp(x: number): number {
  if (!(x > 0)) return 1;
  const unit = 10 ** Math.floor(Math.log10(x)) / 2;
  return Math.ceil(x / unit) * unit;
}

/** Each sample holds until the next; a last point closes the final interval. */
function held(samples: readonly PowerSample[], step: number, pick: (s: PowerSample) => number): number[][] {
  const points = samples.map((s) => [s.hour, pick(s)]);
  const last = samples.at(-1);
  if (last && step > 0) points.push([last.hour + step, pick(last)]);
  return points;
}

/**
 * Power drawn by the powered-on hosts over the day (Fan et al.'s linear model), between the
 * floor of those hosts idling and the ceiling of them all at full load, with the mean CPU
 * utilisation on the right axis: the idle floor is why consolidating saves energy.
 */
export function consolidationPowerOption(
  options: {
    samples: readonly PowerSample[];
    idleWatts?: number;
    peakWatts?: number;
    subtitle?: string;
  },
  text: ChartText = ENGLISH_TEXT,
): ChartOption {
  const tr = textFor(text, 'charts.consolidationPower');
  const { samples } = options;
  const hostsOn = samples.reduce((n, s) => Math.max(n, s.hostsOn), 0);
  const marks: Array<{ yAxis: number; name: string }> = [];
  if (samples.length > 0 && options.idleWatts !== undefined)
    marks.push({
      yAxis: hostsOn * options.idleWatts,
      name: tr('hostsIdle', `${hostsOn} hosts idle`, { count: hostsOn }),
    });
  if (samples.length > 0 && options.peakWatts !== undefined)
    marks.push({
      yAxis: hostsOn * options.peakWatts,
      name: tr('hostsAtFullLoad', `${hostsOn} hosts at full load`, { count: hostsOn }),
    });
  const ceiling = samples.length > 0 && options.peakWatts !== undefined ? hostsOn * options.peakWatts : null;
  const lastHour = samples.at(-1)?.hour;
  const step = samples.length > 1 ? samples[1]!.hour - samples[0]!.hour : 0;
  return {
    animation: false,
    aria: { enabled: true },
    title: {
      text: tr('powerOverTheDay', 'Power over the day'),
      subtext: options.subtitle ?? '',
      left: 'center',
      textStyle: CHART_TEXT.title,
      subtextStyle: { fontSize: 12 },
    },
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, textStyle: { fontSize: 12 } },
    grid: { left: 72, right: 64, top: 76, bottom: 84 },
    xAxis: {
      type: 'value',
      min: 0,
      ...(lastHour !== undefined ? { max: Math.ceil(lastHour + step) } : {}),
      name: tr('hourOfTheDay', 'Hour of the day (h)'),
      nameLocation: 'middle',
      nameGap: 30,
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: CHART_TEXT.axisLabel,
    },
    yAxis: [
      {
        type: 'value',
        name: tr('powerW', 'Power (W)'),
        nameLocation: 'middle',
        nameGap: 52,
        min: 0,
        ...(ceiling !== null
          ? { max: (extent: { max: number }) => roundUp(Math.max(extent.max, ceiling) * 1.05) }
          : {}),
        nameTextStyle: CHART_TEXT.axisName,
        axisLabel: { ...CHART_TEXT.axisLabel, formatter: (v: number) => text.n(Number(v)) },
      },
      {
        type: 'value',
        name: tr('meanCpuUtilisation', 'Mean CPU utilisation (%)'),
        nameLocation: 'middle',
        nameGap: 40,
        min: 0,
        max: 100,
        splitLine: { show: false },
        nameTextStyle: CHART_TEXT.axisName,
        axisLabel: CHART_TEXT.axisLabel,
      },
    ],
    series: [
      {
        id: 'power',
        name: tr('powerOfThePowered', 'Power of the powered-on hosts (W)'),
        type: 'line',
        step: 'end',
        color: '#D55E00',
        lineStyle: { width: 2.5 },
        areaStyle: { opacity: 0.12 },
        showSymbol: false,
        data: held(samples, step, (s) => s.watts),
        ...(marks.length > 0
          ? {
              markLine: {
                silent: true,
                symbol: 'none',
                lineStyle: { color: text.ink, type: 'dashed' as const, width: 1.5 },
                label: { formatter: '{b}', position: 'insideStartTop' as const, fontSize: 12 },
                data: marks,
              },
            }
          : {}),
      },
      {
        id: 'utilisation',
        name: tr('meanCpuUtilisationRight', 'Mean CPU utilisation (%, right axis)'),
        type: 'line',
        step: 'end',
        yAxisIndex: 1,
        color: '#0072B2',
        lineStyle: { width: 1.5, type: 'dashed' },
        showSymbol: false,
        data: held(samples, step, (s) => s.utilisationPct),
      },
    ],
  };
}
