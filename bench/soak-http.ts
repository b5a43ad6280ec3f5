// A minimal keep-alive HTTP client for the soak: Basic auth, one shared agent, timing per request.
import http from 'node:http';

export interface Reply {
  status: number;
  body: string;
  location: string;
  ms: number;
}

export class SoakHttp {
  private readonly agent: http.Agent;
  private readonly auth: string;

  constructor(
    private readonly base: string,
    token: string,
    sockets: number,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
    this.auth = `Basic ${Buffer.from(`${token}:`).toString('base64')}`;
  }

  /** One request; rejects only on a transport error (refused, reset, timeout). */
  send(method: string, path: string, body?: string): Promise<Reply> {
    const url = new URL(path, this.base);
    const headers: Record<string, string> = { authorization: this.auth };
    if (body !== undefined) {
      headers['content-type'] = body.startsWith('<') ? 'application/xml' : 'application/x-www-form-urlencoded';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = http.request(url, { method, headers, agent: this.agent, timeout: 30_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            location: String(res.headers.location ?? ''),
            ms: performance.now() - started,
          }),
        );
      });
      req.on('timeout', () => req.destroy(new Error('request timed out after 30 s')));
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
