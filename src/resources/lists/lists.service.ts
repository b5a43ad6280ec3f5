// Lists (spec §14): read-only over the Classic API, as documented; managed through the admin
// CLI and the JSON admin API, the way decisions.md has SuperTag definitions managed.
import { integerId, paging } from '../../codec/input.js';
import type { Params, ParamValue } from '../../codec/params.js';
import { nowIso } from '../../codec/dates.js';
import { ForbiddenError, InvalidRecordError, NotFoundError } from '../../errors.js';
import type { Db } from '../../storage/db.js';
import type { ListRow } from '../../storage/schema.js';
import type { Caller } from '../accounts/accounts.service.js';
import { CONTACT_TYPES } from '../records/collections.js';
import { streamViews } from '../records/paginate.js';
import { recordTypeOf } from '../records/records.repository.js';
import type { ListSummary, ListView } from './lists.presenter.js';
import { addMember, findList, insertList, listBatch, listMembers, memberCounts, removeMember } from './lists.repository.js';

/** `limit` of lists.xml is unlimited by default (spec §1.6). */
const UNLIMITED = Number.MAX_SAFE_INTEGER;

export interface ListChanges {
  name?: string | null;
  description?: string | null;
}

function requireName(v: string | null | undefined): string {
  const name = (v ?? '').trim();
  if (name === '') throw new InvalidRecordError(["Name can't be blank"]);
  return name;
}

const blankToNull = (v: string | null | undefined): string | null => (v === null || v === undefined || v.trim() === '' ? null : v.trim());

/** Basic users may read lists but not change them (BatchBook roles, decisions.md). */
export function assertCanManageLists(caller: Caller): void {
  if (caller.role === 'basic') throw new ForbiddenError('Basic users may not change lists');
}

export class ListsService {
  constructor(private readonly db: Db) {}

  /** `lists.xml`: ascending id, `offset` 0, `limit` unlimited; read batch by batch. */
  index(accountId: number, params: Params): AsyncIterable<ListSummary> {
    const page = paging(params, UNLIMITED);
    const fetch = (afterId: number | null, offset: number, limit: number) => listBatch(this.db, accountId, afterId, offset, limit);
    return streamViews(fetch, page, (rows) => this.summaries(accountId, rows));
  }

  private async summaries(accountId: number, rows: ListRow[]): Promise<ListSummary[]> {
    const counts = await memberCounts(this.db, accountId, rows.map((r) => r.id));
    return rows.map((row) => ({ row, numRecords: counts.get(row.id) ?? 0 }));
  }

  async show(accountId: number, id: ParamValue | number | undefined): Promise<ListView> {
    const row = await this.requireList(accountId, id);
    const members = await listMembers(this.db, accountId, row.id);
    return { row, members, numRecords: members.length };
  }

  async create(accountId: number, name: string | null | undefined, description?: string | null): Promise<ListView> {
    const id = await insertList(this.db, accountId, requireName(name), blankToNull(description), nowIso());
    return this.show(accountId, id);
  }

  /** Omitted fields stay unchanged. */
  async update(accountId: number, id: ParamValue | number | undefined, changes: ListChanges): Promise<ListView> {
    const row = await this.requireList(accountId, id);
    const set: { name?: string; description?: string | null; updated_at: string } = { updated_at: nowIso() };
    if (changes.name !== undefined) set.name = requireName(changes.name);
    if (changes.description !== undefined) set.description = blankToNull(changes.description);
    await this.db.updateTable('lists').set(set).where('account_id', '=', accountId).where('id', '=', row.id).execute();
    return this.show(accountId, row.id);
  }

  async delete(accountId: number, id: ParamValue | number | undefined): Promise<ListView> {
    const view = await this.show(accountId, id);
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('list_members').where('account_id', '=', accountId).where('list_id', '=', view.row.id).execute();
      await trx.deleteFrom('lists').where('account_id', '=', accountId).where('id', '=', view.row.id).execute();
    });
    return view;
  }

  /** Adding a member twice is a no-op. Every id must be a person or company of the account (422). */
  async addMembers(accountId: number, listId: ParamValue | number | undefined, contactIds: readonly (string | number)[]): Promise<ListView> {
    return this.changeMembers(accountId, listId, contactIds, addMember);
  }

  /** Removing a contact that is not a member is a no-op; unknown contacts are still a 422. */
  async removeMembers(accountId: number, listId: ParamValue | number | undefined, contactIds: readonly (string | number)[]): Promise<ListView> {
    return this.changeMembers(accountId, listId, contactIds, removeMember);
  }

  private async changeMembers(
    accountId: number,
    listId: ParamValue | number | undefined,
    contactIds: readonly (string | number)[],
    change: (db: Db, accountId: number, listId: number, recordId: number, now: string) => Promise<void>,
  ): Promise<ListView> {
    const row = await this.requireList(accountId, listId);
    const ids = await this.requireContacts(accountId, contactIds);
    const now = nowIso();
    await this.db.transaction().execute(async (trx) => {
      for (const id of ids) await change(trx, accountId, row.id, id, now);
      await trx.updateTable('lists').set({ updated_at: now }).where('id', '=', row.id).execute();
    });
    return this.show(accountId, row.id);
  }

  private async requireList(accountId: number, raw: ParamValue | number | undefined): Promise<ListRow> {
    const id = integerId(typeof raw === 'number' ? String(raw) : raw);
    const row = id === null ? undefined : await findList(this.db, accountId, id);
    if (!row) throw new NotFoundError('List');
    return row;
  }

  private async requireContacts(accountId: number, raw: readonly (string | number)[]): Promise<number[]> {
    if (raw.length === 0) throw new InvalidRecordError(["Contact ids can't be blank"]);
    const ids: number[] = [];
    for (const r of raw) {
      const id = integerId(String(r).trim());
      const type = id === null ? undefined : await recordTypeOf(this.db, accountId, id);
      if (id === null || type === undefined || !CONTACT_TYPES.includes(type)) {
        throw new InvalidRecordError([`Contact ${String(r).trim()} is not a person or company of this account`]);
      }
      ids.push(id);
    }
    return ids;
  }
}
