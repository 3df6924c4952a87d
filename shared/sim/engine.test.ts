import { describe, expect, it } from 'vitest';
import { Engine } from './engine';
import { Random } from './random';

describe('Engine', () => {
  it('runs events in time order', () => {
    const engine = new Engine();
    const fired: number[] = [];
    const record = engine.register((payload) => fired.push(payload));
    for (const t of [5, 1, 4, 2, 3]) engine.scheduleAt(t, record, t);
    engine.run(Infinity);
    expect(fired).toEqual([1, 2, 3, 4, 5]);
    expect(engine.now).toBe(5);
    expect(engine.eventsProcessed).toBe(5);
  });

  it('runs events due at the same time first-in first-out, including ones scheduled while firing', () => {
    const engine = new Engine();
    const fired: number[] = [];
    const record = engine.register((payload) => {
      fired.push(payload);
      if (payload === 1) engine.schedule(0, record, 99); // same time, scheduled last: runs last
    });
    for (let i = 0; i < 8; i++) engine.scheduleAt(2, record, i);
    engine.scheduleAt(1, record, -1);
    engine.run(Infinity);
    expect(fired).toEqual([-1, 0, 1, 2, 3, 4, 5, 6, 7, 99]);
  });

  it('accepts plain functions as handlers and registers each once', () => {
    const engine = new Engine();
    let calls = 0;
    const handler = (): void => {
      calls++;
    };
    engine.schedule(1, handler);
    engine.schedule(2, handler);
    expect(engine.register(handler)).toBe(engine.register(handler));
    engine.run(10);
    expect(calls).toBe(2);
  });

  it('cancels pending events, and only those', () => {
    const engine = new Engine();
    const fired: number[] = [];
    const record = engine.register((payload) => fired.push(payload));
    const a = engine.scheduleAt(1, record, 1);
    const b = engine.scheduleAt(2, record, 2);
    const c = engine.scheduleAt(3, record, 3);
    expect(engine.cancel(b)).toBe(true);
    expect(engine.cancel(b)).toBe(false); // already cancelled
    expect(engine.pending).toBe(2);
    engine.run(1.5);
    expect(engine.cancel(a)).toBe(false); // already fired
    // b's slot is reused by the next event: b's stale handle must not cancel it.
    const d = engine.scheduleAt(4, record, 4);
    expect(engine.cancel(b)).toBe(false);
    expect(engine.cancel(-1)).toBe(false);
    engine.run(Infinity);
    expect(fired).toEqual([1, 3, 4]);
    expect(engine.eventsProcessed).toBe(3);
    expect(engine.cancel(c)).toBe(false);
    expect(engine.cancel(d)).toBe(false);
  });

  it('run(until) fires events at or before until and leaves the clock at until', () => {
    const engine = new Engine();
    const fired: number[] = [];
    const record = engine.register((payload) => fired.push(payload));
    engine.scheduleAt(1, record, 1);
    engine.scheduleAt(2, record, 2);
    engine.scheduleAt(2.5, record, 3);
    engine.run(2);
    expect(fired).toEqual([1, 2]);
    expect(engine.now).toBe(2);
    expect(engine.peek()).toBe(2.5);
    engine.run(2.25);
    expect(engine.now).toBe(2.25);
    expect(fired).toEqual([1, 2]);
    engine.run(10);
    expect(engine.now).toBe(10);
    expect(engine.peek()).toBe(Infinity);
    expect(engine.step()).toBe(false);
  });

  it('schedules relative to the current clock', () => {
    const engine = new Engine();
    const times: number[] = [];
    const record = engine.register(() => times.push(engine.now));
    engine.run(7);
    engine.schedule(0.5, record);
    engine.run(Infinity);
    expect(times).toEqual([7.5]);
  });

  it('refuses events in the past and invalid times', () => {
    const engine = new Engine();
    const noop = engine.register(() => undefined);
    engine.run(5);
    expect(() => engine.scheduleAt(4, noop)).toThrow(RangeError);
    expect(() => engine.schedule(-1, noop)).toThrow(RangeError);
    expect(() => engine.schedule(Number.NaN, noop)).toThrow(RangeError);
    expect(() => engine.schedule(Infinity, noop)).toThrow(RangeError);
    expect(() => engine.scheduleAt(6, 42)).toThrow(RangeError);
    expect(() => engine.run(4)).toThrow(RangeError);
  });

  it('matches a sorted reference under random schedules and cancellations', () => {
    const engine = new Engine();
    const rng = new Random(99);
    const fired: number[] = [];
    const record = engine.register((payload) => fired.push(payload));
    const live = new Map<number, { time: number; order: number }>();
    const handles: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      // Coarse times force many ties, so FIFO order is exercised too.
      const time = Math.floor(rng.next() * 500);
      handles.push(engine.scheduleAt(time, record, i));
      live.set(i, { time, order: i });
      if (rng.next() < 0.3) {
        const victim = rng.int(handles.length);
        if (engine.cancel(handles[victim]!)) live.delete(victim);
      }
    }
    const expected = [...live.entries()]
      .sort(([, x], [, y]) => x.time - y.time || x.order - y.order)
      .map(([id]) => id);
    engine.run(Infinity);
    expect(fired).toEqual(expected);
    expect(engine.eventsProcessed).toBe(expected.length);
  });
});
