// The campaign list (Pages/Campaigns/Index.cshtml): totals and one row per campaign, live from `campaigns_update` on
// the `campaigns` topic and from GET /api/v1/campaigns on Refresh. Formats match Pages/Shell/Display.cs.
import { fetchJson, format, NONE, readJson, setText, startPage } from './page-shell.js';
import { applyThreshold } from './thresholds.js';
import './table-export.js';

const $ = selector => document.querySelector(selector);
const body = $('[data-testid="campaigns-table"] tbody');
const sum = (list, key) => list.reduce((total, c) => total + (typeof c[key] === 'number' ? c[key] : 0), 0);

const CELLS = [
  null,  // the name link
  null,  // the status chip
  c => format.integer(c.activeCalls),
  c => format.integer(c.queueDepth),
  c => format.rate(c.dialingRate),
  c => format.integer(c.totalAttempts),
  c => format.integer(c.answered),
  c => format.percent(c.answerRate),
  c => format.integer(c.converted),
  c => format.percent(c.conversionRate),
];
const ANSWER_RATE = 7;

function newRow(id) {
  const row = document.createElement('tr');
  row.dataset.campaignId = id;
  row.innerHTML = '<th scope="row"><a></a></th><td><span class="status"></span></td>' + '<td class="num"></td>'.repeat(8);
  row.querySelector('a').href = `/campaigns/${encodeURIComponent(id)}`;
  return row;
}

// Rows are updated in place (keyed by campaign id), so focus on a link survives the 1 s updates.
function render(data) {
  const campaigns = Array.isArray(data?.campaigns) ? data.campaigns : [];
  const existing = new Map([...body.querySelectorAll('tr[data-campaign-id]')].map(tr => [tr.dataset.campaignId, tr]));
  body.querySelector('.empty-row')?.remove();
  for (const campaign of campaigns) {
    const row = existing.get(campaign.campaignId) ?? newRow(campaign.campaignId);
    existing.delete(campaign.campaignId);
    const cells = row.cells;
    setText(cells[0].firstElementChild, campaign.name || campaign.campaignId);
    const status = cells[1].firstElementChild;
    setText(status, campaign.status ?? NONE);
    status.className = `status status-${campaign.status ?? 'unknown'}`;
    CELLS.forEach((cell, i) => { if (cell) setText(cells[i], cell(campaign)); });
    applyThreshold(cells[ANSWER_RATE], 'answerRate', campaign.answerRate);
    body.appendChild(row);
  }
  existing.forEach(row => row.remove());
  if (campaigns.length === 0) body.insertAdjacentHTML('beforeend', '<tr class="empty-row"><td colspan="10">No campaign yet.</td></tr>');

  setText($('[data-testid="kpi-campaigns"]'), format.integer(campaigns.length));
  setText($('[data-testid="kpi-campaigns-active"]'), format.integer(campaigns.filter(c => c.status === 'active').length));
  setText($('[data-testid="kpi-active-calls"]'), format.integer(sum(campaigns, 'activeCalls')));
  setText($('[data-testid="kpi-queue-depth"]'), format.integer(sum(campaigns, 'queueDepth')));
  setText($('[data-testid="kpi-attempts"]'), format.integer(sum(campaigns, 'totalAttempts')));
}

render(readJson('campaigns-config', null));

const { client } = startPage({
  topics: ['campaigns'],
  onMessage(message) {
    if (message.type === 'campaigns_update') render(message.data);
  },
  async onRefresh() {
    render(await fetchJson('/api/v1/campaigns'));
  },
});

// For diagnostics in the browser console and for browser tests.
window.dashboard = { client };
