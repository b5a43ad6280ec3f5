import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { Client, createCompany, createPerson, idFromLocation, ids, items, makeApp, stableXml, xml } from './helpers.js';

let ctx: App;
let c: Client;

beforeAll(async () => {
  ctx = await makeApp();
  c = new Client(ctx.app);
});
afterAll(async () => ctx.app.close());

const RUBY_TIME = /^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}$/;

describe('POST /service/companies', () => {
  it('creates from XML and answers 201 with an absolute Location and the company', async () => {
    const res = await c.post('/service/companies.xml', '<company><name>BatchBlue Software</name><notes>Makers of BatchBook</notes></company>');
    expect(res.statusCode).toBe(201);
    const id = idFromLocation(res);
    expect(res.headers.location).toBe(`http://localhost:3000/service/companies/${id}.xml`);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(res.body.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<company>')).toBe(true);
    const co = xml(res).company;
    expect(co.id).toEqual({ '#text': String(id), '@type': 'integer' });
    expect(co.name).toBe('BatchBlue Software');
    expect(co.notes).toBe('Makers of BatchBook');
  });

  it('accepts a PHP form body and ignores person-style keys sent by the Kohana port', async () => {
    const res = await c.post('/service/companies.xml', 'company[name]=Kohana Inc&company[first_name]=Ann&company[title]=CEO&company[notes]=k');
    expect(res.statusCode).toBe(201);
    const co = xml(res).company;
    expect(co.name).toBe('Kohana Inc');
    expect(co.notes).toBe('k');
    expect(res.body).not.toContain('first_name');
    expect(res.body).not.toContain('<title>');
  });

  it('accepts dashed ActiveResource XML with type hints and nils', async () => {
    const res = await c.post(
      '/service/companies.xml',
      '<?xml version="1.0" encoding="UTF-8"?>\n<company>\n  <name>Dashed Co</name>\n  <small-image nil="true"></small-image>\n  <notes nil="true"></notes>\n</company>',
    );
    expect(res.statusCode).toBe(201);
    expect(xml(res).company.name).toBe('Dashed Co');
    expect(res.body).toContain('<notes></notes>');
  });

  it('accepts JSON and answers JSON on .json', async () => {
    const res = await c.post('/service/companies.json', { company: { name: 'Json Co', notes: 'j' } });
    expect(res.statusCode).toBe(201);
    expect(res.headers.location).toMatch(/^http:\/\/localhost:3000\/service\/companies\/\d+\.json$/);
    const co = JSON.parse(res.body).company;
    expect(co.name).toBe('Json Co');
    expect(co.id).toBe(idFromLocation(res));
  });

  it("answers 422 Name can't be blank for a missing, empty or blank name, and writes nothing", async () => {
    const before = await ctx.storage.db.selectFrom('companies').select('id').execute();
    for (const body of ['<company><notes>x</notes></company>', '<company><name></name></company>', 'company[name]=%20%20', 'company[first_name]=Ann']) {
      const res = await c.post('/service/companies.xml', body);
      expect(res.statusCode).toBe(422);
      expect(xml(res).errors.error).toEqual(["Name can't be blank"]);
    }
    const after = await ctx.storage.db.selectFrom('companies').select('id').execute();
    expect(after).toHaveLength(before.length);
  });

  it('names the company from company[company] when the Kohana port sends no company[name]', async () => {
    const res = await c.post('/service/companies.xml', 'company[company]=Kohana Named&company[first_name]=Ann&company[last_name]=Lee');
    expect(res.statusCode).toBe(201);
    expect(xml(res).company.name).toBe('Kohana Named');
    const both = await c.post('/service/companies.xml', 'company[name]=Real Name&company[company]=Other');
    expect(xml(both).company.name).toBe('Real Name');
  });

  it('trims whitespace around the name', async () => {
    const res = await c.post('/service/companies.xml', '<company><name>\n  Spaced Out  \n</name></company>');
    expect(xml(res).company.name).toBe('Spaced Out');
  });
});

describe('GET /service/companies/:id', () => {
  it('answers the company in the documented element order with Ruby timestamps', async () => {
    const id = await createCompany(c, 'Order Check');
    const res = await c.get(`/service/companies/${id}.xml`);
    expect(res.statusCode).toBe(200);
    const names = [...res.body.matchAll(/^ {2}<([a-z_]+)[ >]/gm)].map((m) => m[1]);
    expect(names).toEqual([
      'id', 'name', 'notes', 'small_image', 'large_image', 'tags', 'locations', 'mega_comments', 'created_at', 'updated_at',
    ]);
    const co = xml(res).company;
    expect(co.created_at).toMatch(RUBY_TIME);
    expect(co.updated_at).toMatch(RUBY_TIME);
    expect(res.body).toContain('<tags type="array"></tags>');
    expect(res.body).toContain('<locations type="array"></locations>');
    expect(res.body).toContain('<mega_comments type="array"></mega_comments>');
    expect(res.body).toContain('<small_image></small_image>');
  });

  it('renders created_at as the current UTC time', async () => {
    const before = Math.floor(Date.now() / 1000) * 1000;
    const id = await createCompany(c, 'Clock Co');
    const after = Date.now();
    const co = xml(await c.get(`/service/companies/${id}.xml`)).company;
    const [, mon, day, time, year] = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{2}) (\S+) UTC (\d{4})$/.exec(co.created_at) ?? [];
    const t = Date.parse(`${day} ${mon} ${year} ${time} UTC`);
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(after);
    expect(new Date(t).toUTCString().slice(0, 3)).toBe(co.created_at.slice(0, 3));
  });

  it('matches the golden skeleton once timestamps are masked', async () => {
    const id = await createCompany(c, 'Golden &amp; Co');
    const res = await c.get(`/service/companies/${id}.xml`);
    expect(stableXml(res.body)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<company>\n' +
        `  <id type="integer">${id}</id>\n` +
        '  <name>Golden &amp; Co</name>\n' +
        '  <notes></notes>\n' +
        '  <small_image></small_image>\n' +
        '  <large_image></large_image>\n' +
        '  <tags type="array"></tags>\n' +
        '  <locations type="array"></locations>\n' +
        '  <mega_comments type="array"></mega_comments>\n' +
        '  <created_at>TIME</created_at>\n' +
        '  <updated_at>TIME</updated_at>\n' +
        '</company>\n',
    );
  });

  it('answers 404 for an unknown or non-numeric id, and for a person id', async () => {
    const person = await createPerson(c, 'Not', 'Company');
    for (const url of ['/service/companies/999999.xml', '/service/companies/abc.xml', `/service/companies/${person}.xml`]) {
      const res = await c.get(url);
      expect(res.statusCode).toBe(404);
      expect(xml(res).errors.error[0]).toMatch(/not found/);
    }
  });
});

describe('PUT /service/companies/:id', () => {
  it('ignores read-only fields and nested arrays echoed back by ActiveResource', async () => {
    const id = await createCompany(c, 'Echo Co');
    await c.post(`/service/companies/${id}/locations.xml`, 'location[label]=main&location[city]=Barrington');
    await c.put(`/service/companies/${id}/add_tag.xml?tag=echoed`);
    const shown = (await c.get(`/service/companies/${id}.xml`)).body;
    const dashed = shown
      .replace(/<(\/?)([a-z]+_[a-z_0-9]+)/g, (_m, slash: string, name: string) => `<${slash}${name.replace(/_/g, '-')}`)
      .replace('<name>Echo Co</name>', '<name>Echoed Co</name>');
    expect(dashed).toContain('<created-at>');
    expect(dashed).toContain('<street-1>');
    const res = await c.put(`/service/companies/${id}.xml`, dashed);
    expect(res.statusCode).toBe(200);
    const co = xml(res).company;
    expect(co.name).toBe('Echoed Co');
    expect(co.id['#text']).toBe(String(id));
    expect(co.locations.location).toHaveLength(1);
    expect(co.locations.location[0].city).toBe('Barrington');
    expect(co.tags.tag.map((t: { name: string }) => t.name)).toEqual(['echoed']);
  });

  it('leaves fields missing from a PHP form body unchanged', async () => {
    const created = await c.post('/service/companies.xml', 'company[name]=Keep Co&company[notes]=n1');
    const id = idFromLocation(created);
    const res = await c.put(`/service/companies/${id}.xml`, 'company[notes]=n2&company[title]=ignored');
    expect(res.statusCode).toBe(200);
    const co = xml(await c.get(`/service/companies/${id}.xml`)).company;
    expect(co.notes).toBe('n2');
    expect(co.name).toBe('Keep Co');
    const renamed = await c.put(`/service/companies/${id}.xml`, '<company><name>Kept Co</name></company>');
    expect(xml(renamed).company.notes).toBe('n2');
  });

  it('answers exactly 200 (never 204), 404 for unknown ids and for a person id', async () => {
    const id = await createCompany(c, 'Two Hundred');
    const person = await createPerson(c, 'Per', 'Son');
    expect((await c.put(`/service/companies/${id}.xml`, '<company><notes>x</notes></company>')).statusCode).toBe(200);
    expect((await c.put('/service/companies/987654.xml', '<company><notes>x</notes></company>')).statusCode).toBe(404);
    expect((await c.put(`/service/companies/${person}.xml`, '<company><notes>x</notes></company>')).statusCode).toBe(404);
  });

  it("refuses a blank name with 422 Name can't be blank and keeps the record", async () => {
    const id = await createCompany(c, 'Still Here');
    const res = await c.put(`/service/companies/${id}.xml`, '<company><name>  </name><notes>changed</notes></company>');
    expect(res.statusCode).toBe(422);
    expect(xml(res).errors.error).toEqual(["Name can't be blank"]);
    const co = xml(await c.get(`/service/companies/${id}.xml`)).company;
    expect(co.name).toBe('Still Here');
    expect(co.notes).toBe('');
  });

  it("renames the company shown on its employees' records", async () => {
    const id = await createCompany(c, 'Old Name');
    const emp = await createPerson(c, 'Emp', 'Loyee', `<company_id>${id}</company_id>`);
    await c.put(`/service/companies/${id}.xml`, 'company[name]=New Name');
    expect(xml(await c.get(`/service/people/${emp}.xml`)).person.company).toBe('New Name');
  });
});

describe('DELETE /service/companies/:id', () => {
  it('answers 200, then 404', async () => {
    const id = await createCompany(c, 'Gone Soon');
    const res = await c.del(`/service/companies/${id}.xml`);
    expect(res.statusCode).toBe(200);
    expect((await c.get(`/service/companies/${id}.xml`)).statusCode).toBe(404);
    expect((await c.del(`/service/companies/${id}.xml`)).statusCode).toBe(404);
    expect((await c.get(`/service/companies/${id}/locations.xml`)).statusCode).toBe(404);
    expect(ids(await c.get('/service/companies.xml?name=Gone%20Soon'), 'companies')).toEqual([]);
  });

  it('keeps its employees but unlinks them, and removes its locations, tags and comments', async () => {
    const id = await createCompany(c, 'Doomed Co');
    const emp = await createPerson(c, 'Survivor', 'One', `<company_id>${id}</company_id>`);
    await c.post(`/service/companies/${id}/locations.xml`, 'location[label]=main&location[email]=doomed@example.com');
    await c.put(`/service/companies/${id}/add_tag.xml?tag=doomed`);
    expect((await c.post(`/service/companies/${id}/comments.xml`, '<comment>last words</comment>')).statusCode).toBe(201);
    expect((await c.del(`/service/companies/${id}.xml`)).statusCode).toBe(200);

    const p = await c.get(`/service/people/${emp}.xml`);
    expect(p.statusCode).toBe(200);
    expect(xml(p).person.company).toBe('');
    // §2: company_id is "empty when none" (the person presenter keeps its type attribute).
    expect(p.body).toMatch(/<company_id( type="integer")?><\/company_id>/);

    const db = ctx.storage.db;
    expect(await db.selectFrom('companies').selectAll().where('id', '=', id).execute()).toEqual([]);
    expect(await db.selectFrom('locations').selectAll().where('record_id', '=', id).execute()).toEqual([]);
    expect(await db.selectFrom('taggings').selectAll().where('record_id', '=', id).execute()).toEqual([]);
    expect(await db.selectFrom('comments').selectAll().where('record_id', '=', id).execute()).toEqual([]);
    expect(await db.selectFrom('records').selectAll().where('id', '=', id).execute()).toEqual([]);
    const person = await db.selectFrom('people').selectAll().where('id', '=', emp).executeTakeFirst();
    expect(person?.company_id).toBeNull();
    expect(ids(await c.get('/service/companies.xml?email=doomed@example.com'), 'companies')).toEqual([]);
  });

  it('leaves a tombstone for deleted_since', async () => {
    const id = await createCompany(c, 'Tomb Co');
    await c.del(`/service/companies/${id}.xml`);
    const row = await ctx.storage.db.selectFrom('tombstones').selectAll().where('id', '=', id).executeTakeFirst();
    expect(row?.record_type).toBe('company');
    expect(row?.display_name).toBe('Tomb Co');
  });

  it('answers 404 for a person id and leaves the person alone', async () => {
    const person = await createPerson(c, 'Not', 'Deleted');
    expect((await c.del(`/service/companies/${person}.xml`)).statusCode).toBe(404);
    expect((await c.get(`/service/people/${person}.xml`)).statusCode).toBe(200);
  });
});

describe('GET /service/companies (list and search)', () => {
  let s: Client;
  let sctx: App;
  let created: number[];
  beforeAll(async () => {
    sctx = await makeApp();
    s = new Client(sctx.app);
    created = [];
    for (let i = 0; i < 30; i++) created.push(await createCompany(s, `Firm${String(i).padStart(2, '0')}`));
  });
  afterAll(async () => sctx.app.close());

  it('pages by offset and limit with a default of 25, ascending id', async () => {
    const res = await s.get('/service/companies.xml');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<companies type="array">');
    expect(ids(res, 'companies')).toEqual(created.slice(0, 25));
    expect(ids(await s.get('/service/companies.xml?offset=25&limit=25'), 'companies')).toEqual(created.slice(25));
    expect(ids(await s.get('/service/companies.xml?offset=3&limit=2'), 'companies')).toEqual(created.slice(3, 5));
    expect(ids(await s.get('/service/companies.xml?limit=1000000'), 'companies')).toEqual(created);
  });

  it('renders every company in full, in the documented element order', async () => {
    const first = items(await s.get('/service/companies.xml?limit=1'), 'companies')[0];
    expect(Object.keys(first)).toEqual([
      'id', 'name', 'notes', 'small_image', 'large_image', 'tags', 'locations', 'mega_comments', 'created_at', 'updated_at',
    ]);
    expect(first.created_at).toMatch(RUBY_TIME);
  });

  it('answers an empty array, not 404, past the end', async () => {
    const res = await s.get('/service/companies.xml?offset=1000');
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<companies type="array"></companies>\n');
  });

  it('answers 422 for a non-numeric offset or limit', async () => {
    expect((await s.get('/service/companies.xml?offset=abc')).statusCode).toBe(422);
    expect((await s.get('/service/companies.xml?limit=-1')).statusCode).toBe(422);
  });

  it('searches name as a case-insensitive substring', async () => {
    const one = await createCompany(s, 'Grace Hopper Labs');
    for (const q of ['grace', 'HOPPER', 'ce%20hop', 'ce+Hopper+L']) {
      expect(ids(await s.get(`/service/companies.xml?name=${q}`), 'companies')).toEqual([one]);
    }
    expect(ids(await s.get('/service/companies.xml?name=firm0&limit=100'), 'companies')).toEqual(created.slice(0, 10));
    expect(ids(await s.get('/service/companies.xml?name=%25'), 'companies')).toEqual([]);
    expect(ids(await s.get('/service/companies.xml?name=nobody-at-all'), 'companies')).toEqual([]);
  });

  it('searches by e-mail (exact, case-insensitive), tag, state and updated_since', async () => {
    const id = await createCompany(s, 'Search Target Co');
    const decoy = await createCompany(s, 'Decoy Co');
    await s.post(`/service/companies/${id}/locations.xml`, 'location[label]=main&location[email]=Sales@Target.example&location[state]=RI');
    await s.post(`/service/companies/${decoy}/locations.xml`, 'location[label]=main&location[email]=other@target.example&location[state]=MA');
    await s.put(`/service/companies/${id}/add_tag.xml?tag=searchable`);
    const only = async (url: string) => ids(await s.get(url), 'companies');
    expect(await only('/service/companies.xml?email=sales@target.EXAMPLE')).toEqual([id]);
    expect(await only('/service/companies.xml?email=sales@target')).toEqual([]);
    expect(await only('/service/companies.xml?tag=Searchable')).toEqual([id]);
    expect(await only('/service/companies.xml?state=ri')).toEqual([id]);
    expect(await only('/service/companies.xml?state=ma')).toEqual([decoy]);
    expect(await only('/service/companies.xml?tag=searchable&state=RI&name=target')).toEqual([id]);
    expect(await only('/service/companies.xml?tag=searchable&state=MA')).toEqual([]);
    expect(await only('/service/companies.xml?updated_since=2999-01-01')).toEqual([]);
    const past = await only(`/service/companies.xml?updated_since=${encodeURIComponent('Thu Sep 02 14:34:34 UTC 2010')}&limit=100`);
    expect(past).toContain(id);
    expect(past).toContain(decoy);
  });

  it('does not list people', async () => {
    const person = await createPerson(s, 'Firm00', 'Person');
    expect(ids(await s.get('/service/companies.xml?limit=1000'), 'companies')).not.toContain(person);
  });

  it('answers 422 for an unparseable updated_since', async () => {
    expect((await s.get('/service/companies.xml?updated_since=yesterday-ish')).statusCode).toBe(422);
  });
});

describe('GET /service/companies/:id/people', () => {
  it('lists the employees, an empty array when none, and 404 for an unknown or person id', async () => {
    const company = await createCompany(c, 'Employer Inc');
    const empty = await createCompany(c, 'Nobody Works Here');
    const e1 = await createPerson(c, 'Emp', 'One', `<company_id>${company}</company_id>`);
    const e2 = await createPerson(c, 'Emp', 'Two', '<company>Employer Inc</company>');
    await createPerson(c, 'Not', 'Employed');
    const res = await c.get(`/service/companies/${company}/people.xml`);
    expect(res.statusCode).toBe(200);
    expect(ids(res, 'people')).toEqual([e1, e2]);
    const none = await c.get(`/service/companies/${empty}/people.xml`);
    expect(none.statusCode).toBe(200);
    expect(none.body).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<people type="array"></people>\n');
    expect((await c.get('/service/companies/999999/people.xml')).statusCode).toBe(404);
    expect((await c.get(`/service/companies/${e1}/people.xml`)).statusCode).toBe(404);
  });
});

describe('tags and comments nested under companies', () => {
  it('adds and removes tags on a company', async () => {
    const id = await createCompany(c, 'Tagged Co');
    expect((await c.put(`/service/companies/${id}/add_tag.xml`, '<tags>alpha,beta</tags>')).statusCode).toBe(200);
    expect((await c.del(`/service/companies/${id}/remove_tag.xml?tag=alpha`)).statusCode).toBe(200);
    const co = xml(await c.get(`/service/companies/${id}.xml`)).company;
    expect(co.tags.tag.map((t: { name: string }) => t.name)).toEqual(['beta']);
    expect(ids(await c.get('/service/companies.xml?tag=beta'), 'companies')).toEqual([id]);
    // The gem's Company#tags: `tags.xml?contact_id=`.
    const viaGem = await c.get(`/service/tags.xml?contact_id=${id}`);
    expect(viaGem.statusCode).toBe(200);
    expect(items(viaGem, 'tags').map((t: { name: string }) => t.name)).toEqual(['beta']);
    expect((await c.put('/service/companies/999999/add_tag.xml?tag=x')).statusCode).toBe(404);
  });

  it('creates, lists, shows and deletes comments on a company', async () => {
    const id = await createCompany(c, 'Commented Co');
    const created = await c.post(`/service/companies/${id}/comments.xml`, '<comment><comment>Best comment ever</comment></comment>');
    expect(created.statusCode).toBe(201);
    const cid = idFromLocation(created);
    expect(created.headers.location).toBe(`http://localhost:3000/service/comments/${cid}.xml`);
    const list = await c.get(`/service/companies/${id}/comments.xml`);
    expect(list.statusCode).toBe(200);
    expect(ids(list, 'mega_comments')).toEqual([cid]);
    const shown = xml(await c.get(`/service/companies/${id}/comments/${cid}.xml`)).mega_comment;
    expect(shown.comment).toBe('Best comment ever');
    expect(shown.record_id['#text']).toBe(String(id));
    const embedded = xml(await c.get(`/service/companies/${id}.xml`)).company.mega_comments.mega_comment;
    expect(embedded.map((m: { comment: string }) => m.comment)).toEqual(['Best comment ever']);
    expect((await c.del(`/service/companies/${id}/comments/${cid}.xml`)).statusCode).toBe(200);
    expect(ids(await c.get(`/service/companies/${id}/comments.xml`), 'mega_comments')).toEqual([]);
  });

  it("creates and lists a company's comments the gem's way, with company_id in the query", async () => {
    const id = await createCompany(c, 'Gem Commented Co');
    const created = await c.post(`/service/comments.xml?company_id=${id}`, '<comment><comment>via gem</comment></comment>');
    expect(created.statusCode).toBe(201);
    const cid = idFromLocation(created);
    expect(ids(await c.get(`/service/comments.xml?company_id=${id}`), 'mega_comments')).toEqual([cid]);
    expect(ids(await c.get(`/service/companies/${id}/comments.xml`), 'mega_comments')).toEqual([cid]);
  });
});
