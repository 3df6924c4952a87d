/**
 * Seeded pseudo-random numbers for the simulation core. Nothing in shared/ may use
 * Math.random: the same seed must give the same run on every machine.
 *
 * Generator: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator from PractRand;
 * 128-bit state, passes PractRand and BigCrush), whose four state words are filled from a
 * 32-bit key by splitmix32. It runs on 32-bit integer arithmetic only (Math.imul, |0, >>>),
 * so every JavaScript engine produces the same sequence.
 *
 * Samplers use inversion where a closed form exists, so one draw of the underlying
 * stream maps to one sample; that keeps common random numbers aligned across platforms.
 * Parameters are trusted on these hot paths; validate them where distributions are built
 * (see distributions.ts).
 */

const TWO_POW_32 = 4294967296;
const GOLDEN_GAMMA = 0x9e3779b9;

/** Murmur3/splitmix32-style finaliser: a bijective 32-bit avalanche. */
export function mix32(x: number): number {
  let z = x | 0;
  z ^= z >>> 16;
  z = Math.imul(z, 0x21f0aaad);
  z ^= z >>> 15;
  z = Math.imul(z, 0x735a2d97);
  z ^= z >>> 15;
  return z >>> 0;
}

/** FNV-1a over UTF-16 code units: turns a stream name into a 32-bit id. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export type StreamId = number | string;

export class Random {
  /** 32-bit key this stream was built from; forks derive their keys from it. */
  readonly key: number;
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  /** Second value of the last Box-Muller pair, NaN when none is cached. */
  private spareNormal = Number.NaN;

  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed >= TWO_POW_32) {
      throw new RangeError(`seed must be an integer in [0, 2^32), got ${seed}`);
    }
    this.key = seed >>> 0;
    // splitmix32 sequence starting at the key fills the sfc32 state.
    let s = this.key;
    s = (s + GOLDEN_GAMMA) | 0;
    this.a = mix32(s);
    s = (s + GOLDEN_GAMMA) | 0;
    this.b = mix32(s);
    s = (s + GOLDEN_GAMMA) | 0;
    this.c = mix32(s);
    s = (s + GOLDEN_GAMMA) | 0;
    this.d = mix32(s);
    // Discard the first outputs, as sfc32's author recommends, to leave the seeding region.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /**
   * An independent stream derived from this stream's key and `streamId` only, not from
   * how much of this stream was consumed: forking the same id twice gives the same
   * sequence, which is how platforms share arrivals (common random numbers).
   */
  fork(streamId: StreamId): Random {
    let idHash: number;
    if (typeof streamId === 'string') {
      idHash = hashString(streamId);
    } else {
      if (!Number.isInteger(streamId) || streamId < 0 || streamId >= TWO_POW_32) {
        throw new RangeError(`numeric stream id must be an integer in [0, 2^32), got ${streamId}`);
      }
      idHash = mix32(streamId ^ 0x5bd1e995);
    }
    return new Random(mix32(Math.imul(this.key ^ 0x85ebca6b, GOLDEN_GAMMA) ^ idHash ^ 0x27d4eb2f));
  }

  /** Next raw 32-bit output (sfc32). */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1) with 32-bit resolution. */
  next(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** Uniform in [a, b). */
  uniform(a: number, b: number): number {
    return a + (b - a) * this.next();
  }

  /** Integer uniform in [0, n), n a positive integer <= 2^32. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > TWO_POW_32) {
      throw new RangeError(`int(n) needs an integer n in [1, 2^32], got ${n}`);
    }
    return Math.floor(this.next() * n);
  }

  /** Exponential with the given mean, by inversion (1 - u is in (0, 1], so log is finite). */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** Normal by Box-Muller; the pair's second value is cached for the next call. */
  normal(mu: number, sigma: number): number {
    let z = this.spareNormal;
    if (Number.isNaN(z)) {
      const radius = Math.sqrt(-2 * Math.log(1 - this.next()));
      const angle = 2 * Math.PI * this.next();
      z = radius * Math.cos(angle);
      this.spareNormal = radius * Math.sin(angle);
    } else {
      this.spareNormal = Number.NaN;
    }
    return mu + sigma * z;
  }

  /** exp(N(mu, sigma)): median e^mu. */
  logNormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  /** Pareto type I: P(X > x) = (scale / x)^shape for x >= scale. */
  pareto(scale: number, shape: number): number {
    return scale / Math.pow(1 - this.next(), 1 / shape);
  }

  /**
   * Burr type XII with F(x) = 1 - (1 + (x / lambda)^c)^(-k), by inversion. The form used by
   * Shahrad et al. 2020 for memory per application (c = 11.652, k = 0.221, lambda = 107.083 MB).
   */
  burrXII(c: number, k: number, lambda: number): number {
    const u = 1 - this.next(); // in (0, 1]
    return lambda * Math.pow(Math.pow(u, -1 / k) - 1, 1 / c);
  }

  /**
   * One of `values`, uniformly or in proportion to `weights`. O(n) per call: for repeated
   * sampling from the same table build an EmpiricalDistribution once.
   */
  empirical(values: readonly number[], weights?: readonly number[]): number {
    if (values.length === 0) throw new RangeError('empirical() needs at least one value');
    if (weights === undefined) return values[this.int(values.length)]!;
    if (weights.length !== values.length) {
      throw new RangeError('empirical() needs as many weights as values');
    }
    let total = 0;
    for (const w of weights) {
      if (!(w >= 0) || !Number.isFinite(w))
        throw new RangeError('empirical() weights must be finite and >= 0');
      total += w;
    }
    if (!(total > 0)) throw new RangeError('empirical() weights must not all be zero');
    let target = this.next() * total;
    for (let i = 0; i < values.length; i++) {
      target -= weights[i]!;
      if (target < 0) return values[i]!;
    }
    // Rounding left target a hair above zero: return the last value with positive weight.
    for (let i = values.length - 1; i >= 0; i--) if (weights[i]! > 0) return values[i]!;
    return values[values.length - 1]!;
  }
}

/** A weighted table prepared once: O(log n) per sample by binary search on cumulative weights. */
export class EmpiricalDistribution {
  private readonly values: Float64Array;
  private readonly cumulative: Float64Array;

  constructor(values: readonly number[], weights?: readonly number[]) {
    if (values.length === 0) throw new RangeError('EmpiricalDistribution needs at least one value');
    if (weights !== undefined && weights.length !== values.length) {
      throw new RangeError('EmpiricalDistribution needs as many weights as values');
    }
    this.values = Float64Array.from(values);
    this.cumulative = new Float64Array(values.length);
    let total = 0;
    for (let i = 0; i < values.length; i++) {
      const w = weights === undefined ? 1 : weights[i]!;
      if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError('weights must be finite and >= 0');
      total += w;
      this.cumulative[i] = total;
    }
    if (!(total > 0)) throw new RangeError('weights must not all be zero');
  }

  sample(rng: Random): number {
    const n = this.cumulative.length;
    const target = rng.next() * this.cumulative[n - 1]!;
    // First index whose cumulative weight exceeds the target.
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo]!;
  }
}
