import { useI18n } from 'vue-i18n';
import type { ChartText } from '../charts/translate';
import { usePreferencesStore } from '../stores/preferences';

/**
 * The view's `t` and a locale-aware number formatter for chart option builders. Both read
 * the current locale, so a computed option that calls them re-renders when it changes.
 */
export function useChartText(): ChartText & { te: (key: string) => boolean } {
  const { t, te, locale } = useI18n();
  const preferences = usePreferencesStore();
  return {
    t: (key, params) => (params ? t(key, params) : t(key)),
    te: (key) => te(key),
    n: (value, maximumFractionDigits = 3) =>
      new Intl.NumberFormat(locale.value, { maximumFractionDigits }).format(value),
    // A getter, so a computed option that reads it follows theme changes.
    get ink() {
      return preferences.theme === 'dark' ? '#e6e9ee' : '#1c1f24';
    },
  };
}
