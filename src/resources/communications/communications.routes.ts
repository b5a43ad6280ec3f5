// Routes of Communications (spec §10): CRUD, a contact's communications (.NET client's
// `people/{id}/communications.xml`), and the participants custom methods. Written by hand rather
// than with registerCrudRoutes because the list resolves its contact filter (404) before streaming.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { mapAsync } from '../../http/iterate.js';
import { sendCollection, sendCreated, sendOk, sendRecord } from '../../http/reply.js';
import { callerOf, paramsOf } from '../../http/request.js';
import type { Services } from '../../services.js';
import { CONTACT_COLLECTIONS } from '../records/collections.js';
import { requireRecord } from '../records/records.service.js';
import { communicationNode, participantNode } from './communications.presenter.js';

type IdParams = { Params: { id: string } };

export function registerCommunicationRoutes(app: FastifyInstance, services: Services): void {
  const { communications, presentOptions: opts } = services;
  const base = '/service/communications';

  const listed = async (req: FastifyRequest, reply: FastifyReply, contactId?: number) => {
    const views = await communications.list(callerOf(req), paramsOf(req), contactId);
    return sendCollection(req, reply, 'communications', mapAsync(views, (v) => communicationNode(v, opts)));
  };

  app.get(base, (req, reply) => listed(req, reply));
  app.post(base, async (req, reply) => {
    const view = await communications.create(callerOf(req), paramsOf(req));
    return sendCreated(req, reply, communicationNode(view, opts), `communications/${view.row.id}`);
  });
  app.get<IdParams>(`${base}/:id`, async (req, reply) =>
    sendRecord(req, reply, communicationNode(await communications.show(callerOf(req), req.params.id), opts)),
  );
  app.put<IdParams>(`${base}/:id`, async (req, reply) =>
    sendRecord(req, reply, communicationNode(await communications.update(callerOf(req), req.params.id, paramsOf(req)), opts)),
  );
  app.delete<IdParams>(`${base}/:id`, async (req, reply) => {
    await communications.remove(callerOf(req), req.params.id);
    return sendOk(req, reply);
  });

  for (const collection of CONTACT_COLLECTIONS) {
    app.get<IdParams>(`/service/${collection.path}/:id/communications`, async (req, reply) => {
      const contact = await requireRecord(services.db, callerOf(req).accountId, req.params.id, [collection.type], collection.label);
      return listed(req, reply, contact.id);
    });
  }

  const { participants } = communications;
  app.get<IdParams>(`${base}/:id/participants`, async (req, reply) => {
    const list = await participants.list(callerOf(req), req.params.id, paramsOf(req));
    return sendCollection(req, reply, 'participants', list.map(participantNode));
  });
  app.put<IdParams>(`${base}/:id/add_participant`, async (req, reply) => {
    await participants.add(callerOf(req), req.params.id, paramsOf(req));
    return sendOk(req, reply);
  });
  app.delete<IdParams>(`${base}/:id/remove_participant`, async (req, reply) => {
    await participants.remove(callerOf(req), req.params.id, paramsOf(req));
    return sendOk(req, reply);
  });
}
