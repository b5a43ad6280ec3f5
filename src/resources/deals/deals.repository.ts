// Deals table access, and the batch look-ups a deal document needs (spec §11): the contact it
// is with, the assigned user, and the to-dos and communications attached to it by `deal_id`.
import type { Updateable } from 'kysely';
import type { Db } from '../../storage/db.js';
import type { DealRow, DealsTable } from '../../storage/schema.js';
import { deleteRecordRow, findRecordRow, insertRecordRow, updateRecordRow } from '../records/records.repository.js';
import { idSet } from '../../storage/prepared.js';

const CHUNK = 500;

function unique(ids: number[]): number[][] {
  const all = [...new Set(ids)];
  const out: number[][] = [];
  for (let i = 0; i < all.length; i += CHUNK) out.push(all.slice(i, i + CHUNK));
  return out;
}

export const findDeal = (db: Db, accountId: number, id: number): Promise<DealRow | undefined> => findRecordRow(db, 'deals', accountId, id);

export const insertDeal = (db: Db, row: DealRow): Promise<void> => insertRecordRow(db, 'deals', row);

export const updateDeal = (db: Db, accountId: number, id: number, changes: Updateable<DealsTable>): Promise<void> =>
  updateRecordRow(db, 'deals', accountId, id, changes);

export const deleteDeal = (db: Db, accountId: number, id: number): Promise<void> => deleteRecordRow(db, 'deals', accountId, id);

/** Ids of the to-dos or communications attached to each deal (by their `deal_id`), ascending. */
export async function attachedIds(db: Db, accountId: number, table: 'todos' | 'communications', dealIds: number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  for (const ids of unique(dealIds)) {
    const rows = await db
      .selectFrom(table)
      .select(['id', 'deal_id'])
      .where('account_id', '=', accountId)
      .where('deal_id', 'in', idSet(ids))
      .orderBy('id')
      .execute();
    for (const r of rows) {
      if (r.deal_id !== null) out.set(r.deal_id, [...(out.get(r.deal_id) ?? []), r.id]);
    }
  }
  return out;
}

