// The one plain parameter set every request is normalised into (STYLE.md, convention 4), and the
// bracket-key decoder shared by form bodies and query strings (spec §1.4 forms 4 and 5).
import { BadRequestError } from '../errors.js';

export type ParamValue = string | null | ParamValue[] | Params;
export interface Params {
  [key: string]: ParamValue;
}

/** `first-name` → `first_name` (ActiveResource sends dashed names, spec §1.4). */
export function normalizeKey(key: string): string {
  return key.replace(/-/g, '_');
}

export function isParams(v: ParamValue | undefined): v is Params {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Deepest nesting accepted in any request input (decisions.md, Input limits: deeper than 32
 * levels → 400). Applies to XML, JSON and bracket keys alike, so that no encoding can hand the
 * recursive code after it (merging, conversion) an unbounded depth.
 */
export const MAX_DEPTH = 32;

/** An own value only: `node['toString']` must not find Object.prototype.toString. */
const own = (node: Params, key: string): ParamValue | undefined => (Object.hasOwn(node, key) ? node[key] : undefined);

function decode(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    throw new BadRequestError('Malformed percent-encoding in form or query parameters');
  }
}

/** `person[first_name]` → ['person', 'first_name']; `tags[]` → ['tags', '']. */
function splitKey(key: string): string[] {
  const first = key.indexOf('[');
  if (first <= 0) return [key];
  const parts = [key.slice(0, first)];
  const re = /\[([^\]]*)\]/g;
  re.lastIndex = first;
  for (let m = re.exec(key); m !== null; m = re.exec(key)) parts.push(m[1] ?? '');
  return parts;
}

function assign(target: Params, path: string[], value: string): void {
  let node: Params = target;
  for (let i = 0; i < path.length; i++) {
    const key = normalizeKey(path[i] as string);
    if (FORBIDDEN_KEYS.has(key)) return;
    const last = i === path.length - 1;
    const nextIsPush = path[i + 1] === '';
    if (last) {
      const prev = own(node, key);
      if (prev === undefined) node[key] = value;
      else node[key] = Array.isArray(prev) ? [...prev, value] : [prev as string, value];
      return;
    }
    if (nextIsPush) {
      const prev = own(node, key);
      const list = Array.isArray(prev) ? prev : prev === undefined ? [] : [prev];
      list.push(value);
      node[key] = list;
      return;
    }
    const prev = own(node, key);
    if (!isParams(prev)) node[key] = {};
    node = node[key] as Params;
  }
}

/** Decode `a=1&person[first_name]=Ann&tags[]=x&tags[]=y` (form bodies and query strings). */
export function parseFormEncoded(text: string): Params {
  const out: Params = {};
  if (text === '') return out;
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    const key = decode(rawKey);
    if (key === '') continue;
    const path = splitKey(key);
    if (path.length > MAX_DEPTH) throw new BadRequestError(`Parameters nested deeper than ${MAX_DEPTH} levels are not accepted`);
    assign(out, path, decode(rawValue).trim());
  }
  return out;
}

/**
 * Normalise a decoded JSON body into Params: dashed keys underscored, scalars as strings.
 * `depth` counts enclosing objects/arrays; deeper than MAX_DEPTH is a 400, checked before
 * recursing so that a hostile `[[[[…` cannot overflow the stack.
 */
export function fromJson(value: unknown, depth = 0): ParamValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object' && depth >= MAX_DEPTH) {
    throw new BadRequestError(`JSON nested deeper than ${MAX_DEPTH} levels is not accepted`);
  }
  if (Array.isArray(value)) return value.map((v) => fromJson(v, depth + 1));
  if (typeof value === 'object') {
    const out: Params = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const key = normalizeKey(k);
      if (!FORBIDDEN_KEYS.has(key)) out[key] = fromJson(v, depth + 1);
    }
    return out;
  }
  return typeof value === 'string' ? value.trim() : String(value);
}

/** Merge request parameters: body values win, keys absent from the body come from the query (§1.4.6). */
export function mergeParams(base: Params, over: Params): Params {
  const out: Params = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const prev = out[k];
    out[k] = isParams(prev) && isParams(v) ? mergeParams(prev, v) : v;
  }
  return out;
}
