// Affiliations (spec §13): a person's companies with job title and a current flag, kept in step
// with the person's company and title.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { Client, createCompany, createPerson, items, makeApp, xml } from './helpers.js';

let ctx: App;
let c: Client;
let other: Client;

beforeAll(async () => {
  ctx = await makeApp();
  c = new Client(ctx.app);
  other = new Client(ctx.app, (await ctx.services.accounts.createAccount('other', { email: 'o@o.com', name: 'O' })).token);
});
afterAll(async () => ctx.app.close());

interface Aff {
  id: number;
  person_id: number;
  company_id: number;
  job_title: string;
  current: boolean;
}

/** Affiliations as plain values, checking each element's Rails type on the way. */
function affs(res: LightMyRequestResponse): Aff[] {
  expect(res.statusCode).toBe(200);
  return items(res, 'affiliations').map((a) => {
    expect(a.id['@type']).toBe('integer');
    expect(a.person_id['@type']).toBe('integer');
    expect(a.company_id['@type']).toBe('integer');
    expect(a.current['@type']).toBe('boolean');
    return {
      id: Number(a.id['#text']),
      person_id: Number(a.person_id['#text']),
      company_id: Number(a.company_id['#text']),
      job_title: a.job_title,
      current: a.current['#text'] === 'true',
    };
  });
}

const ofPerson = async (id: number) => affs(await c.get(`/service/affiliations.xml?person_id=${id}`));
const pick = (list: Aff[]) => list.map((a) => ({ company_id: a.company_id, job_title: a.job_title, current: a.current }));

function ok(res: { statusCode: number; body: string }): void {
  if (res.statusCode >= 300) throw new Error(`step: ${res.statusCode} ${res.body}`);
}

describe('affiliations follow the person', () => {
  it('creating a person with a company makes a current affiliation with the person’s title', async () => {
    const co = await createCompany(c, 'Affil One');
    const p = await createPerson(c, 'Ada', 'Aff', `<title>CTO</title><company_id>${co}</company_id>`);
    expect(pick(await ofPerson(p))).toEqual([{ company_id: co, job_title: 'CTO', current: true }]);
  });

  it('creating a person without a company makes none; an empty typed array is answered', async () => {
    const p = await createPerson(c, 'No', 'Company');
    const res = await c.get(`/service/affiliations.xml?person_id=${p}`);
    expect(res.body).toContain('<affiliations type="array"></affiliations>');
    expect(await ofPerson(p)).toEqual([]);
  });

  it('a company given by name (created on the fly) is affiliated too', async () => {
    const res = await c.post('/service/people.xml', 'person[first_name]=By&person[last_name]=Name&person[company]=Named+On+The+Fly&person[title]=Founder');
    ok(res);
    const person = xml(res).person;
    const list = await ofPerson(Number(person.id['#text']));
    expect(pick(list)).toEqual([{ company_id: Number(person.company_id['#text']), job_title: 'Founder', current: true }]);
  });

  it('moving the person keeps the old affiliation as history and makes the new one current', async () => {
    const first = await createCompany(c, 'Move From');
    const second = await createCompany(c, 'Move To');
    const p = await createPerson(c, 'Mo', 'Ver', `<title>Engineer</title><company_id>${first}</company_id>`);
    ok(await c.put(`/service/people/${p}.xml`, `<person><company_id>${second}</company_id></person>`));
    expect(pick(await ofPerson(p))).toEqual([
      { company_id: first, job_title: 'Engineer', current: false },
      { company_id: second, job_title: 'Engineer', current: true },
    ]);
    // The person's own company is the current affiliation.
    const person = xml(await c.get(`/service/people/${p}.xml`)).person;
    expect(person.company_id['#text']).toBe(String(second));
    expect(person.company).toBe('Move To');
    // Moving back re-uses the old row rather than adding a third.
    ok(await c.put(`/service/people/${p}.xml`, `<person><company>Move From</company></person>`));
    expect(pick(await ofPerson(p))).toEqual([
      { company_id: first, job_title: 'Engineer', current: true },
      { company_id: second, job_title: 'Engineer', current: false },
    ]);
  });

  it('unlinking (empty company_id) leaves none current', async () => {
    const co = await createCompany(c, 'Unlink Co');
    const p = await createPerson(c, 'Un', 'Linked', `<company_id>${co}</company_id>`);
    ok(await c.put(`/service/people/${p}.xml`, 'person[company_id]='));
    expect(pick(await ofPerson(p))).toEqual([{ company_id: co, job_title: '', current: false }]);
    expect(xml(await c.get(`/service/people/${p}.xml`)).person.company_id).toEqual({ '@type': 'integer' });
  });

  it('changing the title updates the job title of the current affiliation only', async () => {
    const old = await createCompany(c, 'Title Old');
    const now = await createCompany(c, 'Title New');
    const p = await createPerson(c, 'Ti', 'Tled', `<title>Intern</title><company_id>${old}</company_id>`);
    ok(await c.put(`/service/people/${p}.xml`, `<person><company_id>${now}</company_id></person>`));
    ok(await c.put(`/service/people/${p}.xml`, '<person><title>VP Sales</title></person>'));
    expect(pick(await ofPerson(p))).toEqual([
      { company_id: old, job_title: 'Intern', current: false },
      { company_id: now, job_title: 'VP Sales', current: true },
    ]);
  });

  it('deleting a company removes its affiliations and unlinks its people', async () => {
    const co = await createCompany(c, 'Doomed Co');
    const keep = await createCompany(c, 'Kept Co');
    const p = await createPerson(c, 'Sur', 'Vivor', `<company_id>${keep}</company_id>`);
    ok(await c.put(`/service/people/${p}.xml`, `<person><company_id>${co}</company_id></person>`));
    ok(await c.del(`/service/companies/${co}.xml`));
    expect(pick(await ofPerson(p))).toEqual([{ company_id: keep, job_title: '', current: false }]);
    expect(xml(await c.get(`/service/people/${p}.xml`)).person.company).toBe('');
  });

  it('deleting a person removes its affiliations', async () => {
    const co = await createCompany(c, 'Employer Co');
    const p = await createPerson(c, 'Leav', 'Ing', `<company_id>${co}</company_id>`);
    const stays = await createPerson(c, 'Stay', 'Ing', `<company_id>${co}</company_id>`);
    ok(await c.del(`/service/people/${p}.xml`));
    const left = affs(await c.get(`/service/affiliations.xml?company_id=${co}`));
    expect(left.map((a) => a.person_id)).toEqual([stays]);
    expect((await c.get(`/service/affiliations.xml?person_id=${p}`)).statusCode).toBe(404);
  });
});

describe('GET affiliations routes', () => {
  let co: number;
  let a: number;
  let b: number;

  beforeAll(async () => {
    co = await createCompany(c, 'Route Co');
    a = await createPerson(c, 'Route', 'A', `<title>CEO</title><company_id>${co}</company_id>`);
    b = await createPerson(c, 'Route', 'B', `<title>CFO</title><company_id>${co}</company_id>`);
  });

  it('answers the documented element order', async () => {
    const res = await c.get(`/service/affiliations.xml?person_id=${a}`);
    const names = [...res.body.matchAll(/^ {4}<([a-z_]+)[ >]/gm)].map((m) => m[1]);
    expect(names).toEqual(['id', 'person_id', 'company_id', 'job_title', 'current']);
  });

  it('lists a company’s affiliations by ?company_id= and nested under companies, ascending id', async () => {
    const flat = affs(await c.get(`/service/affiliations.xml?company_id=${co}`));
    expect(flat.map((x) => [x.person_id, x.job_title])).toEqual([
      [a, 'CEO'],
      [b, 'CFO'],
    ]);
    expect(affs(await c.get(`/service/companies/${co}/affiliations.xml`))).toEqual(flat);
  });

  it('lists a person’s affiliations nested under people', async () => {
    expect(affs(await c.get(`/service/people/${a}/affiliations.xml`))).toEqual(await ofPerson(a));
    expect((await ofPerson(a)).length).toBe(1);
  });

  it('narrows to the pair when both person_id and company_id are given', async () => {
    const list = affs(await c.get(`/service/affiliations.xml?person_id=${b}&company_id=${co}`));
    expect(list.map((x) => x.person_id)).toEqual([b]);
  });

  it('answers JSON on .json', async () => {
    const res = await c.get(`/service/affiliations.json?person_id=${a}`);
    const [doc] = JSON.parse(res.body);
    expect(doc.affiliation).toMatchObject({ person_id: a, company_id: co, job_title: 'CEO', current: true });
  });

  it('answers 422 without person_id or company_id', async () => {
    for (const url of ['/service/affiliations.xml', '/service/affiliations.xml?person_id=']) {
      const res = await c.get(url);
      expect(res.statusCode).toBe(422);
      expect(xml(res).errors.error).toEqual(['Give person_id or company_id']);
    }
  });

  it('answers 404 for unknown, wrongly typed and other-account ids', async () => {
    const theirs = await createPerson(other, 'Their', 'Person');
    const urls = [
      '/service/affiliations.xml?person_id=99999999',
      `/service/affiliations.xml?person_id=${co}`,
      `/service/affiliations.xml?company_id=${a}`,
      `/service/affiliations.xml?person_id=${theirs}`,
      '/service/people/99999999/affiliations.xml',
      `/service/people/${co}/affiliations.xml`,
      `/service/companies/${a}/affiliations.xml`,
      `/service/people/${theirs}/affiliations.xml`,
    ];
    for (const url of urls) expect((await c.get(url)).statusCode, url).toBe(404);
    expect((await other.get(`/service/affiliations.xml?company_id=${co}`)).statusCode).toBe(404);
  });
});
