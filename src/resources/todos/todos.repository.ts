// To-do table access and the user look-ups a to-do needs (assignees by e-mail or name, display
// names). Ids come from the shared record id space (decisions.md, Records and ids).
import type { Updateable } from 'kysely';
import { foldKey, type Db } from '../../storage/db.js';
import type { TodoRow, TodosTable, User } from '../../storage/schema.js';

export async function findTodo(db: Db, accountId: number, id: number): Promise<TodoRow | undefined> {
  return db.selectFrom('todos').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
}

export async function insertTodo(db: Db, row: TodoRow): Promise<void> {
  await db.insertInto('todos').values(row).execute();
}

export async function updateTodo(db: Db, accountId: number, id: number, changes: Updateable<TodosTable>): Promise<void> {
  await db.updateTable('todos').set(changes).where('account_id', '=', accountId).where('id', '=', id).execute();
}

export async function deleteTodo(db: Db, accountId: number, id: number): Promise<void> {
  await db.deleteFrom('todos').where('account_id', '=', accountId).where('id', '=', id).execute();
}

/** Display names of users of the account, by id (assigned_by / assigned_to of a batch). */
export async function userNames(db: Db, accountId: number, ids: number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('account_id', '=', accountId).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** A user of the account by login e-mail (case-insensitive). */
export async function findUserByEmail(db: Db, accountId: number, email: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('account_id', '=', accountId).where('email_key', '=', foldKey(email)).executeTakeFirst();
}

/** A user of the account by e-mail, else by display name (both case-insensitive; lowest id wins). */
export async function findUserByEmailOrName(db: Db, accountId: number, value: string): Promise<User | undefined> {
  const byEmail = await findUserByEmail(db, accountId, value);
  if (byEmail) return byEmail;
  const users = await db.selectFrom('users').selectAll().where('account_id', '=', accountId).orderBy('id').execute();
  return users.find((u) => foldKey(u.name) === foldKey(value));
}
