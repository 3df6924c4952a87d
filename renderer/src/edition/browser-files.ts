import {
  FILE_KINDS,
  MAX_FILE_BYTES,
  type OpenedFile,
  type SaveFileRequest,
  type SavedFile,
} from '../../../shared/files';

/** Web edition: a save is a download of a Blob under the suggested name. */
export function downloadFile(request: SaveFileRequest): Promise<SavedFile> {
  const bytes =
    request.encoding === 'base64'
      ? Uint8Array.from(atob(request.data), (c) => c.charCodeAt(0))
      : request.data;
  const url = URL.createObjectURL(new Blob([bytes], { type: FILE_KINDS[request.kind].mime }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = request.suggestedName;
  anchor.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return Promise.resolve({ location: request.suggestedName });
}

/** Web edition: the browser's file picker; resolves null if the user closes it without a file. */
export async function pickTextFile(accept: string): Promise<OpenedFile | null> {
  return (await pickTextFiles(accept, false))?.[0] ?? null;
}

/** The browser's file picker for one or several files, each read as text (32 MiB at most). */
export function pickTextFiles(accept: string, multiple = true): Promise<OpenedFile[] | null> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.multiple = multiple;
    input.addEventListener('cancel', () => resolve(null));
    input.addEventListener('change', () => {
      const files = [...(input.files ?? [])];
      if (files.length === 0) return resolve(null);
      const large = files.find((file) => file.size > MAX_FILE_BYTES);
      if (large) return reject(new Error(`${large.name} is larger than 32 MiB`));
      Promise.all(files.map(async (file) => ({ name: file.name, text: await file.text() }))).then(
        resolve,
        reject,
      );
    });
    input.click();
  });
}
