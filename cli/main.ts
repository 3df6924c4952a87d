/**
 * virtlab-sim: runs a scenario headless. `npm run sim -- <scenario.json> [options]`, or the
 * `virtlab-sim` bin (cli/virtlab-sim.cjs). See cli/args.ts for the options.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT_INTERNAL, runCli, type CliIo } from './run';

function appVersion(): string {
  try {
    const text = readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8');
    const version = (JSON.parse(text) as { version?: unknown }).version;
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}

const io: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stderrIsTTY: process.stderr.isTTY === true,
  readFile: (path) => readFileSync(path, 'utf8'),
  writeFile: (path, text) => writeFileSync(path, text),
  listDir: (path) => readdirSync(path),
  joinPath: join,
  now: () => performance.now(),
  version: appVersion(),
};

try {
  process.exitCode = runCli(process.argv.slice(2), io);
} catch (error) {
  process.stderr.write(
    `virtlab-sim: internal error: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exitCode = EXIT_INTERNAL;
}
