// The route table as registered, for tests that must cover every route (issue 5: hostile input,
// tenant isolation). collectRoutes installs an onRoute hook; call it before any route is added.
import type { FastifyInstance } from 'fastify';

export interface RouteEntry {
  method: string;
  url: string;
}

const tables = new WeakMap<FastifyInstance, RouteEntry[]>();

export function collectRoutes(app: FastifyInstance): void {
  const table: RouteEntry[] = [];
  tables.set(app, table);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) table.push({ method: String(method), url: route.url });
  });
}

/** Every route registered after collectRoutes(app), one entry per method (HEAD included). */
export function routesOf(app: FastifyInstance): RouteEntry[] {
  return [...(tables.get(app) ?? [])];
}
