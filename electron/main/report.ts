import { writeFile } from 'node:fs/promises';
import { fileNameFor } from '../../shared/files';
import type { CopyImageRequest, ReportRequest } from '../../shared/report';

/** The parts of Electron main a report or a clipboard copy needs, injected so tests can fake them. */
export interface PdfSource {
  printToPDF(options: {
    landscape: boolean;
    printBackground: boolean;
    pageSize: 'A4';
    margins: { top: number; bottom: number; left: number; right: number };
  }): Promise<Uint8Array>;
}
export type AskSavePath = (suggestedName: string) => Promise<string | null>;

/**
 * Prints the window to an A4 landscape PDF (backgrounds on, so chart fills show) and saves it
 * where the user says; null when the dialog is cancelled. The print stylesheet decides the layout.
 */
export async function saveReportPdf(
  contents: PdfSource,
  askSavePath: AskSavePath,
  request: ReportRequest,
): Promise<{ location: string } | null> {
  const path = await askSavePath(fileNameFor(request.title, 'pdf'));
  if (!path) return null;
  const pdf = await contents.printToPDF({
    landscape: true,
    printBackground: true,
    pageSize: 'A4',
    margins: { top: 0.4, bottom: 0.4, left: 0.4, right: 0.4 },
  });
  await writeFile(path, pdf);
  return { location: path };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Decodes and checks the PNG signature before it goes anywhere near the clipboard. */
export function decodePng(request: CopyImageRequest): Buffer {
  const bytes = Buffer.from(request.pngBase64, 'base64');
  if (bytes.length < PNG_SIGNATURE.length || PNG_SIGNATURE.some((b, i) => bytes[i] !== b))
    throw new Error('pngBase64 is not a PNG image');
  return bytes;
}
