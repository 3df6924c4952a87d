import type { StartRunRequest } from './scenario';
import type { MetricsBatch, RunError, RunFinished, RunProgress } from './protocol';
import type { SweepFinished, SweepPoint, SweepProgress } from './protocol';
import type { SweepRequest } from './sweep';
import type { OpenedFile, SaveFileRequest, SavedFile } from './files';
import type { StartTopicRunRequest } from './topics/registry';
import type { RenameRunRequest, RunListEntry, SavedRun } from './run-library';
import type { CopyImageRequest, ReportRequest } from './report';
import type { TopicChunkMessage, TopicFinished } from './topics/wire';

/**
 * The IPC contract between the renderer and whatever runs the simulation: the Electron
 * main process (through the preload bridge) or, in the web edition, a Web Worker.
 * Every channel name lives here, prefixed so main can refuse anything else.
 */
export const IPC_PREFIX = 'virtlab:';

export const IpcChannel = {
  GetAppInfo: 'virtlab:app:info',
  StartRun: 'virtlab:run:start',
  PauseRun: 'virtlab:run:pause',
  ResumeRun: 'virtlab:run:resume',
  StopRun: 'virtlab:run:stop',
  StepRun: 'virtlab:run:step',
  SetSpeed: 'virtlab:run:set-speed',
  StartTopicRun: 'virtlab:topic:start',
  SaveFile: 'virtlab:file:save',
  OpenScenario: 'virtlab:file:open-scenario',
  OpenTraceFiles: 'virtlab:file:open-trace',
  ListRuns: 'virtlab:runs:list',
  SaveRun: 'virtlab:runs:save',
  LoadRun: 'virtlab:runs:load',
  RenameRun: 'virtlab:runs:rename',
  DeleteRun: 'virtlab:runs:delete',
  SaveReportPdf: 'virtlab:report:pdf',
  CopyImage: 'virtlab:clipboard:image',
  StartSweep: 'virtlab:sweep:start',
  CancelSweep: 'virtlab:sweep:cancel',
  // Events, main -> renderer.
  RunMetrics: 'virtlab:run:metrics',
  RunProgress: 'virtlab:run:progress',
  RunFinished: 'virtlab:run:finished',
  RunError: 'virtlab:run:error',
  TopicChunk: 'virtlab:topic:chunk',
  TopicFinished: 'virtlab:topic:finished',
  SweepProgress: 'virtlab:sweep:progress',
  SweepPoint: 'virtlab:sweep:point',
  SweepFinished: 'virtlab:sweep:finished',
} as const;
export type IpcChannelName = (typeof IpcChannel)[keyof typeof IpcChannel];

export type Edition = 'desktop' | 'web';

export interface AppInfo {
  name: string;
  version: string;
  edition: Edition;
  /** Electron/Chromium/Node versions on desktop; the browser's user agent on the web. */
  platform: string;
}

/** What an invoke returns across IPC: errors travel as data, never as exceptions. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: string };

export type Unsubscribe = () => void;

export interface RunHandle {
  runId: number;
}

export interface SweepHandle {
  sweepId: number;
}

/** The only surface the renderer sees. One named method per message. */
export interface RendererApi {
  getAppInfo(): Promise<AppInfo>;
  startRun(request: StartRunRequest): Promise<RunHandle>;
  /** Starts a course-topic model (time slicing, migration ...); stops any other run. */
  startTopicRun(request: StartTopicRunRequest): Promise<RunHandle>;
  pauseRun(): Promise<void>;
  resumeRun(): Promise<void>;
  stopRun(): Promise<void>;
  /** While paused: advance to the end of the next sample interval. */
  stepRun(): Promise<void>;
  setSpeed(speed: number): Promise<void>;
  /** Saves a file the user names (native dialog on desktop, a download on the web); null if cancelled. */
  saveFile(request: SaveFileRequest): Promise<SavedFile | null>;
  /** Lets the user pick a scenario file and returns its text; null if cancelled. */
  openScenarioFile(): Promise<OpenedFile | null>;
  /** Lets the user pick the CSV files of an Azure Functions trace; null if cancelled. */
  openTraceFiles(): Promise<OpenedFile[] | null>;
  /** The runs library: every stored run, unreadable ones included with the reason. */
  listRuns(): Promise<RunListEntry[]>;
  saveRun(run: SavedRun): Promise<void>;
  loadRun(id: string): Promise<SavedRun>;
  renameRun(request: RenameRunRequest): Promise<void>;
  deleteRun(id: string): Promise<void>;
  /** Desktop: prints the window to a PDF the user saves; web: opens the print dialog. Null if cancelled. */
  saveReportPdf(request: ReportRequest): Promise<SavedFile | null>;
  /** Puts a PNG image on the system clipboard. */
  copyImage(request: CopyImageRequest): Promise<void>;
  onMetrics(listener: (batch: MetricsBatch) => void): Unsubscribe;
  onProgress(listener: (progress: RunProgress) => void): Unsubscribe;
  onRunFinished(listener: (finished: RunFinished) => void): Unsubscribe;
  onRunError(listener: (failure: RunError) => void): Unsubscribe;
  onTopicChunk(listener: (chunk: TopicChunkMessage) => void): Unsubscribe;
  onTopicFinished(listener: (finished: TopicFinished) => void): Unsubscribe;
  /** Starts a parameter sweep beside any run; refused while another sweep is running. */
  startSweep(request: SweepRequest): Promise<SweepHandle>;
  /** Cancels the running sweep, if any (the points already done stay). */
  cancelSweep(): Promise<void>;
  onSweepProgress(listener: (progress: SweepProgress) => void): Unsubscribe;
  onSweepPoint(listener: (point: SweepPoint) => void): Unsubscribe;
  onSweepFinished(listener: (finished: SweepFinished) => void): Unsubscribe;
}

/** Main -> renderer events and their payloads, keyed by channel. */
export interface RendererEvents {
  [IpcChannel.RunMetrics]: MetricsBatch;
  [IpcChannel.RunProgress]: RunProgress;
  [IpcChannel.RunFinished]: RunFinished;
  [IpcChannel.RunError]: RunError;
  [IpcChannel.TopicChunk]: TopicChunkMessage;
  [IpcChannel.TopicFinished]: TopicFinished;
  [IpcChannel.SweepProgress]: SweepProgress;
  [IpcChannel.SweepPoint]: SweepPoint;
  [IpcChannel.SweepFinished]: SweepFinished;
}
