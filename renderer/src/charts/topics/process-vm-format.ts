/** Numbers on the process-VM charts' labels and tooltips: 0.001, 0.5, 60, 3,300. */
export function formatAmount(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (value === 0) return '0';
  if (Math.abs(value) >= 1) return Number(value.toPrecision(4)).toLocaleString('en');
  return String(Number(value.toPrecision(3)));
}

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

/** Axis ticks, which on a log axis span many decades: 0.001, 1, 1,000, 10K, 1M. */
export function formatAxis(value: number): string {
  return Math.abs(value) >= 10_000 ? compact.format(value) : formatAmount(value);
}

/** Line styles of the platform presets, as ECharts names them. */
export type Dash = 'solid' | 'dashed' | 'dotted';
