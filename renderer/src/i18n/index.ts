import { createI18n } from 'vue-i18n';

/**
 * Every string the user reads lives in `renderer/src/locales/<locale>/<namespace>.json`;
 * a file's name is its namespace (`compare.json` → `t('compare.title')`). Adding a language
 * is adding a folder: the glob picks it up, and `locales.test.ts` checks that every locale
 * has the same keys as English.
 */
const files = import.meta.glob<Record<string, unknown>>('../locales/*/*.json', {
  eager: true,
  import: 'default',
});

export type MessageTree = { [key: string]: string | MessageTree };

export function collectMessages(
  modules: Record<string, Record<string, unknown>>,
): Record<string, Record<string, MessageTree>> {
  const messages: Record<string, Record<string, MessageTree>> = {};
  for (const [path, content] of Object.entries(modules)) {
    const match = /\/locales\/([^/]+)\/([^/]+)\.json$/.exec(path);
    if (!match) continue;
    const [, locale, namespace] = match as unknown as [string, string, string];
    (messages[locale] ??= {})[namespace] = content as MessageTree;
  }
  return messages;
}

export const messages = collectMessages(files);

export const LOCALES = [
  { code: 'en', name: 'English' },
  { code: 'ru', name: 'Русский' },
] as const;
export type LocaleCode = (typeof LOCALES)[number]['code'];

export function isLocale(value: unknown): value is LocaleCode {
  return LOCALES.some((locale) => locale.code === value);
}

/** The saved choice, else the system language when we have it, else English. */
export function initialLocale(saved: string | null, systemLanguages: readonly string[]): LocaleCode {
  if (isLocale(saved)) return saved;
  for (const language of systemLanguages) {
    const code = language.slice(0, 2).toLowerCase();
    if (isLocale(code)) return code;
  }
  return 'en';
}

export const i18n = createI18n({
  legacy: false,
  locale: 'en',
  fallbackLocale: 'en',
  messages,
  // Numbers the charts and tables print follow the interface language.
  numberFormats: {
    en: { integer: { maximumFractionDigits: 0 }, decimal: { maximumFractionDigits: 1 } },
    ru: { integer: { maximumFractionDigits: 0 }, decimal: { maximumFractionDigits: 1 } },
  },
});
