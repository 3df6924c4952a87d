import { z } from 'zod';
import { numberField as num, wholeNumberField as int } from './schema-fields';
import { CALIBRATION, type CalibratedValue, type CalibrationId } from './sim/calibration';
import { PLATFORM_PRESETS } from './sim/platforms';
import { MODEL_CALIBRATION_IDS } from './sim/model-constants';
import { azureSampleTrace } from './trace/synthetic';

/**
 * Scenario files and run requests, schema version 2. Everything that crosses a boundary
 * (IPC, worker messages, files) is parsed with these schemas; the messages name the
 * offending field and its allowed range so the UI can show them as they are.
 *
 * The schema describes the canonical form (every field present). Files may be shorter:
 * parseScenarioFile() fills the documented defaults (profile defaults for
 * workload.request, the default host price, no overcommit, Lambda's serverless settings,
 * empty overrides) and migrates version 1 files before validating. serializeScenario()
 * writes the canonical form, so UI and CLI round-trip.
 */

export const PLATFORM_IDS = [
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
] as const;
export const PlatformIdSchema = z.enum(PLATFORM_IDS, {
  error: (issue) => `unknown platform ${JSON.stringify(issue.input)} (known: ${PLATFORM_IDS.join(', ')})`,
});
export type PlatformId = z.infer<typeof PlatformIdSchema>;

// --- limits -------------------------------------------------------------------------------

/** Longest run: a week, enough to replay a trace's daily pattern several times. */
export const MAX_HORIZON_S = 604_800;
/** Sample intervals per run (each platform streams one sample per interval). */
export const MAX_SAMPLES = 50_000;
/** Instances one platform could hold across its cluster (hosts x density). */
export const MAX_CLUSTER_INSTANCES = 10_000_000;
/** Expected requests per platform over the horizon: about 3 minutes of simulation at 5M events/s. */
export const MAX_EXPECTED_REQUESTS = 200_000_000;
export const MAX_PLATFORMS = 12;

// --- hardware -----------------------------------------------------------------------------

export const DiskSchema = z.strictObject({
  /** 4 KiB random operations per second the device sustains (bare metal). */
  randomIops: num('disk random IOPS', 100, 10_000_000),
  /** Sequential throughput (MB/s = 10^6 bytes/s). */
  sequentialMBps: num('disk sequential throughput (MB/s)', 10, 100_000),
});

export const NicSchema = z.strictObject({
  bandwidthGbps: num('NIC bandwidth (Gbit/s)', 0.1, 400),
  /** Request/response round trip of the bare-metal network path (us). */
  latencyUs: num('NIC latency (us)', 1, 10_000),
});

export const HostsSchema = z.strictObject({
  /** Identical hosts per platform: every platform gets its own cluster of this size. */
  count: int('host count', 1, 10_000),
  cores: int('host cores', 1, 256),
  /** Work is defined at a 3 GHz reference clock; time = work x 3 / clockGHz. */
  clockGHz: num('host clock (GHz)', 0.5, 6),
  ramGiB: num('host RAM (GiB)', 1, 4096),
  disk: DiskSchema,
  nic: NicSchema,
  /**
   * What one host costs per hour (USD). VMs, containers and processes pay the share of a
   * host they reserve; serverless platforms pay their provider's prices instead.
   */
  pricePerHourUsd: num('host price per hour (USD)', 0, 1000),
});
export type HostsSpec = z.infer<typeof HostsSchema>;

export const MemoryOvercommitSchema = z.strictObject({
  enabled: z.boolean({ error: 'memoryOvercommit.enabled must be true or false' }),
  /** Admission allows up to ratio x usable memory per host. */
  ratio: num('memory overcommit ratio', 1, 4),
});

// --- workload -----------------------------------------------------------------------------

export const WORKLOAD_PROFILES = [
  'request-response',
  'cpu-batch',
  'memory-bound',
  'io-random',
  'io-sequential',
] as const;
export const WorkloadProfileSchema = z.enum(WORKLOAD_PROFILES, {
  error: (issue) =>
    `unknown workload profile ${JSON.stringify(issue.input)} (known: ${WORKLOAD_PROFILES.join(', ')})`,
});
export type WorkloadProfile = z.infer<typeof WorkloadProfileSchema>;

export const IO_PATTERNS = ['random', 'sequential'] as const;

export const RequestSchema = z
  .strictObject({
    /** Mean CPU work of one request on bare metal at the 3 GHz reference clock (exponential). */
    cpuMs: num('CPU per request (ms)', 0.001, 3_600_000),
    /** Disk operations per request, done one after the other (fractions: the mean of floor/ceil). */
    ioOps: num('I/O operations per request', 0, 100_000),
    /** Size of one disk operation (KiB). */
    ioKiB: num('I/O size (KiB)', 0.5, 1_048_576),
    ioPattern: z.enum(IO_PATTERNS, { error: 'ioPattern must be "random" or "sequential"' }),
    /** Bytes sent and received per request (KiB); 0 = no network phase. */
    networkKiB: num('network per request (KiB)', 0, 1_048_576),
    /** Share of the CPU work spent in system calls (gVisor and WINE tax this share). */
    syscallShare: num('system-call share of CPU', 0, 1),
    /** Share of the CPU work bound by memory bandwidth (STREAM-like; taxed by the platform's memory slowdown). */
    memoryBoundShare: num('memory-bound share of CPU', 0, 1),
  })
  .refine((r) => r.syscallShare + r.memoryBoundShare <= 1 + 1e-12, {
    message: 'syscallShare + memoryBoundShare must be at most 1',
    path: ['memoryBoundShare'],
  });
export type RequestSpec = z.infer<typeof RequestSchema>;

export const BurstSchema = z.strictObject({
  startS: num('burst start (s)', 0, MAX_HORIZON_S),
  durationS: num('burst duration (s)', 1, MAX_HORIZON_S),
  factor: num('burst factor', 1, 100),
});

const rate = (label: string) => num(label, 0.001, 1_000_000);

const PercentileSchema = z.strictObject({
  p: num('percentile', 0, 100),
  ms: num('duration (ms)', 0, 3_600_000),
});

const FunctionTraceSchema = z.strictObject({
  id: z.string().min(1, { message: 'function id must not be empty' }).max(400),
  app: z.string().min(1, { message: 'app must not be empty' }).max(400),
  trigger: z.string().max(64),
  /** Validated by hand below (the arrays can hold millions of numbers). */
  invocationsPerMinute: z.array(z.number()),
  durationPercentilesMs: z.array(PercentileSchema).min(2, { message: 'give at least p0 and p100' }),
  memoryMiB: num('app memory (MiB)', 1, 65_536),
});

export const MAX_TRACE_MINUTES = 20_160;
export const MAX_TRACE_FUNCTIONS = 100_000;
export const MAX_TRACE_CELLS = 50_000_000;

export const WorkloadTraceSchema = z
  .strictObject({
    source: z.string().max(500),
    minutes: int('trace length (minutes)', 1, MAX_TRACE_MINUTES),
    functions: z
      .array(FunctionTraceSchema)
      .min(1, { message: 'a trace needs at least one function' })
      .max(MAX_TRACE_FUNCTIONS, { message: `a trace may hold at most ${MAX_TRACE_FUNCTIONS} functions` }),
  })
  .superRefine((trace, ctx) => {
    if (trace.minutes * trace.functions.length > MAX_TRACE_CELLS) {
      ctx.addIssue({
        code: 'custom',
        message: `minutes x functions must be at most ${MAX_TRACE_CELLS} (is ${trace.minutes * trace.functions.length})`,
        path: ['functions'],
      });
      return;
    }
    trace.functions.forEach((fn, i) => {
      const at = (...rest: (string | number)[]) => ['functions', i, ...rest];
      if (fn.invocationsPerMinute.length !== trace.minutes) {
        ctx.addIssue({
          code: 'custom',
          message: `invocationsPerMinute must have ${trace.minutes} entries (one per minute), has ${fn.invocationsPerMinute.length}`,
          path: at('invocationsPerMinute'),
        });
      } else {
        for (let m = 0; m < fn.invocationsPerMinute.length; m++) {
          const c = fn.invocationsPerMinute[m]!;
          if (!(Number.isInteger(c) && c >= 0 && c <= 10_000_000)) {
            ctx.addIssue({
              code: 'custom',
              message: 'invocations per minute must be a whole number from 0 to 10000000',
              path: at('invocationsPerMinute', m),
            });
            break;
          }
        }
      }
      const table = fn.durationPercentilesMs;
      if (table[0]!.p !== 0 || table[table.length - 1]!.p !== 100) {
        ctx.addIssue({
          code: 'custom',
          message: 'durationPercentilesMs must start at p 0 and end at p 100',
          path: at('durationPercentilesMs'),
        });
      }
      for (let k = 1; k < table.length; k++) {
        if (!(table[k]!.p > table[k - 1]!.p) || !(table[k]!.ms >= table[k - 1]!.ms)) {
          ctx.addIssue({
            code: 'custom',
            message: 'durationPercentilesMs must increase in p and not decrease in ms',
            path: at('durationPercentilesMs', k),
          });
          break;
        }
      }
    });
  });
export type WorkloadTraceSpec = z.infer<typeof WorkloadTraceSchema>;

export const ArrivalsSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('poisson'), ratePerS: rate('arrival rate (req/s)') }),
    z.strictObject({ kind: z.literal('bursty'), ratePerS: rate('arrival rate (req/s)'), burst: BurstSchema }),
    z.strictObject({
      kind: z.literal('diurnal'),
      meanRatePerS: rate('mean arrival rate (req/s)'),
      /** Peak rate / trough rate of the sinusoid. */
      peakToTrough: num('peak-to-trough ratio', 1, 100),
      periodS: num('period (s)', 10, MAX_HORIZON_S),
    }),
    z.strictObject({
      kind: z.literal('closed'),
      clients: int('clients', 1, 100_000),
      /** Mean think time between a response and the client's next request (exponential). */
      thinkTimeMs: num('think time (ms)', 0, 3_600_000),
    }),
    z.strictObject({
      kind: z.literal('trace'),
      trace: z.union([z.literal('azure-sample'), WorkloadTraceSchema], {
        error: 'trace must be "azure-sample" or a trace object { source, minutes, functions }',
      }),
      /** Simulated seconds per trace second (0.01 replays a day in under 15 minutes). */
      timeScale: num('trace time scale', 0.0001, 1000).optional(),
      /**
       * Share of each traced execution time that is CPU work (default 1). The trace gives
       * wall-clock durations; the rest is spent waiting on other services: it holds the
       * instance (and is billed) but uses no CPU, disk or NIC of the host.
       */
      cpuShare: num('CPU share of a traced duration', 0, 1).optional(),
    }),
  ],
  { error: 'arrivals.kind must be one of poisson, bursty, diurnal, closed, trace' },
);
export type ArrivalsSpec = z.infer<typeof ArrivalsSchema>;

export const WorkloadSchema = z.strictObject({
  profile: WorkloadProfileSchema,
  arrivals: ArrivalsSchema,
  request: RequestSchema,
  /** Working set of one instance of the service (application + runtime, no platform). */
  appMemoryMiB: int('instance memory (MiB)', 16, 65_536),
});
export type WorkloadSpec = z.infer<typeof WorkloadSchema>;

// --- platforms and their overrides --------------------------------------------------------

function rangeOf(entry: CalibratedValue): { min: number; max: number; integer: boolean } {
  return { min: entry.min ?? 0, max: entry.max ?? 1e12, integer: entry.integer ?? false };
}

export const PlatformChoiceSchema = z
  .strictObject({
    id: PlatformIdSchema,
    /** CALIBRATION id -> value to use instead of the published default. */
    overrides: z.record(z.string(), z.number({ error: 'an override must be a number' })),
  })
  .superRefine((choice, ctx) => {
    const preset = PLATFORM_PRESETS[choice.id];
    for (const [key, value] of Object.entries(choice.overrides)) {
      if (!Object.hasOwn(CALIBRATION, key)) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown constant "${key}" (see the Sources panel for the list)`,
          path: ['overrides', key],
        });
        continue;
      }
      const id = key as CalibrationId;
      if (
        preset !== undefined &&
        !preset.calibrationIds.includes(id) &&
        !MODEL_CALIBRATION_IDS.includes(id)
      ) {
        ctx.addIssue({
          code: 'custom',
          message: `constant "${key}" is not used by platform ${choice.id}`,
          path: ['overrides', key],
        });
        continue;
      }
      const { min, max, integer } = rangeOf(CALIBRATION[id]);
      const unit = CALIBRATION[id].unit;
      if (!Number.isFinite(value) || value < min || value > max) {
        ctx.addIssue({
          code: 'custom',
          message: `${key} must be from ${min} to ${max} (${unit})`,
          path: ['overrides', key],
        });
      } else if (integer && !Number.isInteger(value)) {
        ctx.addIssue({ code: 'custom', message: `${key} must be a whole number`, path: ['overrides', key] });
      }
    }
  });
export type PlatformChoice = z.infer<typeof PlatformChoiceSchema>;

// --- serverless ---------------------------------------------------------------------------

export const KeepAliveSchema = z.discriminatedUnion(
  'policy',
  [
    z.strictObject({ policy: z.literal('fixed'), seconds: num('keep-alive (s)', 0, 86_400) }),
    z
      .strictObject({
        policy: z.literal('hybrid-histogram'),
        /** Idle times longer than this fall out of the histogram (1-minute bins). */
        rangeMinutes: int('histogram range (min)', 10, 1_440),
        headPercentile: num('pre-warm percentile', 0, 50),
        tailPercentile: num('keep-alive percentile', 50, 100),
        marginPct: num('margin (%)', 0, 100),
      })
      .refine((k) => k.headPercentile < k.tailPercentile, {
        message: 'the pre-warm percentile must be below the keep-alive percentile',
        path: ['headPercentile'],
      }),
  ],
  { error: 'serverless.keepAlive.policy must be "fixed" or "hybrid-histogram"' },
);
export type KeepAliveSpec = z.infer<typeof KeepAliveSchema>;

export const PricingSchema = z.strictObject({
  perGbSecondUsd: num('price per GB-second (USD)', 0, 1),
  perMillionRequestsUsd: num('price per million requests (USD)', 0, 1_000),
});

export const ServerlessSchema = z.strictObject({
  keepAlive: KeepAliveSchema,
  concurrencyPerInstance: int('concurrency per instance', 1, 1_000),
  pricing: PricingSchema,
});
export type ServerlessSpec = z.infer<typeof ServerlessSchema>;

// --- the scenario -------------------------------------------------------------------------

const CompareScenarioShape = z.strictObject({
  schemaVersion: z.literal(2, { error: 'schemaVersion must be 2' }),
  kind: z.literal('compare', { error: 'kind must be "compare"' }),
  name: z.string().max(120, { message: 'name must be at most 120 characters' }),
  horizonS: num('horizon (s)', 10, MAX_HORIZON_S),
  sampleIntervalS: num('sample interval (s)', 0.1, 3_600),
  hosts: HostsSchema,
  memoryOvercommit: MemoryOvercommitSchema,
  workload: WorkloadSchema,
  platforms: z
    .array(PlatformChoiceSchema)
    .min(1, { message: 'choose at least one platform' })
    .max(MAX_PLATFORMS, { message: `choose at most ${MAX_PLATFORMS} platforms` }),
  serverless: ServerlessSchema,
});

export const CompareScenarioSchema = CompareScenarioShape.superRefine((s, ctx) => {
  const seen = new Set<string>();
  s.platforms.forEach((p, i) => {
    if (seen.has(p.id)) {
      ctx.addIssue({
        code: 'custom',
        message: `platform ${p.id} is listed twice`,
        path: ['platforms', i, 'id'],
      });
    }
    seen.add(p.id);
  });
  if (s.sampleIntervalS > s.horizonS) {
    ctx.addIssue({
      code: 'custom',
      message: `sample interval must not exceed the horizon (${s.horizonS} s)`,
      path: ['sampleIntervalS'],
    });
  }
  const samples = s.horizonS / s.sampleIntervalS;
  if (samples > MAX_SAMPLES) {
    ctx.addIssue({
      code: 'custom',
      message: `horizon / sample interval gives ${Math.ceil(samples)} samples, at most ${MAX_SAMPLES}: sample every ${Math.ceil(s.horizonS / MAX_SAMPLES)} s or more`,
      path: ['sampleIntervalS'],
    });
  }
  const expected = expectedRequests(s);
  if (expected > MAX_EXPECTED_REQUESTS) {
    ctx.addIssue({
      code: 'custom',
      message: `about ${expected.toExponential(2)} requests over the horizon, at most ${MAX_EXPECTED_REQUESTS.toExponential(0)} per platform: shorten the horizon or lower the rate`,
      path: ['horizonS'],
    });
  }
  s.platforms.forEach((p, i) => {
    const perHost = roughDensity(s, p.id);
    if (perHost * s.hosts.count > MAX_CLUSTER_INSTANCES) {
      ctx.addIssue({
        code: 'custom',
        message: `${p.id}: ${s.hosts.count} hosts x ${perHost} instances per host exceeds ${MAX_CLUSTER_INSTANCES} instances; use fewer hosts or more memory per instance`,
        path: ['platforms', i, 'id'],
      });
    }
  });
});
export type CompareScenario = z.infer<typeof CompareScenarioShape>;

/**
 * Mean arrivals over the horizon, to bound the work of a run. A closed loop sends at most
 * one request per client per (think + bare-metal CPU + disk + network) time, and no more
 * than the cluster's cores and disks can serve on bare metal.
 */
export function expectedRequests(s: CompareScenario): number {
  const a = s.workload.arrivals;
  switch (a.kind) {
    case 'poisson':
      return a.ratePerS * s.horizonS;
    case 'bursty':
      return a.ratePerS * s.horizonS + a.ratePerS * (a.burst.factor - 1) * a.burst.durationS;
    case 'diurnal':
      return a.meanRatePerS * s.horizonS * 1.5; // a partial period can run above the mean
    case 'closed': {
      const r = s.workload.request;
      const opS =
        r.ioPattern === 'random'
          ? Math.max(1, r.ioKiB / 4) / s.hosts.disk.randomIops
          : (r.ioKiB * 1024) / (s.hosts.disk.sequentialMBps * 1e6);
      const ioS = r.ioOps * opS;
      const netS = r.networkKiB > 0 ? s.hosts.nic.latencyUs / 1e6 : 0;
      const cycleS = a.thinkTimeMs / 1000 + r.cpuMs / 1000 + ioS + netS;
      let rate = a.clients / cycleS;
      rate = Math.min(rate, (s.hosts.count * s.hosts.cores) / (r.cpuMs / 1000));
      if (ioS > 0) rate = Math.min(rate, s.hosts.count / ioS);
      return rate * s.horizonS;
    }
    case 'trace': {
      const trace = a.trace === 'azure-sample' ? azureSampleTrace() : a.trace;
      let total = 0;
      for (const fn of trace.functions) for (const c of fn.invocationsPerMinute) total += c;
      return total;
    }
  }
}

/** Upper bound of instances per host by memory alone (a cheap check for the cluster-size limit). */
function roughDensity(s: CompareScenario, id: PlatformId): number {
  const preset = PLATFORM_PRESETS[id];
  const overheadMiB = preset?.memoryOverheadMiB ?? 0;
  const ratio = s.memoryOvercommit.enabled ? s.memoryOvercommit.ratio : 1;
  return Math.floor((s.hosts.ramGiB * 1024 * ratio) / (s.workload.appMemoryMiB + overheadMiB));
}

export const SeedSchema = int('seed', 0, 2 ** 32 - 1);

export const SPEEDS = [1, 10, 60, 600, 0] as const;
/** Simulated seconds per wall-clock second; 0 means as fast as the machine allows. */
export const SpeedSchema = num('speed', 0, 1_000_000);

export const StartRunRequestSchema = z.strictObject({
  scenario: CompareScenarioSchema,
  seed: SeedSchema,
  speed: SpeedSchema,
});
export type StartRunRequest = z.infer<typeof StartRunRequestSchema>;

// --- defaults -----------------------------------------------------------------------------

/**
 * Default request of each workload profile (all values are assumptions chosen to make the
 * profile's bottleneck visible; they are not measurements):
 * - request-response: a web request, 20 ms CPU, one 4 KiB random read, 8 KiB over the
 *   network; 20% of its CPU in system calls (socket and file I/O), 10% memory-bound.
 * - cpu-batch: a long CPU job (10 s), no I/O, no network; 1% system calls.
 * - memory-bound: STREAM-like (1 s of work, all of it bound by memory bandwidth), so the
 *   platform's memory slowdown applies (KVM: STREAM -1..-3%, Felter et al. 2014).
 * - io-random: 64 random 4 KiB operations per request, 1 ms CPU, half of it system calls.
 * - io-sequential: 16 sequential 1 MiB operations per request, 5 ms CPU.
 */
export function workloadProfileDefaults(profile: WorkloadProfile): RequestSpec {
  switch (profile) {
    case 'request-response':
      return {
        cpuMs: 20,
        ioOps: 1,
        ioKiB: 4,
        ioPattern: 'random',
        networkKiB: 8,
        syscallShare: 0.2,
        memoryBoundShare: 0.1,
      };
    case 'cpu-batch':
      return {
        cpuMs: 10_000,
        ioOps: 0,
        ioKiB: 4,
        ioPattern: 'sequential',
        networkKiB: 0,
        syscallShare: 0.01,
        memoryBoundShare: 0,
      };
    case 'memory-bound':
      return {
        cpuMs: 1_000,
        ioOps: 0,
        ioKiB: 4,
        ioPattern: 'sequential',
        networkKiB: 0,
        syscallShare: 0,
        memoryBoundShare: 1,
      };
    case 'io-random':
      return {
        cpuMs: 1,
        ioOps: 64,
        ioKiB: 4,
        ioPattern: 'random',
        networkKiB: 1,
        syscallShare: 0.5,
        memoryBoundShare: 0,
      };
    case 'io-sequential':
      return {
        cpuMs: 5,
        ioOps: 16,
        ioKiB: 1024,
        ioPattern: 'sequential',
        networkKiB: 1,
        syscallShare: 0.3,
        memoryBoundShare: 0,
      };
  }
}

/** Host hardware used by defaults and by v1 migration (v1 had no disk, NIC, clock or price). */
export function defaultHosts(): HostsSpec {
  return {
    count: 1,
    cores: 16,
    clockGHz: 3,
    ramGiB: 64,
    disk: {
      randomIops: CALIBRATION['hardware.ssdRandomIops'].value,
      sequentialMBps: CALIBRATION['hardware.ssdSequentialMBps'].value,
    },
    nic: {
      bandwidthGbps: CALIBRATION['hardware.nicBandwidth'].value,
      latencyUs: CALIBRATION['hardware.nicLatency'].value,
    },
    pricePerHourUsd: CALIBRATION['host.pricePerHour'].value,
  };
}

/** AWS Lambda-like settings: 10-minute fixed keep-alive, one request per instance, list prices. */
export function defaultServerless(): ServerlessSpec {
  return {
    keepAlive: { policy: 'fixed', seconds: CALIBRATION['lambda.keepAlive'].value },
    concurrencyPerInstance: 1,
    pricing: {
      perGbSecondUsd: CALIBRATION['lambda.pricePerGbSecond'].value,
      perMillionRequestsUsd: CALIBRATION['lambda.pricePerMillionRequests'].value,
    },
  };
}

/** The hybrid-histogram keep-alive with Shahrad et al. 2020's settings. */
export function defaultHybridKeepAlive(): Extract<KeepAliveSpec, { policy: 'hybrid-histogram' }> {
  return {
    policy: 'hybrid-histogram',
    rangeMinutes: 240,
    headPercentile: 5,
    tailPercentile: 99,
    marginPct: 10,
  };
}

export const DEFAULT_PLATFORMS: readonly PlatformId[] = ['kvm', 'runc', 'faas-microvm'];

export function defaultCompareScenario(): CompareScenario {
  return {
    schemaVersion: 2,
    kind: 'compare',
    name: 'One service, three platforms',
    horizonS: 600,
    sampleIntervalS: 5,
    hosts: defaultHosts(),
    memoryOvercommit: { enabled: false, ratio: 1.5 },
    workload: {
      profile: 'request-response',
      arrivals: { kind: 'bursty', ratePerS: 40, burst: { startS: 240, durationS: 120, factor: 3 } },
      request: { ...workloadProfileDefaults('request-response'), cpuMs: 100 },
      appMemoryMiB: 256,
    },
    platforms: DEFAULT_PLATFORMS.map((id) => ({ id, overrides: {} })),
    serverless: defaultServerless(),
  };
}

// --- overrides ----------------------------------------------------------------------------

export interface ChangedConstant {
  platform: PlatformId;
  id: CalibrationId;
  default: number;
  value: number;
  unit: string;
}

/** Every constant the scenario overrides, per platform, in file order (for the UI and reports). */
export function changedConstants(scenario: CompareScenario): ChangedConstant[] {
  const changed: ChangedConstant[] = [];
  for (const platform of scenario.platforms) {
    for (const [key, value] of Object.entries(platform.overrides)) {
      if (!Object.hasOwn(CALIBRATION, key)) continue;
      const id = key as CalibrationId;
      const entry = CALIBRATION[id];
      if (entry.value === value) continue;
      changed.push({ platform: platform.id, id, default: entry.value, value, unit: entry.unit });
    }
  }
  return changed;
}

// --- errors and parsing -------------------------------------------------------------------

/** "workload.arrivals.ratePerS"; a key holding a dot is quoted: platforms.0.overrides["kvm.tuned"]. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    const text = String(part);
    if (text.includes('.')) out += `[${JSON.stringify(text)}]`;
    else out += out === '' ? text : `.${text}`;
  }
  return out;
}

/** Turns zod issues into one line per field: "workload.arrivals.ratePerS: arrival rate … at most 1000000". */
export function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = formatPath(issue.path);
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('\n');
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

export function parseWith<T>(schema: z.ZodType<T>, input: unknown): ParseResult<T> {
  const result = schema.safeParse(input);
  return result.success ? { ok: true, value: result.data } : { ok: false, error: formatIssues(result.error) };
}

const V1_PLATFORM_IDS: Record<string, PlatformId> = {
  vm: 'kvm',
  container: 'runc',
  serverless: 'faas-microvm',
};

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Version 1 -> version 2: `host` becomes `hosts` (1 host, default disk, NIC and 3 GHz
 * clock), requestRatePerS + burst become poisson or bursty arrivals, serviceTimeMs
 * becomes request.cpuMs of the request-response profile, and the platforms vm, container
 * and serverless become kvm, runc and faas-microvm. Anything unexpected is carried over
 * as it is, so validation reports it against the v2 schema.
 */
export function migrateScenarioV1(input: Record<string, unknown>): Record<string, unknown> {
  const { host, workload, platforms, schemaVersion: _v, ...rest } = input;
  void _v;
  const out: Record<string, unknown> = { schemaVersion: 2, ...rest };
  const hosts: Record<string, unknown> = { ...defaultHosts() };
  if (isRecord(host)) Object.assign(hosts, host);
  out['hosts'] = hosts;
  if (isRecord(workload)) {
    const { requestRatePerS, serviceTimeMs, appMemoryMiB, burst, ...extra } = workload;
    const request: Record<string, unknown> = { ...workloadProfileDefaults('request-response') };
    if (serviceTimeMs !== undefined) request['cpuMs'] = serviceTimeMs;
    out['workload'] = {
      profile: 'request-response',
      arrivals:
        burst === null || burst === undefined
          ? { kind: 'poisson', ratePerS: requestRatePerS }
          : { kind: 'bursty', ratePerS: requestRatePerS, burst },
      request,
      appMemoryMiB,
      ...extra,
    };
  } else {
    out['workload'] = workload;
  }
  out['platforms'] = Array.isArray(platforms)
    ? platforms.map((p) => (typeof p === 'string' ? (V1_PLATFORM_IDS[p] ?? p) : p))
    : platforms;
  return out;
}

/**
 * A v2 scenario embedded in another file (a sweep's export) with what it may leave out
 * filled in, as parseScenarioFile() does; anything but an object is returned as it is.
 */
export function fillScenarioDefaults(input: unknown): unknown {
  return isRecord(input) ? fillDefaults(input) : input;
}

/** Fills what a v2 file may leave out (see the module comment). Never overwrites a given value. */
function fillDefaults(input: Record<string, unknown>): Record<string, unknown> {
  const out = { ...input };
  // hosts.pricePerHourUsd came after the first v2 files: they get the default host price.
  if (isRecord(out['hosts'])) {
    const hosts = { ...out['hosts'] };
    hosts['pricePerHourUsd'] ??= defaultHosts().pricePerHourUsd;
    out['hosts'] = hosts;
  }
  out['memoryOvercommit'] ??= { enabled: false, ratio: 1.5 };
  out['serverless'] ??= defaultServerless();
  if (isRecord(out['serverless'])) {
    const serverless = { ...out['serverless'] };
    const defaults = defaultServerless();
    serverless['keepAlive'] ??= defaults.keepAlive;
    if (isRecord(serverless['keepAlive']) && serverless['keepAlive']['policy'] === 'hybrid-histogram') {
      serverless['keepAlive'] = { ...defaultHybridKeepAlive(), ...serverless['keepAlive'] };
    }
    serverless['concurrencyPerInstance'] ??= defaults.concurrencyPerInstance;
    serverless['pricing'] ??= defaults.pricing;
    out['serverless'] = serverless;
  }
  if (isRecord(out['workload'])) {
    const workload = { ...out['workload'] };
    const profile = workload['profile'];
    if (typeof profile === 'string' && (WORKLOAD_PROFILES as readonly string[]).includes(profile)) {
      const defaults = workloadProfileDefaults(profile as WorkloadProfile);
      workload['request'] = isRecord(workload['request'])
        ? { ...defaults, ...workload['request'] }
        : (workload['request'] ?? defaults);
    }
    out['workload'] = workload;
  }
  if (Array.isArray(out['platforms'])) {
    out['platforms'] = out['platforms'].map((p) => {
      if (typeof p === 'string') return { id: p, overrides: {} };
      if (isRecord(p) && p['overrides'] === undefined) return { ...p, overrides: {} };
      return p;
    });
  }
  return out;
}

/** Line and column of a character offset, 1-based. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function jsonErrorMessage(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message);
  if (position !== null) {
    const { line, column } = lineColumn(text, Number(position[1]));
    const reason = message.replace(/\s*(in JSON )?at position \d+.*$/s, '');
    return `not valid JSON at line ${line}, column ${column}: ${reason}`;
  }
  if (/Unexpected end of JSON input/.test(message)) {
    const { line, column } = lineColumn(text, text.length);
    return `not valid JSON: the text ends too early (line ${line}, column ${column})`;
  }
  return `not valid JSON: ${message}`;
}

/**
 * Parses a scenario file: JSON syntax (errors give line and column), version 1 migration,
 * defaults for omitted optional sections, then the v2 schema.
 */
export function parseScenarioFile(text: string): ParseResult<CompareScenario> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: jsonErrorMessage(text, error) };
  }
  if (!isRecord(data)) return { ok: false, error: 'a scenario file must hold one JSON object' };
  const version = data['schemaVersion'];
  if (version === 1) data = migrateScenarioV1(data);
  else if (version !== 2) {
    return {
      ok: false,
      error: `schemaVersion: must be 1 or 2 (this file says ${JSON.stringify(version ?? null)})`,
    };
  }
  return parseWith(CompareScenarioSchema, fillDefaults(data as Record<string, unknown>));
}

const KEY_ORDER: readonly string[] = [
  'schemaVersion',
  'kind',
  'name',
  'horizonS',
  'sampleIntervalS',
  'hosts',
  'memoryOvercommit',
  'workload',
  'platforms',
  'serverless',
];

/**
 * Stable pretty JSON (2 spaces, trailing newline): keys in schema order at every level
 * (zod rebuilds objects in shape order), override keys sorted, so the same scenario always
 * gives the same text. An invalid scenario is written as it is, top-level keys ordered.
 */
export function serializeScenario(scenario: CompareScenario): string {
  const parsed = CompareScenarioSchema.safeParse(scenario);
  const source = (parsed.success ? parsed.data : scenario) as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const key of KEY_ORDER) if (key in source) ordered[key] = source[key];
  if (Array.isArray(ordered['platforms'])) {
    ordered['platforms'] = (ordered['platforms'] as unknown[]).map((p) =>
      isRecord(p) && isRecord(p['overrides'])
        ? {
            ...p,
            overrides: Object.fromEntries(
              Object.entries(p['overrides']).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
            ),
          }
        : p,
    );
  }
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
