// To-do table access and the user look-ups a to-do needs (assignees by e-mail or name, display
// names). Ids come from the shared record id space (decisions.md, Records and ids).
import type { Updateable } from 'kysely';
import type { Db } from '../../storage/db.js';
import type { TodoRow, TodosTable } from '../../storage/schema.js';
import { deleteRecordRow, findRecordRow, insertRecordRow, updateRecordRow } from '../records/records.repository.js';

export const findTodo = (db: Db, accountId: number, id: number): Promise<TodoRow | undefined> => findRecordRow(db, 'todos', accountId, id);

export const insertTodo = (db: Db, row: TodoRow): Promise<void> => insertRecordRow(db, 'todos', row);

export const updateTodo = (db: Db, accountId: number, id: number, changes: Updateable<TodosTable>): Promise<void> =>
  updateRecordRow(db, 'todos', accountId, id, changes);

export const deleteTodo = (db: Db, accountId: number, id: number): Promise<void> => deleteRecordRow(db, 'todos', accountId, id);

