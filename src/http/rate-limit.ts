// Per-token rate limiting (spec §1.3, decisions.md): N requests per rolling window, 503 (or 429)
// with Retry-After when over, X-RateLimit-* headers on every API response. The store is an
// interface so that a Redis store can share counters across instances.
import type { RateLimitSetting } from '../config.js';

export interface RateLimitResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** epoch milliseconds at which the oldest counted request leaves the window (a slot frees) */
  resetAt: number;
}

export interface RateLimitStore {
  /** Record one request for `key` (if allowed) and tell whether it may proceed. */
  hit(key: string, max: number, windowMs: number, now: number): Promise<RateLimitResult>;
  /** Like hit, but records nothing: would one more request for `key` be allowed? */
  peek(key: string, max: number, windowMs: number, now: number): Promise<RateLimitResult>;
}

/**
 * Exact rolling window kept in memory: the timestamps of the requests in the last window, per key.
 * Memory is bounded by max × active keys; idle keys are swept.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly hits = new Map<string, number[]>();
  private lastSweep = 0;

  async hit(key: string, max: number, windowMs: number, now: number): Promise<RateLimitResult> {
    this.sweep(now, windowMs);
    const since = now - windowMs;
    const list = (this.hits.get(key) ?? []).filter((t) => t > since);
    const allowed = list.length < max;
    if (allowed) list.push(now);
    this.hits.set(key, list);
    const oldest = list[0] ?? now;
    return {
      allowed,
      limit: max,
      remaining: Math.max(0, max - list.length),
      resetAt: oldest + windowMs,
    };
  }

  async peek(key: string, max: number, windowMs: number, now: number): Promise<RateLimitResult> {
    const list = (this.hits.get(key) ?? []).filter((t) => t > now - windowMs);
    return { allowed: list.length < max, limit: max, remaining: Math.max(0, max - list.length), resetAt: (list[0] ?? now) + windowMs };
  }

  private sweep(now: number, windowMs: number): void {
    if (now - this.lastSweep < windowMs) return;
    this.lastSweep = now;
    for (const [key, list] of this.hits) {
      if ((list[list.length - 1] ?? 0) <= now - windowMs) this.hits.delete(key);
    }
  }
}

export class RateLimiter {
  constructor(
    private readonly setting: RateLimitSetting,
    private readonly store: RateLimitStore = new MemoryRateLimitStore(),
  ) {}

  get enabled(): boolean {
    return this.setting.max > 0;
  }

  get status(): number {
    return this.setting.status;
  }

  check(key: string, now = Date.now()): Promise<RateLimitResult> {
    return this.store.hit(key, this.setting.max, this.setting.windowMs, now);
  }

  /** Would `key` be allowed now? Counts nothing (the failed-auth limit counts only failures). */
  peek(key: string, now = Date.now()): Promise<RateLimitResult> {
    return this.store.peek(key, this.setting.max, this.setting.windowMs, now);
  }
}
