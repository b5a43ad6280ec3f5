// A real server process (`node dist/server.js`, compiled by the global setup) and a write-heavy
// workload spoken to it over HTTP, for the crash-safety and backup tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { basic, freePort, TOKEN } from './helpers.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface ServerProc {
  child: ChildProcess;
  port: number;
  base: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** Start the server on `url` (a SQLite file or PostgreSQL schema) and wait until it listens. */
export async function startServer(url: string): Promise<ServerProc> {
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/server.js'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DATABASE_URL: url,
      HOST: '127.0.0.1',
      PORT: String(port),
      CLASSICBOOK_RATE_LIMIT: 'off',
      CLASSICBOOK_BOOTSTRAP_TOKEN: TOKEN,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const proc = { child, port, base: `http://127.0.0.1:${port}/service`, output: () => out, exited };
  const deadline = Date.now() + 15_000;
  while (!out.includes(`Server listening at http://127.0.0.1:${port}`)) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}: ${out}`);
    if (Date.now() > deadline) throw new Error(`server did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return proc;
}

export async function killHard(proc: ServerProc): Promise<void> {
  proc.child.kill('SIGKILL');
  await proc.exited;
}

export async function stopGracefully(proc: ServerProc): Promise<void> {
  proc.child.kill('SIGTERM');
  await proc.exited;
}

export interface Answer {
  status: number;
  body: string;
  location: string | null;
}

/** One request; rejects when the connection dies without an answer. */
export async function request(base: string, method: string, path: string, body?: string): Promise<Answer> {
  const headers: Record<string, string> = { authorization: basic(TOKEN) };
  if (body !== undefined) headers['content-type'] = body.startsWith('<') ? 'application/xml' : 'application/x-www-form-urlencoded';
  const res = await fetch(`${base}${path}`, { method, headers, body });
  return { status: res.status, body: await res.text(), location: res.headers.get('location') };
}

/** What happened to one step: never sent, sent without an answer, or answered with success. */
export type Step = 'none' | 'pending' | 'acked';

/** A person whose create was acknowledged, and what the client knows about its later steps. */
export interface Tracked {
  id: number;
  first: string;
  email: string;
  tag: string;
  title: string;
  location: Step;
  tagging: Step;
  update: Step;
  deleted: Step;
}

export interface Workload {
  people: Tracked[];
  /** answers that were not the expected success */
  failures: string[];
  /** clients whose connection died without an answer (expected only when the server is killed) */
  cut: string[];
  /** creates acknowledged so far */
  acked(): number;
  stop(): void;
  done: Promise<void>;
}

/**
 * `clients` loops of: create a person (201), add a location (201) and a tag (200), update the
 * title (200), and delete every third person (200) — the last two only when `mutate`. Every step is recorded before it is sent,
 * so a request cut off by a crash stays 'pending'. A dead connection ends that client's loop.
 */
export function runWorkload(base: string, clients: number, opts: { prefix?: string; mutate?: boolean } = {}): Workload {
  const { prefix = 'W', mutate = true } = opts;
  const people: Tracked[] = [];
  const failures: string[] = [];
  const cut: string[] = [];
  let stopped = false;
  const step = async (t: Tracked, key: 'location' | 'tagging' | 'update' | 'deleted', method: string, path: string, body: string | undefined, ok: number) => {
    t[key] = 'pending';
    const res = await request(base, method, path, body);
    if (res.status !== ok) failures.push(`${method} ${path}: ${res.status} ${res.body}`);
    else t[key] = 'acked';
  };
  const client = async (c: number): Promise<void> => {
    for (let n = 1; !stopped; n += 1) {
      const first = `${prefix}${c}n${n}`;
      const res = await request(base, 'POST', '/people.xml', `<person><first_name>${first}</first_name><last_name>Load</last_name></person>`);
      if (res.status !== 201) {
        failures.push(`create: ${res.status} ${res.body}`);
        continue;
      }
      const id = Number(/\/(\d+)\.xml$/.exec(res.location ?? '')?.[1]);
      const t: Tracked = { id, first, email: `${first.toLowerCase()}@load.test`, tag: `t${c}`, title: `Title ${first}`, location: 'none', tagging: 'none', update: 'none', deleted: 'none' };
      people.push(t);
      if (stopped) break;
      await step(t, 'location', 'POST', `/people/${id}/locations.xml`, `location[label]=work&location[email]=${t.email}`, 201);
      await step(t, 'tagging', 'PUT', `/people/${id}/add_tag.xml?tag=${t.tag}`, undefined, 200);
      if (!mutate) continue;
      await step(t, 'update', 'PUT', `/people/${id}.xml`, `<person><title>${t.title}</title></person>`, 200);
      if (n % 3 === 0) await step(t, 'deleted', 'DELETE', `/people/${id}.xml`, undefined, 200);
    }
  };
  // A connection reset by the crash rejects the loop: that client simply stops.
  const done = Promise.all(Array.from({ length: clients }, (_, c) => client(c + 1).catch((err: Error) => void cut.push(err.message)))).then(() => undefined);
  return { people, failures, cut, acked: () => people.length, stop: () => (stopped = true), done };
}

/** Rows that only a torn write could leave: each query must return nothing. */
export const ORPHANS: Record<string, string> = {
  'person without its records row': `select p.id from people p left join records r on r.id = p.id where r.id is null or r.record_type <> 'person'`,
  'person record without its people row': `select r.id from records r where r.record_type = 'person' and not exists (select 1 from people p where p.id = r.id)`,
  'location of a missing record': `select l.id from locations l where not exists (select 1 from records r where r.id = l.record_id)`,
  'tagging of a missing record': `select t.record_id from taggings t where not exists (select 1 from records r where r.id = t.record_id)`,
  'tagging of a missing tag': `select t.tag_id from taggings t where not exists (select 1 from tags g where g.id = t.tag_id)`,
  'search entry of a missing record': `select s.record_id from search_index s where not exists (select 1 from records r where r.id = s.record_id)`,
};

/** ORPHANS with every count 0: what a consistent database answers. */
export const NO_ORPHANS: Record<string, number> = Object.fromEntries(Object.keys(ORPHANS).map((k) => [k, 0]));
