import type { z } from 'zod';
import { formatIssues } from '../../shared/scenario';
import type { IpcResult } from '../../shared/ipc';

/** What main knows about the frame that sent a message. */
export interface SenderInfo {
  url: string;
  isMainFrame: boolean;
}

/**
 * Decides whether a frame is our renderer: the main frame, loaded from the app's own
 * files or (in development only) from electron-vite's dev server. See VS Code's
 * validatedIpcMain for the same checks.
 */
export function isTrustedSender(
  sender: SenderInfo | null,
  trusted: { fileUrl: string; devOrigin?: string },
): boolean {
  if (!sender || !sender.isMainFrame) return false;
  let url: URL;
  try {
    url = new URL(sender.url);
  } catch {
    return false;
  }
  if (url.protocol === 'file:') return url.href.split(/[?#]/)[0] === trusted.fileUrl;
  return trusted.devOrigin !== undefined && url.origin === trusted.devOrigin;
}

/**
 * Wraps a handler so every call is checked (sender, then payload against its schema) and
 * every outcome comes back as an IpcResult: the renderer gets a message naming the bad
 * field, and main never throws across IPC.
 */
export function validatedHandler<S extends z.ZodType, R>(
  channel: string,
  schema: S,
  handler: (payload: z.infer<S>) => R | Promise<R>,
  isTrusted: (sender: SenderInfo | null) => boolean,
): (sender: SenderInfo | null, payload: unknown) => Promise<IpcResult<R>> {
  return async (sender, payload) => {
    if (!isTrusted(sender))
      return { ok: false, error: `${channel}: refused, the sender is not the VirtLab window` };
    const parsed = schema.safeParse(payload);
    if (!parsed.success) return { ok: false, error: formatIssues(parsed.error) };
    try {
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  };
}
