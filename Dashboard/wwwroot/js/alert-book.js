// The alert instances a page shows (docs/pages.md "Alerts", "Wallboard"): read from GET /api/v1/alerts, then kept
// current by `alert_state` messages on topic `notifications` (one instance each). Per id the highest `version` wins
// (docs/alert-states.md, "Instance shape"): a REST answer that lands after a newer message never undoes it. An instance is
// {id, ruleId, ruleName, metric, labels, labelKey, state: normal|pending|firing|recovering, severity, level:
// none|warning|critical, since, value, warning, critical, acknowledgedBy, acknowledgedAt, silencedUntil, evaluatedAt,
// transition, version}.

const STATE_RANK = { firing: 0, recovering: 1, pending: 2, normal: 3 };
const LEVEL_RANK = { critical: 0, warning: 1 };

/** `{queue: "support", region: "eu"}` → `queue=support, region=eu`; none → "all". */
export function labelsText(labels) {
  const entries = Object.entries(labels ?? {});
  return entries.length === 0 ? 'all' : entries.map(([k, v]) => `${k}=${v}`).join(', ');
}

// A figure (value, threshold) is written as a KPI value: kpi-view.js valueText.

/** True when the instance has a notified level (firing or recovering in some severity): what the wallboard shows. */
export const isFiring = a => a?.level === 'warning' || a?.level === 'critical';

/** Order: notified level (critical first), then state (firing, recovering, pending, normal), then rule and labels. */
function compareInstances(a, b) {
  return (LEVEL_RANK[a.level] ?? 2) - (LEVEL_RANK[b.level] ?? 2)
    || (STATE_RANK[a.state] ?? 9) - (STATE_RANK[b.state] ?? 9)
    || (LEVEL_RANK[a.severity] ?? 2) - (LEVEL_RANK[b.severity] ?? 2)
    || String(a.ruleName ?? a.ruleId).localeCompare(String(b.ruleName ?? b.ruleId))
    || String(a.labelKey ?? '').localeCompare(String(b.labelKey ?? ''));
}

const versioned = (a, b) => Number.isFinite(a?.version) && Number.isFinite(b?.version);

/** True when `a` is an older view of the instance than `b` (both carry a numeric `version`). */
export const isOlder = (a, b) => versioned(a, b) && a.version < b.version;

export class AlertBook {
  #byId = new Map();
  #liveAt = new Map();   // id → read generation of its last live update
  #generation = 0;
  rules = [];

  /** Call before a GET /api/v1/alerts: returns the token `replace` takes, so a late answer keeps newer live updates. */
  beginRead() { return ++this.#generation; }

  /**
   * Replaces everything with a GET /api/v1/alerts answer: an instance held with a higher version stays; without versions
   * to compare (or one the answer lacks: stored after the read), one a live message updated since `token` stays.
   */
  replace(answer, token = this.#generation) {
    const fresh = new Map((answer?.alerts ?? []).filter(a => a?.id != null).map(a => [String(a.id), a]));
    for (const [id, held] of this.#byId) {
      const read = fresh.get(id);
      if (read && versioned(read, held) ? read.version < held.version : (this.#liveAt.get(id) ?? -1) >= token) fresh.set(id, held);
    }
    this.#byId = fresh;
    if (Array.isArray(answer?.rules)) this.rules = answer.rules;
  }

  /** Applies an `alert_state` message's data (ignored when older than the view held). Returns true when it was an instance. */
  update(instance) {
    if (instance?.id == null) return false;
    const id = String(instance.id);
    if (isOlder(instance, this.#byId.get(id))) return true;
    this.#byId.set(id, instance);
    this.#liveAt.set(id, this.#generation);
    return true;
  }

  /** Every instance, in display order. */
  list() { return [...this.#byId.values()].sort(compareInstances); }

  /** The instances with a notified level, critical first. */
  firing() { return this.list().filter(isFiring); }

  /** The instance `id`, or undefined. */
  get(id) { return this.#byId.get(String(id)); }
}
