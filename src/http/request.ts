// What a handler reads from a request: the caller, and one merged parameter set
// {path, query, body} where body values win and keys absent from the body come from the query
// (spec §1.4, form 6).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isParams, mergeParams, parseFormEncoded, type Params } from '../codec/params.js';
import { BadRequestError, UnauthorizedError } from '../errors.js';
import { checked } from './body.js';
import type { Caller } from '../resources/accounts/accounts.service.js';

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
  }
}

export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new UnauthorizedError();
  return request.caller;
}

export function queryOf(request: FastifyRequest): Params {
  const q = request.url.indexOf('?');
  return q === -1 ? {} : parseFormEncoded(request.url.slice(q + 1));
}

export function paramsOf(request: FastifyRequest): Params {
  const path: Params = {};
  for (const [k, v] of Object.entries((request.params ?? {}) as Record<string, string>)) path[k] = v;
  const body = isParams(request.body as Params | undefined) ? (request.body as Params) : {};
  return mergeParams(mergeParams(queryOf(request), body), path);
}

/**
 * Path and query of every request, reads included, refuse characters XML 1.0 cannot carry
 * (400, spec §1.5; issue 5): PostgreSQL rejects a NUL in any text parameter with an error that
 * would otherwise surface as a 500 (found by test/fuzz.test.ts: GET /service/tags/%00).
 */
export function refuseControlCharacters(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const url: Params = { ...queryOf(request), ...((request.params ?? {}) as Record<string, string>) };
    try {
      checked(url);
    } catch {
      throw new BadRequestError('URL contains control characters');
    }
  });
}
