import {
  RunIdSchema,
  headerOf,
  parseSavedRun,
  type RunListEntry,
  type SavedRun,
} from '../../../shared/run-library';

/**
 * Web edition: the runs library in IndexedDB, one record per run keyed by id. Records are
 * validated on the way out, so a damaged one is listed as unreadable with the reason (and
 * kept until the user deletes it), never passed on.
 */
const DATABASE = 'virtlab';
const STORE = 'runs';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

let opened: Promise<IDBDatabase> | null = null;
function database(): Promise<IDBDatabase> {
  opened ??= new Promise((resolve, reject) => {
    const open = indexedDB.open(DATABASE, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => {
      opened = null;
      reject(open.error ?? new Error('could not open the runs library'));
    };
  });
  return opened;
}

async function store(mode: IDBTransactionMode): Promise<IDBObjectStore> {
  return (await database()).transaction(STORE, mode).objectStore(STORE);
}

function checkedId(id: string): string {
  const parsed = RunIdSchema.safeParse(id);
  if (!parsed.success) throw new Error(`invalid run id ${JSON.stringify(id)}`);
  return parsed.data;
}

export async function listRuns(): Promise<RunListEntry[]> {
  const objects = await store('readonly');
  const [keys, values] = await Promise.all([request(objects.getAllKeys()), request(objects.getAll())]);
  const entries = keys.map((key, i): RunListEntry => {
    const id = String(key);
    const parsed = parseSavedRun(values[i]);
    if (!parsed.ok) return { id, ok: false, reason: parsed.error };
    if (parsed.value.id !== id) return { id, ok: false, reason: `the record names run ${parsed.value.id}` };
    return { id, ok: true, run: headerOf(parsed.value) };
  });
  return entries.sort((a, b) => {
    if (a.ok && b.ok) return b.run.savedAt.localeCompare(a.run.savedAt);
    return a.ok === b.ok ? a.id.localeCompare(b.id) : a.ok ? -1 : 1;
  });
}

export async function loadRun(id: string): Promise<SavedRun> {
  const value: unknown = await request((await store('readonly')).get(checkedId(id)));
  if (value === undefined) throw new Error(`no saved run ${id}`);
  const parsed = parseSavedRun(value);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

export async function saveRun(run: SavedRun): Promise<void> {
  const parsed = parseSavedRun(run);
  if (!parsed.ok) throw new Error(parsed.error);
  await request((await store('readwrite')).put(parsed.value, checkedId(parsed.value.id)));
}

export async function renameRun(id: string, name: string): Promise<void> {
  const run = await loadRun(id);
  await saveRun({ ...run, name });
}

export async function deleteRun(id: string): Promise<void> {
  await request((await store('readwrite')).delete(checkedId(id)));
}
