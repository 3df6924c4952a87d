import type { MetricSample } from './sim/types';
import type { TopicFrame } from './topics/types';

/**
 * What every export carries so a chart can be reproduced: the app version, the scenario
 * and the seed. PNG gets it as a tEXt chunk, SVG as <metadata>, CSV as a header comment,
 * JSON as fields.
 */
export interface Provenance {
  generator: 'VirtLab';
  version: string;
  /** A Compare scenario or a course-topic scenario: anything with a kind and (usually) a name. */
  scenario: { kind: string; name?: string };
  seed: number;
}

export function provenanceLine(p: Provenance): string {
  const kind = p.scenario.kind === 'compare' ? '' : ` kind=${p.scenario.kind}`;
  return `# virtlab ${p.version}${kind} scenario=${JSON.stringify(p.scenario.name ?? '')} seed=${p.seed}`;
}

/** One row per topic frame: the axis position, then every value, in first-seen order. */
export function framesToCsv(frames: readonly TopicFrame[], provenance: Provenance): string {
  const keys: string[] = [];
  for (const frame of frames)
    for (const key of Object.keys(frame.values)) if (!keys.includes(key)) keys.push(key);
  const rows = frames.map((f) => [f.t, ...keys.map((k) => f.values[k])].map(csvCell).join(','));
  return `${[provenanceLine(provenance), ['t', ...keys].map(csvCell).join(','), ...rows].join('\n')}\n`;
}

const csvCell = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** A plain table (a chart's own points), with the provenance comment first. */
export function tableToCsv(
  columns: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<unknown>>,
  provenance: Provenance,
): string {
  const lines = rows.map((row) => row.map(csvCell).join(','));
  return `${[provenanceLine(provenance), columns.map(csvCell).join(','), ...lines].join('\n')}\n`;
}

/** One row per sample (platform x interval), columns named after MetricSample's fields. */
export function samplesToCsv(samples: readonly MetricSample[], provenance: Provenance): string {
  const columns = samples[0] ? Object.keys(samples[0]) : ['t', 'platform'];
  const rows = samples.map((s) =>
    columns.map((c) => csvCell((s as unknown as Record<string, unknown>)[c])).join(','),
  );
  return `${[provenanceLine(provenance), columns.join(','), ...rows].join('\n')}\n`;
}

// --- PNG tEXt chunk -------------------------------------------------------------------------

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const PNG_SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

/** Adds a tEXt chunk (PNG spec 11.3.4.3; Latin-1 keyword and text) right after IHDR. */
export function addPngText(png: Uint8Array, keyword: string, text: string): Uint8Array {
  if (!PNG_SIGNATURE.every((b, i) => png[i] === b)) throw new Error('not a PNG image');
  const latin1 = (s: string) => Uint8Array.from(s, (ch) => (ch.charCodeAt(0) < 256 ? ch.charCodeAt(0) : 63));
  const data = new Uint8Array([...latin1(keyword), 0, ...latin1(text)]);
  const chunk = new Uint8Array(12 + data.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, data.length);
  chunk.set(latin1('tEXt'), 4);
  chunk.set(data, 8);
  view.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));
  const ihdrEnd = 8 + 12 + new DataView(png.buffer, png.byteOffset).getUint32(8); // signature + IHDR
  const out = new Uint8Array(png.length + chunk.length);
  out.set(png.subarray(0, ihdrEnd), 0);
  out.set(chunk, ihdrEnd);
  out.set(png.subarray(ihdrEnd), ihdrEnd + chunk.length);
  return out;
}

/** Reads width, height and tEXt chunks back (for tests and for checking an export). */
export function readPngInfo(png: Uint8Array): {
  width: number;
  height: number;
  text: Record<string, string>;
} {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const text: Record<string, string> = {};
  let offset = 8;
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  while (offset + 8 <= png.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...png.subarray(offset + 4, offset + 8));
    if (type === 'tEXt') {
      const data = png.subarray(offset + 8, offset + 8 + length);
      const zero = data.indexOf(0);
      text[String.fromCharCode(...data.subarray(0, zero))] = String.fromCharCode(...data.subarray(zero + 1));
    }
    if (type === 'IEND') break;
    offset += 12 + length;
  }
  return { width, height, text };
}

/** Puts the provenance into an SVG document as a <metadata> element. */
export function addSvgMetadata(svg: string, provenance: Provenance): string {
  const escaped = JSON.stringify(provenance)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
  return svg.replace(
    /<svg\b[^>]*>/,
    (open) => `${open}<metadata id="virtlab-provenance">${escaped}</metadata>`,
  );
}
