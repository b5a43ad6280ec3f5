// Sending typed records: one record, a created record (201 + absolute Location), an empty 200,
// or a streamed collection. Handlers never build XML themselves (STYLE.md, convention 1).
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toJsonDocument } from '../codec/json-writer.js';
import type { XNode } from '../codec/node.js';
import { toXmlDocument, toXmlFragment, xmlCollectionEnvelope } from '../codec/xml-writer.js';
import { CONTENT_TYPES, formatOf, type Format } from './format.js';

export function formatFor(request: FastifyRequest): Format {
  return formatOf(request.raw);
}

export function sendRecord(request: FastifyRequest, reply: FastifyReply, node: XNode, status = 200): FastifyReply {
  const format = formatFor(request);
  return reply
    .code(status)
    .type(CONTENT_TYPES[format])
    .send(format === 'json' ? toJsonDocument(node) : toXmlDocument(node));
}

/**
 * Absolute URL of a resource path under /service, from Host and scheme (spec §1.5). Fastify's
 * `request.host` and `request.protocol` read X-Forwarded-Host/-Proto only from a trusted proxy
 * (CLASSICBOOK_TRUST_PROXY), so a direct client cannot make us echo a host of its choosing.
 */
export function absoluteUrl(request: FastifyRequest, path: string): string {
  return `${request.protocol}://${request.host}/service/${path}.${formatFor(request)}`;
}

/** 201 + absolute `Location` + the new resource (spec §1.5). `path` is e.g. `people/12`. */
export function sendCreated(request: FastifyRequest, reply: FastifyReply, node: XNode, path: string): FastifyReply {
  reply.header('location', absoluteUrl(request, path));
  return sendRecord(request, reply, node, 201);
}

/** 200 with an empty body: custom actions and deletes (PHP rejects 204, spec §1.5). */
export function sendOk(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.code(200).type(CONTENT_TYPES[formatFor(request)]).send('');
}

async function* xmlChunks(name: string, items: AsyncIterable<XNode>): AsyncGenerator<string> {
  const env = xmlCollectionEnvelope(name);
  let buffer = '';
  let any = false;
  for await (const item of items) {
    if (!any) buffer += env.open;
    any = true;
    buffer += toXmlFragment(item, 1);
    if (buffer.length > 64 * 1024) {
      yield buffer;
      buffer = '';
    }
  }
  yield any ? buffer + env.close : env.empty;
}

async function* jsonChunks(items: AsyncIterable<XNode>): AsyncGenerator<string> {
  let buffer = '[';
  let first = true;
  for await (const item of items) {
    buffer += (first ? '' : ',') + toJsonDocument(item);
    first = false;
    if (buffer.length > 64 * 1024) {
      yield buffer;
      buffer = '';
    }
  }
  yield `${buffer}]`;
}

/** Answers up to this size are sent whole, with Content-Length, instead of streamed. */
const WHOLE_ANSWER_LIMIT = 256 * 1024;

/**
 * A collection, `<name type="array">` (also when empty). Most answers (a search, a page) are
 * small: they are built first and sent in one piece, which costs far less than a stream (issue 6:
 * a search finding one person cost 440 µs of CPU through a stream, a GET of that person 190 µs).
 * Anything larger than WHOLE_ANSWER_LIMIT is streamed from there on, so `limit=1000000` never
 * holds the whole answer in memory (decisions.md, Records and ids). An error before the answer
 * starts gets the usual error document.
 */
export async function sendCollection(
  request: FastifyRequest,
  reply: FastifyReply,
  name: string,
  items: AsyncIterable<XNode> | Iterable<XNode>,
): Promise<FastifyReply> {
  const format = formatFor(request);
  const source = Symbol.asyncIterator in items ? items : toAsync(items);
  const chunks = format === 'json' ? jsonChunks(source) : xmlChunks(name, source);
  reply.code(200).type(CONTENT_TYPES[format]);
  let head = '';
  for (;;) {
    const next = await chunks.next();
    if (next.done) return reply.send(head);
    head += next.value;
    if (head.length > WHOLE_ANSWER_LIMIT) return reply.send(Readable.from(prepend(head, chunks), { objectMode: false }));
  }
}

async function* prepend(head: string, rest: AsyncGenerator<string>): AsyncGenerator<string> {
  try {
    yield head;
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
  } finally {
    // A client that goes away mid-answer ends the stream early: stop reading the database too.
    await rest.return(undefined);
  }
}

async function* toAsync(items: Iterable<XNode>): AsyncGenerator<XNode> {
  yield* items;
}
