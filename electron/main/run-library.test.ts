import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultCompareScenario } from '../../shared/scenario';
import { createCompareSimulation } from '../../shared/sim/compare-model';
import { buildSavedRun, type SavedRun } from '../../shared/run-library';
import { RunLibraryFolder } from './run-library';

function realRun(id: string, seed: number, savedAt: string): SavedRun {
  const scenario = { ...defaultCompareScenario(), horizonS: 60 };
  const simulation = createCompareSimulation(scenario, seed);
  const samples = simulation.advanceTo(scenario.horizonS);
  return buildSavedRun({
    id,
    name: `run ${seed}`,
    savedAt,
    appVersion: '0.1.0',
    scenario,
    seed,
    summary: simulation.summary(),
    samples,
  });
}

describe('RunLibraryFolder', () => {
  let directory: string;
  let library: RunLibraryFolder;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'virtlab-runs-'));
    library = new RunLibraryFolder(join(directory, 'runs'));
  });
  afterEach(() => rm(directory, { recursive: true, force: true }));

  it('saves, lists newest first, loads identical data, renames and deletes', async () => {
    const a = realRun('run-a', 1, '2026-01-01T10:00:00.000Z');
    const b = realRun('run-b', 2, '2026-01-02T10:00:00.000Z');
    await library.save(a);
    await library.save(b);
    const list = await library.list();
    expect(list.map((e) => e.id)).toEqual(['run-b', 'run-a']);
    const first = list[0]!;
    expect(first.ok && first.run.summary.platforms.length).toBe(3);
    expect(first.ok && first.run.sampleCount).toBe(b.samples.length);
    expect(await library.load('run-a')).toEqual(a);

    await library.rename({ id: 'run-a', name: 'baseline' });
    expect((await library.load('run-a')).name).toBe('baseline');
    await library.delete('run-b');
    expect(await readdir(join(directory, 'runs'))).toEqual(['run-a.json']);
  });

  it('lists corrupt and invalid files as unreadable with the reason and keeps them', async () => {
    await library.save(realRun('good', 3, '2026-01-01T10:00:00.000Z'));
    const folder = join(directory, 'runs');
    await writeFile(join(folder, 'broken.json'), '{ not json');
    const invalid = { ...realRun('invalid', 4, '2026-01-01T10:00:00.000Z'), seed: -1 };
    await writeFile(join(folder, 'invalid.json'), JSON.stringify(invalid));
    await writeFile(join(folder, 'future.json'), JSON.stringify({ format: 9 }));
    const list = await library.list();
    expect(list.map((e) => [e.id, e.ok])).toEqual([
      ['good', true],
      ['broken', false],
      ['future', false],
      ['invalid', false],
    ]);
    const reasons = Object.fromEntries(list.map((e) => [e.id, e.ok ? '' : e.reason]));
    expect(reasons['broken']).toMatch(/not valid JSON/);
    expect(reasons['invalid']).toMatch(/seed/);
    expect(reasons['future']).toMatch(/newer VirtLab/);
    expect((await readdir(folder)).sort()).toEqual([
      'broken.json',
      'future.json',
      'good.json',
      'invalid.json',
    ]);
  });

  it('refuses ids that could leave the folder and never writes outside it', async () => {
    const run = realRun('ok', 5, '2026-01-01T10:00:00.000Z');
    await expect(library.save({ ...run, id: '../escape' })).rejects.toThrow(/run id/);
    await expect(library.load('../../etc/passwd')).rejects.toThrow(/invalid run id/);
    await expect(library.delete('..')).rejects.toThrow(/invalid run id/);
    expect(await readdir(directory)).toEqual([]);
  });

  it('rejects a run whose file was renamed to another id', async () => {
    await library.save(realRun('original', 6, '2026-01-01T10:00:00.000Z'));
    const folder = join(directory, 'runs');
    await writeFile(join(folder, 'copy.json'), await readFile(join(folder, 'original.json')));
    await expect(library.load('copy')).rejects.toThrow(/names run original/);
  });
});
