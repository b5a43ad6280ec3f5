// The gate in front of every API request (/service and the /api admin JSON): failed-auth limiting
// per client address, Basic authentication (spec §1.2), then the per-token rate limit with its
// X-RateLimit-* headers and 503/429 + Retry-After (spec §1.3, decisions.md). Health probes and
// anything else outside the API pass untouched.
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { AccountsService } from '../resources/accounts/accounts.service.js';
import { AuthFailGuard } from './auth.js';
import { sendErrors } from './errors.js';
import { RateLimiter, type RateLimitStore } from './rate-limit.js';

function isApi(url: string): boolean {
  return url.startsWith('/service/') || url === '/service' || url.startsWith('/api/');
}

export function registerGuard(
  app: FastifyInstance,
  config: Pick<Config, 'rateLimit' | 'authFailLimit'>,
  accounts: AccountsService,
  store: RateLimitStore | undefined,
): void {
  const limiter = new RateLimiter(config.rateLimit, store);
  // One store for both limits when shared (Redis); otherwise each keeps its own memory store.
  const authFail = new AuthFailGuard(new RateLimiter(config.authFailLimit, store));
  app.addHook('onRequest', async (request, reply) => {
    if (!isApi(request.url)) return;
    const wait = await authFail.retryAfter(request.ip);
    if (wait > 0) {
      reply.header('retry-after', wait);
      return sendErrors(request, reply, authFail.status, ['Too many failed authentications from this address, retry later']);
    }
    request.caller = await authFail.authenticate(accounts, request);
    if (!limiter.enabled) return;
    const result = await limiter.check(`user:${request.caller.userId}`);
    reply.header('x-ratelimit-limit', result.limit);
    reply.header('x-ratelimit-remaining', result.remaining);
    reply.header('x-ratelimit-reset', Math.ceil(result.resetAt / 1000));
    if (!result.allowed) {
      reply.header('retry-after', Math.max(1, Math.ceil((result.resetAt - Date.now()) / 1000)));
      return sendErrors(request, reply, limiter.status, ['Rate limit exceeded: too many requests, retry later']);
    }
  });
}
