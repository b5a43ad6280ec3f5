// The baseline's writes: create and update a person in one transaction each, writing the rows
// Classicbook writes (people.service.ts create()/update(), record-events.ts recordCreated /
// recordChanged, search-index.ts reindex(), affiliations.repository.ts syncAffiliation()):
// records, people (the FTS triggers follow), search_index, activities, affiliations on update.
// Only first_name, last_name, title and notes are read from the body; a company in the body is
// not handled by the baseline (HttpError 501).
import type Database from 'better-sqlite3';
import { HttpError, type Fields } from './baseline-body.js';
import type { PersonRow } from './baseline-person.js';
import { personName } from './baseline-store.js';

type Statement = Database.Statement<unknown[], unknown>;

export interface Caller {
  accountId: number;
  userId: number;
  userName: string;
}

/** Body fields an update may change, with their column in a PersonRow. */
const EDITABLE: [string, number][] = [['first_name', 1], ['last_name', 2], ['title', 5], ['notes', 8]];

/** people.service.ts nullIfBlank(). */
const nullIfBlank = (v: string | null): string | null => (v === null || v.trim() === '' ? null : v);

/** The search text of a person (reindex()): non-blank parts, one a line, lower-cased. */
function searchText(parts: (string | null)[]): string {
  let out = '';
  for (const p of parts) if (p !== null && p.trim() !== '') out += out === '' ? p : `\n${p}`;
  return out.toLowerCase();
}

function refuseCompany(fields: Fields): void {
  if (fields.has('company') || fields.has('company_id')) throw new HttpError(501, 'The baseline does not set companies');
}

export class Writer {
  private readonly insertRecord: Statement;
  private readonly countRecord: Statement;
  private readonly insertPerson: Statement;
  private readonly updatePerson: Statement;
  private readonly upsertSearch: Statement;
  private readonly insertActivity: Statement;
  private readonly closeAffiliations: Statement;
  private readonly closeOtherAffiliations: Statement;
  private readonly upsertAffiliation: Statement;
  private readonly emails: Statement;
  private readonly tagNames: Statement;
  private readonly commentTexts: Statement;
  private readonly createTx: (caller: Caller, row: PersonRow) => PersonRow;
  private readonly updateTx: (caller: Caller, row: PersonRow) => void;

  constructor(db: Database.Database) {
    this.insertRecord = db.prepare("insert into records (account_id, record_type) values (?, 'person')");
    this.countRecord = db.prepare(
      "insert into record_pages (account_id, record_type, block, n) values (?, 'person', ?, 1) on conflict (account_id, record_type, block) do update set n = record_pages.n + 1",
    );
    this.insertPerson = db.prepare(
      'insert into people (id, account_id, first_name, last_name, name_key, title, notes, company_id, small_image, large_image, created_at, updated_at) ' +
        'values (?, ?, ?, ?, ?, ?, ?, null, null, null, ?, ?)',
    );
    this.updatePerson = db.prepare(
      'update people set first_name = ?, last_name = ?, title = ?, notes = ?, name_key = ?, updated_at = ? where account_id = ? and id = ?',
    );
    this.upsertSearch = db.prepare(
      "insert into search_index (record_id, account_id, record_type, content) values (?, ?, 'person', ?) on conflict (record_id) do update set content = excluded.content",
    );
    this.insertActivity = db.prepare(
      'insert into activities (account_id, user_id, user_name, name, description, record_type, record_id, created_at) ' +
        "values (?, ?, ?, ?, ?, 'Individual', ?, ?)",
    );
    const close = 'update affiliations set current = 0, updated_at = ? where account_id = ? and person_id = ? and current = 1';
    this.closeAffiliations = db.prepare(close);
    this.closeOtherAffiliations = db.prepare(`${close} and company_id != ?`);
    this.upsertAffiliation = db.prepare(
      'insert into affiliations (account_id, person_id, company_id, job_title, current, created_at, updated_at) values (?, ?, ?, ?, 1, ?, ?) ' +
        'on conflict (person_id, company_id) do update set current = 1, job_title = excluded.job_title, updated_at = excluded.updated_at',
    );
    // The same statements reindex() runs, so that e-mails, tags and comments come in the same order.
    this.emails = db.prepare('select email from locations where record_id = ? and account_id = ? order by id').pluck(true);
    this.tagNames = db.prepare('select tags.name from taggings inner join tags on tags.id = taggings.tag_id where taggings.record_id = ? and taggings.account_id = ? order by tags.id').pluck(true);
    this.commentTexts = db.prepare('select comment from comments where record_id = ? and account_id = ? order by id').pluck(true);
    this.createTx = db.transaction((caller: Caller, row: PersonRow) => this.insertRows(caller, row));
    this.updateTx = db.transaction((caller: Caller, row: PersonRow) => this.updateRows(caller, row));
  }

  /** The new person's row (as the response shows it), validated before the transaction starts. */
  create(caller: Caller, fields: Fields): PersonRow {
    refuseCompany(fields);
    const first = nullIfBlank(fields.get('first_name') ?? null);
    const last = nullIfBlank(fields.get('last_name') ?? null);
    if (first === null && last === null) throw new HttpError(422, "First name can't be blank");
    const now = new Date().toISOString();
    const row: PersonRow = [0, first, last, null, null, nullIfBlank(fields.get('title') ?? null), null, null, nullIfBlank(fields.get('notes') ?? null), now, now];
    return this.createTx(caller, row);
  }

  /** Apply the body to `existing`; omitted fields stay unchanged. */
  update(caller: Caller, existing: PersonRow, fields: Fields): void {
    refuseCompany(fields);
    const row = existing.slice() as PersonRow;
    for (const [key, column] of EDITABLE) {
      const v = fields.get(key);
      if (v !== undefined) row[column] = nullIfBlank(v);
    }
    if (row[1] === null && row[2] === null) throw new HttpError(422, "First name can't be blank");
    row[10] = new Date().toISOString();
    this.updateTx(caller, row);
  }

  private insertRows(caller: Caller, row: PersonRow): PersonRow {
    const [, first, last, , , title, , , notes, now] = row;
    const name = personName(first, last);
    const id = Number(this.insertRecord.run(caller.accountId).lastInsertRowid);
    this.countRecord.run(caller.accountId, Math.floor(id / 1024));
    this.insertPerson.run(id, caller.accountId, first, last, name.toLowerCase(), title, notes, now, now);
    // syncAffiliation(null) closes current affiliations: a new id has none.
    this.upsertSearch.run(id, caller.accountId, searchText([name, title, notes]));
    this.insertActivity.run(caller.accountId, caller.userId, caller.userName, 'Person created', name, id, now);
    row[0] = id;
    return row;
  }

  private updateRows(caller: Caller, row: PersonRow): void {
    const [id, first, last, , , title, company, companyId, notes, , now] = row;
    const name = personName(first, last);
    this.updatePerson.run(first, last, title, notes, name.toLowerCase(), now, caller.accountId, id);
    if (companyId === null) this.closeAffiliations.run(now, caller.accountId, id);
    else {
      this.closeOtherAffiliations.run(now, caller.accountId, id, companyId);
      this.upsertAffiliation.run(caller.accountId, id, companyId, title, now, now);
    }
    const text = [name, title, notes, company];
    for (const list of [this.emails, this.tagNames, this.commentTexts]) text.push(...(list.all(id, caller.accountId) as (string | null)[]));
    this.upsertSearch.run(id, caller.accountId, searchText(text));
    this.insertActivity.run(caller.accountId, caller.userId, caller.userName, 'Person updated', name, id, now);
  }
}
