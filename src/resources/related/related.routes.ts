// Routes of spec §12a: PUT add_related_contact / DELETE remove_related_contact on deals and to-dos.
import type { FastifyInstance } from 'fastify';
import { sendOk } from '../../http/reply.js';
import { callerOf, paramsOf } from '../../http/request.js';
import type { Services } from '../../services.js';
import { DEALS, TODOS } from '../records/collections.js';

type IdParams = { Params: { id: string } };

export function registerRelatedContactRoutes(app: FastifyInstance, services: Services): void {
  for (const collection of [DEALS, TODOS]) {
    app.put<IdParams>(`/service/${collection.path}/:id/add_related_contact`, async (req, reply) => {
      await services.related.add(callerOf(req), collection, req.params.id, paramsOf(req));
      return sendOk(req, reply);
    });
    app.delete<IdParams>(`/service/${collection.path}/:id/remove_related_contact`, async (req, reply) => {
      await services.related.remove(callerOf(req), collection, req.params.id, paramsOf(req));
      return sendOk(req, reply);
    });
  }
}
