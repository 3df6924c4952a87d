import { ENGLISH_TEXT, textFor, type ChartText } from '../translate';
import type { ChartOption } from '../echarts';
import { CHART_TEXT } from '../platform-style';
import { formatAmount, formatAxis } from './process-vm-format';

interface BarPart {
  id: string;
  name: string;
  color: string;
}

const logFloor = (x: number) => Math.pow(10, Math.floor(Math.log10(x)));

/**
 * Horizontal stacked bars, one per platform (first at the top), with the bar's total written
 * at its end: start against run time, or memory by part.
 */
function stackedBars(options: {
  title: string;
  subtitle?: string;
  categories: readonly string[];
  parts: readonly BarPart[];
  values: ReadonlyArray<readonly number[]>;
  xName: string;
  unit: string;
  xLog?: boolean;
}): ChartOption {
  const { categories, parts, values } = options;
  const totals = categories.map((_, row) => parts.reduce((sum, _p, c) => sum + (values[c]?.[row] ?? 0), 0));
  const minPositive = Math.min(...values.flat().filter((v) => v > 0));
  return {
    animation: false,
    aria: { enabled: true },
    title: {
      text: options.title,
      subtext: options.subtitle ?? '',
      left: 'center',
      textStyle: CHART_TEXT.title,
    },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (value) => `${formatAmount(Number(value))} ${options.unit}`,
    },
    legend: { bottom: 0, textStyle: { fontSize: 12 } },
    grid: { left: 104, right: 86, top: 76, bottom: 62 + 22 * Math.ceil(parts.length / 2) },
    xAxis: {
      type: options.xLog ? 'log' : 'value',
      name: options.xName,
      nameLocation: 'middle',
      nameGap: 30,
      // On a log axis a bar starts at the axis minimum: the power of ten at or below the smallest part.
      ...(options.xLog && Number.isFinite(minPositive)
        ? { min: logFloor(minPositive), startValue: logFloor(minPositive) }
        : {}),
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: { ...CHART_TEXT.axisLabel, formatter: formatAxis },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: [...categories],
      axisLabel: CHART_TEXT.axisLabel,
    },
    series: parts.map((part, c) => ({
      id: part.id,
      name: part.name,
      type: 'bar' as const,
      stack: 'total',
      color: part.color,
      barMaxWidth: 30,
      data: [...(values[c] ?? [])],
      ...(c === parts.length - 1
        ? {
            label: {
              show: true,
              position: 'right' as const,
              fontSize: 12,
              formatter: (p: { dataIndex: number }) =>
                `${formatAmount(totals[p.dataIndex] ?? 0)} ${options.unit}`,
            },
          }
        : {}),
    })),
  };
}

/** Per platform: the start (process start, JVM or WINE start, guest boot) then the run of the work. */
export function processVmTimesOption(
  options: {
    title: string;
    subtitle?: string;
    rows: ReadonlyArray<{ name: string; startS: number; runS: number }>;
    xLog: boolean;
  },
  text: ChartText = ENGLISH_TEXT,
): ChartOption {
  const tr = textFor(text, 'charts.processVmBarsOption');
  return stackedBars({
    title: options.title,
    ...(options.subtitle !== undefined ? { subtitle: options.subtitle } : {}),
    categories: options.rows.map((r) => r.name),
    parts: [
      {
        id: 'start',
        name: tr('startLaunchJvmWine', 'Start: launch, JVM/WINE start, guest boot'),
        color: '#E69F00',
      },
      { id: 'run', name: tr('runTheProgramS', 'Run: the program’s work'), color: '#0072B2' },
    ],
    values: [options.rows.map((r) => r.startS), options.rows.map((r) => r.runS)],
    xName: options.xLog
      ? tr('timeSinceLaunchLog', 'Time since launch (s, log scale)')
      : tr('timeSinceLaunch', 'Time since launch (s)'),
    unit: 's',
    xLog: options.xLog,
  });
}

/** Per platform: the program's memory, the platform's overhead and what a type-2 host OS keeps beside it. */
export function processVmMemoryOption(
  options: {
    title: string;
    subtitle?: string;
    rows: ReadonlyArray<{ name: string; programMiB: number; overheadMiB: number; hostExtraMiB: number }>;
  },
  text: ChartText = ENGLISH_TEXT,
): ChartOption {
  const tr = textFor(text, 'charts.processVmBarsOption');
  return stackedBars({
    title: options.title,
    ...(options.subtitle !== undefined ? { subtitle: options.subtitle } : {}),
    categories: options.rows.map((r) => r.name),
    parts: [
      { id: 'program', name: tr('theProgramItself', 'The program itself'), color: '#56B4E9' },
      {
        id: 'overhead',
        name: tr('platformJvmWineGuest', 'Platform: JVM, WINE, guest OS + VMM'),
        color: '#CC79A7',
      },
      {
        id: 'host',
        name: tr('desktopHostOsBeside', 'Desktop host OS beside a type-2 VMM'),
        color: '#999999',
      },
    ],
    values: [
      options.rows.map((r) => r.programMiB),
      options.rows.map((r) => r.overheadMiB),
      options.rows.map((r) => r.hostExtraMiB),
    ],
    xName: tr('memoryMib', 'Memory (MiB)'),
    unit: tr('mib', 'MiB'),
  });
}
