import type { EventDrain } from './event-log';
import type { PlatformId } from '../scenario';
import type { StartLatencyHistogram } from './start-histogram';

/** One platform's state over one sample interval, ending at `t` (simulated seconds). */
export interface MetricSample {
  t: number;
  platform: PlatformId;
  /** Instances able to serve (booted), at the end of the interval. */
  instancesReady: number;
  /** Instances still starting (booting, cold-starting), at the end of the interval. */
  instancesStarting: number;
  /** Ready instances serving no request, at the end of the interval (kept warm, or spare). */
  instancesIdle: number;
  /** Hosts holding at least one instance, at the end of the interval. */
  hostsInUse: number;
  /** Time-averaged number of instances serving a request during the interval. */
  instancesBusy: number;
  /** Memory used by the application in all instances (MiB), end of interval. */
  memoryAppMiB: number;
  /** Memory used by the platform on top (guest OS, VMM, shim ...), end of interval. */
  memoryOverheadMiB: number;
  /** Cores spent on the requests' own work, averaged over the interval. */
  cpuUsefulCores: number;
  /** Cores spent on virtualization overhead (tax on work, idle guests, starts). */
  cpuOverheadCores: number;
  arrivals: number;
  completed: number;
  /** Completed requests per second over the interval. */
  throughputPerS: number;
  /** Requests refused because no instance could be placed and the queue was full. */
  rejected: number;
  /** Requests waiting for an instance, end of interval. */
  queueLength: number;
  /** End-to-end latency of requests completed in the interval (ms); null if none completed. */
  latencyMeanMs: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  latencyP99Ms: number | null;
  /**
   * Where the latency of the interval's completed requests went (means, ms; null if none
   * completed): waiting for an instance (queue and cold start), CPU phase (incl. sharing),
   * disk phase (incl. queueing), network phase (incl. queueing and base latency).
   * Warm-start overhead is the rest of latencyMeanMs.
   */
  queueWaitMeanMs: number | null;
  cpuTimeMeanMs: number | null;
  ioTimeMeanMs: number | null;
  networkTimeMeanMs: number | null;
  /** Serverless bill of the requests completed in the interval (USD); 0 on other platforms. */
  costUsd: number;
  /** Requests that had to wait for a new instance to start (serverless cold starts). */
  coldStarts: number;
  /** Mean time from deciding to start an instance until it is ready (ms); null if none became ready. */
  startLatencyMeanMs: number | null;
}

export type BindingResource = 'memory' | 'cpu';

export interface DensityResult {
  /** Instances of the service that fit on one host. */
  instances: number;
  /** Hosts of the platform's cluster (scenario.hosts.count). */
  hosts: number;
  /** instances x hosts: what the whole cluster holds. */
  clusterInstances: number;
  /** The resource that runs out first. */
  binding: BindingResource;
  /** How many would fit if only this resource counted. */
  byResource: Record<BindingResource, number>;
  /** Memory taken by one instance: application + platform overhead (MiB). */
  perInstanceMiB: number;
  perInstanceOverheadMiB: number;
}

/**
 * Per-resource overhead, each the share of that resource's use that goes to the platform
 * rather than to the work itself (%), over the run:
 * - cpuPct: overhead core-seconds / all core-seconds (= cpuOverheadPct);
 * - memoryPct: platform memory / all instance memory, time-averaged (= memoryOverheadPct);
 * - ioPct: (device time through the platform - device time on bare metal) / device time
 *   through the platform, over the I/O of completed requests (1 - the platform's I/O factor);
 * - networkPct: extra network time (platform latency + slower virtual NIC) / network time,
 *   over completed requests, queueing excluded.
 * 0 when the resource was not used.
 */
export interface OverheadBreakdown {
  cpuPct: number;
  memoryPct: number;
  ioPct: number;
  networkPct: number;
}

export interface PlatformSummary {
  platform: PlatformId;
  density: DensityResult;
  arrivals: number;
  completed: number;
  rejected: number;
  /** Completed requests per second over the run. */
  throughputPerS: number;
  latencyMeanMs: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  latencyP99Ms: number | null;
  coldStarts: number;
  /** Cold starts / completed requests; 0 for platforms that never cold-start requests. */
  coldStartRatio: number;
  /** Overhead as a share of all CPU used (%). */
  cpuOverheadPct: number;
  /** Overhead as a share of all memory used, time-averaged (%). */
  memoryOverheadPct: number;
  /** Mean instance start latency over the run (ms); null if nothing started. */
  startLatencyMeanMs: number | null;
  startLatencyP50Ms: number | null;
  startLatencyP95Ms: number | null;
  /** Every instance start of the run, binned (log-spaced bins, see start-histogram.ts). */
  startLatencyHistogram: StartLatencyHistogram;
  overheadBreakdown: OverheadBreakdown;
  /** Serverless bill of the run (USD): GB-seconds x price + requests x price; 0 on other platforms. */
  costUsd: number;
  /** Memory held by ready instances serving nothing, integrated over the run (GiB x s). */
  idleMemoryGiBSeconds: number;
  peakInstances: number;
  /** Most hosts holding an instance at once. */
  peakHostsUsed: number;
}

export interface RunSummary {
  horizonS: number;
  seed: number;
  eventsProcessed: number;
  platforms: PlatformSummary[];
}

/**
 * A simulation that can be driven in chunks: the worker calls `advanceTo` repeatedly with
 * growing simulated times and streams the samples it returns. Deterministic: the same
 * scenario and seed give bit-identical samples and summary.
 */
export interface Simulation {
  readonly horizonS: number;
  /** Current simulated time (s). */
  readonly now: number;
  readonly done: boolean;
  readonly eventsProcessed: number;
  /** Runs every event with time <= min(until, horizon); returns samples of intervals closed on the way. */
  advanceTo(until: number): MetricSample[];
  /** Runs exactly one event (or closes the run at the horizon); returns samples closed by it. */
  step(): MetricSample[];
  summary(): RunSummary;
  /** The notable events recorded since the last call (bounded; see event-log.ts), if the model keeps any. */
  takeEvents?(): EventDrain;
}
