import { createCompareSimulation } from '../shared/sim/compare-model';
import { getPlatformPreset } from '../shared/sim/platforms';
import {
  CompareScenarioSchema,
  defaultCompareScenario,
  parseWith,
  type CompareScenario,
} from '../shared/scenario';
import { nowMs } from './util';

/**
 * Many hosts, many instances: KVM virtual machines placed first fit across a cluster of
 * identical hosts (scenario schema v2, `hosts.count`), then run under a batch load.
 *
 * - Placement: createCompareSimulation() starts the initial fleet, enough VMs for the
 *   initial load at the autoscaler's target utilisation, and places each one first fit;
 *   timed from the call to its return. The load is sized so the fleet is `instances` VMs.
 * - Run: advanceTo() to the horizon in chunks, as the app's worker does: batch jobs (the
 *   cpu-batch profile: 10 s of CPU each, no I/O) arrive by a Poisson process that keeps
 *   the fleet at its target utilisation, and the autoscaler acts every sync period.
 */

const PLATFORM = 'kvm';
const CHUNK_S = 10;

export interface ClusterResult {
  ran: boolean;
  /** Why it did not run (ran = false). */
  reason: string | null;
  hosts: number;
  instancesTarget: number;
  instancesPlaced: number;
  hostsInUse: number;
  placementSeconds: number;
  runSeconds: number;
  horizonS: number;
  events: number;
  requests: number;
  rejected: number;
  peakInstances: number;
}

/** The arrival rate that makes the initial fleet `instances` VMs (the model's own sizing rule, inverted). */
export function clusterScenario(hosts: number, instances: number, horizonS: number): CompareScenario {
  const base = defaultCompareScenario();
  const preset = getPlatformPreset(PLATFORM);
  if (preset.scaling.mode !== 'autoscaled') throw new Error(`${PLATFORM} is not autoscaled`);
  const request = { ...base.workload.request, cpuMs: 10_000, ioOps: 0, networkKiB: 0 };
  const cpuMix =
    (1 - request.syscallShare - request.memoryBoundShare) * preset.cpuSlowdown +
    request.memoryBoundShare * preset.memoryBoundSlowdown +
    request.syscallShare * preset.syscallSlowdown;
  const holdS = (request.cpuMs / 1000) * cpuMix;
  // initial = ceil(rate x holdS / target): aim a hair below `instances` so ceil() lands on it.
  const ratePerS = ((instances - 0.5) * preset.scaling.targetUtilization) / holdS;
  return {
    ...base,
    name: `bench: ${hosts} hosts, ${instances} VMs`,
    horizonS,
    sampleIntervalS: 5,
    hosts: { ...base.hosts, count: hosts },
    workload: {
      ...base.workload,
      profile: 'cpu-batch',
      arrivals: { kind: 'poisson', ratePerS },
      request,
    },
    platforms: [{ id: PLATFORM, overrides: {} }],
  };
}

export function runCluster(hosts: number, instances: number, horizonS: number): ClusterResult {
  const base: ClusterResult = {
    ran: false,
    reason: null,
    hosts,
    instancesTarget: instances,
    instancesPlaced: 0,
    hostsInUse: 0,
    placementSeconds: Number.NaN,
    runSeconds: Number.NaN,
    horizonS,
    events: 0,
    requests: 0,
    rejected: 0,
    peakInstances: 0,
  };
  const scenario = clusterScenario(hosts, instances, horizonS);
  // The schema is the contract: if it refuses this many hosts, say why instead of failing.
  const parsed = parseWith(CompareScenarioSchema, scenario);
  if (!parsed.ok) return { ...base, reason: `scenario rejected: ${parsed.error.replace(/\n/g, '; ')}` };

  const startPlacement = nowMs();
  const sim = createCompareSimulation(parsed.value, 1);
  const placementSeconds = (nowMs() - startPlacement) / 1000;
  const placed = sim.platformState(PLATFORM);

  const startRun = nowMs();
  for (let t = CHUNK_S; !sim.done; t += CHUNK_S) sim.advanceTo(t);
  const runSeconds = (nowMs() - startRun) / 1000;
  const summary = sim.summary().platforms[0]!;
  return {
    ...base,
    ran: true,
    instancesPlaced: placed.instancesReady + placed.instancesStarting,
    hostsInUse: placed.hostsInUse,
    placementSeconds,
    runSeconds,
    events: sim.eventsProcessed,
    requests: summary.arrivals,
    rejected: summary.rejected,
    peakInstances: summary.peakInstances,
  };
}
