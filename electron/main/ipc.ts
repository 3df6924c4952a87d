import { app, ipcMain, type BrowserWindow } from 'electron';
import { SaveFileRequestSchema } from '../../shared/files';
import { StartTopicRunRequestSchema } from '../../shared/topics/registry';
import { openScenarioWithDialog, openTraceFilesWithDialog, saveFileWithDialog } from './files';
import { z } from 'zod';
import { IpcChannel, type AppInfo, type IpcChannelName } from '../../shared/ipc';
import { SpeedSchema, StartRunRequestSchema } from '../../shared/scenario';
import { SweepRequestSchema } from '../../shared/sweep';
import { validatedHandler, type SenderInfo } from './ipc-handler';
import type { SimulationHost } from './simulation-host';

const NoPayload = z.undefined({ error: 'this message takes no payload' });

/** Registers every handler through one typed helper; nothing else calls ipcMain.handle. */
export function registerIpcHandlers(
  host: SimulationHost,
  window: () => BrowserWindow,
  isTrusted: (sender: SenderInfo | null) => boolean,
): void {
  const handle = <S extends z.ZodType, R>(
    channel: IpcChannelName,
    schema: S,
    handler: (payload: z.infer<S>) => R | Promise<R>,
  ) => {
    const wrapped = validatedHandler(channel, schema, handler, isTrusted);
    ipcMain.handle(channel, (event, payload: unknown) => {
      const frame = event.senderFrame;
      const sender = frame ? { url: frame.url, isMainFrame: frame === event.sender.mainFrame } : null;
      return wrapped(sender, payload);
    });
  };

  handle(IpcChannel.GetAppInfo, NoPayload, (): AppInfo => ({
    name: app.getName(),
    version: app.getVersion(),
    edition: 'desktop',
    platform: `Electron ${process.versions.electron} · Chromium ${process.versions.chrome} · Node ${process.versions.node}`,
  }));
  handle(IpcChannel.StartRun, StartRunRequestSchema, (request) => host.startRun(request));
  handle(IpcChannel.StartTopicRun, StartTopicRunRequestSchema, (request) => host.startTopicRun(request));
  handle(IpcChannel.PauseRun, NoPayload, () => host.pauseRun());
  handle(IpcChannel.ResumeRun, NoPayload, () => host.resumeRun());
  handle(IpcChannel.StopRun, NoPayload, () => host.stopRun());
  handle(IpcChannel.StepRun, NoPayload, () => host.stepRun());
  handle(IpcChannel.SetSpeed, SpeedSchema, (speed) => host.setSpeed(speed));
  handle(IpcChannel.StartSweep, SweepRequestSchema, (request) => host.startSweep(request));
  handle(IpcChannel.CancelSweep, NoPayload, () => host.cancelSweep());
  handle(IpcChannel.SaveFile, SaveFileRequestSchema, (request) => saveFileWithDialog(window(), request));
  handle(IpcChannel.OpenScenario, NoPayload, () => openScenarioWithDialog(window()));
  handle(IpcChannel.OpenTraceFiles, NoPayload, () => openTraceFilesWithDialog(window()));
}
