import { describe, expect, it } from 'vitest';
import { defaultCompareScenario, formatIssues } from './scenario';
import { createCompareSimulation } from './sim/compare-model';
import {
  SweepRequestSchema,
  estimateRemainingMs,
  parameterValues,
  sweepPoints,
  type SweepRequest,
} from './sweep';
import { runSweep } from './sweep-runner';

function smallSweep(): SweepRequest {
  const scenario = { ...defaultCompareScenario(), horizonS: 60, sampleIntervalS: 5 };
  scenario.workload = { ...scenario.workload, arrivals: { kind: 'poisson', ratePerS: 10 } };
  return {
    scenario,
    seed: 11,
    parameters: [{ path: 'workload.arrivals.ratePerS', values: [5, 10, 20, 40] }],
    metrics: ['latencyP95Ms'],
  };
}

const errorOf = (input: unknown) => {
  const result = SweepRequestSchema.safeParse(input);
  return result.success ? null : formatIssues(result.error);
};

describe('sweep request', () => {
  it('expands ranges linearly and logarithmically, ends exact, whole numbers rounded', () => {
    expect(
      parameterValues({
        path: 'workload.arrivals.ratePerS',
        values: { from: 10, to: 40, steps: 4, scale: 'linear' },
      }),
    ).toEqual([10, 20, 30, 40]);
    const log = parameterValues({
      path: 'workload.arrivals.ratePerS',
      values: { from: 1, to: 1000, steps: 4, scale: 'log' },
    });
    expect(log[0]).toBe(1);
    expect(log[1]).toBeCloseTo(10, 9);
    expect(log[2]).toBeCloseTo(100, 9);
    expect(log[3]).toBe(1000);
    expect(
      parameterValues({ path: 'hosts.cores', values: { from: 1, to: 4, steps: 7, scale: 'linear' } }),
    ).toEqual([1, 2, 3, 4]);
  });

  it('orders two-parameter points with the first parameter varying fastest', () => {
    const request = smallSweep();
    request.parameters = [
      { path: 'workload.arrivals.ratePerS', values: [5, 10] },
      { path: 'hosts.cores', values: [8, 16] },
    ];
    expect(sweepPoints(request)).toEqual([
      [5, 8],
      [10, 8],
      [5, 16],
      [10, 16],
    ]);
  });

  it('rejects bad requests naming the field', () => {
    const base = smallSweep();
    expect(errorOf(base)).toBeNull();
    expect(errorOf({ ...base, parameters: [{ path: 'hosts.colour', values: [1] }] })).toMatch(
      /parameters\.0\.path: unknown sweep parameter "hosts.colour"/,
    );
    expect(
      errorOf({
        ...base,
        parameters: [{ path: 'hosts.cores', values: { from: 0, to: 8, steps: 3, scale: 'linear' } }],
      }),
    ).toMatch(/parameters\.0\.values\.from: hosts\.cores must be from 1 to 256 cores \(is 0\)/);
    expect(
      errorOf({
        ...base,
        parameters: [
          { path: 'serverless.keepAlive.seconds', values: { from: 0, to: 60, steps: 3, scale: 'log' } },
        ],
      }),
    ).toMatch(/parameters\.0\.values\.from: a log scale needs from and to above 0/);
    expect(
      errorOf({
        ...base,
        parameters: [
          { path: 'workload.arrivals.ratePerS', values: { from: 1, to: 100, steps: 30, scale: 'linear' } },
          { path: 'hosts.cores', values: { from: 1, to: 30, steps: 30, scale: 'linear' } },
        ],
      }),
    ).toMatch(/parameters: the sweep has 30 x 30 = 900 points, at most 400/);
    expect(errorOf({ ...base, metrics: ['vibes'] })).toMatch(/metrics\.0: unknown metric "vibes"/);
    expect(errorOf({ ...base, seed: -1 })).toMatch(/^seed: /);
    // A point whose scenario is invalid names the point and the scenario field.
    expect(
      errorOf({
        ...base,
        scenario: { ...base.scenario, horizonS: 600 },
        parameters: [{ path: 'workload.arrivals.ratePerS', values: [10, 1_000_000] }],
      }),
    ).toMatch(/workload\.arrivals\.ratePerS = 1000000 req\/s: horizonS: about/);
    const closed = smallSweep();
    closed.scenario.workload.arrivals = { kind: 'closed', clients: 10, thinkTimeMs: 100 };
    expect(errorOf(closed)).toMatch(
      /request rate applies to poisson, bursty or diurnal arrivals, not closed/,
    );
  });
});

describe('sweep runner', () => {
  it('gives, point by point, exactly the summary of a single run of that scenario and seed', () => {
    const request = SweepRequestSchema.parse(smallSweep());
    const results = runSweep(request);
    expect(results.map((r) => r.values)).toEqual([[5], [10], [20], [40]]);
    for (const result of results) {
      const scenario = structuredClone(request.scenario);
      if (scenario.workload.arrivals.kind === 'poisson')
        scenario.workload.arrivals.ratePerS = result.values[0]!;
      const simulation = createCompareSimulation(scenario, request.seed);
      simulation.advanceTo(scenario.horizonS);
      expect(result.summary).toEqual(simulation.summary());
    }
    // More load, more work done: the sweep is not flat.
    const completed = results.map((r) => r.summary.platforms[0]!.completed);
    expect(completed[3]!).toBeGreaterThan(completed[0]! * 4);
  });

  it('estimates the time left from the share done', () => {
    expect(estimateRemainingMs(1000, 0.25)).toBe(3000);
    expect(estimateRemainingMs(1000, 0)).toBeNull();
    expect(estimateRemainingMs(1000, 1)).toBe(0);
  });
});
