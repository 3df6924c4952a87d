import type { PlatformId } from '../../../shared/scenario';
import { PLATFORM_PRESETS } from '../../../shared/sim/platforms';

/** How a platform looks in every chart and table: its preset's colour, line style and names. */
export function platformStyle(id: PlatformId): {
  label: string;
  short: string;
  color: string;
  dash: 'solid' | 'dashed' | 'dotted';
} {
  const preset = PLATFORM_PRESETS[id];
  return { label: preset.displayName, short: preset.shortName, color: preset.color, dash: preset.dash };
}

export const OVERHEAD_COLOR = '#CC79A7';
export const USEFUL_COLOR = '#56B4E9';

/** Shared text styles sized for a lecture slide. */
export const CHART_TEXT = {
  title: { fontSize: 16, fontWeight: 600 as const },
  axisName: { fontSize: 13 },
  axisLabel: { fontSize: 12 },
};
