import { describe, expect, it } from 'vitest';
import type { ChartOption } from './echarts';
import { fitTitles, wrapText, type MeasureText } from './fit-titles';

/** Every character is 0.5 em wide: a 12 px subtitle of 40 characters is 240 px. */
const measure: MeasureText = (text, fontSize) => text.length * fontSize * 0.5;

const option = (subtext: string, extra: Partial<ChartOption> = {}): ChartOption => ({
  title: { text: 'Density', subtext, left: 'center', textStyle: { fontSize: 16, fontWeight: 600 } },
  grid: { left: 64, right: 28, top: 76, bottom: 62 },
  legend: { bottom: 0 },
  ...extra,
});

describe('chart titles fitted to the chart', () => {
  it('wraps at spaces, keeps given line breaks and over-long words whole', () => {
    const width = (line: string) => line.length;
    expect(wrapText('aaa bbb ccc', 7, width)).toEqual(['aaa bbb', 'ccc']);
    expect(wrapText('aaa\nbbb ccc', 20, width)).toEqual(['aaa', 'bbb ccc']);
    expect(wrapText('aaaaaaaaaa b', 4, width)).toEqual(['aaaaaaaaaa', 'b']);
  });

  it('leaves a title that fits as it is, with the grid top explicit', () => {
    const fitted = fitTitles(option('short subtitle'), 600, measure);
    expect(fitted.title).toEqual(option('short subtitle').title);
    expect(fitted.grid).toEqual({ left: 64, right: 28, top: 76, bottom: 62 });
  });

  it('breaks a subtitle wider than the chart and moves the plot down by the added lines', () => {
    const long = 'lines: instances running (ready + starting) · legend: how many fit on the host';
    // 80 characters × 6 px = 480 px, in a 300 px chart (276 px for text): two lines.
    const fitted = fitTitles(option(long), 300, measure);
    const subtext = (fitted.title as { subtext: string }).subtext;
    expect(subtext.split('\n')).toHaveLength(2);
    expect(subtext.replace('\n', ' ')).toBe(long);
    for (const line of subtext.split('\n')) expect(line.length * 6).toBeLessThanOrEqual(276);
    expect((fitted.grid as { top: number }).top).toBe(76 + 15);
    expect(fitted.legend).toEqual({ bottom: 0 });
  });

  it('moves every grid and a legend placed from the top, and gives a grid without a top one', () => {
    const long = 'x '.repeat(100).trim();
    const fitted = fitTitles(
      option(long, {
        grid: [{ top: 70 }, { top: '55%' }, {}],
        legend: { top: 40 },
      }),
      300,
      measure,
    );
    const lines = (fitted.title as { subtext: string }).subtext.split('\n').length;
    const shift = (lines - 1) * 15;
    expect(fitted.grid).toEqual([{ top: 70 + shift }, { top: '55%' }, { top: 60 + shift }]);
    expect(fitted.legend).toEqual({ top: 40 + shift });
  });

  it('leaves a grid placed by its bottom and height where it is, wrapped or not', () => {
    const grids = {
      grid: [
        { top: 78, height: '31%' },
        { bottom: 88, height: '31%' },
      ],
    };
    expect(fitTitles(option('short', grids), 600, measure).grid).toEqual(grids.grid);
    const fitted = fitTitles(option('x '.repeat(100).trim(), grids), 300, measure);
    const shift = ((fitted.title as { subtext: string }).subtext.split('\n').length - 1) * 15;
    expect(fitted.grid).toEqual([
      { top: 78 + shift, height: '31%' },
      { bottom: 88, height: '31%' },
    ]);
  });

  it('wraps a long main title too, at its own size', () => {
    const fitted = fitTitles(
      option('', { title: { text: 'word '.repeat(20).trim(), textStyle: { fontSize: 16 } } }),
      300,
      measure,
    );
    const text = (fitted.title as { text: string }).text;
    expect(text.split('\n').length).toBeGreaterThan(1);
    expect((fitted.grid as { top: number }).top).toBe(76 + (text.split('\n').length - 1) * 20);
  });

  it('ignores charts without a title or width', () => {
    const bare: ChartOption = { grid: { top: 10 } };
    expect(fitTitles(bare, 300, measure)).toBe(bare);
    const titled = option('a long subtitle '.repeat(10));
    expect(fitTitles(titled, 0, measure)).toBe(titled);
  });
});
