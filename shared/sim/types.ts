import type { PlatformId } from '../scenario';

/** One platform's state over one sample interval, ending at `t` (simulated seconds). */
export interface MetricSample {
  t: number;
  platform: PlatformId;
  /** Instances able to serve (booted), at the end of the interval. */
  instancesReady: number;
  /** Instances still starting (booting, cold-starting), at the end of the interval. */
  instancesStarting: number;
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
  /** Requests refused because no instance could be placed and the queue was full. */
  rejected: number;
  /** Requests waiting for an instance, end of interval. */
  queueLength: number;
  /** End-to-end latency of requests completed in the interval (ms); null if none completed. */
  latencyMeanMs: number | null;
  latencyP95Ms: number | null;
  /** Requests that had to wait for a new instance to start (serverless cold starts). */
  coldStarts: number;
  /** Mean time from deciding to start an instance until it is ready (ms); null if none became ready. */
  startLatencyMeanMs: number | null;
}

export type BindingResource = 'memory' | 'cpu';

export interface DensityResult {
  /** Instances of the service that fit on one host. */
  instances: number;
  /** The resource that runs out first. */
  binding: BindingResource;
  /** How many would fit if only this resource counted. */
  byResource: Record<BindingResource, number>;
  /** Memory taken by one instance: application + platform overhead (MiB). */
  perInstanceMiB: number;
  perInstanceOverheadMiB: number;
}

export interface PlatformSummary {
  platform: PlatformId;
  density: DensityResult;
  arrivals: number;
  completed: number;
  rejected: number;
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
  peakInstances: number;
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
}
