import { inflateSync } from 'node:zlib';

/**
 * The text of a PDF that Chromium printed, enough for tests to search it: inflates every
 * FlateDecode stream, reads the fonts' ToUnicode maps, and decodes each text-showing
 * operator with every map (a test cannot cheaply tell which font a run used, and a wrong map
 * only adds noise). Not a general PDF parser.
 */
export function pdfText(pdf: Buffer): string {
  const streams: string[] = [];
  const source = pdf.toString('latin1');
  const streamPattern = /stream\r?\n/g;
  let match: RegExpExecArray | null;
  while ((match = streamPattern.exec(source))) {
    const start = match.index + match[0].length;
    const end = source.indexOf('endstream', start);
    if (end < 0) break;
    try {
      streams.push(inflateSync(pdf.subarray(start, end)).toString('latin1'));
    } catch {
      // Not deflated (images, fonts in other encodings): nothing to read here.
    }
    streamPattern.lastIndex = end + 'endstream'.length;
  }
  const maps = streams.filter((s) => s.includes('begincmap')).map(parseToUnicode);
  const lines: string[] = [];
  for (const content of streams.filter((s) => /\bTJ\b|\bTj\b/.test(s))) {
    for (const block of content.split(/\bBT\b/).slice(1)) {
      const hex = [...block.split(/\bET\b/)[0]!.matchAll(/<([0-9A-Fa-f\s]+)>/g)].map((m) =>
        m[1]!.replace(/\s+/g, ''),
      );
      for (const map of maps) lines.push(hex.map((h) => decode(h, map)).join(''));
    }
  }
  return lines.join('\n');
}

function parseToUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const unicode = (hex: string) =>
    String.fromCharCode(...(hex.match(/.{4}/g) ?? []).map((h) => parseInt(h, 16)));
  for (const section of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const pair of section[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g))
      map.set(parseInt(pair[1]!, 16), unicode(pair[2]!));
  for (const section of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
    for (const range of section[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      const [from, to, first] = [parseInt(range[1]!, 16), parseInt(range[2]!, 16), parseInt(range[3]!, 16)];
      for (let code = from; code <= to; code++) map.set(code, String.fromCharCode(first + code - from));
    }
  return map;
}

function decode(hex: string, map: Map<number, string>): string {
  let text = '';
  for (let i = 0; i + 4 <= hex.length; i += 4) text += map.get(parseInt(hex.slice(i, i + 4), 16)) ?? '';
  return text;
}
