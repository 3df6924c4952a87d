import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IpcChannel, type IpcResult, type RendererApi, type RendererEvents } from '../../shared/ipc';

/**
 * The bridge: one named method per message, never a generic send/invoke (Electron's
 * context-isolation guide). Errors come back from main as data and are rethrown here.
 */
async function invoke<T>(channel: string, payload?: unknown): Promise<T> {
  const result = (await ipcRenderer.invoke(channel, payload)) as IpcResult<T>;
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

function subscribe<K extends keyof RendererEvents>(channel: K) {
  return (listener: (payload: RendererEvents[K]) => void) => {
    const handler = (_event: IpcRendererEvent, payload: RendererEvents[K]) => listener(payload);
    ipcRenderer.on(channel, handler);
    return () => {
      ipcRenderer.removeListener(channel, handler);
    };
  };
}

const api: RendererApi = {
  getAppInfo: () => invoke(IpcChannel.GetAppInfo),
  startRun: (request) => invoke(IpcChannel.StartRun, request),
  startTopicRun: (request) => invoke(IpcChannel.StartTopicRun, request),
  pauseRun: () => invoke(IpcChannel.PauseRun),
  resumeRun: () => invoke(IpcChannel.ResumeRun),
  stopRun: () => invoke(IpcChannel.StopRun),
  stepRun: () => invoke(IpcChannel.StepRun),
  setSpeed: (speed) => invoke(IpcChannel.SetSpeed, speed),
  saveFile: (request) => invoke(IpcChannel.SaveFile, request),
  openScenarioFile: () => invoke(IpcChannel.OpenScenario),
  openTraceFiles: () => invoke(IpcChannel.OpenTraceFiles),
  listRuns: () => invoke(IpcChannel.ListRuns),
  saveRun: (run) => invoke(IpcChannel.SaveRun, run),
  loadRun: (id) => invoke(IpcChannel.LoadRun, id),
  renameRun: (request) => invoke(IpcChannel.RenameRun, request),
  deleteRun: (id) => invoke(IpcChannel.DeleteRun, id),
  saveReportPdf: (request) => invoke(IpcChannel.SaveReportPdf, request),
  copyImage: (request) => invoke(IpcChannel.CopyImage, request),
  onMetrics: subscribe(IpcChannel.RunMetrics),
  onProgress: subscribe(IpcChannel.RunProgress),
  onRunFinished: subscribe(IpcChannel.RunFinished),
  onRunError: subscribe(IpcChannel.RunError),
  onTopicChunk: subscribe(IpcChannel.TopicChunk),
  onTopicFinished: subscribe(IpcChannel.TopicFinished),
  startSweep: (request) => invoke(IpcChannel.StartSweep, request),
  cancelSweep: () => invoke(IpcChannel.CancelSweep),
  onSweepProgress: subscribe(IpcChannel.SweepProgress),
  onSweepPoint: subscribe(IpcChannel.SweepPoint),
  onSweepFinished: subscribe(IpcChannel.SweepFinished),
};

contextBridge.exposeInMainWorld('virtlab', api);
