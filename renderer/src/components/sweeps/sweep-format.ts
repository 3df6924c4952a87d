/** Message key of a unit ("req/s" -> "req_s", "%" -> "pct"): keys stay plain words. */
export function unitKey(unit: string): string {
  return unit === '%' ? 'pct' : unit.replace(/[^A-Za-z]/g, '_');
}

/** Message key of a sweep parameter: vue-i18n reads dots as nesting, so they become "_". */
export function parameterKey(path: string): string {
  return `sweeps.parameters.${path.replace(/\./g, '_')}`;
}

/**
 * Four significant digits, no trailing zeros: 12.35, 0.001234, 41000; in `locale`'s
 * format when one is given (12,35 and 41 000 in Russian).
 */
export function shortNumber(value: number | null, locale?: string): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const rounded = Number(value.toPrecision(4));
  return locale ? rounded.toLocaleString(locale, { maximumFractionDigits: 20 }) : String(rounded);
}
