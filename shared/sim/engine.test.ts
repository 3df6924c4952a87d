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
    const a = engine.scheduleCancellableAt(1, record, 1);
    const b = engine.scheduleCancellableAt(2, record, 2);
    const c = engine.scheduleCancellableAt(3, record, 3);
    expect(engine.cancel(b)).toBe(true);
    expect(engine.cancel(b)).toBe(false); // already cancelled
    expect(engine.pending).toBe(2);
    engine.run(1.5);
    expect(engine.cancel(a)).toBe(false); // already fired
    // b still holds its place until its time comes, or its slot was reused: either way its handle is dead.
    const d = engine.scheduleCancellableAt(4, record, 4);
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
      handles.push(engine.scheduleCancellableAt(time, record, i));
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

  it('fires in exactly the order of a sorted reference, across plain-heap and ladder modes', () => {
    // The reference keeps every pending event in an array sorted by (time, sequence).
    interface Entry {
      time: number;
      sequence: number;
      id: number;
      handle: number;
    }
    const precedes = (a: Entry, b: Entry): boolean =>
      a.time < b.time || (a.time === b.time && a.sequence < b.sequence);

    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const engine = new Engine();
      const rng = new Random(seed);
      const reference: Entry[] = [];
      let sequence = 0;
      let lastFired = -1;
      const record = engine.register((id) => {
        lastFired = id;
      });

      // Delays from several regimes: ties, zero, tiny, ordinary, far and very far future.
      const delay = (): number => {
        const u = rng.next();
        if (u < 0.1) return 0;
        if (u < 0.25) return Math.floor(rng.next() * 4); // coarse: many equal times
        if (u < 0.3) return rng.next() * 1e-9;
        if (u < 0.8) return rng.exponential(1);
        if (u < 0.9) return rng.exponential(1000);
        if (u < 0.97) return rng.next() * 1e6;
        return rng.next() * 1e12;
      };
      const schedule = (): void => {
        const time = engine.now + delay();
        const id = sequence;
        const entry = {
          time,
          sequence: sequence++,
          id,
          handle: engine.scheduleCancellableAt(time, record, id),
        };
        let lo = 0;
        let hi = reference.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (precedes(reference[mid]!, entry)) lo = mid + 1;
          else hi = mid;
        }
        reference.splice(lo, 0, entry);
      };

      // Phases that grow the pending set well past the plain-heap limit and shrink it to zero.
      // Mismatches are collected as text (calling expect() per operation would dominate the run).
      const mismatches: string[] = [];
      const check = (ok: boolean, what: string): void => {
        if (!ok && mismatches.length < 5) mismatches.push(`seed ${seed}, event ${sequence}: ${what}`);
      };
      for (const target of [50, 3000, 20, 6000, 0, 1500, 0]) {
        for (let op = 0; op < 12_000; op++) {
          const u = rng.next();
          const grow = reference.length < target ? 0.7 : 0.3;
          if (u < grow) {
            schedule();
          } else if (u < grow + 0.08 && reference.length > 0) {
            const victim = rng.int(reference.length);
            check(engine.cancel(reference[victim]!.handle), 'cancel of a pending event failed');
            check(!engine.cancel(reference[victim]!.handle), 'second cancel succeeded');
            reference.splice(victim, 1);
          } else {
            const expected = reference.shift();
            check(engine.peek() === (expected === undefined ? Infinity : expected.time), 'peek');
            check(engine.step() === (expected !== undefined), 'step');
            if (expected !== undefined) {
              check(lastFired === expected.id, `fired ${lastFired}, expected ${expected.id}`);
              check(engine.now === expected.time, 'clock');
              check(!engine.cancel(expected.handle), 'cancel after firing succeeded');
            }
          }
          check(engine.pending === reference.length, 'pending');
        }
        if (target === 0) {
          while (reference.length > 0) {
            engine.step();
            check(lastFired === reference.shift()!.id, 'drain order');
          }
          check(!engine.step(), 'step on an empty engine');
        }
      }
      expect(mismatches).toEqual([]);
    }
  });

  it('keeps the order of events scheduled from handlers, at the current time and in a crowd of equal times', () => {
    const engine = new Engine();
    const fired: number[] = [];
    let next = 0;
    const record = engine.register((id) => {
      fired.push(id);
      // Every tenth event schedules one at the current time: it runs after the others now due.
      if (id % 10 === 0) engine.schedule(0, record, 100_000 + next++);
    });
    // 2,000 events at one time (cannot be split into buckets), 2,000 spread out, and a far one.
    for (let i = 0; i < 2000; i++) engine.scheduleAt(5, record, i);
    for (let i = 0; i < 2000; i++) engine.scheduleAt(i / 100, record, 2000 + i);
    engine.scheduleAt(1e15, record, 4000);

    const expected: { time: number; sequence: number; id: number }[] = [];
    for (let i = 0; i < 2000; i++) expected.push({ time: 5, sequence: i, id: i });
    for (let i = 0; i < 2000; i++) expected.push({ time: i / 100, sequence: 2000 + i, id: 2000 + i });
    expected.push({ time: 1e15, sequence: 4000, id: 4000 });
    engine.run(Infinity);
    expect(engine.eventsProcessed).toBe(fired.length);
    // Replay the reference: pop the least (time, sequence), and mirror the zero-delay reschedules.
    const order: number[] = [];
    let sequence = 4001;
    let follow = 0;
    let now = 0;
    while (expected.length > 0) {
      let best = 0;
      for (let i = 1; i < expected.length; i++) {
        const a = expected[i]!;
        const b = expected[best]!;
        if (a.time < b.time || (a.time === b.time && a.sequence < b.sequence)) best = i;
      }
      const [event] = expected.splice(best, 1);
      now = event!.time;
      order.push(event!.id);
      if (event!.id % 10 === 0) expected.push({ time: now, sequence: sequence++, id: 100_000 + follow++ });
    }
    expect(fired).toEqual(order);
  });

  it('keeps its structures bounded in a long hold with cancellations', () => {
    const engine = new Engine();
    const rng = new Random(7);
    const pending = 20_000;
    let farHandle = -1;
    let cancelled = 0;
    const kind = engine.register(() => {
      engine.schedule(rng.exponential(1), kind);
      // A far-future timer, rearmed each time: the cancelled ones must not pile up.
      if (farHandle >= 0 && engine.cancel(farHandle)) cancelled++;
      farHandle = engine.scheduleCancellable(1000 + rng.next(), kind);
    });
    for (let i = 0; i < pending; i++) engine.schedule(rng.exponential(1), kind);
    for (let i = 0; i < 200_000; i++) engine.step();
    const settled = engine.structureSize;
    for (let i = 0; i < 1_000_000; i++) engine.step();
    expect(engine.structureSize).toEqual(settled);
    expect(cancelled).toBe(1_200_000 - 1);
    expect(engine.pending).toBe(pending + 1);
    expect(settled.slots).toBeLessThanOrEqual(4 * pending);
    expect(settled.buckets).toBeLessThanOrEqual(8 * pending);
  });
  it('drops cancelled events from the heap when they crowd it, keeping the order exact', () => {
    // Processor sharing re-arms one near completion on every arrival: most heap entries
    // would be cancelled ones if they stayed until their time.
    const engine = new Engine();
    const rng = new Random(11);
    const fired: number[] = [];
    const record = engine.register((id) => fired.push(id));
    const expected = new Map<number, number>(); // id -> time, the live events
    for (let i = 0; i < 50; i++) {
      const time = 1000 + rng.next() * 1000;
      engine.scheduleAt(time, record, i);
      expected.set(i, time);
    }
    let handle = -1;
    let live = -1;
    for (let i = 50; i < 20_050; i++) {
      if (handle >= 0) {
        expect(engine.cancel(handle)).toBe(true);
        expected.delete(live);
      }
      const time = 500 + rng.next() * 100;
      handle = engine.scheduleCancellableAt(time, record, i);
      live = i;
      expected.set(i, time);
    }
    expect(engine.pending).toBe(51);
    expect(engine.structureSize.slots).toBeLessThanOrEqual(256);
    engine.run(Infinity);
    const order = [...expected].sort((a, b) => a[1] - b[1] || a[0] - b[0]).map(([id]) => id);
    expect(fired).toEqual(order);
  });
});
