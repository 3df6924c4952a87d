import { z } from 'zod';

/**
 * Files the user saves or opens through the app: scenarios now, chart exports later.
 * The desktop edition shows native dialogs in main; the web edition uses downloads and
 * a file picker. Both validate with these schemas.
 */
export const FILE_KINDS = {
  scenario: { label: 'VirtLab scenario', extensions: ['json'], mime: 'application/json' },
  json: { label: 'JSON data', extensions: ['json'], mime: 'application/json' },
  csv: { label: 'CSV table', extensions: ['csv'], mime: 'text/csv' },
  svg: { label: 'SVG image', extensions: ['svg'], mime: 'image/svg+xml' },
  png: { label: 'PNG image', extensions: ['png'], mime: 'image/png' },
} as const;
export type FileKind = keyof typeof FILE_KINDS;

/** Largest file accepted either way: far above any scenario, bounded so a bad file cannot exhaust memory. */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;

export const SaveFileRequestSchema = z.strictObject({
  kind: z.enum(Object.keys(FILE_KINDS) as [FileKind, ...FileKind[]], { error: 'unknown file kind' }),
  suggestedName: z
    .string()
    .min(1, { message: 'suggestedName must not be empty' })
    .max(200, { message: 'suggestedName must be at most 200 characters' })
    .refine((name) => !/[\\/]/.test(name) && name !== '.' && name !== '..', {
      message: 'suggestedName must be a file name, not a path',
    }),
  data: z.string().max(MAX_FILE_BYTES * 1.4, { message: 'data is larger than 32 MiB' }),
  encoding: z.enum(['utf8', 'base64']),
});
export type SaveFileRequest = z.infer<typeof SaveFileRequestSchema>;

export interface SavedFile {
  /** Where it went: a path on desktop, the download name on the web. */
  location: string;
}

export interface OpenedFile {
  name: string;
  text: string;
}

/** Makes a safe default file name from a scenario name ("One service, three platforms" -> "one-service-three-platforms"). */
export function fileNameFor(name: string, extension: string): string {
  const stem =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'virtlab';
  return `${stem}.${extension}`;
}
