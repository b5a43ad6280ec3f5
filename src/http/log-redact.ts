// What the request logger may record (STYLE.md: never log credentials; issue 5, authentication).
// Headers are not serialized at all (so neither Authorization nor cookies are), and credential-like
// query parameters (`?token=…`, `?api_key=…`) are masked: some clients put the API token there.
import type { FastifyRequest } from 'fastify';

const SECRET_PARAMS = /^(token|api_token|auth_token|access_token|key|api_key|password|auth)$/i;

export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq === -1 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // a malformed name is logged as sent
      }
      return eq !== -1 && SECRET_PARAMS.test(decoded) ? `${name}=[REDACTED]` : pair;
    })
    .join('&');
  return `${url.slice(0, q)}?${query}`;
}

export function serializeRequest(req: FastifyRequest): Record<string, unknown> {
  return {
    method: req.method,
    url: redactUrl(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}
