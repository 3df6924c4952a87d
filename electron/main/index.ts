import { app, BrowserWindow, session } from 'electron';
import type { RendererEventSink } from '../../shared/runtime/simulation-controller';
import createSimulationWorker from '../worker/simulation.worker?nodeWorker';
import { isTrustedSender } from './ipc-handler';
import { registerIpcHandlers } from './ipc';
import { SimulationHost } from './simulation-host';
import { createMainWindow, devServerUrl, openExternalSafely, rendererFileUrl } from './window';

// Every renderer is sandboxed, whatever a window's own settings say.
app.enableSandbox();

// Deny what VirtLab never needs: navigation away, new windows, webviews, permissions.
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url);
    return { action: 'deny' };
  });
});

let host: SimulationHost | null = null;

void app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  let window = createMainWindow();
  const sink: RendererEventSink = (channel, payload) => {
    if (!window.isDestroyed()) window.webContents.send(channel, payload);
  };
  host = new SimulationHost(() => createSimulationWorker({}), sink);
  const trusted = devServerUrl
    ? { fileUrl: rendererFileUrl, devOrigin: new URL(devServerUrl).origin }
    : { fileUrl: rendererFileUrl };
  registerIpcHandlers(
    host,
    () => window,
    (sender) => isTrustedSender(sender, trusted),
  );

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) window = createMainWindow();
  });
});

app.on('window-all-closed', () => {
  void host?.dispose();
  if (process.platform !== 'darwin') app.quit();
});
