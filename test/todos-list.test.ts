// Listing and searching to-dos (spec §9): the caller's own by default; person_id / company_id,
// updated_since, assigned_to (first present wins); offset/limit; to-dos by contact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { Client, createCompany, createPerson, idFromLocation, ids, makeApp, xml } from './helpers.js';

let ctx: App;
let c: Client;
let bob: Client;
let other: Client;
let ann: number;
let acme: number;
let mine: number[];
let bobs: number[];
let annTodos: number[];
let foreignPerson: number;

async function createTodo(client: Client, title: string, extra = ''): Promise<number> {
  const res = await client.post('/service/todos.xml', `<todo><title>${title}</title>${extra}</todo>`);
  if (res.statusCode !== 201) throw new Error(`create todo: ${res.statusCode} ${res.body}`);
  return idFromLocation(res);
}

async function setUpdatedAt(id: number, iso: string): Promise<void> {
  await ctx.storage.db.updateTable('todos').set({ updated_at: iso }).where('id', '=', id).execute();
}

beforeAll(async () => {
  ctx = await makeApp();
  c = new Client(ctx.app);
  bob = new Client(ctx.app, (await ctx.services.accounts.addUser('demo', { email: 'Bob@Example.com', name: 'Bob', role: 'basic' })).token);
  other = new Client(ctx.app, (await ctx.services.accounts.createAccount('other', { email: 'o@o.com', name: 'O' })).token);
  ann = await createPerson(c, 'Ann', 'Lee');
  acme = await createCompany(c, 'Acme');
  foreignPerson = await createPerson(other, 'Foreign', 'Person');
  // Bob's to-dos: two created by Bob, one assigned to him by the owner; the first one comes
  // before the owner's, so that an unfiltered list would show it.
  bobs = [await createTodo(bob, 'Bob 1')];
  mine = [];
  for (let i = 0; i < 28; i++) mine.push(await createTodo(c, `Mine ${i}`));
  bobs.push(await createTodo(bob, 'Bob 2'), await createTodo(c, 'For Bob', '<assigned_to>bob@example.com</assigned_to>'));
  // To-dos with Ann as a related contact, one of them Bob's; one with Acme.
  annTodos = [mine[3] as number, bobs[1] as number];
  for (const id of annTodos) await c.put(`/service/todos/${id}/add_related_contact.xml?contact_id=${ann}`);
  await c.put(`/service/todos/${mine[5]}/add_related_contact.xml?contact_id=${acme}`);
  await createTodo(other, 'Other account');
  // Everything old except two recent to-dos (one of them Bob's).
  for (const id of [...mine, ...bobs]) await setUpdatedAt(id, '2010-01-01T00:00:00.000Z');
  await setUpdatedAt(mine[7] as number, '2011-06-01T12:00:00.000Z');
  await setUpdatedAt(bobs[0] as number, '2011-06-02T00:00:00.000Z');
});
afterAll(async () => ctx.app.close());

describe('GET /service/todos without search parameters', () => {
  it('lists the caller\'s own to-dos, 25 by default, in ascending id', async () => {
    const res = await c.get('/service/todos.xml');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<todos type="array">');
    expect(ids(res, 'todos')).toEqual(mine.slice(0, 25));
  });

  it('pages with offset and limit', async () => {
    expect(ids(await c.get('/service/todos.xml?offset=25'), 'todos')).toEqual(mine.slice(25));
    expect(ids(await c.get('/service/todos.xml?offset=2&limit=3'), 'todos')).toEqual(mine.slice(2, 5));
    expect(ids(await c.get('/service/todos.xml?limit=1000000'), 'todos')).toEqual(mine);
  });

  it('answers an empty array, not 404, past the end', async () => {
    const res = await c.get('/service/todos.xml?offset=1000');
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<todos type="array"></todos>\n');
  });

  it('answers 422 for a malformed offset', async () => {
    expect((await c.get('/service/todos.xml?offset=-1')).statusCode).toBe(422);
  });

  it('shows another user only their own', async () => {
    expect(ids(await bob.get('/service/todos.xml'), 'todos')).toEqual(bobs);
  });

  it('answers JSON arrays on .json', async () => {
    const res = await bob.get('/service/todos.json');
    expect(JSON.parse(res.body).map((x: { todo: { title: string } }) => x.todo.title)).toEqual(['Bob 1', 'Bob 2', 'For Bob']);
  });
});

describe('GET /service/todos?person_id= / company_id=', () => {
  it('lists the to-dos having the contact as participant, whoever the assignee', async () => {
    expect(ids(await c.get(`/service/todos.xml?person_id=${ann}`), 'todos')).toEqual(annTodos);
    expect(ids(await bob.get(`/service/todos.xml?person_id=${ann}`), 'todos')).toEqual(annTodos);
    expect(ids(await c.get(`/service/todos.xml?company_id=${acme}`), 'todos')).toEqual([mine[5]]);
  });

  it('embeds the contact in <participants>', async () => {
    const t = xml(await c.get(`/service/todos.xml?company_id=${acme}`)).todos.todo[0];
    expect(t.participants.participant_id).toEqual([{ '#text': String(acme), '@type': 'integer' }]);
  });

  it('pages the search', async () => {
    expect(ids(await c.get(`/service/todos.xml?person_id=${ann}&offset=1&limit=1`), 'todos')).toEqual([annTodos[1]]);
  });

  it('answers 404 for an unknown, wrong-type or other-account contact', async () => {
    for (const q of ['person_id=999999', `person_id=${acme}`, `company_id=${ann}`, `person_id=${foreignPerson}`, 'person_id=abc']) {
      const res = await c.get(`/service/todos.xml?${q}`);
      expect(res.statusCode, q).toBe(404);
      expect(xml(res).errors.error[0]).toMatch(/not found/);
    }
  });

  it('wins over updated_since and assigned_to', async () => {
    const res = await c.get(`/service/todos.xml?assigned_to=bob@example.com&updated_since=2011-01-01&person_id=${ann}`);
    expect(ids(res, 'todos')).toEqual(annTodos);
  });

  it('treats an empty person_id as absent', async () => {
    expect(ids(await c.get('/service/todos.xml?person_id=&assigned_to=bob@example.com'), 'todos')).toEqual(bobs);
  });
});

describe('GET /service/todos?updated_since=', () => {
  it('lists any to-do updated at or after the time, whoever the assignee', async () => {
    expect(ids(await c.get('/service/todos.xml?updated_since=2011-01-01'), 'todos')).toEqual([bobs[0], mine[7]]);
    expect(ids(await c.get(`/service/todos.xml?updated_since=${encodeURIComponent('2011-06-02 00:00:00 +0000')}`), 'todos')).toEqual([bobs[0]]);
    expect(ids(await c.get(`/service/todos.xml?updated_since=${encodeURIComponent('Jun 01 12:00:00 UTC 2011')}`), 'todos')).toEqual([bobs[0], mine[7]]);
    expect(ids(await c.get(`/service/todos.xml?updated_since=${encodeURIComponent('Wed Jun 01 12:00:01 UTC 2011')}`), 'todos')).toEqual([bobs[0]]);
  });

  it('does not list another account\'s to-dos', async () => {
    const res = await c.get('/service/todos.xml?updated_since=2000-01-01&limit=1000');
    expect(ids(res, 'todos')).toHaveLength(mine.length + bobs.length);
    expect(res.body).not.toContain('Other account');
  });

  it('wins over assigned_to', async () => {
    expect(ids(await c.get('/service/todos.xml?assigned_to=bob@example.com&updated_since=2011-01-01'), 'todos')).toEqual([bobs[0], mine[7]]);
  });

  it('answers 422 for a time it cannot read', async () => {
    expect((await c.get('/service/todos.xml?updated_since=yesterday')).statusCode).toBe(422);
  });
});

describe('GET /service/todos?assigned_to=', () => {
  it('lists a user\'s to-dos by login e-mail, case-insensitively', async () => {
    expect(ids(await c.get('/service/todos.xml?assigned_to=BOB@example.COM'), 'todos')).toEqual(bobs);
    expect(ids(await bob.get('/service/todos.xml?assigned_to=owner@demo.example&limit=2'), 'todos')).toEqual(mine.slice(0, 2));
  });

  it('answers an empty array for an unknown user or another account\'s user', async () => {
    for (const who of ['nobody@example.com', 'o@o.com']) {
      const res = await c.get(`/service/todos.xml?assigned_to=${who}`);
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<todos type="array"></todos>\n');
    }
  });
});

describe('GET /service/people/:id/todos and /service/companies/:id/todos', () => {
  it('answers the person_id / company_id search', async () => {
    const res = await c.get(`/service/people/${ann}/todos.xml`);
    expect(res.statusCode).toBe(200);
    expect(ids(res, 'todos')).toEqual(annTodos);
    expect(ids(await c.get(`/service/companies/${acme}/todos.xml`), 'todos')).toEqual([mine[5]]);
    expect(ids(await c.get(`/service/people/${ann}/todos.xml?limit=1`), 'todos')).toEqual([annTodos[0]]);
  });

  it('answers an empty array for a contact without to-dos', async () => {
    const lonely = await createPerson(c, 'No', 'Todos');
    expect((await c.get(`/service/people/${lonely}/todos.xml`)).body).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<todos type="array"></todos>\n');
  });

  it('answers 404 for an unknown, wrong-type or other-account contact', async () => {
    for (const url of [
      '/service/people/999999/todos.xml',
      `/service/people/${acme}/todos.xml`,
      `/service/companies/${ann}/todos.xml`,
      `/service/people/${foreignPerson}/todos.xml`,
      `/service/people/${mine[0]}/todos.xml`,
    ]) {
      expect((await c.get(url)).statusCode, url).toBe(404);
    }
  });
});
