// How many records of each type an account has per block of 1,024 ids, so that `offset=N` finds
// its starting id by summing a few block counts instead of stepping over N index entries
// (issue 6: a page at offset 90,000 must cost at most twice a page at offset 0). Kept in the
// same transaction as `records` by allocateId/removeRecord (src/resources/records/records.repository.ts).
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('record_pages')
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('record_type', 'text', (c) => c.notNull())
    .addColumn('block', 'integer', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('record_pages_pk', ['account_id', 'record_type', 'block'])
    .execute();
  // Integer division on both engines.
  await sql`insert into record_pages (account_id, record_type, block, n)
    select account_id, record_type, id / 1024, count(*) from records group by account_id, record_type, id / 1024`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('record_pages').ifExists().execute();
}
