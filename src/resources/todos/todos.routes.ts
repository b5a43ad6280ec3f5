// Routes of To-dos (spec §9), including to-dos by contact (`people/{id}/todos`,
// `companies/{id}/todos`). `/service/tasks` is an alias called by two old scripts (spec §9, §18):
// its documents stay `<todo>`/`<todos>` and its creates point Location at `/service/todos/{id}`,
// the one canonical URL. Related contacts, tags and comments on to-dos live with their resources.
import type { FastifyInstance } from 'fastify';
import { mapAsync } from '../../http/iterate.js';
import { sendCollection, sendCreated, sendOk, sendRecord } from '../../http/reply.js';
import { callerOf, paramsOf } from '../../http/request.js';
import type { Services } from '../../services.js';
import { todoNode, type TodoView } from './todos.presenter.js';

type IdParams = { Params: { id: string } };

export function registerTodoRoutes(app: FastifyInstance, services: Services): void {
  const { todos } = services;
  const present = (v: TodoView) => todoNode(v, services.presentOptions);

  for (const base of ['/service/todos', '/service/tasks']) {
    app.get(base, async (req, reply) => {
      const views = await todos.list(callerOf(req), paramsOf(req));
      return sendCollection(req, reply, 'todos', mapAsync(views, present));
    });
    app.post(base, async (req, reply) => {
      const view = await todos.create(callerOf(req), paramsOf(req));
      return sendCreated(req, reply, present(view), `todos/${view.row.id}`);
    });
    app.get<IdParams>(`${base}/:id`, async (req, reply) => sendRecord(req, reply, present(await todos.show(callerOf(req), req.params.id))));
    app.put<IdParams>(`${base}/:id`, async (req, reply) =>
      sendRecord(req, reply, present(await todos.update(callerOf(req), req.params.id, paramsOf(req)))),
    );
    app.delete<IdParams>(`${base}/:id`, async (req, reply) => {
      await todos.remove(callerOf(req), req.params.id);
      return sendOk(req, reply);
    });
  }

  for (const [path, type] of [['people', 'person'], ['companies', 'company']] as const) {
    app.get<IdParams>(`/service/${path}/:id/todos`, async (req, reply) => {
      const views = await todos.listForContact(callerOf(req), type, req.params.id, paramsOf(req));
      return sendCollection(req, reply, 'todos', mapAsync(views, present));
    });
  }
}
