import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { Client, createCompany, createPerson, idFromLocation, ids, makeApp, xml } from './helpers.js';

let ctx: App;
let c: Client;

beforeAll(async () => {
  ctx = await makeApp();
  c = new Client(ctx.app);
});
afterAll(async () => ctx.app.close());

describe('POST /service/people', () => {
  it('creates from underscored XML and answers 201 with an absolute Location and the person', async () => {
    const res = await c.post('/service/people.xml', '<person><first_name>Matt</first_name><last_name>Gillooly</last_name><title>Old Friend</title></person>');
    expect(res.statusCode).toBe(201);
    const id = idFromLocation(res);
    expect(res.headers.location).toBe(`http://localhost:3000/service/people/${id}.xml`);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(res.body.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<person>')).toBe(true);
    const p = xml(res).person;
    expect(p.first_name).toBe('Matt');
    expect(p.title).toBe('Old Friend');
    expect(p.id).toEqual({ '#text': String(id), '@type': 'integer' });
  });

  it('accepts dashed ActiveResource XML with type hints', async () => {
    const res = await c.post(
      '/service/people.xml',
      '<?xml version="1.0" encoding="UTF-8"?>\n<person>\n  <first-name>Ann</first-name>\n  <last-name>Lee</last-name>\n  <notes nil="true"></notes>\n</person>',
    );
    expect(res.statusCode).toBe(201);
    expect(xml(res).person.first_name).toBe('Ann');
  });

  it('accepts a PHP form body with bracket keys', async () => {
    const res = await c.post('/service/people.xml', 'person[first_name]=Bob&person[last_name]=Smith&person[title]=CEO');
    expect(res.statusCode).toBe(201);
    expect(xml(res).person.title).toBe('CEO');
  });

  it('accepts JSON and answers JSON on .json', async () => {
    const res = await c.post('/service/people.json', { person: { 'first-name': 'Jay', last_name: 'Son' } });
    expect(res.statusCode).toBe(201);
    expect(res.headers.location).toMatch(/\/service\/people\/\d+\.json$/);
    expect(JSON.parse(res.body).person.first_name).toBe('Jay');
  });

  it('answers 422 with <errors> when both names are blank', async () => {
    const res = await c.post('/service/people.xml', '<person><title>Nobody</title></person>');
    expect(res.statusCode).toBe(422);
    expect(xml(res).errors.error).toEqual(["First name can't be blank"]);
  });

  it('links an existing company by name, or creates it', async () => {
    const acme = await createCompany(c, 'Linked Co');
    const a = xml(await c.post('/service/people.xml', '<person><first_name>A</first_name><company>linked co</company></person>')).person;
    expect(a.company_id['#text']).toBe(String(acme));
    expect(a.company).toBe('Linked Co');
    const b = xml(await c.post('/service/people.xml', '<person><first_name>B</first_name><company>Brand New Inc</company></person>')).person;
    expect(b.company).toBe('Brand New Inc');
    const company = await c.get(`/service/companies/${b.company_id['#text']}.xml`);
    expect(company.statusCode).toBe(200);
  });

  it('ignores unknown fields', async () => {
    const res = await c.post('/service/people.xml', '<person><first_name>U</first_name><favourite_colour>blue</favourite_colour></person>');
    expect(res.statusCode).toBe(201);
  });
});

describe('GET /service/people/:id', () => {
  it('answers the person in the documented element order', async () => {
    const id = await createPerson(c, 'Order', 'Check');
    const res = await c.get(`/service/people/${id}.xml`);
    expect(res.statusCode).toBe(200);
    const names = [...res.body.matchAll(/^ {2}<([a-z_]+)[ >]/gm)].map((m) => m[1]);
    expect(names).toEqual([
      'id', 'first_name', 'last_name', 'small_image', 'large_image', 'title', 'company', 'company_id',
      'tags', 'locations', 'mega_comments', 'notes', 'created_at', 'updated_at',
    ]);
    expect(res.body).toMatch(/<created_at>[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}<\/created_at>/);
    expect(res.body).toContain('<tags type="array"></tags>');
  });

  it('answers a path without suffix as XML', async () => {
    const id = await createPerson(c);
    const res = await c.get(`/service/people/${id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/xml');
  });

  it('answers 404 in the error shape for an unknown or non-numeric id', async () => {
    for (const url of ['/service/people/999999.xml', '/service/people/abc.xml']) {
      const res = await c.get(url);
      expect(res.statusCode).toBe(404);
      expect(xml(res).errors.error[0]).toMatch(/not found/);
    }
  });

  it('answers 404 for a company id on the people route', async () => {
    const company = await createCompany(c, 'Not A Person');
    expect((await c.get(`/service/people/${company}.xml`)).statusCode).toBe(404);
  });
});

describe('PUT /service/people/:id', () => {
  it('ignores read-only fields and nested arrays echoed back by ActiveResource', async () => {
    const id = await createPerson(c, 'Echo', 'Back');
    const shown = (await c.get(`/service/people/${id}.xml`)).body;
    const dashed = shown
      .replace(/<(\/?)([a-z]+_[a-z_0-9]+)/g, (_m, slash: string, name: string) => `<${slash}${name.replace(/_/g, '-')}`)
      .replace('<first-name>Echo</first-name>', '<first-name>Echoed</first-name>');
    const res = await c.put(`/service/people/${id}.xml`, dashed);
    expect(res.statusCode).toBe(200);
    const p = xml(res).person;
    expect(p.first_name).toBe('Echoed');
    expect(p.last_name).toBe('Back');
    expect(p.id['#text']).toBe(String(id));
  });

  it('leaves fields missing from a PHP form body unchanged', async () => {
    const id = await createPerson(c, 'Keep', 'Me', '<title>Boss</title><notes>n1</notes>');
    const res = await c.put(`/service/people/${id}.xml`, 'person[notes]=n2');
    expect(res.statusCode).toBe(200);
    const p = xml(await c.get(`/service/people/${id}.xml`)).person;
    expect(p.notes).toBe('n2');
    expect(p.title).toBe('Boss');
    expect(p.first_name).toBe('Keep');
  });

  it('answers exactly 200 (never 204) and 404 for unknown ids', async () => {
    const id = await createPerson(c);
    expect((await c.put(`/service/people/${id}.xml`, '<person><title>x</title></person>')).statusCode).toBe(200);
    expect((await c.put('/service/people/987654.xml', '<person><title>x</title></person>')).statusCode).toBe(404);
  });

  it('refuses to blank both names with 422 and keeps the record', async () => {
    const id = await createPerson(c, 'Still', 'Here');
    const res = await c.put(`/service/people/${id}.xml`, '<person><first_name></first_name><last_name></last_name></person>');
    expect(res.statusCode).toBe(422);
    expect(xml(await c.get(`/service/people/${id}.xml`)).person.first_name).toBe('Still');
  });

  it('moves a person to another company by company_id and unlinks with an empty one', async () => {
    const id = await createPerson(c, 'Mover', 'X', '<company>First Co</company>');
    const second = await createCompany(c, 'Second Co');
    let p = xml(await c.put(`/service/people/${id}.xml`, `<person><company_id>${second}</company_id></person>`)).person;
    expect(p.company).toBe('Second Co');
    p = xml(await c.put(`/service/people/${id}.xml`, '<person><company_id></company_id></person>')).person;
    expect(p.company).toBe('');
  });
});

describe('DELETE /service/people/:id', () => {
  it('answers 200, then 404, and removes the person from lists', async () => {
    const id = await createPerson(c, 'Gone', 'Soon');
    const res = await c.del(`/service/people/${id}.xml`);
    expect(res.statusCode).toBe(200);
    expect((await c.get(`/service/people/${id}.xml`)).statusCode).toBe(404);
    expect((await c.del(`/service/people/${id}.xml`)).statusCode).toBe(404);
    expect((await c.get('/service/people.xml?name=Gone')).body).not.toContain('Gone');
  });

  it('leaves a tombstone for deleted_since', async () => {
    const id = await createPerson(c, 'Tomb', 'Stone');
    await c.del(`/service/people/${id}.xml`);
    const row = await ctx.storage.db.selectFrom('tombstones').selectAll().where('id', '=', id).executeTakeFirst();
    expect(row?.record_type).toBe('person');
    expect(row?.display_name).toBe('Tomb Stone');
  });
});

describe('GET /service/people (list and search)', () => {
  let s: Client;
  let created: number[];
  beforeAll(async () => {
    const fresh = await makeApp();
    s = new Client(fresh.app);
    created = [];
    for (let i = 0; i < 30; i++) created.push(await createPerson(s, `First${i}`, `Last${i}`));
  });

  it('pages by offset and limit with a default of 25, ascending id', async () => {
    const page1 = xml(await s.get('/service/people.xml')).people.person;
    expect(page1).toHaveLength(25);
    expect(page1[0].id['#text']).toBe(String(created[0]));
    const page2 = xml(await s.get('/service/people.xml?offset=25&limit=25')).people.person;
    expect(page2).toHaveLength(5);
    expect(page2[4].id['#text']).toBe(String(created[29]));
  });

  it('answers an empty array, not 404, past the end', async () => {
    const res = await s.get('/service/people.xml?offset=1000');
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<people type="array"></people>\n');
  });

  it('honours limit=1000000, sending a small answer whole with its length', async () => {
    const res = await s.get('/service/people.xml?limit=1000000');
    expect(xml(res).people.person).toHaveLength(30);
    expect(res.headers['transfer-encoding']).toBeUndefined();
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength(res.body)));
  });

  it('streams an answer larger than 256 KiB (chunked), complete and in order', async () => {
    const big = new Client((await makeApp()).app);
    const notes = 'n'.repeat(1000);
    const ids: number[] = [];
    for (let i = 0; i < 320; i++) ids.push(await createPerson(big, `Big${i}`, 'Export', `<notes>${notes}</notes>`));
    const res = await big.get('/service/people.xml?limit=1000000');
    expect(res.headers['transfer-encoding']).toBe('chunked');
    expect(res.body.length).toBeGreaterThan(256 * 1024);
    expect(xml(res).people.person.map((p: { id: { '#text': string } }) => Number(p.id['#text']))).toEqual(ids);
    await big.app.close();
  });

  it('answers 422 for a non-numeric offset', async () => {
    expect((await s.get('/service/people.xml?offset=abc')).statusCode).toBe(422);
  });

  it('searches name against first, last and "first last", case-insensitively', async () => {
    const one = await createPerson(s, 'Grace', 'Hopper');
    for (const q of ['grace', 'HOPPER', 'grace%20hop', 'ace+Ho']) {
      expect(ids(await s.get(`/service/people.xml?name=${q}`), 'people')).toEqual([one]);
    }
    expect(ids(await s.get('/service/people.xml?name=%25'), 'people')).toEqual([]);
  });

  it('searches by e-mail (exact, case-insensitive), tag, state and updated_since', async () => {
    const id = await createPerson(s, 'Search', 'Target');
    await s.post(`/service/people/${id}/locations.xml`, 'location[label]=work&location[email]=Target@Example.com&location[state]=RI');
    await s.put(`/service/people/${id}/add_tag.xml?tag=searchable`);
    const only = async (url: string) => ids(await s.get(url), 'people');
    expect(await only('/service/people.xml?email=target@example.COM')).toEqual([id]);
    expect(await only('/service/people.xml?email=target@example')).toEqual([]);
    expect(await only('/service/people.xml?tag=Searchable')).toEqual([id]);
    expect(await only('/service/people.xml?state=ri')).toEqual([id]);
    expect(await only('/service/people.xml?tag=searchable&state=RI&name=target')).toEqual([id]);
    const future = await only('/service/people.xml?updated_since=2999-01-01');
    expect(future).toEqual([]);
    const past = await only(`/service/people.xml?updated_since=${encodeURIComponent('Thu Sep 02 14:34:34 UTC 2010')}&limit=100`);
    expect(past).toContain(id);
  });

  it('answers 422 for an unparseable updated_since', async () => {
    expect((await s.get('/service/people.xml?updated_since=yesterday-ish')).statusCode).toBe(422);
  });

  it('lists employees by company_id and by companies/:id/people', async () => {
    const company = await createCompany(s, 'Employer');
    const e1 = await createPerson(s, 'Emp', 'One', `<company_id>${company}</company_id>`);
    const e2 = await createPerson(s, 'Emp', 'Two', '<company>Employer</company>');
    for (const url of [`/service/people.xml?company_id=${company}`, `/service/companies/${company}/people.xml`]) {
      expect(ids(await s.get(url), 'people')).toEqual([e1, e2]);
    }
    expect((await s.get('/service/companies/999999/people.xml')).statusCode).toBe(404);
  });
});
