import { ENGLISH_TEXT, textFor, type ChartText } from '../translate';
import type { TopicEvent } from '../../../../shared/topics/types';
import type { ChartOption } from '../echarts';
import { CHART_TEXT } from '../platform-style';

/** Colours of the generated item classes (by id prefix), and of hand-listed items. */
export const ITEM_CLASS_STYLE: ReadonlyArray<{ prefix: string; key: string; name: string; color: string }> = [
  { prefix: 'web-', key: 'web', name: 'Web server', color: '#0072B2' },
  { prefix: 'batch-', key: 'batch', name: 'Batch job', color: '#E69F00' },
  { prefix: 'db-', key: 'db', name: 'Database / cache', color: '#009E73' },
];
const OTHER = { prefix: '', key: 'other', name: 'Item', color: '#CC79A7' };

export function itemClass(id: string): { name: string; color: string } {
  return ITEM_CLASS_STYLE.find((c) => id.startsWith(c.prefix)) ?? OTHER;
}

export interface PlacedItem {
  id: string;
  cpu: number;
  memGiB: number;
}

/** Items on each host so far, in the order they were placed, from the run's 'place' events. */
export function hostsFromEvents(events: readonly TopicEvent[]): PlacedItem[][] {
  const hosts: PlacedItem[][] = [];
  for (const e of events) {
    if (e.type !== 'place') continue;
    const host = Number(e.data?.['host'] ?? -1);
    if (!(host >= 0)) continue;
    while (hosts.length <= host) hosts.push([]);
    hosts[host]!.push({
      id: e.subject,
      cpu: Number(e.data?.['cpu'] ?? 0),
      memGiB: Number(e.data?.['memGiB'] ?? 0),
    });
  }
  return hosts;
}

const r2 = (x: number) => Math.round(x * 100) / 100;

/**
 * One column per powered-on host, stacked by item in placement order: CPU reserved (top
 * grid) and memory reserved (bottom grid), as % of what the host may promise (cores x CPU
 * overcommit; usable RAM x memory overcommit). Series k holds every host's k-th item, so a
 * column grows by one block per placement, coloured by the item's class.
 */
export function consolidationHostsOption(
  options: {
    events: readonly TopicEvent[];
    capacity: { cpu: number; memGiB: number } | null;
    overcommit?: { cpu: number; memory: number };
    unplaced?: number;
    subtitle?: string;
  },
  text: ChartText = ENGLISH_TEXT,
): ChartOption {
  const tr = textFor(text, 'charts.consolidationHosts');
  const hosts = options.capacity ? hostsFromEvents(options.events) : [];
  const capacity = options.capacity ?? { cpu: 1, memGiB: 1 };
  const layers = hosts.reduce((n, h) => Math.max(n, h.length), 0);
  const categories = hosts.map((_, i) => tr('host', `Host ${i + 1}`, { n: i + 1 }));
  const className = (c: { key: string; name: string }) => tr(`classes.${c.key}`, c.name);
  const classes = ITEM_CLASS_STYLE.filter((c) =>
    hosts.some((h) => h.some((it) => it.id.startsWith(c.prefix))),
  );
  if (hosts.some((h) => h.some((it) => !ITEM_CLASS_STYLE.some((c) => it.id.startsWith(c.prefix)))))
    classes.push(OTHER);

  const blocks = (resource: 'cpu' | 'mem') =>
    Array.from({ length: layers }, (_, k) => ({
      id: `${resource}:${k}`,
      name: resource === 'cpu' ? tr('cpuReserved', 'CPU reserved') : tr('memoryReserved', 'Memory reserved'),
      type: 'bar' as const,
      stack: resource,
      xAxisIndex: resource === 'cpu' ? 0 : 1,
      yAxisIndex: resource === 'cpu' ? 0 : 1,
      barMaxWidth: 72,
      barCategoryGap: '25%',
      itemStyle: { borderColor: '#ffffff', borderWidth: layers > 30 ? 0.5 : 1 },
      legendHoverLink: false,
      data: hosts.map((items) => {
        const item = items[k];
        if (!item) return null;
        const value =
          resource === 'cpu' ? (item.cpu / capacity.cpu) * 100 : (item.memGiB / capacity.memGiB) * 100;
        const style = itemClass(item.id);
        return {
          value: r2(value),
          name: item.id,
          itemStyle: { color: style.color, opacity: resource === 'cpu' ? 1 : 0.7 },
        };
      }),
    }));

  const limitLines = (ratio: number | undefined, what: string) =>
    ratio !== undefined && ratio > 1
      ? {
          markLine: {
            silent: true,
            symbol: 'none',
            lineStyle: { color: '#D62728', type: 'dashed' as const, width: 1.5 },
            label: { formatter: what, position: 'insideEndTop' as const, fontSize: 12, color: '#D62728' },
            data: [{ yAxis: r2(100 / ratio) }],
          },
        }
      : {};

  // Legend entries for the item classes (the stacked layers themselves are not legend items).
  const legendSeries = classes.map((c) => ({
    id: `class:${c.name}`,
    name: className(c),
    type: 'bar' as const,
    // In the CPU stack, so these empty series take no bar slot of their own.
    stack: 'cpu',
    color: c.color,
    xAxisIndex: 0,
    yAxisIndex: 0,
    data: [] as number[],
  }));
  const cpuSeries = blocks('cpu');
  const memSeries = blocks('mem');
  if (cpuSeries[0])
    Object.assign(cpuSeries[0], limitLines(options.overcommit?.cpu, tr('physicalCores', 'physical cores')));
  if (memSeries[0])
    Object.assign(memSeries[0], limitLines(options.overcommit?.memory, tr('physicalRam', 'physical RAM')));

  const yAxis = (gridIndex: number, name: string) => ({
    type: 'value' as const,
    gridIndex,
    min: 0,
    max: 100,
    interval: 25,
    name,
    nameLocation: 'middle' as const,
    nameGap: 44,
    nameTextStyle: CHART_TEXT.axisName,
    axisLabel: CHART_TEXT.axisLabel,
  });
  const unplaced = options.unplaced ?? 0;
  const subtitle =
    (options.subtitle ?? '') +
    (unplaced > 0
      ? `${options.subtitle ? ' · ' : ''}${tr('fitNowhere', `${unplaced} item(s) fit nowhere`, { count: unplaced })}`
      : '');

  return {
    animation: false,
    aria: { enabled: true },
    title: {
      text:
        hosts.length > 0
          ? tr('fillingUpCount', `Hosts filling up: ${hosts.length} powered on`, { count: hosts.length })
          : tr('fillingUp', 'Hosts filling up'),
      subtext: subtitle,
      left: 'center',
      textStyle: CHART_TEXT.title,
      subtextStyle: { fontSize: 12 },
    },
    tooltip: {
      trigger: 'item',
      formatter: (params: unknown) => {
        const p = params as { name?: string; value?: number; seriesName?: string; marker?: string };
        return `${p.marker ?? ''}<b>${p.name ?? ''}</b><br/>${tr('ofHost', `${p.seriesName ?? ''}: ${p.value ?? 0}% of the host`, { what: p.seriesName ?? '', value: text.n(p.value ?? 0) })}`;
      },
    },
    legend: { bottom: 0, textStyle: { fontSize: 12 }, data: classes.map(className) },
    grid: [
      { left: 80, right: 28, top: 78, height: '31%' },
      { left: 80, right: 28, bottom: 88, height: '31%' },
    ],
    xAxis: [
      {
        type: 'category',
        gridIndex: 0,
        data: categories,
        axisLabel: { show: false },
        axisTick: { show: false },
      },
      {
        type: 'category',
        gridIndex: 1,
        data: categories,
        name: tr('poweredOnHostsIn', 'Powered-on hosts (in the order they were opened)'),
        nameLocation: 'middle',
        nameGap: 30,
        nameTextStyle: CHART_TEXT.axisName,
        axisLabel: CHART_TEXT.axisLabel,
      },
    ],
    yAxis: [
      yAxis(0, tr('cpuReservedAxis', 'CPU reserved (%)')),
      yAxis(1, tr('memoryReservedAxis', 'Memory reserved (%)')),
    ],
    series: [...cpuSeries, ...memSeries, ...legendSeries],
  };
}
