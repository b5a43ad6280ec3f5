// Routes of spec §3 (Companies). Employees (`companies/{id}/people`) live with the people routes.
import type { FastifyInstance } from 'fastify';
import { callerOf, paramsOf } from '../../http/request.js';
import { sendCollection, sendCreated, sendOk, sendRecord } from '../../http/reply.js';
import { mapAsync } from '../../http/iterate.js';
import type { Services } from '../../services.js';
import { companyNode } from './companies.presenter.js';

type IdParams = { Params: { id: string } };

export function registerCompanyRoutes(app: FastifyInstance, services: Services): void {
  const { companies, presentOptions: opts } = services;

  app.get('/service/companies', async (req, reply) =>
    sendCollection(req, reply, 'companies', mapAsync(companies.list(callerOf(req), paramsOf(req)), (v) => companyNode(v, opts))),
  );
  app.post('/service/companies', async (req, reply) => {
    const view = await companies.create(callerOf(req), paramsOf(req));
    return sendCreated(req, reply, companyNode(view, opts), `companies/${view.row.id}`);
  });
  app.get<IdParams>('/service/companies/:id', async (req, reply) =>
    sendRecord(req, reply, companyNode(await companies.show(callerOf(req), req.params.id), opts)),
  );
  app.put<IdParams>('/service/companies/:id', async (req, reply) =>
    sendRecord(req, reply, companyNode(await companies.update(callerOf(req), req.params.id, paramsOf(req)), opts)),
  );
  app.delete<IdParams>('/service/companies/:id', async (req, reply) => {
    await companies.remove(callerOf(req), req.params.id);
    return sendOk(req, reply);
  });
}
