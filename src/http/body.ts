// Request body decoding (spec §1.4): XML (dashed or underscored, typed, nil), form-encoded with
// bracket keys, JSON, or no body at all. Every form becomes the same plain Params object.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseXmlBody } from '../codec/xml-reader.js';
import { fromJson, isParams, parseFormEncoded, type ParamValue, type Params } from '../codec/params.js';
import { BadRequestError, DomainError } from '../errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(body: Buffer): string {
  try {
    return utf8.decode(body);
  } catch {
    throw new BadRequestError('Request body is not valid UTF-8');
  }
}

function parseJson(text: string): Params {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BadRequestError('Malformed JSON body');
  }
  const params = fromJson(value);
  return isParams(params) ? params : {};
}

/** Bodies without a usable Content-Type (or text/plain) are sniffed: `<` means XML, else form. */
function parseSniffed(text: string): Params {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') return {};
  if (trimmed.startsWith('<')) return parseXmlBody(trimmed);
  if (trimmed.startsWith('{')) return parseJson(trimmed);
  return parseFormEncoded(trimmed);
}

type Parser = (text: string) => Params;

// Characters outside XML 1.0's Char production (tab, LF and CR are fine). Stored, they could never
// be written back in a well-formed XML response (spec §1.5), so every body format refuses them,
// raw or escaped (`\u0001`, `%01`) — issue 5, hostile input. refuseControlCharacters (request.ts)
// applies the same check to path and query. (XML references like `&#1;` are dropped by the codec instead.)
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** Iterative: a body nested 200 000 deep must reach the depth check (400), not overflow here. */
function hasControlChars(root: ParamValue): boolean {
  const stack: ParamValue[] = [root];
  for (let v = stack.pop(); v !== undefined; v = stack.pop()) {
    if (v === null) continue;
    if (typeof v === 'string') {
      if (NOT_XML_CHAR.test(v)) return true;
    } else if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
    } else {
      for (const [k, child] of Object.entries(v)) {
        if (NOT_XML_CHAR.test(k)) return true;
        stack.push(child);
      }
    }
  }
  return false;
}

export function checked(params: Params): Params {
  if (hasControlChars(params)) throw new BadRequestError('Request body contains control characters');
  return params;
}

/** Parser failures answer 400 without echoing internal error text to the client. */
function asBadRequest(err: unknown): DomainError {
  return err instanceof DomainError ? err : new BadRequestError('Request body could not be read');
}

function register(app: FastifyInstance, types: string[] | RegExp, parse: Parser): void {
  app.addContentTypeParser(types, { parseAs: 'buffer' }, (_req: FastifyRequest, body: Buffer, done) => {
    try {
      done(null, checked(parse(decodeUtf8(body))));
    } catch (err) {
      done(asBadRequest(err), undefined);
    }
  });
}

export function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  register(app, ['application/xml', 'text/xml'], parseXmlBody);
  register(app, /^application\/[\w.+-]*\+xml$/, parseXmlBody);
  register(app, ['application/json'], parseJson);
  register(app, ['application/x-www-form-urlencoded'], (t) => parseFormEncoded(t.trim()));
  register(app, ['text/plain'], parseSniffed);
  // A missing Content-Type with a body (some shell scripts) is sniffed too; any other media
  // type is refused with 415 by Fastify's own check.
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (req: FastifyRequest, body: Buffer, done) => {
    if (req.headers['content-type'] !== undefined && body.length > 0) {
      done(new DomainError('unsupported_media_type', [`Content-Type ${req.headers['content-type']} is not supported; send XML, JSON or form data`]), undefined);
      return;
    }
    try {
      done(null, checked(parseSniffed(decodeUtf8(body))));
    } catch (err) {
      done(asBadRequest(err), undefined);
    }
  });
}
