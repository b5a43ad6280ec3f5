// The storage layer: migrations, the one id space, and the constraint detection the error
// handler relies on when two writers race.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { InvalidRecordError } from '../src/errors.js';
import { isUniqueViolation } from '../src/storage/db.js';
import { migrateToLatest } from '../src/storage/migrate.js';
import { Client, createCompany, createPerson, makeApp } from './helpers.js';

let ctx: App;
let c: Client;
let accountId: number;

beforeAll(async () => {
  ctx = await makeApp();
  c = new Client(ctx.app);
  accountId = (await ctx.services.accounts.findAccount('demo'))!.id;
});
afterAll(async () => ctx.app.close());

describe('migrations', () => {
  it('are applied at start and a second run applies nothing', async () => {
    expect(await migrateToLatest(ctx.storage.db, ctx.storage.schema)).toEqual([]);
  });
});

describe('one id space (decisions.md)', () => {
  it('gives people and companies ids from one sequence, never reused after delete', async () => {
    const a = await createPerson(c);
    const b = await createCompany(c, 'Shared Ids');
    const d = await createPerson(c);
    expect(b).toBe(a + 1);
    expect(d).toBe(b + 1);
    await c.del(`/service/people/${d}.xml`);
    expect(await createPerson(c)).toBe(d + 1);
  });
});

describe('unique constraints', () => {
  it('refuse a second tag of the same name in one account, and are recognised as such', async () => {
    const row = { account_id: accountId, name: 'Dup', name_key: 'dup', is_super: 0, created_at: new Date().toISOString() };
    await ctx.storage.db.insertInto('tags').values(row).execute();
    const err = await ctx.storage.db.insertInto('tags').values({ ...row, name: 'DUP' }).execute().then(() => null, (e: unknown) => e);
    expect(err).not.toBeNull();
    expect(isUniqueViolation(err)).toBe(true);
    expect(isUniqueViolation(new Error('other'))).toBe(false);
  });

  it('refuse a second location with the same label on one record', async () => {
    const p = await createPerson(c);
    await c.post(`/service/people/${p}/locations.xml`, 'location[label]=Home');
    const now = new Date().toISOString();
    const err = await ctx.storage.db
      .insertInto('locations')
      .values({ account_id: accountId, record_id: p, label: 'HOME', label_key: 'home', is_primary: 0, created_at: now, updated_at: now })
      .execute()
      .then(() => null, (e: unknown) => e);
    expect(isUniqueViolation(err)).toBe(true);
  });
});

describe('SuperTag definitions', () => {
  it('are validated before anything is written', async () => {
    const bad = [
      { name: 'X', type: 'Colour' as never, options: [] },
    ];
    await expect(ctx.services.superTags.define(accountId, 'Bad Types', bad)).rejects.toBeInstanceOf(InvalidRecordError);
    await expect(
      ctx.services.superTags.define(accountId, 'Dup Fields', [
        { name: 'A b', type: 'Text', options: [] },
        { name: 'a_B', type: 'Text', options: [] },
      ]),
    ).rejects.toThrow(/unique/);
    const names = (await ctx.services.superTags.definitions(accountId)).map((d) => d.tag.name);
    expect(names).not.toContain('Bad Types');
    expect(names).not.toContain('Dup Fields');
  });

  it('keep values of fields that survive a redefinition and drop the others', async () => {
    await ctx.services.superTags.define(accountId, 'Redef', [
      { name: 'Keep', type: 'Text', options: [] },
      { name: 'Drop', type: 'Text', options: [] },
    ]);
    const p = await createPerson(c);
    await c.put(`/service/people/${p}/super_tags/redef.xml?super_tag[keep]=k&super_tag[drop]=d`);
    await ctx.services.superTags.define(accountId, 'Redef', [
      { name: 'Keep', type: 'Text', options: [] },
      { name: 'New', type: 'Text', options: [] },
    ]);
    const body = (await c.get(`/service/people/${p}/super_tags/redef.xml`)).body;
    expect(body).toContain('<keep>k</keep>');
    expect(body).not.toContain('<drop>');
  });
});
