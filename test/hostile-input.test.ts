// Issue 5, item 1: hostile and malformed input. Every write route (from the route table, so new
// routes are covered) refuses each malformed body with a 4xx in the error shape and writes nothing;
// text round-trips exactly; search, paging, path, id, date and number abuse never answers 5xx.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { Client, makeApp, xml } from './helpers.js';
import { dump, expectErrorShape, seed, writeRoutes, type Seed } from './hostile-fixture.js';

const entities = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('');
const BODY_CASES: { name: string; type: string; body: string | Buffer; status: number }[] = [
  { name: 'billion laughs', type: 'application/xml', status: 400, body: `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">${entities}]><person><first_name>&lol9;</first_name></person>` },
  { name: 'external entity (XXE)', type: 'application/xml', status: 400, body: '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><person><first_name>&xxe;</first_name></person>' },
  { name: 'bare DOCTYPE', type: 'text/xml', status: 400, body: '<!DOCTYPE person><person><first_name>Doc</first_name></person>' },
  { name: 'nesting 33 deep', type: 'application/xml', status: 400, body: `<person>${'<a>'.repeat(32)}x${'</a>'.repeat(32)}</person>` },
  { name: 'body over 1 MiB', type: 'application/xml', status: 413, body: `<person><notes>${'x'.repeat(1024 * 1024)}</notes></person>` },
  { name: 'truncated XML', type: 'application/xml', status: 400, body: '<person><first_name>Ann</first' },
  { name: 'mismatched XML', type: 'application/xml', status: 400, body: '<person><first_name>Ann</last_name></person>' },
  { name: 'invalid JSON', type: 'application/json', status: 400, body: '{"person": {"first_name": "Ann"' },
  { name: 'invalid form encoding', type: 'application/x-www-form-urlencoded', status: 400, body: 'person[first_name]=%ZZ&tag=%E0%A4%A' },
  { name: 'wrong content type', type: 'image/png', status: 415, body: '\x89PNG\r\n' },
  { name: 'invalid UTF-8', type: 'application/xml', status: 400, body: Buffer.from([...Buffer.from('<person><first_name>'), 0xff, 0xfe, 0xc3, ...Buffer.from('</first_name></person>')]) },
  { name: 'control character in XML', type: 'application/xml', status: 400, body: '<person><first_name>A\u0001B</first_name></person>' },
  { name: 'escaped control character in JSON', type: 'application/json', status: 400, body: '{"person":{"first_name":"A\\u0001B"},"name":"A\\u001bB"}' },
  { name: 'control character in a form', type: 'application/x-www-form-urlencoded', status: 400, body: 'person[first_name]=A%01B&name=A%1B&tag=A%00' },
  { name: 'raw control character in JSON', type: 'application/json', status: 400, body: '{"person":{"first_name":"A\u0001B"}}' },
];

let built: App;
let c: Client;
let s: Seed;
beforeAll(async () => {
  built = await makeApp();
  c = new Client(built.app);
  s = await seed(c);
});
afterAll(async () => built.app.close());

describe('malformed bodies on every write route', () => {
  it('covers every write route of the route table', () => {
    const routes = writeRoutes(built, s);
    expect(routes.length).toBeGreaterThanOrEqual(80);
    expect(routes.map((r) => `${r.method} ${r.pattern}`)).toEqual(
      expect.arrayContaining(['POST /service/people', 'PUT /service/tags/:name/add_to', 'POST /api/lists/:id/members', 'PUT /service/communications/:id/add_participant']),
    );
  });

  it('answers each case with its 4xx in the error shape and writes nothing', { timeout: 240_000 }, async () => {
    const before = await dump(built);
    let requests = 0;
    for (const route of writeRoutes(built, s)) {
      for (const k of BODY_CASES) {
        const res = await built.app.inject({
          method: route.method,
          url: route.url,
          payload: k.body,
          headers: { host: 'localhost:3000', authorization: basicAuth(), 'content-type': k.type },
        });
        const label = `${route.method} ${route.url} / ${k.name}`;
        expect(res.statusCode, `${label}: ${res.body}`).toBe(k.status);
        expectErrorShape(res, label);
        requests += 1;
      }
    }
    expect(requests).toBeGreaterThanOrEqual(80 * BODY_CASES.length);
    expect((await dump(built)).split('\n')).toEqual(before.split('\n'));
  });
});

function basicAuth(): string {
  return `Basic ${Buffer.from(`${c.token}:`).toString('base64')}`;
}

const VARIANTS = {
  emoji: 'Smile 😀 👍🏽 family 👨‍👩‍👧 flag 🇳🇴',
  rtl: 'مرحبا بالعالم — שלום עולם ‏mixed‎ abc',
  xmlSpecials: `a<b>&c"d'e ]]> &amp; <![CDATA[x]]>`,
};

const escapeXml = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

interface RoundTrip {
  name: string;
  fields: string[];
  create: (body: string, v: string) => Promise<string>;
  root: string;
  extra?: string;
}

function createdUrl(res: { statusCode: number; body: string; headers: Record<string, unknown> }, show: (id: number) => string): string {
  expect(res.statusCode, res.body).toBe(201);
  const m = /\/(\d+)\.(xml|json)$/.exec(String(res.headers.location));
  return show(Number(m?.[1]));
}

const ROUND_TRIPS: RoundTrip[] = [
  { name: 'person', root: 'person', fields: ['first_name', 'last_name', 'title', 'notes'], create: async (b) => createdUrl(await c.post('/service/people.xml', `<person>${b}</person>`), (id) => `/service/people/${id}.xml`) },
  { name: 'company', root: 'company', fields: ['name', 'notes'], create: async (b) => createdUrl(await c.post('/service/companies.xml', `<company>${b}</company>`), (id) => `/service/companies/${id}.xml`) },
  { name: 'deal', root: 'deal', fields: ['title', 'description'], create: async (b) => createdUrl(await c.post('/service/deals.xml', `<deal>${b}</deal>`), (id) => `/service/deals/${id}.xml`) },
  { name: 'todo', root: 'todo', fields: ['title', 'description'], create: async (b) => createdUrl(await c.post('/service/todos.xml', `<todo>${b}</todo>`), (id) => `/service/todos/${id}.xml`) },
  { name: 'communication', root: 'communication', fields: ['subject', 'body'], extra: '<ctype>email</ctype>', create: async (b) => createdUrl(await c.post('/service/communications.xml', `<communication>${b}</communication>`), (id) => `/service/communications/${id}.xml`) },
  { name: 'comment', root: 'mega_comment', fields: ['comment'], create: async (b) => createdUrl(await c.post(`/service/people/${s.person}/comments.xml`, `<comment>${b}</comment>`), (id) => `/service/comments/${id}.xml`) },
  {
    name: 'location',
    root: 'location',
    fields: ['label', 'phone', 'cell', 'fax', 'street_1', 'street_2', 'city', 'state', 'postal_code', 'country'],
    create: async (b, v) => {
      const res = await c.post(`/service/companies/${s.company}/locations.xml`, `<location>${b}</location>`);
      expect(res.statusCode, res.body).toBe(201);
      return `/service/companies/${s.company}/locations/${encodeURIComponent(`label ${v}`)}.xml`;
    },
  },
];

/** Text of an element as the test parser reads it (`{'#text'}` when it has attributes). */
function text(node: unknown): string {
  if (typeof node === 'string') return node;
  if (node && typeof node === 'object' && '#text' in node) return String((node as { '#text': unknown })['#text']);
  return '';
}

describe('text round-trips exactly through create and show', () => {
  for (const rt of ROUND_TRIPS) {
    for (const [variant, value] of Object.entries(VARIANTS)) {
      it(`${rt.name}: ${variant} in ${rt.fields.join(', ')}`, async () => {
        const valueOf = (f: string) => `${f} ${value}`;
        const body = rt.fields.map((f) => `<${f}>${escapeXml(valueOf(f))}</${f}>`).join('') + (rt.extra ?? '');
        const url = await rt.create(body, value);
        for (const format of ['xml', 'json'] as const) {
          const res = await c.get(url.replace(/\.xml$/, `.${format}`));
          expect(res.statusCode, res.body).toBe(200);
          const doc = format === 'xml' ? xml(res)[rt.root] : jsonRecord(res.body, rt.root);
          for (const f of rt.fields) expect(format === 'xml' ? text(doc[f]) : doc[f], `${format} ${f}`).toBe(valueOf(f));
        }
      });
    }
  }
});

function jsonRecord(body: string, root: string): Record<string, unknown> {
  const parsed = JSON.parse(body) as Record<string, Record<string, unknown>>;
  return parsed[root] ?? parsed;
}
