import type { ChartOption } from './echarts';

/** Width in pixels of `text` drawn at `fontSize` px (bold or not) in ECharts' default sans-serif. */
export type MeasureText = (text: string, fontSize: number, bold: boolean) => number;

/** ECharts' defaults for what a chart option leaves out. */
const TITLE_FONT = 18;
const SUBTITLE_FONT = 12;
const GRID_TOP = 60;
/** Room left on each side of a centred title (the title's own padding plus a margin). */
const SIDE_MARGIN = 12;

/** `text` broken at spaces into lines no wider than `width` (a word longer than that stays whole). */
export function wrapText(text: string, width: number, measure: (line: string) => number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      const candidate = line === '' ? word : `${line} ${word}`;
      if (line !== '' && measure(candidate) > width) {
        lines.push(line);
        line = word;
      } else {
        line = candidate;
      }
    }
    lines.push(line);
  }
  return lines;
}

type TitleLike = {
  text?: string;
  subtext?: string;
  textStyle?: { fontSize?: number; fontWeight?: unknown; lineHeight?: number };
  subtextStyle?: { fontSize?: number; lineHeight?: number };
};
type Positioned = { top?: unknown; bottom?: unknown; height?: unknown };

/**
 * `item` moved down by `by` px: a numeric top grows; a missing one becomes `fallback` (the
 * default it stood for) plus `by`. A box placed by its bottom and height, or by a
 * percentage, stays where it is.
 */
const shiftTop = <T extends Positioned>(item: T, by: number, fallback: number | null): T => {
  if (typeof item.top === 'number') return { ...item, top: item.top + by };
  const fromBottom = item.bottom !== undefined && item.height !== undefined;
  if (item.top === undefined && fallback !== null && !fromBottom) return { ...item, top: fallback + by };
  return item;
};

/**
 * The option with its title and subtitle wrapped to the chart's `width`: ECharts draws a
 * centred title on one line and clips what does not fit on both sides, which a longer
 * language (or a narrow window) runs into. Each line added moves the plot (numeric grid
 * tops, legends placed from the top) down by its height, so the title never covers it.
 * Options without a title come back unchanged.
 */
export function fitTitles(option: ChartOption, width: number, measure: MeasureText): ChartOption {
  const title = option.title as TitleLike | TitleLike[] | undefined;
  if (!title || Array.isArray(title) || width <= 0) return option;
  const available = Math.max(80, width - 2 * SIDE_MARGIN);
  const titleFont = title.textStyle?.fontSize ?? TITLE_FONT;
  const bold = title.textStyle?.fontWeight !== 'normal';
  const subtitleFont = title.subtextStyle?.fontSize ?? SUBTITLE_FONT;

  const textLines = title.text
    ? wrapText(title.text, available, (line) => measure(line, titleFont, bold))
    : [];
  const subLines = title.subtext
    ? wrapText(title.subtext, available, (line) => measure(line, subtitleFont, false))
    : [];
  const addedText = Math.max(0, textLines.length - (title.text?.split('\n').length ?? 0));
  const addedSub = Math.max(0, subLines.length - (title.subtext?.split('\n').length ?? 0));

  // Explicit line heights: without them ECharts draws the lines of a broken subtitle on top of each other.
  const textLineHeight = title.textStyle?.lineHeight ?? Math.round(titleFont * 1.25);
  const subLineHeight = title.subtextStyle?.lineHeight ?? Math.round(subtitleFont * 1.25);
  const shift = addedText * textLineHeight + addedSub * subLineHeight;
  const fitted: ChartOption = {
    ...option,
    title: {
      ...title,
      ...(addedText > 0
        ? { text: textLines.join('\n'), textStyle: { ...title.textStyle, lineHeight: textLineHeight } }
        : {}),
      ...(addedSub > 0
        ? { subtext: subLines.join('\n'), subtextStyle: { ...title.subtextStyle, lineHeight: subLineHeight } }
        : {}),
    } as ChartOption['title'],
  };
  // Grid tops are always explicit, so an option merged over a wrapped one moves the plot back up.
  const grid = option.grid as Positioned | Positioned[] | undefined;
  if (grid || shift > 0)
    fitted.grid = (
      Array.isArray(grid)
        ? grid.map((g) => shiftTop(g, shift, GRID_TOP))
        : shiftTop(grid ?? {}, shift, GRID_TOP)
    ) as ChartOption['grid'];
  const legend = option.legend as Positioned | Positioned[] | undefined;
  if (legend && shift > 0)
    fitted.legend = (
      Array.isArray(legend) ? legend.map((l) => shiftTop(l, shift, null)) : shiftTop(legend, shift, null)
    ) as ChartOption['legend'];
  return fitted;
}

let context: CanvasRenderingContext2D | null = null;

/** Measures with a 2D canvas in the page, the way ECharts' canvas renderer lays text out. */
export const measureOnCanvas: MeasureText = (text, fontSize, bold) => {
  context ??= document.createElement('canvas').getContext('2d');
  if (!context) return text.length * fontSize * 0.6;
  context.font = `${bold ? 'bold ' : ''}${fontSize}px sans-serif`;
  return context.measureText(text).width;
};
