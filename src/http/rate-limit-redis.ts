// Rate-limit counters in Redis, shared by every instance (decisions.md, "Rate limiting": with Redis
// configured the limit holds across a load-balanced fleet). Same exact rolling window as
// MemoryRateLimitStore: one sorted set of request times per key, read and written by one Lua script,
// so two instances racing on one token can never both take the last slot.
//
// Redis unreachable: the server keeps serving. Each instance counts in memory (the limit then holds
// per instance, not fleet-wide) and logs an error at most every 30 s until Redis answers again; a
// request never waits for Redis to come back (no offline queue, short timeouts, background reconnect).
import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { Redis, type ClientContext, type Result } from 'ioredis';
import { MemoryRateLimitStore, type RateLimitResult, type RateLimitStore } from './rate-limit.js';

/**
 * KEYS[1]: the key's sorted set (score = request time in ms). ARGV: now, window ms, max, member.
 * Returns {allowed 0|1, requests in the window, oldest request time}.
 */
const HIT_SCRIPT = `
local key = KEYS[1]
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local max = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
local allowed = 0
if count < max then
  redis.call('ZADD', key, now, ARGV[4])
  count = count + 1
  allowed = 1
end
redis.call('PEXPIRE', key, window)
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
local first = now
if oldest[2] then first = tonumber(oldest[2]) end
return {allowed, count, first}
`;

declare module 'ioredis' {
  interface RedisCommander<Context extends ClientContext = { type: 'default' }> {
    classicbookRateLimit(
      key: string,
      now: number,
      windowMs: number,
      max: number,
      member: string,
    ): Result<[number, number, number], Context>;
  }
}

export type RateLimitLog = Pick<FastifyBaseLogger, 'error' | 'warn' | 'info'>;

export interface RedisRateLimitOptions {
  /** prepended to every key, e.g. `classicbook:rl:` (CLASSICBOOK_RATE_LIMIT_PREFIX) */
  prefix: string;
  log: RateLimitLog;
  /** how long start-up and each reconnect attempt wait for Redis (default 1000 ms) */
  connectTimeoutMs?: number;
  /** how long one request waits for Redis before counting in memory (default 500 ms) */
  commandTimeoutMs?: number;
  /** at most one "Redis unreachable" error line per this interval (default 30 s) */
  logIntervalMs?: number;
  /** after a failed command, count in memory for this long before trying Redis again (default 5 s) */
  retryAfterMs?: number;
}

export class RedisRateLimitStore implements RateLimitStore {
  private readonly fallback = new MemoryRateLimitStore();
  /** makes sorted-set members unique when two instances count a request in the same millisecond */
  private readonly instance = randomBytes(6).toString('hex');
  private seq = 0;
  private down = false;
  private closing = false;
  private lastErrorLog = -Infinity;
  private suppressed = 0;
  private skipUntil = 0;

  private constructor(
    private readonly redis: Redis,
    private readonly options: RedisRateLimitOptions,
  ) {
    redis.defineCommand('classicbookRateLimit', { numberOfKeys: 1, lua: HIT_SCRIPT });
    // Without a listener ioredis prints every failed reconnect attempt to stderr.
    redis.on('error', (err: unknown) => this.unavailable(err));
    redis.on('ready', () => this.available());
  }

  /**
   * Connect, waiting at most connectTimeoutMs. Never rejects: a Redis that is down at start-up
   * must not keep the server from serving (ioredis keeps reconnecting in the background).
   */
  static async open(url: string, options: RedisRateLimitOptions): Promise<RedisRateLimitStore> {
    const connectTimeoutMs = options.connectTimeoutMs ?? 1000;
    const redis = new Redis(url, {
      lazyConnect: true,
      // Fail commands at once while disconnected instead of queueing them behind a reconnect.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: connectTimeoutMs,
      commandTimeout: options.commandTimeoutMs ?? 500,
      retryStrategy: (attempt: number) => Math.min(attempt * 200, 2000),
    });
    const store = new RedisRateLimitStore(redis, options);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis not ready within ${connectTimeoutMs} ms`)), connectTimeoutMs);
    });
    try {
      await Promise.race([redis.connect(), timeout]);
      options.log.info({ prefix: options.prefix }, 'rate limits: counters shared through Redis');
    } catch (err) {
      store.unavailable(err);
    } finally {
      clearTimeout(timer);
    }
    return store;
  }

  async hit(key: string, max: number, windowMs: number, now: number): Promise<RateLimitResult> {
    if (this.redis.status !== 'ready' || Date.now() < this.skipUntil) {
      if (!this.down) this.unavailable(new Error(`Redis connection is ${this.redis.status}`));
      return this.fallback.hit(key, max, windowMs, now);
    }
    try {
      const member = `${now}:${this.instance}:${(this.seq += 1)}`;
      const [allowed, count, oldest] = await this.redis.classicbookRateLimit(this.options.prefix + key, now, windowMs, max, member);
      if (this.down) this.available();
      return { allowed: allowed === 1, limit: max, remaining: Math.max(0, max - count), resetAt: oldest + windowMs };
    } catch (err) {
      // A hung or failing Redis (timeout, OOM, READONLY replica): don't make every request pay
      // the timeout; count in memory for a while, then try again.
      this.skipUntil = Date.now() + (this.options.retryAfterMs ?? 5000);
      this.unavailable(err);
      return this.fallback.hit(key, max, windowMs, now);
    }
  }

  /** Read-only count for the failed-auth limit (issue 5); same fallback rules as hit. */
  async peek(key: string, max: number, windowMs: number, now: number): Promise<RateLimitResult> {
    if (this.redis.status !== 'ready' || Date.now() < this.skipUntil) return this.fallback.peek(key, max, windowMs, now);
    try {
      const since = `(${now - windowMs}`;
      const count = await this.redis.zcount(this.options.prefix + key, since, '+inf');
      const first = await this.redis.zrangebyscore(this.options.prefix + key, since, '+inf', 'WITHSCORES', 'LIMIT', 0, 1);
      const oldest = first[1] === undefined ? now : Number(first[1]);
      return { allowed: count < max, limit: max, remaining: Math.max(0, max - count), resetAt: oldest + windowMs };
    } catch (err) {
      this.skipUntil = Date.now() + (this.options.retryAfterMs ?? 5000);
      this.unavailable(err);
      return this.fallback.peek(key, max, windowMs, now);
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.redis.status === 'ready') {
      try {
        await this.redis.quit();
        return;
      } catch {
        // fall through: drop the connection without the goodbye
      }
    }
    this.redis.disconnect();
  }

  /** Loud but bounded: one error line per interval however many requests or reconnects fail. */
  private unavailable(err: unknown): void {
    if (this.closing) return;
    this.down = true;
    const now = Date.now();
    if (now - this.lastErrorLog < (this.options.logIntervalMs ?? 30_000)) {
      this.suppressed += 1;
      return;
    }
    this.options.log.error(
      { err, suppressed: this.suppressed },
      'rate limits: Redis unreachable; counting per instance in memory until it is back',
    );
    this.lastErrorLog = now;
    this.suppressed = 0;
  }

  private available(): void {
    if (!this.down || this.closing) return;
    this.down = false;
    this.skipUntil = 0;
    // A later outage is news: report it at once rather than within the old interval.
    this.lastErrorLog = -Infinity;
    this.suppressed = 0;
    this.options.log.warn('rate limits: Redis reachable again; counters shared across instances again');
  }
}
