// A full dump of one account's rows: every table with an `account_id` column, found by
// introspection (so a table added later is included), rows sorted, for before/after comparison.
import { sql } from 'kysely';
import type { Storage } from '../src/storage/db.js';

const cache = new WeakMap<Storage, string[]>();

async function accountTables(storage: Storage): Promise<string[]> {
  const cached = cache.get(storage);
  if (cached) return cached;
  const tables = (await storage.db.introspection.getTables())
    .filter((t) => (storage.schema === null || t.schema === storage.schema) && t.columns.some((c) => c.name === 'account_id'))
    .map((t) => t.name)
    .sort();
  cache.set(storage, tables);
  return tables;
}

/** `{table: [row JSON, …]}` for every row with account_id = `accountId`, sorted. */
export async function accountDump(storage: Storage, accountId: number): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  const tables = await accountTables(storage);
  if (tables.length < 15) throw new Error(`introspection found only ${tables.length} account tables`);
  for (const table of tables) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)} where account_id = ${accountId}`.execute(storage.db);
    out[table] = rows.rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}
