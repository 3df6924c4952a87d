import { Engine } from '../shared/sim/engine';
import { Random } from '../shared/sim/random';
import { median, nowMs } from './util';

/**
 * The classic "hold" benchmark for event lists: `pending` timers, each of which, when it
 * fires, schedules itself again after an exponential delay (mean 1 s). The heap therefore
 * stays at exactly `pending` events while every event costs one pop and one push, and
 * nothing else happens: no model work, no allocation. Delays come from a table drawn
 * beforehand with the project's seeded Random, so the random number generator is not timed.
 */

const DELAY_TABLE_SIZE = 1 << 20; // 8 MiB of delays, far more than a cache holds
const DELAY_MASK = DELAY_TABLE_SIZE - 1;

export interface HoldResult {
  pending: number;
  eventsPerRep: number;
  repetitions: number;
  /** Events per second of each timed repetition, in run order. */
  eventsPerSecond: number[];
  medianEventsPerSecond: number;
}

let delayTable: Float64Array | null = null;

function delays(): Float64Array {
  if (delayTable === null) {
    const rng = new Random(20_240_601);
    delayTable = new Float64Array(DELAY_TABLE_SIZE);
    for (let i = 0; i < DELAY_TABLE_SIZE; i++) delayTable[i] = rng.exponential(1);
  }
  return delayTable;
}

/** Runs one untimed warm-up repetition, then `repetitions` timed ones on a fresh engine each. */
export function runHold(pending: number, eventsPerRep: number, repetitions: number): HoldResult {
  const table = delays();
  const rates: number[] = [];
  for (let rep = -1; rep < repetitions; rep++) {
    const engine = new Engine();
    let next = (rep + 1) * 7919; // each repetition reads the table from its own offset
    const kind = engine.register(() => {
      engine.schedule(table[next++ & DELAY_MASK]!, kind);
    });
    for (let i = 0; i < pending; i++) engine.schedule(table[next++ & DELAY_MASK]!, kind);
    // Reach the steady state first: the initial heap is not yet shaped like a hold heap.
    for (let i = 0; i < pending; i++) engine.step();

    const before = engine.eventsProcessed;
    const start = nowMs();
    for (let i = 0; i < eventsPerRep; i++) engine.step();
    const elapsedS = (nowMs() - start) / 1000;
    const fired = engine.eventsProcessed - before;
    if (engine.pending !== pending) throw new Error(`hold benchmark lost events (${engine.pending})`);
    if (rep >= 0) rates.push(fired / elapsedS);
  }
  return {
    pending,
    eventsPerRep,
    repetitions,
    eventsPerSecond: rates,
    medianEventsPerSecond: median(rates),
  };
}
