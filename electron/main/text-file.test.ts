import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTextFile } from './text-file';

describe('readTextFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'virtlab-files-'));

  it('returns the name and text of a file', async () => {
    const path = join(dir, 'my scenario.json');
    writeFileSync(path, '{"schemaVersion":1}');
    await expect(readTextFile(path)).resolves.toEqual({
      name: 'my scenario.json',
      text: '{"schemaVersion":1}',
    });
  });

  it('refuses a file larger than the limit without reading it', async () => {
    const path = join(dir, 'huge.json');
    writeFileSync(path, Buffer.alloc(33 * 1024 * 1024, 32));
    await expect(readTextFile(path)).rejects.toThrow('huge.json is 33 MiB; the limit is 32 MiB');
  });
});
