// Property-based fuzzing (issue 5, item 2) with fast-check, seeded and bounded: the codecs
// round-trip generated records; arbitrary input never crashes a decoder (only DomainErrors,
// i.e. 4xx, may escape); arbitrary request sequences against a live app never answer 5xx.
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { parseDateInput } from '../src/codec/dates.js';
import { toJsonDocument } from '../src/codec/json-writer.js';
import { fromJson, parseFormEncoded } from '../src/codec/params.js';
import { parseXmlBody } from '../src/codec/xml-reader.js';
import { toXmlDocument } from '../src/codec/xml-writer.js';
import { DomainError } from '../src/errors.js';
import { bodyArb, encodeForm, expectedFromJson, expectedFromXml, formParamsArb, recordArb, textArb, trimmedParams } from './fuzz-arbitraries.js';
import { fuzzRoutes, requestArb, send } from './fuzz-requests.js';
import { basic, Client, createCompany, createPerson, makeApp, TOKEN } from './helpers.js';

/** Fixed seed: a failure is reproducible; fast-check prints the counterexample and its path. */
const SEED = 0x5eed5;
const RUNS = { seed: SEED, numRuns: 400 };

/** Run `decode`; it may only fail with a DomainError (a 4xx), never anything else. */
function decodesOrRefuses(decode: () => unknown): void {
  try {
    decode();
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    // A decoder refuses input as a 400 (bad_request), or a 422 at most (src/http/errors.ts).
    expect(['bad_request', 'invalid_record']).toContain((err as DomainError).code);
  }
}

describe('codec round trips: decode(encode(x)) = x', () => {
  it('XML: parseXmlBody(toXmlDocument(node)) is the node\'s text, XML-invalid characters dropped and trimmed', () => {
    fc.assert(
      fc.property(recordArb, (node) => {
        expect(parseXmlBody(toXmlDocument(node))).toEqual({ [node.name]: expectedFromXml(node) });
      }),
      RUNS,
    );
  });

  it('JSON: fromJson(JSON.parse(toJsonDocument(node))) is the node\'s values, strings trimmed', () => {
    fc.assert(
      fc.property(recordArb, (node) => {
        expect(fromJson(JSON.parse(toJsonDocument(node)))).toEqual({ [node.name]: expectedFromJson(node) });
      }),
      RUNS,
    );
  });

  it('forms and query strings: parseFormEncoded(bracket keys) gives the params back, values trimmed', () => {
    fc.assert(
      fc.property(formParamsArb, (params) => {
        expect(parseFormEncoded(encodeForm(params).join('&'))).toEqual(trimmedParams(params));
      }),
      RUNS,
    );
  });
});

/** XML-looking noise: the tokens a parser has to get right, in any order. */
const xmlishArb = fc
  .array(fc.oneof(fc.constantFrom('<a>', '</a>', '<b x="1">', '</b>', '<c/>', '<', '>', '/', '&', '&amp;', '&#x1F600;', '&#0;', '&#99999999;', '<!--', '-->', '<?xml version="1.0"?>', '<![CDATA[', ']]>', '<!DOCTYPE a>', '"', "'", '=', ' ', 'nil="true"', 'type="array"', '__proto__'), textArb), { maxLength: 40 })
  .map((parts) => parts.join(''));

const bracketishArb = fc
  .array(fc.oneof(fc.constantFrom('&', '=', '[', ']', '[]', '%', '%zz', '%E0%A4%A', '+', '__proto__', 'constructor', 'a', 'b'), textArb), { maxLength: 40 })
  .map((parts) => parts.join(''));

describe('decoders never crash on arbitrary input', () => {
  it('parseXmlBody: any string or XML-ish noise → Params or a 4xx DomainError', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'binary' }), xmlishArb), (text) => decodesOrRefuses(() => parseXmlBody(text))), RUNS);
  });

  it('parseFormEncoded: any string or bracket-key noise → Params or a 4xx DomainError', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'binary' }), bracketishArb), (text) => decodesOrRefuses(() => parseFormEncoded(text))), RUNS);
  });

  it('fromJson: any JSON value, however nested → Params or a 4xx DomainError', () => {
    const deep = fc.integer({ min: 0, max: 200 }).map((n) => JSON.parse(`${'['.repeat(n)}1${']'.repeat(n)}`) as unknown);
    fc.assert(fc.property(fc.oneof(fc.jsonValue(), deep), (value) => decodesOrRefuses(() => fromJson(value))), RUNS);
  });

  it('parseDateInput: any string → null or a valid ISO instant, never a throw', () => {
    const dateish = fc
      .tuple(fc.integer({ min: -1, max: 10000 }), fc.integer({ min: -1, max: 13 }), fc.integer({ min: -1, max: 40 }), fc.integer({ min: 0, max: 99 }), fc.constantFrom('', 'Z', ' UTC', ' +0430', ' -9999', '+25:00'))
      .map(([y, m, d, h, z]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')} ${String(h).padStart(2, '0')}:00:00${z}`);
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), dateish), (text) => {
        const iso = parseDateInput(text);
        if (iso !== null) expect(new Date(iso).toISOString()).toBe(iso);
      }),
      RUNS,
    );
  });
});

/** Never a 5xx; every 4xx in the API's error shape (XML `<errors>` or JSON `{"errors": …}`). */
function expectClientAnswer(res: LightMyRequestResponse, what: string): void {
  expect(res.statusCode, `${what}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
  if (res.statusCode >= 400) expect(res.body, what).toMatch(/<errors>[\s\S]*<error>|"errors"\s*:/);
}

describe('a live app never answers 5xx', () => {
  let ctx: App;
  let person: number;
  beforeAll(async () => {
    ctx = await makeApp();
    person = await createPerson(new Client(ctx.app), 'Fuzz', 'Target');
    await createCompany(new Client(ctx.app), 'Fuzz Co');
  });
  afterAll(async () => ctx.app.close());

  it('to random bodies under every content type, on create and update', async () => {
    const statuses = new Map<number, number>();
    const targets = ['POST /service/people', 'PUT /service/people/ID', 'POST /service/deals', 'POST /service/todos', 'POST /service/communications', 'POST /service/people/ID/comments', 'POST /service/people/ID/locations', 'PUT /service/people/ID/super_tags/Social%20Media', 'POST /api/lists'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...targets), bodyArb, async (target, body) => {
        const [method, path] = target.replace('ID', String(person)).split(' ') as ['POST' | 'PUT', string];
        const headers: Record<string, string> = { host: 'localhost:3000', authorization: basic(TOKEN) };
        if (body.type !== '') headers['content-type'] = body.type;
        const url = path.startsWith('/service/') ? `${path}.xml` : path;
        const payload = typeof body.payload === 'string' ? body.payload : Buffer.from(body.payload);
        const res = await ctx.app.inject({ method, url, headers, payload });
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        expectClientAnswer(res, `${target} ${body.type}`);
      }),
      { seed: SEED, numRuns: 300 },
    );
    if (process.env.FUZZ_STATS) console.log('FUZZ_STATS bodies', JSON.stringify([...statuses].sort()));
    // Some generated bodies are accepted (so decoding reached the services), most are refused.
    expect([...statuses].filter(([s]) => s < 300).reduce((n, [, c]) => n + c, 0)).toBeGreaterThan(10);
  });

  it('to arbitrary request sequences drawn from the route table (ids from created records and random ones)', async () => {
    const routes = fuzzRoutes(ctx.app);
    expect(routes.length).toBeGreaterThan(50);
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.array(requestArb(routes.length), { minLength: 10, maxLength: 20 }), async (sequence) => {
        const created = [person];
        for (const req of sequence) {
          const res = await send(ctx.app, routes, req, created);
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          const route = routes[req.route % routes.length];
          expectClientAnswer(res, `${req.method ?? route?.method} ${route?.url}`);
        }
      }),
      { seed: SEED, numRuns: 100 },
    );
    if (process.env.FUZZ_STATS) console.log('FUZZ_STATS sequences', JSON.stringify([...statuses].sort()));
    // The sequences reach the handlers, not just the router: successes and creates happen too.
    const count = (pred: (s: number) => boolean) => [...statuses].filter(([s]) => pred(s)).reduce((n, [, c]) => n + c, 0);
    expect(count(() => true)).toBeGreaterThanOrEqual(1000);
    expect(count((s) => s === 200)).toBeGreaterThan(50);
    expect(count((s) => s === 201)).toBeGreaterThan(10);
  });
});

describe('regressions found by the fuzzer (kept as examples)', () => {
  let ctx: App;
  beforeAll(async () => {
    ctx = await makeApp();
  });
  afterAll(async () => ctx.app.close());

  it('a NUL in a path segment or search parameter of a read is a 400, not a 500 (PostgreSQL refuses NUL in text)', async () => {
    const c = new Client(ctx.app);
    for (const url of ['/service/tags/%00.xml', '/service/people.xml?name=%00', '/service/people.xml?email=a%00b', '/service/records.xml?qtext=%00', '/service/companies.xml?name=%01']) {
      const res = await c.get(url);
      expect(res.statusCode, url).toBe(400);
      expectClientAnswer(res, url);
    }
  });

  it('a carriage return stored through JSON reads back exactly through XML (written as &#13;, XML 1.0 §2.11)', async () => {
    const c = new Client(ctx.app);
    const res = await c.post('/service/people.json', { person: { first_name: 'Line\r\nBreak', last_name: 'CR\rOnly' } });
    expect(res.statusCode).toBe(201);
    const shown = await c.get(String(res.headers.location).replace(/\.json$/, '.xml'));
    expect(shown.body).toContain('Line&#13;\nBreak');
    expect(parseXmlBody(shown.body)).toMatchObject({ person: { first_name: 'Line\r\nBreak', last_name: 'CR\rOnly' } });
  });
});
