// Charts (docs/pages.md): one palette from CSS variables (site.css) so an outcome or agent status has the same colour
// on every page and in both themes, re-read when the theme changes; animations off; HistoryChart for rolling lines.
// Needs Chart.js (wwwroot/lib/chart.js/dist/chart.umd.min.js, a classic script loaded before the page module).
import { format, readJson } from './page-shell.js';
const ChartJs = globalThis.Chart;
const config = readJson('page-config');

/** Points a history chart keeps (Pages:ChartHistoryPoints). */
export const historyPoints = Number.isInteger(config.chartHistoryPoints) ? config.chartHistoryPoints : 60;

/** Call outcomes in display order: [key, label]; colours are --outcome-<key>. */
export const OUTCOMES = [
  ['completed', 'Completed'], ['converted', 'Converted'], ['busy', 'Busy'], ['no_answer', 'No answer'],
  ['failed', 'Failed'], ['opted_out', 'Opted out'], ['abandoned', 'Abandoned'], ['voicemail', 'Voicemail'],
  ['canceled', 'Canceled'],
];

/** The current value of the CSS custom property `name` (site.css), "" when unset. */
export const css = name => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

/** The current colours: text, grid, series[6], outcome(key), status(key). */
export function palette() {
  return {
    text: css('--text-muted'),
    grid: css('--grid'),
    series: [1, 2, 3, 4, 5, 6].map(i => css(`--chart-${i}`)),
    outcome: key => css(`--outcome-${key}`) || css('--text-muted'),
    status: key => css(`--status-${key}`) || css('--text-muted'),
  };
}

/** True when Chart.js loaded; otherwise puts a note after each canvas and returns false. */
export function chartsAvailable(...canvases) {
  if (typeof ChartJs === 'function') return true;
  for (const canvas of canvases) {
    canvas?.insertAdjacentHTML('afterend', '<p class="muted">Charts are unavailable: Chart.js did not load.</p>');
  }
  return false;
}

if (typeof ChartJs === 'function') {
  // Live data updates every second: animating each one is motion nobody asked for (and costs main-thread time).
  ChartJs.defaults.animation = false;
  ChartJs.defaults.maintainAspectRatio = false;
}

const restylers = new Set();
/** Calls `callback(palette())` whenever the theme changes; returns an unsubscribe function. */
export function onThemeChange(callback) {
  restylers.add(callback);
  return () => restylers.delete(callback);
}
// theme.js fires 'themechange' after switching data-theme; styles are resolved by the time the listeners read them.
document.addEventListener('themechange', () => {
  const p = palette();
  restylers.forEach(cb => cb(p));
});

/** Colours a chart's axes, grid and legend from `p` (no update: call chart.update('none') after). */
export function styleAxes(chart, p = palette()) {
  for (const axis of Object.values(chart.options.scales ?? {})) {
    if (axis.ticks) axis.ticks.color = p.text;
    if (axis.title) axis.title.color = p.text;
    if (axis.grid && axis.grid.drawOnChartArea !== false) axis.grid.color = p.grid;
  }
  const legend = chart.options.plugins?.legend;
  if (legend?.labels) legend.labels.color = p.text;
}

/**
 * A line chart of the last N points (Pages:ChartHistoryPoints). push(label, values) appends one point per series and
 * updates in place with update('none'); the canvas's aria-label is kept current through `describe`.
 */
/**
 * A doughnut of call outcomes in OUTCOMES order, each in its palette colour (the same on every page), re-coloured on a
 * theme change; data starts at zero: set `chart.data.datasets[0].data` and `update('none')`. Null without Chart.js.
 */
export function outcomeDoughnut(canvas) {
  if (!chartsAvailable(canvas)) return null;
  const p = palette();
  const chart = new window.Chart(canvas, {
    type: 'doughnut',
    data: {
      labels: OUTCOMES.map(([, label]) => label),
      datasets: [{ data: OUTCOMES.map(() => 0), backgroundColor: OUTCOMES.map(([key]) => p.outcome(key)), borderWidth: 1 }],
    },
    options: { plugins: { legend: { position: 'right', labels: { color: p.text } } } },
  });
  onThemeChange(next => {
    chart.data.datasets[0].backgroundColor = OUTCOMES.map(([key]) => next.outcome(key));
    styleAxes(chart, next);
    chart.update('none');
  });
  return chart;
}

export class HistoryChart {
  /**
   * @param {HTMLCanvasElement} canvas  a canvas with role="img"
   * @param {{series: {label: string, color?: (p: object) => string, axis?: string}[],
   *          axes?: Record<string, object>, points?: number,
   *          describe: (label: string, values: (number|null)[], points: number) => string}} options
   */
  constructor(canvas, { series, axes, points = historyPoints, describe }) {
    this.canvas = canvas;
    this.points = points;
    this.describe = describe;
    this.series = series;
    this.chart = null;
    if (!chartsAvailable(canvas)) return;
    const p = palette();
    // The palette is a parameter: on a theme change the series take the new theme's colours, not the first one's.
    const colour = (s, i, pal) => (s.color ? s.color(pal) : pal.series[i % pal.series.length]);
    this.chart = new ChartJs(canvas, {
      type: 'line',
      data: {
        labels: [],
        datasets: series.map((s, i) => ({
          label: s.label, data: [], yAxisID: s.axis ?? 'y', borderColor: colour(s, i, p), backgroundColor: colour(s, i, p),
          tension: 0.25, pointRadius: 0,
        })),
      },
      options: {
        interaction: { mode: 'index', intersect: false },
        scales: axes ?? {
          x: { ticks: { maxTicksLimit: 6 }, grid: {} },
          y: { beginAtZero: true, ticks: {}, grid: {} },
        },
        plugins: { legend: { labels: {} } },
      },
    });
    styleAxes(this.chart, p);
    this.chart.update('none');
    onThemeChange(next => {
      this.chart.data.datasets.forEach((d, i) => { d.borderColor = d.backgroundColor = colour(series[i], i, next); });
      styleAxes(this.chart, next);
      this.chart.update('none');
    });
  }

  /** Appends one point (a value per series, null for a gap), drops the oldest beyond `points`, redraws in place. */
  push(label, values) {
    if (this.chart) {
      const { labels, datasets } = this.chart.data;
      labels.push(label);
      datasets.forEach((d, i) => d.data.push(typeof values[i] === 'number' && Number.isFinite(values[i]) ? values[i] : null));
      while (labels.length > this.points) {
        labels.shift();
        datasets.forEach(d => d.data.shift());
      }
      this.chart.update('none');
    }
    if (this.describe) this.canvas.setAttribute('aria-label', this.describe(label, values, this.points));
  }
}

/**
 * The history of active calls (left axis) and dialing rate (right axis) the Overview and a campaign show; `whose`
 * ("" or "the campaign's ") starts the chart's description.
 */
export const activeCallsChart = (canvas, whose) => new HistoryChart(canvas, {
  series: [
    { label: 'Active calls', axis: 'y' },
    { label: 'Dialing rate (attempts/s)', axis: 'y1' },
  ],
  axes: {
    x: { ticks: { maxTicksLimit: 6 }, grid: {} },
    y: { beginAtZero: true, position: 'left', title: { display: true, text: 'Active calls' }, ticks: { precision: 0 }, grid: {} },
    y1: { beginAtZero: true, position: 'right', title: { display: true, text: 'Attempts/s' }, ticks: {}, grid: { drawOnChartArea: false } },
  },
  describe: (label, [active, rate], points) =>
    `Line chart of ${whose}active calls and dialing rate over the last ${points} updates; at ${label}: ` +
    `${format.integer(active)} active calls, ${format.rate(rate)} attempts per second.`,
});
