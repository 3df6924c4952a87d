/**
 * A small reader of the JSON Schema that zod produces for a topic scenario
 * (`z.toJSONSchema`), so one generic form can edit every topic's scenario: labels from
 * field names, ranges from minimum/maximum, choices from enums and discriminated unions.
 */
export interface JsonSchema {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  description?: string;
  default?: unknown;
}

const UNIT_SUFFIXES: Array<[RegExp, string]> = [
  [/PerS$/, '/s'],
  [/Pct$/, '%'],
  [/Ms$/, 'ms'],
  [/Us$/, 'µs'],
  [/MiB$/, 'MiB'],
  [/GiB$/, 'GiB'],
  [/KiB$/, 'KiB'],
  [/Gbps$/, 'Gbit/s'],
  [/MBps$/, 'MB/s'],
  [/Watts$/, 'W'],
  [/Usd$/, 'USD'],
  [/Minutes$/, 'min'],
  [/Hours$/, 'h'],
  [/S$/, 's'],
];

/** "quantumMs" -> { label: "Quantum", unit: "ms" }; "vcpusPerCore" -> { label: "Vcpus per core" }. */
export function labelFor(key: string): { label: string; unit: string } {
  let stem = key;
  let unit = '';
  for (const [pattern, suffix] of UNIT_SUFFIXES) {
    if (pattern.test(stem) && stem.replace(pattern, '').length > 0) {
      stem = stem.replace(pattern, '');
      unit = suffix;
      break;
    }
  }
  const words = stem
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[-_]/g, ' ')
    .toLowerCase();
  return { label: words.charAt(0).toUpperCase() + words.slice(1), unit };
}

export const variantsOf = (schema: JsonSchema): JsonSchema[] | null => schema.oneOf ?? schema.anyOf ?? null;

/** The discriminator of a union of objects: the property that is a const in every variant. */
export function discriminatorOf(variants: JsonSchema[]): string | null {
  const first = variants[0]?.properties;
  if (!first) return null;
  // The property that is a const in every variant and tells them apart (not e.g. schemaVersion).
  for (const key of Object.keys(first)) {
    const values = variants.map((v) => v.properties?.[key]?.const);
    if (values.every((v) => v !== undefined) && new Set(values).size === variants.length) return key;
  }
  return null;
}

/** A valid-looking starting value for a schema node (used when the user switches a union's variant or adds a row). */
export function defaultFor(schema: JsonSchema): unknown {
  if (schema.default !== undefined) return structuredClone(schema.default);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const variants = variantsOf(schema);
  if (variants?.[0]) return defaultFor(variants[0]);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'number':
    case 'integer':
      return schema.minimum !== undefined && schema.minimum > 0
        ? schema.minimum
        : Math.min(1, schema.maximum ?? 1);
    case 'boolean':
      return false;
    case 'string':
      return '';
    case 'array':
      return [];
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const key of schema.required ?? []) {
        const property = schema.properties?.[key];
        if (property) value[key] = defaultFor(property);
      }
      return value;
    }
    default:
      return null;
  }
}

export function isScalar(schema: JsonSchema): boolean {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  return schema.enum !== undefined || ['number', 'integer', 'string', 'boolean'].includes(type ?? '');
}
