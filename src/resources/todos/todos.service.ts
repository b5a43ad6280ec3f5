// To-dos (spec §9): create, update, delete, show, and list/search with streaming batches.
import type { Updateable } from 'kysely';
import { boolean, integerId, paging } from '../../codec/input.js';
import { nowIso } from '../../codec/dates.js';
import type { Params, ParamValue } from '../../codec/params.js';
import { NotFoundError } from '../../errors.js';
import type { Db } from '../../storage/db.js';
import type { TodoRow, TodosTable } from '../../storage/schema.js';
import type { Caller } from '../accounts/accounts.service.js';
import { loadComments } from '../comments/comments.repository.js';
import { linksOf } from '../related/related.repository.js';
import { streamViews } from '../records/paginate.js';
import { recordChanged, recordCreated, recordDeleted } from '../records/record-events.js';
import { allocateId, searchRecords } from '../records/records.repository.js';
import { requireRecord } from '../records/records.service.js';
import { loadTags } from '../tags/tags.repository.js';
import { dealIdField, touchDeals } from '../deals/deal-link.js';
import { assigneeOf, descriptionOf, dueDateOf, requireTitle, titleOf, todoInput } from './todos.input.js';
import type { TodoView } from './todos.presenter.js';
import { deleteTodo, findTodo, insertTodo, updateTodo } from './todos.repository.js';
import { userNames } from '../users/users.repository.js';
import { participantCondition, searchConditions, type Condition } from './todos.search.js';

/** spec §9 names no default page size; 25 as for people and companies (decisions.md). */
export const TODOS_DEFAULT_LIMIT = 25;

const flag = (v: boolean | undefined): number | undefined => (v === undefined ? undefined : v ? 1 : 0);

export class TodosService {
  constructor(readonly db: Db) {}

  /** Views (user names, participants, tags, comments) for a batch of rows, in a fixed number of queries. */
  async views(accountId: number, rows: TodoRow[]): Promise<TodoView[]> {
    const ids = rows.map((r) => r.id);
    if (ids.length === 0) return [];
    const users = rows.flatMap((r) => [r.assigned_by_user_id, r.assigned_to_user_id]).filter((u): u is number => u !== null);
    const names = await userNames(this.db, accountId, users);
    const links = await linksOf(this.db, accountId, ids, '');
    const tags = await loadTags(this.db, accountId, ids);
    const comments = await loadComments(this.db, accountId, ids);
    const nameOf = (u: number | null) => (u === null ? null : (names.get(u) ?? null));
    return rows.map((row) => ({
      row,
      assignedBy: nameOf(row.assigned_by_user_id),
      assignedTo: nameOf(row.assigned_to_user_id),
      participants: (links.get(row.id) ?? []).map((l) => l.contactId),
      tags: tags.get(row.id) ?? [],
      comments: comments.get(row.id) ?? [],
    }));
  }

  async show(caller: Caller, id: ParamValue | undefined): Promise<TodoView> {
    const row = await this.requireRow(caller, id);
    return (await this.views(caller.accountId, [row]))[0] as TodoView;
  }

  /** The caller's row with this id (no nested parts: updates and deletes need only the row). */
  private async requireRow(caller: Caller, id: ParamValue | undefined): Promise<TodoRow> {
    const n = integerId(id);
    const row = n === null ? undefined : await findTodo(this.db, caller.accountId, n);
    if (!row) throw new NotFoundError('To-Do');
    return row;
  }

  /** List/search (spec §9). Filters are checked before the stream starts (404/422 still possible). */
  async list(caller: Caller, params: Params): Promise<AsyncIterable<TodoView>> {
    return this.stream(caller, params, await searchConditions(this.db, caller, params));
  }

  /** `people/{id}/todos`, `companies/{id}/todos`: the `person_id` / `company_id` search. */
  async listForContact(caller: Caller, type: 'person' | 'company', id: ParamValue | undefined, params: Params): Promise<AsyncIterable<TodoView>> {
    const contact = await requireRecord(this.db, caller.accountId, id, [type], type === 'person' ? 'Person' : 'Company');
    return this.stream(caller, params, [participantCondition(caller.accountId, contact)]);
  }

  private stream(caller: Caller, params: Params, conditions: Condition[]): AsyncIterable<TodoView> {
    const page = paging(params, TODOS_DEFAULT_LIMIT);
    const fetch = (afterId: number | null, offset: number, limit: number) =>
      searchRecords(this.db, 'todos', caller.accountId, conditions, afterId, offset, limit);
    return streamViews(fetch, page, (rows) => this.views(caller.accountId, rows));
  }

  /** assigned_by is the caller; assigned_to defaults to the caller (spec §9). */
  async create(caller: Caller, params: Params): Promise<TodoView> {
    const input = todoInput(params);
    const title = requireTitle(titleOf(input));
    const dueDate = dueDateOf(input) ?? null;
    const flagged = flag(boolean(input, 'flagged', 'Flagged')) ?? 0;
    const complete = flag(boolean(input, 'complete', 'Complete')) ?? 0;
    const assignee = (await assigneeOf(this.db, caller, input)) ?? caller.userId;
    const dealId = (await dealIdField(this.db, caller.accountId, input)) ?? null;
    const now = nowIso();
    const id = await this.db.transaction().execute(async (trx) => {
      const newId = await allocateId(trx, caller.accountId, 'todo');
      await insertTodo(trx, {
        id: newId,
        account_id: caller.accountId,
        title,
        description: descriptionOf(input) ?? null,
        due_date: dueDate,
        flagged,
        complete,
        assigned_by_user_id: caller.userId,
        assigned_to_user_id: assignee,
        deal_id: dealId,
        created_at: now,
        updated_at: now,
      });
      await recordCreated(trx, caller, { id: newId, type: 'todo' });
      await touchDeals(trx, caller.accountId, [dealId]);
      return newId;
    });
    return this.show(caller, String(id));
  }

  /** Omitted fields stay unchanged; read-only and nested fields echoed by clients are ignored. */
  async update(caller: Caller, id: ParamValue | undefined, params: Params): Promise<TodoView> {
    const existing = await this.requireRow(caller, id);
    const changes = await this.changes(caller, todoInput(params));
    await this.db.transaction().execute(async (trx) => {
      await updateTodo(trx, caller.accountId, existing.id, { ...changes, updated_at: nowIso() });
      await recordChanged(trx, caller, { id: existing.id, type: 'todo' });
      // The deal's <todos> list changed too (spec §11).
      if (changes.deal_id !== undefined && changes.deal_id !== existing.deal_id) await touchDeals(trx, caller.accountId, [existing.deal_id, changes.deal_id]);
    });
    return this.show(caller, String(existing.id));
  }

  /** Validated column changes of an update body (reads only: call before the transaction). */
  private async changes(caller: Caller, input: Params): Promise<Updateable<TodosTable>> {
    const all: Updateable<TodosTable> = {
      title: titleOf(input),
      description: descriptionOf(input),
      due_date: dueDateOf(input),
      flagged: flag(boolean(input, 'flagged', 'Flagged')),
      complete: flag(boolean(input, 'complete', 'Complete')),
      assigned_to_user_id: await assigneeOf(this.db, caller, input),
      deal_id: await dealIdField(this.db, caller.accountId, input),
    };
    return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as Updateable<TodosTable>;
  }

  async remove(caller: Caller, id: ParamValue | undefined): Promise<void> {
    const existing = await this.requireRow(caller, id);
    await this.db.transaction().execute(async (trx) => {
      await deleteTodo(trx, caller.accountId, existing.id);
      await recordDeleted(trx, caller, { id: existing.id, type: 'todo' }, existing.title);
      await touchDeals(trx, caller.accountId, [existing.deal_id]);
    });
  }
}
