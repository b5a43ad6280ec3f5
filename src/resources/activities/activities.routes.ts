// Routes of Recent activity (spec §16): GET activities/recent.xml?page=N.
import type { FastifyInstance } from 'fastify';
import { sendCollection } from '../../http/reply.js';
import { callerOf, paramsOf } from '../../http/request.js';
import type { Services } from '../../services.js';
import { activityNode } from './activities.presenter.js';

export function registerActivityRoutes(app: FastifyInstance, services: Services): void {
  app.get('/service/activities/recent', async (req, reply) => {
    const rows = await services.activities.recent(callerOf(req), paramsOf(req));
    return sendCollection(req, reply, 'activities', rows.map(activityNode));
  });
}
