import { describe, expect, it } from 'vitest';
import {
  AZURE_2019_FITS,
  AZURE_FILE_NAMES,
  AZURE_TRACE_LIMITS,
  DEFAULT_APP_MEMORY_MIB,
  DEFAULT_DURATION_PERCENTILES_MS,
  formatAzureTrace,
  normalQuantile,
  parseAzureTrace,
  percentileMs,
  percentileTableMeanMs,
  type AzureTraceFiles,
} from './azure';
import type { WorkloadTrace } from './types';

const minutesHeader = (n: number) => Array.from({ length: n }, (_, i) => i + 1).join(',');

const INVOCATIONS = [
  `HashOwner,HashApp,HashFunction,Trigger,${minutesHeader(5)}`,
  'o1,a1,f1,http,0,1,2,3,4',
  'o1,a1,f2,Timer,1,0,1,0,1',
  '"o2","a2","f3",queue,10,0,0,0,"7"',
].join('\r\n');

const DURATIONS = [
  'HashOwner,HashApp,HashFunction,Average,Count,Minimum,Maximum,percentile_Average_0,percentile_Average_1,percentile_Average_25,percentile_Average_50,percentile_Average_75,percentile_Average_99,percentile_Average_100',
  'o1,a1,f1,100,10,1,900,1,2,50,80,120,700,900',
  'o2,a2,f3,12.5,17,,,3,3,10,12,14,30,31',
  'o9,a9,f9,1,1,1,1,1,1,1,1,1,1,1',
].join('\n');

const MEMORY = [
  'HashOwner,HashApp,SampleCount,AverageAllocatedMb,AverageAllocatedMb_pct1,AverageAllocatedMb_pct5,AverageAllocatedMb_pct25,AverageAllocatedMb_pct50,AverageAllocatedMb_pct75,AverageAllocatedMb_pct95,AverageAllocatedMb_pct99,AverageAllocatedMb_pct100',
  'o1,a1,120,170.5,150,151,160,170,180,190,195,200',
  'o1,a1,120,999,150,151,160,170,180,190,195,200',
].join('\n');

function parseOk(files: AzureTraceFiles, options?: Parameters<typeof parseAzureTrace>[1]): WorkloadTrace {
  const result = parseAzureTrace(files, options);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

function parseError(files: AzureTraceFiles, options?: Parameters<typeof parseAzureTrace>[1]): string {
  const result = parseAzureTrace(files, options);
  if (result.ok) throw new Error('expected the trace to be rejected');
  return result.error;
}

describe('published fits and defaults', () => {
  it('computes the normal quantile to 1e-8', () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 8);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306, 8);
    expect(normalQuantile(0.8)).toBeCloseTo(0.841621234, 8);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(Number.isNaN(normalQuantile(1.5))).toBe(true);
  });

  it('defaults a function without durations to the Fig. 7 log-normal (median e^-0.38 s)', () => {
    const table = DEFAULT_DURATION_PERCENTILES_MS;
    expect(table.map((e) => e.p)).toEqual([0, 1, 25, 50, 75, 99, 100]);
    expect(table[3]!.ms).toBe(683.9); // 1000 x e^-0.38 = 683.94 ms
    // p99 = e^(-0.38 + 2.36 x 2.3263) s = 165.7 s.
    expect(table[5]!.ms).toBe(165_700);
    // p100 stands for the 99.9th percentile: e^(-0.38 + 2.36 x 3.0902) s = 1005 s.
    expect(table[6]!.ms).toBe(1_005_000);
    expect(table[0]!.ms).toBe(0.4652); // e^(-0.38 - 2.36 x 3.0902) s
  });

  it('defaults an app without memory to the median of the Fig. 8 Burr XII fit', () => {
    const { memoryBurrC: c, memoryBurrK: k, memoryBurrLambda: lambda } = AZURE_2019_FITS;
    const median = lambda.value * Math.pow(Math.pow(2, 1 / k.value) - 1, 1 / c.value);
    expect(median).toBeCloseTo(139.6, 1);
    expect(DEFAULT_APP_MEMORY_MIB).toBe(139.6);
  });
});

describe('parseAzureTrace', () => {
  it('reads all three files, joining durations by function and memory by app', () => {
    const trace = parseOk({ invocations: `\uFEFF${INVOCATIONS}\r\n`, durations: DURATIONS, memory: MEMORY });
    expect(trace.minutes).toBe(5);
    expect(trace.source).toBe('Azure Functions trace 2019');
    expect(trace.functions).toEqual([
      {
        id: 'o1/a1/f1',
        app: 'a1',
        trigger: 'http',
        invocationsPerMinute: [0, 1, 2, 3, 4],
        durationPercentilesMs: [
          { p: 0, ms: 1 },
          { p: 1, ms: 2 },
          { p: 25, ms: 50 },
          { p: 50, ms: 80 },
          { p: 75, ms: 120 },
          { p: 99, ms: 700 },
          { p: 100, ms: 900 },
        ],
        memoryMiB: 170.5, // the first of the two rows of app a1
      },
      {
        id: 'o1/a1/f2',
        app: 'a1',
        trigger: 'timer', // trigger names are case-insensitive
        invocationsPerMinute: [1, 0, 1, 0, 1],
        durationPercentilesMs: DEFAULT_DURATION_PERCENTILES_MS.map(({ p, ms }) => ({ p, ms })),
        memoryMiB: 170.5,
      },
      {
        id: 'o2/a2/f3',
        app: 'a2',
        trigger: 'queue',
        invocationsPerMinute: [10, 0, 0, 0, 7],
        durationPercentilesMs: [
          { p: 0, ms: 3 },
          { p: 1, ms: 3 },
          { p: 25, ms: 10 },
          { p: 50, ms: 12 },
          { p: 75, ms: 14 },
          { p: 99, ms: 30 },
          { p: 100, ms: 31 },
        ],
        memoryMiB: DEFAULT_APP_MEMORY_MIB,
      },
    ]);
  });

  it('needs only the invocations file', () => {
    const trace = parseOk({ invocations: INVOCATIONS }, { source: 'day 1' });
    expect(trace.source).toBe('day 1');
    expect(trace.functions.map((f) => f.memoryMiB)).toEqual([139.6, 139.6, 139.6]);
    expect(trace.functions.every((f) => f.durationPercentilesMs[3]!.ms === 683.9)).toBe(true);
  });

  it('finds columns by name, in any order, and keeps percentile tables non-decreasing', () => {
    const durations = [
      'percentile_Average_100,percentile_Average_50,HashFunction,HashApp,HashOwner,percentile_Average_0',
      '5000000,20,f1,a1,o1,25', // p0 above p50 (rounding in the source): raised; p100 clamped to 1 h
    ].join('\n');
    const memory = 'HashApp,AverageAllocatedMb,HashOwner\na1,0,o1\na2,100000,o2\n';
    const trace = parseOk({ invocations: INVOCATIONS, durations, memory });
    expect(trace.functions[0]!.durationPercentilesMs).toEqual([
      { p: 0, ms: 25 },
      { p: 50, ms: 25 },
      { p: 100, ms: AZURE_TRACE_LIMITS.maxDurationMs },
    ]);
    // 0 MB means "not logged" (default); memory is clamped to the schema's 65,536 MiB.
    expect(trace.functions.map((f) => f.memoryMiB)).toEqual([139.6, 139.6, 65_536]);
  });

  it('keeps the first minutes when asked', () => {
    const trace = parseOk({ invocations: INVOCATIONS }, { minutes: 2 });
    expect(trace.minutes).toBe(2);
    expect(trace.functions.map((f) => f.invocationsPerMinute)).toEqual([
      [0, 1],
      [1, 0],
      [10, 0],
    ]);
  });

  it('keeps a function listed twice as two functions', () => {
    const text = `${INVOCATIONS}\no1,a1,f1,queue,5,5,5,5,5\n\n`;
    const trace = parseOk({ invocations: text, durations: DURATIONS });
    expect(trace.functions.map((f) => f.id)).toEqual(['o1/a1/f1', 'o1/a1/f2', 'o2/a2/f3', 'o1/a1/f1#2']);
    expect(trace.functions[3]!.durationPercentilesMs).toEqual(trace.functions[0]!.durationPercentilesMs);
  });

  it('limits the number of functions, or keeps the busiest in file order', () => {
    expect(parseError({ invocations: INVOCATIONS }, { maxFunctions: 2 })).toBe(
      'invocations: 3 functions, more than the 2 that can be loaded; keep the most invoked ones ' +
        '(option overflow "busiest", CLI --trace-functions N) or cut the file',
    );
    const trace = parseOk({ invocations: INVOCATIONS }, { maxFunctions: 2, overflow: 'busiest' });
    // Totals: f1 10, f2 3, f3 17.
    expect(trace.functions.map((f) => f.id)).toEqual(['o1/a1/f1', 'o2/a2/f3']);
    expect(trace.functions[1]!.invocationsPerMinute).toEqual([10, 0, 0, 0, 7]);
  });

  it('reads quoted fields with commas, quotes and line breaks', () => {
    const text = `HashOwner,HashApp,HashFunction,Trigger,1,2\n"o,1","a ""x""","f\nwith break",http,1,2\no2,a2,f2,http,3,x\n`;
    const result = parseAzureTrace({ invocations: text });
    // The quoted line break moves the next record to line 4.
    expect(result).toEqual({
      ok: false,
      error: 'invocations line 4, column "2": expected a whole number >= 0, got "x"',
    });
    const trace = parseOk({ invocations: text.replace(',3,x', ',3,4') });
    expect(trace.functions[0]!.id).toBe('o,1/a "x"/f\nwith break');
  });

  it.each([
    [
      'empty file',
      '',
      'invocations line 1: the file is empty (expected the header HashOwner,HashApp,HashFunction,Trigger,1,2,...,1440)',
    ],
    [
      'header only',
      'HashOwner,HashApp,HashFunction,Trigger,1\n',
      'invocations: no functions (only a header)',
    ],
    [
      'missing column',
      'HashOwner,HashApp,HashFunction,1,2\no,a,f,1,2',
      'invocations line 1: missing column "Trigger" (expected HashOwner,HashApp,HashFunction,Trigger,1,2,...,1440)',
    ],
    [
      'minute columns out of order',
      'HashOwner,HashApp,HashFunction,Trigger,1,3\no,a,f,http,1,2',
      'invocations line 1: minute column 2 is named "3", expected "2"',
    ],
    [
      'wrong column count',
      'HashOwner,HashApp,HashFunction,Trigger,1,2\no,a,f,http,1',
      'invocations line 2: expected 6 columns as in the header, got 5',
    ],
    [
      'negative count',
      'HashOwner,HashApp,HashFunction,Trigger,1,2\no,a,f,http,1,-2',
      'invocations line 2, column "2": expected a whole number >= 0, got "-2"',
    ],
    [
      'fractional count',
      'HashOwner,HashApp,HashFunction,Trigger,1\no,a,f,http,1.5',
      'invocations line 2, column "1": expected a whole number >= 0, got "1.5"',
    ],
    [
      'count above the limit',
      'HashOwner,HashApp,HashFunction,Trigger,1\no,a,f,http,10000001',
      'invocations line 2, column "1": at most 10000000 invocations per minute, got 10000001',
    ],
    [
      'unknown trigger',
      'HashOwner,HashApp,HashFunction,Trigger,1\no,a,f,cron,1',
      'invocations line 2, column "Trigger": expected one of http, timer, event, queue, storage, orchestration, others, got "cron"',
    ],
    [
      'empty key',
      'HashOwner,HashApp,HashFunction,Trigger,1\no,,f,http,1',
      'invocations line 2, column "HashApp": must not be empty',
    ],
    [
      'unclosed quote',
      'HashOwner,HashApp,HashFunction,Trigger,1\no,"a,f,http,1\n',
      'invocations line 2: a quoted field is never closed',
    ],
    [
      'text after a quote',
      'HashOwner,HashApp,HashFunction,Trigger,1\no,"a"b,f,http,1\n',
      'invocations line 2: unexpected text after a closing quote',
    ],
  ])('rejects an invocations file with a %s', (_, text, message) => {
    expect(parseError({ invocations: text })).toBe(message);
  });

  it('names file, line and column in durations and memory errors', () => {
    const durations = DURATIONS.replace(
      'o1,a1,f1,100,10,1,900,1,2,50,80',
      'o1,a1,f1,100,10,1,900,1,2,50,abc',
    );
    expect(parseError({ invocations: INVOCATIONS, durations })).toBe(
      'durations line 2, column "percentile_Average_50": expected a number >= 0 (ms), got "abc"',
    );
    expect(
      parseError({
        invocations: INVOCATIONS,
        durations: 'HashOwner,HashApp,HashFunction,percentile_Average_0\n',
      }),
    ).toBe(
      'durations line 1: missing column "percentile_Average_100" (expected HashOwner,HashApp,HashFunction,Average,Count,Minimum,Maximum,percentile_Average_0,...,percentile_Average_100)',
    );
    const memory = MEMORY.replace('o1,a1,120,170.5', 'o1,a1,120,-3');
    expect(parseError({ invocations: INVOCATIONS, memory })).toBe(
      'memory line 2, column "AverageAllocatedMb": expected a number >= 0 (MB), got "-3"',
    );
    expect(parseError({ invocations: INVOCATIONS, memory: '' })).toBe(
      'memory line 1: the file is empty (expected the header HashOwner,HashApp,SampleCount,AverageAllocatedMb,AverageAllocatedMb_pct1,...)',
    );
  });

  it('lists at most 20 problems and counts the rest', () => {
    const rows = Array.from({ length: 25 }, (_, i) => `o,a,f${i},http,x`);
    const error = parseError({
      invocations: ['HashOwner,HashApp,HashFunction,Trigger,1', ...rows].join('\n'),
    });
    const lines = error.split('\n');
    expect(lines).toHaveLength(21);
    expect(lines[0]).toBe('invocations line 2, column "1": expected a whole number >= 0, got "x"');
    expect(lines[20]).toBe('... and 5 more problems');
  });

  it('enforces the size limits with clear messages', () => {
    const wide = `HashOwner,HashApp,HashFunction,Trigger,${minutesHeader(20_161)}\n`;
    expect(parseError({ invocations: wide })).toBe(
      'invocations line 1: 20161 minute columns, more than the 20160 (14 days) that can be loaded; read fewer with the minutes option (CLI --trace-minutes N)',
    );
    expect(parseError({ invocations: INVOCATIONS }, { minutes: 6 })).toBe(
      'options.minutes is 6, but the invocations file has only 5 minute columns',
    );
    expect(parseError({ invocations: INVOCATIONS }, { maxFunctions: 5001, minutes: 0 })).toBe(
      'options.maxFunctions must be a whole number from 1 to 5000, got 5001\noptions.minutes must be a whole number from 1 to 20160, got 0',
    );
  });
});

describe('formatAzureTrace', () => {
  const trace = parseOk({ invocations: INVOCATIONS, durations: DURATIONS, memory: MEMORY });

  it('writes the dataset headers', () => {
    const csv = formatAzureTrace(trace);
    expect(csv.invocations.split('\n')[0]).toBe('HashOwner,HashApp,HashFunction,Trigger,1,2,3,4,5');
    expect(csv.durations.split('\n')[0]).toBe(
      'HashOwner,HashApp,HashFunction,Average,Count,Minimum,Maximum,percentile_Average_0,percentile_Average_1,percentile_Average_25,percentile_Average_50,percentile_Average_75,percentile_Average_99,percentile_Average_100',
    );
    expect(csv.memory.split('\n')[0]).toBe(
      'HashOwner,HashApp,SampleCount,AverageAllocatedMb,AverageAllocatedMb_pct1,AverageAllocatedMb_pct5,AverageAllocatedMb_pct25,AverageAllocatedMb_pct50,AverageAllocatedMb_pct75,AverageAllocatedMb_pct95,AverageAllocatedMb_pct99,AverageAllocatedMb_pct100',
    );
    expect(AZURE_FILE_NAMES.invocations).toBe('invocations_per_function_md.anon.d01.csv');
  });

  it('derives the columns the trace does not keep', () => {
    const csv = formatAzureTrace(trace);
    const f1 = csv.durations.split('\n')[1]!.split(',');
    // Average = mean of the piecewise-linear quantile function through the table.
    const table = trace.functions[0]!.durationPercentilesMs;
    const mean = (1 * 1.5 + 24 * 26 + 25 * 65 + 25 * 100 + 24 * 410 + 1 * 800) / 100;
    expect(percentileTableMeanMs(table)).toBeCloseTo(mean, 10);
    expect(f1.slice(0, 7)).toEqual(['o1', 'a1', 'f1', String(mean), '10', '1', '900']);
    // App a1: active in all 5 minutes -> 60 samples of 5 s.
    expect(csv.memory.split('\n')[1]).toBe('o1,a1,60,170.5,170.5,170.5,170.5,170.5,170.5,170.5,170.5,170.5');
  });

  it('round-trips through parseAzureTrace', () => {
    const back = parseOk(formatAzureTrace(trace));
    expect(back).toEqual({ ...trace, source: back.source });
  });

  it('interpolates tables with other percentiles and quotes awkward ids', () => {
    const odd: WorkloadTrace = {
      source: 'x',
      minutes: 1,
      functions: [
        {
          id: 'plain-name',
          app: 'my,app',
          trigger: 'http',
          invocationsPerMinute: [3],
          durationPercentilesMs: [
            { p: 0, ms: 10 },
            { p: 100, ms: 110 },
          ],
          memoryMiB: 64,
        },
      ],
    };
    expect(percentileMs(odd.functions[0]!.durationPercentilesMs, 25)).toBe(35);
    const csv = formatAzureTrace(odd);
    expect(csv.invocations.split('\n')[1]).toBe('unknown,"my,app",plain-name,http,3');
    const back = parseOk(csv);
    expect(back.functions[0]!.id).toBe('unknown/my,app/plain-name');
    expect(back.functions[0]!.durationPercentilesMs.map((e) => e.ms)).toEqual([10, 11, 35, 60, 85, 109, 110]);
  });
});

describe('parseAzureTraceFiles', () => {
  it('sorts picked files by name and parses them; the invocations file is required', async () => {
    const { formatAzureTrace } = await import('./azure');
    const { azureSampleTrace } = await import('./synthetic');
    const { parseAzureTraceFiles } = await import('./azure');
    const csv = formatAzureTrace(azureSampleTrace());
    const parsed = parseAzureTraceFiles([
      { name: 'app_memory_percentiles.anon.d05.csv', text: csv.memory },
      { name: 'invocations_per_function_md.anon.d05.csv', text: csv.invocations },
      { name: 'function_durations_percentiles.anon.d05.csv', text: csv.durations },
    ]);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.value.functions).toHaveLength(azureSampleTrace().functions.length);
      expect(parsed.value.source).toBe('invocations_per_function_md.anon.d05.csv');
    }
    const missing = parseAzureTraceFiles([{ name: 'app_memory_percentiles.anon.d01.csv', text: csv.memory }]);
    expect(missing).toEqual({
      ok: false,
      error:
        "choose the invocations file (invocations_per_function_md.anon.d01.csv or another day's), and optionally the durations and memory files",
    });
  });
});
