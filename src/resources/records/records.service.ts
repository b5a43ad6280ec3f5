// Resolving a record id from a path or parameter, scoped to the caller's account. Another
// account's ids answer 404 exactly like ids that never existed (decisions.md).
import { integerId } from '../../codec/input.js';
import type { ParamValue } from '../../codec/params.js';
import { NotFoundError } from '../../errors.js';
import type { Db } from '../../storage/db.js';
import type { RecordType } from '../../storage/schema.js';
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
