import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  addPngText,
  addSvgMetadata,
  provenanceLine,
  readPngInfo,
  samplesToCsv,
  tableToCsv,
  type Provenance,
} from './export';
import { defaultCompareScenario } from './scenario';
import { createCompareSimulation } from './sim/compare-model';

const provenance: Provenance = {
  generator: 'VirtLab',
  version: '1.2.3',
  scenario: defaultCompareScenario(),
  seed: 9,
};

/** A real 3x2 RGB PNG built here, so the chunk code is checked against a valid file. */
function tinyPng(): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Uint8Array) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Uint8Array) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'latin1');
    Buffer.from(data).copy(out, 8);
    out.writeUInt32BE(crc(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(3, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.alloc(2 * (1 + 9));
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(raw)),
      chunk('IEND', new Uint8Array()),
    ]),
  );
}

describe('exports carry their provenance', () => {
  it('adds a tEXt chunk to a PNG that reads back, keeping the image valid', () => {
    const png = addPngText(tinyPng(), 'virtlab', provenanceLine(provenance));
    const info = readPngInfo(png);
    expect(info).toEqual({
      width: 3,
      height: 2,
      text: { virtlab: '# virtlab 1.2.3 scenario="One service, three platforms" seed=9' },
    });
    expect(() => addPngText(new Uint8Array([1, 2, 3]), 'k', 'v')).toThrow('not a PNG image');
  });

  it('writes samples as CSV with the provenance comment, one row per sample', () => {
    const scenario = { ...defaultCompareScenario(), horizonS: 60 };
    const samples = createCompareSimulation(scenario, 9).advanceTo(60);
    const lines = samplesToCsv(samples, { ...provenance, scenario })
      .trimEnd()
      .split('\n');
    expect(lines[0]).toBe('# virtlab 1.2.3 scenario="One service, three platforms" seed=9');
    expect(lines[1]!.split(',').slice(0, 3)).toEqual(['t', 'platform', 'instancesReady']);
    expect(lines).toHaveLength(2 + samples.length);
  });

  it('puts the provenance into SVG metadata', () => {
    const svg = addSvgMetadata(
      '<svg width="10" height="10" xmlns="http://www.w3.org/2000/svg"><rect/></svg>',
      provenance,
    );
    expect(svg).toMatch(
      /^<svg [^>]*><metadata id="virtlab-provenance">\{"generator":"VirtLab","version":"1.2.3"/,
    );
    expect(svg).toContain('"seed":9}</metadata><rect/>');
  });
});

describe('tableToCsv', () => {
  it('writes the provenance comment, the header and one row per entry, quoting where needed', () => {
    const lines = tableToCsv(
      ['platform', 'note', 'count'],
      [
        ['kvm', 'a, b', 16],
        ['runc', 'say "hi"', null],
      ],
      provenance,
    ).split('\n');
    expect(lines).toEqual([
      provenanceLine(provenance),
      'platform,note,count',
      'kvm,"a, b",16',
      'runc,"say ""hi""",',
      '',
    ]);
  });
});
