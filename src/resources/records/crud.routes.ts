// The five routes every record type has (spec §2, §3, §9, §10, §11): list/search, create (201 +
// Location), show, update (200), delete (200). Written once; each resource supplies its service
// and presenter.
import type { FastifyInstance } from 'fastify';
import type { XNode } from '../../codec/node.js';
import type { Params, ParamValue } from '../../codec/params.js';
import { mapAsync } from '../../http/iterate.js';
import { sendCollection, sendCreated, sendOk, sendRecord } from '../../http/reply.js';
import { callerOf, paramsOf } from '../../http/request.js';
import type { Caller } from '../accounts/accounts.service.js';

export interface CrudService<V> {
  list(caller: Caller, params: Params): AsyncIterable<V>;
  show(caller: Caller, id: ParamValue | undefined): Promise<V>;
  create(caller: Caller, params: Params): Promise<V>;
  update(caller: Caller, id: ParamValue | undefined, params: Params): Promise<V>;
  remove(caller: Caller, id: ParamValue | undefined): Promise<void>;
}

export interface CrudResource<V> {
  /** URL collection and XML collection root, e.g. `people` */
  path: string;
  service: CrudService<V>;
  present: (view: V) => XNode;
  idOf: (view: V) => number;
}

type IdParams = { Params: { id: string } };

export function registerCrudRoutes<V>(app: FastifyInstance, r: CrudResource<V>): void {
  const base = `/service/${r.path}`;
  app.get(base, async (req, reply) => sendCollection(req, reply, r.path, mapAsync(r.service.list(callerOf(req), paramsOf(req)), r.present)));
  app.post(base, async (req, reply) => {
    const view = await r.service.create(callerOf(req), paramsOf(req));
    return sendCreated(req, reply, r.present(view), `${r.path}/${r.idOf(view)}`);
  });
  app.get<IdParams>(`${base}/:id`, async (req, reply) => sendRecord(req, reply, r.present(await r.service.show(callerOf(req), req.params.id))));
  app.put<IdParams>(`${base}/:id`, async (req, reply) =>
    sendRecord(req, reply, r.present(await r.service.update(callerOf(req), req.params.id, paramsOf(req)))),
  );
  app.delete<IdParams>(`${base}/:id`, async (req, reply) => {
    await r.service.remove(callerOf(req), req.params.id);
    return sendOk(req, reply);
  });
}
