// Number and time formats shared by every page: the same figure reads the same everywhere. null/NaN → "—".
export const NONE = '—';

const integers = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
export const isNumber = v => typeof v === 'number' && Number.isFinite(v);
const pad = n => String(n).padStart(2, '0');

export const format = {
  /** 1234.4 → "1,234". */
  integer: v => (isNumber(v) ? integers.format(Math.round(v)) : NONE),
  /** Two decimals: 1.5 → "1.50". */
  rate: v => (isNumber(v) ? v.toFixed(2) : NONE),
  /** A ratio 0..1 → "55.0 %". */
  percent: v => (isNumber(v) ? `${(v * 100).toFixed(1)} %` : NONE),
  /** Already a percentage (CPU): 12.34 → "12.3 %". */
  percentValue: v => (isNumber(v) ? `${v.toFixed(1)} %` : NONE),
  /** A duration: 75 → "1:15", 3725 → "1:02:05". */
  seconds: v => {
    if (!isNumber(v)) return NONE;
    const sign = v < 0 ? '-' : '';
    const t = Math.round(Math.abs(v));
    const h = Math.floor(t / 3600), m = Math.floor((t % 3600) / 60), s = t % 60;
    return h > 0 ? `${sign}${h}:${pad(m)}:${pad(s)}` : `${sign}${m}:${pad(s)}`;
  },
  /** An uptime: 3720 → "1 h 02 min", 75 → "1 min 15 s". */
  uptime: v => {
    if (!isNumber(v)) return NONE;
    const h = Math.floor(v / 3600), m = Math.floor((v % 3600) / 60), s = Math.floor(v % 60);
    return h > 0 ? `${h} h ${pad(m)} min` : `${m} min ${pad(s)} s`;
  },
  /** Binary units: 200 * 2^20 → "200.0 MiB". */
  bytes: v => {
    if (!isNumber(v)) return NONE;
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0, n = v;
    while (Math.abs(n) >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return i === 0 ? `${n} B` : `${n.toFixed(1)} ${units[i]}`;
  },
  /** An ISO timestamp or Date → local "14:05:09". */
  time: iso => {
    if (iso == null || iso === '') return NONE;
    const d = iso instanceof Date ? iso : new Date(iso);
    return Number.isNaN(d.getTime()) ? NONE : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  },
  /** An ISO timestamp or Date → local date and time. */
  dateTime: iso => {
    if (iso == null || iso === '') return NONE;
    const d = iso instanceof Date ? iso : new Date(iso);
    return Number.isNaN(d.getTime()) ? NONE : d.toLocaleString([], { dateStyle: 'short', timeStyle: 'medium' });
  },
  /** How long ago `iso` was at `nowMs`, coarse: "12 s", "3 min", "2 h 05 min", "3 d 4 h"; "—" for no time. */
  ago: (iso, nowMs = Date.now()) => {
    const t = iso instanceof Date ? iso.getTime() : Date.parse(iso ?? '');
    if (!Number.isFinite(t)) return NONE;
    const s = Math.max(0, Math.floor((nowMs - t) / 1000));
    if (s < 60) return `${s} s`;
    if (s < 3600) return `${Math.floor(s / 60)} min`;
    if (s < 86400) return `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))} min`;
    return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
  },
};
