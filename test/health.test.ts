// Probes for load balancers and orchestrators (docs/deploy.md): /healthz says the process is up,
// /readyz that the database answers. Neither asks for a token nor counts against a rate limit.
import type { LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { basic, Client, dropSchema, freshDatabaseUrl, makeApp, TEST_DIALECT, TEST_POSTGRES_URL } from './helpers.js';

function probe(app: App, url: '/healthz' | '/readyz', headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return app.app.inject({ method: 'GET', url, headers: { host: 'localhost:3000', ...headers } });
}

describe('GET /healthz and GET /readyz', () => {
  let ctx: App;
  beforeAll(async () => {
    // A limit of one request an hour: anything counted would be refused from the second call on.
    ctx = await makeApp({ CLASSICBOOK_RATE_LIMIT: '1/1h' });
  });
  afterAll(async () => ctx.app.close());

  it('answers 200 without credentials', async () => {
    const health = await probe(ctx, '/healthz');
    expect(health.statusCode).toBe(200);
    expect(health.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(health.body)).toEqual({ status: 'ok' });
    const ready = await probe(ctx, '/readyz');
    expect(ready.statusCode).toBe(200);
    expect(JSON.parse(ready.body)).toEqual({ status: 'ready', database: TEST_DIALECT });
  });

  it('ignores a wrong token and an account host instead of answering 401', async () => {
    const headers = { authorization: basic('f'.repeat(40)), host: 'demo.batchbook.com' };
    expect((await probe(ctx, '/healthz', headers)).statusCode).toBe(200);
    expect((await probe(ctx, '/readyz', headers)).statusCode).toBe(200);
  });

  it('is never rate limited, while the API behind the same limit is', async () => {
    for (let i = 0; i < 5; i += 1) {
      for (const url of ['/healthz', '/readyz'] as const) {
        const res = await probe(ctx, url);
        expect(res.statusCode, `${url} #${i}`).toBe(200);
        expect(res.headers['x-ratelimit-limit']).toBeUndefined();
      }
    }
    const api = new Client(ctx.app);
    expect((await api.get('/service/people.xml')).statusCode).toBe(200);
    expect((await api.get('/service/people.xml')).statusCode).toBe(503);
  });
});

describe('GET /readyz with the database gone', () => {
  it('answers 503 while /healthz still answers 200', async () => {
    const ctx = await makeApp();
    try {
      expect((await probe(ctx, '/readyz')).statusCode).toBe(200);
      // Closing the pool under the running app is what an unreachable database looks like to it.
      await ctx.storage.close();
      const ready = await probe(ctx, '/readyz');
      expect(ready.statusCode).toBe(503);
      expect(JSON.parse(ready.body)).toEqual({ status: 'unavailable', database: TEST_DIALECT });
      expect((await probe(ctx, '/healthz')).statusCode).toBe(200);
    } finally {
      await ctx.app.close();
    }
  });
});

if (TEST_DIALECT === 'postgres') {
  describe('PostgreSQL dropping the connections (restart, failover)', () => {
    it('leaves the app running, and /readyz and the API answer again on fresh connections', async () => {
      const name = `cb_readyz_${process.pid}`;
      const url = `${freshDatabaseUrl()}&application_name=${name}`;
      const ctx = await makeApp({ DATABASE_URL: url });
      const admin = new pg.Pool({ connectionString: TEST_POSTGRES_URL, max: 1 });
      try {
        expect((await probe(ctx, '/readyz')).statusCode).toBe(200);
        // The pool now holds an idle connection; the server ends it as a restart would.
        const killed = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1', [name]);
        expect(killed.rowCount).toBeGreaterThan(0);
        // Let the idle client see the termination: an unhandled pool 'error' would crash the process here.
        await new Promise((r) => setTimeout(r, 300));
        expect((await probe(ctx, '/readyz')).statusCode).toBe(200);
        expect((await new Client(ctx.app).get('/service/people.xml')).statusCode).toBe(200);
      } finally {
        await admin.end();
        await ctx.app.close();
        await dropSchema(url);
      }
    });
  });
}
