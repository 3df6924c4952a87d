import { app, clipboard, ClipboardItem, dialog, ipcMain, nativeImage, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import { SaveFileRequestSchema } from '../../shared/files';
import { StartTopicRunRequestSchema } from '../../shared/topics/registry';
import { openScenarioWithDialog, openTraceFilesWithDialog, saveFileWithDialog } from './files';
import { z } from 'zod';
import { IpcChannel, type AppInfo, type IpcChannelName } from '../../shared/ipc';
import { SpeedSchema, StartRunRequestSchema } from '../../shared/scenario';
import { SweepRequestSchema } from '../../shared/sweep';
import { validatedHandler, type SenderInfo } from './ipc-handler';
import type { SimulationHost } from './simulation-host';
import { RenameRunRequestSchema, RunIdSchema, SavedRunSchema } from '../../shared/run-library';
import { CopyImageRequestSchema, ReportRequestSchema } from '../../shared/report';
import { RunLibraryFolder } from './run-library';
import { decodePng, saveReportPdf } from './report';

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

  const runs = new RunLibraryFolder(join(app.getPath('userData'), 'runs'));
  handle(IpcChannel.ListRuns, NoPayload, () => runs.list());
  handle(IpcChannel.SaveRun, SavedRunSchema, (run) => runs.save(run));
  handle(IpcChannel.LoadRun, RunIdSchema, (id) => runs.load(id));
  handle(IpcChannel.RenameRun, RenameRunRequestSchema, (request) => runs.rename(request));
  handle(IpcChannel.DeleteRun, RunIdSchema, (id) => runs.delete(id));
  handle(IpcChannel.SaveReportPdf, ReportRequestSchema, (request) =>
    saveReportPdf(
      window().webContents,
      async (suggestedName) => {
        const result = await dialog.showSaveDialog(window(), {
          defaultPath: suggestedName,
          filters: [{ name: 'PDF document', extensions: ['pdf'] }],
        });
        return result.canceled || !result.filePath ? null : result.filePath;
      },
      request,
    ),
  );
  handle(IpcChannel.CopyImage, CopyImageRequestSchema, async (request) => {
    const png = decodePng(request);
    // Decoding once proves the bytes are a whole image before the clipboard gets them.
    if (nativeImage.createFromBuffer(png).isEmpty()) throw new Error('the PNG image could not be decoded');
    await clipboard.write([new ClipboardItem({ 'image/png': new Blob([png], { type: 'image/png' }) })]);
  });
}
