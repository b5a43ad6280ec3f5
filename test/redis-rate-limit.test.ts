// Rate limits shared through Redis (decisions.md, "Rate limiting"; issue 4): instances that share
// a Redis share each token's budget, and a Redis that is down or goes away never stops the server —
// it then counts per instance in memory and says so in the log. Real Redis, no mocks.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { MemoryRateLimitStore, type RateLimitResult } from '../src/http/rate-limit.js';
import { RedisRateLimitStore, type RateLimitLog } from '../src/http/rate-limit-redis.js';
import { Client, dropSchema, freshDatabaseUrl, makeApp, TEST_DIALECT } from './helpers.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Nothing listens on port 1: connections are refused at once. */
const DEAD_REDIS_URL = 'redis://127.0.0.1:1';

let redis: Redis;
const prefixes: string[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
  } catch (err) {
    throw new Error(`Redis is needed for the rate-limit tests at ${REDIS_URL}: ${String(err)}`);
  }
});

afterAll(async () => {
  // Only our own keys: other test files and the other vitest project use the same Redis.
  for (const prefix of prefixes) {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  }
  await redis.quit();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * Every fresh database gives the bootstrap token's user id 1, so keys would collide across test
 * files and across the sqlite/postgres projects without a prefix of our own.
 */
function uniquePrefix(): string {
  const prefix = `test:rl:${randomUUID()}:`;
  prefixes.push(prefix);
  return prefix;
}

/** One database for several apps, as a fleet shares one: a file for SQLite, a schema for PostgreSQL. */
function sharedDatabaseUrl(): string {
  if (TEST_DIALECT === 'postgres') return freshDatabaseUrl();
  const dir = mkdtempSync(join(tmpdir(), 'classicbook-rl-'));
  dirs.push(dir);
  return `sqlite:${join(dir, 'shared.db')}`;
}

async function closeAll(apps: App[], databaseUrl: string): Promise<void> {
  for (const app of apps) await app.app.close();
  if (TEST_DIALECT === 'postgres') await dropSchema(databaseUrl);
}

interface LogLine {
  level: number;
  msg: string;
  err?: { message?: string };
}

/** A Fastify logger option that keeps every JSON line the app writes. */
function captureLog(): { logger: object; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const stream = { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) };
  return { logger: { level: 'info', stream }, lines };
}

const ERROR = 50;
const WARN = 40;

async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('REDIS_URL: one budget per token across instances', () => {
  it('lets 5 requests through in total across two apps, then answers 503 on either', async () => {
    const url = sharedDatabaseUrl();
    const env = { REDIS_URL, CLASSICBOOK_RATE_LIMIT: '5/60s', CLASSICBOOK_RATE_LIMIT_PREFIX: uniquePrefix(), DATABASE_URL: url };
    const a = await makeApp(env);
    const b = await makeApp(env);
    try {
      const clients = [new Client(a.app), new Client(b.app)];
      const before = Math.floor(Date.now() / 1000);
      for (const [i, remaining] of [4, 3, 2, 1, 0].entries()) {
        const res = await (clients[i % 2] as Client).get('/service/people.xml');
        expect(res.statusCode).toBe(200);
        expect(res.headers['x-ratelimit-limit']).toBe('5');
        expect(res.headers['x-ratelimit-remaining']).toBe(String(remaining));
        expect(Number(res.headers['x-ratelimit-reset'])).toBeGreaterThanOrEqual(before + 60);
        expect(Number(res.headers['x-ratelimit-reset'])).toBeLessThanOrEqual(before + 62);
      }
      for (const client of clients) {
        const over = await client.get('/service/people.xml');
        expect(over.statusCode).toBe(503);
        expect(over.headers['x-ratelimit-remaining']).toBe('0');
        expect(Number(over.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        expect(Number(over.headers['retry-after'])).toBeLessThanOrEqual(60);
        expect(over.body).toContain('Rate limit exceeded');
      }
      // The counters are in Redis (refused requests are not counted) and expire with the window.
      const key = `${env.CLASSICBOOK_RATE_LIMIT_PREFIX}user:1`;
      expect(await redis.zcard(key)).toBe(5);
      const ttl = await redis.pttl(key);
      expect(ttl).toBeGreaterThan(55_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
    } finally {
      await closeAll([a, b], url);
    }
  });

  it('keeps a separate budget per user', async () => {
    const url = sharedDatabaseUrl();
    const env = { REDIS_URL, CLASSICBOOK_RATE_LIMIT: '5/60s', CLASSICBOOK_RATE_LIMIT_PREFIX: uniquePrefix(), DATABASE_URL: url };
    const a = await makeApp(env);
    const b = await makeApp(env);
    try {
      const second = await a.services.accounts.addUser('demo', { email: 'second@x.com', name: 'Second', role: 'owner' });
      for (let i = 0; i < 5; i++) expect((await new Client(i % 2 ? b.app : a.app).get('/service/people.xml')).statusCode).toBe(200);
      expect((await new Client(b.app).get('/service/people.xml')).statusCode).toBe(503);
      const onB = await new Client(b.app, second.token).get('/service/people.xml');
      expect(onB.statusCode).toBe(200);
      expect(onB.headers['x-ratelimit-remaining']).toBe('4');
      const onA = await new Client(a.app, second.token).get('/service/people.xml');
      expect(onA.headers['x-ratelimit-remaining']).toBe('3');
    } finally {
      await closeAll([a, b], url);
    }
  });
});

describe('CLASSICBOOK_RATE_LIMIT_PREFIX', () => {
  it('defaults to classicbook:rl: and refuses spaces and overlong values', () => {
    expect(loadConfig({}).rateLimitPrefix).toBe('classicbook:rl:');
    expect(loadConfig({ CLASSICBOOK_RATE_LIMIT_PREFIX: 'staging:rl:' }).rateLimitPrefix).toBe('staging:rl:');
    expect(() => loadConfig({ CLASSICBOOK_RATE_LIMIT_PREFIX: 'has space' })).toThrow(ConfigError);
    expect(() => loadConfig({ CLASSICBOOK_RATE_LIMIT_PREFIX: 'x'.repeat(101) })).toThrow(/CLASSICBOOK_RATE_LIMIT_PREFIX/);
  });
});

describe('RedisRateLimitStore', () => {
  const quiet: RateLimitLog = { error: () => undefined, warn: () => undefined, info: () => undefined };

  it('counts the same exact rolling window as the memory store', async () => {
    const store = await RedisRateLimitStore.open(REDIS_URL, { prefix: uniquePrefix(), log: quiet });
    const memory = new MemoryRateLimitStore();
    try {
      // 3 per second: the 4th inside the window is refused until the first hit is a window old.
      const times = [1000, 1100, 1200, 1300, 1999, 2000, 2050, 2100, 2101, 3200, 3300];
      const fromRedis: RateLimitResult[] = [];
      const fromMemory: RateLimitResult[] = [];
      for (const t of times) {
        fromRedis.push(await store.hit('k', 3, 1000, t));
        fromMemory.push(await memory.hit('k', 3, 1000, t));
      }
      expect(fromRedis).toEqual(fromMemory);
      expect(fromRedis.map((r) => r.allowed)).toEqual([true, true, true, false, false, true, false, true, false, true, true]);
      expect(fromRedis[3]).toEqual({ allowed: false, limit: 3, remaining: 0, resetAt: 2000 });
    } finally {
      await store.close();
    }
  });

  it('never lets more than max through when two connections race on one key', async () => {
    const prefix = uniquePrefix();
    const stores = [
      await RedisRateLimitStore.open(REDIS_URL, { prefix, log: quiet }),
      await RedisRateLimitStore.open(REDIS_URL, { prefix, log: quiet }),
    ];
    try {
      const now = Date.now();
      // Every request in the same millisecond: members must still be distinct.
      const results = await Promise.all(Array.from({ length: 60 }, (_, i) => (stores[i % 2] as RedisRateLimitStore).hit('race', 10, 60_000, now)));
      expect(results.filter((r) => r.allowed)).toHaveLength(10);
      expect(await redis.zcard(`${prefix}race`)).toBe(10);
      expect(results.map((r) => r.remaining).sort((x, y) => x - y)).toEqual([...Array(51).fill(0), 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    } finally {
      for (const s of stores) await s.close();
    }
  });
});

describe('Redis unreachable', () => {
  it('starts and serves, limits each instance from memory, logs one loud error, never waits', async () => {
    const log = captureLog();
    const started = Date.now();
    const app = await makeApp({ REDIS_URL: DEAD_REDIS_URL, CLASSICBOOK_RATE_LIMIT: '5/60s' }, { logger: log.logger });
    try {
      expect(Date.now() - started).toBeLessThan(5_000);
      const c = new Client(app.app);
      let slowest = 0;
      const statuses: number[] = [];
      const remaining: string[] = [];
      for (let i = 0; i < 6; i++) {
        const t0 = performance.now();
        const res = await c.get('/service/people.xml');
        slowest = Math.max(slowest, performance.now() - t0);
        statuses.push(res.statusCode);
        remaining.push(String(res.headers['x-ratelimit-remaining']));
        if (res.statusCode === 503) expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 503]);
      expect(remaining).toEqual(['4', '3', '2', '1', '0', '0']);
      expect(slowest).toBeLessThan(1_000);
      // ioredis retries every 200, 400, 600… ms meanwhile: still one error line per 30 s.
      await new Promise((r) => setTimeout(r, 1_300));
      const errors = log.lines.filter((l) => l.level === ERROR && /Redis unreachable/.test(l.msg));
      expect(errors).toHaveLength(1);
      expect(errors[0]?.msg).toMatch(/in memory/);
      expect(errors[0]?.err?.message).toMatch(/ECONNREFUSED|Connection is closed/);
    } finally {
      await app.app.close();
    }
  });

  it('falls back to memory when Redis goes away and shares counters again when it is back', async () => {
    const proxy = new TcpProxy(6379);
    const port = await proxy.start();
    const prefix = uniquePrefix();
    const log = captureLog();
    const app = await makeApp(
      { REDIS_URL: `redis://127.0.0.1:${port}`, CLASSICBOOK_RATE_LIMIT: '5/60s', CLASSICBOOK_RATE_LIMIT_PREFIX: prefix },
      { logger: log.logger },
    );
    const key = `${prefix}user:1`;
    const remaining = async (): Promise<string> => {
      const res = await new Client(app.app).get('/service/people.xml');
      expect(res.statusCode).toBe(200);
      return String(res.headers['x-ratelimit-remaining']);
    };
    try {
      expect([await remaining(), await remaining()]).toEqual(['4', '3']);
      expect(await redis.zcard(key)).toBe(2);

      await proxy.stop();
      const t0 = performance.now();
      // Served from this instance's own (fresh) memory counter; Redis is not touched.
      expect(await remaining()).toBe('4');
      expect(performance.now() - t0).toBeLessThan(1_000);
      expect(await redis.zcard(key)).toBe(2);
      await until('the outage error', () => log.lines.some((l) => l.level === ERROR && /Redis unreachable/.test(l.msg)));

      await proxy.start(port);
      await until('the recovery warning', () => log.lines.some((l) => l.level === WARN && /Redis reachable again/.test(l.msg)));
      expect(await remaining()).toBe('2');
      expect(await redis.zcard(key)).toBe(3);
    } finally {
      await app.app.close();
      await proxy.stop();
    }
  });
});

/** A TCP forwarder in front of the real Redis, so a test can take "Redis" away and bring it back. */
class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly targetPort: number) {}

  async start(port = 0): Promise<number> {
    const server = createServer((client) => {
      const upstream = createConnection(this.targetPort, '127.0.0.1');
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    return typeof address === 'object' && address !== null ? address.port : 0;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
