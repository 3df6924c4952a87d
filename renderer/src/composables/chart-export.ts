import { init } from 'echarts/core';
import { fileNameFor, type FileKind } from '../../../shared/files';
import {
  addPngText,
  addSvgMetadata,
  framesToCsv,
  provenanceLine,
  samplesToCsv,
  type Provenance,
} from '../../../shared/export';
import type { TopicFrame, TopicSummary } from '../../../shared/topics/types';
import type { MetricSample, RunSummary } from '../../../shared/sim/types';
import type { ChartOption } from '../charts/echarts';
import { getChart } from '../charts/chart-registry';
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
 * Exports one chart of a finished or running comparison: PNG at twice the screen's pixels
 * (provenance in a tEXt chunk), SVG drawn by ECharts' SVG renderer (provenance as
 * <metadata>), or the underlying samples as CSV or JSON. Returns where the file went, or
 * null if the user cancelled the save dialog.
 */
export async function exportChart(options: {
  format: ExportFormat;
  chartId: string;
  option: ChartOption;
  provenance: Provenance;
  /**
   * The data behind the chart: Compare samples, a topic run's frames, or a table the view
   * has already written (a sweep: its CSV, and JSON fields that reproduce it).
   */
  data:
    | { samples: readonly MetricSample[]; summary: RunSummary | null }
    | { frames: readonly TopicFrame[]; summary: TopicSummary | null }
    | { table: { csv: string; json: Record<string, unknown> } };
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
      const url = chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' });
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
      offscreen.setOption({ ...options.option, animation: false, backgroundColor: '#ffffff' });
      data = addSvgMetadata(offscreen.renderToSVGString(), provenance);
      offscreen.dispose();
      break;
    }
    case 'csv':
      data =
        'table' in options.data
          ? options.data.table.csv
          : 'samples' in options.data
            ? samplesToCsv(options.data.samples, provenance)
            : framesToCsv(options.data.frames, provenance);
      break;
    case 'json': {
      const body = 'table' in options.data ? options.data.table.json : options.data;
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
