import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseScenarioFile, type CompareScenario } from '../shared/scenario';
import { createCompareSimulation } from '../shared/sim/compare-model';
import type { MetricSample, RunSummary } from '../shared/sim/types';
import { parseArgs } from './args';
import { EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK, loadTraceDir, runCli, type CliIo } from './run';
import { azureSampleTrace } from '../shared/trace/synthetic';

const ROOT = resolve(import.meta.dirname, '..');
const TSX_CLI = createRequire(import.meta.url).resolve('tsx/cli');
const EXAMPLE = 'examples/one-service-three-platforms.json';
const VERSION = (JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;
const tmp = mkdtempSync(join(tmpdir(), 'virtlab-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** `npm run sim -- ...args` without npm: tsx on cli/main.ts in a child process. */
function sim(...args: string[]) {
  const result = spawnSync(process.execPath, [TSX_CLI, 'cli/main.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  // Progress lines depend on wall-clock time (a busy machine prints them for short runs too);
  // they are tested with a fake clock below, so these checks read the rest of stderr.
  const stderr = result.stderr.replace(/^virtlab-sim: \d+% \(.*\n/gm, '');
  return { status: result.status, stdout: result.stdout, stderr };
}

function loadExample(path = EXAMPLE): CompareScenario {
  const parsed = parseScenarioFile(readFileSync(resolve(ROOT, path), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

/** The reference: the model run directly, in one advanceTo, as JSON would carry it. */
function directRun(
  scenario: CompareScenario,
  seed: number,
): { summary: RunSummary; samples: MetricSample[] } {
  const run = createCompareSimulation(scenario, seed);
  const samples = run.advanceTo(scenario.horizonS);
  return JSON.parse(JSON.stringify({ summary: run.summary(), samples })) as {
    summary: RunSummary;
    samples: MetricSample[];
  };
}

function writeScenario(name: string, edit: (s: Record<string, unknown>) => void): string {
  const data = JSON.parse(readFileSync(resolve(ROOT, EXAMPLE), 'utf8')) as Record<string, unknown>;
  edit(data);
  const path = join(tmp, name);
  writeFileSync(path, JSON.stringify(data));
  return path;
}

describe('virtlab-sim as a child process', () => {
  it('writes JSON whose numbers equal an in-process run with the same seed', () => {
    const out = join(tmp, 'run.json');
    const { status, stderr, stdout } = sim(EXAMPLE, '--seed', '7', '--out', out);
    expect(stderr).toBe(`virtlab-sim: wrote ${out} (360 samples, seed 7)\n`);
    expect(stdout).toBe('');
    expect(status).toBe(EXIT_OK);
    const written = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
    const scenario = loadExample();
    expect(Object.keys(written)).toEqual(['generator', 'version', 'scenario', 'seed', 'summary', 'samples']);
    expect(written['generator']).toBe('virtlab-sim');
    expect(written['version']).toBe(VERSION);
    expect(written['seed']).toBe(7);
    expect(written['scenario']).toEqual(scenario);
    const direct = directRun(scenario, 7);
    expect(written['summary']).toEqual(direct.summary);
    expect(written['samples']).toEqual(direct.samples);
    expect(direct.summary.platforms[0]!.completed).toBeGreaterThan(30_000);
  });

  it('writes CSV: a provenance line, the MetricSample fields as columns, one row per sample', () => {
    const out = join(tmp, 'run.csv');
    const { status, stderr } = sim(EXAMPLE, '--out', out, '--quiet');
    expect(stderr).toBe('');
    expect(status).toBe(EXIT_OK);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    const scenario = loadExample();
    expect(lines[0]).toBe(`# virtlab ${VERSION} scenario=${JSON.stringify(scenario.name)} seed=42`);
    const direct = directRun(scenario, 42);
    const columns = lines[1]!.split(',');
    expect(columns).toEqual(Object.keys(direct.samples[0]!));
    expect(columns).toContain('latencyP95Ms');
    const rows = lines.slice(2);
    expect(rows).toHaveLength(direct.samples.length);
    rows.forEach((row, i) => {
      const sample = direct.samples[i]! as unknown as Record<string, unknown>;
      row.split(',').forEach((cell, c) => {
        const value = sample[columns[c]!];
        if (value === null) expect(cell).toBe('');
        else if (typeof value === 'number') expect(Number(cell)).toBe(value);
        else expect(cell).toBe(value);
      });
    });
  });

  it('changes the results with --seed', () => {
    const a = sim(EXAMPLE, '--seed', '1');
    const b = sim(EXAMPLE, '--seed', '2');
    expect(a.status).toBe(EXIT_OK);
    expect(a.stdout).toContain('seed 1,');
    expect(b.stdout).toContain('seed 2,');
    const scenario = loadExample();
    const arrivals = (seed: number) => directRun(scenario, seed).summary.platforms.map((p) => p.arrivals);
    expect(arrivals(1)).not.toEqual(arrivals(2));
    // The table shows those arrivals.
    expect(a.stdout).toContain(arrivals(1)[0]!.toLocaleString('en-US'));
    expect(b.stdout).toContain(arrivals(2)[0]!.toLocaleString('en-US'));
  });

  it('prints a summary table without --out', () => {
    const { status, stdout } = sim(EXAMPLE);
    expect(status).toBe(EXIT_OK);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(
      `VirtLab ${VERSION}: "One web service on a VM, a container and a function", seed 42, 600 s simulated, ` +
        `${directRun(loadExample(), 42).summary.eventsProcessed.toLocaleString('en-US')} events`,
    );
    expect(lines[2]).toMatch(/^platform\s+density\s+arrivals\s+completed/);
    expect(lines.slice(3, 6).map((l) => l.split(/\s+/)[0])).toEqual(['kvm', 'runc', 'faas-microvm']);
  });

  it('rejects a bad scenario with exit status 2 and names the field', () => {
    const path = writeScenario('bad.json', (s) => {
      (s['hosts'] as Record<string, unknown>)['cores'] = 0;
    });
    const { status, stderr, stdout } = sim(path);
    expect(status).toBe(EXIT_BAD_INPUT);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `virtlab-sim: ${path} is not a valid scenario:\n  hosts.cores: host cores must be at least 1\n`,
    );
  });

  it('reports JSON syntax errors with line and column, and missing files', () => {
    const path = join(tmp, 'broken.json');
    writeFileSync(path, '{\n  "schemaVersion": 2,\n  oops\n}');
    const broken = sim(path);
    expect(broken.status).toBe(EXIT_BAD_INPUT);
    expect(broken.stderr).toMatch(/is not a valid scenario:\n {2}not valid JSON at line 3, column 3/);
    const missing = sim(join(tmp, 'nope.json'));
    expect(missing.status).toBe(EXIT_BAD_INPUT);
    expect(missing.stderr).toBe(
      `virtlab-sim: cannot read scenario file ${join(tmp, 'nope.json')}: no such file\n`,
    );
    const usage = sim(EXAMPLE, '--out', 'results.txt');
    expect(usage.status).toBe(EXIT_BAD_INPUT);
    expect(usage.stderr).toBe('virtlab-sim: --out must name a .json or .csv file, got "results.txt"\n');
  });

  it('replays the Azure trace files given with --trace exactly as the bundled sample', () => {
    const out = join(tmp, 'trace.json');
    const replay = 'examples/azure-trace-replay.json';
    const { status, stderr } = sim(
      replay,
      '--trace',
      'examples/traces/azure-sample/',
      '--out',
      out,
      '--quiet',
    );
    expect(stderr).toBe('');
    expect(status).toBe(EXIT_OK);
    const written = JSON.parse(readFileSync(out, 'utf8')) as {
      scenario: CompareScenario;
      summary: RunSummary;
    };
    const arrivals = written.scenario.workload.arrivals;
    expect(arrivals.kind === 'trace' && arrivals.trace !== 'azure-sample' && arrivals.trace.source).toBe(
      'examples/traces/azure-sample/invocations_per_function_md.anon.d01.csv',
    );
    // The example names the same trace as "azure-sample": the files give the same run.
    expect(written.summary).toEqual(directRun(loadExample(replay), 42).summary);
    expect(written.summary.platforms.map((p) => p.arrivals)).toEqual([75_948, 75_948, 75_948]);
  });

  it('runs through the package bin launcher', () => {
    const result = spawnSync(process.execPath, [resolve(ROOT, 'cli/virtlab-sim.mjs'), '--version'], {
      cwd: tmp,
      encoding: 'utf8',
    });
    expect(result.stdout).toBe(`${VERSION}\n`);
    expect(result.status).toBe(EXIT_OK);
  });
});

/** An in-memory CliIo with a clock that advances 100 ms per reading. */
function fakeIo(files: Record<string, string>, overrides: Partial<CliIo> = {}) {
  const written = new Map<string, string>();
  const out: string[] = [];
  const err: string[] = [];
  let clock = 0;
  const io: CliIo = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    stderrIsTTY: false,
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return text;
    },
    writeFile: (path, text) => written.set(path, text),
    listDir: (dir) => {
      const prefix = `${dir.replace(/\/+$/, '')}/`;
      return Object.keys(files)
        .filter((p) => p.startsWith(prefix))
        .map((p) => p.slice(prefix.length));
    },
    joinPath: (dir, name) => `${dir.replace(/\/+$/, '')}/${name}`,
    now: () => (clock += 100),
    version: '9.9.9',
    ...overrides,
  };
  return { io, written, out, err };
}

describe('runCli in process', () => {
  const example = readFileSync(resolve(ROOT, EXAMPLE), 'utf8');

  it('prints a percentage line every 10% when stderr is not a terminal', () => {
    const { io, err } = fakeIo({ 's.json': example });
    expect(runCli(['s.json', '--out', 'r.json'], io)).toBe(EXIT_OK);
    // Progress starts after 500 ms of wall clock (5 readings), then every 10%.
    expect(err).toEqual([
      'virtlab-sim: 10% (60 of 600 s simulated)\n',
      'virtlab-sim: 20% (120 of 600 s simulated)\n',
      'virtlab-sim: 30% (180 of 600 s simulated)\n',
      'virtlab-sim: 40% (240 of 600 s simulated)\n',
      'virtlab-sim: 50% (300 of 600 s simulated)\n',
      'virtlab-sim: 60% (360 of 600 s simulated)\n',
      'virtlab-sim: 70% (420 of 600 s simulated)\n',
      'virtlab-sim: 80% (480 of 600 s simulated)\n',
      'virtlab-sim: 90% (540 of 600 s simulated)\n',
      'virtlab-sim: 100% (600 of 600 s simulated)\n',
      'virtlab-sim: wrote r.json (360 samples, seed 42)\n',
    ]);
  });

  it('draws a bar on a terminal, clears it at the end, and is silent with --quiet', () => {
    const tty = fakeIo({ 's.json': example }, { stderrIsTTY: true });
    expect(runCli(['s.json'], tty.io)).toBe(EXIT_OK);
    const clearToEnd = '\u001b[K';
    expect(tty.err[0]!.endsWith(clearToEnd)).toBe(true);
    expect(tty.err[0]!.slice(0, -clearToEnd.length)).toMatch(
      /^\r\[#+-*\] +\d+% {2}\d+\/600 s simulated, [\d,]+ events$/,
    );
    expect(tty.err.at(-2)).toMatch(/^\r\[#{30}\] 100% {2}600\/600 s simulated/);
    expect(tty.err.at(-1)).toBe('\r\u001b[K');
    expect(tty.out.join('')).toContain('VirtLab 9.9.9');
    const quiet = fakeIo({ 's.json': example }, { stderrIsTTY: true });
    expect(runCli(['s.json', '--quiet', '--out', 'r.csv'], quiet.io)).toBe(EXIT_OK);
    expect(quiet.err).toEqual([]);
    expect(quiet.written.get('r.csv')!.split('\n')[0]).toBe(
      '# virtlab 9.9.9 scenario="One web service on a VM, a container and a function" seed=42',
    );
  });

  it('validates course-topic scenarios by their own schema and refuses unknown kinds', () => {
    const { io, err } = fakeIo({
      'topic.json': '{ "schemaVersion": 1, "kind": "consolidation" }',
      'other.json': '{ "schemaVersion": 1, "kind": "quantum" }',
    });
    expect(runCli(['topic.json'], io)).toBe(EXIT_BAD_INPUT);
    expect(err[0]).toMatch(
      /^virtlab-sim: topic\.json is not a valid scenario:\n.*policy: policy must be one of first-fit/s,
    );
    expect(runCli(['other.json'], io)).toBe(EXIT_BAD_INPUT);
    expect(err[1]).toMatch(
      /other\.json has kind "quantum"; virtlab-sim runs "compare" scenarios and the course topics: timeslice, /,
    );
  });

  it('exits 1 on an internal error', () => {
    const { io, err } = fakeIo(
      { 's.json': example },
      {
        now: () => {
          throw new TypeError('clock broke');
        },
      },
    );
    expect(runCli(['s.json'], io)).toBe(EXIT_INTERNAL);
    expect(err[0]).toMatch(/^virtlab-sim: internal error: TypeError: clock broke/);
  });

  it('loads the Azure trace files from a folder', () => {
    const dir = resolve(ROOT, 'examples/traces/azure-sample');
    const files = Object.fromEntries(
      readdirSync(dir).map((n) => [`trace/${n}`, readFileSync(join(dir, n), 'utf8')]),
    );
    const { io } = fakeIo(files);
    const trace = loadTraceDir(io, { dir: 'trace', day: null, functions: null, minutes: null });
    expect(trace).toEqual({
      ...azureSampleTrace(),
      source: 'trace/invocations_per_function_md.anon.d01.csv',
    });
    const cut = loadTraceDir(io, { dir: 'trace/', day: 1, functions: 10, minutes: 30 });
    expect(cut.functions).toHaveLength(10);
    expect(cut.minutes).toBe(30);
    // The 10 busiest functions of the first 30 minutes.
    const totals = azureSampleTrace()
      .functions.map((f) => f.invocationsPerMinute.slice(0, 30).reduce((a, b) => a + b, 0))
      .sort((a, b) => b - a);
    expect(
      cut.functions.map((f) => f.invocationsPerMinute.reduce((a, b) => a + b, 0)).sort((a, b) => b - a),
    ).toEqual(totals.slice(0, 10));
  });

  it('explains trace folders it cannot use', () => {
    const twoDays = fakeIo({
      'd/invocations_per_function_md.anon.d02.csv': 'x',
      'd/invocations_per_function_md.anon.d03.csv': 'x',
    });
    expect(runCli([EXAMPLE, '--trace', 'd'], { ...twoDays.io, readFile: () => example })).toBe(
      EXIT_BAD_INPUT,
    );
    expect(twoDays.err).toEqual([
      'virtlab-sim: --trace: 2 invocations files and none for day 1; choose a day with --trace-day N ' +
        '(invocations_per_function_md.anon.d02.csv, invocations_per_function_md.anon.d03.csv)\n',
    ]);
    const bad = fakeIo({
      's.json': example,
      'd/invocations_per_function_md.anon.d02.csv':
        'HashOwner,HashApp,HashFunction,Trigger,1\no,a,f,http,x\n',
    });
    expect(runCli(['s.json', '--trace', 'd', '--trace-day', '2'], bad.io)).toBe(EXIT_BAD_INPUT);
    expect(bad.err).toEqual([
      'virtlab-sim: --trace: d is not a usable Azure Functions trace:\n' +
        '  invocations line 2, column "1": expected a whole number >= 0, got "x"\n',
    ]);
    const empty = fakeIo({ 's.json': example });
    expect(runCli(['s.json', '--trace', 'none'], empty.io)).toBe(EXIT_BAD_INPUT);
    expect(empty.err).toEqual([
      'virtlab-sim: --trace: none has no invocations_per_function_md.anon.d01.csv\n',
    ]);
  });
});

describe('parseArgs', () => {
  it.each([
    [[], 'give a scenario file (see --help)'],
    [['a.json', 'b.json'], 'give one scenario file, got 2: a.json b.json'],
    [['a.json', '--seed', '-1'], '--seed needs a whole number from 0 to 4294967295, got "-1"'],
    [['a.json', '--seed', 'x'], '--seed needs a whole number from 0 to 4294967295, got "x"'],
    [['a.json', '--seed=4294967296'], '--seed must be from 0 to 4294967295, got 4294967296'],
    [['a.json', '--seed'], '--seed needs a value'],
    [['a.json', '--seed', '1', '--seed', '2'], '--seed is given twice'],
    [['a.json', '--frobnicate'], 'unknown option --frobnicate (see --help)'],
    [
      ['a.json', '--trace-minutes', '10'],
      '--trace-day, --trace-functions and --trace-minutes need --trace DIR',
    ],
    [
      ['a.json', '--trace', 'd', '--trace-functions', '5001'],
      '--trace-functions must be from 1 to 5000, got 5001',
    ],
  ])('rejects %j', (argv, message) => {
    expect(parseArgs(argv)).toEqual({ kind: 'error', message });
  });

  it('reads every option', () => {
    expect(
      parseArgs([
        's.json',
        '--seed=9',
        '--out',
        'R.CSV',
        '--trace',
        'dir/',
        '--trace-day',
        '3',
        '--trace-functions',
        '50',
        '--trace-minutes',
        '60',
        '-q',
      ]),
    ).toEqual({
      kind: 'run',
      options: {
        scenarioPath: 's.json',
        seed: 9,
        out: { path: 'R.CSV', format: 'csv' },
        trace: { dir: 'dir/', day: 3, functions: 50, minutes: 60 },
        quiet: true,
      },
    });
    expect(parseArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseArgs(['--', '--odd-name.json'])).toMatchObject({
      options: { scenarioPath: '--odd-name.json', seed: 42 },
    });
  });
});
