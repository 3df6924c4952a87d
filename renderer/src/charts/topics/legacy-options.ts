import { ENGLISH_TEXT, textFor, type ChartText } from '../translate';
import {
  TECHNIQUES,
  type CompatibilityCell,
  type CompatibilityMatrix,
  type CompatibilityStatus,
  type TechniqueId,
} from '../../../../shared/topics/legacy';
import type { TopicFrame } from '../../../../shared/topics/types';
import type { ChartOption } from '../echarts';
import { SERIES_COLORS } from '../frames-option';
import { CHART_TEXT } from '../platform-style';

export const STATUS_TEXT: Record<CompatibilityStatus, string> = {
  works: 'works',
  caveats: 'works with caveats',
  fails: 'fails',
};

/** A technique's short and long names in `text`'s language (the core's English otherwise). */
export function techniqueNames(technique: TechniqueId, text: ChartText = ENGLISH_TEXT) {
  const tr = textFor(text, 'charts.legacyOptions');
  return {
    short: tr(`techniques.${technique}.short`, TECHNIQUES[technique].shortName),
    label: tr(`techniques.${technique}.label`, TECHNIQUES[technique].label),
  };
}

/** How one matrix cell looks: its status text, a short line of numbers and the tooltip. */
export function compatibilityCellView(
  cell: CompatibilityCell,
  text: ChartText = ENGLISH_TEXT,
): {
  status: CompatibilityStatus;
  label: string;
  detail: string;
  title: string;
} {
  const tr = textFor(text, 'charts.legacyOptions');
  const detail =
    cell.performanceFactor === null
      ? cell.reasons.length === 1
        ? tr('oneReason', '1 reason')
        : tr('reasons', `${cell.reasons.length} reasons`, { count: cell.reasons.length })
      : tr(
          'factorStart',
          `${Number(cell.performanceFactor.toPrecision(3))}× · ${Number((cell.startS ?? 0).toPrecision(3))} s start`,
          {
            factor: text.n(Number(cell.performanceFactor.toPrecision(3)), 6),
            start: text.n(Number((cell.startS ?? 0).toPrecision(3)), 6),
          },
        );
  const lines =
    cell.status === 'fails'
      ? cell.reasons.map((r) => `✗ ${r}`)
      : cell.caveats.length > 0
        ? cell.caveats.map((c) => `⚠ ${c}`)
        : ['no caveats'];
  return {
    status: cell.status,
    label: tr(`status.${cell.status}`, STATUS_TEXT[cell.status]),
    detail,
    title: [
      `${cell.app} — ${techniqueNames(cell.technique, text).label}: ${tr(`status.${cell.status}`, STATUS_TEXT[cell.status])}`,
      ...lines,
    ].join('\n'),
  };
}

export function compatibilityRows(matrix: CompatibilityMatrix, text: ChartText = ENGLISH_TEXT) {
  return matrix.apps.map((app, i) => ({
    app,
    cells: matrix.cells[i]!.map((c) => ({ technique: c.technique, ...compatibilityCellView(c, text) })),
  }));
}

/**
 * Per app, one bar per technique of a frame value ("performanceFactor" or "startS") from the
 * run's evaluations (frames carry 1-based app and technique indices); a technique that fails
 * has no bar. Log value axis: the factors run from 1x to the emulation slowdown, start times
 * from a millisecond to minutes.
 */
export function legacyBarsOption(
  options: {
    frames: readonly TopicFrame[];
    apps: readonly string[];
    techniques: readonly TechniqueId[];
    key: 'performanceFactor' | 'startS';
    title: string;
    subtitle: string;
    yName: string;
    unit: string;
    min: number;
  },
  text: ChartText = ENGLISH_TEXT,
): ChartOption {
  const tr = textFor(text, 'charts.legacyOptions');
  const { apps, techniques, frames, key } = options;
  const grid: Array<Array<number | null>> = techniques.map(() => apps.map(() => null));
  const seen = apps.map(() => new Set<number>());
  for (const f of frames) {
    const a = Number(f.values['app']) - 1;
    const t = Number(f.values['technique']) - 1;
    if (grid[t] === undefined || a < 0 || a >= apps.length) continue;
    grid[t]![a] = f.values[key] ?? null;
    seen[a]!.add(t);
  }
  // An app every technique has failed on gets a note instead of an unexplained gap.
  const labels = apps.map((app, a) =>
    seen[a]!.size === techniques.length && techniques.every((_, t) => grid[t]![a] === null)
      ? `${app} — nothing runs it`
      : app,
  );
  const unit = options.unit;
  const crowded = apps.length > 5;
  return {
    animation: false,
    aria: { enabled: true },
    title: { text: options.title, subtext: options.subtitle, left: 'center', textStyle: CHART_TEXT.title },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v) =>
        v === null || v === undefined || v === '-' ? 'fails' : `${text.n(Number(v))} ${unit}`,
    },
    legend: { bottom: 0, textStyle: { fontSize: 12 } },
    grid: { left: 72, right: 20, top: 76, bottom: crowded ? 150 : 132 },
    xAxis: {
      type: 'category',
      data: labels,
      name: tr('application', 'Application'),
      nameLocation: 'middle',
      nameGap: crowded ? 92 : 72,
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: {
        ...CHART_TEXT.axisLabel,
        interval: 0,
        lineHeight: 15,
        ...(crowded
          ? { rotate: 30, width: 110, overflow: 'truncate' as const }
          : { width: Math.max(70, 380 / Math.max(1, apps.length)), overflow: 'break' as const }),
      },
    },
    yAxis: {
      type: 'log',
      name: options.yName,
      nameLocation: 'middle',
      nameGap: 50,
      min: options.min,
      // Bars grow from the bottom of the log axis, not from 1.
      startValue: options.min,
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: CHART_TEXT.axisLabel,
    },
    series: techniques.map((t, j) => ({
      id: `${key}.${t}`,
      name: techniqueNames(t, text).short,
      type: 'bar' as const,
      color: SERIES_COLORS[j % SERIES_COLORS.length],
      barMaxWidth: 28,
      data: grid[j]!,
    })),
  };
}
