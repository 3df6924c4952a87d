import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { format, resolveConfig } from 'prettier';

/** A line of the results table. `pass` is null for rows that have no target. */
export interface Row {
  benchmark: string;
  measured: string;
  target: string;
  pass: boolean | null;
}

export const BEGIN_MARKER = '<!-- bench:results:begin (written by `npm run bench`; edits here are lost) -->';
export const END_MARKER = '<!-- bench:results:end -->';

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  v8: string;
  platform: string;
  date: string;
  /** 1-minute load average when the bench started. */
  loadAverage: number;
  /** Share of all cores busy (0-1) in the second before the bench started, or null if unknown. */
  busyBefore: number | null;
}

/** Total and idle jiffies over all cores, from /proc/stat (Linux), or null. */
function cpuTimes(): { total: number; idle: number } | null {
  if (!existsSync('/proc/stat')) return null;
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const fields = line.trim().split(/\s+/).slice(1).map(Number);
  if (fields.length < 5 || fields.some((f) => !Number.isFinite(f))) return null;
  const idle = fields[3]! + fields[4]!; // idle + iowait
  return { total: fields.reduce((a, b) => a + b, 0), idle };
}

/** How busy the machine is while this process sleeps for `ms`: other work that would slow the bench. */
export async function measureBackgroundLoad(ms = 1000): Promise<number | null> {
  const before = cpuTimes();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = cpuTimes();
  if (before === null || after === null || after.total <= before.total) return null;
  return 1 - (after.idle - before.idle) / (after.total - before.total);
}

export function machineInfo(busyBefore: number | null): MachineInfo {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    v8: process.versions.v8,
    platform: `${process.platform} ${process.arch}`,
    date: new Date().toISOString().slice(0, 10),
    loadAverage: loadavg()[0] ?? 0,
    busyBefore,
  };
}

export function mark(pass: boolean | null): string {
  return pass === null ? '—' : pass ? 'pass' : 'MISS';
}

/** The table as aligned plain text for the terminal. */
export function textTable(rows: readonly Row[]): string {
  const header = ['Benchmark', 'Measured', 'Target', 'Result'];
  const cells = rows.map((r) => [r.benchmark, r.measured, r.target, mark(r.pass)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]): string => c.map((cell, i) => cell.padEnd(widths[i]!)).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export function markdownTable(rows: readonly Row[]): string {
  const lines = ['| Benchmark | Measured | Target | Result |', '| --- | --- | --- | --- |'];
  for (const r of rows) {
    const cells = [r.benchmark, r.measured, r.target, mark(r.pass)].map(escapeCell);
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** Replaces what lies between the markers (markers kept), then formats the file as Prettier would. */
export async function writeResults(path: string, block: string): Promise<void> {
  const text = readFileSync(path, 'utf8');
  const begin = text.indexOf(BEGIN_MARKER);
  const end = text.indexOf(END_MARKER);
  if (begin < 0 || end < begin) {
    throw new Error(`${path} lacks the result markers:\n${BEGIN_MARKER}\n${END_MARKER}`);
  }
  const updated = `${text.slice(0, begin + BEGIN_MARKER.length)}\n\n${block.trim()}\n\n${text.slice(end)}`;
  const options = (await resolveConfig(path)) ?? {};
  writeFileSync(path, await format(updated, { ...options, filepath: path }));
}
