// Routes of spec §8 (Comments): flat `/service/comments` and nested under each commentable
// collection. Creation answers 201 with the *flat* Location — the .NET client's regex needs it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { callerOf, paramsOf } from '../../http/request.js';
import { sendCollection, sendCreated, sendOk, sendRecord } from '../../http/reply.js';
import type { Services } from '../../services.js';
import { COMMENTABLE_COLLECTIONS } from '../records/collections.js';
import { commentNode } from './comments.presenter.js';
import type { CommentView } from './comments.repository.js';

type IdParams = { Params: { id: string } };
type NestedParams = { Params: { id: string; cid: string } };

function created(req: FastifyRequest, reply: FastifyReply, c: CommentView): FastifyReply {
  return sendCreated(req, reply, commentNode(c), `comments/${c.id}`);
}

export function registerCommentRoutes(app: FastifyInstance, services: Services): void {
  const { comments } = services;

  app.get('/service/comments', async (req, reply) => {
    const rows = await comments.listFlat(callerOf(req), paramsOf(req));
    return sendCollection(req, reply, 'mega_comments', rows.map(commentNode));
  });
  app.post('/service/comments', async (req, reply) => created(req, reply, await comments.createFlat(callerOf(req), paramsOf(req))));
  app.get<IdParams>('/service/comments/:id', async (req, reply) =>
    sendRecord(req, reply, commentNode(await comments.showFlat(callerOf(req), req.params.id, paramsOf(req)))),
  );
  app.put<IdParams>('/service/comments/:id', async (req, reply) =>
    sendRecord(req, reply, commentNode(await comments.update(callerOf(req), req.params.id, paramsOf(req)))),
  );
  app.delete<IdParams>('/service/comments/:id', async (req, reply) => {
    await comments.remove(callerOf(req), req.params.id);
    return sendOk(req, reply);
  });

  for (const collection of COMMENTABLE_COLLECTIONS) {
    const base = `/service/${collection.path}/:id/comments`;
    app.get<IdParams>(base, async (req, reply) => {
      const rows = await comments.listNested(callerOf(req), collection, req.params.id, paramsOf(req));
      return sendCollection(req, reply, 'mega_comments', rows.map(commentNode));
    });
    app.post<IdParams>(base, async (req, reply) =>
      created(req, reply, await comments.createNested(callerOf(req), collection, req.params.id, paramsOf(req))),
    );
    app.get<NestedParams>(`${base}/:cid`, async (req, reply) =>
      sendRecord(req, reply, commentNode(await comments.showNested(callerOf(req), collection, req.params.id, req.params.cid))),
    );
    app.put<NestedParams>(`${base}/:cid`, async (req, reply) => {
      const caller = callerOf(req);
      const parent = await comments.parent(caller, collection, req.params.id);
      return sendRecord(req, reply, commentNode(await comments.update(caller, req.params.cid, paramsOf(req), parent)));
    });
    app.delete<NestedParams>(`${base}/:cid`, async (req, reply) => {
      const caller = callerOf(req);
      await comments.remove(caller, req.params.cid, await comments.parent(caller, collection, req.params.id));
      return sendOk(req, reply);
    });
  }
}
