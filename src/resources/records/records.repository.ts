// The shared id space (decisions.md): every person, company, deal, to-do and communication takes
// its id from `records`, so `contact_id` and `records/{id}` resolve without a type. Deleting a
// record removes everything hanging off it and leaves a tombstone for `deleted_since`.
import { nowIso } from '../../codec/dates.js';
import type { Db } from '../../storage/db.js';
import { sql, type Insertable, type RawBuilder, type Selectable, type SqlBool, type Updateable } from 'kysely';
import type { Database, RecordType } from '../../storage/schema.js';
import { prepared, selectRows } from '../../storage/prepared.js';

export async function allocateId(db: Db, accountId: number, type: RecordType): Promise<number> {
  const row = await db
    .insertInto('records')
    .values({ account_id: accountId, record_type: type })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('record_pages')
    .values({ account_id: accountId, record_type: type, block: blockOf(row.id), n: 1 })
    .onConflict((oc) => oc.columns(['account_id', 'record_type', 'block']).doUpdateSet({ n: sql<number>`record_pages.n + 1` }))
    .execute();
  return row.id;
}

/** Ids are counted per block of 1,024 in `record_pages` (migration 004). */
const blockOf = (id: number): number => Math.floor(id / 1024);

/**
 * Where the `offset`-th record (0-based, ascending id) of a type is: the first id of its block and
 * how many records of that block come before it; null when there are not that many. Reads one
 * small row per block instead of stepping over `offset` index entries.
 */
async function offsetStart(db: Db, accountId: number, type: RecordType, offset: number): Promise<{ fromId: number; skip: number } | null> {
  const blocks = await db
    .selectFrom('record_pages')
    .select(['block', 'n'])
    .where('account_id', '=', accountId)
    .where('record_type', '=', type)
    .orderBy('block')
    .execute();
  let before = 0;
  for (const { block, n } of blocks) {
    if (before + n > offset) return { fromId: block * 1024, skip: offset - before };
    before += n;
  }
  return null;
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
    .updateTable('record_pages')
    .set({ n: sql<number>`n - 1` })
    .where('account_id', '=', accountId)
    .where('record_type', '=', type)
    .where('block', '=', blockOf(id))
    .execute();
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

const TYPE_OF = Object.fromEntries(Object.entries(TABLE_OF).map(([type, table]) => [table, type])) as Record<RecordTable, RecordType>;

/**
 * One batch of a record table matching `conditions`: after `afterId` (keyset) or at `offset`.
 * An unfiltered list starts an offset from the block counts of `record_pages`, so a deep page
 * steps over at most 1,023 rows; a filtered search steps over `offset` matches.
 */
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
  else if (offset > 0 && conditions.length === 0) {
    const start = await offsetStart(db, accountId, TYPE_OF[table], offset);
    if (start === null) return [];
    q = q.where('id', '>=', start.fromId);
    offset = start.skip;
  }
  return (await selectRows(db, q.orderBy('id').limit(limit).offset(offset))) as Selectable<Database[T]>[];
}

// Row access shared by every record table. Kysely cannot narrow a generic table name, so the
// table is widened for the query and the row type restored for the caller; every RecordTable
// has `id` and `account_id`, and every query is scoped to the account.

/** One record by id, a query per table built once (every show, update and delete runs it). */
const FIND_ROW = Object.fromEntries(
  (Object.values(TABLE_OF) as RecordTable[]).map((table) => [
    table,
    prepared((db: Db, accountId: number, id: number) => db.selectFrom(table).selectAll().where('account_id', '=', accountId).where('id', '=', id)),
  ]),
) as Record<RecordTable, (db: Db, accountId: number, id: number) => Promise<unknown[]>>;

export async function findRecordRow<T extends RecordTable>(db: Db, table: T, accountId: number, id: number): Promise<Selectable<Database[T]> | undefined> {
  const [row] = await FIND_ROW[table](db, accountId, id);
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
