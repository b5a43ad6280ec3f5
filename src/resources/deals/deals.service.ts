// Deals (spec §11): create, update, delete, show, and list with filters, streamed in batches.
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { integerId, paging, section, text, timeFilter } from '../../codec/input.js';
import type { Params, ParamValue } from '../../codec/params.js';
import { nowIso } from '../../codec/dates.js';
import { NotFoundError } from '../../errors.js';
import { foldKey, type Db } from '../../storage/db.js';
import type { DealRow } from '../../storage/schema.js';
import type { Caller } from '../accounts/accounts.service.js';
import { loadComments } from '../comments/comments.repository.js';
import { streamViews } from '../records/paginate.js';
import { recordChanged, recordCreated, recordDeleted } from '../records/record-events.js';
import { allocateId, searchRecords } from '../records/records.repository.js';
import type { RecordRef } from '../records/records.service.js';
import { linksOf } from '../related/related.repository.js';
import { loadTags } from '../tags/tags.repository.js';
import { readDealFields, requireTitle } from './deals.fields.js';
import type { DealView } from './deals.presenter.js';
import { contactNames } from '../contacts/contact-names.js';
import { attachedIds, deleteDeal, findDeal, insertDeal, updateDeal } from './deals.repository.js';
import { userNames } from '../users/users.repository.js';

/** spec §11: `offset` 0, `limit` 10 [doc]. */
export const DEALS_DEFAULT_LIMIT = 10;

const some = (ids: (number | null)[]): number[] => ids.filter((x): x is number => x !== null);

export class DealsService {
  constructor(readonly db: Db) {}

  /** Everything a batch of deal documents shows, in a fixed number of queries (no N+1). */
  async views(accountId: number, rows: DealRow[]): Promise<DealView[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const tags = await loadTags(this.db, accountId, ids);
    const comments = await loadComments(this.db, accountId, ids);
    // Attached contacts are the record_contacts links with role '' (spec §12a).
    const links = await linksOf(this.db, accountId, ids, '');
    const communications = await attachedIds(this.db, accountId, 'communications', ids);
    const todos = await attachedIds(this.db, accountId, 'todos', ids);
    const contacts = await contactNames(this.db, accountId, some(rows.map((r) => r.deal_with_id)));
    const users = await userNames(this.db, accountId, some(rows.map((r) => r.assigned_to_user_id)));
    return rows.map((row) => ({
      row,
      dealWith: row.deal_with_id === null ? null : (contacts.get(row.deal_with_id) ?? null),
      assignedTo: row.assigned_to_user_id === null ? null : (users.get(row.assigned_to_user_id) ?? null),
      communicationIds: communications.get(row.id) ?? [],
      contactIds: (links.get(row.id) ?? []).map((l) => l.contactId),
      todoIds: todos.get(row.id) ?? [],
      tags: tags.get(row.id) ?? [],
      comments: comments.get(row.id) ?? [],
    }));
  }

  /** The deal's row, or 404 (also for another account's ids and other record types). */
  async requireDeal(caller: Caller, id: ParamValue | undefined): Promise<DealRow> {
    const n = integerId(id);
    const row = n === null ? undefined : await findDeal(this.db, caller.accountId, n);
    if (!row) throw new NotFoundError('Deal');
    return row;
  }

  async show(caller: Caller, id: ParamValue | undefined): Promise<DealView> {
    const row = await this.requireDeal(caller, id);
    return (await this.views(caller.accountId, [row]))[0] as DealView;
  }

  /**
   * List (spec §11). Filters combine (AND) and are validated here, before the first byte is
   * sent; the returned iterable then reads the database batch by batch.
   */
  list(caller: Caller, params: Params): AsyncIterable<DealView> {
    const page = paging(params, DEALS_DEFAULT_LIMIT);
    const conditions = dealConditions(caller.accountId, params);
    const fetch = (afterId: number | null, offset: number, limit: number) =>
      searchRecords(this.db, 'deals', caller.accountId, conditions, afterId, offset, limit);
    return streamViews(fetch, page, (rows) => this.views(caller.accountId, rows));
  }

  async create(caller: Caller, params: Params): Promise<DealView> {
    const input = section(params, 'deal');
    requireTitle(text(input, 'title'));
    const id = await this.db.transaction().execute(async (trx) => {
      const fields = await readDealFields(trx, caller.accountId, input);
      const newId = await allocateId(trx, caller.accountId, 'deal');
      const now = nowIso();
      await insertDeal(trx, {
        id: newId,
        account_id: caller.accountId,
        title: requireTitle(fields.title),
        description: fields.description ?? null,
        deal_with_id: fields.deal_with_id ?? null,
        status: fields.status ?? 'pending',
        assigned_to_user_id: fields.assigned_to_user_id ?? null,
        amount_cents: fields.amount_cents ?? 0,
        created_at: now,
        updated_at: now,
      });
      await recordCreated(trx, caller, { id: newId, type: 'deal' });
      return newId;
    });
    return this.show(caller, String(id));
  }

  /** Omitted fields stay unchanged. A status change is named in the activity ("status: won"). */
  async update(caller: Caller, id: ParamValue | undefined, params: Params): Promise<DealView> {
    const existing = await this.requireDeal(caller, id);
    const input = section(params, 'deal');
    const ref: RecordRef = { id: existing.id, type: 'deal' };
    await this.db.transaction().execute(async (trx) => {
      const fields = await readDealFields(trx, caller.accountId, input);
      await updateDeal(trx, caller.accountId, existing.id, { ...fields, updated_at: nowIso() });
      const statusChanged = fields.status !== undefined && fields.status !== existing.status;
      await recordChanged(trx, caller, ref, undefined, statusChanged ? `status: ${fields.status}` : undefined);
    });
    return this.show(caller, String(existing.id));
  }

  /**
   * Comments, tags, SuperTag values and related-contact links go with the deal; to-dos and
   * communications attached to it stay but lose the link (recordDeleted); a tombstone remains.
   */
  async remove(caller: Caller, id: ParamValue | undefined): Promise<void> {
    const existing = await this.requireDeal(caller, id);
    await this.db.transaction().execute(async (trx) => {
      await deleteDeal(trx, caller.accountId, existing.id);
      await recordDeleted(trx, caller, { id: existing.id, type: 'deal' }, existing.title);
    });
  }
}

/** `assigned_to` (a user's login e-mail; unknown → no deals), `status`, `updated_since`. */
function dealConditions(accountId: number, params: Params): RawBuilder<SqlBool>[] {
  const out: RawBuilder<SqlBool>[] = [];
  const since = timeFilter(params, 'updated_since');
  if (since !== undefined) out.push(sql<SqlBool>`deals.updated_at >= ${since}`);
  const assigned = text(params, 'assigned_to');
  if (assigned) {
    out.push(sql<SqlBool>`deals.assigned_to_user_id in (select id from users where account_id = ${accountId} and email_key = ${foldKey(assigned)})`);
  }
  const status = text(params, 'status');
  if (status) out.push(sql<SqlBool>`deals.status = ${status.trim().toLowerCase()}`);
  return out;
}
