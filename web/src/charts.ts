import uPlot from 'uplot';
import { h } from './dom.js';

/**
 * Bar charts drawn with uPlot (canvas). A chart is never the only way to read its figures:
 * each is paired with a table built from the same rows, and its container is an image with a
 * text alternative (aria-label) that points to that table. The container carries `data-total`,
 * read back from the uPlot instance's own data, so a test can check chart = table = API.
 */
export interface BarSeries {
  label: string;
  color: string;
  values: number[];
}

export interface BarChartSpec {
  /** The id of the table that holds the same figures. */
  tableId: string;
  /** Category labels, one per bar (or stack of bars). */
  labels: string[];
  series: BarSeries[];
  /** Stack the series on top of each other (else side by side). */
  stacked?: boolean;
  /** Bars run left to right, categories down the side (long labels). */
  horizontal?: boolean;
  /** What the chart shows, for the text alternative. */
  description: string;
  height?: number;
}

const AXIS_FONT = '14px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';
const INK = '#0b0c0c';
const GRID = '#e0e3e5';

/** Sum of what the chart draws, read from the instance: the top of each stack, or every bar. */
export function chartTotal(u: uPlot, stacked: boolean): number {
  const series = u.data.slice(1) as (number | null)[][];
  const drawn = stacked ? series.slice(0, 1) : series;
  return drawn.reduce((n, s) => n + s.reduce<number>((m, v) => m + (v ?? 0), 0), 0);
}

function niceMax(max: number): number {
  if (max <= 5) return 5;
  const step = 10 ** Math.floor(Math.log10(max));
  return Math.ceil(max / step) * step;
}

let measurer: CanvasRenderingContext2D | null = null;
/** Width in CSS pixels of an axis label, so long category names are not cut off. */
function textWidth(text: string): number {
  measurer ??= document.createElement('canvas').getContext('2d');
  if (!measurer) return 8 * text.length;
  measurer.font = AXIS_FONT;
  return Math.ceil(measurer.measureText(text).width);
}

function availableWidth(): number {
  const main = document.getElementById('main');
  const w = (main?.clientWidth ?? 960) - 32;
  return Math.max(280, Math.min(w, 1000));
}

export function barChart(spec: BarChartSpec): HTMLElement {
  const n = spec.labels.length;
  const stacked = !!spec.stacked && spec.series.length > 1;
  const xs = spec.labels.map((_, i) => i);
  // Stacked: each drawn series is the running sum, drawn tallest first so the lower parts
  // paint over it (uPlot draws in order; the first series is the top of each stack).
  let drawn: { label: string; color: string; values: number[] }[];
  if (stacked) {
    const running = new Array<number>(n).fill(0);
    const cumulative = spec.series.map((s) => ({ ...s, values: s.values.map((v, i) => (running[i] = (running[i] ?? 0) + v)) }));
    drawn = cumulative.reverse();
  } else drawn = spec.series;
  const max = Math.max(0, ...drawn.flatMap((s) => s.values));
  const groups = stacked ? 1 : drawn.length;
  const barWidth = groups === 1 ? 0.7 : 0.4;
  if (groups > 2) throw new Error('barChart draws at most two series side by side');
  const horizontal = !!spec.horizontal;
  const height = spec.height ?? (horizontal ? Math.max(160, 34 * n + 60) : 300);
  const labelWidth = horizontal ? Math.min(320, 20 + Math.max(30, ...spec.labels.map(textWidth))) : 50;

  const opts: uPlot.Options = {
    width: availableWidth(),
    height,
    legend: { show: false },
    cursor: { show: false },
    select: { show: false, left: 0, top: 0, width: 0, height: 0 },
    scales: {
      // Horizontal: the first category at the top, as in the table.
      x: { time: false, ori: horizontal ? 1 : 0, dir: horizontal ? -1 : 1, range: () => [-0.5, n - 0.5] },
      y: { ori: horizontal ? 0 : 1, dir: 1, range: () => [0, niceMax(max)] },
    },
    axes: [
      {
        scale: 'x',
        side: horizontal ? 3 : 2,
        font: AXIS_FONT,
        stroke: INK,
        grid: { show: false },
        ticks: { show: false },
        size: horizontal ? labelWidth : 40,
        gap: 6,
        splits: () => xs,
        values: (_u, splits) => splits.map((i) => spec.labels[i] ?? ''),
      },
      {
        scale: 'y',
        side: horizontal ? 2 : 3,
        font: AXIS_FONT,
        stroke: INK,
        grid: { stroke: GRID, width: 1 },
        ticks: { stroke: GRID, width: 1 },
        size: horizontal ? 36 : 50,
        incrs: [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000],
        values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? String(v) : '')),
      },
    ],
    series: [
      {},
      ...drawn.map((s, k) => ({
        label: s.label,
        stroke: s.color,
        fill: s.color,
        width: 0,
        points: { show: false },
        paths: uPlot.paths.bars!({
          size: [barWidth, 80],
          // Side by side (two series at most): the first ends at the category's centre, the second starts there.
          align: groups > 1 ? (k === 0 ? -1 : 1) : 0,
        }),
      })),
    ],
  };
  const data = [xs, ...drawn.map((s) => s.values)] as uPlot.AlignedData;

  const canvasHolder = h('div', { class: 'chart__canvas' });
  const u = new uPlot(opts, data, canvasHolder);
  const total = chartTotal(u, stacked);
  const legend = h(
    'ul',
    { class: 'chart__legend' },
    spec.series.map((s) => h('li', null, h('span', { class: 'chart__swatch', 'data-color': s.color }), s.label)),
  );
  // Swatch colours through the CSSOM (the page's CSP forbids style attributes).
  for (const [i, el] of [...legend.querySelectorAll<HTMLElement>('.chart__swatch')].entries()) el.style.background = spec.series[i]!.color;
  const figure = h(
    'div',
    {
      class: 'chart',
      role: 'img',
      'aria-label': `${spec.description} Total ${total}. The same figures are in the table below the chart.`,
      'data-total': total,
      'data-chart': spec.tableId,
    },
    canvasHolder,
  );
  const resize = new ResizeObserver(() => {
    const w = Math.max(280, Math.min(figure.clientWidth, 1000));
    if (w > 0 && Math.abs(w - u.width) > 4) u.setSize({ width: w, height });
  });
  resize.observe(figure);
  return h('div', { class: 'chart-block' }, spec.series.length > 1 ? legend : null, figure);
}
