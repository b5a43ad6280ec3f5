// Routes of Affiliations (spec §13).
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.js';

export function registerAffiliationRoutes(_app: FastifyInstance, _services: Services): void {}
