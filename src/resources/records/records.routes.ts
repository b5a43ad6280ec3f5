// Routes of Records (spec §12): GET records/{id} for any record type, GET records?qtext= or
// ?deleted_since=.
import type { FastifyInstance } from 'fastify';
import { mapAsync } from '../../http/iterate.js';
import { sendCollection, sendRecord } from '../../http/reply.js';
import { callerOf, paramsOf } from '../../http/request.js';
import type { Services } from '../../services.js';
import { recordNode } from './records.presenter.js';

export function registerRecordRoutes(app: FastifyInstance, services: Services): void {
  app.get('/service/records', async (req, reply) =>
    sendCollection(req, reply, 'records', mapAsync(services.records.search(callerOf(req), paramsOf(req)), recordNode)),
  );
  app.get<{ Params: { id: string } }>('/service/records/:id', async (req, reply) =>
    sendRecord(req, reply, recordNode(await services.records.show(callerOf(req), req.params.id))),
  );
}
