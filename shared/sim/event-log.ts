import type { PlatformId } from '../scenario';

/**
 * Notable events of a Compare run with the reasons behind them, for the Timeline view's
 * "explain" panel. A reason is plain numbers (simulated seconds, MiB, ms, counts); the
 * renderer turns it into a localised sentence. The `cause` says which branch of the model
 * decided (why an instance was started, which resource ran out).
 *
 * Bounded in two ways, both independent of the horizon:
 * - a budget per platform per sample interval (EVENT_BUDGET_PER_INTERVAL): events beyond
 *   it are counted, not recorded, so a storm of rejections costs one counter increment
 *   each. The budget depends on simulated time only, so what is recorded is deterministic.
 * - the events waiting to be taken (streamed) form a ring of PENDING_CAPACITY: if nobody
 *   takes them (a benchmark running flat out), the oldest are overwritten and counted.
 */

export const SIM_EVENT_KINDS = [
  'start', // an instance start was decided
  'ready', // an instance finished starting
  'cold-start', // a request was served by an instance that started for it
  'keep-alive-stop', // an idle serverless instance was stopped when its keep-alive ran out
  'scale-down', // the autoscaler (or an eviction) stopped an idle instance
  'placement-failed', // no host had room for a new instance
  'rejected', // a request found the queue full
] as const;
export type SimEventKind = (typeof SIM_EVENT_KINDS)[number];

export const SIM_EVENT_CAUSES = [
  'initial-fleet',
  'autoscaler',
  'queue',
  'prewarm',
  'eviction',
  'memory',
  'cpu',
  'queue-full',
] as const;
export type SimEventCause = (typeof SIM_EVENT_CAUSES)[number];

export interface SimEvent {
  /** Simulated time (s). */
  t: number;
  platform: PlatformId;
  kind: SimEventKind;
  cause: SimEventCause | null;
  /** The instance's number within its platform (1, 2, ...), null when none is involved. */
  instance: number | null;
  /** Numbers behind the event; key names carry the unit (…S, …Ms, …MiB, …Cores). */
  reason: Record<string, number>;
}

export interface EventDrain {
  events: SimEvent[];
  /** Events not recorded (over the interval budget) or overwritten before being taken. */
  dropped: number;
}

export const EVENT_BUDGET_PER_INTERVAL = 64;
export const PENDING_CAPACITY = 4096;

/** The events of a whole run waiting to be taken: a ring buffer shared by the platforms. */
export class EventRing {
  private readonly items: (SimEvent | null)[];
  private head = 0;
  private length = 0;
  private dropped = 0;

  constructor(readonly capacity = PENDING_CAPACITY) {
    this.items = new Array<SimEvent | null>(capacity).fill(null);
  }

  get size(): number {
    return this.length;
  }

  push(event: SimEvent): void {
    if (this.length === this.capacity) {
      // Overwrite the oldest.
      this.items[this.head] = event;
      this.head = (this.head + 1) % this.capacity;
      this.dropped++;
      return;
    }
    this.items[(this.head + this.length) % this.capacity] = event;
    this.length++;
  }

  countDropped(n = 1): void {
    this.dropped += n;
  }

  take(): EventDrain {
    const events: SimEvent[] = new Array<SimEvent>(this.length);
    for (let i = 0; i < this.length; i++) {
      const index = (this.head + i) % this.capacity;
      events[i] = this.items[index]!;
      this.items[index] = null;
    }
    const drain = { events, dropped: this.dropped };
    this.head = 0;
    this.length = 0;
    this.dropped = 0;
    return drain;
  }
}

/** One platform's recorder: checks the interval budget, then pushes to the shared ring. */
export class EventRecorder {
  private budget = EVENT_BUDGET_PER_INTERVAL;

  constructor(
    private readonly ring: EventRing,
    private readonly platform: PlatformId,
  ) {}

  /** Cheap test before building a reason: false (and counted as dropped) when over budget. */
  accept(): boolean {
    if (this.budget > 0) return true;
    this.ring.countDropped();
    return false;
  }

  record(
    t: number,
    kind: SimEventKind,
    cause: SimEventCause | null,
    instance: number | null,
    reason: Record<string, number>,
  ): void {
    this.budget--;
    this.ring.push({ t, platform: this.platform, kind, cause, instance, reason });
  }

  /** A new sample interval begins. */
  resetBudget(): void {
    this.budget = EVENT_BUDGET_PER_INTERVAL;
  }
}
