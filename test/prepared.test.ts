// Queries built once and then only bound (src/storage/prepared.ts): arguments land in their own
// places, constants stay, every call sees current data, and a transaction's handle works too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import type { Db } from '../src/storage/db.js';
import { idSet, prepared } from '../src/storage/prepared.js';
import { Client, createPerson, makeApp } from './helpers.js';

let ctx: App;
let c: Client;
let accountId: number;

// The id comes before the account in the SQL (a where on id, then the account) while the
// arguments are (accountId, id): bindings must follow the SQL, not the argument order.
const personNamed = prepared((db: Db, accountId: number, id: number, first: string) =>
  db
    .selectFrom('people')
    .select(['id', 'first_name'])
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .where('first_name', '=', first)
    .where('company_id', 'is', null)
    .limit(5),
);

beforeAll(async () => {
  ctx = await makeApp();
  c = new Client(ctx.app);
  accountId = (await ctx.services.accounts.findAccount('demo'))!.id;
});
afterAll(async () => ctx.app.close());

describe('prepared queries', () => {
  it('binds each call\'s arguments where the query uses them', async () => {
    const ann = await createPerson(c, 'Ann', 'Lee');
    const bob = await createPerson(c, 'Bob', 'Ray');
    expect(await personNamed(ctx.storage.db, accountId, ann, 'Ann')).toEqual([{ id: ann, first_name: 'Ann' }]);
    expect(await personNamed(ctx.storage.db, accountId, bob, 'Bob')).toEqual([{ id: bob, first_name: 'Bob' }]);
    expect(await personNamed(ctx.storage.db, accountId, bob, 'Ann')).toEqual([]);
    expect(await personNamed(ctx.storage.db, accountId + 1, ann, 'Ann')).toEqual([]);
  });

  it('runs on a transaction and sees its uncommitted rows', async () => {
    const id = await createPerson(c, 'Cy', 'Old');
    await ctx.storage.db.transaction().execute(async (trx) => {
      await trx.updateTable('people').set({ first_name: 'Dee' }).where('id', '=', id).execute();
      expect(await personNamed(trx, accountId, id, 'Dee')).toEqual([{ id, first_name: 'Dee' }]);
    });
    expect(await personNamed(ctx.storage.db, accountId, id, 'Dee')).toEqual([{ id, first_name: 'Dee' }]);
  });

  it('never reads another request\'s uncommitted write through the root handle', async () => {
    const id = await createPerson(c, 'Eve', 'Old');
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    let committed = false;
    let inside!: () => void;
    const started = new Promise<void>((r) => (inside = r));
    const tx = ctx.storage.db.transaction().execute(async (trx) => {
      await trx.updateTable('people').set({ first_name: 'Fay' }).where('id', '=', id).execute();
      inside();
      await sleep(50);
      committed = true;
    });
    await started;
    // On SQLite the one connection is inside the transaction: the read must wait for the commit
    // (not run directly and see 'Fay' early); on PostgreSQL it reads the committed state at once.
    const read = personNamed(ctx.storage.db, accountId, id, 'Fay').then((rows) => ({ rows, committed }));
    await tx;
    const seen = await read;
    expect(seen.rows.length === 0 || seen.committed).toBe(true);
    expect(await personNamed(ctx.storage.db, accountId, id, 'Fay')).toEqual([{ id, first_name: 'Fay' }]);
  });

  it('pads id lists to a power of two with the last id, so in-lists have few SQL shapes', () => {
    expect(idSet([])).toEqual([]);
    expect(idSet([7])).toEqual([7]);
    expect(idSet([1, 2, 3])).toEqual([1, 2, 3, 3]);
    expect(idSet([1, 2, 3, 4, 5])).toEqual([1, 2, 3, 4, 5, 5, 5, 5]);
    expect(idSet(Array.from({ length: 500 }, (_, i) => i))).toHaveLength(512);
  });
});
