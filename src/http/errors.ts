// The one error handler (STYLE.md, convention 3): domain errors, Fastify's own errors and
// anything unexpected become a status code and `<errors><error>…</error></errors>` (or
// `{"errors": [...]}`) in the request's format.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { arr, str } from '../codec/node.js';
import { DomainError, type ErrorCode } from '../errors.js';
import { isUniqueViolation } from '../storage/db.js';
import { sendRecord } from './reply.js';

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  invalid_record: 422,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 503,
};

export function sendErrors(request: FastifyRequest, reply: FastifyReply, status: number, messages: string[]): FastifyReply {
  if (status === 401) reply.header('www-authenticate', 'Basic realm="BatchBook"');
  const node = arr('errors', messages.map((m) => str('error', m)));
  // `<errors>` carries no type attribute in the ActiveResource format, but is still a list:
  // JSON must read `{"errors": ["..."]}` (decisions.md, Formats), not one object whose repeated
  // `error` keys overwrite each other.
  node.collection = 'list';
  return sendRecord(request, reply, node, status);
}

function fastifyStatus(err: FastifyError): { status: number; message: string } | null {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, message: 'Request body is too large' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, message: 'Unsupported Content-Type; send XML, JSON or form data' };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, message: err.message };
    default:
      break;
  }
  if (err.validation) return { status: 422, message: err.message };
  if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
    return { status: err.statusCode, message: err.message };
  }
  return null;
}

/**
 * Router errors raised before any route runs — a path segment over maxParamLength (414) or a
 * malformed percent-escape (400) — in the error shape too, instead of Fastify's JSON that echoes
 * the whole path (issue 5, hostile input: every 4xx in the API's error shape).
 */
export function frameworkError(err: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') return sendErrors(request, reply, 414, ['Path segment is too long']);
  return sendErrors(request, reply, 400, ['Malformed URL']);
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof DomainError) {
      return sendErrors(request, reply, STATUS[err.code], err.messages);
    }
    // A concurrent request won a race that a unique constraint settles (decisions.md: the
    // database, not read-then-write, keeps names unique): the loser gets a validation error.
    if (isUniqueViolation(err)) return sendErrors(request, reply, 422, ['Record has already been taken by a concurrent change']);
    const known = fastifyStatus(err);
    if (known) return sendErrors(request, reply, known.status, [known.message]);
    request.log.error({ err }, 'unexpected error');
    return sendErrors(request, reply, 500, ['Internal server error']);
  });
  app.setNotFoundHandler((request, reply) =>
    sendErrors(request, reply, 404, [`No route for ${request.method} ${request.url.split('?')[0]}`]),
  );
}
