// Tenant isolation matrix (issue 5, item 3), generated from the route table itself: every route
// the app registers under /service and /api is called with account B's token against account
// A's ids and names. Each answers 404 (or, for a collection, a 200 without A's data), writes
// nothing for B when refused, and a full dump of A's rows is identical before and after. A new
// route is covered automatically; one with a path parameter this file cannot fill fails it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { App } from '../src/app.js';
import { routesOf, type RouteEntry } from '../src/http/routes-table.js';
import { Client, createCompany, createPerson, idFromLocation, makeApp, TOKEN, type Method } from './helpers.js';
import { accountDump } from './tenant-dump.js';

/** Every text value of A's records carries this, so a leak shows up in any response body. */
const MARK = 'Zq7mark';
const ST = 'Social Media';

/**
 * Routes that take no account data at all and so cannot leak (documented allowlist): the
 * health probes answer without a token.
 */
const NO_TENANT_DATA = new Set(['GET /healthz', 'GET /readyz']);

/**
 * Collection creates that make B's own record from B's own input (no id of A's can be named in
 * their bodies): they answer 201, and the new record must not carry A's data.
 */
const OWN_CREATES = new Set(['POST /service/people', 'POST /service/companies', 'POST /api/lists']);

/**
 * Collection reads that only answer with a filter naming a record: legacy locations.xml needs
 * contact_id (404 without), affiliations.xml person_id or company_id (422 without).
 */
const NEEDS_FILTER = new Set(['GET /service/locations', 'GET /service/affiliations']);

/** The query of a collection read that needs one (records.xml takes exactly one of qtext/deleted_since, spec §12). */
const PLAIN_QUERY: Record<string, string> = { 'GET /service/records': `?qtext=${MARK}` };

interface Ids {
  person: number;
  company: number;
  deal: number;
  todo: number;
  communication: number;
  list: number;
  /** comment ids by the collection they hang off, plus `comments` for the flat route */
  comments: Record<string, number>;
}

let ctx: App;
let a: Client;
let b: Client;
let aId: number;
let bId: number;
let A: Ids;

async function ok(res: Promise<LightMyRequestResponse>, what: string): Promise<LightMyRequestResponse> {
  const r = await res;
  if (r.statusCode >= 300) throw new Error(`setup ${what}: ${r.statusCode} ${r.body}`);
  return r;
}

async function comment(base: string): Promise<number> {
  return idFromLocation(await ok(a.post(`${base}/comments.xml`, `<comment><comment>${MARK} note</comment></comment>`), `comment ${base}`));
}

async function createRecords(): Promise<Omit<Ids, 'comments' | 'list'>> {
  const company = await createCompany(a, `${MARK} Corp`);
  const person = await createPerson(a, 'Ann', MARK, `<company>${MARK} Corp</company><title>${MARK} boss</title>`);
  const deal = idFromLocation(await ok(a.post('/service/deals.xml', `<deal><title>${MARK} deal</title><deal_with_id>${person}</deal_with_id></deal>`), 'deal'));
  const todo = idFromLocation(await ok(a.post('/service/todos.xml', `<todo><title>${MARK} todo</title><deal_id>${deal}</deal_id></todo>`), 'todo'));
  const communication = idFromLocation(
    await ok(a.post('/service/communications.xml', `<communication><subject>${MARK} mail</subject><ctype>email</ctype></communication>`), 'communication'),
  );
  return { person, company, deal, todo, communication };
}

async function decorate(r: Omit<Ids, 'comments' | 'list'>): Promise<number> {
  const steps = [
    a.post(`/service/people/${r.person}/locations.xml`, `<location><label>work</label><city>${MARK} City</city></location>`),
    a.post(`/service/companies/${r.company}/locations.xml`, `<location><label>main</label><phone>555-0100</phone></location>`),
    a.put(`/service/people/${r.person}/add_tag.xml?tag=vip`),
    a.put(`/service/companies/${r.company}/add_tag.xml?tag=vip`),
    a.put(`/service/deals/${r.deal}/add_tag.xml?tag=vip`),
    a.put(`/service/todos/${r.todo}/add_tag.xml?tag=vip`),
    a.put(`/service/communications/${r.communication}/add_tag.xml?tag=vip`),
    a.put(`/service/people/${r.person}/super_tags/${encodeURIComponent(ST)}.xml?super_tag[twitter_username]=${MARK}`),
    a.put(`/service/companies/${r.company}/super_tags/${encodeURIComponent(ST)}.xml?super_tag[twitter_username]=${MARK}`),
    a.put(`/service/deals/${r.deal}/super_tags/${encodeURIComponent(ST)}.xml?super_tag[twitter_username]=${MARK}`),
    a.put(`/service/deals/${r.deal}/add_related_contact.xml?contact_id=${r.company}`),
    a.put(`/service/todos/${r.todo}/add_related_contact.xml?contact_id=${r.person}`),
    a.put(`/service/communications/${r.communication}/add_participant.xml?contact_id=${r.person}&role=to`),
  ];
  for (const [i, step] of steps.entries()) await ok(step, `step ${i}`);
  const list = (JSON.parse((await ok(a.post('/api/lists', { name: `${MARK} list`, description: MARK }), 'list')).body) as { list: { id: number } }).list.id;
  await ok(a.post(`/api/lists/${list}/members`, { contact_ids: [r.person, r.company] }), 'members');
  return list;
}

beforeAll(async () => {
  ctx = await makeApp();
  a = new Client(ctx.app, TOKEN);
  b = new Client(ctx.app, (await ctx.services.accounts.createAccount('other', { email: 'b@b.example', name: 'Bea Other' })).token);
  aId = (await ctx.services.accounts.requireAccount('demo')).id;
  bId = (await ctx.services.accounts.requireAccount('other')).id;
  await ctx.services.superTags.define(aId, ST, [{ name: 'Twitter Username', type: 'Text', options: [] }]);
  const records = await createRecords();
  const list = await decorate(records);
  const comments: Record<string, number> = {};
  for (const [coll, id] of [['people', records.person], ['companies', records.company], ['deals', records.deal], ['todos', records.todo], ['communications', records.communication]] as const) {
    comments[coll] = await comment(`/service/${coll}/${id}`);
  }
  comments.tasks = comments.todos as number;
  comments.comments = comments.people as number;
  A = { ...records, list, comments };
});
afterAll(async () => ctx.app.close());

/** `/service/people/:id/comments/:cid` → its collection (`people`); `/api/lists` → `lists`. */
function collectionOf(url: string): string {
  return url.split('/')[2] as string;
}

function idFor(coll: string): number {
  const byCollection: Record<string, number> = {
    people: A.person, records: A.person, companies: A.company, deals: A.deal, todos: A.todo, tasks: A.todo,
    communications: A.communication, lists: A.list, comments: A.comments.comments as number,
  };
  const id = byCollection[coll];
  if (id === undefined) throw new Error(`no id of A's for collection ${coll}: extend idFor`);
  return id;
}

function nameFor(url: string): string {
  if (url.includes('/super_tags/')) return encodeURIComponent(ST);
  if (url.includes('/add_tag/')) return 'evil';
  if (url.includes('/remove_tag/') || url.startsWith('/service/tags/')) return 'vip';
  throw new Error(`no name for ${url}: extend nameFor`);
}

/** Fill every path parameter with A's matching id or name; an unknown parameter fails the test. */
function fillPath(url: string): string {
  const coll = collectionOf(url);
  return url.replace(/:(\w+)/g, (_whole, param: string) => {
    if (param === 'id') return String(idFor(coll));
    if (param === 'cid') return String(A.comments[coll] ?? NaN);
    if (param === 'label') return coll === 'people' ? 'work' : 'main';
    if (param === 'name') return nameFor(url);
    throw new Error(`route ${url} has parameter :${param} this matrix cannot fill: extend fillPath`);
  });
}

/** A plausible body for a write, naming A's records wherever the resource takes an id. */
function bodyFor(url: string): string | Record<string, unknown> | undefined {
  if (url.startsWith('/api/')) return { name: `hacked`, contact_ids: [A.person, A.company] };
  const last = url.split('/').filter((s) => s !== '' && !s.startsWith(':')).pop();
  const bodies: Record<string, string> = {
    people: '<person><first_name>Intruder</first_name><last_name>B</last_name></person>',
    companies: '<company><name>Intruder Inc</name></company>',
    locations: '<location><label>work</label><city>Hackville</city></location>',
    comments: '<comment><comment>intruder</comment></comment>',
    deals: `<deal><title>hacked</title><deal_with_id>${A.person}</deal_with_id></deal>`,
    todos: `<todo><title>hacked</title><deal_id>${A.deal}</deal_id></todo>`,
    tasks: `<todo><title>hacked</title><deal_id>${A.deal}</deal_id></todo>`,
    communications: `<communication><subject>hacked</subject><ctype>email</ctype><deal_id>${A.deal}</deal_id></communication>`,
  };
  return bodies[last ?? ''];
}

/** Query for writes: every id-taking parameter names A's records (tags, related contacts, participants). */
function writeQuery(): string {
  return `?tag=evil&contact_id=${A.person}&person_id=${A.person}&deal_id=${A.deal}&role=to&super_tag[twitter_username]=hacked`;
}

/** Query for collection reads: filters naming A's records must not reveal them. */
function readFilter(): string {
  return `?contact_id=${A.person}&person_id=${A.person}&company_id=${A.company}&deal_id=${A.deal}&todo_id=${A.todo}&name=${MARK}&email=${MARK}&tag=vip`;
}

function urlOf(route: RouteEntry, query: string): string {
  const path = fillPath(route.url);
  return `${path}${route.url.startsWith('/service/') ? '.xml' : ''}${query}`;
}

const hasParam = (route: RouteEntry) => route.url.includes(':');
const key = (route: RouteEntry) => `${route.method} ${route.url}`;

function expectErrorShape(res: LightMyRequestResponse, what: string): void {
  expect(res.body, what).toMatch(/<errors>|"errors"/);
}

function expectNoLeak(res: LightMyRequestResponse, what: string): void {
  expect(res.statusCode, what).toBeLessThan(500);
  expect(res.body, what).not.toContain(MARK);
}

/** Call as B; a refused request must leave B's rows as they were, too. */
async function asB(method: Method, url: string, body: ReturnType<typeof bodyFor>): Promise<LightMyRequestResponse> {
  const before = await accountDump(ctx.storage, bId);
  const res = await b.call(method, url, { body });
  expectNoLeak(res, `${method} ${url}`);
  if (res.statusCode >= 400) {
    expectErrorShape(res, `${method} ${url}`);
    expect(await accountDump(ctx.storage, bId), `B's rows after refused ${method} ${url}`).toEqual(before);
  }
  return res;
}

async function exercise(route: RouteEntry): Promise<void> {
  const method = route.method as Method;
  const what = key(route);
  if (hasParam(route)) {
    const res = await asB(method, urlOf(route, method === 'GET' ? '' : writeQuery()), method === 'GET' ? undefined : bodyFor(route.url));
    expect(res.statusCode, what).toBe(404);
  } else if (method === 'GET') {
    const plain = (await asB(method, urlOf(route, PLAIN_QUERY[what] ?? ''), undefined)).statusCode;
    expect(NEEDS_FILTER.has(what) ? [404, 422] : [200], what).toContain(plain);
    // Filtered by A's ids: 404 (unknown record), 422 (filter refused) or a 200 without A's data.
    expect([200, 404, 422], `${what} filtered`).toContain((await asB(method, urlOf(route, readFilter()), undefined)).statusCode);
  } else {
    const res = await asB(method, urlOf(route, writeQuery()), bodyFor(route.url));
    expect(OWN_CREATES.has(what) ? [201] : [404, 422], what).toContain(res.statusCode);
  }
}

describe('tenant isolation matrix (every route, account B against account A)', () => {
  it('A can read every record-bearing GET route with the substituted ids (the matrix aims at real data)', async () => {
    for (const route of routesOf(ctx.app).filter((r) => r.method === 'GET' && hasParam(r) && r.url.startsWith('/'))) {
      const res = await a.get(urlOf(route, ''));
      expect(res.statusCode, key(route)).toBe(200);
    }
  });

  it('B gets 404 or none of A\'s data on every route, and A\'s rows are byte-identical afterwards', async () => {
    const before = JSON.stringify(await accountDump(ctx.storage, aId));
    const routes = routesOf(ctx.app).filter((r) => r.method !== 'HEAD');
    const exercised = new Set<string>();
    for (const route of routes) {
      if (NO_TENANT_DATA.has(key(route))) continue;
      expect(route.url, key(route)).toMatch(/^\/(service|api)\//);
      await exercise(route);
      exercised.add(key(route));
    }
    // No route silently skipped: everything registered is either exercised or allowlisted.
    const expected = routes.map(key).filter((k) => !NO_TENANT_DATA.has(k));
    expect([...exercised].sort()).toEqual([...new Set(expected)].sort());
    expect(exercised.size).toBeGreaterThan(100);
    expect(JSON.stringify(await accountDump(ctx.storage, aId))).toBe(before);
  });
});
