import { describe, expect, it } from 'vitest';
import { defaultCompareScenario } from './scenario';
import { createCompareSimulation } from './sim/compare-model';
import {
  boundSamples,
  buildSavedRun,
  defaultRunName,
  parseSavedRun,
  parseSavedRunText,
  RUN_FORMAT_VERSION,
} from './run-library';

function saved() {
  const scenario = { ...defaultCompareScenario(), horizonS: 60 };
  const simulation = createCompareSimulation(scenario, 5);
  return buildSavedRun({
    id: 'abc-1',
    name: 'demo',
    savedAt: '2026-03-01T12:00:00.000Z',
    appVersion: '0.1.0',
    scenario,
    seed: 5,
    summary: simulation.summary(),
    samples: simulation.advanceTo(60),
  });
}

describe('run library format', () => {
  it('round-trips a real run through JSON unchanged', () => {
    const run = saved();
    expect(run.format).toBe(RUN_FORMAT_VERSION);
    const parsed = parseSavedRunText(JSON.stringify(run));
    expect(parsed).toEqual({ ok: true, value: run });
  });

  it('names the bad field, and refuses files from a newer VirtLab with a clear reason', () => {
    const bad = parseSavedRun({ ...saved(), savedAt: 'yesterday' });
    expect(!bad.ok && bad.error).toMatch(/savedAt/);
    const future = parseSavedRun({ ...saved(), format: RUN_FORMAT_VERSION + 1 });
    expect(!future.ok && future.error).toMatch(/newer VirtLab/);
    expect(parseSavedRunText('nope')).toMatchObject({ ok: false });
    expect(parseSavedRun({ ...saved(), id: '../x' })).toMatchObject({ ok: false });
  });

  it('opens a run saved before host prices existed, with the host price 0 it was simulated with', () => {
    const run = saved();
    const { pricePerHourUsd: _price, ...oldHosts } = run.scenario.hosts;
    void _price;
    const old = { ...run, scenario: { ...run.scenario, hosts: oldHosts } };
    const parsed = parseSavedRun(JSON.parse(JSON.stringify(old)));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.scenario.hosts).toEqual({ ...run.scenario.hosts, pricePerHourUsd: 0 });
    expect(parsed.value.summary).toEqual(run.summary);
    // A run saved now keeps its price.
    expect(parseSavedRun(run)).toEqual({ ok: true, value: run });
  });

  it("thins long runs to at most N samples per platform, keeping each platform's last sample", () => {
    const samples = saved().samples;
    const perPlatform = samples.filter((s) => s.platform === 'kvm').length;
    expect(boundSamples(samples, perPlatform).downsampled).toBeNull();
    const bounded = boundSamples(samples, 4);
    const kvm = bounded.samples.filter((s) => s.platform === 'kvm');
    expect(kvm.length).toBeLessThanOrEqual(5);
    expect(kvm.at(-1)).toEqual(samples.filter((s) => s.platform === 'kvm').at(-1));
    expect(bounded.downsampled).toEqual({
      originalCount: samples.length,
      stride: Math.ceil(perPlatform / 4),
    });
  });

  it('suggests a name from the scenario and seed', () => {
    expect(defaultRunName('Default comparison', 42)).toBe('Default comparison · seed 42');
    expect(defaultRunName('  ', 7)).toBe('Comparison · seed 7');
  });
});
