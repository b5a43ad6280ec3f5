// Recent activity (spec §16): every write leaves an activity (name, description, record type
// and id, user, date), listed newest first, 10 per page.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { Client, createCompany, createPerson, items, makeApp, xml } from './helpers.js';
import { insertDeal, insertTodo } from './record-rows.js';

let ctx: App;
let c: Client;
let other: Client;
let accountId: number;
let ownerId: number;

beforeAll(async () => {
  ctx = await makeApp();
  c = new Client(ctx.app);
  other = new Client(ctx.app, (await ctx.services.accounts.createAccount('other', { email: 'o@o.com', name: 'Olga Other' })).token);
  accountId = (await ctx.services.accounts.requireAccount('demo')).id;
  ownerId = (await ctx.services.accounts.findUser(accountId, 'owner@demo.example'))!.id;
});
afterAll(async () => ctx.app.close());

interface Activity {
  name: string;
  description: string;
  record_type: string;
  record_id: number | null;
  user_name: string;
  user_id: number;
}

function activities(res: LightMyRequestResponse): Activity[] {
  expect(res.statusCode).toBe(200);
  return items(res, 'activities').map((a) => ({
    name: a.name,
    description: a.description,
    record_type: a.record_type,
    record_id: a.record_id['#text'] === undefined ? null : Number(a.record_id['#text']),
    user_name: a.user_name,
    user_id: Number(a.user_id['#text']),
  }));
}

/** The newest `n` activities of the demo account, newest first. */
async function latest(n = 1, client = c): Promise<Activity[]> {
  return activities(await client.get('/service/activities/recent.xml')).slice(0, n);
}

const by = (name: string, description: string, record_type: string, record_id: number): Activity => ({
  name,
  description,
  record_type,
  record_id,
  user_name: 'Owner',
  user_id: ownerId,
});

function ok(res: LightMyRequestResponse): LightMyRequestResponse {
  if (res.statusCode >= 300) throw new Error(`step: ${res.statusCode} ${res.body}`);
  return res;
}

describe('GET /service/activities/recent', () => {
  it('answers the documented element order, typed ids and an offset date', async () => {
    const id = await createPerson(c, 'Matt', 'Gillooly');
    const res = await c.get('/service/activities/recent.xml');
    expect(res.body).toContain('<activities type="array">');
    const names = [...res.body.matchAll(/^ {4}<([a-z_]+)[ >]/gm)].slice(0, 7).map((m) => m[1]);
    expect(names).toEqual(['name', 'description', 'record_type', 'record_id', 'user_name', 'user_id', 'date']);
    const a = xml(res).activities.activity[0];
    expect(a.record_id).toEqual({ '#text': String(id), '@type': 'integer' });
    expect(a.user_id['@type']).toBe('integer');
    expect(a.date).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+0000$/);
    expect(Math.abs(Date.parse(a.date.replace(' ', 'T').replace(' +0000', 'Z')) - Date.now())).toBeLessThan(60_000);
  });

  it('answers JSON on .json', async () => {
    const id = await createCompany(c, 'Json Activity Co');
    const [first] = JSON.parse((await c.get('/service/activities/recent.json')).body);
    expect(first.activity).toMatchObject({ name: 'Company created', description: 'Json Activity Co', record_type: 'Company', record_id: id, user_name: 'Owner', user_id: ownerId });
  });
});

describe('activities of people', () => {
  it('logs create, update and delete', async () => {
    const id = await createPerson(c, 'Pat', 'Person');
    expect(await latest()).toEqual([by('Person created', 'Pat Person', 'Individual', id)]);
    ok(await c.put(`/service/people/${id}.xml`, '<person><last_name>Renamed</last_name></person>'));
    expect(await latest()).toEqual([by('Person updated', 'Pat Renamed', 'Individual', id)]);
    ok(await c.del(`/service/people/${id}.xml`));
    expect(await latest()).toEqual([by('Person deleted', 'Pat Renamed', 'Individual', id)]);
  });

  it('logs the company created on the fly before the person naming it', async () => {
    const res = ok(await c.post('/service/people.xml', '<person><first_name>Fly</first_name><company>Fly By Night</company></person>'));
    const p = xml(res).person;
    expect(await latest(2)).toEqual([
      by('Person created', 'Fly', 'Individual', Number(p.id['#text'])),
      by('Company created', 'Fly By Night', 'Company', Number(p.company_id['#text'])),
    ]);
  });

  it('logs tag add and remove with the tag names', async () => {
    const id = await createPerson(c, 'Tag', 'Target');
    ok(await c.put(`/service/people/${id}/add_tag.xml?tags[]=vip&tags[]=lead`));
    expect(await latest()).toEqual([by('Tag added', 'Tag Target: vip, lead', 'Individual', id)]);
    ok(await c.del(`/service/people/${id}/remove_tag.xml?tag=vip`));
    expect(await latest()).toEqual([by('Tag removed', 'Tag Target: vip', 'Individual', id)]);
  });

  it('logs a comment with its text', async () => {
    const id = await createPerson(c, 'Com', 'Mented');
    ok(await c.post(`/service/people/${id}/comments.xml`, '<comment><comment>Called about the renewal</comment></comment>'));
    expect(await latest()).toEqual([by('Comment added', 'Com Mented: Called about the renewal', 'Individual', id)]);
  });

  it('logs location add, change and removal as updates of the person', async () => {
    const id = await createPerson(c, 'Loc', 'Ation');
    ok(await c.post(`/service/people/${id}/locations.xml`, 'location[label]=work&location[city]=Providence'));
    expect(await latest()).toEqual([by('Person updated', 'Loc Ation', 'Individual', id)]);
    ok(await c.put(`/service/people/${id}/locations/work.xml`, '<location><city>Boston</city></location>'));
    ok(await c.del(`/service/people/${id}/locations/work.xml`));
    expect(await latest(2)).toEqual([by('Person updated', 'Loc Ation', 'Individual', id), by('Person updated', 'Loc Ation', 'Individual', id)]);
  });
});

describe('activities of companies', () => {
  it('logs create, update, tags, comments, locations and delete', async () => {
    const id = await createCompany(c, 'Acme Activity');
    expect(await latest()).toEqual([by('Company created', 'Acme Activity', 'Company', id)]);
    ok(await c.put(`/service/companies/${id}.xml`, '<company><name>Acme Renamed</name></company>'));
    expect(await latest()).toEqual([by('Company updated', 'Acme Renamed', 'Company', id)]);
    ok(await c.put(`/service/companies/${id}/add_tag.xml`, 'tag=partner'));
    expect(await latest()).toEqual([by('Tag added', 'Acme Renamed: partner', 'Company', id)]);
    ok(await c.del(`/service/companies/${id}/remove_tag.xml`, '<tag>partner</tag>'));
    expect(await latest()).toEqual([by('Tag removed', 'Acme Renamed: partner', 'Company', id)]);
    ok(await c.post(`/service/companies/${id}/comments.xml`, 'comment=Good+prospect'));
    expect(await latest()).toEqual([by('Comment added', 'Acme Renamed: Good prospect', 'Company', id)]);
    ok(await c.post(`/service/companies/${id}/locations.xml`, '<location><label>main</label><phone>555</phone></location>'));
    expect(await latest()).toEqual([by('Company updated', 'Acme Renamed', 'Company', id)]);
    ok(await c.del(`/service/companies/${id}.xml`));
    expect(await latest()).toEqual([by('Company deleted', 'Acme Renamed', 'Company', id)]);
  });
});

describe('activities of deals and to-dos', () => {
  it('logs related contacts added to and removed from a deal and a to-do', async () => {
    const deal = await insertDeal(ctx.services.db, accountId, 'Big Deal');
    const todo = await insertTodo(ctx.services.db, accountId, 'Follow up');
    const p = await createPerson(c, 'Rel', 'Ated');
    ok(await c.put(`/service/deals/${deal}/add_related_contact.xml?contact_id=${p}`));
    expect(await latest()).toEqual([by('Related contact added', 'Big Deal: Rel Ated', 'Deal', deal)]);
    ok(await c.del(`/service/deals/${deal}/remove_related_contact.xml`, `contact_id=${p}`));
    expect(await latest()).toEqual([by('Related contact removed', 'Big Deal: Rel Ated', 'Deal', deal)]);
    ok(await c.put(`/service/todos/${todo}/add_related_contact.xml`, `<contact_id>${p}</contact_id>`));
    expect(await latest()).toEqual([by('Related contact added', 'Follow up: Rel Ated', 'To-Do', todo)]);
  });
});

describe('who and whose', () => {
  it('names the user who made the change', async () => {
    const issued = await ctx.services.accounts.addUser('demo', { email: 'eric@demo.example', name: 'Eric Krause', role: 'advanced' });
    const eric = new Client(ctx.app, issued.token);
    const id = await createPerson(eric, 'By', 'Eric');
    const [a] = await latest(1, eric);
    expect(a).toEqual({ ...by('Person created', 'By Eric', 'Individual', id), user_name: 'Eric Krause', user_id: issued.user.id });
    // Every user of the account sees it.
    expect(await latest()).toEqual([a]);
  });

  it('never shows another account’s activities', async () => {
    const mine = await createPerson(c, 'Mine', 'Only');
    const theirs = await createPerson(other, 'Theirs', 'Only');
    const seenByMe = activities(await c.get('/service/activities/recent.xml'));
    expect(seenByMe.map((a) => a.record_id)).not.toContain(theirs);
    const seenByThem = activities(await other.get('/service/activities/recent.xml'));
    expect(seenByThem).toEqual([{ name: 'Person created', description: 'Theirs Only', record_type: 'Individual', record_id: theirs, user_name: 'Olga Other', user_id: seenByThem[0]!.user_id }]);
    expect(seenByThem.map((a) => a.record_id)).not.toContain(mine);
  });
});

describe('paging', () => {
  it('answers 10 per page, newest first, and an empty typed array past the end', async () => {
    const fresh = await makeApp();
    try {
      const f = new Client(fresh.app);
      const made: number[] = [];
      for (let i = 0; i < 23; i++) made.push(await createCompany(f, `Paged ${i}`));
      const newestFirst = [...made].reverse();
      const page = async (q: string) => activities(await f.get(`/service/activities/recent.xml${q}`)).map((a) => a.record_id);
      expect(await page('')).toEqual(newestFirst.slice(0, 10));
      expect(await page('?page=1')).toEqual(newestFirst.slice(0, 10));
      expect(await page('?page=2')).toEqual(newestFirst.slice(10, 20));
      expect(await page('?page=3')).toEqual(newestFirst.slice(20));
      const past = await f.get('/service/activities/recent.xml?page=4');
      expect(past.statusCode).toBe(200);
      expect(past.body).toContain('<activities type="array"></activities>');
      expect((await f.get('/service/activities/recent.xml?page=x')).statusCode).toBe(422);
    } finally {
      await fresh.app.close();
    }
  });
});

describe('activities of deals, to-dos and communications written over HTTP', () => {
  const created = async (url: string, body: string): Promise<number> => {
    const res = ok(await c.post(url, body));
    return Number(/\/(\d+)\.xml$/.exec(String(res.headers.location))![1]);
  };

  it('logs their create, update and delete', async () => {
    const deal = await created('/service/deals.xml', '<deal><title>Activity Deal</title></deal>');
    expect(await latest()).toEqual([by('Deal created', 'Activity Deal', 'Deal', deal)]);
    ok(await c.put(`/service/deals/${deal}.xml`, '<deal><description>more</description></deal>'));
    expect(await latest()).toEqual([by('Deal updated', 'Activity Deal', 'Deal', deal)]);
    const todo = await created('/service/todos.xml', '<todo><title>Activity To-Do</title></todo>');
    expect(await latest()).toEqual([by('To-Do created', 'Activity To-Do', 'To-Do', todo)]);
    const comm = await created('/service/communications.xml', '<communication><subject>Activity mail</subject><ctype>email</ctype></communication>');
    expect(await latest()).toEqual([by('Communication created', 'Activity mail', 'Communication', comm)]);
    ok(await c.del(`/service/todos/${todo}.xml`));
    expect(await latest()).toEqual([by('To-Do deleted', 'Activity To-Do', 'To-Do', todo)]);
  });

  it('logs communication participants added and removed', async () => {
    const comm = await created('/service/communications.xml', '<communication><subject>Kickoff</subject><ctype>phone</ctype></communication>');
    const p = await createPerson(c, 'Parti', 'Cipant');
    ok(await c.put(`/service/communications/${comm}/add_participant.xml?contact_id=${p}&role=to`));
    expect(await latest()).toEqual([by('Participant added', 'Kickoff: Parti Cipant (to)', 'Communication', comm)]);
    ok(await c.del(`/service/communications/${comm}/remove_participant.xml?contactId=${p}&role=to`));
    expect(await latest()).toEqual([by('Participant removed', 'Kickoff: Parti Cipant (to)', 'Communication', comm)]);
  });
});
