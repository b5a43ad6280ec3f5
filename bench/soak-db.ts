// The soak's database: a fresh SQLite file or a fresh PostgreSQL schema, and a direct count of
// people in it (a second check besides the API's count).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';

export type Dialect = 'sqlite' | 'postgres';

export interface SoakDatabase {
  dialect: Dialect;
  url: string;
  /** rows in the people table, read directly (call after the server has stopped) */
  countPeople: () => Promise<number>;
  /** delete the file or drop the schema */
  dispose: () => Promise<void>;
}

const POSTGRES = process.env.SOAK_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function freshDatabase(dialect: Dialect): SoakDatabase {
  return dialect === 'sqlite' ? freshSqlite() : freshPostgres();
}

function freshSqlite(): SoakDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'classicbook-soak-'));
  const file = join(dir, 'soak.db');
  return {
    dialect: 'sqlite',
    url: `sqlite:${file}`,
    countPeople: async () => {
      const db = new Database(file, { readonly: true });
      try {
        const row: unknown = db.prepare('select count(*) as n from people').get();
        return typeof row === 'object' && row !== null && 'n' in row ? Number(row.n) : -1;
      } finally {
        db.close();
      }
    },
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function freshPostgres(): SoakDatabase {
  const host = new URL(POSTGRES).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') throw new Error(`the soak runs on loopback only, not ${host}`);
  const schema = `soak_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const query = async (sql: string): Promise<pg.QueryResult> => {
    const pool = new pg.Pool({ connectionString: POSTGRES, max: 1 });
    try {
      return await pool.query(sql);
    } finally {
      await pool.end();
    }
  };
  return {
    dialect: 'postgres',
    url: `${POSTGRES}?schema=${schema}`,
    countPeople: async () => Number((await query(`select count(*) as n from "${schema}".people`)).rows[0]?.n ?? -1),
    dispose: async () => {
      await query(`drop schema if exists "${schema}" cascade`);
    },
  };
}
