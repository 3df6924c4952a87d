import { ENGLISH_TEXT, textFor, type ChartText } from '../translate';
import type { InterfaceModel } from '../../../../shared/topics/interfaces';
import type { ChartOption } from '../echarts';
import { CHART_TEXT } from '../platform-style';
import { LAYER_KINDS, LAYER_KIND_STYLE } from './interfaces-colors';

/**
 * Stacked bars: per technology, how many layers lie between the hardware and the
 * application, split by kind (real, shared, virtual, the guest's own). The technology
 * chosen in the scenario gets a dark outline.
 */
export function layerStackOption(
  options: {
    title: string;
    subtitle?: string;
    models: readonly { label: string; model: InterfaceModel }[];
    chosen: string;
  },
  text: ChartText = ENGLISH_TEXT,
): ChartOption {
  const tr = textFor(text, 'charts.interfacesStackOption');
  const { models } = options;
  const chosenLabel = models.find((m) => m.model.technology === options.chosen)?.label;
  return {
    animation: false,
    aria: { enabled: true },
    title: {
      text: options.title,
      subtext: options.subtitle ?? '',
      left: 'center',
      textStyle: CHART_TEXT.title,
    },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { bottom: 0, textStyle: { fontSize: 12 } },
    grid: { left: 132, right: 28, top: 76, bottom: 84 },
    xAxis: {
      type: 'value',
      name: tr('layersFromTheHardware', 'Layers from the hardware to the application (count)'),
      nameLocation: 'middle',
      nameGap: 30,
      minInterval: 1,
      nameTextStyle: CHART_TEXT.axisName,
      axisLabel: CHART_TEXT.axisLabel,
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: models.map((m) => m.label),
      axisLabel: {
        ...CHART_TEXT.axisLabel,
        formatter: (label: string) => (label === chosenLabel ? `{chosen|▶ ${label}}` : label),
        rich: { chosen: { fontSize: 12, fontWeight: 'bold', color: '#0B63CE' } },
      },
    },
    series: LAYER_KINDS.map((kind) => ({
      id: kind,
      name: tr(`kinds.${kind}`, `${LAYER_KIND_STYLE[kind].label} layers`),
      type: 'bar',
      stack: 'layers',
      color: LAYER_KIND_STYLE[kind].color,
      barMaxWidth: 22,
      label: {
        show: true,
        fontSize: 11,
        color: '#ffffff',
        formatter: (p: { value: unknown }) => (Number(p.value) > 0 ? String(p.value) : ''),
      },
      data: models.map((m) => ({
        value: m.model.layers.filter((l) => l.kind === kind).length,
        itemStyle: m.model.technology === options.chosen ? { borderColor: text.ink, borderWidth: 2 } : {},
      })),
    })),
  };
}
