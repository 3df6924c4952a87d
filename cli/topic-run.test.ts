import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TOPICS } from '../shared/topics/registry';
import { formatTopicCsv, parseTopicScenario, runTopicScenario } from './topic-run';

const ROOT = resolve(import.meta.dirname, '..');
const TOPIC_DIR = resolve(ROOT, 'examples/topics');
const files = readdirSync(TOPIC_DIR).filter((f) => f.endsWith('.json'));

describe('course-topic scenarios from the CLI', () => {
  it('ships example scenarios for every topic', () => {
    const kinds = new Set(
      files.map((f) => (JSON.parse(readFileSync(join(TOPIC_DIR, f), 'utf8')) as { kind: string }).kind),
    );
    expect([...kinds].sort()).toEqual(Object.keys(TOPICS).sort());
  });

  it.each(files)('%s runs to the end and reports results', (file) => {
    const parsed = parseTopicScenario(JSON.parse(readFileSync(join(TOPIC_DIR, file), 'utf8')));
    expect(parsed.ok, parsed.ok ? '' : parsed.error).toBe(true);
    if (!parsed.ok) return;
    const result = runTopicScenario(parsed.value, 1);
    expect(result.frames.length).toBeGreaterThan(0);
    expect(result.summary.metrics.length).toBeGreaterThan(0);
    // Deterministic: the same seed gives the same frames.
    expect(runTopicScenario(parsed.value, 1).frames).toEqual(result.frames);
    const csv = formatTopicCsv(result, 'test').trimEnd().split('\n');
    expect(csv).toHaveLength(result.frames.length + 2);
    expect(csv[0]).toMatch(new RegExp(`^# virtlab test kind=${parsed.value.kind} `));
  });

  it('names the bad field of a topic scenario and exits 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'virtlab-topic-'));
    const bad = join(dir, 'bad.json');
    const scenario = JSON.parse(
      readFileSync(join(TOPIC_DIR, 'timeslice-rr-five-tasks.json'), 'utf8'),
    ) as Record<string, unknown>;
    writeFileSync(bad, JSON.stringify({ ...scenario, cores: 0 }));
    const tsx = createRequire(import.meta.url).resolve('tsx/cli');
    const result = spawnSync(process.execPath, [tsx, 'cli/main.ts', bad, '--quiet'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/cores: .*at least 1/);
    const out = join(dir, 'run.csv');
    const good = spawnSync(
      process.execPath,
      [tsx, 'cli/main.ts', join(TOPIC_DIR, 'timeslice-rr-five-tasks.json'), '--out', out, '--quiet'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    expect(good.status).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^# virtlab \S+ kind=timeslice /);
  });
});
