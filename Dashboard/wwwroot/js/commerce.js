// Commerce (Pages/Commerce.cshtml, docs/pages.md "Commerce"): renders the server's first view, reads GET /api/v1/commerce
// at start, then follows `commerce` (commerce_update snapshots). Revenue counters count up to each new figure
// (commerce-view.js); the three tables are read over REST at start and again when the figures they hang on change
// (at most every 2 s each). While the client is on its polling fallback the page also re-reads /api/v1/commerce.
import { fetchJson, followSnapshot, format, setText, showError, showTimeZone, syncRows } from './page-shell.js';
import { setKpi } from './thresholds.js';
import { chartsAvailable, onThemeChange, palette, styleAxes } from './charts.js';
import './table-export.js';
import {
  amountPlain, amountText, countTo, dateTimeIn, hasCommerceData, minorUnits, minuteIn, money,
} from './commerce-view.js';

const $ = selector => document.querySelector(selector);
const STATUSES = ['pending', 'completed', 'failed', 'refunded', 'total'];
const STATUS_LABELS = { pending: 'Pending', completed: 'Completed', failed: 'Failed', refunded: 'Refunded' };
const TABLE_GAP_MS = 2000;
const TX_LIMIT = 20;
const CONTENT_LIMIT = 10;

let last = null;     // the payload shown
const zone = () => last?.timeZone || 'UTC';

// ---- revenue counters -----------------------------------------------------------------------------------------------

const counters = $('[data-testid="revenue-counters"]');

function revenueCard(currency) {
  const card = document.createElement('article');
  card.className = 'revenue-card';
  card.dataset.currency = currency;
  card.setAttribute('aria-labelledby', `revenue-${currency}`);
  card.innerHTML = `<h3 class="revenue-currency" id="revenue-${currency}"></h3>
    <p class="revenue-today"><span class="revenue-counter" data-field="today" aria-hidden="true"></span><span class="visually-hidden" data-field="todayText" aria-live="polite" aria-atomic="true"></span></p>
    <p class="kpi-unit">completed today, refunds taken out</p>
    <dl class="revenue-periods"><div><dt>This week</dt><dd data-field="thisWeek"></dd></div><div><dt>This month</dt><dd data-field="thisMonth"></dd></div><div><dt>All time</dt><dd data-field="total"></dd></div></dl>`;
  card.querySelector('h3').textContent = currency;
  return card;
}

function renderRevenue(d) {
  const list = Array.isArray(d.revenue) ? d.revenue : [];
  const existing = new Map([...counters.querySelectorAll('.revenue-card[data-currency]')].map(c => [c.dataset.currency, c]));
  for (const r of list) {
    const card = existing.get(r.currency) ?? revenueCard(r.currency);
    existing.delete(r.currency);
    const field = name => card.querySelector(`[data-field="${name}"]`);
    countTo(field('today'), r.today, r.currency);
    setText(field('todayText'), money(r.today, r.currency));
    for (const name of ['thisWeek', 'thisMonth', 'total']) setText(field(name), money(r[name], r.currency));
    counters.append(card);  // the payload's order (ordinal by code)
  }
  existing.forEach(card => card.remove());
  const none = $('[data-testid="revenue-none"]');
  none.hidden = list.length > 0;
  setText(none, 'No completed revenue yet.');
}

// ---- cards, status table, content ------------------------------------------------------------------------------------

const card = id => $(`[data-testid="${id}"]`);

const conversionDetail = (purchases, views) => `${format.integer(purchases ?? 0)} purchases of ${format.integer(views ?? 0)} views`;

function renderCards(d) {
  const u = d.activeUsers ?? {};
  const c = d.content ?? {};
  setKpi(card('kpi-active-now'), format.integer(u.current), 'commerceActiveUsers', u.current);
  setKpi(card('kpi-active-today'), format.integer(u.today));
  setKpi(card('kpi-active-peak'), format.integer(u.peak24h));
  setKpi(card('kpi-completed-today'), format.integer(d.transactionsToday?.completed));
  setKpi(card('kpi-conversion-today'), format.percent(c.conversionRateToday), 'commerceConversionRate', c.conversionRateToday);
  setKpi(card('kpi-conversion-total'), format.percent(c.conversionRate), 'commerceConversionRate', c.conversionRate);
  setText($('[data-testid="kpi-conversion-today-detail"]'), conversionDetail(c.purchasesToday, c.viewsToday));
  setText($('[data-testid="kpi-conversion-total-detail"]'), conversionDetail(c.totalPurchases, c.totalViews));

  const table = $('[data-testid="commerce-status-table"]');
  for (const status of STATUSES) {
    const row = table.querySelector(`tr[data-status="${status}"]`);
    setText(row.querySelector('[data-field="today"]'), format.integer(d.transactionsToday?.[status]));
    setText(row.querySelector('[data-field="total"]'), format.integer(d.transactions?.[status]));
  }

  const panel = $('[data-testid="commerce-content"]');
  for (const [field, text] of [
    ['viewsToday', format.integer(c.viewsToday)], ['purchasesToday', format.integer(c.purchasesToday)],
    ['conversionRateToday', format.percent(c.conversionRateToday)], ['totalViews', format.integer(c.totalViews)],
    ['totalPurchases', format.integer(c.totalPurchases)], ['conversionRate', format.percent(c.conversionRate)],
  ]) setText(panel.querySelector(`[data-field="${field}"]`), text);
}

// ---- charts ---------------------------------------------------------------------------------------------------------

const revenueCanvas = $('#commerce-revenue-chart');
const usersCanvas = $('#commerce-users-chart');
const charts = { revenue: null, users: null };
const currencyColour = new Map();  // a currency keeps its colour while the page is open
const colourOf = (currency, p) => {
  if (!currencyColour.has(currency)) currencyColour.set(currency, currencyColour.size);
  return p.series[currencyColour.get(currency) % p.series.length];
};

if (chartsAvailable(revenueCanvas, usersCanvas)) {
  const p = palette();
  const axes = (title, precision) => ({
    x: { ticks: { maxTicksLimit: 8 }, grid: {} },
    y: { beginAtZero: true, ticks: precision === undefined ? {} : { precision }, grid: {}, title: { display: true, text: title } },
  });
  charts.revenue = new window.Chart(revenueCanvas, {
    type: 'line',
    data: { labels: [], datasets: [] },
    options: { interaction: { mode: 'index', intersect: false }, scales: axes('Revenue (major units)'), plugins: { legend: { labels: {} } } },
  });
  charts.users = new window.Chart(usersCanvas, {
    type: 'line',
    data: { labels: [], datasets: [{ label: 'Active users', data: [], borderColor: p.series[0], backgroundColor: p.series[0], tension: 0.25, pointRadius: 2, spanGaps: false }] },
    options: { interaction: { mode: 'index', intersect: false }, scales: axes('Users', 0), plugins: { legend: { display: false } } },
  });
  for (const chart of Object.values(charts)) { styleAxes(chart, p); chart.update('none'); }
  onThemeChange(next => {
    charts.revenue.data.datasets.forEach(ds => { ds.borderColor = ds.backgroundColor = colourOf(ds.label, next); });
    charts.users.data.datasets[0].borderColor = charts.users.data.datasets[0].backgroundColor = next.series[0];
    Object.values(charts).forEach(chart => { styleAxes(chart, next); chart.update('none'); });
  });
}

// A sum of decimal amounts without binary drift: added in the currency's minor units.
function hourTotal(points, currency) {
  const scale = 10 ** Math.max(minorUnits(currency), 0);
  return points.reduce((sum, pt) => sum + Math.round(Number(pt.amount ?? 0) * scale), 0) / scale;
}

function renderCharts(d) {
  const tz = zone();
  const perMinute = Array.isArray(d.revenuePerMinute) ? d.revenuePerMinute : [];
  const minutes = [...new Set(perMinute.map(pt => pt.minute))].sort((a, b) => Date.parse(a) - Date.parse(b));
  const byCurrency = new Map();
  for (const pt of perMinute) (byCurrency.get(pt.currency) ?? byCurrency.set(pt.currency, []).get(pt.currency)).push(pt);
  const currencies = [...byCurrency.keys()].sort();
  revenueCanvas.setAttribute('aria-label', currencies.length === 0
    ? 'Line chart of completed revenue per minute over the last hour: no revenue in the last hour.'
    : `Line chart of completed revenue per minute over the last hour, one line per currency: ${currencies.map(c => `${money(hourTotal(byCurrency.get(c), c), c)} in the hour`).join(', ')}.`);
  const users = Array.isArray(d.activeUsersPerMinute) ? d.activeUsersPerMinute : [];
  const latest = [...users].reverse().find(m => typeof m.peak === 'number');
  usersCanvas.setAttribute('aria-label', latest
    ? `Line chart of active users per minute over the last hour: ${format.integer(latest.peak)} at ${minuteIn(latest.minute, tz)}, highest ${format.integer(Math.max(...users.map(m => m.peak ?? 0)))}.`
    : 'Line chart of active users per minute over the last hour: no figures yet.');
  if (!charts.revenue) return;

  const p = palette();
  const index = new Map(minutes.map((m, i) => [Date.parse(m), i]));
  charts.revenue.data.labels = minutes.map(m => minuteIn(m, tz));
  charts.revenue.data.datasets = currencies.map(currency => {
    const data = minutes.map(() => 0);
    for (const pt of byCurrency.get(currency)) data[index.get(Date.parse(pt.minute))] = Number(pt.amount);
    const existing = charts.revenue.data.datasets.find(ds => ds.label === currency);
    const ds = existing ?? { label: currency, tension: 0.25, pointRadius: 0 };
    ds.data = data;
    ds.borderColor = ds.backgroundColor = colourOf(currency, p);
    return ds;
  });
  charts.revenue.update('none');
  charts.users.data.labels = users.map(m => minuteIn(m.minute, tz));
  charts.users.data.datasets[0].data = users.map(m => (typeof m.peak === 'number' ? m.peak : null));
  charts.users.update('none');
}

// ---- tables read over REST (rows keyed and updated in place, so focus and selection survive) -----------------------

const row = (id, html, attributes = {}) => {
  const tr = document.createElement('tr');
  tr.dataset.key = id;
  Object.assign(tr.dataset, attributes);
  tr.innerHTML = html;
  return tr;
};

function setAmount(cell, amount, currency) {
  setText(cell, amountText(amount, currency));
  const raw = amountPlain(amount, currency);
  if (cell.dataset.csvValue !== raw) cell.dataset.csvValue = raw;
}

const statusFilter = $('[data-testid="tx-status-filter"]');
async function loadTransactions() {
  const status = statusFilter.value;
  const report = await fetchJson(`/api/v1/commerce/transactions?limit=${TX_LIMIT}${status ? `&status=${encodeURIComponent(status)}` : ''}`);
  const list = report?.transactions;
  const shown = Array.isArray(list) ? list.length : 0;
  const noun = n => (n === 1 ? 'transaction' : 'transactions');
  setText($('[data-testid="tx-count"]'), typeof report?.total === 'number' && report.total > shown
    ? `The newest ${format.integer(shown)} of ${format.integer(report.total)} ${noun(report.total)}` : `${format.integer(shown)} ${noun(shown)}`);
  const tz = zone();
  syncRows($('[data-testid="commerce-transactions-table"] tbody'), Array.isArray(list) ? list : [], t => t.transactionId,
    id => row(id, '<th scope="row"></th><td data-field="status"><span class="tx-status"></span></td><td class="num" data-field="amount"></td>'
      + '<td data-field="currency"></td><td data-field="statusAt"><time></time></td><td data-field="firstSeen"><time></time></td>', { transactionId: id }),
    (tr, t) => {
      setText(tr.cells[0], t.transactionId);
      const badge = tr.cells[1].firstElementChild;
      badge.className = `tx-status tx-${t.status}`;
      setText(badge, STATUS_LABELS[t.status] ?? t.status);
      setAmount(tr.cells[2], t.amount, t.currency);
      setText(tr.cells[3], t.currency ?? '—');
      for (const [i, field] of [[4, 'statusAt'], [5, 'firstSeen']]) {
        const time = tr.cells[i].firstElementChild;
        if (time.dateTime !== (t[field] ?? '')) time.dateTime = t[field] ?? '';
        setText(time, dateTimeIn(t[field], tz));
      }
    }, status ? `No ${STATUS_LABELS[status]?.toLowerCase() ?? status} transaction.` : 'No transaction yet.', 6);
}

async function loadContent() {
  const list = (await fetchJson(`/api/v1/commerce/content?limit=${CONTENT_LIMIT}`))?.content;
  syncRows($('[data-testid="commerce-content-table"] tbody'), Array.isArray(list) ? list : [], c => c.contentId,
    id => row(id, '<th scope="row"></th><td class="num" data-field="views"></td><td class="num" data-field="purchases"></td><td class="num" data-field="conversionRate"></td>', { contentId: id }),
    (tr, c) => {
      setText(tr.cells[0], c.contentId);
      setText(tr.cells[1], format.integer(c.views));
      setText(tr.cells[2], format.integer(c.purchases));
      setText(tr.cells[3], format.percent(c.conversionRate));
    }, 'No content viewed yet.', 4);
}

const daysSelect = $('[data-testid="revenue-days"]');
async function loadRevenueDays() {
  const report = await fetchJson(`/api/v1/commerce/revenue?days=${encodeURIComponent(daysSelect.value)}`);
  // Newest day first; within a day the currencies in code order, as the report lists them.
  const ordinal = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  const perDay = Array.isArray(report?.perDay) ? [...report.perDay].sort((a, b) => ordinal(b.day, a.day) || ordinal(a.currency, b.currency)) : [];
  syncRows($('[data-testid="commerce-revenue-days-table"] tbody'), perDay, r => `${r.day}|${r.currency}`,
    id => row(id, '<th scope="row"></th><td data-field="currency"></td><td class="num" data-field="amount"></td><td class="num" data-field="transactions"></td>'),
    (tr, r) => {
      tr.dataset.day = r.day;
      tr.dataset.currency = r.currency;
      setText(tr.cells[0], r.day);
      setText(tr.cells[1], r.currency);
      setAmount(tr.cells[2], r.amount, r.currency);
      setText(tr.cells[3], format.integer(r.transactions));
    }, 'No completed revenue in these days.', 4);
}

/**
 * Re-reads one table when `signature(payload)` changes: at most once per TABLE_GAP_MS, one read at a time, and a
 * change during a read brings one more read after it. Failures show in the banner for a while. `now()` (the Refresh
 * button) reads at once, but after the read under way, never beside it, so an older answer cannot land last.
 */
function tableReader(what, load, signature) {
  let seen = null, reading = null, again = false, timer = null, lastAt = -Infinity;
  const schedule = () => { timer ??= setTimeout(run, Math.max(0, lastAt + TABLE_GAP_MS - Date.now())); };
  // The one read at a time; a failure rejects.
  const read = async () => {
    clearTimeout(timer);
    timer = null;
    again = false;
    lastAt = Date.now();
    reading = load();
    try {
      await reading;
    } finally {
      reading = null;
      if (again) schedule();
    }
  };
  async function run() {
    if (reading) { timer = null; again = true; return; }
    try {
      await read();
    } catch (error) {
      showError(`Could not read ${what}: ${error?.message ?? error}`, { timeoutMs: 15000 });
    }
  }
  return {
    schedule,
    changed(d) {
      const next = signature(d);
      if (next !== seen) { seen = next; schedule(); }
    },
    async now() {
      while (reading) await reading.catch(() => {});
      return read();
    },
  };
}

const tables = [
  tableReader('the recent transactions', loadTransactions, d => JSON.stringify([d.transactions, d.revenue])),
  tableReader('the top content', loadContent, d => JSON.stringify([d.content?.totalViews, d.content?.totalPurchases])),
  tableReader('the revenue per day', loadRevenueDays, d => JSON.stringify([d.timeZone, d.windowStart, d.revenue])),
];
statusFilter.addEventListener('change', () => tables[0].schedule());
daysSelect.addEventListener('change', () => tables[2].schedule());

// ---- wiring -----------------------------------------------------------------------------------------------------------

/** Renders one commerce_update payload (followSnapshot passes only payloads no older than the one shown). */
function render(d) {
  last = d;
  $('[data-testid="commerce-empty"]').hidden = hasCommerceData(d);
  showTimeZone(d.timeZone || 'UTC');
  renderRevenue(d);
  renderCards(d);
  renderCharts(d);
  tables.forEach(t => t.changed(d));
}

const { client } = followSnapshot({
  topic: 'commerce', type: 'commerce_update', url: '/api/v1/commerce', render, what: 'the commerce figures',
  onRefresh: () => Promise.all(tables.map(t => t.now())),
});

window.dashboard = { client, charts, get commerce() { return last; } };
