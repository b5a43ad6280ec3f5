// The baseline's reader for `<person>…</person>` request bodies: a string scan instead of an XML
// parser, reading the flat children as Classicbook's xml-reader.ts + input.ts text() see them
// (dashes as underscores, the five entities and numeric references decoded, then trimmed, so
// a trailing `&#13;` goes as it does there; nil="true" as null, a repeated child joined with
// ", ", nested children ignored).
// A DOCTYPE or ENTITY declaration is refused, as Classicbook refuses it.

/** An answer with an error status and one message, in the `<errors>` shape. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The children of the root element; a value is null for nil="true". */
export type Fields = Map<string, string | null>;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function isXmlChar(c: number): boolean {
  return c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

function decode(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(?:#x([0-9a-fA-F]{1,6})|#(\d{1,7})|([A-Za-z]+));/g, (whole, hex?: string, dec?: string, name?: string) => {
    if (name !== undefined) return ENTITIES[name] ?? whole;
    const code = hex !== undefined ? parseInt(hex, 16) : Number(dec);
    return isXmlChar(code) ? String.fromCodePoint(code) : '';
  });
}

function malformed(): never {
  throw new HttpError(400, 'Malformed XML');
}

/** Index just past processing instructions, comments and white space starting at `at`. */
function skipMisc(s: string, at: number): number {
  let i = at;
  for (;;) {
    while (i < s.length && s.charCodeAt(i) <= 32) i++;
    const end = s.startsWith('<?', i) ? s.indexOf('?>', i) + 2 : s.startsWith('<!--', i) ? s.indexOf('-->', i) + 3 : -1;
    if (end === -1) return i;
    if (end < i) malformed();
    i = end;
  }
}

interface Tag {
  name: string;
  nil: boolean;
  selfClosing: boolean;
  /** index just past the tag's `>` */
  end: number;
}

/** The start tag at `at` (which is a `<`). */
function startTag(s: string, at: number): Tag {
  const close = s.indexOf('>', at);
  if (close === -1) malformed();
  const selfClosing = s.charCodeAt(close - 1) === 47;
  const inner = s.slice(at + 1, selfClosing ? close - 1 : close);
  let n = 0;
  while (n < inner.length && inner.charCodeAt(n) > 32) n++;
  const name = inner.slice(0, n);
  if (name === '') malformed();
  const attrs = inner.slice(n);
  return { name, nil: attrs !== '' && /\bnil\s*=\s*["']true["']/i.test(attrs), selfClosing, end: close + 1 };
}

/** Index just past the end tag closing the element whose content starts at `from`. */
function skipElement(s: string, from: number, name: string): { contentEnd: number; end: number; nested: boolean } {
  let depth = 1;
  let nested = false;
  let i = from;
  for (;;) {
    const lt = s.indexOf('<', i);
    if (lt === -1) malformed();
    if (s.startsWith('</', lt)) {
      const gt = s.indexOf('>', lt);
      if (gt === -1) malformed();
      if (--depth === 0) {
        if (s.slice(lt + 2, gt).trim() !== name) malformed();
        return { contentEnd: lt, end: gt + 1, nested };
      }
      i = gt + 1;
    } else if (s.startsWith('<!--', lt) || s.startsWith('<?', lt)) {
      i = skipMisc(s, lt);
    } else {
      nested = true;
      const t = startTag(s, lt);
      if (!t.selfClosing) depth++;
      i = t.end;
    }
  }
}

/** The fields of `<root>` in a request body; an empty body or another root gives no fields. */
export function parseRecordBody(body: string, root: string): Fields {
  const s = body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;
  const fields: Fields = new Map();
  if (/<!DOCTYPE|<!ENTITY/i.test(s)) throw new HttpError(400, 'XML with a DOCTYPE or entity declaration is not accepted');
  let i = skipMisc(s, 0);
  if (i >= s.length) return fields;
  if (s.charCodeAt(i) !== 60) malformed();
  const top = startTag(s, i);
  if (top.selfClosing || top.name.replace(/-/g, '_') !== root) return fields;
  i = top.end;
  for (;;) {
    const lt = s.indexOf('<', i);
    if (lt === -1) malformed();
    if (s.startsWith('</', lt)) return fields;
    if (s.startsWith('<!--', lt) || s.startsWith('<?', lt)) {
      i = skipMisc(s, lt);
      continue;
    }
    const t = startTag(s, lt);
    let value: string | null | undefined = '';
    i = t.end;
    if (!t.selfClosing) {
      const el = skipElement(s, t.end, t.name);
      value = el.nested ? undefined : decode(s.slice(t.end, el.contentEnd)).trim();
      i = el.end;
    }
    if (value === undefined) continue;
    const key = t.name.replace(/-/g, '_');
    const prev = fields.get(key);
    fields.set(key, t.nil ? null : prev === undefined || prev === null ? value : `${prev}, ${value}`);
  }
}
