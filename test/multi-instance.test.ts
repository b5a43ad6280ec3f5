// Several instances behind a load balancer (issue 4): two real `node dist/server.js` processes on
// one PostgreSQL schema and one Redis, spoken to over real HTTP. Writes through one are read through
// the other; concurrent writes from both create no duplicates; one token has one rate-limit budget
// across the fleet. PostgreSQL only (vitest.config.ts excludes it from the sqlite project).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, TEST_POSTGRES_URL, freePort } from './helpers.js';

const ROOT = join(import.meta.dirname, '..');
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const TOKEN = 'multi-instance-token-0123456789';
const SCHEMA = `mi_${process.pid}_${randomUUID().replace(/-/g, '').slice(0, 10)}`;
const DATABASE_URL = `${TEST_POSTGRES_URL}?schema=${SCHEMA}`;
const PREFIX = `test:mi:${randomUUID()}:`;

interface Instance {
  child: ChildProcess;
  base: string;
  output: () => string;
  exited: Promise<number | null>;
}

const instances: Instance[] = [];

/** Start one server process and resolve once it listens (or fail with its output). */
async function startInstance(env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/server.js'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL,
      REDIS_URL,
      CLASSICBOOK_BOOTSTRAP_TOKEN: TOKEN,
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const instance: Instance = { child, base: `http://127.0.0.1:${port}/service`, output: () => out, exited };
  instances.push(instance);
  const deadline = Date.now() + 30_000;
  // The bootstrapping instance prints the token; the other one the plain "listening" line.
  while (!/API base:|Classicbook listening/.test(out)) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}: ${out}`);
    if (Date.now() > deadline) throw new Error(`server did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return instance;
}

async function stopInstance(instance: Instance): Promise<void> {
  if (instance.child.exitCode !== null || instance.child.signalCode !== null) return;
  instance.child.kill('SIGTERM');
  const timer = setTimeout(() => instance.child.kill('SIGKILL'), 10_000);
  await instance.exited;
  clearTimeout(timer);
}

interface Answer {
  status: number;
  headers: Headers;
  body: string;
}

/** One real HTTP request; the body is read at once so no connection is left hanging. */
async function call(instance: Instance, method: string, path: string, body?: string): Promise<Answer> {
  const headers: Record<string, string> = { authorization: basic(TOKEN) };
  if (body !== undefined) headers['content-type'] = 'application/xml';
  const res = await fetch(`${instance.base}${path}`, { method, headers, body });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

let pool: pg.Pool;

async function countRows(query: string, params: unknown[]): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(`select count(*)::text as n from "${SCHEMA}".${query}`, params);
  return Number(rows[0]?.n);
}

function idFrom(res: Answer): number {
  const m = /\/(\d+)\.xml$/.exec(res.headers.get('location') ?? '');
  if (!m) throw new Error(`no id in Location of a ${res.status} answer`);
  return Number(m[1]);
}

let a: Instance;
let b: Instance;

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: TEST_POSTGRES_URL, max: 2 });
  // Both at once on an empty schema: they race on creating the schema, migrating and bootstrapping.
  [a, b] = await Promise.all([startInstance({ CLASSICBOOK_RATE_LIMIT: 'off' }), startInstance({ CLASSICBOOK_RATE_LIMIT: 'off' })]);
});

afterAll(async () => {
  await Promise.all(instances.map(stopInstance));
  await pool.query(`drop schema if exists "${SCHEMA}" cascade`);
  await pool.end();
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  const keys = await redis.keys(`${PREFIX}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

describe('two server processes on one PostgreSQL and Redis', () => {
  it('both started on an empty schema at once, and exactly one bootstrapped the account', async () => {
    expect([a.output(), b.output()].filter((o) => o.includes('API token:'))).toHaveLength(1);
    expect(await countRows('accounts', [])).toBe(1);
    expect(await countRows('users', [])).toBe(1);
  });

  it('reads through one instance what was written through the other', async () => {
    const created = await call(a, 'POST', '/people.xml', '<person><first_name>Across</first_name><last_name>Instances</last_name></person>');
    expect(created.status).toBe(201);
    const read = await call(b, 'GET', `/people/${idFrom(created)}.xml`);
    expect(read.status).toBe(200);
    expect(read.body).toContain('<first_name>Across</first_name>');
    const updated = await call(b, 'PUT', `/people/${idFrom(created)}.xml`, '<person><title>Updated on B</title></person>');
    expect(updated.status).toBe(200);
    expect((await call(a, 'GET', `/people/${idFrom(created)}.xml`)).body).toContain('<title>Updated on B</title>');
  });

  it('creates one tag and one tagging from 20 concurrent add_tag requests split across both', async () => {
    const person = idFrom(await call(a, 'POST', '/people.xml', '<person><first_name>Tagged</first_name></person>'));
    const spellings = ['Same', 'same', 'SAME', 'sAmE'];
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => call(i % 2 ? b : a, 'PUT', `/people/${person}/add_tag.xml?tag=${spellings[i % 4]}`)),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(await countRows(`tags where name_key = $1`, ['same'])).toBe(1);
    expect(await countRows(`taggings where record_id = $1`, [person])).toBe(1);
    const tags = (await call(b, 'GET', `/tags.xml?contact_id=${person}`)).body;
    expect(tags.match(/<tag>/g)).toHaveLength(1);
  });

  it('creates one location from 20 concurrent POSTs of the same label across both, all answered 201', async () => {
    const person = idFrom(await call(b, 'POST', '/people.xml', '<person><first_name>Located</first_name></person>'));
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call(i % 2 ? b : a, 'POST', `/people/${person}/locations.xml`, `<location><label>work</label><phone>555-01${String(i).padStart(2, '0')}</phone></location>`),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(await countRows(`locations where record_id = $1`, [person])).toBe(1);
    const doc = (await call(a, 'GET', `/people/${person}/locations.xml`)).body;
    expect(doc.match(/<location>/g)).toHaveLength(1);
    // The surviving row is one of the posted versions, not a mixture.
    expect(doc).toMatch(/<phone>555-01\d\d<\/phone>/);
  });

  it('gives 20 people created concurrently through both 20 distinct ids', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => call(i % 2 ? b : a, 'POST', '/people.xml', `<person><first_name>Many${i}</first_name></person>`)),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(201));
    const ids = answers.map(idFrom);
    expect(new Set(ids).size).toBe(20);
    for (const [i, id] of ids.entries()) {
      expect((await call(i % 2 ? a : b, 'GET', `/people/${id}.xml`)).body).toContain(`<first_name>Many${i}</first_name>`);
    }
  });

  it('shares one rate-limit budget: 5 of 16 concurrent requests pass across both, not 5 each', async () => {
    const env = { CLASSICBOOK_RATE_LIMIT: '5/60s', CLASSICBOOK_RATE_LIMIT_PREFIX: PREFIX };
    const [c, d] = await Promise.all([startInstance(env), startInstance(env)]);
    for (const instance of [c, d]) expect(instance.output()).toContain('counters shared through Redis');
    const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => call(i % 2 ? d : c, 'GET', '/people.xml')));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 503)).toHaveLength(11);
    for (const res of answers.filter((r) => r.status === 503)) expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const remaining = answers.filter((r) => r.status === 200).map((r) => Number(r.headers.get('x-ratelimit-remaining')));
    expect(remaining.sort()).toEqual([0, 1, 2, 3, 4]);
    // Both instances refuse once the shared budget is spent.
    expect((await call(c, 'GET', '/people.xml')).status).toBe(503);
    expect((await call(d, 'GET', '/people.xml')).status).toBe(503);
  });
});
