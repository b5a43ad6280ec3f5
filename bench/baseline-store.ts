// The baseline's reads: every statement prepared once (variable filter combinations once per
// combination, on first use), rows read as raw arrays. A page is read in a fixed number of
// set-based queries: the ids from an index already in id order with LIMIT/OFFSET (or keyset),
// then rows, tags, SuperTag values, locations and comments of exactly those ids via json_each(?).
// `+account_id` keeps the planner on the record_id indexes: without ANALYZE statistics SQLite
// otherwise reads locations and comments through (account_id, …) indexes, i.e. the whole account.
// `= +?` hides a parameter's value from the planner: with sqlite_stat4 (better-sqlite3 is built
// with SQLITE_ENABLE_STAT4, and the bench data set is analysed) a statement whose plan looked at a
// bound value is re-prepared every time it is bound again, about 20 µs per query (measured).
import type Database from 'better-sqlite3';
import { NO_PARTS, Parts, type CommentRow, type LocationRow, type PersonRow, type TagRow, type ValueRow } from './baseline-person.js';

type Statement = Database.Statement<unknown[], unknown>;

const IN_IDS = 'in (select value from json_each(?))';
const PERSON_COLUMNS =
  'p.id, p.first_name, p.last_name, p.small_image, p.large_image, p.title, c.name, p.company_id, p.notes, p.created_at, p.updated_at ' +
  'from people p left join companies c on c.id = p.company_id and c.account_id = p.account_id';
const TAGS = 'select tg.record_id, t.id, t.name, t.is_super from taggings tg join tags t on t.id = tg.tag_id where tg.account_id = ? and tg.record_id';
const VALUES =
  'select v.record_id, f.tag_id, f.field_key, v.value from super_tag_values v join super_tag_fields f on f.id = v.field_id where v.account_id = ? and v.record_id';
const LOCATIONS =
  'select record_id, id, label, is_primary, email, website, phone, cell, fax, street_1, street_2, city, state, postal_code, country ' +
  'from locations where +account_id = ? and record_id';
const COMMENTS = 'select c.record_id, c.id, c.comment, u.name, c.created_at from comments c join users u on u.id = c.user_id where +c.account_id = ? and c.record_id';

/** The people filters of contact-filters.ts the baseline answers. */
export interface PeopleFilter {
  /** lower-cased trimmed name; FTS phrase when ≥ 3 code points, LIKE otherwise */
  name?: string;
  /** email_key (trimmed, lower-cased) */
  email?: string;
  /** tag name_key */
  tag?: string;
}

/** Code points, not UTF-16 units (text-search.ts counts `[...w].length`). */
function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

const ftsPhrase = (term: string): string => `"${term.replace(/"/g, '""')}"`;
const likePattern = (term: string): string => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Statements for one person (`= +?`) or a batch (`in json_each`). */
class PartStatements {
  readonly rows: Statement;
  readonly tags: Statement;
  readonly values: Statement;
  readonly locations: Statement;
  readonly comments: Statement;
  private readonly begin: Statement;
  private readonly commit: Statement;

  constructor(
    private readonly db: Database.Database,
    match: string,
  ) {
    const raw = (sql: string): Statement => db.prepare(sql).raw(true);
    this.begin = db.prepare('begin');
    this.commit = db.prepare('commit');
    this.rows = raw(`select ${PERSON_COLUMNS} where +p.account_id = ? and p.id ${match} order by p.id`);
    this.tags = raw(`${TAGS} ${match} order by tg.record_id, t.id`);
    this.values = raw(`${VALUES} ${match} order by v.record_id, f.tag_id, f.position`);
    this.locations = raw(`${LOCATIONS} ${match} order by record_id, id`);
    this.comments = raw(`${COMMENTS} ${match} order by c.record_id, c.id`);
  }

  /**
   * Rows and parts; `key` is the id (one) or a JSON array of ids (batch). One read transaction
   * for all of them: in WAL mode each statement outside a transaction takes and drops the read
   * lock on its own, which costs more than a point query (measured: 4 lookups 12.7 µs → 6.3 µs).
   */
  load(accountId: number, key: number | string): { rows: PersonRow[]; parts: Parts } {
    if (this.db.inTransaction) return this.read(accountId, key);
    this.begin.run();
    try {
      return this.read(accountId, key);
    } finally {
      this.commit.run();
    }
  }

  private read(accountId: number, key: number | string): { rows: PersonRow[]; parts: Parts } {
    const rows = this.rows.all(accountId, key) as PersonRow[];
    if (rows.length === 0) return { rows, parts: NO_PARTS() };
    const tags = this.tags.all(accountId, key) as TagRow[];
    const values = tags.some((t) => t[3] === 1) ? (this.values.all(accountId, key) as ValueRow[]) : [];
    const parts = new Parts(tags, values, this.locations.all(accountId, key) as LocationRow[], this.comments.all(accountId, key) as CommentRow[]);
    return { rows, parts };
  }
}

export type Fetch<T> = (afterId: number | null, offset: number, limit: number) => T[];

export class Store {
  readonly one: PartStatements;
  readonly many: PartStatements;
  private readonly caller: Statement;
  private readonly cache = new Map<string, Statement>();

  constructor(private readonly db: Database.Database) {
    this.one = new PartStatements(db, '= +?');
    this.many = new PartStatements(db, IN_IDS);
    this.caller = db.prepare('select u.account_id, u.id, u.name from users u join accounts a on a.id = u.account_id where u.token_hash = ?').raw(true);
  }

  /** [accountId, userId, userName] of a token hash, or undefined. */
  callerOf(tokenHash: string): [number, number, string] | undefined {
    return this.caller.get(tokenHash) as [number, number, string] | undefined;
  }

  /** A statement prepared on first use; `pluck` answers the first column alone, else raw arrays. */
  private cached(sql: string, pluck = false): Statement {
    let s = this.cache.get(sql);
    if (s === undefined) {
      s = pluck ? this.db.prepare(sql).pluck(true) : this.db.prepare(sql).raw(true);
      this.cache.set(sql, s);
    }
    return s;
  }

  /**
   * Ids of the people matching `f`, in id order, read from an index already in id order so that
   * LIMIT stops early: taggings (tag_id, record_id) for a tag, the FTS table (rowid order) for a
   * name of 3+ characters, else the covering (account_id, id) index. Other filters are `id in`.
   */
  peopleIds(accountId: number, f: PeopleFilter): Fetch<number> {
    const fts = f.name !== undefined && codePoints(f.name) >= 3;
    let from: string;
    let key: string;
    const args: unknown[] = [];
    if (f.tag !== undefined) {
      from = 'taggings tg join people p on p.id = tg.record_id where tg.tag_id = (select id from tags where account_id = +? and name_key = +?) and +p.account_id = ?';
      key = 'tg.record_id';
      args.push(accountId, f.tag, accountId);
    } else if (fts) {
      from = 'people_name_fts f join people p on p.id = f.rowid where f.people_name_fts match ? and +p.account_id = ?';
      key = 'f.rowid';
      args.push(ftsPhrase(f.name as string), accountId);
    } else {
      from = 'people p where p.account_id = +?';
      key = 'p.id';
      args.push(accountId);
    }
    if (f.name !== undefined && key !== 'f.rowid') {
      from += fts ? ' and p.id in (select rowid from people_name_fts where people_name_fts match ?)' : " and p.name_key like +? escape '\\'";
      args.push(fts ? ftsPhrase(f.name) : likePattern(f.name));
    }
    if (f.email !== undefined) {
      from += ' and p.id in (select l.record_id from locations l where l.account_id = +? and l.email_key = +?)';
      args.push(accountId, f.email);
    }
    return this.pager(`select ${key} from ${from}`, key, args, true) as Fetch<number>;
  }

  /**
   * [record_id, record_type] of records whose search text contains every word (records-query):
   * driven by the FTS table in rowid order when a word has 3+ characters, LIKE for shorter ones.
   */
  searchHits(accountId: number, words: string[]): Fetch<[number, string]> {
    const long = words.filter((w) => codePoints(w) >= 3).map(ftsPhrase);
    const args: unknown[] = [];
    let from = 'search_index s where s.account_id = +?';
    let key = 's.record_id';
    if (long.length > 0) {
      from = 'search_index_fts f join search_index s on s.record_id = f.rowid where f.search_index_fts match ? and +s.account_id = ?';
      key = 'f.rowid';
      args.push(long.join(' AND '));
    }
    args.push(accountId);
    for (const w of words) {
      if (codePoints(w) >= 3) continue;
      from += " and s.content like +? escape '\\'";
      args.push(likePattern(w));
    }
    return this.pager(`select s.record_id, s.record_type from ${from}`, key, args, false) as Fetch<[number, string]>;
  }

  /** A batch reader: the first batch at `offset`, later ones after the last id (paginate.ts). */
  private pager(select: string, key: string, args: unknown[], pluck: boolean): Fetch<unknown> {
    const atOffset = this.cached(`${select} order by ${key} limit ? offset ?`, pluck);
    const after = this.cached(`${select} and ${key} > +? order by ${key} limit ?`, pluck);
    return (afterId, offset, limit) => (afterId === null ? atOffset.all(...args, limit, offset) : after.all(...args, afterId, limit));
  }

  /** Display names (search-index.ts displayNameOf) of a page of hits, by id. */
  displayNames(accountId: number, hits: [number, string][]): Map<number, string> {
    const byType = new Map<string, number[]>();
    for (const [id, type] of hits) {
      const list = byType.get(type);
      if (list) list.push(id);
      else byType.set(type, [id]);
    }
    const out = new Map<number, string>();
    for (const [type, ids] of byType) {
      const sql = DISPLAY_SQL[type];
      if (sql === undefined) continue;
      for (const row of this.cached(sql).all(accountId, JSON.stringify(ids)) as [number, string | null, string | null][]) {
        out.set(row[0], displayOf(type, row));
      }
    }
    return out;
  }
}

const DISPLAY_SQL: Record<string, string> = {
  person: `select id, first_name, last_name from people where +account_id = ? and id ${IN_IDS}`,
  company: `select id, name, null from companies where +account_id = ? and id ${IN_IDS}`,
  deal: `select id, title, null from deals where +account_id = ? and id ${IN_IDS}`,
  todo: `select id, title, null from todos where +account_id = ? and id ${IN_IDS}`,
  communication: `select id, subject, ctype from communications where +account_id = ? and id ${IN_IDS}`,
};

/** contact-names.ts personName(): the non-blank of first and last, joined by a space. */
export function personName(first: string | null, last: string | null): string {
  const a = first !== null && first !== '' && first.trim() !== '';
  const b = last !== null && last !== '' && last.trim() !== '';
  return a && b ? `${first} ${last}` : a ? (first as string) : b ? (last as string) : '';
}

function displayOf(type: string, row: [number, string | null, string | null]): string {
  if (type === 'person') return personName(row[1], row[2]);
  if (type !== 'communication') return row[1] as string;
  // communicationDisplay(): the subject, or the kind capitalised
  const subject = row[1];
  if (subject && subject.trim() !== '') return subject;
  const ctype = row[2] as string;
  return ctype.charAt(0).toUpperCase() + ctype.slice(1);
}
