// Shared set-up for test/hostile-input.test.ts: one account with one record of every kind, a full
// dump of the database to prove that refused requests wrote nothing, and the concrete URL of every
// write route taken from the route table (src/http/routes-table.ts), so new routes are covered.
import { sql } from 'kysely';
import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { App } from '../src/app.js';
import { routesOf } from '../src/http/routes-table.js';
import { Client, createCompany, createPerson, idFromLocation } from './helpers.js';

export interface Seed {
  person: number;
  company: number;
  deal: number;
  todo: number;
  communication: number;
  comment: number;
  list: number;
}

async function created(res: LightMyRequestResponse): Promise<number> {
  if (res.statusCode !== 201) throw new Error(`seed: ${res.statusCode} ${res.body}`);
  return idFromLocation(res);
}

export async function seed(c: Client): Promise<Seed> {
  const person = await createPerson(c, 'Ann', 'Lee');
  const company = await createCompany(c, 'Acme');
  await c.post(`/service/people/${person}/locations.xml`, '<location><label>work</label><email>ann@acme.test</email><state>NY</state></location>');
  await c.put(`/service/people/${person}/add_tag.xml?tag=vip`);
  const deal = await created(await c.post('/service/deals.xml', '<deal><title>Big</title><amount>10</amount></deal>'));
  const todo = await created(await c.post('/service/todos.xml', '<todo><title>Call</title></todo>'));
  const communication = await created(await c.post('/service/communications.xml', '<communication><subject>Hi</subject><ctype>email</ctype></communication>'));
  const comment = await created(await c.post(`/service/people/${person}/comments.xml`, '<comment><comment>Note</comment></comment>'));
  const listRes = await c.post('/api/lists', { name: 'Hot' });
  const list = Number((JSON.parse(listRes.body) as { list?: { id: number }; id?: number }).list?.id ?? JSON.parse(listRes.body).id);
  if (!Number.isInteger(list)) throw new Error(`seed list: ${listRes.statusCode} ${listRes.body}`);
  return { person, company, deal, todo, communication, comment, list };
}

const TABLES = [
  'accounts', 'users', 'records', 'people', 'companies', 'locations', 'tags', 'super_tag_fields', 'taggings',
  'super_tag_values', 'comments', 'tombstones', 'deals', 'todos', 'communications', 'record_contacts',
  'affiliations', 'lists', 'list_members', 'activities', 'search_index',
];

/** Every row of every table, in a stable order: equal dumps mean nothing was written. */
export async function dump(app: App): Promise<string> {
  const parts: string[] = [];
  for (const table of TABLES) {
    const res = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(app.storage.db);
    parts.push(`${table}:${res.rows.map((r) => JSON.stringify(r)).sort().join('\n')}`);
  }
  return parts.join('\n\n');
}

const PARENT: Record<string, keyof Seed> = {
  people: 'person', companies: 'company', deals: 'deal', todos: 'todo', tasks: 'todo',
  communications: 'communication', comments: 'comment', lists: 'list',
};

/** `/service/people/:id/comments/:cid` → `/service/people/1/comments/7.xml` (JSON API paths bare). */
export function concrete(url: string, s: Seed): string {
  const parts = url.split('/');
  const out = parts.map((p, i) => {
    if (p === ':id') return String(s[PARENT[parts[i - 1] ?? ''] ?? 'person']);
    if (p === ':cid') return String(s.comment);
    if (p === ':label') return 'work';
    if (p === ':name') return 'vip';
    return p;
  });
  const path = out.join('/');
  return path.startsWith('/service/') ? `${path}.xml` : path;
}

export interface WriteRoute {
  method: 'POST' | 'PUT' | 'DELETE';
  url: string;
  pattern: string;
}

export function writeRoutes(app: App, s: Seed): WriteRoute[] {
  return routesOf(app.app)
    .filter((r): r is { method: WriteRoute['method']; url: string } => ['POST', 'PUT', 'DELETE'].includes(r.method))
    .map((r) => ({ method: r.method, pattern: r.url, url: concrete(r.url, s) }));
}

/** A 4xx in the API's error shape, XML or JSON. */
export function expectErrorShape(res: LightMyRequestResponse, label: string): void {
  expect(res.statusCode, `${label}: ${res.body}`).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, `${label}: ${res.body}`).toBeLessThan(500);
  const body = res.body.trim();
  if (body.startsWith('{')) {
    const errors = (JSON.parse(body) as { errors?: unknown }).errors;
    expect(Array.isArray(errors) && errors.length > 0, `${label}: ${body}`).toBe(true);
  } else {
    expect(body, label).toMatch(/<errors>\s*<error>[^<]+<\/error>/);
  }
}
