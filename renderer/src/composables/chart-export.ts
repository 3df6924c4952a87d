import { init } from 'echarts/core';
import { fileNameFor, type FileKind } from '../../../shared/files';
import {
  addPngText,
  addSvgMetadata,
  framesToCsv,
  provenanceLine,
  samplesToCsv,
  tableToCsv,
  type Provenance,
} from '../../../shared/export';
import type { TopicFrame, TopicSummary } from '../../../shared/topics/types';
import type { MetricSample, RunSummary } from '../../../shared/sim/types';
import type { ChartOption } from '../charts/echarts';
import { getChart } from '../charts/chart-registry';
import { fitTitles, measureOnCanvas } from '../charts/fit-titles';
import { useRendererApi } from '../api';

export type ExportFormat = 'png' | 'svg' | 'csv' | 'json';

const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * The chart drawn as a PNG in the light theme whatever the screen's theme (dark-theme text
 * on a white page would be unreadable): an offscreen canvas instance of the on-screen size,
 * at twice its pixels, on white.
 */
function lightPngDataUrl(option: ChartOption, width: number, height: number): string {
  const host = document.createElement('div');
  const offscreen = init(host, null, { renderer: 'canvas', width, height, devicePixelRatio: 2 });
  try {
    offscreen.setOption({
      ...fitTitles(option, width, measureOnCanvas),
      animation: false,
      backgroundColor: '#ffffff',
    });
    return offscreen.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' });
  } finally {
    offscreen.dispose();
  }
}

/**
 * Exports one chart of a finished or running comparison: PNG at twice the screen's pixels,
 * always in the light theme (provenance in a tEXt chunk), SVG drawn by ECharts' SVG renderer (provenance as
 * <metadata>), or the underlying samples as CSV or JSON. Returns where the file went, or
 * null if the user cancelled the save dialog.
 */
export async function exportChart(options: {
  format: ExportFormat;
  chartId: string;
  option: ChartOption;
  provenance: Provenance;
  /**
   * The data behind the chart: Compare samples, a topic run's frames, the chart's own table
   * (columns and rows), or files the view has already written (a sweep: its CSV, and the
   * JSON fields that reproduce it).
   */
  data:
    | { samples: readonly MetricSample[]; summary: RunSummary | null }
    | { frames: readonly TopicFrame[]; summary: TopicSummary | null }
    | { table: { columns: string[]; rows: unknown[][] } }
    | { prepared: { csv: string; json: Record<string, unknown> } };
}): Promise<string | null> {
  const { format, chartId, provenance } = options;
  const base = fileNameFor(
    `${provenance.scenario.name ?? provenance.scenario.kind} ${chartId} seed ${provenance.seed}`,
    format,
  );
  let data: string;
  let encoding: 'utf8' | 'base64' = 'utf8';
  const chart = getChart(chartId);
  switch (format) {
    case 'png': {
      if (!chart) throw new Error(`chart ${chartId} is not on screen`);
      const url = lightPngDataUrl(options.option, chart.getWidth(), chart.getHeight());
      const png = addPngText(
        fromBase64(url.slice(url.indexOf(',') + 1)),
        'virtlab',
        `${provenanceLine(provenance)} ${JSON.stringify(provenance.scenario)}`,
      );
      data = toBase64(png);
      encoding = 'base64';
      break;
    }
    case 'svg': {
      const width = chart?.getWidth() ?? 900;
      const height = chart?.getHeight() ?? 420;
      const offscreen = init(null, null, { renderer: 'svg', ssr: true, width, height });
      offscreen.setOption({
        ...fitTitles(options.option, width, measureOnCanvas),
        animation: false,
        backgroundColor: '#ffffff',
      });
      data = addSvgMetadata(offscreen.renderToSVGString(), provenance);
      offscreen.dispose();
      break;
    }
    case 'csv':
      data =
        'prepared' in options.data
          ? options.data.prepared.csv
          : 'samples' in options.data
            ? samplesToCsv(options.data.samples, provenance)
            : 'frames' in options.data
              ? framesToCsv(options.data.frames, provenance)
              : tableToCsv(options.data.table.columns, options.data.table.rows, provenance);
      break;
    case 'json': {
      const body = 'prepared' in options.data ? options.data.prepared.json : options.data;
      data = `${JSON.stringify({ ...provenance, chart: chartId, ...body }, null, 2)}\n`;
      break;
    }
  }
  const saved = await useRendererApi().saveFile({
    kind: format as FileKind,
    suggestedName: base,
    data,
    encoding,
  });
  return saved?.location ?? null;
}

/**
 * Copies a chart on screen to the clipboard as a PNG at twice the screen's pixels (white
 * background, as in the PNG export). Web: the async Clipboard API; desktop: main's clipboard.
 */
export async function copyChartImage(chartId: string): Promise<void> {
  const chart = getChart(chartId);
  if (!chart) throw new Error(`chart ${chartId} is not on screen`);
  const url = chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' });
  await useRendererApi().copyImage({ pngBase64: url.slice(url.indexOf(',') + 1) });
}
