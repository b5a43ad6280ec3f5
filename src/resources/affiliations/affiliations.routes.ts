// Routes of Affiliations (spec §13): the gem's flat `affiliations.xml?person_id=|company_id=` and
// the nested `{people|companies}/{id}/affiliations.xml`.
import type { FastifyInstance } from 'fastify';
import { sendCollection } from '../../http/reply.js';
import { callerOf, paramsOf } from '../../http/request.js';
import type { Services } from '../../services.js';
import { affiliationNode } from './affiliations.presenter.js';
import { AFFILIATED_COLLECTIONS } from './affiliations.service.js';

export function registerAffiliationRoutes(app: FastifyInstance, services: Services): void {
  app.get('/service/affiliations', async (req, reply) => {
    const rows = await services.affiliations.list(callerOf(req), paramsOf(req));
    return sendCollection(req, reply, 'affiliations', rows.map(affiliationNode));
  });
  for (const collection of AFFILIATED_COLLECTIONS) {
    app.get<{ Params: { id: string } }>(`/service/${collection.path}/:id/affiliations`, async (req, reply) => {
      const rows = await services.affiliations.ofContact(callerOf(req), collection, req.params.id);
      return sendCollection(req, reply, 'affiliations', rows.map(affiliationNode));
    });
  }
}
