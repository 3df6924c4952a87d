import { join } from 'node:path';
import { runCluster, type ClusterResult } from './cluster';
import { runHold, type HoldResult } from './engine-hold';
import {
  measureMemory,
  measureProduct,
  serverlessScenario,
  type MemoryResult,
  type ProductThroughput,
} from './product';
import {
  machineInfo,
  measureBackgroundLoad,
  markdownTable,
  textTable,
  writeResults,
  type MachineInfo,
  type Row,
} from './report';
import { runSimpyComparison, SIMPY_INSTALL_HINT, type SimpyComparison } from './simpy-compare';
import { exposedGc, formatMiB, formatNumber, formatRate, percentDiff } from './util';

/**
 * `npm run bench`: VirtLab's performance benchmarks. Prints a table and writes it into
 * BENCHMARKS.md between the result markers. Benchmarks are not tests: timings never make
 * this exit non-zero (only a crash does), and none of this runs in `npm test`.
 *
 *   npm run bench                       everything, writes BENCHMARKS.md
 *   npm run bench -- --quick            smaller sizes, a quick look; does not write
 *   npm run bench -- --no-write         full sizes, print only
 *   npm run bench -- --only=engine,simpy   some of: engine, serverless, cluster, simpy, memory
 */

const SECTIONS = ['engine', 'serverless', 'cluster', 'simpy', 'memory'] as const;
type Section = (typeof SECTIONS)[number];

const SEED = 1;
const TARGET_ENGINE_EVENTS_PER_S = 5_000_000;
const TARGET_SERVERLESS_WALL_S = 2;
const TARGET_SIMPY_RATIO = 30;
const MEMORY_RATIO_LIMIT = 1.5;
/** Published anchors (anchors.md, "Published speed of the anchors"). */
const SIMPY_ANCHOR_INVOCATIONS_PER_S = 50_000;
const SIMFAAS_ANCHOR_S_PER_MILLION = 42;
const CLOUDSIM_ANCHOR_S = 78; // 1.3 min

interface Options {
  quick: boolean;
  write: boolean;
  sections: Set<Section>;
}

function parseArgs(argv: readonly string[]): Options {
  let quick = false;
  let write = true;
  let sections = new Set<Section>(SECTIONS);
  for (const arg of argv) {
    if (arg === '--quick') quick = true;
    else if (arg === '--no-write') write = false;
    else if (arg.startsWith('--only=')) {
      const names = arg.slice('--only='.length).split(',');
      for (const name of names) {
        if (!(SECTIONS as readonly string[]).includes(name)) {
          throw new Error(`unknown section "${name}"; choose from ${SECTIONS.join(', ')}`);
        }
      }
      sections = new Set(names as Section[]);
    } else throw new Error(`unknown option ${arg}`);
  }
  // A partial or quick run must not replace the full table.
  if (quick || sections.size < SECTIONS.length) write = false;
  return { quick, write, sections };
}

interface Sizes {
  holdEvents: number;
  holdReps: number;
  /** Arrivals per second and horizon of the serverless runs (about rate x horizon requests). */
  serverlessRate: number;
  serverlessHorizonS: number;
  productReps: number;
  simpyRate: number;
  simpyHorizonS: number;
  engineModelReps: number;
  memoryRate: number;
  memoryHorizonS: number;
  clusterHosts: number;
  clusterInstances: number;
  clusterHorizonS: number;
}

const FULL: Sizes = {
  holdEvents: 3_000_000,
  holdReps: 5,
  serverlessRate: 1000,
  serverlessHorizonS: 1000,
  productReps: 5,
  simpyRate: 1000,
  simpyHorizonS: 1000,
  engineModelReps: 5,
  memoryRate: 1000,
  memoryHorizonS: 1000,
  clusterHosts: 10_000,
  clusterInstances: 100_000,
  clusterHorizonS: 120,
};

const QUICK: Sizes = {
  ...FULL,
  holdEvents: 500_000,
  holdReps: 3,
  serverlessHorizonS: 100,
  productReps: 3,
  simpyHorizonS: 100,
  engineModelReps: 3,
  memoryHorizonS: 100,
  clusterHosts: 1_000,
  clusterInstances: 10_000,
  clusterHorizonS: 60,
};

interface Results {
  machine: MachineInfo;
  quick: boolean;
  hold: HoldResult[];
  product: ProductThroughput | null;
  cluster: ClusterResult | null;
  simpy: SimpyComparison | null;
  memory: MemoryResult | null;
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function runAll(options: Options, machine: MachineInfo): Results {
  const sizes = options.quick ? QUICK : FULL;
  const has = (s: Section): boolean => options.sections.has(s);
  const results: Results = {
    machine,
    quick: options.quick,
    hold: [],
    product: null,
    cluster: null,
    simpy: null,
    memory: null,
  };

  if (has('engine')) {
    for (const pending of [10, 1_000, 100_000]) {
      log(`engine hold: ${formatNumber(pending)} pending ...`);
      results.hold.push(runHold(pending, sizes.holdEvents, sizes.holdReps));
    }
  }
  if (has('serverless')) {
    log('product model, serverless ...');
    const scenario = serverlessScenario(sizes.serverlessRate, sizes.serverlessHorizonS);
    results.product = measureProduct(scenario, SEED, sizes.productReps);
  }
  if (has('cluster')) {
    log('cluster placement ...');
    results.cluster = runCluster(sizes.clusterHosts, sizes.clusterInstances, sizes.clusterHorizonS);
  }
  if (has('simpy')) {
    log('SimPy side by side ...');
    results.simpy = runSimpyComparison(
      sizes.simpyRate,
      sizes.simpyHorizonS,
      0.1,
      SEED,
      sizes.engineModelReps,
    );
  }
  if (has('memory')) {
    if (exposedGc() === null)
      log('memory: gc() is not exposed; run with node --expose-gc (npm run bench does)');
    log('memory at H and 10H ...');
    results.memory = measureMemory(sizes.memoryRate, sizes.memoryHorizonS, SEED);
  }
  return results;
}

function holdRows(hold: readonly HoldResult[]): Row[] {
  return hold.map((h) => {
    const hasTarget = h.pending >= 1_000;
    return {
      benchmark: `Engine hold, ${formatNumber(h.pending)} pending (events/s, median of ${h.repetitions})`,
      measured: formatRate(h.medianEventsPerSecond),
      target: hasTarget ? `>= ${formatRate(TARGET_ENGINE_EVENTS_PER_S)}` : '—',
      pass: hasTarget ? h.medianEventsPerSecond >= TARGET_ENGINE_EVENTS_PER_S : null,
    };
  });
}

function productRows(p: ProductThroughput): Row[] {
  const s = p.summary;
  return [
    {
      benchmark: `Product model, serverless, ${formatNumber(s.arrivals)} invocations: wall time (median of ${p.repetitions})`,
      measured: `${p.seconds.toFixed(2)} s`,
      target: `< ${TARGET_SERVERLESS_WALL_S} s`,
      pass: p.seconds < TARGET_SERVERLESS_WALL_S,
    },
    {
      benchmark: 'Product model, serverless: events/s; invocations/s',
      measured: `${formatRate(p.eventsPerSecond)}; ${formatRate(p.invocationsPerSecond)}`,
      target: '—',
      pass: null,
    },
    {
      benchmark: 'Product model, serverless: cold starts; peak instances (sanity)',
      measured: `${formatNumber(s.coldStarts)}; ${formatNumber(s.peakInstances)}`,
      target: '—',
      pass: null,
    },
  ];
}

function clusterRows(c: ClusterResult): Row[] {
  const title = `Cluster, ${formatNumber(c.hosts)} hosts / ${formatNumber(c.instancesTarget)} VMs`;
  if (!c.ran) return [{ benchmark: title, measured: `not run: ${c.reason}`, target: '—', pass: null }];
  return [
    {
      benchmark: `${title}: initial placement (first fit)`,
      measured: `${c.placementSeconds.toFixed(2)} s (${formatNumber(c.instancesPlaced)} VMs on ${formatNumber(c.hostsInUse)} hosts)`,
      target: '—',
      pass: null,
    },
    {
      benchmark: `${title}: run ${formatNumber(c.horizonS)} s simulated`,
      measured:
        `${c.runSeconds.toFixed(2)} s (${formatNumber(c.requests)} requests, ${formatRate(c.events / c.runSeconds)} events/s, ` +
        `peak ${formatNumber(c.peakInstances)} VMs, ${formatNumber(c.rejected)} rejected)`,
      target: '—',
      pass: null,
    },
  ];
}

function simpyRows(c: SimpyComparison): Row[] {
  const e = c.engine;
  const rows: Row[] = [
    {
      benchmark: 'Keep-alive model on the Engine (bench/serverless-model.ts): invocations/s; events/s',
      measured: `${formatRate(e.invocationsPerSecond)}; ${formatRate(e.eventsPerSecond)}`,
      target: '—',
      pass: null,
    },
  ];
  if (c.simpy === null) {
    rows.push({
      benchmark: 'Same model in SimPy',
      measured: `skipped: ${c.skipped}`,
      target: '—',
      pass: null,
    });
    return rows;
  }
  const s = c.simpy;
  const invocationRatio = e.invocationsPerSecond / s.invocationsPerSecond;
  const eventRatio = e.eventsPerSecond / s.eventsPerSecond;
  rows.push(
    {
      benchmark: `Same model in SimPy ${s.simpyVersion} (Python ${s.python}): invocations/s; events/s`,
      measured: `${formatRate(s.invocationsPerSecond)}; ${formatRate(s.eventsPerSecond)}`,
      target: '—',
      pass: null,
    },
    {
      // The model's events (an arrival and a completion per invocation) counted alike on both
      // sides, so this is also the ratio of invocations per second: the same work.
      benchmark: 'Engine / SimPy, model events per second (same work: arrivals + completions)',
      measured: `${invocationRatio.toFixed(1)}x`,
      target: `>= ${TARGET_SIMPY_RATIO}x`,
      pass: invocationRatio >= TARGET_SIMPY_RATIO,
    },
    {
      // Context, not the target: SimPy needs 4 scheduler events per invocation, the Engine 2.
      benchmark: 'Engine / SimPy, scheduler events per second (each counts its own: 2 vs 4 per invocation)',
      measured: `${eventRatio.toFixed(1)}x`,
      target: '—',
      pass: null,
    },
    {
      benchmark: 'Engine model / published SimPy anchor (50,000 invocations/s)',
      measured: `${(e.invocationsPerSecond / SIMPY_ANCHOR_INVOCATIONS_PER_S).toFixed(0)}x`,
      target: '—',
      pass: null,
    },
    {
      benchmark: 'Engine and SimPy outputs agree (same variates)',
      measured: c.differences.length === 0 ? 'identical' : c.differences.join('; '),
      target: 'identical',
      pass: c.differences.length === 0,
    },
  );
  return rows;
}

function memoryRows(m: MemoryResult): Row[] {
  const [h, h10] = m.points as [MemoryResult['points'][0], MemoryResult['points'][0]];
  return [
    {
      benchmark: `Memory after GC, product model at ${formatNumber(m.ratePerS)}/s: horizon ${formatNumber(h.horizonS)} s -> ${formatNumber(h10.horizonS)} s`,
      measured: `${formatMiB(h.retainedBytes)} -> ${formatMiB(h10.retainedBytes)} (x${m.ratio.toFixed(2)})${m.gcExposed ? '' : ' (no gc(): unreliable)'}`,
      target: `x <= ${MEMORY_RATIO_LIMIT}`,
      pass: m.gcExposed ? m.ratio <= MEMORY_RATIO_LIMIT : null,
    },
  ];
}

function allRows(r: Results): Row[] {
  return [
    ...holdRows(r.hold),
    ...(r.product ? productRows(r.product) : []),
    ...(r.cluster ? clusterRows(r.cluster) : []),
    ...(r.simpy ? simpyRows(r.simpy) : []),
    ...(r.memory ? memoryRows(r.memory) : []),
  ];
}

/** Details under the table: the model outputs side by side, so the comparison can be checked. */
function simpyDetails(c: SimpyComparison, product: ProductThroughput | null): string {
  const p = c.setup.params;
  const lines = [
    `Keep-alive model: Poisson arrivals at ${formatNumber(c.setup.ratePerS)}/s for ${formatNumber(p.horizonS)} s, ` +
      `exponential CPU demand (mean ${c.setup.meanDemandS * 1000} ms) x ${p.slowdown.toFixed(4)} (Firecracker), ` +
      `log-normal cold start (product preset), warm overhead ${p.warmOverheadS * 1000} ms, keep-alive ${p.keepAliveS} s, ` +
      `concurrency 1, queue ${formatNumber(p.queueCapacity)}. Both sides read the same variates.`,
    '',
    '| Output | Engine model | SimPy model | Product model (own random streams) |',
    '| --- | --- | --- | --- |',
  ];
  const e = c.engine.outcome;
  const s = c.simpy?.outcome ?? null;
  const ps = product?.summary ?? null;
  const productMatches =
    product !== null && product.ratePerS === c.setup.ratePerS && product.horizonS === p.horizonS;
  const cell = (v: number | null | undefined, digits = 0): string =>
    v === null || v === undefined ? '—' : formatNumber(v, digits);
  const row = (name: string, ev: string, sv: string, pv: string): string =>
    `| ${name} | ${ev} | ${sv} | ${pv} |`;
  lines.push(
    row(
      'invocations (arrivals)',
      cell(e.arrivals),
      cell(s?.arrivals),
      productMatches ? cell(ps?.arrivals) : '—',
    ),
    row('completed', cell(e.completed), cell(s?.completed), productMatches ? cell(ps?.completed) : '—'),
    row('cold starts', cell(e.coldStarts), cell(s?.coldStarts), productMatches ? cell(ps?.coldStarts) : '—'),
    row('instances started', cell(e.instancesStarted), cell(s?.instancesStarted), '—'),
    row('instances expired (keep-alive)', cell(e.instancesExpired), cell(s?.instancesExpired), '—'),
    row(
      'peak instances',
      cell(e.peakInstances),
      cell(s?.peakInstances),
      productMatches ? cell(ps?.peakInstances) : '—',
    ),
    row(
      'mean latency (ms)',
      cell(e.meanLatencyMs, 3),
      cell(s?.meanLatencyMs, 3),
      productMatches ? cell(product?.meanLatencyMs, 3) : '—',
    ),
    row(
      'events processed',
      cell(c.engine.events),
      cell(c.simpy?.events),
      productMatches ? cell(product?.events) : '—',
    ),
    row(
      'wall time (s)',
      cell(c.engine.seconds, 3),
      cell(c.simpy?.seconds, 3),
      productMatches ? cell(product?.seconds, 3) : '—',
    ),
  );
  if (productMatches && s !== null && s.meanLatencyMs !== null && product?.meanLatencyMs) {
    lines.push(
      '',
      `The product model draws its own random numbers, so it agrees only statistically: mean latency ` +
        `${percentDiff(product.meanLatencyMs, s.meanLatencyMs).toFixed(2)}% apart, cold starts ` +
        `${formatNumber(product.summary.coldStarts)} vs ${formatNumber(s.coldStarts)}.`,
    );
  }
  return lines.join('\n');
}

/** Other work competes for the cores: say how much there was, since it lowers every timing. */
function backgroundNote(m: MachineInfo): string {
  const load = `load average ${m.loadAverage.toFixed(2)}`;
  if (m.busyBefore === null) return `Before the run: ${load}.`;
  const busy = `${(m.busyBefore * 100).toFixed(0)}% of the cores busy with other work`;
  const warning = m.busyBefore > 0.1 ? ' (timings are lower than on an idle machine)' : '';
  return `Before the run: ${busy}, ${load}${warning}.`;
}

function markdownBlock(r: Results): string {
  const m = r.machine;
  const parts = [
    `Measured on ${m.date}: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node} (V8 ${m.v8}), ${m.platform}. ` +
      `${backgroundNote(m)}`,
    '',
    markdownTable(allRows(r)),
  ];
  if (r.product) {
    const perMillion = (r.product.seconds / r.product.summary.arrivals) * 1e6;
    parts.push(
      '',
      `Context: SimFaaS is published at about ${SIMFAAS_ANCHOR_S_PER_MILLION} s per million requests; the product model ` +
        `took ${perMillion.toFixed(2)} s per million here (${(SIMFAAS_ANCHOR_S_PER_MILLION / perMillion).toFixed(0)}x less).`,
    );
  }
  if (r.cluster?.ran) {
    const c = r.cluster;
    parts.push(
      '',
      `Context: CloudSim Plus is published at ${CLOUDSIM_ANCHOR_S} s for 20,000 hosts, 40,000 VMs and 50,000 cloudlets; ` +
        `here ${formatNumber(c.hosts)} hosts and ${formatNumber(c.instancesPlaced)} VMs took ` +
        `${(c.placementSeconds + c.runSeconds).toFixed(1)} s to place and run ${formatNumber(c.requests)} requests.`,
    );
  }
  if (r.simpy) parts.push('', simpyDetails(r.simpy, r.product));
  if (r.simpy?.simpy === null) parts.push('', `SimPy was not run: \`${SIMPY_INSTALL_HINT}\`.`);
  return parts.join('\n');
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const machine = machineInfo(await measureBackgroundLoad());
  const results = runAll(options, machine);
  const m = results.machine;
  console.log(`\nVirtLab benchmarks${results.quick ? ' (quick sizes)' : ''}`);
  console.log(`${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, ${m.date}`);
  console.log(`${backgroundNote(m)}\n`);
  console.log(textTable(allRows(results)));
  if (results.simpy?.skipped) {
    console.log(`\nSimPy row skipped. To run it: ${SIMPY_INSTALL_HINT}  (then: python3 -c "import simpy")`);
  }
  if (options.write) {
    const path = join(import.meta.dirname, '..', 'BENCHMARKS.md');
    await writeResults(path, markdownBlock(results));
    console.log(`\nWrote the results into ${path}`);
  } else {
    console.log('\nBENCHMARKS.md not written (quick, partial or --no-write run).');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
