/**
 * The distribution of instance start latencies a run actually drew, in bounded memory:
 * counts in fixed log-spaced bins, four per decade from 0.1 ms to 1,000 s (28 bins),
 * plus an underflow and an overflow count. Fixed edges keep the summary small (it crosses
 * the worker boundary) and make histograms of different platforms and runs line up.
 */
export interface StartLatencyHistogram {
  /** Bin edges (ms), ascending; bin i holds [edgesMs[i], edgesMs[i + 1]). */
  edgesMs: number[];
  /** Starts per bin; counts.length = edgesMs.length - 1. */
  counts: number[];
  /** Starts below edgesMs[0]. */
  underflow: number;
  /** Starts at or above the last edge. */
  overflow: number;
}

export const START_BINS_PER_DECADE = 4;
/** log10 of the lowest and highest edge (ms): 0.1 ms and 1e6 ms. */
const LOWEST_DECADE = -1;
const HIGHEST_DECADE = 6;

/** The edges every start histogram uses (ms): 10^(k / 4), rounded to 4 significant digits. */
export const START_HISTOGRAM_EDGES_MS: readonly number[] = Object.freeze(
  Array.from({ length: (HIGHEST_DECADE - LOWEST_DECADE) * START_BINS_PER_DECADE + 1 }, (_, i) =>
    Number((10 ** (LOWEST_DECADE + i / START_BINS_PER_DECADE)).toPrecision(4)),
  ),
);

/** Bin of `ms` in START_HISTOGRAM_EDGES_MS: -1 below the range, edges.length - 1 at or above it. */
export function startBinOf(ms: number): number {
  const edges = START_HISTOGRAM_EDGES_MS;
  if (!(ms >= edges[0]!)) return -1;
  const last = edges.length - 1;
  if (ms >= edges[last]!) return last;
  // The logarithm gives the bin up to rounding; the edges themselves decide.
  let bin = Math.min(
    last - 1,
    Math.max(0, Math.floor((Math.log10(ms) - LOWEST_DECADE) * START_BINS_PER_DECADE)),
  );
  while (bin > 0 && ms < edges[bin]!) bin--;
  while (bin < last - 1 && ms >= edges[bin + 1]!) bin++;
  return bin;
}

/** Accumulates start latencies into the fixed bins. */
export class StartHistogramRecorder {
  private readonly counts = new Array<number>(START_HISTOGRAM_EDGES_MS.length - 1).fill(0);
  private underflow = 0;
  private overflow = 0;

  record(ms: number): void {
    const bin = startBinOf(ms);
    if (bin < 0) this.underflow++;
    else if (bin >= this.counts.length) this.overflow++;
    else this.counts[bin]!++;
  }

  /** A plain copy, safe to send to another thread. */
  snapshot(): StartLatencyHistogram {
    return {
      edgesMs: [...START_HISTOGRAM_EDGES_MS],
      counts: [...this.counts],
      underflow: this.underflow,
      overflow: this.overflow,
    };
  }
}

/** Every start the histogram holds (bins, underflow and overflow). */
export function startHistogramTotal(histogram: StartLatencyHistogram): number {
  return histogram.counts.reduce((sum, n) => sum + n, histogram.underflow + histogram.overflow);
}
