// Routes of Deals (spec §11).
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.js';

export function registerDealRoutes(_app: FastifyInstance, _services: Services): void {}
