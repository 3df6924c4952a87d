import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLATFORM_IDS, WORKLOAD_PROFILES, parseScenarioFile, type CompareScenario } from '../shared/scenario';
import type { RunSummary } from '../shared/sim/types';
import { EXIT_OK, runCli, type CliIo } from './run';

/*
 * Every scenario in examples/ parses, runs to its horizon through the CLI's own code path
 * within a few seconds, and serves requests on every platform; together the examples cover
 * every platform preset, workload profile and arrival process, and the README lists them.
 */

const DIR = resolve(import.meta.dirname, '../examples');
const FILES = readdirSync(DIR)
  .filter((name) => name.endsWith('.json'))
  .sort();
const ARRIVAL_KINDS = ['poisson', 'bursty', 'diurnal', 'closed', 'trace'] as const;

function load(name: string): CompareScenario {
  const parsed = parseScenarioFile(readFileSync(join(DIR, name), 'utf8'));
  if (!parsed.ok) throw new Error(`${name}:\n${parsed.error}`);
  return parsed.value;
}

/** runCli with the real files and the output file kept in memory. */
function runThroughCli(name: string): { status: number; stderr: string; output: { summary: RunSummary } } {
  let written = '';
  let stderr = '';
  const io: CliIo = {
    stdout: () => {},
    stderr: (text) => (stderr += text),
    stderrIsTTY: false,
    readFile: (path) => readFileSync(path, 'utf8'),
    writeFile: (_path, text) => (written = text),
    listDir: (path) => readdirSync(path),
    joinPath: join,
    now: () => 0,
    version: 'test',
  };
  const status = runCli([join(DIR, name), '--out', 'result.json', '--quiet'], io);
  return {
    status,
    stderr,
    output: written === '' ? { summary: { platforms: [] } as never } : JSON.parse(written),
  };
}

describe('examples/', () => {
  it('holds the example scenarios', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(9);
  });

  it.each(FILES)('%s parses, has a descriptive name and runs to completion', (name) => {
    const scenario = load(name);
    expect(scenario.name.length).toBeGreaterThanOrEqual(20);
    const { status, stderr, output } = runThroughCli(name);
    expect(stderr).toBe('');
    expect(status).toBe(EXIT_OK);
    const { summary } = output;
    expect(summary.horizonS).toBe(scenario.horizonS);
    expect(summary.platforms.map((p) => p.platform)).toEqual(scenario.platforms.map((p) => p.id));
    for (const p of summary.platforms) {
      expect(p.completed, `${name}: ${p.platform} completed requests`).toBeGreaterThan(0);
    }
  });

  it('cover every platform preset, workload profile and arrival process', () => {
    const scenarios = FILES.map(load);
    const platforms = new Set(scenarios.flatMap((s) => s.platforms.map((p) => p.id)));
    const profiles = new Set(scenarios.map((s) => s.workload.profile));
    const arrivals = new Set(scenarios.map((s) => s.workload.arrivals.kind));
    expect([...PLATFORM_IDS].filter((id) => !platforms.has(id))).toEqual([]);
    expect([...WORKLOAD_PROFILES].filter((p) => !profiles.has(p))).toEqual([]);
    expect([...ARRIVAL_KINDS].filter((k) => !arrivals.has(k))).toEqual([]);
  });

  it('are each listed in examples/README.md', () => {
    const readme = readFileSync(join(DIR, 'README.md'), 'utf8');
    for (const name of FILES) expect(readme).toContain(`[${name}](${name})`);
  });
});
