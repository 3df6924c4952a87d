/**
 * Every default constant of the simulation core, with the source the app shows next to it.
 * Figures come from the project's calibration notes (published measurements); "2nd-hand"
 * means the figure was read in a summary citing the paper, not in the paper itself.
 * Where no measurement covers a quantity, the value is marked `assumption: true` and the
 * note says in one line why that value was chosen.
 *
 * `min`/`max`/`integer` bound what a scenario may override the value with (default range:
 * 0 to 1e12). Presets read these values through `use(id)` (platforms.ts), so a scenario's
 * per-platform overrides replace them one by one (resolvePreset).
 */

export interface CalibratedValue {
  value: number;
  unit: string;
  source: string;
  note?: string;
  assumption?: boolean;
  /** Smallest value an override may take (default 0). */
  min?: number;
  /** Largest value an override may take (default 1e12). */
  max?: number;
  /** Overrides must be whole numbers. */
  integer?: boolean;
}

// Felter et al. 2014, Table I (2nd-hand): Linpack on a 2-socket Sandy Bridge server.
const LINPACK_NATIVE_GFLOPS = 290.8;
const LINPACK_KVM_TUNED_GFLOPS = 284.2;
const LINPACK_KVM_UNTUNED_GFLOPS = 241.3;
/** Felter: STREAM under KVM -1% to -3%; the midpoint. */
const STREAM_KVM_LOSS = 0.02;
const FELTER =
  'Felter et al., "An Updated Performance Comparison of Virtual Machines and Linux Containers", IBM RC25482 (2014) / ISPASS 2015';
const AGACHE =
  'Agache et al., "Firecracker: Lightweight Virtualization for Serverless Applications", NSDI 2020';
const FIRECRACKER_SPEC = 'firecracker-microvm/firecracker SPECIFICATION.md';
const WANG = 'Wang et al., "Peeking Behind the Curtains of Serverless Platforms", USENIX ATC 2018';
const SHAHRAD = 'Shahrad et al., "Serverless in the Wild", USENIX ATC 2020';
const BARHAM = 'Barham et al., "Xen and the Art of Virtualization", SOSP 2003';
const MANCO = 'Manco et al., "My VM is Lighter (and Safer) than your Container", SOSP 2017';
const YOUNG = 'Young et al., "The True Cost of Containing: A gVisor Case Study", HotCloud 2019';
const CARREIRA =
  'Carreira et al., "From Warm to Hot Starts: Leveraging Runtimes for the Serverless Era", HotOS 2021, Fig. 1';
const AWS_PRICING = 'AWS Lambda pricing page (aws.amazon.com/lambda/pricing), x86, first tier';
const EC2_PRICING = 'AWS EC2 On-Demand pricing, m5.4xlarge, us-east-1 (Linux)';
const K8S_HPA =
  'Kubernetes documentation, "Horizontal Pod Autoscaling" (kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/)';
const FIRECRACKER_CPU_EFFICIENCY = 0.95;
const FIRECRACKER_VMM_START_MS = 12;
const FIRECRACKER_BOOT_MS = 125;
const LAMBDA_COLD_START_MS = 265;
const FAAS_CODE_LOAD_MS = 30;
const FIRECRACKER_IOPS = 13_000;
const HARDWARE_IOPS = 340_000;

/** Ranges shared by families of constants. */
const SLOWDOWN = { min: 0.01, max: 1000 } as const;
const FACTOR = { min: 0.0001, max: 100 } as const;
const SIGMA = { min: 0, max: 3 } as const;
const SHARE = { min: 0, max: 1 } as const;

export const CALIBRATION = {
  // --- host hardware and the host OS ---
  'host.reservedMemory': {
    value: 2048,
    unit: 'MiB',
    source: 'assumption',
    assumption: true,
    note: 'Host kernel plus hypervisor or container-runtime daemons; a round 2 GiB, since no source here measures it.',
    max: 1_048_576,
  },
  'cpu.referenceClock': {
    value: 3,
    unit: 'GHz',
    source: 'assumption',
    assumption: true,
    note: 'Request work is stated at a typical 3 GHz server clock; a host at f GHz takes work x 3 / f (same IPC assumed).',
    min: 0.5,
    max: 6,
  },
  'hardware.ssdRandomIops': {
    value: HARDWARE_IOPS,
    unit: '4 KiB IOPS',
    source: `${AGACHE} / ${FIRECRACKER_SPEC}: the test hardware is capable of 340k 4 KiB read IOPS`,
    note: 'Default host disk (an NVMe SSD of that class).',
    min: 100,
    max: 10_000_000,
  },
  'hardware.ssdSequentialMBps': {
    value: 2000,
    unit: 'MB/s',
    source: 'assumption',
    assumption: true,
    note: 'Sequential throughput of a PCIe 3 NVMe SSD of the 340k-IOPS class; no source here gives it.',
    min: 10,
    max: 100_000,
  },
  'hardware.nicBandwidth': {
    value: 10,
    unit: 'Gbit/s',
    source: `${FELTER}: the testbed's 10 GbE link (TCP bulk ~9.3 Gbit/s for native, Docker and KVM)`,
    min: 0.1,
    max: 400,
  },
  'hardware.nicLatency': {
    value: 37,
    unit: 'us per request',
    source: `${FELTER}, Fig. 3 (2nd-hand): netperf request/response round trip, native ~37 us`,
    min: 1,
    max: 10_000,
  },
  'host.pricePerHour': {
    value: 0.768,
    unit: 'USD per host-hour',
    source: `${EC2_PRICING}: 16 vCPU, 64 GiB`,
    note: 'Default of hosts.pricePerHourUsd; the same size as the default host (16 cores, 64 GiB). VMs, containers and processes pay their share of it.',
    max: 1000,
  },
  'memory.overcommitPenalty': {
    value: 2,
    unit: 'x CPU time at full overcommit',
    source: 'assumption',
    assumption: true,
    note: 'Ballooning and page sharing reclaim idle guest memory first, swapping the rest: work slows by 1 + 2 x overcommitted share.',
    max: 1000,
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
  'kvm.tuned': {
    value: 1,
    unit: '1 = tuned, 0 = untuned',
    source: `${FELTER}: tuned = vCPUs pinned, cache topology exposed`,
    note: 'Which Linpack slowdown the KVM preset uses; override with 0 to see the untuned figure.',
    min: 0,
    max: 1,
    integer: true,
  },
  'kvm.cpuSlowdownTuned': {
    value: LINPACK_NATIVE_GFLOPS / LINPACK_KVM_TUNED_GFLOPS,
    unit: 'x work',
    source: `${FELTER}: Linpack native 290.8 / KVM tuned 284.2 GFLOPS`,
    note: 'A request needs 2.3% more CPU time in a tuned KVM guest.',
    ...SLOWDOWN,
  },
  'kvm.cpuSlowdownUntuned': {
    value: LINPACK_NATIVE_GFLOPS / LINPACK_KVM_UNTUNED_GFLOPS,
    unit: 'x work',
    source: `${FELTER}: Linpack native 290.8 / KVM untuned 241.3 GFLOPS`,
    note: 'For presets without pinning: 20.5% more CPU time.',
    ...SLOWDOWN,
  },
  'kvm.memorySlowdown': {
    value: 1 / (1 - STREAM_KVM_LOSS),
    unit: 'x memory-bound work',
    source: `${FELTER}, Table I (2nd-hand): STREAM under KVM -1% to -3%`,
    note: 'The midpoint, 2% less bandwidth: memory-bound work takes 1 / 0.98 as long.',
    ...SLOWDOWN,
  },
  'hwvirt.memorySlowdown': {
    value: 1 / (1 - STREAM_KVM_LOSS),
    unit: 'x memory-bound work',
    source: 'assumption (KVM STREAM figure from Felter et al. 2014)',
    assumption: true,
    note: "Every hardware-assisted hypervisor walks the same two-level (EPT/NPT) page tables, so KVM's STREAM cost is reused.",
    ...SLOWDOWN,
  },
  'docker.cpuSlowdown': {
    value: 1.0,
    unit: 'x work',
    source: `${FELTER}: Docker Linpack ~290.8 GFLOPS, equal to native`,
    note: 'Containers (and sandboxes that run user code natively) use the host CPU without a tax on the work itself.',
    ...SLOWDOWN,
  },
  'firecracker.guestCpuEfficiency': {
    value: FIRECRACKER_CPU_EFFICIENCY,
    unit: 'share of bare metal',
    source: `${FIRECRACKER_SPEC}: guest CPU performance > 95% of bare metal`,
    ...SHARE,
  },
  'firecracker.cpuSlowdown': {
    value: 1 / FIRECRACKER_CPU_EFFICIENCY,
    unit: 'x work',
    source: `${FIRECRACKER_SPEC}: guest CPU > 95% of bare metal, so at most 1 / 0.95`,
    note: 'The worst case the specification allows (5.3% more CPU time).',
    ...SLOWDOWN,
  },
  'xen.cpuSlowdown': {
    value: 1.03,
    unit: 'x work',
    source: `assumption from ${BARHAM}: overhead "a few percent"`,
    assumption: true,
    note: "Barham gives no single figure; 3% sits between tuned KVM's 2.3% and Firecracker's 5%.",
    ...SLOWDOWN,
  },
  'esxi.cpuSlowdown': {
    value: 1.03,
    unit: 'x work',
    source: 'assumption',
    assumption: true,
    note: 'No source here measures ESXi; a mature type-1 hypervisor with hardware assist, like Xen ("a few percent").',
    ...SLOWDOWN,
  },
  'hyperv.cpuSlowdown': {
    value: 1.03,
    unit: 'x work',
    source: 'assumption',
    assumption: true,
    note: 'No source here measures Hyper-V; a type-1 hypervisor with hardware assist, like Xen ("a few percent").',
    ...SLOWDOWN,
  },
  'virtualbox.hostCpuTax': {
    value: 1.08,
    unit: 'x work on top of untuned KVM',
    source: 'assumption',
    assumption: true,
    note: 'A desktop host OS schedules the unpinned vCPU threads among its own work: untuned KVM plus 8%.',
    ...SLOWDOWN,
  },
  'vmwareWorkstation.hostCpuTax': {
    value: 1.05,
    unit: 'x work on top of untuned KVM',
    source: 'assumption',
    assumption: true,
    note: 'Like VirtualBox but with a more mature monitor: untuned KVM plus 5%.',
    ...SLOWDOWN,
  },
  'gvisor.syscallSlowdown': {
    value: 2.2,
    unit: 'x system-call work',
    source: `${YOUNG}; gvisor.dev performance guide: system calls >= 2.2x slower than runc`,
    note: 'Applied to the syscall share of each request; the published figure is a lower bound (file open/close up to ~216x on the old ptrace platform).',
    ...SLOWDOWN,
  },
  'wine.apiTranslationSlowdown': {
    value: 1.5,
    unit: 'x system-call work',
    source: 'assumption',
    assumption: true,
    note: 'x86 code runs natively ("Wine Is Not an Emulator"); Win32 calls map to POSIX calls plus wineserver round trips: 1.5x.',
    ...SLOWDOWN,
  },
  'jvm.interpretedSlowdown': {
    value: 55,
    unit: 'x work',
    source: `${CARREIRA}: JIT-compiled Java ~55x faster than interpreted`,
    note: 'JavaScript gains only ~2.7x; Java is the case modelled here.',
    ...SLOWDOWN,
  },
  'jvm.jitSlowdown': {
    value: 1.0,
    unit: 'x work',
    source: 'assumption',
    assumption: true,
    note: 'The request work is taken as the warm JIT-compiled code on bare metal, so a warm JVM adds no CPU tax.',
    ...SLOWDOWN,
  },
  'jvm.jitWarmupWork': {
    value: 0.25,
    unit: 'bare-metal CPU-s per instance',
    source: 'assumption',
    assumption: true,
    note: 'Speed moves from interpreted to JIT as exp(-work done / 0.25 s): a few hundred short requests, in line with HotSpot compile thresholds.',
    min: 0.000001,
    max: 100_000,
  },

  // --- full virtual machines ---
  'vm.vcpusPerCore': {
    value: 1,
    unit: 'vCPU per core',
    source: `${FELTER}: the tuned configuration pins each vCPU to a core`,
    assumption: true,
    note: 'The tuned slowdown holds only with pinned vCPUs, so VMs get no vCPU overcommit.',
    min: 0.01,
    max: 64,
  },
  'vm.guestOsMemory': {
    value: 512,
    unit: 'MiB',
    source: 'assumption',
    assumption: true,
    note: "Kernel plus userspace of a minimal server distribution at idle; no source here measures a guest OS's footprint.",
    max: 65_536,
  },
  'vm.bootTimeMedian': {
    value: 8000,
    unit: 'ms',
    source: 'assumption',
    assumption: true,
    note: 'Firmware, kernel and systemd of a server distribution take several seconds; no source here measures it.',
    min: 0.001,
    max: 3_600_000,
  },
  'vm.bootTimeSigma': {
    value: 0.25,
    unit: 'log-space sigma',
    source: 'assumption',
    assumption: true,
    note: 'Modest spread around the median (about 0.65x to 1.6x for 95% of boots).',
    ...SIGMA,
  },
  'vm.idleGuestCpu': {
    value: 0.01,
    unit: 'cores per VM',
    source: 'assumption',
    assumption: true,
    note: 'Timer ticks and housekeeping daemons of an idle guest OS; no source here measures it.',
    max: 256,
  },
  'qemu.vmmMemory': {
    value: 131,
    unit: 'MiB',
    source: `${AGACHE}: QEMU memory overhead ~131 MB (Firecracker ~3 MB, Cloud Hypervisor ~13 MB)`,
    note: 'The paper writes MB; read as MiB (a 5% difference, below the precision of the figure).',
    max: 65_536,
  },
  'xen.domainMemory': {
    value: 32,
    unit: 'MiB',
    source: 'assumption',
    assumption: true,
    note: 'A PVH guest needs no QEMU; hypervisor structures plus its dom0 backends, well below QEMU (131) and above Firecracker (5).',
    max: 65_536,
  },
  'esxi.vmxMemory': {
    value: 64,
    unit: 'MiB',
    source: 'assumption',
    assumption: true,
    note: 'The per-VM VMX process and monitor; no source here measures it; between Cloud Hypervisor (13) and QEMU (131).',
    max: 65_536,
  },
  'hyperv.workerMemory': {
    value: 48,
    unit: 'MiB',
    source: 'assumption',
    assumption: true,
    note: 'The per-VM worker process (vmwp) in the root partition; no source here measures it.',
    max: 65_536,
  },
  'virtualbox.vmmMemory': {
    value: 160,
    unit: 'MiB',
    source: 'assumption',
    assumption: true,
    note: 'A desktop VMM process emulates more devices than QEMU/KVM on a server: a bit above QEMU (131).',
    max: 65_536,
  },
  'vmwareWorkstation.vmmMemory': {
    value: 160,
    unit: 'MiB',
    source: 'assumption',
    assumption: true,
    note: 'Like VirtualBox: one vmware-vmx process with emulated desktop devices per VM.',
    max: 65_536,
  },
  'type2.hostOsMemory': {
    value: 2048,
    unit: 'MiB per host',
    source: 'assumption',
    assumption: true,
    note: "A desktop host OS (GUI, services) beside the hypervisor: reserved on top of the host's usual 2 GiB.",
    max: 1_048_576,
  },
  'type2.bootTimeMedian': {
    value: 12_000,
    unit: 'ms',
    source: 'assumption',
    assumption: true,
    note: 'A server-VM boot (8 s) slowed by emulated firmware and disks of a desktop hypervisor.',
    min: 0.001,
    max: 3_600_000,
  },

  // --- I/O through the platform (share of the host's capability) ---
  'kvm.randomIoFactor': {
    value: 0.5,
    unit: 'x native 4 KiB IOPS',
    source: `${FELTER}: fio random 4 KiB on SSD, KVM ~0.5x native (every I/O goes through QEMU)`,
    ...FACTOR,
  },
  'kvm.sequentialIoFactor': {
    value: 1.0,
    unit: 'x native MB/s',
    source: `${FELTER}: sequential I/O about equal to native`,
    ...FACTOR,
  },
  'docker.ioFactor': {
    value: 1.0,
    unit: 'x native',
    source: `${FELTER}: Docker random 4 KiB IOPS ~= native (volumes bypass the storage driver)`,
    note: 'Used for random and sequential I/O of processes and containers.',
    ...FACTOR,
  },
  'xen.randomIoFactor': {
    value: 0.7,
    unit: 'x native 4 KiB IOPS',
    source: 'assumption',
    assumption: true,
    note: "blkback runs in dom0's kernel, not in a user process like QEMU: between KVM's 0.5x and native.",
    ...FACTOR,
  },
  'esxi.randomIoFactor': {
    value: 0.8,
    unit: 'x native 4 KiB IOPS',
    source: 'assumption',
    assumption: true,
    note: 'The storage stack runs in the VMkernel itself: closer to native than KVM/QEMU (0.5x).',
    ...FACTOR,
  },
  'hyperv.randomIoFactor': {
    value: 0.7,
    unit: 'x native 4 KiB IOPS',
    source: 'assumption',
    assumption: true,
    note: 'VMBus to a storage service in the root partition, a path like Xen split drivers.',
    ...FACTOR,
  },
  'hwvirt.sequentialIoFactor': {
    value: 1.0,
    unit: 'x native MB/s',
    source: `assumption from ${FELTER} (KVM sequential I/O ~ native)`,
    assumption: true,
    note: 'Large transfers amortise the per-request hypervisor cost for every type-1 hypervisor, as measured for KVM.',
    ...FACTOR,
  },
  'type2.randomIoFactor': {
    value: 0.3,
    unit: 'x native 4 KiB IOPS',
    source: 'assumption',
    assumption: true,
    note: "A disk image file on the host's file system adds a second I/O stack below KVM/QEMU's 0.5x.",
    ...FACTOR,
  },
  'type2.sequentialIoFactor': {
    value: 0.7,
    unit: 'x native MB/s',
    source: 'assumption',
    assumption: true,
    note: 'Image-file indirection and host page-cache copies cost throughput even for large transfers.',
    ...FACTOR,
  },
  'firecracker.randomIoFactor': {
    value: FIRECRACKER_IOPS / HARDWARE_IOPS,
    unit: 'x native 4 KiB IOPS',
    source: `${AGACHE}; ${FIRECRACKER_SPEC}: 4 KiB reads ~13k IOPS on hardware capable of 340k`,
    note: 'One virtio-block queue served by the VMM thread: 13k / 340k = 0.038x.',
    ...FACTOR,
  },
  'firecracker.sequentialIoFactor': {
    value: 0.5,
    unit: 'x native MB/s',
    source: 'assumption',
    assumption: true,
    note: 'Same single emulated queue as the random case but large blocks amortise it; KVM/QEMU random figure (0.5x) reused.',
    ...FACTOR,
  },
  'gvisor.randomIoFactor': {
    value: 0.6,
    unit: 'x native 4 KiB IOPS',
    source: 'assumption',
    assumption: true,
    note: 'File I/O crosses the Sentry and the Gofer (one extra hop, like QEMU for KVM at 0.5x).',
    ...FACTOR,
  },
  'gvisor.sequentialIoFactor': {
    value: 0.9,
    unit: 'x native MB/s',
    source: 'assumption',
    assumption: true,
    note: 'Large reads amortise the extra hop.',
    ...FACTOR,
  },

  // --- network through the platform ---
  'kvm.requestLatency': {
    value: 0.03,
    unit: 'ms per request',
    source: `${FELTER}, Fig. 3 (2nd-hand): netperf request/response, KVM +30 us over native ~37 us`,
    note: 'Extra network round-trip time through the virtual NIC.',
    max: 10_000,
  },
  'docker.natRequestLatency': {
    value: 0.037,
    unit: 'ms per request',
    source: `${FELTER}, Fig. 3 (2nd-hand): netperf request/response, Docker NAT ~2x native ~37 us`,
    note: "Docker's default bridge network with NAT; host networking would be native.",
    max: 10_000,
  },
  'hwvirt.requestLatency': {
    value: 0.03,
    unit: 'ms per request',
    source: `assumption from ${FELTER} (KVM +30 us)`,
    assumption: true,
    note: "Xen, ESXi and Hyper-V also bounce each packet through a software switch and a backend: KVM's +30 us reused.",
    max: 10_000,
  },
  'firecracker.requestLatency': {
    value: 0.03,
    unit: 'ms per request',
    source: `assumption from ${FELTER} (KVM +30 us)`,
    assumption: true,
    note: "virtio-net to a host tap device, emulated in the VMM process like QEMU's: KVM's +30 us reused.",
    max: 10_000,
  },
  'type2.requestLatency': {
    value: 0.1,
    unit: 'ms per request',
    source: 'assumption',
    assumption: true,
    note: "Desktop hypervisors default to NAT in a user-mode network stack on the host OS: about 3x KVM's +30 us.",
    max: 10_000,
  },
  'gvisor.requestLatency': {
    value: 0.05,
    unit: 'ms per request',
    source: 'assumption',
    assumption: true,
    note: "gVisor's user-space network stack (netstack) on top of Docker-style NAT: a bit above Docker's +37 us.",
    max: 10_000,
  },
  'firecracker.networkBandwidth': {
    value: 15,
    unit: 'Gbit/s',
    source: `${FIRECRACKER_SPEC}; ${AGACHE}: guest-host network ~14.5-15 Gbit/s`,
    note: 'Caps the transfer rate of each request on a Firecracker guest (the host NIC may be slower anyway).',
    min: 0.01,
    max: 400,
  },
  'hwvirt.networkCpuPerKiB': {
    value: 0.3,
    unit: 'us CPU per KiB',
    source: `assumption (${FELTER}: network cost shows up as CPU cycles per byte)`,
    assumption: true,
    note: 'Extra copies and exits of a virtual NIC: ~0.4 core more per 10 Gbit/s; Felter gives the effect, not the figure.',
    max: 1_000_000,
  },
  'docker.natCpuPerKiB': {
    value: 0.1,
    unit: 'us CPU per KiB',
    source: 'assumption',
    assumption: true,
    note: 'veth pair plus iptables NAT: about a third of a virtual NIC path.',
    max: 1_000_000,
  },
  'gvisor.networkCpuPerKiB': {
    value: 0.5,
    unit: 'us CPU per KiB',
    source: 'assumption',
    assumption: true,
    note: 'netstack processes every packet in the user-space Sentry: more than a virtual NIC path.',
    max: 1_000_000,
  },
  'type2.networkCpuPerKiB': {
    value: 1,
    unit: 'us CPU per KiB',
    source: 'assumption',
    assumption: true,
    note: "User-mode NAT copies every packet through the host OS's sockets: about 3x a virtual NIC path.",
    max: 1_000_000,
  },

  // --- processes: bare metal, process VMs, WINE ---
  'process.forkExecTime': {
    value: 1,
    unit: 'ms',
    source: `${MANCO}: fork/exec ~1 ms on their testbed`,
    note: 'Starting the service as a plain process (its own initialisation is not modelled on any platform).',
    min: 0.001,
    max: 3_600_000,
  },
  'process.startTimeSigma': {
    value: 0.2,
    unit: 'log-space sigma',
    source: 'assumption',
    assumption: true,
    note: 'Modest spread around the median (about 0.7x to 1.5x for 95% of starts).',
    ...SIGMA,
  },
  'process.cpuRequest': {
    value: 0.25,
    unit: 'cores per instance',
    source: 'assumption',
    assumption: true,
    note: "Packing processes like containers (Kubernetes-style 250m request): they share the host kernel's scheduler.",
    min: 0.001,
    max: 256,
  },
  'jvm.startTime': {
    value: 500,
    unit: 'ms',
    source: 'assumption',
    assumption: true,
    note: 'JVM boot, class loading and framework start-up of a small service; no source here measures it.',
    min: 0.001,
    max: 3_600_000,
  },
  'jvm.runtimeMemory': {
    value: 64,
    unit: 'MiB',
    source: 'assumption',
    assumption: true,
    note: 'Metaspace, code cache, GC structures and thread stacks beside the heap (the heap is the app memory).',
    max: 65_536,
  },
  'wine.startTime': {
    value: 1500,
    unit: 'ms',
    source: 'assumption',
    assumption: true,
    note: 'wineserver start plus loading the Win32 DLL set into a prefix; no source here measures it.',
    min: 0.001,
    max: 3_600_000,
  },
  'wine.runtimeMemory': {
    value: 64,
    unit: 'MiB',
    source: 'assumption',
    assumption: true,
    note: 'wineserver plus the Win32 DLLs mapped into the process; no source here measures it.',
    max: 65_536,
  },

  // --- containers (Docker / containerd / runc, gVisor) ---
  'docker.runTime': {
    value: 568,
    unit: 'ms',
    source: 'Khan, arXiv 2602.15214 (2026): `docker run` end to end on SSD',
    note: 'Median start used for containers; on HDD 1157 ms.',
    min: 0.001,
    max: 3_600_000,
  },
  'docker.runTimeHdd': {
    value: 1157,
    unit: 'ms',
    source: 'Khan, arXiv 2602.15214 (2026): `docker run` end to end on HDD',
    min: 0.001,
    max: 3_600_000,
  },
  'containerd.createStartTime': {
    value: 250,
    unit: 'ms',
    source: 'moby/moby issue 21737 (maintainer, 2018): containerd create+start ~250 ms',
    note: 'Sandbox start of container-based functions, which bypass the Docker daemon.',
    min: 0.001,
    max: 3_600_000,
  },
  'container.startTimeSigma': {
    value: 0.2,
    unit: 'log-space sigma',
    source: 'assumption',
    assumption: true,
    note: 'Modest spread around the published median (about 0.7x to 1.5x for 95% of starts).',
    ...SIGMA,
  },
  'containerd.shimMemory': {
    value: 5.2,
    unit: 'MiB',
    source: 'containerd/containerd issue 7878: containerd-shim RSS 5.2 MB after the switch to ttrpc',
    note: 'RSS counts shared pages; the proportional share (PSS) is 1.2 MB, so this is an upper bound.',
    max: 65_536,
  },
  'container.cpuRequest': {
    value: 0.25,
    unit: 'cores per instance',
    source: 'assumption',
    assumption: true,
    note: 'Kubernetes-style CPU request used for packing (limit 1 core); 250m sits in the usual 100m-500m range.',
    min: 0.001,
    max: 256,
  },
  'container.idleCpu': {
    value: 0,
    unit: 'cores per container',
    source: 'assumption',
    assumption: true,
    note: 'An idle container (or plain process) is a sleeping process on the host kernel; no guest OS runs beside it.',
    max: 256,
  },
  'gvisor.sandboxMemory': {
    value: 30,
    unit: 'MiB',
    source: 'assumption',
    assumption: true,
    note: 'The Sentry (a user-space kernel in Go) and the Gofer per sandbox; no source here measures them.',
    max: 65_536,
  },
  'gvisor.startTime': {
    value: 700,
    unit: 'ms',
    source: 'assumption',
    assumption: true,
    note: '`docker run` (568 ms) plus starting the Sentry and Gofer processes; no source here measures it.',
    min: 0.001,
    max: 3_600_000,
  },

  // --- Firecracker microVMs and serverless functions ---
  'firecracker.vmmMemory': {
    value: 5,
    unit: 'MiB',
    source: `${FIRECRACKER_SPEC}: VMM memory overhead <= 5 MiB (${AGACHE}: ~3 MB)`,
    max: 65_536,
  },
  'firecracker.guestKernelMemory': {
    value: 32,
    unit: 'MiB',
    source: 'assumption',
    assumption: true,
    note: 'Minimal guest kernel and init without a distribution; must sit well below the 128 MiB guests Firecracker boots.',
    max: 65_536,
  },
  'firecracker.bootTime': {
    value: FIRECRACKER_BOOT_MS,
    unit: 'ms',
    source: `${FIRECRACKER_SPEC}: InstanceStart to guest /sbin/init <= 125 ms (1 vCPU, 128 MiB)`,
    note: 'Part of a microVM start and of a function cold start (the sandbox part).',
    min: 0.001,
    max: 3_600_000,
  },
  'firecracker.vmmStartTime': {
    value: FIRECRACKER_VMM_START_MS,
    unit: 'ms',
    source: `${FIRECRACKER_SPEC}: VMM process start 6-60 ms wall, typically ~12 ms (< 8 CPU ms)`,
    min: 0.001,
    max: 3_600_000,
  },
  'firecracker.startTimeSigma': {
    value: 0.1,
    unit: 'log-space sigma',
    source: 'assumption',
    assumption: true,
    note: `Tight spread: ${AGACHE} report p99 ~146 ms with 50 microVMs starting at once, near the 137 ms median.`,
    ...SIGMA,
  },
  'firecracker.creationRate': {
    value: 5,
    unit: 'microVMs per core per s',
    source: 'firecracker-microvm/firecracker docs/design.md (180/s on 36 cores)',
  },
  'lambda.coldStartMedian': {
    value: LAMBDA_COLD_START_MS,
    unit: 'ms',
    source: `${WANG} (2nd-hand): AWS cold start ~265 ms at 128 MB`,
    note: 'End to end; the Lambda-like preset splits it into sandbox start + runtime init + code load that add up to it.',
  },
  'faas.runtimeInit': {
    value: LAMBDA_COLD_START_MS - FIRECRACKER_VMM_START_MS - FIRECRACKER_BOOT_MS - FAAS_CODE_LOAD_MS,
    unit: 'ms',
    source: `derived: ${WANG} cold start 265 ms - Firecracker start 12 + 125 ms - code load 30 ms`,
    note: 'Language runtime start inside a fresh sandbox; whatever of the measured cold start the other parts leave.',
    min: 0,
    max: 3_600_000,
  },
  'faas.codeLoad': {
    value: FAAS_CODE_LOAD_MS,
    unit: 'ms',
    source: 'assumption',
    assumption: true,
    note: 'Fetching and unpacking a small function package from a local cache; no source here splits it out of the cold start.',
    min: 0,
    max: 3_600_000,
  },
  'lambda.coldStartSigma': {
    value: 0.25,
    unit: 'log-space sigma',
    source: 'assumption',
    assumption: true,
    note: 'Modest spread around the published median (about 0.6x to 1.6x for 95% of cold starts).',
    ...SIGMA,
  },
  'lambda.warmStartMedian': {
    value: 25,
    unit: 'ms per request',
    source: `${WANG}: warm start median AWS ~25 ms (Google 79, Azure 320)`,
    max: 3_600_000,
  },
  'openwhisk.warmStart': {
    value: 20,
    unit: 'ms per request',
    source: 'assumption',
    assumption: true,
    note: "Controller, message bus and invoker hop before the warm container runs the action: the order of AWS's 25 ms.",
    max: 3_600_000,
  },
  'lambda.keepAlive': {
    value: 600,
    unit: 's',
    source: `${SHAHRAD}: fixed keep-alive, AWS ~10 min (also OpenWhisk's 10 min idle-container default)`,
    note: 'Default of serverless.keepAlive.seconds, and the fallback of the hybrid policy; Azure keeps ~20 min.',
    max: 86_400,
  },
  'lambda.concurrencyPerInstance': {
    value: 1,
    unit: 'requests per instance',
    source: 'AWS Lambda docs: one request at a time per execution environment',
    note: 'Default of serverless.concurrencyPerInstance.',
    min: 1,
    max: 1000,
    integer: true,
  },
  'lambda.memoryPerVcpu': {
    value: 1769,
    unit: 'MiB per vCPU',
    source: 'AWS Lambda docs: a function gets 1 vCPU at 1,769 MB, CPU in proportion to memory',
    note: "Used as the function's CPU request for packing; AWS writes MB for what the console sizes in MiB.",
    min: 1,
    max: 1_048_576,
  },
  'serverless.idleCpu': {
    value: 0,
    unit: 'cores per instance',
    source: 'assumption',
    assumption: true,
    note: 'AWS Lambda freezes an execution environment between invocations, so a warm idle instance uses no CPU.',
    max: 256,
  },
  'lambda.pricePerGbSecond': {
    value: 0.0000166667,
    unit: 'USD per GB-s',
    source: AWS_PRICING,
    note: 'Default of serverless.pricing.perGbSecondUsd.',
    max: 1,
  },
  'lambda.pricePerMillionRequests': {
    value: 0.2,
    unit: 'USD per million requests',
    source: AWS_PRICING,
    note: 'Default of serverless.pricing.perMillionRequestsUsd.',
    max: 1000,
  },
  'lambda.billingGranularity': {
    value: 1,
    unit: 'ms',
    source: `${AWS_PRICING}: duration is rounded up to the nearest 1 ms`,
    min: 0.001,
    max: 60_000,
  },
  'hybrid.minIdleSamples': {
    value: 10,
    unit: 'idle times',
    source: 'assumption',
    assumption: true,
    note: "Below this many observed idle times an app's histogram is not trusted and the fixed keep-alive applies.",
    min: 1,
    max: 1_000_000,
    integer: true,
  },
  'hybrid.maxOutOfRangeShare': {
    value: 0.5,
    unit: 'share of idle times',
    source: `assumption (${SHAHRAD} switch to a time-series forecast when many idle times exceed the range)`,
    assumption: true,
    note: 'The paper forecasts with ARIMA there; this model falls back to the fixed keep-alive instead.',
    ...SHARE,
  },

  // --- control plane ---
  'autoscaler.syncPeriod': {
    value: 15,
    unit: 's',
    source: `${K8S_HPA}: default of --horizontal-pod-autoscaler-sync-period`,
    note: 'The Horizontal Pod Autoscaler default, applied to VM and process fleets as well.',
    min: 0.1,
    max: 86_400,
  },
  'autoscaler.tolerance': {
    value: 0.1,
    unit: 'ratio to target (|ratio - 1|)',
    source: `${K8S_HPA}: default of --horizontal-pod-autoscaler-tolerance`,
    note: 'No scaling while the measured load is within this share of what the running instances serve at the target utilisation.',
    max: 1,
  },
  'autoscaler.scaleDownStabilization': {
    value: 300,
    unit: 's',
    source: `${K8S_HPA}: default of --horizontal-pod-autoscaler-downscale-stabilization and spec.behavior.scaleDown.stabilizationWindowSeconds`,
    note: 'Scaling down goes only to the highest count recommended over this window; scaling up is immediate (scaleUp window 0).',
    max: 3600,
  },
  'autoscaler.targetUtilization': {
    value: 0.7,
    unit: 'busy share of instances',
    source: 'assumption',
    assumption: true,
    note: 'A common target-tracking setpoint: leaves 30% headroom for bursts while instances start.',
    min: 0.000001,
    max: 1,
  },
  'queue.capacity': {
    value: 10000,
    unit: 'requests',
    source: 'assumption',
    assumption: true,
    note: 'Load balancer backlog per platform (per app for functions); beyond it requests are rejected instead of waiting without bound.',
    min: 1,
    max: 10_000_000,
    integer: true,
  },
} satisfies Record<string, CalibratedValue>;

export type CalibrationId = keyof typeof CALIBRATION;

/** The calibrated value of `id` (a typo is a compile error). */
export function calibrated(id: CalibrationId): number {
  return CALIBRATION[id].value;
}

export const CALIBRATION_IDS = Object.keys(CALIBRATION) as CalibrationId[];
