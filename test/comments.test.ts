import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { Client, createCompany, createPerson, idFromLocation, ids, items, makeApp, xml } from './helpers.js';

let ctx: App;
let c: Client;

beforeAll(async () => {
  ctx = await makeApp();
  c = new Client(ctx.app);
});
afterAll(async () => ctx.app.close());

/** POST a comment on a record's nested route and return its id (expects 201). */
async function addComment(collection: 'people' | 'companies', recordId: number, text: string): Promise<number> {
  const res = await c.post(`/service/${collection}/${recordId}/comments.xml`, `<comment><comment>${text}</comment></comment>`);
  if (res.statusCode !== 201) throw new Error(`create comment: ${res.statusCode} ${res.body}`);
  return idFromLocation(res);
}

const OFFSET_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+0000$/;

describe('POST /service/{records}/:id/comments', () => {
  const bodies: [string, string][] = [
    ['the documented nested XML', '<comment><comment>nested xml</comment></comment>'],
    ['flat XML', '<comment>flat xml</comment>'],
    ['a PHP form with bracket keys', 'comment[comment]=bracket+form'],
    ['a plain form key', 'comment=plain%20form'],
  ];
  const expected = ['nested xml', 'flat xml', 'bracket form', 'plain form'];

  for (const [i, [what, body]] of bodies.entries()) {
    it(`creates from ${what} with exactly 201 and the flat Location`, async () => {
      const person = await createPerson(c, 'Com', 'Menter');
      const res = await c.post(`/service/people/${person}/comments.xml`, body);
      expect(res.statusCode).toBe(201);
      const id = idFromLocation(res);
      expect(res.headers.location).toBe(`http://localhost:3000/service/comments/${id}.xml`);
      const m = xml(res).mega_comment;
      expect(m.comment).toBe(expected[i]);
      expect(m.id['#text']).toBe(String(id));
      expect(m.record_id['#text']).toBe(String(person));
    });
  }

  it('trims surrounding whitespace and round-trips XML special characters', async () => {
    const person = await createPerson(c);
    const res = await c.post(`/service/people/${person}/comments.xml`, '<comment><comment>\n   Tom &amp; Jerry &lt;3 "quoted"\n</comment></comment>');
    expect(res.statusCode).toBe(201);
    expect(res.body).toMatch(/<comment>Tom &amp; Jerry &lt;3 (&quot;|")quoted(&quot;|")<\/comment>/);
    const row = await ctx.services.db.selectFrom('comments').select('comment').where('id', '=', idFromLocation(res)).executeTakeFirstOrThrow();
    expect(row.comment).toBe('Tom & Jerry <3 "quoted"');
  });

  it('accepts JSON and answers JSON with a .json Location on .json', async () => {
    const person = await createPerson(c);
    const res = await c.post(`/service/people/${person}/comments.json`, { comment: { comment: 'via json' } });
    expect(res.statusCode).toBe(201);
    const id = idFromLocation(res);
    expect(res.headers.location).toBe(`http://localhost:3000/service/comments/${id}.json`);
    const body = JSON.parse(res.body);
    expect(body.mega_comment.comment).toBe('via json');
    expect(Object.keys(body.mega_comment)).toEqual(['id', 'comment', 'user', 'created_at', 'record_id']);
  });

  it('creates on a company with the flat Location', async () => {
    const company = await createCompany(c, 'Commented Co');
    const res = await c.post(`/service/companies/${company}/comments.xml`, '<comment><comment>on a company</comment></comment>');
    expect(res.statusCode).toBe(201);
    const id = idFromLocation(res);
    expect(res.headers.location).toBe(`http://localhost:3000/service/comments/${id}.xml`);
    expect(xml(res).mega_comment.record_id['#text']).toBe(String(company));
  });

  it('answers 422 for a blank or missing comment and writes nothing', async () => {
    const person = await createPerson(c);
    for (const body of ['<comment><comment>   </comment></comment>', '<comment></comment>', 'comment[comment]=', '<note>x</note>']) {
      const res = await c.post(`/service/people/${person}/comments.xml`, body);
      expect(res.statusCode).toBe(422);
      expect(xml(res).errors.error).toEqual(["Comment can't be blank"]);
    }
    expect(ids(await c.get(`/service/people/${person}/comments.xml`), 'mega_comments')).toEqual([]);
  });

  it('answers 404 for an unknown record or a record of the other type', async () => {
    const company = await createCompany(c, 'Not A Person Co');
    expect((await c.post('/service/people/999999/comments.xml', '<comment>x</comment>')).statusCode).toBe(404);
    expect((await c.post(`/service/people/${company}/comments.xml`, '<comment>x</comment>')).statusCode).toBe(404);
  });
});

describe('GET /service/comments/:id', () => {
  it('answers the mega_comment in the documented element order and formats', async () => {
    const person = await createPerson(c, 'Order', 'Check');
    const id = await addComment('people', person, 'Best comment ever');
    const res = await c.get(`/service/comments/${id}.xml`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(res.body.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<mega_comment>')).toBe(true);
    const names = [...res.body.matchAll(/^ {2}<([a-z_]+)[ >]/gm)].map((m) => m[1]);
    expect(names).toEqual(['id', 'comment', 'user', 'created_at', 'record_id']);
    const m = xml(res).mega_comment;
    expect(m.id).toEqual({ '#text': String(id), '@type': 'integer' });
    expect(m.comment).toBe('Best comment ever');
    // The author is the token's user, shown by display name (the bootstrap owner is "Owner").
    expect(m.user).toBe('Owner');
    expect(m.created_at['@type']).toBe('datetime');
    expect(m.created_at['#text']).toMatch(OFFSET_TIME);
    const created = Date.parse(m.created_at['#text'].replace(' ', 'T').replace(' +0000', 'Z'));
    expect(Math.abs(Date.now() - created)).toBeLessThan(60_000);
    expect(m.record_id).toEqual({ '#text': String(person), '@type': 'integer' });
  });

  it('names the author of each comment by the token used to write it', async () => {
    const { token } = await ctx.services.accounts.addUser('demo', { email: 'writer@example.com', name: 'Eric Krause', role: 'advanced' });
    const writer = new Client(ctx.app, token);
    const person = await createPerson(c);
    const res = await writer.post(`/service/people/${person}/comments.xml`, '<comment>by Eric</comment>');
    expect(res.statusCode).toBe(201);
    expect(xml(await c.get(`/service/comments/${idFromLocation(res)}.xml`)).mega_comment.user).toBe('Eric Krause');
  });

  it('scopes to the record named by person_id / company_id, as the gem\'s person.comment(id) asks', async () => {
    const person = await createPerson(c, 'Scoped', 'Show');
    const other = await createPerson(c, 'Other', 'Show');
    const company = await createCompany(c, 'Scoped Co');
    const id = await addComment('people', person, 'scoped');
    expect((await c.get(`/service/comments/${id}.xml?person_id=${person}`)).statusCode).toBe(200);
    expect((await c.get(`/service/comments/${id}.xml?person_id=${other}`)).statusCode).toBe(404);
    expect((await c.get(`/service/comments/${id}.xml?company_id=${company}`)).statusCode).toBe(404);
    expect((await c.get(`/service/comments/${id}.xml?person_id=999999`)).statusCode).toBe(404);
  });

  it('answers 404 for unknown and non-numeric ids', async () => {
    expect((await c.get('/service/comments/999999.xml')).statusCode).toBe(404);
    expect((await c.get('/service/comments/abc.xml')).statusCode).toBe(404);
  });
});

describe('GET /service/{records}/:id/comments', () => {
  it('lists only that record\'s comments as <mega_comments type="array">', async () => {
    const a = await createPerson(c, 'List', 'A');
    const b = await createPerson(c, 'List', 'B');
    const c1 = await addComment('people', a, 'a1');
    await addComment('people', b, 'b1');
    const c2 = await addComment('people', a, 'a2');
    const res = await c.get(`/service/people/${a}/comments.xml`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<mega_comments type="array">');
    expect(ids(res, 'mega_comments')).toEqual([c1, c2]);
    expect(items(res, 'mega_comments').map((m) => m.comment)).toEqual(['a1', 'a2']);
  });

  it('answers an empty array (200) for a record without comments', async () => {
    const company = await createCompany(c, 'Silent Co');
    const res = await c.get(`/service/companies/${company}/comments.xml`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/<mega_comments type="array">\s*<\/mega_comments>|<mega_comments type="array"\/>/);
    expect(ids(res, 'mega_comments')).toEqual([]);
  });

  it('answers 404 for an unknown record', async () => {
    expect((await c.get('/service/companies/999999/comments.xml')).statusCode).toBe(404);
  });
});

describe('/service/{records}/:id/comments/:cid', () => {
  it('shows, updates and deletes a comment through its record', async () => {
    const company = await createCompany(c, 'Nested Co');
    const id = await addComment('companies', company, 'first');
    const shown = await c.get(`/service/companies/${company}/comments/${id}.xml`);
    expect(shown.statusCode).toBe(200);
    expect(xml(shown).mega_comment.comment).toBe('first');

    const put = await c.put(`/service/companies/${company}/comments/${id}.xml`, '<comment><comment>second</comment></comment>');
    expect(put.statusCode).toBe(200);
    expect(xml(await c.get(`/service/comments/${id}.xml`)).mega_comment.comment).toBe('second');

    const del = await c.del(`/service/companies/${company}/comments/${id}.xml`);
    expect(del.statusCode).toBe(200);
    expect((await c.get(`/service/comments/${id}.xml`)).statusCode).toBe(404);
  });

  it('answers 404 when the comment belongs to another record, and changes nothing', async () => {
    const owner = await createPerson(c, 'Owner', 'Of');
    const other = await createPerson(c, 'Other', 'One');
    const id = await addComment('people', owner, 'mine');
    expect((await c.get(`/service/people/${other}/comments/${id}.xml`)).statusCode).toBe(404);
    expect((await c.put(`/service/people/${other}/comments/${id}.xml`, '<comment>stolen</comment>')).statusCode).toBe(404);
    expect((await c.del(`/service/people/${other}/comments/${id}.xml`)).statusCode).toBe(404);
    // The same id under the right id but the wrong collection is another record too.
    expect((await c.get(`/service/companies/${owner}/comments/${id}.xml`)).statusCode).toBe(404);
    const still = await c.get(`/service/comments/${id}.xml`);
    expect(still.statusCode).toBe(200);
    expect(xml(still).mega_comment.comment).toBe('mine');
  });
});

describe('PUT and DELETE /service/comments/:id', () => {
  const bodies: [string, string][] = [
    ['nested XML', '<comment><comment>v1</comment></comment>'],
    ['flat XML', '<comment>v2</comment>'],
    ['a bracket form', 'comment[comment]=v3'],
    ['a plain form', 'comment=v4'],
  ];

  it('updates from every body form with exactly 200', async () => {
    const person = await createPerson(c);
    const id = await addComment('people', person, 'v0');
    for (const [i, [, body]] of bodies.entries()) {
      const res = await c.put(`/service/comments/${id}.xml`, body);
      expect(res.statusCode).toBe(200);
      expect(xml(await c.get(`/service/comments/${id}.xml`)).mega_comment.comment).toBe(`v${i + 1}`);
    }
  });

  it('ignores the read-only fields ActiveResource echoes back on update', async () => {
    const person = await createPerson(c);
    const id = await addComment('people', person, 'before echo');
    const shown = (await c.get(`/service/comments/${id}.xml`)).body;
    const echoed = shown
      .replace(/<(\/?)mega_comment>/g, '<$1comment>')
      .replace(/<(\/?)([a-z]+_[a-z_]+)/g, (_m, slash: string, name: string) => `<${slash}${name.replace(/_/g, '-')}`)
      .replace('<comment>before echo</comment>', '<comment>after echo</comment>')
      .replace(/<record-id type="integer">\d+<\/record-id>/, '<record-id type="integer">999999</record-id>')
      .replace(/<user>[^<]*<\/user>/, '<user>Somebody Else</user>');
    const res = await c.put(`/service/comments/${id}.xml`, echoed);
    expect(res.statusCode).toBe(200);
    const m = xml(await c.get(`/service/comments/${id}.xml`)).mega_comment;
    expect(m.comment).toBe('after echo');
    expect(m.record_id['#text']).toBe(String(person));
    expect(m.user).toBe('Owner');
  });

  it('refuses a blank update with 422 and keeps the text', async () => {
    const person = await createPerson(c);
    const id = await addComment('people', person, 'keep me');
    const res = await c.put(`/service/comments/${id}.xml`, '<comment><comment></comment></comment>');
    expect(res.statusCode).toBe(422);
    expect(xml(res).errors.error).toEqual(["Comment can't be blank"]);
    expect(xml(await c.get(`/service/comments/${id}.xml`)).mega_comment.comment).toBe('keep me');
  });

  it('answers 404 to PUT on an unknown id', async () => {
    expect((await c.put('/service/comments/999999.xml', '<comment>x</comment>')).statusCode).toBe(404);
  });

  it('deletes with 200, then answers 404', async () => {
    const person = await createPerson(c);
    const id = await addComment('people', person, 'short-lived');
    const res = await c.del(`/service/comments/${id}.xml`);
    expect(res.statusCode).toBe(200);
    expect((await c.get(`/service/comments/${id}.xml`)).statusCode).toBe(404);
    expect((await c.del(`/service/comments/${id}.xml`)).statusCode).toBe(404);
    expect(ids(await c.get(`/service/people/${person}/comments.xml`), 'mega_comments')).toEqual([]);
  });
});

describe('POST /service/comments (the gem)', () => {
  it('creates on the record named by person_id with 201 and the flat Location', async () => {
    const person = await createPerson(c, 'Gem', 'User');
    const res = await c.post(`/service/comments.xml?person_id=${person}`, '<comment><comment>from the gem</comment></comment>');
    expect(res.statusCode).toBe(201);
    const id = idFromLocation(res);
    expect(res.headers.location).toBe(`http://localhost:3000/service/comments/${id}.xml`);
    expect(xml(res).mega_comment.record_id['#text']).toBe(String(person));
    expect(ids(await c.get(`/service/people/${person}/comments.xml`), 'mega_comments')).toEqual([id]);
  });

  it('creates on the record named by company_id', async () => {
    const company = await createCompany(c, 'Gem Co');
    const res = await c.post(`/service/comments.xml?company_id=${company}`, '<comment>gem company</comment>');
    expect(res.statusCode).toBe(201);
    expect(xml(res).mega_comment.record_id['#text']).toBe(String(company));
  });

  it('takes the parent from the comment\'s own attributes too (XML, JSON)', async () => {
    const person = await createPerson(c, 'Body', 'Parent');
    const fromXml = await c.post('/service/comments.xml', `<comment><comment>in body</comment><person-id type="integer">${person}</person-id></comment>`);
    expect(fromXml.statusCode).toBe(201);
    expect(xml(fromXml).mega_comment.record_id['#text']).toBe(String(person));
    const fromJson = await c.post('/service/comments.json', { comment: { comment: 'json body', person_id: person } });
    expect(fromJson.statusCode).toBe(201);
    expect(JSON.parse(fromJson.body).mega_comment.record_id).toBe(person);
    expect(items(await c.get(`/service/people/${person}/comments.xml`), 'mega_comments').map((m) => m.comment)).toEqual(['in body', 'json body']);
  });

  it('answers 422 without a parent record and 404 for an unknown one', async () => {
    const res = await c.post('/service/comments.xml', '<comment><comment>orphan</comment></comment>');
    expect(res.statusCode).toBe(422);
    expect(xml(res).errors.error).toHaveLength(1);
    expect((await c.post('/service/comments.xml?person_id=999999', '<comment>x</comment>')).statusCode).toBe(404);
  });

  it('answers 404 when person_id names a company (or company_id a person), and writes nothing', async () => {
    const company = await createCompany(c, 'Typed Parent Co');
    const person = await createPerson(c, 'Typed', 'Parent');
    expect((await c.post(`/service/comments.xml?person_id=${company}`, '<comment>x</comment>')).statusCode).toBe(404);
    expect((await c.post(`/service/comments.xml?company_id=${person}`, '<comment>x</comment>')).statusCode).toBe(404);
    expect((await c.get(`/service/comments.xml?person_id=${company}`)).statusCode).toBe(404);
    expect(ids(await c.get(`/service/companies/${company}/comments.xml`), 'mega_comments')).toEqual([]);
    expect(ids(await c.get(`/service/people/${person}/comments.xml`), 'mega_comments')).toEqual([]);
    // contact_id may name either kind of contact (spec §4).
    expect((await c.post(`/service/comments.xml?contact_id=${company}`, '<comment>x</comment>')).statusCode).toBe(201);
  });
});

describe('GET /service/comments', () => {
  it('pages all comments 10 at a time, in ascending id, and filters by person_id / company_id', async () => {
    // A fresh app so that the page contents are exactly the comments made here.
    const own = await makeApp();
    try {
      const k = new Client(own.app);
      const person = await createPerson(k, 'Paged', 'Person');
      const company = await createCompany(k, 'Paged Co');
      const made: number[] = [];
      for (let i = 1; i <= 12; i++) {
        const target = i === 3 ? `companies/${company}` : `people/${person}`;
        const res = await k.post(`/service/${target}/comments.xml`, `<comment>c${i}</comment>`);
        expect(res.statusCode).toBe(201);
        made.push(idFromLocation(res));
      }
      const page1 = await k.get('/service/comments.xml?page=1');
      expect(page1.statusCode).toBe(200);
      expect(page1.body).toContain('<mega_comments type="array">');
      expect(ids(page1, 'mega_comments')).toEqual(made.slice(0, 10));
      expect(ids(await k.get('/service/comments.xml'), 'mega_comments')).toEqual(made.slice(0, 10));
      expect(ids(await k.get('/service/comments.xml?page=2'), 'mega_comments')).toEqual(made.slice(10));
      const page3 = await k.get('/service/comments.xml?page=3');
      expect(page3.statusCode).toBe(200);
      expect(page3.body).toContain('<mega_comments type="array">');
      expect(ids(page3, 'mega_comments')).toEqual([]);

      const onCompany = [made[2]];
      const onPerson = made.filter((_, i) => i !== 2);
      expect(onPerson).toHaveLength(11);
      expect(ids(await k.get(`/service/comments.xml?company_id=${company}`), 'mega_comments')).toEqual(onCompany);
      // One record's comments without `page` are all of them (the gem's person.comments sends
      // no page); with `page` they page like the unfiltered list (spec §8: 10 per page).
      expect(ids(await k.get(`/service/comments.xml?person_id=${person}`), 'mega_comments')).toEqual(onPerson);
      expect(ids(await k.get(`/service/comments.xml?person_id=${person}&page=1`), 'mega_comments')).toEqual(onPerson.slice(0, 10));
      expect(ids(await k.get(`/service/comments.xml?person_id=${person}&page=2`), 'mega_comments')).toEqual(onPerson.slice(10));
      // The nested list has no documented paging: all of the record's comments unless `page` is given.
      expect(ids(await k.get(`/service/people/${person}/comments.xml`), 'mega_comments')).toEqual(onPerson);
      expect(ids(await k.get(`/service/people/${person}/comments.xml?page=2`), 'mega_comments')).toEqual(onPerson.slice(10));
      expect((await k.get('/service/comments.xml?person_id=999999')).statusCode).toBe(404);
    } finally {
      await own.app.close();
    }
  });
});

describe('comments inside their record', () => {
  it('embeds the comments in the person document in the same shape', async () => {
    const person = await createPerson(c, 'Embed', 'Ded');
    const id = await addComment('people', person, 'embedded');
    const res = await c.get(`/service/people/${person}.xml`);
    const embedded = xml(res).person.mega_comments;
    expect(embedded['@type']).toBe('array');
    expect(embedded.mega_comment).toHaveLength(1);
    const standalone = xml(await c.get(`/service/comments/${id}.xml`)).mega_comment;
    expect(embedded.mega_comment[0]).toEqual(standalone);
    const block = /<mega_comments type="array">([\s\S]*?)<\/mega_comments>/.exec(res.body)?.[1] ?? '';
    const names = [...block.matchAll(/^ {6}<([a-z_]+)[ >]/gm)].map((m) => m[1]);
    expect(names).toEqual(['id', 'comment', 'user', 'created_at', 'record_id']);
  });

  it('embeds the comments in the company document', async () => {
    const company = await createCompany(c, 'Embedding Co');
    const id = await addComment('companies', company, 'on company');
    const embedded = xml(await c.get(`/service/companies/${company}.xml`)).company.mega_comments;
    expect(embedded.mega_comment.map((m: { id: { '#text': string } }) => Number(m.id['#text']))).toEqual([id]);
  });

  it('removes a person\'s comments when the person is deleted', async () => {
    const person = await createPerson(c, 'Doomed', 'Person');
    const first = await addComment('people', person, 'gone 1');
    const second = await addComment('people', person, 'gone 2');
    expect((await c.del(`/service/people/${person}.xml`)).statusCode).toBe(200);
    for (const id of [first, second]) {
      expect((await c.get(`/service/comments/${id}.xml`)).statusCode).toBe(404);
      expect((await c.get(`/service/comments/${id}`)).statusCode).toBe(404);
    }
    const all: number[] = [];
    for (let page = 1; ; page++) {
      const got = ids(await c.get(`/service/comments.xml?page=${page}`), 'mega_comments');
      if (got.length === 0) break;
      all.push(...got);
    }
    expect(all.length).toBeGreaterThan(0);
    expect(all).not.toContain(first);
    expect(all).not.toContain(second);
    expect((await c.get(`/service/people/${person}/comments.xml`)).statusCode).toBe(404);
  });
});
