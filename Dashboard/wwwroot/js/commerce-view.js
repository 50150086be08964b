// Shared by the Commerce page, the Wallboard's commerce view and the Overview's commerce cards (docs/pages.md,
// "Commerce"): what counts as "the tenant has commerce data", amounts as text, the animated revenue counter and times
// in the tenant's time zone. Server-side twins: Pages/CommerceView/CommerceFirstView.cs and Money.cs.
import { NONE, setText } from './page-shell.js';

const count = v => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/**
 * False for the empty domain: no revenue in any currency, no transaction, no content view or purchase, and nobody
 * active now, today or in the last 24 hours.
 */
export function hasCommerceData(d) {
  if (!d) return false;
  const u = d.activeUsers ?? {};
  return (Array.isArray(d.revenue) && d.revenue.length > 0) || count(d.transactions?.total) > 0
    || count(d.content?.totalViews) + count(d.content?.totalPurchases) > 0
    || count(u.current) + count(u.today) + count(u.peak24h) > 0;
}

// ISO 4217 list one: the active codes whose minor unit is not 2 (Commerce/Iso4217.cs lists them all; the server's
// Pages/CommerceView/Money.cs reads it).
const MINOR_UNITS = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0,
  XAF: 0, XOF: 0, XPF: 0, BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3, CLF: 4, UYW: 4,
};

/** The ISO 4217 minor-unit digits of `currency` (2 unless listed otherwise). */
export const minorUnits = currency => MINOR_UNITS[currency] ?? 2;

/**
 * The decimal text of a JSON amount: the shortest text that reads back as the same number, which is the producer's
 * decimal exactly for every amount of up to 15 significant digits (a JSON number in the browser is a double).
 */
const decimalText = amount => (typeof amount === 'string' ? amount : String(amount));

// Digits after the point that the decimal really has (trailing zeros dropped); exponent forms count as none.
const fractionDigits = text => (/^-?\d+\.(\d*?)0*$/.exec(text)?.[1].length ?? 0);

const formatters = new Map();
function formatter(currency, digits, withCode, useGrouping = true) {
  const key = `${currency}|${digits}|${withCode}|${useGrouping}`;
  let f = formatters.get(key);
  if (!f) {
    const options = { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping };
    try {
      f = new Intl.NumberFormat('en-US', withCode ? { ...options, style: 'currency', currency, currencyDisplay: 'code' } : options);
    } catch {
      f = new Intl.NumberFormat('en-US', options);  // a code Intl refuses: the number alone
    }
    formatters.set(key, f);
  }
  return f;
}

const isAmount = v => (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v !== '' && Number.isFinite(Number(v)));

/**
 * A JSON amount as text with at least the currency's minor-unit digits, more when the decimal has more (never rounded:
 * the decimal string goes to Intl.NumberFormat as is): with `code`, "EUR 1,234.50" (the code and a no-break space;
 * null without a currency), with `grouping` the thousands separated. Null without an amount.
 */
function formatAmount(amount, currency, { code = true, grouping = true } = {}) {
  if (!isAmount(amount) || (code && !currency)) return null;
  const text = decimalText(amount);
  return formatter(currency, Math.max(minorUnits(currency), fractionDigits(text)), code, grouping).format(text);
}

/** "EUR 1,234.50" (see formatAmount); "—" without an amount or a currency. */
export const money = (amount, currency) => formatAmount(amount, currency) ?? NONE;

/** "1,234.50": as money() without the code (the tables' Amount column, beside a Currency column); "—" without. */
export const amountText = (amount, currency) => formatAmount(amount, currency, { code: false }) ?? NONE;

/** "1234.50": plain decimal text for a spreadsheet (CSV), exact, with the currency's minor-unit digits; "" without. */
export const amountPlain = (amount, currency) => formatAmount(amount, currency, { code: false, grouping: false }) ?? '';

// ---- the animated revenue counter ----------------------------------------------------------------------------------

const reducedMotion = matchMedia('(prefers-reduced-motion: reduce)');
const COUNT_MS = 900;
const frames = new WeakMap();

/**
 * Shows `amount` of `currency` in `element`, counting up (or down, after a refund) from the amount it shows now with
 * requestAnimationFrame over 0.9 s; the steps between are rounded to the currency's minor unit, the last frame writes
 * the exact decimal. No animation under prefers-reduced-motion, in a hidden tab, for the first value or a change of
 * currency: the value is written at once. `element.dataset.value` holds the exact decimal shown at the end.
 */
export function countTo(element, amount, currency) {
  if (!element) return;
  const previous = frames.get(element);
  if (previous) cancelAnimationFrame(previous);
  frames.delete(element);
  const final = money(amount, currency);
  const from = Number(element.dataset.value);
  const sameCurrency = element.dataset.countCurrency === currency;
  element.dataset.value = isAmount(amount) ? decimalText(amount) : '';
  element.dataset.countCurrency = currency ?? '';
  const to = Number(amount);
  if (!isAmount(amount) || !sameCurrency || !Number.isFinite(from) || from === to || reducedMotion.matches || document.hidden) {
    setText(element, final);
    return;
  }
  // The clock starts at the first frame: a frame's timestamp is when the frame began, which can be before this call.
  let start = NaN;
  const step = now => {
    if (!Number.isFinite(start)) start = now;
    const t = Math.min(1, Math.max(0, (now - start) / COUNT_MS));
    if (t >= 1 || reducedMotion.matches) {
      frames.delete(element);
      setText(element, final);
      return;
    }
    const eased = 1 - (1 - t) ** 3;
    setText(element, formatter(currency, minorUnits(currency), true).format(from + (to - from) * eased));
    frames.set(element, requestAnimationFrame(step));
  };
  frames.set(element, requestAnimationFrame(step));
}

// ---- times in the tenant's zone -------------------------------------------------------------------------------------

const zoneFormats = new Map();
function zoneFormat(timeZone, options) {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let f = zoneFormats.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat([], { ...options, timeZone: timeZone || 'UTC' });
    } catch {
      f = new Intl.DateTimeFormat([], options);  // a zone this browser does not know: its own
    }
    zoneFormats.set(key, f);
  }
  return f;
}

const asDate = iso => (iso == null || iso === '' ? null : new Date(iso));

/** An ISO instant → "14:05" in `timeZone`. */
export function minuteIn(iso, timeZone) {
  const d = asDate(iso);
  return d && !Number.isNaN(d.getTime()) ? zoneFormat(timeZone, { hour: '2-digit', minute: '2-digit' }).format(d) : NONE;
}

/** An ISO instant → short date and time with seconds in `timeZone`. */
export function dateTimeIn(iso, timeZone) {
  const d = asDate(iso);
  return d && !Number.isNaN(d.getTime()) ? zoneFormat(timeZone, { dateStyle: 'short', timeStyle: 'medium' }).format(d) : NONE;
}

/** "Today (Asia/Kolkata)". */
export const todayLabel = timeZone => `Today (${timeZone || 'UTC'})`;
