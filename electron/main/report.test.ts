import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CopyImageRequestSchema } from '../../shared/report';
import { decodePng, saveReportPdf, type PdfSource } from './report';

describe('saveReportPdf', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'virtlab-report-'));
  });
  afterEach(() => rm(directory, { recursive: true, force: true }));

  it('prints A4 landscape with backgrounds and writes the bytes where the user chose', async () => {
    const calls: unknown[] = [];
    const fake: PdfSource = {
      printToPDF: (options) => {
        calls.push(options);
        return Promise.resolve(new TextEncoder().encode('%PDF-1.7 fake'));
      },
    };
    let suggested = '';
    const target = join(directory, 'report.pdf');
    const saved = await saveReportPdf(
      fake,
      (name) => {
        suggested = name;
        return Promise.resolve(target);
      },
      { title: 'Default comparison seed 42' },
    );
    expect(saved).toEqual({ location: target });
    expect(suggested).toMatch(/^default-comparison-seed-42.*\.pdf$/);
    expect(calls).toEqual([
      {
        landscape: true,
        printBackground: true,
        pageSize: 'A4',
        margins: { top: 0.4, bottom: 0.4, left: 0.4, right: 0.4 },
      },
    ]);
    expect(await readFile(target, 'utf8')).toBe('%PDF-1.7 fake');
  });

  it('does not print when the dialog is cancelled', async () => {
    let printed = false;
    const fake: PdfSource = {
      printToPDF: () => {
        printed = true;
        return Promise.resolve(new Uint8Array());
      },
    };
    expect(await saveReportPdf(fake, () => Promise.resolve(null), { title: 'x' })).toBeNull();
    expect(printed).toBe(false);
  });
});

describe('clipboard PNG checks', () => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
  it('accepts a PNG and returns its bytes', () => {
    const request = CopyImageRequestSchema.parse({ pngBase64: png.toString('base64') });
    expect(decodePng(request)).toEqual(png);
  });
  it('refuses non-base64 text and bytes that are not a PNG', () => {
    expect(CopyImageRequestSchema.safeParse({ pngBase64: 'not base64!' }).success).toBe(false);
    expect(() => decodePng({ pngBase64: Buffer.from('GIF89a....').toString('base64') })).toThrow(/not a PNG/);
  });
});
