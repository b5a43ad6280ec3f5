// The database handle. This is the only module that knows which engine is underneath
// (STYLE.md, convention 2): the rest of the code speaks Kysely. SQLite is the embedded default;
// PostgreSQL (pg pool) is the scale-out backend.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type ColumnDefinitionBuilder, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import type { DatabaseSetting } from '../config.js';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Storage {
  db: Kysely<Database>;
  dialect: Dialect;
  /** PostgreSQL schema in use, when DATABASE_URL names one */
  schema: string | null;
  /** a trivial round trip, for readiness checks */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type Db = Kysely<Database>;

function openSqlite(path: string): SQLite.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  // WAL lets readers run beside the single writer. synchronous=FULL makes every acknowledged
  // commit durable even across power loss (NORMAL would only survive a process crash: in WAL it
  // skips the fsync at commit, so the OS keeps the last commits; test/crash-safety.test.ts).
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return sqlite;
}

// int8 (bigint, count(*)) arrives from pg as a string; our values fit a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

function openPostgres(setting: Extract<DatabaseSetting, { dialect: 'postgres' }>): pg.Pool {
  const pool = new pg.Pool({
    connectionString: setting.url,
    max: setting.poolSize,
    // A schema of our own comes first; public stays visible for extensions (pg_trgm).
    ...(setting.schema ? { options: `-c search_path=${setting.schema},public` } : {}),
  });
  // An idle connection that the server drops (restart, failover, pg_terminate_backend) is emitted
  // as 'error' on the pool; unhandled, that kills the process. pg has already discarded the
  // client and the next query opens a new one; an outage shows in /readyz and in failed requests.
  pool.on('error', () => undefined);
  return pool;
}

export function openStorage(setting: DatabaseSetting): Storage {
  if (setting.dialect === 'postgres') {
    const pool = openPostgres(setting);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', schema: setting.schema, ping: () => ping(db), close: () => db.destroy() };
  }
  const sqlite = openSqlite(setting.path);
  const statements = cachingStatements(sqlite);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: statements }) });
  DIRECT_READS.set(db, (text, parameters) => (sqlite.inTransaction ? undefined : (statements.prepare(text).all(parameters) as unknown[])));
  return { db, dialect: 'sqlite', schema: null, ping: () => ping(db), close: () => db.destroy() };
}

type DirectRead = (text: string, parameters: readonly unknown[]) => unknown[] | undefined;

/**
 * Synchronous reads on an embedded SQLite handle, past Kysely's executor: its connection lock
 * and several awaits per query cost about a tenth of a GET person (issue 6, measured A B A B
 * 211 → 187 µs of CPU per request). Safe because better-sqlite3 runs a statement to completion
 * before anything else can run on this thread; while a transaction is open on the connection
 * (another request's write, awaiting between its statements) this answers undefined and the
 * caller goes through Kysely, which waits for the transaction to end. A transaction's own handle
 * is never registered, so its reads always go through it.
 */
const DIRECT_READS = new WeakMap<Kysely<Database>, DirectRead>();

/** Rows of a SELECT run directly when `db` allows it (see DIRECT_READS), else undefined. */
export function readDirect(db: Db, text: string, parameters: readonly unknown[]): unknown[] | undefined {
  return DIRECT_READS.get(db)?.(text, parameters);
}

/**
 * Kysely's SQLite driver prepares every query it runs; preparing cost more than running the query
 * itself on the hot paths (22 % of a GET-person profile, issue 6). The SQL text of a query shape
 * is stable (values are bound parameters), so prepared statements are kept by SQL text, least
 * recently used dropped beyond `max`. A statement still iterating is busy and cannot be shared;
 * then a fresh one is prepared.
 */
function cachingStatements(sqlite: SQLite.Database, max = 1000): SqliteDatabase & { prepare(text: string): SQLite.Statement } {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      const hit = cache.get(text);
      if (hit && !hit.busy) {
        cache.delete(text);
        cache.set(text, hit);
        return hit;
      }
      const stmt = sqlite.prepare(text);
      if (hit) return stmt;
      cache.set(text, stmt);
      if (cache.size > max) cache.delete(cache.keys().next().value as string);
      return stmt;
    },
  };
}

async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}

/** Create the schema named in a postgres DATABASE_URL when it does not exist yet. */
export async function ensureSchema(setting: DatabaseSetting): Promise<void> {
  if (setting.dialect !== 'postgres' || !setting.schema) return;
  const pool = new pg.Pool({ connectionString: setting.url, max: 1 });
  try {
    await pool.query(`create schema if not exists "${setting.schema}"`);
  } catch (err) {
    // Instances started together race here: IF NOT EXISTS does not cover a concurrent create, which
    // fails on pg_namespace's unique index (23505) or as duplicate_schema (42P06). Another instance
    // created it, which is all this wanted (test/multi-instance.test.ts).
    if (!isUniqueViolation(err) && (err as { code?: unknown }).code !== '42P06') throw err;
  } finally {
    await pool.end();
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function dialectOf(db: Kysely<any>): Dialect {
  return db.getExecutor().adapter.constructor.name.startsWith('Postgres') ? 'postgres' : 'sqlite';
}

/** An auto-incrementing integer primary key, spelled the way each engine wants it. */
export function autoId(dialect: Dialect): (col: ColumnDefinitionBuilder) => ColumnDefinitionBuilder {
  return dialect === 'postgres' ? (col) => col.primaryKey().generatedByDefaultAsIdentity() : (col) => col.primaryKey().autoIncrement();
}

/** Case-insensitive comparison key stored beside a display value. */
export function foldKey(value: string): string {
  return value.trim().toLowerCase();
}

/** A write refused by a unique constraint (concurrent duplicate): SQLite's or PostgreSQL's code. */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
