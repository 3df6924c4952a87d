import type { CustomSeriesRenderItemAPI, CustomSeriesRenderItemParams } from 'echarts';
import type { CompareScenario, PlatformId } from '../../../shared/scenario';
import { computeDensity, hostMemoryCapacityMiB } from '../../../shared/sim/compare-model';
import { cpuRequestCores, resolvePreset } from '../../../shared/sim/platforms';
import type { DensityResult } from '../../../shared/sim/types';
import type { ChartOption } from './echarts';
import { CHART_TEXT, OVERHEAD_COLOR, USEFUL_COLOR } from './platform-style';
import { platformNames } from './translate';

/** vue-i18n's `t`, as the option builders need it (keeps them pure and testable). */
export type Translate = (key: string, params?: Record<string, unknown>) => string;

/** How one platform's instances fill one host, from the core's own functions. */
export interface HostPacking {
  platform: PlatformId;
  density: DensityResult;
  /** Memory admission limit of a host (MiB): usable memory, times the overcommit ratio if enabled. */
  capacityMiB: number;
  appMiB: number;
  overheadMiB: number;
  /** CPU one instance reserves (cores). */
  cpuPerInstance: number;
  cores: number;
}

export function hostPacking(scenario: CompareScenario, platform: PlatformId): HostPacking {
  const overrides = scenario.platforms.find((p) => p.id === platform)?.overrides ?? {};
  const preset = resolvePreset(platform, overrides);
  const density = computeDensity(scenario, platform);
  return {
    platform,
    density,
    capacityMiB: hostMemoryCapacityMiB(scenario, preset, overrides),
    appMiB: scenario.workload.appMemoryMiB,
    overheadMiB: density.perInstanceOverheadMiB,
    cpuPerInstance: cpuRequestCores(preset, scenario.workload.appMemoryMiB),
    cores: scenario.hosts.cores,
  };
}

/** Kinds of rectangle, in legend order. */
export const PACKING_PARTS = ['app', 'overhead', 'freeMemory', 'cpu', 'freeCpu'] as const;
export type PackingPart = (typeof PACKING_PARTS)[number];
const PART_COLORS: Record<PackingPart, string> = {
  app: USEFUL_COLOR,
  overhead: OVERHEAD_COLOR,
  freeMemory: 'rgba(128, 128, 128, 0.18)',
  cpu: '#D55E00',
  freeCpu: 'rgba(128, 128, 128, 0.18)',
};

/** One rectangle: [row, from %, to %, row kind (0 memory, 1 CPU), instance (-1: leftover), platform index]. */
export type PackingCell = [number, number, number, 0 | 1, number, number];

/** Time to fill the fullest host when the view opens (ms); the others fill at the same pace per instance. */
export const FILL_DURATION_MS = 1800;

const round = (value: number, digits = 2) => Number(value.toFixed(digits));

/**
 * The cells of every host, in % of the host's memory (admission limit) and of its cores:
 * rows 2i (memory) and 2i + 1 (CPU) belong to platform i. Instances are laid out in the
 * order they would be placed.
 */
export function packingCells(packings: readonly HostPacking[]): Record<PackingPart, PackingCell[]> {
  const cells: Record<PackingPart, PackingCell[]> = {
    app: [],
    overhead: [],
    freeMemory: [],
    cpu: [],
    freeCpu: [],
  };
  packings.forEach((p, i) => {
    const memoryRow = 2 * i;
    const cpuRow = memoryRow + 1;
    const appPct = (p.appMiB / p.capacityMiB) * 100;
    const perPct = ((p.appMiB + p.overheadMiB) / p.capacityMiB) * 100;
    const cpuPct = p.cores > 0 ? (p.cpuPerInstance / p.cores) * 100 : 0;
    for (let k = 0; k < p.density.instances; k++) {
      const from = k * perPct;
      cells.app.push([memoryRow, round(from), round(from + appPct), 0, k, i]);
      cells.overhead.push([memoryRow, round(from + appPct), round(from + perPct), 0, k, i]);
      cells.cpu.push([cpuRow, round(k * cpuPct), round((k + 1) * cpuPct), 1, k, i]);
    }
    const memoryUsed = p.density.instances * perPct;
    const cpuUsed = p.density.instances * cpuPct;
    if (memoryUsed < 100) cells.freeMemory.push([memoryRow, round(memoryUsed), 100, 0, -1, i]);
    if (cpuUsed < 100) cells.freeCpu.push([cpuRow, round(cpuUsed), 100, 1, -1, i]);
  });
  return cells;
}

export interface PackingOptionInput {
  packings: readonly HostPacking[];
  t: Translate;
  locale: string;
  /** Fill instance by instance (false when the user prefers reduced motion). */
  animate: boolean;
  /** Changes when the scenario changes, so the host refills from empty. */
  fillKey: string;
  /** Text colour of the labels drawn on the hosts (the theme's). */
  textColor: string;
  labelBackground: string;
  /** Per platform: where its overhead figure comes from (shown in tooltips). */
  overheadSources: Partial<Record<PlatformId, string[]>>;
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/**
 * The packing view: per platform a host drawn as two bars, memory (each instance split into
 * application memory and platform overhead, then the leftover) and CPU (each instance's
 * reservation, then the leftover), with how many instances fit and which resource binds.
 * A custom series, so it exports (PNG/SVG) like every other chart.
 */
export function densityPackingOption(input: PackingOptionInput): ChartOption {
  const { packings, t, locale } = input;
  const cells = packingCells(packings);
  const number = (value: number, digits = 0) =>
    value.toLocaleString(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  const rows = packings.flatMap((p) => {
    const short = platformNames({ t }, p.platform).short;
    return [
      t('density.packing.memoryRow', { platform: short }),
      t('density.packing.cpuRow', { platform: short }),
    ];
  });
  const maxInstances = Math.max(1, ...packings.map((p) => p.density.instances));
  const stepMs = FILL_DURATION_MS / maxInstances;

  const rowLabel = (p: HostPacking, kind: 0 | 1): string => {
    const n = p.density.instances;
    const binds = p.density.binding === (kind === 0 ? 'memory' : 'cpu');
    const text =
      kind === 0
        ? t('density.packing.memoryLabel', {
            count: n,
            per: number(p.appMiB + p.overheadMiB, 1),
            used: number(n * (p.appMiB + p.overheadMiB), 1),
            capacity: number(p.capacityMiB),
          })
        : t('density.packing.cpuLabel', {
            count: n,
            per: number(p.cpuPerInstance, 3),
            used: number(n * p.cpuPerInstance, 2),
            cores: number(p.cores),
          });
    return binds
      ? `${text} — ${t(kind === 0 ? 'density.packing.memoryBinds' : 'density.packing.cpuBinds')}`
      : text;
  };

  const renderItem = (params: CustomSeriesRenderItemParams, api: CustomSeriesRenderItemAPI) => {
    const row = api.value(0) as number;
    const kind = api.value(3) as number;
    const start = api.coord([api.value(1), row]);
    const end = api.coord([api.value(2), row]);
    const band = (api.size!([0, 1]) as number[])[1]!;
    const height = band * (kind === 0 ? 0.72 : 0.42);
    const isInstance = (api.value(4) as number) >= 0;
    return {
      type: 'rect' as const,
      shape: { x: start[0]!, y: start[1]! - height / 2, width: Math.max(0, end[0]! - start[0]!), height },
      style: {
        fill: api.visual('color') as string,
        stroke: isInstance ? 'rgba(255, 255, 255, 0.85)' : 'rgba(128, 128, 128, 0.6)',
        lineWidth: isInstance ? 0.6 : 1,
      },
      enterFrom: { shape: { width: 0 }, style: { opacity: 0 } },
    };
  };

  const partSeries = PACKING_PARTS.map((part) => {
    const data = cells[part];
    return {
      id: `${part}-${input.fillKey}`,
      name: t(`density.packing.parts.${part}`),
      type: 'custom' as const,
      color: PART_COLORS[part],
      renderItem,
      encode: { x: [1, 2], y: 0 },
      data,
      animation: input.animate,
      animationDuration: 260,
      // Resizes and relabels redraw at once; only new instances animate in.
      animationDurationUpdate: 0,
      animationDelay: (index: number) => {
        const cell = data[index];
        if (!cell) return 0;
        return cell[4] >= 0 ? cell[4] * stepMs : FILL_DURATION_MS;
      },
    };
  });

  // The count and the binding resource, written on each bar once the host is full.
  const labels = packings.flatMap((p, i) => [
    [2 * i, 99.5, 0, 0, -1, i],
    [2 * i + 1, 99.5, 0, 1, -1, i],
  ]);
  const labelSeries = {
    id: `labels-${input.fillKey}`,
    name: 'labels',
    type: 'custom' as const,
    silent: true,
    tooltip: { show: false },
    encode: { x: 1, y: 0 },
    data: labels,
    animation: input.animate,
    animationDelay: FILL_DURATION_MS,
    animationDurationUpdate: 0,
    renderItem: (params: CustomSeriesRenderItemParams, api: CustomSeriesRenderItemAPI) => {
      const row = api.value(0) as number;
      const kind = api.value(3) as 0 | 1;
      const packing = packings[api.value(5) as number]!;
      const at = api.coord([api.value(1), row]);
      const binds = packing.density.binding === (kind === 0 ? 'memory' : 'cpu');
      return {
        type: 'text' as const,
        x: at[0]!,
        y: at[1]!,
        style: {
          text: rowLabel(packing, kind),
          align: 'right' as const,
          verticalAlign: 'middle' as const,
          fill: input.textColor,
          backgroundColor: input.labelBackground,
          padding: [2, 5],
          borderRadius: 3,
          fontSize: 12,
          fontWeight: binds ? ('bold' as const) : ('normal' as const),
        },
        enterFrom: { style: { opacity: 0 } },
      };
    },
  };

  const tooltipFor = (value: PackingCell, part: PackingPart): string => {
    const p = packings[value[5]]!;
    const name = escapeHtml(platformNames({ t }, p.platform).label);
    const n = value[4] + 1;
    const sources = (input.overheadSources[p.platform] ?? []).map(escapeHtml).join('<br/>');
    switch (part) {
      case 'app':
        return `${name}<br/>${t('density.tooltip.app', { n, mib: number(p.appMiB) })}<br/>${t('density.tooltip.appSource')}`;
      case 'overhead':
        return `${name}<br/>${t('density.tooltip.overhead', { n, mib: number(p.overheadMiB, 1) })}${sources ? `<br/>${sources}` : ''}`;
      case 'cpu':
        return `${name}<br/>${t('density.tooltip.cpu', { n, cores: number(p.cpuPerInstance, 3) })}`;
      case 'freeMemory':
        return `${name}<br/>${t('density.tooltip.freeMemory', {
          mib: number(p.capacityMiB - p.density.instances * (p.appMiB + p.overheadMiB), 1),
          capacity: number(p.capacityMiB),
        })}`;
      case 'freeCpu':
        return `${name}<br/>${t('density.tooltip.freeCpu', {
          cores: number(p.cores - p.density.instances * p.cpuPerInstance, 2),
          total: number(p.cores),
        })}`;
    }
  };

  return {
    animation: input.animate,
    aria: { enabled: true },
    title: {
      text: t('density.packing.title'),
      subtext: t('density.packing.subtitle'),
      left: 'center',
      textStyle: CHART_TEXT.title,
    },
    tooltip: {
      trigger: 'item',
      confine: true,
      extraCssText: 'max-width: 420px; white-space: normal;',
      formatter: (params) => {
        const item = params as unknown as { seriesIndex: number; value: PackingCell };
        const part = PACKING_PARTS[item.seriesIndex];
        return part ? tooltipFor(item.value, part) : '';
      },
    },
    legend: {
      bottom: 0,
      data: PACKING_PARTS.map((part) => t(`density.packing.parts.${part}`)),
      textStyle: { fontSize: 12 },
    },
    grid: { left: 130, right: 20, top: 70, bottom: 64 },
    xAxis: {
      type: 'value',
      min: 0,
      max: 100,
      name: t('density.packing.xAxis'),
      nameLocation: 'middle',
      nameGap: 28,
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: { ...CHART_TEXT.axisLabel, formatter: '{value} %' },
    },
    yAxis: {
      type: 'category',
      data: rows,
      inverse: true,
      axisTick: { show: false },
      axisLabel: { ...CHART_TEXT.axisLabel, fontWeight: 'bold' },
    },
    series: [...partSeries, labelSeries],
  };
}
