// Threshold colours (docs/pages.md): levels per metric come from configuration (Pages:Thresholds, rendered into
// #page-config by the layout). applyThreshold sets data-level="ok|warning|critical" that site.css shows as colour plus
// an icon and a border, so the level does not depend on seeing colour.
import { clearSkeleton, readJson, setText } from './page-shell.js';
const config = readJson('page-config');

// Metric names are matched case-insensitively (configuration keys are).
const thresholds = new Map(Object.entries(config.thresholds ?? {}).map(([k, v]) => [k.toLowerCase(), v]));

/** The configured levels of `metric`: {warning, critical, direction}, or undefined. */
export const thresholdOf = metric => thresholds.get(String(metric).toLowerCase());

/** 'ok' | 'warning' | 'critical' for `value` of `metric`; null when there is no value or no threshold. */
export function levelOf(metric, value) {
  const t = thresholdOf(metric);
  if (!t || typeof value !== 'number' || !Number.isFinite(value)) return null;
  const worse = t.direction === 'below' ? (v, limit) => v <= limit : (v, limit) => v >= limit;
  if (worse(value, t.critical)) return 'critical';
  if (worse(value, t.warning)) return 'warning';
  return 'ok';
}

const LABELS = { warning: 'Warning', critical: 'Critical' };

/** Sets data-level (and a title naming the level and limit) on `element`; removes them when there is no level. */
export function applyThreshold(element, metric, value) {
  if (!element) return null;
  const level = levelOf(metric, value);
  if (level === null) {
    delete element.dataset.level;
    element.removeAttribute('title');
    return null;
  }
  if (element.dataset.level !== level) element.dataset.level = level;
  if (level === 'ok') {
    element.removeAttribute('title');
  } else {
    const t = thresholdOf(metric);
    element.title = `${LABELS[level]}: ${t.direction} ${level === 'critical' ? t.critical : t.warning}`;
  }
  return level;
}

/**
 * A KPI card's value: clears its skeleton, writes `text` and, with a `metric`, its threshold level for `value`.
 * Returns `element`.
 */
export function setKpi(element, text, metric, value) {
  if (!element) return element;
  clearSkeleton(element);
  setText(element, text);
  if (metric) applyThreshold(element, metric, value);
  return element;
}
