// CSV export (docs/pages.md): every <table data-csv="name"> gets an "Export CSV" button (data-testid="export-<name>")
// that downloads what the table shows at click time as RFC 4180 CSV: header from <thead>, rows from <tbody> and
// <tfoot>, fields quoted when they hold a comma, quote or line break, CRLF line ends. A cell's data-csv-value, when
// present, is written instead of its text (e.g. raw seconds behind "1:05"). Rows marked .empty-row, .skeleton-row or
// hidden are not data and are left out. A field a spreadsheet would run as a formula (=, +, -, @ first, not a
// number) is prefixed with an apostrophe. File name: <name>-<UTC timestamp>.csv.

// Text from producers (session ids, channels, agent names) that a spreadsheet would run as a formula gets a leading
// apostrophe (OWASP "CSV injection"); numbers such as -5 or +3.5 stay numbers.
const formulaLike = text => /^[=+\-@\t\r]/.test(text) && !/^[-+]?\d[\d.,:]*$/.test(text);

/** One RFC 4180 field; text a spreadsheet would take for a formula is prefixed with an apostrophe. */
export function csvField(value) {
  const raw = String(value ?? '');
  const text = formulaLike(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The CSV text of rows of fields. */
export function toCsv(rows) {
  return rows.map(row => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

const cellText = cell => cell.dataset.csvValue ?? cell.textContent.replace(/\s+/g, ' ').trim();
const isData = row => !row.hidden && !row.classList.contains('empty-row') && !row.classList.contains('skeleton-row');

/** The rows of fields `table` shows now (header first). */
export function tableRows(table) {
  const rows = [];
  for (const section of [table.tHead, ...table.tBodies, table.tFoot]) {
    if (!section) continue;
    for (const row of section.rows) {
      if (isData(row)) rows.push([...row.cells].map(cellText));
    }
  }
  return rows;
}

/** "2026-11-21T17:36:44.123Z" → "20261121T173644Z". */
export const utcStamp = (date = new Date()) => date.toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');

/** Downloads `table` as <name>-<UTC timestamp>.csv. */
export function downloadTable(table) {
  const name = table.dataset.csv || 'table';
  const blob = new Blob([toCsv(tableRows(table))], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `${name}-${utcStamp()}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * Adds the Export CSV button to every table[data-csv] under `root` that has none yet. Call again after adding
 * tables; rebuilt rows need nothing (the button reads the DOM when clicked).
 */
export function enhanceTables(root = document) {
  for (const table of root.querySelectorAll('table[data-csv]')) {
    if (table.dataset.csvReady) continue;
    table.dataset.csvReady = 'true';
    const name = table.dataset.csv;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'button export-csv';
    button.dataset.testid = `export-${name}`;
    const what = table.caption?.textContent.trim() || name;
    button.textContent = 'Export CSV';
    button.setAttribute('aria-label', `Export CSV: ${what}`);
    button.addEventListener('click', () => downloadTable(table));
    const tools = document.createElement('div');
    tools.className = 'table-tools';
    tools.append(button);
    // Above the scroll region, so it does not scroll away with a wide table.
    const anchor = table.closest('.table-scroll') ?? table;
    anchor.before(tools);
  }
}

enhanceTables();
