// Routes of spec §5 (Locations) under people and companies, plus the gem 1.0.2 legacy index.
import type { FastifyInstance } from 'fastify';
import { callerOf, paramsOf } from '../../http/request.js';
import { sendCollection, sendCreated, sendOk, sendRecord } from '../../http/reply.js';
import type { Services } from '../../services.js';
import { CONTACT_COLLECTIONS } from '../records/collections.js';
import { locationNode } from './locations.presenter.js';

type RecordParams = { Params: { id: string } };
type LabelParams = { Params: { id: string; label: string } };

export function registerLocationRoutes(app: FastifyInstance, services: Services): void {
  const { locations } = services;

  app.get('/service/locations', async (req, reply) => {
    const rows = await locations.listLegacy(callerOf(req), paramsOf(req));
    return sendCollection(req, reply, 'locations', rows.map(locationNode));
  });

  for (const collection of CONTACT_COLLECTIONS) {
    const base = `/service/${collection.path}/:id/locations`;
    app.get<RecordParams>(base, async (req, reply) => {
      const rows = await locations.list(callerOf(req), collection, req.params.id, paramsOf(req));
      return sendCollection(req, reply, 'locations', rows.map(locationNode));
    });
    // 201 also when the label existed and was updated: the PHP library demands it (spec §5).
    app.post<RecordParams>(base, async (req, reply) => {
      const row = await locations.upsert(callerOf(req), collection, req.params.id, paramsOf(req));
      const path = `${collection.path}/${row.record_id}/locations/${encodeURIComponent(row.label)}`;
      return sendCreated(req, reply, locationNode(row), path);
    });
    app.get<LabelParams>(`${base}/:label`, async (req, reply) =>
      sendRecord(req, reply, locationNode(await locations.show(callerOf(req), collection, req.params.id, req.params.label))),
    );
    app.put<LabelParams>(`${base}/:label`, async (req, reply) => {
      const row = await locations.update(callerOf(req), collection, req.params.id, req.params.label, paramsOf(req));
      return sendRecord(req, reply, locationNode(row));
    });
    app.delete<LabelParams>(`${base}/:label`, async (req, reply) => {
      await locations.remove(callerOf(req), collection, req.params.id, req.params.label);
      return sendOk(req, reply);
    });
  }
}
