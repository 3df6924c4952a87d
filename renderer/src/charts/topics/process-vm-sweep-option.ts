import { ENGLISH_TEXT, textFor, type ChartText } from '../translate';
import type { ChartOption } from '../echarts';
import { CHART_TEXT } from '../platform-style';
import { formatAmount, formatAxis, type Dash } from './process-vm-format';

export interface SweepLine {
  id: string;
  name: string;
  color: string;
  dash: Dash;
  /** [program length (s), value] */
  data: Array<[number, number]>;
}

export interface SweepMark {
  /** [program length (s), value] */
  value: [number, number];
  /** Which platforms swap places there. */
  name: string;
}

interface AxisParam {
  seriesId?: string;
  seriesName?: string;
  marker?: string;
  value?: unknown;
  axisValue?: unknown;
}

/**
 * A value against program length on a log axis, one line per platform in its preset's colour
 * and dash; diamonds mark the lengths at which two platforms swap places (hover one to see
 * which), a dashed line the scenario's own program.
 */
export function processVmSweepOption(
  options: {
    title: string;
    subtitle?: string;
    lines: readonly SweepLine[];
    crossovers: readonly SweepMark[];
    programWorkS?: number;
    yName: string;
    unit: string;
    yLog: boolean;
    yMin?: number;
    yMax?: number;
  },
  text: ChartText = ENGLISH_TEXT,
): ChartOption {
  const tr = textFor(text, 'charts.processVmSweepOption');
  const { lines } = options;
  const lengths = lines.flatMap((l) => l.data.map(([w]) => w));
  const minW = lengths.length > 0 ? Math.min(...lengths) : undefined;
  const maxW = lengths.length > 0 ? Math.max(...lengths) : undefined;
  const program = options.programWorkS;
  const programLine =
    program !== undefined && minW !== undefined && maxW !== undefined && program >= minW && program <= maxW;
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
      formatter: (raw: unknown) => {
        const params = (Array.isArray(raw) ? raw : [raw]) as AxisParam[];
        const rows = params
          .filter((p) => p.seriesId !== 'crossovers')
          .map((p) => {
            const value = Array.isArray(p.value) ? Number(p.value[1]) : Number(p.value);
            return `${p.marker ?? ''}${p.seriesName ?? ''}: ${formatAmount(value)} ${options.unit}`;
          });
        const w = Number(params[0]?.axisValue);
        return [`Program of ${formatAmount(w)} s of work`, ...rows].join('<br/>');
      },
    },
    legend: { bottom: 0, textStyle: { fontSize: 12 } },
    grid: { left: 76, right: 36, top: 76, bottom: 62 + 22 * Math.ceil((lines.length + 1) / 7) },
    xAxis: {
      type: 'log',
      name: tr('programLengthCpuWork', 'Program length: CPU work on bare metal (s, log scale)'),
      nameLocation: 'middle',
      nameGap: 30,
      ...(minW !== undefined && maxW !== undefined ? { min: minW, max: maxW } : {}),
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: { ...CHART_TEXT.axisLabel, formatter: formatAxis },
    },
    yAxis: {
      type: options.yLog ? 'log' : 'value',
      name: options.yName,
      nameLocation: 'middle',
      nameGap: 50,
      ...(options.yMin !== undefined ? { min: options.yMin } : {}),
      ...(options.yMax !== undefined ? { max: options.yMax } : {}),
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: { ...CHART_TEXT.axisLabel, formatter: formatAxis },
    },
    series: [
      ...lines.map((line, i) => ({
        id: line.id,
        name: line.name,
        type: 'line' as const,
        showSymbol: false,
        color: line.color,
        lineStyle: { width: 2.5, type: line.dash },
        data: line.data,
        ...(i === 0 && programLine
          ? {
              markLine: {
                silent: true,
                symbol: 'none',
                lineStyle: { color: '#535A66', type: 'dashed' as const, width: 1.5 },
                label: {
                  formatter: tr('thisProgram', `this program: ${formatAmount(program!)} s`, {
                    work: formatAmount(program!),
                  }),
                  fontSize: 12,
                  color: text.ink,
                },
                data: [{ xAxis: program }],
              },
            }
          : {}),
      })),
      {
        id: 'crossovers',
        name: tr('crossoverTwoPlatformsSwap', 'Crossover: two platforms swap places'),
        type: 'line' as const,
        color: text.ink,
        symbol: 'diamond',
        symbolSize: 11,
        showSymbol: true,
        lineStyle: { width: 0, opacity: 0 },
        z: 5,
        label: { show: false },
        emphasis: {
          label: {
            show: true,
            position: 'top' as const,
            fontSize: 12,
            backgroundColor: '#ffffff',
            padding: [2, 4],
            formatter: (p: { name?: string }) => p.name ?? '',
          },
        },
        data: options.crossovers.map((c) => ({ value: c.value, name: c.name })),
      },
    ],
  };
}
