// KPIs & Activity (Pages/Kpis.cshtml, docs/pages.md "KPIs & Activity"): renders the server's first view, then follows
// `kpis` (kpis_update snapshots: one card per series, grouped by name) and `activity` (one entry per accepted event, or
// {items, count} for the snapshot and coalesced batches, merged by (source, eventId)) on one connection. The feed keeps at most 200 rows, drawn at
// most once per frame, and pauses while pointed at or focused. On the polling fallback both are re-read over REST.
import { computedAtMs, fetchJson, isCurrent, pollWhilePolling, readJson, setText, showError, startPage, syncRows, format } from './page-shell.js';
import './table-export.js';
import { detailText, labelsText, sparkLabel, sparkPoints, valueText } from './kpi-view.js';
import { ActivityFeed, FEED_MAX, entriesOf, entryKey, isList } from './activity-feed.js';

const $ = selector => document.querySelector(selector);
const POLL_MS = 5000;
const MAX_PENDING_KEYS = 10_000;

// ---- KPI cards ---------------------------------------------------------------------------------------------------------

const groupsRoot = $('[data-testid="kpi-groups"]');
const nameFilter = $('[data-testid="kpi-name-filter"]');
const labelFilter = $('[data-testid="kpi-label-filter"]');
const announce = $('[data-testid="kpis-announce"]');
let kpis = null;      // the kpis_update payload shown
let staleSeen = null; // the stale keys last announced

function groupSection(name) {
  const section = document.createElement('section');
  section.className = 'kpi-group';
  section.dataset.name = name;
  section.setAttribute('aria-label', name);
  section.innerHTML = '<h3 class="kpi-group-name"></h3><div class="kpi-cards"></div>';
  section.firstElementChild.textContent = name;
  return section;
}

function card(key) {
  const el = document.createElement('article');
  el.className = 'kpi-card';
  el.dataset.key = key;
  el.innerHTML = `<h4 class="kpi-card-labels" data-field="labels"></h4>
    <p class="kpi-card-value"><span data-field="value"></span> <span class="kpi-card-unit" data-field="unit"></span></p>
    <p class="kpi-card-detail muted" data-field="detail"></p>
    <p class="stale-badge" data-field="stale" hidden>Stale</p>
    <svg class="sparkline" data-field="spark" viewBox="0 0 100 30" preserveAspectRatio="none" role="img"><polyline points=""/></svg>`;
  return el;
}

function fillCard(el, s, computedAt) {
  const field = name => el.querySelector(`[data-field="${name}"]`);
  el.dataset.kind = s.kind;
  el.dataset.stale = String(Boolean(s.stale));
  el.dataset.labels = JSON.stringify(s.labels ?? {});
  setText(field('labels'), labelsText(s.labels));
  setText(field('value'), valueText(s.value));
  setText(field('unit'), s.unit ?? '');
  setText(field('detail'), detailText(s));
  const badge = field('stale');
  if (badge.hidden === Boolean(s.stale)) badge.hidden = !s.stale;
  const since = s.lastReportAt ? `No report since ${format.dateTime(s.lastReportAt)}` : 'No report yet';
  if (s.stale) badge.title = since; else badge.removeAttribute('title');
  const spark = field('spark');
  const points = sparkPoints(s.history, computedAt);
  const line = spark.querySelector('polyline');
  if (line.getAttribute('points') !== points) line.setAttribute('points', points);
  const label = sparkLabel(s);
  if (spark.getAttribute('aria-label') !== label) spark.setAttribute('aria-label', label);
}

const matchesLabel = (s, filter) => {
  if (!filter) return true;
  const at = filter.indexOf('=');
  return (s.labels ?? {})[filter.slice(0, at)] === filter.slice(at + 1);
};

function setOptions(select, values) {
  const current = select.value;
  const have = [...select.options].slice(1).map(o => o.value);
  if (have.length !== values.length || have.some((v, i) => v !== values[i])) {
    select.replaceChildren(select.options[0], ...values.map(v => { const o = document.createElement('option'); o.value = o.textContent = v; return o; }));
  }
  // A value no longer present stays selectable (it may come back), so a filter is never dropped under the user.
  if (current && !values.includes(current)) {
    const o = document.createElement('option');
    o.value = o.textContent = current;
    select.append(o);
  }
  select.value = current;
}

function renderKpis(d) {
  kpis = d;
  const series = Array.isArray(d.series) ? d.series : [];
  const byName = new Map();
  for (const s of series) (byName.get(s.name) ?? byName.set(s.name, []).get(s.name)).push(s);
  const names = [...byName.keys()].sort();
  const ordinal = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  setOptions(nameFilter, names);
  setOptions(labelFilter, [...new Set(series.flatMap(s => Object.entries(s.labels ?? {}).map(([k, v]) => `${k}=${v}`)))].sort(ordinal));

  const groups = new Map([...groupsRoot.querySelectorAll(':scope > .kpi-group')].map(g => [g.dataset.name, g]));
  const cards = new Map([...groupsRoot.querySelectorAll('.kpi-card[data-key]')].map(c => [c.dataset.key, c]));
  for (const name of names) {
    const section = groups.get(name) ?? groupSection(name);
    groups.delete(name);
    const holder = section.querySelector('.kpi-cards');
    for (const s of byName.get(name)) {
      const el = cards.get(s.key) ?? card(s.key);
      cards.delete(s.key);
      fillCard(el, s, d.computedAt);
      holder.append(el);
    }
    groupsRoot.append(section);
  }
  cards.forEach(c => c.remove());
  groups.forEach(g => g.remove());
  applyKpiFilters();

  const none = $('[data-testid="kpis-none"]');
  none.hidden = series.length > 0;
  setText(none, 'No KPI series reported yet.');
  setText($('[data-testid="kpis-count"]'), d.truncated ? `The first ${format.integer(series.length)} of ${format.integer(d.seriesCount)} series.` : '');

  // One announcement when the set of stale series changes (not on every value), so a screen reader hears what matters.
  const stale = series.filter(s => s.stale).map(s => s.key);
  const signature = stale.join('\n');
  if (staleSeen !== null && signature !== staleSeen) {
    setText(announce, stale.length === 0 ? 'Every KPI series is reporting again.'
      : `${stale.length} KPI ${stale.length === 1 ? 'series is' : 'series are'} stale: ${stale.slice(0, 3).join(', ')}${stale.length > 3 ? '…' : ''}`);
  }
  staleSeen = signature;
  updateEmpty();
}

function applyKpiFilters() {
  const name = nameFilter.value, label = labelFilter.value;
  const series = new Map((kpis?.series ?? []).map(s => [s.key, s]));
  for (const section of groupsRoot.querySelectorAll(':scope > .kpi-group')) {
    let visible = 0;
    for (const el of section.querySelectorAll('.kpi-card')) {
      const s = series.get(el.dataset.key) ?? { labels: JSON.parse(el.dataset.labels || '{}') };
      const show = (!name || section.dataset.name === name) && matchesLabel(s, label);
      if (el.hidden === show) el.hidden = !show;
      if (show) visible++;
    }
    if (section.hidden === (visible > 0)) section.hidden = visible === 0;
  }
}
nameFilter.addEventListener('change', applyKpiFilters);
labelFilter.addEventListener('change', applyKpiFilters);

// ---- activity feed -------------------------------------------------------------------------------------------------

const feed = new ActivityFeed(FEED_MAX);
const feedBody = $('[data-testid="activity-feed"] tbody');
const region = $('[data-testid="activity-region"]');
const domainFilter = $('[data-testid="activity-domain-filter"]');
const typeFilter = $('[data-testid="activity-type-filter"]');
const pausedNote = $('[data-testid="activity-paused"]');
const types = new Set();
let activityKnown = false;
let hovering = false, focused = false;
const pending = { entries: [], keys: new Set(), overflow: false };
let frame = null;

const paused = () => hovering || focused;

function drawFeed() {
  frame = null;
  const domain = domainFilter.value, type = typeFilter.value;
  const rows = feed.list().filter(({ entry }) => (!domain || entry.domain === domain) && (!type || entry.type === type));
  syncRows(feedBody, rows, r => r.key, key => {
    const tr = document.createElement('tr');
    tr.dataset.key = key;
    tr.innerHTML = '<td data-field="time"><time></time></td><td data-field="severity"><span class="severity"></span></td><td data-field="type"></td><td data-field="summary"></td>';
    return tr;
  }, (tr, { entry }) => {
    tr.dataset.domain = entry.domain ?? '';
    tr.dataset.type = entry.type ?? '';
    tr.dataset.eventId = entry.eventId;
    const time = tr.cells[0].firstElementChild;
    if (time.dateTime !== (entry.time ?? '')) time.dateTime = entry.time ?? '';
    setText(time, format.time(entry.time));
    const badge = tr.cells[1].firstElementChild;
    const severity = ['info', 'success', 'warning', 'error'].includes(entry.severity) ? entry.severity : 'info';
    if (badge.className !== `severity severity-${severity}`) badge.className = `severity severity-${severity}`;
    setText(badge, severity);
    setText(tr.cells[2], entry.type ?? '');
    setText(tr.cells[3], entry.summary ?? '');
    if (tr.title !== (entry.subject ?? '')) tr.title = entry.subject ?? '';
  }, domain || type ? 'No event of this kind in the newest 200.' : 'No event yet.', 4);
  const seen = [...types].sort();
  setOptions(typeFilter, seen);
  updateEmpty();
}

const scheduleDraw = () => { frame ??= requestAnimationFrame(drawFeed); };

function showPaused() {
  const n = pending.keys.size;
  pausedNote.hidden = !paused();
  setText(pausedNote, `Paused · ${pending.overflow ? `${format.integer(MAX_PENDING_KEYS)}+` : format.integer(n)} new`);
}

// Entries never change once stored, so the snapshot (the newest 200) merged into the list by (source, eventId) and cut to
// the newest 200 is the snapshot itself plus anything newer: the same list as replacing it, without the risk of a
// coalesced batch taken for a snapshot (both are {items, count}) dropping entries.
function applyList(entries) {
  for (const e of entries) if (e.type) types.add(e.type);
  feed.add(entries);
  activityKnown = true;
  scheduleDraw();
}

function onActivity(data) {
  const entries = entriesOf(data);
  if (!paused()) { applyList(entries); return; }
  // Paused: held (the newest FEED_MAX at most), counted, applied on resume.
  pending.entries.push(...entries);
  if (pending.entries.length > 2 * FEED_MAX) pending.entries = pending.entries.slice(-FEED_MAX);
  for (const e of entries) {
    const key = entryKey(e);
    if (feed.has(key)) continue;
    if (pending.keys.size < MAX_PENDING_KEYS) pending.keys.add(key); else pending.overflow = true;
  }
  showPaused();
}

function resume() {
  if (paused()) return;
  if (pending.entries.length > 0) applyList(pending.entries);
  Object.assign(pending, { entries: [], keys: new Set(), overflow: false });
  showPaused();
}

region.addEventListener('mouseenter', () => { hovering = true; showPaused(); });
region.addEventListener('mouseleave', () => { hovering = false; resume(); });
region.addEventListener('focusin', () => { focused = true; showPaused(); });
region.addEventListener('focusout', e => { if (!region.contains(e.relatedTarget)) { focused = false; resume(); } });
domainFilter.addEventListener('change', scheduleDraw);
typeFilter.addEventListener('change', scheduleDraw);

// ---- empty state and data -------------------------------------------------------------------------------------------

function updateEmpty() {
  const empty = kpis !== null && (kpis.seriesCount ?? 0) === 0 && activityKnown && feed.size === 0;
  $('[data-testid="kpis-empty"]').hidden = !empty;
}

function showKpis(d) {
  if (!d || !isCurrent(d, computedAtMs(kpis))) return false;
  renderKpis(d);
  return true;
}

function onMessage(message) {
  if (message?.type === 'kpis_update') showKpis(message.data);
  else if (message?.type === 'activity') onActivity(message.data);
}

const readKpis = async () => showKpis(await fetchJson('/api/v1/kpis'));
const readActivity = async () => {
  const d = await fetchJson(`/api/v1/activity?limit=${FEED_MAX}`);
  applyList(entriesOf(d));
};

const initialKpis = readJson('kpis-config', null);
const initialActivity = readJson('activity-config', null);
if (initialKpis) onMessage(initialKpis);
if (initialActivity) onMessage(initialActivity);

const { client } = startPage({
  topics: ['kpis', 'activity'],
  onMessage,
  onRefresh: () => Promise.all([readKpis(), readActivity()]),
  onState: pollWhilePolling(() => { readKpis().catch(() => {}); readActivity().catch(() => {}); }, POLL_MS),
});

// Nothing embedded (this node holds no snapshot yet): the REST reads give the first view.
if (!initialKpis) readKpis().catch(error => showError(`Could not read the KPIs: ${error?.message ?? error}`));
// The hub's newest activity message may be a single live entry rather than the snapshot: then the REST read fills the list.
if (!initialActivity || !isList(initialActivity.data)) readActivity().catch(error => showError(`Could not read the activity: ${error?.message ?? error}`));

window.dashboard = { client, feed, get kpis() { return kpis; }, get paused() { return paused(); } };
