// What a handler reads from a request: the caller, and one merged parameter set
// {path, query, body} where body values win and keys absent from the body come from the query
// (spec §1.4, form 6).
import type { FastifyRequest } from 'fastify';
import { isParams, mergeParams, parseFormEncoded, type Params } from '../codec/params.js';
import { UnauthorizedError } from '../errors.js';
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
