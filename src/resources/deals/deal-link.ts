// To-dos and communications attach to a deal through their `deal_id` field; the deal lists them
// as `<todos>` and `<attached_communications>` (spec §11).
import { integerId, text } from '../../codec/input.js';
import type { Params } from '../../codec/params.js';
import { InvalidRecordError } from '../../errors.js';
import type { Db } from '../../storage/db.js';
import { recordTypeOf, touchRecord } from '../records/records.repository.js';

/**
 * `deal_id`: absent → undefined (unchanged), blank → null (detach), else a deal of the account.
 * A wrong id is a field error (422), not a missing resource: the record being written exists.
 */
export async function dealIdField(db: Db, accountId: number, input: Params): Promise<number | null | undefined> {
  const v = text(input, 'deal_id');
  if (v === undefined) return undefined;
  if (v === null || v.trim() === '') return null;
  const id = integerId(v.trim());
  if (id === null || (await recordTypeOf(db, accountId, id)) !== 'deal') throw new InvalidRecordError(['Deal does not exist']);
  return id;
}

/** A deal's attached lists changed: move its updated_at so `updated_since` syncs see it. */
export async function touchDeals(db: Db, accountId: number, ids: (number | null | undefined)[]): Promise<void> {
  for (const id of new Set(ids)) if (id !== null && id !== undefined) await touchRecord(db, accountId, id, 'deal');
}
