import { describe, expect, it } from 'vitest';
import { CompareScenarioSchema, StartRunRequestSchema, defaultCompareScenario, parseWith } from './scenario';

describe('scenario schema', () => {
  it('accepts the default scenario unchanged', () => {
    const scenario = defaultCompareScenario();
    expect(parseWith(CompareScenarioSchema, scenario)).toEqual({ ok: true, value: scenario });
  });

  it.each([
    [
      (s: ReturnType<typeof defaultCompareScenario>) => (s.host.cores = 0),
      'host.cores: host cores must be at least 1',
    ],
    [(s) => (s.host.cores = 2.5), 'host.cores: host cores must be a whole number'],
    [(s) => (s.host.ramGiB = 5000), 'host.ramGiB: host RAM (GiB) must be at most 4096'],
    [
      (s) => (s.workload.requestRatePerS = Number.NaN),
      'workload.requestRatePerS: request rate (req/s) must be a number',
    ],
    [(s) => (s.workload.serviceTimeMs = 0), 'workload.serviceTimeMs: service time (ms) must be at least 0.1'],
    [
      (s) => (s.workload.appMemoryMiB = 8),
      'workload.appMemoryMiB: instance memory (MiB) must be at least 16',
    ],
    [
      (s) => (s.workload.burst = { startS: 0, durationS: 10, factor: 500 }),
      'workload.burst.factor: burst factor must be at most 100',
    ],
    [(s) => (s.horizonS = 5), 'horizonS: horizon (s) must be at least 10'],
    [(s) => (s.platforms = []), 'platforms: choose at least one platform'],
    [(s) => (s.platforms = ['vm', 'vm']), 'platforms: platforms must not repeat'],
    [(s) => (s.schemaVersion = 2 as 1), 'schemaVersion: schemaVersion must be 1'],
  ] as Array<[(s: ReturnType<typeof defaultCompareScenario>) => void, string]>)(
    'names the field and its range: %#',
    (mutate, message) => {
      const scenario = defaultCompareScenario();
      mutate(scenario);
      const result = parseWith(CompareScenarioSchema, scenario);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.split('\n')).toContain(message);
    },
  );

  it('rejects unknown fields and wrong types by path', () => {
    const result = parseWith(StartRunRequestSchema, {
      scenario: { ...defaultCompareScenario(), host: { cores: '16', ramGiB: 64, gpu: 1 } },
      seed: 1,
      speed: 1,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatch(/scenario\.host\.cores: host cores must be a number/);
    expect(result.error).toMatch(/scenario\.host: Unrecognized key: "gpu"/);
  });

  it('rejects a seed outside 32 bits', () => {
    const result = parseWith(StartRunRequestSchema, {
      scenario: defaultCompareScenario(),
      seed: 2 ** 32,
      speed: 1,
    });
    expect(result).toEqual({ ok: false, error: 'seed: seed must be at most 4294967295' });
  });
});
