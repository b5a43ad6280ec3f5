// Deals table access, and the batch look-ups a deal document needs (spec §11): the contact it
// is with, the assigned user, and the to-dos and communications attached to it by `deal_id`.
import type { Updateable } from 'kysely';
import type { Db } from '../../storage/db.js';
import type { DealRow, DealsTable, User } from '../../storage/schema.js';

const CHUNK = 500;

function unique(ids: number[]): number[][] {
  const all = [...new Set(ids)];
  const out: number[][] = [];
  for (let i = 0; i < all.length; i += CHUNK) out.push(all.slice(i, i + CHUNK));
  return out;
}

export async function findDeal(db: Db, accountId: number, id: number): Promise<DealRow | undefined> {
  return db.selectFrom('deals').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
}

export async function insertDeal(db: Db, row: DealRow): Promise<void> {
  await db.insertInto('deals').values(row).execute();
}

export async function updateDeal(db: Db, accountId: number, id: number, changes: Updateable<DealsTable>): Promise<void> {
  await db.updateTable('deals').set(changes).where('account_id', '=', accountId).where('id', '=', id).execute();
}

export async function deleteDeal(db: Db, accountId: number, id: number): Promise<void> {
  await db.deleteFrom('deals').where('account_id', '=', accountId).where('id', '=', id).execute();
}

/** Ids of the to-dos or communications attached to each deal (by their `deal_id`), ascending. */
export async function attachedIds(db: Db, accountId: number, table: 'todos' | 'communications', dealIds: number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  for (const ids of unique(dealIds)) {
    const rows = await db
      .selectFrom(table)
      .select(['id', 'deal_id'])
      .where('account_id', '=', accountId)
      .where('deal_id', 'in', ids)
      .orderBy('id')
      .execute();
    for (const r of rows) {
      if (r.deal_id !== null) out.set(r.deal_id, [...(out.get(r.deal_id) ?? []), r.id]);
    }
  }
  return out;
}

/** Display names of contacts (person "first last", company name) by id. */
export async function contactNames(db: Db, accountId: number, contactIds: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (const ids of unique(contactIds)) {
    const people = await db
      .selectFrom('people')
      .select(['id', 'first_name', 'last_name'])
      .where('account_id', '=', accountId)
      .where('id', 'in', ids)
      .execute();
    for (const p of people) out.set(p.id, [p.first_name, p.last_name].filter((x) => x && x.trim() !== '').join(' '));
    const companies = await db.selectFrom('companies').select(['id', 'name']).where('account_id', '=', accountId).where('id', 'in', ids).execute();
    for (const c of companies) out.set(c.id, c.name);
  }
  return out;
}

export async function userNames(db: Db, accountId: number, userIds: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (const ids of unique(userIds)) {
    const rows = await db.selectFrom('users').select(['id', 'name']).where('account_id', '=', accountId).where('id', 'in', ids).execute();
    for (const r of rows) out.set(r.id, r.name);
  }
  return out;
}

/**
 * The user an `assigned_to` value names: the gem and PHP send the login e-mail, while a deal
 * echoed back on update carries the display name (spec §11), so both are matched,
 * case-insensitively, e-mail first. Users per account are few, so they are compared in JS
 * (Unicode-aware lower-casing, which SQLite's lower() is not).
 */
export async function findUserByEmailOrName(db: Db, accountId: number, value: string): Promise<User | undefined> {
  const key = value.trim().toLowerCase();
  const users = await db.selectFrom('users').selectAll().where('account_id', '=', accountId).orderBy('id').execute();
  return users.find((u) => u.email_key === key) ?? users.find((u) => u.name.trim().toLowerCase() === key);
}
