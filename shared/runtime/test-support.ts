import type { Clock, MessageEndpoint } from '../protocol';

/**
 * An in-process message channel for tests of the worker protocol: each side's messages
 * are delivered to the other asynchronously and structured-cloned, as a real worker would.
 */
export function endpointPair(): [MessageEndpoint, MessageEndpoint] {
  const listeners: [Array<(m: unknown) => void>, Array<(m: unknown) => void>] = [[], []];
  const side = (own: 0 | 1): MessageEndpoint => ({
    postMessage: (message) => {
      const copy = structuredClone(message);
      queueMicrotask(() => listeners[own === 0 ? 1 : 0].forEach((listener) => listener(copy)));
    },
    onMessage: (listener) => listeners[own].push(listener),
  });
  return [side(0), side(1)];
}

/**
 * A manual clock: time moves only when the test says so, and due timers run in order.
 * Lets pacing and forwarding be tested without sleeping.
 */
export class ManualClock implements Clock {
  private time = 0;
  private nextHandle = 1;
  private timers = new Map<number, { at: number; callback: () => void }>();

  now(): number {
    return this.time;
  }
  setTimeout(callback: () => void, ms: number): unknown {
    const handle = this.nextHandle++;
    this.timers.set(handle, { at: this.time + ms, callback });
    return handle;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  get pendingTimers(): number {
    return this.timers.size;
  }
  /** Moves time forward, running every timer that falls due (including ones they schedule). */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      let due: [number, { at: number; callback: () => void }] | null = null;
      for (const entry of this.timers)
        if (entry[1].at <= end && (!due || entry[1].at < due[1].at)) due = entry;
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = Math.max(this.time, due[1].at);
      due[1].callback();
      await flushMessages();
    }
    this.time = end;
    await flushMessages();
  }
}

/** Lets queued microtasks (in-process messages and their replies) run. */
export async function flushMessages(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
