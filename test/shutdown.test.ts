// Graceful shutdown of the real process (`node dist/server.js`, built by the global setup) on the
// suite's database — a SQLite file, or a PostgreSQL schema in the postgres project: SIGTERM lets
// an in-flight streamed export finish to its last byte, refuses new connections, closes idle
// keep-alive ones, closes the pool after the last response and exits 0. A drain that cannot end
// stops after CLASSICBOOK_SHUTDOWN_TIMEOUT (or a second signal) with exit 1 and a log line.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { basic, dropSchema, freshDatabaseUrl, items, makeApp, TEST_DIALECT, TOKEN, freePort } from './helpers.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PEOPLE = 3000;
// ~2 KB of notes each makes the export about 7 MB: more than the loopback socket buffers absorb
// (a few MB), so a client that stops reading really keeps the response in flight on the server.
const NOTES = 'n'.repeat(2000);

let dir: string;
let url: string;

/** 3000 people through the API, many requests at once, on the database the processes will use. */
async function seed(): Promise<void> {
  const ctx = await makeApp({ DATABASE_URL: url });
  try {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < PEOPLE) {
        next += 1;
        const n = next;
        const res = await ctx.app.inject({
          method: 'POST',
          url: '/service/people.xml',
          headers: { host: 'localhost:3000', authorization: basic(TOKEN), 'content-type': 'application/xml' },
          payload: `<person><first_name>P${n}</first_name><last_name>Drain</last_name><notes>${NOTES}</notes></person>`,
        });
        if (res.statusCode !== 201) throw new Error(`seed: ${res.statusCode} ${res.body}`);
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
  } finally {
    await ctx.app.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'classicbook-shutdown-'));
  // SQLite in memory cannot be shared with a child process; a file can.
  url = TEST_DIALECT === 'sqlite' ? `sqlite:${join(dir, 'drain.db')}` : freshDatabaseUrl();
  await seed();
}, 120_000);

const children = new Set<ChildProcess>();

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
  if (TEST_DIALECT === 'postgres') await dropSchema(url);
});

interface Proc {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function server(env: Record<string, string>): Proc {
  const child = spawn(process.execPath, ['dist/server.js'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: url, HOST: '127.0.0.1', CLASSICBOOK_RATE_LIMIT: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      children.delete(child);
      resolve(code);
    }),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A promise, or a clear failure when it has not settled within `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function started(proc: Proc, port: number): Promise<void> {
  await until(`server on port ${port}`, () => {
    if (proc.child.exitCode !== null) throw new Error(`server exited ${proc.child.exitCode}: ${proc.stderr()}${proc.stdout()}`);
    return proc.stdout().includes(`Classicbook listening: http://127.0.0.1:${port}/service`) ? true : undefined;
  });
}

/** 'connected', or the error code of a plain TCP connect (ECONNREFUSED once the listener is gone). */
function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? String(err)));
  });
}

interface Export {
  status: number;
  /** start reading again */
  resume(): void;
  /** the whole body; rejects when the connection dies before the end */
  body: Promise<string>;
  abort(): void;
}

/** `GET /service/people.xml?limit=1000000`, paused after its first chunk, on a keep-alive connection. */
function openExport(port: number): Promise<Export> {
  return new Promise((resolveStarted, rejectStarted) => {
    const agent = new http.Agent({ keepAlive: true });
    const req = http.get(
      { host: '127.0.0.1', port, path: '/service/people.xml?limit=1000000', agent, headers: { authorization: basic(TOKEN) } },
      (res) => {
        const chunks: Buffer[] = [];
        const body = new Promise<string>((resolve, reject) => {
          res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
          res.on('aborted', () => reject(new Error(`export aborted after ${Buffer.concat(chunks).length} bytes`)));
          res.on('error', reject);
        });
        // Keep an unhandled rejection from failing the run before a test awaits the body.
        body.catch(() => undefined);
        res.once('data', () => {
          res.pause();
          resolveStarted({ status: res.statusCode ?? 0, resume: () => res.resume(), body, abort: () => req.destroy() });
        });
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
      },
    );
    req.on('error', rejectStarted);
  });
}

/** A finished GET /healthz whose connection stays open and idle in a keep-alive agent. */
async function idleKeepAlive(port: number): Promise<Socket> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', agent }, (res) => {
      res.resume();
      res.on('end', () => {
        expect(res.statusCode).toBe(200);
        resolve(req.socket as Socket);
      });
    });
    req.on('error', reject);
  });
}

describe('SIGTERM on node dist/server.js', () => {
  it('finishes a streamed export in flight, refuses new connections, closes idle ones, and exits 0', async () => {
    const port = await freePort();
    const proc = server({ PORT: String(port) });
    await started(proc, port);

    const idle = await idleKeepAlive(port);
    const idleClosed = new Promise<void>((resolve) => idle.once('close', () => resolve()));
    const exp = await openExport(port);
    expect(exp.status).toBe(200);
    expect(await tryConnect(port)).toBe('connected');
    expect(idle.destroyed).toBe(false);

    const signalledAt = Date.now();
    proc.child.kill('SIGTERM');
    await until('the shutdown log line', () => (proc.stdout().includes('shutting down: draining requests') ? true : undefined));
    expect(await until('a refused connection', async () => ((await tryConnect(port)) === 'ECONNREFUSED' ? true : undefined), 5000)).toBe(true);
    await within(idleClosed, 5000, 'the idle keep-alive connection closing');
    // Still draining: the export has not been read to its end yet.
    await new Promise((r) => setTimeout(r, 300));
    expect(proc.child.exitCode).toBeNull();

    exp.resume();
    const body = await exp.body;
    expect(body.endsWith('</people>\n')).toBe(true);
    const people = items(body, 'people');
    expect(people).toHaveLength(PEOPLE);
    const names = new Set(people.map((p: { first_name: string }) => p.first_name));
    expect(names.size).toBe(PEOPLE);
    expect(names.has('P1') && names.has(`P${PEOPLE}`)).toBe(true);
    expect(people.every((p: { notes: string }) => p.notes === NOTES)).toBe(true);

    // Well before the 72 s keep-alive timeout: the export's own connection is ended once sent.
    expect(await within(proc.exited, 10_000, 'exit after the drain')).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(10_000);
    expect(proc.stdout()).toContain('shut down: requests drained, database closed');
  });

  it('gives up after CLASSICBOOK_SHUTDOWN_TIMEOUT with exit 1 and a log line when a response cannot finish', async () => {
    const port = await freePort();
    const proc = server({ PORT: String(port), CLASSICBOOK_SHUTDOWN_TIMEOUT: '1' });
    await started(proc, port);
    // A client that never reads again: the export can never finish.
    const exp = await openExport(port);
    try {
      const signalledAt = Date.now();
      proc.child.kill('SIGTERM');
      expect(await within(proc.exited, 10_000, 'exit after the timeout')).toBe(1);
      const elapsed = Date.now() - signalledAt;
      expect(elapsed).toBeGreaterThanOrEqual(900);
      expect(elapsed).toBeLessThan(10_000);
      expect(proc.stdout()).toMatch(/"level":50.*shutdown timed out/);
    } finally {
      exp.abort();
    }
  });

  it('exits 1 at once on a second signal while draining', async () => {
    const port = await freePort();
    // The default timeout (30 s) is far beyond the wait below, so only the second signal can end it.
    const proc = server({ PORT: String(port) });
    await started(proc, port);
    const exp = await openExport(port);
    try {
      proc.child.kill('SIGTERM');
      await until('the shutdown log line', () => (proc.stdout().includes('shutting down: draining requests') ? true : undefined));
      expect(proc.child.exitCode).toBeNull();
      const secondAt = Date.now();
      proc.child.kill('SIGINT');
      expect(await within(proc.exited, 5000, 'exit on the second signal')).toBe(1);
      expect(Date.now() - secondAt).toBeLessThan(5000);
      expect(proc.stdout()).toMatch(/second signal while draining/);
    } finally {
      exp.abort();
    }
  });
});

describe('app.close() (what SIGTERM calls)', () => {
  it('closes the database only after the in-flight response has been sent', async () => {
    const ctx = await makeApp({ DATABASE_URL: url });
    const events: string[] = [];
    ctx.app.addHook('onResponse', async (request) => {
      if (request.url.startsWith('/service/people')) events.push('response sent');
    });
    const closeStorage = ctx.storage.close;
    ctx.storage.close = async () => {
      events.push('storage closed');
      await closeStorage();
    };
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const address = ctx.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;

    const exp = await openExport(port);
    const closed = ctx.app.close().then(() => events.push('app closed'));
    await new Promise((r) => setTimeout(r, 300));
    expect(events).toEqual([]);
    exp.resume();
    expect(items(await exp.body, 'people')).toHaveLength(PEOPLE);
    await within(closed, 10_000, 'app.close()');
    expect(events).toEqual(['response sent', 'storage closed', 'app closed']);
  });
});

describe('CLASSICBOOK_SHUTDOWN_TIMEOUT', () => {
  it('defaults to 30 seconds and takes whole seconds from 1 to 3600', () => {
    expect(loadConfig({}).shutdownTimeoutSeconds).toBe(30);
    expect(loadConfig({ CLASSICBOOK_SHUTDOWN_TIMEOUT: '5' }).shutdownTimeoutSeconds).toBe(5);
    for (const bad of ['0', '-1', '1.5', 'ten', '3601']) {
      expect(() => loadConfig({ CLASSICBOOK_SHUTDOWN_TIMEOUT: bad }), bad).toThrow(/CLASSICBOOK_SHUTDOWN_TIMEOUT/);
    }
  });

  it('makes the server exit 1 with a message when malformed', async () => {
    const proc = server({ PORT: '0', CLASSICBOOK_SHUTDOWN_TIMEOUT: 'soon' });
    expect(await proc.exited).toBe(1);
    expect(proc.stderr()).toMatch(/CLASSICBOOK_SHUTDOWN_TIMEOUT/);
  });
});
