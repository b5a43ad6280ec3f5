// Indexes that lead with (account_id, record_id) for the parts loaded per record (locations,
// comments). Without them, a database that was never ANALYZEd (every database the server builds)
// chose `locations_state (account_id)` for `account_id = ? and record_id in (…)` and read every
// location of the account: 157 ms for one person on 100,000 people (issue 6).
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.createIndex('locations_account_record').on('locations').columns(['account_id', 'record_id']).execute();
  await db.schema.createIndex('comments_account_record').on('comments').columns(['account_id', 'record_id', 'id']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('comments_account_record').ifExists().execute();
  await db.schema.dropIndex('locations_account_record').ifExists().execute();
}
