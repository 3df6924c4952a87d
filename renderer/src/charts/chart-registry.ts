import type { ECharts } from 'echarts/core';

/**
 * The charts on screen, by id. Exports (and the e2e suite, which checks that the data a
 * chart draws is the data the simulation produced) look charts up here.
 */
const charts = new Map<string, ECharts>();

declare global {
  interface Window {
    virtlabCharts?: {
      ids(): string[];
      seriesData(id: string): Array<{ name: string; data: unknown[] }> | null;
      /** x positions of the vertical mark lines a chart draws (the Timeline cursor). */
      markLineX(id: string): number[];
    };
  }
}

export function registerChart(id: string, chart: ECharts): void {
  charts.set(id, chart);
}

export function unregisterChart(id: string): void {
  charts.delete(id);
}

export function getChart(id: string): ECharts | undefined {
  return charts.get(id);
}

window.virtlabCharts = {
  ids: () => [...charts.keys()],
  seriesData: (id) => {
    const option = charts.get(id)?.getOption() as
      { series?: Array<{ name?: string; data?: unknown[] }> } | undefined;
    if (!option?.series) return null;
    return option.series.map((s) => ({ name: String(s.name ?? ''), data: s.data ?? [] }));
  },
  markLineX: (id) => {
    const option = charts.get(id)?.getOption() as
      { series?: Array<{ markLine?: { data?: Array<{ xAxis?: number }> } }> } | undefined;
    return (option?.series ?? []).flatMap((s) =>
      (s.markLine?.data ?? []).flatMap((d) => (typeof d.xAxis === 'number' ? [d.xAxis] : [])),
    );
  },
};
