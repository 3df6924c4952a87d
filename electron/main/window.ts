import { BrowserWindow, shell } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const rendererFile = join(__dirname, '../renderer/index.html');
export const rendererFileUrl = pathToFileURL(rendererFile).href;
/** electron-vite's dev server, set only by `npm run dev`. */
export const devServerUrl = process.env['ELECTRON_RENDERER_URL'];

/**
 * The one app window, with Electron's recommended security settings spelled out even
 * where they are the defaults, so a reader (and electronegativity) can see them.
 */
export function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 680,
    show: false,
    title: 'VirtLab',
    backgroundColor: '#f6f7f9',
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  if (devServerUrl) void window.loadURL(devServerUrl);
  else void window.loadFile(rendererFile);
  return window;
}

/** Links to sources (papers, docs) open in the user's browser, never inside the app. */
export function openExternalSafely(url: string): void {
  if (/^https:\/\//.test(url)) void shell.openExternal(url);
}
