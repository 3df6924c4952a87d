import type { ParseResult } from '../scenario';
import type { CalibratedValue } from '../sim/calibration';
import type { FunctionTrace, WorkloadTrace } from './types';

/*
 * The Azure Functions 2019 public trace (Azure/AzurePublicDataset, AzureFunctionsDataset2019.md;
 * Shahrad et al., USENIX ATC 2020) read from and written to its own CSV format:
 *
 *   invocations_per_function_md.anon.d01.csv
 *     HashOwner,HashApp,HashFunction,Trigger,1,2,...,1440      invocations in each minute
 *   function_durations_percentiles.anon.d01.csv
 *     HashOwner,HashApp,HashFunction,Average,Count,Minimum,Maximum,
 *     percentile_Average_0,_1,_25,_50,_75,_99,_100             execution time (ms)
 *   app_memory_percentiles.anon.d01.csv
 *     HashOwner,HashApp,SampleCount,AverageAllocatedMb,AverageAllocatedMb_pct1,...,_pct100
 *
 * Pure string parsing (no file system), so the browser edition runs it too. Columns are found
 * by name (case-insensitive), not by position. Only the invocations file is required:
 * functions without a durations row get the execution-time table of the published fit, and
 * apps without a memory row get the median of the published memory fit (see AZURE_2019_FITS).
 * Every problem is reported with the file, line and column it was found in.
 */

const SHAHRAD =
  'Shahrad et al., "Serverless in the Wild: Characterizing and Optimizing the Serverless Workload at a Large Cloud Provider", USENIX ATC 2020';

/** The published fits of the Azure Functions workload that the defaults and the synthetic generator use. */
export const AZURE_2019_FITS = {
  executionLogMean: {
    value: -0.38,
    unit: 'ln(seconds)',
    source: `${SHAHRAD}, Fig. 7`,
    note: 'Log-normal fit of the average execution time per function: median e^-0.38 s = 0.684 s.',
  },
  executionLogSigma: {
    value: 2.36,
    unit: 'ln(seconds)',
    source: `${SHAHRAD}, Fig. 7`,
    note: 'Spread of the same log-normal fit.',
  },
  memoryBurrC: {
    value: 11.652,
    unit: '',
    source: `${SHAHRAD}, Fig. 8`,
    note: 'Burr XII fit of the average allocated memory per application, F(x) = 1 - (1 + (x/lambda)^c)^-k.',
  },
  memoryBurrK: { value: 0.221, unit: '', source: `${SHAHRAD}, Fig. 8` },
  memoryBurrLambda: { value: 107.083, unit: 'MB', source: `${SHAHRAD}, Fig. 8` },
  appsAtMostHourly: {
    value: 0.45,
    unit: 'share of apps',
    source: `${SHAHRAD}, Section 3.3`,
    note: 'Apps invoked once per hour or less on average.',
  },
  appsAtMostMinutely: {
    value: 0.81,
    unit: 'share of apps',
    source: `${SHAHRAD}, Section 3.3`,
    note: 'Apps invoked once per minute or less on average.',
  },
  topAppsShare: {
    value: 0.186,
    unit: 'share of apps',
    source: `${SHAHRAD}, Fig. 5(b)`,
    note: 'The most popular 18.6% of apps ...',
  },
  topAppsInvocationShare: {
    value: 0.996,
    unit: 'share of invocations',
    source: `${SHAHRAD}, Fig. 5(b)`,
    note: '... receive 99.6% of all invocations.',
  },
  burstyApps: {
    value: 0.4,
    unit: 'share of apps',
    source: `${SHAHRAD}, Fig. 6`,
    note: 'Apps whose inter-arrival times have a coefficient of variation above 1 (burstier than Poisson).',
  },
  httpFunctions: {
    value: 0.55,
    unit: 'share of functions',
    source: `${SHAHRAD}, Fig. 2`,
    note: 'Functions with an HTTP trigger.',
  },
  appInstanceMemoryLimit: {
    value: 1536,
    unit: 'MiB',
    source: 'Azure Functions docs: consumption plan, 1.5 GB per instance',
    note: 'Upper bound for generated app memory: the Burr XII tail is unbounded.',
  },
} satisfies Record<string, CalibratedValue>;

/** Trigger groups of the trace (AzureFunctionsDataset2019.md, note 2). */
export const AZURE_TRIGGERS = [
  'http',
  'timer',
  'event',
  'queue',
  'storage',
  'orchestration',
  'others',
] as const;
export type AzureTrigger = (typeof AZURE_TRIGGERS)[number];

/** File names of day 1 in the released dataset; days 2-14 differ only in `.dNN.`. */
export const AZURE_FILE_NAMES = {
  invocations: 'invocations_per_function_md.anon.d01.csv',
  durations: 'function_durations_percentiles.anon.d01.csv',
  memory: 'app_memory_percentiles.anon.d01.csv',
} as const;

export const AZURE_TRACE_LIMITS = {
  /** Functions one trace may hold: the released day 1 has ~46,000, far more than a lesson needs. */
  maxFunctions: 5_000,
  /** 14 days of minutes, the length of the released trace. */
  maxMinutes: 20_160,
  /** Invocations of one function in one minute (as the scenario schema allows). */
  maxInvocationsPerMinute: 10_000_000,
  /** Longer execution times are read as this (the scenario schema's limit, 1 hour). */
  maxDurationMs: 3_600_000,
  /** App memory is read into [1, 65,536] MiB (the scenario schema's range). */
  minMemoryMiB: 1,
  maxMemoryMiB: 65_536,
} as const;

/** Percentiles (p) of the durations file, in column order. */
export const AZURE_DURATION_PERCENTILES = [0, 1, 25, 50, 75, 99, 100] as const;
/** Percentiles (p) of the memory file, in column order (the dataset omits p0). */
export const AZURE_MEMORY_PERCENTILES = [1, 5, 25, 50, 75, 95, 99, 100] as const;

/**
 * Where the table of a log-normal has no finite p0 and p100, the 0.1st and 99.9th
 * percentiles stand in for them (assumption: the trace's own p0/p100 are observed extremes).
 */
export const TAIL_QUANTILE = 0.001;

/** Standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    return Number.NaN;
  }
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

/** Rounds to 4 significant digits: tables stay readable in CSV and survive a round trip exactly. */
export function roundSignificant(x: number, digits = 4): number {
  return x === 0 || !Number.isFinite(x) ? x : Number(x.toPrecision(digits));
}

/** Quantile p (0..100) of a log-normal in ms, with TAIL_QUANTILE standing in for p0 and p100. */
export function logNormalPercentileMs(mu: number, sigma: number, p: number): number {
  const q = Math.min(1 - TAIL_QUANTILE, Math.max(TAIL_QUANTILE, p / 100));
  return Math.exp(mu + sigma * normalQuantile(q));
}

/**
 * Execution-time table for a function the durations file does not cover: the fleet-wide
 * log-normal of Fig. 7 itself (median 684 ms, p99 166 s), at the dataset's percentiles.
 */
export const DEFAULT_DURATION_PERCENTILES_MS: ReadonlyArray<{ readonly p: number; readonly ms: number }> =
  Object.freeze(
    AZURE_DURATION_PERCENTILES.map((p) =>
      Object.freeze({
        p,
        ms: roundSignificant(
          1000 *
            logNormalPercentileMs(
              AZURE_2019_FITS.executionLogMean.value,
              AZURE_2019_FITS.executionLogSigma.value,
              p,
            ),
        ),
      }),
    ),
  );

/** Burr XII quantile, F(x) = 1 - (1 + (x/lambda)^c)^-k. */
export function burrXIIQuantile(c: number, k: number, lambda: number, u: number): number {
  return lambda * Math.pow(Math.pow(1 - u, -1 / k) - 1, 1 / c);
}

/** Memory of an app the memory file does not cover: the median of the Fig. 8 fit (139.6 MiB). */
export const DEFAULT_APP_MEMORY_MIB = roundSignificant(
  burrXIIQuantile(
    AZURE_2019_FITS.memoryBurrC.value,
    AZURE_2019_FITS.memoryBurrK.value,
    AZURE_2019_FITS.memoryBurrLambda.value,
    0.5,
  ),
);

// ---------------------------------------------------------------------------------------
// CSV reading

/** At most this many problems are listed; the rest are counted. */
const MAX_REPORTED_ISSUES = 20;
/** Largest number accepted in a cell (keeps sums exact in doubles). */
const MAX_CELL_VALUE = 2 ** 40;

class Issues {
  readonly messages: string[] = [];
  count = 0;

  add(message: string): void {
    this.count++;
    if (this.messages.length < MAX_REPORTED_ISSUES) this.messages.push(message);
  }

  format(): string {
    const more = this.count - this.messages.length;
    return more > 0
      ? `${this.messages.join('\n')}\n... and ${more} more problem${more === 1 ? '' : 's'}`
      : this.messages.join('\n');
  }
}

function countLineBreaks(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) n++;
  }
  return n;
}

/**
 * RFC 4180 records: comma-separated, fields optionally quoted with "" as an escaped quote,
 * LF, CRLF or CR line ends, an optional byte-order mark, blank lines skipped. Unquoted fields
 * are trimmed. `onRow` gets each record with the line it starts on (1 = the header).
 * Returns false if the text is malformed beyond recovery (an unclosed quote).
 */
function readCsv(
  text: string,
  file: string,
  issues: Issues,
  onRow: (cells: string[], line: number) => void,
): boolean {
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < n) {
    const rowLine = line;
    const cells: string[] = [];
    for (;;) {
      if (text.charCodeAt(i) === 34) {
        let value = '';
        let from = i + 1;
        for (;;) {
          const quote = text.indexOf('"', from);
          if (quote < 0) {
            issues.add(`${file} line ${rowLine}: a quoted field is never closed`);
            return false;
          }
          value += text.slice(from, quote);
          if (text.charCodeAt(quote + 1) === 34) {
            value += '"';
            from = quote + 2;
            continue;
          }
          i = quote + 1;
          break;
        }
        line += countLineBreaks(value);
        while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
        const after = text.charCodeAt(i);
        if (i < n && after !== 44 && after !== 10 && after !== 13) {
          issues.add(`${file} line ${line}: unexpected text after a closing quote`);
          while (i < n && ![44, 10, 13].includes(text.charCodeAt(i))) i++;
        }
        cells.push(value);
      } else {
        let end = i;
        while (end < n) {
          const c = text.charCodeAt(end);
          if (c === 44 || c === 10 || c === 13) break;
          end++;
        }
        cells.push(text.slice(i, end).trim());
        i = end;
      }
      const c = text.charCodeAt(i);
      if (c === 44) {
        i++;
        continue;
      }
      if (c === 13) {
        i++;
        if (text.charCodeAt(i) === 10) i++;
        line++;
      } else if (c === 10) {
        i++;
        line++;
      }
      break;
    }
    if (cells.length === 1 && cells[0] === '') continue;
    onRow(cells, rowLine);
  }
  return true;
}

/** Header name (lower case) -> column index; reports repeated names. */
function headerIndex(header: readonly string[], file: string, issues: Issues): Map<string, number> {
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    const key = name.toLowerCase();
    if (index.has(key)) issues.add(`${file} line 1: column "${name}" appears twice`);
    else index.set(key, i);
  });
  return index;
}

function requireColumns(
  index: Map<string, number>,
  names: readonly string[],
  file: string,
  issues: Issues,
  expected: string,
): number[] | null {
  const columns: number[] = [];
  for (const name of names) {
    const column = index.get(name.toLowerCase());
    if (column === undefined) issues.add(`${file} line 1: missing column "${name}" (expected ${expected})`);
    else columns.push(column);
  }
  return columns.length === names.length ? columns : null;
}

/** Whole number >= 0 ("12", also "12.0" as spreadsheet exports write it); NaN if not. */
function parseCount(cell: string): number {
  let value = 0;
  let i = 0;
  const n = cell.length;
  if (n === 0) return Number.NaN;
  for (; i < n; i++) {
    const c = cell.charCodeAt(i);
    if (c < 48 || c > 57) break;
    value = value * 10 + (c - 48);
  }
  if (i === 0) return Number.NaN;
  if (i < n) {
    if (cell.charCodeAt(i) !== 46) return Number.NaN;
    for (i++; i < n; i++) if (cell.charCodeAt(i) !== 48) return Number.NaN;
  }
  return value <= MAX_CELL_VALUE ? value : Number.NaN;
}

const DECIMAL = /^\+?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** Decimal number >= 0; NaN if not. */
function parseNonNegative(cell: string): number {
  if (!DECIMAL.test(cell)) return Number.NaN;
  const value = Number(cell);
  return Number.isFinite(value) && value <= MAX_CELL_VALUE ? value : Number.NaN;
}

const show = (cell: string): string => JSON.stringify(cell.length > 40 ? `${cell.slice(0, 40)}...` : cell);

// ---------------------------------------------------------------------------------------
// Parsing

export interface AzureTraceFiles {
  /** Text of invocations_per_function_md.anon.dNN.csv (required). */
  invocations: string;
  /** Text of function_durations_percentiles.anon.dNN.csv. */
  durations?: string;
  /** Text of app_memory_percentiles.anon.dNN.csv. */
  memory?: string;
}

export interface AzureParseOptions {
  /**
   * Most functions to load (1..AZURE_TRACE_LIMITS.maxFunctions, default the limit). A file
   * with more is an error unless `overflow` is 'busiest'.
   */
  maxFunctions?: number;
  /** Keep the first `minutes` minutes (default: every minute column of the file). */
  minutes?: number;
  /** With more functions than maxFunctions: 'error' (default) or keep the most invoked ones. */
  overflow?: 'error' | 'busiest';
  /** WorkloadTrace.source (default "Azure Functions trace 2019"). */
  source?: string;
}

interface InvocationRow {
  owner: string;
  app: string;
  fn: string;
  trigger: string;
  counts: number[];
}

const INVOCATION_KEYS = ['HashOwner', 'HashApp', 'HashFunction', 'Trigger'] as const;
const INVOCATION_HEADER_HINT = 'HashOwner,HashApp,HashFunction,Trigger,1,2,...,1440';
const DURATION_HEADER_HINT =
  'HashOwner,HashApp,HashFunction,Average,Count,Minimum,Maximum,percentile_Average_0,...,percentile_Average_100';
const MEMORY_HEADER_HINT = 'HashOwner,HashApp,SampleCount,AverageAllocatedMb,AverageAllocatedMb_pct1,...';

const functionKey = (owner: string, app: string, fn: string): string => `${owner}/${app}/${fn}`;
const appKey = (owner: string, app: string): string => `${owner}/${app}`;

function checkOption(name: string, value: number | undefined, max: number, issues: Issues): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= 1 && value <= max)) {
    issues.add(`options.${name} must be a whole number from 1 to ${max}, got ${value}`);
  }
}

/** Cells of a data row, or null (reported) if the row has the wrong number of columns. */
function rowCells(
  cells: string[],
  width: number,
  file: string,
  line: number,
  issues: Issues,
): string[] | null {
  // A trailing comma (an empty last cell) is tolerated.
  if (cells.length === width + 1 && cells[width] === '') cells.pop();
  if (cells.length !== width) {
    issues.add(`${file} line ${line}: expected ${width} columns as in the header, got ${cells.length}`);
    return null;
  }
  return cells;
}

interface InvocationsLayout {
  keyColumns: number[];
  minuteColumns: number[];
  width: number;
  /** Minutes read from each row. */
  minutes: number;
}

function invocationsLayout(
  header: string[],
  requestedMinutes: number | undefined,
  issues: Issues,
): InvocationsLayout | null {
  const file = 'invocations';
  const index = headerIndex(header, file, issues);
  const keyColumns = requireColumns(index, INVOCATION_KEYS, file, issues, INVOCATION_HEADER_HINT);
  const minuteColumns: number[] = [];
  header.forEach((name, column) => {
    if (!/^\d+$/.test(name)) return;
    const expected = String(minuteColumns.length + 1);
    if (name !== expected) {
      issues.add(`${file} line 1: minute column ${expected} is named "${name}", expected "${expected}"`);
    }
    minuteColumns.push(column);
  });
  if (minuteColumns.length === 0) {
    issues.add(`${file} line 1: no minute columns (expected ${INVOCATION_HEADER_HINT})`);
  } else if (minuteColumns.length > AZURE_TRACE_LIMITS.maxMinutes && requestedMinutes === undefined) {
    issues.add(
      `${file} line 1: ${minuteColumns.length} minute columns, more than the ${AZURE_TRACE_LIMITS.maxMinutes} (14 days) ` +
        'that can be loaded; read fewer with the minutes option (CLI --trace-minutes N)',
    );
  } else if (requestedMinutes !== undefined && requestedMinutes > minuteColumns.length) {
    issues.add(
      `options.minutes is ${requestedMinutes}, but the invocations file has only ${minuteColumns.length} minute columns`,
    );
  }
  if (keyColumns === null || issues.count > 0) return null;
  return {
    keyColumns,
    minuteColumns,
    width: header.length,
    minutes: requestedMinutes ?? minuteColumns.length,
  };
}

/**
 * One pass over the invocations file. Validates every row; keeps the counts of the rows
 * `keep` accepts (by data-row index) and returns every row's total.
 */
function readInvocations(
  text: string,
  requestedMinutes: number | undefined,
  issues: Issues,
  keep: (rowIndex: number) => boolean,
): { minutes: number; rows: Map<number, InvocationRow>; totals: number[] } | null {
  const file = 'invocations';
  const state: { layout: InvocationsLayout | null; sawHeader: boolean } = { layout: null, sawHeader: false };
  const rows = new Map<number, InvocationRow>();
  const totals: number[] = [];
  const triggers = new Set<string>(AZURE_TRIGGERS);
  const complete = readCsv(text, file, issues, (cells, line) => {
    if (!state.sawHeader) {
      state.sawHeader = true;
      state.layout = invocationsLayout(cells, requestedMinutes, issues);
      return;
    }
    const layout = state.layout;
    if (layout === null) return;
    const row = rowCells(cells, layout.width, file, line, issues);
    if (row === null) return;
    const [owner, app, fn, rawTrigger] = layout.keyColumns.map((c) => row[c]!) as [
      string,
      string,
      string,
      string,
    ];
    let valid = true;
    INVOCATION_KEYS.slice(0, 3).forEach((name, k) => {
      if ([owner, app, fn][k] === '') {
        issues.add(`${file} line ${line}, column "${name}": must not be empty`);
        valid = false;
      }
    });
    const trigger = rawTrigger.toLowerCase();
    if (!triggers.has(trigger)) {
      issues.add(
        `${file} line ${line}, column "Trigger": expected one of ${AZURE_TRIGGERS.join(', ')}, got ${show(rawTrigger)}`,
      );
      valid = false;
    }
    const rowIndex = totals.length;
    const store = keep(rowIndex);
    const counts: number[] = store ? new Array<number>(layout.minutes) : [];
    let total = 0;
    for (let m = 0; m < layout.minutes; m++) {
      const cell = row[layout.minuteColumns[m]!]!;
      const count = parseCount(cell);
      if (Number.isNaN(count)) {
        issues.add(
          `${file} line ${line}, column "${m + 1}": expected a whole number >= 0, got ${show(cell)}`,
        );
        valid = false;
        continue;
      }
      if (count > AZURE_TRACE_LIMITS.maxInvocationsPerMinute) {
        const limit = AZURE_TRACE_LIMITS.maxInvocationsPerMinute;
        issues.add(
          `${file} line ${line}, column "${m + 1}": at most ${limit} invocations per minute, got ${cell}`,
        );
        valid = false;
        continue;
      }
      total += count;
      if (store) counts[m] = count;
    }
    totals.push(total);
    if (valid && store) rows.set(rowIndex, { owner, app, fn, trigger, counts });
  });
  if (!complete) return null;
  if (!state.sawHeader) {
    issues.add(`${file} line 1: the file is empty (expected the header ${INVOCATION_HEADER_HINT})`);
    return null;
  }
  if (state.layout === null) return null;
  if (totals.length === 0 && issues.count === 0) issues.add(`${file}: no functions (only a header)`);
  return { minutes: state.layout.minutes, rows, totals };
}

/** Indices of the `n` largest totals (ties: earlier row first), in file order. */
function busiestRows(totals: readonly number[], n: number): Set<number> {
  const order = totals.map((_, i) => i).sort((a, b) => totals[b]! - totals[a]! || a - b);
  return new Set(order.slice(0, n));
}

function readDurations(
  text: string,
  wanted: ReadonlySet<string>,
  issues: Issues,
): Map<string, Array<{ p: number; ms: number }>> {
  const file = 'durations';
  const tables = new Map<string, Array<{ p: number; ms: number }>>();
  let width = -1;
  let keyColumns: number[] | null = null;
  let percentileColumns: Array<{ p: number; column: number; name: string }> = [];
  let sawHeader = false;
  readCsv(text, file, issues, (cells, line) => {
    if (!sawHeader) {
      sawHeader = true;
      const index = headerIndex(cells, file, issues);
      keyColumns = requireColumns(
        index,
        ['HashOwner', 'HashApp', 'HashFunction'],
        file,
        issues,
        DURATION_HEADER_HINT,
      );
      cells.forEach((name, column) => {
        const match = /^percentile_average_(\d+(?:\.\d+)?)$/i.exec(name);
        if (match !== null) percentileColumns.push({ p: Number(match[1]), column, name });
      });
      percentileColumns = percentileColumns.filter((c) => c.p <= 100).sort((a, b) => a.p - b.p);
      for (const p of [0, 100]) {
        if (!percentileColumns.some((c) => c.p === p)) {
          issues.add(
            `${file} line 1: missing column "percentile_Average_${p}" (expected ${DURATION_HEADER_HINT})`,
          );
        }
      }
      width = cells.length;
      return;
    }
    if (keyColumns === null || percentileColumns.length < 2) return;
    const row = rowCells(cells, width, file, line, issues);
    if (row === null) return;
    const [owner, app, fn] = keyColumns.map((c) => row[c]!) as [string, string, string];
    const key = functionKey(owner, app, fn);
    // Rows of functions the invocations file does not list are skipped; the first row wins.
    if (!wanted.has(key) || tables.has(key)) return;
    const table: Array<{ p: number; ms: number }> = [];
    let valid = true;
    let floor = 0;
    for (const { p, column, name } of percentileColumns) {
      const cell = row[column]!;
      // An empty cell is a percentile that was not recorded.
      if (cell === '') continue;
      const ms = parseNonNegative(cell);
      if (Number.isNaN(ms)) {
        issues.add(`${file} line ${line}, column "${name}": expected a number >= 0 (ms), got ${show(cell)}`);
        valid = false;
        continue;
      }
      // Percentiles of 30-second averages can dip by rounding; the table must not decrease.
      floor = Math.max(floor, Math.min(ms, AZURE_TRACE_LIMITS.maxDurationMs));
      table.push({ p, ms: floor });
    }
    if (valid && table.length >= 2 && table[0]!.p === 0 && table[table.length - 1]!.p === 100) {
      tables.set(key, table);
    }
  });
  if (!sawHeader)
    issues.add(`${file} line 1: the file is empty (expected the header ${DURATION_HEADER_HINT})`);
  return tables;
}

function readMemory(text: string, wanted: ReadonlySet<string>, issues: Issues): Map<string, number> {
  const file = 'memory';
  const memory = new Map<string, number>();
  let width = -1;
  let columns: number[] | null = null;
  let sawHeader = false;
  readCsv(text, file, issues, (cells, line) => {
    if (!sawHeader) {
      sawHeader = true;
      const index = headerIndex(cells, file, issues);
      columns = requireColumns(
        index,
        ['HashOwner', 'HashApp', 'AverageAllocatedMb'],
        file,
        issues,
        MEMORY_HEADER_HINT,
      );
      width = cells.length;
      return;
    }
    if (columns === null) return;
    const row = rowCells(cells, width, file, line, issues);
    if (row === null) return;
    const [owner, app, cell] = columns.map((c) => row[c]!) as [string, string, string];
    const key = appKey(owner, app);
    // The released files repeat a few apps; the first row wins.
    if (!wanted.has(key) || memory.has(key)) return;
    const mb = parseNonNegative(cell);
    if (Number.isNaN(mb)) {
      issues.add(
        `${file} line ${line}, column "AverageAllocatedMb": expected a number >= 0 (MB), got ${show(cell)}`,
      );
      return;
    }
    // 0 marks a value that was not logged (AzureFunctionsDataset2019.md, note 9): use the default.
    if (mb > 0) {
      memory.set(
        key,
        Math.min(AZURE_TRACE_LIMITS.maxMemoryMiB, Math.max(AZURE_TRACE_LIMITS.minMemoryMiB, mb)),
      );
    }
  });
  if (!sawHeader) issues.add(`${file} line 1: the file is empty (expected the header ${MEMORY_HEADER_HINT})`);
  return memory;
}

/**
 * Reads the Azure Functions 2019 trace from the text of its CSV files. Errors name the file,
 * line and column: `invocations line 17, column "37": expected a whole number >= 0, got "x"`.
 * Memory is taken as MiB (the dataset's "Mb" are the runtime's megabytes). Values outside
 * what the models replay are clamped: execution times to 1 hour, memory to [1, 65,536] MiB.
 */
export function parseAzureTrace(
  files: AzureTraceFiles,
  options: AzureParseOptions = {},
): ParseResult<WorkloadTrace> {
  const issues = new Issues();
  checkOption('maxFunctions', options.maxFunctions, AZURE_TRACE_LIMITS.maxFunctions, issues);
  checkOption('minutes', options.minutes, AZURE_TRACE_LIMITS.maxMinutes, issues);
  if (issues.count > 0) return { ok: false, error: issues.format() };
  const maxFunctions = options.maxFunctions ?? AZURE_TRACE_LIMITS.maxFunctions;

  const first = readInvocations(files.invocations, options.minutes, issues, (i) => i < maxFunctions);
  if (first === null || issues.count > 0) return { ok: false, error: issues.format() };
  let rows = first.rows;
  const functionCount = first.totals.length;
  if (functionCount > maxFunctions) {
    if (options.overflow !== 'busiest') {
      return {
        ok: false,
        error:
          `invocations: ${functionCount} functions, more than the ${maxFunctions} that can be loaded; ` +
          `keep the most invoked ones (option overflow "busiest", CLI --trace-functions N) or cut the file`,
      };
    }
    const selected = busiestRows(first.totals, maxFunctions);
    const second = readInvocations(files.invocations, options.minutes, new Issues(), (i) => selected.has(i));
    if (second === null) return { ok: false, error: 'invocations: the file changed while it was read' };
    rows = second.rows;
  }

  const ordered = [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([, row]) => row);
  const wantedFunctions = new Set(ordered.map((r) => functionKey(r.owner, r.app, r.fn)));
  const wantedApps = new Set(ordered.map((r) => appKey(r.owner, r.app)));
  const durations: Map<string, Array<{ p: number; ms: number }>> = files.durations === undefined
    ? new Map()
    : readDurations(files.durations, wantedFunctions, issues);
  const memory =
    files.memory === undefined ? new Map<string, number>() : readMemory(files.memory, wantedApps, issues);
  if (issues.count > 0) return { ok: false, error: issues.format() };

  const seen = new Map<string, number>();
  const functions: FunctionTrace[] = ordered.map((row) => {
    const key = functionKey(row.owner, row.app, row.fn);
    // A function listed twice (say, under two triggers) stays two functions: "#2" marks the repeat.
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    const table = durations.get(key) ?? DEFAULT_DURATION_PERCENTILES_MS;
    return {
      id: occurrence === 1 ? key : `${key}#${occurrence}`,
      app: row.app,
      trigger: row.trigger,
      invocationsPerMinute: row.counts,
      durationPercentilesMs: table.map(({ p, ms }) => ({ p, ms })),
      memoryMiB: memory.get(appKey(row.owner, row.app)) ?? DEFAULT_APP_MEMORY_MIB,
    };
  });
  return {
    ok: true,
    value: { source: options.source ?? 'Azure Functions trace 2019', minutes: first.minutes, functions },
  };
}

// ---------------------------------------------------------------------------------------
// Writing

function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csvLine(fields: ReadonlyArray<string | number>): string {
  return fields.map((f) => (typeof f === 'number' ? String(f) : csvField(f))).join(',');
}

/** Owner, app and function hash of a trace function: from an "owner/app/function" id, else synthesised. */
function idParts(f: FunctionTrace): [string, string, string] {
  const parts = f.id.replace(/#\d+$/, '').split('/');
  if (parts.length === 3 && parts[1] === f.app && parts.every((p) => p !== '')) {
    return parts as [string, string, string];
  }
  return ['unknown', f.app, f.id];
}

/** Linear interpolation in a percentile table (p in 0..100). */
export function percentileMs(table: ReadonlyArray<{ p: number; ms: number }>, p: number): number {
  const first = table[0];
  if (first === undefined) return Number.NaN;
  if (p <= first.p) return first.ms;
  for (let i = 1; i < table.length; i++) {
    const hi = table[i]!;
    if (p === hi.p) return hi.ms;
    if (p < hi.p) {
      const lo = table[i - 1]!;
      return hi.p === lo.p ? hi.ms : lo.ms + ((hi.ms - lo.ms) * (p - lo.p)) / (hi.p - lo.p);
    }
  }
  return table[table.length - 1]!.ms;
}

/** Mean of the piecewise-linear quantile function through the table (ms). */
export function percentileTableMeanMs(table: ReadonlyArray<{ p: number; ms: number }>): number {
  let sum = 0;
  let span = 0;
  for (let i = 1; i < table.length; i++) {
    const lo = table[i - 1]!;
    const hi = table[i]!;
    sum += ((hi.p - lo.p) * (lo.ms + hi.ms)) / 2;
    span += hi.p - lo.p;
  }
  return span > 0 ? sum / span : (table[0]?.ms ?? Number.NaN);
}

export interface AzureTraceCsv {
  invocations: string;
  durations: string;
  memory: string;
}

/**
 * Writes a trace as the dataset's three CSV files (LF line ends). parseAzureTrace reads them
 * back to the same trace (but `source`) when ids are "owner/app/function", tables use the
 * dataset's percentiles and the functions of an app share one memory figure. Columns the
 * trace does not keep are derived: Average = mean of the percentile table, Count = the
 * function's invocations, Minimum/Maximum = p0/p100, SampleCount = 12 per active minute (one
 * sample every 5 s), and every memory percentile = the app's average.
 */
export function formatAzureTrace(trace: WorkloadTrace): AzureTraceCsv {
  const minuteHeader = Array.from({ length: trace.minutes }, (_, m) => String(m + 1));
  const invocations = [csvLine([...INVOCATION_KEYS, ...minuteHeader])];
  const durations = [
    csvLine([
      'HashOwner',
      'HashApp',
      'HashFunction',
      'Average',
      'Count',
      'Minimum',
      'Maximum',
      ...AZURE_DURATION_PERCENTILES.map((p) => `percentile_Average_${p}`),
    ]),
  ];
  const memory = [
    csvLine([
      'HashOwner',
      'HashApp',
      'SampleCount',
      'AverageAllocatedMb',
      ...AZURE_MEMORY_PERCENTILES.map((p) => `AverageAllocatedMb_pct${p}`),
    ]),
  ];
  const apps = new Map<string, { owner: string; app: string; memoryMiB: number; active: Uint8Array }>();
  for (const f of trace.functions) {
    const [owner, app, fn] = idParts(f);
    invocations.push(csvLine([owner, app, fn, f.trigger, ...f.invocationsPerMinute]));
    const table = f.durationPercentilesMs;
    const total = f.invocationsPerMinute.reduce((sum, c) => sum + c, 0);
    durations.push(
      csvLine([
        owner,
        app,
        fn,
        roundSignificant(percentileTableMeanMs(table), 6),
        total,
        table[0]?.ms ?? 0,
        table[table.length - 1]?.ms ?? 0,
        ...AZURE_DURATION_PERCENTILES.map((p) => percentileMs(table, p)),
      ]),
    );
    const key = appKey(owner, app);
    let entry = apps.get(key);
    if (entry === undefined) {
      entry = { owner, app, memoryMiB: f.memoryMiB, active: new Uint8Array(trace.minutes) };
      apps.set(key, entry);
    }
    f.invocationsPerMinute.forEach((c, m) => {
      if (c > 0) entry.active[m] = 1;
    });
  }
  for (const { owner, app, memoryMiB, active } of apps.values()) {
    const activeMinutes = active.reduce((sum, a) => sum + a, 0);
    memory.push(
      csvLine([owner, app, 12 * activeMinutes, memoryMiB, ...AZURE_MEMORY_PERCENTILES.map(() => memoryMiB)]),
    );
  }
  const text = (lines: string[]) => `${lines.join('\n')}\n`;
  return { invocations: text(invocations), durations: text(durations), memory: text(memory) };
}

/**
 * Sorts files a user picked (any order, any day) into the trace's three kinds by their
 * names, then parses them. Only the invocations file is required.
 */
export function parseAzureTraceFiles(
  files: ReadonlyArray<{ name: string; text: string }>,
  options: AzureParseOptions = {},
): ParseResult<WorkloadTrace> {
  const pick = (prefix: string) => files.find((f) => f.name.toLowerCase().startsWith(prefix));
  const invocations = pick('invocations_per_function');
  if (!invocations) {
    return {
      ok: false,
      error: `choose the invocations file (${AZURE_FILE_NAMES.invocations} or another day's), and optionally the durations and memory files`,
    };
  }
  const durations = pick('function_durations');
  const memory = pick('app_memory');
  return parseAzureTrace(
    {
      invocations: invocations.text,
      ...(durations ? { durations: durations.text } : {}),
      ...(memory ? { memory: memory.text } : {}),
    },
    { overflow: 'busiest', source: invocations.name, ...options },
  );
}
