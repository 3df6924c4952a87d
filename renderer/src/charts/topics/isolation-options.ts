import { ENGLISH_TEXT, platformNames, textFor, type ChartText } from '../translate';
import {
  FAULT_LABELS,
  NOISY_RESOURCES,
  type BlastRadiusCell,
  type BlastRadiusMatrix,
  type FaultType,
  type NoisyNeighbourMatrix,
  type NoisyResource,
} from '../../../../shared/topics/isolation';
import { PLATFORM_PRESETS } from '../../../../shared/sim/platforms';
import type { TopicEvent, TopicFrame, TopicTable } from '../../../../shared/topics/types';
import type { ChartOption } from '../echarts';
import { SERIES_COLORS, framesOption } from '../frames-option';
import { CHART_TEXT } from '../platform-style';
import { ganttOption } from './gantt-option';

/** Colours of tenant states: red down, amber slowed, purple owned by an attacker. */
export const TENANT_STATE_COLORS = {
  down: '#C62828',
  degraded: '#E69F00',
  compromised: '#7B3294',
} as const;

const STATE_LABELS: Record<keyof typeof TENANT_STATE_COLORS, string> = {
  down: 'down',
  degraded: 'degraded (slowed)',
  compromised: 'compromised',
};

const fmt = (value: number, digits = 3) => Number(value.toPrecision(digits)).toLocaleString('en');

/** "tenant-3" → "Tenant 3", "host" → "Host" (in `text`'s language). */
export function laneOf(subject: string, text: ChartText = ENGLISH_TEXT): string {
  const tr = textFor(text, 'charts.isolationOptions');
  if (subject === 'host') return tr('host', 'Host');
  const match = /^tenant-(\d+)$/.exec(subject);
  return match ? tr('tenant', `Tenant ${match[1]}`, { n: match[1] }) : subject;
}

/** A fault's name in `text`'s language (the core's English otherwise). */
export const faultName = (fault: FaultType, text: ChartText = ENGLISH_TEXT) =>
  textFor(text, 'charts.isolationOptions')(`faults.${fault}`, FAULT_LABELS[fault]);

/** A contended resource's name in `text`'s language. */
export const resourceName = (resource: NoisyResource, text: ChartText = ENGLISH_TEXT) =>
  textFor(text, 'charts.isolationOptions')(`resources.${resource}`, RESOURCE_LABELS[resource]);

/**
 * The intervals the tenant timeline draws: down and degraded spans (closed at the horizon
 * when still open) and compromised tenants from the escape to the horizon.
 */
export function tenantIntervals(events: readonly TopicEvent[], horizon: number): TopicEvent[] {
  const out: TopicEvent[] = [];
  for (const e of events) {
    if (e.type !== 'down' && e.type !== 'degraded' && e.type !== 'compromised') continue;
    out.push({ ...e, end: e.end ?? horizon });
  }
  return out;
}

/** Gantt of the tenants (and the host): down red, degraded amber, compromised purple; faults as vertical lines. */
export function tenantTimelineOption(
  options: {
    events: readonly TopicEvent[];
    tenants: number;
    horizon: number;
  },
  text: ChartText = ENGLISH_TEXT,
): ChartOption {
  const tr = textFor(text, 'charts.isolationOptions');
  const lanes = [
    laneOf('host', text),
    ...Array.from({ length: options.tenants }, (_, i) => laneOf(`tenant-${i + 1}`, text)),
  ];
  const stateName = (state: keyof typeof TENANT_STATE_COLORS) => tr(`states.${state}`, STATE_LABELS[state]);
  const base = ganttOption({
    title: tr('tenantTimeline', 'Tenant timeline'),
    subtitle: tr(
      'redDownAmberSlowed',
      'red: down · amber: slowed by a neighbour · purple: compromised · dashed: fault injected',
    ),
    events: tenantIntervals(options.events, options.horizon),
    lane: (e) => laneOf(e.subject, text),
    lanes,
    colorKey: (e) => stateName(e.type as keyof typeof TENANT_STATE_COLORS),
    fixedColors: Object.fromEntries(
      Object.entries(TENANT_STATE_COLORS).map(([k, c]) => [
        stateName(k as keyof typeof TENANT_STATE_COLORS),
        c,
      ]),
    ),
    xName: tr('simulatedTimeS', 'Simulated time (s)'),
    ...(options.horizon > 0 ? { xMax: options.horizon } : {}),
  });
  // Thinner bars when there are many lanes, so neighbouring lanes do not touch.
  const width = Math.max(3, Math.min(14, Math.floor(230 / lanes.length)));
  const series: Array<Record<string, unknown>> = (base.series as Array<Record<string, unknown>>).map((s) => ({
    ...s,
    lineStyle: { ...(s['lineStyle'] as object), width },
  }));
  const faults = options.events.filter((e) => e.type === 'fault');
  series.push({
    id: 'faults',
    name: tr('faultInjected', 'fault injected'),
    type: 'line',
    color: text.ink,
    data: [],
    markLine: {
      silent: false,
      symbol: 'none',
      lineStyle: { color: text.ink, type: 'dashed', width: 1.5 },
      label: { show: true, position: 'start', fontSize: 11, formatter: '{b}' },
      data: faults.map((e) => ({
        name: `${String(e.data?.['kind']) in FAULT_LABELS ? faultName(String(e.data?.['kind']) as FaultType, text) : tr('fault', 'fault')} (${laneOf(e.subject, text)})`,
        xAxis: e.start,
      })),
    },
  });
  return { ...base, grid: { left: 84, right: 28, top: 96, bottom: 84 }, series } as ChartOption;
}

/** Tenants up / slowed / compromised (steps, left axis) and failing requests per second (right axis). */
export function tenantsOverTimeOption(
  options: {
    frames: readonly TopicFrame[];
    tenants: number;
    horizon?: number;
  },
  text: ChartText = ENGLISH_TEXT,
): ChartOption {
  const tr = textFor(text, 'charts.isolationOptions');
  const base = framesOption({
    formatNumber: (value: number) => text.n(value),
    title: tr('tenantsAndFailingRequests', 'Tenants and failing requests'),
    subtitle: tr('aTenantThatIs', 'a tenant that is down or slowed fails (part of) its requests'),
    frames: options.frames,
    series: [
      { key: 'tenants.up', name: tr('tenantsUp', 'Tenants up'), step: true, color: '#009E73' },
      {
        key: 'tenants.degraded',
        name: tr('tenantsSlowed', 'Tenants slowed'),
        step: true,
        color: TENANT_STATE_COLORS.degraded,
      },
      {
        key: 'tenants.compromised',
        name: tr('tenantsCompromised', 'Tenants compromised'),
        step: true,
        color: TENANT_STATE_COLORS.compromised,
      },
    ],
    xName: tr('simulatedTimeS', 'Simulated time (s)'),
    yName: tr('tenants', 'Tenants'),
    unit: '',
    ...(options.horizon !== undefined && options.horizon > 0 ? { xMax: options.horizon } : {}),
  });
  const left = { ...(base.yAxis as object), max: options.tenants, minInterval: 1 };
  const right = {
    type: 'value' as const,
    name: tr('failingRequestsReqS', 'Failing requests (req/s)'),
    nameLocation: 'middle' as const,
    nameGap: 56,
    min: 0,
    nameTextStyle: CHART_TEXT.axisName,
    axisLabel: CHART_TEXT.axisLabel,
    splitLine: { show: false },
  };
  // "Tenants up" is drawn wide and pale underneath: the other counts often sit on the same value.
  const series = [
    ...(base.series as Array<Record<string, unknown>>).map((s, i) =>
      i === 0 ? { ...s, lineStyle: { width: 7, opacity: 0.4 } } : s,
    ),
    {
      id: 'requests.failingPerS',
      name: tr('failingRequestsReqS', 'Failing requests (req/s)'),
      type: 'line' as const,
      yAxisIndex: 1,
      showSymbol: false,
      color: TENANT_STATE_COLORS.down,
      lineStyle: { width: 2, type: 'dashed' as const },
      areaStyle: { opacity: 0.08 },
      data: options.frames.map((f) => [f.t, f.values['requests.failingPerS'] ?? null]),
    },
  ];
  return {
    ...base,
    tooltip: { trigger: 'axis' },
    grid: { left: 72, right: 80, top: 76, bottom: 84 },
    yAxis: [left, right],
    series,
  } as ChartOption;
}

/** How a blast-radius cell looks: its colour (share of tenants affected), text and tooltip. */
export function blastRadiusCellView(
  cell: BlastRadiusCell,
  text: ChartText = ENGLISH_TEXT,
): {
  tone: 'contained' | 'partial' | 'all';
  headline: string;
  detail: string;
  title: string;
} {
  const tone =
    cell.tenantsAffected <= 1 ? 'contained' : cell.tenantsAffected >= cell.tenants ? 'all' : 'partial';
  const tr = textFor(text, 'charts.isolationOptions');
  const kinds: string[] = [];
  if (cell.tenantsDown > 0) kinds.push(`${cell.tenantsDown} down`);
  if (cell.tenantsCompromised > 0) kinds.push(`${cell.tenantsCompromised} compromised`);
  if (cell.tenantsDegraded > 0) kinds.push(`${cell.tenantsDegraded} slowed`);
  const shownKinds: string[] = [];
  if (cell.tenantsDown > 0)
    shownKinds.push(tr('down', `${cell.tenantsDown} down`, { count: cell.tenantsDown }));
  if (cell.tenantsCompromised > 0)
    shownKinds.push(
      tr('compromised', `${cell.tenantsCompromised} compromised`, { count: cell.tenantsCompromised }),
    );
  if (cell.tenantsDegraded > 0)
    shownKinds.push(tr('slowed', `${cell.tenantsDegraded} slowed`, { count: cell.tenantsDegraded }));
  const recovery =
    cell.timeToRecoverS === null
      ? 'no recovery (the attacker stays)'
      : `recovered after ${fmt(cell.timeToRecoverS)} s`;
  const mean = cell.totalDowntimeS / Math.max(1, cell.tenants);
  return {
    tone,
    headline: `${cell.tenantsAffected}/${cell.tenants}`,
    detail: shownKinds.join(', ') || tr('none', 'none'),
    title: [
      `${PLATFORM_PRESETS[cell.platform].displayName}, ${FAULT_LABELS[cell.fault]}`,
      `${cell.tenantsAffected} of ${cell.tenants} tenants affected${kinds.length ? ` (${kinds.join(', ')})` : ''}`,
      recovery,
      `mean downtime per tenant ${fmt(mean)} s`,
    ].join('\n'),
  };
}

/** Rows of the blast-radius table the view renders. */
export function blastRadiusRows(matrix: BlastRadiusMatrix, text: ChartText = ENGLISH_TEXT) {
  return matrix.platforms.map((p, i) => ({
    platform: p,
    name: platformNames(text, p).short,
    cells: matrix.cells[i]!.map((c) => ({ fault: c.fault, ...blastRadiusCellView(c, text) })),
  }));
}

export const RESOURCE_LABELS: Record<NoisyResource, string> = {
  cpu: 'CPU',
  llc: 'Last-level cache',
  disk: 'Disk',
  network: 'Network',
};

/** Victim latency (left) and steal / run-queue wait (right) over time, the aggressor's window shaded. */
export function noisyTimeOption(
  options: {
    frames: readonly TopicFrame[];
    hypervisor: boolean;
    aggressor?: { startS: number; stopS: number };
    horizon?: number;
  },
  text: ChartText = ENGLISH_TEXT,
): ChartOption {
  const tr = textFor(text, 'charts.isolationOptions');
  const { frames } = options;
  const waitKey = options.hypervisor ? 'victim.stealPct' : 'victim.cpuWaitPct';
  const waitName = options.hypervisor
    ? tr('stealTime', 'Steal time (%)')
    : tr('runQueueWait', 'CPU run-queue wait (%)');
  const marks =
    options.aggressor === undefined
      ? []
      : [
          { name: tr('aggressorStarts', 'aggressor starts'), xAxis: options.aggressor.startS },
          ...(options.horizon === undefined || options.aggressor.stopS <= options.horizon
            ? [{ name: tr('aggressorStops', 'aggressor stops'), xAxis: options.aggressor.stopS }]
            : []),
        ];
  return {
    animation: false,
    aria: { enabled: true },
    title: {
      text: tr('victimLatencyAndStolen', 'Victim latency and stolen CPU time'),
      subtext: tr('shadedTheAggressorIs', 'shaded: the aggressor is running'),
      left: 'center',
      textStyle: CHART_TEXT.title,
    },
    tooltip: { trigger: 'axis' },
    legend: {
      bottom: 0,
      textStyle: { fontSize: 12 },
      data: [
        { name: tr('aggressorRunning', 'Aggressor running'), icon: 'rect', itemStyle: { color: '#d6d6d6' } },
        tr('victimLatencyMs', 'Victim latency (ms)'),
        waitName,
      ],
    },
    grid: { left: 72, right: 72, top: 96, bottom: 84 },
    xAxis: {
      type: 'value',
      name: tr('simulatedTimeS', 'Simulated time (s)'),
      nameLocation: 'middle',
      nameGap: 30,
      min: 0,
      ...(options.horizon !== undefined && options.horizon > 0 ? { max: options.horizon } : {}),
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: CHART_TEXT.axisLabel,
    },
    yAxis: [
      {
        type: 'value',
        name: tr('victimLatencyMs', 'Victim latency (ms)'),
        nameLocation: 'middle',
        nameGap: 52,
        min: 0,
        nameTextStyle: CHART_TEXT.axisName,
        axisLabel: CHART_TEXT.axisLabel,
      },
      {
        type: 'value',
        name: tr('shareOfTime', 'Share of time (%)'),
        nameLocation: 'middle',
        nameGap: 44,
        min: 0,
        max: 100,
        nameTextStyle: CHART_TEXT.axisName,
        axisLabel: CHART_TEXT.axisLabel,
        splitLine: { show: false },
      },
    ],
    series: [
      {
        id: 'aggressor.active',
        name: tr('aggressorRunning', 'Aggressor running'),
        type: 'line',
        yAxisIndex: 1,
        step: 'end',
        showSymbol: false,
        color: '#9e9e9e',
        lineStyle: { width: 0 },
        areaStyle: { opacity: 0.18 },
        data: frames.map((f) => [f.t, f.values['aggressor.active'] === 1 ? 100 : 0]),
        markLine: {
          symbol: 'none',
          lineStyle: { color: '#616161', type: 'dashed' },
          label: { show: true, position: 'end', fontSize: 11, formatter: '{b}' },
          data: marks,
        },
      },
      {
        id: 'victim.latencyMs',
        name: tr('victimLatencyMs', 'Victim latency (ms)'),
        type: 'line',
        showSymbol: frames.length < 40,
        color: SERIES_COLORS[0],
        lineStyle: { width: 2.5 },
        data: frames.map((f) => [f.t, f.values['victim.latencyMs'] ?? null]),
      },
      {
        id: waitKey,
        name: waitName,
        type: 'line',
        yAxisIndex: 1,
        showSymbol: frames.length < 40,
        color: SERIES_COLORS[3],
        lineStyle: { width: 2 },
        data: frames.map((f) => [f.t, f.values[waitKey] ?? null]),
      },
    ],
  };
}

/** Grouped bars: victim slowdown (%) per platform, one bar per contended resource. */
export function noisySlowdownOption(
  matrix: NoisyNeighbourMatrix | null,
  resource?: NoisyResource,
  text: ChartText = ENGLISH_TEXT,
): ChartOption {
  const tr = textFor(text, 'charts.isolationOptions');
  const platforms = matrix?.platforms ?? [];
  const names = platforms.map((p) =>
    p === 'dedicated' ? tr('dedicatedHost', 'Dedicated host') : platformNames(text, p).short,
  );
  const resources = matrix?.resources ?? [...NOISY_RESOURCES];
  return {
    animation: false,
    aria: { enabled: true },
    title: {
      text: tr('victimSlowdownByPlatform', 'Victim slowdown by platform and resource'),
      subtext:
        tr('aggressorAtIntensity', "aggressor at the scenario's intensity") +
        (resource
          ? tr('contendsFor', `; this run contends for ${RESOURCE_LABELS[resource]}`, {
              resource: resourceName(resource, text),
            })
          : ''),
      left: 'center',
      textStyle: CHART_TEXT.title,
    },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v) => (v === null || v === undefined ? '—' : `${text.n(Number(v))} %`),
    },
    legend: { bottom: 0, textStyle: { fontSize: 12 } },
    grid: { left: 72, right: 20, top: 76, bottom: 110 },
    xAxis: {
      type: 'category',
      data: names,
      name: tr('platform', 'Platform'),
      nameLocation: 'middle',
      nameGap: 70,
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: { ...CHART_TEXT.axisLabel, interval: 0, rotate: 30 },
    },
    yAxis: {
      type: 'value',
      name: tr('victimSlowdownExtraTime', 'Victim slowdown (% extra time)'),
      nameLocation: 'middle',
      nameGap: 52,
      min: 0,
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: CHART_TEXT.axisLabel,
    },
    series: resources.map((r, j) => ({
      id: `slowdown.${r}`,
      name: resourceName(r, text),
      type: 'bar',
      color: SERIES_COLORS[j % SERIES_COLORS.length],
      ...(r === resource ? { itemStyle: { borderColor: text.ink, borderWidth: 1.5 } } : {}),
      data: (matrix?.cells ?? []).map((row) => {
        const v = row[j]!.performance.slowdownPct;
        return Number.isFinite(v) ? Math.round(v * 100) / 100 : null;
      }),
    })),
  };
}

/** Steal (%) against the number of runnable vCPUs sharing a core, from the summary's table. */
export function stealVsOvercommitOption(
  table: TopicTable | null,
  current?: number,
  text: ChartText = ENGLISH_TEXT,
): ChartOption {
  const tr = textFor(text, 'charts.isolationOptions');
  const rows = table?.rows ?? [];
  return {
    animation: false,
    aria: { enabled: true },
    title: {
      text: tr('stealTimeVsOvercommit', 'Steal time vs overcommit'),
      subtext: table
        ? `${table.title.replace(/^Steal time vs vCPUs per core /, '')}; outlined: this scenario`
        : 'run a scenario to fill this chart',
      left: 'center',
      textStyle: CHART_TEXT.title,
    },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v) => (v === null || v === undefined ? '—' : `${text.n(Number(v))} %`),
    },
    legend: { bottom: 0, textStyle: { fontSize: 12 } },
    grid: { left: 72, right: 28, top: 76, bottom: 84 },
    xAxis: {
      type: 'category',
      data: rows.map((r) => String(r[0])),
      name: tr('runnableVcpusPerPhysical', 'Runnable vCPUs per physical core'),
      nameLocation: 'middle',
      nameGap: 30,
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: CHART_TEXT.axisLabel,
    },
    yAxis: {
      type: 'value',
      name: tr('stealTimeOfThe', 'Steal time (% of the time)'),
      nameLocation: 'middle',
      nameGap: 52,
      min: 0,
      max: 100,
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: CHART_TEXT.axisLabel,
    },
    series: [
      {
        id: 'steal',
        name: tr('expectedSteal', 'Expected steal (%)'),
        type: 'bar',
        color: SERIES_COLORS[3],
        barMaxWidth: 42,
        label: { show: true, position: 'top', fontSize: 11 },
        data: rows.map((r) => ({
          value: r[1] as number | null,
          ...(current !== undefined && r[0] === current
            ? { itemStyle: { borderColor: text.ink, borderWidth: 2 } }
            : {}),
        })),
      },
    ],
  };
}
