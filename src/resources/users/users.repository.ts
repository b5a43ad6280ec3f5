// User look-ups shared by the resources that name users (to-do and deal assignees).
import { foldKey, type Db } from '../../storage/db.js';
import type { User } from '../../storage/schema.js';
import { idSet } from '../../storage/prepared.js';

/** Display names of users of the account, by id (assigned_by / assigned_to of a batch). */
export async function userNames(db: Db, accountId: number, userIds: number[]): Promise<Map<number, string>> {
  const all = [...new Set(userIds)];
  const out = new Map<number, string>();
  for (let i = 0; i < all.length; i += 500) {
    const rows = await db.selectFrom('users').select(['id', 'name']).where('account_id', '=', accountId).where('id', 'in', idSet(all.slice(i, i + 500))).execute();
    for (const r of rows) out.set(r.id, r.name);
  }
  return out;
}

/** A user of the account by login e-mail (case-insensitive). */
export async function findUserByEmail(db: Db, accountId: number, email: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('account_id', '=', accountId).where('email_key', '=', foldKey(email)).executeTakeFirst();
}

/**
 * The user an `assigned_to` value names: the gem and PHP send the login e-mail, while a record
 * echoed back on update carries the display name (spec §9, §11), so both are matched,
 * case-insensitively, e-mail first, lowest id first. Users per account are few, so they are
 * compared in JS (Unicode-aware lower-casing, which SQLite's lower() is not).
 */
export async function findUserByEmailOrName(db: Db, accountId: number, value: string): Promise<User | undefined> {
  const key = foldKey(value);
  const users = await db.selectFrom('users').selectAll().where('account_id', '=', accountId).orderBy('id').execute();
  return users.find((u) => u.email_key === key) ?? users.find((u) => foldKey(u.name) === key);
}
