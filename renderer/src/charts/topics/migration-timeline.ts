import type { TopicEvent } from '../../../../shared/topics/types';
import type { ChartOption } from '../echarts';
import { ganttOption } from './gantt-option';

/** The three methods, by model id, with the lane name each gets on the timeline. */
export interface MethodLane {
  method: string;
  name: string;
}

export const TIMELINE_KEYS = {
  odd: 'Live pre-copy round (1st, 3rd, …)',
  even: 'Live pre-copy round (2nd, 4th, …)',
  degraded: 'Post-copy: running on the target, faulting pages in',
  downtime: 'Downtime: VM paused',
} as const;

const COLORS: Record<string, string> = {
  [TIMELINE_KEYS.odd]: '#0072B2',
  [TIMELINE_KEYS.even]: '#56B4E9',
  [TIMELINE_KEYS.degraded]: '#E69F00',
  [TIMELINE_KEYS.downtime]: '#D62728',
};

/**
 * The interval events the timeline draws, in drawing order: live pre-copy rounds, then
 * post-copy's degraded stretch, then downtime on top. The final paused copy and post-copy's
 * background push coincide with the downtime and the degraded band, so those bands stand
 * for them (their numbers are in the rounds table).
 */
export function timelineEvents(events: readonly TopicEvent[]): TopicEvent[] {
  const rounds = events.filter((e) => e.type === 'round' && e.data?.['phase'] === 'precopy');
  const degraded = events.filter((e) => e.type === 'degraded');
  const downtime = events.filter((e) => e.type === 'downtime');
  return [...rounds, ...degraded, ...downtime];
}

function keyOf(event: TopicEvent): string {
  if (event.type === 'downtime') return TIMELINE_KEYS.downtime;
  if (event.type === 'degraded') return TIMELINE_KEYS.degraded;
  return Number(event.data?.['round'] ?? 1) % 2 === 1 ? TIMELINE_KEYS.odd : TIMELINE_KEYS.even;
}

/**
 * A three-lane Gantt chart (one lane per method) of one migration: when each method sends
 * pages with the VM running, when the VM is paused (red) and, for post-copy, how long it
 * runs degraded on the target. Times in seconds from the start of the migration.
 */
export function migrationTimelineOption(options: {
  events: readonly TopicEvent[];
  lanes: readonly MethodLane[];
  title?: string;
  xName?: string;
}): ChartOption {
  const drawn = timelineEvents(options.events);
  const laneOf = new Map(options.lanes.map((l) => [l.method, l.name]));
  const downtimes = options.lanes
    .map((lane) => {
      const d = drawn.find((e) => e.type === 'downtime' && e.subject === lane.method);
      return d && d.end !== undefined ? `${lane.name} ${formatMs((d.end - d.start) * 1000)}` : null;
    })
    .filter((text): text is string => text !== null);
  const option = ganttOption({
    title: options.title ?? 'The three methods side by side',
    subtitle: downtimes.length > 0 ? `Downtime: ${downtimes.join(' · ')}` : '',
    events: drawn,
    lanes: options.lanes.map((l) => l.name),
    lane: (e) => laneOf.get(e.subject) ?? null,
    colorKey: keyOf,
    fixedColors: COLORS,
    xName: options.xName ?? 'Time since the migration started (s)',
  });
  // A downtime of a few ms is a fraction of a pixel at this scale: mark its ends so it shows.
  const series = Array.isArray(option.series) ? option.series : [];
  for (const s of series) {
    if (s.name === TIMELINE_KEYS.downtime && s.type === 'line') {
      s.symbol = 'rect';
      s.symbolSize = [4, 18];
      s.showSymbol = true;
      s.z = 5;
    }
  }
  return option;
}

export function formatMs(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toLocaleString('en', { maximumFractionDigits: 1 })} s`;
  return `${ms.toLocaleString('en', { maximumFractionDigits: ms < 10 ? 1 : 0 })} ms`;
}
