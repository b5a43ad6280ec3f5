// Deals, to-dos and communications written straight to the database (with their search row),
// so the records/activities tests do not depend on those resources' HTTP services.
import { nowIso } from '../src/codec/dates.js';
import { allocateId } from '../src/resources/records/records.repository.js';
import { reindex } from '../src/resources/records/search-index.js';
import type { Db } from '../src/storage/db.js';
import type { Ctype } from '../src/storage/schema.js';

export async function insertDeal(db: Db, accountId: number, title: string, description: string | null = null): Promise<number> {
  const id = await allocateId(db, accountId, 'deal');
  const now = nowIso();
  await db
    .insertInto('deals')
    .values({ id, account_id: accountId, title, description, deal_with_id: null, status: 'pending', assigned_to_user_id: null, amount_cents: 0, created_at: now, updated_at: now })
    .execute();
  await reindex(db, accountId, { id, type: 'deal' });
  return id;
}

export async function insertTodo(db: Db, accountId: number, title: string, description: string | null = null): Promise<number> {
  const id = await allocateId(db, accountId, 'todo');
  const now = nowIso();
  await db
    .insertInto('todos')
    .values({
      id,
      account_id: accountId,
      title,
      description,
      due_date: null,
      flagged: 0,
      complete: 0,
      assigned_by_user_id: null,
      assigned_to_user_id: null,
      deal_id: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await reindex(db, accountId, { id, type: 'todo' });
  return id;
}

export async function insertCommunication(db: Db, accountId: number, subject: string | null, body: string | null, ctype: Ctype = 'email'): Promise<number> {
  const id = await allocateId(db, accountId, 'communication');
  const now = nowIso();
  await db.insertInto('communications').values({ id, account_id: accountId, subject, body, date: now, ctype, deal_id: null, created_at: now, updated_at: now }).execute();
  await reindex(db, accountId, { id, type: 'communication' });
  return id;
}
