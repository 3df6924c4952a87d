import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import { CALIBRATION } from '../../../shared/sim/calibration';
import { PLATFORM_PRESETS } from '../../../shared/sim/platforms';
import { messages } from '../i18n';
import { partLabel, platformNames, sourceLabel, unitLabel, wordKey } from './translate';

function textIn(locale: 'en' | 'ru') {
  const i18n = createI18n({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages,
    missingWarn: false,
    fallbackWarn: false,
  });
  return { t: (key: string) => i18n.global.t(key) };
}
const en = textIn('en');
const ru = textIn('ru');

const partLabels = [
  ...new Set(
    Object.values(PLATFORM_PRESETS).flatMap((preset) => [
      ...preset.memoryOverheadParts.map((part) => part.label),
      ...preset.startParts.map((part) => part.label),
    ]),
  ),
];
const units = [...new Set(Object.values(CALIBRATION).map((entry) => entry.unit))];

describe('words from the core in the interface language', () => {
  it('keys a word by its letters and digits', () => {
    expect(wordKey('sandbox: VMM start')).toBe('sandbox-vmm-start');
    expect(wordKey('1 = tuned, 0 = untuned')).toBe('1-tuned-0-untuned');
    expect(wordKey('MiB')).toBe('mib');
  });

  it('has a message for every overhead and start part of every preset, English unchanged', () => {
    for (const label of partLabels) {
      expect(partLabel(en, label), label).toBe(label);
      expect(ru.t(`constants.parts.${wordKey(label)}`), label).not.toBe(`constants.parts.${wordKey(label)}`);
    }
    expect(partLabel(ru, 'guest OS')).toBe('гостевая ОС');
  });

  it('has a message for the unit of every constant, English unchanged', () => {
    for (const unit of units) {
      expect(unitLabel(en, unit), unit).toBe(unit);
      expect(ru.t(`constants.units.${wordKey(unit)}`), unit).not.toBe(`constants.units.${wordKey(unit)}`);
    }
    expect(unitLabel(ru, 'MiB')).toBe('МиБ');
    expect(unitLabel(ru, 'no such unit')).toBe('no such unit');
  });

  it('translates the word that starts an assumption and leaves citations as written', () => {
    expect(sourceLabel(ru, 'assumption: no source measures it')).toBe('допущение: no source measures it');
    expect(sourceLabel(en, 'assumption (KVM figure)')).toBe('assumption (KVM figure)');
    expect(sourceLabel(ru, 'Felter et al. 2014')).toBe('Felter et al. 2014');
  });

  it('names platforms from the messages, and falls back to the core with a bare t', () => {
    expect(platformNames(ru, 'faas-microvm').short).toBe('FaaS микроВМ');
    expect(platformNames({ t: (key) => key }, 'faas-microvm').short).toBe('FaaS microVM');
  });
});
