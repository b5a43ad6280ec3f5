// Crash safety (issue 5, item 5): a real server process under a write-heavy workload is killed
// with SIGKILL mid-stream and restarted on the same database — a SQLite file (WAL,
// synchronous=FULL, src/storage/db.ts) or a PostgreSQL schema (default durability). Every write
// answered 201/200 must be there afterwards, and nothing may be half-written. SIGTERM draining
// is covered by test/shutdown.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { openStorage } from '../src/storage/db.js';
import { dropSchema, freshDatabaseUrl, TEST_DIALECT, xml } from './helpers.js';
import { killHard, NO_ORPHANS, ORPHANS, request, runWorkload, startServer, stopGracefully, type ServerProc, type Tracked } from './server-process.js';

let dir: string;
let url: string;
const running: ServerProc[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'classicbook-crash-'));
  url = TEST_DIALECT === 'sqlite' ? `sqlite:${join(dir, 'crash.db')}` : freshDatabaseUrl();
});

afterAll(async () => {
  for (const p of running) if (p.child.exitCode === null) await killHard(p);
  rmSync(dir, { recursive: true, force: true });
  if (TEST_DIALECT === 'postgres') await dropSchema(url);
});

/** Torn-write counts (ORPHANS), and the people the clients never heard about. */
async function inspect(tracked: Tracked[]): Promise<{ orphans: Record<string, number>; unacknowledged: string[] }> {
  const storage = openStorage(loadConfig({ DATABASE_URL: url }).database);
  try {
    const orphans: Record<string, number> = {};
    for (const [what, query] of Object.entries(ORPHANS)) orphans[what] = (await sql.raw(query).execute(storage.db)).rows.length;
    const known = new Set(tracked.map((t) => t.id));
    const people = await storage.db.selectFrom('people').select(['id', 'first_name']).execute();
    return { orphans, unacknowledged: people.filter((p) => !known.has(p.id)).map((p) => String(p.first_name)) };
  } finally {
    await storage.close();
  }
}

/** One Step's possible outcomes: acked → must have happened; none → must not; pending → either. */
function allowed(step: Tracked['location'], happened: boolean): boolean {
  return step === 'pending' || happened === (step === 'acked');
}

/** Problems with one acknowledged person as the restarted server shows it; [] when consistent. */
async function check(base: string, t: Tracked): Promise<string[]> {
  const res = await request(base, 'GET', `/people/${t.id}.xml`);
  if (res.status === 404) return t.deleted === 'none' ? [`${t.id} (${t.first}) lost`] : [];
  if (res.status !== 200) return [`${t.id}: GET answered ${res.status}`];
  const p = xml(res.body).person;
  const emails = (p.locations?.location ?? []).map((l: { email?: string }) => l.email);
  const tags = (p.tags?.tag ?? []).map((g: { name: string }) => g.name);
  const title = typeof p.title === 'string' && p.title !== '' ? p.title : null;
  const problems: string[] = [];
  if (t.deleted === 'acked') problems.push(`${t.id}: deleted but still there`);
  if (p.first_name !== t.first) problems.push(`${t.id}: first_name ${String(p.first_name)}`);
  if (!allowed(t.location, emails.includes(t.email))) problems.push(`${t.id}: location ${t.location}, emails ${emails.join()}`);
  if (!allowed(t.tagging, tags.includes(t.tag))) problems.push(`${t.id}: tag ${t.tagging}, tags ${tags.join()}`);
  if (!allowed(t.update, title === t.title)) problems.push(`${t.id}: update ${t.update}, title ${String(title)}`);
  if (title !== null && title !== t.title) problems.push(`${t.id}: torn title ${title}`);
  return problems;
}

describe(`SIGKILL under write load (${TEST_DIALECT})`, () => {
  it('keeps every acknowledged write, and nothing half-written, after a restart', async () => {
    const first = await startServer(url);
    running.push(first);
    const load = runWorkload(first.base, 8);
    // Mid-stream: some hundreds of ms of load, and at least a few dozen acknowledged creates.
    const start = Date.now();
    while (Date.now() - start < 500 || load.acked() < 50) await new Promise((r) => setTimeout(r, 10));
    const loadMs = Date.now() - start;
    await killHard(first);
    await load.done;
    expect(load.failures).toEqual([]);
    // Every client was cut off by the kill: the load really was in flight.
    expect(load.cut).toHaveLength(8);

    const found = await inspect(load.people);
    expect(found.orphans).toEqual(NO_ORPHANS);
    // A create cut off by the kill may have committed — at most one per client, and a whole one.
    expect(found.unacknowledged.length).toBeLessThanOrEqual(8);
    for (const name of found.unacknowledged) expect(name).toMatch(/^W\d+n\d+$/);
    const second = await startServer(url);
    running.push(second);
    try {
      const problems = (await Promise.all(load.people.map((t) => check(second.base, t)))).flat();
      expect(problems).toEqual([]);
      const count = (s: keyof Pick<Tracked, 'location' | 'tagging' | 'update' | 'deleted'>) => load.people.filter((t) => t[s] === 'acked').length;
      console.log(
        `crash-safety ${TEST_DIALECT}: ${load.people.length} creates acked in ${loadMs} ms; locations ${count('location')}, tags ${count('tagging')}, updates ${count('update')}, deletes ${count('deleted')} acked; ${load.people.filter((t) => [t.location, t.tagging, t.update, t.deleted].includes('pending')).length} steps in flight`,
      );
      // The restarted server still writes.
      expect((await request(second.base, 'POST', '/people.xml', '<person><first_name>After</first_name></person>')).status).toBe(201);
    } finally {
      await stopGracefully(second);
    }
  }, 60_000);
});
