// The Alerts page's admin forms (Pages/_AlertRuleForms.cshtml): create or edit a rule (POST / PUT
// /api/v1/alerts/rules), silence or unsilence one (POST /api/v1/alerts/rules/{id}/silence). A 400's `errors` (keyed by
// the JSON field name) show next to their field, with aria-invalid; anything else shows above the form.
import { sendJson, setText } from './page-shell.js';

const NUMBER_FIELDS = ['warning', 'warningRecovery', 'critical', 'criticalRecovery'];
const INTEGER_FIELDS = ['forSeconds', 'keepFiringForSeconds'];

/** `queue=support, region=eu` → {queue: "support", region: "eu"}; throws on a pair without `=`. */
function parseLabels(text) {
  const labels = {};
  for (const pair of (text ?? '').split(',').map(p => p.trim()).filter(Boolean)) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new Error(`"${pair}" is not name=value`);
    labels[pair.slice(0, at).trim()] = pair.slice(at + 1).trim().replace(/^"(.*)"$/, '$1');
  }
  return labels;
}

/** Shows `errors` ({field: [messages]}) next to the fields of `form`; returns the messages no field took. */
function showFieldErrors(form, errors) {
  const rest = [];
  let first = null;
  for (const [key, messages] of Object.entries(errors ?? {})) {
    const text = (Array.isArray(messages) ? messages : [messages]).join(' ');
    // "labels.queue" or "Labels[0]" belong to the labels field; the server may capitalise the first letter.
    const name = key.split(/[.[]/)[0];
    const input = [...form.elements].find(el => el.name && el.name.toLowerCase() === name.toLowerCase());
    const slot = input && form.querySelector(`#${input.getAttribute('aria-describedby')}`);
    if (!slot) { rest.push(`${key}: ${text}`); continue; }
    setText(slot, text);
    slot.hidden = false;
    input.setAttribute('aria-invalid', 'true');
    first ??= input;
  }
  first?.focus();
  return rest;
}

function clearErrors(form, general) {
  for (const slot of form.querySelectorAll('.field-error')) { slot.hidden = true; slot.textContent = ''; }
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  general.hidden = true;
  general.textContent = '';
}

function showFailure(form, general, error) {
  const rest = error?.status === 400 ? showFieldErrors(form, error.problem?.errors) : [];
  const lines = [error?.message ?? String(error), ...rest];
  if (error?.status === 400 && rest.length === 0 && error.problem?.errors) lines[0] = 'Please correct the fields marked below.';
  setText(general, lines.join(' · '));
  general.hidden = false;
  if (!form.querySelector('[aria-invalid]')) general.focus?.();
}

/**
 * Wires the forms when the page has them (admin sessions). `onSaved(text)` runs after any successful change (the page
 * re-reads and announces `text`). Returns {edit(rule), silence(rule), setRules(rules)} or null without forms.
 */
export function startRuleForms({ onSaved }) {
  const form = document.querySelector('[data-testid="rule-form"]');
  if (!form) return null;
  const general = form.querySelector('[data-testid="rule-form-error"]');
  const heading = document.querySelector('[data-testid="rule-form-heading"]');
  const save = form.querySelector('[data-testid="rule-save"]');
  const cancel = form.querySelector('[data-testid="rule-cancel"]');
  let editing = null;   // the id of the rule being edited, or null when creating

  function setMode(rule) {
    editing = rule?.id ?? null;
    setText(heading, rule ? `Edit rule ${rule.id}` : 'Create a rule');
    setText(save, rule ? 'Save rule' : 'Create rule');
    cancel.hidden = !rule;
    form.elements.id.readOnly = Boolean(rule);
  }

  function body() {
    const f = form.elements;
    const b = { name: f.name.value.trim(), metric: f.metric.value.trim(), direction: f.direction.value, noData: f.noData.value };
    if (f.id.value.trim()) b.id = f.id.value.trim();
    b.labels = parseLabels(f.labels.value);
    for (const n of NUMBER_FIELDS) b[n] = f[n].value === '' ? null : Number(f[n].value);
    for (const n of INTEGER_FIELDS) b[n] = f[n].value === '' ? 0 : Number(f[n].value);
    return b;
  }

  form.addEventListener('submit', async e => {
    e.preventDefault();
    clearErrors(form, general);
    let payload;
    try {
      payload = body();
    } catch (error) {
      showFieldErrors(form, { labels: [error.message] });
      return;
    }
    save.disabled = true;
    try {
      const rule = editing
        ? await sendJson(`/api/v1/alerts/rules/${encodeURIComponent(editing)}`, payload, 'PUT')
        : await sendJson('/api/v1/alerts/rules', payload);
      form.reset();
      setMode(null);
      await onSaved(`Rule ${rule?.id ?? payload.name} saved.`);
    } catch (error) {
      showFailure(form, general, error);
    } finally {
      save.disabled = false;
    }
  });
  cancel.addEventListener('click', () => { form.reset(); clearErrors(form, general); setMode(null); form.elements.name.focus(); });

  // ---- silence ----------------------------------------------------------------------------------------------------

  const silenceForm = document.querySelector('[data-testid="silence-form"]');
  const silenceError = silenceForm.querySelector('[data-testid="silence-error"]');
  const ruleSelect = silenceForm.elements.rule;
  async function silence(until) {
    clearErrors(silenceForm, silenceError);
    const id = ruleSelect.value;
    if (!id) return;
    try {
      await sendJson(`/api/v1/alerts/rules/${encodeURIComponent(id)}/silence`, { until });
      await onSaved(until ? `Rule ${id} silenced.` : `Rule ${id} no longer silenced.`);
    } catch (error) {
      showFailure(silenceForm, silenceError, error);
    }
  }
  silenceForm.addEventListener('submit', e => {
    e.preventDefault();
    const local = silenceForm.elements.until.value;
    const at = local ? new Date(local) : null;
    if (!at || Number.isNaN(at.getTime())) {
      showFieldErrors(silenceForm, { until: ['Choose until when.'] });
      return;
    }
    void silence(at.toISOString());
  });
  silenceForm.querySelector('[data-testid="silence-clear"]').addEventListener('click', () => { void silence(null); });

  return {
    edit(rule) {
      clearErrors(form, general);
      const f = form.elements;
      f.id.value = rule.id;
      f.name.value = rule.name ?? '';
      f.metric.value = rule.metric ?? '';
      f.labels.value = Object.entries(rule.labels ?? {}).map(([k, v]) => `${k}=${v}`).join(', ');
      f.direction.value = rule.direction ?? 'above';
      f.noData.value = rule.noData ?? 'ok';
      for (const n of [...NUMBER_FIELDS, ...INTEGER_FIELDS]) f[n].value = rule[n] ?? '';
      setMode(rule);
      form.scrollIntoView({ block: 'start' });
      f.name.focus();
    },
    silence(rule) {
      ruleSelect.value = rule.id;
      silenceForm.scrollIntoView({ block: 'start' });
      silenceForm.elements.until.focus();
    },
    setRules(rules) {
      const chosen = ruleSelect.value;
      ruleSelect.replaceChildren(...rules.map(r => new Option(`${r.name} (${r.id})`, r.id)));
      if (rules.some(r => r.id === chosen)) ruleSelect.value = chosen;
    },
  };
}
