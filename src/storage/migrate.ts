// Runs the migrations compiled into the app (no files read at run time).
import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './db.js';
import * as m001 from './migrations/001-initial.js';
import * as m002 from './migrations/002-sales.js';
import * as m003 from './migrations/003-text-indexes.js';
import * as m004 from './migrations/004-record-pages.js';
import * as m005 from './migrations/005-record-part-indexes.js';

const MIGRATIONS: Record<string, Migration> = {
  '001-initial': m001,
  '002-sales': m002,
  '003-text-indexes': m003,
  '004-record-pages': m004,
  '005-record-part-indexes': m005,
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
  for (let attempt = 1; ; attempt++) {
    const migrator = new Migrator({ db, provider: new StaticProvider(), ...(schema ? { migrationTableSchema: schema } : {}) });
    const { error, results } = await migrator.migrateToLatest();
    if (!error) return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    // Kysely looks its bookkeeping tables up across every schema of the database; another
    // tenant's schema dropped during that look-up fails it with invalid_schema_name (3F000).
    // Nothing was applied then (each migration runs in its own transaction): try again.
    if (!isSchemaVanished(error) || attempt >= 5) throw error instanceof Error ? error : new Error(String(error));
  }
}

function isSchemaVanished(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '3F000';
}
