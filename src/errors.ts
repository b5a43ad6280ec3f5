// Domain errors with stable codes. Services throw these; src/http/errors.ts maps them to
// status codes and the `<errors><error>…</error></errors>` shape (decisions.md, Formats).

export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'invalid_record'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly messages: string[],
  ) {
    super(messages.join('; '));
  }
}

export class NotFoundError extends DomainError {
  constructor(what = 'Record') {
    super('not_found', [`${what} not found`]);
  }
}

/** 422: the messages read like Rails validation messages ("First name can't be blank"). */
export class InvalidRecordError extends DomainError {
  constructor(messages: string[]) {
    super('invalid_record', messages);
  }
}

export class BadRequestError extends DomainError {
  constructor(message: string) {
    super('bad_request', [message]);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(message = 'Access denied: a valid API token is required') {
    super('unauthorized', [message]);
  }
}

/** 403: the caller is known but its role may not do this (e.g. a basic user managing lists). */
export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super('forbidden', [message]);
  }
}
