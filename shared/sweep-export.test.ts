import { describe, expect, it } from 'vitest';
import { defaultCompareScenario } from './scenario';
import { SweepRequestSchema } from './sweep';
import { SweepFileSchema, sweepToCsv } from './sweep-export';
import { runSweep } from './sweep-runner';

describe('sweep export', () => {
  const request = SweepRequestSchema.parse({
    scenario: { ...defaultCompareScenario(), horizonS: 60 },
    seed: 2,
    parameters: [
      { path: 'hosts.cores', values: [8, 16] },
      { path: 'workload.appMemoryMiB', values: [256] },
    ],
    metrics: ['densityPerHost'],
  });
  const points = runSweep(request);
  const provenance = { generator: 'VirtLab' as const, version: '1.0', scenario: request.scenario, seed: 2 };

  it('writes one row per point and platform with units in the header and the real numbers', () => {
    const lines = sweepToCsv(request, points, provenance).trimEnd().split('\n');
    expect(lines[0]).toBe('# virtlab 1.0 scenario="One service, three platforms" seed=2 sweep');
    const header = lines[1]!.split(',');
    expect(header.slice(0, 4)).toEqual([
      'hosts.cores (cores)',
      'workload.appMemoryMiB (MiB)',
      'platform',
      'latencyP95Ms (ms)',
    ]);
    expect(lines).toHaveLength(2 + 2 * 3);
    const density = header.indexOf('densityPerHost (instances)');
    const kvm8 = lines[2]!.split(',');
    expect(kvm8.slice(0, 3)).toEqual(['8', '256', 'kvm']);
    expect(Number(kvm8[density])).toBe(points[0]!.summary.platforms[0]!.density.instances);
  });

  it('re-imports the request from a JSON export and names a bad field', () => {
    const file = JSON.parse(JSON.stringify({ ...provenance, chart: 'sweep', request, points }));
    expect(SweepFileSchema.parse(file).request).toEqual(request);
    const bad = SweepFileSchema.safeParse({ ...file, request: { ...request, seed: 'x' } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['request', 'seed']);
  });

  it('opens an export from before hosts.pricePerHourUsd with the default host price', () => {
    const file = JSON.parse(JSON.stringify({ ...provenance, chart: 'sweep', request, points }));
    delete file.request.scenario.hosts.pricePerHourUsd;
    expect(SweepFileSchema.parse(file).request.scenario.hosts.pricePerHourUsd).toBe(0.768);
  });

  it('has a cost per million requests column: the run cost / completed x 10^6', () => {
    const lines = sweepToCsv(request, points, provenance).trimEnd().split('\n');
    const header = lines[1]!.split(',');
    const cost = header.indexOf('costUsd (USD)');
    const perMillion = header.indexOf('costPerMillionRequestsUsd (USD)');
    expect(perMillion).toBeGreaterThan(cost);
    const kvm = points[0]!.summary.platforms[0]!;
    expect(kvm.costUsd).toBeGreaterThan(0);
    expect(Number(lines[2]!.split(',')[perMillion])).toBeCloseTo((kvm.costUsd / kvm.completed) * 1e6, 9);
  });
});
