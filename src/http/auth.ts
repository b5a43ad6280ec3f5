// HTTP Basic authentication (spec §1.2): username = API token, password = anything, even empty.
// A 401 always carries `WWW-Authenticate: Basic realm="BatchBook"` — the .NET client only sends
// credentials after that challenge. Host rule: decisions.md, Accounts, users, tokens.
import type { FastifyRequest } from 'fastify';
import { UnauthorizedError } from '../errors.js';
import type { AccountsService, Caller } from '../resources/accounts/accounts.service.js';

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
