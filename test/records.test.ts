// Records (spec §12): any record by id, text search over every record (`qtext`) and deleted
// records (`deleted_since`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { Client, createCompany, createPerson, ids, items, makeApp, xml } from './helpers.js';
import { insertCommunication, insertDeal, insertTodo } from './record-rows.js';

let ctx: App;
let c: Client;
let other: Client;
let accountId: number;

beforeAll(async () => {
  ctx = await makeApp();
  c = new Client(ctx.app);
  other = new Client(ctx.app, (await ctx.services.accounts.createAccount('other', { email: 'o@o.com', name: 'O' })).token);
  accountId = (await ctx.services.accounts.requireAccount('demo')).id;
});
afterAll(async () => ctx.app.close());

const search = (q: string, client = c) => client.get(`/service/records.xml?qtext=${encodeURIComponent(q)}`);
const found = async (q: string, client = c) => ids(await search(q, client), 'records');

function ok(res: { statusCode: number; body: string }): void {
  if (res.statusCode >= 300) throw new Error(`setup: ${res.statusCode} ${res.body}`);
}

describe('GET /service/records/:id', () => {
  it('answers a person as <record> with display name and record type Individual', async () => {
    const id = await createPerson(c, 'Matt', 'Gillooly');
    const res = await c.get(`/service/records/${id}.xml`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>\n<record>\n  <id type="integer">${id}</id>\n  <display_name>Matt Gillooly</display_name>\n  <record_type>Individual</record_type>\n</record>\n`,
    );
  });

  it('answers every record type with its Classic type name', async () => {
    const company = await createCompany(c, 'Record Co');
    const deal = await insertDeal(ctx.services.db, accountId, 'Integration');
    const todo = await insertTodo(ctx.services.db, accountId, 'Call back');
    const mail = await insertCommunication(ctx.services.db, accountId, 'Re: API Questions', 'body');
    const call = await insertCommunication(ctx.services.db, accountId, null, 'no subject', 'phone');
    const expected: [number, string, string][] = [
      [company, 'Record Co', 'Company'],
      [deal, 'Integration', 'Deal'],
      [todo, 'Call back', 'To-Do'],
      [mail, 'Re: API Questions', 'Communication'],
      // A communication without a subject is named by its kind.
      [call, 'Phone', 'Communication'],
    ];
    for (const [id, name, type] of expected) {
      const r = xml(await c.get(`/service/records/${id}.xml`)).record;
      expect(r).toEqual({ id: { '#text': String(id), '@type': 'integer' }, display_name: name, record_type: type });
    }
  });

  it('answers JSON on .json', async () => {
    const id = await createCompany(c, 'Json Record');
    const res = await c.get(`/service/records/${id}.json`);
    expect(JSON.parse(res.body)).toEqual({ record: { id, display_name: 'Json Record', record_type: 'Company' } });
  });

  it('answers 404 for unknown, malformed, other-account and deleted ids', async () => {
    const mine = await createPerson(c, 'Gone', 'Soon');
    const theirs = await createPerson(other, 'Their', 'Person');
    expect((await c.get('/service/records/99999999.xml')).statusCode).toBe(404);
    expect((await c.get('/service/records/abc.xml')).statusCode).toBe(404);
    const res = await c.get(`/service/records/${theirs}.xml`);
    expect(res.statusCode).toBe(404);
    expect(xml(res).errors.error).toEqual(['Record not found']);
    ok(await c.del(`/service/people/${mine}.xml`));
    expect((await c.get(`/service/records/${mine}.xml`)).statusCode).toBe(404);
  });
});

describe('GET /service/records?qtext=', () => {
  let person: number;
  let company: number;

  beforeAll(async () => {
    company = await createCompany(c, 'Zephyrcorp');
    person = await createPerson(c, 'Quentin', 'Blakesley', `<title>Chief Wrangler</title><company_id>${company}</company_id>`);
    ok(await c.post(`/service/people/${person}/locations.xml`, 'location[label]=work&location[email]=quentin@mailhost.example'));
    ok(await c.put(`/service/people/${person}/add_tag.xml?tag=hotlead`));
    ok(await c.post(`/service/companies/${company}/comments.xml`, '<comment><comment>Met them at Strangeloop</comment></comment>'));
  });

  const cases: [string, string, () => number][] = [
    ['a person by first name', 'quentin', () => person],
    ['a person by last name', 'BLAKESLEY', () => person],
    ['a person by title', 'wrangler', () => person],
    ['a person by the e-mail of a location', 'quentin@mailhost', () => person],
    ['a person by tag name', 'hotlead', () => person],
    ['a company by comment text', 'strangeloop', () => company],
  ];
  for (const [what, q, id] of cases) {
    it(`finds ${what}`, async () => {
      expect(await found(q)).toEqual([id()]);
    });
  }

  it('finds a company by name, and its employees by their company name, in ascending id order', async () => {
    expect(await found('zephyrcorp')).toEqual([company, person]);
  });

  it('answers the records in the <record> shape, in a typed array', async () => {
    const res = await search('Blakesley');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<records type="array">');
    expect(items(res, 'records')).toEqual([{ id: { '#text': String(person), '@type': 'integer' }, display_name: 'Quentin Blakesley', record_type: 'Individual' }]);
  });

  it('finds deals, to-dos and communications by title, description, subject and body', async () => {
    const db = ctx.services.db;
    const deal = await insertDeal(db, accountId, 'Marmalade contract', 'renewal for the fjordland office');
    const todo = await insertTodo(db, accountId, 'Send quinoa samples', 'ask about the xylophone');
    const comm = await insertCommunication(db, accountId, 'Re: Octarine questions', 'the body mentions wombats');
    expect(await found('marmalade')).toEqual([deal]);
    expect(await found('fjordland')).toEqual([deal]);
    expect(await found('quinoa')).toEqual([todo]);
    expect(await found('xylophone')).toEqual([todo]);
    expect(await found('octarine')).toEqual([comm]);
    expect(await found('wombats')).toEqual([comm]);
    const types = items(await search('marmalade'), 'records').map((r) => r.record_type);
    expect(types).toEqual(['Deal']);
  });

  it('requires every word, in any order and case', async () => {
    expect(await found('blakesley QUENTIN')).toEqual([person]);
    expect(await found('quentin   hotlead')).toEqual([person]);
    expect(await found('quentin nosuchword')).toEqual([]);
  });

  it('treats LIKE wildcards in the query literally', async () => {
    const pct = await createCompany(c, '100% Pure_Juice');
    expect(await found('%')).toEqual([pct]);
    expect(await found('0% pure_')).toEqual([pct]);
    expect(await found('e_j')).toEqual([pct]);
    expect(await found('pure%juice')).toEqual([]);
    expect(await found('\\')).toEqual([]);
  });

  it('reflects updates: a renamed person is found by the new name only', async () => {
    const id = await createPerson(c, 'Oldname', 'Renamee');
    expect(await found('oldname')).toEqual([id]);
    ok(await c.put(`/service/people/${id}.xml`, '<person><first_name>Newname</first_name></person>'));
    expect(await found('oldname')).toEqual([]);
    expect(await found('newname')).toEqual([id]);
  });

  it('reflects a renamed company on its employees', async () => {
    const co = await createCompany(c, 'Firstbrand');
    const emp = await createPerson(c, 'Em', 'Ployee', `<company_id>${co}</company_id>`);
    ok(await c.put(`/service/companies/${co}.xml`, '<company><name>Secondbrand</name></company>'));
    expect(await found('firstbrand')).toEqual([]);
    expect(await found('secondbrand')).toEqual([co, emp]);
  });

  it('reflects removed tags and new comments', async () => {
    const id = await createPerson(c, 'Tag', 'Changer');
    ok(await c.put(`/service/people/${id}/add_tag.xml?tag=ephemeraltag`));
    expect(await found('ephemeraltag')).toEqual([id]);
    ok(await c.del(`/service/people/${id}/remove_tag.xml?tag=ephemeraltag`));
    expect(await found('ephemeraltag')).toEqual([]);
    ok(await c.post(`/service/people/${id}/comments.xml`, '<comment><comment>gobbledygook</comment></comment>'));
    expect(await found('gobbledygook')).toEqual([id]);
  });

  it('never finds another account’s records', async () => {
    const theirs = await createPerson(other, 'Quentin', 'Otheraccount');
    expect(await found('quentin')).toEqual([person]);
    expect(await found('otheraccount')).toEqual([]);
    expect(await found('quentin', other)).toEqual([theirs]);
    expect(await found('zephyrcorp', other)).toEqual([]);
  });

  it('no longer finds a deleted record', async () => {
    const id = await createPerson(c, 'Deletable', 'Searchee');
    expect(await found('searchee')).toEqual([id]);
    ok(await c.del(`/service/people/${id}.xml`));
    expect(await found('searchee')).toEqual([]);
  });

  it('pages with offset and limit, 25 by default, and answers an empty typed array past the end', async () => {
    const made: number[] = [];
    for (let i = 0; i < 27; i++) made.push(await createPerson(c, `Pager${i}`, 'Bulkpaging'));
    expect(await found('bulkpaging')).toEqual(made.slice(0, 25));
    expect(ids(await c.get('/service/records.xml?qtext=bulkpaging&offset=25'), 'records')).toEqual(made.slice(25));
    expect(ids(await c.get('/service/records.xml?qtext=bulkpaging&offset=3&limit=2'), 'records')).toEqual(made.slice(3, 5));
    expect(ids(await c.get('/service/records.xml?qtext=bulkpaging&limit=1000000'), 'records')).toEqual(made);
    const past = await c.get('/service/records.xml?qtext=bulkpaging&offset=100');
    expect(past.statusCode).toBe(200);
    expect(past.body).toContain('<records type="array"></records>');
  });

  it('answers JSON arrays on .json', async () => {
    const res = await c.get('/service/records.json?qtext=blakesley');
    expect(JSON.parse(res.body)).toEqual([{ record: { id: person, display_name: 'Quentin Blakesley', record_type: 'Individual' } }]);
  });
});

describe('GET /service/records?deleted_since=', () => {
  const RUBY_TIME = /^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}$/;

  it('lists deleted records with deleted_at, by ascending id rather than deletion order', async () => {
    const start = new Date(Date.now() - 1000).toISOString();
    const person = await createPerson(c, 'Tomb', 'Stone');
    const company = await createCompany(c, 'Tombstone Co');
    ok(await c.del(`/service/companies/${company}.xml`));
    ok(await c.del(`/service/people/${person}.xml`));
    const res = await c.get(`/service/records.xml?deleted_since=${encodeURIComponent(start)}`);
    expect(res.statusCode).toBe(200);
    // Deletions of earlier tests in the same second are listed too; look at these two only.
    const recs = items(res, 'records').filter((r) => [person, company].includes(Number(r.id['#text'])));
    expect(recs.map((r) => [Number(r.id['#text']), r.display_name, r.record_type])).toEqual([
      [person, 'Tomb Stone', 'Individual'],
      [company, 'Tombstone Co', 'Company'],
    ]);
    for (const r of recs) expect(r.deleted_at).toMatch(RUBY_TIME);
    expect(Object.keys(recs[0])).toEqual(['id', 'display_name', 'record_type', 'deleted_at']);
  });

  it('accepts every date input form of §1.4 and excludes earlier deletions', async () => {
    const id = await createPerson(c, 'Dated', 'Deletion');
    ok(await c.del(`/service/people/${id}.xml`));
    const past = ['Jan 01 00:00:00 UTC 2010', 'Fri Jan 01 00:00:00 UTC 2010', '2010-01-01 00:00:00 -0400', '2010-01-01', '2010-01-01T00:00:00Z'];
    for (const since of past) {
      expect(ids(await c.get(`/service/records.xml?deleted_since=${encodeURIComponent(since)}`), 'records')).toContain(id);
    }
    const future = await c.get('/service/records.xml?deleted_since=2999-01-01');
    expect(future.statusCode).toBe(200);
    expect(future.body).toContain('<records type="array"></records>');
  });

  it('never lists another account’s deletions', async () => {
    const theirs = await createPerson(other, 'Their', 'Deletion');
    ok(await other.del(`/service/people/${theirs}.xml`));
    expect(ids(await c.get('/service/records.xml?deleted_since=2010-01-01'), 'records')).not.toContain(theirs);
    expect(ids(await other.get('/service/records.xml?deleted_since=2010-01-01'), 'records')).toContain(theirs);
  });

  it('returns every deletion by default and honours offset and limit', async () => {
    const made: number[] = [];
    for (let i = 0; i < 30; i++) made.push(await createCompany(c, `Bulk Deleted ${i}`));
    for (const id of made) ok(await c.del(`/service/companies/${id}.xml`));
    const all = ids(await c.get('/service/records.xml?deleted_since=2010-01-01'), 'records');
    // No silent page size: a sync client asking once gets all of them (more than 25).
    expect(all.filter((id) => made.includes(id))).toEqual(made);
    expect(ids(await c.get('/service/records.xml?deleted_since=2010-01-01&offset=2&limit=3'), 'records')).toEqual(all.slice(2, 5));
  });

  it('answers 422 for a time it cannot read', async () => {
    const res = await c.get('/service/records.xml?deleted_since=yesterday');
    expect(res.statusCode).toBe(422);
    expect(xml(res).errors.error[0]).toContain('deleted_since');
  });
});

describe('GET /service/records without exactly one search option', () => {
  for (const [what, query] of [
    ['neither', ''],
    ['a blank qtext', '?qtext=%20'],
    ['both', '?qtext=a&deleted_since=2010-01-01'],
  ] as const) {
    it(`answers 422 in the error shape for ${what}`, async () => {
      const res = await c.get(`/service/records.xml${query}`);
      expect(res.statusCode).toBe(422);
      expect(xml(res).errors.error).toEqual(['Give exactly one of qtext or deleted_since']);
    });
  }
});

describe('records of deals, to-dos and communications written over HTTP', () => {
  const created = async (url: string, body: string): Promise<number> => {
    const res = await c.post(url, body);
    if (res.statusCode !== 201) throw new Error(`create ${url}: ${res.statusCode} ${res.body}`);
    return Number(/\/(\d+)\.xml$/.exec(String(res.headers.location))![1]);
  };

  it('finds them by title, description, subject and body, follows updates and lists deletions', async () => {
    const deal = await created('/service/deals.xml', '<deal><title>Gazpacho rollout</title><description>for the quokka team</description></deal>');
    const todo = await created('/service/todos.xml', 'todo[title]=Polish+the+zeppelin&todo[description]=bring+kumquats');
    const comm = await created('/service/communications.xml', '<communication><subject>Re: Vuvuzela</subject><body>about the narwhal</body><ctype>email</ctype></communication>');
    expect(await found('gazpacho')).toEqual([deal]);
    expect(await found('quokka')).toEqual([deal]);
    expect(await found('zeppelin')).toEqual([todo]);
    expect(await found('kumquats')).toEqual([todo]);
    expect(await found('vuvuzela')).toEqual([comm]);
    expect(await found('narwhal')).toEqual([comm]);
    expect(items(await search('zeppelin'), 'records')[0]).toEqual({ id: { '#text': String(todo), '@type': 'integer' }, display_name: 'Polish the zeppelin', record_type: 'To-Do' });

    ok(await c.put(`/service/deals/${deal}.xml`, '<deal><title>Gumbo rollout</title></deal>'));
    expect(await found('gazpacho')).toEqual([]);
    expect(await found('gumbo')).toEqual([deal]);

    const since = '2010-01-01';
    for (const url of [`/service/deals/${deal}.xml`, `/service/todos/${todo}.xml`, `/service/communications/${comm}.xml`]) ok(await c.del(url));
    expect(await found('gumbo')).toEqual([]);
    expect(await found('narwhal')).toEqual([]);
    const deleted = items(await c.get(`/service/records.xml?deleted_since=${since}`), 'records')
      .filter((r) => [deal, todo, comm].includes(Number(r.id['#text'])))
      .map((r) => [r.display_name, r.record_type]);
    expect(deleted).toEqual([
      ['Gumbo rollout', 'Deal'],
      ['Polish the zeppelin', 'To-Do'],
      ['Re: Vuvuzela', 'Communication'],
    ]);
  });
});
