// Lists and their members (spec §14). Members are people or companies of the account; deleting
// a contact removes its memberships (records.repository removeRecord).
import type { Db } from '../../storage/db.js';
import type { ListRow, RecordType } from '../../storage/schema.js';
import { displayName } from '../people/people.service.js';
import { idSet } from '../../storage/prepared.js';

export interface ListMember {
  id: number;
  name: string;
  type: Extract<RecordType, 'person' | 'company'>;
}

export async function findList(db: Db, accountId: number, id: number): Promise<ListRow | undefined> {
  return db.selectFrom('lists').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
}

/** One batch of the account's lists in ascending id order (keyset after `afterId`, or `offset`). */
export async function listBatch(db: Db, accountId: number, afterId: number | null, offset: number, limit: number): Promise<ListRow[]> {
  let q = db.selectFrom('lists').selectAll().where('account_id', '=', accountId);
  if (afterId !== null) q = q.where('id', '>', afterId);
  return q.orderBy('id').limit(limit).offset(offset).execute();
}

/** Member counts of the given lists (`num_records`); lists without members are absent. */
export async function memberCounts(db: Db, accountId: number, listIds: number[]): Promise<Map<number, number>> {
  if (listIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('list_members')
    .select((eb) => ['list_id', eb.fn.countAll<number>().as('n')])
    .where('account_id', '=', accountId)
    .where('list_id', 'in', idSet(listIds))
    .groupBy('list_id')
    .execute();
  return new Map(rows.map((r) => [r.list_id, Number(r.n)]));
}

/** The members of a list, ascending id, with their display names. */
export async function listMembers(db: Db, accountId: number, listId: number): Promise<ListMember[]> {
  const rows = await db
    .selectFrom('list_members as lm')
    .leftJoin('people as p', (j) => j.onRef('p.id', '=', 'lm.record_id').on('p.account_id', '=', accountId))
    .leftJoin('companies as c', (j) => j.onRef('c.id', '=', 'lm.record_id').on('c.account_id', '=', accountId))
    .select(['lm.record_id', 'p.id as person_id', 'p.first_name', 'p.last_name', 'c.name as company_name'])
    .where('lm.account_id', '=', accountId)
    .where('lm.list_id', '=', listId)
    .orderBy('lm.record_id')
    .execute();
  return rows.map((r) =>
    r.person_id !== null
      ? { id: r.record_id, name: displayName(r), type: 'person' as const }
      : { id: r.record_id, name: r.company_name ?? '', type: 'company' as const },
  );
}

export async function insertList(db: Db, accountId: number, name: string, description: string | null, now: string): Promise<number> {
  const row = await db
    .insertInto('lists')
    .values({ account_id: accountId, name, description, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function addMember(db: Db, accountId: number, listId: number, recordId: number, now: string): Promise<void> {
  await db
    .insertInto('list_members')
    .values({ account_id: accountId, list_id: listId, record_id: recordId, created_at: now })
    .onConflict((oc) => oc.columns(['list_id', 'record_id']).doNothing())
    .execute();
}

export async function removeMember(db: Db, accountId: number, listId: number, recordId: number): Promise<void> {
  await db.deleteFrom('list_members').where('account_id', '=', accountId).where('list_id', '=', listId).where('record_id', '=', recordId).execute();
}
