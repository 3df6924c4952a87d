import { describe, expect, it } from 'vitest';
import { EtaEstimator, durationParts } from './eta';

describe('EtaEstimator', () => {
  it('estimates from a steady rate: 10 % per second leaves 5 s at 50 %', () => {
    const eta = new EtaEstimator();
    for (let ms = 0; ms <= 5000; ms += 250) eta.observe(ms / 10_000, ms);
    expect(eta.secondsLeft()).toBeCloseTo(5, 9);
  });

  it('follows a change of rate within the window, not the whole run', () => {
    const eta = new EtaEstimator(2_000);
    let progress = 0;
    for (let ms = 0; ms <= 10_000; ms += 100) {
      progress += ms < 5_000 ? 0.001 : 0.01; // 1 %/s, then 10 %/s
      eta.observe(progress, ms);
    }
    // 10 %/s with 1 - 0.555 left: 4.45 s (the whole-run average would say about 8 s).
    expect(eta.secondsLeft()).toBeCloseTo((1 - progress) / 0.1, 6);
  });

  it('says nothing too soon, without progress, or after a reset; restarts when progress goes back', () => {
    const eta = new EtaEstimator();
    expect(eta.secondsLeft()).toBeNull();
    eta.observe(0.1, 0);
    eta.observe(0.11, 500);
    expect(eta.secondsLeft()).toBeNull(); // half a second is too short
    eta.observe(0.12, 1000);
    expect(eta.secondsLeft()).toBeCloseTo(44, 6);
    eta.reset();
    expect(eta.secondsLeft()).toBeNull();
    eta.observe(0.5, 2000);
    eta.observe(0.5, 4000);
    expect(eta.secondsLeft()).toBeNull(); // paused: no rate
    eta.observe(0.0, 5000); // a new run
    eta.observe(0.2, 7000);
    expect(eta.secondsLeft()).toBeCloseTo(8, 6);
  });
});

describe('durationParts', () => {
  it('splits and rounds up', () => {
    expect(durationParts(0.2)).toEqual({ hours: 0, minutes: 0, seconds: 1 });
    expect(durationParts(75)).toEqual({ hours: 0, minutes: 1, seconds: 15 });
    expect(durationParts(3 * 3600 + 61.5)).toEqual({ hours: 3, minutes: 1, seconds: 2 });
    expect(durationParts(-3)).toEqual({ hours: 0, minutes: 0, seconds: 0 });
  });
});
