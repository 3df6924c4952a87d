import { performance } from 'node:perf_hooks';

/** Wall clock in milliseconds (monotonic). */
export function nowMs(): number {
  return performance.now();
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs `fn` and returns its result with the wall time it took (s). */
export function timed<T>(fn: () => T): { value: T; seconds: number } {
  const start = nowMs();
  const value = fn();
  return { value, seconds: (nowMs() - start) / 1000 };
}

/** 12345678 -> "12,345,678"; fractional digits as asked. */
export function formatNumber(value: number, fractionDigits = 0): string {
  if (!Number.isFinite(value)) return String(value);
  return value.toLocaleString('en-US', {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  });
}

/** 12345678 -> "12.3 M", 45678 -> "45.7 k". */
export function formatRate(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value >= 1e6) return `${(value / 1e6).toFixed(value >= 1e8 ? 0 : 2)} M`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(1)} k`;
  return value.toFixed(0);
}

export function formatMiB(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

/** Relative difference |a - b| / |b| in percent. */
export function percentDiff(a: number, b: number): number {
  return (Math.abs(a - b) / Math.abs(b)) * 100;
}

type GcFunction = () => void;

/** Node's gc() when started with --expose-gc, else null. */
export function exposedGc(): GcFunction | null {
  const gc = (globalThis as { gc?: GcFunction }).gc;
  return typeof gc === 'function' ? gc : null;
}

/** Full collection, twice, so objects freed by finalisers of the first pass go too. */
export function collectGarbage(): boolean {
  const gc = exposedGc();
  if (gc === null) return false;
  gc();
  gc();
  return true;
}
