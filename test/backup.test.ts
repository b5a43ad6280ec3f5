// `classicbook backup` / `classicbook restore` (issue 5, item 6), against a real server process
// that keeps writing through HTTP while the backup runs. SQLite: the online backup API, then
// restore into a fresh path and over the live one. PostgreSQL: pg_dump of the schema, restored
// with pg_restore into a new database; `restore` refuses and points to the docs.
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { execFile, execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { Client, dropSchema, freshDatabaseUrl, makeApp, TEST_DIALECT, TEST_POSTGRES_URL } from './helpers.js';
import { killHard, NO_ORPHANS, ORPHANS, request, runWorkload, startServer, stopGracefully, type ServerProc, type Tracked, type Workload } from './server-process.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
let dir: string;
const running: ServerProc[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'classicbook-backup-'));
});
afterAll(async () => {
  for (const p of running) if (p.child.exitCode === null) await killHard(p);
  rmSync(dir, { recursive: true, force: true });
});

async function cli(url: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { DATABASE_URL: url }, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The installed command (`bin/classicbook.js`) in its own process, so this one keeps writing meanwhile. */
function bin(url: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: url };
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'bin', 'classicbook.js'), ...argv], { env }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout.trim(), err: stderr.trim() });
    });
  });
}

async function server(url: string): Promise<ServerProc> {
  const proc = await startServer(url);
  running.push(proc);
  return proc;
}

/** Creates with a location and a tag, until `n` people are settled (every step answered). */
async function until(load: Workload, n: number): Promise<Tracked[]> {
  const settled = () => load.people.filter((t) => t.location === 'acked' && t.tagging === 'acked');
  while (settled().length < n) await new Promise((r) => setTimeout(r, 10));
  return settled().map((t) => ({ ...t }));
}

type Row = Record<string, unknown>;
type Query = (text: string, ids: number[]) => Promise<Row[]>;

/** Everything stored for the given people, table by table, in a stable order. */
async function dump(query: Query, ids: number[]): Promise<Record<string, Row[]>> {
  const list = ids.join(',');
  return {
    people: await query(`select * from people where id in (${list}) order by id`, ids),
    records: await query(`select * from records where id in (${list}) order by id`, ids),
    locations: await query(`select * from locations where record_id in (${list}) order by id`, ids),
    taggings: await query(`select * from taggings where record_id in (${list}) order by record_id, tag_id`, ids),
    tags: await query(`select * from tags where id in (select tag_id from taggings where record_id in (${list})) order by id`, ids),
    search_index: await query(`select * from search_index where record_id in (${list}) order by record_id`, ids),
  };
}

function sqliteQuery(db: SQLite.Database): Query {
  return async (text) => db.prepare(text).all() as Row[];
}

async function orphansIn(query: Query): Promise<Record<string, number>> {
  const found: Record<string, number> = {};
  for (const [what, text] of Object.entries(ORPHANS)) found[what] = (await query(text, [])).length;
  return found;
}

/**
 * ~4 MB of people first, so that the copy is many times SQLite's default backup step (100
 * pages): a backup taken step by step while another process writes would restart over and over.
 */
async function seed(url: string): Promise<void> {
  const ctx = await makeApp({ DATABASE_URL: url });
  try {
    const c = new Client(ctx.app);
    const notes = 'n'.repeat(8000);
    for (let i = 0; i < 10; i += 1) {
      await Promise.all(Array.from({ length: 50 }, (_, j) => c.post('/service/people.xml', `<person><first_name>S${i}x${j}</first_name><notes>${notes}</notes></person>`)));
    }
  } finally {
    await ctx.app.close();
  }
}

/** Writes running, a backup taken, writes still running after it; then the load is stopped. */
async function backupUnderLoad(url: string, file: string): Promise<{ proc: ServerProc; before: Tracked[]; load: Workload; out: string }> {
  await seed(url);
  const proc = await server(url);
  const load = runWorkload(proc.base, 6, { prefix: 'B', mutate: false });
  const before = await until(load, 40);
  const ackedAtStart = load.acked();
  const startedAt = Date.now();
  const run = await bin(url, 'backup', file);
  expect(run).toMatchObject({ code: 0, err: '' });
  console.log(`backup ${TEST_DIALECT}: ${run.out} in ${Date.now() - startedAt} ms, ${load.acked() - ackedAtStart} creates acknowledged meanwhile`);
  // The server kept answering while the backup ran, and writes went on after it.
  const after = load.acked();
  while (load.acked() < after + 10) await new Promise((r) => setTimeout(r, 10));
  load.stop();
  await load.done;
  expect(load.failures).toEqual([]);
  expect(load.cut).toEqual([]);
  expect(load.acked()).toBeGreaterThan(ackedAtStart);
  return { proc, before, load, out: run.out };
}

if (TEST_DIALECT === 'sqlite') {
  describe('classicbook backup / restore on SQLite', () => {
    it('copies a consistent snapshot while the server writes, and restores it into a fresh path', async () => {
      const live = join(dir, 'live.db');
      const file = join(dir, 'snap.db');
      const { proc, before, out } = await backupUnderLoad(`sqlite:${live}`, file);
      expect(out).toMatch(/^backup written to .*snap\.db \(\d+ pages\)$/);

      const fresh = join(dir, 'restored', 'fresh.db');
      const run = await cli(`sqlite:${fresh}`, 'restore', file);
      expect(run).toMatchObject({ code: 0, err: '', out: `restored from ${file}` });
      const restored = new SQLite(fresh, { readonly: true });
      const liveDb = new SQLite(live, { readonly: true });
      try {
        expect(restored.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(await orphansIn(sqliteQuery(restored))).toEqual(NO_ORPHANS);
        // Everything acknowledged before the backup began, exactly as the live database has it
        // (the load never touches a settled person again).
        const ids = before.map((t) => t.id);
        const expected = await dump(sqliteQuery(liveDb), ids);
        expect(expected.people).toHaveLength(ids.length);
        expect(expected.locations).toHaveLength(ids.length);
        expect(expected.taggings).toHaveLength(ids.length);
        expect(await dump(sqliteQuery(restored), ids)).toEqual(expected);
        // Nothing the live database lacks: every restored person is the live row or an earlier state of it.
        const restoredIds = (restored.prepare('select id from people').all() as { id: number }[]).map((r) => r.id);
        const liveIds = new Set((liveDb.prepare('select id from people').all() as { id: number }[]).map((r) => r.id));
        expect(restoredIds.filter((id) => !liveIds.has(id))).toEqual([]);
        expect(restoredIds.length).toBeLessThan(liveIds.size);
      } finally {
        restored.close();
        liveDb.close();
      }
      await stopGracefully(proc);
    }, 60_000);

    it('refuses to restore over a database a server has open, then replaces it once stopped and keeps the old file', async () => {
      const live = join(dir, 'over.db');
      const url = `sqlite:${live}`;
      const file = join(dir, 'over-snap.db');
      const { proc, before, load } = await backupUnderLoad(url, file);
      const latest = Math.max(...load.people.map((t) => t.id));
      const refused = await cli(url, 'restore', file);
      expect(refused.code).toBe(1);
      expect(refused.err).toMatch(/in use \(is the server running\?\); stop it before restoring/);
      expect((await request(proc.base, 'GET', `/people/${latest}.xml`)).status).toBe(200);
      expect(readdirSync(dir).filter((f) => f.startsWith('over.db.bak-'))).toEqual([]);

      await stopGracefully(proc);
      const run = await cli(url, 'restore', file);
      expect(run.code).toBe(0);
      const kept = /previous database kept as (.+)$/.exec(run.out)?.[1] ?? '';
      expect(kept).toMatch(/over\.db\.bak-\d{4}-\d{2}-\d{2}T/);
      const old = new SQLite(kept, { readonly: true });
      try {
        expect(old.prepare('select count(*) as n from people where id = ?').get(latest)).toEqual({ n: 1 });
      } finally {
        old.close();
      }
      expect(existsSync(`${live}-wal`)).toBe(false);

      const again = await server(url);
      expect((await request(again.base, 'GET', `/people/${before[0]?.id}.xml`)).status).toBe(200);
      // Created after the backup finished: not in the restored database.
      expect((await request(again.base, 'GET', `/people/${latest}.xml`)).status).toBe(404);
      expect((await request(again.base, 'POST', '/people.xml', '<person><first_name>Next</first_name></person>')).status).toBe(201);
      await stopGracefully(again);
    }, 60_000);

    it('refuses a file that is not a Classicbook database and leaves the target alone', async () => {
      const target = join(dir, 'target.db');
      expect((await cli(`sqlite:${target}`, 'migrate')).code).toBe(0);
      const size = statSync(target).size;
      const junk = join(dir, 'junk.db');
      writeFileSync(junk, 'not a database at all, just some text '.repeat(200));
      const notSqlite = await cli(`sqlite:${target}`, 'restore', junk);
      expect(notSqlite.code).toBe(1);
      expect(notSqlite.err).toMatch(/junk\.db is not a SQLite database/);

      const other = join(dir, 'other.db');
      const plain = new SQLite(other);
      plain.exec('create table t (a integer)');
      plain.close();
      const foreign = await cli(`sqlite:${target}`, 'restore', other);
      expect(foreign).toMatchObject({ code: 1, err: `error: ${other} is not a Classicbook database (no migrations table)` });
      expect((await cli(`sqlite:${target}`, 'restore', join(dir, 'missing.db'))).err).toMatch(/no backup at/);
      expect(statSync(target).size).toBe(size);
      expect(readdirSync(dir).filter((f) => f.startsWith('target.db.'))).toEqual([]);
    });

    it('refuses to overwrite an existing backup file or back up a missing database', async () => {
      const existing = join(dir, 'exists.db');
      writeFileSync(existing, 'keep me');
      const target = join(dir, 'target2.db');
      expect((await cli(`sqlite:${target}`, 'migrate')).code).toBe(0);
      expect(await cli(`sqlite:${target}`, 'backup', existing)).toMatchObject({ code: 1, err: `error: ${existing} already exists; choose a new file name` });
      expect(await cli(`sqlite:${target}`, 'backup', join(dir, 'no-dir', 'b.db'))).toMatchObject({ code: 1, err: `error: directory ${join(dir, 'no-dir')} does not exist` });
      expect(await cli(`sqlite:${join(dir, 'nothing.db')}`, 'backup', join(dir, 'b.db'))).toMatchObject({ code: 1, err: `error: no database at ${join(dir, 'nothing.db')}` });
      expect(existsSync(join(dir, 'nothing.db'))).toBe(false);
    });
  });
} else {
  describe('classicbook backup / restore on PostgreSQL', () => {
    const url = freshDatabaseUrl();
    const schema = new URL(url).searchParams.get('schema') ?? '';
    const restoreDb = `cb_restore_${process.pid}_${Date.now()}`;
    const admin = new pg.Pool({ connectionString: TEST_POSTGRES_URL, max: 2 });
    const restoredUrl = (() => {
      const u = new URL(TEST_POSTGRES_URL);
      u.pathname = `/${restoreDb}`;
      return u.toString();
    })();

    afterAll(async () => {
      await dropSchema(url);
      await admin.query(`drop database if exists ${restoreDb}`);
      await admin.end();
    });

    function pgQuery(pool: pg.Pool): Query {
      return async (text) => (await pool.query(text)).rows as Row[];
    }

    it('runs pg_dump on the schema while the server writes; pg_restore brings back every acknowledged record', async () => {
      const file = join(dir, 'snap.dump');
      const { proc, before } = await backupUnderLoad(url, file);
      await stopGracefully(proc);
      await admin.query(`create database ${restoreDb}`);
      const restored = new pg.Pool({ connectionString: restoredUrl, max: 1, options: `-c search_path=${schema},public` });
      const liveDb = new pg.Pool({ connectionString: TEST_POSTGRES_URL, max: 1, options: `-c search_path=${schema},public` });
      try {
        // As docs/deploy.md says: a one-schema dump does not carry pg_trgm (it lives in public).
        await restored.query('create extension if not exists pg_trgm with schema public');
        execFileSync('pg_restore', ['--no-owner', `--dbname=${restoredUrl}`, file]);
        expect(await orphansIn(pgQuery(restored))).toEqual(NO_ORPHANS);
        const ids = before.map((t) => t.id);
        const expected = await dump(pgQuery(liveDb), ids);
        expect(expected.people).toHaveLength(ids.length);
        expect(await dump(pgQuery(restored), ids)).toEqual(expected);
      } finally {
        await restored.end();
        await liveDb.end();
      }
    }, 60_000);

    it('restore refuses with a pointer to pg_restore in docs/deploy.md', async () => {
      const run = await cli(url, 'restore', join(dir, 'snap.dump'));
      expect(run.code).toBe(1);
      expect(run.err).toMatch(/restore works on SQLite only; for PostgreSQL use pg_restore, see docs\/deploy\.md/);
    });

    it('backup says so when pg_dump is not on PATH', async () => {
      const path = process.env.PATH;
      process.env.PATH = join(dir, 'no-such-bin');
      try {
        const run = await cli(url, 'backup', join(dir, 'never.dump'));
        expect(run.code).toBe(1);
        expect(run.err).toMatch(/pg_dump is not on PATH; .*docs\/deploy\.md/);
      } finally {
        process.env.PATH = path;
      }
      expect(existsSync(join(dir, 'never.dump'))).toBe(false);
    });
  });
}
