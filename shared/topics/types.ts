/**
 * The contract every course-topic model (time slicing, live migration, consolidation,
 * isolation, hybrid cloud, legacy compatibility, process VMs) implements, so one worker
 * protocol, one run store and one set of run controls serve every view.
 *
 * A topic model is a simulation driven in chunks, like the Compare model: `advanceTo`
 * returns the frames closed on the way. A frame is one row of named numbers at a simulated
 * time (or at a step index, for models whose "time" is a round or a placement step), plus
 * optional events for charts that are not time series (Gantt segments, migration rounds,
 * placements). `summary()` gives the run's results as labelled metrics and tables, which
 * the views show and the exports carry.
 */

/** A number or "no value in this frame" (e.g. no request completed). */
export type FrameValue = number | null;

export interface TopicFrame {
  /** Simulated seconds (or the step index when the topic's axis is steps; see TopicSimulation.axis). */
  t: number;
  /** Named values of this frame, e.g. { "throughput": 12.5, "hosts.on": 7 }. */
  values: Record<string, FrameValue>;
}

/**
 * Something that happened, for charts that draw intervals or discrete steps: a task's CPU
 * slice (Gantt), a pre-copy round, a VM placed on a host, a fault reaching a tenant.
 * `type` names the kind; the other fields are numbers or short strings.
 */
export interface TopicEvent {
  type: string;
  /** Start (and end, for intervals) on the topic's axis. */
  start: number;
  end?: number;
  /** Who or what it concerns: a task, a VM, a host, a tenant. */
  subject: string;
  /** Further numeric or textual details, e.g. { core: 1, pagesSent: 2048 }. */
  data?: Record<string, number | string>;
}

export interface TopicMetric {
  id: string;
  label: string;
  value: number | string | null;
  unit: string;
}

export interface TopicTable {
  id: string;
  title: string;
  columns: string[];
  rows: Array<Array<number | string | null>>;
}

export interface TopicSummary {
  metrics: TopicMetric[];
  tables: TopicTable[];
}

export interface TopicChunk {
  frames: TopicFrame[];
  events: TopicEvent[];
}

export interface TopicSimulation {
  /** What `t` means: simulated seconds, or a step index (rounds, placements). */
  readonly axis: { unit: 's' | 'step'; label: string };
  /** Where the run ends on that axis. */
  readonly horizon: number;
  readonly now: number;
  readonly done: boolean;
  readonly eventsProcessed: number;
  /** Runs everything up to min(until, horizon); returns the frames and events produced. */
  advanceTo(until: number): TopicChunk;
  summary(): TopicSummary;
}

/** Memory bound for streamed output: a model emits at most this many frames and events per run. */
export const MAX_TOPIC_ITEMS = 200_000;
