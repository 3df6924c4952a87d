import { describe, expect, it } from 'vitest';
import { SaveFileRequestSchema, fileNameFor } from './files';
import { parseWith } from './scenario';

describe('file requests', () => {
  it('makes safe file names from scenario names', () => {
    expect(fileNameFor('One service, three platforms', 'json')).toBe('one-service-three-platforms.json');
    expect(fileNameFor('../../etc/passwd', 'csv')).toBe('etc-passwd.csv');
    expect(fileNameFor('***', 'png')).toBe('virtlab.png');
  });

  it('refuses paths and unknown kinds, naming the field', () => {
    const result = parseWith(SaveFileRequestSchema, {
      kind: 'exe',
      suggestedName: '../evil.json',
      data: '{}',
      encoding: 'utf8',
    });
    expect(result).toEqual({
      ok: false,
      error: 'kind: unknown file kind\nsuggestedName: suggestedName must be a file name, not a path',
    });
  });
});
