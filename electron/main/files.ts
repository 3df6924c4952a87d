import { dialog, type BrowserWindow } from 'electron';
import { writeFile } from 'node:fs/promises';
import { readTextFile } from './text-file';
import { FILE_KINDS, type OpenedFile, type SaveFileRequest, type SavedFile } from '../../shared/files';

/** Native save dialog, then the write; null when the user cancels. */
export async function saveFileWithDialog(
  window: BrowserWindow,
  request: SaveFileRequest,
): Promise<SavedFile | null> {
  const kind = FILE_KINDS[request.kind];
  const result = await dialog.showSaveDialog(window, {
    defaultPath: request.suggestedName,
    filters: [{ name: kind.label, extensions: [...kind.extensions] }],
  });
  if (result.canceled || !result.filePath) return null;
  await writeFile(result.filePath, Buffer.from(request.data, request.encoding));
  return { location: result.filePath };
}

/** Native open dialog for a scenario file; null when the user cancels. */
export async function openScenarioWithDialog(window: BrowserWindow): Promise<OpenedFile | null> {
  const kind = FILE_KINDS.scenario;
  const result = await dialog.showOpenDialog(window, {
    properties: ['openFile'],
    filters: [{ name: kind.label, extensions: [...kind.extensions] }],
  });
  const path = result.filePaths[0];
  if (result.canceled || !path) return null;
  return readTextFile(path);
}

/** Native open dialog for the CSV files of a trace (one to three of them). */
export async function openTraceFilesWithDialog(window: BrowserWindow): Promise<OpenedFile[] | null> {
  const result = await dialog.showOpenDialog(window, {
    properties: ['openFile', 'multiSelections'],
    filters: [{ name: 'Azure Functions trace (CSV)', extensions: ['csv'] }],
  });
  if (result.canceled || result.filePaths.length === 0) return null;
  return Promise.all(result.filePaths.slice(0, 3).map((path) => readTextFile(path)));
}
