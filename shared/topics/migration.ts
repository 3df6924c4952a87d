/**
 * Live migration of a VM (Clark et al., "Live Migration of Virtual Machines", NSDI 2005).
 *
 * Three ways to move a running VM's memory to another host over a link of bandwidth B:
 * - stop-and-copy: pause, send all N pages, resume. Downtime = N / B + resume time.
 * - pre-copy (Clark et al.; Xen): send all pages while the VM runs, then in each round resend
 *   the pages it dirtied during the previous round, until a stop condition holds; then pause
 *   and send the last dirty set. Downtime = last dirty set / B + resume time.
 * - post-copy: pause, send only the CPU state, resume on the target at once, then push every
 *   page in the background while the VM faults in pages it touches that have not arrived.
 *
 * Dirtying model (a fluid model: expected values, no randomness). The guest writes pages at
 * D pages/s. A share h of the writes hits the writable working set (WWS, W hot pages), the
 * rest is spread over the other N - W (cold) pages, uniformly within each part. After a
 * round of t seconds (the dirty bitmap is cleared as the round starts), the distinct dirty
 * pages are W(1 - e^(-hDt/W)) + (N-W)(1 - e^(-(1-h)Dt/(N-W))), rounded to whole pages:
 * short rounds see about D·t new dirty pages, long rounds saturate at the WWS. So pre-copy
 * shrinks the dirty set geometrically while the hot write rate hD is below the send rate,
 * and stalls near a fixed point inside the WWS when it is above (Clark et al.'s writable
 * working set).
 *
 * Rounds run at the link rate, or with the dynamic rate limiting of Clark et al. and
 * Xen's xc_domain_save.c: the first round at a low rate, each next round at the previous
 * round's dirtying rate + a fixed increment (never lower than before), and pre-copy ends
 * when that rate would exceed the maximum. The final stop-and-copy uses the whole link.
 * Pre-copy stops after a round when (checked in this order, as Xen does): the dirty set is
 * below a threshold; the round limit is reached; more than k x memory has been sent; the
 * round shrank the dirty set by less than p% (with adaptive rates only once the rate is at
 * its maximum); the adaptive rate would exceed its maximum. A fixed resume time (CPU and
 * device state, restart, unsolicited ARP) ends every method's downtime.
 *
 * Post-copy slowdown: the guest would take F page faults per second of execution if no page
 * had arrived; each fault stalls it for L seconds; the background push delivers pages at a
 * constant rate, so the missing share falls linearly m(t) = 1 - t/T. The guest then runs at
 * speed 1 / (1 + F·L·m(t)), which integrates in closed form (see postCopyFaults).
 *
 * A second model (createClusterMigrationSimulation) puts the migration into a running
 * service: Poisson requests to the VM's vCPUs on host A; while pre-copy rounds run, the
 * migration traffic takes CPU from the VM (dom0 copying pages) in proportion to its send
 * rate; during downtime requests wait (held, not dropped: no TCP time-outs are modelled);
 * post-copy faults slow the VM on host B; afterwards latency returns to normal.
 */
import { z } from 'zod';
import { numberField as num, wholeNumberField as int } from '../schema-fields';
import type { CalibratedValue } from '../sim/calibration';
import { Engine } from '../sim/engine';
import { Random } from '../sim/random';
import { LogHistogram } from '../sim/stats';
import { formatIssues, type ParseResult } from '../scenario';
import {
  MAX_TOPIC_ITEMS,
  type TopicChunk,
  type TopicEvent,
  type TopicFrame,
  type TopicMetric,
  type TopicSimulation,
  type TopicSummary,
  type TopicTable,
} from './types';

// --- constants ----------------------------------------------------------------------------

const CLARK = 'Clark et al., "Live Migration of Virtual Machines", NSDI 2005';
const XEN_SAVE = 'Xen tools/libxc/xc_domain_save.c (the pre-copy loop Clark et al. describe)';
const HINES =
  'Hines, Deshpande, Gopalan, "Post-Copy Live Migration of Virtual Machines", ACM SIGOPS OSR 43(3), 2009';

export const MIGRATION_CONSTANTS = {
  'migration.pageKiB': {
    value: 4,
    unit: 'KiB',
    source: `${XEN_SAVE}: PAGE_SIZE 4096 (x86 base pages)`,
  },
  'migration.linkGbps': {
    value: 1,
    unit: 'Gbit/s',
    source: `${CLARK}: the testbed's gigabit Ethernet between source and destination`,
  },
  'migration.maxRounds': {
    value: 29,
    unit: 'pre-copy rounds',
    source: `${XEN_SAVE}: DEF_MAX_ITERS 29 ("limit us to 30 times round loop": 29 live rounds + the final one)`,
  },
  'migration.maxDataFactor': {
    value: 3,
    unit: 'x VM memory',
    source: `${XEN_SAVE}: DEF_MAX_FACTOR 3 ("never send more than 3x p2m_size")`,
  },
  'migration.minDirtyPages': {
    value: 50,
    unit: 'pages',
    source: `${XEN_SAVE}: last round starts when fewer than 50 pages were dirty (Clark et al.: < 256 KB left)`,
  },
  'migration.minShrinkPercent': {
    value: 10,
    unit: '% per round',
    source: 'assumption',
    assumption: true,
    note: 'Xen stops when the dirty set grows; in a fluid model it never grows, so a round that shrinks it by < 10% counts as "stopped shrinking".',
  },
  'migration.adaptiveStartMbps': {
    value: 100,
    unit: 'Mbit/s',
    source: `${XEN_SAVE}: START_MBIT_RATE 100 ("initial transmit rate for migrate"); ${CLARK}, dynamic rate-limiting`,
  },
  'migration.adaptiveIncrementMbps': {
    value: 50,
    unit: 'Mbit/s',
    source: `${XEN_SAVE}: next rate = dirtying rate + 50 Mbit/s (print_stats); ${CLARK}, dynamic rate-limiting`,
  },
  'migration.adaptiveMaxMbps': {
    value: 500,
    unit: 'Mbit/s',
    source: `${XEN_SAVE}: MAX_MBIT_RATE 500 ("maximum transmit rate for migrate")`,
  },
  'migration.resumeMs': {
    value: 20,
    unit: 'ms',
    source: 'assumption',
    assumption: true,
    note: `Restart on the target plus the unsolicited ARP; ${CLARK} report downtimes of 210 ms (SPECweb99) and 60 ms (Quake 3) that include such a start-up, so tens of ms.`,
  },
  'migration.specwebDowntimeMs': {
    value: 210,
    unit: 'ms',
    source: `${CLARK}: SPECweb99 VM migrated with 210 ms downtime`,
  },
  'migration.quakeDowntimeMs': {
    value: 60,
    unit: 'ms',
    source: `${CLARK}: Quake 3 server migrated with 60 ms downtime ("as low as 60ms")`,
  },
  'migration.postCopyFaultLatencyMs': {
    value: 0.3,
    unit: 'ms per fault',
    source: 'assumption',
    assumption: true,
    note: `A LAN round trip (~0.1-0.2 ms) plus one 4 KiB page at 1 Gbit/s (0.03 ms) plus fault handling; post-copy as in ${HINES}.`,
  },
  'migration.postCopyFaultsPerS': {
    value: 3000,
    unit: 'faults per second of guest run time',
    source: 'assumption',
    assumption: true,
    note: 'Pages a busy guest touches per second when none has arrived yet; with 0.3 ms per fault the guest first runs at about half speed.',
  },
  'migration.cpuStealAtLinkRate': {
    value: 0.3,
    unit: 'share of the VM CPU at full link rate',
    source: 'assumption',
    assumption: true,
    note: `Copying pages costs dom0 CPU in proportion to the send rate; ${CLARK} rate-limit migration because it contends with the service for CPU and network.`,
  },
  'migration.serviceArrivalRate': {
    value: 200,
    unit: 'req/s',
    source: 'assumption',
    assumption: true,
    note: 'A moderately loaded service: 200 req/s at 5 ms each keeps 2 vCPUs half busy.',
  },
  'migration.serviceTimeMs': {
    value: 5,
    unit: 'ms',
    source: 'assumption',
    assumption: true,
    note: 'Mean CPU time of one request (exponential).',
  },
} as const satisfies Record<string, CalibratedValue>;

const C = MIGRATION_CONSTANTS;

// --- scenario -----------------------------------------------------------------------------

export const MIGRATION_METHODS = ['stop-and-copy', 'pre-copy', 'post-copy'] as const;
export type MigrationMethod = (typeof MIGRATION_METHODS)[number];

export const MIGRATION_METHOD_NAMES: Readonly<Record<MigrationMethod, string>> = {
  'stop-and-copy': 'Stop-and-copy',
  'pre-copy': 'Pre-copy (iterative)',
  'post-copy': 'Post-copy',
};

/** Largest VM (1 TiB) and the most frames or requests one cluster run may produce. */
export const MAX_VM_MEMORY_MIB = 1_048_576;
export const MAX_CLUSTER_FRAMES = 50_000;
export const MAX_CLUSTER_REQUESTS = 2_000_000;

const VmSchema = z.strictObject({
  memoryMiB: int('VM memory (MiB)', 1, MAX_VM_MEMORY_MIB),
  pageKiB: int('page size (KiB)', 1, 2048),
  /** Page writes per second (a page written twice counts twice). */
  dirtyRatePagesPerS: num('page dirty rate (pages/s)', 0, 100_000_000),
  /** Hot pages that take the share `wwsShare` of the writes. */
  wwsMiB: num('writable working set (MiB)', 0, MAX_VM_MEMORY_MIB),
  wwsShare: num('share of writes in the WWS', 0, 1),
});

const AdaptiveSchema = z.strictObject({
  enabled: z.boolean({ error: 'link.adaptive.enabled must be true or false' }),
  startMbps: num('adaptive start rate (Mbit/s)', 1, 400_000),
  incrementMbps: num('adaptive increment (Mbit/s)', 0, 400_000),
  maxMbps: num('adaptive maximum rate (Mbit/s)', 1, 400_000),
});

const LinkSchema = z.strictObject({
  bandwidthGbps: num('link bandwidth (Gbit/s)', 0.001, 400),
  adaptive: AdaptiveSchema,
});

const PrecopySchema = z.strictObject({
  maxRounds: int('maximum pre-copy rounds', 1, 1000),
  minDirtyPages: int('dirty-set threshold (pages)', 0, 1_000_000_000),
  maxDataFactor: num('data limit (x VM memory)', 1, 100),
  minShrinkPercent: num('minimum shrink per round (%)', 0, 99),
});

const PostCopySchema = z.strictObject({
  faultsPerS: num('post-copy faults per second', 0, 10_000_000),
  faultLatencyMs: num('per-fault latency (ms)', 0, 1000),
});

const ClusterSchema = z.strictObject({
  horizonS: num('cluster horizon (s)', 1, 3600),
  startS: num('migration start (s)', 0, 3600),
  frameIntervalS: num('frame interval (s)', 0.01, 60),
  arrivalRatePerS: num('request rate (req/s)', 0.01, 100_000),
  serviceTimeMs: num('service time (ms)', 0.001, 60_000),
  vcpus: int('vCPUs', 1, 64),
  cpuStealAtLinkRate: num('CPU steal at full link rate', 0, 0.95),
});

export const MIGRATION_SIMULATE = ['rounds', 'cluster'] as const;

const MigrationScenarioShape = z.strictObject({
  schemaVersion: z.literal(1, { error: 'schemaVersion must be 1' }),
  kind: z.literal('migration', { error: 'kind must be "migration"' }),
  name: z.string().max(120, { message: 'name must be at most 120 characters' }),
  method: z.enum(MIGRATION_METHODS, {
    error: `method must be one of ${MIGRATION_METHODS.join(', ')}`,
  }),
  /** rounds: one frame per round (step axis); cluster: the service's latency over time. */
  simulate: z.enum(MIGRATION_SIMULATE, { error: 'simulate must be "rounds" or "cluster"' }),
  vm: VmSchema,
  link: LinkSchema,
  precopy: PrecopySchema,
  resumeMs: num('resume time (ms)', 0, 60_000),
  postCopy: PostCopySchema,
  cluster: ClusterSchema,
});
export type MigrationScenario = z.infer<typeof MigrationScenarioShape>;

export const MigrationScenarioSchema = MigrationScenarioShape.superRefine((s, ctx) => {
  if (s.vm.memoryMiB * 1024 < s.vm.pageKiB) {
    ctx.addIssue({
      code: 'custom',
      message: 'VM memory must hold at least one page',
      path: ['vm', 'pageKiB'],
    });
  }
  if (s.vm.wwsMiB > s.vm.memoryMiB) {
    ctx.addIssue({
      code: 'custom',
      message: `writable working set must not exceed VM memory (${s.vm.memoryMiB} MiB)`,
      path: ['vm', 'wwsMiB'],
    });
  }
  const a = s.link.adaptive;
  if (a.enabled) {
    if (a.startMbps > a.maxMbps) {
      ctx.addIssue({
        code: 'custom',
        message: `adaptive start rate must not exceed the maximum rate (${a.maxMbps} Mbit/s)`,
        path: ['link', 'adaptive', 'startMbps'],
      });
    }
    const linkMbps = s.link.bandwidthGbps * 1000;
    if (a.maxMbps > linkMbps) {
      ctx.addIssue({
        code: 'custom',
        message: `adaptive maximum rate must not exceed the link bandwidth (${linkMbps} Mbit/s)`,
        path: ['link', 'adaptive', 'maxMbps'],
      });
    }
  }
  const c = s.cluster;
  if (c.startS >= c.horizonS) {
    ctx.addIssue({
      code: 'custom',
      message: `migration start must be before the cluster horizon (${c.horizonS} s)`,
      path: ['cluster', 'startS'],
    });
  }
  if (c.horizonS / c.frameIntervalS > MAX_CLUSTER_FRAMES) {
    ctx.addIssue({
      code: 'custom',
      message: `horizon / frame interval gives more than ${MAX_CLUSTER_FRAMES} frames: use a longer interval`,
      path: ['cluster', 'frameIntervalS'],
    });
  }
  const utilization = (c.arrivalRatePerS * c.serviceTimeMs) / 1000 / c.vcpus;
  if (utilization >= 1) {
    ctx.addIssue({
      code: 'custom',
      message: `request rate x service time / vCPUs must be below 1 (is ${utilization.toFixed(2)}): the service would be overloaded before migrating`,
      path: ['cluster', 'arrivalRatePerS'],
    });
  }
  if (c.arrivalRatePerS * c.horizonS > MAX_CLUSTER_REQUESTS) {
    ctx.addIssue({
      code: 'custom',
      message: `request rate x horizon must be at most ${MAX_CLUSTER_REQUESTS} requests`,
      path: ['cluster', 'arrivalRatePerS'],
    });
  }
});

export function parseMigrationScenario(input: unknown): ParseResult<MigrationScenario> {
  const result = MigrationScenarioSchema.safeParse(input);
  return result.success ? { ok: true, value: result.data } : { ok: false, error: formatIssues(result.error) };
}

/** The SPECweb-like web server of Clark et al. on their gigabit testbed, with Xen's defaults. */
export function defaultMigrationScenario(): MigrationScenario {
  return {
    schemaVersion: 1,
    kind: 'migration',
    name: 'Web server (SPECweb-like)',
    method: 'pre-copy',
    simulate: 'rounds',
    vm: {
      memoryMiB: 800,
      pageKiB: C['migration.pageKiB'].value,
      dirtyRatePagesPerS: 25_000,
      wwsMiB: 28,
      wwsShare: 0.995,
    },
    link: {
      bandwidthGbps: C['migration.linkGbps'].value,
      adaptive: {
        enabled: true,
        startMbps: C['migration.adaptiveStartMbps'].value,
        incrementMbps: C['migration.adaptiveIncrementMbps'].value,
        maxMbps: C['migration.adaptiveMaxMbps'].value,
      },
    },
    precopy: {
      maxRounds: C['migration.maxRounds'].value,
      minDirtyPages: C['migration.minDirtyPages'].value,
      maxDataFactor: C['migration.maxDataFactor'].value,
      minShrinkPercent: C['migration.minShrinkPercent'].value,
    },
    resumeMs: C['migration.resumeMs'].value,
    postCopy: {
      faultsPerS: C['migration.postCopyFaultsPerS'].value,
      faultLatencyMs: C['migration.postCopyFaultLatencyMs'].value,
    },
    cluster: {
      horizonS: 120,
      startS: 10,
      frameIntervalS: 0.1,
      arrivalRatePerS: C['migration.serviceArrivalRate'].value,
      serviceTimeMs: C['migration.serviceTimeMs'].value,
      vcpus: 2,
      cpuStealAtLinkRate: C['migration.cpuStealAtLinkRate'].value,
    },
  };
}

function preset(
  id: string,
  name: string,
  description: string,
  edit: (s: MigrationScenario) => void,
): { id: string; name: string; description: string; scenario: MigrationScenario } {
  const scenario = defaultMigrationScenario();
  scenario.name = name;
  edit(scenario);
  return { id, name, description, scenario };
}

export const MIGRATION_PRESETS: Array<{
  id: string;
  name: string;
  description: string;
  scenario: MigrationScenario;
}> = [
  preset(
    'idle-vm',
    'Idle VM',
    'A 1 GiB VM that barely writes memory: pre-copy sends memory once and the downtime is little more than the resume time.',
    (s) => {
      s.vm = { ...s.vm, memoryMiB: 1024, dirtyRatePagesPerS: 20, wwsMiB: 1, wwsShare: 0.9 };
      s.link.adaptive.enabled = false;
      s.postCopy.faultsPerS = 50; // an idle guest touches few pages
    },
  ),
  preset(
    'specweb',
    'Web server (SPECweb-like, Clark 2005)',
    "An 800 MiB web server VM over gigabit Ethernet with Xen's adaptive rate (100 Mbit/s, +50 per round, up to 500). Clark et al. measured 210 ms downtime for SPECweb99.",
    () => {},
  ),
  preset(
    'quake3',
    'Game server (Quake 3-like)',
    'A small game-server VM with a tiny, busy working set. Clark et al. migrated a Quake 3 server with 60 ms downtime; the sizes and the 40 ms resume time here are illustrative assumptions.',
    (s) => {
      s.vm = { ...s.vm, memoryMiB: 64, dirtyRatePagesPerS: 2_000, wwsMiB: 2, wwsShare: 0.98 };
      s.resumeMs = 40;
      s.cluster.arrivalRatePerS = 100;
    },
  ),
  preset(
    'write-heavy-db',
    'Write-heavy database (pre-copy struggles)',
    'A 4 GiB database writing 100,000 pages/s (about 3 Gbit/s of dirtying) over 1 Gbit/s: the dirty set never shrinks below the working set and the downtime is seconds.',
    (s) => {
      s.vm = { ...s.vm, memoryMiB: 4096, dirtyRatePagesPerS: 100_000, wwsMiB: 1024, wwsShare: 0.9 };
      s.link.adaptive.enabled = false;
      s.cluster.horizonS = 180;
    },
  ),
  preset(
    'slow-link',
    'Slow link (100 Mbit/s)',
    'The SPECweb-like VM over Fast Ethernet: every round takes ten times longer, so more pages are dirtied per round and stop-and-copy would pause the VM for over a minute.',
    (s) => {
      s.link = { bandwidthGbps: 0.1, adaptive: { ...s.link.adaptive, enabled: false, maxMbps: 100 } };
      s.cluster.horizonS = 240;
    },
  ),
];

// --- the migration plan (closed forms) ----------------------------------------------------

export type PrecopyStopReason = 'converged' | 'max-rounds' | 'data-limit' | 'not-shrinking' | 'rate-limit';

export const STOP_REASON_TEXT: Readonly<Record<PrecopyStopReason, string>> = {
  converged: 'dirty set below the threshold',
  'max-rounds': 'round limit reached',
  'data-limit': 'data limit (x memory) reached',
  'not-shrinking': 'dirty set stopped shrinking',
  'rate-limit': 'adaptive rate would exceed its maximum',
};

export type RoundPhase = 'precopy' | 'stop-and-copy' | 'push';

export interface MigrationRound {
  /** 1-based index of the round within its method. */
  round: number;
  phase: RoundPhase;
  /** Seconds from the start of the migration. */
  startS: number;
  durationS: number;
  rateMbps: number;
  pagesSent: number;
  /** Distinct pages dirtied during the round (0 while the VM is paused or after post-copy's switch). */
  pagesDirtied: number;
  /** Page writes during the round (a page written twice counts twice). */
  pageWrites: number;
  /** Pages still to send after the round (pre-copy: the dirty set; post-copy: pages left on the source). */
  dirtySetAfter: number;
  /** Data sent up to the end of this round (MiB). */
  cumulativeDataMiB: number;
  /** Post-copy demand faults during the round. */
  faults: number;
  /** Guest run time lost to faults during the round (s). */
  lostS: number;
}

export interface MigrationOutcome {
  method: MigrationMethod;
  /** Seconds from the start of the migration until the source can be released. */
  totalTimeS: number;
  /** Seconds the VM was paused (final copy + resume). */
  downtimeS: number;
  /** Pages in the final copy while paused (pre-copy: the last dirty set; stop-and-copy: all). */
  finalPages: number;
  dataMiB: number;
  /** Total data / VM memory. */
  dataFactor: number;
  /** Live pre-copy rounds (0 for the other methods). */
  precopyRounds: number;
  stopReason: PrecopyStopReason | null;
  /** Post-copy: demand faults and the guest run time they cost; 0 for the other methods. */
  faults: number;
  lostS: number;
  /** When (from the start) the downtime begins. */
  downtimeStartS: number;
  rounds: MigrationRound[];
}

const MIB = 1_048_576;
/** Post-copy's background push is reported in this many steps. */
const POST_COPY_STEPS = 10;

interface Derived {
  pages: number;
  pageBytes: number;
  wwsPages: number;
  coldPages: number;
  linkMbps: number;
}

function derive(s: MigrationScenario): Derived {
  const pageBytes = s.vm.pageKiB * 1024;
  const pages = Math.max(1, Math.floor((s.vm.memoryMiB * MIB) / pageBytes));
  const wwsPages = Math.min(pages, Math.round((s.vm.wwsMiB * MIB) / pageBytes));
  return { pages, pageBytes, wwsPages, coldPages: pages - wwsPages, linkMbps: s.link.bandwidthGbps * 1000 };
}

/** Seconds to send `pages` at `mbps` (Mbit/s = 10^6 bit/s). */
function sendTime(pages: number, pageBytes: number, mbps: number): number {
  return (pages * pageBytes * 8) / (mbps * 1e6);
}

/** Distinct pages dirtied in `seconds` with a clean bitmap at the start (see the file comment). */
export function distinctDirtied(s: MigrationScenario, seconds: number): number {
  const { wwsPages, coldPages } = derive(s);
  const writes = s.vm.dirtyRatePagesPerS * seconds;
  if (!(writes > 0)) return 0;
  // With no hot (or no cold) pages, every write lands in the other part.
  let hotShare = s.vm.wwsShare;
  if (wwsPages === 0) hotShare = 0;
  else if (coldPages === 0) hotShare = 1;
  const cover = (size: number, hits: number) => (size > 0 && hits > 0 ? -size * Math.expm1(-hits / size) : 0);
  return Math.round(cover(wwsPages, hotShare * writes) + cover(coldPages, (1 - hotShare) * writes));
}

function planStopAndCopy(s: MigrationScenario): MigrationOutcome {
  const d = derive(s);
  const copyS = sendTime(d.pages, d.pageBytes, d.linkMbps);
  const dataMiB = (d.pages * d.pageBytes) / MIB;
  return {
    method: 'stop-and-copy',
    totalTimeS: copyS + s.resumeMs / 1000,
    downtimeS: copyS + s.resumeMs / 1000,
    finalPages: d.pages,
    dataMiB,
    dataFactor: dataMiB / s.vm.memoryMiB,
    precopyRounds: 0,
    stopReason: null,
    faults: 0,
    lostS: 0,
    downtimeStartS: 0,
    rounds: [
      {
        round: 1,
        phase: 'stop-and-copy',
        startS: 0,
        durationS: copyS,
        rateMbps: d.linkMbps,
        pagesSent: d.pages,
        pagesDirtied: 0,
        pageWrites: 0,
        dirtySetAfter: 0,
        cumulativeDataMiB: dataMiB,
        faults: 0,
        lostS: 0,
      },
    ],
  };
}

function planPreCopy(s: MigrationScenario): MigrationOutcome {
  const d = derive(s);
  const p = s.precopy;
  const adaptive = s.link.adaptive;
  const rounds: MigrationRound[] = [];
  let rate = adaptive.enabled ? adaptive.startMbps : d.linkMbps;
  let toSend = d.pages;
  let sent = 0;
  let clock = 0;
  let reason: PrecopyStopReason | null = null;
  for (let round = 1; reason === null; round++) {
    const durationS = sendTime(toSend, d.pageBytes, rate);
    const dirtied = distinctDirtied(s, durationS);
    sent += toSend;
    rounds.push({
      round,
      phase: 'precopy',
      startS: clock,
      durationS,
      rateMbps: rate,
      pagesSent: toSend,
      pagesDirtied: dirtied,
      pageWrites: Math.round(s.vm.dirtyRatePagesPerS * durationS),
      dirtySetAfter: dirtied,
      cumulativeDataMiB: (sent * d.pageBytes) / MIB,
      faults: 0,
      lostS: 0,
    });
    clock += durationS;
    // Stop conditions, in the order Xen checks them (plus the paper's rate rule).
    if (dirtied < p.minDirtyPages || dirtied === 0) reason = 'converged';
    else if (round >= p.maxRounds) reason = 'max-rounds';
    else if (sent > p.maxDataFactor * d.pages) reason = 'data-limit';
    else if (
      // With adaptive rates Xen applies this rule only once the rate is at its maximum.
      (!adaptive.enabled || rate >= adaptive.maxMbps) &&
      dirtied > (1 - p.minShrinkPercent / 100) * toSend
    )
      reason = 'not-shrinking';
    else if (adaptive.enabled) {
      const dirtyMbps = durationS > 0 ? (dirtied * d.pageBytes * 8) / durationS / 1e6 : 0;
      const next = dirtyMbps + adaptive.incrementMbps;
      if (next > adaptive.maxMbps) reason = 'rate-limit';
      else rate = Math.max(rate, next); // Xen only ever raises the rate
    }
    toSend = dirtied;
  }
  // Final stop-and-copy of the last dirty set at the full link rate (the VM is paused).
  const copyS = sendTime(toSend, d.pageBytes, d.linkMbps);
  sent += toSend;
  const dataMiB = (sent * d.pageBytes) / MIB;
  rounds.push({
    round: rounds.length + 1,
    phase: 'stop-and-copy',
    startS: clock,
    durationS: copyS,
    rateMbps: d.linkMbps,
    pagesSent: toSend,
    pagesDirtied: 0,
    pageWrites: 0,
    dirtySetAfter: 0,
    cumulativeDataMiB: dataMiB,
    faults: 0,
    lostS: 0,
  });
  const downtimeS = copyS + s.resumeMs / 1000;
  return {
    method: 'pre-copy',
    totalTimeS: clock + downtimeS,
    downtimeS,
    finalPages: toSend,
    dataMiB,
    dataFactor: dataMiB / s.vm.memoryMiB,
    precopyRounds: rounds.length - 1,
    stopReason: reason,
    faults: 0,
    lostS: 0,
    downtimeStartS: clock,
    rounds,
  };
}

/**
 * Post-copy fault integrals over the push, with a = F·L and the missing share m going from
 * m0 down to m1 (m = 1 - t/T): faults = F·T·[G(m0) - G(m1)], G(u) = (a·u - ln(1 + a·u)) / a²,
 * since the fault rate is F·m·speed and speed = 1 / (1 + a·m). Each fault costs L of run time.
 */
export function postCopyFaults(
  faultsPerS: number,
  faultLatencyS: number,
  pushS: number,
  m0: number,
  m1: number,
): number {
  const a = faultsPerS * faultLatencyS;
  const g = (u: number) => {
    const x = a * u;
    // Series for small a·u, where the difference of logs would cancel.
    if (x < 1e-6) return (u * u) / 2 - (a * u * u * u) / 3;
    return (x - Math.log1p(x)) / (a * a);
  };
  return faultsPerS * pushS * (g(m0) - g(m1));
}

function planPostCopy(s: MigrationScenario): MigrationOutcome {
  const d = derive(s);
  const resumeS = s.resumeMs / 1000;
  const pushS = sendTime(d.pages, d.pageBytes, d.linkMbps);
  const latencyS = s.postCopy.faultLatencyMs / 1000;
  const rounds: MigrationRound[] = [];
  const steps = Math.min(POST_COPY_STEPS, d.pages);
  let pushed = 0;
  let totalFaults = 0;
  for (let i = 1; i <= steps; i++) {
    const target = Math.round((d.pages * i) / steps);
    const pages = target - pushed;
    const startS = resumeS + sendTime(pushed, d.pageBytes, d.linkMbps);
    const durationS = sendTime(pages, d.pageBytes, d.linkMbps);
    const faults = postCopyFaults(
      s.postCopy.faultsPerS,
      latencyS,
      pushS,
      1 - pushed / d.pages,
      1 - target / d.pages,
    );
    totalFaults += faults;
    pushed = target;
    rounds.push({
      round: i,
      phase: 'push',
      startS,
      durationS,
      rateMbps: d.linkMbps,
      pagesSent: pages,
      pagesDirtied: 0,
      pageWrites: Math.round(s.vm.dirtyRatePagesPerS * durationS),
      dirtySetAfter: d.pages - pushed,
      cumulativeDataMiB: (pushed * d.pageBytes) / MIB,
      faults,
      lostS: faults * latencyS,
    });
  }
  const dataMiB = (d.pages * d.pageBytes) / MIB;
  return {
    method: 'post-copy',
    totalTimeS: resumeS + pushS,
    downtimeS: resumeS,
    finalPages: 0,
    dataMiB,
    dataFactor: dataMiB / s.vm.memoryMiB,
    precopyRounds: 0,
    stopReason: null,
    faults: totalFaults,
    lostS: totalFaults * latencyS,
    downtimeStartS: 0,
    rounds,
  };
}

/** Closed-form outcome of one method on a validated scenario. */
export function planMigration(scenario: MigrationScenario, method: MigrationMethod): MigrationOutcome {
  switch (method) {
    case 'stop-and-copy':
      return planStopAndCopy(scenario);
    case 'pre-copy':
      return planPreCopy(scenario);
    case 'post-copy':
      return planPostCopy(scenario);
  }
}

export interface MigrationComparisonRow {
  method: MigrationMethod;
  name: string;
  downtimeMs: number;
  totalTimeS: number;
  dataMiB: number;
  dataFactor: number;
  precopyRounds: number;
  stopReason: PrecopyStopReason | null;
  /** Post-copy guest run time lost to network faults (s); 0 otherwise. */
  lostS: number;
}

/** All three methods on the same inputs (the comparison table). */
export function compareMigrationMethods(scenario: MigrationScenario): MigrationComparisonRow[] {
  return MIGRATION_METHODS.map((method) => {
    const o = planMigration(scenario, method);
    return {
      method,
      name: MIGRATION_METHOD_NAMES[method],
      downtimeMs: o.downtimeS * 1000,
      totalTimeS: o.totalTimeS,
      dataMiB: o.dataMiB,
      dataFactor: o.dataFactor,
      precopyRounds: o.precopyRounds,
      stopReason: o.stopReason,
      lostS: o.lostS,
    };
  });
}

// --- sweeps -------------------------------------------------------------------------------

export const MIGRATION_SWEEP_PARAMS = {
  dirtyRatePagesPerS: {
    label: 'Page dirty rate',
    unit: 'pages/s',
    set: (s: MigrationScenario, v: number) => void (s.vm.dirtyRatePagesPerS = v),
  },
  bandwidthGbps: {
    label: 'Link bandwidth',
    unit: 'Gbit/s',
    set: (s: MigrationScenario, v: number) => {
      s.link.bandwidthGbps = v;
      // Keep the adaptive limits inside the link so every point stays valid.
      const a = s.link.adaptive;
      a.maxMbps = Math.min(a.maxMbps, v * 1000);
      a.startMbps = Math.min(a.startMbps, a.maxMbps);
    },
  },
  wwsMiB: {
    label: 'Writable working set',
    unit: 'MiB',
    set: (s: MigrationScenario, v: number) => void (s.vm.wwsMiB = v),
  },
  memoryMiB: {
    label: 'VM memory',
    unit: 'MiB',
    set: (s: MigrationScenario, v: number) => void (s.vm.memoryMiB = v),
  },
  wwsShare: {
    label: 'Share of writes in the WWS',
    unit: '',
    set: (s: MigrationScenario, v: number) => void (s.vm.wwsShare = v),
  },
} as const;
export type MigrationSweepParam = keyof typeof MIGRATION_SWEEP_PARAMS;

export interface MigrationSweepPoint {
  value: number;
  results: Record<MigrationMethod, MigrationComparisonRow>;
}

export interface MigrationSweep {
  param: MigrationSweepParam;
  label: string;
  unit: string;
  points: MigrationSweepPoint[];
}

/** Longest sweep, so a chart request stays cheap. */
export const MAX_SWEEP_POINTS = 1000;

/**
 * Every method's outcome at each value of one input (e.g. downtime vs dirty rate). Each
 * point is validated like a scenario; an invalid one throws with the field's message.
 */
export function sweepMigration(
  scenario: MigrationScenario,
  param: MigrationSweepParam,
  values: readonly number[],
): MigrationSweep {
  const spec = MIGRATION_SWEEP_PARAMS[param];
  if (!spec) throw new RangeError(`unknown sweep parameter "${String(param)}"`);
  if (values.length > MAX_SWEEP_POINTS)
    throw new RangeError(`a sweep takes at most ${MAX_SWEEP_POINTS} values`);
  const points = values.map((value) => {
    const copy = structuredClone(scenario);
    spec.set(copy, value);
    const parsed = parseMigrationScenario(copy);
    if (!parsed.ok) throw new RangeError(`${param} = ${value}: ${parsed.error}`);
    const results = {} as Record<MigrationMethod, MigrationComparisonRow>;
    for (const row of compareMigrationMethods(parsed.value)) results[row.method] = row;
    return { value, results };
  });
  return { param, label: spec.label, unit: spec.unit, points };
}

// --- summary helpers ----------------------------------------------------------------------

const round3 = (x: number) => Math.round(x * 1000) / 1000;

function comparisonTable(scenario: MigrationScenario): TopicTable {
  return {
    id: 'methods',
    title: 'All three methods on the same VM and link',
    columns: [
      'Method',
      'Downtime (ms)',
      'Total time (s)',
      'Data sent (MiB)',
      'Data (x memory)',
      'Pre-copy rounds',
      'Stopped because',
      'Guest time lost to faults (s)',
    ],
    rows: compareMigrationMethods(scenario).map((r) => [
      r.name,
      round3(r.downtimeMs),
      round3(r.totalTimeS),
      round3(r.dataMiB),
      round3(r.dataFactor),
      r.method === 'pre-copy' ? r.precopyRounds : null,
      r.stopReason === null ? null : STOP_REASON_TEXT[r.stopReason],
      r.method === 'post-copy' ? round3(r.lostS) : null,
    ]),
  };
}

function outcomeMetrics(scenario: MigrationScenario, o: MigrationOutcome): TopicMetric[] {
  const d = derive(scenario);
  const dirtyMiBps = (scenario.vm.dirtyRatePagesPerS * d.pageBytes) / MIB;
  const linkMiBps = (d.linkMbps * 1e6) / 8 / MIB;
  return [
    { id: 'method', label: 'Method', value: MIGRATION_METHOD_NAMES[o.method], unit: '' },
    { id: 'totalTimeS', label: 'Total migration time', value: o.totalTimeS, unit: 's' },
    { id: 'downtimeMs', label: 'Downtime', value: o.downtimeS * 1000, unit: 'ms' },
    { id: 'dataMiB', label: 'Data sent', value: o.dataMiB, unit: 'MiB' },
    { id: 'dataFactor', label: 'Data sent / VM memory', value: o.dataFactor, unit: 'x' },
    { id: 'precopyRounds', label: 'Pre-copy rounds', value: o.precopyRounds, unit: 'rounds' },
    {
      id: 'stopReason',
      label: 'Pre-copy stopped because',
      value: o.stopReason === null ? null : STOP_REASON_TEXT[o.stopReason],
      unit: '',
    },
    { id: 'finalPages', label: 'Pages copied while paused', value: o.finalPages, unit: 'pages' },
    { id: 'dirtyRateMiBps', label: 'Page dirty rate', value: dirtyMiBps, unit: 'MiB/s' },
    { id: 'linkMiBps', label: 'Link bandwidth', value: linkMiBps, unit: 'MiB/s' },
    { id: 'dirtyToLink', label: 'Dirty rate / link bandwidth', value: dirtyMiBps / linkMiBps, unit: 'x' },
    { id: 'postCopyFaults', label: 'Post-copy network faults', value: o.faults, unit: 'faults' },
    { id: 'postCopyLostS', label: 'Guest time lost to faults', value: o.lostS, unit: 's' },
  ];
}

/** Interval events of one method on the time axis (seconds from the migration start + offset). */
function outcomeEvents(o: MigrationOutcome, resumeS: number, offsetS: number): TopicEvent[] {
  const events: TopicEvent[] = [];
  for (const r of o.rounds) {
    events.push({
      type: 'round',
      subject: o.method,
      start: offsetS + r.startS,
      end: offsetS + r.startS + r.durationS,
      data: {
        round: r.round,
        phase: r.phase,
        pagesSent: r.pagesSent,
        pagesDirtied: r.pagesDirtied,
        rateMbps: r.rateMbps,
        ...(o.method === 'post-copy' ? { faults: round3(r.faults) } : {}),
      },
    });
  }
  const downtimeStart = offsetS + o.downtimeStartS;
  events.push({
    type: 'downtime',
    subject: o.method,
    start: downtimeStart,
    end: downtimeStart + o.downtimeS,
    data: { finalPages: o.finalPages, resumeMs: resumeS * 1000 },
  });
  if (o.method === 'post-copy') {
    events.push({
      type: 'degraded',
      subject: o.method,
      start: offsetS + resumeS,
      end: offsetS + o.totalTimeS,
      data: { faults: round3(o.faults), lostS: o.lostS },
    });
  }
  return events;
}

// --- the rounds simulation (step axis) ----------------------------------------------------

function roundFrame(r: MigrationRound): TopicFrame {
  return {
    t: r.round,
    values: {
      pagesSent: r.pagesSent,
      pagesDirtied: r.pagesDirtied,
      pageWrites: r.pageWrites,
      dirtySetAfter: r.dirtySetAfter,
      roundDurationS: r.durationS,
      startS: r.startS,
      rateMbps: r.rateMbps,
      cumulativeDataMiB: r.cumulativeDataMiB,
      paused: r.phase === 'stop-and-copy' ? 1 : 0,
      faults: r.faults,
    },
  };
}

/**
 * One frame per round of the chosen method (pre-copy: live rounds then the final
 * stop-and-copy; stop-and-copy: one round; post-copy: the background push in 10 steps).
 * Round events (simulated seconds) come with their frame; the other two methods' events,
 * for a side-by-side timeline, come with the first frame. Deterministic: the seed is unused.
 */
export function createMigrationRoundsSimulation(scenario: MigrationScenario, _seed = 0): TopicSimulation {
  const outcome = planMigration(scenario, scenario.method);
  const resumeS = scenario.resumeMs / 1000;
  const frames = outcome.rounds.map(roundFrame);
  const ownEvents = outcomeEvents(outcome, resumeS, 0);
  const roundEvents = ownEvents.filter((e) => e.type === 'round');
  const otherEvents = [
    ...ownEvents.filter((e) => e.type !== 'round'),
    ...MIGRATION_METHODS.filter((m) => m !== scenario.method).flatMap((m) =>
      outcomeEvents(planMigration(scenario, m), resumeS, 0),
    ),
  ];
  const horizon = frames.length;
  let emitted = 0;
  let now = 0;
  return {
    axis: { unit: 'step', label: 'Pre-copy round' },
    horizon,
    get now() {
      return now;
    },
    get done() {
      return emitted >= horizon;
    },
    get eventsProcessed() {
      return emitted;
    },
    advanceTo(until: number): TopicChunk {
      const chunk: TopicChunk = { frames: [], events: [] };
      if (!(until >= now)) return chunk;
      now = Math.min(until, horizon);
      while (emitted < horizon && frames[emitted]!.t <= now) {
        if (emitted === 0) chunk.events.push(...otherEvents);
        chunk.frames.push(frames[emitted]!);
        chunk.events.push(roundEvents[emitted]!);
        emitted++;
      }
      return chunk;
    },
    summary(): TopicSummary {
      return {
        metrics: outcomeMetrics(scenario, outcome),
        tables: [
          comparisonTable(scenario),
          {
            id: 'rounds',
            title: `${MIGRATION_METHOD_NAMES[scenario.method]}: rounds`,
            columns: [
              'Round',
              'Phase',
              'Rate (Mbit/s)',
              'Pages sent',
              'Pages dirtied',
              'Duration (s)',
              'Data so far (MiB)',
            ],
            rows: outcome.rounds.map((r) => [
              r.round,
              r.phase,
              round3(r.rateMbps),
              r.pagesSent,
              r.pagesDirtied,
              round3(r.durationS),
              round3(r.cumulativeDataMiB),
            ]),
          },
        ],
      };
    },
  };
}

// --- the service during a migration (time axis) ------------------------------------------

export const CLUSTER_PHASES = ['before', 'pre-copy', 'downtime', 'post-copy', 'after'] as const;
export type ClusterPhase = (typeof CLUSTER_PHASES)[number];
const PHASE_LABEL: Readonly<Record<ClusterPhase, string>> = {
  before: 'Before (host A)',
  'pre-copy': 'Pre-copy rounds (host A)',
  downtime: 'Downtime',
  'post-copy': 'Post-copy faults (host B)',
  after: 'After (host B)',
};

/** A stretch of time with one VM speed (1 = full CPU, 0 = paused). */
interface SpeedPiece {
  start: number;
  phase: number;
  speed: number;
  rateMbps: number;
}

/** Most pieces the post-copy slowdown is cut into (one per frame interval up to this). */
const MAX_POST_COPY_PIECES = 10_000;

function speedSchedule(s: MigrationScenario, o: MigrationOutcome): SpeedPiece[] {
  const t0 = s.cluster.startS;
  const link = s.link.bandwidthGbps * 1000;
  const steal = s.cluster.cpuStealAtLinkRate;
  const phase = (p: ClusterPhase) => CLUSTER_PHASES.indexOf(p);
  const pieces: SpeedPiece[] = [{ start: 0, phase: phase('before'), speed: 1, rateMbps: 0 }];
  for (const r of o.rounds) {
    if (r.phase !== 'precopy') continue;
    pieces.push({
      start: t0 + r.startS,
      phase: phase('pre-copy'),
      speed: 1 - (steal * r.rateMbps) / link,
      rateMbps: r.rateMbps,
    });
  }
  pieces.push({
    start: t0 + o.downtimeStartS,
    phase: phase('downtime'),
    speed: 0,
    rateMbps: o.finalPages > 0 ? link : 0,
  });
  const resumeAt = t0 + o.downtimeStartS + o.downtimeS;
  if (o.method === 'post-copy') {
    // Average speed over each piece from the exact integral of 1 / (1 + a·m).
    const pushS = o.totalTimeS - o.downtimeS;
    const a = s.postCopy.faultsPerS * (s.postCopy.faultLatencyMs / 1000);
    const n = Math.max(1, Math.min(MAX_POST_COPY_PIECES, Math.ceil(pushS / s.cluster.frameIntervalS)));
    for (let i = 0; i < n; i++) {
      const m0 = 1 - i / n;
      const m1 = 1 - (i + 1) / n;
      const speed = a > 1e-9 ? Math.log1p(a * m0) - Math.log1p(a * m1) : 0;
      pieces.push({
        start: resumeAt + (pushS * i) / n,
        phase: phase('post-copy'),
        speed: a > 1e-9 ? speed / (a * (m0 - m1)) : 1,
        rateMbps: link,
      });
    }
    pieces.push({ start: resumeAt + pushS, phase: phase('after'), speed: 1, rateMbps: 0 });
  } else {
    pieces.push({ start: resumeAt, phase: phase('after'), speed: 1, rateMbps: 0 });
  }
  return pieces;
}

/** FIFO queue of waiting requests in growable typed arrays (arrival time, work, phase). */
class RequestQueue {
  private arrival = new Float64Array(1024);
  private work = new Float64Array(1024);
  private phase = new Uint8Array(1024);
  private head = 0;
  private tail = 0;

  get length(): number {
    return this.tail - this.head;
  }

  push(arrival: number, work: number, phase: number): void {
    if (this.tail === this.arrival.length) this.compact();
    this.arrival[this.tail] = arrival;
    this.work[this.tail] = work;
    this.phase[this.tail] = phase;
    this.tail++;
  }

  /** Index of the oldest request, to read with the getters, then shift(). */
  shift(): number {
    return this.head++;
  }

  arrivalAt(i: number): number {
    return this.arrival[i]!;
  }
  workAt(i: number): number {
    return this.work[i]!;
  }
  phaseAt(i: number): number {
    return this.phase[i]!;
  }

  /** Moves the live part to the front, doubling the arrays when more than half is in use. */
  private compact(): void {
    const live = this.tail - this.head;
    const size = live * 2 > this.arrival.length ? this.arrival.length * 2 : this.arrival.length;
    const move = <T extends Float64Array | Uint8Array>(old: T, fresh: T): T => {
      fresh.set(old.subarray(this.head, this.tail));
      return fresh;
    };
    this.arrival = move(this.arrival, new Float64Array(size));
    this.work = move(this.work, new Float64Array(size));
    this.phase = move(this.phase, new Uint8Array(size));
    this.head = 0;
    this.tail = live;
  }
}

/**
 * The service around a migration: Poisson arrivals (rate λ) to a VM with `vcpus` vCPUs
 * (FIFO queue, exponential work of mean S at full speed). The VM's speed follows the
 * migration: 1 before; 1 - steal x rate/link during pre-copy rounds; 0 while paused
 * (requests wait); post-copy: 1 / (1 + F·L·m(t)); 1 again on host B. Requests in service
 * keep their remaining work across speed changes. Frames every `frameIntervalS` report the
 * latency (mean and p95) of requests that completed in the window, the throughput and the
 * phase. Requests are counted in the phase they arrived in.
 */
export function createClusterMigrationSimulation(scenario: MigrationScenario, seed: number): TopicSimulation {
  const cl = scenario.cluster;
  const outcome = planMigration(scenario, scenario.method);
  const pieces = speedSchedule(scenario, outcome);
  const engine = new Engine();
  const root = new Random(seed);
  const arrivals = root.fork('arrivals');
  const works = root.fork('work');
  const meanGapS = 1 / cl.arrivalRatePerS;
  const meanWorkS = cl.serviceTimeMs / 1000;
  const horizon = cl.horizonS;
  const servers = cl.vcpus;

  // Server state.
  const busy = new Uint8Array(servers);
  const remaining = new Float64Array(servers);
  const updatedAt = new Float64Array(servers);
  const handle = new Float64Array(servers);
  const arrivedAt = new Float64Array(servers);
  const arrivedIn = new Uint8Array(servers);
  const queue = new RequestQueue();
  let speed = 1;
  let phaseIndex = 0;
  let rateMbps = 0;

  // Statistics: per frame window, per phase, whole run.
  const windowHist = new LogHistogram();
  let windowSum = 0;
  let windowCount = 0;
  let windowArrivals = 0;
  const phaseHist = CLUSTER_PHASES.map(() => new LogHistogram());
  const phaseArrivals = CLUSTER_PHASES.map(() => 0);
  const allHist = new LogHistogram();

  const frames: TopicFrame[] = [];
  const events: TopicEvent[] = [];
  let itemsLeft = MAX_TOPIC_ITEMS;

  const complete = engine.register((server) => {
    const latencyMs = (engine.now - arrivedAt[server]!) * 1000;
    windowHist.record(latencyMs);
    windowSum += latencyMs;
    windowCount++;
    phaseHist[arrivedIn[server]!]!.record(latencyMs);
    allHist.record(latencyMs);
    busy[server] = 0;
    if (queue.length > 0) {
      const i = queue.shift();
      start(server, queue.arrivalAt(i), queue.workAt(i), queue.phaseAt(i));
    }
  });

  function schedule(server: number): void {
    if (speed > 0) handle[server] = engine.scheduleCancellable(remaining[server]! / speed, complete, server);
    else handle[server] = -1;
  }

  function start(server: number, arrival: number, work: number, phase: number): void {
    busy[server] = 1;
    remaining[server] = work;
    updatedAt[server] = engine.now;
    arrivedAt[server] = arrival;
    arrivedIn[server] = phase;
    schedule(server);
  }

  const arrive = engine.register(() => {
    const now = engine.now;
    windowArrivals++;
    phaseArrivals[phaseIndex]!++;
    const work = works.exponential(meanWorkS);
    let free = -1;
    for (let k = 0; k < servers; k++) {
      if (busy[k] === 0) {
        free = k;
        break;
      }
    }
    if (free >= 0) start(free, now, work, phaseIndex);
    else queue.push(now, work, phaseIndex);
    const next = now + arrivals.exponential(meanGapS);
    if (next <= horizon) engine.scheduleAt(next, arrive);
  });

  const changeSpeed = engine.register((index) => {
    const piece = pieces[index]!;
    const now = engine.now;
    for (let k = 0; k < servers; k++) {
      if (busy[k] === 0) continue;
      remaining[k] = Math.max(0, remaining[k]! - (now - updatedAt[k]!) * speed);
      updatedAt[k] = now;
      if (handle[k]! >= 0) engine.cancel(handle[k]!);
    }
    speed = piece.speed;
    phaseIndex = piece.phase;
    rateMbps = piece.rateMbps;
    for (let k = 0; k < servers; k++) if (busy[k] === 1) schedule(k);
  });

  let frameIndex = 0;
  // Rounded to the nanosecond so frame times read 0.3, not 0.30000000000000004.
  const frameTime = (i: number) => Math.min(horizon, Math.round((i + 1) * cl.frameIntervalS * 1e9) / 1e9);
  const closeFrame = engine.register(() => {
    const now = engine.now;
    const span = now - (frameIndex === 0 ? 0 : frameTime(frameIndex - 1));
    let inSystem = queue.length;
    for (let k = 0; k < servers; k++) inSystem += busy[k]!;
    if (itemsLeft > 0) {
      frames.push({
        t: now,
        values: {
          latencyMeanMs: windowCount > 0 ? windowSum / windowCount : null,
          latencyP95Ms: windowHist.quantile(0.95),
          throughputPerS: span > 0 ? windowCount / span : null,
          arrivalsPerS: span > 0 ? windowArrivals / span : null,
          inSystem,
          phase: phaseIndex,
          speed,
          migrationRateMbps: rateMbps,
        },
      });
      itemsLeft--;
    }
    windowHist.reset();
    windowSum = 0;
    windowCount = 0;
    windowArrivals = 0;
    frameIndex++;
    if (now < horizon) engine.scheduleAt(frameTime(frameIndex), closeFrame);
  });

  // The migration's own intervals, shifted to when it starts, emitted as each begins.
  const timeline = outcomeEvents(outcome, scenario.resumeMs / 1000, cl.startS);
  for (let i = 1; i < pieces.length; i++) {
    const from = pieces[i]!;
    const previous = pieces[i - 1]!;
    if (from.phase !== previous.phase) {
      let j = i + 1;
      while (j < pieces.length && pieces[j]!.phase === from.phase) j++;
      const end = j < pieces.length ? pieces[j]!.start : horizon;
      timeline.push({
        type: 'phase',
        subject: 'migration',
        start: from.start,
        end,
        data: { phase: CLUSTER_PHASES[from.phase]!, label: PHASE_LABEL[CLUSTER_PHASES[from.phase]!] },
      });
    }
  }
  timeline.sort((x, y) => x.start - y.start);
  const pendingEvents = timeline.filter((e) => e.start <= horizon);
  let nextEvent = 0;

  for (let i = 1; i < pieces.length; i++) {
    if (pieces[i]!.start <= horizon) engine.scheduleAt(pieces[i]!.start, changeSpeed, i);
  }
  const firstArrival = arrivals.exponential(meanGapS);
  if (firstArrival <= horizon) engine.scheduleAt(firstArrival, arrive);
  engine.scheduleAt(frameTime(0), closeFrame);

  let now = 0;
  return {
    axis: { unit: 's', label: 'Simulated time (s)' },
    horizon,
    get now() {
      return now;
    },
    get done() {
      return now >= horizon;
    },
    get eventsProcessed() {
      return engine.eventsProcessed;
    },
    advanceTo(until: number): TopicChunk {
      if (!(until > now)) return { frames: [], events: [] };
      const target = Math.min(until, horizon);
      engine.run(target);
      now = target;
      while (nextEvent < pendingEvents.length && pendingEvents[nextEvent]!.start <= now && itemsLeft > 0) {
        events.push(pendingEvents[nextEvent++]!);
        itemsLeft--;
      }
      const chunk = { frames: frames.splice(0), events: events.splice(0) };
      return chunk;
    },
    summary(): TopicSummary {
      const migrating = new LogHistogram();
      for (const p of ['pre-copy', 'downtime', 'post-copy'] as const)
        migrating.merge(phaseHist[CLUSTER_PHASES.indexOf(p)]!);
      const before = phaseHist[0]!;
      const completed = allHist.count;
      const arrived = phaseArrivals.reduce((x, y) => x + y, 0);
      const metrics: TopicMetric[] = [
        ...outcomeMetrics(scenario, outcome),
        { id: 'migrationStartS', label: 'Migration starts at', value: cl.startS, unit: 's' },
        {
          id: 'migrationEndS',
          label: 'Migration ends at',
          value: cl.startS + outcome.totalTimeS,
          unit: 's',
        },
        { id: 'requests', label: 'Requests arrived', value: arrived, unit: 'requests' },
        { id: 'completed', label: 'Requests completed', value: completed, unit: 'requests' },
        { id: 'latencyMeanMs', label: 'Mean latency (whole run)', value: allHist.mean(), unit: 'ms' },
        {
          id: 'latencyP95BeforeMs',
          label: 'p95 latency before migrating',
          value: before.quantile(0.95),
          unit: 'ms',
        },
        {
          id: 'latencyP95DuringMs',
          label: 'p95 latency while migrating',
          value: migrating.quantile(0.95),
          unit: 'ms',
        },
        { id: 'latencyMaxMs', label: 'Worst latency', value: allHist.max, unit: 'ms' },
        {
          id: 'requestsInDowntime',
          label: 'Requests arriving during downtime',
          value: phaseArrivals[CLUSTER_PHASES.indexOf('downtime')]!,
          unit: 'requests',
        },
      ];
      const phaseTable: TopicTable = {
        id: 'phases',
        title: 'Latency by migration phase (requests counted in the phase they arrived in)',
        columns: ['Phase', 'Requests', 'Completed', 'Mean (ms)', 'p95 (ms)', 'p99 (ms)', 'Max (ms)'],
        rows: CLUSTER_PHASES.map((p, i) => {
          const h = phaseHist[i]!;
          const r = (x: number | null) => (x === null ? null : round3(x));
          return [
            PHASE_LABEL[p],
            phaseArrivals[i]!,
            h.count,
            r(h.mean()),
            r(h.quantile(0.95)),
            r(h.quantile(0.99)),
            r(h.max),
          ];
        }),
      };
      return { metrics, tables: [phaseTable, comparisonTable(scenario)] };
    },
  };
}

/** The topic's model: the rounds view or the service view, as the scenario's `simulate` says. */
export function createMigrationSimulation(scenario: MigrationScenario, seed: number): TopicSimulation {
  return scenario.simulate === 'cluster'
    ? createClusterMigrationSimulation(scenario, seed)
    : createMigrationRoundsSimulation(scenario, seed);
}
