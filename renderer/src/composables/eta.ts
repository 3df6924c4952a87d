/**
 * Wall time left of a run, from its progress rate over a sliding window of recent
 * observations (the last `windowMs` of wall time), so a change of speed shows within a few
 * seconds. The clock is whatever the caller passes in (performance.now(), or a test's).
 */
export class EtaEstimator {
  private points: Array<{ at: number; progress: number }> = [];

  constructor(
    readonly windowMs = 5_000,
    /** No estimate before progress has been watched for this long (a rate needs a span). */
    readonly minSpanMs = 1_000,
  ) {}

  /** Records progress (0..1) seen at wall time `nowMs`. Progress going back starts afresh. */
  observe(progress: number, nowMs: number): void {
    const last = this.points.at(-1);
    if (last && progress < last.progress) this.points = [];
    this.points.push({ at: nowMs, progress });
    while (this.points.length > 2 && this.points[1]!.at <= nowMs - this.windowMs) this.points.shift();
  }

  /** Forgets what was seen (after a pause, a stop or a new run). */
  reset(): void {
    this.points = [];
  }

  /** Seconds of wall time left, or null when there is no rate yet (too soon, or no progress). */
  secondsLeft(): number | null {
    const first = this.points[0];
    const last = this.points.at(-1);
    if (!first || !last || last.at - first.at < this.minSpanMs) return null;
    const rate = (last.progress - first.progress) / (last.at - first.at);
    if (rate <= 0) return null;
    return (1 - last.progress) / rate / 1000;
  }
}

/** Splits seconds into whole hours, minutes and seconds for display (rounded up to a second). */
export function durationParts(seconds: number): { hours: number; minutes: number; seconds: number } {
  const total = Math.max(0, Math.ceil(seconds));
  return { hours: Math.floor(total / 3600), minutes: Math.floor((total % 3600) / 60), seconds: total % 60 };
}
