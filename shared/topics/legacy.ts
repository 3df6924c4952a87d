import { z } from 'zod';
import { numberField as num } from '../schema-fields';
import type { CalibratedValue } from '../sim/calibration';
import { PLATFORM_PRESETS, medianStartMs, type PlatformPreset } from '../sim/platforms';
import { parseWith, type ParseResult, type PlatformId } from '../scenario';
import type {
  TopicChunk,
  TopicEvent,
  TopicFrame,
  TopicMetric,
  TopicSimulation,
  TopicSummary,
  TopicTable,
} from './types';

/**
 * Legacy compatibility: keeping an old OS and its applications running on new hardware.
 *
 * A small rule-based model. Each application states what it needs (guest OS family and
 * version, the kernel it was built for, its C library, its instruction set, the device it
 * drives, kernel modules or drivers of its own); the target host states its instruction set,
 * OS, kernel and a few kernel settings. For each technique (full VM on a type-1 or type-2
 * hypervisor, full-system emulation, container, process VM / API translation, paravirtualised
 * guest) the rules decide: works, works with caveats (which), or fails (why), and compute a
 * performance factor (CPU time relative to native, from the platform presets; the emulation
 * slowdown when nothing runs natively) and a start time.
 *
 * The key asymmetries: hardware virtualization runs only the host's own instruction set, so
 * a foreign ISA leaves only emulation; a container shares the host kernel, so only programs
 * for that kernel run (old Linux userspace mostly does: the syscall ABI is kept, but very old
 * glibc calls the removed vsyscall page); API translation (WINE) replaces the OS's user-space
 * API but cannot load kernel drivers; paravirtualisation needs a modified guest kernel.
 * Everything is deterministic; the seed is accepted for the common contract and unused.
 */

// --- constants ------------------------------------------------------------------------------

export const LEGACY_CONSTANTS = {
  'tcg.slowdown': {
    value: 10,
    unit: 'x native CPU time',
    source:
      'assumption (QEMU docs, "Translator Internals": TCG translates every guest basic block to host code; no official speed figure)',
    assumption: true,
    note: 'Full-system emulation is commonly 5-20x slower than hardware-assisted virtualization; 10x is the middle.',
  },
  'glibc.vsyscallFree': {
    value: 2.15,
    unit: 'glibc version',
    source:
      'clearcontainers/runtime issue 368 ("guest kernel breaks pre-2.15 glibc"); CentOS/sig-cloud-instance-images issue 62 (centos:5 and centos:6 segfault with vsyscall=none)',
    note: 'Older glibc calls the fixed-address vsyscall page; the exact cut-off varies with distribution patches.',
  },
} satisfies Record<string, CalibratedValue>;

const VSYSCALL_SOURCE =
  'Linux commit 625b7b7f79c6 ("x86/vsyscall: Change the default vsyscall mode to xonly", Linux 5.3); fix for old glibc: boot with vsyscall=emulate (clearlinux/distribution issue 778)';

// --- schema ---------------------------------------------------------------------------------

const bool = (label: string) => z.boolean({ error: `${label} must be true or false` });

const text = (label: string, min: number, max: number) =>
  z
    .string({ error: `${label} must be text` })
    .min(min, { message: `${label} must not be empty` })
    .max(max, { message: `${label} must be at most ${max} characters` });

const VERSION = /^\d+(\.\d+){0,3}$/;
const version = (label: string) =>
  z
    .string({ error: `${label} must be text` })
    .regex(VERSION, { message: `${label} must be a version such as 2.6.18` });

export const ISAS = ['x86-16', 'x86-32', 'x86-64', 'arm64', 'sparc', 'power'] as const;
export type Isa = (typeof ISAS)[number];
export const ISA_LABELS: Readonly<Record<Isa, string>> = {
  'x86-16': 'x86 16-bit real mode',
  'x86-32': 'x86 32-bit',
  'x86-64': 'x86-64',
  arm64: 'ARM64',
  sparc: 'SPARC',
  power: 'POWER',
};

export const OS_FAMILIES = ['windows', 'linux', 'dos', 'solaris'] as const;
export type OsFamily = (typeof OS_FAMILIES)[number];
const FAMILY_LABELS: Readonly<Record<OsFamily, string>> = {
  windows: 'Windows',
  linux: 'Linux',
  dos: 'DOS',
  solaris: 'Solaris',
};

export const HOST_OSES = ['linux', 'windows'] as const;
export const VSYSCALL_MODES = ['emulate', 'xonly', 'none'] as const;

/** The hardware an application drives itself. */
export const DEVICES = [
  'none',
  'classic-nic',
  'sound-blaster',
  'custom-isa-card',
  'usb-dongle',
  'serial-port',
] as const;
export type Device = (typeof DEVICES)[number];

export const TECHNIQUE_IDS = [
  'type1-vm',
  'type2-vm',
  'emulation',
  'container',
  'api-translation',
  'paravirt',
] as const;
export type TechniqueId = (typeof TECHNIQUE_IDS)[number];

export interface Technique {
  id: TechniqueId;
  label: string;
  shortName: string;
  /** The platform preset whose CPU factors and start time the technique uses. */
  platform: PlatformId;
}

export const TECHNIQUES: Readonly<Record<TechniqueId, Technique>> = {
  'type1-vm': {
    id: 'type1-vm',
    label: 'Full VM (type-1 hypervisor)',
    shortName: 'Type-1 VM',
    platform: 'kvm',
  },
  'type2-vm': {
    id: 'type2-vm',
    label: 'Full VM (type-2 hypervisor)',
    shortName: 'Type-2 VM',
    platform: 'virtualbox',
  },
  emulation: {
    id: 'emulation',
    label: 'Full-system emulation (QEMU TCG)',
    shortName: 'Emulation',
    platform: 'kvm',
  },
  container: {
    id: 'container',
    label: 'Container (shared host kernel)',
    shortName: 'Container',
    platform: 'runc',
  },
  'api-translation': {
    id: 'api-translation',
    label: 'Process VM / API translation (WINE)',
    shortName: 'API translation',
    platform: 'wine',
  },
  paravirt: {
    id: 'paravirt',
    label: 'Paravirtualised guest (Xen PV)',
    shortName: 'Paravirt',
    platform: 'xen',
  },
};

const enumOf = <T extends readonly [string, ...string[]]>(values: T, label: string) =>
  z.enum(values, {
    error: (issue) => `unknown ${label} ${JSON.stringify(issue.input)} (known: ${values.join(', ')})`,
  });

export const LegacyHostSchema = z.strictObject({
  isa: enumOf(ISAS, 'instruction set'),
  os: enumOf(HOST_OSES, 'host OS'),
  /** Linux kernel version, or the Windows NT version (10.0). */
  kernelVersion: version('host kernel version'),
  /** Linux vsyscall= setting (upstream default since 5.3: xonly). */
  vsyscall: enumOf(VSYSCALL_MODES, 'vsyscall mode'),
  /** 32-bit x86 system calls on a 64-bit kernel (CONFIG_IA32_EMULATION, ia32_emulation=). */
  ia32Emulation: bool('host.ia32Emulation'),
  /** VT-x / AMD-V available to the hypervisor. */
  hardwareVirtualization: bool('host.hardwareVirtualization'),
});
export type LegacyHost = z.infer<typeof LegacyHostSchema>;

export const LegacyAppSchema = z.strictObject({
  name: text('app name', 1, 80),
  os: z.strictObject({
    family: enumOf(OS_FAMILIES, 'OS family'),
    /** Display name of the release, e.g. "Windows XP SP3", "RHEL 5.11". */
    version: text('OS version', 1, 40),
    /** Kernel the userspace was built for: Linux 2.6.18, NT 5.1, SunOS 5.8, DOS 6.22. */
    kernelVersion: version('app kernel version'),
    /** glibc version of the userspace; "" when the OS does not use glibc. */
    glibc: z
      .string({ error: 'glibc must be text' })
      .regex(/^(\d+(\.\d+){0,3})?$/, { message: 'glibc must be a version such as 2.5, or empty' }),
  }),
  isa: enumOf(ISAS, 'instruction set'),
  device: enumOf(DEVICES, 'device'),
  /** Kernel-mode code the app installs: Linux modules or Windows drivers. */
  kernelModules: z.array(text('kernel module', 1, 60)).max(16, { message: 'at most 16 kernel modules' }),
  /** A paravirtualised (PV) kernel exists for this OS release (e.g. RHEL 5's kernel-xen). */
  paravirtKernel: bool('paravirtKernel'),
  /** Paravirtual (virtio) device drivers exist for this OS release. */
  virtioDrivers: bool('virtioDrivers'),
  /** Timing loops calibrated for old CPUs. */
  timingSensitive: bool('timingSensitive'),
  /** Share of its CPU time spent in system calls (API translation taxes it). */
  syscallShare: num('system-call share', 0, 1),
});
export type LegacyApp = z.infer<typeof LegacyAppSchema>;

export const LegacyScenarioSchema = z
  .strictObject({
    schemaVersion: z.literal(1, { error: 'schemaVersion must be 1' }),
    kind: z.literal('legacy', { error: 'kind must be "legacy"' }),
    host: LegacyHostSchema,
    apps: z
      .array(LegacyAppSchema)
      .min(1, { message: 'give at least one app' })
      .max(16, { message: 'at most 16 apps' }),
    techniques: z
      .array(enumOf(TECHNIQUE_IDS, 'technique'))
      .min(1, { message: 'choose at least one technique' })
      .max(TECHNIQUE_IDS.length, { message: `choose at most ${TECHNIQUE_IDS.length} techniques` }),
    /** CPU time of full-system emulation relative to native. */
    emulationSlowdown: num('emulation slowdown', 1, 100),
  })
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.techniques.forEach((t, i) => {
      if (seen.has(t))
        ctx.addIssue({ code: 'custom', message: `technique ${t} is listed twice`, path: ['techniques', i] });
      seen.add(t);
    });
    const names = new Set<string>();
    s.apps.forEach((a, i) => {
      if (names.has(a.name)) {
        ctx.addIssue({
          code: 'custom',
          message: `app name "${a.name}" is used twice`,
          path: ['apps', i, 'name'],
        });
      }
      names.add(a.name);
    });
  });
export type LegacyScenario = z.infer<typeof LegacyScenarioSchema>;

export function parseLegacyScenario(input: unknown): ParseResult<LegacyScenario> {
  return parseWith(LegacyScenarioSchema, input);
}

// --- defaults and presets -------------------------------------------------------------------

/** A current x86-64 Linux server with upstream kernel defaults. */
export function defaultLegacyHost(): LegacyHost {
  return {
    isa: 'x86-64',
    os: 'linux',
    kernelVersion: '6.8',
    vsyscall: 'xonly',
    ia32Emulation: true,
    hardwareVirtualization: true,
  };
}

export const LEGACY_APPS = {
  windowsXpLob: {
    name: 'Order entry (Windows XP)',
    os: { family: 'windows', version: 'Windows XP SP3', kernelVersion: '5.1', glibc: '' },
    isa: 'x86-32',
    device: 'none',
    kernelModules: [],
    paravirtKernel: false,
    virtioDrivers: false,
    timingSensitive: false,
    syscallShare: 0.2,
  },
  windowsXpDongle: {
    name: 'Label designer with licence dongle (Windows XP)',
    os: { family: 'windows', version: 'Windows XP SP3', kernelVersion: '5.1', glibc: '' },
    isa: 'x86-32',
    device: 'usb-dongle',
    kernelModules: ['hardlock.sys'],
    paravirtKernel: false,
    virtioDrivers: false,
    timingSensitive: false,
    syscallShare: 0.2,
  },
  solarisSparc: {
    name: 'Billing (Solaris 8, SPARC)',
    os: { family: 'solaris', version: 'Solaris 8', kernelVersion: '5.8', glibc: '' },
    isa: 'sparc',
    device: 'none',
    kernelModules: [],
    paravirtKernel: false,
    virtioDrivers: false,
    timingSensitive: false,
    syscallShare: 0.2,
  },
  rhel5Service: {
    name: 'Inventory service (RHEL 5)',
    os: { family: 'linux', version: 'RHEL 5.11', kernelVersion: '2.6.18', glibc: '2.5' },
    isa: 'x86-64',
    device: 'none',
    kernelModules: [],
    paravirtKernel: true,
    virtioDrivers: true,
    timingSensitive: false,
    syscallShare: 0.2,
  },
  rhel5Fax: {
    name: 'Fax gateway with modem driver (RHEL 5)',
    os: { family: 'linux', version: 'RHEL 5.11', kernelVersion: '2.6.18', glibc: '2.5' },
    isa: 'x86-64',
    device: 'serial-port',
    kernelModules: ['faxmodem.ko'],
    paravirtKernel: true,
    virtioDrivers: true,
    timingSensitive: false,
    syscallShare: 0.3,
  },
  dosInventory: {
    name: 'Stock keeping (DOS, Turbo Pascal)',
    os: { family: 'dos', version: 'MS-DOS 6.22', kernelVersion: '6.22', glibc: '' },
    isa: 'x86-16',
    device: 'none',
    kernelModules: [],
    paravirtKernel: false,
    virtioDrivers: false,
    timingSensitive: true,
    syscallShare: 0.1,
  },
  dosIsaCard: {
    name: 'Machine control with ISA I/O card (DOS)',
    os: { family: 'dos', version: 'MS-DOS 6.22', kernelVersion: '6.22', glibc: '' },
    isa: 'x86-16',
    device: 'custom-isa-card',
    kernelModules: [],
    paravirtKernel: false,
    virtioDrivers: false,
    timingSensitive: true,
    syscallShare: 0.1,
  },
} satisfies Record<string, LegacyApp>;

function scenarioWith(apps: LegacyApp[]): LegacyScenario {
  return {
    schemaVersion: 1,
    kind: 'legacy',
    host: defaultLegacyHost(),
    apps: apps.map((a) => structuredClone(a)),
    techniques: [...TECHNIQUE_IDS],
    emulationSlowdown: LEGACY_CONSTANTS['tcg.slowdown'].value,
  };
}

/** A mixed estate: one app of each kind on a current x86-64 Linux server. */
export function defaultLegacyScenario(): LegacyScenario {
  return scenarioWith([
    LEGACY_APPS.windowsXpLob,
    LEGACY_APPS.rhel5Service,
    LEGACY_APPS.solarisSparc,
    LEGACY_APPS.dosInventory,
  ]);
}

export const LEGACY_PRESETS: Array<{
  id: string;
  name: string;
  description: string;
  scenario: LegacyScenario;
}> = [
  {
    id: 'windows-xp-lob',
    name: 'Windows XP line-of-business app',
    description:
      'Two Windows XP apps on a new x86-64 Linux server: a plain Win32 app (a VM or WINE both work) and one whose licence dongle needs a kernel driver (WINE cannot load it). No container can run either.',
    scenario: scenarioWith([LEGACY_APPS.windowsXpLob, LEGACY_APPS.windowsXpDongle]),
  },
  {
    id: 'solaris-sparc',
    name: 'Solaris on SPARC',
    description:
      'A SPARC binary on x86-64: hardware virtualization runs only the host ISA, so only full-system emulation works, at the emulation slowdown.',
    scenario: scenarioWith([LEGACY_APPS.solarisSparc]),
  },
  {
    id: 'rhel5',
    name: 'Old Linux (RHEL 5) service',
    description:
      'RHEL 5 userspace on a 6.x kernel: the syscall ABI still works in a container, with the vsyscall caveat of its old glibc; the app with its own kernel module needs a VM. RHEL 5 even had a Xen PV kernel.',
    scenario: scenarioWith([LEGACY_APPS.rhel5Service, LEGACY_APPS.rhel5Fax]),
  },
  {
    id: 'dos',
    name: 'DOS program',
    description:
      'Real-mode DOS code: a VM or an emulator runs it (mind the busy idle loop and timing loops); 64-bit long mode has no virtual-8086 mode for containers or WINE; a custom ISA card defeats every technique.',
    scenario: scenarioWith([LEGACY_APPS.dosInventory, LEGACY_APPS.dosIsaCard]),
  },
  {
    id: 'mixed-estate',
    name: 'Mixed legacy estate',
    description: 'One app of each kind (Windows XP, RHEL 5, Solaris/SPARC, DOS) against every technique.',
    scenario: defaultLegacyScenario(),
  },
];

// --- the rules ------------------------------------------------------------------------------

/** Compares dotted versions numerically: "2.6.18" < "2.14" < "6.8". */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

type IsaFit = 'same' | 'compat32' | 'real-mode' | 'foreign';

/** How the app's instructions meet the host CPU. */
function isaFit(app: Isa, host: Isa): IsaFit {
  if (app === host) return 'same';
  if (app === 'x86-32' && host === 'x86-64') return 'compat32';
  if (app === 'x86-16' && (host === 'x86-64' || host === 'x86-32')) return 'real-mode';
  return 'foreign';
}

type DeviceMode = 'vm' | 'emulation' | 'pv' | 'container' | 'process' | 'wine';

interface Verdict {
  reasons: string[];
  caveats: string[];
}

const ISA_CARD =
  'needs a physical ISA card: new hardware has no ISA slot, passthrough (VFIO) covers PCI devices only, and nothing emulates this card';
const SOUND_BLASTER =
  'needs Sound Blaster hardware at fixed I/O ports: only a full VM or an emulator provides one';

function deviceRule(device: Device, mode: DeviceMode, v: Verdict): void {
  const guest = mode === 'vm' || mode === 'emulation' || mode === 'pv';
  switch (device) {
    case 'none':
      return;
    case 'classic-nic':
      if (mode === 'pv') {
        v.reasons.push(
          'a PV guest sees only paravirtual devices (netfront), not the classic NIC its driver expects',
        );
      } else if (guest) {
        v.caveats.push(
          'give it an emulated classic NIC its driver knows (QEMU: ne2k_pci, pcnet, rtl8139, e1000)',
        );
      } else {
        v.caveats.push("it sees a virtual interface of the host's network stack, not a NIC of its own");
      }
      return;
    case 'sound-blaster':
      if (mode === 'vm' || mode === 'emulation')
        v.caveats.push('emulated Sound Blaster 16 (QEMU -device sb16)');
      else v.reasons.push(SOUND_BLASTER);
      return;
    case 'custom-isa-card':
      v.reasons.push(ISA_CARD);
      return;
    case 'usb-dongle':
      if (guest) v.caveats.push('pass the USB dongle through to the guest');
      else if (mode === 'wine') {
        v.caveats.push(
          'only if the dongle is read from user space (most copy-protection dongles need a kernel driver)',
        );
      } else v.caveats.push('pass the USB device node in (--device /dev/bus/usb/...)');
      return;
    case 'serial-port':
      if (guest) v.caveats.push('map a host serial port into the guest (QEMU -serial /dev/ttyS0)');
      else if (mode === 'wine') v.caveats.push('map COM1 to /dev/ttyS0 in the WINE prefix (dosdevices)');
      else if (mode === 'container') v.caveats.push('pass the serial device in (--device /dev/ttyS0)');
      else v.caveats.push('needs access to /dev/ttyS0');
      return;
  }
}

/** Linux userspace on the host's Linux kernel (a container, or a plain process). */
function linuxUserspace(app: LegacyApp, host: LegacyHost, mode: 'container' | 'process', v: Verdict): void {
  const fit = isaFit(app.isa, host.isa);
  if (fit === 'foreign') {
    v.reasons.push(
      `${ISA_LABELS[app.isa]} binaries cannot run on an ${ISA_LABELS[host.isa]} CPU, and nothing translates them`,
    );
  } else if (fit === 'real-mode') {
    v.reasons.push(
      '16-bit real-mode code cannot run as a process in 64-bit long mode (no virtual-8086 mode)',
    );
  } else if (fit === 'compat32') {
    if (host.ia32Emulation)
      v.caveats.push("32-bit binaries rely on the host kernel's IA-32 emulation (CONFIG_IA32_EMULATION)");
    else
      v.reasons.push(
        '32-bit binaries need IA-32 emulation, which this host kernel has switched off (ia32_emulation=0)',
      );
  }
  if (host.os === 'linux' && compareVersions(app.os.kernelVersion, host.kernelVersion) > 0) {
    v.reasons.push(
      `the userspace was built for kernel ${app.os.kernelVersion}, newer than the host's ${host.kernelVersion}`,
    );
  }
  const glibc = app.os.glibc;
  if (glibc !== '' && compareVersions(glibc, String(LEGACY_CONSTANTS['glibc.vsyscallFree'].value)) < 0) {
    if (host.vsyscall === 'none') {
      v.reasons.push(
        `glibc ${glibc} calls the legacy vsyscall page, which this host kernel has removed (vsyscall=none: segfault, exit 139); boot the host with vsyscall=emulate`,
      );
    } else if (host.vsyscall === 'xonly') {
      v.caveats.push(
        `vsyscall: glibc ${glibc} calls the legacy vsyscall page; the host emulates calls (vsyscall=xonly, the default since Linux 5.3) but code that reads the page faults (then boot with vsyscall=emulate)`,
      );
    } else {
      v.caveats.push(`vsyscall: glibc ${glibc} relies on the host's vsyscall=emulate`);
    }
  }
  if (app.kernelModules.length > 0) {
    v.reasons.push(
      `its kernel modules (${app.kernelModules.join(', ')}) would have to load into the shared host kernel: Linux has no stable in-kernel ABI, so modules built for ${app.os.kernelVersion} do not load into ${host.kernelVersion}`,
    );
  }
  deviceRule(app.device, mode, v);
}

function fullVm(app: LegacyApp, host: LegacyHost, technique: 'type1-vm' | 'type2-vm', v: Verdict): void {
  if (!host.hardwareVirtualization) {
    v.reasons.push(
      'no hardware virtualization (VT-x/AMD-V) on this host: current hypervisors need it to run an unmodified OS',
    );
  }
  if (isaFit(app.isa, host.isa) === 'foreign') {
    v.reasons.push(
      `a ${ISA_LABELS[app.isa]} guest needs a ${ISA_LABELS[app.isa]} CPU: hardware virtualization runs only the host's own instruction set`,
    );
  }
  deviceRule(app.device, 'vm', v);
  if (!app.virtioDrivers) {
    v.caveats.push(
      `no paravirtual (virtio) drivers for ${app.os.version}: use emulated devices (IDE disk, e1000 or rtl8139 NIC)`,
    );
  }
  if (app.os.family === 'dos') {
    v.caveats.push(
      'DOS idles in a busy loop: the VM keeps a host core busy unless an idle (HLT) driver is loaded',
    );
  }
  if (app.timingSensitive) {
    v.caveats.push(
      'timing loops calibrated for old CPUs break on fast ones (e.g. Turbo Pascal "Runtime error 200")',
    );
  }
  if (technique === 'type2-vm')
    v.caveats.push("runs on a desktop host OS: the host's updates and reboots take it down");
}

function emulation(app: LegacyApp, host: LegacyHost, slowdown: number, v: Verdict): void {
  const fit = isaFit(app.isa, host.isa);
  v.caveats.push(`about ${slowdown}x slower than native: every guest instruction is translated (QEMU TCG)`);
  if (fit !== 'foreign' && host.hardwareVirtualization) {
    v.caveats.push('same instruction set as the host: a hardware-assisted VM would be much faster');
  }
  if (fit === 'foreign' && (app.isa === 'sparc' || app.isa === 'power')) {
    v.caveats.push(
      `QEMU's ${ISA_LABELS[app.isa]} machine models boot only some releases of ${FAMILY_LABELS[app.os.family]}: test first`,
    );
  }
  deviceRule(app.device, 'emulation', v);
  if (app.os.family === 'dos') v.caveats.push('DOS idles in a busy loop: it keeps a host core busy');
  if (app.timingSensitive)
    v.caveats.push('timing-sensitive code can be paced to old CPU speeds (QEMU -icount)');
}

function container(app: LegacyApp, host: LegacyHost, v: Verdict): void {
  if (host.os === 'linux') {
    if (app.os.family === 'windows') {
      v.reasons.push(
        "a container shares the host's Linux kernel: Windows binaries need the Windows NT kernel",
      );
      return;
    }
    if (app.os.family === 'dos') {
      v.reasons.push(
        "a container is processes on the host's Linux kernel: DOS programs need DOS and 16-bit real mode",
      );
      return;
    }
    if (app.os.family === 'solaris') {
      v.reasons.push("a container shares the host's Linux kernel: Solaris binaries make SunOS system calls");
      return;
    }
    linuxUserspace(app, host, 'container', v);
    return;
  }
  // Windows host.
  if (app.os.family === 'windows') {
    if (compareVersions(app.os.kernelVersion, host.kernelVersion) !== 0) {
      v.reasons.push(
        `Windows containers share the host's NT ${host.kernelVersion} kernel and need a base image of that build; ${app.os.version} (NT ${app.os.kernelVersion}) has none`,
      );
    } else {
      v.caveats.push("process-isolated Windows container: the image's Windows build must match the host's");
    }
    if (app.kernelModules.length > 0) {
      v.reasons.push(`a container cannot load its own kernel drivers (${app.kernelModules.join(', ')})`);
    }
    deviceRule(app.device, 'container', v);
    return;
  }
  if (app.os.family === 'linux') {
    v.caveats.push('Linux containers on Windows run in a hidden Linux VM (WSL 2), not on the Windows kernel');
    linuxUserspace(app, { ...host, os: 'linux', kernelVersion: '999' }, 'container', v);
    return;
  }
  v.reasons.push(
    `a container shares the host's Windows kernel: ${FAMILY_LABELS[app.os.family]} programs need their own OS`,
  );
}

/** Returns the preset the technique ran on (a plain process when nothing needs translating). */
function apiTranslation(app: LegacyApp, host: LegacyHost, v: Verdict): PlatformId {
  const fit = isaFit(app.isa, host.isa);
  const family = app.os.family;
  if (family === 'dos') {
    v.reasons.push(
      host.os === 'linux'
        ? 'WINE no longer runs DOS programs (it hands them to DOSBox, an emulator), and 64-bit long mode has no virtual-8086 mode'
        : '64-bit Windows has no NTVDM: DOS programs do not run',
    );
    return 'wine';
  }
  if (family === 'solaris') {
    v.reasons.push(
      `no maintained layer translates Solaris system calls to ${host.os === 'linux' ? 'Linux' : 'Windows'}`,
    );
    if (fit === 'foreign') v.reasons.push(`and ${ISA_LABELS[app.isa]} code would need CPU emulation as well`);
    return 'wine';
  }
  if (family === 'linux') {
    if (host.os === 'linux') {
      v.caveats.push('nothing to translate: runs as a plain process on the host kernel');
      linuxUserspace(app, host, 'process', v);
      return 'bare-metal';
    }
    v.caveats.push('WSL 1 translates Linux system calls to the NT kernel (incomplete; no kernel modules)');
    linuxUserspace(app, { ...host, os: 'linux', kernelVersion: '999' }, 'process', v);
    return 'wine';
  }
  // Windows app.
  if (host.os === 'windows') {
    if (fit === 'foreign' || fit === 'real-mode') {
      v.reasons.push(
        `${ISA_LABELS[app.isa]} code does not run on this Windows host's ${ISA_LABELS[host.isa]} CPU`,
      );
    } else {
      v.caveats.push('runs directly on the Windows host (compatibility mode; 32-bit apps through WoW64)');
    }
    if (app.kernelModules.length > 0) {
      v.reasons.push(
        `its drivers (${app.kernelModules.join(', ')}) were built for NT ${app.os.kernelVersion}; the host's NT ${host.kernelVersion} kernel refuses them (driver model and signing changed)`,
      );
    }
    deviceRule(app.device, 'process', v);
    return 'bare-metal';
  }
  if (fit === 'foreign') {
    v.reasons.push(
      `WINE is not an emulator: ${ISA_LABELS[app.isa]} code needs a matching CPU (pair it with a CPU emulator such as FEX or Box64)`,
    );
  } else if (fit === 'real-mode') {
    v.reasons.push(
      '16-bit real-mode code cannot run as a process in 64-bit long mode (no virtual-8086 mode)',
    );
  } else if (fit === 'compat32') {
    v.caveats.push("32-bit Windows code: needs WINE's 32-bit (WoW64) support");
  }
  if (app.kernelModules.length > 0) {
    v.reasons.push(
      `WINE runs Windows programs in user space: it cannot load their kernel-mode drivers (${app.kernelModules.join(', ')})`,
    );
  }
  deviceRule(app.device, 'wine', v);
  v.caveats.push("the Win32 API is reimplemented, not every quirk: check the app in WineHQ's AppDB");
  return 'wine';
}

function paravirt(app: LegacyApp, host: LegacyHost, v: Verdict): void {
  if (!app.paravirtKernel) {
    v.reasons.push(
      `needs a guest kernel modified for the hypervisor's PV interface: ${app.os.version} has none (an unmodified OS cannot run paravirtualised)`,
    );
  }
  const fit = isaFit(app.isa, host.isa);
  if (fit === 'foreign') {
    v.reasons.push(`a PV guest runs on the host's own instruction set, not ${ISA_LABELS[app.isa]}`);
  } else if (fit === 'real-mode') {
    v.reasons.push('a PV guest has no real mode: 16-bit code cannot run');
  }
  deviceRule(app.device, 'pv', v);
  if (app.kernelModules.length > 0) {
    v.caveats.push(`its kernel modules (${app.kernelModules.join(', ')}) must be built for the PV kernel`);
  }
  if (v.reasons.length === 0) {
    v.caveats.push(
      host.hardwareVirtualization
        ? `boots ${app.os.version}'s PV kernel on a Xen host`
        : `boots ${app.os.version}'s PV kernel on a Xen host, even without VT-x (what PV was made for)`,
    );
  }
}

export type CompatibilityStatus = 'works' | 'caveats' | 'fails';

export interface CompatibilityCell {
  app: string;
  technique: TechniqueId;
  status: CompatibilityStatus;
  /** "works", "works: <caveats>" or "fails: <reasons>". */
  text: string;
  caveats: string[];
  reasons: string[];
  /** CPU time relative to native; null when it fails. */
  performanceFactor: number | null;
  /** Time from start until the app can serve (s); null when it fails. */
  startS: number | null;
  /** The platform preset the numbers came from. */
  platform: PlatformId | null;
}

/** (1 - s) x compute slowdown + s x system-call slowdown of the preset. */
function cpuFactor(preset: PlatformPreset, syscallShare: number): number {
  return (1 - syscallShare) * preset.cpuSlowdown + syscallShare * preset.syscallSlowdown;
}

/** Evaluates one app with one technique on the scenario's host. */
export function evaluateCompatibility(
  app: LegacyApp,
  technique: TechniqueId,
  host: LegacyHost,
  emulationSlowdown: number,
): CompatibilityCell {
  const v: Verdict = { reasons: [], caveats: [] };
  let platform: PlatformId = TECHNIQUES[technique].platform;
  switch (technique) {
    case 'type1-vm':
    case 'type2-vm':
      fullVm(app, host, technique, v);
      break;
    case 'emulation':
      emulation(app, host, emulationSlowdown, v);
      break;
    case 'container':
      container(app, host, v);
      break;
    case 'api-translation':
      platform = apiTranslation(app, host, v);
      break;
    case 'paravirt':
      paravirt(app, host, v);
      break;
  }
  const fails = v.reasons.length > 0;
  const status: CompatibilityStatus = fails ? 'fails' : v.caveats.length > 0 ? 'caveats' : 'works';
  const preset = PLATFORM_PRESETS[platform];
  const round = (x: number) => Math.round(x * 1e6) / 1e6;
  let performanceFactor: number | null = null;
  let startS: number | null = null;
  if (!fails) {
    if (technique === 'emulation') {
      // Everything, the guest's boot included, runs through the translator.
      performanceFactor = emulationSlowdown;
      startS = round((medianStartMs(preset) / 1000) * emulationSlowdown);
    } else {
      performanceFactor = round(cpuFactor(preset, app.syscallShare));
      startS = round(medianStartMs(preset) / 1000);
    }
  }
  return {
    app: app.name,
    technique,
    status,
    text: fails
      ? `fails: ${v.reasons.join('; ')}`
      : status === 'caveats'
        ? `works: ${v.caveats.join('; ')}`
        : 'works',
    caveats: v.caveats,
    reasons: v.reasons,
    performanceFactor,
    startS,
    platform: fails ? null : platform,
  };
}

export interface CompatibilityMatrix {
  apps: string[];
  techniques: TechniqueId[];
  /** cells[a][t]: app a with technique t. */
  cells: CompatibilityCell[][];
  tables: TopicTable[];
}

/** Best working technique: lowest performance factor, then fewer caveats, then listing order. */
function bestCell(row: CompatibilityCell[]): CompatibilityCell | null {
  let best: CompatibilityCell | null = null;
  for (const c of row) {
    if (c.status === 'fails' || c.performanceFactor === null) continue;
    if (
      best === null ||
      c.performanceFactor < best.performanceFactor! - 1e-12 ||
      (Math.abs(c.performanceFactor - best.performanceFactor!) <= 1e-12 &&
        c.caveats.length < best.caveats.length)
    ) {
      best = c;
    }
  }
  return best;
}

/** The compatibility matrix (apps x techniques) with performance factors and start times. */
export function compatibilityMatrix(scenario: LegacyScenario): CompatibilityMatrix {
  const techniques = [...scenario.techniques];
  const cells = scenario.apps.map((app) =>
    techniques.map((t) => evaluateCompatibility(app, t, scenario.host, scenario.emulationSlowdown)),
  );
  const apps = scenario.apps.map((a) => a.name);
  const columns = ['app', ...techniques.map((t) => TECHNIQUES[t].shortName)];
  const table = (
    id: string,
    title: string,
    pick: (c: CompatibilityCell) => string | number | null,
  ): TopicTable => ({
    id,
    title,
    columns,
    rows: cells.map((row, i) => [apps[i]!, ...row.map(pick)]),
  });
  return {
    apps,
    techniques,
    cells,
    tables: [
      table('compatibility', 'Compatibility: works, works with caveats, or fails (why)', (c) => c.text),
      table(
        'performance',
        'Performance factor (CPU time x native; empty = fails)',
        (c) => c.performanceFactor,
      ),
      table('start-time', 'Start time (s; empty = fails)', (c) => c.startS),
      {
        id: 'best-technique',
        title: 'Fastest working technique per app',
        columns: ['app', 'technique', 'performance factor', 'start (s)', 'verdict'],
        rows: cells.map((row, i) => {
          const best = bestCell(row);
          return best === null
            ? [apps[i]!, null, null, null, 'no technique works']
            : [apps[i]!, TECHNIQUES[best.technique].label, best.performanceFactor, best.startS, best.text];
        }),
      },
    ],
  };
}

// --- the simulation (one step per app x technique) ------------------------------------------

const STATUS_CODE: Readonly<Record<CompatibilityStatus, number>> = { works: 2, caveats: 1, fails: 0 };
const STATUS_LABEL: Readonly<Record<CompatibilityStatus, string>> = {
  works: 'works',
  caveats: 'works with caveats',
  fails: 'fails',
};

class LegacySimulation implements TopicSimulation {
  readonly axis = { unit: 'step' as const, label: 'evaluation (app x technique)' };
  readonly horizon: number;
  private readonly matrix: CompatibilityMatrix;
  private readonly order: Array<{ a: number; t: number }>;
  private step = 0;

  constructor(private readonly scenario: LegacyScenario) {
    this.matrix = compatibilityMatrix(scenario);
    this.order = [];
    for (let a = 0; a < scenario.apps.length; a++) {
      for (let t = 0; t < scenario.techniques.length; t++) this.order.push({ a, t });
    }
    this.horizon = this.order.length;
  }

  get now(): number {
    return this.step;
  }
  get done(): boolean {
    return this.step >= this.horizon;
  }
  get eventsProcessed(): number {
    return this.step;
  }

  /** Evaluation k (0-based) completes at step k + 1. */
  advanceTo(until: number): TopicChunk {
    const end = Math.min(Math.floor(until), this.horizon);
    const frames: TopicFrame[] = [];
    const events: TopicEvent[] = [];
    while (this.step < end) {
      const { a, t } = this.order[this.step]!;
      const cell = this.matrix.cells[a]![t]!;
      this.step++;
      frames.push({
        t: this.step,
        values: {
          app: a + 1,
          technique: t + 1,
          status: STATUS_CODE[cell.status],
          performanceFactor: cell.performanceFactor,
          startS: cell.startS,
          caveats: cell.caveats.length,
          reasons: cell.reasons.length,
        },
      });
      events.push({
        type: 'evaluation',
        subject: `${cell.app} / ${TECHNIQUES[cell.technique].shortName}`,
        start: this.step,
        data: {
          app: cell.app,
          technique: cell.technique,
          status: STATUS_LABEL[cell.status],
          text: cell.text,
        },
      });
    }
    return { frames, events };
  }

  summary(): TopicSummary {
    const cells = this.matrix.cells.flat();
    const count = (s: CompatibilityStatus) => cells.filter((c) => c.status === s).length;
    const runnable = this.matrix.cells.filter((row) => row.some((c) => c.status !== 'fails')).length;
    const metrics: TopicMetric[] = [
      { id: 'apps', label: 'Applications', value: this.scenario.apps.length, unit: 'apps' },
      { id: 'techniques', label: 'Techniques', value: this.scenario.techniques.length, unit: 'techniques' },
      { id: 'evaluated', label: 'Combinations evaluated', value: this.step, unit: 'combinations' },
      { id: 'works', label: 'Work as they are', value: count('works'), unit: 'combinations' },
      { id: 'caveats', label: 'Work with caveats', value: count('caveats'), unit: 'combinations' },
      { id: 'fails', label: 'Fail', value: count('fails'), unit: 'combinations' },
      { id: 'appsRunnable', label: 'Apps with a working technique', value: runnable, unit: 'apps' },
      {
        id: 'appsStranded',
        label: 'Apps no technique can run',
        value: this.scenario.apps.length - runnable,
        unit: 'apps',
      },
      {
        id: 'emulationSlowdown',
        label: 'Emulation slowdown (assumed)',
        value: this.scenario.emulationSlowdown,
        unit: 'x',
      },
    ];
    return { metrics, tables: this.matrix.tables };
  }
}

/** The legacy-compatibility topic's simulation; deterministic, so the seed does not matter. */
export function createLegacySimulation(scenario: LegacyScenario, _seed: number): TopicSimulation {
  return new LegacySimulation(scenario);
}

/** Sources of the rules, for the view's sources panel. */
export const LEGACY_SOURCES: readonly string[] = [
  VSYSCALL_SOURCE,
  'Linux Documentation/process/stable-api-nonsense.rst: no stable in-kernel ABI for modules',
  'Intel SDM Vol. 3: virtual-8086 mode is not available in IA-32e (64-bit) mode',
  'Microsoft Learn, "Windows container version compatibility": process isolation needs the host build',
  'WineHQ FAQ: Wine does not run DOS programs (use DOSBox)',
  'Barham et al., "Xen and the Art of Virtualization", SOSP 2003: paravirtualisation needs a ported guest kernel',
  'Popek and Goldberg, CACM 1974: a VMM runs guests of the machine it virtualizes',
];
