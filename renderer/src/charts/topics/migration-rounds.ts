import { ENGLISH_TEXT, textFor, type ChartText } from '../translate';
import type { TopicFrame } from '../../../../shared/topics/types';
import type { ChartOption } from '../echarts';
import { SERIES_COLORS } from '../frames-option';
import { CHART_TEXT } from '../platform-style';

export const PAUSED_COLOR = '#D62728';

/** Pages on a log axis: a round that sent or dirtied nothing leaves a gap, not a false bar. */
export function pagesOrGap(value: number | null | undefined): number | null {
  return value !== null && value !== undefined && value > 0 ? value : null;
}

function title(text: string, subtext: string): ChartOption['title'] {
  return { text, subtext, left: 'center', textStyle: CHART_TEXT.title, subtextStyle: { fontSize: 12 } };
}

function roundAxis(frames: readonly TopicFrame[], name: string): ChartOption['xAxis'] {
  return {
    type: 'category',
    data: frames.map((f) => String(f.t)),
    name,
    nameLocation: 'middle',
    nameGap: 30,
    nameTextStyle: CHART_TEXT.axisName,
    axisLabel: CHART_TEXT.axisLabel,
  };
}

/**
 * Grouped bars per round: pages sent in the round and distinct pages the guest dirtied
 * while it ran (which the next round must resend). Log scale, so pre-copy's geometric
 * shrinking reads as a straight staircase and a stalled working set as a flat one.
 */
export function migrationPagesOption(
  frames: readonly TopicFrame[],
  methodName: string,
  text: ChartText = ENGLISH_TEXT,
): ChartOption {
  const tr = textFor(text, 'charts.migrationRounds');
  return {
    animation: false,
    aria: { enabled: true },
    title: title(
      tr('pagesTitle', 'Pages sent vs pages dirtied, per round'),
      frames.length > 0
        ? tr('pagesSubtitle', `${methodName}: what each round sends and what the guest dirties meanwhile`, {
            method: methodName,
          })
        : '',
    ),
    tooltip: {
      trigger: 'axis',
      valueFormatter: (value) =>
        value === null || value === undefined ? '0 pages' : `${text.n(Number(value))} pages`,
    },
    legend: { bottom: 0, textStyle: { fontSize: 12 } },
    grid: { left: 80, right: 28, top: 76, bottom: 84 },
    xAxis: roundAxis(frames, tr('round', 'Round')),
    yAxis: {
      type: 'log',
      name: tr('pagesLogScale', 'Pages (log scale)'),
      nameLocation: 'middle',
      nameGap: 58,
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: { ...CHART_TEXT.axisLabel, formatter: (v: number) => text.n(Number(v)) },
    },
    series: [
      {
        id: 'pagesSent',
        name: tr('pagesSentInThe', 'Pages sent in the round'),
        type: 'bar',
        color: SERIES_COLORS[0],
        // The final copy (pre-copy's last round, stop-and-copy's only one) is sent with the VM paused.
        data: frames.map((f) => {
          const value = pagesOrGap(f.values['pagesSent']);
          return f.values['paused'] === 1 && value !== null
            ? { value, itemStyle: { color: PAUSED_COLOR } }
            : value;
        }),
      },
      {
        id: 'pagesDirtied',
        name: tr('pagesDirtiedDuringThe', 'Pages dirtied during the round'),
        type: 'bar',
        color: SERIES_COLORS[3],
        data: frames.map((f) => pagesOrGap(f.values['pagesDirtied'])),
      },
      // A legend entry for the red bar of the paused copy.
      {
        id: 'paused',
        name: tr('pagesSentWithThe', 'Pages sent with the VM paused'),
        type: 'bar',
        color: PAUSED_COLOR,
        data: [],
      },
    ],
  };
}

/** Data sent so far after each round, against the VM's memory: how much pre-copy resends. */
export function migrationDataOption(
  frames: readonly TopicFrame[],
  memoryMiB: number | null,
  text: ChartText = ENGLISH_TEXT,
): ChartOption {
  const tr = textFor(text, 'charts.migrationRounds');
  const last = frames.at(-1)?.values['cumulativeDataMiB'] ?? null;
  const factor = last !== null && memoryMiB ? last / memoryMiB : null;
  return {
    animation: false,
    aria: { enabled: true },
    title: title(
      tr('dataTitle', 'Data sent so far'),
      factor !== null
        ? tr('dataSubtitle', `${factor.toFixed(2)} x the VM's memory after ${frames.length} round(s)`, {
            factor: text.n(factor, 2),
            rounds: frames.length,
          })
        : '',
    ),
    tooltip: {
      trigger: 'axis',
      valueFormatter: (value) =>
        value === null || value === undefined
          ? '—'
          : tr('mib', `${text.n(Number(value))} MiB`, { value: text.n(Number(value)) }),
    },
    legend: { bottom: 0, textStyle: { fontSize: 12 } },
    grid: { left: 80, right: 28, top: 76, bottom: 84 },
    xAxis: roundAxis(frames, tr('round', 'Round')),
    yAxis: {
      type: 'value',
      name: tr('dataSentMib', 'Data sent (MiB)'),
      nameLocation: 'middle',
      nameGap: 58,
      min: 0,
      // Keep the VM-memory line on the chart even before the first round ends.
      ...(memoryMiB
        ? { max: (extent: { max: number }) => niceCeil(Math.max(extent.max, memoryMiB) * 1.08) }
        : {}),
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: CHART_TEXT.axisLabel,
    },
    series: [
      {
        id: 'cumulativeDataMiB',
        name: tr('dataSentUpTo', 'Data sent up to the end of the round'),
        type: 'line',
        color: SERIES_COLORS[0],
        lineStyle: { width: 2.5 },
        areaStyle: { opacity: 0.12 },
        showSymbol: frames.length < 60,
        data: frames.map((f) => f.values['cumulativeDataMiB'] ?? null),
        ...(memoryMiB
          ? {
              markLine: {
                silent: true,
                symbol: 'none',
                lineStyle: { color: text.ink, type: 'dashed' as const, width: 1.5 },
                label: {
                  formatter: tr('vmMemory', `VM memory (${memoryMiB.toLocaleString('en')} MiB)`, {
                    size: text.n(memoryMiB),
                  }),
                  position: 'insideEndBottom' as const,
                  fontSize: 12,
                },
                data: [{ yAxis: memoryMiB }],
              },
            }
          : {}),
      },
    ],
  };
}

/** A round number above x: 1, 2 or 5 times a power of ten. */
export function niceCeil(x: number): number {
  if (!(x > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= x) return m * power;
  return 10 * power;
}
