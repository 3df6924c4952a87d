import type { TopicEvent } from '../../../../shared/topics/types';
import type { ChartOption } from '../echarts';
import { ENGLISH_TEXT, textFor, type ChartText } from '../translate';
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

const COLORS: Record<keyof typeof TIMELINE_KEYS, string> = {
  odd: '#0072B2',
  even: '#56B4E9',
  degraded: '#E69F00',
  downtime: '#D62728',
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

function keyOf(event: TopicEvent): keyof typeof TIMELINE_KEYS {
  if (event.type === 'downtime') return 'downtime';
  if (event.type === 'degraded') return 'degraded';
  return Number(event.data?.['round'] ?? 1) % 2 === 1 ? 'odd' : 'even';
}

/**
 * A three-lane Gantt chart (one lane per method) of one migration: when each method sends
 * pages with the VM running, when the VM is paused (red) and, for post-copy, how long it
 * runs degraded on the target. Times in seconds from the start of the migration.
 */
export function migrationTimelineOption(
  options: {
    events: readonly TopicEvent[];
    lanes: readonly MethodLane[];
    title?: string;
    xName?: string;
  },
  text: ChartText = ENGLISH_TEXT,
): ChartOption {
  const tr = textFor(text, 'charts.migrationTimeline');
  /** The legend's name of each kind of band, in the interface language. */
  const keyName = (key: keyof typeof TIMELINE_KEYS) => tr(`keys.${key}`, TIMELINE_KEYS[key]);
  const colors = Object.fromEntries(
    (Object.keys(COLORS) as Array<keyof typeof TIMELINE_KEYS>).map((key) => [keyName(key), COLORS[key]]),
  );
  const drawn = timelineEvents(options.events);
  const laneOf = new Map(options.lanes.map((l) => [l.method, l.name]));
  const downtimes = options.lanes
    .map((lane) => {
      const d = drawn.find((e) => e.type === 'downtime' && e.subject === lane.method);
      return d && d.end !== undefined ? `${lane.name} ${formatMs((d.end - d.start) * 1000, text)}` : null;
    })
    .filter((text): text is string => text !== null);
  const option = ganttOption({
    title: options.title ?? tr('title', 'The three methods side by side'),
    subtitle:
      downtimes.length > 0
        ? tr('downtimes', `Downtime: ${downtimes.join(' · ')}`, { list: downtimes.join(' · ') })
        : '',
    events: drawn,
    lanes: options.lanes.map((l) => l.name),
    lane: (e) => laneOf.get(e.subject) ?? null,
    colorKey: (event) => keyName(keyOf(event)),
    fixedColors: colors,
    xName: options.xName ?? tr('xName', 'Time since the migration started (s)'),
  });
  // A downtime of a few ms is a fraction of a pixel at this scale: mark its ends so it shows.
  const series = Array.isArray(option.series) ? option.series : [];
  for (const s of series) {
    if (s.name === keyName('downtime') && s.type === 'line') {
      s.symbol = 'rect';
      s.symbolSize = [4, 18];
      s.showSymbol = true;
      s.z = 5;
    }
  }
  return option;
}

/** A duration in ms, or in s from 10 s up, in `text`'s language (English by default). */
export function formatMs(ms: number, text: ChartText = ENGLISH_TEXT): string {
  const tr = textFor(text, 'charts.migrationTimeline');
  if (ms >= 10_000) return tr('seconds', `${text.n(ms / 1000, 1)} s`, { value: text.n(ms / 1000, 1) });
  return tr('milliseconds', `${text.n(ms, ms < 10 ? 1 : 0)} ms`, { value: text.n(ms, ms < 10 ? 1 : 0) });
}
