// People table access. Ids come from the shared record id space.
import type { Db } from '../../storage/db.js';
import type { PeopleTable, PersonRow } from '../../storage/schema.js';
import type { Updateable } from 'kysely';
import { deleteRecordRow, findRecordRow, insertRecordRow, updateRecordRow } from '../records/records.repository.js';

export const findPerson = (db: Db, accountId: number, id: number): Promise<PersonRow | undefined> => findRecordRow(db, 'people', accountId, id);

export const insertPerson = (db: Db, row: PersonRow): Promise<void> => insertRecordRow(db, 'people', row);

export const updatePerson = (db: Db, accountId: number, id: number, changes: Updateable<PeopleTable>): Promise<void> =>
  updateRecordRow(db, 'people', accountId, id, changes);

export const deletePerson = (db: Db, accountId: number, id: number): Promise<void> => deleteRecordRow(db, 'people', accountId, id);

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
