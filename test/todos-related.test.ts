// What hangs off a to-do: related contacts shown as <participants> (spec §12a), tags (§6) and
// comments (§8), each through its own routes and embedded in the to-do document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { Client, createCompany, createPerson, idFromLocation, makeApp, xml } from './helpers.js';

let ctx: App;
let c: Client;
let other: Client;
let foreignPerson: number;

beforeAll(async () => {
  ctx = await makeApp();
  c = new Client(ctx.app);
  other = new Client(ctx.app, (await ctx.services.accounts.createAccount('other', { email: 'o@o.com', name: 'O' })).token);
  foreignPerson = await createPerson(other, 'Foreign', 'Person');
  const account = await ctx.services.accounts.requireAccount('demo');
  await ctx.services.superTags.define(account.id, 'Work Schedule', [{ name: 'Monday', type: 'Text', options: [] }]);
});
afterAll(async () => ctx.app.close());

async function createTodo(client: Client, title = 'Linked todo'): Promise<number> {
  const res = await client.post('/service/todos.xml', `<todo><title>${title}</title></todo>`);
  if (res.statusCode !== 201) throw new Error(`create todo: ${res.statusCode} ${res.body}`);
  return idFromLocation(res);
}

async function participants(id: number, client = c): Promise<number[]> {
  const t = xml(await client.get(`/service/todos/${id}.xml`)).todo;
  const list = t.participants.participant_id ?? [];
  return list.map((p: { '#text': string; '@type': string }) => {
    expect(p['@type']).toBe('integer');
    return Number(p['#text']);
  });
}

describe('PUT /service/todos/:id/add_related_contact', () => {
  it('attaches a contact given as XML body <contact_id>, query or form, and shows it in <participants>', async () => {
    const id = await createTodo(c);
    const [a, b] = [await createPerson(c, 'Xml', 'Body'), await createPerson(c, 'Query', 'Arg')];
    const co = await createCompany(c, 'Form Co');
    for (const [url, body] of [
      [`/service/todos/${id}/add_related_contact.xml`, `<contact_id>${a}</contact_id>`],
      [`/service/todos/${id}/add_related_contact.xml?contact_id=${b}`, undefined],
      [`/service/todos/${id}/add_related_contact.xml`, `contact_id=${co}`],
    ] as const) {
      const res = await c.put(url, body);
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe('');
    }
    expect(await participants(id)).toEqual([a, b, co]);
  });

  it('is idempotent', async () => {
    const id = await createTodo(c);
    const p = await createPerson(c, 'Twice', 'Added');
    await c.put(`/service/todos/${id}/add_related_contact.xml?contact_id=${p}`);
    expect((await c.put(`/service/todos/${id}/add_related_contact.xml?contact_id=${p}`)).statusCode).toBe(200);
    expect(await participants(id)).toEqual([p]);
  });

  it('logs "Related contact added" on the to-do', async () => {
    const id = await createTodo(c, 'Logged link');
    const p = await createPerson(c, 'Log', 'Me');
    await c.put(`/service/todos/${id}/add_related_contact.xml?contact_id=${p}`);
    const act = await ctx.storage.db.selectFrom('activities').selectAll().where('record_id', '=', id).orderBy('id', 'desc').executeTakeFirst();
    expect([act?.name, act?.description, act?.record_type]).toEqual(['Related contact added', 'Logged link: Log Me', 'To-Do']);
  });

  it('answers 404 for an unknown to-do, an unknown contact, a non-contact or another account\'s contact', async () => {
    const id = await createTodo(c);
    const p = await createPerson(c, 'Real', 'One');
    const otherTodo = await createTodo(c, 'Not a contact');
    for (const url of [
      `/service/todos/999999/add_related_contact.xml?contact_id=${p}`,
      `/service/todos/${p}/add_related_contact.xml?contact_id=${p}`,
      `/service/todos/${id}/add_related_contact.xml?contact_id=999999`,
      `/service/todos/${id}/add_related_contact.xml?contact_id=${otherTodo}`,
      `/service/todos/${id}/add_related_contact.xml?contact_id=${foreignPerson}`,
    ]) {
      expect((await c.put(url)).statusCode, url).toBe(404);
    }
    expect(await participants(id)).toEqual([]);
  });

  it('answers 404 for another account\'s to-do and attaches nothing', async () => {
    const foreign = await createTodo(other, 'Theirs');
    const p = await createPerson(c, 'Intruder', 'Contact');
    expect((await c.put(`/service/todos/${foreign}/add_related_contact.xml?contact_id=${p}`)).statusCode).toBe(404);
    expect((await other.put(`/service/todos/${foreign}/add_related_contact.xml?contact_id=${p}`)).statusCode).toBe(404);
    expect(await participants(foreign, other)).toEqual([]);
  });
});

describe('DELETE /service/todos/:id/remove_related_contact', () => {
  it('detaches a contact given as query, XML body or form → 200', async () => {
    const id = await createTodo(c);
    const ps = [await createPerson(c, 'R', 'One'), await createPerson(c, 'R', 'Two'), await createPerson(c, 'R', 'Three')];
    for (const p of ps) await c.put(`/service/todos/${id}/add_related_contact.xml?contact_id=${p}`);
    expect((await c.del(`/service/todos/${id}/remove_related_contact.xml?contact_id=${ps[0]}`)).statusCode).toBe(200);
    expect(await participants(id)).toEqual([ps[1], ps[2]]);
    expect((await c.del(`/service/todos/${id}/remove_related_contact.xml`, `<contact_id>${ps[1]}</contact_id>`)).statusCode).toBe(200);
    expect((await c.del(`/service/todos/${id}/remove_related_contact.xml`, `contact_id=${ps[2]}`)).statusCode).toBe(200);
    expect(await participants(id)).toEqual([]);
    // Detaching a contact that is not attached is a no-op.
    expect((await c.del(`/service/todos/${id}/remove_related_contact.xml?contact_id=${ps[0]}`)).statusCode).toBe(200);
  });

  it('answers 404 for an unknown to-do or contact, and for another account\'s to-do', async () => {
    const id = await createTodo(c);
    const p = await createPerson(c, 'Stays', 'Attached');
    await c.put(`/service/todos/${id}/add_related_contact.xml?contact_id=${p}`);
    expect((await c.del(`/service/todos/999999/remove_related_contact.xml?contact_id=${p}`)).statusCode).toBe(404);
    expect((await c.del(`/service/todos/${id}/remove_related_contact.xml?contact_id=999999`)).statusCode).toBe(404);
    expect((await other.del(`/service/todos/${id}/remove_related_contact.xml?contact_id=${p}`)).statusCode).toBe(404);
    expect(await participants(id)).toEqual([p]);
  });

  it('drops a deleted contact from <participants>', async () => {
    const id = await createTodo(c);
    const p = await createPerson(c, 'Soon', 'Deleted');
    await c.put(`/service/todos/${id}/add_related_contact.xml?contact_id=${p}`);
    expect((await c.del(`/service/people/${p}.xml`)).statusCode).toBe(200);
    expect(await participants(id)).toEqual([]);
    expect((await c.get(`/service/todos.xml?person_id=${p}`)).statusCode).toBe(404);
  });
});

describe('tags on to-dos', () => {
  it('adds with PUT add_tag and embeds plain tags without <fields> and SuperTags with them', async () => {
    const id = await createTodo(c, 'Tagged');
    expect((await c.put(`/service/todos/${id}/add_tag.xml`, '<tags type="array"><tag>urgent</tag><tag>work schedule</tag></tags>')).statusCode).toBe(200);
    const res = await c.get(`/service/todos/${id}.xml`);
    const tags = xml(res).todo.tags.tag;
    expect(tags.map((t: { name: string }) => t.name).sort()).toEqual(['Work Schedule', 'urgent']);
    const plain = tags.find((t: { name: string }) => t.name === 'urgent');
    expect(plain.supertag).toEqual({ '#text': 'false', '@type': 'boolean' });
    expect(plain.fields).toBeUndefined();
    expect(res.body).toMatch(/<name>Work Schedule<\/name>\s*<supertag type="boolean">true<\/supertag>\s*<fields><\/fields>/);
    expect(xml(await c.get(`/service/tags.xml?todo_id=${id}`)).tags.tag).toHaveLength(2);
  });

  it('removes with DELETE remove_tag', async () => {
    const id = await createTodo(c, 'Untagged');
    await c.put(`/service/todos/${id}/add_tag.xml?tag=temp`);
    expect((await c.del(`/service/todos/${id}/remove_tag.xml?tag=temp`)).statusCode).toBe(200);
    expect((await c.get(`/service/todos/${id}.xml`)).body).toContain('<tags type="array"></tags>');
  });

  it('answers 404 for another account\'s to-do', async () => {
    const foreign = await createTodo(other, 'Foreign tagged');
    expect((await c.put(`/service/todos/${foreign}/add_tag.xml?tag=evil`)).statusCode).toBe(404);
    expect((await other.get(`/service/todos/${foreign}.xml`)).body).toContain('<tags type="array"></tags>');
  });
});

describe('comments on to-dos', () => {
  it('creates with POST todos/:id/comments and embeds them as <mega_comments>', async () => {
    const id = await createTodo(c, 'Commented');
    const res = await c.post(`/service/todos/${id}/comments.xml`, '<comment><comment>Best comment ever</comment></comment>');
    expect(res.statusCode).toBe(201);
    const commentId = idFromLocation(res);
    expect(res.headers.location).toBe(`http://localhost:3000/service/comments/${commentId}.xml`);
    const m = xml(await c.get(`/service/todos/${id}.xml`)).todo.mega_comments.mega_comment;
    expect(m).toHaveLength(1);
    expect(m[0].comment).toBe('Best comment ever');
    expect(m[0].user).toBe('Owner');
    expect(m[0].record_id['#text']).toBe(String(id));
    expect(m[0].created_at['@type']).toBe('datetime');
  });

  it('creates through the gem\'s flat comments.xml?todo_id=', async () => {
    const id = await createTodo(c, 'Flat comment');
    expect((await c.post(`/service/comments.xml?todo_id=${id}`, 'comment[comment]=flat')).statusCode).toBe(201);
    expect(xml(await c.get(`/service/todos/${id}.xml`)).todo.mega_comments.mega_comment[0].comment).toBe('flat');
  });

  it('answers 404 for another account\'s to-do', async () => {
    const foreign = await createTodo(other, 'Foreign commented');
    expect((await c.post(`/service/todos/${foreign}/comments.xml`, '<comment><comment>x</comment></comment>')).statusCode).toBe(404);
  });
});
