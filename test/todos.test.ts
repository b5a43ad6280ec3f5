// To-dos (spec §9): create, show, update, delete in every argument encoding, and the
// `/service/tasks` alias. Lists and searches: todos-list.test.ts; related contacts, tags and
// comments on to-dos: todos-related.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { allocateId } from '../src/resources/records/records.repository.js';
import { Client, createPerson, idFromLocation, makeApp, xml } from './helpers.js';

let ctx: App;
let c: Client;
let other: Client;
let demoId: number;
let otherId: number;

beforeAll(async () => {
  ctx = await makeApp();
  c = new Client(ctx.app);
  demoId = (await ctx.services.accounts.requireAccount('demo')).id;
  await ctx.services.accounts.addUser('demo', { email: 'Bob.Smith@Example.com', name: 'Bob Smith', role: 'basic' });
  other = new Client(ctx.app, (await ctx.services.accounts.createAccount('other', { email: 'o@o.com', name: 'O' })).token);
  otherId = (await ctx.services.accounts.requireAccount('other')).id;
});
afterAll(async () => ctx.app.close());

async function createTodo(client: Client, title = 'Call about the cake', extra = ''): Promise<number> {
  const res = await client.post('/service/todos.xml', `<todo><title>${title}</title>${extra}</todo>`);
  if (res.statusCode !== 201) throw new Error(`create todo: ${res.statusCode} ${res.body}`);
  return idFromLocation(res);
}

/** A deal row written directly: the to-do only needs a deal id of the account to point at. */
async function insertDeal(accountId: number, title = 'Big deal'): Promise<number> {
  const db = ctx.storage.db;
  const id = await allocateId(db, accountId, 'deal');
  const now = new Date().toISOString();
  await db
    .insertInto('deals')
    .values({ id, account_id: accountId, title, description: null, deal_with_id: null, status: 'pending', assigned_to_user_id: null, amount_cents: 0, created_at: now, updated_at: now })
    .execute();
  return id;
}

async function row(id: number) {
  return ctx.storage.db.selectFrom('todos').selectAll().where('id', '=', id).executeTakeFirst();
}

async function countTodos(): Promise<number> {
  const r = await ctx.storage.db.selectFrom('todos').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('POST /service/todos', () => {
  it('creates from underscored XML and answers 201 with an absolute Location and the to-do', async () => {
    const res = await c.post(
      '/service/todos.xml',
      '<todo><title>Call about the cake</title><description>do this thing</description><due_date>2010-09-03 12:00:00 -0400</due_date><flagged>true</flagged></todo>',
    );
    expect(res.statusCode).toBe(201);
    const id = idFromLocation(res);
    expect(res.headers.location).toBe(`http://localhost:3000/service/todos/${id}.xml`);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    const t = xml(res).todo;
    expect(t.id).toEqual({ '#text': String(id), '@type': 'integer' });
    expect(t.title).toBe('Call about the cake');
    expect(t.description).toBe('do this thing');
    expect(t.due_date).toBe('2010-09-03 16:00:00 +0000');
    expect(t.flagged).toEqual({ '#text': 'true', '@type': 'boolean' });
    expect(t.complete).toEqual({ '#text': 'false', '@type': 'boolean' });
    expect(t.assigned_by).toBe('Owner');
    expect(t.assigned_to).toBe('Owner');
    expect(t.participants).toEqual({ '@type': 'array' });
    expect(t.created_at).toMatch(/^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}$/);
  });

  it('accepts dashed ActiveResource XML with type hints', async () => {
    const res = await c.post(
      '/service/todos.xml',
      '<?xml version="1.0" encoding="UTF-8"?>\n<todo>\n  <title>Dashed</title>\n  <due-date type="datetime">2010-09-03T12:00:00Z</due-date>\n  <complete type="boolean">true</complete>\n  <description nil="true"></description>\n</todo>',
    );
    expect(res.statusCode).toBe(201);
    const t = xml(res).todo;
    expect(t.due_date).toBe('2010-09-03 12:00:00 +0000');
    expect(t.complete['#text']).toBe('true');
    expect(t.description).toBe('');
  });

  it('accepts a PHP form body with bracket keys', async () => {
    const res = await c.post('/service/todos.xml', 'todo[title]=Form+todo&todo[due_date]=2010-07-28&todo[flagged]=1&todo[complete]=0');
    expect(res.statusCode).toBe(201);
    const t = xml(res).todo;
    expect(t.title).toBe('Form todo');
    expect(t.due_date).toBe('2010-07-28 00:00:00 +0000');
    expect(t.flagged['#text']).toBe('true');
    expect(t.complete['#text']).toBe('false');
  });

  it('accepts JSON and answers JSON on .json', async () => {
    const res = await c.post('/service/todos.json', { todo: { title: 'Json todo', 'due-date': '2010-09-03 12:00:00 +0000' } });
    expect(res.statusCode).toBe(201);
    expect(res.headers.location).toMatch(/^http:\/\/localhost:3000\/service\/todos\/\d+\.json$/);
    const t = JSON.parse(res.body).todo;
    expect(t.title).toBe('Json todo');
    expect(t.due_date).toBe('2010-09-03 12:00:00 +0000');
    expect(t.flagged).toBe(false);
    expect(t.participants).toEqual([]);
  });

  it('accepts every argument in the query string with no body', async () => {
    const res = await c.post('/service/todos.xml?todo[title]=Query+todo&todo[flagged]=True');
    expect(res.statusCode).toBe(201);
    const t = xml(res).todo;
    expect(t.title).toBe('Query todo');
    expect(t.flagged['#text']).toBe('true');
  });

  it.each([
    ['Jul 01 13:37:38 UTC 2010', '2010-07-01 13:37:38 +0000'],
    ['Thu Sep 02 14:34:34 UTC 2010', '2010-09-02 14:34:34 +0000'],
    ['2010-09-03 12:00:00 -0400', '2010-09-03 16:00:00 +0000'],
    ['2010-07-28', '2010-07-28 00:00:00 +0000'],
    ['2010-09-03T12:00:00Z', '2010-09-03 12:00:00 +0000'],
    ['2010-09-03T12:00:00+02:00', '2010-09-03 10:00:00 +0000'],
  ])('reads the due date %s (spec §1.4)', async (input, output) => {
    const res = await c.post('/service/todos.xml', `<todo><title>Due</title><due_date>${input}</due_date></todo>`);
    expect(res.statusCode).toBe(201);
    expect(xml(res).todo.due_date).toBe(output);
  });

  it('writes an empty due_date when there is none', async () => {
    const res = await c.post('/service/todos.xml', '<todo><title>No date</title></todo>');
    expect(res.body).toContain('<due_date></due_date>');
  });

  it('answers 422 for an unparseable due date and creates nothing', async () => {
    const before = await countTodos();
    const res = await c.post('/service/todos.xml', '<todo><title>Bad date</title><due_date>next tuesday</due_date></todo>');
    expect(res.statusCode).toBe(422);
    expect(xml(res).errors.error[0]).toMatch(/Due date/);
    expect(await countTodos()).toBe(before);
  });

  it.each([
    ['True', 'False', 'true', 'false'],
    ['FALSE', 'TRUE', 'false', 'true'],
    ['1', '0', 'true', 'false'],
  ])('reads booleans case-insensitively (flagged=%s complete=%s)', async (f, cpl, wantF, wantC) => {
    const t = xml(await c.post('/service/todos.xml', `<todo><title>B</title><flagged>${f}</flagged><complete>${cpl}</complete></todo>`)).todo;
    expect(t.flagged['#text']).toBe(wantF);
    expect(t.complete['#text']).toBe(wantC);
  });

  it('answers 422 for a boolean it cannot read', async () => {
    const res = await c.post('/service/todos.xml', '<todo><title>B</title><flagged>maybe</flagged></todo>');
    expect(res.statusCode).toBe(422);
  });

  it('answers 422 "Title can\'t be blank" without a title, or a blank one, and creates nothing', async () => {
    const before = await countTodos();
    for (const body of ['<todo><description>x</description></todo>', '<todo><title>  </title></todo>', 'todo[title]=', '']) {
      const res = await c.post('/service/todos.xml', body);
      expect(res.statusCode).toBe(422);
      expect(xml(res).errors.error).toEqual(["Title can't be blank"]);
    }
    expect(await countTodos()).toBe(before);
  });

  it('assigns to the caller by default, and assigned_by is always the caller', async () => {
    const id = await createTodo(c, 'Mine');
    const r = await row(id);
    const owner = (await ctx.services.accounts.findUser(demoId, 'owner@demo.example'))!;
    expect(r?.assigned_by_user_id).toBe(owner.id);
    expect(r?.assigned_to_user_id).toBe(owner.id);
  });

  it('assigns to a user by e-mail or by name, case-insensitively', async () => {
    for (const who of ['bob.smith@example.COM', 'bob smith', 'BOB SMITH']) {
      const t = xml(await c.post('/service/todos.xml', `todo[title]=For+Bob&todo[assigned_to]=${encodeURIComponent(who)}`)).todo;
      expect(t.assigned_to).toBe('Bob Smith');
      expect(t.assigned_by).toBe('Owner');
    }
  });

  it('answers 422 for an assignee who is not a user of the account (including another account\'s)', async () => {
    const before = await countTodos();
    for (const who of ['nobody@example.com', 'o@o.com', 'O']) {
      const res = await c.post('/service/todos.xml', `<todo><title>x</title><assigned_to>${who}</assigned_to></todo>`);
      expect(res.statusCode).toBe(422);
      expect(xml(res).errors.error[0]).toMatch(/Assigned to/);
    }
    expect(await countTodos()).toBe(before);
  });

  it('attaches the to-do to a deal of the account by deal_id', async () => {
    const deal = await insertDeal(demoId);
    const id = await createTodo(c, 'On a deal', `<deal_id>${deal}</deal_id>`);
    expect((await row(id))?.deal_id).toBe(deal);
  });

  it('answers 422 when deal_id names no deal of the account', async () => {
    const person = await createPerson(c, 'Not', 'ADeal');
    const foreign = await insertDeal(otherId, 'Foreign deal');
    const before = await countTodos();
    for (const v of [String(person), '999999', 'abc', String(foreign)]) {
      const res = await c.post('/service/todos.xml', `<todo><title>x</title><deal_id>${v}</deal_id></todo>`);
      expect(res.statusCode).toBe(422);
      expect(xml(res).errors.error).toEqual(['Deal does not exist']);
    }
    expect(await countTodos()).toBe(before);
  });

  it('ignores unknown fields', async () => {
    const res = await c.post('/service/todos.xml', '<todo><title>U</title><favourite_colour>blue</favourite_colour></todo>');
    expect(res.statusCode).toBe(201);
  });

  it('logs "To-Do created" in recent activity', async () => {
    const id = await createTodo(c, 'Logged todo');
    const act = await ctx.storage.db.selectFrom('activities').selectAll().where('record_id', '=', id).execute();
    expect(act.map((a) => [a.name, a.description, a.record_type])).toEqual([['To-Do created', 'Logged todo', 'To-Do']]);
  });
});

describe('GET /service/todos/:id', () => {
  it('answers the to-do in the documented element order', async () => {
    const id = await createTodo(c, 'Order check');
    const res = await c.get(`/service/todos/${id}.xml`);
    expect(res.statusCode).toBe(200);
    const names = [...res.body.matchAll(/^ {2}<([a-z_]+)[ >]/gm)].map((m) => m[1]);
    expect(names).toEqual([
      'id', 'title', 'description', 'due_date', 'flagged', 'complete', 'assigned_by', 'assigned_to',
      'participants', 'tags', 'mega_comments', 'created_at', 'updated_at',
    ]);
    expect(res.body).toContain('<participants type="array"></participants>');
    expect(res.body).toContain('<tags type="array"></tags>');
    expect(res.body).toContain('<mega_comments type="array"></mega_comments>');
    expect(res.body).toMatch(/<updated_at>[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}<\/updated_at>/);
  });

  it('answers a path without suffix as XML', async () => {
    const id = await createTodo(c);
    const res = await c.get(`/service/todos/${id}`);
    expect(res.statusCode).toBe(200);
    expect(xml(res).todo.id['#text']).toBe(String(id));
  });

  it('answers 404 for unknown, non-numeric, wrong-type and other-account ids', async () => {
    const person = await createPerson(c, 'Not', 'ATodo');
    const foreign = await createTodo(other, 'Foreign');
    for (const url of ['/service/todos/999999.xml', '/service/todos/abc.xml', `/service/todos/${person}.xml`, `/service/todos/${foreign}.xml`]) {
      const res = await c.get(url);
      expect(res.statusCode).toBe(404);
      expect(xml(res).errors.error[0]).toMatch(/not found/);
    }
  });
});

describe('PUT /service/todos/:id', () => {
  it('ignores read-only fields and nested arrays echoed back by ActiveResource', async () => {
    const person = await createPerson(c, 'Echo', 'Participant');
    const id = await createTodo(c, 'Echo', '<description>keep</description><due_date>2010-09-03 12:00:00 +0000</due_date><assigned_to>Bob Smith</assigned_to>');
    await c.put(`/service/todos/${id}/add_related_contact.xml?contact_id=${person}`);
    await c.put(`/service/todos/${id}/add_tag.xml?tag=echoed`);
    await c.post(`/service/todos/${id}/comments.xml`, '<comment><comment>hi</comment></comment>');
    const shown = (await c.get(`/service/todos/${id}.xml`)).body;
    const dashed = shown
      .replace(/<(\/?)([a-z]+_[a-z_0-9]+)/g, (_m, slash: string, name: string) => `<${slash}${name.replace(/_/g, '-')}`)
      .replace('<title>Echo</title>', '<title>Echoed</title>');
    const before = await row(id);
    const res = await c.put(`/service/todos/${id}.xml`, dashed);
    expect(res.statusCode).toBe(200);
    const t = xml(res).todo;
    expect(t.title).toBe('Echoed');
    expect(t.description).toBe('keep');
    expect(t.due_date).toBe('2010-09-03 12:00:00 +0000');
    expect(t.assigned_to).toBe('Bob Smith');
    expect(t.assigned_by).toBe('Owner');
    expect(t.participants.participant_id.map((p: { '#text': string }) => p['#text'])).toEqual([String(person)]);
    expect(t.tags.tag[0].name).toBe('echoed');
    expect(t.mega_comments.mega_comment).toHaveLength(1);
    const after = await row(id);
    expect({ ...after, title: 'Echo', updated_at: '' }).toEqual({ ...before, updated_at: '' });
  });

  it('leaves fields missing from a PHP form body unchanged', async () => {
    const id = await createTodo(c, 'Keep', '<description>d1</description><flagged>true</flagged><due_date>2010-07-28</due_date>');
    const res = await c.put(`/service/todos/${id}.xml`, 'todo[complete]=1');
    expect(res.statusCode).toBe(200);
    const t = xml(await c.get(`/service/todos/${id}.xml`)).todo;
    expect(t.complete['#text']).toBe('true');
    expect(t.flagged['#text']).toBe('true');
    expect(t.title).toBe('Keep');
    expect(t.description).toBe('d1');
    expect(t.due_date).toBe('2010-07-28 00:00:00 +0000');
  });

  it('changes every field from XML, JSON and the query string', async () => {
    const id = await createTodo(c, 'Change me');
    let t = xml(await c.put(`/service/todos/${id}.xml`, '<todo><title>New</title><description>desc</description><due_date>Jul 01 13:37:38 UTC 2010</due_date><flagged>True</flagged></todo>')).todo;
    expect([t.title, t.description, t.due_date, t.flagged['#text']]).toEqual(['New', 'desc', '2010-07-01 13:37:38 +0000', 'true']);
    const json = await c.put(`/service/todos/${id}.json`, { todo: { assigned_to: 'BOB.SMITH@example.com', complete: true } });
    expect(json.statusCode).toBe(200);
    expect(JSON.parse(json.body).todo).toMatchObject({ assigned_to: 'Bob Smith', complete: true, title: 'New' });
    const q = await c.put(`/service/todos/${id}.xml?todo[flagged]=false&todo[assigned_to]=Owner`);
    expect(q.statusCode).toBe(200);
    t = xml(q).todo;
    expect([t.flagged['#text'], t.assigned_to, t.complete['#text']]).toEqual(['false', 'Owner', 'true']);
  });

  it('clears the due date and the description with empty values', async () => {
    const id = await createTodo(c, 'Clear', '<description>d</description><due_date>2010-07-28</due_date>');
    const t = xml(await c.put(`/service/todos/${id}.xml`, '<todo><due_date></due_date><description></description></todo>')).todo;
    expect(t.due_date).toBe('');
    expect(t.description).toBe('');
    expect((await row(id))?.due_date).toBeNull();
  });

  it('keeps the assignee when assigned_to is blank, and accepts "Me" (users.xml names the caller so)', async () => {
    const id = await createTodo(c, 'Assignee', '<assigned_to>Bob Smith</assigned_to>');
    expect(xml(await c.put(`/service/todos/${id}.xml`, '<todo><assigned_to></assigned_to></todo>')).todo.assigned_to).toBe('Bob Smith');
    expect(xml(await c.put(`/service/todos/${id}.xml`, '<todo><assigned_to>Me</assigned_to></todo>')).todo.assigned_to).toBe('Owner');
  });

  it('moves the to-do to another deal and detaches it with an empty deal_id', async () => {
    const first = await insertDeal(demoId, 'First deal');
    const second = await insertDeal(demoId, 'Second deal');
    const id = await createTodo(c, 'Deal mover', `<deal_id>${first}</deal_id>`);
    expect((await c.put(`/service/todos/${id}.xml`, `todo[deal_id]=${second}`)).statusCode).toBe(200);
    expect((await row(id))?.deal_id).toBe(second);
    expect((await c.put(`/service/todos/${id}.xml`, '<todo><title>still</title></todo>')).statusCode).toBe(200);
    expect((await row(id))?.deal_id).toBe(second);
    expect((await c.put(`/service/todos/${id}.xml`, '<todo><deal_id></deal_id></todo>')).statusCode).toBe(200);
    expect((await row(id))?.deal_id).toBeNull();
    expect((await c.put(`/service/todos/${id}.xml`, '<todo><deal_id>424242</deal_id></todo>')).statusCode).toBe(422);
  });

  it('refuses to blank the title with 422 and keeps the record', async () => {
    const id = await createTodo(c, 'Still here');
    const res = await c.put(`/service/todos/${id}.xml`, '<todo><title></title><description>changed</description></todo>');
    expect(res.statusCode).toBe(422);
    expect(xml(res).errors.error).toEqual(["Title can't be blank"]);
    const t = xml(await c.get(`/service/todos/${id}.xml`)).todo;
    expect(t.title).toBe('Still here');
    expect(t.description).toBe('');
  });

  it('answers 422 for a bad due date or assignee and changes nothing', async () => {
    const id = await createTodo(c, 'Unchanged', '<due_date>2010-07-28</due_date>');
    const before = await row(id);
    for (const body of ['<todo><title>X</title><due_date>2010-13-45</due_date></todo>', '<todo><title>X</title><assigned_to>ghost</assigned_to></todo>']) {
      expect((await c.put(`/service/todos/${id}.xml`, body)).statusCode).toBe(422);
    }
    expect(await row(id)).toEqual(before);
  });

  it('answers exactly 200 (never 204), and 404 for unknown and other-account ids without changing them', async () => {
    const id = await createTodo(c);
    expect((await c.put(`/service/todos/${id}.xml`, '<todo><title>x</title></todo>')).statusCode).toBe(200);
    expect((await c.put('/service/todos/987654.xml', '<todo><title>x</title></todo>')).statusCode).toBe(404);
    const foreign = await createTodo(other, 'Theirs');
    expect((await c.put(`/service/todos/${foreign}.xml`, '<todo><title>Hacked</title></todo>')).statusCode).toBe(404);
    expect(xml(await other.get(`/service/todos/${foreign}.xml`)).todo.title).toBe('Theirs');
  });

  it('logs "To-Do updated" with the new title', async () => {
    const id = await createTodo(c, 'Before');
    await c.put(`/service/todos/${id}.xml`, '<todo><title>After</title></todo>');
    const act = await ctx.storage.db.selectFrom('activities').selectAll().where('record_id', '=', id).orderBy('id').execute();
    expect(act.map((a) => [a.name, a.description])).toEqual([['To-Do created', 'Before'], ['To-Do updated', 'After']]);
  });
});

describe('DELETE /service/todos/:id', () => {
  it('answers 200 with an empty body, then 404', async () => {
    const id = await createTodo(c, 'Gone soon');
    const res = await c.del(`/service/todos/${id}.xml`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    expect((await c.get(`/service/todos/${id}.xml`)).statusCode).toBe(404);
    expect((await c.del(`/service/todos/${id}.xml`)).statusCode).toBe(404);
    expect((await c.get(`/service/records/${id}.xml`)).statusCode).toBe(404);
  });

  it('leaves a tombstone, logs "To-Do deleted" and removes links, tags and comments', async () => {
    const person = await createPerson(c, 'Linked', 'Contact');
    const id = await createTodo(c, 'Tomb todo');
    await c.put(`/service/todos/${id}/add_related_contact.xml?contact_id=${person}`);
    await c.put(`/service/todos/${id}/add_tag.xml?tag=doomed`);
    await c.post(`/service/todos/${id}/comments.xml`, '<comment><comment>bye</comment></comment>');
    expect((await c.del(`/service/todos/${id}.xml`)).statusCode).toBe(200);
    const db = ctx.storage.db;
    const tomb = await db.selectFrom('tombstones').selectAll().where('id', '=', id).executeTakeFirst();
    expect(tomb).toMatchObject({ record_type: 'todo', display_name: 'Tomb todo', account_id: demoId });
    const act = await db.selectFrom('activities').selectAll().where('record_id', '=', id).orderBy('id', 'desc').executeTakeFirst();
    expect([act?.name, act?.description]).toEqual(['To-Do deleted', 'Tomb todo']);
    for (const table of ['record_contacts', 'taggings', 'comments', 'search_index'] as const) {
      expect(await db.selectFrom(table).selectAll().where('record_id', '=', id).execute()).toEqual([]);
    }
    expect((await c.get(`/service/people/${person}.xml`)).statusCode).toBe(200);
  });

  it('answers 404 for another account\'s to-do and keeps it', async () => {
    const foreign = await createTodo(other, 'Keep mine');
    expect((await c.del(`/service/todos/${foreign}.xml`)).statusCode).toBe(404);
    expect((await other.get(`/service/todos/${foreign}.xml`)).statusCode).toBe(200);
  });
});

describe('/service/tasks (alias of /service/todos)', () => {
  it('creates from robriggen\'s form body task[subject] and points Location at /service/todos', async () => {
    const res = await c.post('/service/tasks.xml', 'task[subject]=Old+script+task&task[description]=from+php&task[flagged]=1');
    expect(res.statusCode).toBe(201);
    const id = idFromLocation(res);
    expect(res.headers.location).toBe(`http://localhost:3000/service/todos/${id}.xml`);
    expect(res.body).toContain('<todo>');
    const t = xml(res).todo;
    expect([t.title, t.description, t.flagged['#text']]).toEqual(['Old script task', 'from php', 'true']);
    expect(xml(await c.get(`/service/todos/${id}.xml`)).todo.title).toBe('Old script task');
  });

  it('accepts a <task> XML root, and subject as an alias of title under <todo> too', async () => {
    const a = await c.post('/service/tasks.xml', '<task><subject>Task xml</subject><due-date>2010-07-28</due-date></task>');
    expect(a.statusCode).toBe(201);
    expect(xml(a).todo.due_date).toBe('2010-07-28 00:00:00 +0000');
    const b = await c.post('/service/todos.xml', '<todo><subject>Todo subject</subject></todo>');
    expect(xml(b).todo.title).toBe('Todo subject');
    const d = await c.post('/service/tasks.xml', '<task><title>Task title</title></task>');
    expect(xml(d).todo.title).toBe('Task title');
  });

  it('answers 422 "Title can\'t be blank" for a blank subject', async () => {
    const res = await c.post('/service/tasks.xml', 'task[subject]=');
    expect(res.statusCode).toBe(422);
    expect(xml(res).errors.error).toEqual(["Title can't be blank"]);
  });

  it('shows, lists, updates and deletes through the alias with <todo>/<todos> documents', async () => {
    const id = await createTodo(c, 'Via alias');
    const shown = await c.get(`/service/tasks/${id}.xml`);
    expect(shown.statusCode).toBe(200);
    expect(xml(shown).todo.title).toBe('Via alias');
    const listed = await c.get('/service/tasks.xml?limit=1000000');
    expect(listed.body).toContain('<todos type="array">');
    expect(listed.body).toContain(`<id type="integer">${id}</id>`);
    const put = await c.put(`/service/tasks/${id}.xml`, 'task[subject]=Renamed+via+alias');
    expect(put.statusCode).toBe(200);
    expect(xml(put).todo.title).toBe('Renamed via alias');
    expect((await c.del(`/service/tasks/${id}.xml`)).statusCode).toBe(200);
    expect((await c.get(`/service/tasks/${id}.xml`)).statusCode).toBe(404);
    expect((await c.get(`/service/todos/${id}.xml`)).statusCode).toBe(404);
  });

  it('answers 404 for another account\'s to-do through the alias', async () => {
    const foreign = await createTodo(other, 'Alias foreign');
    expect((await c.get(`/service/tasks/${foreign}.xml`)).statusCode).toBe(404);
    expect((await c.put(`/service/tasks/${foreign}.xml`, 'task[subject]=x')).statusCode).toBe(404);
    expect((await c.del(`/service/tasks/${foreign}.xml`)).statusCode).toBe(404);
  });
});
