// HTTP Basic authentication (spec §1.2): username = API token, password = anything, even empty.
// A 401 always carries `WWW-Authenticate: Basic realm="BatchBook"` — the .NET client only sends
// credentials after that challenge. Host rule: decisions.md, Accounts, users, tokens.
import type { FastifyRequest } from 'fastify';
import { UnauthorizedError } from '../errors.js';
import type { AccountsService, Caller } from '../resources/accounts/accounts.service.js';
import type { RateLimiter } from './rate-limit.js';

export function tokenFromHeader(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!m) return null;
  const decoded = Buffer.from(m[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const token = (colon === -1 ? decoded : decoded.slice(0, colon)).trim();
  return token === '' ? null : token;
}

/** `acme.batchbook.com` → `acme` when that label names a known account; anything else → null. */
async function hostAccount(accounts: AccountsService, host: string | undefined): Promise<string | null> {
  if (!host) return null;
  const name = host.replace(/:\d+$/, '').toLowerCase();
  const dot = name.indexOf('.');
  if (dot <= 0 || /^[\d.]+$/.test(name)) return null;
  const label = name.slice(0, dot);
  if (!/^[a-z][a-z0-9-]*$/.test(label)) return null;
  return (await accounts.findAccount(label)) ? label : null;
}

export async function authenticate(accounts: AccountsService, request: FastifyRequest): Promise<Caller> {
  const token = tokenFromHeader(request.headers.authorization);
  if (token === null) throw new UnauthorizedError();
  // request.host: the public host a trusted proxy forwards, the same one Location echoes.
  const caller = await accounts.authenticate(token, await hostAccount(accounts, request.host));
  if (!caller) throw new UnauthorizedError('Access denied: unknown API token');
  return caller;
}

/**
 * Failed-auth storms (issue 5, CLASSICBOOK_AUTH_FAIL_LIMIT): only failed authentications count,
 * per client address (request.ip, which honours CLASSICBOOK_TRUST_PROXY); once an address is over
 * the limit every request from it is refused — even with a valid token — until the window frees.
 */
export class AuthFailGuard {
  constructor(private readonly limiter: RateLimiter) {}

  get status(): number {
    return this.limiter.status;
  }

  /** Seconds the address must wait, or 0 when it may try to authenticate. */
  async retryAfter(ip: string, now = Date.now()): Promise<number> {
    if (!this.limiter.enabled) return 0;
    const state = await this.limiter.peek(`authfail:${ip}`, now);
    return state.allowed ? 0 : Math.max(1, Math.ceil((state.resetAt - now) / 1000));
  }

  /** authenticate(), counting a 401 against the caller's address. */
  async authenticate(accounts: AccountsService, request: FastifyRequest): Promise<Caller> {
    try {
      return await authenticate(accounts, request);
    } catch (err) {
      if (err instanceof UnauthorizedError && this.limiter.enabled) await this.limiter.check(`authfail:${request.ip}`);
      throw err;
    }
  }
}
