// Routes of Records: show any record, qtext, deleted_since (spec §12).
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.js';

export function registerRecordRoutes(_app: FastifyInstance, _services: Services): void {}
