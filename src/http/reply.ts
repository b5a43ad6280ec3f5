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

/**
 * A collection, `<name type="array">` (also when empty), streamed so that `limit=1000000` never
 * holds the whole answer in memory (decisions.md, Records and ids).
 */
export function sendCollection(
  request: FastifyRequest,
  reply: FastifyReply,
  name: string,
  items: AsyncIterable<XNode> | Iterable<XNode>,
): FastifyReply {
  const format = formatFor(request);
  const source = toAsync(items);
  const chunks = format === 'json' ? jsonChunks(source) : xmlChunks(name, source);
  return reply.code(200).type(CONTENT_TYPES[format]).send(Readable.from(chunks, { objectMode: false }));
}

async function* toAsync(items: AsyncIterable<XNode> | Iterable<XNode>): AsyncGenerator<XNode> {
  for await (const item of items) yield item;
}
