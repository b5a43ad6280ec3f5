// Reading the communication-specific inputs (spec §10): ctype and participant roles are
// case-insensitive (clients send `Email`, as the server writes it, and `email`), dates come in
// every form of spec §1.4.
import { parseDateInput } from '../../codec/dates.js';
import { text } from '../../codec/input.js';
import type { Params } from '../../codec/params.js';
import { InvalidRecordError } from '../../errors.js';
import type { Ctype } from '../../storage/schema.js';

export const CTYPES: readonly Ctype[] = ['email', 'note', 'phone', 'chat'];
/** In message-header order, the order participants are listed in. */
export const ROLES = ['from', 'to', 'cc', 'bcc'] as const;
export type Role = (typeof ROLES)[number];

const blank = (v: string | null | undefined): v is null | undefined => v === undefined || v === null || v.trim() === '';

function isCtype(v: string): v is Ctype {
  return (CTYPES as readonly string[]).includes(v);
}

function isRole(v: string): v is Role {
  return (ROLES as readonly string[]).includes(v);
}

/** A ctype field of a create/update: absent → undefined; blank or unknown → 422 (Rails wording). */
export function ctypeField(input: Params): Ctype | undefined {
  const v = text(input, 'ctype');
  if (v === undefined) return undefined;
  if (blank(v)) throw new InvalidRecordError(["Ctype can't be blank"]);
  const lower = v.trim().toLowerCase();
  if (!isCtype(lower)) throw new InvalidRecordError(['Ctype is not included in the list']);
  return lower;
}

/** The `ctype` list filter: absent or empty → no filter; unknown → 422 rather than an empty list. */
export function ctypeFilter(params: Params): Ctype | undefined {
  const v = text(params, 'ctype');
  if (blank(v)) return undefined;
  const lower = v.trim().toLowerCase();
  if (!isCtype(lower)) throw new InvalidRecordError([`ctype must be one of ${CTYPES.join(', ')}`]);
  return lower;
}

/** `date`: absent or blank → undefined (create uses now, update keeps it); unparseable → 422. */
export function dateField(input: Params): string | undefined {
  const v = text(input, 'date');
  if (blank(v)) return undefined;
  const iso = parseDateInput(v);
  if (iso === null) throw new InvalidRecordError(['Date is not a date/time we understand']);
  return iso;
}

/** A participant role: absent or blank → `fallback`; to/from/cc/bcc in any case; else 422. */
export function roleParam(params: Params, fallback: Role | null): Role | null {
  const v = text(params, 'role');
  if (blank(v)) return fallback;
  const lower = v.trim().toLowerCase();
  if (!isRole(lower)) throw new InvalidRecordError([`Role is not included in the list (${ROLES.join(', ')})`]);
  return lower;
}

/** Text fields are stored as null when blank, as for people (spec §2). */
export function optionalText(input: Params, key: string): string | null | undefined {
  const v = text(input, key);
  if (v === undefined) return undefined;
  return blank(v) ? null : v;
}
