import type { PlatformId } from '../scenario';
import { CALIBRATION, type CalibrationId } from './calibration';
import { logNormalWithMedian, type Distribution } from './distributions';

/**
 * Platform presets: what one instance of the service costs on each platform, built only
 * from CALIBRATION entries so every number can be traced to its source in the UI. The
 * only literal is NATIVE = 1, the bare-metal baseline every factor is relative to.
 *
 * To add a platform: add its id to PLATFORM_IDS in scenario.ts, its constants to
 * calibration.ts and one builder below. The compare model reads only the fields of
 * PlatformPreset, never the id.
 *
 * A scenario can override any constant a preset reads, per platform: resolvePreset(id,
 * overrides) runs the same builder with the overridden values.
 */

export type PlatformCategory =
  | 'bare-metal'
  | 'type-1 hypervisor'
  | 'type-2 hypervisor'
  | 'microVM'
  | 'container'
  | 'sandboxed container'
  | 'serverless'
  | 'process VM';

/** How the number of instances follows the load. */
export type ScalingPolicy =
  /**
   * A target-tracking autoscaler adds or removes long-lived instances every sync period,
   * like the Kubernetes Horizontal Pod Autoscaler: no change within `tolerance` of the
   * target, scale-up at once, scale-down only to the highest count recommended over the
   * last `scaleDownStabilizationS`.
   */
  | {
      mode: 'autoscaled';
      syncPeriodS: number;
      targetUtilization: number;
      tolerance: number;
      scaleDownStabilizationS: number;
    }
  /**
   * Instances started on demand, stopped when idle (scale to zero). Keep-alive policy,
   * concurrency and prices come from scenario.serverless; these are the preset's parts.
   */
  | {
      mode: 'per-request';
      /** Fixed keep-alive the hybrid policy falls back to (s). */
      keepAliveFallbackS: number;
      /** Idle times an app needs before its histogram is trusted. */
      hybridMinIdleSamples: number;
      /** Share of idle times beyond the histogram range above which the histogram is not used. */
      hybridMaxOutOfRangeShare: number;
      /** Billed duration is rounded up to a multiple of this (ms). */
      billingGranularityMs: number;
    };

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

/** One part of an instance start (guest boot, runtime init ...). */
export interface StartPart {
  label: string;
  ms: number;
  calibrationId: CalibrationId;
}

/** JIT warm-up: CPU time per unit of work moves from `interpretedSlowdown` to `jitSlowdown`. */
export interface JitWarmup {
  interpretedSlowdown: number;
  jitSlowdown: number;
  /** e-folding constant: after W bare-metal CPU-seconds of work, the extra cost is e^(-W / warmupWorkS). */
  warmupWorkS: number;
}

export interface PlatformPreset {
  id: PlatformId;
  /** Long name for tables and legends. */
  displayName: string;
  /** At most ~14 characters, for chart axes. */
  shortName: string;
  category: PlatformCategory;
  /** Stable chart colour (hex), distinct per platform, from colour-blind-aware palettes (Okabe-Ito, Paul Tol). */
  color: string;
  /** Line style by category, so platforms stay apart without colour. */
  dash: 'solid' | 'dashed' | 'dotted';
  description: string;

  // CPU: a request's platform CPU time = work x (compute share x cpuSlowdown
  //   + memory-bound share x memoryBoundSlowdown + syscall share x syscallSlowdown
  //   + network KiB x networkCpuUsPerKiB), or the JIT curve when `jit` is set.
  /** Platform core-seconds per bare-metal core-second of compute work. */
  cpuSlowdown: number;
  /** Same for memory-bandwidth-bound work (STREAM-like). */
  memoryBoundSlowdown: number;
  /** Same for the system-call share of the work (gVisor, WINE tax it). */
  syscallSlowdown: number;
  jit: JitWarmup | null;
  /** Background CPU of every running instance, busy or not (cores). */
  idleCpuCores: number;

  // Memory.
  /** Memory per instance on top of the application (MiB): sum of memoryOverheadParts. */
  memoryOverheadMiB: number;
  memoryOverheadParts: readonly MemoryOverheadPart[];
  /** Memory reserved per host on top of host.reservedMemory (a desktop host OS for type-2). */
  hostReservedExtraMiB: number;

  // I/O and network.
  /** Share of the host disk's random IOPS available through the platform. */
  randomIoFactor: number;
  /** Share of the host disk's sequential bandwidth available through the platform. */
  sequentialIoFactor: number;
  /** Extra request/response latency of the platform's network path (ms per request). */
  networkLatencyMs: number;
  /** Extra CPU per KiB sent or received, charged as CPU overhead (us). */
  networkCpuUsPerKiB: number;
  /** Transfer rate limit of one instance's virtual NIC (Gbit/s), null if only the host NIC limits. */
  networkBandwidthCapGbps: number | null;

  // Starts.
  /** Parts of an instance start (for functions: sandbox + runtime init + code load). */
  startParts: readonly StartPart[];
  /** Log-space spread of a start around the sum of the parts. */
  startTimeSigma: number;
  /** Time from deciding to start an instance until it serves (ms): log-normal, median = sum of parts. */
  startTimeMs: Distribution;
  /** Overhead added to a request served by a warm instance (serverless warm start), ms. */
  warmStartMs: number;

  cpuRequest: CpuRequest;
  scaling: ScalingPolicy;
  /** Every CALIBRATION entry this preset's numbers come from. */
  calibrationIds: readonly CalibrationId[];
}

type PresetFields = Omit<PlatformPreset, 'calibrationIds' | 'memoryOverheadMiB' | 'startTimeMs'>;
type Use = (id: CalibrationId) => number;
type Builder = (use: Use) => PresetFields;

/** The bare-metal baseline: every factor is relative to it, so it is 1 by definition (not a measurement). */
const NATIVE = 1;

/** Builds a preset; `use` reads a (possibly overridden) calibrated value and records its id. */
function buildPreset(build: Builder, overrides: Readonly<Record<string, number>>): PlatformPreset {
  const ids: CalibrationId[] = [];
  const use: Use = (id) => {
    if (!ids.includes(id)) ids.push(id);
    const override = overrides[id];
    return override !== undefined && Object.hasOwn(overrides, id) ? override : CALIBRATION[id].value;
  };
  const fields = build(use);
  const memoryOverheadMiB = fields.memoryOverheadParts.reduce((sum, part) => sum + part.mib, 0);
  const startMedian = fields.startParts.reduce((sum, part) => sum + part.ms, 0);
  return deepFreeze({
    ...fields,
    memoryOverheadMiB,
    startTimeMs: logNormalWithMedian(Math.max(startMedian, 1e-6), fields.startTimeSigma),
    calibrationIds: ids,
  });
}

function part(use: Use, label: string, calibrationId: CalibrationId): MemoryOverheadPart & StartPart {
  const value = use(calibrationId);
  return { label, mib: value, ms: value, calibrationId };
}
const memoryPart = (use: Use, label: string, id: CalibrationId): MemoryOverheadPart => {
  const { mib, calibrationId } = part(use, label, id);
  return { label, mib, calibrationId };
};
const startPart = (use: Use, label: string, id: CalibrationId): StartPart => {
  const { ms, calibrationId } = part(use, label, id);
  return { label, ms, calibrationId };
};

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

const autoscaled = (use: Use): ScalingPolicy => ({
  mode: 'autoscaled',
  syncPeriodS: use('autoscaler.syncPeriod'),
  targetUtilization: use('autoscaler.targetUtilization'),
  tolerance: use('autoscaler.tolerance'),
  scaleDownStabilizationS: use('autoscaler.scaleDownStabilization'),
});

const perRequest = (use: Use): ScalingPolicy => ({
  mode: 'per-request',
  keepAliveFallbackS: use('lambda.keepAlive'),
  hybridMinIdleSamples: use('hybrid.minIdleSamples'),
  hybridMaxOutOfRangeShare: use('hybrid.maxOutOfRangeShare'),
  billingGranularityMs: use('lambda.billingGranularity'),
});

/** A process on the host kernel: no virtualization layer (bare metal, JVM, WINE). */
function processFields(use: Use) {
  return {
    memoryBoundSlowdown: NATIVE,
    idleCpuCores: use('container.idleCpu'),
    hostReservedExtraMiB: 0,
    randomIoFactor: NATIVE,
    sequentialIoFactor: NATIVE,
    networkLatencyMs: 0,
    networkCpuUsPerKiB: 0,
    networkBandwidthCapGbps: null,
    startTimeSigma: use('process.startTimeSigma'),
    warmStartMs: 0,
    cpuRequest: { kind: 'cores', cores: use('process.cpuRequest') } as CpuRequest,
    scaling: autoscaled(use),
  };
}

/** A full VM on a type-1 hypervisor: guest OS, 1 pinned vCPU, autoscaled group. */
function type1Fields(use: Use) {
  return {
    jit: null,
    idleCpuCores: use('vm.idleGuestCpu'),
    hostReservedExtraMiB: 0,
    networkBandwidthCapGbps: null,
    startParts: [startPart(use, 'guest boot', 'vm.bootTimeMedian')],
    startTimeSigma: use('vm.bootTimeSigma'),
    warmStartMs: 0,
    cpuRequest: { kind: 'cores', cores: 1 / use('vm.vcpusPerCore') } as CpuRequest,
    scaling: autoscaled(use),
  };
}

/**
 * Xen, ESXi and Hyper-V: the same hardware-assisted shape (no source measures them apart
 * from KVM), each with its own CPU tax, random-I/O path and per-VM VMM memory.
 */
function otherType1Fields(
  use: Use,
  ids: {
    cpuSlowdown: CalibrationId;
    vmmLabel: string;
    vmmMemory: CalibrationId;
    randomIoFactor: CalibrationId;
  },
) {
  return {
    cpuSlowdown: use(ids.cpuSlowdown),
    memoryBoundSlowdown: use('hwvirt.memorySlowdown'),
    syscallSlowdown: use(ids.cpuSlowdown),
    memoryOverheadParts: [
      memoryPart(use, 'guest OS', 'vm.guestOsMemory'),
      memoryPart(use, ids.vmmLabel, ids.vmmMemory),
    ],
    randomIoFactor: use(ids.randomIoFactor),
    sequentialIoFactor: use('hwvirt.sequentialIoFactor'),
    networkLatencyMs: use('hwvirt.requestLatency'),
    networkCpuUsPerKiB: use('hwvirt.networkCpuPerKiB'),
    ...type1Fields(use),
  };
}

/** A full VM on a desktop (type-2) hypervisor: untuned KVM CPU plus a host-OS tax, slower I/O and network. */
function type2Fields(use: Use, cpuTaxId: CalibrationId) {
  const cpu = use('kvm.cpuSlowdownUntuned') * use(cpuTaxId);
  return {
    cpuSlowdown: cpu,
    memoryBoundSlowdown: use('hwvirt.memorySlowdown'),
    syscallSlowdown: cpu,
    jit: null,
    idleCpuCores: use('vm.idleGuestCpu'),
    hostReservedExtraMiB: use('type2.hostOsMemory'),
    randomIoFactor: use('type2.randomIoFactor'),
    sequentialIoFactor: use('type2.sequentialIoFactor'),
    networkLatencyMs: use('type2.requestLatency'),
    networkCpuUsPerKiB: use('type2.networkCpuPerKiB'),
    networkBandwidthCapGbps: null,
    startParts: [startPart(use, 'guest boot', 'type2.bootTimeMedian')],
    startTimeSigma: use('vm.bootTimeSigma'),
    warmStartMs: 0,
    cpuRequest: { kind: 'cores', cores: 1 / use('vm.vcpusPerCore') } as CpuRequest,
    scaling: autoscaled(use),
  };
}

const BUILDERS: Readonly<Record<PlatformId, Builder>> = {
  'bare-metal': (use) => ({
    id: 'bare-metal',
    displayName: 'Bare metal (native process)',
    shortName: 'Bare metal',
    category: 'bare-metal',
    color: '#000000',
    dash: 'solid',
    description:
      'The service as plain processes on the host OS: the baseline every overhead is measured against.',
    cpuSlowdown: NATIVE,
    syscallSlowdown: NATIVE,
    jit: null,
    memoryOverheadParts: [],
    startParts: [startPart(use, 'fork/exec', 'process.forkExecTime')],
    ...processFields(use),
  }),
  kvm: (use) => {
    const tuned = use('kvm.tuned') >= 0.5;
    const tunedSlowdown = use('kvm.cpuSlowdownTuned');
    const untunedSlowdown = use('kvm.cpuSlowdownUntuned');
    const cpu = tuned ? tunedSlowdown : untunedSlowdown;
    return {
      id: 'kvm',
      displayName: 'Full VM (KVM + QEMU)',
      shortName: 'KVM',
      category: 'type-1 hypervisor',
      color: '#0072B2',
      dash: 'solid',
      description:
        'A full guest OS per instance on KVM with a QEMU process per VM, vCPUs pinned to cores (Felter tuned).',
      cpuSlowdown: cpu,
      memoryBoundSlowdown: use('kvm.memorySlowdown'),
      syscallSlowdown: cpu,
      memoryOverheadParts: [
        memoryPart(use, 'guest OS', 'vm.guestOsMemory'),
        memoryPart(use, 'QEMU process', 'qemu.vmmMemory'),
      ],
      randomIoFactor: use('kvm.randomIoFactor'),
      sequentialIoFactor: use('kvm.sequentialIoFactor'),
      networkLatencyMs: use('kvm.requestLatency'),
      networkCpuUsPerKiB: use('hwvirt.networkCpuPerKiB'),
      ...type1Fields(use),
    };
  },
  xen: (use) => ({
    id: 'xen',
    displayName: 'Full VM (Xen)',
    shortName: 'Xen',
    category: 'type-1 hypervisor',
    color: '#56B4E9',
    dash: 'solid',
    description: 'A PVH guest on the Xen hypervisor; disk and network through backend drivers in dom0.',
    ...otherType1Fields(use, {
      cpuSlowdown: 'xen.cpuSlowdown',
      vmmLabel: 'domain + dom0 backends',
      vmmMemory: 'xen.domainMemory',
      randomIoFactor: 'xen.randomIoFactor',
    }),
  }),
  esxi: (use) => ({
    id: 'esxi',
    displayName: 'Full VM (VMware ESXi)',
    shortName: 'ESXi',
    category: 'type-1 hypervisor',
    color: '#332288',
    dash: 'solid',
    description:
      'A guest on the ESXi VMkernel, with a VMX process per VM; storage and network stacks in the VMkernel.',
    ...otherType1Fields(use, {
      cpuSlowdown: 'esxi.cpuSlowdown',
      vmmLabel: 'VMX process',
      vmmMemory: 'esxi.vmxMemory',
      randomIoFactor: 'esxi.randomIoFactor',
    }),
  }),
  'hyper-v': (use) => ({
    id: 'hyper-v',
    displayName: 'Full VM (Microsoft Hyper-V)',
    shortName: 'Hyper-V',
    category: 'type-1 hypervisor',
    color: '#44AA99',
    dash: 'solid',
    description: 'A guest partition on Hyper-V; devices served over VMBus by the root partition.',
    ...otherType1Fields(use, {
      cpuSlowdown: 'hyperv.cpuSlowdown',
      vmmLabel: 'worker process',
      vmmMemory: 'hyperv.workerMemory',
      randomIoFactor: 'hyperv.randomIoFactor',
    }),
  }),
  virtualbox: (use) => ({
    id: 'virtualbox',
    displayName: 'Desktop VM (VirtualBox)',
    shortName: 'VirtualBox',
    category: 'type-2 hypervisor',
    color: '#882255',
    dash: 'dashed',
    description:
      'A guest on a type-2 hypervisor running on a desktop host OS: host-OS tax on CPU, memory and I/O.',
    memoryOverheadParts: [
      memoryPart(use, 'guest OS', 'vm.guestOsMemory'),
      memoryPart(use, 'VirtualBox VM process', 'virtualbox.vmmMemory'),
    ],
    ...type2Fields(use, 'virtualbox.hostCpuTax'),
  }),
  'vmware-workstation': (use) => ({
    id: 'vmware-workstation',
    displayName: 'Desktop VM (VMware Workstation)',
    shortName: 'VMware WS',
    category: 'type-2 hypervisor',
    color: '#AA4499',
    dash: 'dashed',
    description: 'A guest on VMware Workstation on a desktop host OS: host-OS tax on CPU, memory and I/O.',
    memoryOverheadParts: [
      memoryPart(use, 'guest OS', 'vm.guestOsMemory'),
      memoryPart(use, 'vmware-vmx process', 'vmwareWorkstation.vmmMemory'),
    ],
    ...type2Fields(use, 'vmwareWorkstation.hostCpuTax'),
  }),
  firecracker: (use) => ({
    id: 'firecracker',
    displayName: 'MicroVM (Firecracker)',
    shortName: 'Firecracker',
    category: 'microVM',
    color: '#117733',
    dash: 'dotted',
    description:
      'A long-lived service in Firecracker microVMs: minimal guest kernel, tiny VMM, one emulated block queue.',
    cpuSlowdown: use('firecracker.cpuSlowdown'),
    memoryBoundSlowdown: use('hwvirt.memorySlowdown'),
    syscallSlowdown: use('firecracker.cpuSlowdown'),
    jit: null,
    idleCpuCores: use('vm.idleGuestCpu'),
    memoryOverheadParts: [
      memoryPart(use, 'Firecracker VMM', 'firecracker.vmmMemory'),
      memoryPart(use, 'guest kernel', 'firecracker.guestKernelMemory'),
    ],
    hostReservedExtraMiB: 0,
    randomIoFactor: use('firecracker.randomIoFactor'),
    sequentialIoFactor: use('firecracker.sequentialIoFactor'),
    networkLatencyMs: use('firecracker.requestLatency'),
    networkCpuUsPerKiB: use('hwvirt.networkCpuPerKiB'),
    networkBandwidthCapGbps: use('firecracker.networkBandwidth'),
    startParts: [
      startPart(use, 'VMM start', 'firecracker.vmmStartTime'),
      startPart(use, 'guest boot', 'firecracker.bootTime'),
    ],
    startTimeSigma: use('firecracker.startTimeSigma'),
    warmStartMs: 0,
    cpuRequest: { kind: 'cores', cores: 1 / use('vm.vcpusPerCore') },
    scaling: autoscaled(use),
  }),
  runc: (use) => ({
    id: 'runc',
    displayName: 'Container (Docker / runc)',
    shortName: 'runc',
    category: 'container',
    color: '#E69F00',
    dash: 'dashed',
    description:
      "Processes isolated by namespaces and cgroups on the host's kernel, Docker bridge network with NAT.",
    cpuSlowdown: use('docker.cpuSlowdown'),
    memoryBoundSlowdown: use('docker.cpuSlowdown'),
    syscallSlowdown: use('docker.cpuSlowdown'),
    jit: null,
    idleCpuCores: use('container.idleCpu'),
    memoryOverheadParts: [memoryPart(use, 'containerd-shim', 'containerd.shimMemory')],
    hostReservedExtraMiB: 0,
    randomIoFactor: use('docker.ioFactor'),
    sequentialIoFactor: use('docker.ioFactor'),
    networkLatencyMs: use('docker.natRequestLatency'),
    networkCpuUsPerKiB: use('docker.natCpuPerKiB'),
    networkBandwidthCapGbps: null,
    startParts: [startPart(use, 'docker run', 'docker.runTime')],
    startTimeSigma: use('container.startTimeSigma'),
    warmStartMs: 0,
    cpuRequest: { kind: 'cores', cores: use('container.cpuRequest') },
    scaling: autoscaled(use),
  }),
  gvisor: (use) => ({
    id: 'gvisor',
    displayName: 'Sandboxed container (gVisor)',
    shortName: 'gVisor',
    category: 'sandboxed container',
    color: '#D55E00',
    dash: 'dashed',
    description:
      'A container whose system calls are served by a user-space kernel (the Sentry): native compute, costly syscalls.',
    cpuSlowdown: use('docker.cpuSlowdown'),
    memoryBoundSlowdown: use('docker.cpuSlowdown'),
    syscallSlowdown: use('gvisor.syscallSlowdown'),
    jit: null,
    idleCpuCores: use('container.idleCpu'),
    memoryOverheadParts: [
      memoryPart(use, 'containerd-shim', 'containerd.shimMemory'),
      memoryPart(use, 'Sentry + Gofer', 'gvisor.sandboxMemory'),
    ],
    hostReservedExtraMiB: 0,
    randomIoFactor: use('gvisor.randomIoFactor'),
    sequentialIoFactor: use('gvisor.sequentialIoFactor'),
    networkLatencyMs: use('gvisor.requestLatency'),
    networkCpuUsPerKiB: use('gvisor.networkCpuPerKiB'),
    networkBandwidthCapGbps: null,
    startParts: [startPart(use, 'runsc start', 'gvisor.startTime')],
    startTimeSigma: use('container.startTimeSigma'),
    warmStartMs: 0,
    cpuRequest: { kind: 'cores', cores: use('container.cpuRequest') },
    scaling: autoscaled(use),
  }),
  'faas-microvm': (use) => ({
    id: 'faas-microvm',
    displayName: 'Functions on microVMs (Lambda-like)',
    shortName: 'FaaS microVM',
    category: 'serverless',
    color: '#009E73',
    dash: 'dotted',
    description:
      'AWS Lambda-like: a Firecracker microVM per instance, cold starts, keep-alive, scale to zero, pay per use.',
    cpuSlowdown: use('firecracker.cpuSlowdown'),
    memoryBoundSlowdown: use('hwvirt.memorySlowdown'),
    syscallSlowdown: use('firecracker.cpuSlowdown'),
    jit: null,
    idleCpuCores: use('serverless.idleCpu'),
    memoryOverheadParts: [
      memoryPart(use, 'Firecracker VMM', 'firecracker.vmmMemory'),
      memoryPart(use, 'guest kernel', 'firecracker.guestKernelMemory'),
    ],
    hostReservedExtraMiB: 0,
    randomIoFactor: use('firecracker.randomIoFactor'),
    sequentialIoFactor: use('firecracker.sequentialIoFactor'),
    networkLatencyMs: use('firecracker.requestLatency'),
    networkCpuUsPerKiB: use('hwvirt.networkCpuPerKiB'),
    networkBandwidthCapGbps: use('firecracker.networkBandwidth'),
    startParts: [
      startPart(use, 'sandbox: VMM start', 'firecracker.vmmStartTime'),
      startPart(use, 'sandbox: guest boot', 'firecracker.bootTime'),
      startPart(use, 'runtime init', 'faas.runtimeInit'),
      startPart(use, 'code load', 'faas.codeLoad'),
    ],
    startTimeSigma: use('lambda.coldStartSigma'),
    warmStartMs: use('lambda.warmStartMedian'),
    cpuRequest: { kind: 'perMemory', mibPerCore: use('lambda.memoryPerVcpu') },
    scaling: perRequest(use),
  }),
  'faas-container': (use) => ({
    id: 'faas-container',
    displayName: 'Functions on containers (OpenWhisk-like)',
    shortName: 'FaaS container',
    category: 'serverless',
    color: '#999933',
    dash: 'dotted',
    description:
      'OpenWhisk-like: a container per instance (containerd, no Docker daemon), 10-minute idle-container keep-alive.',
    cpuSlowdown: use('docker.cpuSlowdown'),
    memoryBoundSlowdown: use('docker.cpuSlowdown'),
    syscallSlowdown: use('docker.cpuSlowdown'),
    jit: null,
    idleCpuCores: use('serverless.idleCpu'),
    memoryOverheadParts: [memoryPart(use, 'containerd-shim', 'containerd.shimMemory')],
    hostReservedExtraMiB: 0,
    randomIoFactor: use('docker.ioFactor'),
    sequentialIoFactor: use('docker.ioFactor'),
    networkLatencyMs: use('docker.natRequestLatency'),
    networkCpuUsPerKiB: use('docker.natCpuPerKiB'),
    networkBandwidthCapGbps: null,
    startParts: [
      startPart(use, 'sandbox: containerd create+start', 'containerd.createStartTime'),
      startPart(use, 'runtime init', 'faas.runtimeInit'),
      startPart(use, 'code load', 'faas.codeLoad'),
    ],
    startTimeSigma: use('lambda.coldStartSigma'),
    warmStartMs: use('openwhisk.warmStart'),
    cpuRequest: { kind: 'perMemory', mibPerCore: use('lambda.memoryPerVcpu') },
    scaling: perRequest(use),
  }),
  'jvm-interpreted': (use) => {
    const interpreted = use('jvm.interpretedSlowdown');
    return {
      id: 'jvm-interpreted',
      displayName: 'JVM, interpreter only (-Xint)',
      shortName: 'JVM interp.',
      category: 'process VM',
      color: '#CC6677',
      dash: 'dotted',
      description:
        'A Java service whose bytecode is only interpreted: every instruction pays the interpreter.',
      cpuSlowdown: interpreted,
      syscallSlowdown: interpreted,
      jit: null,
      memoryOverheadParts: [memoryPart(use, 'JVM runtime', 'jvm.runtimeMemory')],
      startParts: [
        startPart(use, 'fork/exec', 'process.forkExecTime'),
        startPart(use, 'JVM start', 'jvm.startTime'),
      ],
      ...processFields(use),
      memoryBoundSlowdown: interpreted,
    };
  },
  'jvm-jit': (use) => {
    const interpreted = use('jvm.interpretedSlowdown');
    const jit = use('jvm.jitSlowdown');
    return {
      id: 'jvm-jit',
      displayName: 'JVM with JIT compiler',
      shortName: 'JVM JIT',
      category: 'process VM',
      color: '#661100',
      dash: 'dotted',
      description:
        'A Java service that starts interpreted and speeds up as the JIT compiles its hot code (warm-up).',
      cpuSlowdown: jit,
      syscallSlowdown: jit,
      jit: { interpretedSlowdown: interpreted, jitSlowdown: jit, warmupWorkS: use('jvm.jitWarmupWork') },
      memoryOverheadParts: [memoryPart(use, 'JVM runtime', 'jvm.runtimeMemory')],
      startParts: [
        startPart(use, 'fork/exec', 'process.forkExecTime'),
        startPart(use, 'JVM start', 'jvm.startTime'),
      ],
      ...processFields(use),
      memoryBoundSlowdown: jit,
    };
  },
  wine: (use) => ({
    id: 'wine',
    displayName: 'Windows app on WINE',
    shortName: 'WINE',
    category: 'process VM',
    color: '#777777',
    dash: 'dotted',
    description: 'A Windows service on Linux through WINE: native x86 code, Win32 calls translated to POSIX.',
    cpuSlowdown: NATIVE,
    syscallSlowdown: use('wine.apiTranslationSlowdown'),
    jit: null,
    memoryOverheadParts: [memoryPart(use, 'wineserver + Win32 DLLs', 'wine.runtimeMemory')],
    startParts: [
      startPart(use, 'fork/exec', 'process.forkExecTime'),
      startPart(use, 'WINE start', 'wine.startTime'),
    ],
    ...processFields(use),
  }),
};

const NO_OVERRIDES: Readonly<Record<string, number>> = Object.freeze({});

export const PLATFORM_PRESETS: Readonly<Record<PlatformId, PlatformPreset>> = Object.freeze(
  Object.fromEntries(
    Object.entries(BUILDERS).map(([id, build]) => [id, buildPreset(build, NO_OVERRIDES)]),
  ) as Record<PlatformId, PlatformPreset>,
);

export function getPlatformPreset(id: PlatformId): PlatformPreset {
  const preset = PLATFORM_PRESETS[id];
  if (preset === undefined) throw new RangeError(`unknown platform "${String(id)}"`);
  return preset;
}

/**
 * The preset of `id` with some CALIBRATION values replaced (a scenario's per-platform
 * overrides). Unknown ids throw; ids the preset does not read change nothing (the
 * scenario schema reports those before a run).
 */
export function resolvePreset(
  id: PlatformId,
  overrides: Readonly<Record<string, number>> = NO_OVERRIDES,
): PlatformPreset {
  const build = BUILDERS[id];
  if (build === undefined) throw new RangeError(`unknown platform "${String(id)}"`);
  const keys = Object.keys(overrides);
  if (keys.length === 0) return getPlatformPreset(id);
  for (const key of keys) {
    if (!Object.hasOwn(CALIBRATION, key)) throw new RangeError(`unknown constant "${key}"`);
  }
  return buildPreset(build, overrides);
}

/**
 * What a platform's cost in the Compare model is: the provider's billing (serverless:
 * GB-seconds and requests) or the share of the host price its instances reserve.
 */
export type CostBasis = 'host-share' | 'provider-billing';

export function costBasis(preset: PlatformPreset): CostBasis {
  return preset.scaling.mode === 'per-request' ? 'provider-billing' : 'host-share';
}

/** Cores one instance reserves when packing a host. */
export function cpuRequestCores(preset: PlatformPreset, appMemoryMiB: number): number {
  const request = preset.cpuRequest;
  return request.kind === 'cores' ? request.cores : appMemoryMiB / request.mibPerCore;
}

/** Median start time (ms): the sum of the start parts. */
export function medianStartMs(preset: PlatformPreset): number {
  return preset.startParts.reduce((sum, p) => sum + p.ms, 0);
}
