import type { PlatformId } from '../../../shared/scenario';

/**
 * How each platform looks in every chart: one colour per platform, the same everywhere,
 * from a colour-blind-safe palette (Okabe-Ito).
 */
export const PLATFORM_STYLE: Record<
  PlatformId,
  { label: string; color: string; dash: 'solid' | 'dashed' | 'dotted' }
> = {
  vm: { label: 'Full VM (KVM)', color: '#0072B2', dash: 'solid' },
  container: { label: 'Container (runc)', color: '#E69F00', dash: 'dashed' },
  serverless: { label: 'Function (Firecracker)', color: '#009E73', dash: 'dotted' },
};

export const OVERHEAD_COLOR = '#CC79A7';
export const USEFUL_COLOR = '#56B4E9';

/** Shared text styles sized for a lecture slide. */
export const CHART_TEXT = {
  title: { fontSize: 16, fontWeight: 600 as const },
  axisName: { fontSize: 13 },
  axisLabel: { fontSize: 12 },
};
