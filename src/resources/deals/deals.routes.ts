// Routes of spec §11 (Deals): the five record routes, statuses, and the people on a deal — the
// .NET client's `deals/{id}/people.xml` is the gem's `people.xml?deal_id=`. Related contacts,
// tags, SuperTags and comments on deals are registered with their own resources.
import type { FastifyInstance } from 'fastify';
import { mapAsync } from '../../http/iterate.js';
import { sendCollection } from '../../http/reply.js';
import { callerOf, paramsOf } from '../../http/request.js';
import type { Services } from '../../services.js';
import { personNode } from '../people/people.presenter.js';
import { registerCrudRoutes } from '../records/crud.routes.js';
import { dealNode, statusNodes } from './deals.presenter.js';

type IdParams = { Params: { id: string } };

export function registerDealRoutes(app: FastifyInstance, services: Services): void {
  const { deals, people, presentOptions: opts } = services;
  // Static `statuses` wins over `:id` in the router, so it is never read as a deal id.
  app.get('/service/deals/statuses', async (req, reply) => sendCollection(req, reply, 'statuses', statusNodes()));
  registerCrudRoutes(app, { path: 'deals', service: deals, present: (v) => dealNode(v, opts), idOf: (v) => v.row.id });

  // The gem asks a deal for its statuses (spec §18); the list is the same for every deal.
  app.get<IdParams>('/service/deals/:id/statuses', async (req, reply) => {
    await deals.requireDeal(callerOf(req), req.params.id);
    return sendCollection(req, reply, 'statuses', statusNodes());
  });

  app.get<IdParams>('/service/deals/:id/people', async (req, reply) => {
    const caller = callerOf(req);
    const deal = await deals.requireDeal(caller, req.params.id);
    const views = people.list(caller, paramsOf(req), { dealId: deal.id });
    return sendCollection(req, reply, 'people', mapAsync(views, (v) => personNode(v, opts)));
  });
}
