import { describe, expect, it } from 'vitest';
import {
  CompareScenarioSchema,
  PLATFORM_IDS,
  StartRunRequestSchema,
  changedConstants,
  defaultCompareScenario,
  parseScenarioFile,
  parseWith,
  serializeScenario,
  workloadProfileDefaults,
  WORKLOAD_PROFILES,
  type CompareScenario,
} from './scenario';

type Mutation = (s: CompareScenario) => void;

function errorsOf(scenario: unknown): string[] {
  const result = parseWith(CompareScenarioSchema, scenario);
  return result.ok ? [] : result.error.split('\n');
}

const V1_DEFAULT = {
  schemaVersion: 1,
  kind: 'compare',
  name: 'One service, three platforms',
  horizonS: 600,
  sampleIntervalS: 5,
  host: { cores: 16, ramGiB: 64 },
  workload: {
    requestRatePerS: 40,
    serviceTimeMs: 100,
    appMemoryMiB: 256,
    burst: { startS: 240, durationS: 120, factor: 3 },
  },
  platforms: ['vm', 'container', 'serverless'],
};

describe('scenario schema v2', () => {
  it('accepts the default scenario unchanged, and it compares KVM, runc and a Firecracker function', () => {
    const scenario = defaultCompareScenario();
    expect(parseWith(CompareScenarioSchema, scenario)).toEqual({ ok: true, value: scenario });
    expect(scenario.schemaVersion).toBe(2);
    expect(scenario.platforms.map((p) => p.id)).toEqual(['kvm', 'runc', 'faas-microvm']);
    expect(scenario.serverless.pricing).toEqual({ perGbSecondUsd: 0.0000166667, perMillionRequestsUsd: 0.2 });
    expect(scenario.serverless.keepAlive).toEqual({ policy: 'fixed', seconds: 600 });
  });

  it('lists 15 stable platform ids', () => {
    expect(PLATFORM_IDS).toEqual([
      'bare-metal',
      'kvm',
      'xen',
      'esxi',
      'hyper-v',
      'virtualbox',
      'vmware-workstation',
      'firecracker',
      'runc',
      'gvisor',
      'faas-microvm',
      'faas-container',
      'jvm-interpreted',
      'jvm-jit',
      'wine',
    ]);
  });

  it.each<[Mutation, string]>([
    [(s) => (s.hosts.cores = 0), 'hosts.cores: host cores must be at least 1'],
    [(s) => (s.hosts.cores = 2.5), 'hosts.cores: host cores must be a whole number'],
    [(s) => (s.hosts.count = 10_001), 'hosts.count: host count must be at most 10000'],
    [(s) => (s.hosts.ramGiB = 5000), 'hosts.ramGiB: host RAM (GiB) must be at most 4096'],
    [(s) => (s.hosts.clockGHz = 0.1), 'hosts.clockGHz: host clock (GHz) must be at least 0.5'],
    [
      (s) => (s.hosts.pricePerHourUsd = -0.5),
      'hosts.pricePerHourUsd: host price per hour (USD) must be at least 0',
    ],
    [
      (s) => (s.hosts.pricePerHourUsd = 5000),
      'hosts.pricePerHourUsd: host price per hour (USD) must be at most 1000',
    ],
    [(s) => (s.hosts.disk.randomIops = 50), 'hosts.disk.randomIops: disk random IOPS must be at least 100'],
    [
      (s) => (s.hosts.nic.bandwidthGbps = 500),
      'hosts.nic.bandwidthGbps: NIC bandwidth (Gbit/s) must be at most 400',
    ],
    [
      (s) => (s.memoryOvercommit.ratio = 5),
      'memoryOvercommit.ratio: memory overcommit ratio must be at most 4',
    ],
    [
      (s) => (s.workload.arrivals = { kind: 'poisson', ratePerS: Number.NaN }),
      'workload.arrivals.ratePerS: arrival rate (req/s) must be a number',
    ],
    [
      (s) =>
        (s.workload.arrivals = { kind: 'diurnal', meanRatePerS: 10, peakToTrough: 200, periodS: 86_400 }),
      'workload.arrivals.peakToTrough: peak-to-trough ratio must be at most 100',
    ],
    [
      (s) => (s.workload.arrivals = { kind: 'closed', clients: 0, thinkTimeMs: 100 }),
      'workload.arrivals.clients: clients must be at least 1',
    ],
    [
      (s) => (s.workload.request.cpuMs = 0),
      'workload.request.cpuMs: CPU per request (ms) must be at least 0.001',
    ],
    [
      (s) => (s.workload.request.syscallShare = 0.95),
      'workload.request.memoryBoundShare: syscallShare + memoryBoundShare must be at most 1',
    ],
    [
      (s) => (s.workload.appMemoryMiB = 8),
      'workload.appMemoryMiB: instance memory (MiB) must be at least 16',
    ],
    [(s) => (s.horizonS = 5), 'horizonS: horizon (s) must be at least 10'],
    [(s) => (s.horizonS = 700_000), 'horizonS: horizon (s) must be at most 604800'],
    [(s) => (s.platforms = []), 'platforms: choose at least one platform'],
    [
      (s) =>
        (s.platforms = [
          { id: 'kvm', overrides: {} },
          { id: 'kvm', overrides: {} },
        ]),
      'platforms.1.id: platform kvm is listed twice',
    ],
    [
      (s) => (s.platforms = PLATFORM_IDS.slice(0, 13).map((id) => ({ id, overrides: {} }))),
      'platforms: choose at most 12 platforms',
    ],
    [
      (s) => (s.serverless.concurrencyPerInstance = 0),
      'serverless.concurrencyPerInstance: concurrency per instance must be at least 1',
    ],
    [(s) => (s.schemaVersion = 1 as 2), 'schemaVersion: schemaVersion must be 2'],
  ])('names the field and its range: %#', (mutate, message) => {
    const scenario = defaultCompareScenario();
    mutate(scenario);
    expect(errorsOf(scenario)).toContain(message);
  });

  it('bounds the work of a run: samples and expected requests', () => {
    const many = defaultCompareScenario();
    many.horizonS = 604_800;
    many.sampleIntervalS = 1;
    expect(errorsOf(many)).toContain(
      'sampleIntervalS: horizon / sample interval gives 604800 samples, at most 50000: sample every 13 s or more',
    );
    const busy = defaultCompareScenario();
    busy.horizonS = 604_800;
    busy.sampleIntervalS = 60;
    busy.workload.arrivals = { kind: 'poisson', ratePerS: 1_000_000 };
    expect(errorsOf(busy).join('\n')).toMatch(
      /^horizonS: about 6\.05e\+11 requests over the horizon, at most 2e\+8/m,
    );
  });

  it('validates platform overrides by constant name and range', () => {
    const scenario = defaultCompareScenario();
    scenario.platforms = [
      {
        id: 'kvm',
        overrides: {
          'kvm.tuned': 0,
          'no.such.constant': 1,
          'kvm.randomIoFactor': -1,
          'gvisor.syscallSlowdown': 3,
          'queue.capacity': 10.5,
        },
      },
    ];
    expect(errorsOf(scenario)).toEqual([
      'platforms.0.overrides["no.such.constant"]: unknown constant "no.such.constant" (see the Sources panel for the list)',
      'platforms.0.overrides["kvm.randomIoFactor"]: kvm.randomIoFactor must be from 0.0001 to 100 (x native 4 KiB IOPS)',
      'platforms.0.overrides["gvisor.syscallSlowdown"]: constant "gvisor.syscallSlowdown" is not used by platform kvm',
      'platforms.0.overrides["queue.capacity"]: queue.capacity must be a whole number',
    ]);
  });

  it('lists the constants a scenario overrides, with their defaults', () => {
    const scenario = defaultCompareScenario();
    scenario.platforms = [
      { id: 'kvm', overrides: { 'kvm.tuned': 0, 'vm.guestOsMemory': 512 } },
      { id: 'faas-microvm', overrides: { 'lambda.warmStartMedian': 79 } },
    ];
    expect(changedConstants(scenario)).toEqual([
      { platform: 'kvm', id: 'kvm.tuned', default: 1, value: 0, unit: '1 = tuned, 0 = untuned' },
      {
        platform: 'faas-microvm',
        id: 'lambda.warmStartMedian',
        default: 25,
        value: 79,
        unit: 'ms per request',
      },
    ]);
    expect(changedConstants(defaultCompareScenario())).toEqual([]);
  });

  it('validates an inline trace: lengths, percentiles, counts', () => {
    const scenario = defaultCompareScenario();
    scenario.workload.arrivals = {
      kind: 'trace',
      trace: {
        source: 'hand-made',
        minutes: 3,
        functions: [
          {
            id: 'f',
            app: 'a',
            trigger: 'http',
            invocationsPerMinute: [1, 2],
            durationPercentilesMs: [
              { p: 0, ms: 5 },
              { p: 100, ms: 10 },
            ],
            memoryMiB: 128,
          },
          {
            id: 'g',
            app: 'a',
            trigger: 'timer',
            invocationsPerMinute: [1, -2, 0.5],
            durationPercentilesMs: [
              { p: 1, ms: 5 },
              { p: 50, ms: 4 },
              { p: 99, ms: 10 },
            ],
            memoryMiB: 128,
          },
        ],
      },
    };
    expect(errorsOf(scenario)).toEqual([
      'workload.arrivals.trace.functions.0.invocationsPerMinute: invocationsPerMinute must have 3 entries (one per minute), has 2',
      'workload.arrivals.trace.functions.1.invocationsPerMinute.1: invocations per minute must be a whole number from 0 to 10000000',
      'workload.arrivals.trace.functions.1.durationPercentilesMs: durationPercentilesMs must start at p 0 and end at p 100',
      'workload.arrivals.trace.functions.1.durationPercentilesMs.1: durationPercentilesMs must increase in p and not decrease in ms',
    ]);
    scenario.workload.arrivals = { kind: 'trace', trace: 'azure-sample', timeScale: 0.1 };
    expect(errorsOf(scenario)).toEqual([]);
  });

  it('rejects unknown fields and wrong types by path', () => {
    const scenario = defaultCompareScenario();
    const result = parseWith(StartRunRequestSchema, {
      scenario: { ...scenario, hosts: { ...scenario.hosts, cores: '16', gpu: 1 } },
      seed: 1,
      speed: 1,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatch(/scenario\.hosts\.cores: host cores must be a number/);
    expect(result.error).toMatch(/scenario\.hosts: Unrecognized key: "gpu"/);
  });

  it('rejects a seed outside 32 bits', () => {
    const result = parseWith(StartRunRequestSchema, {
      scenario: defaultCompareScenario(),
      seed: 2 ** 32,
      speed: 1,
    });
    expect(result).toEqual({ ok: false, error: 'seed: seed must be at most 4294967295' });
  });

  it('documents a default request for every profile, valid under the schema', () => {
    for (const profile of WORKLOAD_PROFILES) {
      const scenario = defaultCompareScenario();
      scenario.workload.profile = profile;
      scenario.workload.request = workloadProfileDefaults(profile);
      expect(errorsOf(scenario), profile).toEqual([]);
    }
    expect(workloadProfileDefaults('io-random')).toMatchObject({ ioKiB: 4, ioPattern: 'random' });
    expect(workloadProfileDefaults('cpu-batch')).toMatchObject({ ioOps: 0, networkKiB: 0 });
    expect(workloadProfileDefaults('memory-bound').memoryBoundShare).toBe(1);
  });
});

describe('scenario files', () => {
  it('round-trips through serializeScenario and parseScenarioFile', () => {
    const scenario = defaultCompareScenario();
    scenario.platforms[0]!.overrides = { 'kvm.tuned': 0 };
    const text = serializeScenario(scenario);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.startsWith('{\n  "schemaVersion": 2,\n  "kind": "compare",')).toBe(true);
    expect(parseScenarioFile(text)).toEqual({ ok: true, value: scenario });
    // Stable: the same scenario with keys in another order serializes the same.
    const shuffled = JSON.parse(JSON.stringify(scenario)) as Record<string, unknown>;
    const reordered = Object.fromEntries(Object.entries(shuffled).reverse()) as unknown as CompareScenario;
    expect(serializeScenario(reordered)).toBe(text);
  });

  it('migrates a version 1 file to the default scenario it described', () => {
    const result = parseScenarioFile(JSON.stringify(V1_DEFAULT));
    expect(result).toEqual({ ok: true, value: defaultCompareScenario() });
    const noBurst = parseScenarioFile(
      JSON.stringify({
        ...V1_DEFAULT,
        workload: { ...V1_DEFAULT.workload, burst: null },
        platforms: ['container'],
      }),
    );
    expect(noBurst.ok).toBe(true);
    if (!noBurst.ok) return;
    expect(noBurst.value.workload.arrivals).toEqual({ kind: 'poisson', ratePerS: 40 });
    expect(noBurst.value.platforms).toEqual([{ id: 'runc', overrides: {} }]);
    expect(noBurst.value.hosts).toMatchObject({ count: 1, cores: 16, ramGiB: 64, clockGHz: 3 });
    // v1 had no host price: the default, an m5.4xlarge on demand (16 vCPU, 64 GiB, like the host).
    expect(noBurst.value.hosts.pricePerHourUsd).toBe(0.768);
  });

  it('loads a v2 file written before hosts.pricePerHourUsd with the default price, and keeps a given one', () => {
    const text = serializeScenario(defaultCompareScenario());
    const old = JSON.parse(text) as { hosts: Record<string, unknown> };
    delete old.hosts['pricePerHourUsd'];
    expect(JSON.stringify(old)).not.toContain('pricePerHourUsd');
    expect(parseScenarioFile(JSON.stringify(old))).toEqual({ ok: true, value: defaultCompareScenario() });
    const priced = parseScenarioFile(text.replace('"pricePerHourUsd": 0.768', '"pricePerHourUsd": 0.5'));
    expect(priced.ok && priced.value.hosts.pricePerHourUsd).toBe(0.5);
    const free = parseScenarioFile(text.replace('"pricePerHourUsd": 0.768', '"pricePerHourUsd": 0'));
    expect(free.ok && free.value.hosts.pricePerHourUsd).toBe(0);
  });

  it('reports v1 fields that fail under v2 by their v2 path', () => {
    const result = parseScenarioFile(JSON.stringify({ ...V1_DEFAULT, host: { cores: 0, ramGiB: 64 } }));
    expect(result).toEqual({ ok: false, error: 'hosts.cores: host cores must be at least 1' });
  });

  it('fills what a v2 file leaves out: request from the profile, serverless, overcommit, overrides', () => {
    const full = defaultCompareScenario();
    const short = {
      schemaVersion: 2,
      kind: 'compare',
      name: 'short',
      horizonS: 600,
      sampleIntervalS: 5,
      hosts: full.hosts,
      workload: {
        profile: 'io-random',
        arrivals: { kind: 'poisson', ratePerS: 10 },
        request: { cpuMs: 3 },
        appMemoryMiB: 128,
      },
      platforms: ['kvm', { id: 'bare-metal' }],
      serverless: { keepAlive: { policy: 'hybrid-histogram' } },
    };
    const result = parseScenarioFile(JSON.stringify(short));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.workload.request).toEqual({ ...workloadProfileDefaults('io-random'), cpuMs: 3 });
    expect(result.value.platforms).toEqual([
      { id: 'kvm', overrides: {} },
      { id: 'bare-metal', overrides: {} },
    ]);
    expect(result.value.memoryOvercommit).toEqual({ enabled: false, ratio: 1.5 });
    expect(result.value.serverless.keepAlive).toEqual({
      policy: 'hybrid-histogram',
      rangeMinutes: 240,
      headPercentile: 5,
      tailPercentile: 99,
      marginPct: 10,
    });
  });

  it('points at JSON syntax errors by line and column', () => {
    expect(parseScenarioFile('{\n  "schemaVersion": 2,\n  "name": "x",\n}')).toEqual({
      ok: false,
      error: 'not valid JSON at line 4, column 1: Expected double-quoted property name',
    });
    expect(parseScenarioFile('{"schemaVersion": 2, "platforms": [1, 2')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^not valid JSON/),
    });
    expect(parseScenarioFile('[1, 2]')).toEqual({
      ok: false,
      error: 'a scenario file must hold one JSON object',
    });
    expect(parseScenarioFile('{"schemaVersion": 3}')).toEqual({
      ok: false,
      error: 'schemaVersion: must be 1 or 2 (this file says 3)',
    });
  });

  it('names path and range of a bad value in a file', () => {
    const scenario = defaultCompareScenario();
    const text = serializeScenario(scenario).replace('"ratePerS": 40', '"ratePerS": 0');
    expect(parseScenarioFile(text)).toEqual({
      ok: false,
      error: 'workload.arrivals.ratePerS: arrival rate (req/s) must be at least 0.001',
    });
    const unknown = serializeScenario(scenario).replace('"id": "runc"', '"id": "lxc"');
    const result = parseScenarioFile(unknown);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error).toMatch(/^platforms\.1\.id: unknown platform "lxc" \(known: bare-metal, kvm/);
  });
});
