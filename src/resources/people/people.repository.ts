// People table access. Ids come from the shared record id space.
import type { Db } from '../../storage/db.js';
import type { PeopleTable, PersonRow } from '../../storage/schema.js';
import type { Updateable } from 'kysely';

export async function findPerson(db: Db, accountId: number, id: number): Promise<PersonRow | undefined> {
  return db.selectFrom('people').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
}

export async function insertPerson(db: Db, row: PersonRow): Promise<void> {
  await db.insertInto('people').values(row).execute();
}

export async function updatePerson(db: Db, accountId: number, id: number, changes: Updateable<PeopleTable>): Promise<void> {
  await db.updateTable('people').set(changes).where('account_id', '=', accountId).where('id', '=', id).execute();
}

export async function deletePerson(db: Db, accountId: number, id: number): Promise<void> {
  await db.deleteFrom('people').where('account_id', '=', accountId).where('id', '=', id).execute();
}

/** Employees of a company lose the link when it is deleted; returns their ids. */
export async function unlinkCompany(db: Db, accountId: number, companyId: number, now: string): Promise<number[]> {
  const rows = await db.selectFrom('people').select('id').where('account_id', '=', accountId).where('company_id', '=', companyId).execute();
  await db
    .updateTable('people')
    .set({ company_id: null, updated_at: now })
    .where('account_id', '=', accountId)
    .where('company_id', '=', companyId)
    .execute();
  return rows.map((r) => r.id);
}
