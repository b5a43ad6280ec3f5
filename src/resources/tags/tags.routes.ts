// Routes of spec §6 (Tags), including the path variant and the gem 1.0.2 legacy routes.
import type { FastifyInstance } from 'fastify';
import { callerOf, paramsOf } from '../../http/request.js';
import { sendCollection, sendOk, sendRecord } from '../../http/reply.js';
import type { Services } from '../../services.js';
import { TAGGABLE_COLLECTIONS } from '../records/collections.js';
import { tagNode } from './tags.presenter.js';

type NameParams = { Params: { name: string } };
type RecordParams = { Params: { id: string; name?: string } };

export function registerTagRoutes(app: FastifyInstance, services: Services): void {
  const { tags, presentOptions } = services;

  app.get('/service/tags', async (req, reply) => {
    const rows = await tags.list(callerOf(req), paramsOf(req));
    return sendCollection(req, reply, 'tags', rows.map((r) => tagNode(r, presentOptions)));
  });

  app.get<NameParams>('/service/tags/:name', async (req, reply) =>
    sendRecord(req, reply, tagNode(await tags.show(callerOf(req), req.params.name), presentOptions)),
  );

  for (const op of ['add', 'remove'] as const) {
    const url = op === 'add' ? 'add_to' : 'remove_from';
    app.put<NameParams>(`/service/tags/:name/${url}`, async (req, reply) => {
      await tags.legacy(callerOf(req), req.params.name, paramsOf(req), op);
      return sendOk(req, reply);
    });
  }

  for (const collection of TAGGABLE_COLLECTIONS) {
    const base = `/service/${collection.path}/:id`;
    const add = async (req: import('fastify').FastifyRequest<RecordParams>, reply: import('fastify').FastifyReply) => {
      await tags.addTo(callerOf(req), collection, req.params.id, paramsOf(req), req.params.name);
      return sendOk(req, reply);
    };
    const remove = async (req: import('fastify').FastifyRequest<RecordParams>, reply: import('fastify').FastifyReply) => {
      await tags.removeFrom(callerOf(req), collection, req.params.id, paramsOf(req), req.params.name);
      return sendOk(req, reply);
    };
    app.put<RecordParams>(`${base}/add_tag`, add);
    app.put<RecordParams>(`${base}/add_tag/:name`, add);
    app.delete<RecordParams>(`${base}/remove_tag`, remove);
    app.delete<RecordParams>(`${base}/remove_tag/:name`, remove);
  }
}
