// Indexes for substring search (`name=` on people and companies, `records.xml?qtext=`), so those
// searches never scan whole tables: trigram FTS5 tables kept in step by triggers on SQLite,
// pg_trgm GIN indexes on PostgreSQL. See src/storage/text-search.ts for the queries.
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../db.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** table, its key column, the text column, and the FTS5 table mirroring it on SQLite */
const INDEXED = [
  { table: 'people', id: 'id', column: 'name_key', fts: 'people_name_fts' },
  { table: 'companies', id: 'id', column: 'name_key', fts: 'companies_name_fts' },
  { table: 'search_index', id: 'record_id', column: 'content', fts: 'search_index_fts' },
] as const;

async function upSqlite(db: AnyDb): Promise<void> {
  for (const { table, id, column, fts } of INDEXED) {
    // External-content FTS5: the text lives once, in the base table; the index holds trigrams.
    await sql.raw(`create virtual table ${fts} using fts5(${column}, content='${table}', content_rowid='${id}', tokenize='trigram')`).execute(db);
    await sql.raw(`create trigger ${fts}_ai after insert on ${table} begin insert into ${fts}(rowid, ${column}) values (new.${id}, new.${column}); end`).execute(db);
    await sql.raw(`create trigger ${fts}_ad after delete on ${table} begin insert into ${fts}(${fts}, rowid, ${column}) values ('delete', old.${id}, old.${column}); end`).execute(db);
    await sql
      .raw(
        `create trigger ${fts}_au after update of ${column} on ${table} begin ` +
          `insert into ${fts}(${fts}, rowid, ${column}) values ('delete', old.${id}, old.${column}); ` +
          `insert into ${fts}(rowid, ${column}) values (new.${id}, new.${column}); end`,
      )
      .execute(db);
    await sql.raw(`insert into ${fts}(${fts}) values ('rebuild')`).execute(db);
  }
}

async function upPostgres(db: AnyDb): Promise<void> {
  try {
    await sql`create extension if not exists pg_trgm with schema public`.execute(db);
  } catch (err) {
    // Two instances (or test schemas) migrating at once can race on creating the extension.
    const code = (err as { code?: string }).code;
    if (code !== '23505' && code !== '42710') throw err;
  }
  for (const { table, column } of INDEXED) {
    await sql.raw(`create index ${table}_${column}_trgm on ${table} using gin (${column} public.gin_trgm_ops)`).execute(db);
  }
}

export async function up(db: AnyDb): Promise<void> {
  await (dialectOf(db) === 'postgres' ? upPostgres(db) : upSqlite(db));
}

export async function down(db: AnyDb): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    for (const { table, column } of INDEXED) await sql.raw(`drop index if exists ${table}_${column}_trgm`).execute(db);
    return;
  }
  for (const { fts } of INDEXED) {
    for (const t of ['ai', 'ad', 'au']) await sql.raw(`drop trigger if exists ${fts}_${t}`).execute(db);
    await sql.raw(`drop table if exists ${fts}`).execute(db);
  }
}
