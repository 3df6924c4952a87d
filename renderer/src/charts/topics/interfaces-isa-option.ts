import { ENGLISH_TEXT, textFor, type ChartText } from '../translate';
import type { PopekGoldbergVerdict } from '../../../../shared/topics/interfaces';
import type { ChartOption } from '../echarts';
import { CHART_TEXT } from '../platform-style';
import { OFFENDER_COLOR } from './interfaces-colors';

/** One bar of the ISA chart: an instruction set and its Popek-Goldberg verdict. */
export interface IsaBar {
  label: string;
  verdict: PopekGoldbergVerdict;
  /** The ISA the scenario uses (drawn with a heavier outline). */
  chosen?: boolean;
}

/** The four classes an instruction falls into, in stacking order (bottom first). */
export const ISA_CLASSES = [
  {
    id: 'innocuous',
    name: 'Innocuous: run directly',
    color: '#56B4E9',
    count: (v: PopekGoldbergVerdict) => v.counts.innocuous - privilegedOnly(v),
  },
  {
    id: 'privileged-only',
    name: 'Privileged, not sensitive',
    color: '#CC79A7',
    count: privilegedOnly,
  },
  {
    id: 'trapping',
    name: 'Sensitive and privileged: trap to the VMM',
    color: '#009E73',
    count: (v: PopekGoldbergVerdict) => v.counts.sensitive - v.counts.offenders,
  },
  {
    id: 'offenders',
    name: 'Sensitive but unprivileged: offenders',
    color: OFFENDER_COLOR,
    count: (v: PopekGoldbergVerdict) => v.counts.offenders,
  },
] as const;

function privilegedOnly(v: PopekGoldbergVerdict): number {
  return v.counts.privileged - (v.counts.sensitive - v.counts.offenders);
}

/**
 * Stacked bars: per instruction set, how many instructions are innocuous, trap to the
 * monitor, or are sensitive without trapping (Popek & Goldberg's offenders). An ISA is
 * virtualizable by trap-and-emulate exactly when its red segment is empty.
 */
export function isaClassesOption(
  options: {
    title: string;
    subtitle?: string;
    bars: readonly IsaBar[];
  },
  text: ChartText = ENGLISH_TEXT,
): ChartOption {
  const tr = textFor(text, 'charts.interfacesIsaOption');
  const { bars } = options;
  return {
    animation: false,
    aria: { enabled: true },
    title: {
      text: options.title,
      subtext: options.subtitle ?? '',
      left: 'center',
      textStyle: CHART_TEXT.title,
    },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { bottom: 0, textStyle: { fontSize: 12 } },
    grid: { left: 72, right: 28, top: 76, bottom: 108 },
    xAxis: {
      type: 'category',
      name: tr('instructionSetVerdict', 'Instruction set (verdict)'),
      nameLocation: 'middle',
      nameGap: 50,
      data: bars.map(
        (b) =>
          `${b.label}\n${b.verdict.virtualizable ? tr('virtualizable', 'virtualizable') : tr('notVirtualizable', 'not virtualizable')}`,
      ),
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: { ...CHART_TEXT.axisLabel, interval: 0, lineHeight: 16, margin: 10 },
    },
    yAxis: {
      type: 'value',
      name: tr('instructionsCount', 'Instructions (count)'),
      nameLocation: 'middle',
      nameGap: 44,
      minInterval: 1,
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: CHART_TEXT.axisLabel,
    },
    series: ISA_CLASSES.map((c) => ({
      id: c.id,
      name: c.name,
      type: 'bar',
      stack: 'instructions',
      color: c.color,
      barMaxWidth: 72,
      label: {
        show: true,
        fontSize: 12,
        color: '#ffffff',
        formatter: (p: { value: unknown }) => (Number(p.value) > 0 ? String(p.value) : ''),
      },
      data: bars.map((b) => ({
        value: c.count(b.verdict),
        itemStyle: b.chosen ? { borderColor: text.ink, borderWidth: 2 } : {},
      })),
    })),
  };
}
