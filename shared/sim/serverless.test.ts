import { describe, expect, it } from 'vitest';
import { defaultHybridKeepAlive } from '../scenario';
import { billedMs, hybridWindows, IdleTimeHistogram, invocationCostUsd } from './serverless';

describe('idle-time histogram (Shahrad et al. 2020)', () => {
  it('finds percentiles in 1-minute bins and counts idle times beyond the range', () => {
    const h = new IdleTimeHistogram(240);
    for (let i = 0; i < 90; i++) h.record(14 * 60 + 30); // bin 14
    for (let i = 0; i < 9; i++) h.record(20 * 60); // bin 20
    h.record(30 * 60 + 1); // bin 30
    h.record(5 * 3600); // out of range
    expect(h.inRange).toBe(100);
    expect(h.outOfRange).toBe(1);
    expect(h.percentileBin(5)).toBe(14);
    expect(h.percentileBin(90)).toBe(14);
    expect(h.percentileBin(91)).toBe(20);
    expect(h.percentileBin(99)).toBe(20);
    expect(h.percentileBin(100)).toBe(30);
  });

  it('gives pre-warm and keep-alive windows with 10% margins once trusted', () => {
    const h = new IdleTimeHistogram(240);
    const spec = defaultHybridKeepAlive();
    for (let i = 0; i < 9; i++) h.record(15 * 60 + 10);
    expect(hybridWindows(h, spec, 10, 0.5)).toBeNull(); // 9 < 10 idle times
    h.record(15 * 60 + 10);
    const w = hybridWindows(h, spec, 10, 0.5)!;
    expect(w.prewarmS).toBeCloseTo(15 * 60 * 0.9, 9);
    expect(w.keepAliveS).toBeCloseTo(16 * 60 * 1.1, 9);
    for (let i = 0; i < 11; i++) h.record(10 * 3600);
    expect(hybridWindows(h, spec, 10, 0.5)).toBeNull(); // mostly out of range
  });
});

describe('billing', () => {
  it('rounds duration up to 1 ms and prices GB-seconds plus requests (AWS Lambda)', () => {
    expect(billedMs(105.2, 1)).toBe(106);
    expect(billedMs(105, 1)).toBe(105);
    expect(billedMs(0.2, 1)).toBe(1);
    // 128 MiB for 106 ms: 0.125 GB x 0.106 s x 0.0000166667 + 0.2 / 1e6.
    expect(invocationCostUsd(105.2, 128, 1, 0.0000166667, 0.2)).toBeCloseTo(
      0.125 * 0.106 * 0.0000166667 + 2e-7,
      18,
    );
  });
});
