import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { App } from '../src/app.js';
import { allocateId } from '../src/resources/records/records.repository.js';
import { Client, createCompany, createPerson, idFromLocation, ids, items, makeApp, xml } from './helpers.js';

let ctx: App;
let c: Client;
let other: Client;
let accountId: number;
let otherAccountId: number;

const PAM = "Pamela O'Hara";

beforeAll(async () => {
  ctx = await makeApp();
  c = new Client(ctx.app);
  accountId = (await ctx.services.accounts.requireAccount('demo')).id;
  await ctx.services.accounts.addUser('demo', { email: 'Pam@Demo.example', name: PAM, role: 'advanced' });
  other = new Client(ctx.app, (await ctx.services.accounts.createAccount('other', { email: 'o@o.com', name: 'O' })).token);
  otherAccountId = (await ctx.services.accounts.requireAccount('other')).id;
});
afterAll(async () => ctx.app.close());

async function createDeal(cl: Client, title = 'Deal', extra = ''): Promise<number> {
  const res = await cl.post('/service/deals.xml', `<deal><title>${title}</title>${extra}</deal>`);
  if (res.statusCode !== 201) throw new Error(`create deal: ${res.statusCode} ${res.body}`);
  return idFromLocation(res);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function dealOf(id: number, cl: Client = c): Promise<any> {
  const res = await cl.get(`/service/deals/${id}.xml`);
  expect(res.statusCode).toBe(200);
  return xml(res).deal;
}

/** Integer ids inside one of the deal's untyped lists; an empty list parses as ''. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function listIds(node: any, child: string): number[] {
  if (node === '' || node === undefined) return [];
  return node[child].map((x: { '#text': string }) => Number(x['#text']));
}

/** To-dos and communications attach themselves by `deal_id`; inserted directly here. */
async function insertTodo(dealId: number | null, acc = accountId): Promise<number> {
  const db = ctx.storage.db;
  const now = new Date().toISOString();
  const id = await allocateId(db, acc, 'todo');
  await db
    .insertInto('todos')
    .values({ id, account_id: acc, title: 'Call', description: null, due_date: null, flagged: 0, complete: 0, assigned_by_user_id: null, assigned_to_user_id: null, deal_id: dealId, created_at: now, updated_at: now })
    .execute();
  return id;
}

async function insertCommunication(dealId: number | null): Promise<number> {
  const db = ctx.storage.db;
  const now = new Date().toISOString();
  const id = await allocateId(db, accountId, 'communication');
  await db.insertInto('communications').values({ id, account_id: accountId, subject: 'Hi', body: null, date: now, ctype: 'email', deal_id: dealId, created_at: now, updated_at: now }).execute();
  return id;
}

async function dealCount(acc = accountId): Promise<number> {
  const rows = await ctx.storage.db.selectFrom('deals').select('id').where('account_id', '=', acc).execute();
  return rows.length;
}

function errorsOf(res: LightMyRequestResponse): string[] {
  return xml(res).errors.error;
}

describe('POST /service/deals', () => {
  it('creates from underscored XML: 201, absolute Location, documented defaults', async () => {
    const res = await c.post('/service/deals.xml', '<deal><title>Integration</title><description>big one</description></deal>');
    expect(res.statusCode).toBe(201);
    const id = idFromLocation(res);
    expect(res.headers.location).toBe(`http://localhost:3000/service/deals/${id}.xml`);
    const d = xml(res).deal;
    expect(d.id).toEqual({ '#text': String(id), '@type': 'integer' });
    expect(d.title).toBe('Integration');
    expect(d.description).toBe('big one');
    expect(d.deal_with).toBe('');
    expect(d.deal_with_id).toBe('0');
    expect(d.status).toBe('pending');
    expect(d.assigned_to).toBe('');
    expect(d.amount).toBe('0.00');
  });

  it('accepts dashed ActiveResource XML with type hints and nil', async () => {
    const company = await createCompany(c, 'ABC Company');
    const res = await c.post(
      '/service/deals.xml',
      `<?xml version="1.0" encoding="UTF-8"?>\n<deal>\n  <title>Dashed</title>\n  <deal-with-id type="integer">${company}</deal-with-id>\n  <assigned-to>pam@demo.example</assigned-to>\n  <description nil="true"></description>\n</deal>`,
    );
    expect(res.statusCode).toBe(201);
    const d = xml(res).deal;
    expect(d.deal_with).toBe('ABC Company');
    expect(d.deal_with_id).toBe(String(company));
    expect(d.assigned_to).toBe(PAM);
    expect(d.description).toBe('');
  });

  it('accepts a PHP form body with bracket keys', async () => {
    const res = await c.post('/service/deals.xml', 'deal[title]=Form+Deal&deal[amount]=1%2C234.50&deal[status]=Won');
    expect(res.statusCode).toBe(201);
    const d = xml(res).deal;
    expect(d.title).toBe('Form Deal');
    expect(d.amount).toBe('1234.50');
    expect(d.status).toBe('won');
  });

  it('accepts JSON and answers JSON with a .json Location on .json', async () => {
    const res = await c.post('/service/deals.json', { deal: { title: 'Json Deal', amount: 99.5 } });
    expect(res.statusCode).toBe(201);
    expect(res.headers.location).toMatch(/^http:\/\/localhost:3000\/service\/deals\/\d+\.json$/);
    const d = JSON.parse(res.body).deal;
    expect(d.title).toBe('Json Deal');
    expect(d.amount).toBe('99.50');
    expect(d.id).toBe(idFromLocation(res));
  });

  it('accepts every argument in the query string with no body', async () => {
    const res = await c.post('/service/deals.xml?deal[title]=Query+Only&deal[status]=lost');
    expect(res.statusCode).toBe(201);
    expect(xml(res).deal.status).toBe('lost');
  });

  it('answers 422 "Title can\'t be blank" and writes nothing', async () => {
    const before = await dealCount();
    for (const body of ['<deal><description>x</description></deal>', '<deal><title>   </title></deal>', 'deal[title]=', '']) {
      const res = await c.post('/service/deals.xml', body);
      expect(res.statusCode).toBe(422);
      expect(errorsOf(res)).toEqual(["Title can't be blank"]);
    }
    expect(await dealCount()).toBe(before);
  });

  it('ignores unknown fields', async () => {
    const res = await c.post('/service/deals.xml', '<deal><title>Unknown</title><favourite_colour>blue</favourite_colour></deal>');
    expect(res.statusCode).toBe(201);
  });
});

describe('deal amounts', () => {
  const valid: [string, string][] = [
    ['1234.5', '1234.50'],
    ['1,234.50', '1234.50'],
    ['1234.56', '1234.56'],
    ['0.29', '0.29'],
    ['19.99', '19.99'],
    ['.5', '0.50'],
    ['10', '10.00'],
    ['7.', '7.00'],
    ['1,000,000', '1000000.00'],
    ['', '0.00'],
  ];
  for (const [input, shown] of valid) {
    it(`stores "${input}" as exact cents and shows ${shown}`, async () => {
      const res = await c.post('/service/deals.xml', `deal[title]=Amount&deal[amount]=${encodeURIComponent(input)}`);
      expect(res.statusCode).toBe(201);
      expect(xml(res).deal.amount).toBe(shown);
      const row = await ctx.storage.db.selectFrom('deals').select('amount_cents').where('id', '=', idFromLocation(res)).executeTakeFirstOrThrow();
      expect(row.amount_cents).toBe(Math.round(Number(shown) * 100));
    });
  }

  it('answers 422 for anything else and writes nothing', async () => {
    const before = await dealCount();
    for (const bad of ['$10', '12.345', 'abc', '-5', '1,23', '1e3', '1.2.3', '12,3456', '1 000', '.']) {
      const res = await c.post('/service/deals.xml', `<deal><title>Bad</title><amount>${bad}</amount></deal>`);
      expect(res.statusCode, bad).toBe(422);
      expect(errorsOf(res)[0]).toMatch(/^Amount/);
    }
    expect(await dealCount()).toBe(before);
  });
});

describe('deal status, deal_with_id and assigned_to', () => {
  it('reads the status case-insensitively and refuses other values with 422', async () => {
    expect(xml(await c.post('/service/deals.xml', '<deal><title>S</title><status>LOST</status></deal>')).deal.status).toBe('lost');
    const res = await c.post('/service/deals.xml', '<deal><title>S</title><status>maybe</status></deal>');
    expect(res.statusCode).toBe(422);
    expect(errorsOf(res)[0]).toMatch(/^Status/);
  });

  it('takes a person as deal_with_id and shows the display name', async () => {
    const person = await createPerson(c, 'Deal', 'Maker');
    const d = xml(await c.post('/service/deals.xml', `<deal><title>W</title><deal_with_id>${person}</deal_with_id></deal>`)).deal;
    expect(d.deal_with).toBe('Deal Maker');
    expect(d.deal_with_id).toBe(String(person));
  });

  it('refuses a deal_with_id that is not a contact of the account with 422', async () => {
    const deal = await createDeal(c, 'Not a contact');
    const foreign = await createPerson(other, 'Foreign', 'Person');
    for (const bad of [String(deal), String(foreign), '999999', 'abc']) {
      const res = await c.post('/service/deals.xml', `<deal><title>W</title><deal_with_id>${bad}</deal_with_id></deal>`);
      expect(res.statusCode, bad).toBe(422);
      expect(errorsOf(res)).toEqual(['Deal with must be a person or company']);
    }
  });

  it('finds the assignee by e-mail or name, case-insensitively', async () => {
    for (const who of ['PAM@demo.EXAMPLE', "pamela o'hara", 'owner@demo.example']) {
      const res = await c.post('/service/deals.xml', `deal[title]=A&deal[assigned_to]=${encodeURIComponent(who)}`);
      expect(res.statusCode, who).toBe(201);
      expect(xml(res).deal.assigned_to).toBe(who.startsWith('owner') ? 'Owner' : PAM);
    }
  });

  it('refuses an unknown assignee (also a user of another account) with 422', async () => {
    for (const who of ['nobody@demo.example', 'o@o.com']) {
      const res = await c.post('/service/deals.xml', `<deal><title>A</title><assigned_to>${who}</assigned_to></deal>`);
      expect(res.statusCode).toBe(422);
      expect(errorsOf(res)[0]).toMatch(/^Assigned to/);
    }
  });
});

describe('GET /service/deals/:id', () => {
  it('answers the deal in the documented element order, untyped lists as start+end pairs', async () => {
    const id = await createDeal(c, 'Order');
    const res = await c.get(`/service/deals/${id}.xml`);
    expect(res.statusCode).toBe(200);
    const names = [...res.body.matchAll(/^ {2}<([a-z_]+)[ >]/gm)].map((m) => m[1]);
    expect(names).toEqual([
      'id', 'title', 'description', 'deal_with', 'deal_with_id', 'status', 'assigned_to', 'amount',
      'attached_communications', 'attached_contacts', 'todos', 'tags', 'mega_comments', 'created_at', 'updated_at',
    ]);
    expect(res.body).toContain('<deal_with_id>0</deal_with_id>');
    expect(res.body).toContain('<amount>0.00</amount>');
    expect(res.body).toContain('<attached_communications></attached_communications>');
    expect(res.body).toContain('<attached_contacts></attached_contacts>');
    expect(res.body).toContain('<todos></todos>');
    expect(res.body).toContain('<tags type="array"></tags>');
    expect(res.body).toContain('<mega_comments type="array"></mega_comments>');
    expect(res.body).toMatch(/<created_at>[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}<\/created_at>/);
    expect(res.body).toMatch(/<updated_at>[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}<\/updated_at>/);
  });

  it('lists attached communications and to-dos (by their deal_id) without a type attribute', async () => {
    const id = await createDeal(c, 'Attached');
    const elsewhere = await createDeal(c, 'Elsewhere');
    const todo1 = await insertTodo(id);
    const comm = await insertCommunication(id);
    const todo2 = await insertTodo(id);
    await insertTodo(elsewhere);
    await insertTodo(null);
    const res = await c.get(`/service/deals/${id}.xml`);
    expect(res.body).toContain(`<attached_communications>\n    <attached_communication_id type="integer">${comm}</attached_communication_id>\n  </attached_communications>`);
    expect(res.body).toContain(`<todos>\n    <todo_id type="integer">${todo1}</todo_id>\n    <todo_id type="integer">${todo2}</todo_id>\n  </todos>`);
    const d = xml(res).deal;
    expect(listIds(d.todos, 'todo_id')).toEqual([todo1, todo2]);
    expect(listIds(d.attached_communications, 'attached_communication_id')).toEqual([comm]);
  });

  it('answers a path without suffix as XML', async () => {
    const id = await createDeal(c);
    const res = await c.get(`/service/deals/${id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
  });

  it('answers 404 for unknown, non-numeric, non-deal and other-account ids', async () => {
    const person = await createPerson(c);
    const foreign = await createDeal(other, 'Foreign');
    for (const url of ['/service/deals/999999.xml', '/service/deals/abc.xml', `/service/deals/${person}.xml`, `/service/deals/${foreign}.xml`]) {
      const res = await c.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(errorsOf(res)).toEqual(['Deal not found']);
    }
  });
});

describe('PUT /service/deals/:id', () => {
  it('leaves omitted fields unchanged (PHP form)', async () => {
    const id = await createDeal(c, 'Keep', '<description>d1</description><amount>50</amount><status>won</status>');
    const res = await c.put(`/service/deals/${id}.xml`, 'deal[description]=d2');
    expect(res.statusCode).toBe(200);
    const d = await dealOf(id);
    expect(d.description).toBe('d2');
    expect(d.title).toBe('Keep');
    expect(d.amount).toBe('50.00');
    expect(d.status).toBe('won');
  });

  it('accepts the whole deal echoed back by ActiveResource (dashed, read-only and nested fields)', async () => {
    const person = await createPerson(c, 'Echo', 'Contact');
    const id = await createDeal(c, 'Echo', `<deal_with_id>${person}</deal_with_id><assigned_to>pam@demo.example</assigned_to><amount>10.5</amount>`);
    await c.put(`/service/deals/${id}/add_related_contact.xml?contact_id=${person}`);
    await c.put(`/service/deals/${id}/add_tag.xml?tag=echoed`);
    const todo = await insertTodo(id);
    const shown = (await c.get(`/service/deals/${id}.xml`)).body;
    const dashed = shown
      .replace(/<(\/?)([a-z]+_[a-z_0-9]+)/g, (_m, slash: string, name: string) => `<${slash}${name.replace(/_/g, '-')}`)
      .replace('<title>Echo</title>', '<title>Echoed</title>');
    const res = await c.put(`/service/deals/${id}.xml`, dashed);
    expect(res.statusCode).toBe(200);
    const d = xml(res).deal;
    expect(d.title).toBe('Echoed');
    expect(d.deal_with_id).toBe(String(person));
    // The echoed display name finds the same user again.
    expect(d.assigned_to).toBe(PAM);
    expect(d.amount).toBe('10.50');
    expect(listIds(d.attached_contacts, 'attached_contacts_id')).toEqual([person]);
    expect(listIds(d.todos, 'todo_id')).toEqual([todo]);
    expect(d.tags.tag.map((t: { name: string }) => t.name)).toEqual(['echoed']);
  });

  it('accepts the echo of a deal with nothing set: deal_with_id 0 and empty assigned_to', async () => {
    const id = await createDeal(c, 'Bare');
    const shown = (await c.get(`/service/deals/${id}.xml`)).body;
    const res = await c.put(`/service/deals/${id}.xml`, shown);
    expect(res.statusCode).toBe(200);
    expect(xml(res).deal.deal_with_id).toBe('0');
  });

  it('clears deal_with_id and assigned_to with empty values (JSON)', async () => {
    const company = await createCompany(c, 'Cleared Co');
    const id = await createDeal(c, 'Clear', `<deal_with_id>${company}</deal_with_id><assigned_to>owner@demo.example</assigned_to>`);
    const res = await c.put(`/service/deals/${id}.json`, { deal: { deal_with_id: '', assigned_to: '' } });
    expect(res.statusCode).toBe(200);
    const d = await dealOf(id);
    expect(d.deal_with_id).toBe('0');
    expect(d.deal_with).toBe('');
    expect(d.assigned_to).toBe('');
  });

  it('accepts query-only arguments', async () => {
    const id = await createDeal(c, 'Query');
    expect((await c.put(`/service/deals/${id}.xml?deal[amount]=3.1`)).statusCode).toBe(200);
    expect((await dealOf(id)).amount).toBe('3.10');
  });

  it('logs a status change as "Deal updated" with the new status', async () => {
    const id = await createDeal(c, 'Status Deal');
    await c.put(`/service/deals/${id}.xml`, '<deal><status>Won</status></deal>');
    expect((await dealOf(id)).status).toBe('won');
    const acts = await ctx.storage.db.selectFrom('activities').selectAll().where('record_id', '=', id).orderBy('id').execute();
    expect(acts.map((a) => a.name)).toEqual(['Deal created', 'Deal updated']);
    expect(acts[1]?.description).toBe('Status Deal: status: won');
    expect(acts[1]?.record_type).toBe('Deal');
  });

  it('refuses invalid values with 422 and changes nothing', async () => {
    const id = await createDeal(c, 'Stable', '<amount>5</amount>');
    for (const body of ['<deal><title></title></deal>', '<deal><amount>five</amount></deal>', '<deal><status>open</status></deal>', '<deal><assigned_to>x@y.z</assigned_to></deal>', '<deal><deal_with_id>424242</deal_with_id></deal>']) {
      expect((await c.put(`/service/deals/${id}.xml`, body)).statusCode, body).toBe(422);
    }
    const d = await dealOf(id);
    expect(d.title).toBe('Stable');
    expect(d.amount).toBe('5.00');
  });

  it('answers exactly 200 (never 204), 404 for unknown and other-account ids', async () => {
    const id = await createDeal(c, 'Mine');
    expect((await c.put(`/service/deals/${id}.xml`, '<deal><title>Mine 2</title></deal>')).statusCode).toBe(200);
    expect((await c.put('/service/deals/987654.xml', '<deal><title>x</title></deal>')).statusCode).toBe(404);
    expect((await other.put(`/service/deals/${id}.xml`, '<deal><title>Stolen</title></deal>')).statusCode).toBe(404);
    expect((await dealOf(id)).title).toBe('Mine 2');
  });
});

describe('DELETE /service/deals/:id', () => {
  it('answers 200, then 404 everywhere, leaving a tombstone', async () => {
    const id = await createDeal(c, 'Doomed');
    const res = await c.del(`/service/deals/${id}.xml`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    for (const url of [`/service/deals/${id}.xml`, `/service/deals/${id}/statuses.xml`, `/service/deals/${id}/people.xml`, `/service/deals/${id}/comments.xml`]) {
      expect((await c.get(url)).statusCode, url).toBe(404);
    }
    expect((await c.put(`/service/deals/${id}.xml`, '<deal><title>x</title></deal>')).statusCode).toBe(404);
    expect((await c.del(`/service/deals/${id}.xml`)).statusCode).toBe(404);
    expect(ids(await c.get('/service/deals.xml?limit=1000000'), 'deals')).not.toContain(id);
    const tomb = await ctx.storage.db.selectFrom('tombstones').selectAll().where('id', '=', id).executeTakeFirst();
    expect(tomb?.record_type).toBe('deal');
    expect(tomb?.display_name).toBe('Doomed');
    const act = await ctx.storage.db.selectFrom('activities').select('name').where('record_id', '=', id).orderBy('id', 'desc').executeTakeFirst();
    expect(act?.name).toBe('Deal deleted');
  });

  it('removes its comments, taggings and links; attached to-dos and communications stay, unlinked', async () => {
    await ctx.services.superTags.define(accountId, 'Deal Score', [{ name: 'Score', type: 'Text', options: [] }]);
    const person = await createPerson(c, 'Linked', 'Contact');
    const id = await createDeal(c, 'Loaded', `<deal_with_id>${person}</deal_with_id>`);
    const comment = idFromLocation(await c.post(`/service/deals/${id}/comments.xml`, '<comment><comment>soon gone</comment></comment>'));
    await c.put(`/service/deals/${id}/add_tag.xml?tag=doomed`);
    await c.put(`/service/deals/${id}/super_tags/deal_score.xml?super_tag[score]=9`);
    await c.put(`/service/deals/${id}/add_related_contact.xml?contact_id=${person}`);
    const todo = await insertTodo(id);
    const comm = await insertCommunication(id);
    const db = ctx.storage.db;
    expect((await db.selectFrom('super_tag_values').select('record_id').where('record_id', '=', id).execute()).length).toBe(1);

    expect((await c.del(`/service/deals/${id}.xml`)).statusCode).toBe(200);
    expect((await c.get(`/service/comments/${comment}.xml`)).statusCode).toBe(404);
    for (const table of ['taggings', 'super_tag_values', 'comments', 'record_contacts', 'search_index'] as const) {
      expect(await db.selectFrom(table).select('record_id').where('record_id', '=', id).execute(), table).toEqual([]);
    }
    expect((await db.selectFrom('todos').select('deal_id').where('id', '=', todo).executeTakeFirst())?.deal_id).toBeNull();
    expect((await db.selectFrom('communications').select('deal_id').where('id', '=', comm).executeTakeFirst())?.deal_id).toBeNull();
    // The contact it was with is untouched.
    expect((await c.get(`/service/people/${person}.xml`)).statusCode).toBe(200);
  });

  it('answers 404 for another account and deletes nothing', async () => {
    const id = await createDeal(c, 'Protected');
    expect((await other.del(`/service/deals/${id}.xml`)).statusCode).toBe(404);
    expect((await dealOf(id)).title).toBe('Protected');
  });
});

describe('GET /service/deals (list and filters)', () => {
  let s: Client;
  let sApp: App;
  let created: number[];
  beforeAll(async () => {
    sApp = await makeApp();
    s = new Client(sApp.app);
    await sApp.services.accounts.addUser('demo', { email: 'Pam@Demo.example', name: PAM, role: 'basic' });
    created = [];
    for (let i = 0; i < 12; i++) {
      const extra = [i % 3 === 0 ? '<status>won</status>' : '', i % 2 === 0 ? '<assigned_to>pam@demo.example</assigned_to>' : ''].join('');
      created.push(await createDeal(s, `Deal ${i}`, extra));
    }
    // The first four were last updated long ago.
    await sApp.storage.db.updateTable('deals').set({ updated_at: '2009-06-01T00:00:00.000Z' }).where('id', '<=', created[3] as number).execute();
  });
  afterAll(async () => sApp.app.close());

  it('pages by offset and limit with a default of 10, ascending id', async () => {
    const res = await s.get('/service/deals.xml');
    expect(res.statusCode).toBe(200);
    expect(res.body.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<deals type="array">\n  <deal>')).toBe(true);
    expect(ids(res, 'deals')).toEqual(created.slice(0, 10));
    expect(ids(await s.get('/service/deals.xml?offset=10&limit=10'), 'deals')).toEqual(created.slice(10));
    expect(ids(await s.get('/service/deals.xml?offset=3&limit=2'), 'deals')).toEqual(created.slice(3, 5));
  });

  it('honours limit=1000000 and answers an empty array, not 404, past the end', async () => {
    expect(ids(await s.get('/service/deals.xml?limit=1000000'), 'deals')).toEqual(created);
    const res = await s.get('/service/deals.xml?offset=1000');
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<deals type="array"></deals>\n');
  });

  it('filters by assigned_to (login e-mail, case-insensitive); an unknown user finds nothing', async () => {
    const evens = created.filter((_, i) => i % 2 === 0);
    expect(ids(await s.get('/service/deals.xml?assigned_to=PAM%40demo.example&limit=100'), 'deals')).toEqual(evens);
    const none = await s.get('/service/deals.xml?assigned_to=nobody%40demo.example');
    expect(none.statusCode).toBe(200);
    expect(items(none, 'deals')).toEqual([]);
  });

  it('filters by status, case-insensitively', async () => {
    const won = created.filter((_, i) => i % 3 === 0);
    expect(ids(await s.get('/service/deals.xml?status=Won&limit=100'), 'deals')).toEqual(won);
    expect(ids(await s.get('/service/deals.xml?status=pending&limit=100'), 'deals')).toEqual(created.filter((_, i) => i % 3 !== 0));
    expect(ids(await s.get('/service/deals.xml?status=lost'), 'deals')).toEqual([]);
  });

  it('filters by updated_since in every client date form', async () => {
    for (const since of ['2010-01-01', 'Thu Sep 02 14:34:34 UTC 2010', '2010-09-03 12:00:00 -0400', '2010-09-03T12:00:00Z']) {
      expect(ids(await s.get(`/service/deals.xml?updated_since=${encodeURIComponent(since)}&limit=100`), 'deals'), since).toEqual(created.slice(4));
    }
    expect(ids(await s.get('/service/deals.xml?updated_since=2009-01-01&limit=100'), 'deals')).toEqual(created);
  });

  it('combines filters', async () => {
    const expected = created.filter((_, i) => i >= 4 && i % 2 === 0 && i % 3 === 0);
    expect(expected).toEqual([created[6]]);
    expect(ids(await s.get('/service/deals.xml?updated_since=2010-01-01&status=won&assigned_to=pam%40demo.example&limit=100'), 'deals')).toEqual(expected);
  });

  it('answers 422 for an unreadable updated_since or offset', async () => {
    expect((await s.get('/service/deals.xml?updated_since=yesterday')).statusCode).toBe(422);
    expect((await s.get('/service/deals.xml?offset=-1')).statusCode).toBe(422);
  });

  it('answers JSON arrays on .json', async () => {
    const body = JSON.parse((await s.get('/service/deals.json?limit=2')).body);
    expect(body.map((d: { deal: { id: number } }) => d.deal.id)).toEqual(created.slice(0, 2));
  });

  it("shows another account none of this account's deals", async () => {
    const token = (await sApp.services.accounts.createAccount('other', { email: 'o@o.com', name: 'O' })).token;
    const res = await new Client(sApp.app, token).get('/service/deals.xml');
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<deals type="array"></deals>\n');
  });
});

describe('deal statuses', () => {
  const STATUSES =
    '<?xml version="1.0" encoding="UTF-8"?>\n<statuses type="array">\n  <status>pending</status>\n  <status>won</status>\n  <status>lost</status>\n</statuses>\n';

  it('GET /service/deals/statuses answers the three statuses, with or without suffix', async () => {
    for (const url of ['/service/deals/statuses.xml', '/service/deals/statuses']) {
      const res = await c.get(url);
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe(STATUSES);
    }
  });

  it('GET /service/deals/:id/statuses answers them for a deal, 404 for unknown and other-account deals', async () => {
    const id = await createDeal(c, 'Statused');
    const res = await c.get(`/service/deals/${id}/statuses.xml`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(STATUSES);
    expect((await c.get('/service/deals/999999/statuses.xml')).statusCode).toBe(404);
    expect((await other.get(`/service/deals/${id}/statuses.xml`)).statusCode).toBe(404);
  });
});

describe('people on a deal', () => {
  let deal: number;
  let withPerson: number;
  let related: number;

  beforeAll(async () => {
    withPerson = await createPerson(c, 'With', 'Person');
    related = await createPerson(c, 'Related', 'Person');
    await createPerson(c, 'Unrelated', 'Person');
    const company = await createCompany(c, 'Related Company');
    deal = await createDeal(c, 'People Deal', `<deal_with_id>${withPerson}</deal_with_id>`);
    await c.put(`/service/deals/${deal}/add_related_contact.xml?contact_id=${related}`);
    await c.put(`/service/deals/${deal}/add_related_contact.xml?contact_id=${company}`);
  });

  it('GET /service/deals/:id/people lists the related people and the person the deal is with', async () => {
    const res = await c.get(`/service/deals/${deal}/people.xml`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<people type="array">');
    expect(ids(res, 'people')).toEqual([withPerson, related]);
    expect(items(res, 'people')[0].first_name).toBe('With');
  });

  it('is the same as GET /service/people?deal_id=', async () => {
    const a = await c.get(`/service/deals/${deal}/people.xml`);
    const b = await c.get(`/service/people.xml?deal_id=${deal}`);
    expect(b.statusCode).toBe(200);
    expect(b.body).toBe(a.body);
  });

  it('answers an empty array for a deal without people', async () => {
    const bare = await createDeal(c, 'Lonely');
    const res = await c.get(`/service/deals/${bare}/people.xml`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<people type="array"></people>\n');
  });

  it('answers 404 for an unknown, non-deal or other-account deal', async () => {
    expect((await c.get('/service/deals/999999/people.xml')).statusCode).toBe(404);
    expect((await c.get(`/service/deals/${withPerson}/people.xml`)).statusCode).toBe(404);
    expect((await other.get(`/service/deals/${deal}/people.xml`)).statusCode).toBe(404);
  });
});

describe('related contacts on deals (spec §12a)', () => {
  it('attaches with an XML body, a query argument or a form field; shown as attached_contacts', async () => {
    const id = await createDeal(c, 'Related');
    const a = await createPerson(c, 'Xml', 'Body');
    const b = await createPerson(c, 'Query', 'Arg');
    const company = await createCompany(c, 'Form Field Co');
    const calls = [
      c.put(`/service/deals/${id}/add_related_contact.xml`, `<contact_id>${a}</contact_id>`),
      c.put(`/service/deals/${id}/add_related_contact.xml?contact_id=${b}`),
      c.put(`/service/deals/${id}/add_related_contact.xml`, `contact_id=${company}`),
    ];
    for (const res of await Promise.all(calls)) {
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe('');
    }
    const d = await dealOf(id);
    expect(listIds(d.attached_contacts, 'attached_contacts_id').sort((x, y) => x - y)).toEqual([a, b, company].sort((x, y) => x - y));
  });

  it('attaching twice keeps one link', async () => {
    const id = await createDeal(c, 'Twice');
    const p = await createPerson(c, 'Twice', 'Added');
    await c.put(`/service/deals/${id}/add_related_contact.xml?contact_id=${p}`);
    expect((await c.put(`/service/deals/${id}/add_related_contact.xml?contact_id=${p}`)).statusCode).toBe(200);
    expect(listIds((await dealOf(id)).attached_contacts, 'attached_contacts_id')).toEqual([p]);
  });

  it('detaches with DELETE remove_related_contact → 200 (query and XML body)', async () => {
    const id = await createDeal(c, 'Detach');
    const p = await createPerson(c, 'Detach', 'Me');
    const q = await createPerson(c, 'Detach', 'Too');
    await c.put(`/service/deals/${id}/add_related_contact.xml?contact_id=${p}`);
    await c.put(`/service/deals/${id}/add_related_contact.xml?contact_id=${q}`);
    expect((await c.del(`/service/deals/${id}/remove_related_contact.xml?contact_id=${p}`)).statusCode).toBe(200);
    expect(listIds((await dealOf(id)).attached_contacts, 'attached_contacts_id')).toEqual([q]);
    expect((await c.del(`/service/deals/${id}/remove_related_contact.xml`, `<contact_id>${q}</contact_id>`)).statusCode).toBe(200);
    expect((await dealOf(id)).attached_contacts).toBe('');
  });

  it('answers 404 for an unknown deal or contact, and for other-account ones', async () => {
    const id = await createDeal(c, 'Missing');
    const p = await createPerson(c, 'Present', 'Person');
    const foreignPerson = await createPerson(other, 'Foreign', 'Contact');
    const foreignDeal = await createDeal(other, 'Foreign Deal');
    const cases: [string, string][] = [
      [`/service/deals/999999/add_related_contact.xml?contact_id=${p}`, 'PUT'],
      [`/service/deals/${id}/add_related_contact.xml?contact_id=999999`, 'PUT'],
      [`/service/deals/${id}/add_related_contact.xml?contact_id=${foreignPerson}`, 'PUT'],
      [`/service/deals/${foreignDeal}/add_related_contact.xml?contact_id=${p}`, 'PUT'],
      [`/service/deals/${id}/add_related_contact.xml?contact_id=${foreignDeal}`, 'PUT'],
      [`/service/deals/999999/remove_related_contact.xml?contact_id=${p}`, 'DELETE'],
      [`/service/deals/${id}/remove_related_contact.xml?contact_id=999999`, 'DELETE'],
    ];
    for (const [url, method] of cases) {
      const res = method === 'PUT' ? await c.put(url) : await c.del(url);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await dealOf(id)).attached_contacts).toBe('');
  });
});

describe('tags, SuperTags and comments on deals', () => {
  beforeAll(async () => {
    await ctx.services.superTags.define(accountId, 'Deal Info', [
      { name: 'Stage Note', type: 'Text', options: [] },
      { name: 'Probability', type: 'Text', options: [] },
    ]);
  });

  it('adds and removes a plain tag, embedded without <fields>', async () => {
    const id = await createDeal(c, 'Tagged');
    expect((await c.put(`/service/deals/${id}/add_tag.xml?tag=hot`)).statusCode).toBe(200);
    const res = await c.get(`/service/deals/${id}.xml`);
    const tag = xml(res).deal.tags.tag[0];
    expect(tag.name).toBe('hot');
    expect(tag.supertag).toEqual({ '#text': 'false', '@type': 'boolean' });
    expect(tag.fields).toBeUndefined();
    expect(ids(await c.get(`/service/tags.xml?deal_id=${id}`), 'tags')).toEqual([Number(tag.id['#text'])]);
    expect((await c.del(`/service/deals/${id}/remove_tag.xml?tag=hot`)).statusCode).toBe(200);
    expect((await dealOf(id)).tags).toEqual({ '@type': 'array' });
  });

  it('sets SuperTag values with PUT super_tags/{name}?super_tag[field]=v and shows them in <fields>', async () => {
    const id = await createDeal(c, 'Super');
    const res = await c.put(`/service/deals/${id}/super_tags/deal_info.xml?super_tag[stage_note]=hot+lead&super_tag[probability]=80`);
    expect(res.statusCode).toBe(200);
    const body = (await c.get(`/service/deals/${id}.xml`)).body;
    expect(body).toMatch(/<name>Deal Info<\/name>\s*<supertag type="boolean">true<\/supertag>\s*<fields>\s*<stage_note>hot lead<\/stage_note>\s*<probability>80<\/probability>\s*<\/fields>/);
    const values = xml(await c.get(`/service/deals/${id}/super_tags/Deal%20Info.xml`)).super_tag;
    expect(values.stage_note).toBe('hot lead');
    expect(values.probability).toBe('80');
  });

  it('updates SuperTag values from a PHP form body and removes the SuperTag', async () => {
    const id = await createDeal(c, 'Super Form');
    await c.put(`/service/deals/${id}/super_tags/deal_info.xml`, 'super_tag[probability]=10');
    expect((await c.put(`/service/deals/${id}/super_tags/Deal%20Info.xml`, 'super_tag[probability]=20')).statusCode).toBe(200);
    expect(xml(await c.get(`/service/deals/${id}.xml`)).deal.tags.tag[0].fields.probability).toBe('20');
    expect((await c.del(`/service/deals/${id}/super_tags/deal_info.xml`)).statusCode).toBe(200);
    expect((await dealOf(id)).tags).toEqual({ '@type': 'array' });
  });

  it('answers 404 for SuperTags on an unknown or other-account deal', async () => {
    const foreign = await createDeal(other, 'Foreign Super');
    expect((await c.put('/service/deals/999999/super_tags/deal_info.xml?super_tag[probability]=1')).statusCode).toBe(404);
    expect((await c.put(`/service/deals/${foreign}/super_tags/deal_info.xml?super_tag[probability]=1`)).statusCode).toBe(404);
  });

  it('embeds comments as mega_comments', async () => {
    const id = await createDeal(c, 'Commented');
    const res = await c.post(`/service/deals/${id}/comments.xml`, '<comment><comment>Great deal</comment></comment>');
    expect(res.statusCode).toBe(201);
    const comment = idFromLocation(res);
    expect(res.headers.location).toBe(`http://localhost:3000/service/comments/${comment}.xml`);
    const m = (await dealOf(id)).mega_comments.mega_comment;
    expect(m).toHaveLength(1);
    expect(m[0].comment).toBe('Great deal');
    expect(m[0].user).toBe('Owner');
    expect(m[0].record_id['#text']).toBe(String(id));
    expect(ids(await c.get(`/service/comments.xml?deal_id=${id}`), 'mega_comments')).toEqual([comment]);
  });
});

describe('deal accounts', () => {
  it("other accounts' to-dos never show up on a deal", async () => {
    const id = await createDeal(c, 'Isolated');
    // A row of another account pointing at this id must not leak into the document.
    await insertTodo(id, otherAccountId);
    expect((await dealOf(id)).todos).toBe('');
  });
});

describe('to-dos and communications attached through the API', () => {
  it('list them on the deal and move the deal into updated_since when attached or detached', async () => {
    const deal = await createDeal(c, 'Attach via API');
    const before = (await ctx.storage.db.selectFrom('deals').select('updated_at').where('id', '=', deal).executeTakeFirstOrThrow()).updated_at;
    await new Promise((r) => setTimeout(r, 5));
    const todo = idFromLocation(await c.post('/service/todos.xml', `<todo><title>Call</title><deal_id>${deal}</deal_id></todo>`));
    const comm = idFromLocation(await c.post('/service/communications.xml', `<communication><subject>Mail</subject><ctype>email</ctype><deal_id>${deal}</deal_id></communication>`));
    const shown = await dealOf(deal);
    expect(listIds(shown.todos, 'todo_id')).toEqual([todo]);
    expect(listIds(shown.attached_communications, 'attached_communication_id')).toEqual([comm]);
    const after = (await ctx.storage.db.selectFrom('deals').select('updated_at').where('id', '=', deal).executeTakeFirstOrThrow()).updated_at;
    expect(after > before).toBe(true);

    await c.put(`/service/todos/${todo}.xml`, '<todo><deal_id></deal_id></todo>');
    expect(listIds((await dealOf(deal)).todos, 'todo_id')).toEqual([]);
    expect((await c.post('/service/todos.xml', '<todo><title>x</title><deal_id>999999</deal_id></todo>')).statusCode).toBe(422);
  });
});
