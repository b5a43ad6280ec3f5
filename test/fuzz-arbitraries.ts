// fast-check generators for test/fuzz.test.ts: typed XNode trees, plain Params for bracket-key
// forms, hostile text, and the expected result of decoding what the codec wrote.
import fc from 'fast-check';
import { arr, bool, el, int, str, type XNode } from '../src/codec/node.js';
import { toJsonDocument } from '../src/codec/json-writer.js';
import type { Params, ParamValue } from '../src/codec/params.js';
import { toXmlDocument } from '../src/codec/xml-writer.js';

/** Names the codec writes: `/^[a-z][a-z0-9_]*$/`, minus the keys every decoder drops by design. */
export const nameArb = fc
  .stringMatching(/^[a-z][a-z0-9_]{0,10}$/)
  .filter((n) => n !== 'constructor' && n !== 'prototype');

/** Text that stresses the codecs: markup characters, emoji, right-to-left, controls, spaces. */
const hostileUnit = fc.constantFrom(
  '<', '>', '&', '"', "'", '&amp;', '&#65;', ']]>', '<!--', ' ', '\t', '\n', '\r', '\u0000', '\u0001', '\u001f',
  '\u00a0', '\u2028', '\ufeff', '\ufffe', '😀', '👩‍👩‍👧', 'שלום', 'مرحبا', '\u202e', '\u200f', 'é', '%', '+', '=', '[', ']',
);
export const textArb = fc.string({ unit: fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), hostileUnit), maxLength: 24 });

const scalarArb: fc.Arbitrary<XNode> = fc.oneof(
  fc.tuple(nameArb, fc.option(textArb, { nil: null })).map(([n, v]) => str(n, v)),
  fc.tuple(nameArb, fc.option(fc.integer(), { nil: null })).map(([n, v]) => int(n, v)),
  fc.tuple(nameArb, fc.boolean()).map(([n, v]) => bool(n, v)),
);

/** Trees of str/int/bool/el/arr: `el` children have distinct names, `arr` children one name. */
export const xnodeArb: fc.Arbitrary<XNode> = fc.letrec<{ node: XNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalarArb,
    fc.tuple(nameArb, fc.uniqueArray(tie('node'), { maxLength: 4, selector: (c) => c.name })).map(([n, cs]) => el(n, cs)),
    fc.tuple(nameArb, nameArb, fc.array(tie('node'), { maxLength: 3 })).map(([n, item, cs]) => arr(n, cs.map((c) => ({ ...c, name: item })))),
  ),
})).node;

/** The root of a document is always an element with children (a record). */
export const recordArb: fc.Arbitrary<XNode> = fc
  .tuple(nameArb, fc.uniqueArray(xnodeArb, { minLength: 1, maxLength: 5, selector: (c) => c.name }))
  .map(([n, cs]) => el(n, cs));

// XML 1.0 §2.2: characters a document cannot carry; the writer drops them (xml-writer.ts).
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/**
 * What parseXmlBody gives back for a node toXmlDocument wrote: text minus the characters
 * XML 1.0 cannot carry, then trimmed (spec §1.4); null and empty elements read as ''; `arr`
 * is always an array; an element's distinct children an object.
 */
export function expectedFromXml(node: XNode): ParamValue {
  if (node.kind === 'scalar') return (node.value ?? '').replace(NOT_XML, '').trim();
  if (node.collection === 'array') return node.children.map(expectedFromXml);
  if (node.children.length === 0) return '';
  return Object.fromEntries(node.children.map((c) => [c.name, expectedFromXml(c)]));
}

/**
 * What fromJson(JSON.parse(toJsonDocument(node))) gives back: scalars as trimmed strings
 * (integers and booleans in their canonical text), null as null, a collection as the array
 * of its children's values (names dropped, as in Rails' to_json), an element as an object.
 */
export function expectedFromJson(node: XNode): ParamValue {
  if (node.kind === 'scalar') return node.value === null ? null : node.value.trim();
  if (node.collection) return node.children.map(expectedFromJson);
  return Object.fromEntries(node.children.map((c) => [c.name, expectedFromJson(c)]));
}

/** Form values: any text a URL can carry (well-formed UTF-16, so encodeURIComponent works). */
const formValueArb = fc.string({ unit: fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), hostileUnit), maxLength: 16 }).map((s) => s.replace(/[\uD800-\uDFFF]/g, ''));

/** Params that bracket keys can express: nested objects, string leaves, non-empty string lists. */
export const formParamsArb: fc.Arbitrary<Params> = fc.letrec<{ params: Params }>((tie) => ({
  params: fc.dictionary(
    nameArb,
    fc.oneof({ depthSize: 'small' }, formValueArb, fc.array(formValueArb, { minLength: 1, maxLength: 3 }), tie('params')),
    { minKeys: 1, maxKeys: 4 },
  ),
})).params;

/** `{person: {tags: ['a']}}` → `person[tags][]=a`, values percent-encoded as browsers do. */
export function encodeForm(params: Params, prefix = ''): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(params)) {
    const key = prefix === '' ? k : `${prefix}[${k}]`;
    if (typeof v === 'string') out.push(`${key}=${encodeURIComponent(v)}`);
    else if (Array.isArray(v)) for (const item of v) out.push(`${key}[]=${encodeURIComponent(String(item))}`);
    else if (v !== null) out.push(...encodeForm(v, key));
  }
  return out;
}

/** The decoder trims every value (spec §1.4). */
export function trimmedParams(params: Params): Params {
  const trim = (v: ParamValue): ParamValue =>
    typeof v === 'string' ? v.trim() : Array.isArray(v) ? v.map(trim) : v === null ? null : trimmedParams(v);
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, trim(v)]));
}

/** Field names the resources actually read, so generated bodies reach validation and storage. */
const FIELDS = [
  'first_name', 'last_name', 'name', 'title', 'company', 'amount', 'status', 'deal_with_id', 'contact_id', 'person_id',
  'label', 'email', 'phone', 'comment', 'ctype', 'subject', 'body', 'due_date', 'date', 'tag', 'tags', 'notes',
  'description', 'assigned_to', 'complete', 'flagged', 'deal_id', 'role', 'twitter_username', 'city', 'zip', 'id',
];
const ROOTS = ['person', 'company', 'deal', 'todo', 'communication', 'comment', 'location', 'super_tag', 'list', 'tag'];

/** Values the resources parse: numbers (in and out of range), dates, booleans, hostile text. */
const fieldValueArb = fc.oneof(
  textArb,
  fc.integer().map(String),
  fc.constantFrom('-1', '0', '99999999999999999999', '1e400', 'NaN', '2010-07-28', 'Jul 01 13:37:38 UTC 2010', '2010-13-45', 'true', 'false', 'won', 'email'),
);

/** Known and random field names with plausible and hostile values. */
export const fieldsArb: fc.Arbitrary<[string, string][]> = fc.uniqueArray(fc.tuple(fc.oneof(fc.constantFrom(...FIELDS), nameArb), fieldValueArb), {
  maxLength: 4,
  selector: ([n]) => n,
});

/** A resource-shaped record: a known root with known and random field names. */
export const resourceArb: fc.Arbitrary<XNode> = fc
  .tuple(fc.constantFrom(...ROOTS), fieldsArb)
  .map(([root, fields]) => el(root, fields.map(([n, v]) => str(n, v))));

export interface BodyCase {
  payload: string | Uint8Array;
  type: string;
}

const typeArb = fc.constantFrom(
  'application/xml', 'text/xml', 'application/json', 'application/x-www-form-urlencoded', 'text/plain', 'application/atom+xml',
  'multipart/form-data; boundary=x', 'application/xml; charset=iso-8859-1', 'image/png', '',
);

/** A request body: a resource as XML, JSON or form, raw bytes, or text noise — under any content type. */
export const bodyArb: fc.Arbitrary<BodyCase> = fc.tuple(
  fc.oneof(
    resourceArb.map((r) => toXmlDocument(r)),
    resourceArb.map((r) => toJsonDocument(r)),
    resourceArb.map((r) => encodeForm({ [r.name]: Object.fromEntries(r.kind === 'parent' ? r.children.map((c) => [c.name, c.kind === 'scalar' ? (c.value ?? '') : '']) : []) }).join('&')),
    fc.uint8Array({ maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
  ),
  typeArb,
).map(([payload, type]) => ({ payload, type }));
