import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { MAX_FILE_BYTES, type OpenedFile } from '../../shared/files';

/** Reads a text file the user chose, refusing anything too large to be a scenario. */
export async function readTextFile(path: string): Promise<OpenedFile> {
  const { size } = await stat(path);
  if (size > MAX_FILE_BYTES)
    throw new Error(`${basename(path)} is ${Math.round(size / 1048576)} MiB; the limit is 32 MiB`);
  return { name: basename(path), text: await readFile(path, 'utf8') };
}
