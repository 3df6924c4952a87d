import type { RendererApi } from '../../../shared/ipc';

declare global {
  interface Window {
    /** Exposed by electron/preload: the only way the renderer reaches the main process. */
    virtlab?: RendererApi;
  }
}

/** Desktop edition: the preload bridge, backed by the main process and its worker thread. */
export function createRendererApi(): RendererApi {
  if (!window.virtlab) throw new Error('VirtLab bridge missing: the preload script did not run');
  return window.virtlab;
}
