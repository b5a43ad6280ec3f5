// Routes of spec §7 (SuperTags): read-only definitions, values per record, and the gem 1.0.2
// legacy `GET /service/super_tags.xml?contact_id=&name=`.
import type { FastifyInstance } from 'fastify';
import { text } from '../../codec/input.js';
import { callerOf, paramsOf } from '../../http/request.js';
import { sendCollection, sendOk, sendRecord } from '../../http/reply.js';
import type { Services } from '../../services.js';
import { SUPER_TAGGABLE_COLLECTIONS } from '../records/collections.js';
import { definitionNode, valuesNode } from './super-tags.presenter.js';

type RecordParams = { Params: { id: string } };
type NamedParams = { Params: { id: string; name: string } };

export function registerSuperTagRoutes(app: FastifyInstance, services: Services): void {
  const { superTags } = services;

  app.get('/service/super_tags', async (req, reply) => {
    const caller = callerOf(req);
    const params = paramsOf(req);
    if (text(params, 'contact_id')) {
      const applied = await superTags.listOnContact(caller, params.contact_id, params);
      return sendCollection(req, reply, 'super_tags', applied.map(valuesNode));
    }
    const defs = await superTags.definitions(caller.accountId);
    return sendCollection(req, reply, 'super_tags', defs.map(definitionNode));
  });

  app.get<{ Params: { name: string } }>('/service/super_tags/:name', async (req, reply) =>
    sendRecord(req, reply, definitionNode(await superTags.definition(callerOf(req).accountId, req.params.name))),
  );

  for (const collection of SUPER_TAGGABLE_COLLECTIONS) {
    const base = `/service/${collection.path}/:id/super_tags`;
    app.get<RecordParams>(base, async (req, reply) => {
      const applied = await superTags.listOn(callerOf(req), collection, req.params.id, paramsOf(req));
      return sendCollection(req, reply, 'super_tags', applied.map(valuesNode));
    });
    app.get<NamedParams>(`${base}/:name`, async (req, reply) =>
      sendRecord(req, reply, valuesNode(await superTags.showOn(callerOf(req), collection, req.params.id, req.params.name))),
    );
    app.put<NamedParams>(`${base}/:name`, async (req, reply) => {
      const applied = await superTags.putOn(callerOf(req), collection, req.params.id, req.params.name, paramsOf(req));
      return sendRecord(req, reply, valuesNode(applied));
    });
    app.delete<NamedParams>(`${base}/:name`, async (req, reply) => {
      await superTags.removeFrom(callerOf(req), collection, req.params.id, req.params.name);
      return sendOk(req, reply);
    });
  }
}
