// Format from the path suffix (spec §1.1): `.xml` and no suffix answer XML, `.json` answers JSON.
// The suffix is stripped before routing, so routes are declared once without it.
import type { IncomingMessage } from 'node:http';

export type Format = 'xml' | 'json';

const formats = new WeakMap<IncomingMessage, Format>();

/** Fastify `rewriteUrl`: `/service/people/1.xml?x=1` → `/service/people/1?x=1`, remembering the format. */
export function stripFormatSuffix(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const query = q === -1 ? '' : url.slice(q);
  const m = /\.(xml|json)$/i.exec(path);
  // The admin API under /api/ is a JSON API; the Classic API without a suffix answers XML.
  formats.set(req, m ? ((m[1] as string).toLowerCase() as Format) : path.startsWith('/api/') ? 'json' : 'xml');
  return m ? path.slice(0, -m[0].length) + query : url;
}

export function formatOf(req: IncomingMessage): Format {
  return formats.get(req) ?? 'xml';
}

export const CONTENT_TYPES: Record<Format, string> = {
  xml: 'application/xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
};
