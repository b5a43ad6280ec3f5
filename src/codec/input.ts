// Reading typed fields out of the merged parameter set. Services use these so that every
// encoding (XML, form, JSON, query) is coerced the same way: strings trimmed, booleans
// case-insensitive (`True`/`1`, spec §1.4), dates in every client form.
import { InvalidRecordError } from '../errors.js';
import { parseDateInput } from './dates.js';
import { isParams, type Params, type ParamValue } from './params.js';

/** The attributes of `root` (`person[...]`, `<person>`), or {} when the body has none. */
export function section(params: Params, root: string): Params {
  const v = params[root];
  return isParams(v) ? v : {};
}

/** A text field: undefined when absent (unchanged on update), null when explicitly nil. */
export function text(input: Params, key: string): string | null | undefined {
  const v = input[key];
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join(', ');
  return undefined; // a nested structure where text was expected: treat as absent (echoed read-only data)
}

const TRUE = new Set(['true', '1', 'yes', 't', 'on']);
const FALSE = new Set(['false', '0', 'no', 'f', 'off', '']);

export function boolean(input: Params, key: string, label: string): boolean | undefined {
  const v = text(input, key);
  if (v === undefined || v === null) return undefined;
  const lower = v.toLowerCase();
  if (TRUE.has(lower)) return true;
  if (FALSE.has(lower)) return false;
  throw new InvalidRecordError([`${label} must be true or false`]);
}

export function integerId(value: ParamValue | undefined): number | null {
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value)) return null;
  const n = Number(value);
  return n > 0 ? n : null;
}

/** A time filter (`updated_since`...): absent → undefined; unparseable → 422. */
export function timeFilter(input: Params, key: string): string | undefined {
  const v = text(input, key);
  if (v === undefined || v === null || v === '') return undefined;
  const iso = parseDateInput(v);
  if (iso === null) throw new InvalidRecordError([`${key} is not a date/time we understand: "${v}"`]);
  return iso;
}

export interface Paging {
  offset: number;
  limit: number;
}

function nonNegative(v: ParamValue | undefined, key: string, fallback: number): number {
  if (v === undefined || v === null || v === '') return fallback;
  if (typeof v !== 'string' || !/^\d{1,15}$/.test(v)) {
    throw new InvalidRecordError([`${key} must be a non-negative integer`]);
  }
  return Number(v);
}

/** `offset`/`limit` paging (spec §1.6). Large limits are honoured; the output is streamed. */
export function paging(params: Params, defaultLimit: number): Paging {
  return {
    offset: nonNegative(params.offset, 'offset', 0),
    limit: nonNegative(params.limit, 'limit', defaultLimit),
  };
}

/** `page` paging, 1-based, 10 per page (comments, activities; spec §1.6). */
export function page(params: Params, perPage = 10): Paging {
  const p = nonNegative(params.page, 'page', 1);
  return { offset: (Math.max(p, 1) - 1) * perPage, limit: perPage };
}
