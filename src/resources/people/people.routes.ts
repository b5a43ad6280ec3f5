// Routes of spec §2 (People), including people by company (§3) — the .NET client's
// `companies/{id}/people.xml` is the gem's `people.xml?company_id=`.
import type { FastifyInstance } from 'fastify';
import { callerOf, paramsOf } from '../../http/request.js';
import { sendCollection, sendCreated, sendOk, sendRecord } from '../../http/reply.js';
import { mapAsync } from '../../http/iterate.js';
import type { Services } from '../../services.js';
import { requireRecord } from '../records/records.service.js';
import { personNode } from './people.presenter.js';

type IdParams = { Params: { id: string } };

export function registerPeopleRoutes(app: FastifyInstance, services: Services): void {
  const { people, presentOptions: opts } = services;

  app.get('/service/people', async (req, reply) =>
    sendCollection(req, reply, 'people', mapAsync(people.list(callerOf(req), paramsOf(req)), (v) => personNode(v, opts))),
  );
  app.post('/service/people', async (req, reply) => {
    const view = await people.create(callerOf(req), paramsOf(req));
    return sendCreated(req, reply, personNode(view, opts), `people/${view.row.id}`);
  });
  app.get<IdParams>('/service/people/:id', async (req, reply) =>
    sendRecord(req, reply, personNode(await people.show(callerOf(req), req.params.id), opts)),
  );
  app.put<IdParams>('/service/people/:id', async (req, reply) =>
    sendRecord(req, reply, personNode(await people.update(callerOf(req), req.params.id, paramsOf(req)), opts)),
  );
  app.delete<IdParams>('/service/people/:id', async (req, reply) => {
    await people.remove(callerOf(req), req.params.id);
    return sendOk(req, reply);
  });

  app.get<IdParams>('/service/companies/:id/people', async (req, reply) => {
    const caller = callerOf(req);
    const company = await requireRecord(services.db, caller.accountId, req.params.id, ['company'], 'Company');
    const views = people.list(caller, paramsOf(req), { companyId: company.id });
    return sendCollection(req, reply, 'people', mapAsync(views, (v) => personNode(v, opts)));
  });
}
