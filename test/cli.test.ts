// The admin CLI (runCli, in-process) and the server process itself (`node dist/server.js`,
// compiled by the global setup), spoken to over real HTTP.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.js';
import { runCli } from '../src/cli/main.js';
import { loadConfig } from '../src/config.js';
import { Client, items, xml, freePort } from './helpers.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'classicbook-cli-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number;
  out: string[];
  err: string[];
}

async function cli(db: string, ...argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { DATABASE_URL: `sqlite:${db}` }, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

function tokenOf(run: Run): string {
  const line = run.out.find((l) => l.startsWith('token: '));
  if (!line) throw new Error(`no token printed: ${JSON.stringify(run)}`);
  return line.slice('token: '.length).trim();
}

async function appOn(db: string): Promise<App> {
  return buildApp(loadConfig({ DATABASE_URL: `sqlite:${db}`, CLASSICBOOK_RATE_LIMIT: 'off' }), { logger: false });
}

describe('classicbook CLI', () => {
  let db: string;
  let app: App | undefined;
  let ownerToken: string;

  beforeAll(() => {
    db = join(dir, 'x.db');
  });
  afterAll(async () => {
    await app?.app.close();
  });

  it('account create prints a token once, which then authenticates against the server', async () => {
    const run = await cli(db, 'account', 'create', 'acme', '--email', 'a@acme.com');
    expect(run.code).toBe(0);
    expect(run.err).toEqual([]);
    expect(run.out.join('\n')).toContain('acme');
    ownerToken = tokenOf(run);
    expect(ownerToken).toMatch(/^[0-9a-f]{40}$/);

    app = await appOn(db);
    // The database was not empty, so no bootstrap account was made beside acme.
    expect(app.bootstrap).toBeNull();
    expect(await app.services.accounts.findAccount('demo')).toBeUndefined();
    const owner = new Client(app.app, ownerToken);
    const res = await owner.get('/service/users.xml');
    expect(res.statusCode).toBe(200);
    expect(items(res, 'users').map((u) => u.email)).toEqual(['a@acme.com']);
    expect((await owner.get('/service/people.xml', { headers: { host: 'acme.batchbook.com' } })).statusCode).toBe(200);
    expect((await owner.get('/service/people.xml', { token: 'f'.repeat(40) })).statusCode).toBe(401);
  });

  it('account create with a bad owner e-mail exits 1 and leaves no half-made account', async () => {
    const run = await cli(db, 'account', 'create', 'beta', '--email', 'not-an-email');
    expect(run.code).toBe(1);
    expect(run.err.join('\n')).toMatch(/not-an-email/);
    expect(await (app as App).services.accounts.findAccount('beta')).toBeUndefined();
    const again = await cli(db, 'account', 'create', 'beta', '--email', 'b@beta.com');
    expect(again.code).toBe(0);
  });

  it('account create refuses a duplicate and a bad name with exit 1', async () => {
    const dup = await cli(db, 'account', 'create', 'acme', '--email', 'z@acme.com');
    expect(dup.code).toBe(1);
    expect(dup.err.join('\n')).toMatch(/already exists/);
    const bad = await cli(db, 'account', 'create', 'Bad Name!');
    expect(bad.code).toBe(1);
    expect(bad.err.join('\n')).toMatch(/account name/);
  });

  it('user add creates a user of the given role with a working token', async () => {
    const run = await cli(db, 'user', 'add', 'acme', 'b@acme.com', '--role', 'basic', '--name', 'Bea');
    expect(run.code).toBe(0);
    const token = tokenOf(run);
    expect(token).not.toBe(ownerToken);
    const basic = new Client((app as App).app, token);
    const users = await basic.get('/service/users.xml');
    expect(users.statusCode).toBe(200);
    // A basic user sees only itself.
    expect(items(users, 'users')).toEqual([{ email: 'b@acme.com', name: 'Me' }]);
    const user = await (app as App).services.accounts.findUser((await (app as App).services.accounts.requireAccount('acme')).id, 'b@acme.com');
    expect(user?.role).toBe('basic');
    expect(user?.name).toBe('Bea');
  });

  it('user add refuses a bad role with exit 1 and a message, and adds nobody', async () => {
    const run = await cli(db, 'user', 'add', 'acme', 'c@acme.com', '--role', 'wizard');
    expect(run.code).toBe(1);
    expect(run.err.join('\n')).toMatch(/role/i);
    expect(run.out.join('\n')).not.toMatch(/token/);
    const acme = await (app as App).services.accounts.requireAccount('acme');
    expect(await (app as App).services.accounts.findUser(acme.id, 'c@acme.com')).toBeUndefined();
  });

  it('user add and token reset refuse an unknown account with exit 1', async () => {
    const add = await cli(db, 'user', 'add', 'nosuch', 'x@nosuch.com');
    expect(add.code).toBe(1);
    expect(add.err.join('\n')).toMatch(/nosuch/);
    const reset = await cli(db, 'token', 'reset', 'nosuch', 'a@acme.com');
    expect(reset.code).toBe(1);
    expect(reset.err.join('\n')).toMatch(/nosuch/);
    const unknownUser = await cli(db, 'token', 'reset', 'acme', 'nobody@acme.com');
    expect(unknownUser.code).toBe(1);
    expect(unknownUser.err.join('\n')).toMatch(/nobody@acme\.com/);
    const list = await cli(db, 'supertag', 'list', 'nosuch');
    expect(list.code).toBe(1);
  });

  it('token reset prints a new token and the old one stops working at once', async () => {
    const added = await cli(db, 'user', 'add', 'acme', 'r@acme.com', '--role', 'admin');
    const old = tokenOf(added);
    const k = (app as App).app;
    expect((await new Client(k, old).get('/service/people.xml')).statusCode).toBe(200);
    const run = await cli(db, 'token', 'reset', 'acme', 'r@acme.com');
    expect(run.code).toBe(0);
    const fresh = tokenOf(run);
    expect(fresh).not.toBe(old);
    expect((await new Client(k, old).get('/service/people.xml')).statusCode).toBe(401);
    expect((await new Client(k, fresh).get('/service/people.xml')).statusCode).toBe(200);
    // Other users keep their tokens.
    expect((await new Client(k, ownerToken).get('/service/people.xml')).statusCode).toBe(200);
  });

  it('supertag define and list, and the definition shows in super_tags.xml', async () => {
    const def = await cli(
      db, 'supertag', 'define', 'acme', 'Social Media',
      '--field', 'Twitter Username:Text',
      '--field', 'Sales Cluster:Multiple choice:Ruby,Python',
    );
    expect(def.code).toBe(0);
    expect(def.out.join('\n')).toMatch(/Social Media.*2 field/);
    const list = await cli(db, 'supertag', 'list', 'acme');
    expect(list.code).toBe(0);
    const line = list.out.find((l) => l.startsWith('Social Media')) ?? '';
    expect(line).toContain('Twitter Username (Text)');
    expect(line).toContain('Sales Cluster (Multiple choice: Ruby, Python)');

    const res = await new Client((app as App).app, ownerToken).get('/service/super_tags.xml');
    expect(res.statusCode).toBe(200);
    const tags = items(res, 'super_tags');
    expect(tags).toHaveLength(1);
    expect(tags[0].name).toBe('Social Media');
    const fields = tags[0].fields.field;
    expect(fields[0]['#text']).toBe('Twitter Username');
    expect(fields[0]['@type']).toBe('Text');
    expect(fields[1]['@name']).toBe('Sales Cluster');
    expect(fields[1]['@type']).toBe('Multiple choice');
    expect(fields[1].option.filter((o: unknown) => o !== '')).toEqual(['Ruby', 'Python']);
    const one = await new Client((app as App).app, ownerToken).get('/service/super_tags/Social%20Media.xml');
    expect(xml(one).super_tag.name).toBe('Social Media');
  });

  it('supertag define refuses an unknown field type with exit 1', async () => {
    const run = await cli(db, 'supertag', 'define', 'acme', 'Broken', '--field', 'Colour:Rainbow');
    expect(run.code).toBe(1);
    expect(run.err.join('\n')).toMatch(/field type/);
    const list = await cli(db, 'supertag', 'list', 'acme');
    expect(list.out.join('\n')).not.toContain('Broken');
  });

  it('answers an unknown command or a missing argument with a non-zero exit', async () => {
    expect((await cli(db, 'frobnicate')).code).not.toBe(0);
    expect((await cli(db, 'user', 'add', 'acme')).code).not.toBe(0);
  });

  it('refuses a bad DATABASE_URL with exit 1', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['migrate'], { DATABASE_URL: 'mysql://x' }, { out: (l) => out.push(l), err: (l) => err.push(l) });
    expect(code).toBe(1);
    expect(err.join('\n')).toContain('DATABASE_URL');
  });
});

// ---------------------------------------------------------------------------------------------
// Process level

const children = new Set<ChildProcess>();

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

interface Proc {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function start(script: string[], env: Record<string, string>): Proc {
  const child = spawn(process.execPath, script, {
    cwd: ROOT,
    // A clean environment: only what the server needs plus the case's settings.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => {
    children.delete(child);
    resolve(code);
  }));
  return { child, stdout: () => out, stderr: () => err, exited };
}

const server = (env: Record<string, string>): Proc => start(['dist/server.js'], env);

async function waitFor(proc: Proc, pattern: RegExp, ms = 15_000): Promise<RegExpExecArray> {
  const deadline = Date.now() + ms;
  for (;;) {
    const m = pattern.exec(proc.stdout());
    if (m) return m;
    if (proc.child.exitCode !== null) throw new Error(`server exited ${proc.child.exitCode}: ${proc.stderr()}${proc.stdout()}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; stdout: ${proc.stdout()} stderr: ${proc.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stop(proc: Proc): Promise<number | null> {
  proc.child.kill('SIGTERM');
  return proc.exited;
}

function basicAuth(token: string): string {
  return `Basic ${Buffer.from(`${token}:`).toString('base64')}`;
}

describe('node dist/server.js', () => {
  const bad: [string, Record<string, string>, RegExp][] = [
    ['a non-numeric PORT', { PORT: 'abc' }, /PORT/],
    ['a bad CLASSICBOOK_RATE_LIMIT', { CLASSICBOOK_RATE_LIMIT: 'banana' }, /CLASSICBOOK_RATE_LIMIT/],
    ['an unsupported DATABASE_URL', { DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
  ];
  for (const [what, env, mention] of bad) {
    it(`exits 1 with a message on ${what}`, async () => {
      const proc = server({ DATABASE_URL: `sqlite:${join(dir, 'never.db')}`, ...env });
      expect(await proc.exited).toBe(1);
      expect(proc.stderr()).toMatch(mention);
      expect(proc.stderr()).not.toMatch(/\n\s+at /); // a message, not a stack trace
    });
  }

  it('serves with the bootstrap token over real HTTP, prints token and URL, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const token = 'fixed-bootstrap-token-0123456789';
    // Default HOST (0.0.0.0): the printed URL names localhost.
    const proc = server({ PORT: String(port), DATABASE_URL: `sqlite:${join(dir, 's.db')}`, CLASSICBOOK_BOOTSTRAP_TOKEN: token });
    try {
      await waitFor(proc, /API base:/);
      expect(proc.stdout()).toContain(`API token:  ${token}`);
      expect(proc.stdout()).toContain(`http://localhost:${port}/service`);
      const res = await fetch(`http://127.0.0.1:${port}/service/people.xml`, { headers: { authorization: basicAuth(token) } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8');
      expect(await res.text()).toContain('<people type="array">');
      const denied = await fetch(`http://127.0.0.1:${port}/service/people.xml`);
      expect(denied.status).toBe(401);
      expect(denied.headers.get('www-authenticate')).toBe('Basic realm="BatchBook"');
      // Request logs never carry the credentials (STYLE.md).
      const logs = proc.stdout().split('\n').filter((l) => l.startsWith('{')).join('\n');
      expect(logs).not.toContain(token);
      expect(logs).not.toContain(Buffer.from(`${token}:`).toString('base64'));
    } finally {
      expect(await stop(proc)).toBe(0);
    }
  });

  it('prints a random 40-hex token on the first start only; it works, and survives a restart', async () => {
    const db = join(dir, 'random.db');
    // PORT=0: the OS picks the port, and the printed URL must name the one actually bound.
    const first = server({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `sqlite:${db}` });
    let token: string;
    try {
      token = (await waitFor(first, /API token:\s+([0-9a-f]{40})\b/))[1] as string;
      const port = Number((await waitFor(first, /API base:\s+http:\/\/127\.0\.0\.1:(\d+)\/service/))[1]);
      expect(port).toBeGreaterThan(0);
      const res = await fetch(`http://127.0.0.1:${port}/service/users.xml`, { headers: { authorization: basicAuth(token) } });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<name>Me</name>');
    } finally {
      expect(await stop(first)).toBe(0);
    }

    const second = server({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `sqlite:${db}` });
    try {
      const port2 = Number((await waitFor(second, /Classicbook listening: http:\/\/127\.0\.0\.1:(\d+)\/service/))[1]);
      expect(port2).toBeGreaterThan(0);
      expect(second.stdout()).not.toMatch(/API token/);
      expect(second.stdout()).not.toMatch(/\b[0-9a-f]{40}\b/);
      const res = await fetch(`http://127.0.0.1:${port2}/service/people.xml`, { headers: { authorization: basicAuth(token) } });
      expect(res.status).toBe(200);
    } finally {
      expect(await stop(second)).toBe(0);
    }
  });

  it('refuses a malformed CLASSICBOOK_BOOTSTRAP_TOKEN with exit 1', async () => {
    const proc = server({ DATABASE_URL: `sqlite:${join(dir, 'never.db')}`, CLASSICBOOK_BOOTSTRAP_TOKEN: 'short' });
    expect(await proc.exited).toBe(1);
    expect(proc.stderr()).toMatch(/CLASSICBOOK_BOOTSTRAP_TOKEN/);
    expect(proc.stderr()).not.toContain('short"');
  });

  it('serves through `classicbook serve` too, and stops with exit 0 on SIGTERM', async () => {
    const bad = start(['bin/classicbook.js', 'serve'], { PORT: 'abc', DATABASE_URL: `sqlite:${join(dir, 'never.db')}` });
    expect(await bad.exited).toBe(1);
    expect(bad.stderr()).toMatch(/PORT/);

    const token = 'serve-subcommand-token-0123456789';
    const proc = start(['bin/classicbook.js', 'serve'], {
      PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `sqlite:${join(dir, 'serve.db')}`, CLASSICBOOK_BOOTSTRAP_TOKEN: token, LOG_LEVEL: 'warn',
    });
    try {
      const port = Number((await waitFor(proc, /API base:\s+http:\/\/127\.0\.0\.1:(\d+)\/service/))[1]);
      const res = await fetch(`http://127.0.0.1:${port}/service/people.xml`, { headers: { authorization: basicAuth(token) } });
      expect(res.status).toBe(200);
    } finally {
      expect(await stop(proc)).toBe(0);
    }
  });

  it('runs the CLI as bin/classicbook.js, exiting 1 with a message on a bad role', async () => {
    const db = join(dir, 'bin.db');
    const create = start(['bin/classicbook.js', 'account', 'create', 'binco'], { DATABASE_URL: `sqlite:${db}` });
    expect(await create.exited).toBe(0);
    expect(create.stdout()).toMatch(/token: [0-9a-f]{40}/);
    const bad = start(['bin/classicbook.js', 'user', 'add', 'binco', 'u@binco.com', '--role', 'wizard'], { DATABASE_URL: `sqlite:${db}` });
    expect(await bad.exited).toBe(1);
    expect(bad.stderr()).toMatch(/role/i);
  });
});
