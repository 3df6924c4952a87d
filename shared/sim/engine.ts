/**
 * Discrete-event engine in the manner of SimPy's Environment (src/simpy/core.py): it owns
 * the clock and one priority queue of pending events ordered by (time, sequence). The
 * sequence number is the scheduling order, so events due at the same time run first-in
 * first-out and every run is deterministic. Models sit on top; the engine only knows
 * event kinds (small integers mapped to handler functions) and one numeric payload.
 *
 * Pending-event set: a ladder queue (W. T. Tang, R. S. M. Goh, I. L.-J. Thng, "Ladder
 * Queue: An O(1) priority queue structure for large-scale discrete event simulation",
 * ACM TOMACS 15(3), 2005), with a binary heap as its bottom. Events far ahead wait unsorted
 * in "top"; when everything nearer is done, top is spread over a rung of buckets (one per
 * event, spanning top's time range), and each bucket, in time order, is poured into the
 * heap when its turn comes. A bucket holding more than BUCKET_LIMIT events is first split
 * into a finer rung below (up to MAX_RUNGS, SPLIT_BUCKETS_PER_EVENT buckets per event), so
 * the heap stays small (a handful of events) and each event costs O(1) amortised instead
 * of a heap's O(log n) walk through memory. A new event is filed from the finest rung when
 * it falls within that rung's span (most new events are near), else from rung 0 down.
 * With few events pending, the heap alone is faster, so the engine starts as a plain heap
 * and switches to the ladder above HEAP_ONLY_LIMIT pending events.
 *
 * Exactness: the heap orders by (time, sequence); the rungs only decide which events it
 * sees next. Each rung's bucket number is floor((time - start) x scale), a non-decreasing
 * function of time (clamped to its last bucket in lower rungs), so an event in a later
 * bucket, a finer rung's later bucket, or top, is strictly later than every event in the
 * heap, and events of equal time always sit together. The order of execution is therefore
 * exactly that of one heap over all events.
 *
 * Speed: no allocation per event. An event's data live in a "slot" (parallel typed arrays,
 * reused through a free list); buckets and top are singly linked lists through the slots.
 * cancel() only marks an event: it is dropped when it reaches the front of the heap, or,
 * when cancelled events outnumber the others, all at once by a purge of the heap, top and
 * buckets (O(1) amortised). Removing it at once would need back links or heap positions
 * kept up to date on every move of every event. The heap keeps (time, sequence, slot) in
 * its own arrays so its comparisons read contiguous memory. schedule() returns nothing: a
 * handle is a double beyond V8's small integers, boxed on every return, so only
 * scheduleCancellable() makes one.
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

/**
 * Plain heap up to this many pending events. Measured: the ladder already wins at a few
 * hundred (SimPy-twin model, ~300 pending: +50%; product model: -13% wall time).
 */
const HEAP_ONLY_LIMIT = 128;
/** When top is spread again and holds at most this many events, go back to the plain heap. */
const LADDER_MIN = 32;
/** A bucket with more events than this is split into a finer rung instead of heaped. */
const BUCKET_LIMIT = 48;
const MAX_RUNGS = 8;
/** A split rung gets this many buckets per event it takes, so most buckets pour one event or none. */
const SPLIT_BUCKETS_PER_EVENT = 2;
/** Cancelled events may stay in the heap until they outnumber the others (and this many). */
const PURGE_MIN = 16;

// A slot's state (slotState).
const FREE = 0;
const PENDING = 1;
/** Cancelled: left where it is, and freed when it reaches the front of the heap or in a purge. */
const CANCELLED = 2;
const NONE = -1; // end of a linked list
/** purgeList()'s name for top's list (buckets are named by their index). */
const TOP_LIST = -1;

export class Engine {
  private clock = 0;
  private processed = 0;
  private nextSequence = 0;
  /** Events pending in the rungs and top (the others are in the heap). */
  private outside = 0;
  /** Cancelled events still held (in the heap, a bucket or top) until dropped or purged. */
  private cancelled = 0;

  private capacity = INITIAL_CAPACITY;
  // Per-slot data.
  private slotTime: Float64Array = new Float64Array(INITIAL_CAPACITY);
  private slotSequence: Float64Array = new Float64Array(INITIAL_CAPACITY);
  private slotKind: Int32Array = new Int32Array(INITIAL_CAPACITY);
  private slotPayload: Float64Array = new Float64Array(INITIAL_CAPACITY);
  private slotState: Uint8Array = new Uint8Array(INITIAL_CAPACITY);
  private slotGeneration: Int32Array = new Int32Array(INITIAL_CAPACITY);
  /** Links of the bucket or top list the slot is in. */
  private slotNext: Int32Array = new Int32Array(INITIAL_CAPACITY);
  private freeSlots: Int32Array = new Int32Array(INITIAL_CAPACITY);
  private freeCount = 0;
  /** Slots ever handed out; slots >= this have never been used. */
  private slotsInUse = 0;

  // Bottom: a binary heap ordered by (time, sequence), keys next to the slot numbers.
  /** One longer than the heap can get: positions from heapSize on hold +Infinity. */
  private heapTime: Float64Array = new Float64Array(INITIAL_CAPACITY + 1).fill(Infinity);
  private heapSequence: Float64Array = new Float64Array(INITIAL_CAPACITY + 1);
  private heapSlot: Int32Array = new Int32Array(INITIAL_CAPACITY);
  private heapSize = 0;

  // Rungs, coarsest first; rung r + 1 subdivides bucket rungCursor[r] of rung r. No rungs
  // (depth 0) means plain-heap mode: every pending event is in the heap.
  private depth = 0;
  private readonly rungStart = new Float64Array(MAX_RUNGS);
  /** Buckets per second: bucket = floor((time - start) * scale), a multiplication, not a division. */
  private readonly rungScale = new Float64Array(MAX_RUNGS);
  /** First bucket of the rung in bucketHead/bucketCount; rungs are stacked one after another. */
  private readonly rungBase = new Int32Array(MAX_RUNGS);
  /** Time of the latest event the rung was made from (events after it may share its last bucket). */
  private readonly rungMax = new Float64Array(MAX_RUNGS);
  private readonly rungBuckets = new Int32Array(MAX_RUNGS);
  /** The rung's bucket now in the heap (or split below); later buckets are still to come. */
  private readonly rungCursor = new Int32Array(MAX_RUNGS);
  private bucketHead: Int32Array = new Int32Array(0);
  private bucketCount: Int32Array = new Int32Array(0);
  /** Plain-heap mode switches to the ladder above this many pending events. */
  private heapOnlyLimit = HEAP_ONLY_LIMIT;

  // Top: events past the end of rung 0, unsorted, with bounds of their times.
  private topHead = NONE;
  private topCount = 0;
  private topMin = Infinity;
  private topMax = -Infinity;

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
    return this.heapSize + this.outside - this.cancelled;
  }

  /** Array entries the pending-event set holds (slots and buckets), to check memory stays bounded. */
  get structureSize(): { slots: number; buckets: number } {
    return { slots: this.capacity, buckets: this.bucketHead.length };
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
  schedule(delay: number, handler: EventKind | EventHandler, payload = 0): void {
    if (!(delay >= 0)) throw new RangeError(`cannot schedule an event in the past (delay ${delay})`);
    this.insert(this.clock + delay, handler, payload);
  }

  /** Schedules `handler` at absolute simulated time `time` (>= now). */
  scheduleAt(time: number, handler: EventKind | EventHandler, payload = 0): void {
    this.insert(time, handler, payload);
  }

  /** As schedule(), and returns a handle for cancel(). */
  scheduleCancellable(delay: number, handler: EventKind | EventHandler, payload = 0): EventHandle {
    if (!(delay >= 0)) throw new RangeError(`cannot schedule an event in the past (delay ${delay})`);
    return this.scheduleCancellableAt(this.clock + delay, handler, payload);
  }

  /** As scheduleAt(), and returns a handle for cancel(). */
  scheduleCancellableAt(time: number, handler: EventKind | EventHandler, payload = 0): EventHandle {
    return this.handleOf(this.insert(time, handler, payload));
  }

  /**
   * Handles are generation x SLOT_LIMIT + slot: doubles beyond the small-integer range, which
   * V8 boxes when a call returns one, so only the cancellable variants make them.
   */
  private handleOf(slot: number): EventHandle {
    return this.slotGeneration[slot]! * SLOT_LIMIT + slot;
  }

  /** Files a new event and returns its slot. */
  private insert(time: number, handler: EventKind | EventHandler, payload: number): number {
    const kind = typeof handler === 'number' ? handler : this.register(handler);
    // One cheap test on the hot path; the messages are built elsewhere (keeps this inlinable).
    if (!(
      time >= this.clock &&
      time < Infinity &&
      kind >= 0 &&
      kind < this.handlers.length &&
      kind === (kind | 0)
    )) {
      this.refuse(time, kind);
    }

    const slot = this.allocateSlot();
    const sequence = this.nextSequence++;
    this.slotKind[slot] = kind;
    this.slotPayload[slot] = payload;
    this.slotState[slot] = PENDING;
    if (this.depth > 0) this.insertIntoLadder(time, sequence, slot);
    else {
      this.siftUp(this.heapSize++, time, sequence, slot);
      if (this.heapSize > this.heapOnlyLimit) this.startLadder();
    }
    return slot;
  }

  private refuse(time: number, kind: number): never {
    if (!(time >= this.clock)) {
      throw new RangeError(`cannot schedule an event in the past (at ${time}, now ${this.clock})`);
    }
    if (time === Infinity) throw new RangeError('cannot schedule an event at infinity');
    throw new RangeError(`unknown event kind ${kind}`);
  }

  /** Removes a pending event; returns false if it already fired or was cancelled. */
  cancel(handle: EventHandle): boolean {
    const slot = handle % SLOT_LIMIT;
    const generation = Math.floor(handle / SLOT_LIMIT);
    if (!(slot >= 0 && slot < this.slotsInUse)) return false;
    if (this.slotGeneration[slot] !== generation) return false;
    if (this.slotState[slot] !== PENDING) return false;
    // Left where it is: unlinking or removing it would need back links or heap positions kept
    // up to date on every move of every event. It is dropped when it reaches the front, or
    // all at once when cancelled events outnumber the others.
    this.slotState[slot] = CANCELLED;
    if (++this.cancelled > PURGE_MIN && 2 * this.cancelled > this.heapSize + this.outside) this.purge();
    return true;
  }

  /** Time of the next event, or Infinity if none is pending. */
  peek(): number {
    return this.dropCancelled() ? this.heapTime[0]! : Infinity;
  }

  /** Fires the next event; returns false if there was none. */
  step(): boolean {
    if (!this.dropCancelled()) return false;
    this.fireFirst();
    return true;
  }

  /** Pops cancelled events off the front; true if a live event is then first in the heap. */
  private dropCancelled(): boolean {
    for (;;) {
      if (this.heapSize === 0 && !this.refill()) return false;
      if (this.slotState[this.heapSlot[0]!] !== CANCELLED) return true;
      this.fireFirst(); // drops it
    }
  }

  /**
   * Fires every event due at or before `until`, then sets the clock to `until` (as SimPy's
   * run(until) does). With until = Infinity it runs until no event is left and the clock
   * stays at the last event's time.
   */
  run(until: number): void {
    if (!(until >= this.clock))
      throw new RangeError(`cannot run back in time (until ${until}, now ${this.clock})`);
    // In plain-heap mode nothing is outside the heap and refill() is never called.
    while ((this.heapSize > 0 || (this.outside > 0 && this.refill())) && this.heapTime[0]! <= until) {
      this.fireFirst();
    }
    if (until !== Infinity) this.clock = until;
  }

  /** Pops the heap's first event and runs its handler; the heap must not be empty. */
  private fireFirst(): void {
    const time = this.heapTime[0]!;
    const slot = this.heapSlot[0]!;
    const last = --this.heapSize;
    const lastTime = this.heapTime[last]!;
    this.heapTime[last] = Infinity; // keep the sentinel past the end (see siftDown)
    if (last > 0) this.siftDown(0, lastTime, this.heapSequence[last]!, this.heapSlot[last]!);

    if (this.slotState[slot] === CANCELLED) {
      this.cancelled--;
      this.freeSlot(slot);
      return;
    }
    const kind = this.slotKind[slot]!;
    const payload = this.slotPayload[slot]!;
    this.freeSlot(slot);

    this.clock = time;
    this.processed++;
    this.handlers[kind]!(payload);
  }

  // --- ladder ---

  /** Files an event in the finest rung whose pending buckets cover its time, in top, or in the heap. */
  private insertIntoLadder(time: number, sequence: number, slot: number): void {
    // Most new events are near: try the finest rung first. An event no later than the last
    // event the rung was split from lies, by monotonicity, in the current bucket of every
    // coarser rung, so the walk from rung 0 would end here too.
    const finest = this.depth - 1;
    if (finest > 0 && time <= this.rungMax[finest]!) {
      const bucket = Math.min(
        Math.floor((time - this.rungStart[finest]!) * this.rungScale[finest]!),
        this.rungBuckets[finest]! - 1, // rounding at the edge of the parent's bucket
      );
      if (bucket > this.rungCursor[finest]!) this.link(this.rungBase[finest]! + bucket, time, sequence, slot);
      else this.siftUp(this.heapSize++, time, sequence, slot);
      return;
    }
    for (let r = 0; ;) {
      let bucket = Math.floor((time - this.rungStart[r]!) * this.rungScale[r]!);
      const buckets = this.rungBuckets[r]!;
      if (bucket >= buckets) {
        if (r === 0) {
          this.pushTop(time, sequence, slot);
          return;
        }
        bucket = buckets - 1; // rounding at the edge of the parent's bucket
      }
      const cursor = this.rungCursor[r]!;
      if (bucket > cursor) {
        this.link(this.rungBase[r]! + bucket, time, sequence, slot);
        return;
      }
      // At or before the current bucket: it belongs to the finer rung below, else to the heap.
      if (bucket < cursor || ++r === this.depth) {
        this.siftUp(this.heapSize++, time, sequence, slot);
        return;
      }
    }
  }

  /**
   * Called with an empty heap: moves the next events into it (the next non-empty bucket of
   * the finest rung, split further if it is crowded). Returns false if nothing is pending.
   */
  private refill(): boolean {
    if (this.outside === 0) return false;
    for (;;) {
      const r = this.depth - 1;
      const base = this.rungBase[r]!;
      const buckets = this.rungBuckets[r]!;
      let cursor = this.rungCursor[r]! + 1;
      while (cursor < buckets && this.bucketHead[base + cursor]! === NONE) cursor++;
      if (cursor === buckets) {
        if (r > 0) {
          this.depth--; // the parent's bucket is done
          continue;
        }
        this.spreadTop(); // rung 0 is done: everything left is in top
        if (this.heapSize > 0) return true;
        continue;
      }
      this.rungCursor[r] = cursor;
      const bucket = base + cursor;
      if (this.bucketCount[bucket]! > BUCKET_LIMIT && this.depth < MAX_RUNGS && this.split(bucket)) continue;
      for (let slot = this.bucketHead[bucket]!; slot !== NONE;) {
        const next = this.slotNext[slot]!;
        this.siftUp(this.heapSize++, this.slotTime[slot]!, this.slotSequence[slot]!, slot);
        slot = next;
      }
      this.outside -= this.bucketCount[bucket]!;
      this.bucketHead[bucket] = NONE;
      this.bucketCount[bucket] = 0;
      return true;
    }
  }

  /** Spreads a crowded bucket over a new, finer rung below; false if its events all share one time. */
  private split(bucket: number): boolean {
    let min = Infinity;
    let max = -Infinity;
    for (let slot = this.bucketHead[bucket]!; slot !== NONE; slot = this.slotNext[slot]!) {
      const time = this.slotTime[slot]!;
      if (time < min) min = time;
      if (time > max) max = time;
    }
    const events = this.bucketCount[bucket]!;
    const buckets = events * SPLIT_BUCKETS_PER_EVENT;
    const scale = buckets / (max - min);
    if (!(scale < Infinity)) return false;

    const parent = this.depth - 1;
    const base = this.rungBase[parent]! + this.rungBuckets[parent]!;
    this.openRung(this.depth++, min, scale, base, buckets);
    this.rungMax[this.depth - 1] = max;
    const head = this.bucketHead[bucket]!;
    this.outside -= events; // link() below counts them again
    this.bucketHead[bucket] = NONE;
    this.bucketCount[bucket] = 0;
    for (let slot = head; slot !== NONE;) {
      const next = this.slotNext[slot]!;
      const time = this.slotTime[slot]!;
      const index = Math.floor((time - min) * scale);
      this.link(base + (index < buckets ? index : buckets - 1), time, this.slotSequence[slot]!, slot);
      slot = next;
    }
    return true;
  }

  /**
   * With the heap and every rung empty, spreads top over a new rung 0 (one bucket per
   * event), or pours it into the heap and returns to plain-heap mode if it is small.
   */
  private spreadTop(): void {
    const events = this.topCount;
    const start = this.topMin;
    const scale = events / (this.topMax - start);
    let slot = this.topHead;
    this.topHead = NONE;
    this.topCount = 0;
    this.outside -= events; // link() and pushTop() below count them again
    this.topMin = Infinity;
    this.topMax = -Infinity;

    if (events <= LADDER_MIN || !(scale < Infinity)) {
      this.depth = 0;
      this.heapOnlyLimit = Math.max(HEAP_ONLY_LIMIT, 2 * events); // no ping-pong if all share one time
      for (; slot !== NONE;) {
        const next = this.slotNext[slot]!;
        this.siftUp(this.heapSize++, this.slotTime[slot]!, this.slotSequence[slot]!, slot);
        slot = next;
      }
      return;
    }
    this.depth = 1;
    this.openRung(0, start, scale, 0, events);
    for (; slot !== NONE;) {
      const next = this.slotNext[slot]!;
      const time = this.slotTime[slot]!;
      const sequence = this.slotSequence[slot]!;
      // The same test as insertIntoLadder: an event rounding past the last bucket stays in top.
      const index = Math.floor((time - start) * scale);
      if (index < events) this.link(index, time, sequence, slot);
      else this.pushTop(time, sequence, slot);
      slot = next;
    }
  }

  /** Leaves plain-heap mode: moves the heap into top and spreads it over rung 0. */
  private startLadder(): void {
    for (let i = 0; i < this.heapSize; i++) {
      this.pushTop(this.heapTime[i]!, this.heapSequence[i]!, this.heapSlot[i]!);
      this.heapTime[i] = Infinity;
    }
    this.heapSize = 0;
    this.spreadTop();
  }

  private openRung(r: number, start: number, scale: number, base: number, buckets: number): void {
    if (this.bucketHead.length < base + buckets) this.growBuckets(base + buckets);
    this.bucketHead.fill(NONE, base, base + buckets);
    this.bucketCount.fill(0, base, base + buckets);
    this.rungStart[r] = start;
    this.rungScale[r] = scale;
    this.rungBase[r] = base;
    this.rungBuckets[r] = buckets;
    this.rungCursor[r] = -1;
  }

  private pushTop(time: number, sequence: number, slot: number): void {
    this.slotTime[slot] = time;
    this.slotSequence[slot] = sequence;
    const head = this.topHead;
    this.slotNext[slot] = head;
    this.topHead = slot;
    this.topCount++;
    this.outside++;
    if (time < this.topMin) this.topMin = time;
    if (time > this.topMax) this.topMax = time;
  }

  private link(bucket: number, time: number, sequence: number, slot: number): void {
    this.slotTime[slot] = time;
    this.slotSequence[slot] = sequence;
    const head = this.bucketHead[bucket]!;
    this.slotNext[slot] = head;
    this.bucketHead[bucket] = slot;
    this.bucketCount[bucket]!++;
    this.outside++;
  }

  private growBuckets(needed: number): void {
    let size = Math.max(INITIAL_CAPACITY, this.bucketHead.length);
    while (size < needed) size *= 2;
    const head = new Int32Array(size);
    head.set(this.bucketHead);
    const count = new Int32Array(size);
    count.set(this.bucketCount);
    this.bucketHead = head;
    this.bucketCount = count;
  }

  // --- binary heap ordered by (time, sequence) ---

  /**
   * Frees every cancelled event: filters the heap (and restores its order, Floyd's
   * construction), top and every bucket still to come. O(pending), run only when cancelled
   * events outnumber the others, so O(1) amortised per cancel.
   */
  private purge(): void {
    let size = 0;
    for (let i = 0; i < this.heapSize; i++) {
      const slot = this.heapSlot[i]!;
      if (this.slotState[slot] === CANCELLED) this.freeSlot(slot);
      else this.place(size++, this.heapTime[i]!, this.heapSequence[i]!, slot);
    }
    // Every cancelled event is freed here; those not in the heap were counted in `outside`.
    this.outside -= this.cancelled - (this.heapSize - size);
    this.cancelled = 0;
    this.heapTime.fill(Infinity, size, this.heapSize);
    this.heapSize = size;
    for (let i = (size >> 1) - 1; i >= 0; i--) {
      this.siftDown(i, this.heapTime[i]!, this.heapSequence[i]!, this.heapSlot[i]!);
    }
    this.purgeList(TOP_LIST);
    for (let r = 0; r < this.depth; r++) {
      const end = this.rungBase[r]! + this.rungBuckets[r]!;
      for (let bucket = this.rungBase[r]! + this.rungCursor[r]! + 1; bucket < end; bucket++) {
        if (this.bucketHead[bucket] !== NONE) this.purgeList(bucket);
      }
    }
  }

  /** Frees the cancelled events of a bucket's list (or top's, TOP_LIST) and updates its count. */
  private purgeList(list: number): void {
    let dropped = 0;
    let first = NONE;
    let last = NONE;
    for (let slot = list === TOP_LIST ? this.topHead : this.bucketHead[list]!; slot !== NONE;) {
      const next = this.slotNext[slot]!;
      if (this.slotState[slot] === CANCELLED) {
        this.freeSlot(slot);
        dropped++;
      } else {
        if (last === NONE) first = slot;
        else this.slotNext[last] = slot;
        last = slot;
      }
      slot = next;
    }
    if (last !== NONE) this.slotNext[last] = NONE;
    if (list === TOP_LIST) {
      this.topHead = first;
      this.topCount -= dropped;
    } else {
      this.bucketHead[list] = first;
      this.bucketCount[list]! -= dropped;
    }
  }

  /** True if an event with this key fires before the one at heap position `index`. */
  private before(time: number, sequence: number, index: number): boolean {
    const other = this.heapTime[index]!;
    return time < other || (time === other && sequence < this.heapSequence[index]!);
  }

  private place(index: number, time: number, sequence: number, slot: number): void {
    this.heapTime[index] = time;
    this.heapSequence[index] = sequence;
    this.heapSlot[index] = slot;
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

  /**
   * Places the entry at `index` or below, moving earlier children up into the hole. Heap
   * positions from heapSize on hold +Infinity, so a missing right child is never chosen and
   * the choice needs no bounds test (measured faster on the small heaps the ladder leaves).
   */
  private siftDown(index: number, time: number, sequence: number, slot: number): void {
    const size = this.heapSize;
    const times = this.heapTime;
    const sequences = this.heapSequence;
    for (let child = 2 * index + 1; child < size; child = 2 * index + 1) {
      const leftTime = times[child]!;
      const rightTime = times[child + 1]!;
      child +=
        rightTime < leftTime || (rightTime === leftTime && sequences[child + 1]! < sequences[child]!) ? 1 : 0;
      const childTime = times[child]!;
      const childSequence = sequences[child]!;
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
    this.slotState[slot] = FREE;
    this.slotGeneration[slot] = (this.slotGeneration[slot]! + 1) & (GENERATION_LIMIT - 1);
    this.freeSlots[this.freeCount++] = slot;
  }

  /** Doubles every per-slot array and the heap (one heap entry at most per pending slot). */
  private grow(): void {
    const capacity = this.capacity * 2;
    if (capacity > SLOT_LIMIT) throw new RangeError(`more than ${SLOT_LIMIT} events pending`);
    const growF64 = (old: Float64Array, length = capacity, fill = 0): Float64Array => {
      const next = new Float64Array(length).fill(fill);
      next.set(old);
      return next;
    };
    const growI32 = (old: Int32Array): Int32Array => {
      const next = new Int32Array(capacity);
      next.set(old);
      return next;
    };
    this.slotTime = growF64(this.slotTime);
    this.slotSequence = growF64(this.slotSequence);
    this.slotKind = growI32(this.slotKind);
    this.slotPayload = growF64(this.slotPayload);
    const state = new Uint8Array(capacity);
    state.set(this.slotState);
    this.slotState = state;
    this.slotGeneration = growI32(this.slotGeneration);
    this.slotNext = growI32(this.slotNext);
    this.freeSlots = growI32(this.freeSlots);
    this.heapTime = growF64(this.heapTime, capacity + 1, Infinity);
    this.heapSequence = growF64(this.heapSequence, capacity + 1);
    this.heapSlot = growI32(this.heapSlot);
    this.capacity = capacity;
  }
}
