import { CALIBRATION, type CalibrationId } from '../../../../shared/sim/calibration';
import type { SimEvent } from '../../../../shared/sim/event-log';
import { resolvePreset } from '../../../../shared/sim/platforms';

/**
 * Turns an event's numeric reason into what the explain panel shows: which message
 * (timeline.explain.<key>) with which named values, and the calibrated constants behind it.
 * Pure: the view formats the numbers and translates.
 */
export interface Explanation {
  messageKey: string;
  /** Named values for the message: reason fields plus a few derived ones (numbers). */
  values: Record<string, number>;
  /** Start time split into the platform's parts (ms), with each part's constant. */
  parts: Array<{ id: CalibrationId; ms: number }>;
  /** Constants behind the numbers, with their published sources. */
  sources: Array<{ id: CalibrationId; value: number; unit: string; source: string }>;
}

const AUTOSCALER_IDS: CalibrationId[] = [
  'autoscaler.targetUtilization',
  'autoscaler.syncPeriod',
  'autoscaler.tolerance',
  'autoscaler.scaleDownStabilization',
];

function messageKeyOf(event: SimEvent): string {
  const r = event.reason;
  if (event.kind === 'cold-start') {
    if ((r.readyAtArrival ?? 0) > 0) return 'cold-start-busy';
    return (r.lastStopS ?? -1) >= 0 ? 'cold-start-expired' : 'cold-start-first';
  }
  return event.cause === null ? event.kind : `${event.kind}-${event.cause}`;
}

export function explainEvent(event: SimEvent, overrides: Readonly<Record<string, number>> = {}): Explanation {
  const values: Record<string, number> = { ...event.reason, t: event.t, instance: event.instance ?? 0 };
  // Hosts are numbered from 1 for people.
  if (values.host !== undefined) values.host += 1;
  if (event.cause === 'queue' && event.kind === 'start') {
    values.startingCapacity = (values.startingBefore ?? 0) * (values.concurrency ?? 1);
  }
  const parts: Explanation['parts'] = [];
  for (const [key, ms] of Object.entries(event.reason)) {
    if (key.startsWith('part:')) parts.push({ id: key.slice(5) as CalibrationId, ms });
  }
  const ids: CalibrationId[] = parts.map((p) => p.id);
  const preset = resolvePreset(event.platform, overrides);
  switch (event.kind) {
    case 'cold-start':
      for (const part of preset.startParts)
        if (!ids.includes(part.calibrationId)) ids.push(part.calibrationId);
      ids.push('lambda.keepAlive');
      break;
    case 'keep-alive-stop':
      ids.push('lambda.keepAlive');
      break;
    case 'placement-failed':
      ids.push('host.reservedMemory');
      for (const part of preset.memoryOverheadParts) ids.push(part.calibrationId);
      break;
    case 'rejected':
      ids.push('queue.capacity');
      break;
    default:
      if (event.cause === 'autoscaler' || event.cause === 'initial-fleet') ids.push(...AUTOSCALER_IDS);
  }
  const sources = [...new Set(ids)].map((id) => {
    const entry = CALIBRATION[id];
    const value = Object.hasOwn(overrides, id) ? overrides[id]! : entry.value;
    return { id, value, unit: entry.unit, source: entry.source };
  });
  return { messageKey: messageKeyOf(event), values, parts, sources };
}
