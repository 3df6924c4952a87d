import { describe, expect, it } from 'vitest';
import {
  distributionMedian,
  logNormalWithMedian,
  sampleDistribution,
  type Distribution,
} from './distributions';
import { EmpiricalDistribution, Random } from './random';

const N = 200_000;

function draw(n: number, sample: () => number): Float64Array {
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = sample();
  return values;
}

function mean(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

function minMax(values: Float64Array): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

function median(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.floor(sorted.length / 2)]!;
}

describe('Random', () => {
  it('gives the same sequence for the same seed, and pins the first outputs', () => {
    const a = new Random(12345);
    const b = new Random(12345);
    const first = draw(1000, () => a.nextUint32());
    expect(draw(1000, () => b.nextUint32())).toEqual(first);
    // Regression pin: a change to the generator or its seeding would change every saved run.
    expect(Array.from(first.slice(0, 3))).toEqual([2142345551, 3083893245, 1997626643]);
    expect(new Random(0).nextUint32()).toBe(548183886);
  });

  it('gives different sequences for different seeds', () => {
    const a = draw(
      100,
      (
        (r) => () =>
          r.next()
      )(new Random(1)),
    );
    const b = draw(
      100,
      (
        (r) => () =>
          r.next()
      )(new Random(2)),
    );
    expect(a).not.toEqual(b);
  });

  it('rejects seeds outside uint32', () => {
    expect(() => new Random(-1)).toThrow(RangeError);
    expect(() => new Random(2 ** 32)).toThrow(RangeError);
    expect(() => new Random(1.5)).toThrow(RangeError);
  });

  it('forks streams that depend on the id only, not on consumption', () => {
    const root = new Random(7);
    const arrivalsA = root.fork('arrivals');
    for (let i = 0; i < 50; i++) root.next(); // consuming the parent must not matter
    const arrivalsB = root.fork('arrivals');
    const other = root.fork('start:vm');
    const numbered = root.fork(3);
    const seqA = draw(500, () => arrivalsA.next());
    expect(draw(500, () => arrivalsB.next())).toEqual(seqA);
    expect(draw(500, () => other.next())).not.toEqual(seqA);
    expect(numbered.key).not.toBe(root.fork(4).key);
    expect(new Random(8).fork('arrivals').key).not.toBe(new Random(7).fork('arrivals').key);
  });

  it('draws uniform numbers in [0, 1) with the right mean and spread', () => {
    const rng = new Random(1);
    const values = draw(N, () => rng.next());
    const [min, max] = minMax(values);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(mean(values)).toBeCloseTo(0.5, 2);
    const inRange = draw(N, () => rng.uniform(-3, 5));
    expect(mean(inRange)).toBeCloseTo(1, 1);
  });

  it('draws integers uniformly in [0, n)', () => {
    const rng = new Random(2);
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[rng.int(6)]!++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400); // ~4 standard deviations
    expect(() => rng.int(0)).toThrow(RangeError);
  });

  it('exponential mean matches', () => {
    const rng = new Random(3);
    expect(mean(draw(N, () => rng.exponential(2)))).toBeCloseTo(2, 1);
    expect(Math.abs(mean(draw(N, () => rng.exponential(2))) / 2 - 1)).toBeLessThan(0.01);
  });

  it('normal mean and standard deviation match', () => {
    const rng = new Random(4);
    const values = draw(N, () => rng.normal(10, 3));
    const m = mean(values);
    let sq = 0;
    for (const v of values) sq += (v - m) ** 2;
    expect(Math.abs(m - 10)).toBeLessThan(0.03);
    expect(Math.abs(Math.sqrt(sq / values.length) / 3 - 1)).toBeLessThan(0.01);
  });

  it('log-normal median is e^mu and mean is e^(mu + sigma^2 / 2)', () => {
    const rng = new Random(5);
    const values = draw(N, () => rng.logNormal(1, 0.5));
    expect(Math.abs(median(values) / Math.E - 1)).toBeLessThan(0.01);
    expect(Math.abs(mean(values) / Math.exp(1 + 0.125) - 1)).toBeLessThan(0.01);
  });

  it('Pareto mean is shape * scale / (shape - 1) and median scale * 2^(1/shape)', () => {
    const rng = new Random(6);
    const values = draw(N, () => rng.pareto(2, 3));
    expect(minMax(values)[0]).toBeGreaterThanOrEqual(2);
    expect(Math.abs(mean(values) / 3 - 1)).toBeLessThan(0.01);
    expect(Math.abs(median(values) / (2 * 2 ** (1 / 3)) - 1)).toBeLessThan(0.01);
  });

  it('Burr XII median is lambda * (2^(1/k) - 1)^(1/c) (Shahrad et al. memory fit)', () => {
    const rng = new Random(7);
    const [c, k, lambda] = [11.652, 0.221, 107.083];
    const values = draw(N, () => rng.burrXII(c, k, lambda));
    const expected = lambda * (2 ** (1 / k) - 1) ** (1 / c);
    expect(expected).toBeCloseTo(139.63, 2); // hand-computed: 107.083 * 22.02^(1 / 11.652)
    expect(Math.abs(median(values) / expected - 1)).toBeLessThan(0.01);
    // CDF at lambda is 1 - 2^-k.
    const belowLambda = values.filter((v) => v <= lambda).length / values.length;
    expect(belowLambda).toBeCloseTo(1 - 2 ** -k, 2);
  });

  it('empirical draws follow the weights', () => {
    const rng = new Random(8);
    const counts = new Map<number, number>();
    for (let i = 0; i < N; i++) {
      const v = rng.empirical([10, 20, 30], [1, 0, 3]);
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    expect(counts.get(20)).toBeUndefined();
    expect((counts.get(30) ?? 0) / N).toBeCloseTo(0.75, 2);
    expect(() => rng.empirical([])).toThrow(RangeError);
    expect(() => rng.empirical([1, 2], [0, 0])).toThrow(RangeError);

    const table = new EmpiricalDistribution([10, 20, 30], [1, 0, 3]);
    const tableDraws = draw(N, () => table.sample(rng));
    expect(tableDraws.includes(20)).toBe(false);
    expect(tableDraws.filter((v) => v === 30).length / N).toBeCloseTo(0.75, 2);
  });
});

describe('distributions', () => {
  it('sample medians match distributionMedian', () => {
    const cases: Distribution[] = [
      { kind: 'constant', value: 4 },
      { kind: 'uniform', min: 2, max: 6 },
      { kind: 'exponential', mean: 3 },
      logNormalWithMedian(265, 0.25),
      { kind: 'pareto', scale: 1, shape: 2.5 },
      { kind: 'burrXII', c: 11.652, k: 0.221, lambda: 107.083 },
      { kind: 'empirical', values: [1, 2, 3, 4], weights: [1, 1, 1, 5] },
    ];
    const rng = new Random(9);
    for (const d of cases) {
      const values = draw(100_001, () => sampleDistribution(d, rng));
      expect(Math.abs(median(values) / distributionMedian(d) - 1), d.kind).toBeLessThan(0.01);
    }
  });

  it('logNormalWithMedian rejects non-positive medians', () => {
    expect(() => logNormalWithMedian(0, 0.2)).toThrow(RangeError);
    expect(() => logNormalWithMedian(10, -1)).toThrow(RangeError);
  });
});
