// Does the baseline (bench/baseline.ts) answer exactly as Classicbook does? compareServers()
// sends each request to both servers, one after the other, and lists every difference in
// status, Content-Type and body bytes; the bench driver calls it before measuring. Writes (and
// calls marked `normalize`) are compared after replacing the new record's id and timestamps,
// which legitimately differ.
//   node dist-bench/baseline-check.js
// runs the whole check on its own: Classicbook on a fresh database seeded through its API
// (bench/baseline-fixture.ts), a copy of that database under the baseline, reads, writes and
// reads again through both, then the two database files compared row by row.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterWrites, compareDatabases, readCalls, seed, writeCalls, type Seeded } from './baseline-fixture.js';
import { spawnServer, stopServer, type ServerProcess } from './soak-server.js';

export interface CheckCall {
  method: string;
  path: string;
  body?: string;
  /** compare with ids and timestamps masked (default: for everything but GET) */
  normalize?: boolean;
}

interface Answer {
  status: number;
  type: string;
  location: string;
  body: Buffer;
}

async function send(base: string, token: string, call: CheckCall): Promise<Answer> {
  const headers: Record<string, string> = { authorization: `Basic ${Buffer.from(`${token}:`).toString('base64')}` };
  if (call.body !== undefined) headers['content-type'] = 'application/xml';
  const res = await fetch(base + call.path, { method: call.method, headers, body: call.body, redirect: 'manual' });
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    location: res.headers.get('location') ?? '',
    body: Buffer.from(await res.arrayBuffer()),
  };
}

const RUBY_TIME = /[A-Z][a-z]{2} [A-Z][a-z]{2} \d\d \d\d:\d\d:\d\d UTC \d{4}/g;

/** The answer with the created record's id (from Location) and the timestamps replaced. */
function masked(a: Answer): { body: string; location: string } {
  const id = /\/(\d+)\.xml$/.exec(a.location)?.[1];
  let body = a.body.toString('utf8').replace(RUBY_TIME, 'TIME');
  if (id !== undefined) body = body.replace(`<id type="integer">${id}</id>`, '<id type="integer">NEW</id>');
  return { body, location: a.location.replace(/^https?:\/\/[^/]*/, '').replace(/\d+\.xml$/, 'NEW.xml') };
}

/** Where two byte strings first differ, with a little context from each. */
function firstDifference(x: Buffer, y: Buffer): string {
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  const around = (b: Buffer): string => JSON.stringify(b.subarray(Math.max(0, i - 40), i + 60).toString('utf8'));
  return `bodies differ at byte ${i} (${x.length} vs ${y.length} bytes): ${around(x)} vs ${around(y)}`;
}

/** Differences between server `a` and server `b` answering `calls` in order ([] = identical). */
export async function compareServers(a: string, b: string, token: string, calls: CheckCall[]): Promise<string[]> {
  const out: string[] = [];
  for (const call of calls) {
    const [x, y] = [await send(a, token, call), await send(b, token, call)];
    const what = `${call.method} ${call.path}`;
    if (x.status !== y.status) out.push(`${what}: status ${x.status} vs ${y.status}`);
    if (x.type !== y.type) out.push(`${what}: content-type ${x.type} vs ${y.type}`);
    if (call.normalize ?? call.method !== 'GET') {
      const [mx, my] = [masked(x), masked(y)];
      if (mx.location !== my.location) out.push(`${what}: location ${x.location} vs ${y.location}`);
      if (mx.body !== my.body) out.push(`${what}: ${firstDifference(Buffer.from(mx.body), Buffer.from(my.body))}`);
    } else if (!x.body.equals(y.body)) {
      out.push(`${what}: ${firstDifference(x.body, y.body)}`);
    }
  }
  return out;
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TOKEN = 'baselinecheck0123456789abcdef0123456789';
const READY = /(http:\/\/127\.0\.0\.1:\d+)/;

function classicbook(file: string): Promise<ServerProcess> {
  const env = { DATABASE_URL: `sqlite:${file}`, CLASSICBOOK_RATE_LIMIT: 'off', CLASSICBOOK_AUTH_FAIL_LIMIT: 'off', CLASSICBOOK_BOOTSTRAP_TOKEN: TOKEN, LOG_LEVEL: 'warn' };
  return spawnServer(ROOT, ['dist/server.js'], env, READY);
}

async function run(dir: string): Promise<string[]> {
  const cbFile = join(dir, 'classicbook.sqlite');
  const baseFile = join(dir, 'baseline.sqlite');
  const seeding = await classicbook(cbFile);
  let seeded: Seeded;
  try {
    seeded = await seed(ROOT, seeding.base, TOKEN, `sqlite:${cbFile}`);
  } finally {
    await stopServer(seeding);
  }
  for (const suffix of ['', '-wal']) if (existsSync(cbFile + suffix)) copyFileSync(cbFile + suffix, baseFile + suffix);
  const cb = await classicbook(cbFile);
  const base = await spawnServer(ROOT, ['dist-bench/baseline.js', '--db', baseFile], {}, /baseline listening (http:\/\/127\.0\.0\.1:\d+)/);
  const diffs: string[] = [];
  try {
    const phases: [string, string, CheckCall[]][] = [
      ['reads', TOKEN, readCalls(seeded)],
      ['no token', '', [{ method: 'GET', path: '/service/people.xml' }]],
      ['unknown token', 'not-a-token-of-this-server', [{ method: 'GET', path: `/service/people/${seeded.people[0]}.xml` }]],
      ['writes', TOKEN, writeCalls(seeded)],
      ['reads after writes', TOKEN, afterWrites(seeded)],
    ];
    for (const [name, token, calls] of phases) {
      const found = await compareServers(cb.base, base.base, token, calls);
      console.log(`${name}: ${calls.length} requests, ${found.length} differences`);
      diffs.push(...found);
    }
  } finally {
    const codes = await Promise.all([stopServer(cb), stopServer(base)]);
    if (codes[1] !== 0) diffs.push(`baseline exited with ${String(codes[1])} on SIGTERM`);
  }
  const rows = compareDatabases(cbFile, baseFile);
  console.log(`database rows: ${rows.length} differences`);
  return [...diffs, ...rows];
}

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'baseline-check-'));
  try {
    const diffs = await run(dir);
    for (const d of diffs.slice(0, 40)) console.log(`DIFF ${d}`);
    console.log(diffs.length === 0 ? 'PASS: the baseline answers and writes as Classicbook does' : `FAIL: ${diffs.length} differences`);
    return diffs.length === 0 ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.stack : String(err));
      process.exit(1);
    },
  );
}
