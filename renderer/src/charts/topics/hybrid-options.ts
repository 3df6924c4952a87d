import { ENGLISH_TEXT, textFor, type ChartText } from '../translate';
import {
  BURST_LABELS,
  BURST_OPTIONS,
  type BreakEvenResult,
  type BurstOption,
} from '../../../../shared/topics/hybrid-cloud';
import type { TopicFrame } from '../../../../shared/topics/types';
import type { ChartOption } from '../echarts';
import { framesOption } from '../frames-option';
import { CHART_TEXT } from '../platform-style';

/** One colour per bursting option, the same in every hybrid-cloud chart. */
export const BURST_COLORS: Record<BurstOption, string> = {
  none: '#7f7f7f',
  vm: '#0072B2',
  container: '#009E73',
  serverless: '#E69F00',
};

const SHORT: Record<BurstOption, string> = {
  none: 'no bursting',
  vm: 'VMs',
  container: 'containers',
  serverless: 'functions',
};

/**
 * Bursting to VMs and to containers often costs the same: the VM line is drawn wide and pale
 * underneath the container line, so both stay visible.
 */
export function lineOf(option: BurstOption): { width: number; opacity?: number; type?: 'dashed' } {
  if (option === 'vm') return { width: 7, opacity: 0.45 };
  if (option === 'none') return { width: 2.5, type: 'dashed' };
  return { width: 2.5 };
}

/** framesOption draws every line alike; give the VM line its underlay look. */
function withOptionLines(option: ChartOption, options: readonly BurstOption[]): ChartOption {
  const series = (option.series as Array<Record<string, unknown>>).map((s, i) => ({
    ...s,
    lineStyle: lineOf(options[i]!),
  }));
  return { ...option, series } as ChartOption;
}

/** A bursting option's name in the interface language, the core's English otherwise. */
const burst = (tr: (key: string, english: string) => string, option: BurstOption) =>
  tr(`burst.${option}`, BURST_LABELS[option]);

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const usd = (v: number) =>
  `$${v.toLocaleString('en', { minimumFractionDigits: v < 100 ? 2 : 0, maximumFractionDigits: v < 100 ? 2 : 0 })}`;

/** Frames with t in hours, for charts of a day. */
export function inHours(frames: readonly TopicFrame[]): TopicFrame[] {
  return frames.map((f) => ({ t: Math.round((f.t / 3600) * 1e6) / 1e6, values: f.values }));
}

/**
 * The break-even chart: total cost of the run against the private cluster size, one curve per
 * option, each option's cheapest size marked with a diamond, where per-instance bursting
 * (VMs, containers) crosses per-request bursting (functions) with a ring, and the scenario's
 * own size with a vertical line.
 */
export function breakEvenOption(
  be: BreakEvenResult | null,
  currentHosts?: number,
  text: ChartText = ENGLISH_TEXT,
): ChartOption {
  const tr = textFor(text, 'charts.hybridOptions');
  const hosts = be?.hosts ?? [];
  const curves = (be?.curves ?? []).map((c) => ({
    id: `total.${c.option}`,
    name:
      c.option === 'none'
        ? tr('privateOnly', `${BURST_LABELS.none}: private only`, { option: burst(tr, 'none') })
        : burst(tr, c.option),
    type: 'line' as const,
    color: BURST_COLORS[c.option],
    showSymbol: false,
    lineStyle: lineOf(c.option),
    data: hosts.map((h, i) => [h, Math.round(c.totalUsd[i]! * 100) / 100]),
    ...(c.option === 'vm' && currentHosts !== undefined
      ? {
          markLine: {
            symbol: 'none',
            silent: true,
            lineStyle: { color: text.ink, type: 'dotted' as const, width: 1.5 },
            label: { show: true, position: 'end' as const, fontSize: 11, formatter: '{b}' },
            data: [
              {
                name: tr('thisScenario', `this scenario: ${plural(currentHosts, 'host')}`, {
                  count: currentHosts,
                }),
                xAxis: currentHosts,
              },
            ],
          },
        }
      : {}),
  }));
  // VMs and containers often cost the same: one diamond label names every option at that size.
  const best = be?.cheapest ?? [];
  const top = Math.max(1, hosts[hosts.length - 1] ?? 1);
  const cheapest = {
    id: 'cheapest',
    name: tr('cheapestSizeBreakEven', 'Cheapest size (break-even)'),
    type: 'line' as const,
    color: text.ink,
    symbol: 'diamond',
    symbolSize: 15,
    lineStyle: { width: 0, opacity: 0 },
    z: 5,
    data: best.map((c, i) => ({
      value: [c.hosts, Math.round(c.totalUsd * 100) / 100],
      itemStyle: { color: BURST_COLORS[c.option], borderColor: text.ink, borderWidth: 1.5 },
      label: {
        show: best.findIndex((o) => o.hosts === c.hosts) === i,
        // Keep labels of points at either end of the axis inside the chart.
        position:
          c.hosts < 0.15 * top
            ? ('right' as const)
            : c.hosts > 0.85 * top
              ? ('left' as const)
              : ('bottom' as const),
        fontSize: 11,
        formatter: tr(
          'cheapestAt',
          `${plural(c.hosts, 'host')}: ${best
            .filter((o) => o.hosts === c.hosts)
            .map((o) => `${SHORT[o.option]} ${usd(o.totalUsd)}`)
            .join(' · ')}`,
          {
            count: c.hosts,
            options: best
              .filter((o) => o.hosts === c.hosts)
              .map((o) => `${tr(`short.${o.option}`, SHORT[o.option])} ${usd(o.totalUsd)}`)
              .join(' · '),
          },
        ),
      },
    })),
  };
  const crossings = {
    id: 'crossings',
    name: tr('crossingInstancesFunctions', 'Crossing: instances = functions'),
    type: 'line' as const,
    color: '#CC79A7',
    symbol: 'circle',
    symbolSize: 12,
    lineStyle: { width: 0, opacity: 0 },
    z: 4,
    data: (be?.crossings ?? []).map((c) => ({
      value: [Math.round(c.hosts * 100) / 100, Math.round(c.totalUsd * 100) / 100],
      itemStyle: { color: '#ffffff', borderColor: '#CC79A7', borderWidth: 3 },
    })),
  };
  return {
    animation: false,
    aria: { enabled: true },
    title: {
      text: tr('ownOrRentTotal', 'Own or rent? Total cost against private capacity'),
      subtext: tr(
        'oneDayOfExpected',
        'one day of expected demand; diamonds: cheapest size per option · rings: where VMs or containers cost the same as functions',
      ),
      left: 'center',
      textStyle: CHART_TEXT.title,
    },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v) => (v === null || v === undefined ? '—' : usd(Number(v))),
    },
    legend: { bottom: 0, textStyle: { fontSize: 12 } },
    grid: { left: 80, right: 32, top: 84, bottom: 84 },
    xAxis: {
      type: 'value',
      name: tr('privateCapacityHosts', 'Private capacity (hosts)'),
      nameLocation: 'middle',
      nameGap: 30,
      min: 0,
      ...(hosts.length > 0 ? { max: hosts[hosts.length - 1] } : {}),
      minInterval: 1,
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: CHART_TEXT.axisLabel,
    },
    yAxis: {
      type: 'value',
      name: tr('totalCostOfThe', 'Total cost of the run (USD)'),
      nameLocation: 'middle',
      nameGap: 58,
      min: 0,
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: CHART_TEXT.axisLabel,
    },
    series: [...curves, cheapest, crossings],
  };
}

/** Demand, what the private cluster can serve, and what bursts (or is rejected), over the day. */
export function demandOption(
  options: {
    frames: readonly TopicFrame[];
    option: BurstOption;
    privateServiceS: number;
    intervalS: number;
    hours?: number;
  },
  text: ChartText = ENGLISH_TEXT,
): ChartOption {
  const tr = textFor(text, 'charts.hybridOptions');
  const { option } = options;
  const frames = inHours(options.frames).map((f) => ({
    t: f.t,
    values: {
      'demand.rps': f.values['demand.rps'] ?? null,
      'private.capacityRps':
        f.values['private.servers'] === null || f.values['private.servers'] === undefined
          ? null
          : Math.round((f.values['private.servers'] / options.privateServiceS) * 100) / 100,
      'burst.rps':
        option === 'none'
          ? Math.round(((f.values['none.rejected'] ?? 0) / options.intervalS) * 100) / 100
          : (f.values[`${option}.burstRps`] ?? null),
    },
  }));
  return framesOption({
    formatNumber: (value: number) => text.n(value),
    title: tr('demandPrivateCapacityAnd', 'Demand, private capacity and bursting'),
    subtitle:
      option === 'none'
        ? tr('noBursting', 'no bursting: what the cluster cannot serve waits or is rejected')
        : tr(
            'burstsTo',
            `what the private cluster cannot take goes to the public cloud (${BURST_LABELS[option]})`,
            {
              option: burst(tr, option),
            },
          ),
    frames,
    series: [
      { key: 'demand.rps', name: tr('demand', 'Demand'), color: text.ink },
      {
        key: 'private.capacityRps',
        name: tr('privateCapacity', 'Private capacity'),
        step: true,
        color: '#56B4E9',
      },
      option === 'none'
        ? { key: 'burst.rps', name: tr('rejected', 'Rejected'), area: true, color: '#D55E00' }
        : {
            key: 'burst.rps',
            name: burst(tr, option),
            area: true,
            color: BURST_COLORS[option],
          },
    ],
    xName: tr('timeH', 'Time (h)'),
    ...(options.hours !== undefined ? { xMax: options.hours } : {}),
    yName: tr('requestsPerSecond', 'Requests per second'),
    unit: tr('reqS', 'req/s'),
  });
}

/** Burst instances running per option (steps). */
export function burstInstancesOption(
  frames: readonly TopicFrame[],
  hours?: number,
  text: ChartText = ENGLISH_TEXT,
): ChartOption {
  const tr = textFor(text, 'charts.hybridOptions');
  const option = framesOption({
    title: tr('burstInstancesInThe', 'Burst instances in the public cloud'),
    subtitle: tr(
      'theAutoscalerVmsContainers',
      'the autoscaler (VMs, containers) or the function platform adds and removes them',
    ),
    frames: inHours(frames),
    series: (['vm', 'container', 'serverless'] as const).map((o) => ({
      key: `${o}.burstInstances`,
      name: burst(tr, o),
      step: true,
      color: BURST_COLORS[o],
    })),
    xName: tr('timeH', 'Time (h)'),
    ...(hours !== undefined ? { xMax: hours } : {}),
    yName: tr('instances', 'Instances'),
    unit: tr('instances2', 'instances'),
  });
  return withOptionLines(option, ['vm', 'container', 'serverless']);
}

/** Cumulative total cost (private + public) per option over the day. */
export function cumulativeCostOption(
  frames: readonly TopicFrame[],
  hours?: number,
  text: ChartText = ENGLISH_TEXT,
): ChartOption {
  const tr = textFor(text, 'charts.hybridOptions');
  const option = framesOption({
    title: tr('costSoFarPer', 'Cost so far, per option'),
    subtitle: tr(
      'privateHostsArePaid',
      'private hosts are paid busy or idle; public instances only while they run',
    ),
    frames: inHours(frames),
    series: BURST_OPTIONS.map((o) => ({
      key: `${o}.costTotalUsd`,
      name: burst(tr, o),
      color: BURST_COLORS[o],
    })),
    xName: tr('timeH', 'Time (h)'),
    ...(hours !== undefined ? { xMax: hours } : {}),
    yName: tr('cumulativeCostUsd', 'Cumulative cost (USD)'),
    unit: tr('usd', 'USD'),
  });
  return withOptionLines(option, BURST_OPTIONS);
}

/**
 * p95 latency per option on a log axis, with the requests each option rejects per interval
 * on the right axis (no bursting: beyond the queue; functions: beyond the concurrency limit).
 */
export function latencyOption(
  options: {
    frames: readonly TopicFrame[];
    intervalS: number;
    hours?: number;
  },
  text: ChartText = ENGLISH_TEXT,
): ChartOption {
  const tr = textFor(text, 'charts.hybridOptions');
  const frames = inHours(options.frames);
  const minutes = Math.round((options.intervalS / 60) * 100) / 100;
  const rejecting = BURST_OPTIONS.filter(
    (o) => o === 'none' || frames.some((f) => (f.values[`${o}.rejected`] ?? 0) > 0),
  );
  return {
    animation: false,
    aria: { enabled: true },
    title: {
      text: tr('latencyP95AndRejected', 'Latency p95 and rejected requests'),
      subtext: tr(
        'barsRequestsRejectedIn',
        'bars: requests rejected in each interval (queue or concurrency limit full)',
      ),
      left: 'center',
      textStyle: CHART_TEXT.title,
    },
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, textStyle: { fontSize: 12 } },
    grid: { left: 72, right: 84, top: 76, bottom: 106 },
    xAxis: {
      type: 'value',
      name: tr('timeH', 'Time (h)'),
      nameLocation: 'middle',
      nameGap: 30,
      min: 0,
      ...(options.hours !== undefined ? { max: options.hours } : {}),
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: CHART_TEXT.axisLabel,
    },
    yAxis: [
      {
        type: 'log',
        name: tr('p95LatencyMsLog', 'p95 latency (ms, log scale)'),
        nameLocation: 'middle',
        nameGap: 52,
        nameTextStyle: CHART_TEXT.axisName,
        axisLabel: CHART_TEXT.axisLabel,
      },
      {
        type: 'value',
        name: tr('rejectedPer', `Rejected per ${minutes}-min interval`, { minutes }),
        nameLocation: 'middle',
        nameGap: 62,
        min: 0,
        nameTextStyle: CHART_TEXT.axisName,
        axisLabel: CHART_TEXT.axisLabel,
        splitLine: { show: false },
      },
    ],
    series: [
      ...BURST_OPTIONS.map((o) => ({
        id: `${o}.p95Ms`,
        name: `p95: ${burst(tr, o)}`,
        type: 'line' as const,
        showSymbol: false,
        connectNulls: false,
        color: BURST_COLORS[o],
        z: 3,
        lineStyle: lineOf(o),
        tooltip: {
          valueFormatter: (v: unknown) => (v === null || v === undefined ? '—' : `${Number(v)} ms`),
        },
        data: frames.map((f) => [f.t, f.values[`${o}.p95Ms`] ?? null]),
      })),
      ...rejecting.map((o) => ({
        id: `${o}.rejected`,
        name: tr('rejectedOption', `Rejected: ${BURST_LABELS[o]}`, { option: burst(tr, o) }),
        type: 'bar' as const,
        yAxisIndex: 1,
        barMaxWidth: 6,
        color: o === 'none' ? '#D55E00' : BURST_COLORS[o],
        z: 1,
        itemStyle: { opacity: 0.3 },
        tooltip: {
          valueFormatter: (v: unknown) =>
            v === null || v === undefined ? '—' : `${Number(v).toLocaleString('en')} requests`,
        },
        data: frames.map((f) => [f.t, f.values[`${o}.rejected`] ?? null]),
      })),
    ],
  };
}
