// The writable fields of a deal (spec §11), read from any §1.4 encoding into column values.
// Absent fields stay unchanged on update; what ActiveResource echoes back (id, deal_with,
// attached_*, todos, tags, mega_comments, timestamps) is ignored.
import type { Updateable } from 'kysely';
import { integerId, text } from '../../codec/input.js';
import type { Params } from '../../codec/params.js';
import { InvalidRecordError } from '../../errors.js';
import type { Db } from '../../storage/db.js';
import type { DealsTable } from '../../storage/schema.js';
import { CONTACT_TYPES } from '../records/collections.js';
import { recordTypeOf } from '../records/records.repository.js';
import { parseAmount, parseStatus } from './deals.input.js';
import { findUserByEmailOrName } from '../users/users.repository.js';

export type DealFields = Pick<Updateable<DealsTable>, 'title' | 'description' | 'amount_cents' | 'status' | 'deal_with_id' | 'assigned_to_user_id'>;

const blank = (v: string | null): boolean => v === null || v.trim() === '';

export function requireTitle(v: string | null | undefined): string {
  if (v === undefined || blank(v)) throw new InvalidRecordError(["Title can't be blank"]);
  return (v as string).trim();
}

/**
 * The contact a deal is with: a person or a company of the account, else 422 (it is a field
 * value, not the addressed resource). Blank or `0` clears it — `0` is what we write for "none"
 * and what the .NET client sends back (spec §11).
 */
async function dealWith(db: Db, accountId: number, raw: string | null): Promise<number | null> {
  if (raw === null || raw.trim() === '' || /^0+$/.test(raw.trim())) return null;
  const id = integerId(raw.trim());
  const type = id === null ? undefined : await recordTypeOf(db, accountId, id);
  if (id === null || type === undefined || !CONTACT_TYPES.includes(type)) throw new InvalidRecordError(['Deal with must be a person or company']);
  return id;
}

/** A user of the account by e-mail or name (spec §11); blank clears the assignment. */
async function assignee(db: Db, accountId: number, raw: string | null): Promise<number | null> {
  if (raw === null || raw.trim() === '') return null;
  const user = await findUserByEmailOrName(db, accountId, raw);
  if (!user) throw new InvalidRecordError([`Assigned to is not a user of this account: "${raw.trim()}"`]);
  return user.id;
}

/** Column values for the fields present in `input`. Pass the transaction's handle. */
export async function readDealFields(db: Db, accountId: number, input: Params): Promise<DealFields> {
  const out: DealFields = {};
  const title = text(input, 'title');
  if (title !== undefined) out.title = requireTitle(title);
  const description = text(input, 'description');
  if (description !== undefined) out.description = blank(description) ? null : description;
  const amount = text(input, 'amount');
  if (amount !== undefined) out.amount_cents = parseAmount(amount);
  // A blank status means "not given": the default (pending) on create, unchanged on update.
  const status = text(input, 'status');
  if (status !== undefined && !blank(status)) out.status = parseStatus(status as string);
  const withId = text(input, 'deal_with_id');
  if (withId !== undefined) out.deal_with_id = await dealWith(db, accountId, withId);
  const assigned = text(input, 'assigned_to');
  if (assigned !== undefined) out.assigned_to_user_id = await assignee(db, accountId, assigned);
  return out;
}
