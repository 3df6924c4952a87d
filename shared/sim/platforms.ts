import type { PlatformId } from '../scenario';
import { CALIBRATION, type CalibrationId } from './calibration';
import { logNormalWithMedian, type Distribution } from './distributions';

/**
 * Platform presets: what one instance of the service costs on each platform, built only
 * from CALIBRATION entries so every number can be traced to its source in the UI.
 *
 * To add a platform (Xen, ESXi, VirtualBox, gVisor, a JVM ...): add its id to PLATFORM_IDS
 * in scenario.ts, its constants to calibration.ts and one `definePreset` call below. The
 * compare model reads only the fields of PlatformPreset, never the id.
 */

/** How the number of instances follows the load. */
export type ScalingPolicy =
  /** A target-tracking autoscaler adds or removes long-lived instances every sync period. */
  | { mode: 'autoscaled'; syncPeriodS: number; targetUtilization: number }
  /** An instance per concurrent request, started on demand, stopped after keepAliveS idle (scale to zero). */
  | { mode: 'per-request'; keepAliveS: number; concurrencyPerInstance: number };

/** CPU an instance reserves when packing a host (it may use up to its 1 vCPU when cores are free). */
export type CpuRequest =
  | { kind: 'cores'; cores: number }
  /** In proportion to the instance's memory (AWS Lambda style): appMemoryMiB / mibPerCore cores. */
  | { kind: 'perMemory'; mibPerCore: number };

export interface MemoryOverheadPart {
  label: string;
  mib: number;
  calibrationId: CalibrationId;
}

export interface PlatformPreset {
  id: PlatformId;
  displayName: string;
  description: string;
  /** Platform core-seconds per bare-metal core-second of work (>= 1). */
  cpuSlowdown: number;
  /** Memory per instance on top of the application (MiB): sum of memoryOverheadParts. */
  memoryOverheadMiB: number;
  memoryOverheadParts: readonly MemoryOverheadPart[];
  /** Background CPU of every running instance, busy or not (cores). */
  idleCpuCores: number;
  /** Time from deciding to start an instance until it serves (ms). */
  startTimeMs: Distribution;
  /** Fixed latency added to each request served by an already running instance (ms). */
  perRequestLatencyMs: number;
  cpuRequest: CpuRequest;
  scaling: ScalingPolicy;
  /** Every CALIBRATION entry this preset's numbers come from. */
  calibrationIds: readonly CalibrationId[];
}

type PresetFields = Omit<PlatformPreset, 'calibrationIds' | 'memoryOverheadMiB'>;

/** Builds a preset; `use` reads a calibrated value and records its id in calibrationIds. */
function definePreset(build: (use: (id: CalibrationId) => number) => PresetFields): PlatformPreset {
  const ids: CalibrationId[] = [];
  const use = (id: CalibrationId): number => {
    if (!ids.includes(id)) ids.push(id);
    return CALIBRATION[id].value;
  };
  const fields = build(use);
  const memoryOverheadMiB = fields.memoryOverheadParts.reduce((sum, part) => sum + part.mib, 0);
  for (const part of fields.memoryOverheadParts) use(part.calibrationId);
  return deepFreeze({ ...fields, memoryOverheadMiB, calibrationIds: ids });
}

function overheadPart(
  use: (id: CalibrationId) => number,
  label: string,
  calibrationId: CalibrationId,
): MemoryOverheadPart {
  return { label, mib: use(calibrationId), calibrationId };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

const vm = definePreset((use) => ({
  id: 'vm',
  displayName: 'Virtual machine (KVM + QEMU)',
  description: 'A full guest OS per instance on a type-1 hypervisor, vCPUs pinned to cores.',
  cpuSlowdown: use('kvm.cpuSlowdownTuned'),
  memoryOverheadParts: [
    overheadPart(use, 'guest OS', 'kvm.guestOsMemory'),
    overheadPart(use, 'QEMU process', 'qemu.vmmMemory'),
  ],
  idleCpuCores: use('kvm.idleGuestCpu'),
  startTimeMs: logNormalWithMedian(use('kvm.bootTimeMedian'), use('kvm.bootTimeSigma')),
  perRequestLatencyMs: use('kvm.requestLatency'),
  cpuRequest: { kind: 'cores', cores: 1 / use('kvm.vcpusPerCore') },
  scaling: {
    mode: 'autoscaled',
    syncPeriodS: use('autoscaler.syncPeriod'),
    targetUtilization: use('autoscaler.targetUtilization'),
  },
}));

const container = definePreset((use) => ({
  id: 'container',
  displayName: 'Container (Docker / runc)',
  description: "Processes isolated by namespaces and cgroups on the host's kernel.",
  cpuSlowdown: use('docker.cpuSlowdown'),
  memoryOverheadParts: [overheadPart(use, 'containerd-shim', 'containerd.shimMemory')],
  idleCpuCores: use('container.idleCpu'),
  startTimeMs: logNormalWithMedian(use('docker.runTime'), use('container.startTimeSigma')),
  perRequestLatencyMs: use('docker.natRequestLatency'),
  cpuRequest: { kind: 'cores', cores: use('container.cpuRequest') },
  scaling: {
    mode: 'autoscaled',
    syncPeriodS: use('autoscaler.syncPeriod'),
    targetUtilization: use('autoscaler.targetUtilization'),
  },
}));

const serverless = definePreset((use) => ({
  id: 'serverless',
  displayName: 'Serverless functions (Firecracker microVMs)',
  description: 'AWS Lambda-like: one microVM per concurrent request, cold starts, keep-alive, scale to zero.',
  cpuSlowdown: use('firecracker.cpuSlowdown'),
  memoryOverheadParts: [
    overheadPart(use, 'Firecracker VMM', 'firecracker.vmmMemory'),
    overheadPart(use, 'guest kernel', 'firecracker.guestKernelMemory'),
  ],
  idleCpuCores: use('serverless.idleCpu'),
  startTimeMs: logNormalWithMedian(use('lambda.coldStartMedian'), use('lambda.coldStartSigma')),
  perRequestLatencyMs: use('lambda.warmStartMedian'),
  cpuRequest: { kind: 'perMemory', mibPerCore: use('lambda.memoryPerVcpu') },
  scaling: {
    mode: 'per-request',
    keepAliveS: use('lambda.keepAlive'),
    concurrencyPerInstance: use('lambda.concurrencyPerInstance'),
  },
}));

export const PLATFORM_PRESETS: Readonly<Record<PlatformId, PlatformPreset>> = Object.freeze({
  vm,
  container,
  serverless,
});

export function getPlatformPreset(id: PlatformId): PlatformPreset {
  const preset = PLATFORM_PRESETS[id];
  if (preset === undefined) throw new RangeError(`unknown platform "${String(id)}"`);
  return preset;
}

/** Cores one instance reserves when packing a host. */
export function cpuRequestCores(preset: PlatformPreset, appMemoryMiB: number): number {
  const request = preset.cpuRequest;
  return request.kind === 'cores' ? request.cores : appMemoryMiB / request.mibPerCore;
}
