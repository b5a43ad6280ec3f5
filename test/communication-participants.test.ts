// A communication's participants (spec §10 custom methods, shapes from the .NET client): list
// with role filter, add in every argument encoding, remove by one role or all, activities, and
// 404s for unknown and other-account ids.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { Client, createCompany, createPerson, idFromLocation, items, makeApp, xml } from './helpers.js';

let ctx: App;
let c: Client;
let other: Client;
let ann: number;
let acme: number;

beforeAll(async () => {
  ctx = await makeApp();
  c = new Client(ctx.app);
  other = new Client(ctx.app, (await ctx.services.accounts.createAccount('other', { email: 'o@o.com', name: 'O' })).token);
  ann = await createPerson(c, 'Ann', 'Lee');
  acme = await createCompany(c, 'Acme Corp');
});
afterAll(async () => ctx.app.close());

async function createComm(client: Client, subject = 'Hello'): Promise<number> {
  const res = await client.post('/service/communications.xml', `<communication><subject>${subject}</subject><ctype>email</ctype></communication>`);
  if (res.statusCode !== 201) throw new Error(`create communication: ${res.statusCode} ${res.body}`);
  return idFromLocation(res);
}

interface Participant {
  name: string;
  contact_id: { '#text': string; '@type': string };
  role: string;
}

/** [contact id, role, name] of each participant, in document order. */
async function participants(id: number, query = ''): Promise<[number, string, string][]> {
  const res = await c.get(`/service/communications/${id}/participants.xml${query}`);
  expect(res.statusCode).toBe(200);
  return items(res, 'participants').map((p: Participant) => [Number(p.contact_id['#text']), p.role, p.name]);
}

async function activities(recordId: number): Promise<[string, string][]> {
  const rows = await ctx.services.db.selectFrom('activities').select(['name', 'description']).where('record_id', '=', recordId).orderBy('id').execute();
  return rows.map((r) => [r.name, r.description]);
}

describe('GET /service/communications/:id/participants', () => {
  it('answers an empty typed array for a communication without participants', async () => {
    const res = await c.get(`/service/communications/${await createComm(c)}/participants.xml`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<participants type="array"></participants>\n');
  });

  it('lists one element per contact and role with the display name; filters by role in any case', async () => {
    const id = await createComm(c);
    await c.put(`/service/communications/${id}/add_participant.xml?contact_id=${ann}&role=to`);
    await c.put(`/service/communications/${id}/add_participant.xml?contact_id=${acme}&role=from`);
    await c.put(`/service/communications/${id}/add_participant.xml?contact_id=${ann}&role=cc`);
    // message-header order: from, to, cc, bcc
    expect(await participants(id)).toEqual([
      [acme, 'from', 'Acme Corp'],
      [ann, 'to', 'Ann Lee'],
      [ann, 'cc', 'Ann Lee'],
    ]);
    expect(await participants(id, '?role=CC')).toEqual([[ann, 'cc', 'Ann Lee']]);
    expect(await participants(id, '?role=from')).toEqual([[acme, 'from', 'Acme Corp']]);
    expect(await participants(id, '?role=bcc')).toEqual([]);
    expect(await participants(id, '?role=')).toHaveLength(3);
    const res = await c.get(`/service/communications/${id}/participants.xml`);
    expect(res.body).toContain(`<participant>\n    <name>Ann Lee</name>\n    <contact_id type="integer">${ann}</contact_id>\n    <role>to</role>\n  </participant>`);
  });

  it('lists the contacts of one role in the order they were added', async () => {
    const id = await createComm(c);
    await c.put(`/service/communications/${id}/add_participant.xml?contact_id=${ann}&role=to`);
    await c.put(`/service/communications/${id}/add_participant.xml?contact_id=${acme}&role=to`);
    // Two requests may share a millisecond: pin the link times to make "added first" certain.
    const db = ctx.services.db;
    await db.updateTable('record_contacts').set({ created_at: '2010-01-02T00:00:00.000Z' }).where('record_id', '=', id).where('contact_id', '=', ann).execute();
    await db.updateTable('record_contacts').set({ created_at: '2010-01-01T00:00:00.000Z' }).where('record_id', '=', id).where('contact_id', '=', acme).execute();
    expect(await participants(id)).toEqual([
      [acme, 'to', 'Acme Corp'],
      [ann, 'to', 'Ann Lee'],
    ]);
  });

  it('answers 422 for an unknown role filter', async () => {
    const res = await c.get(`/service/communications/${await createComm(c)}/participants.xml?role=boss`);
    expect(res.statusCode).toBe(422);
    expect(xml(res).errors.error[0]).toMatch(/^Role is not included in the list/);
  });

  it('answers 404 for unknown, non-communication and other-account ids', async () => {
    const theirs = await createComm(other);
    for (const id of ['999999', 'abc', String(ann), String(theirs)]) {
      expect((await c.get(`/service/communications/${id}/participants.xml`)).statusCode, id).toBe(404);
    }
  });

  it('answers JSON on .json', async () => {
    const id = await createComm(c);
    await c.put(`/service/communications/${id}/add_participant.xml?contact_id=${ann}&role=to`);
    const res = await c.get(`/service/communications/${id}/participants.json`);
    expect(JSON.parse(res.body)).toEqual([{ participant: { name: 'Ann Lee', contact_id: ann, role: 'to' } }]);
  });
});

describe('PUT /service/communications/:id/add_participant', () => {
  it('takes contact_id and role from the query with no body (.NET) and answers 200 with an empty body', async () => {
    const id = await createComm(c);
    const res = await c.put(`/service/communications/${id}/add_participant.xml?contact_id=${ann}&role=from`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    expect(await participants(id)).toEqual([[ann, 'from', 'Ann Lee']]);
  });

  it('takes them from a PHP form body', async () => {
    const id = await createComm(c);
    expect((await c.put(`/service/communications/${id}/add_participant.xml`, `contact_id=${acme}&role=cc`)).statusCode).toBe(200);
    expect(await participants(id)).toEqual([[acme, 'cc', 'Acme Corp']]);
  });

  it('takes them from XML: <participant>, dashed names, and a bare <contact_id> root', async () => {
    const id = await createComm(c);
    const bodies = [
      `<participant><contact_id>${ann}</contact_id><role>to</role></participant>`,
      `<?xml version="1.0" encoding="UTF-8"?><participant><contact-id type="integer">${acme}</contact-id><role>BCC</role></participant>`,
      `<contact_id>${acme}</contact_id>`,
    ];
    for (const body of bodies) expect((await c.put(`/service/communications/${id}/add_participant.xml`, body)).statusCode, body).toBe(200);
    // the bare root carries no role, so it is the default `to`
    expect(await participants(id)).toEqual([
      [ann, 'to', 'Ann Lee'],
      [acme, 'to', 'Acme Corp'],
      [acme, 'bcc', 'Acme Corp'],
    ]);
  });

  it('takes the contact from XML and the role from the query', async () => {
    const id = await createComm(c);
    expect((await c.put(`/service/communications/${id}/add_participant.xml?role=cc`, `<contact_id>${ann}</contact_id>`)).statusCode).toBe(200);
    expect(await participants(id)).toEqual([[ann, 'cc', 'Ann Lee']]);
  });

  it('takes them from JSON and accepts contactId', async () => {
    const id = await createComm(c);
    expect((await c.put(`/service/communications/${id}/add_participant.json`, { participant: { contact_id: ann, role: 'From' } })).statusCode).toBe(200);
    expect((await c.put(`/service/communications/${id}/add_participant.xml?contactId=${acme}&role=to`)).statusCode).toBe(200);
    expect(await participants(id)).toEqual([
      [ann, 'from', 'Ann Lee'],
      [acme, 'to', 'Acme Corp'],
    ]);
  });

  it('is idempotent, and logs "Participant added" once', async () => {
    const id = await createComm(c, 'Idem');
    for (let i = 0; i < 3; i++) expect((await c.put(`/service/communications/${id}/add_participant.xml?contact_id=${ann}&role=TO`)).statusCode).toBe(200);
    expect(await participants(id)).toEqual([[ann, 'to', 'Ann Lee']]);
    expect((await activities(id)).filter(([name]) => name === 'Participant added')).toEqual([['Participant added', 'Idem: Ann Lee (to)']]);
  });

  it('moves the communication\'s updated_at', async () => {
    const id = await createComm(c);
    await ctx.services.db.updateTable('communications').set({ updated_at: '2010-01-01T00:00:00.000Z' }).where('id', '=', id).execute();
    await c.put(`/service/communications/${id}/add_participant.xml?contact_id=${ann}`);
    expect(xml(await c.get(`/service/communications/${id}.xml`)).communication.updated_at).not.toBe('Fri Jan 01 00:00:00 UTC 2010');
  });

  it('answers 422 for an unknown role or a missing contact, and adds nothing', async () => {
    const id = await createComm(c);
    const bad = await c.put(`/service/communications/${id}/add_participant.xml?contact_id=${ann}&role=boss`);
    expect(bad.statusCode).toBe(422);
    expect(xml(bad).errors.error[0]).toMatch(/^Role is not included in the list/);
    const missing = await c.put(`/service/communications/${id}/add_participant.xml?role=to`);
    expect(missing.statusCode).toBe(422);
    expect(xml(missing).errors.error).toEqual(["Contact can't be blank"]);
    expect(await participants(id)).toEqual([]);
  });

  it('answers 404 for an unknown, non-contact or other-account contact, and adds nothing', async () => {
    const id = await createComm(c);
    const theirPerson = await createPerson(other, 'Their', 'Person');
    const anotherComm = await createComm(c);
    for (const contact of ['999999', 'abc', String(anotherComm), String(theirPerson)]) {
      const res = await c.put(`/service/communications/${id}/add_participant.xml?contact_id=${contact}&role=to`);
      expect(res.statusCode, contact).toBe(404);
      expect(xml(res).errors.error[0]).toMatch(/not found/);
    }
    expect(await participants(id)).toEqual([]);
  });

  it('answers 404 for another account\'s communication and writes nothing there', async () => {
    const theirs = await createComm(other);
    const theirPerson = await createPerson(other, 'Their', 'Contact');
    expect((await c.put(`/service/communications/${theirs}/add_participant.xml?contact_id=${ann}&role=to`)).statusCode).toBe(404);
    expect((await c.put(`/service/communications/${theirs}/add_participant.xml?contact_id=${theirPerson}&role=to`)).statusCode).toBe(404);
    expect(items(await other.get(`/service/communications/${theirs}/participants.xml`), 'participants')).toEqual([]);
  });
});

describe('DELETE /service/communications/:id/remove_participant', () => {
  async function withAnnEverywhere(): Promise<number> {
    const id = await createComm(c, 'Removal');
    for (const role of ['to', 'cc', 'bcc']) await c.put(`/service/communications/${id}/add_participant.xml?contact_id=${ann}&role=${role}`);
    await c.put(`/service/communications/${id}/add_participant.xml?contact_id=${acme}&role=to`);
    return id;
  }

  it('removes one role of a contact with contactId and role in the query (.NET)', async () => {
    const id = await withAnnEverywhere();
    const res = await c.del(`/service/communications/${id}/remove_participant.xml?contactId=${ann}&role=CC`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    expect(await participants(id)).toEqual([
      [ann, 'to', 'Ann Lee'],
      [acme, 'to', 'Acme Corp'],
      [ann, 'bcc', 'Ann Lee'],
    ]);
  });

  it('removes every role of the contact when no role is given', async () => {
    const id = await withAnnEverywhere();
    expect((await c.del(`/service/communications/${id}/remove_participant.xml?contact_id=${ann}`)).statusCode).toBe(200);
    expect(await participants(id)).toEqual([[acme, 'to', 'Acme Corp']]);
    expect((await activities(id)).filter(([name]) => name === 'Participant removed')).toEqual([['Participant removed', 'Removal: Ann Lee']]);
  });

  it('takes the arguments from a form body or an XML body', async () => {
    const id = await withAnnEverywhere();
    expect((await c.del(`/service/communications/${id}/remove_participant.xml`, `contact_id=${ann}&role=to`)).statusCode).toBe(200);
    expect(
      (await c.del(`/service/communications/${id}/remove_participant.xml`, `<participant><contact-id>${ann}</contact-id><role>bcc</role></participant>`)).statusCode,
    ).toBe(200);
    expect((await c.del(`/service/communications/${id}/remove_participant.xml`, `<contact_id>${acme}</contact_id>`)).statusCode).toBe(200);
    expect(await participants(id, '?role=cc')).toEqual([[ann, 'cc', 'Ann Lee']]);
    expect(await participants(id)).toHaveLength(1);
  });

  it('answers 200 and logs nothing when the contact is not a participant', async () => {
    const id = await createComm(c);
    expect((await c.del(`/service/communications/${id}/remove_participant.xml?contact_id=${ann}`)).statusCode).toBe(200);
    expect((await activities(id)).map(([name]) => name)).toEqual(['Communication created']);
  });

  it('answers 422 for an unknown role and removes nothing', async () => {
    const id = await withAnnEverywhere();
    expect((await c.del(`/service/communications/${id}/remove_participant.xml?contact_id=${ann}&role=boss`)).statusCode).toBe(422);
    expect(await participants(id)).toHaveLength(4);
  });

  it('answers 404 for unknown communications or contacts and for another account\'s', async () => {
    const id = await withAnnEverywhere();
    const theirs = await createComm(other);
    const theirPerson = await createPerson(other, 'Their', 'Person');
    await other.put(`/service/communications/${theirs}/add_participant.xml?contact_id=${theirPerson}&role=to`);
    for (const url of [
      `/service/communications/999999/remove_participant.xml?contact_id=${ann}`,
      `/service/communications/${theirs}/remove_participant.xml?contact_id=${theirPerson}`,
      `/service/communications/${id}/remove_participant.xml?contact_id=999999`,
      `/service/communications/${id}/remove_participant.xml?contact_id=${theirPerson}`,
    ]) {
      expect((await c.del(url)).statusCode, url).toBe(404);
    }
    expect(await participants(id)).toHaveLength(4);
    expect(items(await other.get(`/service/communications/${theirs}/participants.xml`), 'participants')).toHaveLength(1);
  });

  it('drops a deleted contact from every communication it took part in', async () => {
    const id = await createComm(c);
    const gone = await createPerson(c, 'Soon', 'Gone');
    await c.put(`/service/communications/${id}/add_participant.xml?contact_id=${gone}&role=from`);
    expect((await c.del(`/service/people/${gone}.xml`)).statusCode).toBe(200);
    expect(await participants(id)).toEqual([]);
  });
});
