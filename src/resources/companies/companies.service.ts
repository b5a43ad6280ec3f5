// Companies (spec §3): as people, with `name` required. Deleting a company unlinks its people.
import type { Updateable } from 'kysely';
import { integerId, paging, section, text } from '../../codec/input.js';
import type { Params, ParamValue } from '../../codec/params.js';
import { nowIso } from '../../codec/dates.js';
import { InvalidRecordError, NotFoundError } from '../../errors.js';
import { foldKey, type Db } from '../../storage/db.js';
import type { CompaniesTable, CompanyRow } from '../../storage/schema.js';
import type { Caller } from '../accounts/accounts.service.js';
import { loadContactParts } from '../contacts/contact-parts.js';
import { contactConditions, contactFilter } from '../contacts/contact-filters.js';
import { unlinkCompany } from '../people/people.repository.js';
import { streamViews } from '../records/paginate.js';
import { recordChanged, recordCreated, recordDeleted } from '../records/record-events.js';
import { searchRecords } from '../records/records.repository.js';
import { reindex, reindexEmployees } from '../records/search-index.js';
import { findCompany, insertCompany } from './companies.repository.js';
import type { CompanyView } from './companies.presenter.js';

export const COMPANIES_DEFAULT_LIMIT = 25;

function requireName(v: string | null | undefined): string {
  const name = (v ?? '').trim();
  if (name === '') throw new InvalidRecordError(["Name can't be blank"]);
  return name;
}

/**
 * robriggen/kohana-batchbook creates companies with person-style fields and never sends
 * `company[name]` (spec §18); its company name arrives as `company[company]`. Used only when no
 * name is given, so those creates do not all fail. A person's name is not a company name: a body
 * with only `first_name` still answers 422.
 */
function kohanaName(input: Params): string | null | undefined {
  return text(input, 'company');
}

/** Insert a company and announce it (index, activity); also used when a person names a new company. */
export async function createCompanyRecord(db: Db, caller: Caller, name: string, notes: string | null): Promise<number> {
  const id = await insertCompany(db, caller.accountId, name, notes);
  await recordCreated(db, caller, { id, type: 'company' }, { bare: true });
  return id;
}

export class CompaniesService {
  constructor(private readonly db: Db) {}

  async views(accountId: number, rows: CompanyRow[]): Promise<CompanyView[]> {
    const parts = await loadContactParts(this.db, accountId, rows.map((r) => r.id));
    return rows.map((row) => ({ row, parts: parts(row.id) }));
  }

  async show(caller: Caller, id: ParamValue | undefined): Promise<CompanyView> {
    const row = await this.requireRow(caller, id);
    return (await this.views(caller.accountId, [row]))[0] as CompanyView;
  }

  /** The caller's row with this id (no nested parts: updates and deletes need only the row). */
  private async requireRow(caller: Caller, id: ParamValue | undefined): Promise<CompanyRow> {
    const n = integerId(id);
    const row = n === null ? undefined : await findCompany(this.db, caller.accountId, n);
    if (!row) throw new NotFoundError('Company');
    return row;
  }

  /** `name` here is the company name (substring, case-insensitive). */
  list(caller: Caller, params: Params): AsyncIterable<CompanyView> {
    const page = paging(params, COMPANIES_DEFAULT_LIMIT);
    const conditions = contactConditions(this.db, 'companies', caller.accountId, contactFilter(params));
    const fetch = (afterId: number | null, offset: number, limit: number) =>
      searchRecords(this.db, 'companies', caller.accountId, conditions, afterId, offset, limit);
    return streamViews(fetch, page, (rows) => this.views(caller.accountId, rows));
  }

  async create(caller: Caller, params: Params): Promise<CompanyView> {
    const input = section(params, 'company');
    const name = requireName(text(input, 'name') || kohanaName(input));
    const notes = text(input, 'notes') || null;
    const id = await this.db.transaction().execute((trx) => createCompanyRecord(trx, caller, name, notes));
    return this.show(caller, String(id));
  }

  /** Unknown keys (the Kohana port sends `company[first_name]`) are ignored. */
  async update(caller: Caller, id: ParamValue | undefined, params: Params): Promise<CompanyView> {
    const existing = await this.requireRow(caller, id);
    const input = section(params, 'company');
    const changes: Updateable<CompaniesTable> = { updated_at: nowIso() };
    const name = text(input, 'name');
    if (name !== undefined) {
      changes.name = requireName(name);
      changes.name_key = foldKey(changes.name);
    }
    const notes = text(input, 'notes');
    if (notes !== undefined) changes.notes = notes === null || notes.trim() === '' ? null : notes;
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('companies').set(changes).where('account_id', '=', caller.accountId).where('id', '=', existing.id).execute();
      await recordChanged(trx, caller, { id: existing.id, type: 'company' });
      // Employees show the company's name (and are found by it in qtext).
      if (changes.name !== undefined && changes.name !== existing.name) await reindexEmployees(trx, caller.accountId, existing.id);
    });
    return this.show(caller, String(existing.id));
  }

  async remove(caller: Caller, id: ParamValue | undefined): Promise<void> {
    const existing = await this.requireRow(caller, id);
    await this.db.transaction().execute(async (trx) => {
      const employees = await unlinkCompany(trx, caller.accountId, existing.id, nowIso());
      await trx.deleteFrom('companies').where('account_id', '=', caller.accountId).where('id', '=', existing.id).execute();
      await recordDeleted(trx, caller, { id: existing.id, type: 'company' }, existing.name);
      for (const person of employees) await reindex(trx, caller.accountId, { id: person, type: 'person' });
    });
  }
}
