// Custom KPI series as the KPIs & Activity page and the Wallboard's kpis view show them (docs/pages.md "KPIs & Activity"):
// the browser twin of Pages/KpisView/KpisFirstView.cs (LabelsText, ValueText).
import { NONE, isNumber } from './format.js';

const values = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** A KPI value: up to 2 decimals, grouped ("1,234.5"); null → "—". Alert values and thresholds are written the same way. */
export const valueText = v => (isNumber(v) ? values.format(v) : NONE);

/** A series' labels: "region=eu · channel=web" (by label name), or "all" without labels. */
export function labelsText(labels) {
  const pairs = Object.entries(labels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return pairs.length === 0 ? 'all' : pairs.map(([k, v]) => `${k}=${v}`).join(' · ');
}

/** The detail line under a value: a counter's increase per minute, or "gauge". */
export const detailText = s => (s.kind === 'counter' ? `total · ${valueText(s.ratePerMinute ?? 0)} per min` : 'gauge');

/**
 * The points of a sparkline in a 100 × 30 viewBox from `history` ([[minute, value], …], oldest first): x by time over the
 * hour ending at the minute of `endIso` (the payload's computedAt; else the newest point), so a gap in reports, or a
 * series that stopped reporting, shows as empty space; y scaled between the history's min and max (a flat line in the
 * middle when they are equal). "" with no point; one point draws a flat line.
 */
export function sparkPoints(history, endIso) {
  const list = (Array.isArray(history) ? history : [])
    .map(([t, v]) => [Date.parse(t), Number(v)]).filter(([t, v]) => Number.isFinite(t) && Number.isFinite(v));
  if (list.length === 0) return '';
  const asOf = Date.parse(endIso ?? '');
  const end = Math.max(list[list.length - 1][0], Number.isFinite(asOf) ? asOf - (asOf % 60_000) : -Infinity);
  const start = end - 59 * 60_000;
  const lo = Math.min(...list.map(p => p[1])), hi = Math.max(...list.map(p => p[1]));
  const y = v => (hi === lo ? 15 : 28 - ((v - lo) / (hi - lo)) * 26);
  const x = t => Math.max(0, Math.min(100, ((t - start) / (end - start)) * 100));
  const pts = list.map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`);
  return list.length === 1 ? `0,${y(list[0][1]).toFixed(1)} 100,${y(list[0][1]).toFixed(1)}` : pts.join(' ');
}

/** What a sparkline says to a screen reader: its span and range. */
export function sparkLabel(s) {
  const h = Array.isArray(s.history) ? s.history : [];
  if (h.length === 0) return 'Trend: no report in the last hour.';
  const vals = h.map(p => Number(p[1]));
  const what = s.kind === 'counter' ? 'increase per minute' : 'value';
  return `Trend of the ${what} over the last hour, ${h.length} ${h.length === 1 ? 'minute' : 'minutes'} with reports: lowest ${valueText(Math.min(...vals))}, highest ${valueText(Math.max(...vals))}, latest ${valueText(vals[vals.length - 1])}.`;
}

/**
 * The series `wanted` selects from `series`, in `wanted`'s order (Pages:Wallboard:Kpis): an entry equal to a series key
 * selects that series, a bare name every series of that name (in key order); each series once; at most `max`.
 */
export function selectSeries(series, wanted, max) {
  const list = Array.isArray(series) ? series : [];
  const picked = [];
  const seen = new Set();
  for (const w of Array.isArray(wanted) ? wanted : []) {
    const matches = list.filter(s => s.key === w).concat(w.includes('{') ? [] : list.filter(s => s.name === w));
    for (const s of matches) {
      if (picked.length >= max) return picked;
      if (!seen.has(s.key)) { seen.add(s.key); picked.push(s); }
    }
  }
  return picked;
}
