import {
  WorkerMessageSchema,
  parseMessage,
  type MessageEndpoint,
  type ReplyValue,
  type SerializedError,
  type WorkerCommand,
  type WorkerEvent,
} from '../protocol';
import type { Unsubscribe } from '../ipc';

/** An error that crossed the worker boundary, rebuilt with its original name and stack. */
export class WorkerError extends Error {
  constructor(serialized: SerializedError) {
    super(serialized.message);
    this.name = serialized.name;
    if (serialized.stack !== undefined) this.stack = serialized.stack;
  }
}

interface Pending {
  resolve(value: ReplyValue): void;
  reject(error: Error): void;
}

/**
 * The caller's side of the worker protocol: numbered requests with a map of pending
 * replies, and a fan-out of the worker's events. Every incoming message is validated.
 */
export class WorkerClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(event: WorkerEvent) => void>();

  constructor(private readonly endpoint: MessageEndpoint) {
    endpoint.onMessage((data) => this.receive(data));
  }

  request(command: WorkerCommand): Promise<ReplyValue> {
    const id = this.nextId++;
    return new Promise<ReplyValue>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.endpoint.postMessage({ ...command, id });
    });
  }

  onEvent(listener: (event: WorkerEvent) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The worker died: nobody will answer the requests still waiting. */
  rejectAll(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }

  private receive(data: unknown): void {
    let message;
    try {
      message = parseMessage(WorkerMessageSchema, data, 'message from the simulation worker');
    } catch (error) {
      const validation = { name: 'ValidationError', message: (error as Error).message };
      // A malformed reply still settles its request, so no caller waits forever.
      const pending = this.pending.get((data as { id?: unknown } | null)?.id as number);
      if (pending) {
        this.pending.delete((data as { id: number }).id);
        pending.reject(new WorkerError(validation));
      } else {
        this.emit({ type: 'error', failure: { runId: null, error: validation } });
      }
      return;
    }
    if (message.type !== 'reply') {
      this.emit(message);
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if (message.ok) pending.resolve(message.value);
    else pending.reject(new WorkerError(message.error));
  }

  private emit(event: WorkerEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
