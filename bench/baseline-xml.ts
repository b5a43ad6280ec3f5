// XML text for the hand-written baseline (bench/baseline.ts), byte for byte what Classicbook's
// presenters and src/codec/xml-writer.ts produce, but built by string concatenation from
// fragments prepared once per indentation depth instead of through an XNode tree.

export const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** Characters escapeXml() changes or drops: & < > " CR, C0 controls other than tab/LF, U+FFFE/F. */
function needsWork(c: number): boolean {
  return c < 0x3f ? c === 38 || c === 60 || c === 62 || c === 34 || (c < 32 && c !== 9 && c !== 10) : c >= 0xfffe;
}

function escapeFrom(s: string, start: number): string {
  let out = s.slice(0, start);
  for (let i = start; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!needsWork(c)) out += s[i];
    else if (c === 38) out += '&amp;';
    else if (c === 60) out += '&lt;';
    else if (c === 62) out += '&gt;';
    else if (c === 34) out += '&quot;';
    else if (c === 13) out += '&#13;';
    // anything else that needs work is a character XML 1.0 cannot carry: dropped
  }
  return out;
}

/** escapeXml() of the codec, with a scan-only fast path for the common clean string. */
export function esc(s: string): string {
  for (let i = 0; i < s.length; i++) if (needsWork(s.charCodeAt(i))) return escapeFrom(s, i);
  return s;
}

/** A nullable text value as element content. */
export const txt = (v: string | null): string => (v === null ? '' : esc(v));

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** `2024-01-02T03:04:05.678Z`, the only form the application stores. */
function isCanonicalIso(iso: string): boolean {
  return iso.length === 24 && iso.charCodeAt(4) === 45 && iso.charCodeAt(7) === 45 && iso.charCodeAt(10) === 84 && iso.charCodeAt(23) === 90;
}

/** formatRubyTime(): `Thu Sep 02 14:34:34 UTC 2010`. */
export function rubyTime(iso: string): string {
  if (isCanonicalIso(iso)) {
    const y = +iso.slice(0, 4);
    const m = +iso.slice(5, 7);
    const days = Math.floor(Date.UTC(y, m - 1, +iso.slice(8, 10)) / 86_400_000);
    return `${DAYS[(((days + 4) % 7) + 7) % 7]} ${MONTHS[m - 1]} ${iso.slice(8, 10)} ${iso.slice(11, 19)} UTC ${iso.slice(0, 4)}`;
  }
  const d = new Date(iso);
  return (
    `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC ${pad(d.getUTCFullYear(), 4)}`
  );
}

/** formatOffsetTime(): `2010-09-03 12:00:00 +0000`. */
export function offsetTime(iso: string): string {
  if (isCanonicalIso(iso)) return `${iso.slice(0, 10)} ${iso.slice(11, 19)} +0000`;
  const d = new Date(iso);
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`
  );
}

/** `<errors>` as src/http/errors.ts sends it (a list: no type attribute). */
export function errorsDocument(messages: string[]): string {
  let out = `${XML_DECL}<errors>\n`;
  for (const m of messages) out += `  <error>${esc(m)}</error>\n`;
  return `${out}</errors>\n`;
}

/** A streamed `<name type="array">` collection: opening, closing, and the empty form. */
export interface Envelope {
  open: string;
  close: string;
  empty: string;
}

export function envelope(name: string): Envelope {
  return { open: `${XML_DECL}<${name} type="array">\n`, close: `</${name}>\n`, empty: `${XML_DECL}<${name} type="array"></${name}>\n` };
}

const CLASSIC_TYPE: Record<string, string> = {
  person: 'Individual',
  company: 'Company',
  todo: 'To-Do',
  deal: 'Deal',
  communication: 'Communication',
};

/** `<record>` of records.xml at depth 1 (records.presenter.ts, without deleted_at). */
export function recordXml(id: number, displayName: string, type: string): string {
  return (
    `  <record>\n    <id type="integer">${id}</id>\n    <display_name>${esc(displayName)}</display_name>\n` +
    `    <record_type>${CLASSIC_TYPE[type] ?? ''}</record_type>\n  </record>\n`
  );
}
