import { z } from 'zod';
import type { CalibratedValue } from '../sim/calibration';
import { parseWith, type ParseResult } from '../scenario';
import type { TopicChunk, TopicEvent, TopicFrame, TopicSimulation, TopicSummary, TopicTable } from './types';

/**
 * The four interfaces of a computer system, and which one each virtualization technology
 * implements (Smith & Nair 2005). A data model, not a simulation of time.
 *
 * A computer is a stack of layers: hardware, OS kernel, libraries, applications. Between
 * them lie four interfaces: (1) the user ISA, the unprivileged machine instructions every
 * program executes; (2) the system ISA, the privileged instructions only the kernel may
 * execute; (3) the ABI, the user ISA plus the system calls into the kernel; (4) the API,
 * the library calls. A virtual machine implements one of these interfaces for the software
 * above it: a system VM (hypervisor, emulator) the whole ISA, so a guest OS runs on it; a
 * process VM (JVM, WINE) the ABI or the API, so a single program runs on it; a container
 * shares the real kernel and virtualizes only the view behind its system calls.
 *
 * interfaceModel(tech) gives, per technology, the layer stack from the hardware up (which
 * layers are real, virtual, shared with the host or the guest's own), what it presents
 * above, and how each of the four interfaces is handled for the guest. popekGoldberg(isa)
 * checks Popek & Goldberg's (1974) condition for trap-and-emulate on an instruction list:
 * every sensitive instruction must be privileged. The presets are x86 before VT-x (not
 * virtualizable, Robin & Irvine 2000), x86 with VT-x/AMD-V, IBM System/370, and a toy ISA
 * a student edits. The "simulation" is one frame per layer on a step axis, so the app's
 * run machinery can play the diagram; no randomness (the seed is unused).
 */

// --- sources ------------------------------------------------------------------------------

export const SMITH_NAIR =
  'Smith & Nair, "Virtual Machines: Versatile Platforms for Systems and Processes", Morgan Kaufmann 2005, ch. 1; Smith & Nair, "The Architecture of Virtual Machines", IEEE Computer 38(5), 2005';
export const POPEK_GOLDBERG =
  'Popek & Goldberg, "Formal Requirements for Virtualizable Third Generation Architectures", CACM 17(7), 1974';
export const ROBIN_IRVINE =
  'Robin & Irvine, "Analysis of the Intel Pentium\'s Ability to Support a Secure Virtual Machine Monitor", USENIX Security 2000';
export const ADAMS_AGESEN =
  'Adams & Agesen, "A Comparison of Software and Hardware Techniques for x86 Virtualization", ASPLOS 2006';
export const UHLIG = 'Uhlig et al., "Intel Virtualization Technology", IEEE Computer 38(5), 2005';
const BARHAM = 'Barham et al., "Xen and the Art of Virtualization", SOSP 2003';
const BELLARD = 'Bellard, "QEMU, a Fast and Portable Dynamic Translator", USENIX ATC 2005 (FREENIX)';
const AGACHE =
  'Agache et al., "Firecracker: Lightweight Virtualization for Serverless Applications", NSDI 2020';
const SUGERMAN =
  'Sugerman et al., "Virtualizing I/O Devices on VMware Workstation\'s Hosted Virtual Machine Monitor", USENIX ATC 2001';
const SOLTESZ =
  'Soltesz et al., "Container-based Operating System Virtualization", EuroSys 2007; Linux namespaces(7), cgroups(7)';
const JVM_SPEC = 'Lindholm et al., "The Java Virtual Machine Specification", Java SE edition, ch. 2 and 6';
const CARREIRA = 'Carreira et al., "From Warm to Hot Starts", HotOS 2021, Fig. 1';
const WINE_ABOUT =
  'WineHQ, "About Wine" (winehq.org/about): Windows API calls translated into POSIX calls on the fly';
const LAMBDA_RUNTIME_API = 'AWS Lambda documentation, "Using the Lambda runtime API for custom runtimes"';
const IBM_370 = 'IBM System/370 Principles of Operation (GA22-7000), ch. "Control": privileged instructions';
const INTEL_SDM =
  'Intel 64 and IA-32 Architectures SDM, Vol. 3, "Privileged instructions" and ch. "VMX non-root operation"';

export const INTERFACES_CONSTANTS = {
  'x86.sensitiveUnprivileged': {
    value: 17,
    unit: 'instructions',
    source: `${ROBIN_IRVINE}, section 4`,
    note: 'Sensitive but unprivileged Pentium instructions; the usual listing names 18 mnemonics (grouping of variants differs), all in the "x86 before VT-x" preset.',
  },
  'x86.instructionsAnalysed': {
    value: 250,
    unit: 'instructions',
    source: `${ROBIN_IRVINE}, abstract: "approximately 250 instructions"`,
  },
} as const satisfies Record<string, CalibratedValue>;

// --- the four interfaces ------------------------------------------------------------------

export const INTERFACE_IDS = ['user-isa', 'system-isa', 'abi', 'api'] as const;
export type InterfaceId = (typeof INTERFACE_IDS)[number];

export interface InterfaceInfo {
  id: InterfaceId;
  /** 1-4 as in the lecture. */
  number: 1 | 2 | 3 | 4;
  name: string;
  shortName: string;
  /** Which software uses it, and who implements it on a plain computer. */
  usedBy: string;
  implementedBy: string;
  description: string;
}

export const INTERFACES: readonly InterfaceInfo[] = deepFreeze([
  {
    id: 'user-isa',
    number: 1,
    name: 'Unprivileged machine instructions (user ISA)',
    shortName: 'user ISA',
    usedBy: 'all software: applications, libraries and the kernel',
    implementedBy: 'the CPU',
    description: 'Arithmetic, loads and stores, branches: the instructions any program may execute.',
  },
  {
    id: 'system-isa',
    number: 2,
    name: 'Privileged machine instructions (system ISA)',
    shortName: 'system ISA',
    usedBy: 'the OS kernel only',
    implementedBy: 'the CPU, in its privileged mode',
    description:
      'Instructions that manage the machine (page tables, interrupts, I/O, timers); in user mode they trap. ISA = user ISA + system ISA.',
  },
  {
    id: 'abi',
    number: 3,
    name: 'System calls (ABI)',
    shortName: 'ABI',
    usedBy: 'libraries and applications',
    implementedBy: 'the OS kernel',
    description:
      'The application binary interface: the user ISA plus the system calls through which a process asks the kernel for files, memory, network and processes.',
  },
  {
    id: 'api',
    number: 4,
    name: 'Library calls (API)',
    shortName: 'API',
    usedBy: 'applications (in source code)',
    implementedBy: 'libraries (libc, Win32, the Java class library)',
    description: 'Calls into libraries; portable at source level, compiled to the ABI of a given OS.',
  },
]);

export function interfaceInfo(id: InterfaceId): InterfaceInfo {
  return INTERFACES.find((i) => i.id === id)!;
}

// --- technologies -------------------------------------------------------------------------

export const TECHNOLOGY_IDS = [
  'native',
  'jvm',
  'wine',
  'type-1-hypervisor',
  'type-2-hypervisor',
  'os-container',
  'serverless-microvm',
  'emulator-qemu-tcg',
  'paravirtualization',
] as const;
export type TechnologyId = (typeof TECHNOLOGY_IDS)[number];

/** How an interface is served for the guest (the software the technology hosts). */
export const HANDLING_MODES = [
  'native',
  'direct',
  'trap-and-emulate',
  'translated',
  'interpreted',
  'hypercall',
  'guest-os',
  'host-kernel',
  'runtime',
  'not-exposed',
] as const;
export type HandlingMode = (typeof HANDLING_MODES)[number];

export const HANDLING_LABELS: Readonly<Record<HandlingMode, string>> = {
  native: 'native (no virtualization)',
  direct: 'executed directly on the hardware',
  'trap-and-emulate': 'trapped and emulated by the VMM',
  translated: 'translated (binary or API translation)',
  interpreted: 'interpreted',
  hypercall: 'replaced by hypercalls (modified guest)',
  'guest-os': "served by the guest's own OS software",
  'host-kernel': 'passed to the shared host kernel',
  runtime: "implemented by the technology's runtime",
  'not-exposed': 'not exposed to the guest',
};

/**
 * What a layer is, as the guest sees it: `real` hardware or host software used as is,
 * `virtual` (an imitation provided by the virtualization layer), `shared` with the host
 * and other guests, or the guest's own software (`guest`).
 */
export type LayerKind = 'real' | 'virtual' | 'shared' | 'guest';
export const LAYER_KIND_CODES: Readonly<Record<LayerKind, number>> = {
  real: 0,
  virtual: 1,
  shared: 2,
  guest: 3,
};

export type LayerRole =
  | 'hardware'
  | 'hypervisor'
  | 'host-kernel'
  | 'vmm-process'
  | 'virtual-machine'
  | 'kernel'
  | 'isolation'
  | 'runtime'
  | 'library'
  | 'application';

export interface Layer {
  name: string;
  role: LayerRole;
  kind: LayerKind;
  /** Interfaces this layer offers to the layer above it. */
  exposes: readonly InterfaceId[];
  note: string;
}

export interface InterfaceHandling {
  /** The main mode first. */
  modes: readonly HandlingMode[];
  /** Who serves it: "the CPU", "the VMM", "the JVM". */
  by: string;
  note: string;
}

/** Smith & Nair's levels: where the virtualizing software sits. */
export type VirtualizationLevel = 'none' | 'ISA' | 'ABI' | 'API';

export interface InterfaceModel {
  technology: TechnologyId;
  name: string;
  examples: string;
  /** Smith & Nair's taxonomy (process VM, system VM) or OS-level virtualization. */
  vmClass: string;
  level: VirtualizationLevel;
  /** Interfaces the technology implements for the software above it. */
  presents: readonly InterfaceId[];
  presentsLabel: string;
  /** Interfaces of the real layers below that the technology itself uses. */
  uses: readonly InterfaceId[];
  above: string;
  below: string;
  /** Must the guest's source be changed (paravirtualization)? */
  guestModified: boolean;
  /** May the guest's ISA differ from the host's? */
  crossIsa: boolean;
  /** From the hardware up. */
  layers: readonly Layer[];
  handling: Readonly<Record<InterfaceId, InterfaceHandling>>;
  explanation: string;
  sources: readonly string[];
}

const BOTH_ISAS: readonly InterfaceId[] = ['user-isa', 'system-isa'];

const hardware = (note = 'CPU, memory and devices.'): Layer => ({
  name: 'Hardware',
  role: 'hardware',
  kind: 'real',
  exposes: BOTH_ISAS,
  note,
});

const guestKernel = (note: string, name = 'Guest OS kernel'): Layer => ({
  name,
  role: 'kernel',
  kind: 'guest',
  exposes: ['abi'],
  note,
});
const guestLibraries: Layer = {
  name: 'Guest libraries',
  role: 'library',
  kind: 'guest',
  exposes: ['api'],
  note: "The guest's own libc and other libraries.",
};
const guestApplications: Layer = {
  name: 'Guest applications',
  role: 'application',
  kind: 'guest',
  exposes: [],
  note: 'Unmodified programs of the guest OS.',
};

const GUEST_ABI: InterfaceHandling = {
  modes: ['guest-os'],
  by: 'the guest kernel',
  note: 'System calls of guest programs go to the guest kernel, inside the VM; the VMM is not involved (with hardware assist).',
};
const GUEST_API: InterfaceHandling = {
  modes: ['guest-os'],
  by: 'the guest libraries',
  note: 'Library calls are ordinary calls into the guest’s own libraries.',
};
const USER_ISA_DIRECT: InterfaceHandling = {
  modes: ['direct'],
  by: 'the CPU',
  note: 'Unprivileged instructions run at full speed on the real CPU (Popek & Goldberg’s efficiency property).',
};

const MODELS: Readonly<Record<TechnologyId, InterfaceModel>> = deepFreeze({
  native: {
    technology: 'native',
    name: 'Native (no virtualization)',
    examples: 'Linux or Windows on a PC or server',
    vmClass: 'none',
    level: 'none',
    presents: [],
    presentsLabel: 'nothing: every interface is the real one',
    uses: ['user-isa', 'system-isa', 'abi', 'api'],
    above: 'applications',
    below: 'the hardware',
    guestModified: false,
    crossIsa: false,
    layers: [
      hardware(),
      {
        name: 'OS kernel',
        role: 'kernel',
        kind: 'real',
        exposes: ['abi'],
        note: 'Runs in the CPU’s privileged mode.',
      },
      { name: 'Libraries', role: 'library', kind: 'real', exposes: ['api'], note: 'libc, GUI toolkits, ...' },
      {
        name: 'Applications',
        role: 'application',
        kind: 'real',
        exposes: [],
        note: 'Compiled for this ISA and OS.',
      },
    ],
    handling: {
      'user-isa': { modes: ['native'], by: 'the CPU', note: 'Executed by the CPU.' },
      'system-isa': {
        modes: ['native'],
        by: 'the CPU',
        note: 'Executed by the CPU for the kernel in privileged mode.',
      },
      abi: { modes: ['native'], by: 'the OS kernel', note: 'A system call traps into the kernel.' },
      api: { modes: ['native'], by: 'the libraries', note: 'An ordinary function call.' },
    },
    explanation:
      'The reference stack: the CPU implements the ISA (user and system part), the kernel the ABI, the libraries the API. Each virtualization technology replaces one of these interfaces with a virtual one (Smith & Nair 2005).',
    sources: [SMITH_NAIR],
  },
  jvm: {
    technology: 'jvm',
    name: 'Java virtual machine',
    examples: 'HotSpot (OpenJDK), OpenJ9',
    vmClass: 'process VM (high-level-language VM)',
    level: 'API',
    presents: ['user-isa', 'api'],
    presentsLabel: 'a virtual ISA (Java bytecode) plus the Java class library API, to one program',
    uses: ['user-isa', 'abi', 'api'],
    above: 'one Java program (bytecode, portable across ISAs and OSs)',
    below: 'the host OS: the JVM is an ordinary process using host system calls and libraries',
    guestModified: false,
    crossIsa: true,
    layers: [
      hardware(),
      {
        name: 'Host OS kernel',
        role: 'host-kernel',
        kind: 'real',
        exposes: ['abi'],
        note: 'Serves the JVM process.',
      },
      {
        name: 'Host libraries',
        role: 'library',
        kind: 'real',
        exposes: ['api'],
        note: 'libc used by the JVM.',
      },
      {
        name: 'JVM (interpreter, JIT compiler, GC, class library)',
        role: 'runtime',
        kind: 'virtual',
        exposes: ['user-isa', 'api'],
        note: 'A user process that implements the bytecode ISA and the Java API.',
      },
      {
        name: 'Java application (bytecode)',
        role: 'application',
        kind: 'guest',
        exposes: [],
        note: 'Compiled once to bytecode, runs on any JVM.',
      },
    ],
    handling: {
      'user-isa': {
        modes: ['interpreted', 'translated'],
        by: 'the JVM: interpreter, then JIT compiler',
        note: 'Bytecode (a stack-machine ISA) is interpreted at first; hot methods are JIT-compiled to host code, about 55x faster for Java (Carreira et al. 2021).',
      },
      'system-isa': {
        modes: ['not-exposed'],
        by: '-',
        note: 'Bytecode has no privileged instructions; the JVM itself runs in user mode on the host.',
      },
      abi: {
        modes: ['not-exposed'],
        by: 'the JVM’s native code',
        note: 'A Java program cannot make system calls itself; the class library’s native methods make them on the host kernel.',
      },
      api: {
        modes: ['runtime'],
        by: 'the Java class library',
        note: 'java.io, java.net, java.util ... are part of the runtime, implemented on the host’s libc and system calls.',
      },
    },
    explanation:
      'A high-level-language process VM: it gives one program a virtual ISA (bytecode) and a standard library API instead of a real ISA and OS, so the same class files run on any host (Smith & Nair 2005). It runs as an ordinary process on the host ABI; it interprets bytecode and JIT-compiles hot code (JVM specification; Carreira et al. 2021: JIT ~55x over interpretation).',
    sources: [SMITH_NAIR, JVM_SPEC, CARREIRA],
  },
  wine: {
    technology: 'wine',
    name: 'WINE (Windows API on Linux)',
    examples: 'Wine, Proton',
    vmClass: 'process VM (API translation layer)',
    level: 'API',
    presents: ['api'],
    presentsLabel: 'the Windows API (Win32: kernel32, user32, gdi32 ...) to one unmodified Windows program',
    uses: ['user-isa', 'abi', 'api'],
    above: 'an unmodified Windows x86 program (.exe and its DLLs)',
    below: 'Linux: POSIX system calls, X11/Wayland, the wineserver process',
    guestModified: false,
    crossIsa: false,
    layers: [
      hardware('The same x86 CPU the Windows program was compiled for.'),
      {
        name: 'Linux kernel',
        role: 'host-kernel',
        kind: 'real',
        exposes: ['abi'],
        note: 'Serves WINE’s POSIX calls.',
      },
      {
        name: 'Linux libraries',
        role: 'library',
        kind: 'real',
        exposes: ['api'],
        note: 'glibc, X11/Wayland, audio ... used by WINE.',
      },
      {
        name: 'WINE (PE loader, reimplemented Win32 DLLs, wineserver)',
        role: 'runtime',
        kind: 'virtual',
        exposes: ['api'],
        note: 'Loads the .exe and supplies its Windows DLLs, rewritten on POSIX.',
      },
      {
        name: 'Windows application (x86 .exe)',
        role: 'application',
        kind: 'guest',
        exposes: [],
        note: 'Unmodified; believes it calls Windows.',
      },
    ],
    handling: {
      'user-isa': {
        modes: ['direct'],
        by: 'the CPU',
        note: '"Wine Is Not an Emulator": the program’s x86 code runs natively; only its calls are redirected.',
      },
      'system-isa': {
        modes: ['not-exposed'],
        by: '-',
        note: 'Windows user programs use no privileged instructions; Windows kernel drivers are not supported.',
      },
      abi: {
        modes: ['translated'],
        by: 'WINE’s ntdll and wineserver',
        note: 'Windows programs reach the NT kernel through ntdll.dll; WINE’s ntdll turns those calls into Linux system calls and wineserver requests.',
      },
      api: {
        modes: ['translated'],
        by: 'WINE’s Win32 DLLs',
        note: 'Each Win32 call is mapped onto POSIX, X11/Wayland calls: API translation.',
      },
    },
    explanation:
      'An API-level compatibility layer: it implements the Windows API on Linux, so an unmodified Windows program runs as a Linux process with its x86 code executed natively (WineHQ). Only calls across the API (and ntdll) are translated, so the overhead falls on system-call-heavy code (Smith & Nair 2005 place such layers among process VMs).',
    sources: [WINE_ABOUT, SMITH_NAIR],
  },
  'type-1-hypervisor': {
    technology: 'type-1-hypervisor',
    name: 'Type-1 (bare-metal) hypervisor',
    examples: 'VMware ESXi, Xen (HVM), Microsoft Hyper-V, KVM',
    vmClass: 'system VM (classic, bare-metal VMM)',
    level: 'ISA',
    presents: ['user-isa', 'system-isa'],
    presentsLabel: 'a whole virtual machine: the full ISA (user + system) with virtual memory and devices',
    uses: ['user-isa', 'system-isa'],
    above: 'complete guest operating systems with their applications',
    below: 'the hardware directly (no host OS)',
    guestModified: false,
    crossIsa: false,
    layers: [
      hardware(),
      {
        name: 'Hypervisor (VMM)',
        role: 'hypervisor',
        kind: 'real',
        exposes: [],
        note: 'Runs in the most privileged mode (VMX root with VT-x); schedules and isolates the VMs.',
      },
      {
        name: 'Virtual machine (vCPUs, guest-physical memory, virtual devices)',
        role: 'virtual-machine',
        kind: 'virtual',
        exposes: BOTH_ISAS,
        note: 'A duplicate of the real machine, one per guest.',
      },
      guestKernel('Unmodified; believes it runs on the hardware.'),
      guestLibraries,
      guestApplications,
    ],
    handling: {
      'user-isa': USER_ISA_DIRECT,
      'system-isa': {
        modes: ['trap-and-emulate', 'translated'],
        by: 'the VMM',
        note: 'Privileged instructions of the guest kernel trap (a VM exit with VT-x/AMD-V) and the VMM emulates their effect on the VM’s state. Before VT-x, VMware translated guest kernel code instead (binary translation; Adams & Agesen 2006).',
      },
      abi: GUEST_ABI,
      api: GUEST_API,
    },
    explanation:
      'A classic system VM: the VMM runs on the hardware and gives each guest a duplicate of the machine, executing unprivileged instructions directly and trapping privileged ones (Popek & Goldberg 1974). On x86, which was not virtualizable by trap-and-emulate, this needed binary translation until VT-x/AMD-V added a root mode; early hardware assist was not always faster than binary translation (Adams & Agesen 2006).',
    sources: [SMITH_NAIR, POPEK_GOLDBERG, ADAMS_AGESEN, UHLIG],
  },
  'type-2-hypervisor': {
    technology: 'type-2-hypervisor',
    name: 'Type-2 (hosted) hypervisor',
    examples: 'Oracle VirtualBox, VMware Workstation, Parallels Desktop',
    vmClass: 'system VM (hosted VMM)',
    level: 'ISA',
    presents: ['user-isa', 'system-isa'],
    presentsLabel: 'a whole virtual machine (full ISA), on top of a host OS',
    uses: ['user-isa', 'system-isa', 'abi'],
    above: 'complete guest operating systems with their applications',
    below:
      'a host OS: the VMM is a host process plus a kernel driver, and does I/O through host system calls',
    guestModified: false,
    crossIsa: false,
    layers: [
      hardware(),
      {
        name: 'Host OS kernel (+ VMM kernel driver)',
        role: 'host-kernel',
        kind: 'real',
        exposes: ['abi'],
        note: 'A desktop OS; the driver (e.g. vboxdrv) switches the CPU into guest mode.',
      },
      {
        name: 'VMM process (VirtualBox, VMware Workstation)',
        role: 'vmm-process',
        kind: 'real',
        exposes: [],
        note: 'A host application beside others; emulates devices with host files and sockets.',
      },
      {
        name: 'Virtual machine (vCPUs, memory, emulated devices)',
        role: 'virtual-machine',
        kind: 'virtual',
        exposes: BOTH_ISAS,
        note: 'One per guest.',
      },
      guestKernel('Unmodified.'),
      guestLibraries,
      guestApplications,
    ],
    handling: {
      'user-isa': USER_ISA_DIRECT,
      'system-isa': {
        modes: ['trap-and-emulate', 'translated'],
        by: 'the VMM (kernel driver + process)',
        note: 'Privileged instructions trap into the VMM’s driver; device accesses go on to the VMM process, which emulates them with host system calls (Sugerman et al. 2001). Older versions used binary translation.',
      },
      abi: GUEST_ABI,
      api: GUEST_API,
    },
    explanation:
      'The same ISA-level virtual machine as a type-1 hypervisor, but the VMM runs on a host OS, as a process with a kernel driver, and reaches devices through host system calls (Sugerman et al. 2001). Easy to install beside desktop applications; the host OS adds a layer to every I/O and competes for the CPU (Smith & Nair 2005: hosted VM).',
    sources: [SMITH_NAIR, SUGERMAN, POPEK_GOLDBERG],
  },
  'os-container': {
    technology: 'os-container',
    name: 'OS container',
    examples: 'Docker/containerd with runc, LXC, Podman',
    vmClass: 'OS-level virtualization (not a VM)',
    level: 'ABI',
    presents: ['abi'],
    presentsLabel: 'the system-call interface of the shared host kernel, with a private (namespaced) view',
    uses: ['user-isa', 'abi'],
    above: 'processes of one application with its own user space (the image)',
    below: 'the host kernel, shared with every other container',
    guestModified: false,
    crossIsa: false,
    layers: [
      hardware(),
      {
        name: 'Host OS kernel (shared)',
        role: 'host-kernel',
        kind: 'shared',
        exposes: ['abi'],
        note: 'One kernel for all containers: no guest kernel.',
      },
      {
        name: 'Namespaces, cgroups, seccomp',
        role: 'isolation',
        kind: 'virtual',
        exposes: ['abi'],
        note: 'Per container: own PIDs, mounts, network, hostname; resource limits; filtered system calls.',
      },
      {
        name: 'Container image libraries',
        role: 'library',
        kind: 'guest',
        exposes: ['api'],
        note: 'The image’s own user space (e.g. its glibc or musl).',
      },
      {
        name: 'Containerized application',
        role: 'application',
        kind: 'guest',
        exposes: [],
        note: 'Unmodified.',
      },
    ],
    handling: {
      'user-isa': USER_ISA_DIRECT,
      'system-isa': {
        modes: ['not-exposed'],
        by: '-',
        note: 'There is no guest kernel: container processes run in user mode and privileged instructions fault as for any process.',
      },
      abi: {
        modes: ['host-kernel'],
        by: 'the shared host kernel',
        note: 'System calls go straight to the host kernel, which answers from the container’s namespaces, charges its cgroups and may refuse calls through seccomp.',
      },
      api: {
        modes: ['guest-os'],
        by: 'the image’s libraries',
        note: 'Ordinary calls into the image’s own libraries.',
      },
    },
    explanation:
      'Not a virtual machine: containers share the host kernel and virtualize only what a process sees behind its system calls (namespaces) and how much it may use (cgroups) (Soltesz et al. 2007). The interface is the host ABI, so a container starts like a process and runs at native speed, but it cannot bring its own kernel and a kernel bug affects every container.',
    sources: [SOLTESZ, SMITH_NAIR],
  },
  'serverless-microvm': {
    technology: 'serverless-microvm',
    name: 'Serverless function on a microVM',
    examples: 'AWS Lambda on Firecracker',
    vmClass: 'function runtime on a system VM (microVM)',
    level: 'API',
    presents: ['api'],
    presentsLabel:
      'an event interface: the platform calls the function’s handler(event, context) through its runtime',
    uses: ['user-isa', 'system-isa', 'abi'],
    above: 'one function (handler code and its dependencies)',
    below: 'a minimal guest kernel in a microVM (Firecracker on KVM)',
    guestModified: false,
    crossIsa: false,
    layers: [
      hardware(),
      {
        name: 'Host Linux kernel + KVM',
        role: 'host-kernel',
        kind: 'real',
        exposes: ['abi'],
        note: 'KVM turns Linux into the hypervisor.',
      },
      {
        name: 'Firecracker VMM (one process per microVM)',
        role: 'vmm-process',
        kind: 'real',
        exposes: [],
        note: 'Minimal device model: virtio-net, virtio-block, serial.',
      },
      {
        name: 'microVM (vCPUs, memory, virtio devices)',
        role: 'virtual-machine',
        kind: 'virtual',
        exposes: BOTH_ISAS,
        note: 'Boots in ~125 ms.',
      },
      guestKernel('A minimal Linux, one per function instance.', 'Guest kernel (minimal Linux)'),
      {
        name: 'Language runtime + runtime interface client',
        role: 'runtime',
        kind: 'virtual',
        exposes: ['api'],
        note: 'The provider’s runtime (Node.js, Python, Java ...) fetches events and calls the handler.',
      },
      {
        name: 'Function code (handler)',
        role: 'application',
        kind: 'guest',
        exposes: [],
        note: 'Written against the event interface only.',
      },
    ],
    handling: {
      'user-isa': {
        modes: ['direct', 'interpreted'],
        by: 'the CPU (or the language runtime)',
        note: 'Machine code runs directly in the microVM; an interpreted language’s runtime interprets or JIT-compiles the handler.',
      },
      'system-isa': {
        modes: ['trap-and-emulate'],
        by: 'KVM and Firecracker',
        note: 'The guest kernel’s privileged instructions exit to KVM (hardware assist); device access goes to Firecracker’s virtio devices.',
      },
      abi: {
        modes: ['guest-os'],
        by: 'the microVM’s guest kernel',
        note: 'The function’s system calls stay inside its microVM.',
      },
      api: {
        modes: ['runtime'],
        by: 'the platform’s runtime',
        note: 'Events (HTTP requests, queue messages) are turned into handler calls through the runtime API.',
      },
    },
    explanation:
      'A function sees only an event API: the platform’s runtime calls its handler and scales instances with the load. Underneath, each instance is a microVM, an ISA-level system VM with a minimal device model, so tenants get VM isolation at nearly container start times (Agache et al. 2020).',
    sources: [AGACHE, LAMBDA_RUNTIME_API, SMITH_NAIR],
  },
  'emulator-qemu-tcg': {
    technology: 'emulator-qemu-tcg',
    name: 'Emulator (QEMU with TCG)',
    examples: 'QEMU system emulation without KVM (e.g. an Arm guest on an x86 host)',
    vmClass: 'system VM (whole-system emulator, cross-ISA)',
    level: 'ISA',
    presents: ['user-isa', 'system-isa'],
    presentsLabel: 'a whole machine of possibly another ISA, in software',
    uses: ['user-isa', 'abi'],
    above: 'a complete guest OS compiled for the emulated ISA',
    below: 'the host OS: QEMU is an ordinary process',
    guestModified: false,
    crossIsa: true,
    layers: [
      hardware('The host CPU (e.g. x86-64).'),
      {
        name: 'Host OS kernel',
        role: 'host-kernel',
        kind: 'real',
        exposes: ['abi'],
        note: 'Serves the QEMU process.',
      },
      {
        name: 'QEMU process (TCG translator + device models)',
        role: 'vmm-process',
        kind: 'real',
        exposes: [],
        note: 'Translates guest code block by block and caches the result.',
      },
      {
        name: 'Emulated machine (guest ISA CPU, memory, devices)',
        role: 'virtual-machine',
        kind: 'virtual',
        exposes: BOTH_ISAS,
        note: 'May be another ISA (Arm, RISC-V ...).',
      },
      guestKernel('Compiled for the guest ISA; unmodified.'),
      guestLibraries,
      guestApplications,
    ],
    handling: {
      'user-isa': {
        modes: ['translated'],
        by: 'QEMU’s TCG',
        note: 'Guest basic blocks are translated to host code and cached (dynamic binary translation; Bellard 2005).',
      },
      'system-isa': {
        modes: ['translated'],
        by: 'QEMU’s TCG helpers',
        note: 'Privileged instructions are emulated by helper functions on the emulated CPU’s state: no hardware assist, any ISA.',
      },
      abi: GUEST_ABI,
      api: GUEST_API,
    },
    explanation:
      'An emulator implements the whole ISA in software: every guest instruction, unprivileged or privileged, is translated into host code (Bellard 2005), so the guest ISA may differ from the host’s. It needs nothing from the hardware but pays for translation on every instruction, where a hypervisor runs user code directly (Smith & Nair 2005: whole-system VM).',
    sources: [BELLARD, SMITH_NAIR],
  },
  paravirtualization: {
    technology: 'paravirtualization',
    name: 'Paravirtualization',
    examples: 'Xen PV (XenoLinux), paravirtual drivers (virtio)',
    vmClass: 'system VM (paravirtualized)',
    level: 'ISA',
    presents: ['user-isa', 'system-isa'],
    presentsLabel: 'a machine like the real one, minus the hard-to-virtualize parts, plus hypercalls',
    uses: ['user-isa', 'system-isa'],
    above: 'guest OSs whose kernels were modified to call the hypervisor',
    below: 'the hardware directly (Xen), with device drivers in a privileged domain (dom0)',
    guestModified: true,
    crossIsa: false,
    layers: [
      hardware(),
      {
        name: 'Xen hypervisor',
        role: 'hypervisor',
        kind: 'real',
        exposes: [],
        note: 'Validates page-table updates; offers hypercalls and event channels.',
      },
      {
        name: 'Paravirtual machine (hypercall interface)',
        role: 'virtual-machine',
        kind: 'virtual',
        exposes: BOTH_ISAS,
        note: 'The x86 user ISA plus hypercalls instead of the sensitive system instructions.',
      },
      guestKernel(
        'Ported to the paravirtual interface; runs in ring 1 on 32-bit x86.',
        'Modified guest kernel',
      ),
      guestLibraries,
      guestApplications,
    ],
    handling: {
      'user-isa': USER_ISA_DIRECT,
      'system-isa': {
        modes: ['hypercall'],
        by: 'the hypervisor',
        note: 'The guest kernel’s source is changed: page-table updates, interrupt masking and I/O become explicit hypercalls, so no sensitive instruction needs to trap (Barham et al. 2003).',
      },
      abi: {
        modes: ['guest-os'],
        by: 'the guest kernel',
        note: 'Xen lets the guest register a fast system-call handler, so system calls go to the guest kernel without entering Xen.',
      },
      api: GUEST_API,
    },
    explanation:
      'Instead of trapping or translating the sensitive instructions of an unvirtualizable ISA, the guest kernel is ported to call the hypervisor (hypercalls): near-native speed without hardware assist, at the price of a modified guest (Barham et al. 2003). Applications and the ABI stay unchanged.',
    sources: [BARHAM, SMITH_NAIR, POPEK_GOLDBERG],
  },
});

export function interfaceModel(tech: TechnologyId): InterfaceModel {
  const model = MODELS[tech];
  if (model === undefined) throw new RangeError(`unknown technology "${String(tech)}"`);
  return model;
}

// --- Popek and Goldberg -------------------------------------------------------------------

export interface IsaInstruction {
  mnemonic: string;
  description: string;
  /** Reads or changes the state of the real machine (control- or behaviour-sensitive). */
  sensitive: boolean;
  /** Traps when executed in the mode the guest OS runs in, so the monitor gets control. */
  privileged: boolean;
  note?: string;
}

export interface IsaDefinition {
  name: string;
  instructions: readonly IsaInstruction[];
}

export const ISA_PRESET_IDS = ['x86-pre-vt', 'x86-vt-x', 'ibm-370', 'toy'] as const;
export type IsaPresetId = (typeof ISA_PRESET_IDS)[number];

export interface IsaPreset extends IsaDefinition {
  id: IsaPresetId;
  description: string;
  /** What "privileged" means for this ISA (where the guest OS runs, what traps). */
  privilegedMeans: string;
  sources: readonly string[];
}

const innocuous = (mnemonic: string, description: string, note?: string): IsaInstruction => ({
  mnemonic,
  description,
  sensitive: false,
  privileged: false,
  ...(note === undefined ? {} : { note }),
});
const trapping = (mnemonic: string, description: string, note?: string): IsaInstruction => ({
  mnemonic,
  description,
  sensitive: true,
  privileged: true,
  ...(note === undefined ? {} : { note }),
});
const offender = (mnemonic: string, description: string, note: string): IsaInstruction => ({
  mnemonic,
  description,
  sensitive: true,
  privileged: false,
  note,
});

/** The sensitive, unprivileged Pentium instructions Robin & Irvine list, with why each is a problem. */
const X86_PROBLEM_INSTRUCTIONS: ReadonlyArray<[string, string, string, string]> = [
  [
    'SGDT',
    'Store the global descriptor table register',
    'Readable at any privilege level: the guest sees the VMM’s GDT location, not its own.',
    'Returns the guest’s own GDTR, held in the VMCS (or exits with descriptor-table exiting).',
  ],
  [
    'SIDT',
    'Store the interrupt descriptor table register',
    'Readable at any privilege level: the guest sees the VMM’s IDT.',
    'Returns the guest’s own IDTR from the VMCS.',
  ],
  [
    'SLDT',
    'Store the local descriptor table register',
    'Readable at any privilege level: reveals the VMM’s LDT selector.',
    'Returns the guest’s own LDTR.',
  ],
  [
    'SMSW',
    'Store the machine status word (low bits of CR0)',
    'Readable at any privilege level: the guest sees the real CR0 bits set by the VMM.',
    'Reads the guest’s CR0 through the CR0 read shadow.',
  ],
  [
    'PUSHF',
    'Push the EFLAGS register',
    'Pushes the real interrupt flag and IOPL: a deprivileged guest kernel can see it is not in control.',
    'Pushes the guest’s own EFLAGS.',
  ],
  [
    'POPF',
    'Pop the EFLAGS register',
    'Outside ring 0, changes to the interrupt flag are silently ignored, no trap: the guest kernel’s "disable interrupts" is lost.',
    'Sets the guest’s own IF; real interrupts still exit to the VMM (external-interrupt exiting).',
  ],
  [
    'LAR',
    'Load access rights of a segment descriptor',
    'Checks the descriptor against the current privilege level: a guest kernel moved to ring 1 or 3 gets different results.',
    'The guest kernel runs at its intended ring 0, so the check gives the native result.',
  ],
  [
    'LSL',
    'Load segment limit',
    'Privilege-dependent like LAR.',
    'The guest kernel runs at ring 0: native result.',
  ],
  [
    'VERR',
    'Verify a segment for reading',
    'Privilege-dependent like LAR.',
    'The guest kernel runs at ring 0: native result.',
  ],
  [
    'VERW',
    'Verify a segment for writing',
    'Privilege-dependent like LAR.',
    'The guest kernel runs at ring 0: native result.',
  ],
  [
    'POP',
    'Pop into a segment register',
    'Loading a segment selector checks it against the current privilege level.',
    'Native behaviour at the guest’s own ring 0.',
  ],
  [
    'PUSH',
    'Push a segment register (e.g. CS)',
    'CS holds the current privilege level in its low bits: the guest kernel sees it does not run in ring 0.',
    'CS shows the guest’s own ring 0.',
  ],
  [
    'CALL',
    'Far call (through call gates)',
    'Privilege checks on far transfers depend on the current privilege level.',
    'Native behaviour at the guest’s own ring 0.',
  ],
  [
    'JMP',
    'Far jump',
    'Privilege checks on far transfers depend on the current privilege level.',
    'Native behaviour at the guest’s own ring 0.',
  ],
  [
    'INT n',
    'Software interrupt',
    'Gate privilege checks depend on the current privilege level.',
    'Native behaviour at the guest’s own ring 0.',
  ],
  [
    'RET',
    'Far return',
    'Behaves differently depending on the privilege levels involved.',
    'Native behaviour at the guest’s own ring 0.',
  ],
  [
    'STR',
    'Store the task register',
    'Readable at any privilege level: reveals the VMM’s task state segment selector.',
    'Returns the guest’s own TR.',
  ],
  [
    'MOV',
    'Move to or from a segment register',
    'Segment loads check the current privilege level; moves from CS/SS reveal it.',
    'Native behaviour at the guest’s own ring 0.',
  ],
];

/** x86 instructions that are privileged (fault outside ring 0) in both presets. */
const X86_PRIVILEGED: ReadonlyArray<[string, string]> = [
  ['LGDT', 'Load the global descriptor table register'],
  ['LIDT', 'Load the interrupt descriptor table register'],
  ['MOV CRn', 'Load a control register (e.g. CR3, the page-table base)'],
  ['HLT', 'Halt until the next interrupt'],
  ['CLI', 'Clear the interrupt flag (faults when CPL > IOPL)'],
  ['IN/OUT', 'Port I/O (faults when CPL > IOPL)'],
  ['WRMSR', 'Write a model-specific register'],
  ['INVLPG', 'Invalidate a TLB entry'],
];

const X86_INNOCUOUS: ReadonlyArray<[string, string]> = [
  ['ADD', 'Integer addition'],
  ['MOV r/m', 'Move between general registers and memory'],
  ['JMP near', 'Jump within the current code segment'],
  ['SYSENTER', 'Fast system call: traps into the kernel by design, so the monitor sees it'],
];

const ISA_PRESETS_DATA: Readonly<Record<IsaPresetId, IsaPreset>> = deepFreeze({
  'x86-pre-vt': {
    id: 'x86-pre-vt',
    name: 'x86 before VT-x (Pentium)',
    description:
      'The guest kernel must be deprivileged to ring 1 or 3, where the instructions Robin & Irvine list neither trap nor behave as in ring 0: not virtualizable by trap-and-emulate.',
    privilegedMeans: 'faults (#GP) when executed outside ring 0, where the deprivileged guest kernel runs',
    sources: [ROBIN_IRVINE, POPEK_GOLDBERG, INTEL_SDM],
    instructions: [
      ...X86_INNOCUOUS.map(([m, d]) => innocuous(m, d)),
      ...X86_PRIVILEGED.map(([m, d]) => trapping(m, d)),
      ...X86_PROBLEM_INSTRUCTIONS.map(([m, d, why]) => offender(m, d, why)),
    ],
  },
  'x86-vt-x': {
    id: 'x86-vt-x',
    name: 'x86 with VT-x / AMD-V',
    description:
      'A new root mode lies below ring 0: the guest kernel runs unmodified in non-root ring 0, so Robin & Irvine’s instructions act on its own state, and whatever still touches real resources exits to the VMM.',
    privilegedMeans:
      'causes a VM exit from VMX non-root mode to the VMM in root mode (set by the VM-execution controls)',
    sources: [UHLIG, ADAMS_AGESEN, INTEL_SDM],
    instructions: [
      ...X86_INNOCUOUS.map(([m, d]) => innocuous(m, d)),
      ...X86_PRIVILEGED.map(([m, d]) => trapping(m, d, 'Exits to the VMM when it touches real resources.')),
      trapping('CPUID', 'Identify the processor', 'Always exits, so the VMM decides what the guest sees.'),
      ...X86_PROBLEM_INSTRUCTIONS.map(([m, d, , vtx]) =>
        innocuous(m, d, `No longer sensitive in non-root mode: ${vtx}`),
      ),
    ],
  },
  'ibm-370': {
    id: 'ibm-370',
    name: 'IBM System/370',
    description:
      'Every instruction that controls the machine is privileged, so VM/370 ran guest operating systems by trap-and-emulate: the classic virtualizable ISA.',
    privilegedMeans:
      'causes a privileged-operation exception in problem state, where the guest OS runs under VM/370',
    sources: [IBM_370, POPEK_GOLDBERG, ADAMS_AGESEN],
    instructions: [
      innocuous('L', 'Load a register from storage'),
      innocuous('A', 'Add'),
      innocuous('MVC', 'Move characters (storage to storage)'),
      innocuous('BC', 'Branch on condition'),
      innocuous('SVC', 'Supervisor call: interrupts into the supervisor by design, so the monitor sees it'),
      trapping('LPSW', 'Load program status word (mode, interrupt masks, next instruction)'),
      trapping('SSM', 'Set system mask (enable or disable interrupts)'),
      trapping('SIO', 'Start I/O on a channel'),
      trapping('LCTL', 'Load control registers'),
      trapping('SCK', 'Set the time-of-day clock'),
      trapping('SSK', 'Set storage key'),
      trapping('ISK', 'Insert storage key'),
      trapping('PTLB', 'Purge the translation lookaside buffer'),
      trapping('SPX', 'Set prefix (the processor’s low-storage area)'),
    ],
  },
  toy: {
    id: 'toy',
    name: 'Toy ISA (edit me)',
    description:
      'A ten-instruction teaching ISA with one flaw: POPF is sensitive but not privileged. Make it privileged (or not sensitive) and the ISA becomes virtualizable.',
    privilegedMeans: 'traps to the supervisor when executed in user mode, where the guest kernel runs',
    sources: [POPEK_GOLDBERG],
    instructions: [
      innocuous('LOAD', 'Load a word from memory into a register'),
      innocuous('STORE', 'Store a register to memory'),
      innocuous('ADD', 'Add two registers'),
      innocuous('JUMP', 'Jump to an address'),
      innocuous('SYSCALL', 'Call the kernel: traps by design, so the monitor sees it first'),
      trapping('IO', 'Read or write a device register'),
      trapping('SETTIMER', 'Program the timer interrupt'),
      trapping('SETPT', 'Load the page-table base'),
      trapping('HALT', 'Stop the CPU until an interrupt'),
      offender(
        'POPF',
        'Pop the flags word, including the interrupt-enable bit',
        'In user mode the interrupt-enable bit is silently left unchanged: no trap.',
      ),
    ],
  },
});

export const ISA_PRESETS: Readonly<Record<IsaPresetId, IsaPreset>> = ISA_PRESETS_DATA;

export interface InstructionOverride {
  mnemonic: string;
  sensitive?: boolean;
  privileged?: boolean;
}

/** A preset with some instructions' flags flipped; unknown mnemonics throw. */
export function resolveIsa(
  presetId: IsaPresetId,
  overrides: readonly InstructionOverride[] = [],
): IsaDefinition {
  const preset = ISA_PRESETS[presetId];
  if (preset === undefined) throw new RangeError(`unknown ISA preset "${String(presetId)}"`);
  const byMnemonic = new Map(preset.instructions.map((i) => [i.mnemonic, i]));
  for (const o of overrides) {
    if (!byMnemonic.has(o.mnemonic))
      throw new RangeError(`unknown instruction "${o.mnemonic}" in ${presetId}`);
  }
  if (overrides.length === 0) return preset;
  const instructions = preset.instructions.map((instruction) => {
    let result = instruction;
    for (const o of overrides) {
      if (o.mnemonic !== instruction.mnemonic) continue;
      result = {
        ...result,
        sensitive: o.sensitive ?? result.sensitive,
        privileged: o.privileged ?? result.privileged,
      };
    }
    return result;
  });
  return { name: `${preset.name} (edited)`, instructions };
}

export interface PopekGoldbergProperty {
  id: 'equivalence' | 'resource-control' | 'efficiency';
  name: string;
  meaning: string;
  /** Whether a trap-and-emulate VMM on this ISA can guarantee it. */
  holds: boolean;
  why: string;
}

export interface PopekGoldbergVerdict {
  isa: string;
  /** Every sensitive instruction is privileged (Theorem 1). */
  virtualizable: boolean;
  counts: {
    instructions: number;
    sensitive: number;
    privileged: number;
    offenders: number;
    innocuous: number;
  };
  sensitive: string[];
  privileged: string[];
  /** Sensitive but unprivileged: they run without the monitor noticing. */
  offenders: IsaInstruction[];
  theorem: string;
  verdict: string;
  properties: PopekGoldbergProperty[];
  /** What to do when trap-and-emulate is impossible. */
  remedies: string[];
}

export const POPEK_GOLDBERG_THEOREM =
  'Theorem 1 (Popek & Goldberg 1974): for a conventional third-generation computer, an effective virtual machine monitor can be built if the set of sensitive instructions is a subset of the set of privileged instructions.';

const REMEDIES = [
  'Interpretation or emulation of every instruction: equivalent and safe, but not efficient.',
  'Binary translation of guest kernel code, replacing the offending instructions on the fly (VMware; Adams & Agesen 2006).',
  'Paravirtualization: port the guest kernel to call the hypervisor instead (Xen; Barham et al. 2003).',
  'Hardware assist: a new root mode in which the offenders act on guest state or exit (Intel VT-x, AMD-V; Uhlig et al. 2005).',
];

export function popekGoldberg(isa: IsaDefinition | IsaPresetId): PopekGoldbergVerdict {
  const def = typeof isa === 'string' ? resolveIsa(isa) : isa;
  const sensitive = def.instructions.filter((i) => i.sensitive);
  const privileged = def.instructions.filter((i) => i.privileged);
  const offenders = sensitive.filter((i) => !i.privileged);
  const ok = offenders.length === 0;
  const names = offenders.map((i) => i.mnemonic).join(', ');
  const verdict = ok
    ? `Virtualizable: all ${sensitive.length} sensitive instructions are privileged, so a trap-and-emulate VMM sees every one of them and runs the other ${def.instructions.length - sensitive.length} directly.`
    : `Not virtualizable by trap-and-emulate: ${offenders.length} sensitive instruction${offenders.length === 1 ? ' is' : 's are'} unprivileged (${names}); they run in the guest without trapping, so the VMM cannot intervene.`;
  return {
    isa: def.name,
    virtualizable: ok,
    counts: {
      instructions: def.instructions.length,
      sensitive: sensitive.length,
      privileged: privileged.length,
      offenders: offenders.length,
      innocuous: def.instructions.length - sensitive.length,
    },
    sensitive: sensitive.map((i) => i.mnemonic),
    privileged: privileged.map((i) => i.mnemonic),
    offenders,
    theorem: POPEK_GOLDBERG_THEOREM,
    verdict,
    properties: [
      {
        id: 'equivalence',
        name: 'Equivalence (fidelity)',
        meaning:
          'A program under the VMM behaves as on the real machine, apart from timing and the amount of resources.',
        holds: ok,
        why: ok
          ? 'Every sensitive instruction traps, and the VMM emulates it on the virtual machine’s state.'
          : `${names}: executed directly, they show or act on the real machine state, not the virtual one.`,
      },
      {
        id: 'resource-control',
        name: 'Resource control (safety)',
        meaning:
          'The VMM keeps complete control of the real resources; a guest reaches only what it was given.',
        holds: ok,
        why: ok
          ? 'A guest can change the machine’s configuration only through instructions that trap to the VMM.'
          : 'Unprivileged sensitive instructions bypass the VMM, so it cannot guarantee control by trapping alone.',
      },
      {
        id: 'efficiency',
        name: 'Efficiency',
        meaning:
          'A statistically dominant subset of instructions runs directly on the hardware, without the VMM.',
        holds: true,
        why: `The ${def.instructions.length - sensitive.length} innocuous instructions run directly; only sensitive ones cost a trap.`,
      },
    ],
    remedies: ok ? [] : [...REMEDIES],
  };
}

// --- scenario -----------------------------------------------------------------------------

export const TechnologyIdSchema = z.enum(TECHNOLOGY_IDS, {
  error: (issue) => `unknown technology ${JSON.stringify(issue.input)} (known: ${TECHNOLOGY_IDS.join(', ')})`,
});
export const IsaPresetIdSchema = z.enum(ISA_PRESET_IDS, {
  error: (issue) => `unknown ISA preset ${JSON.stringify(issue.input)} (known: ${ISA_PRESET_IDS.join(', ')})`,
});

const MAX_OVERRIDES = 64;

export const InstructionOverrideSchema = z.strictObject({
  mnemonic: z
    .string({ error: 'mnemonic must be a string' })
    .min(1, { message: 'mnemonic must not be empty' })
    .max(32, { message: 'mnemonic must be at most 32 characters' }),
  sensitive: z.boolean({ error: 'sensitive must be true or false' }).optional(),
  privileged: z.boolean({ error: 'privileged must be true or false' }).optional(),
});

export const InterfacesScenarioSchema = z
  .strictObject({
    schemaVersion: z.literal(1, { error: 'schemaVersion must be 1' }),
    kind: z.literal('interfaces', { error: 'kind must be "interfaces"' }),
    name: z
      .string({ error: 'name must be a string' })
      .max(120, { message: 'name must be at most 120 characters' }),
    technology: TechnologyIdSchema,
    isa: z.strictObject({
      preset: IsaPresetIdSchema,
      overrides: z
        .array(InstructionOverrideSchema, { error: 'overrides must be a list' })
        .max(MAX_OVERRIDES, { message: `overrides must have at most ${MAX_OVERRIDES} entries` }),
    }),
  })
  .superRefine((s, ctx) => {
    const preset = ISA_PRESETS[s.isa.preset];
    const known = preset.instructions.map((i) => i.mnemonic);
    const seen = new Set<string>();
    s.isa.overrides.forEach((o, i) => {
      if (!known.includes(o.mnemonic)) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown instruction "${o.mnemonic}" in ISA ${s.isa.preset} (known: ${known.join(', ')})`,
          path: ['isa', 'overrides', i, 'mnemonic'],
        });
      } else if (seen.has(o.mnemonic)) {
        ctx.addIssue({
          code: 'custom',
          message: `instruction ${o.mnemonic} is overridden twice`,
          path: ['isa', 'overrides', i, 'mnemonic'],
        });
      }
      seen.add(o.mnemonic);
    });
  });
export type InterfacesScenario = z.infer<typeof InterfacesScenarioSchema>;

export function parseInterfacesScenario(input: unknown): ParseResult<InterfacesScenario> {
  return parseWith(InterfacesScenarioSchema, input);
}

export function defaultInterfacesScenario(): InterfacesScenario {
  return {
    schemaVersion: 1,
    kind: 'interfaces',
    name: 'Type-1 hypervisor on x86 before VT-x',
    technology: 'type-1-hypervisor',
    isa: { preset: 'x86-pre-vt', overrides: [] },
  };
}

export const INTERFACES_PRESETS: Array<{
  id: string;
  name: string;
  description: string;
  scenario: InterfacesScenario;
}> = [
  {
    id: 'classic-370',
    name: 'Classic trap-and-emulate (IBM System/370)',
    description: 'A type-1 VMM on an ISA where every sensitive instruction is privileged: VM/370’s world.',
    scenario: {
      ...defaultInterfacesScenario(),
      name: 'Type-1 hypervisor on IBM System/370',
      isa: { preset: 'ibm-370', overrides: [] },
    },
  },
  {
    id: 'x86-pre-vt',
    name: 'Why x86 needed tricks (before VT-x)',
    description:
      'Eighteen sensitive but unprivileged mnemonics (Robin & Irvine’s 17 instructions) break trap-and-emulate.',
    scenario: defaultInterfacesScenario(),
  },
  {
    id: 'x86-vt-x',
    name: 'Hardware assist (VT-x / AMD-V)',
    description: 'A type-2 hypervisor on x86 with a root mode: the offenders act on guest state or exit.',
    scenario: {
      ...defaultInterfacesScenario(),
      name: 'Type-2 hypervisor on x86 with VT-x',
      technology: 'type-2-hypervisor',
      isa: { preset: 'x86-vt-x', overrides: [] },
    },
  },
  {
    id: 'toy-isa',
    name: 'Fix the toy ISA',
    description:
      'Paravirtualization on a toy ISA with one flaw (POPF); make POPF privileged and see the verdict flip.',
    scenario: {
      ...defaultInterfacesScenario(),
      name: 'Toy ISA with an unprivileged POPF',
      technology: 'paravirtualization',
      isa: { preset: 'toy', overrides: [] },
    },
  },
  {
    id: 'process-vms',
    name: 'Process VMs: the JVM',
    description:
      'A process VM presents a virtual ISA and an API, not a machine; the ISA below hardly matters.',
    scenario: {
      ...defaultInterfacesScenario(),
      name: 'Java virtual machine',
      technology: 'jvm',
      isa: { preset: 'x86-vt-x', overrides: [] },
    },
  },
];

// --- the topic simulation -----------------------------------------------------------------

const yesNo = (b: boolean): string => (b ? 'yes' : 'no');

/** Every technology against the four interfaces: the comparison matrix of the lecture. */
export function technologyMatrix(): TopicTable {
  return {
    id: 'technologies',
    title: 'How each technology handles the four interfaces',
    columns: [
      'technology',
      'class',
      'level',
      'presents',
      ...INTERFACES.map((i) => `${i.number}. ${i.shortName}`),
    ],
    rows: TECHNOLOGY_IDS.map((id) => {
      const m = MODELS[id];
      return [
        m.name,
        m.vmClass,
        m.level,
        m.presents.map((p) => interfaceInfo(p).shortName).join(' + ') || '-',
        ...INTERFACE_IDS.map((i) => m.handling[i].modes.join(' / ')),
      ];
    }),
  };
}

/**
 * One frame per layer of the chosen technology, from the hardware up (axis: step = layer
 * index). Frame values: `layer` (index), `layer.kind` (0 real, 1 virtual, 2 shared, 3 guest),
 * `exposes.<interface>` (1 if the layer offers that interface upward), and the ISA verdict
 * `isa.virtualizable` (1/0), `isa.sensitive`, `isa.privileged`, `isa.offenders` (counts).
 * Events: `layer` intervals [i, i+1], `handling` (one per interface, at 0) and
 * `instruction` (one per ISA instruction, at 0).
 */
export function createInterfacesSimulation(scenario: InterfacesScenario, _seed = 0): TopicSimulation {
  const model = interfaceModel(scenario.technology);
  const isa = resolveIsa(scenario.isa.preset, scenario.isa.overrides);
  const verdict = popekGoldberg(isa);
  const offenderSet = new Set(verdict.offenders.map((i) => i.mnemonic));
  const layers = model.layers;
  const horizon = layers.length - 1;
  let next = 0;
  let now = 0;
  let processed = 0;

  const frameAt = (i: number): TopicFrame => {
    const layer = layers[i]!;
    const values: TopicFrame['values'] = { layer: i, 'layer.kind': LAYER_KIND_CODES[layer.kind] };
    for (const id of INTERFACE_IDS) values[`exposes.${id}`] = layer.exposes.includes(id) ? 1 : 0;
    values['isa.virtualizable'] = verdict.virtualizable ? 1 : 0;
    values['isa.sensitive'] = verdict.counts.sensitive;
    values['isa.privileged'] = verdict.counts.privileged;
    values['isa.offenders'] = verdict.counts.offenders;
    return { t: i, values };
  };

  const eventsAt = (i: number): TopicEvent[] => {
    const layer = layers[i]!;
    const events: TopicEvent[] = [
      {
        type: 'layer',
        start: i,
        end: i + 1,
        subject: layer.name,
        data: { role: layer.role, kind: layer.kind, exposes: layer.exposes.join(',') },
      },
    ];
    if (i === 0) {
      for (const id of INTERFACE_IDS) {
        const h = model.handling[id];
        events.push({
          type: 'handling',
          start: 0,
          subject: id,
          data: {
            number: interfaceInfo(id).number,
            mode: h.modes[0]!,
            modes: h.modes.join(','),
            by: h.by,
            presented: model.presents.includes(id) ? 1 : 0,
          },
        });
      }
      for (const ins of isa.instructions) {
        events.push({
          type: 'instruction',
          start: 0,
          subject: ins.mnemonic,
          data: {
            sensitive: ins.sensitive ? 1 : 0,
            privileged: ins.privileged ? 1 : 0,
            offender: offenderSet.has(ins.mnemonic) ? 1 : 0,
          },
        });
      }
    }
    return events;
  };

  return {
    axis: { unit: 'step', label: 'layer (from the hardware up)' },
    horizon,
    get now() {
      return now;
    },
    get done() {
      return next > horizon;
    },
    get eventsProcessed() {
      return processed;
    },
    advanceTo(until: number): TopicChunk {
      const chunk: TopicChunk = { frames: [], events: [] };
      const limit = Math.min(until, horizon);
      while (next <= limit) {
        chunk.frames.push(frameAt(next));
        chunk.events.push(...eventsAt(next));
        now = next;
        next++;
      }
      processed += chunk.frames.length + chunk.events.length;
      return chunk;
    },
    summary(): TopicSummary {
      return {
        metrics: [
          { id: 'technology', label: 'Technology', value: model.name, unit: '' },
          { id: 'vmClass', label: 'Class', value: model.vmClass, unit: '' },
          { id: 'level', label: 'Virtualizes at', value: model.level, unit: '' },
          { id: 'presents', label: 'Presents', value: model.presentsLabel, unit: '' },
          {
            id: 'guestModified',
            label: 'Guest must be modified',
            value: yesNo(model.guestModified),
            unit: '',
          },
          { id: 'isa', label: 'ISA', value: verdict.isa, unit: '' },
          {
            id: 'isa.virtualizable',
            label: 'Virtualizable by trap-and-emulate',
            value: yesNo(verdict.virtualizable),
            unit: '',
          },
          {
            id: 'isa.sensitive',
            label: 'Sensitive instructions',
            value: verdict.counts.sensitive,
            unit: 'instructions',
          },
          {
            id: 'isa.privileged',
            label: 'Privileged instructions',
            value: verdict.counts.privileged,
            unit: 'instructions',
          },
          {
            id: 'isa.offenders',
            label: 'Sensitive but unprivileged',
            value: verdict.counts.offenders,
            unit: 'instructions',
          },
          {
            id: 'isa.offenderList',
            label: 'Offending instructions',
            value: verdict.offenders.map((i) => i.mnemonic).join(', ') || '-',
            unit: '',
          },
        ],
        tables: [
          {
            id: 'layers',
            title: `${model.name}: layers from the hardware up`,
            columns: ['#', 'layer', 'role', 'kind', 'exposes', 'note'],
            rows: layers.map((l, i) => [
              i,
              l.name,
              l.role,
              l.kind,
              l.exposes.map((e) => interfaceInfo(e).shortName).join(', ') || '-',
              l.note,
            ]),
          },
          {
            id: 'handling',
            title: `${model.name}: the four interfaces for the guest`,
            columns: ['#', 'interface', 'presented', 'handled', 'by', 'note'],
            rows: INTERFACES.map((info) => {
              const h = model.handling[info.id];
              return [
                info.number,
                info.name,
                yesNo(model.presents.includes(info.id)),
                h.modes.map((m) => HANDLING_LABELS[m]).join(' / '),
                h.by,
                h.note,
              ];
            }),
          },
          {
            id: 'instructions',
            title: `${verdict.isa}: Popek-Goldberg check`,
            columns: ['instruction', 'description', 'sensitive', 'privileged', 'offender', 'note'],
            rows: isa.instructions.map((i) => [
              i.mnemonic,
              i.description,
              yesNo(i.sensitive),
              yesNo(i.privileged),
              yesNo(offenderSet.has(i.mnemonic)),
              i.note ?? '',
            ]),
          },
          {
            id: 'properties',
            title: 'Popek-Goldberg properties under trap-and-emulate',
            columns: ['property', 'meaning', 'guaranteed', 'why'],
            rows: verdict.properties.map((p) => [p.name, p.meaning, yesNo(p.holds), p.why]),
          },
          technologyMatrix(),
        ],
      };
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
