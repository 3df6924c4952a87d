/**
 * Every default constant of the simulation core, with the source the app shows next to it.
 * Figures come from the project's calibration notes (published measurements); "2nd-hand"
 * means the figure was read in a summary citing the paper, not in the paper itself.
 * Where no measurement covers a quantity, the value is marked `assumption: true` and the
 * note says in one line why that value was chosen.
 */

export interface CalibratedValue {
  value: number;
  unit: string;
  source: string;
  note?: string;
  assumption?: boolean;
}

// Felter et al. 2014, Table I (2nd-hand): Linpack on a 2-socket Sandy Bridge server.
const LINPACK_NATIVE_GFLOPS = 290.8;
const LINPACK_KVM_TUNED_GFLOPS = 284.2;
const LINPACK_KVM_UNTUNED_GFLOPS = 241.3;
const FELTER =
  'Felter et al., "An Updated Performance Comparison of Virtual Machines and Linux Containers", IBM RC25482 (2014) / ISPASS 2015';
const AGACHE =
  'Agache et al., "Firecracker: Lightweight Virtualization for Serverless Applications", NSDI 2020';
const FIRECRACKER_SPEC = 'firecracker-microvm/firecracker SPECIFICATION.md';
const WANG = 'Wang et al., "Peeking Behind the Curtains of Serverless Platforms", USENIX ATC 2018';
const SHAHRAD = 'Shahrad et al., "Serverless in the Wild", USENIX ATC 2020';
const FIRECRACKER_CPU_EFFICIENCY = 0.95;

export const CALIBRATION = {
  // --- host ---
  'host.reservedMemory': {
    value: 2048,
    unit: 'MiB',
    source: 'assumption',
    assumption: true,
    note: 'Host kernel plus hypervisor or container-runtime daemons; a round 2 GiB, since no source here measures it.',
  },

  // --- CPU cost of the platform (work multipliers: platform core-seconds per bare-metal core-second) ---
  'linpack.native': {
    value: LINPACK_NATIVE_GFLOPS,
    unit: 'GFLOPS',
    source: `${FELTER}, Table I (2nd-hand)`,
    note: 'Linpack on bare metal; Docker measured about the same.',
  },
  'linpack.kvmTuned': {
    value: LINPACK_KVM_TUNED_GFLOPS,
    unit: 'GFLOPS',
    source: `${FELTER}, Table I (2nd-hand)`,
    note: 'KVM with vCPUs pinned to cores and the host cache topology exposed to the guest.',
  },
  'linpack.kvmUntuned': {
    value: LINPACK_KVM_UNTUNED_GFLOPS,
    unit: 'GFLOPS',
    source: `${FELTER}, Table I (2nd-hand)`,
    note: 'KVM with default settings (no pinning, default vCPU topology).',
  },
  'kvm.cpuSlowdownTuned': {
    value: LINPACK_NATIVE_GFLOPS / LINPACK_KVM_TUNED_GFLOPS,
    unit: 'x work',
    source: `${FELTER}: Linpack native 290.8 / KVM tuned 284.2 GFLOPS`,
    note: 'A request needs 2.3% more CPU time in a tuned KVM guest.',
  },
  'kvm.cpuSlowdownUntuned': {
    value: LINPACK_NATIVE_GFLOPS / LINPACK_KVM_UNTUNED_GFLOPS,
    unit: 'x work',
    source: `${FELTER}: Linpack native 290.8 / KVM untuned 241.3 GFLOPS`,
    note: 'For presets without pinning: 20.5% more CPU time.',
  },
  'docker.cpuSlowdown': {
    value: 1.0,
    unit: 'x work',
    source: `${FELTER}: Docker Linpack ~290.8 GFLOPS, equal to native`,
    note: 'Containers run on the host kernel: no CPU tax on the work itself.',
  },
  'firecracker.guestCpuEfficiency': {
    value: FIRECRACKER_CPU_EFFICIENCY,
    unit: 'share of bare metal',
    source: `${FIRECRACKER_SPEC}: guest CPU performance > 95% of bare metal`,
  },
  'firecracker.cpuSlowdown': {
    value: 1 / FIRECRACKER_CPU_EFFICIENCY,
    unit: 'x work',
    source: `${FIRECRACKER_SPEC}: guest CPU > 95% of bare metal, so at most 1 / 0.95`,
    note: 'The worst case the specification allows (5.3% more CPU time).',
  },

  // --- full virtual machines (KVM + QEMU) ---
  'kvm.vcpusPerCore': {
    value: 1,
    unit: 'vCPU per core',
    source: `${FELTER}: the tuned configuration pins each vCPU to a core`,
    assumption: true,
    note: 'The tuned slowdown holds only with pinned vCPUs, so VMs get no vCPU overcommit.',
  },
  'qemu.vmmMemory': {
    value: 131,
    unit: 'MiB',
    source: `${AGACHE}: QEMU memory overhead ~131 MB (Firecracker ~3 MB, Cloud Hypervisor ~13 MB)`,
    note: 'The paper writes MB; read as MiB (a 5% difference, below the precision of the figure).',
  },
  'kvm.guestOsMemory': {
    value: 512,
    unit: 'MiB',
    source: 'assumption',
    assumption: true,
    note: "Kernel plus userspace of a minimal server distribution at idle; no source here measures a guest OS's footprint.",
  },
  'kvm.bootTimeMedian': {
    value: 8000,
    unit: 'ms',
    source: 'assumption',
    assumption: true,
    note: 'QEMU start, firmware, kernel and systemd of a server distribution take several seconds; no source here measures it.',
  },
  'kvm.bootTimeSigma': {
    value: 0.25,
    unit: 'log-space sigma',
    source: 'assumption',
    assumption: true,
    note: 'Modest spread around the median (about 0.65x to 1.6x for 95% of boots).',
  },
  'kvm.idleGuestCpu': {
    value: 0.01,
    unit: 'cores per VM',
    source: 'assumption',
    assumption: true,
    note: 'Timer ticks and housekeeping daemons of an idle guest OS; no source here measures it.',
  },
  'kvm.requestLatency': {
    value: 0.03,
    unit: 'ms per request',
    source: `${FELTER}, Fig. 3 (2nd-hand): netperf request/response, KVM +30 us over native ~37 us`,
    note: 'Extra network round-trip time through the virtual NIC.',
  },

  // --- containers (Docker / containerd / runc) ---
  'docker.runTime': {
    value: 568,
    unit: 'ms',
    source: 'Khan, arXiv 2602.15214 (2026): `docker run` end to end on SSD',
    note: 'Median start used for containers; on HDD 1157 ms.',
  },
  'docker.runTimeHdd': {
    value: 1157,
    unit: 'ms',
    source: 'Khan, arXiv 2602.15214 (2026): `docker run` end to end on HDD',
  },
  'containerd.createStartTime': {
    value: 250,
    unit: 'ms',
    source: 'moby/moby issue 21737 (maintainer, 2018): containerd create+start ~250 ms',
    note: 'For presets that bypass the Docker daemon.',
  },
  'container.startTimeSigma': {
    value: 0.2,
    unit: 'log-space sigma',
    source: 'assumption',
    assumption: true,
    note: 'Modest spread around the published median (about 0.7x to 1.5x for 95% of starts).',
  },
  'containerd.shimMemory': {
    value: 5.2,
    unit: 'MiB',
    source: 'containerd/containerd issue 7878: containerd-shim RSS 5.2 MB after the switch to ttrpc',
    note: 'RSS counts shared pages; the proportional share (PSS) is 1.2 MB, so this is an upper bound.',
  },
  'container.cpuRequest': {
    value: 0.25,
    unit: 'cores per instance',
    source: 'assumption',
    assumption: true,
    note: 'Kubernetes-style CPU request used for packing (limit 1 core); 250m sits in the usual 100m-500m range.',
  },
  'container.idleCpu': {
    value: 0,
    unit: 'cores per container',
    source: 'assumption',
    assumption: true,
    note: 'An idle container is a sleeping process on the host kernel; no guest OS runs beside it.',
  },
  'docker.natRequestLatency': {
    value: 0.037,
    unit: 'ms per request',
    source: `${FELTER}, Fig. 3 (2nd-hand): netperf request/response, Docker NAT ~2x native ~37 us`,
    note: "Docker's default bridge network with NAT; host networking would be native.",
  },

  // --- Firecracker microVMs and serverless functions ---
  'firecracker.vmmMemory': {
    value: 5,
    unit: 'MiB',
    source: `${FIRECRACKER_SPEC}: VMM memory overhead <= 5 MiB (${AGACHE}: ~3 MB)`,
  },
  'firecracker.guestKernelMemory': {
    value: 32,
    unit: 'MiB',
    source: 'assumption',
    assumption: true,
    note: 'Minimal guest kernel and init without a distribution; must sit well below the 128 MiB guests Firecracker boots.',
  },
  'firecracker.bootTime': {
    value: 125,
    unit: 'ms',
    source: `${FIRECRACKER_SPEC}: InstanceStart to guest /sbin/init <= 125 ms (1 vCPU, 128 MiB)`,
    note: 'Part of a function cold start; the cold start figure below is end to end.',
  },
  'firecracker.vmmStartTime': {
    value: 12,
    unit: 'ms',
    source: `${FIRECRACKER_SPEC}: VMM process start 6-60 ms wall, typically ~12 ms (< 8 CPU ms)`,
  },
  'firecracker.creationRate': {
    value: 5,
    unit: 'microVMs per core per s',
    source: 'firecracker-microvm/firecracker docs/design.md (180/s on 36 cores)',
  },
  'lambda.coldStartMedian': {
    value: 265,
    unit: 'ms',
    source: `${WANG} (2nd-hand): AWS cold start ~265 ms at 128 MB`,
    note: 'End-to-end latency overhead of a cold invocation, so the warm overhead is not added on top.',
  },
  'lambda.coldStartSigma': {
    value: 0.25,
    unit: 'log-space sigma',
    source: 'assumption',
    assumption: true,
    note: 'Modest spread around the published median (about 0.6x to 1.6x for 95% of cold starts).',
  },
  'lambda.warmStartMedian': {
    value: 25,
    unit: 'ms per request',
    source: `${WANG}: warm start median AWS ~25 ms (Google 79, Azure 320)`,
  },
  'lambda.keepAlive': {
    value: 600,
    unit: 's',
    source: `${SHAHRAD}: fixed keep-alive, AWS ~10 min (also OpenWhisk's 10 min default)`,
    note: 'Later measurements (mikhail.io, 2019) saw 5-7 min on AWS; Azure keeps ~20 min.',
  },
  'lambda.concurrencyPerInstance': {
    value: 1,
    unit: 'requests per instance',
    source: 'AWS Lambda docs: one request at a time per execution environment',
  },
  'lambda.memoryPerVcpu': {
    value: 1769,
    unit: 'MiB per vCPU',
    source: 'AWS Lambda docs: a function gets 1 vCPU at 1,769 MB, CPU in proportion to memory',
    note: "Used as the function's CPU request for packing; AWS writes MB for what the console sizes in MiB.",
  },
  'serverless.idleCpu': {
    value: 0,
    unit: 'cores per instance',
    source: 'assumption',
    assumption: true,
    note: 'AWS Lambda freezes an execution environment between invocations, so a warm idle instance uses no CPU.',
  },

  // --- control plane ---
  'autoscaler.syncPeriod': {
    value: 15,
    unit: 's',
    source: 'assumption (Kubernetes HPA default --horizontal-pod-autoscaler-sync-period)',
    assumption: true,
    note: "Kubernetes' default, applied to VM groups as well; not in the calibration notes.",
  },
  'autoscaler.targetUtilization': {
    value: 0.7,
    unit: 'busy share of instances',
    source: 'assumption',
    assumption: true,
    note: 'A common target-tracking setpoint: leaves 30% headroom for bursts while instances start.',
  },
  'queue.capacity': {
    value: 10000,
    unit: 'requests',
    source: 'assumption',
    assumption: true,
    note: 'Load balancer backlog per platform; beyond it requests are rejected instead of waiting without bound.',
  },
} satisfies Record<string, CalibratedValue>;

export type CalibrationId = keyof typeof CALIBRATION;

/** The calibrated value of `id` (a typo is a compile error). */
export function calibrated(id: CalibrationId): number {
  return CALIBRATION[id].value;
}
