// Communications (spec §10): create/show/update/delete in every encoding, the list with its
// combinable filters and paging, a contact's communications, tags and comments on them, and
// walls between accounts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { allocateId } from '../src/resources/records/records.repository.js';
import { Client, createCompany, createPerson, idFromLocation, ids, items, makeApp, xml } from './helpers.js';

let ctx: App;
let c: Client;
let other: Client;
let demoId: number;
let otherId: number;

beforeAll(async () => {
  ctx = await makeApp();
  c = new Client(ctx.app);
  other = new Client(ctx.app, (await ctx.services.accounts.createAccount('other', { email: 'o@o.com', name: 'O' })).token);
  demoId = (await ctx.services.accounts.requireAccount('demo')).id;
  otherId = (await ctx.services.accounts.requireAccount('other')).id;
});
afterAll(async () => ctx.app.close());

async function createComm(client: Client, inner = '<subject>Hi</subject><ctype>email</ctype>'): Promise<number> {
  const res = await client.post('/service/communications.xml', `<communication>${inner}</communication>`);
  if (res.statusCode !== 201) throw new Error(`create communication: ${res.statusCode} ${res.body}`);
  return idFromLocation(res);
}

/** Deals are another resource; a row is enough to attach to (the shared id space included). */
async function insertDeal(accountId: number, title = 'Big deal'): Promise<number> {
  const db = ctx.services.db;
  const id = await allocateId(db, accountId, 'deal');
  const now = new Date().toISOString();
  await db
    .insertInto('deals')
    .values({ id, account_id: accountId, title, description: null, deal_with_id: null, status: 'pending', assigned_to_user_id: null, amount_cents: 0, created_at: now, updated_at: now })
    .execute();
  return id;
}

async function row(id: number) {
  return ctx.services.db.selectFrom('communications').selectAll().where('id', '=', id).executeTakeFirst();
}

async function count(): Promise<number> {
  const r = await ctx.services.db.selectFrom('communications').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

const OFFSET_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+0000$/;
const RUBY_TIME = /^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}$/;

describe('POST /service/communications', () => {
  it('creates from underscored XML: 201, absolute Location, the document in spec order', async () => {
    const res = await c.post(
      '/service/communications.xml',
      '<communication><subject>Re: Hi again!</subject><body>The body of the email</body><date>2010-05-28 10:53:00 -0400</date><ctype>email</ctype></communication>',
    );
    expect(res.statusCode).toBe(201);
    const id = idFromLocation(res);
    expect(res.headers.location).toBe(`http://localhost:3000/service/communications/${id}.xml`);
    const names = [...res.body.matchAll(/^ {2}<([a-z_]+)[ >]/gm)].map((m) => m[1]);
    expect(names).toEqual(['id', 'subject', 'body', 'date', 'ctype', 'tags', 'mega_comments', 'created_at', 'updated_at']);
    const m = xml(res).communication;
    expect(m.id).toEqual({ '#text': String(id), '@type': 'integer' });
    expect(m.subject).toBe('Re: Hi again!');
    expect(m.body).toBe('The body of the email');
    expect(m.date).toBe('2010-05-28 14:53:00 +0000');
    expect(m.ctype).toBe('Email');
    expect(m.created_at).toMatch(RUBY_TIME);
    expect(m.updated_at).toMatch(RUBY_TIME);
    expect(res.body).toContain('<tags type="array"></tags>');
    expect(res.body).toContain('<mega_comments type="array"></mega_comments>');
    expect(res.body).not.toContain('participant');
  });

  it('defaults date to now', async () => {
    const before = Date.now() - 1000;
    const m = xml(await c.post('/service/communications.xml', '<communication><ctype>note</ctype></communication>')).communication;
    expect(m.date).toMatch(OFFSET_TIME);
    const at = Date.parse(m.date.replace(' ', 'T').replace(' +0000', 'Z'));
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it('accepts every date input form of spec §1.4', async () => {
    const cases: [string, string][] = [
      ['Jul 01 13:37:38 UTC 2010', '2010-07-01 13:37:38 +0000'],
      ['Thu Sep 02 14:34:34 UTC 2010', '2010-09-02 14:34:34 +0000'],
      ['2010-09-03 12:00:00 -0400', '2010-09-03 16:00:00 +0000'],
      ['2010-07-28', '2010-07-28 00:00:00 +0000'],
      ['2010-07-28T10:00:00+02:00', '2010-07-28 08:00:00 +0000'],
      ['2010-07-28T10:00:00Z', '2010-07-28 10:00:00 +0000'],
    ];
    for (const [input, out] of cases) {
      const res = await c.post('/service/communications.xml', `<communication><ctype>phone</ctype><date>${input}</date></communication>`);
      expect(res.statusCode, input).toBe(201);
      expect(xml(res).communication.date, input).toBe(out);
    }
  });

  it('accepts dashed ActiveResource XML with type hints and nil, and ctype in any case', async () => {
    const deal = await insertDeal(demoId);
    const res = await c.post(
      '/service/communications.xml',
      `<?xml version="1.0" encoding="UTF-8"?>\n<communication>\n  <subject>Dashed</subject>\n  <body nil="true"></body>\n  <ctype>CHAT</ctype>\n  <deal-id type="integer">${deal}</deal-id>\n</communication>`,
    );
    expect(res.statusCode).toBe(201);
    const m = xml(res).communication;
    expect(m.ctype).toBe('Chat');
    expect(m.body).toBe('');
    expect((await row(idFromLocation(res)))?.deal_id).toBe(deal);
  });

  it('accepts a PHP form body with bracket keys', async () => {
    const res = await c.post('/service/communications.xml', 'communication[subject]=Form+call&communication[ctype]=Phone&communication[body]=Talked');
    expect(res.statusCode).toBe(201);
    const m = xml(res).communication;
    expect([m.subject, m.ctype, m.body]).toEqual(['Form call', 'Phone', 'Talked']);
  });

  it('accepts JSON and answers JSON on .json', async () => {
    const res = await c.post('/service/communications.json', { communication: { subject: 'Jay', ctype: 'note' } });
    expect(res.statusCode).toBe(201);
    expect(res.headers.location).toMatch(/\/service\/communications\/\d+\.json$/);
    const doc = JSON.parse(res.body).communication;
    expect(doc.subject).toBe('Jay');
    expect(doc.ctype).toBe('Note');
  });

  it('accepts every argument in the query string with no body', async () => {
    const res = await c.post('/service/communications.xml?communication[subject]=Query&communication[ctype]=email&communication[date]=2010-07-28');
    expect(res.statusCode).toBe(201);
    const m = xml(res).communication;
    expect([m.subject, m.ctype, m.date]).toEqual(['Query', 'Email', '2010-07-28 00:00:00 +0000']);
  });

  it('answers 422 without ctype, with an unknown ctype or an unparseable date, and writes nothing', async () => {
    const before = await count();
    const cases: [string, string][] = [
      ['<communication><subject>No type</subject></communication>', "Ctype can't be blank"],
      ['<communication><ctype>  </ctype></communication>', "Ctype can't be blank"],
      ['<communication><ctype>fax</ctype></communication>', 'Ctype is not included in the list'],
      ['<communication><ctype>email</ctype><date>someday</date></communication>', 'Date is not a date/time we understand'],
    ];
    for (const [body, message] of cases) {
      const res = await c.post('/service/communications.xml', body);
      expect(res.statusCode, body).toBe(422);
      expect(xml(res).errors.error, body).toEqual([message]);
    }
    expect(await count()).toBe(before);
  });

  it('answers 422 when deal_id does not name a deal of the account', async () => {
    const person = await createPerson(c, 'Not', 'Deal');
    const foreign = await insertDeal(otherId, 'Theirs');
    const before = await count();
    for (const v of [String(person), '999999', 'abc', String(foreign)]) {
      const res = await c.post('/service/communications.xml', `<communication><ctype>email</ctype><deal_id>${v}</deal_id></communication>`);
      expect(res.statusCode, v).toBe(422);
      expect(xml(res).errors.error).toEqual(['Deal does not exist']);
    }
    expect(await count()).toBe(before);
  });

  it('ignores unknown fields', async () => {
    const res = await c.post('/service/communications.xml', '<communication><ctype>email</ctype><favourite_colour>blue</favourite_colour></communication>');
    expect(res.statusCode).toBe(201);
  });
});

describe('GET /service/communications/:id', () => {
  it('answers a path without suffix as XML', async () => {
    const id = await createComm(c);
    const res = await c.get(`/service/communications/${id}`);
    expect(res.statusCode).toBe(200);
    expect(xml(res).communication.subject).toBe('Hi');
  });

  it('answers 404 for unknown, non-numeric, non-communication and other-account ids', async () => {
    const person = await createPerson(c);
    const theirs = await createComm(other);
    for (const id of ['999999', 'abc', String(person), String(theirs)]) {
      const res = await c.get(`/service/communications/${id}.xml`);
      expect(res.statusCode, id).toBe(404);
      expect(xml(res).errors.error[0]).toMatch(/not found/);
    }
  });
});

describe('PUT /service/communications/:id', () => {
  it('changes the given fields and leaves omitted ones unchanged', async () => {
    const id = await createComm(c, '<subject>Before</subject><body>Keep me</body><ctype>email</ctype><date>2010-07-28</date>');
    const res = await c.put(`/service/communications/${id}.xml`, '<communication><subject>After</subject><ctype>Phone</ctype></communication>');
    expect(res.statusCode).toBe(200);
    const m = xml(res).communication;
    expect([m.subject, m.body, m.ctype, m.date]).toEqual(['After', 'Keep me', 'Phone', '2010-07-28 00:00:00 +0000']);
    expect(xml(await c.get(`/service/communications/${id}.xml`)).communication.subject).toBe('After');
  });

  it('ignores read-only fields and nested arrays echoed back by ActiveResource', async () => {
    const id = await createComm(c, '<subject>Echo</subject><body>Back</body><ctype>note</ctype>');
    await c.put(`/service/communications/${id}/add_tag.xml?tag=echoed`);
    await c.post(`/service/communications/${id}/comments.xml`, '<comment><comment>An echoed comment</comment></comment>');
    const shown = (await c.get(`/service/communications/${id}.xml`)).body;
    const dashed = shown
      .replace(/<(\/?)([a-z]+_[a-z_0-9]+)/g, (_m, slash: string, name: string) => `<${slash}${name.replace(/_/g, '-')}`)
      .replace('<subject>Echo</subject>', '<subject>Echoed</subject>');
    const res = await c.put(`/service/communications/${id}.xml`, dashed);
    expect(res.statusCode).toBe(200);
    const m = xml(res).communication;
    expect([m.id['#text'], m.subject, m.body, m.ctype]).toEqual([String(id), 'Echoed', 'Back', 'Note']);
    expect(m.tags.tag.map((t: { name: string }) => t.name)).toEqual(['echoed']);
    expect(m.mega_comments.mega_comment).toHaveLength(1);
  });

  it('accepts a PHP form body and a date in any input form', async () => {
    const id = await createComm(c);
    const res = await c.put(`/service/communications/${id}.xml`, 'communication[body]=Form&communication[date]=Jul+01+13%3A37%3A38+UTC+2010');
    expect(res.statusCode).toBe(200);
    const m = xml(res).communication;
    expect([m.body, m.date]).toEqual(['Form', '2010-07-01 13:37:38 +0000']);
  });

  it('attaches to a deal, and an empty deal_id detaches', async () => {
    const id = await createComm(c);
    const deal = await insertDeal(demoId);
    expect((await c.put(`/service/communications/${id}.xml`, `<communication><deal_id>${deal}</deal_id></communication>`)).statusCode).toBe(200);
    expect((await row(id))?.deal_id).toBe(deal);
    expect((await c.put(`/service/communications/${id}.xml`, '<communication><subject>x</subject></communication>')).statusCode).toBe(200);
    expect((await row(id))?.deal_id).toBe(deal);
    expect((await c.put(`/service/communications/${id}.xml`, 'communication[deal_id]=')).statusCode).toBe(200);
    expect((await row(id))?.deal_id).toBeNull();
  });

  it('keeps the date when an empty one is sent', async () => {
    const id = await createComm(c, '<ctype>email</ctype><date>2010-07-28</date>');
    const res = await c.put(`/service/communications/${id}.xml`, '<communication><date></date><subject>Dated</subject></communication>');
    expect(res.statusCode).toBe(200);
    expect(xml(res).communication.date).toBe('2010-07-28 00:00:00 +0000');
  });

  it("moves the updated_at of the deals it joins and leaves, so their attached_communications sync", async () => {
    const [first, second] = [await insertDeal(demoId), await insertDeal(demoId)];
    const old = '2010-01-01T00:00:00.000Z';
    const dealUpdatedAt = async (id: number) =>
      (await ctx.services.db.selectFrom('deals').select('updated_at').where('id', '=', id).executeTakeFirstOrThrow()).updated_at;
    const reset = () => ctx.services.db.updateTable('deals').set({ updated_at: old }).where('id', 'in', [first, second]).execute();
    await reset();
    const id = await createComm(c, `<ctype>email</ctype><deal_id>${first}</deal_id>`);
    expect([await dealUpdatedAt(first), await dealUpdatedAt(second)].map((t) => t > old)).toEqual([true, false]);
    await reset();
    await c.put(`/service/communications/${id}.xml`, `<communication><deal_id>${second}</deal_id></communication>`);
    expect([await dealUpdatedAt(first), await dealUpdatedAt(second)].map((t) => t > old)).toEqual([true, true]);
    await reset();
    await c.del(`/service/communications/${id}.xml`);
    expect([await dealUpdatedAt(first), await dealUpdatedAt(second)].map((t) => t > old)).toEqual([false, true]);
  });

  it('answers 422 for a blank or unknown ctype, a bad date or a bad deal, and changes nothing', async () => {
    const id = await createComm(c, '<subject>Stay</subject><ctype>email</ctype>');
    const before = await row(id);
    for (const body of [
      '<communication><subject>Changed</subject><ctype></ctype></communication>',
      '<communication><subject>Changed</subject><ctype>telegram</ctype></communication>',
      '<communication><subject>Changed</subject><date>31/31/2010</date></communication>',
      '<communication><subject>Changed</subject><deal_id>999999</deal_id></communication>',
    ]) {
      const res = await c.put(`/service/communications/${id}.xml`, body);
      expect(res.statusCode, body).toBe(422);
      expect(xml(res).errors.error).toHaveLength(1);
    }
    expect(await row(id)).toEqual(before);
  });

  it('answers 404 for an unknown or other-account id and changes nothing', async () => {
    const theirs = await createComm(other, '<subject>Theirs</subject><ctype>email</ctype>');
    expect((await c.put('/service/communications/999999.xml', '<communication><subject>x</subject></communication>')).statusCode).toBe(404);
    expect((await c.put(`/service/communications/${theirs}.xml`, '<communication><subject>Mine</subject></communication>')).statusCode).toBe(404);
    expect((await row(theirs))?.subject).toBe('Theirs');
  });
});

describe('DELETE /service/communications/:id', () => {
  it('answers 200 with an empty body, then 404; leaves a tombstone named by subject or ctype', async () => {
    const id = await createComm(c, '<subject>Bye</subject><ctype>email</ctype>');
    const noSubject = await createComm(c, '<ctype>phone</ctype>');
    const person = await createPerson(c, 'Part', 'Icipant');
    await c.put(`/service/communications/${id}/add_participant.xml?contact_id=${person}&role=to`);
    for (const target of [id, noSubject]) {
      const res = await c.del(`/service/communications/${target}.xml`);
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe('');
      expect((await c.get(`/service/communications/${target}.xml`)).statusCode).toBe(404);
    }
    const db = ctx.services.db;
    const stones = await db.selectFrom('tombstones').selectAll().where('id', 'in', [id, noSubject]).orderBy('id').execute();
    expect(stones.map((s) => [s.record_type, s.display_name])).toEqual([['communication', 'Bye'], ['communication', 'Phone']]);
    expect(await db.selectFrom('record_contacts').selectAll().where('record_id', '=', id).execute()).toEqual([]);
    expect((await c.get(`/service/people/${person}/communications.xml`)).statusCode).toBe(200);
  });

  it('answers 404 for another account\'s communication and keeps it', async () => {
    const theirs = await createComm(other);
    expect((await c.del(`/service/communications/${theirs}.xml`)).statusCode).toBe(404);
    expect((await other.get(`/service/communications/${theirs}.xml`)).statusCode).toBe(200);
  });
});

describe('tags and comments on communications', () => {
  it('adds and removes tags through the shared routes; they embed in the document', async () => {
    const id = await createComm(c);
    expect((await c.put(`/service/communications/${id}/add_tag.xml?tags[]=followup&tags[]=vip`)).statusCode).toBe(200);
    let m = xml(await c.get(`/service/communications/${id}.xml`)).communication;
    expect(m.tags['@type']).toBe('array');
    expect(m.tags.tag.map((t: { name: string }) => t.name)).toEqual(['followup', 'vip']);
    expect(m.tags.tag[0].supertag).toEqual({ '#text': 'false', '@type': 'boolean' });
    expect((await c.del(`/service/communications/${id}/remove_tag.xml?tag=vip`)).statusCode).toBe(200);
    m = xml(await c.get(`/service/communications/${id}.xml`)).communication;
    expect(m.tags.tag.map((t: { name: string }) => t.name)).toEqual(['followup']);
  });

  it('adds comments nested and flat; they embed as mega_comments', async () => {
    const id = await createComm(c);
    const nested = await c.post(`/service/communications/${id}/comments.xml`, '<comment><comment>First</comment></comment>');
    expect(nested.statusCode).toBe(201);
    expect(nested.headers.location).toMatch(/\/service\/comments\/\d+\.xml$/);
    expect((await c.post(`/service/comments.xml?communication_id=${id}`, 'comment=Second')).statusCode).toBe(201);
    const m = xml(await c.get(`/service/communications/${id}.xml`)).communication;
    const comments = m.mega_comments.mega_comment;
    expect(comments.map((x: { comment: string }) => x.comment)).toEqual(['First', 'Second']);
    expect(comments[0].record_id['#text']).toBe(String(id));
    expect(comments[0].created_at['@type']).toBe('datetime');
  });
});

describe('GET /service/communications (list)', () => {
  let s: Client;
  let fresh: App;
  let created: number[];
  let ann: number;
  let acme: number;
  let bob: number;

  beforeAll(async () => {
    fresh = await makeApp();
    s = new Client(fresh.app);
    ann = await createPerson(s, 'Ann', 'Lee');
    bob = await createPerson(s, 'Bob', 'Smith');
    acme = await createCompany(s, 'Acme');
    created = [];
    const kinds = ['email', 'note', 'phone', 'chat'];
    for (let i = 0; i < 24; i++) created.push(await createComm(s, `<subject>M${i}</subject><ctype>${kinds[i % 4]}</ctype>`));
    // Ann takes part in the first eight (as to or from), Acme in the first two (cc), Bob in none.
    for (let i = 0; i < 8; i++) await s.put(`/service/communications/${created[i]}/add_participant.xml?contact_id=${ann}&role=${i % 2 ? 'from' : 'to'}`);
    for (let i = 0; i < 2; i++) await s.put(`/service/communications/${created[i]}/add_participant.xml`, `contact_id=${acme}&role=cc`);
    // Known timestamps for the time filters: M0..M5 created in 2010, updated in 2011.
    for (let i = 0; i < 6; i++) {
      await fresh.services.db
        .updateTable('communications')
        .set({ created_at: `2010-0${i + 1}-01T12:00:00.000Z`, updated_at: `2011-0${i + 1}-01T12:00:00.000Z` })
        .where('id', '=', created[i] as number)
        .execute();
    }
  });
  afterAll(async () => fresh.app.close());

  it('pages by offset and limit with a default of 10, ascending id', async () => {
    expect(ids(await s.get('/service/communications.xml'), 'communications')).toEqual(created.slice(0, 10));
    expect(ids(await s.get('/service/communications.xml?offset=20&limit=10'), 'communications')).toEqual(created.slice(20));
    expect(ids(await s.get('/service/communications.xml?offset=5&limit=3'), 'communications')).toEqual(created.slice(5, 8));
  });

  it('answers an empty array, not 404, past the end', async () => {
    const res = await s.get('/service/communications.xml?offset=1000');
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<communications type="array"></communications>\n');
  });

  it('honours limit=1000000 (a small answer is sent whole; large ones stream, see people.test.ts)', async () => {
    const res = await s.get('/service/communications.xml?limit=1000000');
    expect(ids(res, 'communications')).toEqual(created);
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength(res.body)));
  });

  it('filters by ctype, case-insensitively; an unknown ctype is 422', async () => {
    expect(ids(await s.get('/service/communications.xml?ctype=PHONE&limit=100'), 'communications')).toEqual(created.filter((_, i) => i % 4 === 2));
    const notes = items(await s.get('/service/communications.xml?ctype=note&limit=100'), 'communications');
    expect(notes.every((n: { ctype: string }) => n.ctype === 'Note')).toBe(true);
    expect(notes).toHaveLength(6);
    const bad = await s.get('/service/communications.xml?ctype=fax');
    expect(bad.statusCode).toBe(422);
    expect(xml(bad).errors.error[0]).toMatch(/ctype/);
  });

  it('filters by contact under every alias, any role', async () => {
    for (const key of ['contact_id', 'contactId', 'person_id']) {
      expect(ids(await s.get(`/service/communications.xml?${key}=${ann}`), 'communications'), key).toEqual(created.slice(0, 8));
    }
    expect(ids(await s.get(`/service/communications.xml?company_id=${acme}`), 'communications')).toEqual(created.slice(0, 2));
    expect(ids(await s.get(`/service/communications.xml?contact_id=${bob}`), 'communications')).toEqual([]);
  });

  it('answers 404 for an unknown, non-contact or other-account contact', async () => {
    const otherAccount = await fresh.services.accounts.createAccount('other', { email: 'o@o.com', name: 'O' });
    const theirs = await createPerson(new Client(fresh.app, otherAccount.token), 'Their', 'Person');
    for (const v of ['999999', 'abc', String(created[0]), String(theirs)]) {
      expect((await s.get(`/service/communications.xml?contact_id=${v}`)).statusCode, v).toBe(404);
    }
  });

  it('combines ctype, contact and paging', async () => {
    // Ann's eight cycle through email, note, phone, chat twice.
    expect(ids(await s.get(`/service/communications.xml?contact_id=${ann}&ctype=email`), 'communications')).toEqual([created[0], created[4]]);
    expect(ids(await s.get(`/service/communications.xml?person_id=${ann}&ctype=note&offset=1&limit=5`), 'communications')).toEqual([created[5]]);
    expect(ids(await s.get(`/service/communications.xml?contactId=${ann}&offset=6`), 'communications')).toEqual(created.slice(6, 8));
  });

  it('filters by created and updated windows in every date input form', async () => {
    const q = async (query: string) => ids(await s.get(`/service/communications.xml?limit=100&${query}`), 'communications');
    expect(await q('created_before=2010-03-01')).toEqual(created.slice(0, 2));
    expect(await q(`created_since=${encodeURIComponent('2010-03-01 12:00:00 +0000')}&created_before=2010-05-01`)).toEqual(created.slice(2, 4));
    expect(await q(`updated_before=${encodeURIComponent('Thu Jan 01 00:00:00 UTC 2015')}`)).toEqual(created.slice(0, 6));
    expect(await q(`updated_since=${encodeURIComponent('Jun 01 12:00:00 UTC 2011')}&updated_before=2012-01-01T00:00:00Z`)).toEqual([created[5]]);
    const recent = await q('created_since=2015-01-01');
    expect(recent).toEqual(created.slice(6));
    expect(await q(`updated_since=2999-01-01`)).toEqual([]);
    expect(await q(`created_before=2010-12-31&contact_id=${ann}&ctype=phone`)).toEqual([created[2]]);
  });

  it('answers 422 for an unparseable date filter', async () => {
    for (const key of ['updated_since', 'updated_before', 'created_since', 'created_before']) {
      const res = await s.get(`/service/communications.xml?${key}=yesterday-ish`);
      expect(res.statusCode, key).toBe(422);
      expect(xml(res).errors.error[0]).toContain(key);
    }
  });

  it('answers 422 for a non-numeric offset or limit', async () => {
    expect((await s.get('/service/communications.xml?offset=abc')).statusCode).toBe(422);
    expect((await s.get('/service/communications.xml?limit=-1')).statusCode).toBe(422);
  });

  it('lists a person\'s and a company\'s communications by path, with filters and paging', async () => {
    expect(ids(await s.get(`/service/people/${ann}/communications.xml`), 'communications')).toEqual(created.slice(0, 8));
    expect(ids(await s.get(`/service/people/${ann}/communications.xml?ctype=chat&limit=1`), 'communications')).toEqual([created[3]]);
    expect(ids(await s.get(`/service/companies/${acme}/communications.xml`), 'communications')).toEqual(created.slice(0, 2));
    const empty = await s.get(`/service/people/${bob}/communications.xml`);
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('<communications type="array"></communications>');
  });

  it('answers 404 on the contact paths for unknown ids and the wrong record type', async () => {
    for (const url of [
      '/service/people/999999/communications.xml',
      `/service/people/${acme}/communications.xml`,
      `/service/companies/${ann}/communications.xml`,
      `/service/people/${created[0]}/communications.xml`,
    ]) {
      expect((await s.get(url)).statusCode, url).toBe(404);
    }
  });

  it('streams past one batch with filters and an offset (keyset continuation)', async () => {
    const big = await makeApp();
    try {
      const accountId = (await big.services.accounts.requireAccount('demo')).id;
      const db = big.services.db;
      const now = new Date().toISOString();
      const made: number[] = [];
      for (let i = 0; i < 1203; i++) {
        const id = await allocateId(db, accountId, 'communication');
        const ctype = i % 3 === 0 ? 'note' : 'email';
        await db.insertInto('communications').values({ id, account_id: accountId, subject: `B${i}`, body: null, date: now, ctype, deal_id: null, created_at: now, updated_at: now }).execute();
        made.push(id);
      }
      const b = new Client(big.app);
      expect(ids(await b.get('/service/communications.xml?limit=1000000'), 'communications')).toEqual(made);
      const notes = made.filter((_, i) => i % 3 === 0);
      expect(ids(await b.get('/service/communications.xml?limit=1000000&ctype=note&offset=7'), 'communications')).toEqual(notes.slice(7));
      expect(ids(await b.get('/service/communications.xml?limit=1001&offset=100'), 'communications')).toEqual(made.slice(100, 1101));
    } finally {
      await big.app.close();
    }
  });

  it('answers JSON arrays on .json', async () => {
    const res = await s.get(`/service/people/${ann}/communications.json?limit=2`);
    expect(res.statusCode).toBe(200);
    const list = JSON.parse(res.body) as { communication: { id: number; subject: string } }[];
    expect(list.map((x) => x.communication.subject)).toEqual(['M0', 'M1']);
  });
});
