// The shared id space (decisions.md): every person, company, deal, to-do and communication takes
// its id from `records`, so `contact_id` and `records/{id}` resolve without a type. Deleting a
// record removes everything hanging off it and leaves a tombstone for `deleted_since`.
import { nowIso } from '../../codec/dates.js';
import type { Db } from '../../storage/db.js';
import type { Insertable, RawBuilder, Selectable, SqlBool, Updateable } from 'kysely';
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

/** The table holding each record type's own fields. */
export const TABLE_OF: Record<RecordType, RecordTable> = {
  person: 'people',
  company: 'companies',
  deal: 'deals',
  todo: 'todos',
  communication: 'communications',
};

/**
 * Remove everything hanging off a record and every link to it, its id and its search text, and
 * write its tombstone. The caller has deleted the row of the type's own table. Call inside a
 * transaction.
 */
export async function removeRecord(
  db: Db,
  accountId: number,
  id: number,
  type: RecordType,
  displayName: string,
): Promise<void> {
  for (const table of ['locations', 'taggings', 'super_tag_values', 'comments', 'list_members', 'search_index'] as const) {
    await db.deleteFrom(table).where('record_id', '=', id).where('account_id', '=', accountId).execute();
  }
  await db
    .deleteFrom('record_contacts')
    .where('account_id', '=', accountId)
    .where((eb) => eb.or([eb('record_id', '=', id), eb('contact_id', '=', id)]))
    .execute();
  await db
    .deleteFrom('affiliations')
    .where('account_id', '=', accountId)
    .where((eb) => eb.or([eb('person_id', '=', id), eb('company_id', '=', id)]))
    .execute();
  // Records that pointed at it lose the link; their updated_at moves so `updated_since` syncs see it.
  const now = nowIso();
  await db.updateTable('deals').set({ deal_with_id: null, updated_at: now }).where('account_id', '=', accountId).where('deal_with_id', '=', id).execute();
  await db.updateTable('todos').set({ deal_id: null, updated_at: now }).where('account_id', '=', accountId).where('deal_id', '=', id).execute();
  await db.updateTable('communications').set({ deal_id: null, updated_at: now }).where('account_id', '=', accountId).where('deal_id', '=', id).execute();
  await db.deleteFrom('records').where('id', '=', id).where('account_id', '=', accountId).execute();
  await db
    .insertInto('tombstones')
    .values({ id, account_id: accountId, record_type: type, display_name: displayName, deleted_at: nowIso() })
    .execute();
}

/** Bump a record's `updated_at` when something attached to it changes (tags, locations, values). */
export async function touchRecord(db: Db, accountId: number, id: number, type: RecordType): Promise<void> {
  await db.updateTable(TABLE_OF[type]).set({ updated_at: nowIso() }).where('id', '=', id).where('account_id', '=', accountId).execute();
}

/** Tables of record types that list and search the same way (ascending id, scoped to the account). */
export type RecordTable = 'people' | 'companies' | 'deals' | 'todos' | 'communications';

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

// Row access shared by every record table. Kysely cannot narrow a generic table name, so the
// table is widened for the query and the row type restored for the caller; every RecordTable
// has `id` and `account_id`, and every query is scoped to the account.

export async function findRecordRow<T extends RecordTable>(db: Db, table: T, accountId: number, id: number): Promise<Selectable<Database[T]> | undefined> {
  const row = await db.selectFrom(table as RecordTable).selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
  return row as Selectable<Database[T]> | undefined;
}

export async function insertRecordRow<T extends RecordTable>(db: Db, table: T, row: Insertable<Database[T]>): Promise<void> {
  await db.insertInto(table as RecordTable).values(row as Insertable<Database[RecordTable]>).execute();
}

export async function updateRecordRow<T extends RecordTable>(db: Db, table: T, accountId: number, id: number, changes: Updateable<Database[T]>): Promise<void> {
  await db.updateTable(table as RecordTable).set(changes as Updateable<Database[RecordTable]>).where('account_id', '=', accountId).where('id', '=', id).execute();
}

export async function deleteRecordRow(db: Db, table: RecordTable, accountId: number, id: number): Promise<void> {
  await db.deleteFrom(table).where('account_id', '=', accountId).where('id', '=', id).execute();
}
