/** The clock and timer a RedrawThrottle runs on: the browser's, or a manual one in tests. */
export interface ThrottleClock {
  now(): number;
  /** Calls `callback` after `delayMs`; returns a function that cancels it. */
  schedule(callback: () => void, delayMs: number): () => void;
}

/**
 * Bounds how often a chart redraws, whatever the rate of the data: at most one draw per
 * `minIntervalMs` (50 ms, i.e. 20 per second). Requests inside the interval collapse into
 * one trailing draw at its end, and `draw` reads the data when it runs, so the last data
 * always reaches the screen.
 */
export class RedrawThrottle {
  private cancelPending: (() => void) | null = null;
  private lastDrawAt = Number.NEGATIVE_INFINITY;
  /** Draws done so far (the long-task benchmark reports it). */
  draws = 0;

  constructor(
    private readonly draw: () => void,
    private readonly clock: ThrottleClock,
    readonly minIntervalMs = 50,
  ) {}

  request(): void {
    if (this.cancelPending) return; // a draw is already due and will show the latest data
    const wait = Math.max(0, this.lastDrawAt + this.minIntervalMs - this.clock.now());
    this.cancelPending = this.clock.schedule(() => {
      this.cancelPending = null;
      this.lastDrawAt = this.clock.now();
      this.draws++;
      this.draw();
    }, wait);
  }

  get pending(): boolean {
    return this.cancelPending !== null;
  }

  cancel(): void {
    this.cancelPending?.();
    this.cancelPending = null;
  }
}

/** The browser's clock: a draw due now waits for the next animation frame, a later one for a timer first. */
export const browserClock: ThrottleClock = {
  now: () => performance.now(),
  schedule(callback, delayMs) {
    let frame = 0;
    const timer = setTimeout(() => (frame = requestAnimationFrame(callback)), delayMs);
    return () => {
      clearTimeout(timer);
      cancelAnimationFrame(frame);
    };
  },
};
