import { describe, expect, it } from 'vitest';
import { LOCALES, collectMessages, initialLocale, messages, type MessageTree } from './index';

function keys(tree: MessageTree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keys(value, `${prefix}${key}.`),
  );
}

/** What the app loads (the same glob over renderer/src/locales). */
function load(locale: string): Record<string, MessageTree> {
  const loaded = messages[locale];
  if (!loaded) throw new Error(`no messages for ${locale}`);
  return loaded;
}

describe('message files', () => {
  const english = load('en');
  const englishKeys = keys(english).sort();

  it.each(LOCALES.filter((locale) => locale.code !== 'en').map((locale) => locale.code))(
    '%s has exactly the keys English has, none empty',
    (code) => {
      const translated = load(code);
      expect(keys(translated).sort()).toEqual(englishKeys);
      for (const key of keys(translated)) {
        const value = key.split('.').reduce<unknown>((node, part) => (node as MessageTree)[part], translated);
        expect(value, key).not.toBe('');
      }
    },
  );

  it('uses the same {placeholders} in every language', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const { code } of LOCALES) {
      const translated = load(code);
      for (const key of englishKeys) {
        const get = (tree: Record<string, MessageTree>) =>
          key.split('.').reduce<unknown>((node, part) => (node as MessageTree)[part], tree) as string;
        expect(placeholders(get(translated)), `${code}: ${key}`).toEqual(placeholders(get(english)));
      }
    }
  });

  it('groups files by locale and namespace', () => {
    const messages = collectMessages({
      '../locales/en/app.json': { title: 'VirtLab' },
      '../locales/ru/app.json': { title: 'ВиртЛаб' },
    });
    expect(messages).toEqual({ en: { app: { title: 'VirtLab' } }, ru: { app: { title: 'ВиртЛаб' } } });
  });
});

describe('initial language', () => {
  it('prefers the saved choice, then the system language, then English', () => {
    expect(initialLocale('ru', ['en-US'])).toBe('ru');
    expect(initialLocale(null, ['ru-RU', 'en'])).toBe('ru');
    expect(initialLocale('xx', ['de-DE'])).toBe('en');
    expect(initialLocale(null, [])).toBe('en');
  });
});
