import { IpcChannel, type RendererApi, type RendererEvents } from '../../../shared/ipc';
import { SimulationController } from '../../../shared/runtime/simulation-controller';
import { systemClock } from '../../../shared/runtime/system-clock';
import SimulationWorker from '../worker/simulation.worker?worker';
import { downloadFile, pickTextFile, pickTextFiles } from './browser-files';
import { deleteRun, listRuns, loadRun, renameRun, saveRun } from './browser-runs';
import { RenameRunRequestSchema } from '../../../shared/run-library';

/**
 * Web edition: the same RendererApi, with the simulation in a Web Worker speaking the
 * same worker protocol as the desktop app's worker thread.
 */
export function createRendererApi(): RendererApi {
  const listeners = new Map<keyof RendererEvents, Set<(payload: never) => void>>();
  const subscribe =
    <K extends keyof RendererEvents>(channel: K) =>
    (listener: (payload: RendererEvents[K]) => void) => {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    };

  const worker = new SimulationWorker();
  const controller = new SimulationController(
    {
      postMessage: (message) => worker.postMessage(message),
      onMessage: (listener) => worker.addEventListener('message', (event) => listener(event.data)),
    },
    systemClock,
    (channel, payload) => {
      for (const listener of listeners.get(channel) ?? []) (listener as (p: typeof payload) => void)(payload);
    },
  );
  worker.addEventListener('error', (event) => controller.workerFailed(new Error(event.message)));

  return {
    getAppInfo: async () => ({
      name: 'VirtLab',
      version: __APP_VERSION__,
      edition: 'web',
      platform: navigator.userAgent,
    }),
    startRun: (request) => controller.startRun(request),
    startTopicRun: (request) => controller.startTopicRun(request),
    pauseRun: () => controller.pauseRun(),
    resumeRun: () => controller.resumeRun(),
    stopRun: () => controller.stopRun(),
    stepRun: () => controller.stepRun(),
    setSpeed: (speed) => controller.setSpeed(speed),
    saveFile: (request) => downloadFile(request),
    openScenarioFile: () => pickTextFile('.json,application/json'),
    openTraceFiles: () => pickTextFiles('.csv,text/csv'),
    listRuns,
    saveRun,
    loadRun,
    renameRun: async (request) => {
      const { id, name } = RenameRunRequestSchema.parse(request);
      await renameRun(id, name);
    },
    deleteRun,
    // The browser's print dialog (with the print stylesheet) is the web edition's PDF export.
    saveReportPdf: () => {
      window.print();
      return Promise.resolve(null);
    },
    copyImage: async ({ pngBase64 }) => {
      const bytes = Uint8Array.from(atob(pngBase64), (c) => c.charCodeAt(0));
      const blob = new Blob([bytes], { type: 'image/png' });
      await navigator.clipboard.write([new ClipboardItem({ 'image/png': blob })]);
    },
    onMetrics: subscribe(IpcChannel.RunMetrics),
    onProgress: subscribe(IpcChannel.RunProgress),
    onRunFinished: subscribe(IpcChannel.RunFinished),
    onRunError: subscribe(IpcChannel.RunError),
    onTopicChunk: subscribe(IpcChannel.TopicChunk),
    onTopicFinished: subscribe(IpcChannel.TopicFinished),
    startSweep: (request) => controller.startSweep(request),
    cancelSweep: () => controller.cancelSweep(),
    onSweepProgress: subscribe(IpcChannel.SweepProgress),
    onSweepPoint: subscribe(IpcChannel.SweepPoint),
    onSweepFinished: subscribe(IpcChannel.SweepFinished),
  };
}
