/** Message key of a unit ("req/s" -> "req_s", "%" -> "pct"): keys stay plain words. */
export function unitKey(unit: string): string {
  return unit === '%' ? 'pct' : unit.replace(/[^A-Za-z]/g, '_');
}

/** Message key of a sweep parameter: vue-i18n reads dots as nesting, so they become "_". */
export function parameterKey(path: string): string {
  return `sweeps.parameters.${path.replace(/\./g, '_')}`;
}

/** Four significant digits, no trailing zeros: 12.35, 0.001234, 41000. */
export function shortNumber(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  return String(Number(value.toPrecision(4)));
}
