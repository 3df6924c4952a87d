import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { i18n, initialLocale, type LocaleCode } from '../i18n';

export type ThemeChoice = 'light' | 'dark' | 'system';
export type Theme = 'light' | 'dark';

const THEME_KEY = 'virtlab.theme';
const LOCALE_KEY = 'virtlab.locale';

/** Reads a saved preference; storage can be missing or refuse access (private windows). */
function load(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}
function save(key: string, value: string): void {
  try {
    globalThis.localStorage?.setItem(key, value);
  } catch {
    // Not saved: the choice still applies to this session.
  }
}

function systemPrefersDark(): boolean {
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
}

/**
 * The user's interface preferences: theme and language, saved on this machine and applied
 * to the document (`data-theme`, `lang`) and to vue-i18n.
 */
export const usePreferencesStore = defineStore('preferences', () => {
  const savedTheme = load(THEME_KEY);
  const themeChoice = ref<ThemeChoice>(
    savedTheme === 'light' || savedTheme === 'dark' || savedTheme === 'system' ? savedTheme : 'system',
  );
  const systemDark = ref(systemPrefersDark());
  globalThis
    .matchMedia?.('(prefers-color-scheme: dark)')
    .addEventListener?.('change', (event) => (systemDark.value = event.matches));
  const theme = computed<Theme>(() =>
    themeChoice.value === 'system' ? (systemDark.value ? 'dark' : 'light') : themeChoice.value,
  );

  const locale = ref<LocaleCode>(initialLocale(load(LOCALE_KEY), globalThis.navigator?.languages ?? []));

  watch(
    theme,
    (value) => {
      if (globalThis.document) document.documentElement.dataset['theme'] = value;
    },
    { immediate: true },
  );
  watch(
    locale,
    (value) => {
      i18n.global.locale.value = value;
      if (globalThis.document) document.documentElement.lang = value;
    },
    { immediate: true },
  );

  function setTheme(choice: ThemeChoice): void {
    themeChoice.value = choice;
    save(THEME_KEY, choice);
  }
  function toggleTheme(): void {
    setTheme(theme.value === 'dark' ? 'light' : 'dark');
  }
  function setLocale(code: LocaleCode): void {
    locale.value = code;
    save(LOCALE_KEY, code);
  }

  return { themeChoice, theme, locale, setTheme, toggleTheme, setLocale };
});
