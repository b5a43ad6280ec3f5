// Substring search that uses an index on both engines (migration 003): on SQLite a trigram FTS5
// table mirrors the column and answers phrase queries; on PostgreSQL a pg_trgm GIN index serves
// `LIKE '%…%'` directly. Terms shorter than three characters have no trigram and fall back to a
// plain LIKE. Every term must occur; matching is case-insensitive (the columns are lower-cased).
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { dialectOf, type Db } from './db.js';

export interface TextColumn {
  table: 'people' | 'companies' | 'search_index';
  id: 'id' | 'record_id';
  column: 'name_key' | 'content';
  fts: 'people_name_fts' | 'companies_name_fts' | 'search_index_fts';
}

export const PEOPLE_NAMES: TextColumn = { table: 'people', id: 'id', column: 'name_key', fts: 'people_name_fts' };
export const COMPANY_NAMES: TextColumn = { table: 'companies', id: 'id', column: 'name_key', fts: 'companies_name_fts' };
export const RECORD_TEXT: TextColumn = { table: 'search_index', id: 'record_id', column: 'content', fts: 'search_index_fts' };

/** `%term%` with LIKE's own wildcards escaped (used with `escape '\'`). */
export function likePattern(term: string): string {
  return `%${term.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** An FTS5 phrase: the term in double quotes, quotes doubled, so no FTS syntax applies. */
function ftsPhrase(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

function like(col: TextColumn, term: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(`${col.table}.${col.column}`)} like ${likePattern(term)} escape '\\'`;
}

/** Conditions under which `col` contains every one of `terms`. */
export function containsAll(db: Db, col: TextColumn, terms: string[]): RawBuilder<SqlBool>[] {
  const words = terms.map((t) => t.trim().toLowerCase()).filter((t) => t !== '');
  if (dialectOf(db) === 'postgres') return words.map((w) => like(col, w));
  const long = words.filter((w) => [...w].length >= 3);
  const out = words.filter((w) => [...w].length < 3).map((w) => like(col, w));
  if (long.length > 0) {
    const match = long.map(ftsPhrase).join(' AND ');
    out.push(sql<SqlBool>`${sql.ref(`${col.table}.${col.id}`)} in (select rowid from ${sql.table(col.fts)} where ${sql.table(col.fts)} match ${match})`);
  }
  return out;
}
