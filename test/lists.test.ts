// Lists (spec §14): read-only over the Classic API; managed by the ListsService, the admin CLI
// and the JSON admin API under /api/lists.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { buildApp } from '../src/app.js';
import { runCli } from '../src/cli/main.js';
import { loadConfig } from '../src/config.js';
import { Client, createCompany, createPerson, ids, items, makeApp, xml } from './helpers.js';

let ctx: App;
let c: Client;
let other: Client;
let basicUser: Client;
let accountId: number;
let otherAccountId: number;

beforeAll(async () => {
  ctx = await makeApp();
  c = new Client(ctx.app);
  other = new Client(ctx.app, (await ctx.services.accounts.createAccount('other', { email: 'o@o.com', name: 'O' })).token);
  basicUser = new Client(ctx.app, (await ctx.services.accounts.addUser('demo', { email: 'b@demo.example', name: 'Basic', role: 'basic' })).token);
  accountId = (await ctx.services.accounts.requireAccount('demo')).id;
  otherAccountId = (await ctx.services.accounts.requireAccount('other')).id;
});
afterAll(async () => ctx.app.close());

const json = (res: { body: string }) => JSON.parse(res.body);

/** The contacts of a list document (`<list><contacts><contact>…`), [] when empty. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function contactsOf(res: { body: string }): any[] {
  const contacts = xml(res.body).list.contacts;
  return typeof contacts === 'object' ? contacts.contact : [];
}
const contactIds = (res: { body: string }): number[] => contactsOf(res).map((x) => Number(x.id['#text']));

describe('GET /service/lists (index)', () => {
  it('answers an empty typed array before any list exists', async () => {
    const fresh = await makeApp();
    const res = await new Client(fresh.app).get('/service/lists.xml');
    await fresh.app.close();
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<lists type="array"></lists>');
  });

  it('lists every list with name, description and num_records, ascending id, unlimited by default', async () => {
    const p = await createPerson(c, 'Listed', 'Person');
    const co = await createCompany(c, 'Listed Co');
    const made: number[] = [];
    for (let i = 0; i < 30; i++) made.push((await ctx.services.lists.create(accountId, `Bulk ${i}`, i === 0 ? 'first one' : null)).row.id);
    await ctx.services.lists.addMembers(accountId, made[0], [p, String(co)]);
    const res = await c.get('/service/lists.xml');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<lists type="array">');
    const all = items(res, 'lists');
    const ours = all.filter((l) => made.includes(Number(l.id['#text'])));
    expect(ours.map((l) => Number(l.id['#text']))).toEqual(made);
    expect(ours[0]).toEqual({
      id: { '#text': String(made[0]), '@type': 'integer' },
      name: 'Bulk 0',
      description: 'first one',
      num_records: { '#text': '2', '@type': 'integer' },
    });
    expect(ours[1].description).toBe('');
    expect(ours[1].num_records['#text']).toBe('0');
    const order = [...res.body.matchAll(/^ {4}<([a-z_]+)[ >]/gm)].slice(0, 4).map((m) => m[1]);
    expect(order).toEqual(['id', 'name', 'description', 'num_records']);
  });

  it('honours offset and limit', async () => {
    const all = ids(await c.get('/service/lists.xml'), 'lists');
    expect(all.length).toBeGreaterThan(5);
    expect(ids(await c.get('/service/lists.xml?offset=2&limit=3'), 'lists')).toEqual(all.slice(2, 5));
    expect(ids(await c.get(`/service/lists.xml?offset=${all.length}`), 'lists')).toEqual([]);
  });

  it('never shows another account’s lists', async () => {
    const theirs = (await ctx.services.lists.create(otherAccountId, 'Secret list')).row.id;
    expect(ids(await c.get('/service/lists.xml'), 'lists')).not.toContain(theirs);
    expect(ids(await other.get('/service/lists.xml'), 'lists')).toEqual([theirs]);
  });
});

describe('GET /service/lists/:id (show)', () => {
  let list: number;
  let alex: number;
  let acme: number;

  beforeAll(async () => {
    alex = await createPerson(c, 'Alex', 'Taylor');
    acme = await createCompany(c, 'Acme Show');
    list = (await ctx.services.lists.create(accountId, 'Newsletter', 'Monthly')).row.id;
    await ctx.services.lists.addMembers(accountId, list, [String(acme), String(alex)]);
  });

  it('answers title, description and contacts (without a type attribute) in the documented shape', async () => {
    const res = await c.get(`/service/lists/${list}.xml`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<list>\n' +
        `  <id type="integer">${list}</id>\n  <title>Newsletter</title>\n  <description>Monthly</description>\n  <contacts>\n` +
        `    <contact>\n      <id type="integer">${alex}</id>\n      <name>Alex Taylor</name>\n      <type>Individual</type>\n    </contact>\n` +
        `    <contact>\n      <id type="integer">${acme}</id>\n      <name>Acme Show</name>\n      <type>Company</type>\n    </contact>\n` +
        '  </contacts>\n</list>\n',
    );
  });

  it('answers an empty list with an empty contacts element', async () => {
    const empty = (await ctx.services.lists.create(accountId, 'Empty')).row.id;
    const res = await c.get(`/service/lists/${empty}.xml`);
    expect(res.body).toContain('<contacts></contacts>');
    expect(res.body).not.toContain('<contacts type=');
  });

  it('answers JSON on .json with contacts as an array', async () => {
    const doc = json(await c.get(`/service/lists/${list}.json`));
    expect(doc).toEqual({
      list: {
        id: list,
        title: 'Newsletter',
        description: 'Monthly',
        contacts: [
          { id: alex, name: 'Alex Taylor', type: 'Individual' },
          { id: acme, name: 'Acme Show', type: 'Company' },
        ],
      },
    });
  });

  it('shows renamed contacts under their new name', async () => {
    expect((await c.put(`/service/people/${alex}.xml`, '<person><first_name>Alexa</first_name></person>')).statusCode).toBe(200);
    const contacts = contactsOf(await c.get(`/service/lists/${list}.xml`));
    expect(contacts[0].name).toBe('Alexa Taylor');
  });

  it('drops a deleted contact from its lists', async () => {
    const gone = await createPerson(c, 'Soon', 'Deleted');
    await ctx.services.lists.addMembers(accountId, list, [gone]);
    expect(contactIds(await c.get(`/service/lists/${list}.xml`))).toContain(gone);
    expect((await c.del(`/service/people/${gone}.xml`)).statusCode).toBe(200);
    const after = await c.get(`/service/lists/${list}.xml`);
    expect(contactIds(after)).toEqual([alex, acme]);
    const index = items(await c.get('/service/lists.xml'), 'lists').find((l) => Number(l.id['#text']) === list);
    expect(index.num_records['#text']).toBe('2');
    // Deleting a company does the same.
    expect((await c.del(`/service/companies/${acme}.xml`)).statusCode).toBe(200);
    expect(contactIds(await c.get(`/service/lists/${list}.xml`))).toEqual([alex]);
  });

  it('answers 404 for unknown, malformed and other-account ids', async () => {
    const theirs = (await ctx.services.lists.create(otherAccountId, 'Theirs')).row.id;
    for (const id of ['99999999', 'abc', String(theirs)]) {
      const res = await c.get(`/service/lists/${id}.xml`);
      expect(res.statusCode).toBe(404);
      expect(xml(res).errors.error).toEqual(['List not found']);
    }
  });

  it('is read-only: POST, PUT and DELETE are not routes (404) and change nothing', async () => {
    const before = (await c.get(`/service/lists/${list}.xml`)).body;
    expect((await c.post('/service/lists.xml', '<list><name>Nope</name></list>')).statusCode).toBe(404);
    expect((await c.put(`/service/lists/${list}.xml`, '<list><name>Nope</name></list>')).statusCode).toBe(404);
    expect((await c.del(`/service/lists/${list}.xml`)).statusCode).toBe(404);
    expect((await c.get(`/service/lists/${list}.xml`)).body).toBe(before);
    expect(ids(await c.get('/service/lists.xml'), 'lists')).toContain(list);
  });
});

describe('ListsService', () => {
  it('refuses members that are not people or companies of the account, naming the id', async () => {
    const list = (await ctx.services.lists.create(accountId, 'Strict')).row.id;
    const theirs = await createPerson(other, 'Not', 'Mine');
    const company = await createCompany(c, 'Strict Co');
    await expect(ctx.services.lists.addMembers(accountId, list, [company, theirs])).rejects.toThrow(`Contact ${theirs} is not a person or company of this account`);
    await expect(ctx.services.lists.addMembers(accountId, list, ['abc'])).rejects.toThrow('Contact abc is not');
    await expect(ctx.services.lists.addMembers(accountId, list, [])).rejects.toThrow("Contact ids can't be blank");
    // Nothing was added by the refused call, even the valid company before the bad id.
    expect((await ctx.services.lists.show(accountId, list)).members).toEqual([]);
  });

  it('adds idempotently, removes, updates and deletes', async () => {
    const p = await createPerson(c, 'Idem', 'Potent');
    const list = (await ctx.services.lists.create(accountId, '  Trimmed  ', 'd')).row.id;
    expect((await ctx.services.lists.addMembers(accountId, list, [p, p])).numRecords).toBe(1);
    expect((await ctx.services.lists.addMembers(accountId, list, [String(p)])).numRecords).toBe(1);
    const updated = await ctx.services.lists.update(accountId, list, { name: 'Renamed' });
    expect([updated.row.name, updated.row.description]).toEqual(['Renamed', 'd']);
    await expect(ctx.services.lists.update(accountId, list, { name: ' ' })).rejects.toThrow("Name can't be blank");
    expect((await ctx.services.lists.removeMembers(accountId, list, [p])).members).toEqual([]);
    await ctx.services.lists.delete(accountId, list);
    await expect(ctx.services.lists.show(accountId, list)).rejects.toThrow('List not found');
    await expect(ctx.services.lists.create(accountId, '')).rejects.toThrow("Name can't be blank");
  });

  it('does not touch another account’s list', async () => {
    const theirs = (await ctx.services.lists.create(otherAccountId, 'Untouchable')).row.id;
    await expect(ctx.services.lists.update(accountId, theirs, { name: 'Hijacked' })).rejects.toThrow('List not found');
    await expect(ctx.services.lists.delete(accountId, theirs)).rejects.toThrow('List not found');
    expect((await ctx.services.lists.show(otherAccountId, theirs)).row.name).toBe('Untouchable');
  });
});

describe('JSON admin API /api/lists', () => {
  it('creates with 201, a Location and {"list": {...}}', async () => {
    const res = await c.post('/api/lists', { name: 'Via API', description: 'made over JSON' });
    expect(res.statusCode).toBe(201);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const doc = json(res);
    expect(doc.list).toMatchObject({ name: 'Via API', description: 'made over JSON', num_records: 0, contacts: [] });
    expect(res.headers.location).toBe(`http://localhost:3000/api/lists/${doc.list.id}`);
    expect(doc.list.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const classic = xml(await c.get(`/service/lists/${doc.list.id}.xml`)).list;
    expect(classic.title).toBe('Via API');
  });

  it('accepts the ActiveResource wrapping and form bodies', async () => {
    const wrapped = await c.post('/api/lists', { list: { name: 'Wrapped' } });
    expect(wrapped.statusCode).toBe(201);
    expect(json(wrapped).list.name).toBe('Wrapped');
    const form = await c.post('/api/lists', 'name=From+Form&description=f');
    expect(form.statusCode).toBe(201);
    expect(json(form).list).toMatchObject({ name: 'From Form', description: 'f' });
  });

  it('answers 422 in JSON for a blank name', async () => {
    const res = await c.post('/api/lists', { description: 'no name' });
    expect(res.statusCode).toBe(422);
    expect(json(res)).toEqual({ errors: ["Name can't be blank"] });
  });

  it('updates, manages members and deletes, each with 200', async () => {
    const id = json(await c.post('/api/lists', { name: 'Lifecycle' })).list.id;
    const p = await createPerson(c, 'Api', 'Member');
    const co = await createCompany(c, 'Api Member Co');

    const put = await c.put(`/api/lists/${id}`, { description: 'now described' });
    expect(put.statusCode).toBe(200);
    expect(json(put).list).toMatchObject({ name: 'Lifecycle', description: 'now described' });

    const add = await c.post(`/api/lists/${id}/members`, { contact_ids: [p, co] });
    expect(add.statusCode).toBe(200);
    expect(json(add).list.contacts).toEqual([
      { id: p, name: 'Api Member', type: 'Individual' },
      { id: co, name: 'Api Member Co', type: 'Company' },
    ]);
    const remove = await c.del(`/api/lists/${id}/members`, { contact_ids: [p] });
    expect(remove.statusCode).toBe(200);
    expect(json(remove).list.num_records).toBe(1);
    expect(contactIds(await c.get(`/service/lists/${id}.xml`))).toEqual([co]);

    const form = await c.post(`/api/lists/${id}/members`, `contact_ids[]=${p}&contact_ids[]=${co}`);
    expect(form.statusCode).toBe(200);
    expect(json(form).list.num_records).toBe(2);

    const del = await c.del(`/api/lists/${id}`);
    expect(del.statusCode).toBe(200);
    expect(json(del).list.id).toBe(id);
    expect((await c.get(`/service/lists/${id}.xml`)).statusCode).toBe(404);
    expect((await c.get(`/api/lists/${id}`)).statusCode).toBe(404);
  });

  it('reads lists: the index without contacts, one list with them', async () => {
    const id = json(await c.post('/api/lists', { name: 'Readable' })).list.id;
    const index = json(await c.get('/api/lists'));
    const entry = index.find((x: { list: { id: number } }) => x.list.id === id);
    expect(entry.list).toEqual({ id, name: 'Readable', description: null, num_records: 0, created_at: entry.list.created_at, updated_at: entry.list.updated_at });
    expect(json(await c.get(`/api/lists/${id}`)).list.contacts).toEqual([]);
  });

  it('answers 422 naming a contact that is not the account’s, and adds nothing', async () => {
    const id = json(await c.post('/api/lists', { name: 'Picky' })).list.id;
    const mine = await createPerson(c, 'Mine', 'Ok');
    const theirs = await createPerson(other, 'Theirs', 'Bad');
    const res = await c.post(`/api/lists/${id}/members`, { contact_ids: [mine, theirs] });
    expect(res.statusCode).toBe(422);
    expect(json(res)).toEqual({ errors: [`Contact ${theirs} is not a person or company of this account`] });
    expect(json(await c.get(`/api/lists/${id}`)).list.num_records).toBe(0);
    const blank = await c.post(`/api/lists/${id}/members`, {});
    expect(blank.statusCode).toBe(422);
  });

  it('answers 404 for another account’s list and changes nothing', async () => {
    const theirs = (await ctx.services.lists.create(otherAccountId, 'Their API list')).row.id;
    const p = await createPerson(c, 'Intruder', 'Member');
    expect((await c.put(`/api/lists/${theirs}`, { name: 'Taken' })).statusCode).toBe(404);
    expect((await c.post(`/api/lists/${theirs}/members`, { contact_ids: [p] })).statusCode).toBe(404);
    expect((await c.del(`/api/lists/${theirs}`)).statusCode).toBe(404);
    expect((await c.get(`/api/lists/${theirs}`)).statusCode).toBe(404);
    const still = await ctx.services.lists.show(otherAccountId, theirs);
    expect([still.row.name, still.members.length]).toEqual(['Their API list', 0]);
  });

  it('refuses a basic user with 403 on every change, but lets it read', async () => {
    const id = json(await c.post('/api/lists', { name: 'Guarded' })).list.id;
    const p = await createPerson(c, 'Guarded', 'Member');
    const attempts = [
      await basicUser.post('/api/lists', { name: 'By basic' }),
      await basicUser.put(`/api/lists/${id}`, { name: 'By basic' }),
      await basicUser.post(`/api/lists/${id}/members`, { contact_ids: [p] }),
      await basicUser.del(`/api/lists/${id}/members`, { contact_ids: [p] }),
      await basicUser.del(`/api/lists/${id}`),
    ];
    for (const res of attempts) {
      expect(res.statusCode).toBe(403);
      expect(json(res)).toEqual({ errors: ['Basic users may not change lists'] });
    }
    const view = await ctx.services.lists.show(accountId, id);
    expect([view.row.name, view.members.length]).toEqual(['Guarded', 0]);
    expect((await basicUser.get(`/api/lists/${id}`)).statusCode).toBe(200);
    expect((await basicUser.get('/service/lists.xml')).statusCode).toBe(200);
  });

  it('requires a token (401 with the Basic challenge)', async () => {
    const res = await c.post('/api/lists', { name: 'Anonymous' }, { token: null });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Basic realm="BatchBook"');
    expect((await c.get('/api/lists', { token: 'nope-nope-nope' })).statusCode).toBe(401);
  });
});

describe('classicbook list (admin CLI)', () => {
  let dir: string;
  let db: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'classicbook-lists-'));
    db = join(dir, 'lists.db');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function cli(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { DATABASE_URL: `sqlite:${db}` }, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
  }

  it('creates, fills, shows, empties and deletes a list, as the Classic API then shows', async () => {
    expect((await cli('account', 'create', 'acme', '--email', 'a@acme.com')).code).toBe(0);
    const app = await buildApp(loadConfig({ DATABASE_URL: `sqlite:${db}`, CLASSICBOOK_RATE_LIMIT: 'off' }), { logger: false });
    try {
      const acme = await app.services.accounts.requireAccount('acme');
      const owner = await app.services.accounts.resetToken('acme', 'a@acme.com');
      const api = new Client(app.app, owner.token);
      const p = await createPerson(api, 'Cli', 'Person');
      const co = await createCompany(api, 'Cli Co');

      const created = await cli('list', 'create', 'acme', 'Prospects', '--description', 'warm leads');
      expect(created.code).toBe(0);
      expect(created.out).toHaveLength(1);
      const id = Number(created.out[0]);
      expect(Number.isInteger(id) && id > 0).toBe(true);

      const add = await cli('list', 'add', 'acme', String(id), String(p), String(co));
      expect(add).toEqual({ code: 0, out: [`list ${id} has 2 record(s)`], err: [] });
      const res = await api.get(`/service/lists/${id}.xml`);
      const show = xml(res).list;
      expect([show.title, show.description]).toEqual(['Prospects', 'warm leads']);
      expect(contactsOf(res).map((x) => x.name)).toEqual(['Cli Person', 'Cli Co']);

      expect((await cli('list', 'show', 'acme')).out).toEqual([`${id}\tProspects\t2 record(s)`]);
      expect((await cli('list', 'show', 'acme', String(id))).out).toEqual([`${id}\tProspects\t2 record(s)`, `  ${p}\tIndividual\tCli Person`, `  ${co}\tCompany\tCli Co`]);

      expect((await cli('list', 'remove', 'acme', String(id), String(p))).out).toEqual([`list ${id} has 1 record(s)`]);
      expect(items(await api.get('/service/lists.xml'), 'lists')[0].num_records['#text']).toBe('1');

      expect((await cli('list', 'delete', 'acme', String(id))).code).toBe(0);
      expect(ids(await api.get('/service/lists.xml'), 'lists')).toEqual([]);
      expect(acme.name).toBe('acme');
    } finally {
      await app.app.close();
    }
  });

  it('exits 1 with a message for a bad contact, an unknown list or account', async () => {
    const id = (await cli('list', 'create', 'acme', 'Errors')).out[0] as string;
    const bad = await cli('list', 'add', 'acme', id, '424242');
    expect(bad.code).toBe(1);
    expect(bad.err).toEqual(['error: Contact 424242 is not a person or company of this account']);
    expect((await cli('list', 'delete', 'acme', '999999')).err).toEqual(['error: List not found']);
    expect((await cli('list', 'show', 'nosuchaccount')).code).toBe(1);
    expect((await cli('list', 'create', 'acme', ' ')).err).toEqual(["error: Name can't be blank"]);
  });
});
