// Typed record → JSON (decisions.md, Formats): `{"person": {...}}` for one record, an array of
// such objects for a collection, which is what ActiveResource ≥ 3.1 sends and expects.
import type { XNode } from './node.js';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

function scalarValue(value: string | null, type: string | undefined): JsonValue {
  if (value === null) return null;
  if (type === 'integer') return Number(value);
  if (type === 'boolean') return value === 'true';
  return value;
}

/** The JSON value of one element (without its name). */
export function toJsonValue(node: XNode): JsonValue {
  if (node.kind === 'scalar') {
    const v = scalarValue(node.value, node.type);
    if (!node.attrs) return v;
    return { ...node.attrs, value: v };
  }
  if (node.collection) {
    // Nested collections are plain arrays of objects, as Rails' to_json writes them.
    return node.children.map(toJsonValue);
  }
  // Repeated child names (a choice field's <option>s) become an array, as Hash.from_xml reads them.
  const obj: { [key: string]: JsonValue } = { ...(node.attrs ?? {}) };
  const counts = new Map<string, number>();
  for (const child of node.children) counts.set(child.name, (counts.get(child.name) ?? 0) + 1);
  for (const child of node.children) {
    const value = toJsonValue(child);
    if ((counts.get(child.name) ?? 0) < 2) obj[child.name] = value;
    else obj[child.name] = [...((obj[child.name] as JsonValue[] | undefined) ?? []), value];
  }
  return obj;
}

/** `{ "person": {...} }` — one record, or one item of a streamed collection */
export function toJsonDocument(node: XNode): string {
  return JSON.stringify({ [node.name]: toJsonValue(node) });
}
