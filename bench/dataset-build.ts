// Fills a freshly migrated SQLite file with the benchmark data set (bench/dataset-model.ts), row by
// row the way Classicbook's services would have written it — record ids from `records`, name and
// e-mail keys, the 'work' location, taggings, the current affiliation, and the search_index text
// that reindex() (src/resources/records/search-index.ts) computes — but with prepared statements
// in large transactions and without a journal, so a million people take about a minute.
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import {
  BENCH_ACCOUNT, BENCH_TOKEN, TAG_NAMES, communicationAt, communicationCount, communicationId, companyCount,
  companyId, companyLocation, companyName, dealAt, dealCount, dealId, fullName, personAt, personId,
  timestampOf, type LocationData,
} from './dataset-model.js';

/** Rows per transaction: large enough to amortise commits, small enough to report progress. */
const BATCH = 50_000;

/** What reindex() stores: non-blank parts, one per line, lower-cased. */
function searchText(parts: readonly (string | null)[]): string {
  return parts.filter((x): x is string => x !== null && x.trim() !== '').join('\n').toLowerCase();
}

function statements(db: Database.Database) {
  return {
    record: db.prepare('insert into records (account_id, record_type) values (?, ?)'),
    person: db.prepare(
      'insert into people (id, account_id, first_name, last_name, name_key, title, notes, company_id, small_image, large_image, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, null, null, ?, ?)',
    ),
    company: db.prepare('insert into companies (id, account_id, name, name_key, notes, small_image, large_image, created_at, updated_at) values (?, ?, ?, ?, null, null, null, ?, ?)'),
    location: db.prepare(
      "insert into locations (account_id, record_id, label, label_key, is_primary, email, email_key, website, phone, cell, fax, street_1, street_2, city, state, state_key, postal_code, country, created_at, updated_at) values (?, ?, 'work', 'work', 1, ?, ?, ?, ?, null, null, ?, null, ?, ?, ?, ?, ?, ?, ?)",
    ),
    tagging: db.prepare('insert into taggings (account_id, record_id, tag_id, created_at) values (?, ?, ?, ?)'),
    affiliation: db.prepare('insert into affiliations (account_id, person_id, company_id, job_title, current, created_at, updated_at) values (?, ?, ?, ?, 1, ?, ?)'),
    deal: db.prepare(
      'insert into deals (id, account_id, title, description, deal_with_id, status, assigned_to_user_id, amount_cents, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    communication: db.prepare('insert into communications (id, account_id, subject, body, date, ctype, deal_id, created_at, updated_at) values (?, ?, ?, ?, ?, ?, null, ?, ?)'),
    participant: db.prepare('insert into record_contacts (account_id, record_id, contact_id, role, created_at) values (?, ?, ?, ?, ?)'),
    search: db.prepare('insert into search_index (record_id, account_id, record_type, content) values (?, ?, ?, ?)'),
  };
}

type Statements = ReturnType<typeof statements>;

interface Context {
  s: Statements;
  account: number;
  owner: number;
  people: number;
  /** tag id by name */
  tags: Map<string, number>;
}

/** A `records` row; the id must be the one the data model promises. */
function newRecord(c: Context, type: string, expected: number): void {
  const id = Number(c.s.record.run(c.account, type).lastInsertRowid);
  if (id !== expected) throw new Error(`${type} got record id ${id}, expected ${expected}: the file was not fresh`);
}

function addLocation(c: Context, recordId: number, l: LocationData, at: string): void {
  c.s.location.run(c.account, recordId, l.email, l.email.toLowerCase(), l.website, l.phone, l.street_1, l.city, l.state, l.state.toLowerCase(), l.postal_code, l.country, at, at);
}

function addPerson(c: Context, i: number): void {
  const p = personAt(i);
  const id = personId(i);
  const at = timestampOf(id);
  const company = p.company === null ? null : companyId(p.company, c.people);
  newRecord(c, 'person', id);
  c.s.person.run(id, c.account, p.first_name, p.last_name, fullName(p).toLowerCase(), p.title, p.notes, company, at, at);
  addLocation(c, id, p.location, at);
  for (const t of p.tags) c.s.tagging.run(c.account, id, c.tags.get(t), at);
  if (company !== null) c.s.affiliation.run(c.account, id, company, p.title, at, at);
  const companyText = p.company === null ? null : companyName(p.company);
  c.s.search.run(id, c.account, 'person', searchText([fullName(p), p.title, p.notes, companyText, p.email, ...p.tags]));
}

function addCompany(c: Context, k: number): void {
  const id = companyId(k, c.people);
  const at = timestampOf(id);
  const name = companyName(k);
  const location = companyLocation(k);
  newRecord(c, 'company', id);
  c.s.company.run(id, c.account, name, name.toLowerCase(), at, at);
  addLocation(c, id, location, at);
  c.s.search.run(id, c.account, 'company', searchText([name, null, location.email]));
}

function addDeal(c: Context, k: number): void {
  const d = dealAt(k, c.people);
  const id = dealId(k, c.people);
  const at = timestampOf(id);
  newRecord(c, 'deal', id);
  c.s.deal.run(id, c.account, d.title, d.description, personId(d.withPerson), d.status, c.owner, d.amount_cents, at, at);
  c.s.search.run(id, c.account, 'deal', searchText([d.title, d.description]));
}

function addCommunication(c: Context, k: number): void {
  const m = communicationAt(k, c.people);
  const id = communicationId(k, c.people);
  const at = timestampOf(id);
  newRecord(c, 'communication', id);
  c.s.communication.run(id, c.account, m.subject, m.body, at, m.ctype, at, at);
  c.s.participant.run(c.account, id, personId(m.from), 'from', at);
  c.s.participant.run(c.account, id, personId(m.to), 'to', at);
  c.s.search.run(id, c.account, 'communication', searchText([m.subject, m.body]));
}

/** The account, its owner (token hash of BENCH_TOKEN) and every tag, in TAG_NAMES order. */
function addAccount(db: Database.Database, s: Statements, people: number): Context {
  const at = timestampOf(0);
  const account = Number(db.prepare('insert into accounts (name, created_at) values (?, ?)').run(BENCH_ACCOUNT, at).lastInsertRowid);
  const hash = createHash('sha256').update(BENCH_TOKEN, 'utf8').digest('hex');
  const owner = Number(
    db
      .prepare("insert into users (account_id, email, email_key, name, role, token_hash, created_at, updated_at) values (?, ?, ?, 'Bench Owner', 'owner', ?, ?, ?)")
      .run(account, `owner@${BENCH_ACCOUNT}.example`, `owner@${BENCH_ACCOUNT}.example`, hash, at, at).lastInsertRowid,
  );
  const tag = db.prepare('insert into tags (account_id, name, name_key, is_super, created_at) values (?, ?, ?, 0, ?)');
  const tags = new Map(TAG_NAMES.map((name) => [name, Number(tag.run(account, name, name, at).lastInsertRowid)] as const));
  return { s, account, owner, people, tags };
}

/** Run `add(0..count-1)` in transactions of BATCH rows, logging each. */
function inBatches(db: Database.Database, what: string, count: number, add: (k: number) => void, log: (s: string) => void): void {
  const run = db.transaction((from: number, to: number) => {
    for (let k = from; k < to; k++) add(k);
  });
  for (let from = 0; from < count; from += BATCH) {
    const to = Math.min(count, from + BATCH);
    run(from, to);
    log(`${what}: ${to}/${count}`);
  }
}

/**
 * Run `fill` with the FTS insert triggers of migration 003 dropped, then build each FTS index in
 * one pass ('rebuild' reads the external content table) and put the triggers back from their own
 * stored SQL: the same index and the same triggers, about three times faster than firing the
 * triggers row by row. Only the triggers' place in sqlite_master's order changes.
 */
function withBulkFts(db: Database.Database, fill: () => void): void {
  const triggers = db.prepare("select name, sql from sqlite_master where type = 'trigger' and name like '%\\_fts\\_ai' escape '\\'").all() as { name: string; sql: string }[];
  for (const t of triggers) db.exec(`drop trigger ${t.name}`);
  fill();
  for (const t of triggers) {
    const fts = t.name.slice(0, -'_ai'.length);
    db.exec(`insert into ${fts}(${fts}) values ('rebuild')`);
    db.exec(t.sql);
  }
}

/** Fill `file` (migrated, empty) with `people` people and their companies, deals and communications. */
export function fillDatabase(file: string, people: number, log: (s: string) => void): void {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('foreign_keys = ON');
    db.pragma('cache_size = -262144');
    db.pragma('temp_store = MEMORY');
    withBulkFts(db, () => {
      const c = db.transaction(() => addAccount(db, statements(db), people))();
      inBatches(db, 'people', people, (i) => addPerson(c, i), log);
      inBatches(db, 'companies', companyCount(people), (k) => addCompany(c, k), log);
      inBatches(db, 'deals', dealCount(people), (k) => addDeal(c, k), log);
      inBatches(db, 'communications', communicationCount(people), (k) => addCommunication(c, k), log);
      log('building the text indexes');
    });
    // The per-block record counts behind `offset=` (migration 004), as that migration computes them.
    db.exec('insert into record_pages (account_id, record_type, block, n) select account_id, record_type, id / 1024, count(*) from records group by account_id, record_type, id / 1024');
    // No ANALYZE: a database the server built has no sqlite_stat tables, so plans here are the
    // plans a real deployment gets.
    db.pragma('journal_mode = WAL');
  } finally {
    db.close();
  }
}
