// The shared id space (decisions.md): every person, company, deal, to-do and communication takes
// its id from `records`, so `contact_id` and `records/{id}` resolve without a type. Deleting a
// record removes everything hanging off it and leaves a tombstone for `deleted_since`.
import { nowIso } from '../../codec/dates.js';
import type { Db } from '../../storage/db.js';
import type { RawBuilder, Selectable, SqlBool } from 'kysely';
import type { Database, RecordType } from '../../storage/schema.js';

export async function allocateId(db: Db, accountId: number, type: RecordType): Promise<number> {
  const row = await db
    .insertInto('records')
    .values({ account_id: accountId, record_type: type })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function recordTypeOf(db: Db, accountId: number, id: number): Promise<RecordType | undefined> {
  const row = await db
    .selectFrom('records')
    .select('record_type')
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return row?.record_type;
}

/** Remove the record's dependents and id, and write its tombstone. Call inside a transaction. */
export async function removeRecord(
  db: Db,
  accountId: number,
  id: number,
  type: RecordType,
  displayName: string,
): Promise<void> {
  await db.deleteFrom('locations').where('record_id', '=', id).where('account_id', '=', accountId).execute();
  await db.deleteFrom('taggings').where('record_id', '=', id).where('account_id', '=', accountId).execute();
  await db.deleteFrom('super_tag_values').where('record_id', '=', id).where('account_id', '=', accountId).execute();
  await db.deleteFrom('comments').where('record_id', '=', id).where('account_id', '=', accountId).execute();
  await db.deleteFrom('records').where('id', '=', id).where('account_id', '=', accountId).execute();
  await db
    .insertInto('tombstones')
    .values({ id, account_id: accountId, record_type: type, display_name: displayName, deleted_at: nowIso() })
    .execute();
}

const TABLE_OF: Partial<Record<RecordType, 'people' | 'companies'>> = {
  person: 'people',
  company: 'companies',
};

/** Bump a record's `updated_at` when something attached to it changes (tags, locations, values). */
export async function touchRecord(db: Db, accountId: number, id: number, type: RecordType): Promise<void> {
  const table = TABLE_OF[type];
  if (!table) return;
  await db.updateTable(table).set({ updated_at: nowIso() }).where('id', '=', id).where('account_id', '=', accountId).execute();
}

/** Tables of record types that list and search the same way (ascending id, scoped to the account). */
export type RecordTable = 'people' | 'companies';

/** One batch of a record table matching `conditions`: after `afterId` (keyset) or at `offset`. */
export async function searchRecords<T extends RecordTable>(
  db: Db,
  table: T,
  accountId: number,
  conditions: RawBuilder<SqlBool>[],
  afterId: number | null,
  offset: number,
  limit: number,
): Promise<Selectable<Database[T]>[]> {
  // Kysely cannot narrow a generic table name; every RecordTable has `id` and `account_id`.
  let q = db.selectFrom(table as RecordTable).selectAll().where('account_id', '=', accountId);
  for (const c of conditions) q = q.where(c);
  if (afterId !== null) q = q.where('id', '>', afterId);
  return (await q.orderBy('id').limit(limit).offset(offset).execute()) as Selectable<Database[T]>[];
}
