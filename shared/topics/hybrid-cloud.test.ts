import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TopicChunkSchema, TopicSummarySchema } from './wire';
import { CALIBRATION } from '../sim/calibration';
import { PLATFORM_PRESETS } from '../sim/platforms';
import { Random } from '../sim/random';
import {
  HYBRID_PRESETS,
  HybridScenarioSchema,
  breakEven,
  compareBurstOptions,
  createHybridSimulation,
  defaultHybridScenario,
  deriveHybrid,
  erlangB,
  erlangC,
  expectedArrivals,
  latencyQuantile,
  parseHybridScenario,
  perSecondBillUsd,
  poisson,
  privateInstancesPerHost,
  type BurstOption,
  type HybridScenario,
  type OptionTotals,
} from './hybrid-cloud';

const EXAMPLES = join(import.meta.dirname, '../../examples/topics');

type Patch = {
  [K in keyof HybridScenario]?: HybridScenario[K] extends object
    ? Partial<HybridScenario[K]>
    : HybridScenario[K];
};

/** The default scenario with some fields replaced, one level deep. */
function scenario(patch: Patch): HybridScenario {
  const base = defaultHybridScenario() as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const old = base[key];
    out[key] = typeof value === 'object' && typeof old === 'object' ? { ...old, ...value } : value;
  }
  return HybridScenarioSchema.parse(out);
}

const option = (totals: OptionTotals[], o: BurstOption) => totals.find((t) => t.option === o)!;

/** Constant demand: peak-to-trough 1, exact arrivals. */
const constant = (ratePerS: number, extra: Patch = {}) =>
  scenario({
    ...extra,
    demand: { meanRatePerS: ratePerS, peakToTrough: 1, poissonNoise: false, ...extra.demand },
  });

describe('queueing formulas', () => {
  it('Erlang B matches hand values and the full recursion', () => {
    expect(erlangB(1, 1)).toBeCloseTo(0.5, 15); // a / (1 + a)
    expect(erlangB(2, 1)).toBeCloseTo(0.2, 15); // (a^2 / 2) / (1 + a + a^2 / 2)
    expect(erlangB(0, 3)).toBe(1);
    expect(erlangB(5, 0)).toBe(0);
    const full = (c: number, a: number) => {
      let b = 1;
      for (let n = 1; n <= c; n++) b = (a * b) / (n + a * b);
      return b;
    };
    expect(erlangB(10, 5)).toBeCloseTo(full(10, 5), 15);
    // Large loads start the recursion near the load: the shortcut agrees to 1e-10 relative.
    for (const c of [300, 380, 400, 420, 480]) {
      expect(Math.abs(erlangB(c, 400) / full(c, 400) - 1)).toBeLessThan(1e-10);
    }
  });

  it('Erlang C: 2 servers at load 1 wait with probability 1/3', () => {
    // C = c B / (c - a (1 - B)) = 2 x 0.2 / (2 - 0.8) = 1/3.
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 15);
    expect(erlangC(2, 2)).toBe(1);
  });

  it('latency quantiles: exponential service p95 = S ln 20; a mixture solves its tail equation', () => {
    const exp = { kind: 'exp' as const, weight: 10, shiftS: 0, meanS: 0.1 };
    expect(latencyQuantile([exp], 0.95)).toBeCloseTo(0.1 * Math.log(20), 8);
    // Half the requests shifted by 1 s: P(T > t) = 0.5 e^(-t/S) + 0.5 e^(-(t-1)/S) for t > 1.
    const shifted = { ...exp, shiftS: 1 };
    const p95 = latencyQuantile([exp, shifted], 0.95)!;
    expect(0.5 * Math.exp(-p95 / 0.1) + 0.5 * Math.exp(-(p95 - 1) / 0.1)).toBeCloseTo(0.05, 8);
    expect(p95).toBeCloseTo(1 + 0.1 * Math.log(10), 4); // the unshifted half adds e^-12 of tail
    expect(latencyQuantile([], 0.95)).toBeNull();
  });

  it('Poisson draws have the right mean and variance, below and above the PTRS switch', () => {
    for (const mean of [4, 250]) {
      const rng = new Random(9).fork('poisson');
      let sum = 0;
      let sq = 0;
      const n = 40_000;
      for (let i = 0; i < n; i++) {
        const k = poisson(rng, mean);
        expect(Number.isInteger(k) && k >= 0).toBe(true);
        sum += k;
        sq += k * k;
      }
      const m = sum / n;
      expect(Math.abs(m - mean)).toBeLessThan(4 * Math.sqrt(mean / n));
      expect(sq / n - m * m).toBeCloseTo(mean, mean < 10 ? 0 : -1);
    }
  });

  it('expected arrivals integrate the sinusoid: a whole period holds mean x period', () => {
    const d = defaultHybridScenario().demand;
    expect(expectedArrivals(d, 0, 86_400)).toBeCloseTo(2000 * 86_400, 3);
    // Peak hour 14, ratio 8: a = 7/9, so one second at the peak carries 2000 x 16/9 requests.
    expect(expectedArrivals(d, 14 * 3600 - 0.5, 14 * 3600 + 0.5)).toBeCloseTo((2000 * 16) / 9, 3);
  });
});

describe('cost arithmetic for one known interval (1 h, 10 req/s, no private hosts)', () => {
  const s = constant(10, { horizonHours: 1, intervalS: 3600, private: { hosts: 0 } });
  const totals = compareBurstOptions(s, 1);

  it('VMs: 1.02 concurrent requests / (2 vCPUs x 70%) -> 1 m5.large for 3600 s = $0.096', () => {
    expect(option(totals, 'vm').peakBurstInstances).toBe(1);
    expect(option(totals, 'vm').publicUsd).toBeCloseTo(0.096, 12);
  });

  it('containers: 1.0 / (1 vCPU x 70%) -> 2 Fargate tasks x (0.04048 + 2 x 0.004445) $/h = $0.09874', () => {
    expect(option(totals, 'container').peakBurstInstances).toBe(2);
    expect(option(totals, 'container').publicUsd).toBeCloseTo(2 * (0.04048 + 2 * 0.004445), 12);
  });

  it('functions: 36,000 calls x (1.7275 GB x 0.106 s x $0.0000166667 + $0.0000002)', () => {
    // 100 ms / 0.95 (Firecracker) = 105.26 ms, billed as 106 ms; 1769 MiB = 1.7275 GB.
    const d = deriveHybrid(s);
    expect(d.functionBilledS).toBeCloseTo(0.106, 12);
    const perCall = (1769 / 1024) * 0.106 * CALIBRATION['lambda.pricePerGbSecond'].value + 0.2 / 1e6;
    expect(option(totals, 'serverless').publicUsd).toBeCloseTo(36_000 * perCall, 12);
  });

  it('private hosts cost hosts x price x hours whether busy or not; bills have a 60 s minimum', () => {
    const withHosts = compareBurstOptions({ ...s, private: { ...s.private, hosts: 3 } }, 1);
    for (const t of withHosts) expect(t.privateUsd).toBeCloseTo(3 * 0.5 * 1, 12);
    expect(perSecondBillUsd(30, 0.096 / 3600, 60)).toBeCloseTo(0.0016, 15);
    expect(perSecondBillUsd(90, 0.096 / 3600, 60)).toBeCloseTo(0.0024, 15);
  });
});

describe('no bursting', () => {
  it('load below capacity: no rejections, and latency is M/M/c (p95 a little above S ln 20)', () => {
    // 4 hosts x 16 cores = 64 servers; the peak needs 200 x 16/9 req/s x 0.1 s = 35.6 of them.
    const s = scenario({
      demand: { meanRatePerS: 200 },
      private: { hosts: 4 },
      bursting: { option: 'none' },
    });
    for (const seed of [1, 2, 3]) {
      const none = option(compareBurstOptions(s, seed), 'none');
      expect(none.rejected).toBe(0);
      expect(none.unfinished).toBe(0);
      expect(none.p95Ms!).toBeGreaterThanOrEqual(100 * Math.log(20) - 1e-6);
      expect(none.p95Ms!).toBeLessThan(310);
    }
  });

  it('load above capacity: rejections = excess over capacity minus the queue (within 1%)', () => {
    // 1000 req/s against 64 servers x 10 req/s = 640 req/s for an hour, queue of 1000.
    const s = constant(1000, {
      horizonHours: 1,
      private: { hosts: 4 },
      queueLimit: 1000,
      demand: { poissonNoise: true },
    });
    expect(privateInstancesPerHost(s.private)).toBe(16);
    const none = option(compareBurstOptions(s, 4), 'none');
    const excess = (1000 - 640) * 3600 - 1000;
    expect(Math.abs(none.rejected / excess - 1)).toBeLessThan(0.01);
    expect(none.unfinished).toBeCloseTo(1000, 6);
    // Waiting behind a full queue of 1000 at 640 req/s takes 1.56 s.
    expect(none.p95Ms!).toBeGreaterThan(1562);
    // Exact arrivals: exactly the excess.
    const exact = option(
      compareBurstOptions({ ...s, demand: { ...s.demand, poissonNoise: false } }, 4),
      'none',
    );
    expect(exact.rejected).toBeCloseTo(excess, 4);
  });
});

describe('bursting options', () => {
  it('a cluster with room to spare bursts nothing and answers in S ln 20 at p95', () => {
    const s = constant(100, { private: { hosts: 2 } }); // 10 concurrent requests on 32 servers
    for (const t of compareBurstOptions(s, 1)) {
      expect(t.burstRequests).toBe(0);
      expect(t.publicUsd).toBe(0);
      expect(t.p95Ms!).toBeCloseTo(100 * Math.log(20), 6);
    }
  });

  it('functions pay more start latency per burst request, VMs queue only while booting', () => {
    // A small service on one host: intermittent overflow; function instances expire between peaks.
    const s = scenario({ demand: { meanRatePerS: 30, periodHours: 2 }, private: { hosts: 1 } });
    const totals = compareBurstOptions(s, 1);
    const share = (o: BurstOption) => option(totals, o).startDelayed / option(totals, o).burstRequests;
    expect(share('serverless')).toBeGreaterThan(share('vm'));
    expect(share('serverless')).toBeGreaterThan(0);
  });

  it('functions are cheapest at low burst volume, VMs at sustained high volume', () => {
    const small = compareBurstOptions(HYBRID_PRESETS[3]!.scenario, 1); // a few req/s of overflow
    expect(option(small, 'serverless').publicUsd).toBeLessThan(option(small, 'vm').publicUsd);
    expect(option(small, 'serverless').publicUsd).toBeLessThan(option(small, 'container').publicUsd);
    const big = compareBurstOptions(HYBRID_PRESETS[0]!.scenario, 1); // 46% of requests burst
    expect(option(big, 'vm').publicUsd).toBeLessThan(option(big, 'serverless').publicUsd);
    expect(option(big, 'vm').rejected + option(big, 'serverless').rejected).toBe(0);
  });

  it('the VM/function break-even lies between two hand-computed overflow rates', () => {
    // Constant 1000 req/s, one-core private hosts: only the overflow x (req/s) differs between
    // options. VMs cost n(x) p with n = ceil(x S_vm / (2 x 0.7)), p = $0.096 / 3600 per second;
    // functions cost x k, k = $3.252e-6 per call. Where they cross, n >= 1 gives x >= p / k, and
    // n <= x S_vm / 1.4 + 1 gives x <= p / (k - S_vm p / 1.4).
    const s = constant(1000, { private: { coresPerHost: 1, ramGiB: 4 } });
    const d = deriveHybrid(s);
    const p = 0.096 / 3600;
    const k = d.functionCostPerRequest;
    expect(k).toBeCloseTo((1769 / 1024) * 0.106 * 0.0000166667 + 0.0000002, 12);
    const lo = p / k; // 8.20 req/s
    const hi = p / (k - (d.vmServiceS * p) / 1.4); // 20.47 req/s
    expect([lo, hi].map((x) => Math.round(x * 100) / 100)).toEqual([8.2, 20.47]);

    const be = breakEven(s);
    const vm = be.curves.find((c) => c.option === 'vm')!;
    const fn = be.curves.find((c) => c.option === 'serverless')!;
    expect(vm.totalUsd[0]!).toBeLessThan(fn.totalUsd[0]!); // everything bursts: VMs win
    expect(fn.totalUsd.at(-1)!).toBeLessThan(vm.totalUsd.at(-1)!); // a trickle bursts: functions win
    const crossings = be.crossings.filter((c) => c.options[0] === 'vm');
    expect(crossings.length).toBeGreaterThan(0);
    for (const c of crossings) {
      const x = c.burstRequests / 86_400;
      expect(x).toBeGreaterThanOrEqual(lo * (1 - 1e-9));
      expect(x).toBeLessThanOrEqual(hi);
    }
  });

  it('the cheapest private size is where the load is exceeded for the closed-form busy share', () => {
    // A host pays for itself if needed more than f = host cost / cost of bursting its load of
    // the day. Demand 200 x (1 + 7/9 cos) concurrent requests exceeds L for arccos((L/200 - 1) x 9/7) / pi
    // of the day, so the cheapest size holds L = 200 (1 + 7/9 cos(pi f)) servers, 16 per host.
    const s = defaultHybridScenario();
    const be = breakEven(s);
    for (const o of ['vm', 'serverless'] as const) {
      const f = be.busyShareToOwn.find((b) => b.option === o)!.share;
      const level = 200 * (1 + (7 / 9) * Math.cos(Math.PI * f));
      const cheapest = be.cheapest.find((c) => c.option === o)!.hosts;
      expect(Math.abs(cheapest - level / 16), o).toBeLessThanOrEqual(1);
    }
    // Functions cost more per request, so owning pays at a lower busy share: own more hosts.
    const hostsFor = (o: BurstOption) => be.cheapest.find((c) => c.option === o)!.hosts;
    expect(hostsFor('serverless')).toBeGreaterThan(hostsFor('vm'));
    expect(be.ownThePeak!.hosts).toBeGreaterThan(hostsFor('serverless'));
  });
});

describe('the simulation', () => {
  it('streams a frame per interval with every option, and summarises the selected one', () => {
    const s = HYBRID_PRESETS[0]!.scenario;
    const sim = createHybridSimulation(s, 3);
    expect(sim.axis.unit).toBe('s');
    expect(sim.horizon).toBe(86_400);
    const a = sim.advanceTo(3600 * 6 + 10);
    expect(a.frames).toHaveLength(72);
    expect(sim.now).toBeCloseTo(21_610, 6);
    const b = sim.advanceTo(Infinity);
    expect(sim.done).toBe(true);
    const frames = [...a.frames, ...b.frames];
    expect(frames).toHaveLength(288);
    expect(frames.map((f) => f.t)).toEqual(Array.from({ length: 288 }, (_, i) => (i + 1) * 300));
    const last = frames.at(-1)!.values;
    for (const key of [
      'demand.rps',
      'private.servers',
      'vm.burstInstances',
      'serverless.p95Ms',
      'none.rejected',
    ]) {
      expect(last).toHaveProperty(key);
    }
    const totals = compareBurstOptions(s, 3);
    const summary = sim.summary();
    const metric = (id: string) => summary.metrics.find((m) => m.id === id)!.value;
    expect(metric('cost.totalUsd')).toBeCloseTo(option(totals, 'vm').totalUsd, 2);
    expect(last['vm.costTotalUsd']).toBeCloseTo(option(totals, 'vm').totalUsd, 3);
    expect(summary.tables.map((t) => t.id)).toEqual(['options', 'break-even', 'break-even-points']);
    const events = [...a.events, ...b.events];
    expect(events.some((e) => e.type === 'scale' && e.subject === 'vm')).toBe(true);
    expect(events.filter((e) => e.type === 'overflow').every((e) => e.end! > e.start)).toBe(true);
  });

  it('every preset streams output the worker protocol accepts (finite numbers only)', () => {
    for (const preset of HYBRID_PRESETS) {
      const sim = createHybridSimulation(preset.scenario, 2);
      const chunk = sim.advanceTo(Infinity);
      expect(TopicChunkSchema.safeParse({ runId: 1, ...chunk }).success, preset.id).toBe(true);
      expect(TopicSummarySchema.safeParse(sim.summary()).success, preset.id).toBe(true);
    }
  });

  it('is deterministic: same scenario and seed, same output; another seed, other arrivals', () => {
    const run = (seed: number) => {
      const sim = createHybridSimulation(HYBRID_PRESETS[2]!.scenario, seed);
      const chunk = sim.advanceTo(Infinity);
      return JSON.stringify({ chunk, summary: sim.summary() });
    };
    expect(run(5)).toBe(run(5));
    expect(run(5)).not.toBe(run(6));
  });
});

describe('scenario schema', () => {
  const errors = (patch: (s: Record<string, Record<string, unknown>>) => void) => {
    const s = structuredClone(defaultHybridScenario()) as unknown as Record<string, Record<string, unknown>>;
    patch(s);
    const result = parseHybridScenario(s);
    return result.ok ? [] : result.error.split('\n');
  };

  it('accepts the default and every preset', () => {
    expect(parseHybridScenario(defaultHybridScenario())).toEqual({
      ok: true,
      value: defaultHybridScenario(),
    });
    for (const p of HYBRID_PRESETS) expect(parseHybridScenario(p.scenario).ok).toBe(true);
    expect(HYBRID_PRESETS.map((p) => p.name)).toEqual([
      'Small private cloud, big peak',
      'Right-sized',
      'No bursting',
      'Serverless bursting',
    ]);
  });

  it('names the field and its range', () => {
    expect(errors((s) => (s['demand']!['peakToTrough'] = 0.5))).toEqual([
      'demand.peakToTrough: peak-to-trough ratio must be at least 1',
    ]);
    expect(errors((s) => (s['private']!['hosts'] = 1.5))).toEqual([
      'private.hosts: private hosts must be a whole number',
    ]);
    expect(errors((s) => (s['bursting']!['option'] = 'mainframe'))).toEqual([
      'bursting.option: bursting option must be one of none, vm, container, serverless',
    ]);
    expect(errors((s) => (s['serverless']!['memoryMiB'] = 64))).toEqual([
      'serverless.memoryMiB: function memory (MiB) must be at least 128',
    ]);
    expect(errors((s) => ((s as Record<string, unknown>)['kind'] = 'hybrid'))).toEqual([
      'kind: kind must be "hybrid-cloud"',
    ]);
    expect(errors((s) => ((s as Record<string, unknown>)['intervalS'] = 10))).toEqual([]); // 8640 intervals
    expect(
      errors((s) => {
        (s as Record<string, unknown>)['horizonHours'] = 168;
        (s as Record<string, unknown>)['intervalS'] = 10;
      }),
    ).toEqual(['intervalS: horizon / interval must be at most 20000 intervals (is 60480)']);
    expect(errors((s) => (s['private']!['instanceMemoryMiB'] = 65_536))).toEqual([
      'private.instanceMemoryMiB: a private host has no room for one instance: more RAM or smaller instances',
    ]);
    expect(errors((s) => (s['vm']!['extra'] = 1))).toEqual(['vm: Unrecognized key: "extra"']);
    // 200,000 req/s x 16/9 at the peak x 0.1 s = 35,556 concurrent requests.
    expect(errors((s) => (s['demand']!['meanRatePerS'] = 200_000))).toEqual([
      'demand.meanRatePerS: peak load (rate x service time) must be at most 20000 concurrent requests (is 35556)',
    ]);
  });

  it('example files round-trip through the schema and run', () => {
    const files = readdirSync(EXAMPLES).filter((f) => f.startsWith('hybrid-') && f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const file of files) {
      const data: unknown = JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8'));
      const parsed = parseHybridScenario(data);
      expect(parsed.ok, file).toBe(true);
      if (!parsed.ok) continue;
      expect(parseHybridScenario(JSON.parse(JSON.stringify(parsed.value)))).toEqual(parsed);
      const sim = createHybridSimulation(parsed.value, 1);
      sim.advanceTo(Infinity);
      expect(sim.done).toBe(true);
    }
  });

  it('reads its platform numbers from the presets', () => {
    const d = deriveHybrid(defaultHybridScenario());
    expect(d.vmServiceS).toBeCloseTo(0.1 * PLATFORM_PRESETS.kvm.cpuSlowdown, 12);
    expect(d.coldStartS).toBeCloseTo(0.265, 12); // 12 + 125 + 98 + 30 ms
    expect(d.vmReadyS).toBeCloseTo(15 + 30 + 8, 12); // sync period + provisioning + boot
  });
});
