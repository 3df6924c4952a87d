import { describe, expect, it } from 'vitest';
import { RedrawThrottle, type ThrottleClock } from './redraw-throttle';

/** A clock that only moves when told to, running due callbacks in order. */
class ManualClock implements ThrottleClock {
  time = 0;
  private timers: Array<{ at: number; callback: () => void; id: number }> = [];
  private nextId = 0;
  now = () => this.time;
  schedule(callback: () => void, delayMs: number) {
    const id = this.nextId++;
    this.timers.push({ at: this.time + delayMs, callback, id });
    return () => (this.timers = this.timers.filter((t) => t.id !== id));
  }
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.time = next.at;
      next.callback();
    }
    this.time = end;
  }
}

describe('RedrawThrottle', () => {
  it('draws at most 20 times a second under a 1 kHz stream, and the last draw shows the last data', () => {
    const clock = new ManualClock();
    let data = 0;
    const shown: number[] = [];
    const throttle = new RedrawThrottle(() => shown.push(data), clock);
    for (let ms = 0; ms < 1000; ms++) {
      data = ms;
      throttle.request();
      clock.advance(1);
    }
    clock.advance(100); // let the trailing draw happen
    expect(throttle.draws).toBe(shown.length);
    expect(shown.length).toBeGreaterThanOrEqual(19);
    expect(shown.length).toBeLessThanOrEqual(21);
    expect(shown.at(-1)).toBe(999);
    expect(throttle.pending).toBe(false);
  });

  it('never draws twice within 50 ms', () => {
    const clock = new ManualClock();
    const at: number[] = [];
    const throttle = new RedrawThrottle(() => at.push(clock.now()), clock);
    for (let i = 0; i < 300; i++) {
      throttle.request();
      clock.advance(i % 7 === 0 ? 13 : 3);
    }
    clock.advance(100);
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(50);
  });

  it('draws a lone request at once, and one that follows a draw at the end of the interval', () => {
    const clock = new ManualClock();
    const at: number[] = [];
    const throttle = new RedrawThrottle(() => at.push(clock.now()), clock);
    throttle.request();
    clock.advance(0);
    expect(at).toEqual([0]);
    clock.advance(10);
    throttle.request();
    throttle.request();
    clock.advance(100);
    expect(at).toEqual([0, 50]);
    clock.advance(500);
    throttle.request();
    clock.advance(0);
    expect(at).toEqual([0, 50, 610]);
  });

  it('cancel drops a pending draw', () => {
    const clock = new ManualClock();
    let draws = 0;
    const throttle = new RedrawThrottle(() => draws++, clock);
    throttle.request();
    throttle.cancel();
    clock.advance(100);
    expect(draws).toBe(0);
  });
});
