// People (spec §2): create, update, delete, show, and list/search with streaming batches.
import { integerId, paging, section, text } from '../../codec/input.js';
import type { Params, ParamValue } from '../../codec/params.js';
import { nowIso } from '../../codec/dates.js';
import { InvalidRecordError, NotFoundError } from '../../errors.js';
import type { Db } from '../../storage/db.js';
import { prepared } from '../../storage/prepared.js';
import type { PeopleTable, PersonRow } from '../../storage/schema.js';
import type { Updateable } from 'kysely';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Caller } from '../accounts/accounts.service.js';
import { companyNames, findCompany, findCompanyByName } from '../companies/companies.repository.js';
import { createCompanyRecord } from '../companies/companies.service.js';
import { syncAffiliation } from '../affiliations/affiliations.repository.js';
import { recordChanged, recordCreated, recordDeleted } from '../records/record-events.js';
import { loadContactParts } from '../contacts/contact-parts.js';
import { personName } from '../contacts/contact-names.js';
import { contactConditions, contactFilter } from '../contacts/contact-filters.js';
import { allocateId, searchRecords } from '../records/records.repository.js';
import { streamViews } from '../records/paginate.js';
import { deletePerson, findPerson, insertPerson, updatePerson } from './people.repository.js';
import type { PersonView } from './people.presenter.js';

export const PEOPLE_DEFAULT_LIMIT = 25;

/** One person with its company's name in one statement (every GET, create and update answer). */
const personWithCompany = prepared((db: Db, accountId: number, id: number) =>
  db
    .selectFrom('people')
    .leftJoin('companies', (join) => join.onRef('companies.id', '=', 'people.company_id').onRef('companies.account_id', '=', 'people.account_id'))
    .selectAll('people')
    .select('companies.name as company_name')
    .where('people.account_id', '=', accountId)
    .where('people.id', '=', id),
);

export function displayName(p: Pick<PersonRow, 'first_name' | 'last_name'>): string {
  return personName(p.first_name, p.last_name);
}

function nameKey(first: string | null, last: string | null): string {
  return displayName({ first_name: first, last_name: last }).toLowerCase();
}

const nullIfBlank = (v: string | null): string | null => (v === null || v.trim() === '' ? null : v);

export class PeopleService {
  constructor(private readonly db: Db) {}

  /** Views (company name, tags, locations, comments) for a batch of rows. */
  async views(accountId: number, rows: PersonRow[]): Promise<PersonView[]> {
    const ids = rows.map((r) => r.id);
    const parts = await loadContactParts(this.db, accountId, ids);
    const names = await companyNames(this.db, accountId, rows.flatMap((r) => (r.company_id === null ? [] : [r.company_id])));
    return rows.map((row) => ({ row, companyName: row.company_id === null ? null : (names.get(row.company_id) ?? null), parts: parts(row.id) }));
  }

  async show(caller: Caller, id: ParamValue | undefined): Promise<PersonView> {
    const n = integerId(id);
    const [found] = n === null ? [] : await personWithCompany(this.db, caller.accountId, n);
    if (!found) throw new NotFoundError('Person');
    const { company_name: companyName, ...row } = found;
    return { row, companyName, parts: (await loadContactParts(this.db, caller.accountId, [row.id]))(row.id) };
  }

  /** The caller's row with this id (no nested parts: updates and deletes need only the row). */
  private async requireRow(caller: Caller, id: ParamValue | undefined): Promise<PersonRow> {
    const n = integerId(id);
    const row = n === null ? undefined : await findPerson(this.db, caller.accountId, n);
    if (!row) throw new NotFoundError('Person');
    return row;
  }

  /**
   * List/search (spec §2). Filters are validated here, before the first byte is sent; the
   * returned iterable then reads the database batch by batch as the response is written.
   */
  list(caller: Caller, params: Params, scope: { companyId?: number; dealId?: number } = {}): AsyncIterable<PersonView> {
    const page = paging(params, PEOPLE_DEFAULT_LIMIT);
    const conditions = this.conditions(caller.accountId, params, scope);
    const fetch = (afterId: number | null, offset: number, limit: number) =>
      searchRecords(this.db, 'people', caller.accountId, conditions, afterId, offset, limit);
    return streamViews(fetch, page, (rows) => this.views(caller.accountId, rows));
  }

  private conditions(accountId: number, params: Params, scope: { companyId?: number; dealId?: number }): RawBuilder<SqlBool>[] {
    const conditions = contactConditions(this.db, 'people', accountId, contactFilter(params));
    const companyId = scope.companyId ?? idParam(params, 'company_id');
    if (companyId !== undefined) conditions.push(sql<SqlBool>`people.company_id = ${companyId}`);
    // People on a deal (spec §11): its attached contacts and the contact the deal is with.
    const dealId = scope.dealId ?? idParam(params, 'deal_id');
    if (dealId !== undefined) {
      conditions.push(
        sql<SqlBool>`(exists (select 1 from record_contacts rc where rc.record_id = ${dealId} and rc.account_id = ${accountId} and rc.contact_id = people.id) or exists (select 1 from deals d where d.id = ${dealId} and d.account_id = ${accountId} and d.deal_with_id = people.id))`,
      );
    }
    return conditions;
  }

  async create(caller: Caller, params: Params): Promise<PersonView> {
    const input = section(params, 'person');
    const first = nullIfBlank(text(input, 'first_name') ?? null);
    const last = nullIfBlank(text(input, 'last_name') ?? null);
    if (first === null && last === null) throw new InvalidRecordError(["First name can't be blank"]);
    const now = nowIso();
    const id = await this.db.transaction().execute(async (trx) => {
      const companyId = await resolveCompany(trx, caller, input);
      const newId = await allocateId(trx, caller.accountId, 'person');
      await insertPerson(trx, {
        id: newId,
        account_id: caller.accountId,
        first_name: first,
        last_name: last,
        name_key: nameKey(first, last),
        title: nullIfBlank(text(input, 'title') ?? null),
        notes: nullIfBlank(text(input, 'notes') ?? null),
        company_id: companyId ?? null,
        small_image: null,
        large_image: null,
        created_at: now,
        updated_at: now,
      });
      // A new person has no affiliation to close; only a company link makes one.
      if (companyId) await syncAffiliation(trx, caller.accountId, newId, companyId, nullIfBlank(text(input, 'title') ?? null));
      await recordCreated(trx, caller, { id: newId, type: 'person' }, { bare: true });
      return newId;
    });
    return this.show(caller, String(id));
  }

  /** Omitted fields stay unchanged; read-only and nested fields echoed by clients are ignored. */
  async update(caller: Caller, id: ParamValue | undefined, params: Params): Promise<PersonView> {
    const existing = await this.requireRow(caller, id);
    const input = section(params, 'person');
    const changes: Updateable<PeopleTable> = {};
    for (const f of ['first_name', 'last_name', 'title', 'notes'] as const) {
      const v = text(input, f);
      if (v !== undefined) changes[f] = nullIfBlank(v);
    }
    const first = changes.first_name !== undefined ? changes.first_name : existing.first_name;
    const last = changes.last_name !== undefined ? changes.last_name : existing.last_name;
    if (first === null && last === null) throw new InvalidRecordError(["First name can't be blank"]);
    changes.name_key = nameKey(first, last);
    await this.db.transaction().execute(async (trx) => {
      const companyId = await resolveCompany(trx, caller, input);
      if (companyId !== undefined) changes.company_id = companyId;
      await updatePerson(trx, caller.accountId, existing.id, { ...changes, updated_at: nowIso() });
      // The current affiliation follows the person's company and title (spec §13).
      const title = changes.title !== undefined ? changes.title : existing.title;
      await syncAffiliation(trx, caller.accountId, existing.id, companyId !== undefined ? companyId : existing.company_id, title);
      await recordChanged(trx, caller, { id: existing.id, type: 'person' });
    });
    return this.show(caller, String(existing.id));
  }

  async remove(caller: Caller, id: ParamValue | undefined): Promise<void> {
    const existing = await this.requireRow(caller, id);
    await this.db.transaction().execute(async (trx) => {
      await deletePerson(trx, caller.accountId, existing.id);
      await recordDeleted(trx, caller, { id: existing.id, type: 'person' }, displayName(existing));
    });
  }
}

function idParam(params: Params, key: string): number | undefined {
  const v = text(params, key);
  if (v === undefined || v === null || v === '') return undefined;
  const id = integerId(v);
  if (id === null) throw new InvalidRecordError([`${key} must be a record id`]);
  return id;
}

/**
 * The company link from `company_id` and/or `company` (a name). ActiveResource echoes both on
 * update, so the id wins unless the name was changed to something else: then the name is
 * linked — an existing company with that name, or a new one (spec §2). Returns undefined when
 * the input says nothing about the company, null to unlink.
 */
async function resolveCompany(db: Db, caller: Caller, input: Params): Promise<number | null | undefined> {
  const accountId = caller.accountId;
  const rawId = text(input, 'company_id');
  const name = text(input, 'company');
  let byId: number | null | undefined;
  if (rawId !== undefined) {
    if (rawId === null || rawId === '') byId = null;
    else {
      const id = integerId(rawId);
      const company = id === null ? undefined : await findCompany(db, accountId, id);
      if (!company) throw new InvalidRecordError(['Company does not exist']);
      if (name === undefined || name === null || name.trim() === '' || company.name_key === name.trim().toLowerCase()) return company.id;
      byId = company.id;
    }
  }
  if (name === undefined) return byId;
  if (name === null || name.trim() === '') return rawId === undefined ? null : byId;
  const found = await findCompanyByName(db, accountId, name);
  if (found) return found.id;
  return createCompanyRecord(db, caller, name.trim(), null);
}
