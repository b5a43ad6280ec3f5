// Issue 5, item 4: authentication hardening. Tokens are stored only as hashes and compared in
// constant time; credentials never reach the logs; failed-auth storms are limited per address.
// (A reset token stops working at once: test/tenancy.test.ts, "reset invalidates the old token".)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Redis } from 'ioredis';
import { hashToken, sameHash } from '../src/resources/accounts/tokens.js';
import { redactUrl } from '../src/http/log-redact.js';
import { basic, Client, makeApp, TOKEN, xml } from './helpers.js';
import type { App } from '../src/app.js';

describe('tokens at rest', () => {
  let built: App;
  beforeAll(async () => {
    built = await makeApp();
  });
  afterAll(async () => built.app.close());

  it('stores the SHA-256 hash of a token and never the token itself', async () => {
    const extra = await built.services.accounts.addUser('demo', { email: 'h@demo.com', name: 'Hash Check', role: 'basic' });
    const rows = await built.storage.db.selectFrom('users').selectAll().execute();
    expect(rows.map((r) => r.token_hash).sort()).toEqual([hashToken(TOKEN), hashToken(extra.token)].sort());
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(TOKEN);
    expect(dump).not.toContain(extra.token);
    // and no other table holds it either
    for (const table of ['accounts', 'people', 'companies']) {
      const all = await sql`select * from ${sql.table(table)}`.execute(built.storage.db);
      expect(JSON.stringify(all.rows)).not.toContain(TOKEN);
    }
  });

  it('compares hashes with sameHash (timingSafeEqual), which handles every length', () => {
    const h = hashToken('a-token-aaaaaaaaaaaa');
    expect(sameHash(h, hashToken('a-token-aaaaaaaaaaaa'))).toBe(true);
    expect(sameHash(h, hashToken('a-token-aaaaaaaaaaab'))).toBe(false);
    expect(sameHash(h, h.slice(0, 62))).toBe(false);
    expect(sameHash(h, '')).toBe(false);
    const source = readFileSync(join(import.meta.dirname, '../src/resources/accounts/accounts.service.ts'), 'utf8');
    expect(source).toMatch(/!sameHash\(row\.tokenHash, hash\)/);
    expect(readFileSync(join(import.meta.dirname, '../src/resources/accounts/tokens.ts'), 'utf8')).toContain('timingSafeEqual(x, y)');
  });
});

describe('logs never contain credentials', () => {
  const lines: string[] = [];
  let built: App;
  beforeAll(async () => {
    built = await makeApp({ LOG_LEVEL: 'debug' }, { logger: undefined, logStream: { write: (l: string) => void lines.push(l) } });
  });
  afterAll(async () => built.app.close());

  it('logs requests (with the default redacting logger) but neither tokens nor Authorization values', async () => {
    const c = new Client(built.app);
    const bad = 'bad-token-ffffffffffffffff';
    expect((await c.get('/service/people.xml')).statusCode).toBe(200);
    expect((await c.get('/service/people/999999.xml')).statusCode).toBe(404);
    expect((await c.post('/service/people.xml', '<person><notes>x</notes></person>')).statusCode).toBe(422);
    expect((await c.post('/service/people.xml', '<person><first_name>Un', { type: 'application/xml' })).statusCode).toBe(400);
    expect((await c.get('/service/people.xml', { token: bad })).statusCode).toBe(401);
    expect((await c.get(`/service/people.xml?token=${TOKEN}&api_key=${bad}`)).statusCode).toBe(200);
    expect((await c.get(`/service/nothing/here?token=${TOKEN}`)).statusCode).toBe(404);
    expect((await c.get(`/service/people.xml?token=${bad}`, { token: null })).statusCode).toBe(401);
    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(10);
    expect(log).toContain('"url":"/service/people"');
    expect(log).toContain('token=[REDACTED]');
    for (const secret of [TOKEN, bad, basic(TOKEN), basic(bad), basic(TOKEN).slice(6), basic(bad).slice(6)]) {
      expect(log).not.toContain(secret);
    }
  });

  it('redactUrl masks credential-like parameters only', () => {
    expect(redactUrl('/a?token=s3cret&name=Ann')).toBe('/a?token=[REDACTED]&name=Ann');
    expect(redactUrl('/a?API_KEY=s&%74oken=s')).toBe('/a?API_KEY=[REDACTED]&%74oken=[REDACTED]');
    expect(redactUrl('/a?q=%ZZ&x')).toBe('/a?q=%ZZ&x');
    expect(redactUrl('/a')).toBe('/a');
  });
});

describe('failed-auth storms are limited per client address (CLASSICBOOK_AUTH_FAIL_LIMIT)', () => {
  const BAD = 'wrong-token-0000000000000000';
  const get = (app: App, ip: string, token: string) =>
    app.app.inject({ method: 'GET', url: '/service/people.xml', remoteAddress: ip, headers: { authorization: basic(token) } });

  it('after 20 failures the 21st request, bad or good, answers 503 with Retry-After; other IPs are unaffected', async () => {
    const built = await makeApp({ CLASSICBOOK_AUTH_FAIL_LIMIT: '' });
    try {
      // successful requests do not count
      for (let i = 0; i < 25; i += 1) expect((await get(built, '10.0.0.1', TOKEN)).statusCode).toBe(200);
      for (let i = 0; i < 20; i += 1) expect((await get(built, '10.0.0.1', BAD)).statusCode).toBe(401);
      for (const token of [BAD, TOKEN]) {
        const res = await get(built, '10.0.0.1', token);
        expect(res.statusCode).toBe(503);
        const wait = Number(res.headers['retry-after']);
        expect(wait).toBeGreaterThanOrEqual(1);
        expect(wait).toBeLessThanOrEqual(60);
        expect(xml(res).errors.error).toEqual(['Too many failed authentications from this address, retry later']);
      }
      expect((await get(built, '10.0.0.2', TOKEN)).statusCode).toBe(200);
      expect((await get(built, '10.0.0.2', BAD)).statusCode).toBe(401);
    } finally {
      await built.app.close();
    }
  });

  it('frees the address when the window passes, honours 429, and `off` disables it', async () => {
    const built = await makeApp({ CLASSICBOOK_AUTH_FAIL_LIMIT: '2/1s', CLASSICBOOK_RATE_LIMIT_STATUS: '429' });
    try {
      for (let i = 0; i < 2; i += 1) expect((await get(built, '10.0.0.3', BAD)).statusCode).toBe(401);
      const limited = await get(built, '10.0.0.3', TOKEN);
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['retry-after']).toBe('1');
      await new Promise((r) => setTimeout(r, 1100));
      expect((await get(built, '10.0.0.3', TOKEN)).statusCode).toBe(200);
    } finally {
      await built.app.close();
    }
    const off = await makeApp({ CLASSICBOOK_AUTH_FAIL_LIMIT: 'off' });
    try {
      for (let i = 0; i < 50; i += 1) expect((await get(off, '10.0.0.4', BAD)).statusCode).toBe(401);
      expect((await get(off, '10.0.0.4', TOKEN)).statusCode).toBe(200);
    } finally {
      await off.app.close();
    }
  });

  it('counts in Redis under authfail:<ip> when REDIS_URL is set, shared by instances', async () => {
    const prefix = `cbtest:${process.pid}:${Math.random().toString(36).slice(2, 8)}:`;
    const env = { REDIS_URL: 'redis://127.0.0.1:6379', CLASSICBOOK_RATE_LIMIT_PREFIX: prefix, CLASSICBOOK_AUTH_FAIL_LIMIT: '3/60s' };
    const one = await makeApp(env);
    const two = await makeApp(env);
    try {
      for (let i = 0; i < 3; i += 1) expect((await get(i % 2 ? one : two, '10.0.0.5', BAD)).statusCode).toBe(401);
      expect((await get(one, '10.0.0.5', TOKEN)).statusCode).toBe(503);
      expect((await get(two, '10.0.0.5', TOKEN)).statusCode).toBe(503);
      expect((await get(two, '10.0.0.6', TOKEN)).statusCode).toBe(200);
      const redis = new Redis('redis://127.0.0.1:6379');
      try {
        expect(await redis.zcard(`${prefix}authfail:10.0.0.5`)).toBe(3);
        expect(await redis.exists(`${prefix}authfail:10.0.0.6`)).toBe(0);
        await redis.del(`${prefix}authfail:10.0.0.5`);
      } finally {
        redis.disconnect();
      }
    } finally {
      await one.app.close();
      await two.app.close();
    }
  });
});
