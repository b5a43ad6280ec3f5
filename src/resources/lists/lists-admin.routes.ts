// The JSON admin API for lists (not part of BatchBook Classic): `/api/lists`, authenticated like
// /service (src/app.ts) and answered in JSON (src/http/format.ts). Basic users get 403.
//   GET    /api/lists                    → [{"list": {...}}, ...] (without contacts)
//   GET    /api/lists/{id}               → {"list": {...}}
//   POST   /api/lists {name, description} → 201 + Location, {"list": {...}}
//   PUT    /api/lists/{id} {name?, description?} → 200 {"list": {...}}
//   DELETE /api/lists/{id}               → 200 {"list": {...}} (as it was)
//   POST   /api/lists/{id}/members {contact_ids: [..]}   → 200 {"list": {...}}
//   DELETE /api/lists/{id}/members {contact_ids: [..]}   → 200 {"list": {...}}
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { text } from '../../codec/input.js';
import { isParams, type Params } from '../../codec/params.js';
import { mapAsync } from '../../http/iterate.js';
import { sendCollection, sendRecord } from '../../http/reply.js';
import { callerOf, paramsOf } from '../../http/request.js';
import type { Services } from '../../services.js';
import type { Caller } from '../accounts/accounts.service.js';
import { listAdminNode } from './lists.presenter.js';
import { assertCanManageLists, type ListChanges } from './lists.service.js';

type IdParams = { Params: { id: string } };

/** Fields at the top level (`{name}`) or wrapped as ActiveResource does (`{list: {name}}`). */
function fields(params: Params): Params {
  return isParams(params.list) ? params.list : params;
}

function changesOf(params: Params): ListChanges {
  const input = fields(params);
  return { name: text(input, 'name'), description: text(input, 'description') };
}

/** `contact_ids` as a JSON array, repeated form keys (`contact_ids[]=1`), or "1, 2". */
function contactIds(params: Params): string[] {
  const raw = fields(params).contact_ids;
  const values = Array.isArray(raw) ? raw : [raw];
  return values.flatMap((v) => (typeof v === 'string' ? v.split(/[\s,]+/) : [])).filter((v) => v !== '');
}

function manager(req: FastifyRequest): Caller {
  const caller = callerOf(req);
  assertCanManageLists(caller);
  return caller;
}

export function registerListAdminRoutes(app: FastifyInstance, services: Services): void {
  const { lists } = services;
  app.get('/api/lists', async (req, reply) => {
    return sendCollection(req, reply, 'lists', mapAsync(lists.index(callerOf(req).accountId, paramsOf(req)), listAdminNode));
  });
  app.get<IdParams>('/api/lists/:id', async (req, reply) => sendRecord(req, reply, listAdminNode(await lists.show(callerOf(req).accountId, req.params.id))));
  app.post('/api/lists', async (req, reply) => {
    const changes = changesOf(paramsOf(req));
    const view = await lists.create(manager(req).accountId, changes.name, changes.description);
    reply.header('location', `${req.protocol}://${req.host}/api/lists/${view.row.id}`);
    return sendRecord(req, reply, listAdminNode(view), 201);
  });
  app.put<IdParams>('/api/lists/:id', async (req, reply) =>
    sendRecord(req, reply, listAdminNode(await lists.update(manager(req).accountId, req.params.id, changesOf(paramsOf(req))))),
  );
  app.delete<IdParams>('/api/lists/:id', async (req, reply) => sendRecord(req, reply, listAdminNode(await lists.delete(manager(req).accountId, req.params.id))));
  app.post<IdParams>('/api/lists/:id/members', async (req, reply) =>
    sendRecord(req, reply, listAdminNode(await lists.addMembers(manager(req).accountId, req.params.id, contactIds(paramsOf(req))))),
  );
  app.delete<IdParams>('/api/lists/:id/members', async (req, reply) =>
    sendRecord(req, reply, listAdminNode(await lists.removeMembers(manager(req).accountId, req.params.id, contactIds(paramsOf(req))))),
  );
}
