// Searches use the database's own indexes on both engines (issue 4): the query plans of the
// name, e-mail, tag and qtext searches are read back with EXPLAIN and must not scan the table.
import { CompiledQuery, sql, type RawBuilder, type SqlBool } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { contactConditions } from '../src/resources/contacts/contact-filters.js';
import { RECORD_TEXT, containsAll } from '../src/storage/text-search.js';
import { Client, TEST_DIALECT, createPerson, ids, makeApp } from './helpers.js';

let ctx: App;
let c: Client;

beforeAll(async () => {
  ctx = await makeApp();
  c = new Client(ctx.app);
  for (let i = 0; i < 30; i++) await createPerson(c, `Filler${i}`, `Person${i}`);
  // Enough rows, with statistics, that the planner has a real choice between scanning and an index.
  const db = ctx.storage.db;
  if (TEST_DIALECT === 'postgres') {
    // PostgreSQL's planner prefers scans on small tables; 50,000 rows make the choice real.
    await sql`with r as (insert into records (account_id, record_type) select 1, 'person' from generate_series(1, 50000) returning id)
      insert into people (id, account_id, first_name, last_name, name_key, created_at, updated_at)
      select id, 1, 'Bulk' || id, 'Row' || id, 'bulk' || id || ' row' || id, '2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z' from r`.execute(db);
    await sql`insert into search_index (record_id, account_id, record_type, content) select id, 1, 'person', name_key from people where first_name like 'Bulk%'`.execute(db);
    await sql`insert into locations (account_id, record_id, label, label_key, is_primary, email, email_key, state, state_key, created_at, updated_at)
      select 1, id, 'work', 'work', 0, 'p' || id || '@example.com', 'p' || id || '@example.com', 'S' || (id % 500), 's' || (id % 500), '2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z' from people where first_name like 'Bulk%'`.execute(db);
    await sql`insert into tags (account_id, name, name_key, is_super, created_at) select 1, 'Tag' || n, 'tag' || n, 0, '2020-01-01T00:00:00.000Z' from generate_series(1, 200) n`.execute(db);
    await sql`insert into taggings (account_id, record_id, tag_id, created_at)
      select 1, p.id, t.id, '2020-01-01T00:00:00.000Z' from people p join tags t on t.name_key = 'tag' || (1 + p.id % 200) where p.first_name like 'Bulk%'`.execute(db);
  } else {
    const now = new Date().toISOString();
    for (let batch = 0; batch < 10; batch++) {
      const recs = await db
        .insertInto('records')
        .values(Array.from({ length: 500 }, () => ({ account_id: 1, record_type: 'person' as const })))
        .returning('id')
        .execute();
      const rows = recs.map((r, i) => {
        const n = batch * 500 + i;
        return { id: r.id, account_id: 1, first_name: `Bulk${n}`, last_name: `Row${n}`, name_key: `bulk${n} row${n}`, title: null, notes: null, company_id: null, small_image: null, large_image: null, created_at: now, updated_at: now };
      });
      await db.insertInto('people').values(rows).execute();
      await db.insertInto('search_index').values(rows.map((r) => ({ record_id: r.id, account_id: 1, record_type: 'person' as const, content: r.name_key }))).execute();
    }
  }
  await sql`analyze`.execute(db);
});
afterAll(async () => ctx.app.close());

/** The plan text of a query, with sequential scans discouraged on PostgreSQL (tiny tables). */
async function plan(query: CompiledQuery): Promise<string> {
  const db = ctx.storage.db;
  if (TEST_DIALECT === 'sqlite') {
    const res = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]));
    return res.rows.map((r) => r.detail).join('\n');
  }
  return db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx);
    const res = await trx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]));
    return res.rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}

function peopleQuery(conditions: RawBuilder<SqlBool>[]): CompiledQuery {
  let q = ctx.storage.db.selectFrom('people').selectAll().where('account_id', '=', 1);
  for (const cond of conditions) q = q.where(cond);
  return q.orderBy('id').limit(25).compile();
}

/** No plain scan of `table` (SQLite: "SCAN people"; PostgreSQL: "Seq Scan on people"). */
function expectNoTableScan(text: string, table: string): void {
  if (TEST_DIALECT === 'sqlite') expect(text).not.toMatch(new RegExp(`SCAN ${table}( |$)`, 'm'));
  else expect(text).not.toMatch(new RegExp(`Seq Scan on ${table}\\b`));
}

describe('search query plans', () => {
  it('finds people by name through the trigram index', async () => {
    const text = await plan(peopleQuery(contactConditions(ctx.storage.db, 'people', 1, { name: 'filler1' })));
    expect(text).toMatch(TEST_DIALECT === 'sqlite' ? /people_name_fts/ : /people_name_key_trgm/);
    expect(ids(await c.get('/service/people.xml?name=filler1&limit=100'), 'people')).toHaveLength(11);
  });

  it('finds people by e-mail, state and tag through their indexes', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ email: 'p77@example.com' }, /locations_email/],
      [{ state: 's7' }, /locations_state/],
      [{ tag: 'tag7' }, /tags_account_name|sqlite_autoindex_tags/],
    ];
    for (const [f, index] of cases) {
      const text = await plan(peopleQuery(contactConditions(ctx.storage.db, 'people', 1, f)));
      expect(text).toMatch(index);
      for (const table of ['people', 'locations', 'tags', 'taggings']) expectNoTableScan(text, table);
    }
  });

  it('answers qtext from the text index, not by scanning search rows', async () => {
    const q = ctx.storage.db
      .selectFrom('search_index')
      .select('record_id')
      .where('account_id', '=', 1)
      .where((eb) => eb.and(containsAll(ctx.storage.db, RECORD_TEXT, ['filler29', 'person29'])))
      .orderBy('record_id')
      .limit(25)
      .compile();
    const text = await plan(q);
    expect(text).toMatch(TEST_DIALECT === 'sqlite' ? /search_index_fts/ : /search_index_content_trgm/);
    expectNoTableScan(text, 'search_index');
    expect(ids(await c.get('/service/records.xml?qtext=filler29%20person29'), 'records')).toHaveLength(1);
  });

  it('still matches terms shorter than a trigram, and quotes and wildcards literally', async () => {
    const id = await createPerson(c, 'Al', 'O"Neil_100%');
    expect(ids(await c.get('/service/people.xml?name=al'), 'people')).toContain(id);
    expect(ids(await c.get(`/service/people.xml?name=${encodeURIComponent('o"neil_100%')}`), 'people')).toEqual([id]);
    expect(ids(await c.get(`/service/records.xml?qtext=${encodeURIComponent('"neil')}`), 'records')).toEqual([id]);
    expect(ids(await c.get('/service/people.xml?name=_1'), 'people')).toEqual([id]);
  });
});
