import { useI18n } from 'vue-i18n';
import type { ChartText } from '../charts/translate';

/**
 * The view's `t` and a locale-aware number formatter for chart option builders. Both read
 * the current locale, so a computed option that calls them re-renders when it changes.
 */
export function useChartText(): ChartText & { te: (key: string) => boolean } {
  const { t, te, locale } = useI18n();
  return {
    t: (key, params) => (params ? t(key, params) : t(key)),
    te: (key) => te(key),
    n: (value, maximumFractionDigits = 3) =>
      new Intl.NumberFormat(locale.value, { maximumFractionDigits }).format(value),
  };
}
