// Request XML → one plain parameter object (spec §1.4, decisions.md input limits).
// `<person><first-name>Ann</first-name></person>` → `{ person: { first_name: 'Ann' } }`.
// Dashed names become underscored; `nil="true"` is null; `type="array"` (or a run of repeated
// children) is an array; text is trimmed. DOCTYPE/entity declarations and deep nesting are
// refused before the parser ever sees the document.
import { XMLParser, XMLValidator, type EntityDecoderOptions } from 'fast-xml-parser';
import { BadRequestError } from '../errors.js';
import { MAX_DEPTH, normalizeKey, type Params, type ParamValue } from './params.js';

export const MAX_XML_DEPTH = MAX_DEPTH;

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Characters XML 1.0 allows (§2.2); a reference to anything else is dropped. */
function isXmlChar(code: number): boolean {
  return (
    code === 0x9 || code === 0xa || code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff)
  );
}

/**
 * The five predefined entities and numeric character references (`&#233;`, `&#xE9;`), in one
 * pass so that `&amp;#65;` stays `&#65;`. The parser's default decoder leaves numeric
 * references as literal text, but Ruby's Builder (ActiveResource's to_xml) writes every
 * non-ASCII character that way (spec §1.4, gem). Unknown named entities stay as written; no
 * declared entities exist, since a DOCTYPE is refused up front.
 */
export function decodeXmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(?:#x([0-9a-fA-F]{1,6})|#(\d{1,7})|([A-Za-z]+));/g, (whole, hex?: string, dec?: string, name?: string) => {
    if (name !== undefined) return XML_ENTITIES[name] ?? whole;
    const code = hex !== undefined ? parseInt(hex, 16) : Number(dec);
    return isXmlChar(code) ? String.fromCodePoint(code) : '';
  });
}

const entityDecoder: EntityDecoderOptions = {
  decode: decodeXmlEntities,
  setExternalEntities: () => undefined,
  addInputEntities: () => undefined,
  reset: () => undefined,
  setXmlVersion: () => undefined,
};

interface OrderedNode {
  [name: string]: OrderedNode[] | string | Record<string, string> | undefined;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  entityDecoder,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: MAX_XML_DEPTH + 1,
});

/** Nesting depth of elements, counted without building a tree (so a hostile body cannot blow the stack). */
export function xmlDepth(text: string): number {
  let depth = 0;
  let max = 0;
  const re = /<(\/?)([^>]*?)(\/?)>/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const inner = m[2] ?? '';
    if (inner.startsWith('?') || inner.startsWith('!')) continue;
    if (m[1] === '/') depth--;
    else if (m[3] !== '/') {
      depth++;
      if (depth > max) max = depth;
    }
  }
  return max;
}

function elementName(node: OrderedNode): string | undefined {
  return Object.keys(node).find((k) => k !== ':@');
}

function textOf(children: OrderedNode[]): string {
  return children
    .map((c) => (typeof c['#text'] === 'string' ? c['#text'] : ''))
    .join('')
    .trim();
}

function convert(node: OrderedNode, name: string): ParamValue {
  const attrs = (node[':@'] ?? {}) as Record<string, string>;
  if ((attrs.nil ?? '').toLowerCase() === 'true') return null;
  const children = ((node[name] ?? []) as OrderedNode[]).filter((c) => elementName(c) !== '#text');
  const isArray = attrs.type === 'array';
  if (children.length === 0) return isArray ? [] : textOf((node[name] ?? []) as OrderedNode[]);
  const names = children.map((c) => elementName(c) as string);
  const repeated = children.length > 1 && names.every((n) => n === names[0]);
  if (isArray || repeated) return children.map((c) => convert(c, elementName(c) as string));
  const obj: Params = {};
  children.forEach((c, i) => {
    const raw = names[i] as string;
    const key = normalizeKey(raw);
    const value = convert(c, raw);
    const prev = obj[key];
    // A name repeated among other children collects into an array rather than losing values.
    if (prev === undefined) obj[key] = value;
    else obj[key] = Array.isArray(prev) ? [...prev, value] : [prev, value];
  });
  return obj;
}

/**
 * `<r/><!-- c --> <?pi?>` → `<r/>`: strips comments and PIs from the end, in linear time.
 * A `-->` or `?>` without its opener leaves nothing, so the caller refuses it.
 */
function withoutTrailingMisc(body: string): string {
  let end = body.trimEnd();
  for (;;) {
    const opener = end.endsWith('-->') ? '<!--' : end.endsWith('?>') ? '<?' : null;
    if (opener === null) return end;
    end = end.slice(0, Math.max(0, end.lastIndexOf(opener))).trimEnd();
  }
}

/** Parse an XML request body; throws BadRequestError (400) for anything unsafe or malformed. */
export function parseXmlBody(text: string): Params {
  const body = text.replace(/^\uFEFF/, '').trim();
  if (body === '') return {};
  if (/<!DOCTYPE|<!ENTITY/i.test(body)) {
    throw new BadRequestError('XML with a DOCTYPE or entity declaration is not accepted');
  }
  if (xmlDepth(body) > MAX_XML_DEPTH) {
    throw new BadRequestError(`XML nested deeper than ${MAX_XML_DEPTH} levels is not accepted`);
  }
  // The validator misses text after a self-closing root (`<person/>junk`): once trailing
  // comments and processing instructions are set aside, a well-formed document ends with `>`.
  if (!withoutTrailingMisc(body).endsWith('>')) throw new BadRequestError('Malformed XML: text outside the root element');
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    throw new BadRequestError(`Malformed XML: ${valid.err.msg} (line ${valid.err.line})`);
  }
  let doc: OrderedNode[];
  try {
    doc = parser.parse(body) as OrderedNode[];
  } catch (err) {
    throw new BadRequestError(`Malformed XML: ${err instanceof Error ? err.message : String(err)}`);
  }
  const roots = doc.filter((n) => {
    const name = elementName(n);
    return name !== undefined && name !== '#text' && !name.startsWith('?');
  });
  // The validator lets `<a/><b/>` through; XML allows one root, and silently dropping the
  // rest would hide what the client meant.
  if (roots.length > 1) throw new BadRequestError('Malformed XML: more than one root element');
  const root = roots[0];
  if (!root) return {};
  const rootName = elementName(root) as string;
  return { [normalizeKey(rootName)]: convert(root, rootName) };
}
