import { z } from 'zod';

/** Requests for the PDF report and the chart clipboard copy (desktop IPC). */

export const ReportRequestSchema = z.strictObject({
  /** Used only for the suggested file name; the user picks the folder and may rename it. */
  title: z.string().min(1, { message: 'title must not be empty' }).max(200),
});
export type ReportRequest = z.infer<typeof ReportRequestSchema>;

/** Largest PNG accepted for the clipboard: a 2x chart is well under 2 MiB. */
export const MAX_CLIPBOARD_PNG_BYTES = 16 * 1024 * 1024;

export const CopyImageRequestSchema = z.strictObject({
  pngBase64: z
    .string()
    .min(1, { message: 'pngBase64 must not be empty' })
    .max(Math.ceil((MAX_CLIPBOARD_PNG_BYTES * 4) / 3) + 4, { message: 'pngBase64 is larger than 16 MiB' })
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, { message: 'pngBase64 must be base64' }),
});
export type CopyImageRequest = z.infer<typeof CopyImageRequestSchema>;
