// What happens after every write to a record, in one place: its `updated_at` moves, its search
// text is rebuilt, and the change is recorded as an activity with user, record and time
// (spec §16). Services call these inside the transaction that made the change.
import { nowIso } from '../../codec/dates.js';
import type { Db } from '../../storage/db.js';
import type { Caller } from '../accounts/accounts.service.js';
import { CLASSIC_TYPE, LABEL } from './collections.js';
import { removeRecord, touchRecord } from './records.repository.js';
import type { RecordRef } from './records.service.js';
import { reindex } from './search-index.js';

export async function logActivity(db: Db, caller: Caller, ref: RecordRef, name: string, description: string): Promise<void> {
  await db
    .insertInto('activities')
    .values({
      account_id: caller.accountId,
      user_id: caller.userId,
      user_name: caller.userName,
      name,
      description,
      record_type: CLASSIC_TYPE[ref.type],
      record_id: ref.id,
      created_at: nowIso(),
    })
    .execute();
}

/**
 * A record was created: index it and log "<Type> created". `bare`: nothing is attached to it yet
 * (no locations, tags or comments), so indexing reads only its own fields.
 */
export async function recordCreated(db: Db, caller: Caller, ref: RecordRef, { bare = false } = {}): Promise<void> {
  const name = (await reindex(db, caller.accountId, ref, !bare)) ?? '';
  await logActivity(db, caller, ref, `${LABEL[ref.type]} created`, name);
}

/**
 * A record or something on it changed: touch, reindex and log. `event` names the change
 * ("Tag added"); `detail` is appended to the record's name in the description ("vip").
 */
export async function recordChanged(db: Db, caller: Caller, ref: RecordRef, event?: string, detail?: string): Promise<void> {
  await touchRecord(db, caller.accountId, ref.id, ref.type);
  const name = (await reindex(db, caller.accountId, ref)) ?? '';
  await logActivity(db, caller, ref, event ?? `${LABEL[ref.type]} updated`, detail ? `${name}: ${detail}` : name);
}

/** A record is deleted: dependents and links go, a tombstone stays, "<Type> deleted" is logged. */
export async function recordDeleted(db: Db, caller: Caller, ref: RecordRef, displayName: string): Promise<void> {
  await removeRecord(db, caller.accountId, ref.id, ref.type, displayName);
  await logActivity(db, caller, ref, `${LABEL[ref.type]} deleted`, displayName);
}
