// Companies table access. Ids come from the shared record id space.
import { nowIso } from '../../codec/dates.js';
import { foldKey, type Db } from '../../storage/db.js';
import { idSet, prepared, selectRows } from '../../storage/prepared.js';
import type { CompanyRow } from '../../storage/schema.js';
import { allocateId } from '../records/records.repository.js';

export async function findCompany(db: Db, accountId: number, id: number): Promise<CompanyRow | undefined> {
  return db.selectFrom('companies').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
}

export async function findCompanyByName(db: Db, accountId: number, name: string): Promise<CompanyRow | undefined> {
  return db
    .selectFrom('companies')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('name_key', '=', foldKey(name))
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

export async function insertCompany(db: Db, accountId: number, name: string, notes: string | null): Promise<number> {
  const id = await allocateId(db, accountId, 'company');
  const now = nowIso();
  await db
    .insertInto('companies')
    .values({ id, account_id: accountId, name, name_key: foldKey(name), notes, small_image: null, large_image: null, created_at: now, updated_at: now })
    .execute();
  return id;
}

/** Company names by id, for the `<company>` element of people. */
export async function companyNames(db: Db, accountId: number, ids: number[]): Promise<Map<number, string>> {
  const distinct = [...new Set(ids)];
  if (distinct.length === 0) return new Map();
  const rows =
    distinct.length === 1
      ? await companyNameOf(db, accountId, distinct[0] as number)
      : await selectRows(db, db.selectFrom('companies').select(['id', 'name']).where('account_id', '=', accountId).where('id', 'in', idSet(distinct)));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The company of one person shown, built once. */
const companyNameOf = prepared((db: Db, accountId: number, id: number) =>
  db.selectFrom('companies').select(['id', 'name']).where('account_id', '=', accountId).where('id', '=', id),
);

