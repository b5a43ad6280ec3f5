// Issue 5, item 1: a body over the limit (1 MiB, decisions.md) is refused with 413 before the
// server buffers it whole — both when Content-Length announces it and when it arrives chunked.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { basic, makeApp, TOKEN } from './helpers.js';
import { Client } from './helpers.js';
import { dump, seed } from './hostile-fixture.js';

let built: App;
let port = 0;
beforeAll(async () => {
  built = await makeApp();
  await built.app.listen({ port: 0, host: '127.0.0.1' });
  const address = built.app.server.address();
  port = typeof address === 'object' && address ? address.port : 0;
});
afterAll(async () => built.app.close());

function head(extra: string): string {
  return `POST /service/people.xml HTTP/1.1\r\nHost: localhost\r\nAuthorization: ${basic(TOKEN)}\r\nContent-Type: application/xml\r\n${extra}\r\n`;
}

interface Exchange {
  response: string;
  sent: number;
}

/** Write `first`, then `next()` chunks while the server reads, until it answers (or `limit` bytes). */
function exchange(first: string, next: (() => Buffer) | null, limit: number): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, '127.0.0.1');
    let response = '';
    let sent = 0;
    let answered = false;
    const timer = setTimeout(() => reject(new Error(`no answer after ${sent} bytes: ${response}`)), 15_000);
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ response, sent });
    };
    socket.on('data', (d) => {
      response += d.toString('utf8');
      answered = true;
      if (/\r\n\r\n[\s\S]*<\/errors>/.test(response)) finish();
    });
    socket.on('error', () => (answered ? finish() : reject(new Error(`socket error after ${sent} bytes`))));
    socket.on('close', () => answered && finish());
    const pump = () => {
      while (!answered && next !== null && sent < limit) {
        const chunk = next();
        sent += chunk.length;
        if (!socket.write(chunk)) return void socket.once('drain', pump);
      }
    };
    socket.write(first, () => pump());
    sent += first.length;
  });
}

describe('oversized bodies', () => {
  it('answers 413 to a 50 MiB Content-Length after reading only the first bytes', async () => {
    const before = await dump(built);
    const started = Date.now();
    const { response, sent } = await exchange(`${head(`Content-Length: ${50 * 1024 * 1024}\r\n`)}<person><first_name>`, null, 0);
    expect(response).toMatch(/^HTTP\/1\.1 413 /);
    expect(response).toMatch(/<errors>\s*<error>Request body is too large<\/error>\s*<\/errors>/);
    expect(sent).toBeLessThan(1024);
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await dump(built)).split('\n')).toEqual(before.split('\n'));
  });

  it('stops a chunked body soon after it passes 1 MiB and answers 413', async () => {
    const before = await dump(built);
    const chunk = Buffer.from(`10000\r\n${'x'.repeat(0x10000)}\r\n`);
    const { response, sent } = await exchange(`${head('Transfer-Encoding: chunked\r\n')}1b\r\n<person><first_name>xxxxxxx\r\n`, () => chunk, 50 * 1024 * 1024);
    expect(response).toMatch(/^HTTP\/1\.1 413 /);
    expect(response).toContain('<error>Request body is too large</error>');
    // socket buffers on both sides hold a few MiB at most; the server never waited for 50 MiB
    expect(sent).toBeLessThan(16 * 1024 * 1024);
    expect((await dump(built)).split('\n')).toEqual(before.split('\n'));
    console.log(`chunked 413 after ${sent} bytes sent`);
  });
});

describe('dot segments sent as-is (no client-side normalisation)', () => {
  it('answer 404 in the error shape and write nothing', async () => {
    const s = await seed(new Client(built.app));
    const before = await dump(built);
    const paths = [
      `/service/people/../companies/${s.company}.xml`,
      `/service/people/%2E%2E/companies/${s.company}.xml`,
      `/service/people/${s.person}/../../companies/${s.company}.xml`,
      '/service/people/..%2F..%2Fetc%2Fpasswd.xml',
      '/service/../../../etc/passwd',
    ];
    for (const path of paths) {
      for (const method of ['GET', 'DELETE', 'PUT']) {
        const request = `${method} ${path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: ${basic(TOKEN)}\r\nContent-Length: 0\r\n\r\n`;
        const { response } = await exchange(request, null, 0);
        expect(response, `${method} ${path}`).toMatch(/^HTTP\/1\.1 404 /);
        expect(response, `${method} ${path}`).toMatch(/<errors>\s*<error>[^<]+<\/error>/);
      }
    }
    expect((await dump(built)).split('\n')).toEqual(before.split('\n'));
  });
});
