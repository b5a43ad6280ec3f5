// `offset=N` on unfiltered lists starts from per-block record counts (migration 004, issue 6)
// instead of stepping over N rows. These tests spread people over several blocks of 1,024 ids,
// delete and create across block edges, and check every page against the plain ascending order.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { Client, createPerson, ids, makeApp } from './helpers.js';

let ctx: App;
let c: Client;
let accountId: number;
let people: number[] = [];

/** Use up `n` ids of the shared sequence (records of another type, invisible to people lists). */
async function burnIds(n: number): Promise<void> {
  const rows = Array.from({ length: n }, () => ({ account_id: accountId, record_type: 'todo' as const }));
  for (let i = 0; i < rows.length; i += 200) await ctx.storage.db.insertInto('records').values(rows.slice(i, i + 200)).execute();
}

async function addPeople(n: number, last: string): Promise<void> {
  for (let i = 0; i < n; i++) people.push(await createPerson(c, `P${people.length}`, last));
}

async function page(offset: number, limit: number, query = ''): Promise<number[]> {
  const res = await c.get(`/service/people.xml?offset=${offset}&limit=${limit}${query}`);
  expect(res.statusCode).toBe(200);
  return ids(res, 'people');
}

async function expectAllPages(): Promise<void> {
  const all = [...people].sort((a, b) => a - b);
  const n = all.length;
  for (const offset of [0, 1, 19, 20, 21, n - 21, n - 20, n - 1, n, n + 5]) {
    for (const limit of [1, 7, 25, 100]) {
      expect(await page(offset, limit), `offset ${offset} limit ${limit}`).toEqual(all.slice(offset, offset + limit));
    }
  }
}

beforeAll(async () => {
  ctx = await makeApp();
  c = new Client(ctx.app);
  accountId = (await ctx.services.accounts.findAccount('demo'))!.id;
  await addPeople(20, 'Alpha');
  await burnIds(1100);
  await addPeople(20, 'Beta');
  await burnIds(2100);
  await addPeople(20, 'Gamma');
});
afterAll(async () => ctx.app.close());

describe('offset paging over blocks of ids', () => {
  it('the people span at least three blocks of 1,024 ids', () => {
    expect(new Set(people.map((id) => Math.floor(id / 1024))).size).toBeGreaterThanOrEqual(3);
  });

  it('answers every page exactly as the ascending order does', async () => {
    await expectAllPages();
  });

  it('stays exact after deletes at block edges and new creates', async () => {
    const sorted = [...people].sort((a, b) => a - b);
    for (const id of [sorted[0], sorted[19], sorted[20], sorted[39], sorted[40]] as number[]) {
      expect((await c.del(`/service/people/${id}.xml`)).statusCode).toBe(200);
      people = people.filter((p) => p !== id);
    }
    await addPeople(5, 'Delta');
    await expectAllPages();
  });

  it('keeps the block counts equal to the records that exist', async () => {
    const counts = await ctx.storage.db
      .selectFrom('records')
      .select([sql<number>`id / 1024`.as('block'), (eb) => eb.fn.countAll<number>().as('n')])
      .where('account_id', '=', accountId)
      .where('record_type', '=', 'person')
      .groupBy(sql`id / 1024`)
      .orderBy(sql`id / 1024`)
      .execute();
    const pages = await ctx.storage.db
      .selectFrom('record_pages')
      .select(['block', 'n'])
      .where('account_id', '=', accountId)
      .where('record_type', '=', 'person')
      .where('n', '>', 0)
      .orderBy('block')
      .execute();
    expect(pages.map((p) => [Number(p.block), Number(p.n)])).toEqual(counts.map((r) => [Number(r.block), Number(r.n)]));
    expect(counts.reduce((s, r) => s + Number(r.n), 0)).toBe(people.length);
  });

  it('pages a filtered search by stepping over its matches', async () => {
    const betas = await page(0, 100, '&name=beta');
    expect(betas.length).toBe(18);
    expect(await page(5, 4, '&name=beta')).toEqual(betas.slice(5, 9));
  });
});
