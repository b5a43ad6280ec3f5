// Date formats of spec §1.7 (output) and §1.4 (input). Timestamps are stored as ISO-8601 UTC
// strings written by the application (decisions.md, Records and ids).

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Ruby `Time#to_s` in UTC: `Thu Sep 02 14:34:34 UTC 2010` — the .NET client parses it exactly. */
export function formatRubyTime(iso: string): string {
  const d = new Date(iso);
  return (
    `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC ${pad(d.getUTCFullYear(), 4)}`
  );
}

/** `2010-09-03 12:00:00 +0000` (to-do due dates, communication dates, comment times). */
export function formatOffsetTime(iso: string): string {
  const d = new Date(iso);
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`
  );
}

const MONTH_INDEX = new Map(MONTHS.map((m, i) => [m.toLowerCase(), i]));

/** Date.UTC reads years 0–99 as 1900–1999; `Jan 01 00:00:00 UTC 0001` (.NET DateTime.MinValue) must stay year 1. */
function utcMs(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(y, mo, d);
  date.setUTCHours(h, mi, s, 0);
  return date.getTime();
}

function utc(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, offsetMin = 0): Date | null {
  const ms = utcMs(y, mo, d, h, mi, s) - offsetMin * 60_000;
  const date = new Date(ms);
  // Date.UTC rolls Feb 31 over to March; refuse such dates instead.
  const check = new Date(utcMs(y, mo, d));
  if (Number.isNaN(ms) || check.getUTCMonth() !== mo || check.getUTCDate() !== d) return null;
  if (h > 23 || mi > 59 || s > 60) return null;
  return date;
}

function offsetMinutes(raw: string | undefined): number | null {
  if (raw === undefined || raw === '' || /^(UTC|GMT|Z)$/i.test(raw)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(raw);
  // Real offsets stay within ±14:00; `+9999` is garbage, not a time zone.
  if (!m || Number(m[2]) > 14 || Number(m[3]) > 59) return null;
  const mins = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -mins : mins;
}

/**
 * Parse every input form seen in clients (spec §1.4): `Jul 01 13:37:38 UTC 2010`,
 * `Thu Sep 02 14:34:34 UTC 2010`, `2010-09-03 12:00:00 -0400`, `2010-07-28`, ISO-8601.
 * Returns an ISO UTC string, or null when the text is not a date we understand.
 */
export function parseDateInput(raw: string): string | null {
  const text = raw.trim();
  // Ruby Time#to_s, with or without the weekday.
  let m = /^(?:[A-Za-z]{3},?\s+)?([A-Za-z]{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+(UTC|GMT|[+-]\d{4})\s+(\d{4})$/.exec(text);
  if (m) {
    const mo = MONTH_INDEX.get((m[1] as string).toLowerCase());
    const off = offsetMinutes(m[6]);
    if (mo === undefined || off === null) return null;
    return utc(Number(m[7]), mo, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), off)?.toISOString() ?? null;
  }
  // 2010-09-03, 2010-09-03 12:00:00 -0400, 2010-09-03T12:00:00Z, 2010-09-03T12:00:00.123+02:00
  m = /^(\d{4})-(\d{2})-(\d{2})(?:[T\s](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?)?$/i.exec(text);
  if (m) {
    const off = offsetMinutes(m[7]);
    if (off === null) return null;
    const date = utc(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), off);
    return date?.toISOString() ?? null;
  }
  return null;
}

export function nowIso(): string {
  return new Date().toISOString();
}
