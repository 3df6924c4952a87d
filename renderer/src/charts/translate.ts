import type { PlatformId } from '../../../shared/scenario';
import { platformStyle } from './platform-style';

/**
 * What a chart option builder needs to speak the interface language, passed in by the view
 * so the builders stay pure: `t` looks a message up (vue-i18n's `t`), `n` formats a number
 * for the current locale.
 */
export interface ChartText {
  t: (key: string, params?: Record<string, unknown>) => string;
  n: (value: number, maximumFractionDigits?: number) => string;
  /** The foreground colour for marker lines and outlines, readable on the current theme. */
  ink: string;
}

/** English and plain numbers: for tests and anything outside the app. */
export const IDENTITY_TEXT: ChartText = {
  t: (key) => key,
  n: (value, digits = 3) => Number(value.toFixed(digits)).toLocaleString('en'),
  ink: '#1c1f24',
};

/** The message for `key`, or `fallback` (text from the simulation core) when it has none. */
export function translated(text: Pick<ChartText, 't'>, key: string, fallback: string): string {
  const value = text.t(key);
  return value === key ? fallback : value;
}

/** A platform's short and long names in the interface language, the core's English otherwise. */
export function platformNames(text: Pick<ChartText, 't'>, id: PlatformId): { short: string; label: string } {
  const style = platformStyle(id);
  return {
    short: translated(text, `platforms.${id}.short`, style.short),
    label: translated(text, `platforms.${id}.label`, style.label),
  };
}

/** No interface language: every message falls back to the builder's English. */
export const ENGLISH_TEXT: ChartText = IDENTITY_TEXT;

/**
 * `tr(key, english)` for one builder file: the message `<namespace>.<key>` in the
 * interface language, or the English the builder was written with.
 */
export function textFor(
  text: ChartText,
  namespace: string,
): (key: string, english: string, params?: Record<string, unknown>) => string {
  return (key, english, params) => {
    const full = `${namespace}.${key}`;
    const value = params ? text.t(full, params) : text.t(full);
    return value === full ? english : value;
  };
}

/** The message key of a word from the core: "sandbox: VMM start" → "sandbox-vmm-start". */
export const wordKey = (english: string) =>
  english
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** The name of a part of a platform's memory overhead or start time ("guest OS", "docker run"). */
export const partLabel = (text: Pick<ChartText, 't'>, english: string) =>
  translated(text, `constants.parts.${wordKey(english)}`, english);

/** A constant's unit ("MiB", "ms", "vCPU per core"), in the interface language when it has one. */
export const unitLabel = (text: Pick<ChartText, 't'>, english: string) =>
  translated(text, `constants.units.${wordKey(english)}`, english);

/**
 * Where a constant comes from, for display: the published source as written (citations stay
 * in their language), with the word "assumption" that starts an unsourced one translated.
 */
export const sourceLabel = (text: Pick<ChartText, 't'>, source: string) =>
  source.replace(/^assumption\b/, translated(text, 'sources.assumption', 'assumption'));
