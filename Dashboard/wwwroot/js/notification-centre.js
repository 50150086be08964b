// The bell and notification centre of every page (Pages/Shared/_NotificationBell.cshtml, docs/pages.md "Notifications"):
// the unread count on the bell, the centre behind it (newest first, mark read, mark all read, acknowledge a rule's
// alert, the action link), and a toast for each new warning or error notification. page-shell.js feeds it the
// `notifications` topic of the page's one connection; the read marks come from GET /api/v1/notifications.
import { fetchJson, sendJson } from './shell-http.js';
import { setText, toast } from './shell-messages.js';
import { format } from './format.js';
import { NOTIFICATIONS_MAX, NotificationStore, notificationsOf } from './notification-store.js';

export const NOTIFICATIONS_TOPIC = 'notifications';

const SEVERITY_TEXT = { info: 'Info', success: 'Resolved', warning: 'Warning', error: 'Error' };
const TOAST_LEVEL = { warning: 'warning', error: 'critical' };

/** The link of a notification when it is safe to follow: http(s) or a path on this site; else null. */
function safeActionUrl(url) {
  if (typeof url !== 'string' || url === '') return null;
  try {
    const u = new URL(url, location.origin);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/**
 * Wires the layout's bell when the page has one (signed-in pages with chrome). Returns {onMessage, onResumed} for
 * page-shell.js (onResumed: the stream is back, Live or SSE, after a break), or null when there is no bell.
 */
export function startNotifications() {
  const root = document.querySelector('[data-testid="notifications"]');
  if (!root) return null;
  const bell = root.querySelector('[data-testid="bell"]');
  const count = root.querySelector('[data-testid="bell-count"]');
  const announce = root.querySelector('[data-testid="bell-announce"]');
  const centre = root.querySelector('[data-testid="notification-centre"]');
  const list = centre.querySelector('[data-testid="notification-list"]');
  const empty = centre.querySelector('[data-testid="notification-empty"]');
  const error = centre.querySelector('[data-testid="notification-error"]');
  const markAll = centre.querySelector('[data-testid="mark-all-read"]');
  const template = root.querySelector('template');
  const store = new NotificationStore();
  let ready = false;            // the REST read (read marks) answered or failed
  let toastAbove = Infinity;    // ids above this are new since the page loaded: they may toast
  let alertsRead = false;       // GET /api/v1/alerts read once for the acknowledgements

  const showError = text => { setText(error, text ?? ''); error.hidden = !text; };

  function drawCount() {
    if (!ready) return;
    const n = store.unreadCount;
    setText(count, n > 99 ? '99+' : String(n));
    count.hidden = n === 0;
    bell.dataset.unread = String(n);
    bell.setAttribute('aria-label', n === 0 ? 'Notifications, none unread' : `Notifications, ${n} unread`);
  }

  function fill(li, n) {
    li.dataset.id = String(n.id);
    li.dataset.severity = n.severity;
    li.dataset.read = String(Boolean(n.read));
    li.dataset.source = n.source ?? '';
    setText(li.querySelector('[data-field="severity"]'), SEVERITY_TEXT[n.severity] ?? n.severity);
    setText(li.querySelector('[data-field="title"]'), n.title ?? '');
    const message = li.querySelector('[data-field="message"]');
    setText(message, n.message ?? '');
    message.hidden = !n.message;
    const time = li.querySelector('[data-field="time"]');
    time.dateTime = n.createdAt ?? '';
    setText(time, format.dateTime(n.createdAt));
    setText(li.querySelector('[data-field="category"]'), [n.category, n.state].filter(Boolean).join(' · '));
    setText(li.querySelector('[data-field="unread"]'), n.read ? '' : 'Unread');
    li.querySelector('[data-action="read"]').hidden = Boolean(n.read);
    const link = li.querySelector('[data-field="link"]');
    const href = safeActionUrl(n.actionUrl);
    link.hidden = !href;
    if (href) link.href = href;
    const alert = n.alertId != null ? store.alert(n.alertId) : undefined;
    const acked = alert?.acknowledgedBy ? `Acknowledged by ${alert.acknowledgedBy} at ${format.time(alert.acknowledgedAt)}` : '';
    setText(li.querySelector('[data-field="ack"]'), acked);
    const ack = li.querySelector('[data-action="ack"]');
    ack.hidden = n.source !== 'rule' || n.alertId == null || n.state === 'resolved' || Boolean(acked) || alert?.level === 'none';
  }

  function draw() {
    drawCount();
    const items = store.list();
    const rows = new Map([...list.children].map(li => [li.dataset.id, li]));
    for (const n of items) {
      const li = rows.get(String(n.id)) ?? template.content.firstElementChild.cloneNode(true);
      rows.delete(String(n.id));
      fill(li, n);
      list.append(li);
    }
    rows.forEach(li => li.remove());
    empty.hidden = items.length > 0;
    setText(empty, ready ? 'No notifications yet.' : 'Loading…');
    markAll.disabled = store.unreadCount === 0;
  }

  function announceNew(added) {
    if (!ready || added.length === 0) return;
    for (const n of added.filter(x => x.id > toastAbove).reverse()) {
      const level = TOAST_LEVEL[n.severity];
      if (!level) continue;
      const item = toast(n.message ? `${n.title}: ${n.message}` : n.title, level);
      if (item) item.dataset.notificationId = String(n.id);
    }
    toastAbove = Math.max(toastAbove, store.newestId);
    const unread = store.unreadCount;
    setText(announce, `${added.length === 1 ? `New notification: ${added[0].title}.` : `${added.length} new notifications.`} ${unread} unread.`);
  }

  async function load() {
    try {
      const answer = await fetchJson(`/api/v1/notifications?limit=${NOTIFICATIONS_MAX}`);
      store.merge(notificationsOf(answer));
      showError(null);
    } catch (e) {
      showError(`Could not read the notifications: ${e?.message ?? e}`);
    } finally {
      if (!ready) toastAbove = store.newestId;
      ready = true;
      bell.dataset.ready = 'true';
      draw();
    }
  }

  async function loadAlerts() {
    if (alertsRead || !store.list().some(n => n.alertId != null)) return;
    alertsRead = true;
    try {
      const answer = await fetchJson('/api/v1/alerts');
      (answer?.alerts ?? []).forEach(a => store.setAlert(a));
      draw();
    } catch {
      alertsRead = false;   // tried again next time the centre opens
    }
  }

  // ---- the popover ------------------------------------------------------------------------------------------------

  const isOpen = () => !centre.hidden;
  function open() {
    centre.hidden = false;
    bell.setAttribute('aria-expanded', 'true');
    centre.focus();
    void loadAlerts();
  }
  function close(returnFocus = true) {
    if (!isOpen()) return;
    centre.hidden = true;
    bell.setAttribute('aria-expanded', 'false');
    if (returnFocus) bell.focus();
  }
  bell.addEventListener('click', () => (isOpen() ? close() : open()));
  centre.querySelector('[data-testid="notification-close"]').addEventListener('click', () => close());
  root.addEventListener('keydown', e => {
    if (e.key === 'Escape' && isOpen()) { e.preventDefault(); close(); }
  });
  document.addEventListener('click', e => { if (isOpen() && !root.contains(e.target)) close(false); });

  // ---- actions ----------------------------------------------------------------------------------------------------

  markAll.addEventListener('click', async () => {
    markAll.disabled = true;
    // Up to the newest shown: one that arrives meanwhile (unseen) stays unread, here and on the server.
    const upToId = store.newestId;
    try {
      await sendJson(`/api/v1/notifications/read-all?upToId=${upToId}`);
      store.markAllRead(upToId);
      showError(null);
    } catch (e) {
      showError(`Could not mark the notifications read: ${e?.message ?? e}`);
    }
    draw();
    centre.focus();
  });

  list.addEventListener('click', async e => {
    const button = e.target.closest('button[data-action]');
    const li = button?.closest('li[data-id]');
    if (!li) return;
    const id = Number(li.dataset.id);
    const n = store.list().find(x => x.id === id);
    button.disabled = true;
    try {
      if (button.dataset.action === 'read') {
        await sendJson(`/api/v1/notifications/${id}/read`);
        store.markRead(id);
      } else if (button.dataset.action === 'ack' && n?.alertId != null) {
        store.setAlert(await sendJson(`/api/v1/alerts/${encodeURIComponent(n.alertId)}/ack`));
      }
      showError(null);
    } catch (err) {
      showError(err?.status === 409 ? 'Nothing to acknowledge: the alert is no longer firing.' : `Could not ${button.dataset.action === 'ack' ? 'acknowledge the alert' : 'mark it read'}: ${err?.message ?? err}`);
    } finally {
      button.disabled = false;
      draw();
      // The button may be gone (read, acknowledged): keep the keyboard in the item.
      if (button.hidden) li.querySelector('button:not([hidden])')?.focus() ?? centre.focus();
    }
  });

  void load();

  return {
    onMessage(message) {
      if (message.type === 'notification') {
        const added = store.merge(notificationsOf(message.data));
        announceNew(added);
        draw();
      } else if (message.type === 'alert_state') {
        store.setAlert(message.data);
        if (message.data?.id != null && store.list().some(n => String(n.alertId) === String(message.data.id))) draw();
      }
    },
    onResumed() {
      // Back after a break: the read marks may have changed meanwhile (another tab of this user).
      if (ready) void load();
    },
  };
}
