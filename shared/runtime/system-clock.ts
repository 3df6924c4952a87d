import type { Clock } from '../protocol';

/**
 * The one place outside tests that reads the wall clock, for the runtime entry points
 * (worker threads, Web Worker, main process) to inject. The simulation core never
 * imports this: it runs on simulated time only.
 */
export const systemClock: Clock = {
  // eslint-disable-next-line no-restricted-globals -- this is the injection point
  now: () => performance.now(), // wall-clock ok
  // eslint-disable-next-line no-restricted-globals -- this is the injection point
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as Parameters<typeof clearTimeout>[0]),
};
