// The database handle. This is the only module that knows which engine is underneath
// (STYLE.md, convention 2): the rest of the code speaks Kysely.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, type ColumnDefinitionBuilder } from 'kysely';
import type { DatabaseSetting } from '../config.js';
import type { Database } from './schema.js';

export type Dialect = 'sqlite';

export interface Storage {
  db: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
}

export type Db = Kysely<Database>;

function openSqlite(path: string): SQLite.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  // WAL lets readers run beside the single writer. synchronous=FULL makes every acknowledged
  // commit durable even across power loss (NORMAL would only survive a process crash).
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return sqlite;
}

export function openStorage(setting: DatabaseSetting): Storage {
  const sqlite = openSqlite(setting.path);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    db,
    dialect: 'sqlite',
    close: () => db.destroy(),
  };
}

/** An auto-incrementing integer primary key, spelled the way the engine wants it. */
export function autoId(col: ColumnDefinitionBuilder): ColumnDefinitionBuilder {
  return col.primaryKey().autoIncrement();
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
