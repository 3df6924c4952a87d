import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_FILE_BYTES } from '../../shared/files';
import {
  RunIdSchema,
  headerOf,
  parseSavedRun,
  parseSavedRunText,
  type RenameRunRequest,
  type RunListEntry,
  type SavedRun,
} from '../../shared/run-library';

/**
 * The desktop runs library: one `<id>.json` per run in one folder (userData/runs). Every
 * path is built from an id that passed RunIdSchema (a-z, 0-9, -), so nothing is read or
 * written outside the folder. Unreadable files are listed with the reason and left alone.
 */
export class RunLibraryFolder {
  constructor(private readonly directory: string) {}

  private pathOf(id: string): string {
    const parsed = RunIdSchema.safeParse(id);
    if (!parsed.success) throw new Error(`invalid run id ${JSON.stringify(id)}`);
    return join(this.directory, `${parsed.data}.json`);
  }

  async list(): Promise<RunListEntry[]> {
    await mkdir(this.directory, { recursive: true });
    const names = (await readdir(this.directory)).filter((name) => name.endsWith('.json')).sort();
    const entries = await Promise.all(
      names.map(async (name): Promise<RunListEntry> => {
        const id = name.slice(0, -'.json'.length);
        try {
          const run = await this.load(id);
          return { id, ok: true, run: headerOf(run) };
        } catch (error) {
          return { id, ok: false, reason: (error as Error).message };
        }
      }),
    );
    // Newest first; unreadable entries last, by name.
    return entries.sort((a, b) => {
      if (a.ok && b.ok) return b.run.savedAt.localeCompare(a.run.savedAt);
      return a.ok === b.ok ? a.id.localeCompare(b.id) : a.ok ? -1 : 1;
    });
  }

  async load(id: string): Promise<SavedRun> {
    const path = this.pathOf(id);
    const { size } = await stat(path);
    if (size > MAX_FILE_BYTES)
      throw new Error(`the file is ${Math.round(size / 1048576)} MiB; the limit is 32 MiB`);
    const parsed = parseSavedRunText(await readFile(path, 'utf8'));
    if (!parsed.ok) throw new Error(parsed.error);
    if (parsed.value.id !== id) throw new Error(`the file names run ${parsed.value.id}, not ${id}`);
    return parsed.value;
  }

  /** Writes through a temporary file and a rename, so a crash never leaves half a run. */
  async save(run: SavedRun): Promise<void> {
    const parsed = parseSavedRun(run);
    if (!parsed.ok) throw new Error(parsed.error);
    await mkdir(this.directory, { recursive: true });
    const path = this.pathOf(parsed.value.id);
    const temporary = `${path}.tmp`;
    await writeFile(temporary, `${JSON.stringify(parsed.value)}\n`, 'utf8');
    await rename(temporary, path);
  }

  async rename(request: RenameRunRequest): Promise<void> {
    const run = await this.load(request.id);
    await this.save({ ...run, name: request.name });
  }

  /** Deletes a run's file, readable or not (the user asked for it by id). */
  async delete(id: string): Promise<void> {
    await rm(this.pathOf(id));
  }
}
