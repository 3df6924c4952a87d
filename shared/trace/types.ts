/**
 * A function-invocation workload in the shape of the Azure Functions 2019 public trace
 * (Shahrad et al., USENIX ATC 2020): invocations per minute per function, with each
 * function's execution-time percentiles and its app's memory. The parser
 * (shared/trace/azure.ts) builds it from the trace's CSV files; the models replay it.
 */
export interface FunctionTrace {
  /** HashOwner/HashApp/HashFunction joined, or any unique name. */
  id: string;
  /** App the function belongs to: instances and memory are per app in the Azure trace. */
  app: string;
  /** http, timer, queue, event, storage, orchestration, others. */
  trigger: string;
  /** Invocation count in each minute of the trace (minute 0 first). */
  invocationsPerMinute: number[];
  /** Execution time percentiles (ms), increasing in p: at least p0 and p100. */
  durationPercentilesMs: Array<{ p: number; ms: number }>;
  /** Average allocated memory of the function's app (MiB). */
  memoryMiB: number;
}

export interface WorkloadTrace {
  /** Where it came from: a file name, or "synthetic sample (seed N)". */
  source: string;
  /** Length of the trace in minutes (every invocationsPerMinute has this length). */
  minutes: number;
  functions: FunctionTrace[];
}
