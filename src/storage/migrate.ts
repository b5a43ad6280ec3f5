// Runs the migrations compiled into the app (no files read at run time).
import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './db.js';
import * as m001 from './migrations/001-initial.js';
import * as m002 from './migrations/002-sales.js';
import * as m003 from './migrations/003-text-indexes.js';

const MIGRATIONS: Record<string, Migration> = {
  '001-initial': m001,
  '002-sales': m002,
  '003-text-indexes': m003,
};

class StaticProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return MIGRATIONS;
  }
}

/**
 * Apply every pending migration. `schema` (PostgreSQL) keeps Kysely's bookkeeping tables in the
 * same schema as the data, so several schemas in one database never see each other's.
 */
export async function migrateToLatest(db: Db, schema: string | null = null): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticProvider(), ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
