// Test harness: a fresh app on a fresh in-memory SQLite database per test file, spoken to over
// HTTP with `app.inject` (STYLE.md, convention 6).
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { expect } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { buildApp, type App, type BuildOptions } from '../src/app.js';
import { loadConfig, type Config } from '../src/config.js';

export const TOKEN = 'test-token-0123456789abcdef';
export const OTHER_TOKEN_ACCOUNT = 'other';

/** The database a test app runs on: CLASSICBOOK_TEST_DB=postgres selects PostgreSQL (see vitest.config.ts). */
export const TEST_DIALECT = process.env.CLASSICBOOK_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
let schemas = 0;

/** A DATABASE_URL for a fresh, empty database: in-memory SQLite, or a new PostgreSQL schema. */
export function freshDatabaseUrl(): string {
  if (TEST_DIALECT === 'sqlite') return 'sqlite::memory:';
  schemas += 1;
  return `${TEST_POSTGRES_URL}?schema=t_${process.pid}_${schemas}_${Math.random().toString(36).slice(2, 8)}`;
}

/** Drop a test schema (PostgreSQL) once its app is closed. */
export async function dropSchema(url: string): Promise<void> {
  const schema = new URL(url).searchParams.get('schema');
  if (!schema) return;
  const pool = new pg.Pool({ connectionString: TEST_POSTGRES_URL, max: 1 });
  try {
    await pool.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await pool.end();
  }
}

/** A fresh app; `options` may replace the (silenced) logger, e.g. to read what the app logs. */
export async function makeApp(env: Record<string, string> = {}, options: BuildOptions = {}): Promise<App> {
  const url = env.DATABASE_URL ?? freshDatabaseUrl();
  const config: Config = loadConfig({
    CLASSICBOOK_BOOTSTRAP_TOKEN: TOKEN,
    CLASSICBOOK_RATE_LIMIT: 'off',
    CLASSICBOOK_AUTH_FAIL_LIMIT: 'off',
    ...env,
    DATABASE_URL: url,
  });
  const built = await buildApp(config, { logger: false, ...options });
  if (TEST_DIALECT === 'postgres' && env.DATABASE_URL === undefined) built.app.addHook('onClose', async () => dropSchema(url));
  return built;
}

export function basic(token: string, password = ''): string {
  return `Basic ${Buffer.from(`${token}:${password}`).toString('base64')}`;
}

export interface Call {
  body?: string | Record<string, unknown>;
  type?: string;
  headers?: Record<string, string>;
  token?: string | null;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** A small client bound to one app and token. Objects as body are sent as JSON. */
export class Client {
  constructor(
    readonly app: FastifyInstance,
    readonly token: string = TOKEN,
  ) {}

  async call(method: Method, url: string, opts: Call = {}): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { host: 'localhost:3000', ...(opts.headers ?? {}) };
    const token = opts.token === undefined ? this.token : opts.token;
    if (token !== null) headers.authorization = basic(token);
    let payload: string | undefined;
    if (typeof opts.body === 'string') {
      payload = opts.body;
      headers['content-type'] = opts.type ?? (opts.body.trimStart().startsWith('<') ? 'application/xml' : 'application/x-www-form-urlencoded');
    } else if (opts.body !== undefined) {
      payload = JSON.stringify(opts.body);
      headers['content-type'] = opts.type ?? 'application/json';
    } else if (opts.type) {
      headers['content-type'] = opts.type;
    }
    return this.app.inject({ method, url, headers, payload });
  }

  get(url: string, opts?: Call) {
    return this.call('GET', url, opts);
  }
  post(url: string, body?: Call['body'], opts: Call = {}) {
    return this.call('POST', url, { ...opts, body });
  }
  put(url: string, body?: Call['body'], opts: Call = {}) {
    return this.call('PUT', url, { ...opts, body });
  }
  del(url: string, body?: Call['body'], opts: Call = {}) {
    return this.call('DELETE', url, { ...opts, body });
  }
}

/** Children that are always read as arrays, by parent element (collections of the API). */
const COLLECTION_CHILD: Record<string, string> = {
  people: 'person',
  companies: 'company',
  tags: 'tag',
  locations: 'location',
  mega_comments: 'mega_comment',
  users: 'user',
  super_tags: 'super_tag',
  fields: 'field',
  field: 'option',
  errors: 'error',
  todos: 'todo',
  deals: 'deal',
  communications: 'communication',
  participants: 'participant',
  statuses: 'status',
  records: 'record',
  affiliations: 'affiliation',
  lists: 'list',
  contacts: 'contact',
  activities: 'activity',
};

/** Other repeated children read as arrays, by parent (a deal's lists and a to-do's participants). */
const EXTRA_CHILDREN: Record<string, string[]> = {
  participants: ['participant_id'],
  attached_communications: ['attached_communication_id'],
  attached_contacts: ['attached_contacts_id'],
  todos: ['todo_id'],
};

const reader = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  isArray: (name, jpath) => {
    const parts = String(jpath).split('.');
    const parent = parts[parts.length - 2];
    return parent !== undefined && (COLLECTION_CHILD[parent] === name || (EXTRA_CHILDREN[parent] ?? []).includes(name));
  },
});

/** Parse an XML response for assertions (a test-side parser, independent of the app's codec). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function xml(res: LightMyRequestResponse | string): any {
  return reader.parse(typeof res === 'string' ? res : res.body);
}

/** Id of a created resource, from its Location header (as ActiveResource reads it). */
export function idFromLocation(res: LightMyRequestResponse): number {
  const loc = String(res.headers.location ?? '');
  const m = /\/(\d+)\.(xml|json)$/.exec(loc);
  if (!m) throw new Error(`no id in Location "${loc}" (status ${res.statusCode}: ${res.body})`);
  return Number(m[1]);
}

export async function createPerson(c: Client, first = 'Ann', last = 'Lee', extra = ''): Promise<number> {
  const res = await c.post('/service/people.xml', `<person><first_name>${first}</first_name><last_name>${last}</last_name>${extra}</person>`);
  if (res.statusCode !== 201) throw new Error(`create person: ${res.statusCode} ${res.body}`);
  return idFromLocation(res);
}

export async function createCompany(c: Client, name = 'Acme'): Promise<number> {
  const res = await c.post('/service/companies.xml', `<company><name>${name}</name></company>`);
  if (res.statusCode !== 201) throw new Error(`create company: ${res.statusCode} ${res.body}`);
  return idFromLocation(res);
}

/** Replace volatile values (timestamps) so a document can be compared with a golden fixture. */
export function stableXml(body: string): string {
  return body
    .replace(/[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}/g, 'TIME')
    .replace(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{4}/g, 'OFFSET_TIME');
}

/** The items of a collection document (`<people type="array">` → person[]), [] when empty. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function items(res: LightMyRequestResponse | string, root: string): any[] {
  const doc = xml(res)[root];
  const child = COLLECTION_CHILD[root] as string;
  return doc && typeof doc === 'object' && Array.isArray(doc[child]) ? doc[child] : [];
}

/** Integer ids of a collection's items. */
export function ids(res: LightMyRequestResponse | string, root: string): number[] {
  return items(res, root).map((i: { id: { '#text': string } }) => Number(i.id['#text']));
}

const FIXTURES = join(import.meta.dirname, 'fixtures');

/**
 * Compare a document with its golden fixture (test/fixtures/NAME.xml), timestamps masked.
 * Regenerate after an intended change with UPDATE_GOLDEN=1 and review the diff.
 */
export function golden(name: string, body: string): void {
  const file = join(FIXTURES, `${name}.xml`);
  const actual = stableXml(body);
  if (process.env.UPDATE_GOLDEN) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

/** A TCP port that is free right now, for tests that spawn real server processes. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}
