// Routes of spec §2 (People), including people by company (§3) — the .NET client's
// `companies/{id}/people.xml` is the gem's `people.xml?company_id=`.
import type { FastifyInstance } from 'fastify';
import { mapAsync } from '../../http/iterate.js';
import { sendCollection } from '../../http/reply.js';
import { callerOf, paramsOf } from '../../http/request.js';
import type { Services } from '../../services.js';
import { registerCrudRoutes } from '../records/crud.routes.js';
import { requireRecord } from '../records/records.service.js';
import { personNode } from './people.presenter.js';

export function registerPeopleRoutes(app: FastifyInstance, services: Services): void {
  const { people, presentOptions: opts } = services;
  registerCrudRoutes(app, { path: 'people', service: people, present: (v) => personNode(v, opts), idOf: (v) => v.row.id });

  app.get<{ Params: { id: string } }>('/service/companies/:id/people', async (req, reply) => {
    const caller = callerOf(req);
    const company = await requireRecord(services.db, caller.accountId, req.params.id, ['company'], 'Company');
    const views = people.list(caller, paramsOf(req), { companyId: company.id });
    return sendCollection(req, reply, 'people', mapAsync(views, (v) => personNode(v, opts)));
  });
}
