/**
 * Hybrid cloud: a private cluster of fixed size serves a service whose load follows a daily
 * cycle; when the cluster is full, requests burst to a public cloud on VMs, containers or
 * serverless functions, or (no bursting) wait in a queue up to a limit and are rejected beyond.
 *
 * Model: a per-interval queueing model (default: 5 simulated minutes per interval), fast
 * enough to sweep the private cluster size for the break-even chart.
 * - Arrivals: rate(t) = mean x (1 + a cos(2 pi (t - peak) / period)), a = (r - 1) / (r + 1)
 *   for a peak-to-trough ratio r; the count of an interval is its exact expected value or a
 *   seeded Poisson draw of it. Service times are exponential (M/M/c).
 * - Private cluster: c servers = hosts x instances per host (one request per core at a time,
 *   fewer if the instances' memory runs out first). With bursting it is a loss system: the
 *   share Erlang B(c, load) of the requests finds every server busy and bursts. Without
 *   bursting, requests wait: M/M/c waiting (Erlang C) while the load is below c, a fluid
 *   backlog that carries over between intervals when it is not; beyond the queue limit they
 *   are rejected.
 * - VM and container bursting: a target-tracking autoscaler sets the instances for the
 *   interval's overflow; new instances serve after the sync period + provisioning + boot.
 *   Overflow beyond the old instances waits for them (up to the queue limit) meanwhile.
 *   Billed per second with a minimum per instance (EC2: 60 s; Fargate: 60 s).
 * - Serverless bursting: instances needed = mean concurrency + 2 standard deviations
 *   (Poisson occupancy of M/G/inf); instances idle for less than the keep-alive stay warm;
 *   every extra instance is one cold start. Billed per GB-second and per request (Lambda);
 *   beyond the concurrency limit requests are throttled (rejected).
 * The Engine is not used: the model advances one interval at a time in closed form.
 */
import { z } from 'zod';
import { numberField as num, wholeNumberField as int } from '../schema-fields';
import { CALIBRATION, type CalibratedValue } from '../sim/calibration';
import { PLATFORM_PRESETS, medianStartMs } from '../sim/platforms';
import { Random } from '../sim/random';
import { parseWith, type ParseResult } from '../scenario';
import type {
  TopicChunk,
  TopicEvent,
  TopicFrame,
  TopicMetric,
  TopicSimulation,
  TopicSummary,
  TopicTable,
} from './types';

const EC2_PRICING = 'AWS EC2 On-Demand pricing, m5.large (2 vCPU, 8 GiB), Linux, us-east-1';
const EC2_PER_SECOND =
  'AWS, "Announcing Amazon EC2 per second billing" (2 Oct 2017): Linux instances billed per second, minimum 60 s';
const FARGATE_PRICING = 'AWS Fargate pricing, Linux/x86, us-east-1: per second, 1-minute minimum';

export const HYBRID_CONSTANTS = {
  'ec2.pricePerHour': { value: 0.096, unit: 'USD per instance-hour', source: EC2_PRICING },
  'ec2.vcpus': { value: 2, unit: 'vCPU per instance', source: EC2_PRICING },
  'ec2.minimumBilled': { value: 60, unit: 's per instance', source: EC2_PER_SECOND },
  'ec2.provisioning': {
    value: 30,
    unit: 's',
    source: 'assumption',
    assumption: true,
    note: 'API call, placement and network attach before the guest boots; tens of seconds on public clouds.',
  },
  'fargate.pricePerVcpuHour': { value: 0.04048, unit: 'USD per vCPU-hour', source: FARGATE_PRICING },
  'fargate.pricePerGbHour': { value: 0.004445, unit: 'USD per GB-hour', source: FARGATE_PRICING },
  'fargate.minimumBilled': { value: 60, unit: 's per task', source: FARGATE_PRICING },
  'fargate.provisioning': {
    value: 10,
    unit: 's',
    source: 'assumption',
    assumption: true,
    note: 'Task placement and image pull before the container starts; well below a VM, above a local docker run.',
  },
  'lambda.concurrencyLimit': {
    value: 1000,
    unit: 'concurrent executions',
    source: 'AWS Lambda docs: 1,000 concurrent executions per region by default',
  },
  'private.costPerHostHour': {
    value: 0.5,
    unit: 'USD per host-hour',
    source: 'assumption',
    assumption: true,
    note: 'A ~$10,000 16-core server amortised over 3 years (~$0.38/h) plus power, cooling and space; paid busy or idle.',
  },
  'public.rtt': {
    value: 20,
    unit: 'ms per request',
    source: 'assumption',
    assumption: true,
    note: 'Round trip from the private data centre to a nearby cloud region; burst requests pay it on top of service.',
  },
} satisfies Record<string, CalibratedValue>;

// --- scenario -------------------------------------------------------------------------------

export const BURST_OPTIONS = ['none', 'vm', 'container', 'serverless'] as const;
export type BurstOption = (typeof BURST_OPTIONS)[number];
export const BURST_LABELS: Record<BurstOption, string> = {
  none: 'No bursting (queue)',
  vm: 'Burst to VMs',
  container: 'Burst to containers',
  serverless: 'Burst to functions',
};

export const MAX_INTERVALS = 20_000;
/** Private cluster sizes the break-even sweep evaluates at most. */
export const MAX_SWEEP_POINTS = 160;
/** Peak offered load (concurrent requests): Erlang B costs O(sqrt(load)) per interval. */
export const MAX_PEAK_ERLANGS = 20_000;
/** Intervals per run of the break-even sweep; longer runs are swept on coarser intervals. */
export const MAX_SWEEP_INTERVALS = 1000;

const enumOf = <T extends readonly [string, ...string[]]>(label: string, values: T) =>
  z.enum(values, { error: `${label} must be one of ${values.join(', ')}` });

export const HybridScenarioSchema = z
  .strictObject({
    schemaVersion: z.literal(1, { error: 'schemaVersion must be 1' }),
    kind: z.literal('hybrid-cloud', { error: 'kind must be "hybrid-cloud"' }),
    name: z
      .string()
      .min(1, { message: 'name must not be empty' })
      .max(200, { message: 'name must be at most 200 characters' }),
    horizonHours: num('horizon (h)', 0.25, 168),
    intervalS: num('interval (s)', 10, 3600),
    demand: z.strictObject({
      meanRatePerS: num('mean request rate (req/s)', 0, 1_000_000),
      peakToTrough: num('peak-to-trough ratio', 1, 100),
      periodHours: num('period (h)', 0.1, 168),
      /** Hour at which the rate peaks (counted from the start of the run). */
      peakHour: num('peak hour', 0, 168),
      /** Mean CPU time of one request on bare metal, one core (exponential). */
      serviceTimeMs: num('service time (ms)', 1, 600_000),
      /** Draw each interval's arrivals from a Poisson distribution (seeded) instead of its mean. */
      poissonNoise: z.boolean({ error: 'poissonNoise must be true or false' }),
    }),
    private: z.strictObject({
      hosts: int('private hosts', 0, 10_000),
      coresPerHost: int('cores per host', 1, 256),
      ramGiB: num('RAM per host (GiB)', 4, 4096),
      /** How the private cluster runs the service: KVM guests or runc containers. */
      platform: enumOf('private platform', ['vm', 'container'] as const),
      instanceMemoryMiB: int('instance memory (MiB)', 16, 65_536),
      costPerHostHourUsd: num('private cost per host-hour (USD)', 0, 1000),
    }),
    /** Requests that may wait for a server (no bursting) or for burst capacity to start. */
    queueLimit: int('queue limit (requests)', 0, 10_000_000),
    bursting: z.strictObject({
      /** The option the scenario is about; the summary compares all four. */
      option: enumOf('bursting option', BURST_OPTIONS),
      publicRttMs: num('round trip to the public cloud (ms)', 0, 1000),
      targetUtilization: num('autoscaler target utilisation', 0.05, 1),
    }),
    vm: z.strictObject({
      vcpus: int('VM vCPUs', 1, 192),
      pricePerHourUsd: num('VM price per hour (USD)', 0, 1000),
      minimumBilledS: num('VM minimum billed time (s)', 0, 3600),
      provisioningS: num('VM provisioning time (s)', 0, 3600),
    }),
    container: z.strictObject({
      vcpus: int('container vCPUs', 1, 16),
      memoryGiB: num('container memory (GiB)', 0.5, 120),
      pricePerVcpuHourUsd: num('container price per vCPU-hour (USD)', 0, 1000),
      pricePerGbHourUsd: num('container price per GB-hour (USD)', 0, 1000),
      minimumBilledS: num('container minimum billed time (s)', 0, 3600),
      provisioningS: num('container provisioning time (s)', 0, 3600),
    }),
    serverless: z.strictObject({
      memoryMiB: int('function memory (MiB)', 128, 10_240),
      pricePerGbSecondUsd: num('function price per GB-second (USD)', 0, 1),
      pricePerMillionRequestsUsd: num('function price per million requests (USD)', 0, 1000),
      keepAliveS: num('function keep-alive (s)', 0, 86_400),
      concurrencyLimit: int('function concurrency limit', 1, 1_000_000),
    }),
  })
  .superRefine((s, ctx) => {
    const intervals = Math.ceil((s.horizonHours * 3600) / s.intervalS - 1e-9);
    if (intervals > MAX_INTERVALS) {
      ctx.addIssue({
        code: 'custom',
        message: `horizon / interval must be at most ${MAX_INTERVALS} intervals (is ${intervals})`,
        path: ['intervalS'],
      });
    }
    const a = (s.demand.peakToTrough - 1) / (s.demand.peakToTrough + 1);
    const peak = s.demand.meanRatePerS * (1 + a) * (s.demand.serviceTimeMs / 1000);
    if (peak > MAX_PEAK_ERLANGS) {
      ctx.addIssue({
        code: 'custom',
        message: `peak load (rate x service time) must be at most ${MAX_PEAK_ERLANGS} concurrent requests (is ${Math.round(peak)})`,
        path: ['demand', 'meanRatePerS'],
      });
    }
    if (privateInstancesPerHost(s.private) === 0 && s.private.hosts > 0) {
      ctx.addIssue({
        code: 'custom',
        message: 'a private host has no room for one instance: more RAM or smaller instances',
        path: ['private', 'instanceMemoryMiB'],
      });
    }
  });
export type HybridScenario = z.infer<typeof HybridScenarioSchema>;

export function parseHybridScenario(input: unknown): ParseResult<HybridScenario> {
  return parseWith(HybridScenarioSchema, input);
}

export function defaultHybridScenario(): HybridScenario {
  return {
    schemaVersion: 1,
    kind: 'hybrid-cloud',
    name: 'Small private cloud, big peak',
    horizonHours: 24,
    intervalS: 300,
    demand: {
      meanRatePerS: 2000,
      peakToTrough: 8,
      periodHours: 24,
      peakHour: 14,
      serviceTimeMs: 100,
      poissonNoise: true,
    },
    private: {
      hosts: 8,
      coresPerHost: 16,
      ramGiB: 64,
      platform: 'container',
      instanceMemoryMiB: 512,
      costPerHostHourUsd: HYBRID_CONSTANTS['private.costPerHostHour'].value,
    },
    queueLimit: CALIBRATION['queue.capacity'].value,
    bursting: {
      option: 'vm',
      publicRttMs: HYBRID_CONSTANTS['public.rtt'].value,
      targetUtilization: CALIBRATION['autoscaler.targetUtilization'].value,
    },
    vm: {
      vcpus: HYBRID_CONSTANTS['ec2.vcpus'].value,
      pricePerHourUsd: HYBRID_CONSTANTS['ec2.pricePerHour'].value,
      minimumBilledS: HYBRID_CONSTANTS['ec2.minimumBilled'].value,
      provisioningS: HYBRID_CONSTANTS['ec2.provisioning'].value,
    },
    container: {
      vcpus: 1,
      memoryGiB: 2,
      pricePerVcpuHourUsd: HYBRID_CONSTANTS['fargate.pricePerVcpuHour'].value,
      pricePerGbHourUsd: HYBRID_CONSTANTS['fargate.pricePerGbHour'].value,
      minimumBilledS: HYBRID_CONSTANTS['fargate.minimumBilled'].value,
      provisioningS: HYBRID_CONSTANTS['fargate.provisioning'].value,
    },
    serverless: {
      memoryMiB: CALIBRATION['lambda.memoryPerVcpu'].value,
      pricePerGbSecondUsd: CALIBRATION['lambda.pricePerGbSecond'].value,
      pricePerMillionRequestsUsd: CALIBRATION['lambda.pricePerMillionRequests'].value,
      keepAliveS: CALIBRATION['lambda.keepAlive'].value,
      concurrencyLimit: HYBRID_CONSTANTS['lambda.concurrencyLimit'].value,
    },
  };
}

export const HYBRID_PRESETS: Array<{
  id: string;
  name: string;
  description: string;
  scenario: HybridScenario;
}> = [
  {
    id: 'small-private-big-peak',
    name: 'Small private cloud, big peak',
    description:
      'Eight hosts carry the night; from morning to evening the load (8x from trough to peak) bursts to public VMs. Compare the bill of VMs, containers and functions, and find the cluster size that costs least.',
    scenario: defaultHybridScenario(),
  },
  {
    id: 'right-sized',
    name: 'Right-sized',
    description:
      'Fourteen hosts, the cheapest size when bursting to VMs: own the load that lasts more than about 45% of the day, rent the rest for a few hours around the peak.',
    scenario: {
      ...defaultHybridScenario(),
      name: 'Right-sized',
      private: { ...defaultHybridScenario().private, hosts: 14 },
    },
  },
  {
    id: 'no-bursting',
    name: 'No bursting',
    description:
      'The small cluster with nowhere to burst: at the peak requests wait in a queue of 5,000, latency climbs to seconds and the rest is rejected.',
    scenario: {
      ...defaultHybridScenario(),
      name: 'No bursting',
      queueLimit: 5000,
      bursting: { ...defaultHybridScenario().bursting, option: 'none' },
    },
  },
  {
    id: 'serverless-bursting',
    name: 'Serverless bursting',
    description:
      'A small service on one private host: its afternoon peak overflows by a few requests per second, too few to keep a VM busy. Functions bill only those requests and cost least; cold starts hit new instances. (The break-even chart shows a whole host is too big for so small a service.)',
    scenario: {
      ...defaultHybridScenario(),
      name: 'Serverless bursting',
      demand: { ...defaultHybridScenario().demand, meanRatePerS: 60 },
      private: { ...defaultHybridScenario().private, hosts: 1 },
      bursting: { ...defaultHybridScenario().bursting, option: 'serverless' },
    },
  },
];

// --- queueing helpers ---------------------------------------------------------------------------

/**
 * Erlang B: the share of requests that find all `servers` busy (M/M/c/c) at offered load
 * `load` (= rate x mean service time). Recursion B(n) = a B(n-1) / (n + a B(n-1)), started
 * a few sqrt(load) below min(servers, load) from the fluid limit 1 - n / a: the recursion
 * forgets its start that fast (error below 1e-10), so a large cluster costs O(sqrt(load));
 * it stops once B is below 1e-15.
 */
export function erlangB(servers: number, load: number): number {
  if (servers <= 0) return 1;
  if (!(load > 0)) return 0;
  const start = Math.max(0, Math.floor(Math.min(servers, load) - 7 * Math.sqrt(load) - 20));
  let b = start === 0 ? 1 : 1 - start / load;
  for (let n = start + 1; n <= servers; n++) {
    b = (load * b) / (n + load * b);
    if (b < 1e-15) return 0; // fewer than 1e-15 x arrivals: none, and the rest is smaller still
  }
  return b;
}

/** Erlang C: the probability that a request waits in M/M/c (load < servers). */
export function erlangC(servers: number, load: number): number {
  if (!(load > 0)) return 0;
  if (load >= servers) return 1;
  const b = erlangB(servers, load);
  return (servers * b) / (servers - load * (1 - b));
}

/**
 * One part of an interval's latency distribution, weighted by its request count:
 * shift + wait + Exp(meanS) service, where the wait is
 * - 'exp': none;
 * - 'queue': 0 with probability 1 - waitProb, else Exp(rate waitRate) (M/M/c, Erlang C);
 * - 'uniform': uniform on [0, widthS] (waiting out a backlog or a start).
 */
export type LatencyPart =
  | { kind: 'exp'; weight: number; shiftS: number; meanS: number }
  | { kind: 'queue'; weight: number; shiftS: number; meanS: number; waitProb: number; waitRate: number }
  | { kind: 'uniform'; weight: number; shiftS: number; meanS: number; widthS: number };

/** P(latency > t) for one part. */
export function latencyTail(part: LatencyPart, t: number): number {
  const x = t - part.shiftS;
  if (x < 0) return 1;
  const mu = 1 / part.meanS;
  const service = Math.exp(-mu * x);
  switch (part.kind) {
    case 'exp':
      return service;
    case 'queue': {
      const theta = part.waitRate;
      // Exp(theta) + Exp(mu) (hypoexponential); equal rates give the Erlang-2 tail.
      const both =
        Math.abs(theta - mu) < 1e-9 * mu
          ? (1 + mu * x) * service
          : (theta * service - mu * Math.exp(-theta * x)) / (theta - mu);
      return (1 - part.waitProb) * service + part.waitProb * both;
    }
    case 'uniform': {
      const w = part.widthS;
      if (w <= 0) return service;
      if (x >= w) return (service * (Math.exp(mu * w) - 1)) / (mu * w);
      return (w - x + (1 - service) / mu) / w;
    }
  }
}

export function latencyMean(part: LatencyPart): number {
  switch (part.kind) {
    case 'exp':
      return part.shiftS + part.meanS;
    case 'queue':
      return part.shiftS + part.waitProb / part.waitRate + part.meanS;
    case 'uniform':
      return part.shiftS + part.widthS / 2 + part.meanS;
  }
}

/** The q-quantile (0..1) of a mixture of latency parts, by bisection; null if no requests. */
export function latencyQuantile(parts: readonly LatencyPart[], q: number): number | null {
  let total = 0;
  let hi = 0;
  for (const p of parts) {
    if (p.weight <= 0) continue;
    total += p.weight;
    const wait =
      p.kind === 'queue' ? (p.waitProb > 0 ? 40 / p.waitRate : 0) : p.kind === 'uniform' ? p.widthS : 0;
    hi = Math.max(hi, p.shiftS + wait + 40 * p.meanS);
  }
  if (total <= 0) return null;
  const target = (1 - q) * total;
  let lo = 0;
  for (let i = 0; i < 100 && hi - lo > 1e-9 * hi; i++) {
    const mid = (lo + hi) / 2;
    let tail = 0;
    for (const p of parts) if (p.weight > 0) tail += p.weight * latencyTail(p, mid);
    if (tail > target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function mixtureMean(parts: readonly LatencyPart[]): number | null {
  let total = 0;
  let sum = 0;
  for (const p of parts) {
    if (p.weight <= 0) continue;
    total += p.weight;
    sum += p.weight * latencyMean(p);
  }
  return total > 0 ? sum / total : null;
}

/** Poisson sample: Knuth's product method below mean 30, Hörmann's PTRS (1993) above. */
export function poisson(rng: Random, mean: number): number {
  if (!(mean > 0)) return 0;
  if (mean < 30) {
    const limit = Math.exp(-mean);
    let k = 0;
    let p = rng.next();
    while (p > limit) {
      k++;
      p *= rng.next();
    }
    return k;
  }
  const slam = Math.sqrt(mean);
  const logLam = Math.log(mean);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng.next() - 0.5;
    const v = rng.next();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (
      Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <=
      -mean + k * logLam - logFactorial(k)
    ) {
      return k;
    }
  }
}

/** ln(k!): exact sum below 20, Stirling's series above (error < 1e-10). */
function logFactorial(k: number): number {
  if (k < 20) {
    let s = 0;
    for (let i = 2; i <= k; i++) s += Math.log(i);
    return s;
  }
  const n = k + 1;
  return (n - 0.5) * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * n) - 1 / (360 * n ** 3);
}

// --- derived numbers -----------------------------------------------------------------------------

const PRIVATE_PRESET = { vm: 'kvm', container: 'runc' } as const;

/** Instances of the service one private host runs: one per core, unless memory runs out first. */
export function privateInstancesPerHost(p: HybridScenario['private']): number {
  const preset = PLATFORM_PRESETS[PRIVATE_PRESET[p.platform]];
  const usableMiB = p.ramGiB * 1024 - CALIBRATION['host.reservedMemory'].value;
  const byMemory = Math.floor(usableMiB / (p.instanceMemoryMiB + preset.memoryOverheadMiB));
  return Math.max(0, Math.min(p.coresPerHost, byMemory));
}

/** Everything the interval model needs, computed once from the scenario. */
export interface HybridDerived {
  horizonS: number;
  intervals: number;
  slotsPerHost: number;
  /** Mean service time (s) on the private cluster and on each burst platform. */
  privateServiceS: number;
  vmServiceS: number;
  containerServiceS: number;
  functionServiceS: number;
  /** Time from the autoscaler's decision until a new instance serves (s). */
  vmReadyS: number;
  containerReadyS: number;
  coldStartS: number;
  warmStartS: number;
  rttS: number;
  vmPricePerS: number;
  containerPricePerS: number;
  /** Billed duration of one function call (s), rounded up to the billing granularity. */
  functionBilledS: number;
  functionCostPerRequest: number;
  hostCostPerS: number;
}

export function deriveHybrid(s: HybridScenario): HybridDerived {
  const kvm = PLATFORM_PRESETS.kvm;
  const runc = PLATFORM_PRESETS.runc;
  const faas = PLATFORM_PRESETS['faas-microvm'];
  const serviceS = s.demand.serviceTimeMs / 1000;
  const sync = CALIBRATION['autoscaler.syncPeriod'].value;
  // Lambda gives a function CPU in proportion to its memory: below one vCPU the work stretches.
  const cpuShare = Math.min(1, s.serverless.memoryMiB / CALIBRATION['lambda.memoryPerVcpu'].value);
  const functionServiceS = (serviceS * faas.cpuSlowdown) / cpuShare;
  const granularityMs = CALIBRATION['lambda.billingGranularity'].value;
  const functionBilledS =
    (Math.ceil((functionServiceS * 1000) / granularityMs - 1e-9) * granularityMs) / 1000;
  const gb = s.serverless.memoryMiB / 1024;
  return {
    horizonS: s.horizonHours * 3600,
    intervals: Math.ceil((s.horizonHours * 3600) / s.intervalS - 1e-9),
    slotsPerHost: privateInstancesPerHost(s.private),
    privateServiceS: serviceS * PLATFORM_PRESETS[PRIVATE_PRESET[s.private.platform]].cpuSlowdown,
    vmServiceS: serviceS * kvm.cpuSlowdown,
    containerServiceS: serviceS * runc.cpuSlowdown,
    functionServiceS,
    vmReadyS: sync + s.vm.provisioningS + medianStartMs(kvm) / 1000,
    containerReadyS: sync + s.container.provisioningS + medianStartMs(runc) / 1000,
    coldStartS: medianStartMs(faas) / 1000,
    warmStartS: faas.warmStartMs / 1000,
    rttS: s.bursting.publicRttMs / 1000,
    vmPricePerS: s.vm.pricePerHourUsd / 3600,
    containerPricePerS:
      (s.container.vcpus * s.container.pricePerVcpuHourUsd +
        s.container.memoryGiB * s.container.pricePerGbHourUsd) /
      3600,
    functionBilledS,
    functionCostPerRequest:
      gb * functionBilledS * s.serverless.pricePerGbSecondUsd + s.serverless.pricePerMillionRequestsUsd / 1e6,
    hostCostPerS: s.private.costPerHostHourUsd / 3600,
  };
}

/** Bill (USD) of one instance that ran `lifetimeS`, billed per second with a minimum. */
export function perSecondBillUsd(lifetimeS: number, pricePerS: number, minimumS: number): number {
  return Math.max(minimumS, lifetimeS) * pricePerS;
}

/** Expected arrivals in [t0, t1): the integral of the sinusoidal rate. */
export function expectedArrivals(d: HybridScenario['demand'], t0: number, t1: number): number {
  const a = (d.peakToTrough - 1) / (d.peakToTrough + 1);
  const period = d.periodHours * 3600;
  const omega = (2 * Math.PI) / period;
  const peak = d.peakHour * 3600;
  const swing = (a / omega) * (Math.sin(omega * (t1 - peak)) - Math.sin(omega * (t0 - peak)));
  return d.meanRatePerS * (t1 - t0 + swing);
}

/** Arrivals of every interval: exact means, or seeded Poisson draws of them. */
export function hybridArrivals(s: HybridScenario, seed: number | null): Float64Array {
  const d = deriveHybrid(s);
  const out = new Float64Array(d.intervals);
  const rng = seed === null ? null : new Random(seed).fork('hybrid.arrivals');
  for (let k = 0; k < d.intervals; k++) {
    const t0 = k * s.intervalS;
    const t1 = Math.min(d.horizonS, t0 + s.intervalS);
    const mean = expectedArrivals(s.demand, t0, t1);
    out[k] = rng !== null && s.demand.poissonNoise ? poisson(rng, mean) : mean;
  }
  return out;
}

// --- the interval model --------------------------------------------------------------------------

/** Overflow below this many requests in an interval starts no burst capacity. */
const MIN_BURST_REQUESTS = 1;

export interface IntervalResult {
  /** Requests served by the private cluster in the interval. */
  privateServed: number;
  privateUtilisation: number | null;
  /** Requests sent to the public cloud. */
  burstRequests: number;
  /** VMs, containers or function instances running at the end of the interval. */
  burstInstances: number;
  /** Requests delayed by an instance start: cold starts, or waiting for new VMs/containers. */
  startDelayed: number;
  rejected: number;
  /** Requests waiting at the end of the interval (backlog without bursting, start queue with it). */
  queue: number;
  /** Public cloud bill so far (USD), as if every running instance stopped now. */
  publicUsd: number;
  parts: LatencyPart[];
}

/** Running VMs or containers, grouped by launch time, stopped youngest first. */
class InstanceFleet {
  private readonly launch: number[] = [];
  private readonly count: number[] = [];
  private total = 0;
  private launchSum = 0;
  private billed = 0;

  constructor(
    private readonly pricePerS: number,
    private readonly minimumS: number,
  ) {}

  get size(): number {
    return this.total;
  }

  resize(target: number, now: number): void {
    if (target > this.total) {
      this.launch.push(now);
      this.count.push(target - this.total);
      this.launchSum += now * (target - this.total);
      this.total = target;
    }
    while (this.total > target) {
      const top = this.launch.length - 1;
      const n = Math.min(this.count[top]!, this.total - target);
      const at = this.launch[top]!;
      this.billed += n * perSecondBillUsd(now - at, this.pricePerS, this.minimumS);
      this.total -= n;
      this.launchSum -= n * at;
      if (n === this.count[top]) {
        this.launch.pop();
        this.count.pop();
      } else {
        this.count[top] = this.count[top]! - n;
      }
    }
  }

  /** Bill so far if every running instance stopped at `now`. */
  billAt(now: number): number {
    let running = (this.total * now - this.launchSum) * this.pricePerS;
    // Young instances have not reached the minimum yet; they are on top of the stack.
    for (let i = this.launch.length - 1; i >= 0; i--) {
      const age = now - this.launch[i]!;
      if (age >= this.minimumS) break;
      running += this.count[i]! * (this.minimumS - age) * this.pricePerS;
    }
    return this.billed + running;
  }
}

/** One bursting option stepped interval by interval over shared arrivals. */
export class OptionModel {
  private backlog = 0;
  private readonly fleet: InstanceFleet | null;
  private readonly warmHistory: Array<{ end: number; instances: number }> = [];
  private functionUsd = 0;

  constructor(
    readonly option: BurstOption,
    private readonly s: HybridScenario,
    private readonly d: HybridDerived,
    private readonly servers: number,
    private readonly collectLatency: boolean,
  ) {
    this.fleet =
      option === 'vm'
        ? new InstanceFleet(d.vmPricePerS, s.vm.minimumBilledS)
        : option === 'container'
          ? new InstanceFleet(d.containerPricePerS, s.container.minimumBilledS)
          : null;
  }

  /** Advances one interval [t0, t0 + dt) with `arrivals` requests; `blocking` = Erlang B of the private cluster. */
  step(t0: number, dt: number, arrivals: number, blocking: number): IntervalResult {
    return this.option === 'none'
      ? this.stepQueue(t0, dt, arrivals)
      : this.stepBurst(t0, dt, arrivals, blocking);
  }

  private stepQueue(t0: number, dt: number, arrivals: number): IntervalResult {
    const c = this.servers;
    const sP = this.d.privateServiceS;
    const q0 = this.backlog;
    const parts: LatencyPart[] = [];
    const result = (
      served: number,
      util: number | null,
      rejected: number,
      queue: number,
    ): IntervalResult => ({
      privateServed: served,
      privateUtilisation: util,
      burstRequests: 0,
      burstInstances: 0,
      startDelayed: 0,
      rejected,
      queue,
      publicUsd: 0,
      parts,
    });
    if (c === 0) {
      const q1 = q0 + arrivals;
      const rejected = Math.max(0, q1 - this.s.queueLimit);
      this.backlog = Math.min(q1, this.s.queueLimit);
      return result(0, null, rejected, this.backlog);
    }
    const rate = c / sP; // requests per second at full load
    const capacity = rate * dt;
    if (q0 + arrivals > capacity * (1 + 1e-12)) {
      // Overloaded (or still draining): a fluid backlog, waits spread between its start and end.
      let q1 = q0 + arrivals - capacity;
      const rejected = Math.max(0, q1 - this.s.queueLimit);
      q1 = Math.min(q1, this.s.queueLimit);
      this.backlog = q1;
      if (this.collectLatency && arrivals - rejected > 0) {
        parts.push({
          kind: 'uniform',
          weight: arrivals - rejected,
          shiftS: Math.min(q0, q1) / rate,
          widthS: Math.abs(q1 - q0) / rate,
          meanS: sP,
        });
      }
      return result(capacity, 1, rejected, q1);
    }
    const lambda = arrivals / dt;
    let steady = arrivals;
    if (q0 > 0) {
      // The backlog drains in q0 / (capacity rate - arrival rate); arrivals meanwhile wait it out.
      const drain = Math.min(dt, q0 / (rate - lambda));
      const during = lambda * drain;
      steady = arrivals - during;
      if (this.collectLatency && during > 0) {
        parts.push({ kind: 'uniform', weight: during, shiftS: 0, widthS: q0 / rate, meanS: sP });
      }
    }
    if (this.collectLatency && steady > 0) parts.push(this.mmcPart(steady, 0, c, lambda * sP, sP));
    this.backlog = 0;
    return result(q0 + arrivals, (q0 + arrivals) / capacity, 0, 0);
  }

  /** M/M/c waiting for `weight` requests at offered load `load` on `servers` servers. */
  private mmcPart(weight: number, shiftS: number, servers: number, load: number, meanS: number): LatencyPart {
    if (load >= servers * (1 - 1e-9)) return { kind: 'uniform', weight, shiftS, widthS: 0, meanS };
    return {
      kind: 'queue',
      weight,
      shiftS,
      meanS,
      waitProb: erlangC(servers, load),
      waitRate: (servers - load) / meanS,
    };
  }

  private stepBurst(t0: number, dt: number, arrivals: number, blocking: number): IntervalResult {
    const { d, s } = this;
    const c = this.servers;
    const lambda = arrivals / dt;
    // Less than one request per interval is not worth an instance: it waits for a private
    // server instead (its short wait is ignored), so a full-enough cluster bursts nothing.
    const share = c > 0 && arrivals * blocking < MIN_BURST_REQUESTS ? 0 : blocking;
    const privateServed = arrivals * (1 - share);
    const privateUtilisation = c > 0 ? (lambda * d.privateServiceS * (1 - share)) / c : null;
    const overflow = arrivals * share;
    const overflowRate = lambda * share;
    const parts: LatencyPart[] = [];
    if (this.collectLatency && privateServed > 0) {
      parts.push({ kind: 'exp', weight: privateServed, shiftS: 0, meanS: d.privateServiceS });
    }
    // One object shape for every option, built without spreads: a sweep runs this millions of times.
    const result = (
      instances: number,
      delayed: number,
      rejected: number,
      queue: number,
      publicUsd: number,
    ) => ({
      privateServed,
      privateUtilisation,
      burstRequests: overflow,
      burstInstances: instances,
      startDelayed: delayed,
      rejected,
      queue,
      publicUsd,
      parts,
    });

    if (this.option === 'serverless') {
      const sF = d.functionServiceS;
      const limit = s.serverless.concurrencyLimit;
      const throttledRate = Math.max(0, overflowRate - limit / sF);
      const rejected = throttledRate * dt;
      const served = overflow - rejected;
      const concurrency = (overflowRate - throttledRate) * sF;
      const needed =
        concurrency > 1e-12 ? Math.min(limit, Math.ceil(concurrency + 2 * Math.sqrt(concurrency) - 1e-9)) : 0;
      // Instances used in an earlier interval stay warm until keepAlive after its end.
      while (this.warmHistory.length > 0 && this.warmHistory[0]!.end + s.serverless.keepAliveS <= t0) {
        this.warmHistory.shift();
      }
      let warm = 0;
      for (const h of this.warmHistory) warm = Math.max(warm, h.instances);
      const cold = Math.min(served, Math.max(0, needed - warm));
      this.warmHistory.push({ end: t0 + dt, instances: needed });
      this.functionUsd += served * d.functionCostPerRequest;
      if (this.collectLatency) {
        const shift = d.rttS + d.warmStartS;
        if (cold > 0) parts.push({ kind: 'exp', weight: cold, shiftS: shift + d.coldStartS, meanS: sF });
        if (served - cold > 0) parts.push({ kind: 'exp', weight: served - cold, shiftS: shift, meanS: sF });
      }
      return result(needed, cold, rejected, 0, this.functionUsd);
    }

    const fleet = this.fleet!;
    const vcpus = this.option === 'vm' ? s.vm.vcpus : s.container.vcpus;
    const sB = this.option === 'vm' ? d.vmServiceS : d.containerServiceS;
    const readyS = this.option === 'vm' ? d.vmReadyS : d.containerReadyS;
    const load = overflowRate * sB;
    let want = load > 1e-12 ? Math.ceil(load / (vcpus * s.bursting.targetUtilization) - 1e-9) : 0;
    while (load > 0 && want * vcpus <= load) want++; // keep the pool stable at a target of 100%
    const before = fleet.size;
    let delayed = 0;
    let rejected = 0;
    let rampS = 0;
    if (want > before) {
      // Until the new instances serve, overflow beyond the old ones waits (up to the queue limit).
      rampS = Math.min(readyS, dt);
      const excess = Math.max(0, overflowRate - (before * vcpus) / sB) * rampS;
      delayed = Math.min(excess, s.queueLimit);
      rejected = excess - delayed;
    }
    fleet.resize(want, t0);
    const warmServed = overflow - delayed - rejected;
    if (this.collectLatency) {
      if (delayed > 0)
        parts.push({ kind: 'uniform', weight: delayed, shiftS: d.rttS, widthS: rampS, meanS: sB });
      if (warmServed > 0) parts.push(this.mmcPart(warmServed, d.rttS, want * vcpus, load, sB));
    }
    return result(want, delayed, rejected, delayed, fleet.billAt(t0 + dt));
  }

  /** Public bill at the end of the run (every instance stopped at `end`). */
  finalPublicUsd(end: number): number {
    if (this.fleet !== null) return this.fleet.billAt(end);
    return this.functionUsd;
  }

  get backlogAtEnd(): number {
    return this.backlog;
  }
}

// --- totals and break-even ------------------------------------------------------------------------

export interface OptionTotals {
  option: BurstOption;
  privateUsd: number;
  publicUsd: number;
  totalUsd: number;
  requests: number;
  burstRequests: number;
  rejected: number;
  startDelayed: number;
  /** Requests still waiting when the horizon ends (no bursting). */
  unfinished: number;
  peakBurstInstances: number;
  p95Ms: number | null;
  meanMs: number | null;
}

/** Runs every option over the given arrivals; `servers` overrides the private cluster size. */
function runOptions(
  s: HybridScenario,
  d: HybridDerived,
  arrivals: Float64Array,
  hosts: number,
  collectLatency: boolean,
): OptionTotals[] {
  const servers = hosts * d.slotsPerHost;
  const models = BURST_OPTIONS.map((o) => new OptionModel(o, s, d, servers, collectLatency));
  const totals = BURST_OPTIONS.map((option) => ({
    option,
    burstRequests: 0,
    rejected: 0,
    startDelayed: 0,
    peak: 0,
    parts: [] as LatencyPart[],
  }));
  let requests = 0;
  for (let k = 0; k < d.intervals; k++) {
    const t0 = k * s.intervalS;
    const dt = Math.min(s.intervalS, d.horizonS - t0);
    const a = arrivals[k]!;
    requests += a;
    const blocking = erlangB(servers, (a / dt) * d.privateServiceS);
    models.forEach((m, i) => {
      const r = m.step(t0, dt, a, blocking);
      const t = totals[i]!;
      t.burstRequests += r.burstRequests;
      t.rejected += r.rejected;
      t.startDelayed += r.startDelayed;
      t.peak = Math.max(t.peak, r.burstInstances);
      if (collectLatency) for (const p of r.parts) t.parts.push(p);
    });
  }
  const privateUsd = hosts * d.hostCostPerS * d.horizonS;
  return models.map((m, i) => {
    const t = totals[i]!;
    const publicUsd = m.finalPublicUsd(d.horizonS);
    const p95 = collectLatency ? latencyQuantile(t.parts, 0.95) : null;
    const mean = collectLatency ? mixtureMean(t.parts) : null;
    return {
      option: m.option,
      privateUsd,
      publicUsd,
      totalUsd: privateUsd + publicUsd,
      requests,
      burstRequests: t.burstRequests,
      rejected: t.rejected,
      startDelayed: t.startDelayed,
      unfinished: m.backlogAtEnd,
      peakBurstInstances: t.peak,
      p95Ms: p95 === null ? null : p95 * 1000,
      meanMs: mean === null ? null : mean * 1000,
    };
  });
}

/** Every option on the scenario's own cluster, over the same (seeded) arrivals, with latency. */
export function compareBurstOptions(scenario: HybridScenario, seed: number): OptionTotals[] {
  const s = HybridScenarioSchema.parse(scenario);
  return runOptions(s, deriveHybrid(s), hybridArrivals(s, seed), s.private.hosts, true);
}

export interface BreakEvenCurve {
  option: BurstOption;
  totalUsd: number[];
  privateUsd: number[];
  publicUsd: number[];
  rejected: number[];
  burstRequests: number[];
}

export interface BreakEvenResult {
  /** The private cluster sizes swept (x axis). */
  hosts: number[];
  /** Private servers / peak offered load, per swept size (1 = owns the peak). */
  shareOfPeak: number[];
  peakErlangs: number;
  slotsPerHost: number;
  curves: BreakEvenCurve[];
  /** Per burst option, the cheapest private size: beyond it a host costs more than the bursting it saves. */
  cheapest: Array<{ option: BurstOption; hosts: number; shareOfPeak: number; totalUsd: number }>;
  /**
   * Closed form of the same trade-off: a private host pays for itself when the load needs it
   * for more than this share of the time (host cost / cost of bursting a host's worth of load).
   */
  busyShareToOwn: Array<{ option: BurstOption; share: number }>;
  /** Smallest swept size at which the cluster alone, without bursting, rejects nothing; with its cost. */
  ownThePeak: { hosts: number; totalUsd: number } | null;
  /**
   * Where the total cost of bursting to VMs or containers crosses that of bursting to functions
   * (linear interpolation between sweep points): below, per-request billing is cheaper.
   */
  crossings: Array<{
    options: [BurstOption, BurstOption];
    hosts: number;
    totalUsd: number;
    burstRequests: number;
  }>;
}

/**
 * Sweeps the private cluster size from 0 hosts to a little beyond the peak and returns the
 * total cost (private + public) of each option, on the expected arrivals (no Poisson noise,
 * no seed), so the view can chart cost against private capacity with the break-even marked.
 * Runs of more than MAX_SWEEP_INTERVALS intervals are swept on proportionally longer ones.
 */
export function breakEven(scenario: HybridScenario): BreakEvenResult {
  const parsed = HybridScenarioSchema.parse(scenario);
  // A long horizon with short intervals is swept on coarser intervals (same demand integral).
  const factor = Math.ceil(deriveHybrid(parsed).intervals / MAX_SWEEP_INTERVALS);
  const s = factor > 1 ? { ...parsed, intervalS: parsed.intervalS * factor } : parsed;
  const d = deriveHybrid(s);
  const arrivals = hybridArrivals(s, null);
  let peakErlangs = 0;
  for (let k = 0; k < d.intervals; k++) {
    const dt = Math.min(s.intervalS, d.horizonS - k * s.intervalS);
    peakErlangs = Math.max(peakErlangs, (arrivals[k]! / dt) * d.privateServiceS);
  }
  const slots = Math.max(1, d.slotsPerHost);
  // Up to where Erlang B leaves almost nothing to burst: the peak plus 4 standard deviations.
  const top = Math.max(
    s.private.hosts,
    Math.ceil((peakErlangs + 4 * Math.sqrt(peakErlangs) + 2) / slots) + 1,
  );
  const hosts: number[] = [];
  const points = Math.min(top, MAX_SWEEP_POINTS);
  for (let i = 0; i <= points; i++) {
    const h = Math.round((i * top) / points);
    if (hosts[hosts.length - 1] !== h) hosts.push(h);
  }
  const curves: BreakEvenCurve[] = BURST_OPTIONS.map((option) => ({
    option,
    totalUsd: [],
    privateUsd: [],
    publicUsd: [],
    rejected: [],
    burstRequests: [],
  }));
  for (const h of hosts) {
    const totals = runOptions(s, d, arrivals, d.slotsPerHost > 0 ? h : 0, false);
    totals.forEach((t, i) => {
      const c = curves[i]!;
      c.totalUsd.push(t.totalUsd);
      c.privateUsd.push(t.privateUsd);
      c.publicUsd.push(t.publicUsd);
      c.rejected.push(t.rejected);
      c.burstRequests.push(t.burstRequests);
    });
  }
  const shareOfPeak = hosts.map((h) => (peakErlangs > 0 ? (h * d.slotsPerHost) / peakErlangs : 0));
  const bursting = curves.filter((c) => c.option !== 'none');
  const cheapest = bursting.map((c) => {
    let best = 0;
    c.totalUsd.forEach((v, i) => {
      if (v < c.totalUsd[best]! - 1e-12) best = i;
    });
    return {
      option: c.option,
      hosts: hosts[best]!,
      shareOfPeak: shareOfPeak[best]!,
      totalUsd: c.totalUsd[best]!,
    };
  });
  // Bursting one host's worth of load (slots / service time requests per second) for one second.
  const perSecondOfHost = slots / d.privateServiceS;
  const burstCostPerHostS: Record<Exclude<BurstOption, 'none'>, number> = {
    vm: ((perSecondOfHost * d.vmServiceS) / (s.vm.vcpus * s.bursting.targetUtilization)) * d.vmPricePerS,
    container:
      ((perSecondOfHost * d.containerServiceS) / (s.container.vcpus * s.bursting.targetUtilization)) *
      d.containerPricePerS,
    serverless: perSecondOfHost * d.functionCostPerRequest,
  };
  const busyShareToOwn = (['vm', 'container', 'serverless'] as const).map((option) => ({
    option,
    share:
      burstCostPerHostS[option] > 0 ? d.hostCostPerS / burstCostPerHostS[option] : Number.POSITIVE_INFINITY,
  }));
  const none = curves[0]!;
  let ownThePeak: BreakEvenResult['ownThePeak'] = null;
  for (let i = 0; i < hosts.length; i++) {
    if (none.rejected[i]! <= 1e-9 && none.totalUsd[i]! >= 0) {
      ownThePeak = { hosts: hosts[i]!, totalUsd: none.totalUsd[i]! };
      break;
    }
  }
  // Per-instance billing (VMs, containers) against per-request billing (functions); VMs and
  // containers cost about the same and would cross back and forth.
  const crossings: BreakEvenResult['crossings'] = [];
  const fn = curves[3]!;
  for (const a of [curves[1]!, curves[2]!]) {
    for (let i = 1; i < hosts.length; i++) {
      const d0 = a.totalUsd[i - 1]! - fn.totalUsd[i - 1]!;
      const d1 = a.totalUsd[i]! - fn.totalUsd[i]!;
      if (d0 === 0 || d0 * d1 >= 0) continue;
      const f = d0 / (d0 - d1);
      const lerp = (arr: number[]) => arr[i - 1]! + f * (arr[i]! - arr[i - 1]!);
      crossings.push({
        options: [a.option, fn.option],
        hosts: lerp(hosts),
        totalUsd: lerp(a.totalUsd),
        burstRequests: lerp(a.burstRequests),
      });
    }
  }
  return {
    hosts,
    shareOfPeak,
    peakErlangs,
    slotsPerHost: d.slotsPerHost,
    curves,
    cheapest,
    busyShareToOwn,
    ownThePeak,
    crossings,
  };
}

// --- the simulation (axis: simulated seconds) ------------------------------------------------------

const r2 = (x: number) => Math.round(x * 100) / 100;
const r4 = (x: number) => Math.round(x * 10_000) / 10_000;
const ms = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

/**
 * Axis 's': one frame per interval (at its end) with the demand, the private cluster and,
 * for every option, its burst instances, latency, rejections and cost so far. Events:
 * 'scale' when an option's burst instances change, 'overflow' for each stretch of time in
 * which at least 1% of requests find the private cluster full.
 */
export function createHybridSimulation(scenario: HybridScenario, seed: number): TopicSimulation {
  const s = HybridScenarioSchema.parse(scenario);
  const d = deriveHybrid(s);
  const arrivals = hybridArrivals(s, seed);
  const servers = s.private.hosts * d.slotsPerHost;
  const models = BURST_OPTIONS.map((o) => new OptionModel(o, s, d, servers, true));
  const acc = BURST_OPTIONS.map(() => ({
    burstRequests: 0,
    rejected: 0,
    startDelayed: 0,
    peakInstances: 0,
    instances: 0,
    publicUsd: 0,
    parts: [] as LatencyPart[],
  }));
  let k = 0;
  let now = 0;
  let processed = 0;
  let requests = 0;
  let privateUsd = 0;
  let overflowSince: number | null = null;
  let overflowPeak = 0;
  let cachedBreakEven: BreakEvenResult | null = null;

  return {
    axis: { unit: 's', label: 'simulated time (s)' },
    horizon: d.horizonS,
    get now() {
      return now;
    },
    get done() {
      return k >= d.intervals;
    },
    get eventsProcessed() {
      return processed;
    },
    advanceTo(until: number): TopicChunk {
      const frames: TopicFrame[] = [];
      const events: TopicEvent[] = [];
      while (k < d.intervals) {
        const t0 = k * s.intervalS;
        const t1 = Math.min(d.horizonS, t0 + s.intervalS);
        if (t1 > until + 1e-9) break;
        const dt = t1 - t0;
        const a = arrivals[k]!;
        requests += a;
        privateUsd += s.private.hosts * d.hostCostPerS * dt;
        const load = (a / dt) * d.privateServiceS;
        const blocking = erlangB(servers, load);
        const values: Record<string, number | null> = {
          'demand.rps': r2(a / dt),
          'demand.erlangs': r2(load),
          'private.servers': servers,
          'private.overflowShare': r4(blocking),
          'cost.privateUsd': r4(privateUsd),
        };
        models.forEach((m, i) => {
          const r = m.step(t0, dt, a, blocking);
          const o = m.option;
          const st = acc[i]!;
          st.burstRequests += r.burstRequests;
          st.rejected += r.rejected;
          st.startDelayed += r.startDelayed;
          st.peakInstances = Math.max(st.peakInstances, r.burstInstances);
          st.publicUsd = r.publicUsd;
          for (const p of r.parts) st.parts.push(p);
          if (r.burstInstances !== st.instances && o !== 'none') {
            events.push({
              type: 'scale',
              subject: o,
              start: t0,
              data: { from: st.instances, to: r.burstInstances },
            });
          }
          st.instances = r.burstInstances;
          const p95 = latencyQuantile(r.parts, 0.95);
          const mean = mixtureMean(r.parts);
          values[`${o}.privateUtil`] = r.privateUtilisation === null ? null : r4(r.privateUtilisation);
          values[`${o}.burstRps`] = r2(r.burstRequests / dt);
          values[`${o}.burstInstances`] = r.burstInstances;
          values[`${o}.p95Ms`] = ms(p95 === null ? null : p95 * 1000);
          values[`${o}.meanMs`] = ms(mean === null ? null : mean * 1000);
          values[`${o}.queue`] = r2(r.queue);
          values[`${o}.rejected`] = r2(r.rejected);
          values[`${o}.startDelayed`] = r2(r.startDelayed);
          values[`${o}.costPublicUsd`] = r4(r.publicUsd);
          values[`${o}.costTotalUsd`] = r4(r.publicUsd + privateUsd);
          processed++;
        });
        // Stretches in which the private cluster turns away at least 1% of requests.
        if (blocking >= 0.01) {
          if (overflowSince === null) overflowSince = t0;
          overflowPeak = Math.max(overflowPeak, (a / dt) * blocking);
        }
        if (overflowSince !== null && (blocking < 0.01 || k === d.intervals - 1)) {
          events.push({
            type: 'overflow',
            subject: 'private',
            start: overflowSince,
            end: blocking < 0.01 ? t0 : t1,
            data: { peakOverflowRps: r2(overflowPeak) },
          });
          overflowSince = null;
          overflowPeak = 0;
        }
        frames.push({ t: t1, values });
        k++;
        now = t1;
      }
      if (k >= d.intervals) now = d.horizonS;
      else now = Math.max(now, Math.min(until, d.horizonS));
      return { frames, events };
    },
    summary(): TopicSummary {
      const end = k >= d.intervals ? d.horizonS : k * s.intervalS;
      const rows = models.map((m, i) => {
        const st = acc[i]!;
        const publicUsd = k >= d.intervals ? m.finalPublicUsd(end) : st.publicUsd;
        return {
          ...st,
          option: m.option,
          publicUsd,
          totalUsd: publicUsd + privateUsd,
          p95: latencyQuantile(st.parts, 0.95),
          mean: mixtureMean(st.parts),
        };
      });
      const own = rows.find((r) => r.option === s.bursting.option)!;
      cachedBreakEven ??= breakEven(s);
      const be = cachedBreakEven;
      const ownCheapest = be.cheapest.find((c) => c.option === s.bursting.option);
      const share = (x: number) => (requests > 0 ? Math.round((x / requests) * 10_000) / 100 : 0);
      const metrics: TopicMetric[] = [
        { id: 'cost.totalUsd', label: 'Total cost', value: r2(own.totalUsd), unit: 'USD' },
        { id: 'cost.privateUsd', label: 'Private cluster cost', value: r2(privateUsd), unit: 'USD' },
        { id: 'cost.publicUsd', label: 'Public cloud cost', value: r2(own.publicUsd), unit: 'USD' },
        { id: 'requests', label: 'Requests', value: Math.round(requests), unit: 'requests' },
        {
          id: 'burst.share',
          label: 'Requests burst to the public cloud',
          value: share(own.burstRequests),
          unit: '%',
        },
        { id: 'rejected', label: 'Requests rejected', value: Math.round(own.rejected), unit: 'requests' },
        {
          id: 'latency.p95Ms',
          label: 'Latency p95',
          value: ms(own.p95 === null ? null : own.p95 * 1000),
          unit: 'ms',
        },
        {
          id: 'latency.meanMs',
          label: 'Mean latency',
          value: ms(own.mean === null ? null : own.mean * 1000),
          unit: 'ms',
        },
        {
          id: 'startDelayed.share',
          label: 'Requests delayed by an instance start',
          value: share(own.startDelayed),
          unit: '%',
        },
        {
          id: 'burst.peakInstances',
          label: 'Most burst instances at once',
          value: own.peakInstances,
          unit: 'instances',
        },
        {
          id: 'breakEven.hosts',
          label: 'Cheapest private cluster size (break-even)',
          value: ownCheapest === undefined ? null : ownCheapest.hosts,
          unit: 'hosts',
        },
      ];
      const options: TopicTable = {
        id: 'options',
        title: 'Bursting options on the same demand',
        columns: [
          'option',
          'total (USD)',
          'private (USD)',
          'public (USD)',
          'burst requests (%)',
          'rejected',
          'p95 latency (ms)',
          'mean latency (ms)',
          'start-delayed requests (%)',
          'peak burst instances',
        ],
        rows: rows.map((r) => [
          BURST_LABELS[r.option],
          r2(r.totalUsd),
          r2(privateUsd),
          r2(r.publicUsd),
          share(r.burstRequests),
          Math.round(r.rejected),
          ms(r.p95 === null ? null : r.p95 * 1000),
          ms(r.mean === null ? null : r.mean * 1000),
          share(r.startDelayed),
          r.peakInstances,
        ]),
      };
      const curves: TopicTable = {
        id: 'break-even',
        title: 'Total cost against private cluster size (expected demand)',
        columns: [
          'private hosts',
          'share of peak (%)',
          ...BURST_OPTIONS.map((o) => `${BURST_LABELS[o]} (USD)`),
          'rejected without bursting',
        ],
        rows: be.hosts.map((h, i) => [
          h,
          r2(be.shareOfPeak[i]! * 100),
          ...be.curves.map((c) => r2(c.totalUsd[i]!)),
          Math.round(be.curves[0]!.rejected[i]!),
        ]),
      };
      const points: TopicTable = {
        id: 'break-even-points',
        title: 'Break-even: the cheapest private size per option',
        columns: [
          'option',
          'private hosts',
          'share of peak (%)',
          'total (USD)',
          'own a host if busy more than (%)',
        ],
        rows: be.cheapest.map((c) => [
          BURST_LABELS[c.option],
          c.hosts,
          r2(c.shareOfPeak * 100),
          r2(c.totalUsd),
          finiteOrNull(r2((be.busyShareToOwn.find((b) => b.option === c.option)?.share ?? 0) * 100)),
        ]),
      };
      return { metrics, tables: [options, curves, points] };
    },
  };
}
