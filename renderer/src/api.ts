import { createRendererApi } from '@edition';
import type { RendererApi } from '../../shared/ipc';

let api: RendererApi | null = null;

/** The RendererApi of this edition (desktop bridge or Web Worker), created on first use. */
export function useRendererApi(): RendererApi {
  if (!api) api = createRendererApi();
  return api;
}

/** For tests: run the renderer against another implementation of the same contract. */
export function provideRendererApi(implementation: RendererApi): void {
  api = implementation;
}
