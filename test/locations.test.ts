import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { Client, createCompany, createPerson, items, makeApp, xml } from './helpers.js';

let ctx: App;
let c: Client;

beforeAll(async () => {
  ctx = await makeApp();
  c = new Client(ctx.app);
});
afterAll(async () => ctx.app.close());

const LOCATION_ORDER = [
  'id', 'label', 'primary', 'email', 'website', 'phone', 'cell', 'fax',
  'street_1', 'street_2', 'city', 'state', 'postal_code', 'country',
];

/** Child element names of the first `<location>` in a document, in document order. */
function locationChildren(body: string): string[] {
  const inner = /<location>([\s\S]*?)<\/location>/.exec(body)?.[1] ?? '';
  return [...inner.matchAll(/<([a-z_0-9]+)[ >]/g)].map((m) => m[1] as string);
}

async function labels(url: string): Promise<string[]> {
  return items(await c.get(url), 'locations').map((l: { label: string }) => l.label);
}

// Spec §5 applies to people and companies alike: the same suite runs under both collections.
for (const kind of ['people', 'companies'] as const) {
  const create = (name: string) => (kind === 'people' ? createPerson(c, name, 'Loc') : createCompany(c, name));
  const base = (id: number) => `/service/${kind}/${id}/locations`;

  describe(`GET /service/${kind}/:id/locations`, () => {
    it('answers an empty array when the record has no locations', async () => {
      const id = await create('Empty');
      const res = await c.get(`${base(id)}.xml`);
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<locations type="array"></locations>\n');
    });

    it('lists every location in a typed array, and filters by ?label case-insensitively', async () => {
      const id = await create('Lister');
      await c.post(`${base(id)}.xml`, '<location><label>work</label><city>Barrington</city></location>');
      await c.post(`${base(id)}.xml`, '<location><label>Summer House</label><city>Newport</city></location>');
      const res = await c.get(`${base(id)}.xml`);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('<locations type="array">');
      expect(await labels(`${base(id)}.xml`)).toEqual(['work', 'Summer House']);
      expect(await labels(`${base(id)}.xml?label=WORK`)).toEqual(['work']);
      expect(await labels(`${base(id)}.xml?label=summer%20house`)).toEqual(['Summer House']);
      expect(await labels(`${base(id)}.xml?label=summer+house`)).toEqual(['Summer House']);
      // The gem's `locations()` with no label sends `?label=`.
      expect(await labels(`${base(id)}.xml?label=`)).toEqual(['work', 'Summer House']);
    });

    it('answers an empty array, not 404, for an unknown label filter', async () => {
      const id = await create('NoSuchLabel');
      await c.post(`${base(id)}.xml`, '<location><label>work</label></location>');
      const res = await c.get(`${base(id)}.xml?label=mars`);
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<locations type="array"></locations>\n');
    });

    it('answers 404 for an unknown record id', async () => {
      expect((await c.get(`/service/${kind}/999999/locations.xml`)).statusCode).toBe(404);
      expect((await c.post(`/service/${kind}/999999/locations.xml`, 'location[label]=work')).statusCode).toBe(404);
    });
  });

  describe(`GET /service/${kind}/:id/locations/:label`, () => {
    it('answers the location in the documented element order with a lowercase boolean', async () => {
      const id = await create('Shower');
      await c.post(
        `${base(id)}.xml`,
        '<location><country>US</country><label>work</label><primary>True</primary><email>a@b.com</email><website>http://example.com/</website>' +
          '<phone>401-555-0100</phone><fax>401-555-0101</fax><street_1>18 Maple Ave.</street_1><street_2>Suite #300</street_2>' +
          '<city>Barrington</city><state>RI</state><postal_code>02806</postal_code></location>',
      );
      const res = await c.get(`${base(id)}/work.xml`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
      expect(res.body.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<location>')).toBe(true);
      expect(locationChildren(res.body)).toEqual(LOCATION_ORDER);
      expect(res.body).toContain('<primary type="boolean">true</primary>');
      expect(res.body).toContain('<cell></cell>');
      const l = xml(res).location;
      expect(l.id['@type']).toBe('integer');
      expect(l.street_2).toBe('Suite #300');
      expect(l.postal_code).toBe('02806');
    });

    it('answers 404 for a label the record does not have', async () => {
      const id = await create('NoLabel');
      const res = await c.get(`${base(id)}/nowhere.xml`);
      expect(res.statusCode).toBe(404);
      expect(xml(res).errors.error[0]).toMatch(/not found/);
    });

    it('finds a label with a space addressed as %20 and as +, case-insensitively', async () => {
      const id = await create('Spacey');
      await c.post(`${base(id)}.xml`, 'location[label]=Summer House&location[city]=Newport');
      for (const path of ['Summer%20House', 'summer+house', 'SUMMER%20HOUSE']) {
        const res = await c.get(`${base(id)}/${path}.xml`);
        expect(res.statusCode).toBe(200);
        expect(xml(res).location.city).toBe('Newport');
      }
    });
  });

  describe(`POST /service/${kind}/:id/locations`, () => {
    it('creates from XML and answers 201 with an absolute Location and the location', async () => {
      const id = await create('Poster');
      const res = await c.post(`${base(id)}.xml`, '<location><label>work</label><email>w@example.com</email></location>');
      expect(res.statusCode).toBe(201);
      expect(res.headers.location).toBe(`http://localhost:3000/service/${kind}/${id}/locations/work.xml`);
      const l = xml(res).location;
      expect(l.label).toBe('work');
      expect(l.email).toBe('w@example.com');
      expect(l.primary).toEqual({ '#text': 'false', '@type': 'boolean' });
      expect(locationChildren(res.body)).toEqual(LOCATION_ORDER);
      // PHP re-GETs the Location it was given.
      const path = new URL(String(res.headers.location)).pathname;
      expect((await c.get(path)).statusCode).toBe(200);
    });

    it('puts a URL-encoded label into the Location header', async () => {
      const id = await create('Encoded');
      const res = await c.post(`${base(id)}.xml`, 'location[label]=Summer House');
      expect(res.statusCode).toBe(201);
      expect(res.headers.location).toBe(`http://localhost:3000/service/${kind}/${id}/locations/Summer%20House.xml`);
      expect((await c.get(new URL(String(res.headers.location)).pathname)).statusCode).toBe(200);
    });

    it('accepts the .NET client body: BOM, no whitespace, every field, True/False and empty elements', async () => {
      const id = await create('DotNet');
      const body = (label: string, primary: string, city: string) =>
        '\uFEFF<?xml version="1.0" encoding="utf-8"?>' +
        `<location><label>${label}</label><primary>${primary}</primary><email>n@example.com</email><website /><phone /><cell /><fax />` +
        `<street_1 /><street_2 /><city>${city}</city><state /><postal_code /><country /></location>`;
      const res = await c.post(`${base(id)}.xml`, body('Main Office', 'True', 'Boston'));
      expect(res.statusCode).toBe(201);
      expect(res.headers.location).toBe(`http://localhost:3000/service/${kind}/${id}/locations/Main%20Office.xml`);
      expect(res.body).toContain('<primary type="boolean">true</primary>');
      expect(res.body).toContain('<website></website>');
      // HttpUtility.UrlEncode writes spaces as `+`; the body repeats the unchanged label.
      const put = await c.put(`${base(id)}/Main+Office.xml`, body('Main Office', 'False', 'Salem'));
      expect(put.statusCode).toBe(200);
      const l = xml(await c.get(`${base(id)}/Main+Office.xml`)).location;
      expect(l.label).toBe('Main Office');
      expect(l.primary['#text']).toBe('false');
      expect(l.city).toBe('Salem');
      expect(l.email).toBe('n@example.com');
    });

    it('accepts a PHP form body with location[...] keys', async () => {
      const id = await create('Former');
      const res = await c.post(`${base(id)}.xml`, 'location[label]=work&location[street_1]=1 Main St&location[state]=RI&location[primary]=1');
      expect(res.statusCode).toBe(201);
      const l = xml(res).location;
      expect(l.street_1).toBe('1 Main St');
      expect(l.state).toBe('RI');
      expect(l.primary['#text']).toBe('true');
    });

    it("accepts location[...] in the query with the parent record's XML as the body (gem add_location)", async () => {
      const id = await create('Gem');
      const root = kind === 'people' ? 'person' : 'company';
      await c.post(`${base(id)}.xml`, 'location[label]=home&location[city]=Old Town');
      // ActiveResource sends the record as dashed XML and the options through `to_query`.
      const parent = (await c.get(`/service/${kind}/${id}.xml`)).body
        .replace(/<(\/?)([a-z]+_[a-z_0-9]+)/g, (_m, slash: string, name: string) => `<${slash}${name.replace(/_/g, '-')}`);
      const res = await c.post(`${base(id)}.xml?location%5Blabel%5D=work&location%5Bemail%5D=gem%40example.com`, parent);
      expect(res.statusCode).toBe(201);
      expect(res.headers.location).toBe(`http://localhost:3000/service/${kind}/${id}/locations/work.xml`);
      expect(xml(res).location.email).toBe('gem@example.com');
      expect(parent).toContain(`<${root}>`);
      // The parent's XML is ignored: nothing about the record changed but its new location.
      expect(await labels(`${base(id)}.xml`)).toEqual(['home', 'work']);
      expect(xml(await c.get(`${base(id)}/home.xml`)).location.city).toBe('Old Town');
    });

    it('updates the location when the label exists, still answering 201, without a second one', async () => {
      const id = await create('Upsert');
      const first = await c.post(`${base(id)}.xml`, 'location[label]=work&location[city]=Providence&location[phone]=111');
      const second = await c.post(`${base(id)}.xml`, 'location[label]=Work&location[city]=Newport');
      expect(second.statusCode).toBe(201);
      expect(second.headers.location).toBe(`http://localhost:3000/service/${kind}/${id}/locations/work.xml`);
      const l = xml(second).location;
      expect(l.id['#text']).toBe(xml(first).location.id['#text']);
      expect(l.city).toBe('Newport');
      expect(l.phone).toBe('111');
      expect(await labels(`${base(id)}.xml`)).toEqual(['work']);
    });

    it('accepts JSON and answers JSON on .json', async () => {
      const id = await create('Jason');
      const res = await c.post(`${base(id)}.json`, { location: { label: 'work', 'postal-code': '02806', primary: true } });
      expect(res.statusCode).toBe(201);
      expect(res.headers.location).toBe(`http://localhost:3000/service/${kind}/${id}/locations/work.json`);
      const l = JSON.parse(res.body).location;
      expect(l.postal_code).toBe('02806');
      expect(l.primary).toBe(true);
    });

    it('defaults a missing or empty label to home', async () => {
      const id = await create('Homer');
      const res = await c.post(`${base(id)}.xml`, 'location[city]=Springfield');
      expect(res.statusCode).toBe(201);
      expect(res.headers.location).toBe(`http://localhost:3000/service/${kind}/${id}/locations/home.xml`);
      expect(xml(res).location.label).toBe('home');
      const again = await c.post(`${base(id)}.xml`, '<location><label></label><phone>555</phone></location>');
      expect(again.statusCode).toBe(201);
      expect(xml(again).location.label).toBe('home');
      expect(xml(again).location.city).toBe('Springfield');
      expect(await labels(`${base(id)}.xml`)).toEqual(['home']);
    });

    it('clears primary on the other locations of the record only', async () => {
      const id = await create('Primary');
      const other = await create('Bystander');
      await c.post(`${base(other)}.xml`, 'location[label]=work&location[primary]=true');
      await c.post(`${base(id)}.xml`, 'location[label]=work&location[primary]=true');
      const res = await c.post(`${base(id)}.xml`, '<location><label>home</label><primary type="boolean">true</primary></location>');
      expect(xml(res).location.primary['#text']).toBe('true');
      const all = items(await c.get(`${base(id)}.xml`), 'locations');
      expect(all.map((l: { label: string; primary: { '#text': string } }) => [l.label, l.primary['#text']])).toEqual([
        ['work', 'false'],
        ['home', 'true'],
      ]);
      expect(xml(await c.get(`${base(other)}/work.xml`)).location.primary['#text']).toBe('true');
    });

    it('embeds the location in the record document', async () => {
      const id = await create('Embed');
      await c.post(`${base(id)}.xml`, 'location[label]=work&location[city]=Barrington');
      const res = await c.get(`/service/${kind}/${id}.xml`);
      const doc = xml(res)[kind === 'people' ? 'person' : 'company'];
      expect(doc.locations['@type']).toBe('array');
      expect(doc.locations.location).toHaveLength(1);
      expect(doc.locations.location[0].city).toBe('Barrington');
      expect(locationChildren(res.body)).toEqual(LOCATION_ORDER);
    });
  });

  describe(`PUT /service/${kind}/:id/locations/:label`, () => {
    it('answers 200 and changes only the given fields', async () => {
      const id = await create('Putter');
      await c.post(`${base(id)}.xml`, 'location[label]=work&location[city]=Providence&location[phone]=111&location[primary]=true');
      const res = await c.put(`${base(id)}/work.xml`, '<location><city>Newport</city></location>');
      expect(res.statusCode).toBe(200);
      const l = xml(await c.get(`${base(id)}/work.xml`)).location;
      expect(l.city).toBe('Newport');
      expect(l.phone).toBe('111');
      expect(l.primary['#text']).toBe('true');
      expect(l.label).toBe('work');
    });

    it('accepts form and query arguments, and a label with a space in the path', async () => {
      const id = await create('PutForm');
      await c.post(`${base(id)}.xml`, 'location[label]=Summer House');
      expect((await c.put(`${base(id)}/Summer+House.xml`, 'location[fax]=999')).statusCode).toBe(200);
      expect((await c.put(`${base(id)}/summer%20house.xml?location[cell]=888`)).statusCode).toBe(200);
      const l = xml(await c.get(`${base(id)}/Summer%20House.xml`)).location;
      expect(l.fax).toBe('999');
      expect(l.cell).toBe('888');
    });

    it('renames with a new label, and refuses a label already used with 422', async () => {
      const id = await create('Renamer');
      await c.post(`${base(id)}.xml`, 'location[label]=work&location[city]=A');
      await c.post(`${base(id)}.xml`, 'location[label]=home&location[city]=B');
      const clash = await c.put(`${base(id)}/work.xml`, '<location><label>HOME</label><city>C</city></location>');
      expect(clash.statusCode).toBe(422);
      expect(xml(clash).errors.error).toHaveLength(1);
      expect(xml(await c.get(`${base(id)}/work.xml`)).location.city).toBe('A');
      expect(xml(await c.get(`${base(id)}/home.xml`)).location.city).toBe('B');
      const renamed = await c.put(`${base(id)}/work.xml`, '<location><label>office</label></location>');
      expect(renamed.statusCode).toBe(200);
      expect(xml(renamed).location.label).toBe('office');
      expect((await c.get(`${base(id)}/work.xml`)).statusCode).toBe(404);
      expect(xml(await c.get(`${base(id)}/office.xml`)).location.city).toBe('A');
    });

    it('ignores the id and types echoed back by ActiveResource in dashed XML', async () => {
      const id = await create('Echo');
      await c.post(`${base(id)}.xml`, 'location[label]=work&location[street_1]=Old St&location[city]=A');
      const shown = (await c.get(`${base(id)}/work.xml`)).body;
      const dashed = shown
        .replace(/<(\/?)(street|postal)_/g, (_m, slash: string, name: string) => `<${slash}${name}-`)
        .replace('<street-1>Old St</street-1>', '<street-1>New St</street-1>')
        .replace(/<id type="integer">\d+<\/id>/, '<id type="integer">1</id>');
      expect(dashed).toContain('<street-1>New St</street-1>');
      const res = await c.put(`${base(id)}/work.xml`, dashed);
      expect(res.statusCode).toBe(200);
      const l = xml(res).location;
      expect(l.street_1).toBe('New St');
      expect(l.city).toBe('A');
      expect(l.id['#text']).toBe(xml(shown).location.id['#text']);
    });

    it('changes only the capitalisation of a label when asked to', async () => {
      const id = await create('Recase');
      await c.post(`${base(id)}.xml`, 'location[label]=work&location[city]=A');
      const res = await c.put(`${base(id)}/work.xml`, '<location><label>Work</label></location>');
      expect(res.statusCode).toBe(200);
      expect(xml(res).location.label).toBe('Work');
      expect(await labels(`${base(id)}.xml`)).toEqual(['Work']);
      expect(xml(await c.get(`${base(id)}/work.xml`)).location.city).toBe('A');
    });

    it('clears primary on the other locations when set', async () => {
      const id = await create('PutPrimary');
      await c.post(`${base(id)}.xml`, 'location[label]=work&location[primary]=true');
      await c.post(`${base(id)}.xml`, 'location[label]=home');
      expect((await c.put(`${base(id)}/home.xml`, 'location[primary]=True')).statusCode).toBe(200);
      expect(xml(await c.get(`${base(id)}/work.xml`)).location.primary['#text']).toBe('false');
      expect(xml(await c.get(`${base(id)}/home.xml`)).location.primary['#text']).toBe('true');
    });

    it('answers 404 for an unknown label or record', async () => {
      const id = await create('PutMissing');
      expect((await c.put(`${base(id)}/nowhere.xml`, 'location[city]=X')).statusCode).toBe(404);
      expect((await c.put(`/service/${kind}/999999/locations/work.xml`, 'location[city]=X')).statusCode).toBe(404);
      expect(await labels(`${base(id)}.xml`)).toEqual([]);
    });
  });

  describe(`DELETE /service/${kind}/:id/locations/:label`, () => {
    it('answers 200, then 404, and leaves other locations alone', async () => {
      const id = await create('Deleter');
      await c.post(`${base(id)}.xml`, 'location[label]=work');
      await c.post(`${base(id)}.xml`, 'location[label]=home');
      const res = await c.del(`${base(id)}/work.xml`);
      expect(res.statusCode).toBe(200);
      expect((await c.get(`${base(id)}/work.xml`)).statusCode).toBe(404);
      expect((await c.del(`${base(id)}/work.xml`)).statusCode).toBe(404);
      expect(await labels(`${base(id)}.xml`)).toEqual(['home']);
    });
  });
  describe(`locations and the ${kind} record`, () => {
    const table = kind;
    const updatedAt = async (id: number): Promise<string> =>
      (await ctx.storage.db.selectFrom(table).select('updated_at').where('id', '=', id).executeTakeFirstOrThrow()).updated_at;
    const tick = () => new Promise((r) => setTimeout(r, 5));

    it("bumps the record's updated_at on create, update and delete (for updated_since)", async () => {
      const id = await create('Toucher');
      let before = await updatedAt(id);
      for (const step of [
        () => c.post(`${base(id)}.xml`, 'location[label]=work'),
        () => c.post(`${base(id)}.xml`, 'location[label]=work&location[city]=X'),
        () => c.put(`${base(id)}/work.xml`, 'location[city]=Y'),
        () => c.del(`${base(id)}/work.xml`),
      ]) {
        await tick();
        expect((await step()).statusCode).toBeLessThan(300);
        const after = await updatedAt(id);
        expect(after > before).toBe(true);
        before = after;
      }
    });
  });
}

describe('locations of the wrong record type', () => {
  it('answers 404 for a person id on the companies route and a company id on the people route', async () => {
    const person = await createPerson(c, 'Only', 'Person');
    const company = await createCompany(c, 'Only Company');
    await c.post(`/service/people/${person}/locations.xml`, 'location[label]=work');
    await c.post(`/service/companies/${company}/locations.xml`, 'location[label]=work');
    expect((await c.get(`/service/companies/${person}/locations.xml`)).statusCode).toBe(404);
    expect((await c.get(`/service/companies/${person}/locations/work.xml`)).statusCode).toBe(404);
    expect((await c.post(`/service/companies/${person}/locations.xml`, 'location[label]=x')).statusCode).toBe(404);
    expect((await c.put(`/service/companies/${person}/locations/work.xml`, 'location[city]=X')).statusCode).toBe(404);
    expect((await c.del(`/service/companies/${person}/locations/work.xml`)).statusCode).toBe(404);
    expect((await c.get(`/service/people/${company}/locations/work.xml`)).statusCode).toBe(404);
    expect(await labels(`/service/people/${person}/locations.xml`)).toEqual(['work']);
  });
});

describe('GET /service/locations (gem 1.0.2 legacy)', () => {
  it('lists a contact’s locations by contact_id, for people and companies, filtered by label', async () => {
    const person = await createPerson(c, 'Legacy', 'Gem');
    const company = await createCompany(c, 'Legacy Co');
    await c.post(`/service/people/${person}/locations.xml`, 'location[label]=work&location[email]=l@example.com');
    await c.post(`/service/people/${person}/locations.xml`, 'location[label]=home');
    await c.post(`/service/companies/${company}/locations.xml`, 'location[label]=main');
    const res = await c.get(`/service/locations.xml?contact_id=${person}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<locations type="array">');
    expect(await labels(`/service/locations.xml?contact_id=${person}`)).toEqual(['work', 'home']);
    expect(await labels(`/service/locations.xml?contact_id=${person}&label=Work`)).toEqual(['work']);
    expect(await labels(`/service/locations.xml?contact_id=${person}&label=mars`)).toEqual([]);
    expect(await labels(`/service/locations.xml?contact_id=${company}`)).toEqual(['main']);
  });

  it('answers 404 for an unknown contact_id', async () => {
    expect((await c.get('/service/locations.xml?contact_id=999999')).statusCode).toBe(404);
  });
});
