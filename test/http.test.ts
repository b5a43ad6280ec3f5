// Cross-cutting HTTP behaviour (spec §1, decisions.md): authentication and the Host rule, rate
// limiting, formats, every request-body encoding of §1.4, input limits and hostile input, and
// the absolute 201 Location — all through real requests.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { MemoryRateLimitStore } from '../src/http/rate-limit.js';
import { basic, Client, createPerson, idFromLocation, items, makeApp, TOKEN, xml } from './helpers.js';

let ctx: App;
let c: Client;

beforeAll(async () => {
  ctx = await makeApp();
  c = new Client(ctx.app);
});
afterAll(async () => ctx.app.close());

const CHALLENGE = 'Basic realm="BatchBook"';

/** A request with a raw payload (Buffer or string) and an explicit Content-Type. */
function raw(app: App, method: 'POST' | 'PUT', url: string, payload: Buffer | string, type: string, token = TOKEN) {
  return app.app.inject({
    method,
    url,
    payload,
    headers: { host: 'localhost:3000', authorization: basic(token), 'content-type': type },
  });
}

async function count(app: App, table: 'people' | 'locations' | 'companies'): Promise<number> {
  const row = await app.storage.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function person(res: LightMyRequestResponse) {
  expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
  return xml(res).person;
}

function expectErrorShape(res: LightMyRequestResponse, status: number): string[] {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
  const messages = xml(res).errors.error as string[];
  expect(messages.length).toBeGreaterThan(0);
  for (const m of messages) expect(m).not.toBe('');
  return messages;
}

describe('authentication (spec §1.2)', () => {
  it('answers 401 with the Basic challenge and an <errors> body when the token is missing', async () => {
    const res = await c.get('/service/people.xml', { token: null });
    expect(res.headers['www-authenticate']).toBe(CHALLENGE);
    expectErrorShape(res, 401);
  });

  it('answers 401 with the challenge for an unknown token', async () => {
    const res = await c.get('/service/people.xml', { token: 'not-a-real-token-at-all' });
    expect(res.headers['www-authenticate']).toBe(CHALLENGE);
    expectErrorShape(res, 401);
  });

  it('accepts the token with an empty password (gem), "x" (PHP/.NET/Node) and "a" (wget)', async () => {
    for (const password of ['', 'x', 'a']) {
      const res = await c.get('/service/people.xml', { token: null, headers: { authorization: basic(TOKEN, password) } });
      expect(res.statusCode, `password "${password}"`).toBe(200);
    }
  });

  it('accepts the scheme name in any case', async () => {
    const header = basic(TOKEN, 'x').replace('Basic', 'basic');
    expect((await c.get('/service/people.xml', { token: null, headers: { authorization: header } })).statusCode).toBe(200);
  });

  it('answers 401 for garbage Authorization headers', async () => {
    const garbage = [
      'garbage',
      `Bearer ${TOKEN}`,
      'Basic !!!not-base64!!!',
      'Basic ',
      basic('', 'password-only'),
      `Basic ${Buffer.from(TOKEN).toString('base64')} trailing`,
    ];
    for (const authorization of garbage) {
      const res = await c.get('/service/people.xml', { token: null, headers: { authorization } });
      expect(res.statusCode, authorization).toBe(401);
      expect(res.headers['www-authenticate']).toBe(CHALLENGE);
    }
  });

  it('answers 401 in JSON on .json', async () => {
    const res = await c.get('/service/people.json', { token: null });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe(CHALLENGE);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(res.body)).toEqual({ errors: [expect.any(String)] });
  });

  describe('Host rule (decisions.md)', () => {
    let otherToken: string;
    beforeAll(async () => {
      otherToken = (await ctx.services.accounts.createAccount('other', { email: 'o@x.com', name: 'O' })).token;
    });

    const asHost = (token: string, host: string) => c.get('/service/people.xml', { token, headers: { host } });

    it('accepts a token on its own account host', async () => {
      expect((await asHost(TOKEN, 'demo.batchbook.com')).statusCode).toBe(200);
      expect((await asHost(TOKEN, 'DEMO.batchbook.com:443')).statusCode).toBe(200);
      expect((await asHost(otherToken, 'other.batchbook.com')).statusCode).toBe(200);
    });

    it("refuses another account's token on a known account host with 401", async () => {
      const res = await asHost(otherToken, 'demo.batchbook.com');
      expect(res.headers['www-authenticate']).toBe(CHALLENGE);
      expectErrorShape(res, 401);
      expect((await asHost(TOKEN, 'other.batchbook.com')).statusCode).toBe(401);
    });

    it('lets the token alone decide on localhost, an IP address or an unknown sub-domain', async () => {
      for (const host of ['localhost:3000', 'localhost', '127.0.0.1', '127.0.0.1:3000', 'unknownacct.example.com']) {
        expect((await asHost(otherToken, host)).statusCode, host).toBe(200);
        expect((await asHost(TOKEN, host)).statusCode, host).toBe(200);
      }
    });

    it('scopes data to the token’s account', async () => {
      const id = await createPerson(c, 'Demo', 'Only');
      const res = await c.get(`/service/people/${id}.xml`, { token: otherToken });
      expect(res.statusCode).toBe(404);
    });
  });
});

describe('rate limiting (decisions.md)', () => {
  it('sends X-RateLimit-* headers and answers 503 with Retry-After over the limit', async () => {
    const app = await makeApp({ CLASSICBOOK_RATE_LIMIT: '3/60s' });
    try {
      const rc = new Client(app.app);
      const before = Math.floor(Date.now() / 1000);
      for (const remaining of [2, 1, 0]) {
        const res = await rc.get('/service/people.xml');
        expect(res.statusCode).toBe(200);
        expect(res.headers['x-ratelimit-limit']).toBe('3');
        expect(res.headers['x-ratelimit-remaining']).toBe(String(remaining));
        const reset = Number(res.headers['x-ratelimit-reset']);
        expect(reset).toBeGreaterThanOrEqual(before + 60);
        expect(reset).toBeLessThanOrEqual(before + 62);
        expect(res.headers['retry-after']).toBeUndefined();
      }
      const over = await rc.get('/service/people.xml');
      expectErrorShape(over, 503);
      expect(over.headers['x-ratelimit-limit']).toBe('3');
      expect(over.headers['x-ratelimit-remaining']).toBe('0');
      const retry = String(over.headers['retry-after']);
      expect(retry).toMatch(/^\d+$/);
      expect(Number(retry)).toBeGreaterThanOrEqual(1);
      expect(Number(retry)).toBeLessThanOrEqual(60);
      // A refused request does not touch the data.
      const people = await count(app, 'people');
      expectErrorShape(await rc.post('/service/people.xml', '<person><first_name>Late</first_name></person>'), 503);
      expect(await count(app, 'people')).toBe(people);
    } finally {
      await app.app.close();
    }
  });

  it('keeps a separate budget per user', async () => {
    const app = await makeApp({ CLASSICBOOK_RATE_LIMIT: '3/60s' });
    try {
      const second = await app.services.accounts.addUser('demo', { email: 'second@x.com', name: 'Second', role: 'owner' });
      const first = new Client(app.app);
      const other = new Client(app.app, second.token);
      for (let i = 0; i < 3; i++) expect((await first.get('/service/people.xml')).statusCode).toBe(200);
      expect((await first.get('/service/people.xml')).statusCode).toBe(503);
      const res = await other.get('/service/people.xml');
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-ratelimit-remaining']).toBe('2');
    } finally {
      await app.app.close();
    }
  });

  it('does not count requests with a bad token against anyone', async () => {
    const app = await makeApp({ CLASSICBOOK_RATE_LIMIT: '3/60s' });
    try {
      const rc = new Client(app.app);
      for (let i = 0; i < 5; i++) expect((await rc.get('/service/people.xml', { token: 'wrong-token-xyz' })).statusCode).toBe(401);
      expect((await rc.get('/service/people.xml')).headers['x-ratelimit-remaining']).toBe('2');
    } finally {
      await app.app.close();
    }
  });

  it('answers 429 when CLASSICBOOK_RATE_LIMIT_STATUS=429', async () => {
    const app = await makeApp({ CLASSICBOOK_RATE_LIMIT: '1/1h', CLASSICBOOK_RATE_LIMIT_STATUS: '429' });
    try {
      const rc = new Client(app.app);
      expect((await rc.get('/service/people.xml')).statusCode).toBe(200);
      const over = await rc.get('/service/people.xml');
      expectErrorShape(over, 429);
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(60 * 59);
    } finally {
      await app.app.close();
    }
  });

  it('sends no X-RateLimit headers when off', async () => {
    const app = await makeApp({ CLASSICBOOK_RATE_LIMIT: 'off' });
    try {
      const rc = new Client(app.app);
      for (let i = 0; i < 70; i++) {
        const res = await rc.get('/service/people.xml');
        expect(res.statusCode).toBe(200);
        expect(res.headers['x-ratelimit-limit']).toBeUndefined();
        expect(res.headers['x-ratelimit-remaining']).toBeUndefined();
        expect(res.headers['x-ratelimit-reset']).toBeUndefined();
      }
    } finally {
      await app.app.close();
    }
  });
});

describe('MemoryRateLimitStore', () => {
  it('frees a slot exactly when the oldest hit leaves the rolling window', async () => {
    const store = new MemoryRateLimitStore();
    const hit = (now: number) => store.hit('k', 2, 1000, now);
    expect(await hit(0)).toEqual({ allowed: true, limit: 2, remaining: 1, resetAt: 1000 });
    expect(await hit(400)).toEqual({ allowed: true, limit: 2, remaining: 0, resetAt: 1000 });
    expect(await hit(500)).toEqual({ allowed: false, limit: 2, remaining: 0, resetAt: 1000 });
    expect((await hit(999)).allowed).toBe(false);
    // The hit at 0 has left the window; the one at 400 is still in it.
    expect(await hit(1000)).toEqual({ allowed: true, limit: 2, remaining: 0, resetAt: 1400 });
    expect((await hit(1399)).allowed).toBe(false);
    expect(await hit(1400)).toEqual({ allowed: true, limit: 2, remaining: 0, resetAt: 2000 });
  });

  it('does not count refused requests', async () => {
    const store = new MemoryRateLimitStore();
    expect((await store.hit('k', 1, 1000, 0)).allowed).toBe(true);
    for (let t = 1; t < 1000; t += 100) expect((await store.hit('k', 1, 1000, t)).allowed).toBe(false);
    // Were refusals counted, the window would still be full here.
    expect((await store.hit('k', 1, 1000, 1000)).allowed).toBe(true);
  });

  it('keeps keys apart and forgets them after an idle window', async () => {
    const store = new MemoryRateLimitStore();
    expect((await store.hit('a', 1, 1000, 0)).allowed).toBe(true);
    expect((await store.hit('a', 1, 1000, 10)).allowed).toBe(false);
    expect((await store.hit('b', 1, 1000, 10)).allowed).toBe(true);
    expect(await store.hit('a', 1, 1000, 5000)).toEqual({ allowed: true, limit: 1, remaining: 0, resetAt: 6000 });
  });
});

describe('formats (spec §1.1, §1.5)', () => {
  it('answers .xml and a path without suffix as XML with the declaration', async () => {
    for (const url of ['/service/people.xml', '/service/people', '/service/people.XML']) {
      const res = await c.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
      expect(res.body.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<people type="array">')).toBe(true);
    }
  });

  it('answers .json with the same data as JSON', async () => {
    const id = await createPerson(c, 'Jason', 'Format');
    const res = await c.get(`/service/people/${id}.json`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = JSON.parse(res.body);
    expect(body.person).toMatchObject({ id, first_name: 'Jason', last_name: 'Format', tags: [], company_id: null });
    const list = JSON.parse((await c.get('/service/people.json?limit=1000')).body);
    expect(Array.isArray(list)).toBe(true);
    expect(list.some((p: { person: { id: number } }) => p.person.id === id)).toBe(true);
  });

  it('answers an unknown route with 404 in the error shape', async () => {
    for (const url of ['/service/nothing_here.xml', '/service/people/1/nonsense.xml', '/not-service']) {
      const res = await c.get(url);
      expectErrorShape(res, 404);
    }
    const json = await c.get('/service/nothing_here.json');
    expect(json.statusCode).toBe(404);
    expect(JSON.parse(json.body)).toEqual({ errors: [expect.stringContaining('No route')] });
  });

  it('writes errors as {"errors": [...]} in JSON (decisions.md, Formats)', async () => {
    const res = await c.post('/service/people.json', { person: { title: 'No name' } });
    expect(res.statusCode).toBe(422);
    expect(JSON.parse(res.body)).toEqual({ errors: ["First name can't be blank"] });
  });
});

describe('request bodies (spec §1.4) on create and update of a person', () => {
  async function show(id: number) {
    return person(await c.get(`/service/people/${id}.xml`));
  }

  it('reads underscored XML', async () => {
    const res = await c.post('/service/people.xml', '<person><first_name>Under</first_name><last_name>Score</last_name></person>');
    expect(res.statusCode).toBe(201);
    const id = idFromLocation(res);
    expect((await c.put(`/service/people/${id}.xml`, '<person><title>Chief</title></person>')).statusCode).toBe(200);
    expect(await show(id)).toMatchObject({ first_name: 'Under', last_name: 'Score', title: 'Chief' });
  });

  it('reads dashed ActiveResource XML', async () => {
    const res = await c.post('/service/people.xml', '<person><first-name>Dash</first-name><last-name>Ed</last-name></person>');
    expect(res.statusCode).toBe(201);
    const id = idFromLocation(res);
    const put = await c.put(`/service/people/${id}.xml`, '<person><last-name>Edited</last-name><notes>dashed note</notes></person>');
    expect(put.statusCode).toBe(200);
    expect(await show(id)).toMatchObject({ first_name: 'Dash', last_name: 'Edited', notes: 'dashed note' });
  });

  it('reads Rails type hints, and nil="true" clears a field on update', async () => {
    const res = await c.post(
      '/service/people.xml',
      '<person><first-name type="string">Typed</first-name><title>Boss</title><notes>keep?</notes>' +
        '<company-id type="integer" nil="true"></company-id><tags type="array"/><created-at type="datetime">2010-01-01T00:00:00Z</created-at></person>',
    );
    expect(res.statusCode).toBe(201);
    const id = idFromLocation(res);
    expect(await show(id)).toMatchObject({ first_name: 'Typed', title: 'Boss', notes: 'keep?' });
    const put = await c.put(`/service/people/${id}.xml`, '<person><notes nil="true"/><title nil="true"></title></person>');
    expect(put.statusCode).toBe(200);
    const p = await show(id);
    expect(p.notes).toBe('');
    expect(p.title).toBe('');
    expect(p.first_name).toBe('Typed');
  });

  it('reads form-encoded bracket keys (PHP) on POST and PUT', async () => {
    const res = await c.post('/service/people.xml', 'person%5Bfirst_name%5D=Form&person[last_name]=Encoded+Name&person[title]=50%25+off');
    expect(res.statusCode).toBe(201);
    const id = idFromLocation(res);
    expect(await show(id)).toMatchObject({ first_name: 'Form', last_name: 'Encoded Name', title: '50% off' });
    expect((await c.put(`/service/people/${id}.xml`, 'person[title]=Caf%C3%A9+owner')).statusCode).toBe(200);
    expect((await show(id)).title).toBe('Café owner');
  });

  it('reads JSON on .xml and .json paths', async () => {
    const res = await c.post('/service/people.xml', { person: { first_name: 'Jay', 'last-name': 'Son' } });
    expect(res.statusCode).toBe(201);
    const id = idFromLocation(res);
    const put = await c.put(`/service/people/${id}.json`, { person: { title: 'JSON title', notes: null, id: 999, tags: [] } });
    expect(put.statusCode).toBe(200);
    expect(JSON.parse(put.body).person).toMatchObject({ id, first_name: 'Jay', last_name: 'Son', title: 'JSON title', notes: null });
  });

  it('reads arguments from the query string when there is no body', async () => {
    const res = await c.post('/service/people.xml?person[first_name]=Query&person[last_name]=Only');
    expect(res.statusCode).toBe(201);
    const id = idFromLocation(res);
    expect((await c.put(`/service/people/${id}.xml?person[title]=From+query`)).statusCode).toBe(200);
    expect(await show(id)).toMatchObject({ first_name: 'Query', last_name: 'Only', title: 'From query' });

    const tag = await c.put(`/service/people/${id}/add_tag.xml?tag=x`, '', { type: 'application/xml' });
    expect(tag.statusCode).toBe(200);
    expect((await c.put(`/service/people/${id}/add_tag.xml?tags[]=a&tags[]=b%20c`)).statusCode).toBe(200);
    const names = items(await c.get(`/service/tags.xml?contact_id=${id}`), 'tags').map((t: { name: string }) => t.name);
    expect(names.sort()).toEqual(['a', 'b c', 'x']);
  });

  it('merges query and body: body wins, keys absent from the body come from the query', async () => {
    const id = await createPerson(c, 'Merge', 'Me');
    const res = await c.put(`/service/people/${id}.xml?person[title]=QueryTitle&person[notes]=QueryNotes`, '<person><title>BodyTitle</title></person>');
    expect(res.statusCode).toBe(200);
    expect(await show(id)).toMatchObject({ title: 'BodyTitle', notes: 'QueryNotes', first_name: 'Merge' });
  });

  it('reads a location from the query when the body is the person XML (gem add_location)', async () => {
    const id = await createPerson(c, 'Gem', 'Location');
    const body = (await c.get(`/service/people/${id}.xml`)).body.replace('<first_name>Gem</first_name>', '<first_name>Ignored</first_name>');
    const res = await c.post(`/service/people/${id}/locations.xml?location[label]=work&location[email]=gem@example.com&location[city]=Providence`, body);
    expect(res.statusCode).toBe(201);
    expect(res.headers.location).toBe(`http://localhost:3000/service/people/${id}/locations/work.xml`);
    expect(xml(res).location).toMatchObject({ label: 'work', email: 'gem@example.com', city: 'Providence' });
    expect((await show(id)).first_name).toBe('Gem');
  });

  it('accepts a UTF-8 byte-order mark before <?xml', async () => {
    const bom = '\uFEFF<?xml version="1.0" encoding="utf-8"?><person><first_name>Bom</first_name><last_name>Ber</last_name></person>';
    const res = await raw(ctx, 'POST', '/service/people.xml', Buffer.from(bom, 'utf8'), 'application/xml');
    expect(res.statusCode).toBe(201);
    const id = idFromLocation(res);
    const upd = '\uFEFF<?xml version="1.0" encoding="utf-8"?><person><title>Bommed</title></person>';
    expect((await raw(ctx, 'PUT', `/service/people/${id}.xml`, Buffer.from(upd, 'utf8'), 'application/xml; charset=utf-8')).statusCode).toBe(200);
    expect(await show(id)).toMatchObject({ first_name: 'Bom', title: 'Bommed' });
  });

  it('accepts text/xml without whitespace between elements (.NET)', async () => {
    const res = await c.post('/service/people.xml', '<?xml version="1.0" encoding="utf-8"?><person><first_name>Dot</first_name><last_name>Net</last_name><title></title></person>', { type: 'text/xml' });
    expect(res.statusCode).toBe(201);
    const id = idFromLocation(res);
    const put = await c.put(`/service/people/${id}.xml`, '<?xml version="1.0" encoding="utf-8"?><person><notes>N</notes></person>', { type: 'text/xml; charset=utf-8' });
    expect(put.statusCode).toBe(200);
    expect(await show(id)).toMatchObject({ first_name: 'Dot', last_name: 'Net', notes: 'N' });
  });

  it('trims whitespace around text content', async () => {
    const res = await c.post('/service/people.xml', '<person>\n  <first_name>\n    Spacey\n  </first_name>\n  <last_name>  Kevin </last_name>\n</person>');
    expect(res.statusCode).toBe(201);
    const id = idFromLocation(res);
    expect((await c.put(`/service/people/${id}.xml`, 'person[title]=%20%20padded%20%20')).statusCode).toBe(200);
    expect(await show(id)).toMatchObject({ first_name: 'Spacey', last_name: 'Kevin', title: 'padded' });
  });

  it('decodes character references as Ruby Builder writes non-ASCII text', async () => {
    const res = await c.post('/service/people.xml', '<person><first-name>Ren&#233;</first-name><last-name>O&#x27;Neil &amp; Sons</last-name></person>');
    expect(res.statusCode).toBe(201);
    expect(person(res)).toMatchObject({ first_name: 'René', last_name: "O'Neil & Sons" });
  });
});

describe('booleans (spec §1.4)', () => {
  let id: number;
  beforeAll(async () => {
    id = await createPerson(c, 'Bool', 'Ean');
  });

  const primaryOf = (res: LightMyRequestResponse) => xml(res).location.primary;

  it('reads True, FALSE, 1 and 0 case-insensitively', async () => {
    const cases: [string, string][] = [['True', 'true'], ['FALSE', 'false'], ['1', 'true'], ['0', 'false'], ['true', 'true'], ['false', 'false']];
    for (const [input, expected] of cases) {
      const res = await c.post(`/service/people/${id}/locations.xml`, `<location><label>home</label><primary>${input}</primary></location>`);
      expect(res.statusCode, input).toBe(201);
      expect(primaryOf(res), input).toEqual({ '#text': expected, '@type': 'boolean' });
    }
    const put = await c.put(`/service/people/${id}/locations/home.xml`, 'location[primary]=TRUE');
    expect(put.statusCode).toBe(200);
    expect(primaryOf(put)['#text']).toBe('true');
  });

  it('answers 422 for a value that is not a boolean, and changes nothing', async () => {
    const before = await count(ctx, 'locations');
    const res = await c.post(`/service/people/${id}/locations.xml`, '<location><label>office</label><primary>maybe</primary></location>');
    expectErrorShape(res, 422);
    expect(await count(ctx, 'locations')).toBe(before);
    const put = await c.put(`/service/people/${id}/locations/home.xml`, '<location><primary>yes please</primary><city>Nowhere</city></location>');
    expectErrorShape(put, 422);
    expect(xml(await c.get(`/service/people/${id}/locations/home.xml`)).location.city).toBe('');
  });
});

describe('input limits and hostile input (decisions.md)', () => {
  let id: number;
  beforeAll(async () => {
    id = await createPerson(c, 'Target', 'Person', '<title>Original</title>');
  });

  /** Sends the request, expects `status` in the error shape and no change to people. */
  async function rejected(status: number, send: () => Promise<LightMyRequestResponse>): Promise<string[]> {
    const before = await count(ctx, 'people');
    const res = await send();
    const messages = expectErrorShape(res, status);
    expect(await count(ctx, 'people')).toBe(before);
    const p = person(await c.get(`/service/people/${id}.xml`));
    expect(p.title).toBe('Original');
    expect(p.first_name).toBe('Target');
    return messages;
  }

  const postXml = (body: string) => () => c.post('/service/people.xml', body);
  const putXml = (body: string) => () => c.put(`/service/people/${id}.xml`, body);

  it('answers 413 for a body over 1 MiB', async () => {
    const big = `<person><first_name>Big</first_name><title>Huge</title><notes>${'a'.repeat(1024 * 1024)}</notes></person>`;
    await rejected(413, postXml(big));
    await rejected(413, putXml(big.replace('Huge', 'Changed')));
    await rejected(413, () => c.post('/service/people.xml', { person: { first_name: 'Big', notes: 'b'.repeat(1024 * 1024) } }));
  });

  it('accepts a body just under the limit', async () => {
    const notes = 'n'.repeat(1000 * 1000);
    const res = await c.post('/service/people.xml', `<person><first_name>Almost</first_name><notes>${notes}</notes></person>`);
    expect(res.statusCode).toBe(201);
  });

  it('refuses a DOCTYPE: billion laughs and XXE answer 400 and write nothing', async () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
      '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><person><first_name>&lol3;</first_name></person>';
    const xxe = '<?xml version="1.0"?><!DOCTYPE person [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><person><first_name>&xxe;</first_name></person>';
    const bare = '<!doctype person><person><first_name>Doc</first_name></person>';
    for (const body of [laughs, xxe, bare]) {
      const messages = await rejected(400, postXml(body));
      expect(messages[0]).toMatch(/DOCTYPE|entity/i);
      await rejected(400, putXml(body.replace('<person>', '<person><title>Changed</title>')));
    }
    await rejected(400, () => c.post('/service/people.xml', laughs, { type: 'text/plain' }));
  });

  it('refuses nesting deeper than 32 levels, and accepts 32', async () => {
    const nest = (depth: number) => '<x>'.repeat(depth) + 'v' + '</x>'.repeat(depth);
    // person (1) + first_name sibling; extra (2) holds 30 more levels → 32 in total.
    const ok = await c.post('/service/people.xml', `<person><first_name>Deep</first_name><extra>${nest(30)}</extra></person>`);
    expect(ok.statusCode).toBe(201);
    await rejected(400, postXml(`<person><first_name>Deeper</first_name><extra>${nest(31)}</extra></person>`));
    await rejected(400, putXml(`<person><title>Changed</title><extra>${nest(31)}</extra></person>`));
    await rejected(400, postXml(nest(100000)));
  });

  it('refuses deeply nested JSON and form bodies with 400 too', async () => {
    let deep: unknown = 'v';
    for (let i = 0; i < 40; i++) deep = { x: deep };
    const sends = [
      () => c.post('/service/people.xml', { person: { first_name: 'Deep', extra: deep } }),
      // JSON.parse copes with this; the conversion after it must not overflow the stack (a 500).
      () => c.post('/service/people.xml', `{"person":{"first_name":"Deep","x":${'['.repeat(200000)}${']'.repeat(200000)}}}`, { type: 'application/json' }),
      () => c.post('/service/people.xml', `person[first_name]=Deep&person${'[x]'.repeat(40)}=v`),
      () => c.put(`/service/people/${id}.xml?person[title]=Changed&person${'[x]'.repeat(40)}=v`),
    ];
    for (const send of sends) expect((await rejected(400, send))[0]).toMatch(/deeper than 32 levels/);
    const ok = await c.post('/service/people.xml', { person: { first_name: 'Shallow', extra: { a: { b: ['c'] } } } });
    expect(ok.statusCode).toBe(201);
  });

  it('answers 400 for malformed XML', async () => {
    for (const body of ['<person><first_name>A</person>', '<person><first_name>A</first_name>', '<person>a & b</person>', '<person><first_name>A</first_name></person><person/>']) {
      expect((await rejected(400, postXml(body)))[0]).toMatch(/XML/);
    }
    await rejected(400, putXml('<person><title>Changed</title>'));
  });

  it('answers 400 for malformed JSON', async () => {
    for (const body of ['{"person": {"first_name": "A"', "{'person': 1}", '{"person": {"first_name": "A"}} trailing']) {
      await rejected(400, () => c.post('/service/people.xml', body, { type: 'application/json' }));
    }
    await rejected(400, () => c.put(`/service/people/${id}.xml`, '{"person": {"title": "Changed"', { type: 'application/json' }));
    const json = await c.put(`/service/people/${id}.json`, '{"person": {"title": "Changed"', { type: 'application/json' });
    expect(json.statusCode).toBe(400);
    expect(JSON.parse(json.body)).toEqual({ errors: ['Malformed JSON body'] });
  });

  it('answers 400 for bytes that are not UTF-8', async () => {
    const bad = Buffer.concat([Buffer.from('<person><first_name>'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('</first_name></person>')]);
    await rejected(400, () => raw(ctx, 'POST', '/service/people.xml', bad, 'application/xml'));
    const badForm = Buffer.concat([Buffer.from('person[first_name]='), Buffer.from([0xe9]), Buffer.from('&person[title]=Changed')]);
    await rejected(400, () => raw(ctx, 'PUT', `/service/people/${id}.xml`, badForm, 'application/x-www-form-urlencoded'));
    // Percent-encoded invalid UTF-8 and broken percent-encoding.
    await rejected(400, () => c.post('/service/people.xml', 'person[first_name]=%E9'));
    await rejected(400, () => c.put(`/service/people/${id}.xml?person[title]=%ZZ`));
  });

  it('answers 415 for an unsupported Content-Type with a body', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    await rejected(415, () => raw(ctx, 'POST', '/service/people.xml', png, 'image/png'));
    await rejected(415, () => raw(ctx, 'PUT', `/service/people/${id}.xml`, '<person><title>Changed</title></person>', 'application/octet-stream'));
  });
});

describe('201 Location (spec §1.5)', () => {
  const body = '<person><first_name>Loc</first_name></person>';

  it('is absolute http:// from the Host header on a plain request', async () => {
    const res = await c.post('/service/people.xml', body);
    expect(res.statusCode).toBe(201);
    expect(res.headers.location).toBe(`http://localhost:3000/service/people/${idFromLocation(res)}.xml`);
  });

  describe('behind a trusted proxy (CLASSICBOOK_TRUST_PROXY=true)', () => {
    let proxied: App;
    let p: Client;
    beforeAll(async () => {
      proxied = await makeApp({ CLASSICBOOK_TRUST_PROXY: 'true' });
      p = new Client(proxied.app);
    });
    afterAll(async () => proxied.app.close());

    it('is https:// behind a TLS-terminating proxy (X-Forwarded-Proto)', async () => {
      const onAccount = await p.post('/service/people.xml', body, { headers: { host: 'demo.batchbook.com', 'x-forwarded-proto': 'https' } });
      expect(onAccount.statusCode).toBe(201);
      expect(onAccount.headers.location).toBe(`https://demo.batchbook.com/service/people/${idFromLocation(onAccount)}.xml`);
      // acme is no account here, so the token alone decides and the host is still echoed.
      const other = await p.post('/service/people.xml', body, { headers: { host: 'acme.batchbook.com', 'x-forwarded-proto': 'https' } });
      expect(other.statusCode).toBe(201);
      expect(other.headers.location).toMatch(/^https:\/\/acme\.batchbook\.com\/service\/people\/\d+\.xml$/);
      // The .NET client's regex (spec §18).
      expect(String(other.headers.location)).toMatch(/\.batchbook\.com\/service\/people\/(\d+)\.xml/);
    });

    it('takes the host from X-Forwarded-Host, for Location and for the account Host rule', async () => {
      const res = await p.post('/service/people.xml', body, {
        headers: { host: 'backend:3000', 'x-forwarded-host': 'demo.batchbook.com', 'x-forwarded-proto': 'https' },
      });
      expect(res.statusCode).toBe(201);
      expect(res.headers.location).toBe(`https://demo.batchbook.com/service/people/${idFromLocation(res)}.xml`);
      const otherToken = (await proxied.services.accounts.createAccount('other', { email: 'o@x.com', name: 'O' })).token;
      // The forwarded host names demo, so other's token is refused there (decisions.md, Host rule).
      const refused = await p.get('/service/people.xml', { token: otherToken, headers: { host: 'backend:3000', 'x-forwarded-host': 'demo.batchbook.com' } });
      expect(refused.statusCode).toBe(401);
      expect((await p.get('/service/people.xml', { token: otherToken, headers: { host: 'backend:3000' } })).statusCode).toBe(200);
    });
  });

  it('ignores X-Forwarded-Proto and X-Forwarded-Host from a client when no proxy is trusted (the default)', async () => {
    const res = await c.post('/service/people.xml', body, {
      headers: { host: 'localhost:3000', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example.com' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers.location).toBe(`http://localhost:3000/service/people/${idFromLocation(res)}.xml`);
    // Nor do they move the account Host rule: fwd's host refuses demo's token, a forwarded one does not.
    await ctx.services.accounts.createAccount('fwd', { email: 'f@x.com', name: 'F' });
    expect((await c.get('/service/people.xml', { headers: { host: 'fwd.batchbook.com' } })).statusCode).toBe(401);
    const forwarded = await c.get('/service/people.xml', { headers: { host: 'localhost:3000', 'x-forwarded-host': 'fwd.batchbook.com' } });
    expect(forwarded.statusCode).toBe(200);
  });

  it('believes forwarded headers only from the addresses listed in CLASSICBOOK_TRUST_PROXY', async () => {
    // app.inject's peer address is 127.0.0.1.
    const elsewhere = await makeApp({ CLASSICBOOK_TRUST_PROXY: '10.0.0.0/8, 192.168.1.7' });
    const local = await makeApp({ CLASSICBOOK_TRUST_PROXY: '10.0.0.0/8,127.0.0.1' });
    try {
      const headers = { host: 'localhost:3000', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'demo.batchbook.com' };
      const ignored = await new Client(elsewhere.app).post('/service/people.xml', body, { headers });
      expect(ignored.headers.location).toBe(`http://localhost:3000/service/people/${idFromLocation(ignored)}.xml`);
      const believed = await new Client(local.app).post('/service/people.xml', body, { headers });
      expect(believed.headers.location).toBe(`https://demo.batchbook.com/service/people/${idFromLocation(believed)}.xml`);
    } finally {
      await elsewhere.app.close();
      await local.app.close();
    }
  });
});

describe('CLASSICBOOK_TRUST_PROXY', () => {
  it('defaults to off and takes true/false or a list of addresses and CIDRs', () => {
    const base = { DATABASE_URL: 'sqlite::memory:' };
    expect(loadConfig(base).trustProxy).toBe(false);
    expect(loadConfig({ ...base, CLASSICBOOK_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ ...base, CLASSICBOOK_TRUST_PROXY: 'off' }).trustProxy).toBe(false);
    expect(loadConfig({ ...base, CLASSICBOOK_TRUST_PROXY: '10.0.0.0/8, ::1,loopback' }).trustProxy).toEqual(['10.0.0.0/8', '::1', 'loopback']);
  });

  it('refuses anything else with a ConfigError naming the setting', () => {
    for (const bad of ['nginx', '10.0.0.0/33', '300.1.1.1', '2', '10.0.0.0/8,,']) {
      expect(() => loadConfig({ DATABASE_URL: 'sqlite::memory:', CLASSICBOOK_TRUST_PROXY: bad }), bad).toThrow(/CLASSICBOOK_TRUST_PROXY/);
    }
  });
});
