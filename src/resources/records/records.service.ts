// Resolving a record id from a path or parameter, scoped to the caller's account. Another
// account's ids answer 404 exactly like ids that never existed (decisions.md).
import { integerId } from '../../codec/input.js';
import type { Params, ParamValue } from '../../codec/params.js';
import { NotFoundError } from '../../errors.js';
import type { Db } from '../../storage/db.js';
import type { RecordType } from '../../storage/schema.js';
import { PARENT_KEYS } from './collections.js';
import { recordTypeOf } from './records.repository.js';

export interface RecordRef {
  id: number;
  type: RecordType;
}

export async function requireRecord(
  db: Db,
  accountId: number,
  raw: ParamValue | undefined,
  types: readonly RecordType[],
  label = 'Record',
): Promise<RecordRef> {
  const id = integerId(raw);
  if (id === null) throw new NotFoundError(label);
  const type = await recordTypeOf(db, accountId, id);
  if (type === undefined || !types.includes(type)) throw new NotFoundError(label);
  return { id, type };
}

/**
 * The parent record named by the first of `person_id`, `company_id`, `contact_id`, … present in
 * `params` (flat routes such as `comments.xml?person_id=`), checked against the types that key
 * may name and the types the caller accepts. Null when no such key is given.
 */
export async function findParent(
  db: Db,
  accountId: number,
  params: Params,
  accepted: readonly RecordType[],
): Promise<RecordRef | null> {
  const entry = PARENT_KEYS.find((k) => {
    const v = params[k.key];
    return typeof v === 'string' && v.trim() !== '';
  });
  if (!entry) return null;
  const types = accepted.filter((t) => entry.types === null || entry.types.includes(t));
  return requireRecord(db, accountId, params[entry.key], types);
}
