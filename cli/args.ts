/** Command-line arguments of virtlab-sim. */

export const USAGE = `Usage: virtlab-sim <scenario.json> [options]

Runs a VirtLab scenario headless and prints a summary table, or writes every sample.

Options:
  --seed N               seed of the random streams (0 to 4294967295, default 42)
  --out FILE             write results: FILE.json (scenario, seed, version, summary, samples)
                         or FILE.csv (one row per sample and platform)
  --trace DIR            replay an Azure Functions 2019 trace from DIR (its three CSV files)
                         as the scenario's workload
  --trace-day N          which day's files to read from DIR when it holds several (1-14)
  --trace-functions N    keep the N most invoked functions of the trace (at most 5000)
  --trace-minutes N      keep the first N minutes of the trace
  --quiet                no progress and no notes on stderr
  -h, --help             show this help
  --version              print the version

Exit status: 0 done, 2 bad input (arguments, scenario or trace), 1 internal error.
Example: npm run sim -- examples/faas-azure-sample.json --seed 7 --out run.csv`;

export interface CliOptions {
  scenarioPath: string;
  seed: number;
  out: { path: string; format: 'json' | 'csv' } | null;
  trace: { dir: string; day: number | null; functions: number | null; minutes: number | null } | null;
  quiet: boolean;
}

export type ParsedArgs =
  | { kind: 'run'; options: CliOptions }
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'error'; message: string };

export const DEFAULT_SEED = 42;

const VALUE_FLAGS = [
  '--seed',
  '--out',
  '--trace',
  '--trace-day',
  '--trace-functions',
  '--trace-minutes',
] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];

function wholeNumber(flag: string, text: string, min: number, max: number): number | string {
  if (!/^\d+$/.test(text)) return `${flag} needs a whole number from ${min} to ${max}, got "${text}"`;
  const value = Number(text);
  return value >= min && value <= max ? value : `${flag} must be from ${min} to ${max}, got ${text}`;
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const values = new Map<ValueFlag, string>();
  const positional: string[] = [];
  let quiet = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') return { kind: 'help' };
    if (arg === '--version') return { kind: 'version' };
    if (arg === '--quiet' || arg === '-q') {
      quiet = true;
      continue;
    }
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('-') && arg !== '-') {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg : arg.slice(0, eq);
      if (!(VALUE_FLAGS as readonly string[]).includes(name)) {
        return { kind: 'error', message: `unknown option ${name} (see --help)` };
      }
      let value: string | undefined;
      if (eq >= 0) value = arg.slice(eq + 1);
      else value = argv[++i];
      if (value === undefined || value === '') return { kind: 'error', message: `${name} needs a value` };
      if (values.has(name as ValueFlag)) return { kind: 'error', message: `${name} is given twice` };
      values.set(name as ValueFlag, value);
      continue;
    }
    positional.push(arg);
  }
  if (positional.length === 0) return { kind: 'error', message: 'give a scenario file (see --help)' };
  if (positional.length > 1) {
    return {
      kind: 'error',
      message: `give one scenario file, got ${positional.length}: ${positional.join(' ')}`,
    };
  }

  const number = (flag: ValueFlag, min: number, max: number): number | null | string => {
    const text = values.get(flag);
    return text === undefined ? null : wholeNumber(flag, text, min, max);
  };
  const seed = number('--seed', 0, 2 ** 32 - 1);
  const day = number('--trace-day', 1, 14);
  const functions = number('--trace-functions', 1, 5000);
  const minutes = number('--trace-minutes', 1, 20_160);
  for (const v of [seed, day, functions, minutes])
    if (typeof v === 'string') return { kind: 'error', message: v };

  let out: CliOptions['out'] = null;
  const outPath = values.get('--out');
  if (outPath !== undefined) {
    const format = /\.json$/i.test(outPath) ? 'json' : /\.csv$/i.test(outPath) ? 'csv' : null;
    if (format === null)
      return { kind: 'error', message: `--out must name a .json or .csv file, got "${outPath}"` };
    out = { path: outPath, format };
  }
  const traceDir = values.get('--trace');
  if (traceDir === undefined && (day !== null || functions !== null || minutes !== null)) {
    return { kind: 'error', message: '--trace-day, --trace-functions and --trace-minutes need --trace DIR' };
  }
  return {
    kind: 'run',
    options: {
      scenarioPath: positional[0]!,
      seed: (seed as number | null) ?? DEFAULT_SEED,
      out,
      trace:
        traceDir === undefined
          ? null
          : {
              dir: traceDir,
              day: day as number | null,
              functions: functions as number | null,
              minutes: minutes as number | null,
            },
      quiet,
    },
  };
}
