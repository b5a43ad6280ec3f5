// Generated request sequences for test/fuzz.test.ts: routes from the app's own table, ids
// drawn from records the sequence created (or random), random query strings and bodies.
import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { routesOf, type RouteEntry } from '../src/http/routes-table.js';
import { toJsonDocument } from '../src/codec/json-writer.js';
import { el, str } from '../src/codec/node.js';
import { toXmlDocument } from '../src/codec/xml-writer.js';
import { bodyArb, encodeForm, fieldsArb, nameArb, textArb, type BodyCase } from './fuzz-arbitraries.js';
import { basic, TOKEN } from './helpers.js';

const METHODS = ['GET', 'POST', 'PUT', 'DELETE'] as const;
type FuzzMethod = (typeof METHODS)[number];

/** A path parameter's value: an id the sequence created (by index), a random number, or text. */
type Slot = { pick: number } | { raw: string };

export interface FuzzRequest {
  /** null: the route's own method; else a method the route may not have (→ 404) */
  method: FuzzMethod | null;
  route: number;
  slots: Slot[];
  query: [string, string][];
  body: { raw: BodyCase } | { fields: [string, string][]; encoding: 'xml' | 'json' | 'form' } | null;
}

/** The record a route's collection takes, with the fields it requires (filled in unless generated). */
const RECORDS: Record<string, [string, Record<string, string>]> = {
  people: ['person', { first_name: 'Fuzz', last_name: 'Person' }],
  companies: ['company', { name: 'Fuzz Co' }],
  deals: ['deal', { title: 'Fuzz deal' }],
  todos: ['todo', { title: 'Fuzz todo' }],
  tasks: ['todo', { title: 'Fuzz task' }],
  communications: ['communication', { subject: 'Fuzz mail', ctype: 'email' }],
  comments: ['comment', { comment: 'Fuzz note' }],
  locations: ['location', { label: 'work' }],
  super_tags: ['super_tag', {}],
  lists: ['list', { name: 'Fuzz list' }],
};

function recordBody(url: string, fields: [string, string][], encoding: 'xml' | 'json' | 'form'): BodyCase {
  const coll = url.split('/').filter((s) => s in RECORDS).pop() ?? 'people';
  const [root, required] = RECORDS[coll] as [string, Record<string, string>];
  const values = { ...required, ...Object.fromEntries(fields) };
  const node = el(root, Object.entries(values).map(([k, v]) => str(k, v)));
  if (encoding === 'xml') return { payload: toXmlDocument(node), type: 'application/xml' };
  if (encoding === 'json') return { payload: toJsonDocument(node), type: 'application/json' };
  return { payload: encodeForm({ [root]: values }).join('&'), type: 'application/x-www-form-urlencoded' };
}

const slotArb: fc.Arbitrary<Slot> = fc.oneof(
  { weight: 3, arbitrary: fc.nat().map((pick) => ({ pick })) },
  { weight: 1, arbitrary: fc.oneof(fc.integer({ min: -5, max: 2_000_000 }).map(String), fc.constantFrom('work', 'main', 'vip', 'Social Media', '..', '%2F', 'x'.repeat(300)), textArb).map((raw) => ({ raw })) },
);

const queryKeyArb = fc.oneof(
  fc.constantFrom('tag', 'contact_id', 'person_id', 'company_id', 'deal_id', 'offset', 'limit', 'page', 'name', 'email', 'qtext', 'deleted_since', 'updated_since', 'role', 'label', 'tags[]', 'super_tag[twitter_username]'),
  nameArb,
);

export function requestArb(routeCount: number): fc.Arbitrary<FuzzRequest> {
  return fc.record({
    method: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...METHODS) }),
    route: fc.nat({ max: routeCount - 1 }),
    slots: fc.array(slotArb, { minLength: 2, maxLength: 2 }),
    query: fc.array(fc.tuple(queryKeyArb, fc.oneof(textArb, fc.integer().map(String))), { maxLength: 3 }),
    body: fc.oneof(
      { weight: 1, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: bodyArb.map((raw) => ({ raw })) },
      { weight: 3, arbitrary: fc.record({ fields: fieldsArb, encoding: fc.constantFrom('xml' as const, 'json' as const, 'form' as const) }) },
    ),
  });
}

/** Routes a sequence may call: everything registered except HEAD (answered like GET). */
export function fuzzRoutes(app: FastifyInstance): RouteEntry[] {
  return routesOf(app).filter((r) => r.method !== 'HEAD');
}

function fill(url: string, slots: Slot[], created: number[]): string {
  let i = 0;
  return url.replace(/:\w+/g, () => {
    const slot = slots[i++ % slots.length] as Slot;
    if ('raw' in slot) return encodeURIComponent(slot.raw);
    return String(created.length === 0 ? slot.pick : created[slot.pick % created.length]);
  });
}

/** Send one generated request as the account's owner; remember the id of anything created. */
export async function send(app: FastifyInstance, routes: RouteEntry[], req: FuzzRequest, created: number[]): Promise<LightMyRequestResponse> {
  const route = routes[req.route % routes.length] as RouteEntry;
  const url = route.url;
  const query = req.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const path = `${fill(url, req.slots, created)}${url.startsWith('/service/') ? '.xml' : ''}${query === '' ? '' : `?${query}`}`;
  const headers: Record<string, string> = { host: 'localhost:3000', authorization: basic(TOKEN) };
  const body = req.body === null ? null : 'raw' in req.body ? req.body.raw : recordBody(url, req.body.fields, req.body.encoding);
  if (body !== null && body.type !== '') headers['content-type'] = body.type;
  const payload = body === null ? undefined : typeof body.payload === 'string' ? body.payload : Buffer.from(body.payload);
  const res = await app.inject({ method: req.method ?? (route.method as FuzzMethod), url: path, headers, payload });
  const id = /\/(\d+)(?:\.(?:xml|json))?$/.exec(String(res.headers.location ?? ''));
  if (res.statusCode === 201 && id) created.push(Number(id[1]));
  return res;
}
