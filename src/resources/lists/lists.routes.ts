// Routes of Lists (spec §14): the read-only Classic index and show, and the JSON admin API
// that manages them (lists-admin.routes.ts). POST/PUT/DELETE under /service/lists are not
// routes: the Classic API never wrote lists.
import type { FastifyInstance } from 'fastify';
import { mapAsync } from '../../http/iterate.js';
import { sendCollection, sendRecord } from '../../http/reply.js';
import { callerOf, paramsOf } from '../../http/request.js';
import type { Services } from '../../services.js';
import { registerListAdminRoutes } from './lists-admin.routes.js';
import { listIndexNode, listShowNode } from './lists.presenter.js';

export function registerListRoutes(app: FastifyInstance, services: Services): void {
  const { lists } = services;
  app.get('/service/lists', async (req, reply) =>
    sendCollection(req, reply, 'lists', mapAsync(lists.index(callerOf(req).accountId, paramsOf(req)), listIndexNode)),
  );
  app.get<{ Params: { id: string } }>('/service/lists/:id', async (req, reply) =>
    sendRecord(req, reply, listShowNode(await lists.show(callerOf(req).accountId, req.params.id))),
  );
  registerListAdminRoutes(app, services);
}
